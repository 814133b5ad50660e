// The knowledge base: the curated catalog (data, catalog.json), what was learned from the corpus
// (learn.ts), and the user's dictionary, merged into one set of entities with provenance.
// Later layers extend earlier ones: a dictionary entry with a catalog id adds names and facts
// to that entity; a learned definition of a known name becomes another defining passage.

import type { Entity, EntityEvent, EntityKind, EventType, Provenance } from '../types';
import type { Corpus, CorpusDocument } from '../corpus/corpus';
import { FUNCTION_WORDS, nameKey } from '../text/fold';

export { nameKey } from '../text/fold';

export interface CatalogPlace {
  line: number;
  endLine?: number;
  text: string;
}

export interface CatalogEvent {
  type: EventType;
  date: string;
  label?: string;
  line?: number;
  endLine?: number;
  quote?: string;
  party?: string;
  note?: string;
  disputed?: boolean;
}

export interface CatalogEntity {
  id: string;
  kind: EntityKind;
  name: string;
  acronyms?: string[];
  aliases?: string[];
  description?: string;
  predecessors?: string[];
  successors?: string[];
  definition?: CatalogPlace;
  firstMention?: CatalogPlace;
  events?: CatalogEvent[];
  contextAliases?: string[];
  wellKnown?: { name?: string };
  wellKnownAcronyms?: string[];
}

export interface CatalogFile {
  version?: number;
  /** The corpus file that line numbers refer to. */
  corpus?: string;
  entities: CatalogEntity[];
}

export interface KnowledgeEntity extends Entity {
  /** Ambiguous names that refer to this entity only when context says so ("the Organization"). */
  contextAliases: string[];
  /**
   * Phrases the sources use for this entity that are not names ("CST of the CIS organization"):
   * recognized in text, never offered as a name (cards, completion).
   */
  descriptiveAliases?: string[];
}

/**
 * A phrase a list or an aside made, never a name: "NATO-Russia Council, Partnership for Peace
 * Program, etc.". Curated names may hold commas ("Founding Act on Mutual Relations, Cooperation
 * and Security…"); a learned one may not.
 */
export function isListPhrase(name: string, learned = false): boolean {
  return /\betc\b|\.\.\.|…/.test(name) || (learned && /[,;]/.test(name));
}

/** A name has its significant words capitalized; "CST of the CIS organization" describes, it does not name. */
export function isNameLike(name: string): boolean {
  const ws = name.replace(/^the\s+/i, '').split(/[\s]+/).filter(Boolean);
  return ws.every((w) => FUNCTION_WORDS.has(w.toLowerCase()) || /^program/i.test(w) || !/^\p{Ll}/u.test(w));
}

/** An entity some source defines (catalog, learned, dictionary): what `list` returns. */
export type SourceEntity = KnowledgeEntity & { origin: 'catalog' | 'learned' | 'dictionary' };

/** Open-world entities (named by a note, no source defines them) have ids of this form. */
export function noteEntityId(kind: EntityKind, name: string): string {
  return `note:${kind}:${name.replace(/^(?:the|The)\s+/, '').replace(/\s+/g, ' ').trim()}`;
}

/**
 * Finds `text` within 1-based lines [line, endLine] of a corpus document, comparing with spacing,
 * line-end hyphens and case folded. Falls back to the cited line itself.
 */
export function locateInLines(doc: CorpusDocument, place: CatalogPlace): { start: number; end: number } | undefined {
  const first = Math.max(0, place.line - 1);
  if (first >= doc.lines.lineCount) return undefined;
  const last = Math.min(doc.lines.lineCount - 1, (place.endLine ?? place.line) - 1 + 1);
  const from = doc.lines.lineStarts[first];
  const to = doc.lines.lineEnd(last);
  const { folded, map } = foldForSearch(doc.normalized, from, to);
  const needle = foldForSearch(place.text, 0, place.text.length).folded;
  const at = needle ? folded.indexOf(needle) : -1;
  if (at >= 0) return { start: map[at], end: map[at + needle.length - 1] + 1 };
  return { start: from, end: doc.lines.lineEnd(first) };
}

/** Lower-cased text with whitespace runs as one space and "-\n" joined, with a map back to offsets. */
function foldForSearch(text: string, from: number, to: number): { folded: string; map: number[] } {
  let folded = '';
  const map: number[] = [];
  let space = false;
  for (let i = from; i < to; i++) {
    const ch = text[i];
    if (ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t') {
      // A line-end hyphen joins the next line with no space.
      if (folded.endsWith('-') && /\n/.test(text.slice(i, i + 3))) continue;
      space = folded.length > 0;
      continue;
    }
    if (space) {
      folded += ' ';
      map.push(i - 1);
      space = false;
    }
    const lc = ch === '’' ? "'" : ch.toLowerCase();
    folded += lc.length === 1 ? lc : ch;
    map.push(i);
  }
  return { folded, map };
}

