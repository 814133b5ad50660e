// Reads corpus paths (files or folders) through a FileSystem into sources, with a clear problem for
// everything it cannot use. Each file goes to the SourceReader for its format (core/corpus/reader.ts:
// text and Markdown here; PDF, Word and HTML readers are passed in by the adapter). Walks are
// bounded (depth, entries, files, bytes, time), skip special file systems and anything that is not a
// regular file, yield to the event loop as they go, and report what they skipped once per cause
// ("312 files linking outside the corpus folder were skipped"), never once per file.

import type { FileStat, FileSystem } from '../host';
import type { CorpusSource, Manifest } from './corpus';
import {
  CORE_READERS,
  decodeText,
  KNOWN_SOURCE_EXTENSIONS,
  chooseReader,
  extensionOf,
  type ReadResult,
  type SourceFormat,
  type SourceReader,
} from './reader';
import { pushAll } from '../arrays';

export { decodeText, type DecodeResult } from './reader';

export interface LoadProblem {
  path: string;
  message: string;
  severity: 'error' | 'warning';
  /** How many files or entries an aggregated problem stands for. */
  count?: number;
  /** Some of the paths an aggregated problem stands for (for the log and the status item). */
  details?: string[];
}

export interface LoadResult {
  sources: CorpusSource[];
  problems: LoadProblem[];
}

/** Extensions the core reads by itself (kept for callers that filter files). */
export const CORPUS_EXTENSIONS = ['.txt', '.md', '.markdown', '.text'];
/** Text files larger than this are skipped (the whole corpus is held in memory). */
export const MAX_CORPUS_FILE = 64 * 1024 * 1024;
/** PDF, Word and other binary sources may be larger than the text they hold. */
export const MAX_BINARY_SOURCE = 256 * 1024 * 1024;

export interface WalkLimits {
  /** Folder depth below a corpus path. */
  maxDepth: number;
  /** Directory entries looked at, per corpus path. */
  maxEntries: number;
  /** Source files taken, over all corpus paths. */
  maxFiles: number;
  /** Bytes of source files read, over all corpus paths. */
  maxBytes: number;
  /** Milliseconds a walk may take, per corpus path. */
  maxMs: number;
}

export const DEFAULT_WALK_LIMITS: WalkLimits = {
  maxDepth: 24,
  maxEntries: 50_000,
  maxFiles: 5000,
  maxBytes: 2 * 1024 * 1024 * 1024,
  maxMs: 30_000,
};

export interface LoadProgress {
  /** Files read so far, of `total`. */
  done: number;
  total: number;
  path: string;
}

export interface CorpusLoadOptions {
  /** Readers by format; the core's text and Markdown readers when not given. */
  readers?: readonly SourceReader[];
  limits?: Partial<WalkLimits>;
  onProgress?: (p: LoadProgress) => void;
  /** Files read at once (readers that work off the thread benefit from more than one). */
  concurrency?: number;
  /** Called every so many entries so a walk does not hold the thread; a zero timeout by default. */
  yieldControl?: () => Promise<void>;
  /** A clock, for the time limit (tests pass their own). */
  now?: () => number;
  /**
   * Asked before a file is read: a source built from what was persisted for it (same size and
   * modification time), whose text is read only when a feature needs it; undefined to read it.
   */
  reuse?: (file: FoundSource) => Promise<CorpusSource | undefined>;
  /**
   * Given each source as it is read; what it returns is kept instead (the adapter's index may
   * record what it needs and keep the source without its text, so a library is not held in memory).
   */
  onRead?: (source: CorpusSource) => Promise<CorpusSource>;
}

/** A file the walk found, before it is read. */
export interface FoundSource {
  id: string;
  path: string;
  size: number;
  mtimeMs?: number;
  bundled?: boolean;
  manifest?: Manifest;
}

/** Folders the kernel makes up: never sources, and walking them can block or never end. */
const SPECIAL_ROOTS = ['/proc', '/sys', '/dev'];
/** Per-file problems reported one by one before the rest are summed up in one. */
const MAX_FILE_PROBLEMS = 50;
const MAX_DETAILS = 20;
const YIELD_EVERY = 256;

export function isSpecialPath(p: string): boolean {
  const n = p.replace(/\\/g, '/');
  return SPECIAL_ROOTS.some((r) => n === r || n.startsWith(r + '/'));
}

