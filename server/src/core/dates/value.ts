// Parsing the ISO value grammar that facts and the CLI use ("2003-12-12", "2003-12", "2003",
// "199X", "18XX", "1998/2000") back into calendar dates.

import type { CalendarDate, DateStyle } from '../types';
import { formatDate, type DateRange } from './calendar';

function point(s: string): CalendarDate | undefined {
  // Years before 1 AD in ISO 8601 astronomical numbering: "44 BC" is "-0043".
  let m = /^(-?\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return { year: +m[1], month: +m[2], day: +m[3], precision: 'day' };
  m = /^(-?\d{4})-(\d{2})$/.exec(s);
  if (m) return { year: +m[1], month: +m[2], precision: 'month' };
  m = /^(-?\d{4})$/.exec(s);
  if (m) return { year: +m[1], precision: 'year' };
  m = /^(\d{3})X$/.exec(s);
  if (m) return { year: +m[1] * 10, precision: 'decade' };
  m = /^(\d{2})XX$/.exec(s);
  if (m) return { year: +m[1] * 100, precision: 'century' };
  return undefined;
}

export function parseIsoValue(value: string): DateRange | undefined {
  const [a, b] = value.split('/');
  const from = point(a);
  if (!from) return undefined;
  if (b === undefined) return { from };
  const to = point(b);
  return to ? { from, to } : undefined;
}

/** An ISO value written for a reader: "15 May 1992", "May 1992", "1998 – 2000" (in a style for points). */
export function formatValue(value: string, style: DateStyle = 'dmy'): string {
  // The same few values (the sources' dates) are written again for every finding: remembered, bounded.
  const key = `${style}\u0000${value}`;
  let out = formatted.get(key);
  if (out === undefined) {
    out = computeFormatValue(value, style);
    if (formatted.size >= 2000) formatted.clear();
    formatted.set(key, out);
  }
  return out;
}

const formatted = new Map<string, string>();

function computeFormatValue(value: string, style: DateStyle): string {
  const r = parseIsoValue(value);
  if (!r) return value;
  if (!r.to) return formatDate(r.from, style);
  const rangeStyle = style === 'year' ? 'year' : 'dmy';
  return `${formatDate(r.from, rangeStyle)} – ${formatDate(r.to, rangeStyle)}`;
}
