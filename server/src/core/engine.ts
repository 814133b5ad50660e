// The engine: builds knowledge from a corpus (catalog + learned + dictionary), indexes every
// mention in the corpus, and analyzes notes once per version. It is the core's internal state:
// features read it through the narrow views of views.ts, adapters through the language service
// (service.ts), never directly.

import type { DateMention, DateOrder, EntityEvent, Provenance } from './types';
import type { CorpusMention, FeatureContext, MentionView, SourcePlace, SourceView } from './views';
import { Corpus, type CorpusDocument, type CorpusSource } from './corpus/corpus';
import type { PageMap } from './corpus/reader';
import { KnowledgeBase, type CatalogFile, type KnowledgeEntity } from './knowledge/kb';
import { learnNames } from './knowledge/learn';
import { extractEvents, splitSentences } from './knowledge/events';
import { EntityMatcher, type EntityMention, type MentionForm } from './recognize/entities';
import { recognizeDates } from './dates/recognize';
import { defaultSettings, type Settings } from './settings';
import { analyzeNote, analyzeNoteSteps, type Analysis, type NoteInput, type NoteRecognizers, ParagraphCache } from './analysis';
import type { Dictionary } from './knowledge/dictionary';
import { applyDictionary } from './knowledge/dictionary';
import { silentLogger, type Logger } from './host';
import { formatCitation } from './corpus/citations';

export type { CorpusMention } from './views';

export interface CorpusDocAnalysis {
  doc: CorpusDocument;
  entities: EntityMention[];
  dates: DateMention[];
}

/**
 * Everything indexing a corpus computes, in a form an adapter can persist and give back: a
 * restart with an unchanged corpus skips learning and indexing. `key` is the adapter's hash of
 * what the snapshot depends on (engine version, catalog, dictionary, settings, source texts).
 */
export interface EngineSnapshot {
  format: 1;
  key: string;
  entities: KnowledgeEntity[];
  /** `normalized` holds only where the normalized text differs from the source: [offset, replacement] runs. */
  docs: {
    id: string;
    normalized: [number, string][];
    mentions: [string, number, number, MentionForm][];
    dates: DateMention[];
    /** The printed pages recovered from a plain text (absent in snapshots written before they were kept). */
    pages?: PageMap;
  }[];
}

export { diffRuns, applyRuns } from './corpus/corpus';

/** Set by the bundler (scripts/build.mjs) to a hash of the core's sources; absent in unbundled test builds. */
declare const __ENTENTE_BUILD__: string | undefined;

/**
 * Bump when anything that indexing computes changes shape or meaning. A bundled build also keys
 * on the hash of the core's sources, so an index persisted by an older build is never read back.
 */
export const ENGINE_VERSION = `entente-engine-4${typeof __ENTENTE_BUILD__ === 'string' ? `+${__ENTENTE_BUILD__}` : ''}`;

export interface EngineOptions {
  catalog: CatalogFile;
  sources: CorpusSource[];
  dictionary?: Dictionary;
  settings?: Settings;
  logger?: Logger;
  /** A snapshot made from the same inputs: restores the index instead of building it. */
  snapshot?: EngineSnapshot;
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
  readonly corpusAnalyses: CorpusDocAnalysis[] = [];
  /** Every corpus mention of each entity, in corpus order. */
  private readonly mentionsByEntity = new Map<string, CorpusMention[]>();
  readonly logger: Logger;
  /** Time spent building, for the status item and benchmarks. */
  readonly buildMs: number;
  /** Whether the index came from a snapshot rather than being built. */
  readonly restored: boolean = false;
  private readonly noteCache = new Map<string, Analysis>();
  private readonly inFlight = new Map<string, InFlight>();
  private readonly paragraphs = new ParagraphCache();

