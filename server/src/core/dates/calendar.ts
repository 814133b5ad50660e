// Pure calendar helpers: month and weekday names, validity, weekdays, ISO values, comparison at a
// precision and writing a date in a given style. Proleptic Gregorian calendar throughout.

import type { CalendarDate, DatePrecision, DateStyle } from '../types';

export const MONTHS: readonly string[] = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

export const MONTH_ABBREVIATIONS: readonly string[] = [
  'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec',
];

/** 0 = Sunday, as `Date.prototype.getUTCDay` counts. */
export const WEEKDAYS: readonly string[] = [
  'Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday',
];

const MONTH_LOOKUP: ReadonlyMap<string, { month: number; abbreviation: boolean }> = (() => {
  const m = new Map<string, { month: number; abbreviation: boolean }>();
  MONTHS.forEach((name, i) => m.set(name.toLowerCase(), { month: i + 1, abbreviation: false }));
  MONTH_ABBREVIATIONS.forEach((name, i) => {
    if (!m.has(name.toLowerCase())) m.set(name.toLowerCase(), { month: i + 1, abbreviation: true });
  });
  m.set('sept', { month: 9, abbreviation: true });
  return m;
})();

/**
 * The month (1-12) a word names: a full name ("December", "december", "DECEMBER") or an
 * abbreviation ("Dec", "DEC", "Sept"; abbreviations are not accepted in lower case, where "mar",
 * "jan" and "dec" are ordinary words or fragments). Undefined for anything else.
 */
const monthCache = new Map<string, number>();

export function monthFromName(word: string): number | undefined {
  if (word.length < 3 || word.length > 9) return undefined;
  // Words repeat: remember the answer (0 for none), bounded; a word this short is always a copy in V8, never a slice.
  let m = monthCache.get(word);
  if (m === undefined) {
    if (monthCache.size >= 5000) monthCache.clear();
    m = computeMonthFromName(word) ?? 0;
    monthCache.set(word, m);
  }
  return m === 0 ? undefined : m;
}

function computeMonthFromName(word: string): number | undefined {
  const lower = word.toLowerCase();
  const hit = MONTH_LOOKUP.get(lower);
  if (!hit) return undefined;
  const first = word.charCodeAt(0);
  const isLowerFirst = first >= 97 && first <= 122;
  if (isLowerFirst) {
    if (word !== lower) return undefined; // "mAy"
    return hit.abbreviation ? undefined : hit.month;
  }
  // Capitalized ("May") or all capitals ("MAY"); nothing mixed like "MaY".
  const rest = word.slice(1);
  if (rest !== rest.toLowerCase() && rest !== rest.toUpperCase()) return undefined;
  return hit.month;
}

const WEEKDAY_LOOKUP: ReadonlyMap<string, number> = (() => {
  const m = new Map<string, number>();
  WEEKDAYS.forEach((name, i) => {
    m.set(name.toLowerCase(), i);
    m.set(name.slice(0, 3).toLowerCase(), i);
  });
  m.set('tues', 2);
  m.set('wed', 3);
  m.set('thur', 4);
  m.set('thurs', 4);
  return m;
})();

/** The weekday index (0 = Sunday) a capitalized or all-capital word names ("Tuesday", "Tue"). */
export function weekdayFromName(word: string): number | undefined {
  if (word.length < 3 || word.length > 9) return undefined;
  const first = word.charCodeAt(0);
  if (!(first >= 65 && first <= 90)) return undefined;
  return WEEKDAY_LOOKUP.get(word.toLowerCase());
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1-12) of `year`; 0 for a month that does not exist. */
export function daysInMonth(year: number, month: number): number {
  switch (month) {
    case 1: case 3: case 5: case 7: case 8: case 10: case 12:
      return 31;
    case 4: case 6: case 9: case 11:
      return 30;
    case 2:
      return isLeapYear(year) ? 29 : 28;
    default:
      return 0;
  }
}

/** Why a date cannot exist, or undefined if it can. */
export function invalidReason(d: CalendarDate): string | undefined {
  if (!Number.isInteger(d.year)) return `there is no year ${d.year}`;
  if (d.month !== undefined) {
    if (!Number.isInteger(d.month) || d.month < 1 || d.month > 12) return `there is no month ${d.month}`;
    if (d.day !== undefined) {
      if (!Number.isInteger(d.day) || d.day < 1) return `there is no day ${d.day}`;
      const n = daysInMonth(d.year, d.month);
      if (d.day > n) return `${MONTHS[d.month - 1]} ${d.year} has ${n} days`;
    }
  } else if (d.day !== undefined) {
    return 'a day without a month';
  }
  return undefined;
}

export function isValid(d: CalendarDate): boolean {
  return invalidReason(d) === undefined;
}

/** Day of the week, 0 = Sunday, in the proleptic Gregorian calendar. */
export function weekdayOf(year: number, month: number, day: number): number {
  // Sakamoto's method.
  const t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
  let y = year;
  if (month < 3) y -= 1;
  const r = (y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) + t[(month - 1) % 12]! + day) % 7;
  return (r + 7) % 7;
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + (s.length >= width ? s : '0'.repeat(width - s.length) + s);
}

