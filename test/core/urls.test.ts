// URLs are masked out of a note before recognition; they are found from the literal "://" and
// "www." rather than by trying a regular expression at every position. The spans must be the
// regular expression's own.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { findUrls } from '../../server/src/core/text/normalize';

const URL_RE = /\b(?:https?|ftp|file):\/\/[^\s<>"')\]]+|\bwww\.[^\s<>"')\]]+/g;
const byRegex = (text: string) => [...text.matchAll(URL_RE)].map((m) => [m.index!, m.index! + m[0].length]);

describe('URLs in a note', () => {
  it('finds what the regular expression finds', () => {
    const text = 'See https://example.org/a(b) and www.osce.org, xhttp://no, file:///tmp/x.txt) ftp:// alone, (http://www.nato.int/x)\u00a0end';
    assert.deepEqual(findUrls(text).map((u) => [u.start, u.end]), byRegex(text));
    assert.deepEqual(findUrls(text).map((u) => text.slice(u.start, u.end)), ['https://example.org/a(b', 'www.osce.org,', 'file:///tmp/x.txt', 'http://www.nato.int/x']);
  });

  it('agrees with the regular expression on random text (fast-check)', () => {
    const piece = fc.constantFrom('http', 'https', 'ftp', 'file', '://', 'www.', 'ww', '.', 'x', 'S', '_', '9', ' ', '\n', '\u00a0', '\u2003', ')', ']', '"', "'", '<', '>', '(', '/', 'é', '😀', ':');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        assert.deepEqual(findUrls(text).map((u) => [u.start, u.end]), byRegex(text));
      }),
      { numRuns: 2000 },
    );
  });
});
