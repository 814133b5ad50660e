// Building an engine from the outside world: the bundled corpus folder and the user's corpus
// paths read through a FileSystem, the curated catalog, settings and the dictionary.

import type { FileSystem, Logger, SnapshotStore } from './host';
import { silentLogger } from './host';
import { loadCorpus, type LoadProblem, type CorpusLoadOptions, decodeText } from './corpus/loader';
import type { Manifest } from './corpus/corpus';
import { Engine, ENGINE_VERSION, type EngineSnapshot } from './engine';
import type { Settings } from './settings';
import { defaultSettings } from './settings';
import type { CatalogFile } from './knowledge/kb';
import type { Dictionary } from './knowledge/dictionary';
import catalogData from './knowledge/catalog.json';

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
  /** Persisted index: read when the inputs are unchanged, written after a build. */
  snapshots?: SnapshotStore;
  /**
   * How sources are read: `readers` (PDF, Word, HTML from server/src/sources beside the core's
   * text and Markdown readers), walk limits, progress.
   */
  corpus?: CorpusLoadOptions;
}

let catalogText: string | undefined;

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
  const loaded = await loadCorpus(options.fs, roots, options.corpus);
  problems.push(...loaded.problems);
  for (const p of problems) logger.warn(`corpus: ${p.path}: ${p.message}${p.details?.length ? ` (${p.details.join(", ")}${(p.count ?? 0) > p.details.length ? ", …" : ""})` : ""}`);
  let snapshot: EngineSnapshot | undefined;
  let key: string | undefined;
  const store = options.snapshots;
  if (store) {
    catalogText ??= JSON.stringify(CATALOG);
    key = store.hash([
      ENGINE_VERSION,
      catalogText,
      JSON.stringify(options.dictionary ?? null),
      settings.dates.order,
      ...loaded.sources.flatMap((s) => [s.id, s.format ?? '', s.text, JSON.stringify(s.manifest ?? null)]),
    ]);
    try {
      const read = (await store.read(key)) as EngineSnapshot | undefined;
      if (read && read.format === 1 && read.key === key) snapshot = read;
    } catch (e) {
      logger.warn(`index snapshot unreadable, rebuilding: ${(e as Error).message}`);
    }
  }
  const engine = new Engine({ catalog: CATALOG, sources: loaded.sources, settings, dictionary: options.dictionary, logger, snapshot });
  logger.info(`corpus: ${loaded.sources.length} file(s), ${engine.corpus.size.toLocaleString('en')} characters, ${engine.kb.entities.size} entities, ${engine.restored ? 'restored' : 'built'} in ${engine.buildMs} ms`);
  if (store && key && !engine.restored) {
    try {
      await store.write(key, engine.toSnapshot(key));
    } catch (e) {
      logger.warn(`index snapshot not saved: ${(e as Error).message}`);
    }
  }
  return { engine, problems };
}
