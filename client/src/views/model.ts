// The view models of the client's views: what the "in this note" tree, the timeline, the names
// quick pick and the card documents show, computed from the server's answers. Pure (no `vscode`),
// so that the unit tests in test/client/ run them without an editor.

import type { NamesResult, NoteEntitiesResult, NoteEntityItem, Range, TimelineEvent } from '../../../server/src/protocol';

export type EntityKind = NoteEntitiesResult['groups'][number]['kind'];

const KIND_ORDER: readonly EntityKind[] = ['organization', 'treaty', 'date'];
const KIND_TITLES: Record<EntityKind, [string, string]> = {
  organization: ['Organization', 'Organizations'],
  treaty: ['Treaty or document', 'Treaties and documents'],
  date: ['Date', 'Dates'],
};

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

// ---------------------------------------------------------------- "in this note"

export interface GroupNode {
  type: 'group';
  kind: EntityKind;
  label: string;
  /** Distinct entities and their mentions in the group. */
  description: string;
  items: EntityNode[];
}

export interface EntityNode {
  type: 'entity';
  kind: EntityKind;
  id: string;
  label: string;
  description: string;
  /** Where a click jumps: the first mention. */
  first: Range | undefined;
  mentions: MentionNode[];
}

export interface MentionNode {
  type: 'mention';
  kind: EntityKind;
  id: string;
  label: string;
  range: Range;
}

/** The tree of the note's entities: one group per kind (in a fixed order, empty groups left out),
 *  the entities in each by how often the note mentions them (then by name), each with its mentions
 *  in order. */
export function entityTree(result: NoteEntitiesResult | null | undefined): GroupNode[] {
  const groups = new Map<EntityKind, NoteEntityItem[]>();
  for (const g of result?.groups ?? []) {
    if (!KIND_TITLES[g.kind]) continue;
    groups.set(g.kind, [...(groups.get(g.kind) ?? []), ...g.items]);
  }
  const out: GroupNode[] = [];
  for (const kind of KIND_ORDER) {
    const items = groups.get(kind);
    if (!items?.length) continue;
    const sorted = [...items].sort((a, b) =>
      kind === 'date' ? compareIso(a.id, b.id) || a.name.localeCompare(b.name) : b.count - a.count || a.name.localeCompare(b.name));
    const mentions = sorted.reduce((n, i) => n + i.count, 0);
    out.push({
      type: 'group',
      kind,
      label: KIND_TITLES[kind][1],
      description: `${sorted.length} · ${plural(mentions, 'mention', 'mentions')}`,
      items: sorted.map((item) => ({
        type: 'entity',
        kind,
        id: item.id,
        label: item.name,
        description: `×${item.count}`,
        first: item.ranges[0],
        mentions: item.ranges.map((range) => ({ type: 'mention', kind, id: item.id, label: `Line ${range.start.line + 1}, column ${range.start.character + 1}`, range })),
      })),
    });
  }
  return out;
}

/** "3 organizations, 2 treaties, 5 dates" — the view's message when the tree is collapsed. */
export function entitySummary(groups: GroupNode[]): string {
  if (!groups.length) return 'No organizations, treaties or dates recognized in this note.';
  return groups.map((g) => plural(g.items.length, KIND_TITLES[g.kind][0].toLowerCase(), g.label.toLowerCase())).join(', ');
}

// ---------------------------------------------------------------- timeline

/** The start of an ISO value as sortable text: "1998/2000" → "1998", "199X" → "1990". */
export function isoStart(value: string): string {
  const start = value.split('/')[0] ?? value;
  return start.replace(/X/g, '0');
}

/** Orders ISO values by their start; at the same start, the coarser precision first ("2001"
 *  before "2001-06" before "2001-06-15"); then a range after a point. */
