// The index on disk: one JSON file per record (core/records.ts: a source's text record, facts,
// mentions) in a cache folder, written atomically; beyond MAX_RECORDS files the oldest are removed.
// A missing, partial or foreign file is simply a miss.
//
// Storage can be unusable (a read-only disk, a full one, a path such as /proc/self/nope, where
// Node's recursive mkdir spins forever): every disk operation has a timeout, folders are made one
// level at a time (never `mkdir -p`), and on the first failure the store falls back to an index
// kept in memory for the rest of the session, telling the caller once (`onUnusable`).

import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { SnapshotStore } from '../core/host';
import { readRegularFile, readRegularFileSync } from './safeRead';

/** Records kept on disk (a few per source) before the oldest are removed; also in memory. */
const MAX_RECORDS = 60_000;
/** Pruning looks at the folder at most once per this many writes. */
const PRUNE_EVERY = 5_000;
/** A record file larger than this is not read (a cache miss). */
const MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024;

export interface SnapshotStoreOptions {
  /** Longest wait for one disk operation (default 10 s). */
  timeoutMs?: number;
  /** Told once, with a sentence for the user, when the store falls back to memory. */
  onUnusable?: (message: string) => void;
  /** Records kept before the oldest are removed (default MAX_RECORDS). */
  maxRecords?: number;
}

class Timeout extends Error {}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout(`${what} took longer than ${ms / 1000} s`)), ms);
    timer.unref?.();
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** `mkdir -p`, one level at a time: each level is a plain mkdir that fails instead of looping. */
async function makeFolders(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const st = await fs.promises.stat(d).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : Promise.reject(e)));
    if (st) {
      if (!st.isDirectory()) throw new Error(`${d} is not a folder`);
      break;
    }
    missing.push(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    await fs.promises.mkdir(d).catch((e: NodeJS.ErrnoException) => (e.code === 'EEXIST' ? undefined : Promise.reject(e)));
  }
}

/** The key of a snapshot: a sha-256 of its parts, each prefixed by its length. */
export function snapshotHash(parts: string[]): string {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(String(p.length)).update(':').update(p);
  return h.digest('hex').slice(0, 32);
}

export class DiskSnapshotStore implements SnapshotStore {
  /** Set once the disk proved unusable: snapshots live here for the rest of the session. */
  private memory?: Map<string, unknown>;
  private readonly timeoutMs: number;
  private readonly maxRecords: number;

  constructor(
    readonly dir: string,
    private readonly options: SnapshotStoreOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxRecords = Math.max(1, options.maxRecords ?? MAX_RECORDS);
  }

  /** True once the store keeps its index in memory only. */
  get inMemory(): boolean {
    return this.memory !== undefined;
  }

  hash(parts: string[]): string {
    return snapshotHash(parts);
  }

  readSync(key: string): unknown | undefined {
    if (this.memory) return this.memory.get(key);
    try {
      return JSON.parse(Buffer.from(readRegularFileSync(this.file(key), { maxBytes: MAX_SNAPSHOT_BYTES })).toString('utf8'));
    } catch {
      return undefined;
    }
  }

