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

describe('cards: one line per fact, the useful part first', () => {
  it('merges the dates that agree at their precisions into one fact citing every source', async () => {
    const md = hoverAt(await bookEngine(), 'The Collective Security $0Treaty was signed in Tashkent.')!;
    const signed = md.split('\n').filter((l) => l.startsWith('- Signed'));
    assert.equal(signed.length, 1, md);
    assert.match(signed[0], /\*\*15 May 1992\*\* — .*Kazantsev.*; .*(Berniyazova|Petrovsky)/);
    assert.doesNotMatch(md, /disagree/);
  });

  it('says the sources disagree only where they do, and keeps both versions', async () => {
    const md = hoverAt(await bookEngine(), 'The CS$0TO grew.')!;
    assert.match(md, /disagree on joined \(Uzbekistan\): June 2006 vs 16 August 2006/);
  });

  it('a compact card shows at most five facts and links to the full card', async () => {
    const engine = await bookEngine();
    const { LanguageService } = await import('../../server/src/core/service.js');
    const service = new LanguageService(engine);
    const links = { openSource: () => 'open:', showMentions: () => 'mentions:', showCard: (id: string) => `card:${id}`, showTimeline: (id: string) => `timeline:${id}` };
    const facts = (md: string) => md.split('\n').filter((l) => /^- [A-Z][a-z ]+( \(|:)/.test(l)).length;
    // The body with the most facts in the book.
    const richest = service.names().map((n) => ({ id: n.id, n: facts(service.card(n.id, { full: true })!.markdown) })).sort((x, y) => y.n - x.n)[0];
    assert.ok(richest.n > 5, 'some body has more than five facts');
    const compact = service.card(richest.id, { links })!;
    assert.equal(facts(compact.markdown), 5, compact.markdown);
    assert.match(compact.markdown, new RegExp(`- \\+${richest.n - 5} more`));
    assert.match(compact.markdown, new RegExp(`\\[Full card\\]\\(card:${richest.id}\\)`));
    const full = service.card(richest.id, { links, full: true })!;
    assert.doesNotMatch(full.markdown, /Full card/);
  });

  it('a date card lists only the events the sources tie to that date, not the year’s', async () => {
    const md = hoverAt(await bookEngine(), 'On 7 Octo$0ber 2003 it happened.')!;
    for (const line of md.split('\n').filter((l) => l.startsWith('- '))) assert.match(line, /^- 7 October 2003 — /, md);
  });

  it('an impossible date gets no card: its diagnostic says why, once', async () => {
    assert.equal(hoverAt(await bookEngine(), 'On 30 February 20$002 nothing happened.'), undefined);
  });

  it('plain text for clients without Markdown', async () => {
    const { markdownToPlain } = await import('../../server/src/core/text/markdown.js');
    const md = hoverAt(await bookEngine(), 'The C$0STO met.')!;
    const plain = markdownToPlain(md);
    assert.doesNotMatch(plain, /\*\*|\]\(|\\[()[\]]/);
    assert.match(plain, /^Collective Security Treaty Organization \(CSTO\)/);
  });
});

describe('dates without a year', () => {
  it('the card says where the year was taken from', async () => {
    const md = hoverAt(await bookEngine(), 'Notes for 2001.\n\nIn June 2001 the SCO was founded; on 11 Sept$0ember the attacks changed everything.')!;
    assert.match(md, /11 September 2001/);
    assert.match(md, /Year 2001 taken from this paragraph, line 3/);
  });

  it('with no year in the context, the card says so', async () => {
    const md = hoverAt(await bookEngine(), 'On 11 Sept$0ember the attacks changed everything.')!;
    assert.match(md, /No year/);
  });
});