const FORMAT_NAMES: Record<SourceFormat, string> = {
  text: 'text', markdown: 'Markdown', pdf: 'PDF', docx: 'Word', html: 'HTML', epub: 'EPUB',
};

const defaultYield = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

interface Root {
  path: string;
  bundled?: boolean;
  manifest?: Manifest;
  allowOutside?: boolean;
}

/** Skips counted by cause, reported once per corpus path. */
class Skips {
  private readonly byCause = new Map<string, { count: number; details: string[]; severity: 'error' | 'warning'; single?: string }>();

  /** `single`: the message when only one entry has this cause (said of that entry itself). */
  add(cause: string, path: string, severity: 'error' | 'warning' = 'warning', single?: string): void {
    let s = this.byCause.get(cause);
    if (!s) this.byCause.set(cause, (s = { count: 0, details: [], severity, single }));
    s.count++;
    if (s.details.length < MAX_DETAILS) s.details.push(path);
  }

  flush(root: string, problems: LoadProblem[]): void {
    for (const [cause, s] of this.byCause) {
      const one = s.count === 1;
      const message = one && s.single ? s.single : cause
        .replace('{n}', s.count.toLocaleString('en'))
        .replace(/\{([^|{}]*)\|([^|{}]*)\}/g, (_m, singular: string, plural: string) => (one ? singular : plural));
      problems.push({ path: one ? s.details[0] : root, message, severity: s.severity, count: s.count, details: s.details });
    }
    this.byCause.clear();
  }
}

export async function loadCorpus(fs: FileSystem, roots: Root[], options: CorpusLoadOptions = {}): Promise<LoadResult> {
  const readers = options.readers ?? CORE_READERS;
  const limits = { ...DEFAULT_WALK_LIMITS, ...options.limits };
  const now = options.now ?? Date.now;
  const yieldControl = options.yieldControl ?? defaultYield;
  const problems: LoadProblem[] = [];
  const seen = new Set<string>();
  const files: { path: string; rel: string; root: Root; rootStat: 'file' | 'directory'; size: number; mtimeMs?: number }[] = [];
  const readable = new Set<string>(readers.flatMap((r) => r.extensions));
  for (const root of roots) {
    const stat = await fs.stat(root.path).catch(() => undefined);
    if (!stat) {
      problems.push({ path: root.path, message: 'corpus path not found', severity: 'error' });
      continue;
    }
    const rootReal = await fs.realPath(root.path).catch(() => root.path);
    if (isSpecialPath(rootReal)) {
      problems.push({ path: root.path, message: 'is a special file system (devices, processes), not a folder of sources; not read', severity: 'error' });
      continue;
    }
    if (stat.type === 'other') {
      problems.push({ path: root.path, message: 'is not a regular file or folder (a device, pipe or socket); not read', severity: 'error' });
      continue;
    }
    const skips = new Skips();
    if (stat.type === 'file') {
      if (!seen.has(rootReal)) {
        seen.add(rootReal);
        files.push({ path: root.path, rel: baseName(root.path), root, rootStat: 'file', size: stat.size, mtimeMs: stat.mtimeMs });
      }
    } else {
      const found = await walk(fs, root.path, rootReal, readable, limits, files.length, skips, problems, yieldControl, now);
      for (const f of found) {
        if (seen.has(f.real)) continue;
        seen.add(f.real);
        files.push({ path: f.path, rel: f.rel, root, rootStat: 'directory', size: f.size, mtimeMs: f.mtimeMs });
      }
    }
    skips.flush(root.path, problems);
  }

  // Read: in order, a few at a time; byte budget over the whole corpus.
  const results: (CorpusSource | undefined)[] = new Array(files.length);
  const fileProblems: LoadProblem[] = [];
  let bytes = 0;
  let overBudget = 0;
  let next = 0;
  let done = 0;
  const readOne = async (i: number) => {
    const f = files[i];
    if (bytes + f.size > limits.maxBytes) {
      overBudget++;
      return;
    }
    bytes += f.size;
    const { root } = f;
    const id = root.bundled ? f.rel : f.rootStat === 'file' ? baseName(root.path) : `${baseName(root.path)}/${f.rel}`;
    const manifest = root.manifest && root.manifest.file === f.rel ? root.manifest : undefined;
    const reused = options.reuse && f.mtimeMs !== undefined ? await options.reuse({ id, path: f.path, size: f.size, mtimeMs: f.mtimeMs, bundled: root.bundled, manifest }) : undefined;
    if (reused) {
      results[i] = reused;
      done++;
      options.onProgress?.({ done, total: files.length, path: f.path });
      return;
    }
    const r = await readSource(fs, f.path, f.size, readers);
    for (const p of r.problems) fileProblems.push({ path: f.path, message: p.message, severity: p.severity });
    done++;
    options.onProgress?.({ done, total: files.length, path: f.path });
    if (!r.result) return;
    const source: CorpusSource = {
      id,
      location: f.path,
      text: r.result.text,
      bundled: root.bundled,
      manifest,
      format: r.format,
      pages: r.result.pages,
      metadata: r.result.metadata,
      stamp: f.mtimeMs !== undefined ? { size: f.size, mtimeMs: f.mtimeMs } : undefined,
      // Read again only where the host keeps modification times (a file's records are found by them).
      reload: r.format && f.mtimeMs !== undefined ? reloaderFor(fs, readers, f.path, f.size, r.format) : undefined,
      problems: r.problems.length ? r.problems : undefined,
    };
    results[i] = options.onRead ? await options.onRead(source) : source;
  };
  const worker = async () => {
    while (next < files.length) await readOne(next++);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, files.length)) }, worker));

  pushAll(problems, fileProblems.slice(0, MAX_FILE_PROBLEMS));
  if (fileProblems.length > MAX_FILE_PROBLEMS) {
    const rest = fileProblems.slice(MAX_FILE_PROBLEMS);
    problems.push({
      path: rest[0].path,
      message: `${rest.length.toLocaleString('en')} more source files had problems (listed in the log)`,
      severity: 'warning',
      count: rest.length,
      details: rest.slice(0, MAX_DETAILS).map((p) => `${p.path}: ${p.message}`),
    });
  }
  if (overBudget) {
    problems.push({
      path: roots.map((r) => r.path).join(', '),
      message: `${overBudget.toLocaleString('en')} source file${overBudget === 1 ? ' was' : 's were'} not read: the corpus is over ${formatBytes(limits.maxBytes)}`,
      severity: 'warning',
      count: overBudget,
    });
  }
  return { sources: results.filter((s): s is CorpusSource => !!s), problems };
}

