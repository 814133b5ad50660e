import * as assert from 'node:assert/strict';
import { LineIndex } from '../../server/src/core/text/positions';

describe('positions (offsets ↔ LSP line/character in UTF-16)', () => {
  it('counts CRLF, LF and lone CR as line breaks', () => {
    const idx = new LineIndex('a\r\nbc\nd\re');
    assert.deepEqual(idx.lineStarts, [0, 3, 6, 8]);
    assert.deepEqual(idx.positionAt(4), { line: 1, character: 1 });
    assert.equal(idx.offsetAt({ line: 3, character: 0 }), 8);
    assert.equal(idx.lineText(0), 'a');
  });

  it('counts an emoji (surrogate pair) as two characters, as LSP does', () => {
    const text = 'x 😀 NATO';
    const idx = new LineIndex(text);
    const offset = text.indexOf('NATO');
    assert.equal(offset, 5);
    assert.deepEqual(idx.positionAt(offset), { line: 0, character: 5 });
    assert.equal(idx.offsetAt({ line: 0, character: 5 }), offset);
  });

  it('clamps a character past the end of a line to the line end, before the break', () => {
    const idx = new LineIndex('ab\r\ncd');
    assert.equal(idx.offsetAt({ line: 0, character: 99 }), 2);
    assert.equal(idx.offsetAt({ line: 1, character: 99 }), 6);
    assert.equal(idx.offsetAt({ line: 7, character: 0 }), 6);
    assert.equal(idx.offsetAt({ line: -1, character: 3 }), 0);
  });

  it('clamps offsets outside the text', () => {
    const idx = new LineIndex('ab\ncd');
    assert.deepEqual(idx.positionAt(-5), { line: 0, character: 0 });
    assert.deepEqual(idx.positionAt(100), { line: 1, character: 2 });
  });

  it('handles an empty text and a text ending in a line break', () => {
    assert.deepEqual(new LineIndex('').positionAt(0), { line: 0, character: 0 });
    const idx = new LineIndex('a\n');
    assert.equal(idx.lineCount, 2);
    assert.deepEqual(idx.positionAt(2), { line: 1, character: 0 });
  });

  it('round-trips every offset of a mixed text', () => {
    const text = 'Élan 😀\r\nرمز\u0301 NATO\n\r\n  end';
    const idx = new LineIndex(text);
    for (let o = 0; o <= text.length; o++) {
      const p = idx.positionAt(o);
      // An offset between \r and \n maps to the end of its line; all others round-trip.
      if (text[o - 1] === '\r' && text[o] === '\n') continue;
      assert.equal(idx.offsetAt(p), o, `offset ${o}`);
    }
  });
});
