// Years for dates written without one ("11 September", "in May", "from 13th to 15th July"), from
// the context a writer relies on: the nearest preceding explicit year in the same paragraph, else
// the nearest section heading before the date that carries a year, else the note's title or front
// matter. Pure: text and mentions in, new mentions out (the input is not changed).

import type { CalendarDate, DateMention, Span } from '../types';
import { invalidReason, isoValue } from './calendar';
import { recognizeDates } from './recognize';
import { countWhile } from '../arrays';

export interface YearContext {
  /** Heading lines of the note (Markdown "#" lines, or what the caller takes for headings), in order. */
  headings?: readonly Span[];
  /** The note's title or front matter. */
  title?: Span;
}

type Source = NonNullable<DateMention['inferredYear']>['source'];

interface YearSpan {
  start: number;
  end: number;
  /** The single year the span speaks of, or undefined when it names several. */
  year: number | undefined;
  /** Years it names, first to last. */
  last: number;
}

function yearsOf(d: DateMention): number[] {
  return d.to && d.to.year !== d.from.year ? [d.from.year, d.to.year] : [d.from.year];
}

function hasYear(d: DateMention): boolean {
  return d.yearless !== true && (d.from.precision === 'day' || d.from.precision === 'month' || d.from.precision === 'year' || d.from.precision === 'season');
}

/** Starts of paragraphs (after a blank line), ascending; paragraph i spans [starts[i], starts[i+1]). */
function paragraphStarts(text: string): number[] {
  const starts = [0];
  const re = /\n[ \t]*\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    starts.push(m.index + m[0].length);
    re.lastIndex = m.index + m[0].length - 1;
  }
  return starts;
}

function paragraphOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The year a span of text (a heading, a title) speaks of: one year, or several (ambiguous). */
function spanYear(text: string, span: Span): YearSpan | undefined {
  const ds = recognizeDates(text.slice(span.start, span.end)).filter(hasYear);
  if (!ds.length) return undefined;
  const years = new Set(ds.flatMap(yearsOf));
  const last = ds[ds.length - 1]!;
  return { start: span.start, end: span.end, year: years.size === 1 ? [...years][0] : undefined, last: yearsOf(last).at(-1)! };
}

function withYear(d: DateMention, year: number, from: YearSpan | { start: number; end: number }, source: Source, unambiguous: boolean): DateMention {
  const f: CalendarDate = { ...d.from, year };
  let t: CalendarDate | undefined;
  if (d.to) {
    const later = (d.to.month ?? 0) * 32 + (d.to.day ?? 0) >= (f.month ?? 0) * 32 + (f.day ?? 0);
    // "from December to May": the second end is in the next year
    t = { ...d.to, year: later ? year : year + 1 };
  }
  const out: DateMention = { ...d, from: f, value: isoValue(f, t), inferredYear: { year, start: from.start, end: from.end, source, unambiguous } };
  if (t) out.to = t;
  const why = invalidReason(f) ?? (t ? invalidReason(t) : undefined);
  if (why) out.invalid = why;
  else delete out.invalid;
  return out;
}

/**
 * Give each yearless mention of `dates` (from `recognizeDates(text, { yearless: true })`, offsets
 * into `text`) the year its context gives, recording where the year came from and whether the
 * context is unambiguous (one year only in that paragraph, heading or title). Mentions with no
 * context keep `yearless` and the "--MM-DD" value. Other mentions are returned as they are.
 */
