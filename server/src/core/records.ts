// The persisted index, one record per source, in the manner of a build system's per-file cache:
// a restart reads only what changed, and adding one source indexes one source. Each source has
//   - a text record: what its text alone gives (length, the normalization runs, pages, metadata,
//     the reader's warnings, the names it defines), found by the file's size and modification time
//     (no read at all) or, for a touched or copied file, by the hash of its text;
//   - a facts record: what indexing it against the known names gives that a start needs (the
//     dated events it states, its mention counts), under its text's hash and the names' key;
//   - a mentions record: every mention, read only when references are asked for.
// The names' key hashes every name the matcher knows (catalog, learned from every source,
// dictionary): a source that defines a new name changes it, and every source is indexed again.
// Keys hash everything a record depends on, so a changed input is a miss, never a stale record.

import type { EntityEvent, EntityKind, Provenance } from './types';
import type { PageMap, SourceFormat, SourceMetadata } from './corpus/reader';
import type { TextRuns } from './corpus/corpus';
import type { KnowledgeEntity } from './knowledge/kb';
import type { EntityMention, MentionForm } from './recognize/entities';

export const RECORD_FORMAT = 3;

export interface TextRecord {
  r: 'text';
  v: typeof RECORD_FORMAT;
  id: string;
  /** The hash of the text (and id, format, manifest) this record was made from. */
  hash: string;
  length: number;
  format?: SourceFormat;
  runs: TextRuns;
  /** The reader's pages (a PDF's). */
  pages?: PageMap;
  /** Printed pages recovered from a plain text. */
  printedPages?: PageMap;
  metadata?: SourceMetadata;
  problems?: { message: string; severity: 'error' | 'warning' }[];
  /**
   * What learn.ts found the text defines, before merging: JSON of compactLearned's entities, kept
   * as a string so that reading a corpus record does not build them unless they are merged.
   */
  learned: string;
}

/** A learned entity without its empty lists, its defining passages in this source as [start, end, quote]. */
export type CompactEntity = Partial<Omit<KnowledgeEntity, 'definitions'>> & { id: string; definitions?: (Provenance | [number, number, string | undefined])[] };

const LISTS = ['acronyms', 'aliases', 'predecessors', 'successors', 'events', 'contextAliases'] as const;

export function compactLearned(learned: readonly KnowledgeEntity[], file: string): CompactEntity[] {
  return learned.map((e) => {
    const c: Record<string, unknown> = { ...e };
    for (const k of LISTS) if (!e[k].length) delete c[k];
    if (c.origin === 'learned') delete c.origin;
    if (e.definitions.length) {
      c.definitions = e.definitions.map((d) => (d.origin === 'learned' && d.source?.file === file && Object.keys(d).length <= 3 && Object.keys(d.source).length === 3 ? [d.source.start, d.source.end, d.quote] : d));
    } else delete c.definitions;
    return c as CompactEntity;
  });
}

/** One compact entity as the knowledge base takes it: a copy, its lists filled in. */
export function expandEntity(c: CompactEntity, file: string): KnowledgeEntity {
  const e = { ...c } as unknown as KnowledgeEntity;
  e.origin = c.origin ?? 'learned';
  e.acronyms = c.acronyms ?? [];
  e.aliases = c.aliases ?? [];
  e.predecessors = c.predecessors ?? [];
  e.successors = c.successors ?? [];
  e.events = c.events ?? [];
  e.contextAliases = c.contextAliases ?? [];
  const defs = c.definitions ?? [];
  const definitions: Provenance[] = new Array(defs.length);
  for (let k = 0; k < defs.length; k++) {
    const d = defs[k];
    definitions[k] = Array.isArray(d) ? (d[2] !== undefined ? { origin: 'learned', source: { file, start: d[0], end: d[1] }, quote: d[2] } : { origin: 'learned', source: { file, start: d[0], end: d[1] } }) : d;
  }
  e.definitions = definitions;
  return e;
}

/**
 * What merging an entity may add besides passages and events: two entities with the same
 * signature merge the same names, so a second one adds only passages and events.
 */
export function entitySignature(e: CompactEntity | KnowledgeEntity): string {
  const list = (x: readonly string[] | undefined) => (x?.length ? x.join('\u0001') : '');
  return [e.id, e.kind, e.name, e.origin ?? 'learned', e.description ?? '', list(e.acronyms), list(e.aliases), list(e.predecessors), list(e.successors), list(e.contextAliases), list(e.descriptiveAliases)].join('\u0000');
}

