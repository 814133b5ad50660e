// date-inconsistent: one event dated two ways in one note. A date the sources already contradict
// is left to date-conflict.

import type { Check, Finding } from './types';
import { finding } from './types';
import { describeClaim, type EventClaim } from '../../knowledge/events';
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
      // The event's identity (entity, event group, party): two dates conflict only for one event.
      const key = c.eventKey;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, c);
        continue;
      }
      if (first.date === c.date || agrees(rangeOf(first.date), rangeOf(c.date)) || conflicted.has(c.date)) continue;
      const entity = ctx.kb.get(c.entityId);
      const firstLine = a.lines.positionAt(first.date.start).line + 1;
      out.push(
        finding('date-inconsistent', c.date, `${upperFirst(describeClaim(c.entityId, c.type === first.type ? c.type : 'origin', entity ? (entity.acronyms[0] ?? entity.name) : c.mention.text, c.party).event)} is dated ${oneLine(c.date.text)} here and ${oneLine(first.date.text)} on line ${firstLine}.`, {
          related: [{ start: first.date.start, end: first.date.end, message: `The same event dated ${oneLine(first.date.text)}` }],
          fixes: [{ title: `Replace with “${oneLine(first.date.text)}”`, edits: [{ start: c.date.start, end: c.date.end, newText: first.date.text }] }],
        }),
      );
    }
    return out;
  },
};

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
