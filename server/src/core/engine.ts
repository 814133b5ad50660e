// The engine: builds knowledge from a corpus (catalog + learned + dictionary), indexes every
// mention in the corpus, and analyzes notes once per version. It is the core's internal state:
// features read it through the narrow views of views.ts, adapters through the language service
// (service.ts), never directly.

import type { DateMention, DateOrder, EntityEvent, Provenance, Span } from './types';
import type { CorpusMention, FeatureContext, MentionView, SourcePlace, SourceView } from './views';
import { Corpus, type CorpusDocument, type CorpusSource } from './corpus/corpus';
import { KnowledgeBase, MAX_DEFINITIONS, type CatalogFile, type KnowledgeEntity } from './knowledge/kb';
import { learnNames } from './knowledge/learn';
import { extractEvents, splitSentences } from './knowledge/events';
import { EntityMatcher, type EntityMention } from './recognize/entities';
import { recognizeDates } from './dates/recognize';
import { defaultSettings, type Settings } from './settings';
import { analyzeNote, analyzeNoteSteps, type Analysis, type NoteInput, type NoteRecognizers, ParagraphCache } from './analysis';
import type { Dictionary } from './knowledge/dictionary';
import { applyDictionary } from './knowledge/dictionary';
import { silentLogger, type Logger } from './host';
import { formatCitation } from './corpus/citations';
import { RECORD_FORMAT, countMentions, entitySignature, expandEntity, namesFingerprint, packMentions, unpackMentions, type CompactEntity, type FactsRecord, type MentionsRecord } from './records';

export type { CorpusMention } from './views';

export interface CorpusDocAnalysis {
  doc: CorpusDocument;
  entities: EntityMention[];
  dates: DateMention[];
}

export { diffRuns, applyRuns } from './corpus/corpus';

/** Set by the bundler (scripts/build.mjs) to a hash of the core's sources; absent in unbundled test builds. */
declare const __ENTENTE_BUILD__: string | undefined;

/**
 * Bump when anything that indexing computes changes shape or meaning. A bundled build also keys
 * on the hash of the core's sources, so an index persisted by an older build is never read back.
 */
export const ENGINE_VERSION = `entente-engine-5${typeof __ENTENTE_BUILD__ === 'string' ? `+${__ENTENTE_BUILD__}` : ''}`;

export interface EngineOptions {
  catalog: CatalogFile;
  sources: CorpusSource[];
  dictionary?: Dictionary;
  settings?: Settings;
  logger?: Logger;
  /** What each source's persisted text record says it defines (compact, records.ts): learning is skipped for those. */
  learned?: ReadonlyMap<string, readonly CompactEntity[]>;
  /** The knowledge as learning made it, persisted (a restart with every text unchanged): nothing is learned or merged. */
  knowledge?: KnowledgeEntity[];
  /** Index later, with `index()` and the persisted records; else the constructor indexes every source. */
  deferIndex?: boolean;
}

/** What `index()` is given: the persisted records found for each document (in corpus order). */
export interface IndexInputs {
  facts: (FactsRecord | undefined)[];
  /** Mentions read beforehand (a store without synchronous reads). */
  mentions?: (MentionsRecord | undefined)[];
  /** Reads a document's mentions when references are asked for. */
  loadMentions?: (index: number) => MentionsRecord | undefined;
  /** Persists what was computed for a document. */
  save?: (index: number, facts: FactsRecord, mentions: MentionsRecord) => Promise<void>;
  /** Awaited after each document indexed, so an adapter's other requests run. */
  pause?: () => Promise<void>;
}

/** A stepped analysis stopped because a newer version of its note came (Engine.analyzeStepped). */
export class Superseded extends Error {
  constructor(readonly uri: string, readonly version: number) {
    super(`the analysis of ${uri} version ${version} was superseded by a newer version`);
  }
}

interface InFlight {
  version: number;
  text: string;
  superseded: boolean;
  promise: Promise<Analysis>;
}

