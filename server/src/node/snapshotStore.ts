// Engine snapshots on disk: one JSON file per key in a cache folder, written atomically, the
// oldest removed beyond a few. A missing, partial or foreign file is simply a cache miss.
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
import { readRegularFile } from './safeRead';

const KEEP = 4;
/** A snapshot file larger than this is not read (a cache miss). */
const MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024;

export interface SnapshotStoreOptions {
  /** Longest wait for one disk operation (default 10 s). */
  timeoutMs?: number;
  /** Told once, with a sentence for the user, when the store falls back to memory. */
  onUnusable?: (message: string) => void;
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

  constructor(
    readonly dir: string,
    private readonly options: SnapshotStoreOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** True once the store keeps its index in memory only. */
  get inMemory(): boolean {
    return this.memory !== undefined;
  }

  hash(parts: string[]): string {
    return snapshotHash(parts);
  }

  async read(key: string): Promise<unknown | undefined> {
    if (this.memory) return this.memory.get(key);
    try {
      const bytes = await within(readRegularFile(path.join(this.dir, `${key}.json`), { maxBytes: MAX_SNAPSHOT_BYTES }), this.timeoutMs, 'reading the index');
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

  private async writeToDisk(key: string, snapshot: unknown): Promise<void> {
    await makeFolders(this.dir);
    const file = path.join(this.dir, `${key}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    await fs.promises.writeFile(tmp, JSON.stringify(snapshot));
    await fs.promises.rename(tmp, file);
    const entries = await Promise.all(
      (await fs.promises.readdir(this.dir)).filter((f) => f.endsWith('.json')).map(async (f) => ({ f, t: (await fs.promises.stat(path.join(this.dir, f))).mtimeMs })),
    );
    for (const { f } of entries.sort((a, b) => b.t - a.t).slice(KEEP)) await fs.promises.rm(path.join(this.dir, f), { force: true });
  }

  private remember(key: string, snapshot: unknown): void {
    const memory = (this.memory ??= new Map());
    memory.delete(key);
    memory.set(key, snapshot);
    for (const k of [...memory.keys()].slice(0, Math.max(0, memory.size - KEEP))) memory.delete(k);
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

/**
 * A store that, when it has no snapshot for a key, looks in the package: the bundled corpus's
 * index, prebuilt by `npm run build` for the default settings (scripts/build.mjs). It is used
 * only when its key is the one asked for — same engine build, catalog, book, dictionary (none)
 * and settings that shape the index — so a user's first start restores instead of indexing, and
 * anything else (their own sources, a dictionary) is indexed and stored as before.
 */
export class ShippedSnapshotStore implements SnapshotStore {
  /** The shipped index's key once read (null: there is none): a key it is not never reads it again. */
  private shippedKey: string | null | undefined;

  constructor(
    private readonly store: SnapshotStore,
    private readonly file: string = path.join(__dirname, SHIPPED_INDEX_FILE),
  ) {}

  hash(parts: string[]): string {
    return this.store.hash(parts);
  }

  async read(key: string): Promise<unknown | undefined> {
    const own = await this.store.read(key);
    if (own !== undefined) return own;
    if (this.shippedKey === null || (this.shippedKey !== undefined && this.shippedKey !== key)) return undefined;
    // Parsed only when it may be the one asked for, and not kept: the engine keeps what it restores.
    const s = await readRegularFile(this.file, { maxBytes: MAX_SNAPSHOT_BYTES }).then(
      (bytes) => JSON.parse(Buffer.from(bytes).toString('utf8')) as { key?: string },
      () => undefined,
    );
    this.shippedKey = typeof s?.key === 'string' ? s.key : null;
    return s?.key === key ? s : undefined;
  }

  write(key: string, snapshot: unknown): Promise<void> {
    return this.store.write(key, snapshot);
  }
}

/** A store that keeps what is written, for writing the shipped index at build time. */
export class CaptureSnapshotStore implements SnapshotStore {
  written?: { key: string; snapshot: unknown };
  hash(parts: string[]): string {
    return snapshotHash(parts);
  }
  async read(): Promise<undefined> {
    return undefined;
  }
  async write(key: string, snapshot: unknown): Promise<void> {
    this.written = { key, snapshot };
  }
}
