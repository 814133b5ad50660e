// Overviews of a note and of a body: the entities a note names (grouped by kind, with counts) and
// timelines — every dated event of a note in order, or one body's facts across the sources.

import type { DateMention, Span } from '../types';
import type { Analysis } from '../analysis';
import type { FeatureContext } from '../views';
import type { Diagnostic } from './checks/types';
import type { ClaimType } from '../knowledge/events';
import { formatDate } from '../dates/calendar';
import { formatValue, parseIsoValue } from '../dates/value';
import { factGroups } from './facts';
import { EVENT_WORDS } from './checks/common';

export interface NoteEntityGroup {
  kind: 'organization' | 'treaty' | 'date';
  items: { id: string; name: string; count: number; spans: Span[] }[];
}

/** The note's organizations, treaties and dates, each with its mentions, most mentioned first. */
export function noteEntities(ctx: FeatureContext, a: Analysis): NoteEntityGroup[] {
  const groups: NoteEntityGroup[] = [
    { kind: 'organization', items: [] },
    { kind: 'treaty', items: [] },
    { kind: 'date', items: [] },
  ];
  const byKey = new Map<string, NoteEntityGroup['items'][number]>();
  const add = (kind: NoteEntityGroup['kind'], id: string, name: () => string, span: Span) => {
    const key = `${kind}|${id}`;
    let item = byKey.get(key);
    if (!item) {
      item = { id, name: name(), count: 0, spans: [] };
      byKey.set(key, item);
      groups.find((g) => g.kind === kind)!.items.push(item);
    }
    item.count++;
    item.spans.push({ start: span.start, end: span.end });
  };
  for (const m of a.entities) add(m.kind, m.entityId, () => ctx.kb.get(m.entityId)?.name ?? m.text.replace(/\s+/g, ' '), m);
  for (const d of a.dates) if (!d.invalid) add('date', d.value, () => dateLabel(d), d);
  for (const g of groups) g.items.sort((x, y) => (g.kind === 'date' ? sortKey(x.id) - sortKey(y.id) : y.count - x.count || x.name.localeCompare(y.name)));
  return groups.filter((g) => g.items.length);
}

export interface TimelineEntry {
  date: string;
  label: string;
  event: string;
  entityId?: string;
  /** In the note. */
  span?: Span;
  /** In a source. */
  source?: { file: string } & Span;
  citation?: string;
  problem?: { code: string; message: string };
}

/** The checks' event words; an origin claim reads "dates from" in a timeline. */
const EVENT_NOUN: Record<ClaimType, string> = { ...EVENT_WORDS, origin: 'dates from' };

/**
 * Every dated event the note states (claims first, then dates named alone), in date order, with the
 * note's own problems. Linear in the note's dates and diagnostics (plus the sorts): the problems
 * are found by one sweep over entries and diagnostics in order of start, and a context reads at
 * most 60 characters each side (a note can be one long line with thousands of dates).
 */
export function noteTimeline(ctx: FeatureContext, a: Analysis, diagnostics: readonly Diagnostic[]): TimelineEntry[] {
  const out: (TimelineEntry & { span: Span })[] = [];
  const claimed = new Set<number>();
  for (const c of a.claims) {
    if (c.date.invalid) continue;
    claimed.add(c.date.start);
    const e = ctx.kb.get(c.entityId);
    const who = e ? (e.acronyms[0] ?? e.name) : c.mention.text.replace(/\s+/g, ' ');
    const event = c.party && (c.type === 'joined' || c.type === 'left') ? `${c.party} ${EVENT_NOUN[c.type]} the ${who}` : `${who} ${EVENT_NOUN[c.type]}`;
    out.push({ date: c.date.value, label: dateLabel(c.date), event, entityId: c.entityId, span: { start: c.date.start, end: c.date.end } });
  }
  for (const d of a.dates) {
    if (d.invalid || claimed.has(d.start)) continue;
    out.push({ date: d.value, label: dateLabel(d), event: context(a, d), span: { start: d.start, end: d.end } });
  }
  markProblems(out, diagnostics);
  return sortByDate(out);
}

/**
 * Gives each entry the first diagnostic (in the list's order) that covers its span, date-ambiguous
 * aside: one sweep over both in order of start, keeping the diagnostics open at that point.
 */
