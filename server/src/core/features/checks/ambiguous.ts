// date-ambiguous: a numeric date that reads two ways ("03.04.2004"), when nothing in the note
// settles the order; the fix writes it unambiguously.

import type { DateMention } from '../../types';
import type { Analysis } from '../../analysis';
import type { Check } from './types';
import { finding } from './types';
import { formatDate } from '../../dates/calendar';

/** Whether the note itself settles the order: a day-first date whose day cannot be a month. */
function orderSettled(a: Analysis): boolean {
  return a.dates.some((d) => d.style === 'numeric-dmy' && !d.ambiguous && (d.from.day ?? 0) > 12 && !d.invalid);
}

/** The ambiguous dates this check reports in a note. */
export function ambiguousDates(a: Analysis): DateMention[] {
  if (orderSettled(a)) return [];
  return a.dates.filter((d) => d.ambiguous && !d.invalid);
}

export const ambiguousDate: Check = {
  code: 'date-ambiguous',
  defaultSeverity: 'information',
  description: 'A numeric date whose day and month could be swapped, when nothing in the note settles the order.',
  run(ctx, a) {
    return ambiguousDates(a).map((d) => {
      const swapped = { ...d.from, day: d.from.month, month: d.from.day };
      // The order the recognizer assumed for this date (the setting, or a slashed date read month first).
      const assumed = d.order ?? ctx.dateOrder;
      const order = assumed === 'mdy' ? 'month first' : 'day first';
      return finding('date-ambiguous', d, `“${d.text}” reads as ${formatDate(d.from, 'dmy')} (${order}, entente.dates.order = ${ctx.dateOrder}), but could be ${formatDate(swapped, 'dmy')}.`, {
        fixes: [{ title: `Write it as “${formatDate(d.from, 'dmy')}”`, edits: [{ start: d.start, end: d.end, newText: formatDate(d.from, 'dmy') }] }],
      });
    });
  },
};
