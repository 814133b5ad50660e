// date-invalid: a date that cannot exist ("30 February 2002"). Where the sentence dates an event
// the sources know, their date is offered as the fix.

import type { Check, Finding } from './types';
import { finding } from './types';
import { judgeClaims } from './claims';
import { oneLine, replaceFixes } from './common';

export const invalidDate: Check = {
  code: 'date-invalid',
  defaultSeverity: 'error',
  description: 'A date that cannot exist, such as 30 February or 31 June.',
  run(ctx, a) {
    const out: Finding[] = [];
    const judged = judgeClaims(ctx, a).filter((j) => j.verdict === 'invalid');
    for (const d of a.dates) {
      if (!d.invalid) continue;
      const fixes = judged.filter((j) => j.claim.date.start === d.start).flatMap((j) => replaceFixes(j.facts, d));
      out.push(finding('date-invalid', d, `“${oneLine(d.text)}” cannot exist: ${d.invalid}.`, { fixes }));
    }
    return out;
  },
};
