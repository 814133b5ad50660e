// The outside world, as the core sees it: small interfaces that adapters implement (Node's fs in
// server/src/node, an in-memory map in tests). The core never imports fs, vscode or the protocol.

export interface FileStat {
  type: 'file' | 'directory' | 'other';
  size: number;
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

/** Where an adapter keeps engine snapshots between runs (a folder on disk, or nothing). */
export interface SnapshotStore {
  /** A stable hash of the parts (the adapter has the crypto). */
  hash(parts: string[]): string;
  read(key: string): Promise<unknown | undefined>;
  write(key: string, snapshot: unknown): Promise<void>;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** An in-memory file system, for tests and for hosts without a disk. */
export class MemoryFileSystem implements FileSystem {
  readonly files = new Map<string, Uint8Array>();

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [p, c] of Object.entries(files)) this.files.set(p, typeof c === 'string' ? new TextEncoder().encode(c) : c);
  }

  async stat(path: string): Promise<FileStat | undefined> {
    const f = this.files.get(path);
    if (f) return { type: 'file', size: f.length };
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
