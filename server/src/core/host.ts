// The outside world, as the core sees it: small interfaces that adapters implement (Node's fs in
// server/src/node, an in-memory map in tests). The core never imports fs, vscode or the protocol.

export interface FileStat {
  type: 'file' | 'directory' | 'other';
  size: number;
  /** Last modification, in milliseconds, where the host keeps one: with the size, it finds a source's persisted record without reading the file. */
  mtimeMs?: number;
}

/** Limits of one read. */
export interface ReadOptions {
  /** Refuse (throw) rather than read more than this many bytes. */
  maxBytes?: number;
}

export interface FileSystem {
  stat(path: string): Promise<FileStat | undefined>;
  /** The bytes of a regular file; throws with a sentence for the user on anything else. */
  readFile(path: string, options?: ReadOptions): Promise<Uint8Array>;
  /**
   * The same read, synchronously, where the host can (a source's text read again when a feature
   * needs it, after a restart that did not read it); hosts without one keep every text in memory.
   */
  readFileSync?(path: string, options?: ReadOptions): Uint8Array;
  /** Entry names in a directory. */
  readDirectory(path: string): Promise<string[]>;
  /** Joins path segments the way the host does. */
  join(...parts: string[]): string;
  /** The real path (links resolved), to keep a corpus from escaping where the user pointed. */
  realPath(path: string): Promise<string>;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * Where an adapter keeps the index between runs (a folder on disk, or nothing): one record per
 * source and per kind of record (what its text gives, what indexing it against the known names
 * gives, its mentions), each under a key that hashes everything it depends on (core/index.ts).
 */
export interface SnapshotStore {
  /** A stable hash of the parts (the adapter has the crypto). */
  hash(parts: string[]): string;
  read(key: string): Promise<unknown | undefined>;
  write(key: string, snapshot: unknown): Promise<void>;
  /** The same read, synchronously (a source's mentions, loaded when references are asked for); absent: mentions are kept in memory. */
  readSync?(key: string): unknown | undefined;
}

/** A store in memory, for tests and hosts without a disk; counts reads and writes. */
export class MemorySnapshotStore implements SnapshotStore {
  readonly entries = new Map<string, unknown>();
  reads = 0;
  writes = 0;
  hash(parts: string[]): string {
    // Not cryptographic (FNV-1a in two lanes, lengths mixed in): enough for a test's few keys.
    let a = 0x811c9dc5;
    let b = 0x01000193;
    for (const p of parts) {
      const s = `${p.length}:${p}`;
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        a = Math.imul(a ^ c, 0x01000193) >>> 0;
        b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
      }
    }
    return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
  }
  async read(key: string): Promise<unknown | undefined> {
    return this.readSync(key);
  }
  readSync(key: string): unknown | undefined {
    this.reads++;
    const v = this.entries.get(key);
    return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
  }
  async write(key: string, value: unknown): Promise<void> {
    this.writes++;
    this.entries.set(key, JSON.parse(JSON.stringify(value)));
  }
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** Is the real path `p` the folder `root` or inside it? (Both as the host's realPath gives them.) */
export function isUnder(p: string, root: string): boolean {
  if (p === root) return true;
  const sep = root.includes('\\') && !root.includes('/') ? '\\' : '/';
  return p.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * A file system that reads only what resolves inside some folders (an untrusted workspace): every
 * file and folder reached is checked by its real path, so a link inside the workspace to /etc, to
 * /etc/passwd or to another folder is refused with a sentence saying so.
 */
export class ConfinedFileSystem implements FileSystem {
  private constructor(
    private readonly inner: FileSystem,
    /** Real paths of the allowed folders. */
    readonly roots: readonly string[],
  ) {}

  static async create(inner: FileSystem, roots: readonly string[]): Promise<ConfinedFileSystem> {
    return new ConfinedFileSystem(inner, await Promise.all(roots.map((r) => inner.realPath(r).catch(() => r))));
  }

  /** The real path of `p` when it lies outside the allowed folders; undefined when inside (or missing). */
  async outside(p: string): Promise<string | undefined> {
    const real = await this.inner.realPath(p).catch(() => undefined);
    return real !== undefined && !this.roots.some((r) => isUnder(real, r)) ? real : undefined;
  }

  private async check(p: string): Promise<void> {
    const real = await this.outside(p);
    if (real !== undefined) throw new Error(`leads outside the workspace (to ${real}); an untrusted workspace reads nothing outside itself`);
  }

  async stat(p: string): Promise<FileStat | undefined> {
    await this.check(p);
    return this.inner.stat(p);
  }

  async readFile(p: string, options?: ReadOptions): Promise<Uint8Array> {
    await this.check(p);
    return this.inner.readFile(p, options);
  }

  async readDirectory(p: string): Promise<string[]> {
    await this.check(p);
    return this.inner.readDirectory(p);
  }

  join(...parts: string[]): string {
    return this.inner.join(...parts);
  }

  realPath(p: string): Promise<string> {
    return this.inner.realPath(p);
  }
}

/** An in-memory file system, for tests and for hosts without a disk. */
export class MemoryFileSystem implements FileSystem {
  readonly files = new Map<string, Uint8Array>();
  /** Modification times, only for files written with `write` (others have none, so they are always read). */
  private readonly mtimes = new Map<string, number>();
  /** Synchronous reads so far (texts read again after a restart that did not read them). */
  syncReads = 0;

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [p, c] of Object.entries(files)) this.files.set(p, typeof c === 'string' ? new TextEncoder().encode(c) : c);
  }

  /** Writes a file with a modification time, as a disk would. */
  write(path: string, content: string | Uint8Array, mtimeMs: number): void {
    this.files.set(path, typeof content === 'string' ? new TextEncoder().encode(content) : content);
    this.mtimes.set(path, mtimeMs);
  }

  async stat(path: string): Promise<FileStat | undefined> {
    const f = this.files.get(path);
    if (f) return { type: 'file', size: f.length, mtimeMs: this.mtimes.get(path) };
    const prefix = path.endsWith('/') ? path : path + '/';
    for (const k of this.files.keys()) if (k.startsWith(prefix)) return { type: 'directory', size: 0 };
    return undefined;
  }

  async readFile(path: string, options?: ReadOptions): Promise<Uint8Array> {
    const f = this.files.get(path);
    if (!f) throw new Error(`ENOENT: no such file: ${path}`);
    if (options?.maxBytes !== undefined && f.length > options.maxBytes) throw new Error(`is larger than ${options.maxBytes} bytes; it was not read`);
    return f;
  }

  readFileSync(path: string, options?: ReadOptions): Uint8Array {
    this.syncReads++;
    const f = this.files.get(path);
    if (!f) throw new Error(`ENOENT: no such file: ${path}`);
    if (options?.maxBytes !== undefined && f.length > options.maxBytes) throw new Error(`is larger than ${options.maxBytes} bytes; it was not read`);
    return f;
  }

  async readDirectory(path: string): Promise<string[]> {
    const prefix = path.endsWith('/') ? path : path + '/';
    const names = new Set<string>();
    for (const k of this.files.keys()) if (k.startsWith(prefix)) names.add(k.slice(prefix.length).split('/')[0]);
    return [...names].sort();
  }

  join(...parts: string[]): string {
    return parts.join('/').replace(/\/+/g, '/');
  }

  async realPath(path: string): Promise<string> {
    return path;
  }
}
