// The date grammar. One linear scan: a sticky regex finds anchors (digit runs, month names and the
// word "century"), and small parsers look a bounded distance around each anchor (month names before
// a year, "between", qualifiers such as "the end of", a weekday) and forward (month, year, era, range
// connector). Every look is bounded in characters (see cursor.ts), so the pass is linear in the text
// length whatever the input. Nothing here throws on any string.

import type { CalendarDate, DateMention, DateOrder, DateStyle } from '../types';
import { MONTHS, MONTH_ABBREVIATIONS as MONTH_ABBREVIATION_NAMES, invalidReason, isoValue, monthFromName, weekdayFromName } from './calendar';
import {
  ASCII_CASE_BIT, COLON, COMMA, EQUALS, HYPHEN, LOWER_A, LOWER_S, LOWER_T, LOWER_U, LOWER_W, LPAREN, PERCENT, PERIOD, RPAREN,
  SLASH, SPACE, UNDERSCORE, BACKSLASH, UPPER_W, UPPER_T, DIGIT_0, NUMERO_SIGN, HASH, DOLLAR, PLUS,
  isApostrophe, isAsciiLetter, isBreak, isCurrencyOrNumberSign, isDash, isDigit, isHSpace, isLetterLike,
  isNumericSeparator, isUpperAscii, isWhite,
} from './chars';
import { Cursor, type MonthWord, type Word } from './cursor';
import {
  APPROXIMATORS, CENTURY_ORDINALS, ERAS_BEFORE_CHRIST, ERAS_COMMON, FOOTNOTE_PREPOSITIONS, FROM_CONNECTORS,
  GLUE_PREPOSITIONS, LEADING_QUALIFIERS, OF_NOUNS, ORDINAL_DAYS, ORDINAL_TENS, PART_ADJECTIVES, PART_NOUNS,
  REFERENCE_WORDS, SEASONS, UNIT_ORDINALS, UNIT_WORDS, YEARLESS_LEADS,
} from './lexicon';

/**
 * Two-digit years ("3rd Feb 82", "10/31/74"): 00-49 are read as 2000-2049, 50-99 as 1950-1999, as
 * chrono-node does. The mention says `twoDigitYear` so a check can say the century was assumed.
 */
export const TWO_DIGIT_YEAR_PIVOT = 50;

/** Bare years ("in 2004") are 1000-2099; a year written with a month may be up to 9999, a year with an era 1-9999. */
const BARE_YEAR_MIN = 1000;
const BARE_YEAR_MAX = 2099;
const DATED_YEAR_MAX = 9999;

/** First letters of the eras (lower case char codes): "ad", "bce", "c.e."… */
const ERA_INITIALS: ReadonlySet<number> = new Set([...ERAS_BEFORE_CHRIST, ...ERAS_COMMON].map((e) => e.charCodeAt(0) | ASCII_CASE_BIT));

/** First letters of weekday names: M T W F S. */
const WEEKDAY_INITIALS: readonly number[] = [...'MTWFS'].map((ch) => ch.charCodeAt(0));

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
  /** Written without a year: `from.year` (and `to.year`) are placeholders until a range gives one. */
  yearless?: boolean;
  twoDigitYear?: boolean;
  /** A numeric date: the order it was read in and the other reading (for ranges that must agree). */
  order?: DateOrder;
  swapped?: CalendarDate;
}

interface YearTail {
  year: number;
  end: number;
  twoDigit?: boolean;
}

const POINT_KINDS: ReadonlySet<ExprKind> = new Set<ExprKind>(['dmy', 'mdy', 'month', 'numeric', 'ddmon', 'iso', 'isoMonth', 'year']);
/** Kinds that carry a day: "17 August 2013 to 19 August 2013" is a range without "from". */
const DAY_KINDS: ReadonlySet<ExprKind> = new Set<ExprKind>(['dmy', 'mdy', 'numeric', 'ddmon', 'iso']);

/** Placeholder year of a yearless expression (never shown: the value is "--MM-DD"). */
const NO_YEAR = 0;

function yearlessPoint(d: CalendarDate): string {
  const mm = String(d.month ?? 0).padStart(2, '0');
  return d.precision === 'day' ? `--${mm}-${String(d.day ?? 0).padStart(2, '0')}` : `--${mm}`;
}

/** Month-day order of two yearless points: negative if `a` comes first in a year. */
function monthDayOrder(a: CalendarDate, b: CalendarDate): number {
  return ((a.month ?? 0) * 32 + (a.day ?? 0)) - ((b.month ?? 0) * 32 + (b.day ?? 0));
}

/** Digit runs and "century": the anchors of every date that holds a digit. */
const DIGIT_ANCHORS = /[0-9]+|[Cc]entur(?:y|ies)|CENTUR(?:Y|IES)/g;

/**
 * Words that can start a date without a digit, in the casings accepted: month names (abbreviations
 * capitalized or in capitals, full names also in lower case) and spelled ordinals. `monthAt` and
 * the grammar still decide; this only keeps the scan from looking at every other word.
 */
const ANCHOR_WORDS: ReadonlySet<string> = (() => {
  const out = new Set<string>();
  const cap = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);
  for (const m of MONTHS) {
    const lower = m.toLowerCase();
    out.add(m).add(lower).add(m.toUpperCase());
  }
  for (const a of MONTH_ABBREVIATION_NAMES) out.add(a).add(a.toUpperCase());
  out.add('Sept').add('SEPT');
  for (const w of [...ORDINAL_DAYS.keys(), ...ORDINAL_TENS.keys()]) out.add(w).add(cap(w)).add(w.toUpperCase());
  return out;
})();

/** Prefixes of ANCHOR_WORDS, capitalized or in capitals (no \b: it makes the scan much slower). */
const WORD_ANCHORS =
  /(?:Jan|Feb|Ma[ry]|Apr|Ju[nl]|Aug|Sep|Oct|Nov|Dec|JAN|FEB|MA[RY]|APR|JU[NL]|AUG|SEP|OCT|NOV|DEC|AD |A\.D\.|Fi(?:rst|fth|fteenth)|Se(?:cond|venth|venteenth)|T(?:hird|enth|welfth|hirteenth|wentieth|hirtieth|wenty|hirty)|Fourt(?:h|eenth)|Sixt(?:h|eenth)|Eighth|Eighteenth|Ninth|Nineteenth|Eleventh)/g;
/**
 * The same, with lower-case month names but "may", a verb more often than a month and
 * never read as a yearless one (for yearless dates: "february 15", "the first of march";
 * a lower-case ordinal is found from the month after it, see ordinalStartBefore).
 */
const WORD_ANCHORS_ANY_CASE =
  /(?:Jan|Feb|Ma[ry]|Apr|Ju[nl]|Aug|Sep|Oct|Nov|Dec|JAN|FEB|MA[RY]|APR|JU[NL]|AUG|SEP|OCT|NOV|DEC|AD |A\.D\.|Fi(?:rst|fth|fteenth)|Se(?:cond|venth|venteenth)|T(?:hird|enth|welfth|hirteenth|wentieth|hirtieth|wenty|hirty)|Fourt(?:h|eenth)|Sixt(?:h|eenth)|Eighth|Eighteenth|Ninth|Nineteenth|Eleventh|january|february|march|april|june|july|august|september|october|november|december)/g;

// ---------------------------------------------------------------------------------------------

export class Grammar extends Cursor {
  private readonly out: DateMention[] = [];
  /** End of the last mention: nothing before it may be used again. */
  private lim = 0;
  // cache of the whitespace-delimited token around the current anchor
  private tokStart = -1;
  private tokEnd = -1;
  private tokUrl = false;

  constructor(text: string, private readonly order: DateOrder | undefined, private readonly yearless: boolean) {
    super(text);
  }

