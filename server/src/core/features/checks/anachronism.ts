// anachronism: a body acting before it existed or after it ended ("the SCO in 1995"). The date is
// what clashes with the record; where a predecessor existed then, the fix renames the body.

import type { DateMention, Span } from '../../types';
import type { Analysis } from '../../analysis';
import type { EntityMention } from '../../recognize/entities';
import type { KnowledgeEntity } from '../../knowledge/kb';
import type { FeatureContext } from '../../views';
import type { Check, Finding, Fix } from './types';
import { finding } from './types';
import { compareAtPrecision, type DateRange } from '../../dates/calendar';
import { citationText, EVENT_WORDS, isMalformed, lifetime, onOrIn, oneLine, rangeOf } from './common';
import { actualWeekday } from './weekday';
import { ambiguousDates } from './ambiguous';

export const anachronism: Check = {
  code: 'anachronism',
  defaultSeverity: 'warning',
  description: 'A body named at a date before it existed or after it ended.',
  run(ctx, a) {
    // A date another check speaks of, or that an event claim ties to a body, is left alone: it
    // says nothing of the other bodies near it.
    const taken = new Set<number>(a.claims.filter((c) => c.entityId).map((c) => c.date.start));
    for (const d of a.dates) if (isMalformed(d) || (actualWeekday(d) !== undefined && d.weekday?.start === d.start)) taken.add(d.start);
    for (const d of ambiguousDates(a)) taken.add(d.start);
    const out: Finding[] = [];
    const parts = new Map<KnowledgeEntity, EntityParts>();
    for (const { entity: m, date: d } of anachronismCandidates(a)) {
      if (taken.has(d.start)) continue;
      const entity = ctx.kb.get(m.entityId);
      if (!entity) continue;
      let p = parts.get(entity);
      if (!p) parts.set(entity, (p = entityParts(ctx, entity)));
      const f = judge(ctx, entity, p, m, d);
      if (f) out.push(f);
    }
    return out;
  },
};

/** What a finding says of its entity whatever the date (its name, lifetime, citation, source): worked out once per entity and run. */
interface EntityParts {
  named: string;
  /** "it was founded on 7 October 2002 (Andrey Kazantsev, p. 64)" */
  began?: string;
  ended?: string;
  successor?: string;
  related?: { file: string; start: number; end: number; message: string };
}

function entityParts(ctx: FeatureContext, entity: KnowledgeEntity): EntityParts {
  const life = lifetime(entity);
  const p: EntityParts = { named: `${entity.name}${entity.acronyms[0] ? ` (${entity.acronyms[0]})` : ''}` };
  if (life.start) p.began = `it was ${EVENT_WORDS[life.start.event.type]} ${onOrIn(life.start.event.date)} (${citationText(ctx, life.start.event)})`;
  if (life.end) {
    p.ended = `it was ${EVENT_WORDS[life.end.event.type]} ${onOrIn(life.end.event.date)} (${citationText(ctx, life.end.event)})`;
    p.successor = entity.successors.map((id) => ctx.kb.get(id)).find((x) => x)?.name;
  }
  const evProv = life.start?.event.provenance ?? life.end?.event.provenance;
  const src = evProv && ctx.sources.sourceOf(evProv);
  if (src) p.related = { file: src.doc.id, start: src.start, end: src.end, message: evProv!.quote ?? entity.name };
  return p;
}

function judge(ctx: FeatureContext, entity: KnowledgeEntity, parts: EntityParts, m: EntityMention, d: DateMention): Finding | undefined {
  const life = lifetime(entity);
  if (!life.start && !life.end) return undefined;
  const when = rangeOf(d);
  const last = when.to && compareAtPrecision(when.from, when.to) <= 0 ? when.to : when.from;
  const first = when.to && compareAtPrecision(when.from, when.to) > 0 ? when.to : when.from;
  let message: string | undefined;
  let fixes: Fix[] = [];
  if (life.start && compareAtPrecision(last, life.start.date) < 0) {
    message = `The ${parts.named} did not exist in ${oneLine(d.text)}: ${parts.began}.`;
    const pred = predecessorAt(ctx, entity, first);
    if (pred) {
      const replacement = m.form === 'acronym' && pred.acronyms.length > 0 ? pred.acronyms[0] : pred.name;
      message += ` At that time it was the ${pred.name}${pred.acronyms[0] ? ` (${pred.acronyms[0]})` : ''}.`;
      fixes = [{ title: `Replace with “${replacement}”`, edits: [{ start: m.start, end: m.end, newText: replacement }], preferred: true }];
    }
  } else if (life.end && compareAtPrecision(first, life.end.date) > 0) {
    message = `The ${entity.name} no longer existed in ${oneLine(d.text)}: ${parts.ended}.`;
    if (parts.successor !== undefined) message += ` Its successor is the ${parts.successor}.`;
  }
  if (!message) return undefined;
  // A related place of its own for each finding (a client may change what it is given).
  const r = parts.related;
  return finding('anachronism', d, message, { related: r ? [{ file: r.file, start: r.start, end: r.end, message: r.message }] : [], fixes });
}

