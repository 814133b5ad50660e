import * as assert from 'node:assert/strict';
import { bookEngine, analyze } from '../util';

async function found(text: string, languageId = 'plaintext') {
  const engine = await bookEngine();
  return analyze(engine, text, languageId).entities.map((e) => `${e.entityId}:${text.slice(e.start, e.end)}`);
}

describe('entity recognition in notes', () => {
  it('recognizes acronyms and full names, with exact offsets', async () => {
    const text = 'The CSTO and the Shanghai Cooperation Organization met.';
    const engine = await bookEngine();
    const a = analyze(engine, text);
    assert.deepEqual(a.entities.map((e) => [e.entityId, e.start, e.end]), [
      ['csto', 4, 8],
      ['sco', 17, 50],
    ]);
  });

  it('prefers the longest name: "NATO-Russia Council" is one body', async () => {
    assert.deepEqual(await found('The NATO-Russia Council and NATO.'), ['nrc:NATO-Russia Council', 'nato:NATO']);
  });

  it('keeps possessives and compounds out of the name', async () => {
    assert.deepEqual(await found("NATO's summit; a CSTO-led force."), ['nato:NATO', 'csto:CSTO']);
  });

  it('finds names wrapped across lines, and a line-end hyphen', async () => {
    assert.deepEqual(await found('the Shanghai Cooperation\n  Organization and the NATO-\nRussia Council'), [
      'sco:Shanghai Cooperation\n  Organization',
      'nrc:NATO-\nRussia Council',
    ]);
  });

  it('does not cross a blank line', async () => {
    assert.deepEqual(await found('Shanghai Cooperation\n\nOrganization'), []);
  });

  it('matches acronyms by case', async () => {
    assert.deepEqual(await found('SHAPE planners shape plans'), ['shape:SHAPE']);
  });

  it('accepts British and American spellings and co-operation', async () => {
    const r = await found('Collective Security Treaty Organisation; North Atlantic Cooperation Council');
    assert.deepEqual(r, ['csto:Collective Security Treaty Organisation', 'nacc:North Atlantic Cooperation Council']);
  });

  it('does not take "Charter" or "the alliance" alone for a treaty or NATO', async () => {
    assert.deepEqual(await found('The Charter was long. An alliance of convenience.'), []);
  });

  it('links "the Alliance" to NATO only after NATO is named', async () => {
    assert.deepEqual(await found('The Alliance met.'), []);
    // "the Holy Alliance" is a name of its own (by its shape), never NATO.
    assert.deepEqual(await found('NATO grew.\n\nLater the Alliance met, unlike the Holy Alliance.'), ['nato:NATO', 'nato:Alliance', 'note:organization:Holy Alliance:Holy Alliance']);
  });

  it('skips Markdown code and link targets but reads emphasis', async () => {
    const r = await found('**NATO** and `CSTO` and [the treaty](https://x.org/SCO)', 'markdown');
    assert.deepEqual(r, ['nato:NATO']);
  });

  it('keeps offsets exact after emoji and CRLF', async () => {
    const text = '😀 notes\r\n🇪🇺 the CSTO';
    const engine = await bookEngine();
    const e = analyze(engine, text).entities[0];
    assert.equal(text.slice(e.start, e.end), 'CSTO');
  });

  it('recognizes treaty titles as treaties', async () => {
    const engine = await bookEngine();
    const a = analyze(engine, 'The Collective Security Treaty and the Founding Act.');
    assert.deepEqual(a.entities.map((e) => e.kind), ['treaty', 'treaty']);
  });
});
