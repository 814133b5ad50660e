// Date recognition in prose. One linear scan: a sticky regex finds anchors (digit runs and the
// word "century"), and small hand-written parsers look a bounded distance around each anchor
// (month names before a year, "between", qualifiers such as "the end of", a weekday) and forward
// (month, year, range connector). Every look is bounded in characters, so the whole pass is
// linear in the text length whatever the input. Nothing here throws on any string.

import type { CalendarDate, DateMention, DateOrder, DateStyle } from '../types';
import { invalidReason, isoValue, monthFromName, weekdayFromName } from './calendar';

export interface RecognizeOptions {
  /**
   * How to read an all-numeric date whose order is not evident (03.04.2004). Unset: dotted and
   * dashed dates are day-first, slashed dates month-first ("12/05/2003" = December 5).
   */
  order?: DateOrder;
}

// ---------------------------------------------------------------------------------------------
// Character classes

const MAX_GAP = 40; // whitespace run (at most one line break) allowed between two parts of a date
const MAX_WORD = 12;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Letters of any script, roughly: enough to tell "word glued to a number" from punctuation. */
function isLetterLike(c: number): boolean {
  if (c < 128) return isAsciiLetter(c);
  if (c < 0xc0) return false;
  if (c === 0xd7 || c === 0xf7) return false;
  if (c < 0x2000) return true;
  if (c < 0x3040) return false; // punctuation, symbols, arrows, CJK punctuation
  if (c >= 0xd800 && c <= 0xdfff) return false; // surrogates (emoji and other astral symbols)
  if (c >= 0xe000 && c <= 0xf8ff) return false; // private use
  if (c >= 0xfe00 && c <= 0xfe6f) return false;
  if (c >= 0xfeff) return false;
  return true;
}