export class KnowledgeBase {
  readonly entities = new Map<string, KnowledgeEntity>();

  /** The entities, in a stable order (catalog order, then learned, then dictionary). */
  list(): SourceEntity[] {
    // Entities a note names (origin 'note') are never stored here, only built by `get`.
    return [...this.entities.values()] as SourceEntity[];
  }

  get(id: string): KnowledgeEntity | undefined {
    return this.entities.get(id) ?? (id.startsWith('note:') ? this.noteEntity(id) : undefined);
  }

  /** Acronyms the notes define for open-world entities (id → acronyms), bounded. */
  private readonly noteAcronyms = new Map<string, string[]>();
  private readonly noteAliases = new Map<string, string[]>();
  /** Open-world acronyms defined by some note (acronym → id and the note's uri, when known), bounded. */
  private readonly noteDefinitions = new Map<string, { id: string; uri?: string }>();

  /**
   * An entity a note names and no source defines: kind and name from its id, acronyms from the
   * notes' definitions. Nothing else is known of it (no definitions, no events).
   */
  private noteEntity(id: string): KnowledgeEntity | undefined {
    const m = /^note:(organization|treaty):(.+)$/.exec(id);
    if (!m) return undefined;
    return {
      id,
      kind: m[1] as EntityKind,
      name: m[2],
      acronyms: [...(this.noteAcronyms.get(id) ?? [])],
      aliases: [...(this.noteAliases.get(id) ?? [])],
      predecessors: [],
      successors: [],
      events: [],
      definitions: [],
      origin: 'note',
      contextAliases: [],
    };
  }

  /** Remembers that a note defines `acronym` as the open-world entity `id` (so other notes resolve it). */
  noteDefines(acronym: string, id: string, uri?: string): void {
    if (this.noteDefinitions.size > 5000) this.noteDefinitions.clear();
    if (this.noteAcronyms.size > 5000) this.noteAcronyms.clear();
    if (!this.noteDefinitions.has(acronym)) this.noteDefinitions.set(acronym, { id, uri });
    const list = this.noteAcronyms.get(id) ?? [];
    if (!list.includes(acronym)) this.noteAcronyms.set(id, [...list, acronym]);
  }

  /** Remembers another name a note gives the open-world entity `id` ("… Treaty (… Treaty)"). */
  noteAlias(id: string, alias: string): void {
    if (this.noteAliases.size > 5000) this.noteAliases.clear();
    const name = /^note:(?:organization|treaty):(.+)$/.exec(id)?.[1];
    if (!name || name === alias) return;
    const list = this.noteAliases.get(id) ?? [];
    if (!list.includes(alias) && list.length < 20) this.noteAliases.set(id, [...list, alias]);
  }

  /** The open-world entity some note defined `acronym` as, if any. */
  noteDefinition(acronym: string): { id: string; uri?: string } | undefined {
    return this.noteDefinitions.get(acronym);
  }

  /** Adds the curated catalog, resolving its line citations in the corpus file it names. */
  addCatalog(catalog: CatalogFile, corpus: Corpus): void {
    const doc = catalog.corpus ? corpus.get(catalog.corpus) : undefined;
    for (const c of catalog.entities) {
      const place = (p: CatalogPlace | undefined, quote?: string): Provenance => {
        const prov: Provenance = { origin: 'catalog', quote: quote ?? p?.text };
        if (p && doc) {
          const span = locateInLines(doc, p);
          if (span) prov.source = { file: doc.id, ...span };
        }
        return prov;
      };
      const definitions: Provenance[] = [];
      if (c.definition) definitions.push(place(c.definition));
      else if (c.firstMention) definitions.push(place(c.firstMention));
      const events: EntityEvent[] = (c.events ?? []).map((e) => ({
        type: e.type,
        date: e.date,
        party: e.party,
        label: e.label,
        disputed: e.disputed ? (e.note ?? 'disputed') : undefined,
        provenance: place(e.line ? { line: e.line, endLine: e.endLine, text: e.quote ?? '' } : undefined, e.quote),
      }));
      this.add({
        id: c.id,
        kind: c.kind,
        name: c.name,
        acronyms: c.acronyms ?? [],
        aliases: [...(c.aliases ?? []), ...(c.wellKnown?.name && c.wellKnown.name !== c.name ? [c.wellKnown.name] : [])],
        description: c.description,
        predecessors: c.predecessors ?? [],
        successors: c.successors ?? [],
        events,
        definitions,
        origin: 'catalog',
        contextAliases: c.contextAliases ?? [],
      });
    }
  }

