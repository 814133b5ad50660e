// Go to definition (a mention → its defining passages), find references (corpus and notes),
// and document highlights. Mentions are references; corpus passages are definitions.

import type { Span } from '../types';
import type { Analysis } from '../analysis';
import { mentionAt } from '../analysis';
import type { FeatureContext } from '../views';
import { eventsAround } from './hover';
import { noteDefinition } from './noteDefinition';
import type { KnowledgeEntity } from '../knowledge/kb';

export interface DefinitionTarget {
  /** A source's file id, or the note's uri when `inNote`. */
  file: string;
  /** A body no source defines: its definition is the note's own defining phrase. */
  inNote?: boolean;
  /** The passage (paragraph) around the defining phrase. */
  passage: Span;
  /** The exact defining phrase. */
  selection: Span;
}

export interface Definition {
  origin: Span;
  targets: DefinitionTarget[];
}

export function definition(ctx: FeatureContext, a: Analysis, offset: number): Definition | undefined {
  const { entity, date } = mentionAt(a, offset);
  if (entity) {
    const e = ctx.kb.get(entity.entityId);
    if (!e) return undefined;
    const targets: DefinitionTarget[] = [];
    for (const d of e.definitions) {
      const src = ctx.sources.sourceOf(d);
      if (!src) continue;
      if (targets.some((t) => t.file === src.doc.id && Math.abs(t.selection.start - src.start) < 200)) continue;
      targets.push({ file: src.doc.id, passage: src.doc.passageAt(src.start), selection: { start: src.start, end: src.end } });
      if (targets.length >= 20) break;
    }
    // A body only the note names: its defining phrase in the note ("Full Name (ACR)").
    if (!targets.length && e.origin === 'note') {
      const def = noteDefinition(a, e.id);
      if (def) targets.push({ file: a.uri, inNote: true, passage: def, selection: def });
    }
    // No defining passage: the first mention in the corpus is the best place to land.
    if (!targets.length) {
      const first = ctx.mentions.mentionsOf(e.id)[0];
      if (first) targets.push({ file: first.doc.id, passage: first.doc.passageAt(first.mention.start), selection: { start: first.mention.start, end: first.mention.end } });
    }
    return targets.length ? { origin: { start: entity.start, end: entity.end }, targets } : undefined;
  }
  if (date) {
    const targets: DefinitionTarget[] = [];
    for (const { event } of eventsAround(ctx, date)) {
      const src = ctx.sources.sourceOf(event.provenance);
      if (!src || targets.some((t) => t.file === src.doc.id && t.selection.start === src.start)) continue;
      targets.push({ file: src.doc.id, passage: src.doc.passageAt(src.start), selection: { start: src.start, end: src.end } });
      if (targets.length >= 20) break;
    }
    return targets.length ? { origin: { start: date.start, end: date.end }, targets } : undefined;
  }
  return undefined;
}

export interface Reference {
  /** A corpus file id, or a note uri. */
  file: string;
  inCorpus: boolean;
  start: number;
  end: number;
}

/** The entity under the cursor, if any. */
export function entityAt(a: Analysis, offset: number): string | undefined {
  return mentionAt(a, offset).entity?.entityId;
}

/** Every mention of an entity in the corpus and in the given notes' analyses. */
export function references(ctx: FeatureContext, entityId: string, notes: Analysis[]): Reference[] {
  const out: Reference[] = [];
  for (const m of ctx.mentions.mentionsOf(entityId)) out.push({ file: m.doc.id, inCorpus: true, start: m.mention.start, end: m.mention.end });
  for (const a of notes) for (const m of a.entities) if (m.entityId === entityId) out.push({ file: a.uri, inCorpus: false, start: m.start, end: m.end });
  return out;
}

export function highlights(a: Analysis, offset: number): Span[] {
  const { entity, date } = mentionAt(a, offset);
  if (entity) return a.entities.filter((m) => m.entityId === entity.entityId).map((m) => ({ start: m.start, end: m.end }));
  if (date) return a.dates.filter((d) => d.value === date.value).map((d) => ({ start: d.start, end: d.end }));
  return [];
}

/** Where a workspace symbol for an entity goes: its defining passage, else its first corpus mention. */
export function symbolTarget(ctx: FeatureContext, e: KnowledgeEntity): ({ file: string } & Span) | undefined {
  const def = e.definitions.find((d) => d.source);
  const src = def && ctx.sources.sourceOf(def);
  if (src) return { file: src.doc.id, start: src.start, end: src.end };
  const first = ctx.mentions.mentionsOf(e.id)[0];
  return first ? { file: first.doc.id, start: first.mention.start, end: first.mention.end } : undefined;
}

