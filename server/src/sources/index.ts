// The node-side source readers, put together for an adapter: PDF, Word and HTML readers that
// extract in worker threads (or in-thread with `workers: 0`), persist what they extract in a cache
// folder, and sit beside the core's text and Markdown readers. Pass `readers` to loadEngine:
//
//   const sources = createNodeReaders({ cacheDir, workers: 2 });
//   await loadEngine({ ..., corpus: { readers: sources.readers, onProgress } });
//   ...; await sources.close();

import { CORE_READERS, type ReadResult, type SourceReader } from '../core/corpus/reader';
import { ExtractionCache } from './cache';
import type { ExtractFormat } from './formats';
import { WorkerPool, type ExtractorPool } from './pool';
import { DEFAULT_PDF_LIMITS, type PdfLimits } from './formats';

export interface NodeReaderOptions {
  /** Where extractions persist; nothing is persisted when absent. */
  cacheDir?: string;
  /** Worker threads (default 2); 0 reads in this thread. */
  workers?: number;
  /** Milliseconds one file may take in a worker. */
  timeoutMs?: number;
  pdfLimits?: Partial<PdfLimits>;
}

export interface NodeReaders {
  /** Text, Markdown, PDF, Word and HTML readers, for `loadEngine({ corpus: { readers } })`. */
  readers: SourceReader[];
  /** Extractions done and cache hits since creation, for logs and benchmarks. */
  stats: { extracted: number; cachedByPath: number; cachedByContent: number };
  /** Stops the worker threads. */
  close(): Promise<void>;
}

const FORMATS: { format: ExtractFormat; id: string; extensions: string[] }[] = [
  { format: 'pdf', id: 'pdf', extensions: ['.pdf'] },
  { format: 'docx', id: 'docx', extensions: ['.docx'] },
  { format: 'html', id: 'html', extensions: ['.html', '.htm', '.xhtml'] },
];

export function createNodeReaders(options: NodeReaderOptions = {}): NodeReaders {
  const pdfLimits = { ...DEFAULT_PDF_LIMITS, ...options.pdfLimits };
  const workers = options.workers ?? 2;
  const pool: ExtractorPool | undefined = workers > 0 ? new WorkerPool({ size: workers, timeoutMs: options.timeoutMs, pdfLimits }) : undefined;
  const cache = options.cacheDir ? new ExtractionCache(options.cacheDir) : undefined;
  const stats = { extracted: 0, cachedByPath: 0, cachedByContent: 0 };
  const run = (format: ExtractFormat, bytes: Uint8Array, name: string): Promise<ReadResult> =>
    // In-thread, the readers (and PDF.js, mammoth, Readability) load on the first file that needs them.
    pool ? pool.run(format, bytes, name) : import('./extract.js').then((m) => m.extract(format, bytes, name, pdfLimits));
  const readers: SourceReader[] = FORMATS.map(({ format, id, extensions }) => ({
    id,
    format,
    extensions,
    async lookup(location: string, size: number) {
      const hit = await cache?.byPath(location, size, format);
      if (hit) stats.cachedByPath++;
      return hit;
    },
    lookupSync(location: string, size: number) {
      return cache?.byPathSync(location, size, format);
    },
    async read(bytes: Uint8Array, name: string, location?: string) {
      const hash = cache ? ExtractionCache.hash(bytes) : '';
      const hit = cache && (await cache.byHash(hash, format));
      if (hit) {
        stats.cachedByContent++;
        if (location) await cache.store(location, hash, format, hit).catch(() => {});
        return hit;
      }
      let result: ReadResult;
      try {
        result = await run(format, bytes, name);
      } catch (e) {
        // A crash or a timeout is not cached: the next start tries again.
        return { text: '', problems: [{ severity: 'error', message: `could not be read: ${(e as Error).message}` }] };
      }
      stats.extracted++;
      if (cache) await cache.store(location, hash, format, result).catch(() => {});
      return result;
    },
  }));
  return {
    readers: [...CORE_READERS, ...readers],
    stats,
    close: async () => {
      await pool?.close();
    },
  };
}