  run(): DateMention[] {
    // Two anchor streams merged in text order: digit runs and "century" (a regex), and the words
    // that can start a date without a digit (a hand-written word scan, see nextWordAnchor).
    const re = DIGIT_ANCHORS;
    re.lastIndex = 0;
    const t = this.t;
    let m = re.exec(t);
    let w = this.nextWordAnchor(0);
    while (m !== null || w >= 0) {
      if (m !== null && (w < 0 || m.index <= w)) {
        const s = m.index;
        const e = s + m[0].length;
        re.lastIndex = Math.max(this.atDigitAnchor(s, e), this.lim);
        m = re.exec(t);
      } else {
        const s = w;
        const resume = this.atWordAnchor(s);
        w = this.nextWordAnchor(Math.max(resume, this.lim));
      }
      if (m !== null && m.index < this.lim) {
        re.lastIndex = this.lim;
        m = re.exec(t);
      }
    }
    return this.out;
  }

  /** Handle a digit or "century" anchor at [s, e); returns where the digit scan resumes. */
  private atDigitAnchor(s: number, e: number): number {
    if (s < this.lim) return this.lim;
    const len = e - s;
    let expr: Expr | undefined;
    if (isDigit(this.t.charCodeAt(s))) {
      // No date starts with an 8+-digit number; a 3-digit one only with an era ("234 BC").
      if (len > 7 || (len === 3 && !this.eraAfter(e))) return e;
      if (this.urlToken(s)) return Math.max(this.tokEnd, e);
      expr = this.atDigits(s, e);
    } else {
      expr = this.atCentury(s, e);
    }
    if (!expr || (expr.yearless && !this.yearless)) return e;
    this.emit(expr);
    return Math.max(expr.end, e);
  }

  /** Handle a word anchor at `s`; returns where the word scan resumes. */
  private atWordAnchor(s: number): number {
    const e = this.wordEnd(s);
    if (s < this.lim) return this.lim;
    if (this.urlToken(s)) return Math.max(this.tokEnd, e);
    const expr = this.atWord(s);
    if (!expr || (expr.yearless && !this.yearless)) return e;
    this.emit(expr);
    return Math.max(expr.end, e);
  }

  private wordEnd(s: number): number {
    let e = s;
    while (e < this.n && isAsciiLetter(this.t.charCodeAt(e))) e++;
    return e;
  }

  /**
   * The next word at or after `from` that can start a date without a digit: a month name, a
   * spelled ordinal, "AD"/"A.D.". A regex finds candidate prefixes (capitalized words only unless
   * yearless dates are asked for: lower-case candidates make the scan several times slower), and
   * the whole word must be in ANCHOR_WORDS.
   */
  private nextWordAnchor(from: number): number {
    const re = this.yearless ? WORD_ANCHORS_ANY_CASE : WORD_ANCHORS;
    const t = this.t;
    re.lastIndex = from;
    let m: RegExpExecArray | null;
    while ((m = re.exec(t)) !== null) {
      const i = m.index;
      if (isLetterLike(this.c(i - 1))) continue;
      if (m[0] === 'AD ' || m[0] === 'A.D.') return i;
      const e = this.wordEnd(i);
      if (e - i <= 10 && ANCHOR_WORDS.has(t.slice(i, e))) return i;
      re.lastIndex = e;
    }
    return -1;
  }

