// Building an engine from the outside world: the bundled corpus folder and the user's corpus
// paths read through a FileSystem, the curated catalog, settings and the dictionary.

import type { FileSystem, Logger, SnapshotStore } from './host';
import { silentLogger } from './host';
import { loadCorpus, reloaderFor, type FoundSource, type LoadProblem, type CorpusLoadOptions, decodeText } from './corpus/loader';
import { CorpusDocument, type CorpusSource, type Manifest } from './corpus/corpus';
import { learnNames } from './knowledge/learn';
import type { KnowledgeEntity } from './knowledge/kb';
import { CORE_READERS } from './corpus/reader';
import { Engine, ENGINE_VERSION } from './engine';
import { RECORD_FORMAT, compactLearned, isCorpusRecord, isFactsRecord, isMentionsRecord, isTextRecord, type CompactEntity, type CorpusRecord, type FactsRecord, type TextRecord } from './records';
import type { Settings } from './settings';
import { defaultSettings } from './settings';
import type { CatalogFile } from './knowledge/kb';
import type { Dictionary } from './knowledge/dictionary';
import catalogData from './knowledge/catalog.json';
import { pushAll } from './arrays';

export const CATALOG = catalogData as unknown as CatalogFile;

export interface LoadOptions {
  fs: FileSystem;
  /** Folder holding the bundled book and its manifest.json. */
  bundledDir?: string;
  /** Absolute corpus paths the user added (settings or --corpus). */
  corpusPaths?: string[];
  settings?: Settings;
  dictionary?: Dictionary;
  logger?: Logger;
  /** Persisted index, one record per source (records.ts): read when a source is unchanged, written after indexing it. */
  snapshots?: SnapshotStore;
  /**
   * How sources are read: `readers` (PDF, Word, HTML from server/src/sources beside the core's
   * text and Markdown readers), walk limits, progress.
   */
  corpus?: CorpusLoadOptions;
  /** Awaited after each source indexed, so the adapter's other requests run meanwhile. */
  pause?: () => Promise<void>;
  /**
   * Read every source, rather than trust a record found by its size and modification time (a
   * rebuild the user asked for: a file changed without its time changing is read).
   */
  readEverySource?: boolean;
}

let catalogText: string | undefined;

/** What a document's text alone gives, as its record keeps it (learned now unless given). */
function textRecordOf(doc: CorpusDocument, hash: string, learned: KnowledgeEntity[] | undefined): TextRecord {
  const src = doc.source;
  return {
    r: 'text', v: RECORD_FORMAT, id: doc.id, hash, length: doc.length, format: src.format, runs: doc.toNormalized,
    pages: src.pages, printedPages: src.pages?.length ? undefined : doc.pages, metadata: src.metadata, problems: src.problems,
    learned: JSON.stringify(compactLearned(learned ?? learnNames(doc), doc.id)),
  };
}

/** Records read or written at once (a library has thousands). */
const RECORD_CONCURRENCY = 16;

async function eachLimited<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(RECORD_CONCURRENCY, items.length) }, worker));
  return out;
}

