// The shared word scan: a paragraph's words are cut once into typed arrays (wordSpans) that the
// known-name trie, the shape recognizer and the pending-acronym scan all read. These tests pin
// the spans to the plain per-word scan (`words`), which the recognizers used before, and the
// whole-word search of the definition finder to the regular expression it replaces, and the
// definition finder's prefilters to the expressions they spare.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { wordIndexAt, wordSpans, words } from '../../server/src/core/recognize/words';
import { findDefinitions, mayDefine, theBefore, wholeWordsIn } from '../../server/src/core/recognize/defined';
import { findAcronymDefinitions } from '../../server/src/core/knowledge/learn';

const spansOf = (text: string) => {
  const w = wordSpans(text);
  const out: [number, number][] = [];
  for (let k = 0; k < w.count; k++) out.push([w.starts[k], w.ends[k]]);
  return out;
};

describe('word spans (the shared tokenizer)', () => {
  it('cut letters, digits and "&" into words; punctuation, spaces and emoji separate them', () => {
    const text = 'NATO-Russia  Council, A&B; ÉU 2007/427/CFSP 😀x';
    //            0123456789012345678901234567890123456789012345678
    assert.deepEqual(spansOf(text), [
      [0, 4], // NATO
      [5, 11], // Russia
      [13, 20], // Council
      [22, 25], // A&B ("&" is a word character)
      [27, 29], // ÉU (a non-ASCII letter is one)
      [30, 34], // 2007
      [35, 38], // 427
      [39, 43], // CFSP
      [46, 47], // x (the emoji's surrogates are not letters)
    ]);
  });

  it('give nothing for an empty text or one without words, and one word for a text that is one', () => {
    assert.deepEqual(spansOf(''), []);
    assert.deepEqual(spansOf(' ,.;\n\t—'), []);
    assert.deepEqual(spansOf('x'), [[0, 1]]);
    assert.deepEqual(spansOf('a b c d'), [[0, 1], [2, 3], [4, 5], [6, 7]]); // the most words a length allows
  });

  it('are exactly the words of the plain scan on random text (fast-check)', () => {
    const piece = fc.constantFrom('NATO', 'the', 'Council', 'A&B', 'É', 'ß', 'Ω', '٣', '2007', ' ', '  ', '-', '–', '\n', '’', "'", '(', ')', '😀', '/', '.', ',', '\u00a0');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        assert.deepEqual(spansOf(text), words(text).map((w) => [w.start, w.end]));
      }),
      { numRuns: 400 },
    );
  });

  it('find the first word at or after an offset', () => {
    const w = wordSpans('one two  three');
    assert.equal(wordIndexAt(w, 0), 0);
    assert.equal(wordIndexAt(w, 1), 1); // inside "one": the next word
    assert.equal(wordIndexAt(w, 4), 1);
    assert.equal(wordIndexAt(w, 9), 2);
    assert.equal(wordIndexAt(w, 10), 3); // past the last start: count
  });
});

describe('whole words in a range (the definition finder)', () => {
  const reference = (text: string, from: number, to: number, word: string) => {
    // Escaped as a Unicode regular expression allows ("\\&" and "\\-" are invalid escapes there:
    // the finder's old expression threw on an acronym such as "BSEC-A").
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'gu');
    return [...text.slice(from, to).matchAll(re)].map((m) => from + m.index!);
  };

  it('finds the word alone, not inside another word or number, and only inside the range', () => {
    const text = 'EU, EUR, the EU2 and NEU; (EU) EU';
    assert.deepEqual(wholeWordsIn(text, 0, text.length, 'EU'), [0, 27, 31]);
    // The range's edges are the text's edges for the test of neighbours: "EU" at 31 ends the range.
    assert.deepEqual(wholeWordsIn(text, 5, 33, 'EU'), [27, 31]);
    // Nothing before the range is looked at: "U" at 1 (the end of "EU") counts from a range that
    // starts there; everywhere else "U" is inside a word.
    assert.deepEqual(wholeWordsIn(text, 1, 33, 'U'), [1]);
    assert.deepEqual(wholeWordsIn(text, 2, 33, 'U'), []);
  });

  it('agrees with the regular expression on random text and ranges (fast-check)', () => {
    const piece = fc.constantFrom('EU', 'E', 'U', 'A&B', 'A-B', 'OSCE', 'é', '𝐀', '😀', '1', ' ', '(', ')', ',', '-', '&');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.constantFrom('EU', 'A&B', 'A-B', 'OSCE', 'E'), fc.nat(), fc.nat(), (parts, word, x, y) => {
        const text = parts.join('');
        const a = text.length ? x % (text.length + 1) : 0;
        const b = text.length ? y % (text.length + 1) : 0;
        const [from, to] = a <= b ? [a, b] : [b, a];
        assert.deepEqual(wholeWordsIn(text, from, to, word), reference(text, from, to, word));
      }),
      { numRuns: 500 },
    );
  });

  it('lets a definition whose acronym holds a hyphen through (the old expression threw on it)', () => {
    const text = 'The Black Sea Economic Co-operation (BSEC-A) met. BSEC-A grew.';
    const defs = findDefinitions(text);
    assert.deepEqual(defs.map((d) => [d.acronym, text.slice(d.nameStart, d.nameEnd), d.acronymStart]), [['BSEC-A', 'Black Sea Economic Co-operation', 37]]);
  });
});

