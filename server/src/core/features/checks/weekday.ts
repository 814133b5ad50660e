// weekday-mismatch: "Tuesday, 8 December 1991" when that day was a Sunday; the fix writes the
// right weekday in the case and length the note used.

import type { DateMention } from '../../types';
import type { Check } from './types';
import { finding } from './types';
import { formatDate, WEEKDAYS, weekdayOf } from '../../dates/calendar';

/** The weekday a date really fell on, when it differs from the one written; undefined otherwise. */
export function actualWeekday(d: DateMention): number | undefined {
  if (!d.weekday || d.invalid || d.from.precision !== 'day' || !d.from.month || !d.from.day) return undefined;
  const actual = weekdayOf(d.from.year, d.from.month, d.from.day);
  return actual !== d.weekday.index ? actual : undefined;
}

export const weekdayMismatch: Check = {
  code: 'weekday-mismatch',
  defaultSeverity: 'warning',
  description: 'A weekday written with a date that fell on another day.',
  run(_ctx, a) {
    const out = [];
    for (const d of a.dates) {
      const actual = actualWeekday(d);
      if (actual === undefined || !d.weekday) continue;
      const name = matchCase(WEEKDAYS[actual], d.weekday.text);
      out.push(
        finding('weekday-mismatch', { start: d.weekday.start, end: d.end }, `${formatDate(d.from, 'dmy')} was a ${WEEKDAYS[actual]}, not a ${WEEKDAYS[d.weekday.index]}.`, {
          fixes: [{ title: `Change “${d.weekday.text}” to “${name}”`, edits: [{ start: d.weekday.start, end: d.weekday.end, newText: name }], preferred: true }],
        }),
      );
    }
    return out;
  },
};

/** "Sunday" written like "TUE" or "tue." or "Tuesday". */
function matchCase(name: string, like: string): string {
  let out = name;
  if (like.length <= 4 && !like.startsWith(name)) out = name.slice(0, like.replace('.', '').length) + (like.endsWith('.') ? '.' : '');
  if (like === like.toUpperCase()) return out.toUpperCase();
  if (like === like.toLowerCase()) return out.toLowerCase();
  return out;
}
