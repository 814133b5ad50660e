// date-conflict: a claim of the note ("the CST was signed on 15 May 1993") that the sources date
// otherwise; the message says what they say and cites them, the fix writes their date.

import type { Check, RelatedLocation } from './types';
import type { EntityEvent } from '../../types';
import { finding } from './types';
import type { ClaimType } from '../../knowledge/events';
import { judgeClaims } from './claims';
import { citationText, describeEvent, distinctFacts, onOrIn, oneLine, replaceFixes } from './common';

export const dateConflict: Check = {
  code: 'date-conflict',
  defaultSeverity: 'warning',
  description: 'A date the note gives an event that the sources date otherwise.',
  run(ctx, a) {
    // What the sources say of an event and where: the same for every claim of it (the facts
    // arrays are shared by its judgements), so worked out once per event and run.
    const sources = new Map<EntityEvent[], { said: string; related: RelatedLocation[] }>();
    return judgeClaims(ctx, a)
      .filter((j) => j.verdict === 'conflicts')
      .map(({ claim: c, entity, facts }) => {
        let s = sources.get(facts);
        if (!s) {
          const said = distinctFacts(facts).map((f) => `${f.via ? `by the ${f.via}, signed ` : ''}${onOrIn(f.date)} (${citationText(ctx, f)})`);
          const related = distinctFacts(facts).flatMap((f) => {
            const src = ctx.sources.sourceOf(f.provenance);
            return src ? [{ file: src.doc.id, start: src.start, end: src.end, message: f.provenance.quote ?? `${entity.name}: ${f.date}` }] : [];
          });
          sources.set(facts, (s = { said: said.join(' or '), related }));
        }
        const type = c.type === 'origin' ? (facts[0].type as ClaimType) : c.type;
        return finding('date-conflict', c.date, `The sources say ${describeEvent(entity, type, c.party)} ${s.said}, not ${oneLine(c.date.text)}.`, {
          // Related places of its own for each finding (a client may change what it is given).
          related: s.related.map((r) => ({ file: r.file, start: r.start, end: r.end, message: r.message })),
          fixes: replaceFixes(facts, c.date),
        });
      });
  },
};