  // -------------------------------------------------------------------------------------------
  // Tokens

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
      if (c === EQUALS) { url = true; break; }
      if (c === COLON && t.charCodeAt(k + 1) === SLASH && t.charCodeAt(k + 2) === SLASH) { url = true; break; }
      if ((c === LOWER_W || c === UPPER_W) && k + 3 < b && t.slice(k, k + 4).toLowerCase() === 'www.' && (k === a || !isAsciiLetter(t.charCodeAt(k - 1)))) {
        url = true;
        break;
      }
      if (c === PERCENT && isAsciiLetter(t.charCodeAt(k + 1)) && isDigit(t.charCodeAt(k + 2))) { url = true; break; } // %e7 escapes
    }
    this.tokUrl = url;
    return url;
  }

  // -------------------------------------------------------------------------------------------
  // Pieces: eras, years, times

  /** An era written after a year at `p` (after a gap): "BC", "BCE", "B.C.", "AD", "CE", "a.d.". */
  private eraAfter(p: number): { bc: boolean; end: number } | undefined {
    const g = this.gapFwd(p);
    if (g === p && p < this.n && isAsciiLetter(this.c(p))) {
      // glued only in capitals: "44BC"
      if (!isUpperAscii(this.c(p))) return undefined;
    }
    return this.eraAt(g);
  }

  private eraAt(p: number): { bc: boolean; end: number } | undefined {
    if (!isAsciiLetter(this.c(p)) || isLetterLike(this.c(p - 1)) && !isDigit(this.c(p - 1))) return undefined;
    // A word that begins with no era's letter ("in", "the", a month) is none: decided before slicing it.
    if (!ERA_INITIALS.has(this.c(p) | ASCII_CASE_BIT)) return undefined;
    // letters and periods, at most 6 characters: "B.C.E."
    let e = p;
    while (e < this.n && e - p < 7 && (isAsciiLetter(this.c(e)) || (this.c(e) === PERIOD && isAsciiLetter(this.c(e - 1))))) e++;
    if (e - p >= 7 || isLetterLike(this.c(e)) || isDigit(this.c(e))) return undefined;
    const raw = this.t.slice(p, e);
    const dotted = raw.includes('.');
    // "ad", "bc" in lower case are words; "a.d." is not
    if (!dotted && raw !== raw.toUpperCase()) return undefined;
    let lower = raw.toLowerCase();
    let end = e;
    if (dotted && !lower.endsWith('.')) return undefined;
    if (ERAS_BEFORE_CHRIST.has(lower)) return { bc: true, end };
    if (ERAS_COMMON.has(lower)) return { bc: false, end };
    if (dotted) {
      lower = lower.slice(0, -1);
      end = e - 1;
      if (ERAS_BEFORE_CHRIST.has(lower)) return { bc: true, end };
      if (ERAS_COMMON.has(lower)) return { bc: false, end };
    }
    return undefined;
  }

  /** Astronomical year of a year written with an era: 1 BC = 0, 44 BC = -43. */
  private static eraYear(y: number, bc: boolean): number {
    return bc ? 1 - y : y;
  }

  /**
   * A year at `p`: four digits (1000-2099, or up to 9999 with `dated`), a 1-4 digit year with an era
   * ("234 BCE", "88 AD"), a two-digit year with `twoDigit`, or (with `glued`) a 5-7 digit token whose
   * first four digits are a year 1900-2029 followed by a footnote number ("199820").
   */
  private yearAt(p: number, glued: boolean, dated = false, twoDigit = false): YearTail | undefined {
    if (!isDigit(this.c(p))) return undefined;
    if (isDigit(this.c(p - 1))) return undefined;
    const len = this.digitRun(p);
    if (len <= 4) {
      const y = this.int(p, len);
      const era = this.eraAfter(p + len);
      if (era && y >= 1) return { year: Grammar.eraYear(y, era.bc), end: era.end };
    }
    if (len === 4) {
      const y = this.int(p, 4);
      if (y < BARE_YEAR_MIN || y > (dated ? DATED_YEAR_MAX : BARE_YEAR_MAX)) return undefined;
      return { year: y, end: p + 4 };
    }
    if (len === 2 && twoDigit) {
      const after = this.c(p + 2);
      if (isLetterLike(after) || after === COLON || ((after === PERIOD || after === SLASH || isDash(after) || after === COMMA) && isDigit(this.c(p + 3)))) return undefined;
      // "Aug 9, 96 troops", "24 October 10 o clock", "10 am"
      const u = this.wordAt(this.gapFwd(p + 2));
      if (u && (UNIT_WORDS.has(u.lower) || u.lower === 'o' || u.lower === 'am' || u.lower === 'pm' || u.lower === 'oclock')) return undefined;
      const yy = this.int(p, 2);
      return { year: yy < TWO_DIGIT_YEAR_PIVOT ? 2000 + yy : 1900 + yy, end: p + 2, twoDigit: true };
    }
    if (glued && len >= 5 && len <= 7 && this.c(p + 4) !== DIGIT_0 && !isLetterLike(this.c(p + len))) {
      const y = this.int(p, 4);
      if (y < 1900 || y > 2029) return undefined;
      return { year: y, end: p + 4 };
    }
    return undefined;
  }

  /** A time of day at `p`: "11:00", "11:00:09", "10:00 pm", then an optional zone ("EDT", "UTC"). */
  private timeAt(p: number): number {
    const l1 = this.digitRun(p);
    if (l1 < 1 || l1 > 2 || this.c(p + l1) !== COLON || this.digitRun(p + l1 + 1) !== 2) return 0;
    let e = p + l1 + 3;
    if (this.c(e) === COLON && this.digitRun(e + 1) === 2) e += 3;
    const g = this.gapFwd(e);
    const w = this.wordAt(g);
    if (w && (w.lower === 'am' || w.lower === 'pm')) e = w.end;
    const g2 = this.gapFwd(e);
    const z = this.wordAt(g2);
    if (z && z.raw.length >= 2 && z.raw.length <= 4 && z.raw === z.raw.toUpperCase() && !ERAS_COMMON.has(z.lower) && !ERAS_BEFORE_CHRIST.has(z.lower)) e = z.end;
    return e;
  }

  /** A year after a time written between a day and its year: "Oct 26, 10:00 - 11:00:09 2023", "Oct 26 - 28, 11:00:09 2023". */
  private yearAfterTime(p: number): YearTail | undefined {
    let te = this.timeAt(this.gapCommaFwd(p));
    if (!te) return undefined;
    const g = this.gapFwd(te);
    if (isDash(this.c(g))) {
      const te2 = this.timeAt(this.gapFwd(g + 1));
      if (te2) te = te2;
    }
    const gy = this.gapFwd(te);
    return gy > te ? this.yearAt(gy, false, true) : undefined;
  }

  /** After a month name: "[,] 2003", " of 2003", "2003" (glued), "-2012", "/2012", a two-digit year. */
  private monthYearTail(q: number, twoDigit: boolean): YearTail | undefined {
    let g = this.gapFwd(q);
    const c = this.c(g);
    if (c === COMMA) g = this.gapFwd(g + 1);
    else if (g === q && (c === HYPHEN || c === SLASH) && isDigit(this.c(q + 1))) g = q + 1;
    else if (g > q) {
      const w = this.wordAt(g);
      if (w && w.lower === 'of') {
        const g2 = this.gapFwd(w.end);
        if (g2 === w.end) return undefined;
        g = g2;
      }
    }
    return this.yearAt(g, true, true, twoDigit);
  }

  /** A spelled-out ordinal day at `p`: "eighth", "twenty-first", "twenty first", "thirtieth". */
  private ordinalWordAt(p: number): { day: number; end: number } | undefined {
    const w = this.wordAt(p);
    if (!w) return undefined;
    const one = ORDINAL_DAYS.get(w.lower);
    if (one !== undefined) return { day: one, end: w.end };
    const tens = ORDINAL_TENS.get(w.lower);
    if (tens === undefined) return undefined;
    let q = w.end;
    if (isDash(this.c(q))) q++;
    else q = this.gapFwd(q);
    const u = this.wordAt(q);
    const unit = u ? UNIT_ORDINALS.get(u.lower) : undefined;
    if (unit === undefined || !u) return undefined;
    const day = tens + unit;
    return day <= 31 ? { day, end: u.end } : undefined;
  }

  /** A day at `p`: digits with an optional ordinal suffix, or a spelled-out ordinal. Days 32-39 are read (as invalid). */
  private dayAt(p: number): { day: number; end: number; spelled: boolean } | undefined {
    if (isDigit(this.c(p))) {
      if (isDigit(this.c(p - 1))) return undefined;
      const len = this.digitRun(p);
      if (len > 2) return undefined;
      const day = this.int(p, len);
      let q = p + len;
      const suf = this.ordinalSuffixEnd(q);
      if (suf > 0) q = suf;
      if ((isLetterLike(this.c(q)) && !this.monthAt(q)) || day < 1 || day > 39) return undefined;
      return { day, end: q, spelled: false };
    }
    const o = this.ordinalWordAt(p);
    return o ? { day: o.day, end: o.end, spelled: true } : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  /** Any single date expression starting exactly at `p` (the second end of a range). */
  private exprAt(p: number, yearlessOk: boolean): Expr | undefined {
    const c = this.c(p);
    if (isAsciiLetter(c)) {
      const m = this.fromMonth(p, yearlessOk);
      if (m) return m;
      const w = this.wordAt(p);
      if (w && w.lower === 'the') return this.fromDay(this.gapFwd(w.end), yearlessOk, w.start);
      return this.fromDay(p, yearlessOk);
    }
    if (!isDigit(c)) return undefined;
    if (isLetterLike(this.c(p - 1))) return undefined;
    const len = this.digitRun(p);
    if (len <= 2) return this.fromDay(p, yearlessOk);
    if (len === 4) {
      const e = this.fromYear(p);
      if (e && e.kind === 'year' && !this.plainYearAfterOk(e.end, e.start)) return undefined;
      return e;
    }
    return undefined;
  }

  /** At a word anchor: a month name ("August 10, 2012", "in May"), an ordinal ("the first of March"), "AD 9". */
  private atWord(s: number): Expr | undefined {
    if (isLetterLike(this.c(s - 1))) return undefined;
    const m = this.monthAt(s);
    if (m) {
      // "the twenty-first of June 1991": a lower-case ordinal before the month (not itself an anchor)
      const os = this.ordinalStartBefore(s);
      if (os >= 0 && os >= this.lim) {
        const d = this.fromDay(os, true);
        if (d && d.end > s) return this.extend(d);
      }
      const x = this.fromMonth(s, true);
      if (x) {
        if (x.yearless && !this.yearlessMonthOk(x, m)) return undefined;
        return this.extend(x);
      }
      return undefined;
    }
    // AD 9, A.D. 800
    const era = this.eraAt(s);
    if (era && !era.bc) {
      const g = this.gapFwd(era.end);
      if (g > era.end && isDigit(this.c(g))) {
        const len = this.digitRun(g);
        if (len <= 4 && !isLetterLike(this.c(g + len)) && !isDigit(this.c(g + len))) {
          const y = this.int(g, len);
          if (y >= 1) return { start: s, end: g + len, kind: 'year', style: 'year', from: { year: y, precision: 'year' } };
        }
      }
      return undefined;
    }
    const w = this.wordAt(s);
    if (!w) return undefined;
    const p = w.lower === 'the' ? this.gapFwd(w.end) : s;
    if (p === w.end) return undefined;
    const x = this.fromDay(p, true, s);
    return x ? this.extend(x) : undefined;
  }

  /**
   * A month written alone ("in May", "during March", "early August") is a date only after a lead
   * word, and capitalized: "NATO may decide", "the March on Rome", "an August body" are not dates.
   * With a day ("10 August", "August 10") it stands on its own, except lower-case "may".
   */
  private yearlessMonthOk(x: Expr, m: MonthWord): boolean {
    const word = this.t.slice(m.start, m.start + 3).toLowerCase();
    if (x.from.precision === 'day' || x.kind === 'monthRange') {
      return !(m.lowerCase && (word === 'may' || word === 'mar'));
    }
    if (m.lowerCase) return false;
    const lead = this.wordBefore(m.start, this.lim);
    if (!lead || !YEARLESS_LEADS.has(lead.lower)) return false;
    if (lead.lower === 'of') {
      const noun = this.wordBefore(lead.start, this.lim);
      return !!noun && OF_NOUNS.has(noun.lower);
    }
    // "May" after "in" or "by" is still a verb after a modal-like subject ("in May" is safe; "by May" too)
    return true;
  }

  /** "December 2003", "December 12, 2003", "August-September 2003", "May eighth, 2010", "Aug 96", "August 10". */
  private fromMonth(p: number, yearlessOk: boolean): Expr | undefined {
    const m = this.monthAt(p);
    if (!m) return undefined;
    let g = this.gapFwd(m.end);
    let c = this.c(g);
    // August-10-2012, August/10/2012, August/10, 2012
    let joiner = 0;
    if (g === m.end && (c === HYPHEN || c === SLASH) && isDigit(this.c(g + 1)) && this.digitRun(g + 1) <= 2) {
      joiner = c;
      g = g + 1;
      c = this.c(g);
    } else if (c === COMMA) {
      // "March, 6th 2016"
      const g2 = this.gapFwd(g + 1);
      const d = this.dayAt(g2);
      if (d && !this.yearAt(g2, false, true)) {
        g = g2;
        c = this.c(g);
      }
    }
    // Month D, YYYY; Month D; Month D-D, YYYY; Month D HH:MM YYYY
    if (c === LOWER_T) {
      const the = this.wordAt(g);
      if (the && the.lower === 'the') {
        const g2 = this.gapFwd(the.end);
        if (g2 > the.end && this.dayAt(g2)) {
          g = g2;
          c = this.c(g);
        }
      }
    }
    const d = isDigit(c) || isAsciiLetter(c) ? this.dayAt(g) : undefined;
    if (d && !(isDigit(c) && this.digitRun(g) === 2 && this.int(g, 2) > 39)) {
      // "the 15th": "february the 15th"
      const day = d.day;
      const q = d.end;
      let g2 = this.gapFwd(q);
      // Month D - D, YYYY; Month D to D, YYYY; Month D - Month D[, YYYY]
      const conn = joiner && this.c(q) === joiner ? 0 : this.connectorAt(g2, q);
      if (conn) {
        const g3 = this.gapFwd(conn);
        const m2 = this.monthAt(g3);
        if (m2) {
          const second = this.fromMonth(g3, true);
          if (second && second.from.precision === 'day') {
            return this.joinRange(this.dayPoint(p, q, day, m.month, d.spelled), second, p);
          }
          return undefined;
        }
        const d2 = this.dayAt(g3);
        if (d2) {
          const y = this.monthYearTail(d2.end, true) ?? this.yearAfterTime(d2.end);
          const yy = y?.year ?? NO_YEAR;
          const x = this.dayRange(p, y ? y.end : d2.end, { year: yy, month: m.month, day, precision: 'day' }, { year: yy, month: m.month, day: d2.day, precision: 'day' });
          if (!y) x.yearless = true;
          if (y?.twoDigit) x.twoDigitYear = true;
          return x;
        }
        return undefined;
      }
      // Thu Oct 26 11:00:09 [EDT] 2023, Thu Oct 26, 10:00 - 11:00:09 2023
      const yt = this.yearAfterTime(q);
      if (yt) return this.dayExpr(p, yt.end, yt.year, m.month, day, 'mdy');
      if (this.c(g2) === COMMA) g2 = this.gapFwd(g2 + 1);
      else if (joiner && g2 === q && this.c(q) === joiner && isDigit(this.c(q + 1))) g2 = q + 1;
      else if (g2 === q && !(isWhite(this.c(q)) || q === this.n)) {
        // "May 12" glued to something ("May 12-ish"): a yearless date only before punctuation
        const cq = this.c(q);
        if (isDigit(cq) || isLetterLike(cq) || cq === HYPHEN || cq === SLASH) return undefined;
      }
      const y = this.yearAt(g2, true, true, true);
      if (y) {
        const x = this.dayExpr(p, y.end, y.year, m.month, day, 'mdy');
        if (y.twoDigit) x.twoDigitYear = true;
        return x;
      }
      if (!yearlessOk) return undefined;
      // a yearless "August 10": not before a unit ("March 30 km") or a longer number
      const u = this.wordAt(g2);
      if (u && UNIT_WORDS.has(u.lower)) return undefined;
      if (isDigit(this.c(g2)) && !this.timeAt(g2)) return undefined;
      const x = this.dayPoint(p, q, day, m.month, d.spelled);
      return x;
    }
    // Month–Month YYYY, May to December, 2022
    const conn = this.connectorAt(g, m.end);
    if (conn) {
      const g2 = this.gapFwd(conn);
      const m2 = this.monthAt(g2);
      if (m2) {
        const y = this.monthYearTail(m2.end, false);
        const dash = isDash(this.c(g));
        if (!dash && !this.fromLead(p) && (!y || m.lowerCase)) return undefined;
        if (y) {
          // "December-January 2004": the first month is in the year before
          return {
            start: p, end: y.end, kind: 'monthRange', style: 'other',
            from: { year: m.month > m2.month ? y.year - 1 : y.year, month: m.month, precision: 'month' },
            to: { year: y.year, month: m2.month, precision: 'month' },
          };
        }
        if (yearlessOk && !m.lowerCase && !m2.lowerCase) {
          return {
            start: p, end: m2.end, kind: 'monthRange', style: 'other', yearless: true,
            from: { year: NO_YEAR, month: m.month, precision: 'month' }, to: { year: NO_YEAR, month: m2.month, precision: 'month' },
          };
        }
      }
      if (isDash(this.c(g)) && !(g === m.end && isDigit(this.c(g + 1)))) return undefined;
    }
    const y = this.monthYearTail(m.end, true);
    if (y) {
      // "Aug 96": a two-digit number after a month is a year only when it cannot be a day
      if (y.twoDigit && y.year % 100 <= 31) return undefined;
      const x: Expr = { start: p, end: y.end, kind: 'month', style: 'month-year', from: { year: y.year, month: m.month, precision: 'month' } };
      if (y.twoDigit) x.twoDigitYear = true;
      return x;
    }
    if (!yearlessOk) return undefined;
    return { start: p, end: m.end, kind: 'month', style: 'month-year', yearless: true, from: { year: NO_YEAR, month: m.month, precision: 'month' } };
  }

  /** Whether the word before `p` is "from" or "between" (a range without a dash needs it). */
  private fromLead(p: number): boolean {
    let q = p;
    const the = this.wordBefore(q, this.lim);
    if (the && the.lower === 'the') q = the.start;
    const w = this.wordBefore(q, this.lim);
    return !!w && (w.lower === 'from' || w.lower === 'between');
  }

  /** A range connector at `g` (after an end at `q`): a dash, or "to"/"till"/"until"/"through"/"thru"/"and". */
  private connectorAt(g: number, q: number): number {
    const c = this.c(g);
    if (isDash(c)) return g + 1;
    if (g > q && (c === LOWER_A || c === LOWER_T || c === LOWER_U || c === UPPER_T)) {
      const w = this.wordAt(g);
      if (w && (FROM_CONNECTORS.has(w.lower) || w.lower === 'and')) {
        const g2 = this.gapFwd(w.end);
        if (g2 > w.end) return w.end;
      }
    }
    return 0;
  }

  private dayPoint(start: number, end: number, day: number, month: number, spelled: boolean): Expr {
    const from: CalendarDate = { year: NO_YEAR, month, day, precision: 'day' };
    const x: Expr = { start, end, kind: 'mdy', style: 'mdy', from, yearless: true };
    if (day > 29 || (spelled && day > 31)) {
      const why = invalidReason({ year: 2000, month, day, precision: 'day' });
      if (why) x.invalid = why.replace(' 2000', '');
    }
    return x;
  }

  private dayExpr(start: number, end: number, year: number, month: number, day: number, style: DateStyle): Expr {
    const from: CalendarDate = { year, month, day, precision: 'day' };
    const expr: Expr = { start, end, kind: style === 'mdy' ? 'mdy' : 'dmy', style, from };
    const why = invalidReason(from);
    if (why) expr.invalid = why;
    return expr;
  }

  /**
   * A day at `p` (digits or a spelled ordinal): "10 August 2012", "3rd Feb 82", "12-14 May 2003",
   * "10 to 22 August 2012", "the 1st of March", numeric dates, "21st century".
   */
  private fromDay(p: number, yearlessOk: boolean, spanStart = p): Expr | undefined {
    const c0 = this.c(p);
    if (isDigit(c0)) {
      const len = this.digitRun(p);
      if (len > 2) return undefined;
      const q = p + len;
      const c = this.c(q);
      // Numeric: 10.04.2004, 12/12/2003, 3-4-2004; 28.MAR.2008, 10/August/2012, 9/2012
      if (isNumericSeparator(c) && !isWhite(this.c(q + 1))) {
        const numeric = this.numeric(p, len, c, yearlessOk);
        if (numeric !== undefined) return numeric || undefined;
      }
      const suf = this.ordinalSuffixEnd(q);
      if (suf > 0) {
        // 21st century, 19th-century
        let g = this.gapFwd(suf);
        if (g === suf && isDash(this.c(g))) g++;
        const w = this.wordAt(g);
        const day = this.int(p, len);
        if (w && (w.lower === 'century' || w.lower === 'centuries') && day >= 1 && day <= 30) {
          return this.centuryExpr(p, w.end, day);
        }
      } else if (isLetterLike(c) && !isAsciiLetter(c)) {
        return undefined;
      }
    }
    const d = this.dayAt(p);
    if (!d) return undefined;
    const day = d.day;
    const after = d.end;
    // Day range: 12-14 May 2003, 10 to 22 August 2012, Eighth to eleventh May 2010
    const gc = this.gapFwd(after);
    const conn = this.connectorAt(gc, after);
    if (conn) {
      const g = this.gapFwd(conn);
      let g1 = g;
      const the = this.wordAt(g);
      if (the && the.lower === 'the') g1 = this.gapFwd(the.end);
      const d2 = this.dayAt(g1);
      // "12-14 May 2003" needs no lead; "10 to 22 August 2012" is a range, "10 and 12 August" only after "between"
      const word = !isDash(this.c(gc));
      const connWord = word ? this.wordAt(gc) : undefined;
      if (d2 && !(connWord && connWord.lower === 'and' && !this.fromLead(spanStart))) {
        const m = this.monthAfterDay(d2.end);
        if (m) {
          const y = this.monthYearTail(m.end, true);
          const yy = y?.year ?? NO_YEAR;
          if (!y && !yearlessOk) return undefined;
          const x = this.dayRange(spanStart, y ? y.end : m.end, { year: yy, month: m.month, day, precision: 'day' }, { year: yy, month: m.month, day: d2.day, precision: 'day' });
          if (!y) x.yearless = true;
          return x;
        }
      }
    }
    // D [of] Month[,] YYYY
    const m = this.monthAfterDay(after);
    if (!m) return undefined;
    const y = this.monthYearTail(m.end, true);
    if (y) {
      const x = this.dayExpr(spanStart, y.end, y.year, m.month, day, 'dmy');
      if (y.twoDigit) x.twoDigitYear = true;
      return x;
    }
    // 1 January – 30 June 2004 (a range whose first end omits the year) is joined in range()
    if (!yearlessOk && !isDash(this.c(this.gapFwd(m.end))) && !this.connectorAt(this.gapFwd(m.end), m.end)) return undefined;
    if (m.lowerCase && m.start > 0 && this.t.slice(m.start, m.start + 3) === 'may') return undefined;
    // without a year, a spelled ordinal needs "of": "the first of March", not "the second March on Washington"
    if (d.spelled) {
      const of = this.wordAt(this.gapFwd(after));
      if (!of || of.lower !== 'of') return undefined;
    }
    const u = this.wordAt(this.gapFwd(m.end));
    if (u && UNIT_WORDS.has(u.lower)) return undefined;
    const x = this.dayPoint(spanStart, m.end, day, m.month, d.spelled);
    x.kind = 'dmy';
    x.style = 'dmy';
    return x;
  }

  /** A month after a day ending at `q`: " August", " of July", "-August", "/August", "Sep" (glued "15Sep"). */
  private monthAfterDay(q: number): MonthWord | undefined {
    let g = this.gapFwd(q);
    const c = this.c(q);
    if (g === q && (c === HYPHEN || c === SLASH) && isAsciiLetter(this.c(q + 1))) g = q + 1;
    const w = this.wordAt(g);
    if (w && w.lower === 'of' && g > q) {
      const g2 = this.gapFwd(w.end);
      if (g2 === w.end) return undefined;
      g = g2;
    }
    return this.monthAt(g);
  }

  private dayRange(start: number, end: number, from: CalendarDate, to: CalendarDate): Expr {
    const expr: Expr = { start, end, kind: 'dayRange', style: 'other', from, to };
    const probe = (d: CalendarDate): CalendarDate => (d.year === NO_YEAR ? { ...d, year: 2000 } : d);
    const why = invalidReason(probe(from)) ?? invalidReason(probe(to));
    if (why) expr.invalid = from.year === NO_YEAR ? why.replace(' 2000', '') : why;
    return expr;
  }

  /**
   * An all-numeric date at `p` (`len` digits, then `sep`): "10.04.2004", "12/12/2003", "12-30-16",
   * "9/2012", "28.MAR.2008", "10/August/2012", "8/10" (yearless). `false` rules the digits out.
   */
  private numeric(p: number, len: number, sep: number, yearlessOk: boolean): Expr | false | undefined {
    const a = this.int(p, len);
    const q = p + len + 1;
    const len2 = this.digitRun(q);
    if (len2 === 4 && sep === SLASH) {
      // 9/2012, 04/2016: month and year
      const end = q + 4;
      const after = this.c(end);
      if (isLetterLike(after) || isDigit(after) || ((isNumericSeparator(after) || after === COLON) && isDigit(this.c(end + 1)))) return false;
      const year = this.int(q, 4);
      if (a < 1 || a > 12 || year < BARE_YEAR_MIN || year > BARE_YEAR_MAX) return false;
      const x: Expr = { start: p, end, kind: 'isoMonth', style: 'month-year', from: { year, month: a, precision: 'month' } };
      return x;
    }
    if (len2 >= 1 && len2 <= 2) {
      const b = this.int(q, len2);
      if (this.c(q + len2) !== sep) {
        // 8/10, 5/31: a yearless month/day, slashed only, not a fraction or a score
        if (!yearlessOk || sep !== SLASH || a < 1 || a > 12 || b < 1 || b > 39) return undefined;
        const e = q + len2;
        const ce = this.c(e);
        if (isDigit(ce) || isLetterLike(ce) || ce === PERCENT || ((ce === PERIOD || ce === COMMA || ce === SLASH || isDash(ce)) && isDigit(this.c(e + 1)))) return false;
        const u = this.wordAt(this.gapFwd(e));
        if (u && UNIT_WORDS.has(u.lower)) return false;
        if (this.c(p - 1) === SLASH || this.c(p - 1) === PERIOD) return false;
        // "3/4 of the votes" is a fraction: a slashed day needs a lead ("on 2/15"), a time ("1/8 at 12pm") or a line of its own
        const lead = this.wordBefore(p, this.lim);
        const ge = this.gapFwd(e);
        const next = this.wordAt(ge);
        const alone = (p === 0 || isBreak(this.c(this.gapBack(p, 0) - 1)) || this.gapBack(p, 0) === 0) && (ge >= this.n || isBreak(this.c(ge)) || this.c(ge) === -1);
        const ledIn = lead && (lead.lower === 'on' || lead.lower === 'by' || lead.lower === 'until' || lead.lower === 'since' || lead.lower === 'till' || lead.lower === 'from');
        const timed = next && next.lower === 'at' && isDigit(this.c(this.gapFwd(next.end)));
        if (!alone && !ledIn && !timed) return false;
        const from: CalendarDate = { year: NO_YEAR, month: a, day: b, precision: 'day' };
        const x: Expr = { start: p, end: e, kind: 'numeric', style: 'numeric-mdy', from, yearless: true };
        if (b > 29) {
          const why = invalidReason({ ...from, year: 2000 });
          if (why) x.invalid = why.replace(' 2000', '');
        }
        return x;
      }
      const yp = q + len2 + 1;
      const ylen = this.digitRun(yp);
      if (ylen !== 4 && !(ylen === 2 && sep !== PERIOD)) return undefined;
      let year = this.int(yp, ylen);
      const end = yp + ylen;
      const twoDigit = ylen === 2;
      if (twoDigit) year = year < TWO_DIGIT_YEAR_PIVOT ? 2000 + year : 1900 + year;
      else if (year < BARE_YEAR_MIN || year > BARE_YEAR_MAX) return undefined;
      const after = this.c(end);
      if ((after === PERIOD || after === SLASH || after === HYPHEN || after === COMMA) && isDigit(this.c(end + 1)) && !((after === PERIOD || after === HYPHEN) && this.timeAt(end + 1))) return false;
      if ((after === SLASH || after === HYPHEN) && !this.timeAt(end + 1)) return false; // 12/12/2003/..., 12-12-2003-x
      if (twoDigit && (isLetterLike(after) || after === COLON || after === PERIOD && isDigit(this.c(end + 1)))) return false;
      if (a > 39 || b > 39 || (a > 31 && b > 12) || (b > 31 && a > 12)) return false;
      const order: DateOrder = this.order ?? (sep === SLASH ? 'mdy' : 'dmy');
      const other: DateOrder = order === 'dmy' ? 'mdy' : 'dmy';
      const read = (o: DateOrder): CalendarDate =>
        o === 'dmy' ? { year, month: b, day: a, precision: 'day' } : { year, month: a, day: b, precision: 'day' };
      const pref = read(order);
      const alt = read(other);
      const prefWhy = invalidReason(pref);
      const altWhy = invalidReason(alt);
      const style = (o: DateOrder): DateStyle => (o === 'dmy' ? 'numeric-dmy' : 'numeric-mdy');
      let x: Expr;
      if (!prefWhy) {
        x = { start: p, end, kind: 'numeric', style: style(order), from: pref, order };
        if (!altWhy && a !== b) {
          x.ambiguous = true;
          x.swapped = alt;
        }
      } else if (!altWhy) {
        x = { start: p, end, kind: 'numeric', style: style(other), from: alt, order: other };
      } else {
        // "20-30-12", "1-2-34": with a two-digit year, an impossible reading is no date at all
        if (twoDigit) return false;
        x = { start: p, end, kind: 'numeric', style: style(order), from: pref, invalid: prefWhy, order };
      }
      if (twoDigit) x.twoDigitYear = true;
      return x;
    }
    // 28.MAR.2008, 28-Mar-2008, 10/August/2012, 21-APR-16
    let e = q;
    while (e < this.n && e - q <= 9 && isAsciiLetter(this.t.charCodeAt(e))) e++;
    if (e - q < 3 || e - q > 9 || this.c(e) !== sep) return undefined;
    const word = this.t.slice(q, e);
    const month = monthFromName(word) ?? monthFromName(word.toUpperCase());
    if (month === undefined) return undefined;
    const y = this.yearAt(e + 1, false, true, sep !== PERIOD);
    if (!y || a < 1 || a > 39) return undefined;
    const expr = this.dayExpr(p, y.end, y.year, month, a, 'dd-mon-yyyy');
    expr.kind = 'ddmon';
    if (y.twoDigit) expr.twoDigitYear = true;
    return expr;
  }

  /**
   * A 4-digit number at `p`: ISO date (also "2013-2-7", "2012/8/10", "2015.05.25", with a time
   * "1994-11-05T13:15:30Z"), year-month ("2014-10", "2014/10"), a year and a month name ("2024 August",
   * "2018 March 18", "2012/Aug/10"), decade, or a plain year (context is checked later).
   */
  private fromYear(p: number): Expr | undefined {
    const y = this.yearAt(p, false, false);
    if (!y) return undefined;
    if (y.end !== p + 4) {
      // a year with an era: "44 BC"
      return { start: p, end: y.end, kind: 'year', style: 'year', from: { year: y.year, precision: 'year' } };
    }
    const year = y.year;
    const q = p + 4;
    const c = this.c(q);
    // Year-first numeric: 2003-12-12, 2013-2-7, 2012/8/10, 2015.05.25, 2003-12, 2014/10
    if ((c === HYPHEN || c === SLASH || c === PERIOD) && isDigit(this.c(q + 1)) && this.digitRun(q + 1) <= 2) {
      const mlen = this.digitRun(q + 1);
      const month = this.int(q + 1, mlen);
      const q2 = q + 1 + mlen;
      if (this.c(q2) === c && isDigit(this.c(q2 + 1))) {
        const dlen = this.digitRun(q2 + 1);
        if (dlen > 2) return undefined;
        const day = this.int(q2 + 1, dlen);
        const end = q2 + 1 + dlen;
        const after = this.c(end);
        const timeT = after === UPPER_T && isDigit(this.c(end + 1));
        if ((isLetterLike(after) && !timeT) || ((after === HYPHEN || after === SLASH || after === PERIOD) && isDigit(this.c(end + 1)))) return undefined;
        // month 13-31 or day 32-39: an impossible date; beyond, not a date ("2012/80/10")
        if (month > 31 || day > 39 || month === 0) return undefined;
        const from: CalendarDate = { year, month, day, precision: 'day' };
        const expr: Expr = { start: p, end, kind: 'iso', style: 'iso', from };
        const why = invalidReason(from);
        if (why) expr.invalid = why;
        return expr;
      }
      const end = q2;
      const after = this.c(end);
      if (isLetterLike(after) || ((after === HYPHEN || after === SLASH || after === PERIOD) && isDigit(this.c(end + 1)))) return undefined;
      if (c === PERIOD) return undefined; // 2004.5 is a number
      if (mlen === 2 || c === SLASH) {
        if (month >= 1 && month <= 12) {
          return { start: p, end, kind: 'isoMonth', style: 'iso', from: { year, month, precision: 'month' } };
        }
      }
      // 1991-94: a range with the second year shortened, only where it cannot be a month or a day
      if (c === HYPHEN && mlen === 2 && month > 31) {
        const to = year - (year % 100) + month;
        if (to > year) {
          return { start: p, end, kind: 'yearRange', style: 'other', from: { year, precision: 'year' }, to: { year: to, precision: 'year' } };
        }
      }
      return undefined;
    }
    // 2024-August, 2024/August, 2012/Aug/10, 2024 August, 2018 March 18
    {
      let g = this.gapFwd(q);
      const sep = g === q && (c === HYPHEN || c === SLASH) ? c : 0;
      if (sep) g = q + 1;
      if ((g > q && !this.hasBreak(q, g)) || sep) {
        const mw = this.monthAtAnyCase(g, sep !== 0);
        if (mw) {
          let e = mw.end;
          let day: number | undefined;
          const g2 = sep ? (this.c(e) === sep ? e + 1 : -1) : this.gapFwd(e);
          if (g2 > 0 && (sep || g2 > e) && isDigit(this.c(g2))) {
            const dl = this.digitRun(g2);
            const after = this.c(g2 + dl);
            if (dl <= 2 && !isLetterLike(after) && !isDigit(after) && !(after === COLON)) {
              const u = this.wordAt(this.gapFwd(g2 + dl));
              if (!(u && UNIT_WORDS.has(u.lower))) {
                day = this.int(g2, dl);
                e = g2 + dl;
              }
            }
          }
          // "2004 May" without a day or separator is a year and a verb too often; only capitalized months
          const verbLike = day === undefined && !sep && (mw.lowerCase || this.t.slice(mw.start, mw.start + 3).toLowerCase() === 'may');
          if (verbLike) {
            // "in 2004 May …": a year and a verb more often than a month; read the plain year
          } else if (day !== undefined) {
            return this.dayExpr(p, e, year, mw.month, day, 'iso');
          } else {
            return { start: p, end: mw.end, kind: 'month', style: 'month-year', from: { year, month: mw.month, precision: 'month' } };
          }
        }
      }
    }
    // Decades: 1990s, 1990’s, 1990's, 1990-s (a footnote number may be glued: "1990s36")
    if (year % 10 === 0) {
      let sEnd = -1;
      if ((c === LOWER_S) && !isLetterLike(this.c(q + 1))) sEnd = q + 1;
      else if ((isApostrophe(c) || c === HYPHEN) && this.c(q + 1) === LOWER_S && !isLetterLike(this.c(q + 2))) sEnd = q + 2;
      if (sEnd > 0) {
        return { start: p, end: sEnd, kind: 'decade', style: 'other', from: { year, precision: 'decade' } };
      }
    }
    return { start: p, end: q, kind: 'year', style: 'year', from: { year, precision: 'year' } };
  }

  /** A month name at `p`; with `anyCase`, also a lower-case abbreviation ("2012/aug/10"). */
  private monthAtAnyCase(p: number, anyCase: boolean): MonthWord | undefined {
    const m = this.monthAt(p);
    if (m || !anyCase) return m;
    const w = this.wordAt(p);
    if (!w || w.raw !== w.lower || w.raw.length > 4) return undefined;
    const month = monthFromName(w.raw.charAt(0).toUpperCase() + w.raw.slice(1));
    return month ? { month, start: p, end: w.end, lowerCase: true } : undefined;
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
    if (cb === SLASH || cb === BACKSLASH || cb === UNDERSCORE || cb === NUMERO_SIGN || cb === HASH) return false;
    const cbb = this.c(s - 2);
    if ((cb === PERIOD || cb === COMMA || cb === COLON || cb === PLUS || isDash(cb) || cb === SLASH) && isDigit(cbb)) return false;
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
    if (isCurrencyOrNumberSign(cb)) return false;
    let w = this.wordEndingAt(q, 0);
    if (!w && cb === PERIOD) w = this.wordEndingAt(q - 1, 0);
    if (w) {
      // "No. 104", "No 104" but not the English "no" ("there was no 2004 summit")
      if (REFERENCE_WORDS.has(w.lower) && !(w.raw === 'no' && cb !== PERIOD)) return false;
      if (year < 1800 && APPROXIMATORS.has(w.lower)) return false;
      if (w.lower === 'us' && cb === DOLLAR) return false;
    }
    return true;
  }

  /** Right context of a bare year ending at `e`: not a quantity, not part of a longer number. */
  private plainYearAfterOk(e: number, start: number): boolean {
    const c = this.c(e);
    // Sandwiched between digit groups ("+7 495 2004 123", "1 2004 000"): a phone or a count.
    if (c === SPACE && isDigit(this.c(e + 1)) && this.c(start - 1) === SPACE && isDigit(this.c(start - 2))) return false;
    // Followed by two more digit groups ("2012 80 10"): a code, not a year.
    if (c === SPACE && isDigit(this.c(e + 1))) {
      const l = this.digitRun(e + 1);
      if (this.c(e + 1 + l) === SPACE && isDigit(this.c(e + 2 + l))) return false;
    }
    if (isLetterLike(c)) return false;
    if (c === PERCENT) return false;
    if ((c === SLASH || c === PERIOD || c === COLON || isDash(c)) && isDigit(this.c(e + 1))) return false;
    if (c === SLASH && isAsciiLetter(this.c(e + 1))) return false;
    if (isDash(c) && isAsciiLetter(this.c(e + 1))) {
      const w = this.wordAt(e + 1);
      if (w && w.lower === 'strong') return false;
    }
    const g = this.gapFwd(e);
    const cg = this.c(g);
    if (cg === PERCENT) return false;
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
      let expr = this.fromDay(s, this.yearless);
      if (!expr) {
        // Month D, YYYY: the month stands before the anchor (when its own anchor did not take it)
        const q = this.gapBack(s, this.lim);
        if (q < s) {
          const m = this.monthEndingAt(q, this.lim);
          if (m) {
            const x = this.fromMonth(m.start, false);
            if (x && (x.kind === 'mdy' || x.kind === 'dayRange') && x.end > s) expr = x;
          }
        }
      }
      if (!expr) {
        // 88 AD, 44 BC
        const y = this.eraAfter(e);
        if (y) {
          const v = this.int(s, len);
          if (v >= 1) expr = { start: s, end: y.end, kind: 'year', style: 'year', from: { year: Grammar.eraYear(v, y.bc), precision: 'year' } };
        }
      }
      if (!expr && len === 1) expr = this.spacedYear(s);
      return expr ? this.extend(expr) : undefined;
    }
    if (len === 3) {
      const y = this.eraAfter(e);
      if (!y) return undefined;
      return this.extend({ start: s, end: y.end, kind: 'year', style: 'year', from: { year: Grammar.eraYear(this.int(s, 3), y.bc), precision: 'year' } });
    }
    if (len === 4 || (len >= 5 && len <= 7)) {
      const ms = this.monthStartBefore(s);
      if (ms >= 0) {
        // "the twenty-first of June 1991" (lower-case ordinals are not word anchors)
        const os = this.ordinalStartBefore(ms);
        const x = (os >= 0 ? this.fromDay(os, false) : undefined) ?? this.fromMonth(ms, false) ?? this.fromDay(ms, false);
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
        if (x.end === s + 4 && !this.plainYearAfterOk(x.end, s)) return undefined;
        return this.qualify(x);
      }
      return this.extend(x);
    }
    return undefined;
  }

  /** Start of the month name(s) (or "May eighth, ") written before a year at `s`, or -1. */
  private monthStartBefore(s: number): number {
    const lim = this.lim;
    let q = this.gapBack(s, lim);
    if (q === s && (this.c(s - 1) === HYPHEN || this.c(s - 1) === SLASH) && isAsciiLetter(this.c(s - 2))) {
      // Sep-2012, 2024/August is year-first and handled by fromYear
      q = s - 1;
    } else if (q < s && this.c(q - 1) === COMMA) {
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
    if (!m) {
      // "May eighth, 2010", "the twenty-first of June 1991" are taken from their own anchors
      return -1;
    }
    // Month–Month YYYY
    const q2 = this.gapBack(m.start, lim);
    if (isDash(this.c(q2 - 1))) {
      const q3 = this.gapBack(q2 - 1, lim);
      const m1 = this.monthEndingAt(q3, lim);
      if (m1) return m1.start;
    }
    return m.start;
  }

  /** Start of a spelled ordinal day written before a month name at `ms` ("twenty-first of June"), or -1. */
  private ordinalStartBefore(ms: number): number {
    const lim = this.lim;
    let q = this.gapBack(ms, lim);
    if (q === ms) return -1;
    const of = this.wordEndingAt(q, lim);
    if (of && of.lower === 'of') q = this.gapBack(of.start, lim);
    const w = this.wordEndingAt(q, lim);
    if (!w) return -1;
    if (ORDINAL_DAYS.has(w.lower) && !UNIT_ORDINALS.has(w.lower)) return w.start;
    if (!UNIT_ORDINALS.has(w.lower)) return -1;
    // twenty-first, thirty first
    const q2 = isDash(this.c(w.start - 1)) ? w.start - 1 : this.gapBack(w.start, lim);
    const tens = this.wordEndingAt(q2, lim);
    if (tens && ORDINAL_TENS.has(tens.lower)) return tens.start;
    return w.start;
  }

  /** "( 2 0 0 5 )": a letter-spaced year in parentheses. */
  private spacedYear(s: number): Expr | undefined {
    const c = (i: number): number => this.c(s + i);
    if (!(c(1) === SPACE && isDigit(c(2)) && c(3) === SPACE && isDigit(c(4)) && c(5) === SPACE && isDigit(c(6)))) return undefined;
    if (!(c(7) === RPAREN || (c(7) === SPACE && c(8) === RPAREN))) return undefined;
    if (!(c(-1) === LPAREN || (c(-1) === SPACE && c(-2) === LPAREN))) return undefined;
    const year = (c(0) - DIGIT_0) * 1000 + (c(2) - DIGIT_0) * 100 + (c(4) - DIGIT_0) * 10 + (c(6) - DIGIT_0);
    if (year < BARE_YEAR_MIN || year > BARE_YEAR_MAX) return undefined;
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
      n = CENTURY_ORDINALS.get(prev.lower) ?? 0;
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

  /**
   * "1995-1996", "2004 – 2009", "2003/2004", "between X and Y", "from X to Y", "1980s-1990s",
   * "17 August 2013 to 19 August 2013", "between 12 May and 14 June 2003", "8/10/2012 - 8/15/2012".
   */
  private range(x: Expr): Expr | undefined {
    let g = this.gapFwd(x.end);
    if (x.from.precision === 'day' && !x.to) {
      // "01/21/2021 10:00 to 01/01/2023", "08/08/2023, 09:15 AM to 08/29/2023"
      const te = this.timeAt(this.gapCommaFwd(x.end));
      if (te) {
        const g2 = this.gapFwd(te);
        if (g2 > te) g = g2;
      }
    }
    const c = this.c(g);
    let second: Expr | undefined;
    let needLead = false;
    if (isDash(c)) {
      if (x.kind === 'year' && c === HYPHEN && g === x.end && this.c(g + 1) === LOWER_S) return undefined; // 1990-s
      const g2 = this.gapFwd(g + 1);
      second = this.exprAt(g2, x.yearless === true || x.kind !== 'year');
    } else if (c === SLASH && g === x.end && x.kind === 'year') {
      const y = this.yearAt(g + 1, false);
      if (y) {
        const after = this.c(y.end);
        if (after === SLASH || isLetterLike(after) || ((after === PERIOD || isDash(after)) && isDigit(this.c(y.end + 1)))) return undefined;
        second = { start: g + 1, end: y.end, kind: 'year', style: 'year', from: { year: y.year, precision: 'year' } };
      }
    } else if (g > x.end && (c === LOWER_A || c === LOWER_T || c === LOWER_U)) {
      // "and" / "to", "till", "through", "thru" / "until": after "between" / "from", or between two days
      const w = this.wordAt(g);
      if (!w) return undefined;
      const lead = this.wordBefore(x.start, this.lim);
      const fromTo = lead && lead.lower === 'from' && FROM_CONNECTORS.has(w.lower);
      const betweenAnd = lead && lead.lower === 'between' && w.lower === 'and';
      const dayToDay = DAY_KINDS.has(x.kind) && w.lower === 'to';
      if (!fromTo && !betweenAnd && !dayToDay) return undefined;
      const g2 = this.gapFwd(w.end);
      if (g2 > w.end) second = this.exprAt(g2, true);
      needLead = !dayToDay;
      if (dayToDay && !fromTo && second && !DAY_KINDS.has(second.kind) && !(second.yearless && second.from.precision === 'day')) return undefined;
    }
    if (!second) return undefined;
    const bothDecades = x.kind === 'decade' && second.kind === 'decade';
    if (!bothDecades && !(POINT_KINDS.has(x.kind) && POINT_KINDS.has(second.kind))) return undefined;
    // A year range written with a hyphen and no spaces must go forward in a plausible span ("2012-1400" is no range)
    if (x.kind === 'year' && second.kind === 'year' && second.from.year < x.from.year - 100) return undefined;
    let start = x.start;
    // "between … and …", "from … to …" (and "from 1997–2000") take the leading word into the span
    const lead = this.wordBefore(x.start, this.lim);
    // ("1 January – 30 June 2004" keeps its span as written without the lead)
    if (lead && (lead.lower === 'between' || lead.lower === 'from') && !(x.yearless && isDash(c))) start = lead.start;
    else if (needLead) return undefined;
    return this.joinRange(x, second, start);
  }

  /** One range from two ends: a missing year is taken from the other end, a numeric order is shared. */
  private joinRange(x: Expr, second: Expr, start: number): Expr {
    let from = x.from;
    let to = second.from;
    let yearless = false;
    if (x.yearless && !second.yearless) {
      // "10 August - 12 September 2013", "December to May 2022": the first end is in the year before if later
      const y = monthDayOrder(from, to) > 0 ? to.year - 1 : to.year;
      from = { ...from, year: y };
    } else if (!x.yearless && second.yearless) {
      const y = monthDayOrder(from, to) > 0 ? from.year + 1 : from.year;
      to = { ...to, year: y };
    } else if (x.yearless && second.yearless) {
      yearless = true;
    }
    // "8/10/2012 - 8/15/2012": both ends in one reading
    if (x.kind === 'numeric' && second.kind === 'numeric' && x.order && second.order && x.order !== second.order) {
      if (x.swapped && !second.ambiguous) from = x.swapped;
      else if (second.swapped && !x.ambiguous) to = second.swapped;
    }
    const r: Expr = { start, end: second.end, kind: x.kind === 'dayRange' ? 'dayRange' : x.kind, style: 'other', from, to };
    if (yearless) r.yearless = true;
    const probe = (d: CalendarDate): CalendarDate => (d.year === NO_YEAR && yearless ? { ...d, year: 2000 } : d);
    const why = (x.yearless && !yearless ? invalidReason(from) : x.invalid) ?? (second.yearless && !yearless ? invalidReason(to) : second.invalid) ?? (yearless ? invalidReason(probe(from)) ?? invalidReason(probe(to)) : undefined);
    if (why) r.invalid = yearless ? why.replace(' 2000', '') : why;
    if (x.twoDigitYear || second.twoDigitYear) r.twoDigitYear = true;
    if (x.ambiguous && second.ambiguous) r.ambiguous = true;
    if (x.order && x.kind === 'numeric') r.order = from === x.swapped ? (x.order === 'dmy' ? 'mdy' : 'dmy') : x.order;
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
    let of: Word = w1;
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
    // Field by field (a spread of an Expr is slow): the same fields, the same values.
    const r: Expr = { start, end: x.end, kind: x.kind, from: season ? { year: x.from.year, precision: 'season' } : x.from, style: 'other', approximate: true };
    if (x.to !== undefined) r.to = x.to;
    if (x.invalid !== undefined) r.invalid = x.invalid;
    if (x.ambiguous !== undefined) r.ambiguous = x.ambiguous;
    if (x.weekday !== undefined) r.weekday = x.weekday;
    if (x.yearless !== undefined) r.yearless = x.yearless;
    if (x.twoDigitYear !== undefined) r.twoDigitYear = x.twoDigitYear;
    if (x.order !== undefined) r.order = x.order;
    if (x.swapped !== undefined) r.swapped = x.swapped;
    return r;
  }

  /** "Tuesday, 8 December 1991": record the weekday (the mention's span then starts at it). */
  private weekday(x: Expr): void {
    let q = this.gapBack(x.start, this.lim);
    if (this.c(q - 1) === COMMA) q = this.gapBack(q - 1, this.lim);
    let end = q;
    if (this.c(q - 1) === PERIOD) end = q - 1;
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
    const value = x.yearless
      ? (x.to ? `${yearlessPoint(x.from)}/${yearlessPoint(x.to)}` : yearlessPoint(x.from))
      : isoValue(x.from, x.to);
    const mention: DateMention = {
      start,
      end: x.end,
      text: this.t.slice(start, x.end),
      // An impossible date keeps the value as written ("2002-02-29"); `invalid` says why.
      value,
      from: x.from,
      style: x.style,
    };
    if (x.to) mention.to = x.to;
    if (x.invalid) mention.invalid = x.invalid;
    if (x.ambiguous) mention.ambiguous = true;
    if (x.ambiguous && x.order) mention.order = x.order;
    if (x.weekday) mention.weekday = x.weekday;
    if (x.approximate) mention.approximate = true;
    if (x.yearless) mention.yearless = true;
    if (x.twoDigitYear) mention.twoDigitYear = true;
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


