// What the sources say of each claim of a note, judged once per analysis and read by the
// date-invalid (its fix), date-conflict and date-inconsistent checks.

import type { EntityEvent } from '../../types';
import type { Analysis } from '../../analysis';
import type { EventClaim } from '../../knowledge/events';
import type { KnowledgeEntity } from '../../knowledge/kb';
import type { FeatureContext } from '../../views';
import { agrees } from '../../dates/calendar';
import { eventRange, factsFor, isMalformed, rangeOf } from './common';

export interface ClaimJudgement {
  claim: EventClaim;
  entity: KnowledgeEntity;
  /** The sources' (undisputed) facts about the claimed event. */
  facts: EntityEvent[];
  /** 'conflicts': the sources date the event otherwise; 'invalid': the note's date cannot exist. */
  verdict: 'agrees' | 'conflicts' | 'invalid' | 'malformed';
}

const memo = new WeakMap<Analysis, WeakMap<FeatureContext, ClaimJudgement[]>>();

/** Claims the sources speak of, each with its verdict; claims they are silent on are left out. */
export function judgeClaims(ctx: FeatureContext, a: Analysis): ClaimJudgement[] {
  let byCtx = memo.get(a);
  if (!byCtx) memo.set(a, (byCtx = new WeakMap()));
  let out = byCtx.get(ctx);
  if (out) return out;
  out = [];
  // The facts of an event depend on its entity, type and party only: looked up once per event
  // (many claims of a note date the same few events), and shared by its judgements (read only).
  const byEvent = new Map<string, { all: EntityEvent[]; facts: EntityEvent[] }>();
  for (const c of a.claims) {
    if (c.date.approximate) continue;
    const entity = ctx.kb.get(c.entityId);
    if (!entity) continue;
    const key = `${c.entityId}\u0000${c.type}\u0000${c.party ?? ''}`;
    let ev = byEvent.get(key);
    if (!ev) {
      const all = factsFor(entity, c).filter((f) => eventRange(f));
      byEvent.set(key, (ev = { all, facts: all.filter((f) => !f.disputed) }));
    }
    const { all, facts } = ev;
    const claimed = rangeOf(c.date);
    // A note that follows a disputed source is not flagged; a disputed fact alone flags nothing.
    if (all.some((f) => f.disputed && agrees(claimed, eventRange(f)!))) continue;
    if (!facts.length) continue;
    let verdict: ClaimJudgement['verdict'];
    if (c.date.invalid) verdict = 'invalid';
    else if (isMalformed(c.date)) verdict = 'malformed';
    else verdict = facts.some((f) => agrees(claimed, eventRange(f)!)) ? 'agrees' : 'conflicts';
    out.push({ claim: c, entity, facts, verdict });
  }
  byCtx.set(ctx, out);
  return out;
}
