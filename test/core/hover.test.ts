// Hover cards as golden snapshots (test/fixtures/snapshots/hover-*.md): a card's whole text is
// reviewed when it changes (UPDATE_SNAPSHOTS=1 rewrites them).

import * as assert from 'node:assert/strict';
import { bookEngine } from '../util';
import { hoverAt, matchSnapshot } from '../check';

const CARDS: [string, string][] = [
  ['hover-csto', 'The C$0STO met in Moscow.'],
  ['hover-cst', 'The Collective Security $0Treaty was signed in Tashkent.'],
  ['hover-sco', 'The S$0CO grew out of the Shanghai Five.'],
  ['hover-date', 'On 15 May 19$092 the treaty was signed.'],
  ['hover-invalid-date', 'On 30 February 20$002 nothing happened.'],
];

describe('hover cards (snapshots)', () => {
  for (const [name, fixture] of CARDS) {
    it(`${name}: ${fixture.replace('$0', '|')}`, async () => {
      const md = hoverAt(await bookEngine(), fixture);
      assert.ok(md, 'a card');
      matchSnapshot(name, md);
    });
  }

  it('no card where nothing is recognized', async () => {
    assert.equal(hoverAt(await bookEngine(), 'Nothing to s$0ee here.'), undefined);
  });
});
