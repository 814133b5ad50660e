// Length-preserving normalization. Every transformation here replaces code units one for one
// (or with spaces), so an offset into the normalized text is the same offset into the original:
// recognizers run on the normalized text and report ranges the editor can use unchanged.
// What cannot be done in place (joining "NATO-\nRussia") is left to the matchers, which accept a
// line break wherever a space or a hyphen may stand.

import type { Span } from '../types';
import type { PageMap } from '../corpus/reader';
import { pushAll } from '../arrays';

/** Cyrillic letters that look like Latin ones, as PDF extraction leaves them in English words. */
const HOMOGLYPHS: Record<string, string> = {
  'а': 'a', 'в': 'B', 'е': 'e', 'к': 'k', 'м': 'M', 'н': 'H', 'о': 'o', 'р': 'p', 'с': 'c', 'т': 'T', 'у': 'y', 'х': 'x', 'і': 'i', 'ј': 'j', 'ѕ': 's',
  'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P', 'С': 'C', 'Т': 'T', 'У': 'Y', 'Х': 'X', 'І': 'I', 'Ј': 'J', 'Ѕ': 'S',
};
const CYRILLIC = /[\u0400-\u04FF]/;
const LATIN = /[A-Za-z]/;
/** Words with at least one Cyrillic letter: only those can need folding. */
const WORD = /[A-Za-z]*[\u0400-\u04FF][A-Za-z\u0400-\u04FF]*/g;

/**
 * Maps Cyrillic look-alikes to Latin inside words that are otherwise Latin ("Аbsence", "р.",
 * "рр.6"), and leaves genuine Cyrillic words ("Россия") alone.
 */
export function foldHomoglyphs(text: string): string {
  if (!CYRILLIC.test(text)) return text;
  return text.replace(WORD, (word) => {
    let allLookAlike = true;
    for (const ch of word) if (CYRILLIC.test(ch) && !(ch in HOMOGLYPHS)) { allLookAlike = false; break; }
    if (!allLookAlike) return word;
    // A word made only of look-alikes is Latin when short or when Latin letters are in it.
    if (!LATIN.test(word) && word.length > 2) return word;
    let out = '';
    for (const ch of word) out += HOMOGLYPHS[ch] ?? ch;
    return out;
  });
}

/**
 * The text with the given spans replaced by spaces (line breaks kept), built from slices: no
 * per-character arrays, and the text itself when there is nothing to blank.
 */
