import * as assert from 'node:assert/strict';
import { analyzeCorpusLayout, foldHomoglyphs, maskNonProse } from '../../server/src/core/text/normalize';
import { BOOK_TEXT } from '../util';

describe('normalization (length-preserving)', () => {
  it('folds Cyrillic look-alikes inside Latin words, not in Russian words', () => {
    assert.equal(foldHomoglyphs('\u0410bsence of а policy, р. 28, Россия'), 'Absence of a policy, p. 28, Россия');
  });

  it('blanks glued footnote markers that follow the running note count', () => {
    const text = 'Europe1 and NATO2 came in 19983.\n\n1 A note.\n2 Another.\n3 Third.\n\nThen G8 met.';
    const layout = analyzeCorpusLayout(text);
    assert.equal(layout.text.length, text.length);
    assert.match(layout.text, /^Europe  and NATO  came in 1998 \./);
    assert.ok(layout.text.includes('G8'), 'a number that is not the next note is kept');
    assert.equal(layout.footnoteMarkers.length, 3);
  });

  it('reads the bundled book: markers glued to words and years, page furniture', () => {
    const layout = analyzeCorpusLayout(BOOK_TEXT);
    assert.equal(layout.text.length, BOOK_TEXT.length);
    const at = (s: string) => layout.text.slice(BOOK_TEXT.indexOf(s), BOOK_TEXT.indexOf(s) + s.length);
    assert.equal(at('Uzbekistan came next in 199820'), 'Uzbekistan came next in 1998  ');
    assert.equal(at('enlarged NATO67.'), 'enlarged NATO  .');
    assert.equal(at('CSTO121'), 'CSTO   ');
    assert.ok(layout.footnoteMarkers.length >= 100, `found ${layout.footnoteMarkers.length} markers`);
    assert.ok(layout.furniture.length >= 6, 'page numbers and running headers');
    // Letter-spaced references and ordinary numbers stay.
    assert.ok(layout.text.includes('10 000 men'));
  });

  it('masks Markdown code, front matter, link targets and URLs, keeping length', () => {
    const md = '---\ntitle: NATO\n---\nThe `CSTO` and [SCO](http://x.org/NATO) in\n```\nNATO\n```\nsee https://nato.int/CSTO now';
    const masked = maskNonProse(md, 'markdown');
    assert.equal(masked.length, md.length);
    assert.ok(!masked.includes('CSTO'));
    assert.ok(masked.includes('[SCO]'), 'link text is prose');
    assert.equal((masked.match(/NATO/g) ?? []).length, 0);
    assert.ok(maskNonProse('a `NATO` b', 'plaintext').includes('NATO'), 'plain text keeps backticks');
  });
});