function predecessorAt(ctx: FeatureContext, entity: KnowledgeEntity, when: DateRange['from']): KnowledgeEntity | undefined {
  for (const id of entity.predecessors) {
    const p = ctx.kb.get(id);
    if (!p) continue;
    const life = lifetime(p);
    if (!life.start || compareAtPrecision(life.start.date, when) <= 0) return p;
  }
  return undefined;
}

const HEDGES = /\b(?:predecessors?|precursors?|forerunners?|before|prior to|until|till|future|later|would become|became|roots?|origins?|created|founded|established|formed|set up|transformed|renamed)\b/i;
const OF_BEFORE = /\bof\s+(?:the\s+)?$/i;

/** Index of the last element whose start is <= offset (-1 if none). */
function lastAtOrBefore(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= offset) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

function firstAtOrAfter<T extends Span>(xs: readonly T[], from: number, to: number, offset: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const dist = (x: Span, y: Span) => (x.end <= y.start ? y.start - x.end : x.start >= y.end ? x.start - y.end : 0);

/** The element of xs[from, to) nearest to y (ties: the earlier), looking only around y's place. */
function nearest<T extends Span>(xs: readonly T[], from: number, to: number, y: Span): T | undefined {
  if (from >= to) return undefined;
  const p = firstAtOrAfter(xs, from, to, y.start);
  let best: T | undefined;
  let bestD = Infinity;
  for (let k = Math.max(from, p - 3); k < Math.min(to, p + 3); k++) {
    const dd = dist(xs[k], y);
    if (dd < bestD) {
      best = xs[k];
      bestD = dd;
    }
  }
  return best;
}

/**
 * Pairs of an entity mention and a date in the same clause, each the other's nearest, in
 * sentences that do not speak of origins or predecessors. Clauses come from the analysis.
 * Linear in the mentions: every lookup is a binary search over sorted arrays.
 */
export function anachronismCandidates(a: Analysis): { entity: EntityMention; date: DateMention }[] {
  const out: { entity: EntityMention; date: DateMention }[] = [];
  const clauses = a.clauseStarts;
  // The index range [lo, hi) of xs inside the clause that holds offset.
  const clauseRange = <T extends Span>(xs: readonly T[], k: number, lo: number, hi: number, sEnd: number): [number, number] => {
    const cs = clauses[k];
    const ce = k + 1 < clauses.length ? Math.min(clauses[k + 1], sEnd) : sEnd;
    return [firstAtOrAfter(xs, lo, hi, cs), firstAtOrAfter(xs, lo, hi, ce)];
  };
  let ei = 0;
  let di = 0;
  for (const s of a.sentences) {
    while (ei < a.entities.length && a.entities[ei].end <= s.start) ei++;
    while (di < a.dates.length && a.dates[di].end <= s.start) di++;
    let ej = ei;
    while (ej < a.entities.length && a.entities[ej].start < s.end) ej++;
    let dj = di;
    while (dj < a.dates.length && a.dates[dj].start < s.end) dj++;
    if (ej === ei || dj === di) continue;
    if (HEDGES.test(a.text.slice(s.start, s.end))) continue;
    for (let k = di; k < dj; k++) {
      const d = a.dates[k];
      // "the attacks of 11 September 2001": a date that qualifies another noun is not the body's.
      if (OF_BEFORE.test(a.text.slice(Math.max(s.start, d.start - 10), d.start))) continue;
      const ck = lastAtOrBefore(clauses, d.start);
      const [elo, ehi] = clauseRange(a.entities, ck, ei, ej, s.end);
      const near = nearest(a.entities, elo, ehi, d);
      if (!near) continue;
      const nk = lastAtOrBefore(clauses, near.start);
      const [dlo, dhi] = clauseRange(a.dates, nk, di, dj, s.end);
      if (nearest(a.dates, dlo, dhi, near) === d) out.push({ entity: near, date: d });
    }
  }
  return out;
}