export function blankSpans(text: string, spans: Span[]): string {
  if (!spans.length) return text;
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  // Parts joined once: a flat string, where repeated += would build a rope that every later scan
  // has to flatten.
  const parts: string[] = [];
  let at = 0;
  for (const sp of sorted) {
    const start = Math.max(sp.start, at);
    if (sp.end <= start) continue;
    parts.push(text.slice(at, start), text.slice(start, sp.end).replace(/[^\r\n]/g, ' '));
    at = sp.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

export interface CorpusLayout {
  /** The normalized text, same length as the original. */
  text: string;
  /** Footnote reference markers glued to words ("Europe1", "199820" → note 20). */
  footnoteMarkers: Span[];
  /** Footnote bodies: lines that start with the next expected note number, up to the paragraph end. */
  footnotes: Span[];
  /** Printed page numbers and running headers, blanked in `text`. */
  furniture: Span[];
}

// A glued marker: a footnote number right after a letter, a closing quote or bracket, or after a
// four-digit year ("199820"). Numbers are checked against the running note count, so ordinary
// numbers in words ("G8") are left alone.
const GLUED = /(?<=[A-Za-z\u2019\u201D)"\]\.,]|(?:1[5-9]|20)\d\d)\d{1,3}(?![\d])/g;
const NOTE_LINE = /^(\d{1,3})(?=\s*\S)/;

/**
 * Analyzes the layout a PDF extraction leaves (glued footnote markers, footnote blocks, page
 * numbers, running headers) and returns a normalized text of the same length.
 */
export function analyzeCorpusLayout(original: string): CorpusLayout {
  const folded = foldHomoglyphs(original);
  const blanked: Span[] = [];
  const footnoteMarkers: Span[] = [];
  const footnotes: Span[] = [];
  const furniture: Span[] = [];

  const lines = splitLines(original);
  const isBlank = (i: number) => i < 0 || i >= lines.length || lines[i].text.trim() === '';
  const found = findPageFurniture(lines);
  for (const i of [...found.pageNumbers, ...found.headers].sort((a, b) => a - b)) {
    const l = lines[i];
    furniture.push({ start: l.start, end: l.end });
    blanked.push({ start: l.start, end: l.end });
  }

  // Footnotes are numbered continuously; walk the text in order, accepting a glued marker or a
  // note line only when its number is the next one expected (with a little slack for misses).
  let nextMarker = 1;
  let nextNote = 1;
  const markerCandidates: { start: number; end: number; n: number }[] = [];
  for (const m of folded.matchAll(GLUED)) {
    // Furniture is blanked later; a candidate inside it is not a marker.
    if (furniture.some((f) => m.index! >= f.start && m.index! < f.end)) continue;
    markerCandidates.push({ start: m.index!, end: m.index! + m[0].length, n: Number(m[0]) });
  }
  let ci = 0;
  for (let li = 0; li < lines.length; li++) {
    const l = lines[li];
    const lead = NOTE_LINE.exec(l.text);
    const noteNumber = lead ? Number(lead[1]) : -1;
    // A note line also resynchronizes the marker count when a marker was missed (set off by a
    // space, "Organization) 66.").
    if (lead && noteNumber >= nextNote && noteNumber <= nextNote + 3) {
      // A footnote body runs to the next blank line or the next note line.
      let end = l.end;
      for (let k = li + 1; k < lines.length && !isBlank(k); k++) {
        const lk = NOTE_LINE.exec(lines[k].text);
        if (lk && Number(lk[1]) === noteNumber + 1) break;
        end = lines[k].end;
      }
      footnotes.push({ start: l.start, end });
      nextNote = noteNumber + 1;
      nextMarker = Math.max(nextMarker, nextNote);
      // Markers inside the note's own line number are not references.
      while (ci < markerCandidates.length && markerCandidates[ci].start < l.start + lead[1].length) ci++;
      continue;
    }
    for (; ci < markerCandidates.length && markerCandidates[ci].start < l.end; ci++) {
      const c = markerCandidates[ci];
      if (c.start < l.start) continue;
      if (c.n >= nextMarker && c.n <= nextMarker + 3) {
        footnoteMarkers.push({ start: c.start, end: c.end });
        blanked.push({ start: c.start, end: c.end });
        nextMarker = c.n + 1;
      }
    }
  }

  // Letter-spaced text in footnotes ("B o r d u z h a", "( 2 0 0 5 )") is left as it is: it only
  // occurs in references, never in running prose.
  return { text: blankSpans(folded, blanked), footnoteMarkers, footnotes, furniture };
}

interface Line {
  start: number;
  end: number;
  text: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let s = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) === 10) {
      let e = i;
      if (e > s && text.charCodeAt(e - 1) === 13) e--;
      lines.push({ start: s, end: e, text: text.slice(s, e) });
      s = i + 1;
    }
  }
  return lines;
}

/**
 * Page furniture, as line indexes: a lone 1-3 digit line between blank lines (a printed page
 * number), and a line (a running header) that recurs set off by blank lines at least three times.
 */
function findPageFurniture(lines: Line[]): { pageNumbers: number[]; headers: number[]; isHeader: (i: number) => boolean } {
  const isBlank = (i: number) => i < 0 || i >= lines.length || lines[i].text.trim() === '';
  const counts = new Map<string, number>();
  lines.forEach((l, i) => {
    const t = l.text.trim();
    if (t.length > 20 && isBlank(i - 1) && isBlank(i + 1)) counts.set(t, (counts.get(t) ?? 0) + 1);
  });
  const isHeader = (i: number) => i >= 0 && i < lines.length && (counts.get(lines[i].text.trim()) ?? 0) >= 3 && isBlank(i - 1) && isBlank(i + 1);
  const pageNumbers: number[] = [];
  const headers: number[] = [];
  lines.forEach((l, i) => {
    const t = l.text.trim();
    if (/^\d{1,3}$/.test(t) && isBlank(i - 1) && isBlank(i + 1)) pageNumbers.push(i);
    else if (isHeader(i)) headers.push(i);
  });
  return { pageNumbers, headers, isHeader };
}