/** The value of one point: "2003-12-12", "2003-12", "2003", "199X", "18XX". */
export function isoPoint(d: CalendarDate): string {
  switch (d.precision) {
    case 'day':
      return `${pad(d.year, 4)}-${pad(d.month ?? 0, 2)}-${pad(d.day ?? 0, 2)}`;
    case 'month':
      return `${pad(d.year, 4)}-${pad(d.month ?? 0, 2)}`;
    case 'season':
    case 'year':
      return pad(d.year, 4);
    case 'decade':
      return pad(Math.floor(d.year / 10), 3) + 'X';
    case 'century':
      return pad(Math.floor(d.year / 100), 2) + 'XX';
  }
}

/** The value grammar of DateMention.value: a point, or "from/to" for an interval. */
export function isoValue(from: CalendarDate, to?: CalendarDate): string {
  return to ? `${isoPoint(from)}/${isoPoint(to)}` : isoPoint(from);
}

const PRECISION_RANK: Record<DatePrecision, number> = {
  day: 0,
  month: 1,
  season: 2,
  year: 2,
  decade: 3,
  century: 4,
};

function keyAt(d: CalendarDate, rank: number): number {
  switch (rank) {
    case 0:
      return (d.year * 13 + (d.month ?? 0)) * 32 + (d.day ?? 0);
    case 1:
      return d.year * 13 + (d.month ?? 0);
    case 2:
      return d.year;
    case 3:
      return Math.floor(d.year / 10);
    default:
      return Math.floor(d.year / 100);
  }
}

/**
 * Compare two dates at the coarser precision of the two: negative if `a` is earlier, 0 if they
 * are the same at that precision ("May 2002" vs "14 May 2002" → 0), positive if later.
 */
export function compareAtPrecision(a: CalendarDate, b: CalendarDate): number {
  const rank = Math.max(PRECISION_RANK[a.precision], PRECISION_RANK[b.precision]);
  const ka = keyAt(a, rank);
  const kb = keyAt(b, rank);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** A point or an interval (a DateMention fits). */
export interface DateRange {
  from: CalendarDate;
  to?: CalendarDate;
}

function asRange(x: CalendarDate | DateRange): { lo: CalendarDate; hi: CalendarDate } {
  if ('from' in x) {
    const from = x.from;
    const to = x.to ?? x.from;
    // A reversed range ("2003–2001") is read as the interval it spans.
    return compareAtPrecision(from, to) <= 0 ? { lo: from, hi: to } : { lo: to, hi: from };
  }
  return { lo: x, hi: x };
}

/**
 * Whether two dates can describe the same time: points are compared at the coarser precision
 * ("May 2002" agrees with "14 May 2002"); a point agrees with a range that contains it; two
 * ranges agree when one contains the other.
 */
export function agrees(a: CalendarDate | DateRange, b: CalendarDate | DateRange): boolean {
  const ra = asRange(a);
  const rb = asRange(b);
  const contains = (outer: typeof ra, inner: typeof ra): boolean =>
    compareAtPrecision(outer.lo, inner.lo) <= 0 && compareAtPrecision(inner.hi, outer.hi) <= 0;
  return contains(ra, rb) || contains(rb, ra);
}

function ordinalSuffix(n: number): string {
  const t = n % 100;
  if (t >= 11 && t <= 13) return 'th';
  switch (n % 10) {
    case 1: return 'st';
    case 2: return 'nd';
    case 3: return 'rd';
    default: return 'th';
  }
}

/**
 * Write a date in a style. A date less precise than the style degrades gracefully: month
 * precision in 'dmy' or a numeric style gives "December 2003", year precision gives "2003",
 * a decade "1990s", a century "19th century". 'other' writes like 'dmy'.
 */
export function formatDate(d: CalendarDate, style: DateStyle): string {
  // Years before 1000 are written with their era ("44 BC", "AD 88"), as a reader writes them.
  const year = d.year <= 0 ? `${1 - d.year} BC` : d.year < 1000 ? `AD ${d.year}` : pad(d.year, 4);
  switch (d.precision) {
    case 'decade':
      return `${pad(Math.floor(d.year / 10) * 10, 4)}s`;
    case 'century': {
      const n = Math.floor(d.year / 100) + 1;
      return `${n}${ordinalSuffix(n)} century`;
    }
    case 'season':
    case 'year':
      return year;
    default:
      break;
  }
  const m = d.month ?? 1;
  const monthName = MONTHS[m - 1] ?? `Month${m}`;
  if (style === 'year') return year;
  if (d.precision === 'month' || style === 'month-year') {
    if (style === 'iso') return `${year}-${pad(m, 2)}`;
    return `${monthName} ${year}`;
  }
  const day = d.day ?? 1;
  switch (style) {
    case 'mdy':
      return `${monthName} ${day}, ${year}`;
    case 'numeric-dmy':
      return `${pad(day, 2)}.${pad(m, 2)}.${year}`;
    case 'numeric-mdy':
      return `${pad(m, 2)}/${pad(day, 2)}/${year}`;
    case 'iso':
      return `${year}-${pad(m, 2)}-${pad(day, 2)}`;
    case 'dd-mon-yyyy':
      return `${pad(day, 2)}.${(MONTH_ABBREVIATIONS[m - 1] ?? 'XXX').toUpperCase()}.${year}`;
    case 'dmy':
    case 'other':
    default:
      return `${day} ${monthName} ${year}`;
  }
}