/**
 * How to read a source's text again, synchronously, as it was read: the file decoded (text,
 * Markdown) or its cached extraction (PDF, Word, HTML); undefined where the host or the reader
 * cannot (the text then stays in memory). The function gives undefined when the read fails.
 */
export function reloaderFor(fs: FileSystem, readers: readonly SourceReader[], path: string, size: number, format: SourceFormat): (() => string | undefined) | undefined {
  if (format === 'text' || format === 'markdown') {
    const readSync = fs.readFileSync?.bind(fs);
    if (!readSync) return undefined;
    return () => {
      try {
        const d = decodeText(readSync(path, { maxBytes: MAX_CORPUS_FILE }));
        return d.text;
      } catch {
        return undefined;
      }
    };
  }
  const reader = readers.find((r) => r.format === format && r.lookupSync);
  if (!reader?.lookupSync) return undefined;
  const lookup = reader.lookupSync.bind(reader);
  return () => {
    try {
      return lookup(path, size)?.text;
    } catch {
      return undefined;
    }
  };
}

/** One file through its reader: a cached extraction when the reader has one, else its bytes. */
async function readSource(
  fs: FileSystem,
  path: string,
  size: number,
  readers: readonly SourceReader[],
): Promise<{ result?: ReadResult; format?: SourceFormat; problems: { message: string; severity: 'error' | 'warning' }[] }> {
  const ext = extensionOf(path);
  const byExt = readers.find((r) => r.extensions.includes(ext));
  const knownFormat = KNOWN_SOURCE_EXTENSIONS[ext];
  const textLike = knownFormat === 'text' || knownFormat === 'markdown';
  const cap = textLike ? MAX_CORPUS_FILE : MAX_BINARY_SOURCE;
  if (size > cap) return { problems: [{ message: `is larger than ${formatBytes(cap)}; skipped`, severity: 'warning' }] };
  if (byExt?.lookup) {
    try {
      const cached = await byExt.lookup(path, size);
      if (cached) return finish(cached, byExt.format);
    } catch {
      // A broken cache entry is read again.
    }
  }
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(path);
  } catch (e) {
    return { problems: [{ message: `could not be read: ${(e as Error).message}`, severity: 'error' }] };
  }
  const { reader, format } = chooseReader(readers, path, bytes);
  if (!reader) {
    const what = format ? FORMAT_NAMES[format] : 'this kind of';
    return { problems: [{ message: `is ${format === 'epub' ? 'an' : 'a'} ${what} file, which is not read here; skipped`, severity: 'warning' }] };
  }
  let result: ReadResult;
  try {
    result = await reader.read(bytes, baseName(path), path);
  } catch (e) {
    return { problems: [{ message: `could not be read as ${FORMAT_NAMES[reader.format]}: ${(e as Error).message}`, severity: 'error' }] };
  }
  return finish(result, reader.format);
}