/**
 * The printed pages of a text extracted from print, from the page numbers page furniture left in
 * it. A number set beside a running header (with only blank lines between) heads its page; one
 * with no header beside it ends its page. Between two numbers the text is on exactly one page when
 * they are consecutive ("p. 86"), and on a known range of pages otherwise ("pp. 58–79"); after the
 * last one it is on that page or later ("87ff."). Text before the first number has no page.
 * Numbers that do not increase are dropped; fewer than two numbers give no map (a lone number in a
 * text is not evidence of pages).
 */
export function printedPageMap(text: string): PageMap {
  const lines = splitLines(text);
  const isBlank = (i: number) => i < 0 || i >= lines.length || lines[i].text.trim() === '';
  const { pageNumbers, isHeader } = findPageFurniture(lines);
  // Anchors: page `page` starts at `offset`.
  const anchors: { offset: number; page: number }[] = [];
  for (const i of pageNumbers) {
    const n = Number(lines[i].text.trim());
    let before = i - 1;
    while (before >= 0 && isBlank(before)) before--;
    let after = i + 1;
    while (after < lines.length && isBlank(after)) after++;
    const anchor = isHeader(before)
      ? { offset: lines[before].start, page: n }
      : isHeader(after)
        ? { offset: lines[i].start, page: n }
        : { offset: i + 1 < lines.length ? lines[i + 1].start : text.length, page: n + 1 };
    const last = anchors[anchors.length - 1];
    if (last && (anchor.page <= last.page || anchor.offset <= last.offset)) continue;
    anchors.push(anchor);
  }
  if (anchors.length < 2) return [];
  return pagesByRhythm(text, lines, anchors) ?? pagesBetweenAnchors(text, anchors);
}

function pagesBetweenAnchors(text: string, anchors: { offset: number; page: number }[]): PageMap {
  const map: PageMap = [];
  anchors.forEach((a, k) => {
    const next = anchors[k + 1];
    if (next) {
      const exact = next.page === a.page + 1;
      map.push({ start: a.offset, end: next.offset, number: a.page, label: exact ? String(a.page) : `${a.page}–${next.page - 1}`, ...(exact ? {} : { approximate: true }) });
    } else if (a.offset < text.length) {
      map.push({ start: a.offset, end: text.length, number: a.page, label: `${a.page}ff.`, approximate: true });
    }
  });
  return map;
}

/**
 * Blanks what is not prose in a note: Markdown front matter, fenced and inline code, link targets,
 * autolinks, HTML comments, and bare URLs in any language. Length-preserving.
 */
/**
 * The pages between and around the printed numbers, from the rhythm of the page breaks the
 * extraction left: a form feed, or else a line that starts with a single space (where a new PDF
 * page began mid-paragraph). The lines per page come from the numbered pages themselves. From each
 * numbered page the walk steps one page length at a time to the nearest break in a window around
 * the expected line; where no break is there it estimates one, and the two pages it divides are
 * cited together ("pp. 52–53"). A stretch between two numbers is kept only when the walk arrives
 * at the next number with the right count; the text before the first number is walked back while
 * breaks keep the rhythm. Returns undefined when the text shows no such rhythm.
 */