  constructor(options: EngineOptions) {
    const t0 = Date.now();
    this.settings = options.settings ?? defaultSettings();
    this.logger = options.logger ?? silentLogger;
    const snap = options.snapshot;
    if (snap && snap.docs.length === options.sources.length && snap.docs.every((d, i) => d.id === options.sources[i].id)) {
      this.corpus = new Corpus(options.sources.map((s, i) => ({ ...s, normalizedRuns: snap.docs[i].normalized, printedPages: snap.docs[i].pages })));
      for (const e of snap.entities) this.kb.restore(e);
      this.matcher = new EntityMatcher(this.kb);
      this.corpus.documents.forEach((doc, i) => {
        const entities: EntityMention[] = snap.docs[i].mentions.map(([entityId, start, end, form]) => ({
          entityId, start, end, form, kind: this.kb.get(entityId)?.kind ?? 'organization', text: doc.normalized.slice(start, end),
        }));
        this.record(doc, entities, snap.docs[i].dates);
      });
      this.restored = true;
      this.buildMs = Date.now() - t0;
      return;
    }
    this.corpus = new Corpus(options.sources);
    this.kb.addCatalog(options.catalog, this.corpus);
    for (const doc of this.corpus.documents) {
      for (const learned of learnNames(doc)) this.kb.merge(learned);
    }
    if (options.dictionary) applyDictionary(this.kb, options.dictionary);
    this.matcher = new EntityMatcher(this.kb);
    for (const doc of this.corpus.documents) this.indexDocument(doc);
    for (const e of this.kb.list()) if (!e.description) e.description = describe(this, e);
    this.buildMs = Date.now() - t0;
  }

  private indexDocument(doc: CorpusDocument): void {
    const text = doc.normalized;
    const entities = this.matcher.find(text);
    const dates = recognizeDates(text, { order: this.settings.dates.order });
    const claims = extractEvents(text, entities, dates, splitSentences(text));
    this.record(doc, entities, dates);
    // Learned event facts: what the sentences of the corpus say, with their provenance.
    for (const c of claims) {
      if (c.type === 'origin' || c.date.invalid || c.date.approximate) continue;
      const entity = this.kb.get(c.entityId);
      if (!entity) continue;
      const provenance: Provenance = {
        origin: 'learned',
        source: { file: doc.id, start: c.clause.start, end: c.clause.end },
        quote: text.slice(c.clause.start, c.clause.end).replace(/-\s*\n\s*/g, '-').replace(/\s+/g, ' ').trim(),
      };
      const event: EntityEvent = { type: c.type, date: c.date.value, party: c.party, ...(c.via ? { via: c.via } : {}), provenance };
      const duplicate = entity.events.some(
        (e) => e.type === event.type && e.date === event.date && e.party === event.party,
      );
      if (!duplicate) entity.events.push(event);
    }
  }

  private record(doc: CorpusDocument, entities: EntityMention[], dates: DateMention[]): void {
    this.corpusAnalyses.push({ doc, entities, dates });
    for (const m of entities) {
      let list = this.mentionsByEntity.get(m.entityId);
      if (!list) this.mentionsByEntity.set(m.entityId, (list = []));
      list.push({ doc, mention: m });
    }
  }

  /** What a restart needs to skip indexing; see EngineSnapshot. */
  toSnapshot(key: string): EngineSnapshot {
    return {
      format: 1,
      key,
      entities: this.kb.list(),
      docs: this.corpusAnalyses.map((a) => ({
        id: a.doc.id,
        normalized: a.doc.toNormalized,
        pages: a.doc.source.pages?.length ? undefined : a.doc.pages,
        mentions: a.entities.map((m) => [m.entityId, m.start, m.end, m.form] as [string, number, number, MentionForm]),
        dates: a.dates,
      })),
    };
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
    return this.mentionsByEntity.get(entityId)?.length ?? 0;
  }
}

/** A one-line description for an entity with none: the sentence of its defining passage. */
function describe(engine: Engine, e: KnowledgeEntity): string | undefined {
  const def = e.definitions.find((d) => d.source);
  const src = def && engine.sourceOf(def);
  if (!src) return undefined;
  const excerpt = src.doc.excerpt(src.start, src.end, 200);
  return excerpt.length > 220 ? excerpt.slice(0, 217) + '…' : excerpt;
}