function isHSpace(c: number): boolean {
  return (
    c === 32 || c === 9 || c === 0xa0 || c === 0x0b || c === 0x0c ||
    (c >= 0x2000 && c <= 0x200b) || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

function isBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

function isWhite(c: number): boolean {
  return isHSpace(c) || isBreak(c);
}

function isDash(c: number): boolean {
  // hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus
  return c === 45 || c === 0x2010 || c === 0x2011 || c === 0x2012 || c === 0x2013 || c === 0x2014 || c === 0x2212;
}

function isApostrophe(c: number): boolean {
  return c === 39 || c === 0x2019 || c === 0x2032;
}

// ---------------------------------------------------------------------------------------------
// Word lists

/** Lower-case prepositions that PDF extraction glues to a number ("on24 April2004"). */
const GLUE_PREPOSITIONS = new Set(['on', 'in', 'at', 'of', 'by', 'since', 'from', 'until', 'till', 'to', 'and', 'between']);

/** Words after which a 5-7 digit token is a year with a glued footnote number ("in 199820"). */
const FOOTNOTE_PREPOSITIONS = new Set(['in', 'since', 'of', 'from', 'by', 'until', 'till', 'after', 'before', 'during', 'to']);

/** Words after which a number is a reference, not a year ("pp. 1998", "Resolution 1373"). */
const REFERENCE_WORDS = new Set([
  'p', 'pp', 'page', 'pages', 'vol', 'vols', 'volume', 'no', 'nos', 'nr', 'number', 'num', 'art', 'arts',
  'article', 'articles', 'para', 'paras', 'paragraph', 'paragraphs', 'sec', 'section', 'sections', 'ch',
  'chap', 'chapter', 'fig', 'figure', 'tab', 'table', 'resolution', 'resolutions', 'unscr', 'scr', 'isbn',
  'issn', 'tel', 'fax', 'phone', 'flight', 'code', 'doc', 'item', 'op', 'ref', 'footnote', 'fn', 'line',
  'lines', 'ibid', 'id', 'index', 'cf', 'room', 'box', 'route', 'highway', 'model',
]);

/** Words before a number that make a year below 1800 unlikely ("about 1500"). */
const APPROXIMATORS = new Set([
  'about', 'approximately', 'nearly', 'almost', 'some', 'around', 'roughly', 'over', 'than', 'under',
  'only', 'just', 'total', 'estimated', 'least', 'most',
]);

/** Words after a number that make it a quantity ("2000 troops"). */
const UNIT_WORDS = new Set([
  'troops', 'troop', 'soldiers', 'men', 'women', 'people', 'persons', 'personnel', 'servicemen', 'officers',
  'peacekeepers', 'staff', 'employees', 'members', 'participants', 'fighters', 'militants', 'police',
  'policemen', 'guards', 'strong', 'km', 'kms', 'kilometers', 'kilometres', 'miles', 'mi', 'm', 'meters',
  'metres', 'kg', 't', 'tons', 'tonnes', 'ton', 'barrels', 'hectares', 'ha', 'sq', 'cubic', 'mw', 'kw',
  'dollars', 'usd', 'eur', 'euros', 'euro', 'rubles', 'roubles', 'rub', 'pounds', 'gbp', 'yuan', 'tenge',
  'soms', 'manat', 'lari', 'hryvnia', 'units', 'tanks', 'aircraft', 'planes', 'helicopters', 'vehicles',
  'missiles', 'warheads', 'weapons', 'guns', 'rifles', 'ships', 'vessels', 'items', 'pieces', 'times',
  'hours', 'minutes', 'seconds', 'inhabitants', 'residents', 'refugees', 'casualties', 'deaths', 'dead',
  'killed', 'wounded', 'victims', 'votes', 'copies', 'words', 'mln', 'million', 'millions', 'billion',
  'billions', 'thousand', 'thousands', 'percent', 'per', 'pct', 'students', 'workers', 'delegates',
  'households', 'families', 'cases', 'tank', 'km2', 'sorties', 'flights', 'rounds', 'mines', 'posts',
  'villages', 'hrs', 'hectare', 'acres', 'feet', 'ft', 'gallons', 'liters', 'litres',
]);

/** Qualifiers written right before the date: "early 2004", "late 1990s", "summer 2007". */
const LEADING_QUALIFIERS = new Set(['early', 'late', 'mid', 'middle']);
const SEASONS = new Set(['spring', 'summer', 'autumn', 'fall', 'winter']);
/** Nouns of "the end of 2000", "the summer of 1998", "the second half of the 1990s". */
const OF_NOUNS = new Set(['end', 'beginning', 'start', 'middle', 'turn', 'dawn', 'close', 'spring', 'summer', 'autumn', 'fall', 'winter']);
const PART_NOUNS = new Set(['half', 'quarter', 'part', 'third']);
const PART_ADJECTIVES = new Set(['first', 'second', 'third', 'fourth', 'last', 'latter', 'later', 'early', 'earlier', 'late', 'final', 'middle']);

const ORDINAL_WORDS: ReadonlyMap<string, number> = new Map([
  ['eleventh', 11], ['twelfth', 12], ['thirteenth', 13], ['fourteenth', 14], ['fifteenth', 15],
  ['sixteenth', 16], ['seventeenth', 17], ['eighteenth', 18], ['nineteenth', 19], ['twentieth', 20],
]);
const UNIT_ORDINALS: ReadonlyMap<string, number> = new Map([
  ['first', 1], ['second', 2], ['third', 3], ['fourth', 4], ['fifth', 5], ['sixth', 6], ['seventh', 7],
  ['eighth', 8], ['ninth', 9],
]);

/** First letters of month names, upper and lower case, indexed by char code. */
const MONTH_INITIALS: readonly boolean[] = (() => {
  const a: boolean[] = new Array(128).fill(false);
  for (const ch of 'JFMASONDjfmasond') a[ch.charCodeAt(0)] = true;
  return a;
})();

const WEEKDAY_INITIALS: readonly number[] = [77, 84, 87, 70, 83]; // M T W F S

const ABBREVIATIONS = new Set(['jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec']);

// ---------------------------------------------------------------------------------------------
// Parsed pieces

type ExprKind =
  | 'dmy' | 'mdy' | 'month' | 'monthRange' | 'dayRange' | 'numeric' | 'ddmon' | 'iso' | 'isoMonth'
  | 'year' | 'yearRange' | 'decade' | 'century' | 'spaced';

interface Expr {
  start: number;
  end: number;
  kind: ExprKind;
  from: CalendarDate;
  to?: CalendarDate;
  style: DateStyle;
  invalid?: string;
  ambiguous?: boolean;
  approximate?: boolean;
  weekday?: DateMention['weekday'];
}

interface Word {
  start: number;
  end: number;
  /** lower-cased */
  lower: string;
  raw: string;
}

const POINT_KINDS: ReadonlySet<ExprKind> = new Set<ExprKind>(['dmy', 'mdy', 'month', 'numeric', 'ddmon', 'iso', 'isoMonth', 'year']);

// ---------------------------------------------------------------------------------------------

class Recognizer {
  private readonly n: number;
  private readonly out: DateMention[] = [];
  /** End of the last mention: nothing before it may be used again. */
  private lim = 0;
  // cache of the whitespace-delimited token around the current anchor
  private tokStart = -1;
  private tokEnd = -1;
  private tokUrl = false;

  constructor(private readonly t: string, private readonly order: DateOrder | undefined) {
    this.n = t.length;
  }

  private c(i: number): number {
    return i >= 0 && i < this.n ? this.t.charCodeAt(i) : -1;
  }

  run(): DateMention[] {
    const re = /[0-9]+|[Cc]entur(?:y|ies)|CENTUR(?:Y|IES)/g;
    const t = this.t;
    let m: RegExpExecArray | null;
    while ((m = re.exec(t)) !== null) {
      const s = m.index;
      const e = s + m[0].length;
      const len = e - s;
      // No date starts with a 3-digit or an 8+-digit number: skip them before any other work.
      if (len === 3 || len > 7) continue;
      if (s < this.lim) {
        re.lastIndex = this.lim;
        continue;
      }
      if (this.urlToken(s)) {
        re.lastIndex = Math.max(this.tokEnd, e);
        continue;
      }
      const expr = isDigit(t.charCodeAt(s)) ? this.atDigits(s, e) : this.atCentury(s, e);
      if (expr) {
        this.emit(expr);
        re.lastIndex = Math.max(expr.end, e);
      }
    }
    return this.out;
  }

  // -------------------------------------------------------------------------------------------
  // Tokens, gaps and words

  /** Whether the whitespace-delimited token holding `i` is a URL or a key=value piece. */
  private urlToken(i: number): boolean {
    if (i >= this.tokStart && i < this.tokEnd) return this.tokUrl;
    const t = this.t;
    let a = i;
    while (a > 0 && !isWhite(t.charCodeAt(a - 1))) a--;
    let b = i;
    while (b < this.n && !isWhite(t.charCodeAt(b))) b++;
    this.tokStart = a;
    this.tokEnd = b;
    let url = false;
    for (let k = a; k < b; k++) {
      const c = t.charCodeAt(k);
      if (c === 61 /* = */) { url = true; break; }
      if (c === 58 /* : */ && t.charCodeAt(k + 1) === 47 && t.charCodeAt(k + 2) === 47) { url = true; break; }
      if ((c === 119 || c === 87) && k + 3 < b && t.slice(k, k + 4).toLowerCase() === 'www.' && (k === a || !isAsciiLetter(t.charCodeAt(k - 1)))) {
        url = true;
        break;
      }
    }
    this.tokUrl = url;
    return url;
  }

  /** Skip whitespace forward: any spaces, at most one line break, bounded. */
  private gapFwd(p: number): number {
    const t = this.t;
    const end = Math.min(this.n, p + MAX_GAP);
    let i = p;
    let breaks = 0;
    while (i < end) {
      const c = t.charCodeAt(i);
      if (isHSpace(c)) { i++; continue; }
      if (isBreak(c)) {
        if (breaks) break;
        breaks++;
        i++;
        if (c === 13 && i < this.n && t.charCodeAt(i) === 10) i++;
        continue;
      }
      break;
    }
    return i;
  }

  /** Skip whitespace backward from `p` (exclusive end), not below `lim`. */
  private gapBack(p: number, lim: number): number {
    const t = this.t;
    const end = Math.max(lim, p - MAX_GAP);
    let i = p;
    let breaks = 0;
    while (i > end) {
      const c = t.charCodeAt(i - 1);
      if (isHSpace(c)) { i--; continue; }
      if (isBreak(c)) {
        if (breaks) break;
        breaks++;
        i--;
        if (c === 10 && i > end && t.charCodeAt(i - 1) === 13) i--;
        continue;
      }
      break;
    }
    return i;
  }

  private hasBreak(a: number, b: number): boolean {
    for (let i = a; i < b; i++) if (isBreak(this.t.charCodeAt(i))) return true;
    return false;
  }

  /** The ASCII word starting exactly at `p`, if it is a whole word of at most MAX_WORD letters. */
  private wordAt(p: number): Word | undefined {
    const t = this.t;
    if (!isAsciiLetter(this.c(p))) return undefined;
    if (isLetterLike(this.c(p - 1))) return undefined;
    let e = p;
    while (e < this.n && e - p <= MAX_WORD && isAsciiLetter(t.charCodeAt(e))) e++;
    if (e - p > MAX_WORD || isLetterLike(this.c(e))) return undefined;
    const raw = t.slice(p, e);
    return { start: p, end: e, raw, lower: raw.toLowerCase() };
  }

  /** The ASCII word ending exactly at `p` (not glued to more letters), not starting below `lim`. */
  private wordEndingAt(p: number, lim: number): Word | undefined {
    const t = this.t;
    if (!isAsciiLetter(this.c(p - 1))) return undefined;
    let s = p;
    while (s > lim && p - s <= MAX_WORD && isAsciiLetter(t.charCodeAt(s - 1))) s--;
    if (p - s > MAX_WORD || s < lim || isLetterLike(this.c(s - 1))) return undefined;
    const raw = t.slice(s, p);
    return { start: s, end: p, raw, lower: raw.toLowerCase() };
  }

  /** The word before `p` across a gap (possibly empty), not starting below `lim`. */
  private wordBefore(p: number, lim: number): Word | undefined {
    return this.wordEndingAt(this.gapBack(p, lim), lim);
  }

  private digitRun(p: number): number {
    let e = p;
    while (e < this.n && e - p < 9 && isDigit(this.t.charCodeAt(e))) e++;
    return e - p;
  }

  private int(p: number, len: number): number {
    let v = 0;
    for (let i = p; i < p + len; i++) v = v * 10 + (this.t.charCodeAt(i) - 48);
    return v;
  }

  // -------------------------------------------------------------------------------------------
  // Pieces: month names, years

  /** A month name at `p` (whole word), with an abbreviation's period consumed. */
  private monthAt(p: number): { month: number; end: number; start: number } | undefined {
    const t = this.t;
    if (!MONTH_INITIALS[this.c(p) & 0x7f] || this.c(p) > 0x7f) return undefined;
    // A digit may stand right before ("23March"); a letter may not.
    if (isLetterLike(this.c(p - 1))) return undefined;
    let e = p;
    while (e < this.n && e - p <= 9 && isAsciiLetter(t.charCodeAt(e))) e++;
    if (e - p > 9 || e - p < 3 || isLetterLike(this.c(e))) return undefined;
    const word = t.slice(p, e);
    const month = monthFromName(word);
    if (month === undefined) return undefined;
    let end = e;
    if (this.c(e) === 46 /* . */ && ABBREVIATIONS.has(word.toLowerCase())) end++;
    return { month, end, start: p };
  }

  /** A month name ending at `p` (optionally followed by its period), not below `lim`. */
  private monthEndingAt(p: number, lim: number): { month: number; start: number } | undefined {
    let q = p;
    if (this.c(q - 1) === 46) q--;
    const t = this.t;
    let s = q;
    while (s > lim && q - s <= 9 && isAsciiLetter(t.charCodeAt(s - 1))) s--;
    if (q - s < 3 || q - s > 9) return undefined;
    const m = this.monthAt(s);
    if (!m || m.end !== p) return undefined;
    return { month: m.month, start: s };
  }

  /**
   * A year at `p`: exactly four digits 1000-2099, or (with `glued`) a 5-7 digit token whose first
   * four digits are a year 1900-2029 followed by a footnote number ("199820").
   */
  private yearAt(p: number, glued: boolean): { year: number; end: number } | undefined {
    if (!isDigit(this.c(p))) return undefined;
    const len = this.digitRun(p);
    if (len === 4) {
      const y = this.int(p, 4);
      if (y < 1000 || y > 2099) return undefined;
      return { year: y, end: p + 4 };
    }
    if (glued && len >= 5 && len <= 7 && this.c(p + 4) !== 48 && !isLetterLike(this.c(p + len))) {
      const y = this.int(p, 4);
      if (y < 1900 || y > 2029) return undefined;
      return { year: y, end: p + 4 };
    }
    return undefined;
  }

  /** After a month name: "[,] 2003", " of 2003", "2003" (glued). */
  private monthYearTail(q: number): { year: number; end: number } | undefined {
    let g = this.gapFwd(q);
    if (this.c(g) === 44 /* , */) g = this.gapFwd(g + 1);
    else if (g > q) {
      const w = this.wordAt(g);
      if (w && w.lower === 'of') {
        const g2 = this.gapFwd(w.end);
        if (g2 === w.end) return undefined;
        g = g2;
      }
    }
    return this.yearAt(g, true);
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  /** Any single date expression starting exactly at `p`. */
  private exprAt(p: number): Expr | undefined {
    const c = this.c(p);
    if (isAsciiLetter(c)) return this.fromMonth(p);
    if (!isDigit(c)) return undefined;
    if (isLetterLike(this.c(p - 1))) return undefined;
    const len = this.digitRun(p);
    if (len <= 2) return this.fromDay(p, len);
    if (len === 4) {
      const e = this.fromYear(p);
      if (e && e.kind === 'year' && !this.plainYearAfterOk(e.end, e.start)) return undefined;
      return e;
    }
    return undefined;
  }

  /** "December 2003", "December 12, 2003", "August-September 2003", "January of 1994". */
  private fromMonth(p: number): Expr | undefined {
    const m = this.monthAt(p);
    if (!m) return undefined;
    const g = this.gapFwd(m.end);
    const c = this.c(g);
    // Month D, YYYY
    if (isDigit(c)) {
      const len = this.digitRun(g);
      if (len <= 2) {
        const day = this.int(g, len);
        let q = g + len;
        const suf = this.ordinalSuffixEnd(q);
        if (suf > 0) q = suf;
        if (!isLetterLike(this.c(q)) && day >= 1 && day <= 31) {
          let g2 = this.gapFwd(q);
          // May 9-10, 2003
          if (isDash(this.c(g2))) {
            const g3 = this.gapFwd(g2 + 1);
            const len2 = this.digitRun(g3);
            if (len2 < 1 || len2 > 2) return undefined;
            const day2 = this.int(g3, len2);
            let q2 = g3 + len2;
            const suf2 = this.ordinalSuffixEnd(q2);
            if (suf2 > 0) q2 = suf2;
            let g4 = this.gapFwd(q2);
            if (this.c(g4) === 44) g4 = this.gapFwd(g4 + 1);
            else if (g4 === q2) return undefined;
            const y = this.yearAt(g4, true);
            if (!y || day2 < 1 || day2 > 31) return undefined;
            return this.dayRange(p, y.end, { year: y.year, month: m.month, day, precision: 'day' }, { year: y.year, month: m.month, day: day2, precision: 'day' });
          }
          if (this.c(g2) === 44) g2 = this.gapFwd(g2 + 1);
          else if (g2 === q) return undefined; // "May 12" glued to something
          const y = this.yearAt(g2, true);
          if (y) return this.dayExpr(p, y.end, y.year, m.month, day, 'mdy');
        }
        return undefined;
      }
    }
    // Month–Month YYYY
    if (isDash(c)) {
      const g2 = this.gapFwd(g + 1);
      const m2 = this.monthAt(g2);
      if (m2) {
        const y = this.monthYearTail(m2.end);
        if (y) {
          // "December-January 2004": the first month is in the year before
          return {
            start: p, end: y.end, kind: 'monthRange', style: 'other',
            from: { year: m.month > m2.month ? y.year - 1 : y.year, month: m.month, precision: 'month' },
            to: { year: y.year, month: m2.month, precision: 'month' },
          };
        }
      }
      return undefined;
    }
    const y = this.monthYearTail(m.end);
    if (!y) return undefined;
    return { start: p, end: y.end, kind: 'month', style: 'month-year', from: { year: y.year, month: m.month, precision: 'month' } };
  }

  /** End of an ordinal suffix ("th", "st", "nd", "rd") at `q`, or 0. */
  private ordinalSuffixEnd(q: number): number {
    const a = this.c(q) | 32;
    const b = this.c(q + 1) | 32;
    if (
      ((a === 115 && b === 116) || (a === 110 && b === 100) || (a === 114 && b === 100) || (a === 116 && b === 104)) &&
      !isLetterLike(this.c(q + 2))
    ) {
      return q + 2;
    }
    return 0;
  }

  private dayExpr(start: number, end: number, year: number, month: number, day: number, style: DateStyle): Expr {
    const from: CalendarDate = { year, month, day, precision: 'day' };
    const expr: Expr = { start, end, kind: style === 'mdy' ? 'mdy' : 'dmy', style, from };
    const why = invalidReason(from);
    if (why) expr.invalid = why;
    return expr;
  }

  /** A 1-2 digit number at `p`: day of a date, numeric date, day range, ordinal century. */
  private fromDay(p: number, len: number): Expr | undefined {
    const day = this.int(p, len);
    const q = p + len;
    const c = this.c(q);
    // Numeric: 10.04.2004, 12/12/2003, 3-4-2004; 28.MAR.2008
    if ((c === 46 || c === 47 || c === 45) && !isWhite(this.c(q + 1))) {
      const numeric = this.numeric(p, len, c);
      if (numeric) return numeric;
    }
    // Day range: 12-14 May 2003
    if (isDash(c) || (isHSpace(c) && isDash(this.c(this.gapFwd(q))))) {
      const d = this.gapFwd(q);
      const g = this.gapFwd(d + 1);
      const len2 = this.digitRun(g);
      if (isDash(this.c(d)) && len2 >= 1 && len2 <= 2) {
        const day2 = this.int(g, len2);
        const g3 = this.gapFwd(g + len2);
        const m = this.monthAt(g3);
        if (m && day >= 1 && day <= 31 && day2 >= 1 && day2 <= 31) {
          const y = this.monthYearTail(m.end);
          if (y) {
            return this.dayRange(p, y.end, { year: y.year, month: m.month, day, precision: 'day' }, { year: y.year, month: m.month, day: day2, precision: 'day' });
          }
        }
      }
    }
    let after = q;
    const suf = this.ordinalSuffixEnd(q);
    if (suf > 0) {
      after = suf;
      // 21st century, 19th-century
      let g = this.gapFwd(after);
      if (g === after && isDash(this.c(g))) g++;
      const w = this.wordAt(g);
      if (w && (w.lower === 'century' || w.lower === 'centuries') && day >= 1 && day <= 30) {
        return this.centuryExpr(p, w.end, day);
      }
    } else if (isLetterLike(c) && !isAsciiLetter(c)) {
      return undefined;
    }
    if (day < 1 || day > 31) return undefined;
    // D [of] Month[,] YYYY
    let g = this.gapFwd(after);
    const w = this.wordAt(g);
    if (w && w.lower === 'of' && g > after) {
      const g2 = this.gapFwd(w.end);
      if (g2 === w.end) return undefined;
      g = g2;
    }
    const m = this.monthAt(g);
    if (!m) return undefined;
    const y = this.monthYearTail(m.end);
    if (y) return this.dayExpr(p, y.end, y.year, m.month, day, 'dmy');
    // 1 January – 30 June 2004 (a range whose first end omits the year)
    const d = this.gapFwd(m.end);
    if (!isDash(this.c(d))) return undefined;
    const g2 = this.gapFwd(d + 1);
    const len2 = this.digitRun(g2);
    if (len2 < 1 || len2 > 2) return undefined;
    const day2 = this.int(g2, len2);
    let q2 = g2 + len2;
    const suf2 = this.ordinalSuffixEnd(q2);
    if (suf2 > 0) q2 = suf2;
    const m2 = this.monthAt(this.gapFwd(q2));
    if (!m2 || day2 < 1 || day2 > 31) return undefined;
    const y2 = this.monthYearTail(m2.end);
    if (!y2) return undefined;
    // "28 December – 3 January 2004": the first end is in the year before
    const y1 = m.month > m2.month ? y2.year - 1 : y2.year;
    return this.dayRange(p, y2.end, { year: y1, month: m.month, day, precision: 'day' }, { year: y2.year, month: m2.month, day: day2, precision: 'day' });
  }

  private dayRange(start: number, end: number, from: CalendarDate, to: CalendarDate): Expr {
    const expr: Expr = { start, end, kind: 'dayRange', style: 'other', from, to };
    const why = invalidReason(from) ?? invalidReason(to);
    if (why) expr.invalid = why;
    return expr;
  }

  private numeric(p: number, len: number, sep: number): Expr | undefined {
    const a = this.int(p, len);
    const q = p + len + 1;
    const len2 = this.digitRun(q);
    if (len2 >= 1 && len2 <= 2) {
      if (this.c(q + len2) !== sep) return undefined;
      const yp = q + len2 + 1;
      if (this.digitRun(yp) !== 4) return undefined;
      const year = this.int(yp, 4);
      const end = yp + 4;
      if (year < 1000 || year > 2099) return undefined;
      const after = this.c(end);
      if ((after === 46 || after === 47 || after === 45 || after === 44) && isDigit(this.c(end + 1))) return undefined;
      if (after === 47 || after === 45) return undefined; // 12/12/2003/..., 12-12-2003-x
      const b = this.int(q, len2);
      if (a > 31 || b > 31) return undefined;
      const order: DateOrder = this.order ?? (sep === 47 ? 'mdy' : 'dmy');
      const other: DateOrder = order === 'dmy' ? 'mdy' : 'dmy';
      const read = (o: DateOrder): CalendarDate =>
        o === 'dmy' ? { year, month: b, day: a, precision: 'day' } : { year, month: a, day: b, precision: 'day' };
      const pref = read(order);
      const alt = read(other);
      const prefWhy = invalidReason(pref);
      const altWhy = invalidReason(alt);
      const style = (o: DateOrder): DateStyle => (o === 'dmy' ? 'numeric-dmy' : 'numeric-mdy');
      if (!prefWhy) {
        const expr: Expr = { start: p, end, kind: 'numeric', style: style(order), from: pref };
        if (!altWhy && a !== b) expr.ambiguous = true;
        return expr;
      }
      if (!altWhy) return { start: p, end, kind: 'numeric', style: style(other), from: alt };
      return { start: p, end, kind: 'numeric', style: style(order), from: pref, invalid: prefWhy };
    }
    // 28.MAR.2008, 28-Mar-2008
    if (sep === 46 || sep === 45) {
      let e = q;
      while (e < this.n && e - q <= 9 && isAsciiLetter(this.t.charCodeAt(e))) e++;
      if (e - q < 3 || e - q > 9 || this.c(e) !== sep) return undefined;
      const month = monthFromName(this.t.slice(q, e)) ?? monthFromName(this.t.slice(q, e).toUpperCase());
      if (month === undefined) return undefined;
      if (this.digitRun(e + 1) !== 4) return undefined;
      const year = this.int(e + 1, 4);
      if (year < 1000 || year > 2099) return undefined;
      if (a < 1 || a > 31) return undefined;
      const expr = this.dayExpr(p, e + 5, year, month, a, 'dd-mon-yyyy');
      expr.kind = 'ddmon';
      return expr;
    }
    return undefined;
  }

  /** A 4-digit number at `p`: ISO date, decade, or a plain year (context is checked later). */
  private fromYear(p: number): Expr | undefined {
    const y = this.yearAt(p, false);
    if (!y) return undefined;
    const year = y.year;
    const q = p + 4;
    const c = this.c(q);
    // ISO 2003-12-12, 2003-12
    if (c === 45 && this.digitRun(q + 1) === 2) {
      const month = this.int(q + 1, 2);
      if (this.c(q + 3) === 45 && this.digitRun(q + 4) === 2) {
        const day = this.int(q + 4, 2);
        const end = q + 6;
        const after = this.c(end);
        if (isLetterLike(after) || ((after === 45 || after === 47 || after === 46) && isDigit(this.c(end + 1)))) return undefined;
        if (month > 31 || day > 31) return undefined;
        const from: CalendarDate = { year, month, day, precision: 'day' };
        const expr: Expr = { start: p, end, kind: 'iso', style: 'iso', from };
        const why = invalidReason(from);
        if (why) expr.invalid = why;
        return expr;
      }
      const end = q + 3;
      const after = this.c(end);
      if (isLetterLike(after) || ((after === 45 || after === 47 || after === 46) && isDigit(this.c(end + 1)))) return undefined;
      if (month >= 1 && month <= 12) {
        return { start: p, end, kind: 'isoMonth', style: 'iso', from: { year, month, precision: 'month' } };
      }
      // 1991-94: a range with the second year shortened (only where it cannot be a month)
      const to = year - (year % 100) + month;
      if (to > year) {
        return { start: p, end, kind: 'yearRange', style: 'other', from: { year, precision: 'year' }, to: { year: to, precision: 'year' } };
      }
      return undefined;
    }
    // Decades: 1990s, 1990’s, 1990's, 1990-s (a footnote number may be glued: "1990s36")
    if (year % 10 === 0) {
      let sEnd = -1;
      if ((c === 115) && !isLetterLike(this.c(q + 1))) sEnd = q + 1;
      else if ((isApostrophe(c) || c === 45) && this.c(q + 1) === 115 && !isLetterLike(this.c(q + 2))) sEnd = q + 2;
      if (sEnd > 0) {
        return { start: p, end: sEnd, kind: 'decade', style: 'other', from: { year, precision: 'decade' } };
      }
    }
    return { start: p, end: q, kind: 'year', style: 'year', from: { year, precision: 'year' } };
  }

  private centuryExpr(start: number, end: number, n: number): Expr {
    return { start, end, kind: 'century', style: 'other', from: { year: (n - 1) * 100, precision: 'century' } };
  }

  // -------------------------------------------------------------------------------------------
  // Context checks for bare years

  /** Left context that rules a number out as the start of any date. */
  private leftOk(s: number): boolean {
    const cb = this.c(s - 1);
    if (cb < 0) return true;
    if (isLetterLike(cb)) {
      if (!isAsciiLetter(cb) || !isAsciiLetter(this.c(s - 2))) return false; // prepositions have 2+ letters
      const w = this.wordEndingAt(s, 0);
      if (w && w.raw === w.lower && GLUE_PREPOSITIONS.has(w.lower)) return true;
      return false;
    }
    if (cb === 47 || cb === 92 || cb === 95 /* _ */ || cb === 0x2116 /* № */ || cb === 35 /* # */) return false;
    const cbb = this.c(s - 2);
    if ((cb === 46 || cb === 44 || cb === 58 || cb === 43 || isDash(cb) || cb === 47) && isDigit(cbb)) return false;
    if (isDash(cb) && isLetterLike(cbb)) {
      // "Peaceful mission-2007", "S-300"; but "mid-2001", "post-2001"
      const w = this.wordEndingAt(s - 1, 0);
      if (!w || !(w.lower === 'mid' || w.lower === 'pre' || w.lower === 'post')) return false;
    }
    if (isBreak(cb) || isHSpace(cb)) {
      // "South-Antiterror-⏎2002": a word hyphenated over the line break
      const q = this.gapBack(s, 0);
      if (isDash(this.c(q - 1)) && isLetterLike(this.c(q - 2)) && this.hasBreak(q, s)) return false;
    }
    return true;
  }

  /** A bare year at [s, s+4) preceded by a reference word or currency is a number, not a year. */
  private plainYearBeforeOk(s: number, year: number): boolean {
    const q = this.gapBack(s, 0);
    const cb = this.c(q - 1);
    if (cb === 36 || cb === 0x20ac || cb === 0xa3 || cb === 0xa5 || cb === 0xa7 || cb === 43 || cb === 0x2116 || cb === 35) return false;
    let w = this.wordEndingAt(q, 0);
    if (!w && cb === 46) w = this.wordEndingAt(q - 1, 0);
    if (w) {
      // "No. 104", "No 104" but not the English "no" ("there was no 2004 summit")
      if (REFERENCE_WORDS.has(w.lower) && !(w.raw === 'no' && cb !== 46)) return false;
      if (year < 1800 && APPROXIMATORS.has(w.lower)) return false;
      if (w.lower === 'us' && cb === 36) return false;
    }
    return true;
  }

  /** Right context of a bare year ending at `e`: not a quantity, not part of a longer number. */
  private plainYearAfterOk(e: number, start: number): boolean {
    const c = this.c(e);
    // Sandwiched between digit groups ("+7 495 2004 123", "1 2004 000"): a phone or a count.
    if (c === 32 && isDigit(this.c(e + 1)) && this.c(start - 1) === 32 && isDigit(this.c(start - 2))) return false;
    if (isLetterLike(c)) return false;
    if (c === 37 /* % */) return false;
    if ((c === 47 || c === 46 || c === 58 || isDash(c)) && isDigit(this.c(e + 1))) return false;
    if (c === 47 && isAsciiLetter(this.c(e + 1))) return false;
    if (isDash(c) && isAsciiLetter(this.c(e + 1))) {
      const w = this.wordAt(e + 1);
      if (w && w.lower === 'strong') return false;
    }
    const g = this.gapFwd(e);
    const cg = this.c(g);
    if (cg === 37) return false;
    const w = this.wordAt(g);
    if (w && UNIT_WORDS.has(w.lower)) return false;
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // Anchors

  private atDigits(s: number, e: number): Expr | undefined {
    const len = e - s;
    if (len > 7) return undefined;
    if (!this.leftOk(s)) return undefined;
    if (len <= 2) {
      let expr = this.fromDay(s, len);
      if (!expr) {
        // Month D, YYYY: the month stands before the anchor
        const q = this.gapBack(s, this.lim);
        if (q < s) {
          const m = this.monthEndingAt(q, this.lim);
          if (m) {
            const x = this.fromMonth(m.start);
            if (x && (x.kind === 'mdy' || x.kind === 'dayRange') && x.end > s) expr = x;
          }
        }
      }
      if (!expr && len === 1) expr = this.spacedYear(s);
      return expr ? this.extend(expr) : undefined;
    }
    if (len === 4 || (len >= 5 && len <= 7)) {
      const ms = this.monthStartBefore(s);
      if (ms >= 0) {
        const x = this.fromMonth(ms);
        if (x && x.end > s) return this.extend(x);
      }
      if (len > 4) {
        // Glued footnote number: "came next in 199820", "since⏎199677"
        const w = this.wordBefore(s, 0);
        if (!w || !FOOTNOTE_PREPOSITIONS.has(w.lower) || w.end === s) return undefined;
        const y = this.yearAt(s, true);
        if (!y || !this.plainYearBeforeOk(s, y.year)) return undefined;
        const g = this.gapFwd(s + len);
        const u = this.wordAt(g);
        if (u && UNIT_WORDS.has(u.lower)) return undefined;
        return this.extend({ start: s, end: s + 4, kind: 'year', style: 'year', from: { year: y.year, precision: 'year' } });
      }
      const x = this.fromYear(s);
      if (!x) return undefined;
      if (x.kind === 'yearRange' || x.kind === 'isoMonth') {
        if (!this.plainYearBeforeOk(s, x.from.year) || !this.plainYearAfterOk(x.end, s)) return undefined;
        return x;
      }
      if (x.kind === 'year') {
        if (!this.plainYearBeforeOk(s, x.from.year)) return undefined;
        const range = this.range(x);
        if (range) return range;
        if (!this.plainYearAfterOk(x.end, s)) return undefined;
        return this.qualify(x);
      }
      return this.extend(x);
    }
    return undefined;
  }

  /** Start of the month name(s) written before a year at `s`, or -1. */
  private monthStartBefore(s: number): number {
    const lim = this.lim;
    let q = this.gapBack(s, lim);
    if (q < s && this.c(q - 1) === 44) {
      q = this.gapBack(q - 1, lim);
    } else if (q < s) {
      const w = this.wordEndingAt(q, lim);
      if (w && w.lower === 'of') {
        const q2 = this.gapBack(w.start, lim);
        if (q2 === w.start) return -1;
        q = q2;
      }
    }
    const m = this.monthEndingAt(q, lim);
    if (!m) return -1;
    // Month–Month YYYY
    const q2 = this.gapBack(m.start, lim);
    if (isDash(this.c(q2 - 1))) {
      const q3 = this.gapBack(q2 - 1, lim);
      const m1 = this.monthEndingAt(q3, lim);
      if (m1) return m1.start;
    }
    return m.start;
  }

  /** "( 2 0 0 5 )": a letter-spaced year in parentheses. */
  private spacedYear(s: number): Expr | undefined {
    const c = (i: number): number => this.c(s + i);
    if (!(c(1) === 32 && isDigit(c(2)) && c(3) === 32 && isDigit(c(4)) && c(5) === 32 && isDigit(c(6)))) return undefined;
    if (!(c(7) === 41 || (c(7) === 32 && c(8) === 41))) return undefined;
    if (!(c(-1) === 40 || (c(-1) === 32 && c(-2) === 40))) return undefined;
    const year = (c(0) - 48) * 1000 + (c(2) - 48) * 100 + (c(4) - 48) * 10 + (c(6) - 48);
    if (year < 1000 || year > 2099) return undefined;
    return { start: s, end: s + 7, kind: 'spaced', style: 'year', from: { year, precision: 'year' } };
  }

  /** "XIX century", "nineteenth century", "twenty-first century" (digits are handled as days). */
  private atCentury(s: number, e: number): Expr | undefined {
    const w = this.wordAt(s);
    if (!w || !(w.lower === 'century' || w.lower === 'centuries') || w.end < e) return undefined;
    let q = this.gapBack(s, this.lim);
    if (q === s && isDash(this.c(s - 1))) q = s - 1;
    if (q === s) return undefined;
    const prev = this.wordEndingAt(q, this.lim);
    if (!prev) return undefined;
    let n = 0;
    let start = prev.start;
    if (/^[IVXL]+$/.test(prev.raw)) {
      n = romanValue(prev.raw);
    } else {
      n = ORDINAL_WORDS.get(prev.lower) ?? 0;
      const unit = UNIT_ORDINALS.get(prev.lower);
      if (unit !== undefined) {
        // twenty-first, twenty first
        let q2 = prev.start;
        if (isDash(this.c(q2 - 1))) q2--;
        else q2 = this.gapBack(q2, this.lim);
        const tens = this.wordEndingAt(q2, this.lim);
        if (tens && tens.lower === 'twenty') {
          n = 20 + unit;
          start = tens.start;
        }
      }
    }
    if (n < 1 || n > 30) return undefined;
    return this.extend(this.centuryExpr(start, w.end, n));
  }

  // -------------------------------------------------------------------------------------------
  // Extensions: ranges, qualifiers, weekday

  private extend(x: Expr): Expr {
    if (POINT_KINDS.has(x.kind) || x.kind === 'decade') {
      const r = this.range(x);
      if (r) return r;
    }
    const q = this.qualify(x);
    if (q !== x) return q;
    if (x.from.precision === 'day' && x.kind !== 'dayRange') this.weekday(x);
    return x;
  }

  /** "1995-1996", "2004 – 2009", "2003/2004", "between X and Y", "from X to Y", "1980s-1990s". */
  private range(x: Expr): Expr | undefined {
    const g = this.gapFwd(x.end);
    const c = this.c(g);
    let second: Expr | undefined;
    let needLead = false;
    if (isDash(c)) {
      if (x.kind === 'year' && c === 45 && g === x.end && this.c(g + 1) === 115) return undefined; // 1990-s
      const g2 = this.gapFwd(g + 1);
      second = this.exprAt(g2);
    } else if (c === 47 && g === x.end && x.kind === 'year') {
      const y = this.yearAt(g + 1, false);
      if (y) {
        const after = this.c(y.end);
        if (after === 47 || isLetterLike(after) || ((after === 46 || isDash(after)) && isDigit(this.c(y.end + 1)))) return undefined;
        second = { start: g + 1, end: y.end, kind: 'year', style: 'year', from: { year: y.year, precision: 'year' } };
      }
    } else if (g > x.end && (c === 97 || c === 116 || c === 117)) {
      // "and" / "to", "till", "through", "thru" / "until": only after "between" / "from"
      const w = this.wordAt(g);
      if (!w) return undefined;
      const lead = this.wordBefore(x.start, this.lim);
      const ok =
        lead &&
        ((lead.lower === 'between' && w.lower === 'and') ||
          (lead.lower === 'from' && (w.lower === 'to' || w.lower === 'till' || w.lower === 'until' || w.lower === 'through' || w.lower === 'thru')));
      if (!ok) return undefined;
      const g2 = this.gapFwd(w.end);
      if (g2 > w.end) second = this.exprAt(g2);
      needLead = true;
    }
    if (!second) return undefined;
    const bothDecades = x.kind === 'decade' && second.kind === 'decade';
    if (!bothDecades && !(POINT_KINDS.has(x.kind) && POINT_KINDS.has(second.kind))) return undefined;
    let start = x.start;
    // "between … and …", "from … to …" (and "from 1997–2000") take the leading word into the span
    const lead = this.wordBefore(x.start, this.lim);
    if (lead && (lead.lower === 'between' || lead.lower === 'from')) start = lead.start;
    else if (needLead) return undefined;
    const r: Expr = { start, end: second.end, kind: x.kind, style: 'other', from: x.from, to: second.from };
    const why = x.invalid ?? second.invalid;
    if (why) r.invalid = why;
    return r;
  }

  /** "early 2004", "mid-2001", "the end of May 2003", "the second half of the 1990s". */
  private qualify(x: Expr): Expr {
    const k = x.kind;
    if (!(k === 'month' || k === 'year' || k === 'decade' || k === 'century' || k === 'monthRange')) return x;
    const lim = this.lim;
    // mid-2001, mid-December
    if (isDash(this.c(x.start - 1))) {
      const w = this.wordEndingAt(x.start - 1, lim);
      if (w && (w.lower === 'mid' || w.lower === 'early' || w.lower === 'late')) return this.approx(x, w.start, false);
      return x;
    }
    const w1 = this.wordBefore(x.start, lim);
    if (!w1) return x;
    if (LEADING_QUALIFIERS.has(w1.lower)) return this.approx(x, w1.start, false);
    if (SEASONS.has(w1.lower) && k === 'year') return this.approx(x, w1.start, true);
    if (w1.lower === 'in' && (k === 'month' || k === 'year')) {
      const w2 = this.wordBefore(w1.start, lim);
      if (w2 && (w2.lower === 'early' || w2.lower === 'late')) return this.approx(x, w2.start, false);
      return x;
    }
    let of = w1;
    if (w1.lower === 'the') {
      const w = this.wordBefore(w1.start, lim);
      if (!w || w.lower !== 'of') {
        // "the early 1990s" is handled above only without "the" in between; nothing else here
        return x;
      }
      of = w;
    }
    if (of.lower !== 'of') return x;
    const noun = this.wordBefore(of.start, lim);
    if (!noun) return x;
    if (OF_NOUNS.has(noun.lower)) {
      return this.approx(x, noun.start, SEASONS.has(noun.lower) && k === 'year');
    }
    if (PART_NOUNS.has(noun.lower)) {
      const adj = this.wordBefore(noun.start, lim);
      if (adj && PART_ADJECTIVES.has(adj.lower)) return this.approx(x, adj.start, false);
    }
    return x;
  }

  private approx(x: Expr, start: number, season: boolean): Expr {
    const r: Expr = { ...x, start, approximate: true, style: 'other' };
    if (season) r.from = { year: x.from.year, precision: 'season' };
    return r;
  }

  /** "Tuesday, 8 December 1991": record the weekday (the mention's span then starts at it). */
  private weekday(x: Expr): void {
    let q = this.gapBack(x.start, this.lim);
    if (this.c(q - 1) === 44) q = this.gapBack(q - 1, this.lim);
    let end = q;
    if (this.c(q - 1) === 46) end = q - 1;
    if (!isAsciiLetter(this.c(end - 1))) return;
    const w = this.wordEndingAt(end, this.lim);
    if (!w || !WEEKDAY_INITIALS.includes(w.raw.charCodeAt(0))) return;
    const index = weekdayFromName(w.raw);
    if (index === undefined) return;
    x.weekday = { index, start: w.start, end: w.end, text: w.raw };
  }

  // -------------------------------------------------------------------------------------------

  private emit(x: Expr): void {
    // A weekday written before the date is part of what the writer wrote as the date
    // ("Friday, 12 December 2003"); `weekday` keeps its own span for the weekday check.
    const start = x.weekday ? Math.min(x.start, x.weekday.start) : x.start;
    const mention: DateMention = {
      start,
      end: x.end,
      text: this.t.slice(start, x.end),
      // An impossible date keeps the value as written ("2002-02-29"); `invalid` says why.
      value: isoValue(x.from, x.to),
      from: x.from,
      style: x.style,
    };
    if (x.to) mention.to = x.to;
    if (x.invalid) mention.invalid = x.invalid;
    if (x.ambiguous) mention.ambiguous = true;
    if (x.weekday) mention.weekday = x.weekday;
    if (x.approximate) mention.approximate = true;
    this.out.push(mention);
    this.lim = x.end;
  }
}

function romanValue(s: string): number {
  const v: Record<string, number> = { I: 1, V: 5, X: 10, L: 50 };
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const a = v[s[i]!] ?? 0;
    const b = i + 1 < s.length ? v[s[i + 1]!] ?? 0 : 0;
    total += a < b ? -a : a;
  }
  return total;
}

/**
 * Find the dates in `text`: sorted by start, non-overlapping, offsets are UTF-16 indexes into
 * `text`. Never throws.
 */
export function recognizeDates(text: string, options?: RecognizeOptions): DateMention[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  try {
    return new Recognizer(text, options?.order).run();
  } catch {
    // Defensive: the parsers are written not to throw; a bug must not take the server down.
    return [];
  }
}