function markProblems(entries: (TimelineEntry & { span: Span })[], diagnostics: readonly Diagnostic[]): void {
  const byStart: number[] = [];
  for (let i = 0; i < diagnostics.length; i++) if (diagnostics[i].code !== 'date-ambiguous') byStart.push(i);
  if (!byStart.length) return;
  byStart.sort((x, y) => diagnostics[x].start - diagnostics[y].start || x - y);
  let next = 0;
  let open: number[] = [];
  for (const entry of [...entries].sort((x, y) => x.span.start - y.span.start)) {
    const s = entry.span;
    while (next < byStart.length && diagnostics[byStart[next]].start <= s.start) open.push(byStart[next++]);
    // A diagnostic that ends before this span starts covers nothing from here on.
    if (open.some((i) => diagnostics[i].end < s.start)) open = open.filter((i) => diagnostics[i].end >= s.start);
    let hit = -1;
    for (const i of open) if (diagnostics[i].end >= s.end && (hit < 0 || i < hit)) hit = i;
    if (hit >= 0) entry.problem = { code: diagnostics[hit].code, message: diagnostics[hit].message };
  }
}

/** Entries in date order, ties by their place in the note (a key computed once per distinct date, the sort on numbers). */
function sortByDate<T extends TimelineEntry>(entries: T[]): T[] {
  const keys = new Map<string, number>();
  const decorated = entries.map((e) => {
    let k = keys.get(e.date);
    if (k === undefined) keys.set(e.date, (k = sortKey(e.date)));
    return { k, at: e.span?.start ?? 0, e };
  });
  decorated.sort((x, y) => x.k - y.k || x.at - y.at);
  return decorated.map((d) => d.e);
}

/** One body's facts across the sources, one entry per fact with every source that states it. */
export function entityTimeline(ctx: FeatureContext, entityId: string): TimelineEntry[] {
  const e = ctx.kb.get(entityId);
  if (!e) return [];
  const who = e.acronyms[0] ?? e.name;
  const out: TimelineEntry[] = [];
  for (const g of factGroups(e.events)) {
    for (const f of g.facts) {
      const first = f.statements[0];
      const src = ctx.sources.sourceOf(first.provenance);
      const cites = [...new Set(f.statements.map((s) => ctx.sources.citeLabel(s.provenance) ?? (s.provenance.origin === 'dictionary' ? 'your dictionary' : 'the catalog')))];
      out.push({
        date: f.date,
        label: formatValue(f.date),
        event: first.label ? `${who}: ${first.label}` : g.party ? `${g.party} ${EVENT_NOUN[g.type]} the ${who}` : `${who} ${EVENT_NOUN[g.type]}`,
        entityId,
        source: src ? { file: src.doc.id, start: src.start, end: src.end } : undefined,
        citation: cites.join('; '),
        problem: g.facts.length > 1 ? { code: 'sources-disagree', message: `The sources disagree: ${g.facts.map((x) => formatValue(x.date)).join(' vs ')}.` } : undefined,
      });
    }
  }
  return sortByDate(out);
}

function dateLabel(d: DateMention): string {
  return d.to ? formatValue(d.value) : formatDate(d.from, 'dmy');
}

/** A numeric key for ordering ISO values of any precision ("2001-06-15", "2001", "199X", "1998/2000"). */
function sortKey(value: string): number {
  const r = parseIsoValue(value);
  if (!r) return Number.MAX_SAFE_INTEGER;
  return r.from.year * 10000 + (r.from.month ?? 0) * 100 + (r.from.day ?? 0);
}

/** The words around a date, at most 60 characters each side within its line, for a timeline entry that no event claim explains. */
function context(a: Analysis, d: DateMention): string {
  const t = a.text;
  const lo = Math.max(0, d.start - 60);
  let s = d.start;
  while (s > lo && t.charCodeAt(s - 1) !== 10) s--;
  const cutBefore = s === lo && lo > 0 && t.charCodeAt(lo - 1) !== 10;
  const hi = Math.min(t.length, d.end + 60);
  let e = d.end;
  while (e < hi && t.charCodeAt(e) !== 10) e++;
  const cutAfter = e === hi && hi < t.length && t.charCodeAt(hi) !== 10;
  return `${cutBefore ? '…' : ''}${t.slice(s, e).replace(/\s+/g, ' ').trim()}${cutAfter ? '…' : ''}`;
}
