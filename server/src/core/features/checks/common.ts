// What several checks share: the words for events, how a fact is cited, a date's preposition,
// the facts the sources give for a claim, and an entity's lifetime.

import type { DateMention, EntityEvent } from '../../types';
import type { ClaimType, EventClaim } from '../../knowledge/events';
import type { KnowledgeEntity } from '../../knowledge/kb';
import type { FeatureContext } from '../../views';
import { agrees, compareAtPrecision, type DateRange } from '../../dates/calendar';
import { formatValue, parseIsoValue } from '../../dates/value';
import type { Fix } from './types';

export const EVENT_WORDS: Record<ClaimType, string> = {
  founded: 'founded',
  signed: 'signed',
  adopted: 'adopted',
  'in-force': 'in force',
  renamed: 'transformed',
  joined: 'joined',
  left: 'left',
  dissolved: 'dissolved',
  origin: 'dated',
};

export function citationText(ctx: FeatureContext, ev: { provenance: EntityEvent['provenance'] }): string {
  return ctx.sources.citeLabel(ev.provenance) ?? (ev.provenance.origin === 'dictionary' ? 'your dictionary' : 'the catalog');
}

/** The facts of an entity that a claim speaks of (same event type; same party for joined/left). */
export function factsFor(entity: KnowledgeEntity, claim: EventClaim): EntityEvent[] {
  return entity.events.filter((e) => {
    const typeOk = claim.type === 'origin' ? ['founded', 'signed', 'adopted'].includes(e.type) : e.type === claim.type;
    if (!typeOk) return false;
    if (claim.type === 'joined' || claim.type === 'left') return !!e.party && !!claim.party && samePlace(e.party, claim.party);
    return true;
  });
}

function samePlace(a: string, b: string): boolean {
  const n = (s: string) => s.toLowerCase().replace(/^the\s+/, '').replace('kyrgyz republic', 'kyrgyzstan').replace('russian federation', 'russia');
  return n(a) === n(b);
}

export function describeEvent(entity: KnowledgeEntity, type: ClaimType, party?: string): string {
  return party ? `${party} ${EVENT_WORDS[type]} the ${entity.acronyms[0] ?? entity.name}` : `the ${entity.name} was ${EVENT_WORDS[type]}`;
}

/** "on 15 June 2001", "in June 2001", "in 2001": the preposition English wants for a date value. */
export function onOrIn(value: string): string {
  // The same few values (the sources' dates) come back for every finding: remembered, bounded.
  let out = onOrInCache.get(value);
  if (out === undefined) {
    const r = parseIsoValue(value);
    out = `${r && !r.to && r.from.precision === 'day' ? 'on' : 'in'} ${formatValue(value)}`;
    if (onOrInCache.size >= 2000) onOrInCache.clear();
    onOrInCache.set(value, out);
  }
  return out;
}

const onOrInCache = new Map<string, string>();

export function rangeOf(d: DateMention): DateRange {
  return { from: d.from, to: d.to };
}

/** A text on one line: every run of white space one space. A text that is so already is returned as it is. */
export function oneLine(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Only single ASCII spaces are left alone; any other white space (or what may be: any
    // non-ASCII character) goes through the expression.
    if (c === 32 ? s.charCodeAt(i + 1) === 32 : (c >= 9 && c <= 13) || c >= 128) return s.replace(/\s+/g, ' ');
  }
  return s;
}

/** The most precise facts first, without those a more precise one already covers; at most three. */
export function distinctFacts(facts: EntityEvent[]): EntityEvent[] {
  // The same arrays of facts come back for every claim of an event (claims.ts shares them, never changes them).
  let d = distinct.get(facts);
  if (!d) distinct.set(facts, (d = computeDistinctFacts(facts)));
  return d;
}

const distinct = new WeakMap<EntityEvent[], EntityEvent[]>();

function computeDistinctFacts(facts: EntityEvent[]): EntityEvent[] {
  const rank = { day: 0, month: 1, season: 2, year: 2, decade: 3, century: 4 } as const;
  const sorted = facts.map((f) => ({ f, r: eventRange(f)! })).sort((x, y) => rank[x.r.from.precision] - rank[y.r.from.precision]);
  const kept: { f: EntityEvent; r: DateRange }[] = [];
  for (const x of sorted) if (!kept.some((k) => agrees(k.r, x.r))) kept.push(x);
  return kept.slice(0, 3).map((x) => x.f);
}

/** Fixes that write the sources' date in the note's own style, most precise first. */
export function replaceFixes(facts: EntityEvent[], date: DateMention): Fix[] {
  const seen = new Set<string>();
  const fixes: Fix[] = [];
  for (const f of distinctFacts(facts)) {
    const text = formatValue(f.date, date.style);
    if (seen.has(text)) continue;
    seen.add(text);
    fixes.push({ title: `Replace with the source’s date “${text}”`, edits: [{ start: date.start, end: date.end, newText: text }], preferred: fixes.length === 0 });
  }
  return fixes;
}

const ranges = new WeakMap<EntityEvent, DateRange | null>();

/** An event's date as a range, parsed once per event (knowledge does not change while it is used). */
export function eventRange(e: EntityEvent): DateRange | undefined {
  let r = ranges.get(e);
  if (r === undefined) ranges.set(e, (r = parseIsoValue(e.date) ?? null));
  return r ?? undefined;
}

export interface LifeEvent {
  event: EntityEvent;
  date: DateRange['from'];
}

/**
 * When an entity began and ended, from curated facts first (a learned fact may come from a
 * sentence that itself uses the name loosely), from learned ones when nothing is curated.
 */
const lifetimes = new WeakMap<KnowledgeEntity, { start?: LifeEvent; end?: LifeEvent }>();

export function lifetime(entity: KnowledgeEntity): { start?: LifeEvent; end?: LifeEvent } {
  let life = lifetimes.get(entity);
  if (!life) lifetimes.set(entity, (life = computeLifetime(entity)));
  return life;
}

function computeLifetime(entity: KnowledgeEntity): { start?: LifeEvent; end?: LifeEvent } {
  const pick = (types: string[], earliest: boolean): LifeEvent | undefined => {
    const trusted = entity.events.filter((e) => types.includes(e.type) && e.provenance.origin !== 'learned');
    const pool = trusted.length ? trusted : entity.events.filter((e) => types.includes(e.type));
    let best: LifeEvent | undefined;
    for (const e of pool) {
      const r = eventRange(e);
      if (!r) continue;
      const d = earliest ? r.from : (r.to ?? r.from);
      if (!best || (earliest ? compareAtPrecision(d, best.date) < 0 : compareAtPrecision(d, best.date) > 0)) best = { event: e, date: d };
    }
    return best;
  };
  return { start: pick(entity.kind === 'treaty' ? ['signed', 'adopted', 'founded'] : ['founded'], true), end: pick(['dissolved'], false) };
}

/** A date range whose end comes before its start ("2003–2001"). */
export function isReversed(d: DateMention): boolean {
  return !d.invalid && !!d.to && compareAtPrecision(d.from, d.to) > 0;
}

/** Dates no source comparison should use: impossible ones and reversed ranges (their own checks speak). */
export function isMalformed(d: DateMention): boolean {
  return !!d.invalid || isReversed(d);
}