function pagesByRhythm(text: string, lines: Line[], anchors: { offset: number; page: number }[]): PageMap | undefined {
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const at = anchors.map((a) => ({ line: lineOf(a.offset), page: a.page }));
  const ratios = at.slice(1).map((b, k) => (b.line - at[k].line) / (b.page - at[k].page)).sort((x, y) => x - y);
  const period = ratios[ratios.length >> 1];
  if (!(period >= 15 && period <= 150)) return undefined;
  const feeds = lines.some((l) => l.text.includes('\f'));
  const isBreak = (i: number) => (feeds ? lines[i].text.startsWith('\f') : /^ \S/.test(lines[i].text) && i > 0 && lines[i - 1].text.trim() !== '');
  const breaks: number[] = [];
  for (let i = 1; i < lines.length; i++) if (isBreak(i)) breaks.push(i);
  if (breaks.length < 3) return undefined;
  // The break nearest to `line` within the window, else undefined.
  const nearest = (line: number, lo: number, hi: number): number | undefined => {
    let best: number | undefined;
    let a = 0;
    let b = breaks.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (breaks[m] < lo) a = m + 1;
      else b = m;
    }
    for (let k = a; k < breaks.length && breaks[k] <= hi; k++) if (best === undefined || Math.abs(breaks[k] - line) < Math.abs(best - line)) best = breaks[k];
    return best;
  };
  type Start = { line: number; page: number; estimated: boolean };
  const step = (from: number, dir: 1 | -1): { line: number; estimated: boolean } => {
    const expected = Math.round(from + dir * period);
    const lo = dir > 0 ? from + Math.ceil(period * 0.75) : from - Math.floor(period * 1.3);
    const hi = dir > 0 ? from + Math.floor(period * 1.3) : from - Math.ceil(period * 0.75);
    const found = nearest(expected, lo, hi);
    return found === undefined ? { line: expected, estimated: true } : { line: found, estimated: false };
  };
  const starts: Start[] = [];
  // Before the first number: walk back while the breaks keep the rhythm (two estimates in a row end it).
  const back: Start[] = [];
  let misses = 0;
  for (let cur = at[0].line, page = at[0].page - 1; page >= 1; page--) {
    const s = step(cur, -1);
    if (s.line <= 0) {
      if (cur > period * 0.5) back.push({ line: 0, page, estimated: true });
      break;
    }
    misses = s.estimated ? misses + 1 : 0;
    if (misses >= 2) break;
    back.push({ line: s.line, page, estimated: s.estimated });
    cur = s.line;
  }
  while (back.length && back[back.length - 1].estimated) back.pop();
  pushAll(starts, back.reverse());
  let walked = 0;
  for (let k = 0; k < at.length; k++) {
    const a = at[k];
    const b = at[k + 1];
    starts.push({ line: a.line, page: a.page, estimated: false });
    const inner: Start[] = [];
    let cur = a.line;
    let ok = true;
    for (let page = a.page + 1; b ? page < b.page : cur + period * 0.75 < lines.length; page++) {
      const s = step(cur, 1);
      if (s.line >= (b ? b.line : lines.length)) { ok = !b; break; }
      inner.push({ line: s.line, page, estimated: s.estimated });
      cur = s.line;
    }
    // The last page before the next number must have a page's length.
    if (b && ok && (b.line - cur < period * 0.6 || b.line - cur > period * 1.4)) ok = false;
    if (!b) while (inner.length && inner[inner.length - 1].estimated) inner.pop();
    if (ok) {
      pushAll(starts, inner);
      walked += inner.filter((x) => !x.estimated).length;
    } else {
      // The walk did not arrive: this stretch is cited by the range the numbers give.
      starts.push({ line: -1, page: -1, estimated: true });
    }
  }
  if (!walked) return undefined;
  const map: PageMap = [];
  const offsetOf = (line: number) => (line >= lines.length ? text.length : lines[line].start);
  for (let k = 0; k < starts.length; k++) {
    const s = starts[k];
    if (s.page < 0) continue;
    const next = starts[k + 1];
    if (next && next.page < 0) {
      // An unwalked stretch: from this number to the next one, as a range.
      const after = starts[k + 2];
      if (after) map.push({ start: offsetOf(s.line), end: offsetOf(after.line), number: s.page, label: after.page === s.page + 1 ? String(s.page) : `${s.page}–${after.page - 1}`, ...(after.page === s.page + 1 ? {} : { approximate: true }) });
      k++;
      continue;
    }
    const end = next ? next.line : lines.length;
    const last = map[map.length - 1];
    if (s.estimated && last && last.end === offsetOf(s.line) && !last.label.includes('–')) {
      // An estimated break: the pages it divides are one range.
      last.end = offsetOf(end);
      last.label = `${last.number}–${s.page}`;
      last.approximate = true;
      continue;
    }
    map.push({ start: offsetOf(s.line), end: offsetOf(end), number: s.page, label: String(s.page) });
    if (!next) map[map.length - 1].end = text.length;
  }
  return map;
}