export interface FactsRecord {
  r: 'facts';
  v: typeof RECORD_FORMAT;
  /** Learned events, in text order: [entity id, event]. */
  events: [string, EntityEvent][];
  /** Mentions per entity: [entity id, count]. */
  counts: [string, number][];
}

/**
 * What a start needs of a whole corpus in one read: the text records (by their size-and-time key)
 * and facts records it used last time, under a key of the corpus paths and settings. Any record
 * not in it is read on its own; it is written again when anything changed.
 */
export interface CorpusRecord {
  r: 'corpus';
  v: typeof RECORD_FORMAT;
  records: Record<string, TextRecord | FactsRecord>;
  /** The knowledge learning made (before any fact), under a key of the catalog, dictionary and every text: JSON of its entities. */
  knowledge?: { key: string; entities: string };
}

export function isCorpusRecord(x: unknown): x is CorpusRecord {
  const r = x as CorpusRecord | undefined;
  return !!r && r.r === 'corpus' && r.v === RECORD_FORMAT && !!r.records && typeof r.records === 'object';
}

/** Mentions packed: four numbers each (entity, start, end, form), entity ids and kinds once. */
export interface MentionsRecord {
  r: 'mentions';
  v: typeof RECORD_FORMAT;
  ids: string[];
  kinds: EntityKind[];
  m: number[];
}

const FORMS: MentionForm[] = ['acronym', 'name', 'context'];

export function packMentions(mentions: readonly EntityMention[]): MentionsRecord {
  const index = new Map<string, number>();
  const ids: string[] = [];
  const kinds: EntityKind[] = [];
  const m: number[] = [];
  for (const x of mentions) {
    let i = index.get(x.entityId);
    if (i === undefined) {
      index.set(x.entityId, (i = ids.length));
      ids.push(x.entityId);
      kinds.push(x.kind);
    }
    m.push(i, x.start, x.end, Math.max(0, FORMS.indexOf(x.form)));
  }
  return { r: 'mentions', v: RECORD_FORMAT, ids, kinds, m };
}

/** The mentions of a record; `text` reads the span from the document only when asked. */
export function unpackMentions(rec: MentionsRecord, textOf: (start: number, end: number) => string): EntityMention[] {
  const out: EntityMention[] = [];
  for (let k = 0; k + 3 < rec.m.length; k += 4) {
    const start = rec.m[k + 1];
    const end = rec.m[k + 2];
    out.push(lazyMention(rec.ids[rec.m[k]], rec.kinds[rec.m[k]], start, end, FORMS[rec.m[k + 3]] ?? 'name', textOf));
  }
  return out;
}

function lazyMention(entityId: string, kind: EntityKind, start: number, end: number, form: MentionForm, textOf: (s: number, e: number) => string): EntityMention {
  let text: string | undefined;
  return {
    entityId, kind, start, end, form,
    get text() {
      return (text ??= textOf(start, end));
    },
  } as EntityMention;
}

export function countMentions(mentions: readonly EntityMention[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const m of mentions) counts.set(m.entityId, (counts.get(m.entityId) ?? 0) + 1);
  return [...counts];
}

export function isTextRecord(x: unknown, id: string): x is TextRecord {
  const r = x as TextRecord | undefined;
  return !!r && r.r === 'text' && r.v === RECORD_FORMAT && r.id === id && typeof r.hash === 'string' && Number.isInteger(r.length) && Array.isArray(r.runs) && typeof r.learned === 'string';
}

export function isFactsRecord(x: unknown): x is FactsRecord {
  const r = x as FactsRecord | undefined;
  return !!r && r.r === 'facts' && r.v === RECORD_FORMAT && Array.isArray(r.events) && Array.isArray(r.counts);
}

export function isMentionsRecord(x: unknown): x is MentionsRecord {
  const r = x as MentionsRecord | undefined;
  return !!r && r.r === 'mentions' && r.v === RECORD_FORMAT && Array.isArray(r.ids) && Array.isArray(r.kinds) && Array.isArray(r.m);
}

/** What the matcher depends on in the knowledge: every name, acronym and alias of every entity. */
export function namesFingerprint(entities: readonly KnowledgeEntity[]): string {
  return JSON.stringify(entities.map((e) => [e.id, e.kind, e.name, e.acronyms, e.aliases, e.contextAliases, e.descriptiveAliases ?? [], e.predecessors, e.successors]));
}
