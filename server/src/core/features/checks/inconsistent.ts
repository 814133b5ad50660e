// date-inconsistent: one event dated two ways in one note. A date the sources already contradict
// is left to date-conflict.

import type { Check, Finding } from './types';
import { finding } from './types';
import type { EventClaim } from '../../knowledge/events';
import { agrees } from '../../dates/calendar';
import { judgeClaims } from './claims';
import { isMalformed, oneLine, rangeOf } from './common';

export const dateInconsistent: Check = {
  code: 'date-inconsistent',
  defaultSeverity: 'warning',
  description: 'One event that the note dates two different ways.',
  run(ctx, a) {
    const conflicted = new Set(judgeClaims(ctx, a).filter((j) => j.verdict === 'conflicts').map((j) => j.claim.date));
    const out: Finding[] = [];
    const seen = new Map<string, EventClaim>();
    for (const c of a.claims) {
      if (c.date.approximate || isMalformed(c.date)) continue;
      const kind = c.type === 'origin' || c.type === 'founded' || c.type === 'signed' || c.type === 'adopted' ? 'origin' : c.type;
      const key = `${c.entityId}|${kind}|${c.party ?? ''}`;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, c);
        continue;
      }
      if (first.date === c.date || agrees(rangeOf(first.date), rangeOf(c.date)) || conflicted.has(c.date)) continue;
      const entity = ctx.kb.get(c.entityId);
      const firstLine = a.lines.positionAt(first.date.start).line + 1;
      out.push(
        finding('date-inconsistent', c.date, `This note dates this event two ways: ${oneLine(c.date.text)} here, ${oneLine(first.date.text)} on line ${firstLine} (${entity ? (entity.acronyms[0] ?? entity.name) : c.entityId}).`, {
          related: [{ start: first.date.start, end: first.date.end, message: `The same event dated ${oneLine(first.date.text)}` }],
          fixes: [{ title: `Replace with “${oneLine(first.date.text)}”`, edits: [{ start: c.date.start, end: c.date.end, newText: first.date.text }] }],
        }),
      );
    }
    return out;
  },
};
