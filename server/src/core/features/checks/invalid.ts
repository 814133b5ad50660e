// date-invalid: a date that cannot exist ("30 February 2002"). Where the sentence dates an event
// the sources know, their date is offered as the fix.

import type { Check, Finding } from './types';
import { finding } from './types';
import { judgeClaims } from './claims';
import { oneLine, replaceFixes } from './common';
import type { DateMention } from '../../types';
import type { Fix } from './types';
import { daysInMonth, formatDate } from '../../dates/calendar';

/**
 * The nearest valid dates, where they are obvious: a day past the month's end ("31 June 2006")
 * becomes that month's last day or the next month's first ("30 June 2006", "1 July 2006"),
 * written in the note's own style.
 */
export function nearestValidFixes(d: DateMention): Fix[] {
  const { year, month, day } = d.from;
  if (d.to || !month || !day || month < 1 || month > 12 || d.from.precision !== 'day') return [];
  const last = daysInMonth(year, month);
  if (day <= last) return [];
  const style = d.style === 'other' || d.style === 'year' || d.style === 'month-year' ? 'dmy' : d.style;
  const candidates = [
    { year, month, day: last, precision: 'day' as const },
    month === 12 ? { year: year + 1, month: 1, day: 1, precision: 'day' as const } : { year, month: month + 1, day: 1, precision: 'day' as const },
  ];
  return candidates.map((c) => {
    const text = formatDate(c, style);
    return { title: `Change to “${text}”`, edits: [{ start: d.start, end: d.end, newText: text }] };
  });
}

export const invalidDate: Check = {
  code: 'date-invalid',
  defaultSeverity: 'error',
  description: 'A date that cannot exist, such as 30 February or 31 June.',
  run(ctx, a) {
    const out: Finding[] = [];
    const judged = judgeClaims(ctx, a).filter((j) => j.verdict === 'invalid');
    for (const d of a.dates) {
      if (!d.invalid) continue;
      // The sources' date first where the sentence names a known event; then the nearest valid days.
      const fixes = [...judged.filter((j) => j.claim.date.start === d.start).flatMap((j) => replaceFixes(j.facts, d)), ...nearestValidFixes(d)];
      out.push(finding('date-invalid', d, `“${oneLine(d.text)}” cannot exist: ${d.invalid}.`, { fixes }));
    }
    return out;
  },
};
