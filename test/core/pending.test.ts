// Pending acronyms are found by a scan that decides on the characters before slicing a word: it
// must find exactly what the plain rule finds (every word, the acronym shape, not known).

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { looksLikeAcronym, pendingAcronyms } from '../../server/src/core/recognize/defined';
import { words } from '../../server/src/core/recognize/words';

/** The rule as it was first written, with regular expressions: the scan must agree with it. */
function plainRule(t: string): boolean {
  if (!/^[A-Z][A-Za-z&]{1,10}$/.test(t) || /^[IVXLC]+$/.test(t)) return false;
  const caps = [...t].filter((c) => c >= 'A' && c <= 'Z').length;
  return caps >= 2 && caps >= t.length / 2;
}
const reference = (text: string, known: Set<string>) =>
  words(text).filter((w) => plainRule(w.text) && !known.has(w.text)).map((w) => [w.start, w.end, w.text]);

describe('pending acronyms', () => {
  it('are the acronym-shaped words no knowledge names', () => {
    const text = 'The AMISOM, the EU, NATO and the CIVIL (all Roman numeral letters), XIV, MCMXC, Ab, ABc, A&B, UNSC1, ÉU) met. NaTO ok';
    const got = pendingAcronyms(text, (w) => w === 'NATO').map((m) => m.text);
    assert.deepEqual(got, ['AMISOM', 'EU', 'MCMXC', 'ABc', 'A&B', 'NaTO']);
  });

  it('agree with the plain rule on random text (fast-check)', () => {
    const piece = fc.constantFrom('NATO', 'EU', 'XIV', 'Ab', 'ABc', 'A&B', 'OSCE', 'the', 'AbCdEfGhIjKl', 'ABCDEFGHIJKL', 'É', 'U2', ' ', ', ', '(', ')', '\n', '😀', 'IVX', 'CSTOs', 'aB');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const known = new Set(['OSCE']);
        assert.deepEqual(pendingAcronyms(text, (w) => known.has(w)).map((m) => [m.start, m.end, m.text]), reference(text, known));
      }),
      { numRuns: 300 },
    );
  });

  it('looksLikeAcronym is the same rule', () => {
    for (const t of ['NATO', 'EU', 'XIV', 'CIVIL', 'MCMXC', 'Ab', 'ABc', 'A&B', 'AbCdEfGhIjKl', 'ABCDEFGHIJKL', 'aB', 'U2', 'É', 'CSTOs', 'N']) assert.equal(looksLikeAcronym(t), plainRule(t), t);
  });
});
