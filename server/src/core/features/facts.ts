// An entity's dated facts as a reader wants them: one fact per event, with every source that
// states it. Dates that agree at their precisions (1992, May 1992, 15 May 1992) are one fact,
// shown at the most precise; "the sources disagree" only where two facts of one event do not agree.

import type { EntityEvent } from '../types';
import { agrees, type DateRange } from '../dates/calendar';
import { parseIsoValue } from '../dates/value';

export interface Fact {
  type: EntityEvent['type'];
  party?: string;
  /** The most precise date of the agreeing statements. */
  date: string;
  /** Every statement of it (the first is the most precise). */
  statements: EntityEvent[];
  disputed?: string;
}

export interface FactGroup {
  type: EntityEvent['type'];
  party?: string;
  /** One fact, or several where the sources really disagree. */
  facts: Fact[];
}

const RANK = { day: 0, month: 1, season: 2, year: 2, decade: 3, century: 4 } as const;

/** The events of an entity grouped by (type, party), each group's agreeing dates merged, in date order. */
export function factGroups(events: readonly EntityEvent[]): FactGroup[] {
  const groups = new Map<string, EntityEvent[]>();
  for (const e of events) {
    const k = `${e.type}|${e.party ?? ''}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(e);
  }
  const out: FactGroup[] = [];
  for (const g of groups.values()) {
    const parsed = g.map((e) => ({ e, r: parseIsoValue(e.date) })).filter((x): x is { e: EntityEvent; r: DateRange } => !!x.r);
    parsed.sort((x, y) => RANK[x.r.from.precision] - RANK[y.r.from.precision] || x.e.date.localeCompare(y.e.date));
    const facts: { fact: Fact; r: DateRange }[] = [];
    for (const x of parsed) {
      const hit = facts.find((f) => agrees(f.r, x.r));
      if (hit) hit.fact.statements.push(x.e);
      else facts.push({ fact: { type: x.e.type, party: x.e.party, date: x.e.date, statements: [x.e] }, r: x.r });
    }
    for (const f of facts) f.fact.disputed = f.fact.statements.find((s) => s.disputed)?.disputed;
    out.push({ type: g[0].type, party: g[0].party, facts: facts.map((f) => f.fact).sort((a, b) => a.date.localeCompare(b.date)) });
  }
  return out.sort((a, b) => a.facts[0].date.localeCompare(b.facts[0].date));
}