  private file(key: string): string {
    // Two-letter subfolders keep any one folder small.
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  async read(key: string): Promise<unknown | undefined> {
    if (this.memory) return this.memory.get(key);
    try {
      const bytes = await within(readRegularFile(this.file(key), { maxBytes: MAX_SNAPSHOT_BYTES }), this.timeoutMs, 'reading the index');
      return JSON.parse(Buffer.from(bytes).toString('utf8'));
    } catch (e) {
      if (e instanceof Timeout) this.fallBack(e.message);
      return undefined;
    }
  }

  async write(key: string, snapshot: unknown): Promise<void> {
    if (this.memory) return this.remember(key, snapshot);
    try {
      await within(this.writeToDisk(key, snapshot), this.timeoutMs, 'saving the index');
    } catch (e) {
      this.fallBack((e as Error).message);
      this.remember(key, snapshot);
    }
  }

  private writes = 0;
  private readonly madeFolders = new Set<string>();

  private async writeToDisk(key: string, snapshot: unknown): Promise<void> {
    const file = this.file(key);
    const folder = path.dirname(file);
    if (!this.madeFolders.has(folder)) {
      await makeFolders(folder);
      this.madeFolders.add(folder);
    }
    const tmp = `${file}.${process.pid}.tmp`;
    await fs.promises.writeFile(tmp, JSON.stringify(snapshot));
    await fs.promises.rename(tmp, file);
    if (this.writes++ % Math.min(PRUNE_EVERY, this.maxRecords) === 0) await this.prune();
  }

  /** Removes the oldest records beyond MAX_RECORDS. */
  private async prune(): Promise<void> {
    const files: string[] = [];
    for (const entry of await fs.promises.readdir(this.dir, { withFileTypes: true }).catch(() => [] as fs.Dirent[])) {
      const d = path.join(this.dir, entry.name);
      if (entry.isFile() && entry.name.endsWith('.json')) {
        // A whole-corpus snapshot of an older version: no longer read.
        await fs.promises.rm(d, { force: true });
        continue;
      }
      if (!entry.isDirectory()) continue;
      for (const f of await fs.promises.readdir(d).catch(() => [] as string[])) if (f.endsWith('.json')) files.push(path.join(d, f));
    }
    if (files.length <= this.maxRecords) return;
    const dated = await Promise.all(files.map(async (f) => ({ f, t: (await fs.promises.stat(f).catch(() => undefined))?.mtimeMs ?? 0 })));
    for (const { f } of dated.sort((a, b) => b.t - a.t).slice(this.maxRecords)) await fs.promises.rm(f, { force: true });
  }

  private remember(key: string, snapshot: unknown): void {
    const memory = (this.memory ??= new Map());
    memory.delete(key);
    memory.set(key, snapshot);
    if (memory.size > this.maxRecords) for (const k of [...memory.keys()].slice(0, memory.size - this.maxRecords)) memory.delete(k);
  }

  private fallBack(reason: string): void {
    if (this.memory) return;
    this.memory = new Map();
    this.options.onUnusable?.(`the index folder ${this.dir} cannot be used (${reason}); the index is kept in memory for this session and rebuilt at the next start.`);
  }
}

/** The default cache folder: ENTENTE_CACHE_DIR, or a per-user folder in the temp directory. */
export function defaultCacheDir(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return process.env.ENTENTE_CACHE_DIR || path.join(os.tmpdir(), `entente-cache-${uid}`);
}

/** The index of the bundled corpus that `npm run build` writes beside the bundles (dist/), if any. */
export const SHIPPED_INDEX_FILE = 'bundled-index.json';

/** The shipped index: the records indexing the bundled corpus wrote, by key. */
interface ShippedIndex {
  format: 'records';
  records: Record<string, unknown>;
}

/**
 * A store that, when it has no record for a key, looks in the package: the bundled corpus's
 * records, prebuilt by `npm run build` for the default settings (scripts/build.mjs). Keys hash the
 * engine build, the book and the names known, so they match only when those are the same: a
 * user's first start reads the book's records instead of indexing it, and anything else (their own
 * sources, a dictionary) is indexed and stored as before.
 */
export class ShippedSnapshotStore implements SnapshotStore {
  /** The shipped records once read (null: there are none). */
  private shipped: Map<string, unknown> | null | undefined;

  constructor(
    private readonly store: SnapshotStore,
    private readonly file: string = path.join(__dirname, SHIPPED_INDEX_FILE),
  ) {}

  hash(parts: string[]): string {
    return this.store.hash(parts);
  }

  private shippedRecords(): Map<string, unknown> | null {
    if (this.shipped !== undefined) return this.shipped;
    try {
      const s = JSON.parse(Buffer.from(readRegularFileSync(this.file, { maxBytes: MAX_SNAPSHOT_BYTES })).toString('utf8')) as ShippedIndex;
      this.shipped = s?.format === 'records' && s.records && typeof s.records === 'object' ? new Map(Object.entries(s.records)) : null;
    } catch {
      this.shipped = null;
    }
    return this.shipped;
  }

  async read(key: string): Promise<unknown | undefined> {
    const own = await this.store.read(key);
    return own !== undefined ? own : this.shippedRecords()?.get(key);
  }

  readSync(key: string): unknown | undefined {
    const own = this.store.readSync?.(key);
    return own !== undefined ? own : this.shippedRecords()?.get(key);
  }

  write(key: string, snapshot: unknown): Promise<void> {
    return this.store.write(key, snapshot);
  }
}

/** A store that keeps what is written, for writing the shipped index at build time. */
export class CaptureSnapshotStore implements SnapshotStore {
  readonly written = new Map<string, unknown>();
  hash(parts: string[]): string {
    return snapshotHash(parts);
  }
  async read(): Promise<undefined> {
    return undefined;
  }
  readSync(key: string): unknown | undefined {
    return this.written.get(key);
  }
  async write(key: string, snapshot: unknown): Promise<void> {
    this.written.set(key, snapshot);
  }
  /** What was written, as the shipped index file holds it. */
  toShipped(): ShippedIndex {
    return { format: 'records', records: Object.fromEntries(this.written) };
  }
}
