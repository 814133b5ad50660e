// Word scanning shared by the recognizers: word characters (letters, digits, "&"), decided
// inline for ASCII and once per code unit otherwise, and the separator class between two words.

const WORD_CLASS = new Uint8Array(65536); // 0 unknown, 1 word, 2 not
const UNICODE_WORD = /[\p{L}\p{N}]/u;

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