function finish(result: ReadResult, format: SourceFormat) {
  const problems = result.problems.map((p) => ({ message: p.message, severity: p.severity }));
  const fatal = result.problems.some((p) => p.severity === 'error');
  if (fatal) return { format, problems };
  // An empty text file is an empty source; an extracted format with no text is a problem.
  if (!result.text.trim() && format !== 'text' && format !== 'markdown') {
    if (!problems.length) problems.push({ message: 'holds no text; skipped', severity: 'warning' });
    return { format, problems };
  }
  return { result, format, problems };
}

async function walk(
  fs: FileSystem,
  rootPath: string,
  rootReal: string,
  readable: Set<string>,
  limits: WalkLimits,
  filesSoFar: number,
  skips: Skips,
  problems: LoadProblem[],
  yieldControl: () => Promise<void>,
  now: () => number,
): Promise<{ path: string; rel: string; real: string; size: number; mtimeMs?: number }[]> {
  const out: { path: string; rel: string; real: string; size: number; mtimeMs?: number }[] = [];
  const started = now();
  const rootPrefix = rootReal.endsWith('/') || rootReal.endsWith('\\') ? rootReal : rootReal + (rootReal.includes('\\') ? '\\' : '/');
  const inside = (real: string) => real === rootReal || real.startsWith(rootPrefix);
  const visitedDirs = new Set<string>([rootReal]);
  // Depth-first with an explicit stack (no recursion to overflow): each folder's entries in name
  // order, a subfolder walked where it stands among them.
  const stack: { dir: string; rel: string; depth: number; names?: string[]; next: number; looks?: LookAhead }[] = [{ dir: rootPath, rel: '', depth: 0, next: 0 }];
  let entries = 0;
  let stopped: string | undefined;
  while (stack.length && !stopped) {
    const frame = stack[stack.length - 1];
    const { dir, rel, depth } = frame;
    if (!frame.names) {
      try {
        frame.names = [...(await fs.readDirectory(dir))].sort();
        frame.looks = new LookAhead(fs, dir, frame.names, readable);
      } catch (e) {
        if (dir === rootPath) problems.push({ path: dir, message: `could not be listed: ${(e as Error).message}`, severity: 'error' });
        else skips.add('{n} {folder|folders} could not be listed (permissions?) and {was|were} skipped', dir, 'error', `could not be listed: ${(e as Error).message}`);
        stack.pop();
        continue;
      }
    }
    if (frame.next >= frame.names.length) {
      stack.pop();
      continue;
    }
    const name = frame.names[frame.next++];
    {
      if (++entries > limits.maxEntries) {
        stopped = `more than ${limits.maxEntries.toLocaleString('en')} entries`;
        break;
      }
      if (entries % YIELD_EVERY === 0) {
        await yieldControl();
        if (now() - started > limits.maxMs) {
          stopped = `more than ${Math.round(limits.maxMs / 1000)} s`;
          break;
        }
      }
      if (name.startsWith('.') || name === 'node_modules') continue;
      const p = fs.join(dir, name);
      const ext = extensionOf(name);
      const look = await frame.looks!.get(frame.next - 1);
      let st;
      try {
        if (look.error) throw look.error;
        st = look.stat;
      } catch (e) {
        skips.add(`{n} {entry|entries} could not be read (${(e as Error).message.split(':')[0]}) and {was|were} skipped`, p, 'error', `could not be read: ${(e as Error).message}`);
        continue;
      }
      if (!st) continue;
      if (st.type === 'other') {
        if (readable.has(ext) || KNOWN_SOURCE_EXTENSIONS[ext]) skips.add('{n} {entry is|entries are} not a regular file (device, pipe or socket) and {was|were} skipped', p);
        continue;
      }
      const isDir = st.type === 'directory';
      // Only folders and files a reader could take are looked at further.
      if (!isDir && !readable.has(ext) && !KNOWN_SOURCE_EXTENSIONS[ext]) continue;
      // A link may not lead out of the folder the user named, nor into a special file system.
      const real = look.real ?? (await fs.realPath(p).catch(() => p));
      if (isSpecialPath(real)) {
        skips.add('{n} {entry links|entries link} into a special file system (/proc, /sys, /dev) and {was|were} skipped', p);
        continue;
      }
      if (!inside(real)) {
        skips.add('{n} {entry links|entries link} outside the corpus folder and {was|were} skipped', p);
        continue;
      }
      const r = rel ? `${rel}/${name}` : name;
      if (isDir) {
        if (visitedDirs.has(real)) continue;
        visitedDirs.add(real);
        if (depth + 1 > limits.maxDepth) skips.add(`{n} {folder|folders} deeper than ${limits.maxDepth} levels {was|were} skipped`, p);
        else stack.push({ dir: p, rel: r, depth: depth + 1, next: 0 });
        continue;
      }
      const format = KNOWN_SOURCE_EXTENSIONS[ext];
      if (!readable.has(ext)) {
        skips.add(`{n} ${FORMAT_NAMES[format]} {file was|files were} skipped: ${FORMAT_NAMES[format]} is not read here`, p);
        continue;
      }
      if (filesSoFar + out.length >= limits.maxFiles) {
        stopped = `more than ${limits.maxFiles.toLocaleString('en')} source files`;
        break;
      }
      out.push({ path: p, rel: r, real, size: st.size, mtimeMs: st.mtimeMs });
    }
  }
  if (stopped) {
    problems.push({
      path: rootPath,
      message: `the walk stopped at ${stopped} (${out.length.toLocaleString('en')} source files taken); is this the folder you meant to add as a corpus?`,
      severity: 'warning',
    });
  }
  return out;
}

