// date-conflict: a claim of the note ("the CST was signed on 15 May 1993") that the sources date
// otherwise; the message says what they say and cites them, the fix writes their date.

import type { Check } from './types';
import { finding } from './types';
import type { ClaimType } from '../../knowledge/events';
import { judgeClaims } from './claims';
import { citationText, describeEvent, distinctFacts, onOrIn, oneLine, replaceFixes } from './common';

export const dateConflict: Check = {
  code: 'date-conflict',
  defaultSeverity: 'warning',
  description: 'A date the note gives an event that the sources date otherwise.',
  run(ctx, a) {
    return judgeClaims(ctx, a)
      .filter((j) => j.verdict === 'conflicts')
      .map(({ claim: c, entity, facts }) => {
        const said = distinctFacts(facts).map((f) => `${f.via ? `by the ${f.via}, signed ` : ''}${onOrIn(f.date)} (${citationText(ctx, f)})`);
        const type = c.type === 'origin' ? (facts[0].type as ClaimType) : c.type;
        return finding('date-conflict', c.date, `The sources say ${describeEvent(entity, type, c.party)} ${said.join(' or ')}, not ${oneLine(c.date.text)}.`, {
          related: distinctFacts(facts).flatMap((f) => {
            const src = ctx.sources.sourceOf(f.provenance);
            return src ? [{ file: src.doc.id, start: src.start, end: src.end, message: f.provenance.quote ?? `${entity.name}: ${f.date}` }] : [];
          }),
          fixes: replaceFixes(facts, c.date),
        });
      });
  },
};