export async function loadEngine(options: LoadOptions): Promise<{ engine: Engine; problems: LoadProblem[] }> {
  const settings = options.settings ?? defaultSettings();
  const logger = options.logger ?? silentLogger;
  const roots: Parameters<typeof loadCorpus>[1] = [];
  const problems: LoadProblem[] = [];
  if (settings.corpus.includeBundled && options.bundledDir) {
    let manifest: Manifest | undefined;
    const manifestPath = options.fs.join(options.bundledDir, 'manifest.json');
    try {
      manifest = JSON.parse(decodeText(await options.fs.readFile(manifestPath)).text) as Manifest;
    } catch (e) {
      problems.push({ path: manifestPath, message: `manifest could not be read: ${(e as Error).message}`, severity: 'warning' });
    }
    roots.push({ path: manifest ? options.fs.join(options.bundledDir, manifest.file) : options.bundledDir, bundled: true, manifest });
  }
  for (const p of options.corpusPaths ?? []) roots.push({ path: p });
  const store = options.snapshots;
  const readers = options.corpus?.readers ?? CORE_READERS;
  // The corpus record: last time's text and facts records in one read (records.ts).
  const corpusKey = store && store.hash(['corpus', ENGINE_VERSION, settings.dates.order, JSON.stringify(roots.map((r) => [r.path, !!r.bundled]))]);
  const preloaded = new Map<string, unknown>();
  /** Text (by size and time) and facts records this load used: the next corpus record. */
  const summary = new Map<string, TextRecord | FactsRecord>();
  let summaryChanged = false;
  const read = async (key: string, summarize = false): Promise<unknown> => {
    const pre = preloaded.get(key);
    if (pre !== undefined) {
      summary.set(key, pre as TextRecord | FactsRecord);
      return pre;
    }
    try {
      const v = await store!.read(key);
      if (summarize && v !== undefined) {
        summary.set(key, v as TextRecord | FactsRecord);
        summaryChanged = true;
      }
      return v;
    } catch (e) {
      logger.warn(`index record unreadable, indexing again: ${(e as Error).message}`);
      return undefined;
    }
  };
  const write = async (key: string, value: unknown, summarize = false): Promise<void> => {
    if (summarize) {
      summary.set(key, value as TextRecord | FactsRecord);
      summaryChanged = true;
    }
    try {
      await store!.write(key, value);
    } catch (e) {
      logger.warn(`index record not saved: ${(e as Error).message}`);
    }
  };
  let knowledge: CorpusRecord['knowledge'];
  if (store && corpusKey) {
    const c = await read(corpusKey);
    if (isCorpusRecord(c)) {
      for (const [k, v] of Object.entries(c.records)) preloaded.set(k, v);
      knowledge = c.knowledge;
    }
  }
  // A source's text record, by the file's size and modification time: found, the file is not read.
  const stampKey = (id: string, path: string, size: number, mtimeMs: number) => store!.hash(['stamp', ENGINE_VERSION, id, path, String(size), String(mtimeMs)]);
  const textKey = (hash: string) => store!.hash(['text', ENGINE_VERSION, hash]);
  const textRecords = new Map<string, TextRecord>();
  const reused: LoadProblem[] = [];
  /** A source without its text, from its text record: the text is read again when needed. */
  const deferred = (rec: TextRecord, base: Omit<CorpusSource, 'text'>): CorpusSource => ({
    ...base, text: '', deferredLength: rec.length, normalizedRuns: rec.runs, printedPages: rec.printedPages, pages: rec.pages,
    metadata: rec.metadata, format: rec.format, problems: rec.problems,
  });
  const reuse = store && !options.readEverySource
    ? async (f: FoundSource): Promise<CorpusSource | undefined> => {
      const rec = await read(stampKey(f.id, f.path, f.size, f.mtimeMs!), true);
      if (!isTextRecord(rec, f.id)) return undefined;
      const reload = reloaderFor(options.fs, readers, f.path, f.size, rec.format ?? 'text');
      if (!reload) return undefined;
      textRecords.set(f.id, rec);
      for (const p of rec.problems ?? []) reused.push({ path: f.path, message: p.message, severity: p.severity });
      return deferred(rec, { id: f.id, location: f.path, bundled: f.bundled, manifest: f.manifest, reload, stamp: { size: f.size, mtimeMs: f.mtimeMs! } });
    }
    : undefined;
  // A source just read: its text record by the hash of its text (a touched or copied file), else
  // made now (normalization and learning, once). One that can be read again is kept without its
  // text, so that indexing a library holds one text at a time.
  const hashes = new Map<string, string>();
  const onRead = store
    ? async (s: CorpusSource): Promise<CorpusSource> => {
      const hash = store.hash(['content', s.id, s.format ?? '', JSON.stringify(s.manifest ?? null), s.text]);
      hashes.set(s.id, hash);
      const found = await read(textKey(hash));
      let rec = isTextRecord(found, s.id) && found.hash === hash && found.length === s.text.length ? found : undefined;
      if (!rec) {
        if (!s.reload) return s;
        rec = textRecordOf(new CorpusDocument(s), hash, undefined);
        await write(textKey(hash), rec);
      }
      textRecords.set(s.id, rec);
      if (s.stamp) await write(stampKey(s.id, s.location, s.stamp.size, s.stamp.mtimeMs), rec, true);
      if (s.reload) return deferred(rec, { ...s, text: undefined } as Omit<CorpusSource, 'text'>);
      s.normalizedRuns = rec.runs;
      s.printedPages = rec.printedPages;
      return s;
    }
    : undefined;
  const loaded = await loadCorpus(options.fs, roots, { ...options.corpus, reuse: options.corpus?.reuse ?? reuse, onRead: options.corpus?.onRead ?? onRead });
  pushAll(problems, loaded.problems);
  pushAll(problems, reused);
  for (const p of problems) logger.warn(`corpus: ${p.path}: ${p.message}${p.details?.length ? ` (${p.details.join(", ")}${(p.count ?? 0) > p.details.length ? ", …" : ""})` : ""}`);

  // The knowledge learning made, when every text and the catalog and dictionary are as they were:
  // restored, nothing merged again.
  catalogText ??= JSON.stringify(CATALOG);
  const knowledgeKeyOf = () => store && loaded.sources.every((s) => textRecords.has(s.id))
    ? store.hash(['knowledge', ENGINE_VERSION, catalogText!, JSON.stringify(options.dictionary ?? null), ...loaded.sources.flatMap((s) => [s.id, textRecords.get(s.id)!.hash])])
    : undefined;
  const knowledgeKey = knowledgeKeyOf();
  let restoredKnowledge: KnowledgeEntity[] | undefined;
  if (knowledgeKey && knowledge?.key === knowledgeKey) {
    try {
      restoredKnowledge = JSON.parse(knowledge.entities) as KnowledgeEntity[];
    } catch {
      restoredKnowledge = undefined;
    }
  }
  const learned = restoredKnowledge ? undefined : new Map([...textRecords].map(([id, r]) => [id, JSON.parse(r.learned) as CompactEntity[]]));
  const engine = new Engine({ catalog: CATALOG, sources: loaded.sources, settings, dictionary: options.dictionary, logger, learned, knowledge: restoredKnowledge, deferIndex: !!store });

  // The documents hold what they need; the texts read are not kept twice.
  for (const s of loaded.sources) s.text = '';
  if (store) {
    const docs = engine.corpus.documents;
    // Text records for the documents learned from now (those that cannot be read again).
    await eachLimited(docs, async (doc) => {
      if (textRecords.has(doc.id)) return;
      const rec = textRecordOf(doc, hashes.get(doc.id)!, engine.learnedFresh.get(doc.id) ?? []);
      textRecords.set(doc.id, rec);
      await write(textKey(rec.hash), rec);
      const { stamp } = doc.source;
      if (stamp) await write(stampKey(doc.id, doc.source.location, stamp.size, stamp.mtimeMs), rec, true);
    });
    // The knowledge as it is before any fact is applied (facts add events to the entities).
    const keyNow = knowledgeKeyOf();
    const knowledgeNow = keyNow ? { key: keyNow, entities: restoredKnowledge ? knowledge!.entities : JSON.stringify(engine.kb.list()) } : undefined;
    const namesKey = store.hash(['names', ENGINE_VERSION, catalogText, engine.namesFingerprint()]);
    const hashOf = (i: number) => textRecords.get(docs[i].id)!.hash;
    const factsKey = (i: number) => store.hash(['facts', ENGINE_VERSION, settings.dates.order, hashOf(i), namesKey]);
    const mentionsKey = (i: number) => store.hash(['mentions', ENGINE_VERSION, hashOf(i), namesKey]);
    const facts = await eachLimited(docs, async (_, i) => {
      const f = await read(factsKey(i), true);
      return isFactsRecord(f) ? f : undefined;
    });
    const readSync = store.readSync?.bind(store);
    const mentions = readSync ? undefined : await eachLimited(docs, async (_, i) => {
      if (!facts[i]) return undefined;
      const m = await read(mentionsKey(i));
      return isMentionsRecord(m) ? m : undefined;
    });
    await engine.index({
      facts,
      mentions,
      loadMentions: readSync && ((i) => {
        const m = readSync(mentionsKey(i));
        return isMentionsRecord(m) ? m : undefined;
      }),
      save: async (i, f, m) => {
        await write(factsKey(i), f, true);
        await write(mentionsKey(i), m);
      },
      pause: options.pause,
    });
    if (corpusKey && (summaryChanged || summary.size !== preloaded.size || knowledgeNow?.key !== knowledge?.key)) {
      await write(corpusKey, { r: 'corpus', v: RECORD_FORMAT, records: Object.fromEntries(summary), knowledge: knowledgeNow } satisfies CorpusRecord);
    }
  }
  logger.info(`corpus: ${loaded.sources.length} file(s), ${engine.corpus.size.toLocaleString('en')} characters, ${engine.kb.entities.size} entities, ${engine.restored ? 'restored' : `${engine.indexedCount} of ${engine.corpus.documents.length} indexed`} in ${engine.buildMs} ms`);
  return { engine, problems };
}
