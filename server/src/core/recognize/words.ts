// Word scanning shared by the recognizers: word characters (letters, digits, "&"), decided
// inline for ASCII and once per code unit otherwise, and the separator class between two words.
// A paragraph is cut into words once (`wordSpans`: starts and ends in typed arrays, no strings),
// and the recognizers (known names, name shapes, pending acronyms) read those spans.

const WORD_CLASS = new Uint8Array(65536); // 0 unknown, 1 word, 2 not
const UNICODE_WORD = /[\p{L}\p{N}]/u;
for (let c = 0; c < 128; c++) WORD_CLASS[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 38 ? 1 : 2;

/** The class of a code unit not yet classified (1 word, 2 not), remembered. */
function classify(c: number): number {
  const k = c >= 0xd800 && c <= 0xdfff ? 2 : UNICODE_WORD.test(String.fromCharCode(c)) ? 1 : 2;
  WORD_CLASS[c] = k;
  return k;
}

/** Letters, digits and "&"; surrogates (emoji) are not letters here. */
export function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 38;
  let k = WORD_CLASS[c];
  if (k === 0) {
    k = c >= 0xd800 && c <= 0xdfff ? 2 : UNICODE_WORD.test(String.fromCharCode(c)) ? 1 : 2;
    WORD_CLASS[c] = k;
  }
  return k === 1;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function nextWordStart(text: string, from: number): number {
  const n = text.length;
  while (from < n && !isWordChar(text.charCodeAt(from))) from++;
  return from;
}

export function wordEnd(text: string, from: number): number {
  const n = text.length;
  while (from < n && isWordChar(text.charCodeAt(from))) from++;
  return from;
}

/** The separator class between two tokens: ' ' (spaces, one line break at most), '-' (a hyphen that may end a line), or the text itself. */
export function separatorClass(sep: string): string {
  if (sep.length === 1) return sep === '\t' || sep === '\n' ? ' ' : sep === '‐' || sep === '–' ? '-' : sep === '’' ? "'" : sep;
  const trimmed = sep.replace(/[ \t\r]+/g, '');
  if (trimmed === '' || trimmed === '\n') return ' ';
  if (trimmed === '-' || trimmed === '-\n' || trimmed === '–' || trimmed === '‐' || trimmed === '–\n' || trimmed === '‐\n') {
    return sep.indexOf('\n') >= 0 && sep.indexOf('\n') < sep.search(/[-–‐]/) ? '' : '-';
  }
  return trimmed.replace(/\n/g, ' ').replace(/’/g, "'");
}

/** A word and where it stands. */
export interface Word {
  start: number;
  end: number;
  text: string;
}

/** The words of a text, in one pass. */
export function words(text: string): Word[] {
  const out: Word[] = [];
  let s = nextWordStart(text, 0);
  while (s < text.length) {
    const e = wordEnd(text, s);
    out.push({ start: s, end: e, text: text.slice(s, e) });
    s = nextWordStart(text, e);
  }
  return out;
}

/**
 * The words of a text as spans: word k is text.slice(starts[k], ends[k]), for k < count, in
 * text order (the same words as `words`, without an object or a string per word).
 */
export interface WordSpans {
  readonly text: string;
  readonly count: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/** The word spans of a text, in one pass. */
export function wordSpans(text: string): WordSpans {
  const n = text.length;
  // A word and its separator take two code units at least: at most (n + 1) / 2 words. Starts and
  // ends share one buffer (one allocation a paragraph).
  const cap = (n + 1) >> 1;
  const buffer = new Int32Array(cap * 2);
  const starts = buffer.subarray(0, cap);
  const ends = buffer.subarray(cap);
  let count = 0;
  let i = 0;
  // isWordChar, read from the class table (one load per code unit).
  const cls = WORD_CLASS;
  while (i < n) {
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      const k = cls[c] || classify(c);
      if (k === 1) break;
    }
    if (i >= n) break;
    starts[count] = i;
    for (i++; i < n; i++) {
      const c = text.charCodeAt(i);
      const k = cls[c] || classify(c);
      if (k !== 1) break;
    }
    ends[count++] = i;
  }
  return { text, count, starts, ends };
}

/** The index of the first word starting at or after `offset` (count when none). */
export function wordIndexAt(w: WordSpans, offset: number): number {
  let lo = 0;
  let hi = w.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (w.starts[mid] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