export function inferYears(text: string, dates: readonly DateMention[], context: YearContext = {}): DateMention[] {
  if (!dates.some((d) => d.yearless)) return [...dates];
  const starts = paragraphStarts(text);
  const headings = [...(context.headings ?? [])].sort((a, b) => a.start - b.start);
  let titleYear: YearSpan | undefined | null = null;
  // Explicit years per paragraph, in order; each paragraph's distinct years counted once.
  const byParagraph = new Map<number, DateMention[]>();
  for (const d of dates) {
    if (!hasYear(d)) continue;
    const p = paragraphOf(starts, d.start);
    let list = byParagraph.get(p);
    if (!list) byParagraph.set(p, (list = []));
    list.push(d);
  }
  // In order of end (the recognizer's dates are), checked once: then every paragraph's list is too.
  let inOrder = true;
  for (let i = 1; i < dates.length && inOrder; i++) if (dates[i]!.end < dates[i - 1]!.end) inOrder = false;
  const distinctYears = new Map<number, number>();
  const yearsIn = (p: number, list: readonly DateMention[]) => {
    let n = distinctYears.get(p);
    if (n === undefined) distinctYears.set(p, (n = new Set(list.flatMap(yearsOf)).size));
    return n;
  };
  // The year of the nearest heading at or before index i that has one, filled in order once.
  const headingYearAt: (YearSpan | undefined)[] = [];
  const headingYear = (i: number): YearSpan | undefined => {
    while (headingYearAt.length <= i) {
      const j = headingYearAt.length;
      headingYearAt.push(spanYear(text, headings[j]!) ?? (j > 0 ? headingYearAt[j - 1] : undefined));
    }
    return headingYearAt[i];
  };
  // Everything below is found by binary search, not by reading every date or heading per date: a
  // paragraph of thousands of yearless dates was quadratic (3.9 s for 200 KB).
  return dates.map((d) => {
    if (!d.yearless) return d;
    const p = paragraphOf(starts, d.start);
    const inParagraph = byParagraph.get(p) ?? [];
    const nearest = lastEndingBy(inParagraph, d.start, inOrder);
    if (nearest) {
      const year = yearsOf(nearest).at(-1)!;
      return withYear(d, year, nearest, 'paragraph', yearsIn(p, inParagraph) === 1);
    }
    // the nearest heading before the date that carries a year
    const k = lastStartingBy(headings, d.start);
    const y = k >= 0 ? headingYear(k) : undefined;
    if (y) return withYear(d, y.year ?? y.last, y, 'heading', y.year !== undefined);
    if (context.title) {
      if (titleYear === null) titleYear = spanYear(text, context.title);
      if (titleYear) return withYear(d, titleYear.year ?? titleYear.last, titleYear, 'title', titleYear.year !== undefined);
    }
    return d;
  });
}

/** The last of `list` (in its order) that ends at or before `at`: binary search when the list is in order of end (`sorted`: dates from the recognizer are), else a scan. */
function lastEndingBy(list: readonly DateMention[], at: number, sorted: boolean): DateMention | undefined {
  if (!sorted) {
    let nearest: DateMention | undefined;
    for (const x of list) if (x.end <= at) nearest = x;
    return nearest;
  }
  const n = countWhile(list.length, (i) => list[i]!.end <= at);
  return n > 0 ? list[n - 1] : undefined;
}

/** The index of the last span (sorted by start) that starts at or before `at`; -1 if none. */
function lastStartingBy(spans: readonly Span[], at: number): number {
  return countWhile(spans.length, (i) => spans[i]!.start <= at) - 1;
}

/**
 * The headings and title of a note, for `inferYears`: Markdown ATX headings ("## Events of 2008"),
 * the front matter's block ("---" … "---" at the top) as the title, else (Markdown or not) the first
 * non-blank line when a blank line follows it. One pass over the lines.
 */
export function noteContext(text: string, languageId: string): YearContext {
  const headings: Span[] = [];
  let title: Span | undefined;
  const markdown = languageId === 'markdown';
  let i = 0;
  if (text.startsWith('---\n') || text.startsWith('---\r\n')) {
    const close = /\r?\n---[ \t]*(?:\r?\n|$)/g;
    close.lastIndex = 3;
    const m = close.exec(text);
    if (m) {
      title = { start: 0, end: m.index };
      i = m.index + m[0].length;
    }
  }
  let firstLine: Span | undefined;
  let firstDone = false;
  while (i < text.length) {
    let e = text.indexOf('\n', i);
    if (e < 0) e = text.length;
    const lineEnd = e > i && text.charCodeAt(e - 1) === 13 ? e - 1 : e;
    const blank = !/\S/.test(text.slice(i, lineEnd));
    if (!firstDone) {
      if (firstLine) {
        firstDone = true;
        if (!blank) firstLine = undefined;
      } else if (!blank) {
        firstLine = { start: i, end: lineEnd };
      }
    }
    if (markdown && text.charCodeAt(i) === 35 /* # */) {
      let h = i;
      while (h < lineEnd && h - i < 6 && text.charCodeAt(h) === 35) h++;
      if (h < lineEnd && (text.charCodeAt(h) === 32 || text.charCodeAt(h) === 9)) headings.push({ start: i, end: lineEnd });
    }
    i = e + 1;
  }
  if (!title && firstLine && firstDone) title = firstLine;
  return title ? { headings, title } : { headings };
}
