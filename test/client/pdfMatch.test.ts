// findPassage: finding a source passage among a PDF page's text items, as the viewer does to mark
// it. Items from hand-made layouts, from PDF.js on the viewer's fixture PDF, and random splits.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { findPassage, foldPassage, type ItemRange, type TextItemLike } from '../../client/src/pdfMatch';

const FIXTURE = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'sources', 'viewer-sample.pdf');

/** The text the ranges cover, item by item, joined with '|'. */
function covered(items: readonly TextItemLike[], ranges: ItemRange[] | undefined): string | undefined {
  return ranges?.map((r) => items[r.item].str.slice(r.start, r.end)).join('|');
}

/** PDF.js's shape of a page: one item per line, and an empty item with hasEOL between lines. */
function lines(...ls: string[]): TextItemLike[] {
  return ls.flatMap((l, i) => (i < ls.length - 1 ? [{ str: l }, { str: '', hasEOL: true }] : [{ str: l }]));
}

describe('findPassage', () => {
  it('finds a passage inside one item, with its exact offsets', () => {
    const items = lines('The Council met in Ottawa.', 'It adopted a declaration.');
    assert.deepEqual(findPassage(items, 'met in Ottawa'), [{ item: 0, start: 12, end: 25 }]);
  });

  it('finds a passage over a line break (no space at the line end)', () => {
    const items = lines('the marked passage runs over a line', 'break and goes on');
    assert.equal(covered(items, findPassage(items, 'runs over a line break and')), 'runs over a line|break and');
  });

  it('joins a word hyphenated at a line end, but keeps a hyphen inside a line', () => {
    const items = lines('keeping the peace-', 'keeping forces apart; a non-aligned state');
    assert.equal(covered(items, findPassage(items, 'the peacekeeping forces')), 'the peace-|keeping forces');
    assert.equal(covered(items, findPassage(items, 'peace-keeping')), 'peace-|keeping', 'the hyphen itself matches first');
    assert.equal(covered(items, findPassage(items, 'non-aligned')), 'non-aligned');
    assert.equal(findPassage(items, 'nonaligned'), undefined, 'a hyphen within a line is not dropped');
  });

  it('ignores case, typographic quotes and dashes, ligatures and soft hyphens', () => {
    const items = lines('The \u201cGrand Bargain\u201d \u2014 signed in 2016 \u2014 was ef\ufb01cient; peace\u00adkeeping');
    assert.equal(covered(items, findPassage(items, 'the "grand bargain" - signed')), 'The \u201cGrand Bargain\u201d \u2014 signed');
    assert.equal(covered(items, findPassage(items, 'efficient')), 'ef\ufb01cient', 'the ligature is covered whole');
    assert.ok(findPassage(items, 'peacekeeping'));
  });

  it('finds words split across items without spaces, as some PDFs set them', () => {
    const items: TextItemLike[] = [{ str: 'Shang' }, { str: 'hai Coop' }, { str: 'eration' }, { str: ' Organization' }];
    assert.deepEqual(findPassage(items, 'Shanghai Cooperation Organization'), [
      { item: 0, start: 0, end: 5 },
      { item: 1, start: 0, end: 8 },
      { item: 2, start: 0, end: 7 },
      { item: 3, start: 1, end: 13 },
    ]);
  });

  it('gives undefined for a missing or empty passage', () => {
    const items = lines('Nothing to see here.');
    assert.equal(findPassage(items, 'something else'), undefined);
    assert.equal(findPassage(items, '   '), undefined);
    assert.equal(findPassage([], 'x'), undefined);
  });

  it('returns the first occurrence', () => {
    const items = lines('one two', 'one two');
    assert.deepEqual(findPassage(items, 'one two'), [{ item: 0, start: 0, end: 7 }]);
  });

  it('finds the fixture PDF\'s passage in the items PDF.js extracts from its page 2, and not on page 1', async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(fs.readFileSync(FIXTURE)), isEvalSupported: false, verbosity: 0 }).promise;
    try {
      const items = async (n: number) => ((await (await doc.getPage(n)).getTextContent()).items as TextItemLike[]).filter((i) => 'str' in i);
      const passage = 'the marked passage runs over a line break and over a hyphenated word';
      const ranges = findPassage(await items(2), passage);
      assert.ok(ranges, 'found on page 2');
      assert.equal(ranges.length, 2, 'over two lines');
      assert.equal(covered(await items(2), ranges), 'the marked passage runs over a line break and over a hyphen-|ated word');
      assert.equal(findPassage(await items(1), passage), undefined);
    } finally {
      await doc.destroy();
    }
  });

  it('finds any substring of a text however the text is split into items (property)', () => {
    const word = fc.stringMatching(/^[a-zA-Z]{1,8}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 2, maxLength: 30 }), fc.array(fc.nat(), { maxLength: 10 }), fc.nat(), fc.nat(), (words, cuts, a, b) => {
        const text = words.join(' ');
        // Split the text into items at random points (inside words too).
        const points = [...new Set(cuts.map((c) => c % text.length))].sort((x, y) => x - y);
        const items: TextItemLike[] = [];
        let prev = 0;
        for (const p of [...points, text.length]) {
          if (p <= prev) continue;
          items.push({ str: text.slice(prev, p) });
          prev = p;
        }
        const from = a % words.length;
        const to = from + 1 + (b % (words.length - from));
        const passage = words.slice(from, to).join(' ');
        const ranges = findPassage(items, passage);
        assert.ok(ranges, `"${passage}" in ${JSON.stringify(items)}`);
        // The ranges are in order, inside their items, and cover the passage.
        const got = ranges.map((r) => items[r.item].str.slice(r.start, r.end)).join('');
        assert.equal(foldPassage(got), foldPassage(passage));
        for (let i = 1; i < ranges.length; i++) assert.ok(ranges[i].item > ranges[i - 1].item);
      }),
      { numRuns: 300 },
    );
  });
});
