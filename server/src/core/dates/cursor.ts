// A read-only cursor over the text: characters, bounded white-space gaps, whole ASCII words,
// digit runs and month names, forward and backward. Every look is bounded in characters, so the
// grammar built on it stays linear in the text length.

import {
  COMMA, CR, DIGIT_0, LF, PERIOD, ASCII_CASE_BIT, LOWER_D, LOWER_H, LOWER_N, LOWER_R, LOWER_S, LOWER_T,
  isAsciiLetter, isBreak, isDigit, isHSpace, isLetterLike, isUpperAscii,
} from './chars';
import { monthFromName } from './calendar';
import { MONTH_ABBREVIATIONS } from './lexicon';

/** Whitespace run (at most one line break) allowed between two parts of a date. */
export const MAX_GAP = 40;
/** Longest word the cursor reads. */
export const MAX_WORD = 12;
/** Longest month name ("September"). */
const MAX_MONTH = 9;

export interface Word {
  start: number;
  end: number;
  /** lower-cased */
  lower: string;
  raw: string;
}

export interface MonthWord {
  month: number;
  start: number;
  /** After the name and an abbreviation's period. */
  end: number;
  /** Written in lower case ("march"): a verb or noun more often than a month without more evidence. */
  lowerCase: boolean;
}

/** First letters of month names, upper and lower case, indexed by char code. */
const MONTH_INITIALS: readonly boolean[] = (() => {
  const a: boolean[] = new Array<boolean>(128).fill(false);
  for (const ch of 'JFMASONDjfmasond') a[ch.charCodeAt(0)] = true;
  return a;
})();

/** Slots of the cache of words read (by start offset, modulo). */
const WORD_SLOTS = 64;

export class Cursor {
  protected readonly n: number;
  /**
   * Words read lately, by start offset: the grammar looks at the same word from several places
   * (a lead word before a date is read by the range, the qualifier and the weekday). Words are
   * never changed by their readers, so one object serves them all.
   */
  private readonly words: (Word | undefined)[] = new Array<Word | undefined>(WORD_SLOTS);

  constructor(protected readonly t: string) {
    this.n = t.length;
  }

  /** The word [s, e), from the cache or read now. */
  private word(s: number, e: number): Word {
    const slot = s & (WORD_SLOTS - 1);
    const w = this.words[slot];
    if (w !== undefined && w.start === s && w.end === e) return w;
    const raw = this.t.slice(s, e);
    const made: Word = { start: s, end: e, raw, lower: raw.toLowerCase() };
    this.words[slot] = made;
    return made;
  }

  /** The code unit at `i`, or -1 outside the text. */
  protected c(i: number): number {
    return i >= 0 && i < this.n ? this.t.charCodeAt(i) : -1;
  }

  /** Skip whitespace forward: any spaces, at most one line break, bounded. */
  protected gapFwd(p: number): number {
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
        if (c === CR && i < this.n && t.charCodeAt(i) === LF) i++;
        continue;
      }
      break;
    }
    return i;
  }

  /** Skip whitespace backward from `p` (exclusive end), not below `lim`. */
  protected gapBack(p: number, lim: number): number {
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
        if (c === LF && i > end && t.charCodeAt(i - 1) === CR) i--;
        continue;
      }
      break;
    }
    return i;
  }

  /** Skip a gap and one optional comma forward ("May 9, 2003"). */
  protected gapCommaFwd(p: number): number {
    const g = this.gapFwd(p);
    return this.c(g) === COMMA ? this.gapFwd(g + 1) : g;
  }

  protected hasBreak(a: number, b: number): boolean {
    for (let i = a; i < b; i++) if (isBreak(this.t.charCodeAt(i))) return true;
    return false;
  }

  /** The ASCII word starting exactly at `p`, if it is a whole word of at most MAX_WORD letters. */
  protected wordAt(p: number): Word | undefined {
    const t = this.t;
    if (!isAsciiLetter(this.c(p))) return undefined;
    if (isLetterLike(this.c(p - 1))) return undefined;
    let e = p;
    while (e < this.n && e - p <= MAX_WORD && isAsciiLetter(t.charCodeAt(e))) e++;
    if (e - p > MAX_WORD || isLetterLike(this.c(e))) return undefined;
    return this.word(p, e);
  }

  /** The ASCII word ending exactly at `p` (not glued to more letters), not starting below `lim`. */
  protected wordEndingAt(p: number, lim: number): Word | undefined {
    const t = this.t;
    if (!isAsciiLetter(this.c(p - 1))) return undefined;
    let s = p;
    while (s > lim && p - s <= MAX_WORD && isAsciiLetter(t.charCodeAt(s - 1))) s--;
    if (p - s > MAX_WORD || s < lim || isLetterLike(this.c(s - 1))) return undefined;
    return this.word(s, p);
  }

  /** The word before `p` across a gap (possibly empty), not starting below `lim`. */
  protected wordBefore(p: number, lim: number): Word | undefined {
    return this.wordEndingAt(this.gapBack(p, lim), lim);
  }

  /** Length of the digit run at `p` (at most 9). */
  protected digitRun(p: number): number {
    let e = p;
    while (e < this.n && e - p < 9 && isDigit(this.t.charCodeAt(e))) e++;
    return e - p;
  }

  protected int(p: number, len: number): number {
    let v = 0;
    for (let i = p; i < p + len; i++) v = v * 10 + (this.t.charCodeAt(i) - DIGIT_0);
    return v;
  }

  /** End of an ordinal suffix ("th", "st", "nd", "rd") at `q`, or 0. */
  protected ordinalSuffixEnd(q: number): number {
    const a = this.c(q) | ASCII_CASE_BIT;
    const b = this.c(q + 1) | ASCII_CASE_BIT;
    if (
      ((a === LOWER_S && b === LOWER_T) || (a === LOWER_N && b === LOWER_D) || (a === LOWER_R && b === LOWER_D) || (a === LOWER_T && b === LOWER_H)) &&
      !isLetterLike(this.c(q + 2))
    ) {
      return q + 2;
    }
    return 0;
  }

  /** A month name at `p` (whole word), with an abbreviation's period consumed. */
  protected monthAt(p: number): MonthWord | undefined {
    const t = this.t;
    const c0 = this.c(p);
    if (c0 < 0 || c0 > 0x7f || !MONTH_INITIALS[c0]) return undefined;
    // A digit may stand right before ("23March"); a letter may not.
    if (isLetterLike(this.c(p - 1))) return undefined;
    let e = p;
    while (e < this.n && e - p <= MAX_MONTH && isAsciiLetter(t.charCodeAt(e))) e++;
    if (e - p > MAX_MONTH || e - p < 3 || isLetterLike(this.c(e))) return undefined;
    const word = t.slice(p, e);
    const month = monthFromName(word);
    if (month === undefined) return undefined;
    let end = e;
    if (this.c(e) === PERIOD && MONTH_ABBREVIATIONS.has(word.toLowerCase())) end++;
    return { month, end, start: p, lowerCase: !isUpperAscii(c0) };
  }

  /** A month name ending at `p` (optionally followed by its period), not below `lim`. */
  protected monthEndingAt(p: number, lim: number): MonthWord | undefined {
    let q = p;
    if (this.c(q - 1) === PERIOD) q--;
    const t = this.t;
    let s = q;
    while (s > lim && q - s <= MAX_MONTH && isAsciiLetter(t.charCodeAt(s - 1))) s--;
    if (q - s < 3 || q - s > MAX_MONTH) return undefined;
    const m = this.monthAt(s);
    if (!m || m.end !== p) return undefined;
    return m;
  }
}