export class Engine implements FeatureContext, SourceView, MentionView {
  readonly corpus!: Corpus;
  readonly kb = new KnowledgeBase();
  readonly matcher!: EntityMatcher;
  readonly settings: Settings;
  /** Each document's mentions, where they are kept in memory (else read from its record, or found again). */
  private readonly docMentions: (EntityMention[] | undefined)[] = [];
  private loadMentions?: (index: number) => MentionsRecord | undefined;
  /** Mentions per entity over the corpus (from the facts records: no mention is read to count them). */
  private readonly counts = new Map<string, number>();
  /** Every corpus mention of each entity, in corpus order: built when references are first asked for. */
  private mentionsByEntity?: Map<string, CorpusMention[]>;
  /** What learning found in documents no text record covered (the adapter persists it). */
  readonly learnedFresh = new Map<string, KnowledgeEntity[]>();
  /** Documents indexed (not restored) by the last `index()`. */
  indexedCount = 0;
  readonly logger: Logger;
  /** Time spent building, for the status item and benchmarks. */
  buildMs: number;
  /** Whether the index came from persisted records rather than being built. */
  restored = false;
  private readonly t0: number;
  private readonly descriptions = new Map<string, string | undefined>();
  private readonly noteCache = new Map<string, Analysis>();
  private readonly inFlight = new Map<string, InFlight>();
  private readonly paragraphs = new ParagraphCache();

  constructor(options: EngineOptions) {
    this.t0 = Date.now();
    this.settings = options.settings ?? defaultSettings();
    this.logger = options.logger ?? silentLogger;
    this.corpus = new Corpus(options.sources);
    if (options.knowledge) {
      for (const e of options.knowledge) this.kb.restore(e);
    } else {
      this.kb.addCatalog(options.catalog, this.corpus);
      // An entity a thousand sources define the same way is merged while it adds anything: once
      // its names are in and its passages full, another with the same signature adds nothing.
      const merged = new Map<string, KnowledgeEntity>();
      const mergeOnce = (l: CompactEntity | KnowledgeEntity, expand: () => KnowledgeEntity) => {
        const sig = entitySignature(l);
        const into = merged.get(sig);
        // Exact: skipped only when it would merge into the same entity, with nothing left to add.
        if (into && into.definitions.length >= MAX_DEFINITIONS && !l.events?.length && this.kb.mergeTarget(l) === into) return;
        const e = this.kb.merge(expand());
        if (!into) merged.set(sig, e);
      };
      for (const doc of this.corpus.documents) {
        const compact = options.learned?.get(doc.id);
        if (compact) {
          for (const c of compact) mergeOnce(c, () => expandEntity(c, doc.id));
          continue;
        }
        const learned = learnNames(doc);
        // A copy before merging (merge may change what it is given).
        this.learnedFresh.set(doc.id, JSON.parse(JSON.stringify(learned)) as KnowledgeEntity[]);
        for (const l of learned) mergeOnce(l, () => l);
      }
      if (options.dictionary) applyDictionary(this.kb, options.dictionary);
    }
    this.matcher = new EntityMatcher(this.kb);
    this.buildMs = Date.now() - this.t0;
    if (!options.deferIndex) {
      this.corpus.documents.forEach((_, i) => this.applyFacts(this.indexDocument(i).facts));
      this.buildMs = Date.now() - this.t0;
    }
  }

  /** What the matcher knows, as a string to hash: facts and mentions persisted under another are stale. */
  namesFingerprint(): string {
    return namesFingerprint(this.kb.list());
  }

  /**
   * Indexes the corpus against the persisted records: a document with a facts record is not
   * read; the others are indexed and saved. Texts that can be read again are let go afterwards.
   */
  async index(inputs: IndexInputs): Promise<void> {
    this.loadMentions = inputs.loadMentions;
    this.indexedCount = 0;
    const docs = this.corpus.documents;
    for (let i = 0; i < docs.length; i++) {
      const facts = inputs.facts[i];
      if (facts) {
        this.applyFacts(facts);
        if (inputs.mentions?.[i]) this.docMentions[i] = unpackMentions(inputs.mentions[i]!, textOf(docs[i]));
        continue;
      }
      const r = this.indexDocument(i);
      this.indexedCount++;
      this.applyFacts(r.facts);
      if (inputs.loadMentions && inputs.save) this.docMentions[i] = undefined;
      await inputs.save?.(i, r.facts, packMentions(r.mentions));
      docs[i].release();
      await inputs.pause?.();
    }
    this.corpus.releaseAll();
    this.restored = this.indexedCount === 0 && this.learnedFresh.size === 0;
    this.buildMs = Date.now() - this.t0;
  }

