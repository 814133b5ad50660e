// Parsing the ISO value grammar that facts and the CLI use ("2003-12-12", "2003-12", "2003",
// "199X", "18XX", "1998/2000") back into calendar dates.

import type { CalendarDate } from '../types';
import type { DateRange } from './calendar';

function point(s: string): CalendarDate | undefined {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return { year: +m[1], month: +m[2], day: +m[3], precision: 'day' };
  m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m) return { year: +m[1], month: +m[2], precision: 'month' };
  m = /^(\d{4})$/.exec(s);
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

/** The last calendar point a date or range can stand for, at its own precision. */
export function lastPoint(r: DateRange): CalendarDate {
  return r.to ?? r.from;
}