const URL_STOP = new Set([32, 9, 10, 13, 12, 11, 60, 62, 34, 39, 41, 93]); // \s (ASCII) < > " ' ) ]
const isAsciiWord = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
/** Whether c ends a URL: what URL_RE's [^\s<>"')\]] refuses (JavaScript's \s, Unicode spaces included). */
function urlStop(c: number): boolean {
  if (c < 128) return URL_STOP.has(c);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * URLs, as /\b(?:https?|ftp|file):\/\/[^\s<>"')\]]+|\bwww\.[^\s<>"')\]]+/g finds them (the
 * same spans), found from the literal "://" and "www." with indexOf: the regular expression tried
 * every position of the note on every edit.
 */
export function findUrls(text: string): Span[] {
  const found: Span[] = [];
  const tail = (from: number) => {
    let e = from;
    while (e < text.length && !urlStop(text.charCodeAt(e))) e++;
    return e;
  };
  const boundary = (i: number) => i === 0 || !isAsciiWord(text.charCodeAt(i - 1));
  for (let i = text.indexOf('://'); i >= 0; i = text.indexOf('://', i + 1)) {
    let start = -1;
    for (const scheme of ['https', 'http', 'file', 'ftp']) {
      const s = i - scheme.length;
      if (s >= 0 && text.startsWith(scheme, s) && boundary(s)) {
        start = s;
        break;
      }
    }
    const end = tail(i + 3);
    if (start >= 0 && end > i + 3) found.push({ start, end });
  }
  for (let i = text.indexOf('www.'); i >= 0; i = text.indexOf('www.', i + 1)) {
    const end = tail(i + 4);
    if (boundary(i) && end > i + 4) found.push({ start: i, end });
  }
  found.sort((a, b) => a.start - b.start);
  // Leftmost first, no overlaps: what a global match keeps.
  const out: Span[] = [];
  for (const u of found) if (!out.length || u.start >= out[out.length - 1].end) out.push(u);
  return out;
}

export function maskNonProse(text: string, languageId: string): string {
  const markdown = languageId === 'markdown';
  const spans: Span[] = [];
  const mask = (re: RegExp, group = 0) => {
    for (const m of text.matchAll(re)) {
      let s = m.index!;
      let e = s + m[0].length;
      if (group) {
        const inner = m[group];
        s = m.index! + m[0].indexOf(inner);
        e = s + inner.length;
      }
      spans.push({ start: s, end: e });
    }
  };
  for (const u of findUrls(text)) spans.push(u);
  if (markdown) {
    mask(/^---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?=\r?\n|$)/g);
    mask(/^[ \t]*(```|~~~)[^\n]*\n[\s\S]*?(?:\n[ \t]*\1[^\n]*(?=\n|$)|$)/gm);
    mask(/`[^`\n]+`/g);
    // Every pattern here is bounded so an unclosed "](", "[", "<" or "<!--" cannot make a scan quadratic.
    mask(/\]\(([^)\]\n]{0,2000})\)/g, 1);
    mask(/^[ \t]*\[[^\]\n]{1,500}\]:[ \t]*\S+.*$/gm);
    mask(/<[a-z][^<>\n]{0,500}>/gi);
    // HTML comments: found with indexOf; an unclosed one runs to the end of the text, once.
    for (let i = text.indexOf('<!--'); i >= 0; ) {
      const close = text.indexOf('-->', i + 4);
      const end = close < 0 ? text.length : close + 3;
      spans.push({ start: i, end });
      i = close < 0 ? -1 : text.indexOf('<!--', end);
    }
  }
  return blankSpans(text, spans);
}