export function compareIso(a: string, b: string): number {
  const sa = isoStart(a);
  const sb = isoStart(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (a.includes('/') !== b.includes('/')) return a.includes('/') ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface TimelineNode {
  index: number;
  label: string;
  description: string;
  tooltip: string;
  /** Marks an event the checks flag (conflict, inconsistency, anachronism…). */
  problem: TimelineEvent['problem'];
  /** The event is stated in a source, not in the note. */
  fromSource: boolean;
  event: TimelineEvent;
}

/** Every event in date order (stable for equal dates), labelled "15 June 2001 — SCO founded",
 *  described by its citation, its problem first in the tooltip. */
export function timelineNodes(events: readonly TimelineEvent[], noteUri?: string): TimelineNode[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort((x, y) => compareIso(x.event.date, y.event.date) || x.index - y.index)
    .map(({ event, index }) => {
      const fromSource = !!event.location && event.location.uri !== noteUri;
      const where = event.citation ?? (event.location && !fromSource ? `line ${event.location.range.start.line + 1} of the note` : '');
      const tooltip = [
        `${event.label} — ${event.event}`,
        event.problem ? `⚠ ${event.problem.code}: ${event.problem.message}` : '',
        where ? `Stated: ${where}` : '',
      ].filter(Boolean).join('\n');
      return {
        index,
        label: `${event.label} — ${event.event}`,
        description: [event.problem ? `⚠ ${event.problem.code}` : '', event.citation ?? ''].filter(Boolean).join(' · '),
        tooltip,
        problem: event.problem,
        fromSource,
        event,
      };
    });
}

// ---------------------------------------------------------------- names quick pick

export interface NamePickItem {
  /** The canonical name: what the quick pick matches first. */
  label: string;
  /** The acronyms ("CSTO · ODKB"), matched too (matchOnDescription). */
  description: string;
  /** Kind and origin ("organization · learned from your sources"). */
  detail: string;
  id: string;
  acronyms: string[];
}

const ORIGINS: Record<NamesResult['items'][number]['origin'], string> = {
  catalog: 'catalog',
  learned: 'learned from your sources',
  dictionary: 'your dictionary',
};

/** One item per entity (the first answer of an id wins), organizations and treaties by name. */
export function nameItems(result: NamesResult | null | undefined): NamePickItem[] {
  const seen = new Set<string>();
  const out: NamePickItem[] = [];
  for (const n of result?.items ?? []) {
    if (!n.id || seen.has(n.id)) continue;
    seen.add(n.id);
    const acronyms = [...new Set(n.acronyms.filter((a) => a && a !== n.name))];
    out.push({
      label: n.name,
      description: acronyms.join(' · '),
      detail: `${n.kind === 'organization' ? 'organization' : 'treaty or document'} · ${ORIGINS[n.origin] ?? n.origin}`,
      id: n.id,
      acronyms,
    });
  }
  return out.sort((a, b) => a.label.localeCompare(b.label));
}

/** The item whose acronym the typed text is, exactly (case aside): typing "csto" then Enter opens
 *  the CSTO, though the quick pick ranks "CSTO Joint Staff" (a label match) above it. */
export function exactAcronym<T extends { acronyms: readonly string[] }>(items: readonly T[], value: string): T | undefined {
  const v = value.trim().toUpperCase();
  if (!v) return undefined;
  return items.find((i) => i.acronyms.some((a) => a.toUpperCase() === v));
}

// ---------------------------------------------------------------- command arguments

/** The entity id in a command's argument: `"csto"`, `{entityId: "csto"}` or `[{entityId}]`. */
export function entityIdArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg || undefined;
  if (Array.isArray(arg)) return entityIdArg(arg[0]);
  if (arg && typeof arg === 'object') {
    const o = arg as { entityId?: unknown; type?: unknown; id?: unknown };
    if (typeof o.entityId === 'string') return o.entityId || undefined;
    // A node of the "in this note" view (its context menu passes the node).
    if (o.type === 'entity' && typeof o.id === 'string') return o.id || undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------- timing

/** Calls `fn` once `ms` after the last call (document edits arrive per key press). */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): ((...args: A) => void) & { cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (...args: A): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn(...args);
    }, ms);
  };
  run.cancel = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
  return run;
}