  /** Puts back an entity from a snapshot, as it was. */
  restore(e: KnowledgeEntity): void {
    this.add(e);
  }

  private add(e: KnowledgeEntity): void {
    sortAliases(e);
    this.entities.set(e.id, e);
    this.indexEntity(e);
  }

  private readonly byName = new Map<string, KnowledgeEntity>();
  private readonly byAcronym = new Map<string, KnowledgeEntity>();
  /** Every entity indexed under each of its acronyms (for merge: linear, not a scan per entity). */
  private readonly allByAcronym = new Map<string, KnowledgeEntity[]>();

  private indexEntity(e: KnowledgeEntity): void {
    for (const n of [e.name, ...e.aliases]) if (!this.byName.has(nameKey(n))) this.byName.set(nameKey(n), e);
    for (const a of e.acronyms) {
      if (!this.byAcronym.has(a)) this.byAcronym.set(a, e);
      const list = this.allByAcronym.get(a);
      if (!list) this.allByAcronym.set(a, [e]);
      else if (!list.includes(e)) list.push(e);
    }
  }

  /** Finds the entity a name refers to, by acronym, name or alias (names compared loosely). */
  resolveName(name: string): KnowledgeEntity | undefined {
    const t = name.trim();
    return this.byAcronym.get(t) ?? this.byName.get(nameKey(t)) ?? this.byAcronym.get(t.toUpperCase());
  }

  /**
   * A document or body title in any of its written forms: as named, with its acronyms spelled
   * out ("Agreement on the creation of the CIS" → "… of the Commonwealth of Independent States"),
   * and in the other word order ("CSTO Charter" ↔ "Charter of the CSTO").
   */
  resolveTitle(name: string): KnowledgeEntity | undefined {
    const direct = this.resolveName(name);
    if (direct) return direct;
    const forms = new Set<string>([name]);
    // "CSTO Charter" → "Charter of the CSTO"
    const pre = /^(?:the\s+)?(\S+(?:\s+\S+)?)\s+(Charter|Treaty|Statute|Agreement|Convention|Secretariat|Declaration)$/i.exec(name);
    if (pre) forms.add(`${pre[2]} of the ${pre[1]}`);
    // "Charter of the CSTO" → "CSTO Charter"
    const post = /^(?:the\s+)?(Charter|Treaty|Statute|Agreement|Convention|Secretariat|Declaration)\s+of\s+(?:the\s+)?(\S+(?:\s+\S+)?)$/i.exec(name);
    if (post) forms.add(`${post[2]} ${post[1]}`);
    for (const f of [...forms]) {
      const expanded = f.replace(/\b[A-Z][A-Za-z]*[A-Z]\b/g, (a) => this.byAcronym.get(a)?.name ?? a);
      forms.add(expanded);
    }
    for (const f of forms) {
      const hit = this.byName.get(nameKey(f)) ?? this.byAcronym.get(f);
      if (hit) return hit;
    }
    return undefined;
  }

  /** Merges a learned or dictionary entity into an existing one with the same name, or adds it. */
  merge(incoming: KnowledgeEntity): KnowledgeEntity {
    const existing = this.mergeTarget(incoming);
    if (!existing) {
      // A copy: what is merged into it later never changes what the caller gave (a persisted record).
      const copy: KnowledgeEntity = {
        ...incoming, acronyms: [...incoming.acronyms], aliases: [...incoming.aliases], predecessors: [...incoming.predecessors], successors: [...incoming.successors],
        events: [...incoming.events], definitions: [...incoming.definitions], contextAliases: [...incoming.contextAliases],
        ...(incoming.descriptiveAliases ? { descriptiveAliases: [...incoming.descriptiveAliases] } : {}),
      };
      this.add(copy);
      return copy;
    }
    const addAll = (into: string[], from: string[]) => {
      for (const x of from) if (!into.includes(x) && x !== existing.name) into.push(x);
    };
    addAll(existing.acronyms, incoming.acronyms);
    const learned = incoming.origin === 'learned';
    if (incoming.name !== existing.name && !existing.aliases.includes(incoming.name) && !existing.acronyms.includes(incoming.name) && !isListPhrase(incoming.name, learned)) existing.aliases.push(incoming.name);
    addAll(existing.aliases, incoming.aliases.filter((a) => !isListPhrase(a, learned)));
    addAll(existing.predecessors, incoming.predecessors);
    addAll(existing.successors, incoming.successors);
    addAll(existing.contextAliases, incoming.contextAliases);
    addAll((existing.descriptiveAliases ??= []), incoming.descriptiveAliases ?? []);
    sortAliases(existing);
    if (!existing.description && incoming.description) existing.description = incoming.description;
    // Provenances compared within their file (or quote), not with every one the entity has: a
    // body a thousand sources define is merged a thousand times.
    const seen = this.provenanceIndex(existing);
    for (const d of incoming.definitions) {
      if (existing.definitions.length >= MAX_DEFINITIONS) break;
      if (seen.add('d', d)) existing.definitions.push(d);
    }
    for (const ev of incoming.events) {
      if (seen.add(`e${ev.type}|${ev.date}|${ev.party ?? ''}`, ev.provenance)) existing.events.push(ev);
    }
    this.indexEntity(existing);
    return existing;
  }

