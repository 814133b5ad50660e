// Finding a passage among a PDF page's text items (PDF.js `getTextContent().items`), for the
// viewer to mark it in the text layer. Pure: no DOM, no vscode; unit-tested in test/client/.
//
// The passage comes from extracted text (a definition, a quoted fact) and the items from the
// page's layout, so the match ignores what layout changes: white space (items split words and
// lines anywhere; a line end has no space), case, typographic quotes and dashes, ligatures and
// other compatibility forms (NFKC), soft hyphens, and — on a second try — a hyphen that ends a
// line ("peace-" / "keeping" matches "peacekeeping").

export interface TextItemLike {
  str: string;
  hasEOL?: boolean;
}

/** A range of one item's `str` (UTF-16 offsets, end exclusive). */
export interface ItemRange {
  item: number;
  start: number;
  end: number;
}

interface Folded {
  text: string;
  /** For each code unit of `text`: the item and the offset and length of the source character. */
  item: number[];
  offset: number[];
  length: number[];
}

const QUOTES_SINGLE = /[\u2018\u2019\u201a\u201b\u2032\u0060\u00b4]/g;
const QUOTES_DOUBLE = /[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g;
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]/g;
const INVISIBLE = /[\s\u00ad\u200b-\u200d\u2060\ufeff]/;

/** Folds one character (code point) as both the page and the passage are folded. */
function foldChar(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c < 128) {
    // ASCII, most of the text: only white space and case fold.
    if (c <= 32 || c === 127) return '';
    return c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : ch;
  }
  if (INVISIBLE.test(ch)) return '';
  return ch.normalize('NFKC').toLowerCase().replace(QUOTES_SINGLE, "'").replace(QUOTES_DOUBLE, '"').replace(DASHES, '-').replace(/\s+/g, '');
}

/** Folds a passage for matching. */
export function foldPassage(s: string): string {
  let out = '';
  for (const ch of s) out += foldChar(ch);
  return out;
}

/** Index of the last visible character of `s` if it is a hyphen, else -1. */
function lineEndHyphen(s: string): number {
  let i = s.length - 1;
  while (i >= 0 && /\s/.test(s[i])) i--;
  return i >= 0 && (s[i] === '-' || s[i] === '\u2010') ? i : -1;
}

function foldItems(items: readonly TextItemLike[], dropLineEndHyphens: boolean): Folded {
  const out: Folded = { text: '', item: [], offset: [], length: [] };
  const parts: string[] = [];
  items.forEach((it, i) => {
    const str = typeof it.str === 'string' ? it.str : '';
    // A hyphen is a line-end one when its item ends a line (hasEOL) or the next item starts on a
    // new line, which PDF.js also marks by an empty item with hasEOL.
    const next = items[i + 1];
    const endsLine = it.hasEOL || (next !== undefined && next.str === '' && next.hasEOL);
    const skip = dropLineEndHyphens && endsLine ? lineEndHyphen(str) : -1;
    for (let off = 0; off < str.length; ) {
      const c = str.charCodeAt(off);
      if (c < 128 && off !== skip) {
        // ASCII, most of the text: only white space and case fold (as foldChar does).
        if (c > 32 && c !== 127) {
          out.item.push(i);
          out.offset.push(off);
          out.length.push(1);
          parts.push(c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : str[off]);
        }
        off++;
        continue;
      }
      const ch = String.fromCodePoint(str.codePointAt(off)!);
      if (off === skip) {
        // The dropped hyphen belongs to the character before it, so that a mark covers it.
        const last = out.item.length - 1;
        if (last >= 0 && out.item[last] === i) out.length[last] = off + ch.length - out.offset[last];
        off += ch.length;
        continue;
      }
      const f = foldChar(ch);
      for (let k = 0; k < f.length; k++) {
        out.item.push(i);
        out.offset.push(off);
        out.length.push(ch.length);
      }
      parts.push(f);
      off += ch.length;
    }
  });
  out.text = parts.join('');
  return out;
}

/** The ranges of `items` covering folded[from, to): one range per item touched, in order. */
function rangesOf(f: Folded, from: number, to: number): ItemRange[] {
  const out: ItemRange[] = [];
  for (let k = from; k < to; k++) {
    const item = f.item[k];
    const start = f.offset[k];
    const end = start + f.length[k];
    const last = out[out.length - 1];
    if (last && last.item === item) last.end = Math.max(last.end, end);
    else out.push({ item, start, end });
  }
  return out;
}

/**
 * Where `passage` occurs in `items` (its first occurrence), as ranges of the items' strings, or
 * undefined if it does not occur or folds to nothing. One String.prototype.indexOf per try, no
 * regular expression over the page.
 */
export function findPassage(items: readonly TextItemLike[], passage: string): ItemRange[] | undefined {
  const needle = foldPassage(passage);
  if (!needle) return undefined;
  for (const dropHyphens of [false, true]) {
    if (dropHyphens && !items.some((it) => it.str?.includes('-') || it.str?.includes('\u2010'))) break;
    const f = foldItems(items, dropHyphens);
    const at = f.text.indexOf(needle);
    if (at >= 0) return rangesOf(f, at, at + needle.length);
  }
  return undefined;
}