  /** Finds a document's mentions and the dated events its sentences state, with their provenance. */
  private indexDocument(i: number): { facts: FactsRecord; mentions: EntityMention[] } {
    const doc = this.corpus.documents[i];
    const text = doc.normalized;
    const entities = this.matcher.find(text);
    const dates = recognizeDates(text, { order: this.settings.dates.order });
    const claims = extractEvents(text, entities, dates, splitSentences(text));
    this.docMentions[i] = entities;
    const events: [string, EntityEvent][] = [];
    for (const c of claims) {
      if (c.type === 'origin' || c.date.invalid || c.date.approximate) continue;
      if (!this.kb.get(c.entityId)) continue;
      const passage = claimPassage(c.clause, c.mention, c.date);
      const provenance: Provenance = {
        origin: 'learned',
        source: { file: doc.id, start: passage.start, end: passage.end },
        quote: `${passage.start > c.clause.start ? '…' : ''}${text.slice(passage.start, passage.end).replace(/-\s*\n\s*/g, '-').replace(/\s+/g, ' ').trim()}${passage.end < c.clause.end ? '…' : ''}`,
      };
      events.push([c.entityId, { type: c.type, date: c.date.value, party: c.party, ...(c.via ? { via: c.via } : {}), provenance }]);
    }
    return { facts: { r: 'facts', v: RECORD_FORMAT, events, counts: countMentions(entities) }, mentions: entities };
  }

  /** Learned events (a duplicate of one already known is dropped) and mention counts. */
  private applyFacts(facts: FactsRecord): void {
    for (const [entityId, event] of facts.events) {
      const entity = this.kb.get(entityId);
      if (!entity) continue;
      const duplicate = entity.events.some((e) => e.type === event.type && e.date === event.date && e.party === event.party);
      if (!duplicate) entity.events.push(event);
    }
    for (const [id, n] of facts.counts) this.counts.set(id, (this.counts.get(id) ?? 0) + n);
  }

  /** A document's mentions: in memory, from its record, or found again (a record that went missing). */
  private mentionsOfDoc(i: number): EntityMention[] {
    const kept = this.docMentions[i];
    if (kept) return kept;
    const doc = this.corpus.documents[i];
    let rec: MentionsRecord | undefined;
    try {
      rec = this.loadMentions?.(i);
    } catch (e) {
      this.logger.warn(`mentions of ${doc.id} unreadable, found again: ${(e as Error).message}`);
    }
    return rec ? unpackMentions(rec, textOf(doc)) : this.matcher.find(doc.normalized);
  }

  /** Each document with its mentions and dates (recognized again): for tests and the corpus snapshot. */
  get corpusAnalyses(): CorpusDocAnalysis[] {
    return this.corpus.documents.map((doc, i) => ({ doc, entities: this.mentionsOfDoc(i), dates: recognizeDates(doc.normalized, { order: this.settings.dates.order }) }));
  }

  get sources(): SourceView {
    return this;
  }

  get mentions(): MentionView {
    return this;
  }

  get dateOrder(): DateOrder {
    return this.settings.dates.order;
  }

  /** What analyzing a note needs (tests and benchmarks analyze with a cache of their own). */
  get recognizers(): NoteRecognizers {
    return { matcher: this.matcher, dateOrder: this.settings.dates.order, maxFileSize: this.settings.maxFileSize };
  }

  /** Analysis of a note, cached by uri and version. */
  analyze(note: NoteInput): Analysis {
    const cached = this.cachedAnalysis(note);
    if (cached) return cached;
    const analysis = analyzeNote(this.recognizers, note, this.paragraphs);
    this.noteCache.set(note.uri, analysis);
    return analysis;
  }

  /**
   * The same analysis, computed in steps with `pause()` awaited between them (the adapter's way of
   * letting other requests run), cached like analyze(). One computation per note version: callers
   * asking for the version being computed share it. A newer version of the note stops an older
   * one's computation at its next step; that one rejects with Superseded.
   */
  analyzeStepped(note: NoteInput, pause: () => Promise<void>): Promise<Analysis> {
    const cached = this.cachedAnalysis(note);
    if (cached) return Promise.resolve(cached);
    const running = this.inFlight.get(note.uri);
    if (running && running.version === note.version && running.text === note.text) return running.promise;
    if (running) running.superseded = true;
    const job: InFlight = { version: note.version, text: note.text, superseded: false, promise: undefined as unknown as Promise<Analysis> };
    job.promise = (async () => {
      try {
        const steps = analyzeNoteSteps(this.recognizers, note, this.paragraphs);
        for (let r = steps.next(); ; r = steps.next()) {
          if (r.done) {
            const now = this.noteCache.get(note.uri);
            if (!now || now.version <= note.version) this.noteCache.set(note.uri, r.value);
            return r.value;
          }
          await pause();
          if (job.superseded) throw new Superseded(note.uri, note.version);
        }
      } finally {
        if (this.inFlight.get(note.uri) === job) this.inFlight.delete(note.uri);
      }
    })();
    this.inFlight.set(note.uri, job);
    return job.promise;
  }