/** A folder entry looked at: its stat (or why not) and real path. */
interface Look {
  stat?: FileStat;
  error?: unknown;
  real?: string;
}

/** Entries of a folder looked at together, a chunk ahead of the walk, which takes them in name order. */
const LOOK_AHEAD = 16;

class LookAhead {
  private readonly chunks = new Map<number, Promise<Look[]>>();

  constructor(
    private readonly fs: FileSystem,
    private readonly dir: string,
    private readonly names: readonly string[],
    private readonly readable: Set<string>,
  ) {}

  /** The look at names[i]; starts its chunk and the next (never more: a walk may stop early). */
  get(i: number): Promise<Look> {
    const c = Math.floor(i / LOOK_AHEAD);
    this.start(c);
    this.start(c + 1);
    return this.chunks.get(c)!.then((looks) => looks[i - c * LOOK_AHEAD]);
  }

  private start(c: number): void {
    if (this.chunks.has(c) || c * LOOK_AHEAD >= this.names.length) return;
    const names = this.names.slice(c * LOOK_AHEAD, (c + 1) * LOOK_AHEAD);
    this.chunks.set(c, Promise.all(names.map((name) => lookAt(this.fs, this.fs.join(this.dir, name), name, this.readable))));
  }
}

async function lookAt(fs: FileSystem, p: string, name: string, readable: Set<string>): Promise<Look> {
  let stat: FileStat | undefined;
  try {
    stat = await fs.stat(p);
  } catch (error) {
    return { error };
  }
  // Only what the walk goes on to check needs its real path: folders, and files a reader takes.
  const ext = extensionOf(name);
  const wanted = stat && stat.type !== 'other' && (stat.type === 'directory' || readable.has(ext) || KNOWN_SOURCE_EXTENSIONS[ext]);
  const real = wanted ? await fs.realPath(p).catch(() => p) : undefined;
  return { stat, real };
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 * 1024 ? `${n / 1024 / 1024 / 1024} GB` : `${n / 1024 / 1024} MB`;
}

function baseName(p: string): string {
  const parts = p.replace(/[\\/]+$/, '').split(/[\\/]/);
  return parts[parts.length - 1];
}