  /** The entity `merge` would merge into (none: it would be added). */
  mergeTarget(incoming: { id: string; name?: string; kind?: EntityKind; acronyms?: readonly string[] }): KnowledgeEntity | undefined {
    return this.entities.get(incoming.id) ?? (incoming.name !== undefined ? this.resolveTitle(incoming.name) : undefined) ??
      (incoming.acronyms ?? []).map((a) => this.resolveAcronymExact(a, incoming.kind!)).find((x) => x);
  }

  private readonly provenances = new WeakMap<KnowledgeEntity, ProvenanceIndex>();

  /** The entity's definitions and events by file (built on its first merge, kept by merge). */
  private provenanceIndex(e: KnowledgeEntity): ProvenanceIndex {
    let index = this.provenances.get(e);
    if (!index) {
      index = new ProvenanceIndex();
      for (const d of e.definitions) index.add('d', d);
      for (const ev of e.events) index.add(`e${ev.type}|${ev.date}|${ev.party ?? ''}`, ev.provenance);
      this.provenances.set(e, index);
    }
    return index;
  }

  /** The first entity (in insertion order) of that kind with that acronym. */
  private resolveAcronymExact(acronym: string, kind: EntityKind): KnowledgeEntity | undefined {
    const candidates = (this.allByAcronym.get(acronym) ?? []).filter((e) => e.kind === kind && e.acronyms.includes(acronym) && this.entities.get(e.id) === e);
    if (candidates.length <= 1) return candidates[0];
    const ids = new Set(candidates.map((e) => e.id));
    for (const e of this.entities.values()) if (ids.has(e.id)) return e;
    return undefined;
  }
}

/**
 * Defining passages an entity keeps, the first in corpus order: a body every source of a large
 * library defines needs a few to cite and to go to, not a thousand to merge at every start.
 */
export const MAX_DEFINITIONS = 32;

/** Provenances grouped by what they are of and their file (or quote): `add` says whether one was new. */
class ProvenanceIndex {
  private readonly groups = new Map<string, Provenance[]>();

  add(of: string, p: Provenance): boolean {
    const key = p.source ? `${of}\0f${p.source.file}` : `${of}\0q${p.origin}\0${p.quote ?? ''}`;
    const group = this.groups.get(key);
    if (group?.some((x) => sameSource(x, p))) return false;
    if (group) group.push(p);
    else this.groups.set(key, [p]);
    return true;
  }
}

function sameSource(a: Provenance, b: Provenance): boolean {
  if (!a.source || !b.source) return a.origin === b.origin && a.quote === b.quote;
  return a.source.file === b.source.file && Math.abs(a.source.start - b.source.start) < 200;
}

/** Keeps only name-like aliases as names: list phrases are dropped, descriptive phrases kept for recognition only. */
function sortAliases(e: KnowledgeEntity): void {
  const keep: string[] = [];
  for (const a of e.aliases) {
    if (isListPhrase(a)) continue;
    if (!isNameLike(a)) {
      if (!(e.descriptiveAliases ??= []).includes(a)) e.descriptiveAliases.push(a);
      continue;
    }
    keep.push(a);
  }
  e.aliases = keep;
}

/** The key facts a card should state for an entity's kind: a body's founding, a document's signature or adoption. */
export type KeyFact = 'founding' | 'signature' | 'entry into force';

/**
 * The key facts no source gives for an entity, for a card's "the sources give no founding date"
 * line. A body's origin is its founding (or the signature of its founding document); a
 * document's is its signature or adoption, and then its entry into force.
 */
export function missingKeyFacts(e: Entity): KeyFact[] {
  const has = (...types: EntityEvent['type'][]) => e.events.some((ev) => types.includes(ev.type) && !ev.disputed);
  if (e.kind === 'organization') return has('founded', 'signed', 'adopted') ? [] : ['founding'];
  const out: KeyFact[] = [];
  if (!has('signed', 'adopted', 'founded')) out.push('signature');
  if (!has('in-force')) out.push('entry into force');
  return out;
}