  /** The cached analysis of exactly this version of the note, if any. */
  private cachedAnalysis(note: NoteInput): Analysis | undefined {
    const cached = this.noteCache.get(note.uri);
    return cached && cached.version === note.version && cached.text === note.text ? cached : undefined;
  }

  forget(uri: string): void {
    this.noteCache.delete(uri);
    const running = this.inFlight.get(uri);
    if (running) running.superseded = true;
    this.inFlight.delete(uri);
    this.paragraphs.release(uri);
  }

  cachedAnalyses(): Analysis[] {
    return [...this.noteCache.values()];
  }

  /** A note analyzed once and not kept (a closed file read from disk for references). */
  analyzeUncached(note: NoteInput): Analysis {
    const a = analyzeNote(this.recognizers, note, this.paragraphs);
    this.paragraphs.release(note.uri);
    return a;
  }

  document(id: string): CorpusDocument | undefined {
    return this.corpus.get(id);
  }

  mentionsOf(entityId: string): readonly CorpusMention[] {
    if (!this.mentionsByEntity) {
      const by = new Map<string, CorpusMention[]>();
      this.corpus.documents.forEach((doc, i) => {
        for (const m of this.mentionsOfDoc(i)) {
          let list = by.get(m.entityId);
          if (!list) by.set(m.entityId, (list = []));
          list.push({ doc, mention: m });
        }
      });
      this.mentionsByEntity = by;
    }
    return this.mentionsByEntity.get(entityId) ?? [];
  }

  sourceOf(prov: Provenance): SourcePlace | undefined {
    if (!prov.source) return undefined;
    const doc = this.corpus.get(prov.source.file);
    return doc ? { doc, start: prov.source.start, end: prov.source.end } : undefined;
  }

  /** Set by the language service when the adapter renders citations in the user's style. */
  citationRenderer: ((file: string, start: number, end: number) => string | undefined) | undefined;

  /** "Author, p. 47" (else the title or file; the line where a text has no pages) for a fact's source, or the user's style; undefined when it has none. */
  citeLabel(prov: Provenance): string | undefined {
    const src = this.sourceOf(prov);
    if (!src) return undefined;
    const styled = this.citationRenderer?.(src.doc.id, src.start, src.end);
    if (styled) return styled;
    return formatCitation(src.doc.citation(src.start, src.end), { markup: 'plain', short: true });
  }

  mentionCount(entityId: string): number {
    return this.counts.get(entityId) ?? 0;
  }

  /** An entity's description, else the sentence of its defining passage (read when a card asks). */
  describe(e: KnowledgeEntity): string | undefined {
    if (e.description) return e.description;
    if (!this.descriptions.has(e.id)) this.descriptions.set(e.id, describe(this, e));
    return this.descriptions.get(e.id);
  }
}

/** A span of a document's text, read when asked. */
function textOf(doc: CorpusDocument): (start: number, end: number) => string {
  return (start, end) => doc.normalized.slice(start, end);
}

/** A one-line description for an entity with none: the sentence of its defining passage. */
function describe(engine: Engine, e: KnowledgeEntity): string | undefined {
  const def = e.definitions.find((d) => d.source);
  const src = def && engine.sourceOf(def);
  if (!src) return undefined;
  const excerpt = src.doc.excerpt(src.start, src.end, 200);
  return excerpt.length > 220 ? excerpt.slice(0, 217) + '…' : excerpt;
}

/** The longest passage a learned fact quotes; a longer clause is quoted around its name and date. */
const QUOTE_MAX = 600;

/**
 * The passage that states a claim: its clause, or, when the clause is longer than QUOTE_MAX (a
 * source without sentence ends reads as one clause: "NATO(1995 was founded in " repeated made every
 * claim quote the whole text, quadratic in the source), the stretch from its name to its date with
 * up to 150 characters either side, at most QUOTE_MAX in all.
 */
function claimPassage(clause: Span, mention: Span, date: Span): Span {
  if (clause.end - clause.start <= QUOTE_MAX) return clause;
  const lo = Math.min(mention.start, date.start);
  const hi = Math.max(mention.end, date.end);
  const start = Math.max(clause.start, lo - 150);
  return { start, end: Math.min(clause.end, hi + 150, start + QUOTE_MAX) };
}