describe('definition prefilters (recognize/defined.ts)', () => {
  it('say a paragraph may define a name only where the learner could find a definition', () => {
    assert.equal(mayDefine('The Collective Security Treaty Organization (CSTO) met.'), true); // a parenthesis
    assert.equal(mayDefine('The Shanghai Cooperation Organisation, or SCO, met.'), true); // ", or ACR"
    assert.equal(mayDefine('The Conference on Interaction – CICA met.'), true); // " – ACR"
    assert.equal(mayDefine('Its members, NATO and the EU, met.'), true); // ", ACR": a candidate, whatever follows
    assert.equal(mayDefine('NATO and the EU met in Brussels.'), false); // no comma, dash or parenthesis
    assert.equal(mayDefine('They met, and the Council, which was new, agreed.'), false); // commas, but no acronym after one
    assert.equal(mayDefine('They met, XIV times, and ÉU, then.'), false); // Roman numerals; a non-ASCII capital
    assert.equal(mayDefine('A pact –NATO– was signed.'), false); // a dash glued to the word
  });

  it('never skip a paragraph in which the learner finds a definition (fast-check)', () => {
    // A long form, a separator and an acronym that spells it (or not), inside noise: many of these
    // are definitions, with and without parentheses.
    const noise = fc.array(fc.constantFrom('The', 'the', 'met', 'in', 'NATO', 'XIV', 'A&B', ' ', '  ', '\n', ',', '.', ';', '-', '(', '\u00a0', 'É'), { maxLength: 8 });
    const long = fc.constantFrom('Shanghai Cooperation Organisation', 'Council of Europe', 'Collective Security Treaty', 'the Conference on Interaction');
    const sep = fc.constantFrom(' (', ', ', ', or ', ',  or\n', ' – ', ' - ', ' — ', '–', ' ,', ', the ', ' [');
    const acr = fc.constantFrom('SCO', 'CoE', 'CST', 'CICA', 'XIV', 'Sco', 'S&CO');
    const after = fc.constantFrom(')', ']', ',', '.', ' ', ';', '', ' met');
    let definitions = 0;
    let withoutParentheses = 0;
    fc.assert(
      fc.property(noise, long, sep, acr, after, noise, (a, l, s, c, z, b) => {
        const text = a.join('') + l + s + c + z + b.join('');
        const found = findAcronymDefinitions(text);
        if (found.length) {
          definitions++;
          if (!/[(\[]/.test(text)) withoutParentheses++;
        }
        if (!mayDefine(text)) assert.deepEqual(found, [], text);
      }),
      { numRuns: 3000 },
    );
    // The property was tried on real definitions, of both kinds.
    assert.ok(definitions > 30 && withoutParentheses > 10, `${definitions} definitions, ${withoutParentheses} without parentheses`);
  });

  it('try the "ACR, the Full Name" expression only before "the" and white space (fast-check)', () => {
    const re = /(?<![\p{L}\p{N}])([A-Z][A-Za-z&]{1,10})(?:\s+[A-Z][a-z]+)?\s*(?:,|[–—])\s*the\s+$/u;
    assert.equal(theBefore('EULEX Kosovo, the European', 'EULEX Kosovo, the '.length), true);
    assert.equal(theBefore('EULEX Kosovo, theEuropean', 'EULEX Kosovo, the'.length), false); // no space after "the"
    const piece = fc.constantFrom('EULEX', 'Kosovo', 'the', 'The', ',', '–', ' ', '  ', '\n', '\u00a0', 'x', 'ACR', 'EULEX Kosovo, the ', 'ACR – the ');
    let matched = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 25 }), fc.nat(), (parts, n) => {
        const text = parts.join('');
        const at = n % 2 ? text.length : text.length ? n % (text.length + 1) : 0;
        if (re.test(text.slice(Math.max(0, at - 40), at))) {
          matched++;
          assert.equal(theBefore(text, at), true, text);
        }
      }),
      { numRuns: 2000 },
    );
    assert.ok(matched > 50, `${matched} matches`); // tried where the expression matches
  });
});
