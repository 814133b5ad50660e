// The one way the server and the CLI read a file (notes, corpus, dictionary, bibliography, index
// storage). A path can name anything: a link to /etc/passwd, /dev/zero, a named pipe that blocks
// whoever opens it, a socket, a file that grows while it is read. So: lstat and resolve the real
// path first; refuse a real path outside the allowed folders (an untrusted workspace); read only
// regular files; check the size before reading and count bytes while reading (a growing file or a
// /proc file that claims size 0 stops at the cap); open without blocking and without following a
// link swapped in after the checks. Every refusal is a FileReadError with a sentence for the user.

import * as fs from 'fs';
import * as path from 'path';

/** Files larger than this are not read unless the caller names another cap. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
const CHUNK = 256 * 1024;

export type FileReadProblem = 'missing' | 'not-regular' | 'too-large' | 'outside' | 'unreadable' | 'changed';

export class FileReadError extends Error {
  constructor(
    readonly problem: FileReadProblem,
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'FileReadError';
  }
}

export interface SafeReadOptions {
  /** Byte cap, before reading (the size) and while reading (the bytes counted). */
  maxBytes?: number;
  /** When given (an untrusted workspace), the real path must be inside one of these folders. */
  allowedRoots?: readonly string[];
}

/** What kind of thing a stat describes, in words for a message. */
export function describeType(st: fs.Stats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'a special file';
}

/** Is `p` the folder `dir` or inside it (both absolute, already resolved)? */
export function isInsideFolder(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function isInsideAny(p: string, roots: readonly string[]): boolean {
  return roots.some((r) => isInsideFolder(p, r));
}

/** The real path of each root (a root that cannot be resolved is kept as given). */
export async function resolveRoots(roots: readonly string[]): Promise<string[]> {
  return Promise.all(roots.map((r) => fs.promises.realpath(r).catch(() => path.resolve(r))));
}

function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return 'does not exist';
  if (err?.code === 'EACCES' || err?.code === 'EPERM') return 'permission denied';
  if (err?.code === 'ELOOP') return 'is a loop of links';
  if (err?.code === 'ENOTDIR') return 'has a file where a folder should be in its path';
  return err?.message ?? String(e);
}

/**
 * Resolves a path the way every reader must: its real path, refused when it lies outside the
 * allowed roots. Returns the real path and its stat (links followed).
 */
export async function resolveChecked(p: string, allowedRoots?: readonly string[]): Promise<{ real: string; stat: fs.Stats }> {
  try {
    await fs.promises.lstat(p);
  } catch (e) {
    throw new FileReadError((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable', errorText(e), p);
  }
  let real: string;
  try {
    real = await fs.promises.realpath(p);
  } catch (e) {
    throw new FileReadError((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable', `${errorText(e)} (a broken link?)`, p);
  }
  if (allowedRoots && !isInsideAny(real, allowedRoots)) {
    throw new FileReadError('outside', `leads outside the workspace (to ${real}); an untrusted workspace reads nothing outside itself`, p);
  }
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(real);
  } catch (e) {
    throw new FileReadError('unreadable', errorText(e), p);
  }
  return { real, stat };
}

/**
 * Reads a regular file, safely (see the top of this file). Throws a FileReadError whose message
 * completes "PATH …" ("is a named pipe, not a regular file; it was not read").
 */
export async function readRegularFile(p: string, options: SafeReadOptions = {}): Promise<Uint8Array> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const { real, stat } = await resolveChecked(p, options.allowedRoots);
  if (!stat.isFile()) throw new FileReadError('not-regular', `is ${describeType(stat)}, not a regular file; it was not read`, p);
  if (stat.size > maxBytes) throw new FileReadError('too-large', `is larger than ${formatBytes(maxBytes)} (${formatBytes(stat.size)}); it was not read`, p);
  let handle: fs.promises.FileHandle;
  try {
    // O_NONBLOCK: were a pipe swapped in after the checks, opening it does not wait for a writer.
    // O_NOFOLLOW: nor is a link swapped in for the real path followed.
    handle = await fs.promises.open(real, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0));
  } catch (e) {
    throw new FileReadError('unreadable', errorText(e), p);
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile() || opened.ino !== stat.ino || opened.dev !== stat.dev) {
      throw new FileReadError('changed', 'was replaced while it was opened; it was not read', p);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw new FileReadError('too-large', `grew past ${formatBytes(maxBytes)} while it was read; it was not read`, p);
      chunks.push(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  } catch (e) {
    if (e instanceof FileReadError) throw e;
    throw new FileReadError('unreadable', errorText(e), p);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * The same checks for a caller that cannot wait (a synchronous parser): real path, regular file,
 * size cap, non-blocking open, byte cap while reading.
 */
export function readRegularFileSync(p: string, options: SafeReadOptions = {}): Uint8Array {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let real: string;
  let stat: fs.Stats;
  try {
    fs.lstatSync(p);
    real = fs.realpathSync(p);
    stat = fs.statSync(real);
  } catch (e) {
    throw new FileReadError((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable', errorText(e), p);
  }
  if (options.allowedRoots && !isInsideAny(real, options.allowedRoots)) throw new FileReadError('outside', `leads outside the workspace (to ${real}); an untrusted workspace reads nothing outside itself`, p);
  if (!stat.isFile()) throw new FileReadError('not-regular', `is ${describeType(stat)}, not a regular file; it was not read`, p);
  if (stat.size > maxBytes) throw new FileReadError('too-large', `is larger than ${formatBytes(maxBytes)} (${formatBytes(stat.size)}); it was not read`, p);
  let fd: number;
  try {
    fd = fs.openSync(real, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0));
  } catch (e) {
    throw new FileReadError('unreadable', errorText(e), p);
  }
  try {
    const opened = fs.fstatSync(fd);
    if (!opened.isFile() || opened.ino !== stat.ino || opened.dev !== stat.dev) throw new FileReadError('changed', 'was replaced while it was opened; it was not read', p);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new FileReadError('too-large', `grew past ${formatBytes(maxBytes)} while it was read; it was not read`, p);
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    }
    return Buffer.concat(chunks, total);
  } catch (e) {
    if (e instanceof FileReadError) throw e;
    throw new FileReadError('unreadable', errorText(e), p);
  } finally {
    fs.closeSync(fd);
  }
}

/** Lists a folder, after the same real-path check as a file. */
export async function readDirectoryChecked(p: string, allowedRoots?: readonly string[]): Promise<string[]> {
  const { real, stat } = await resolveChecked(p, allowedRoots);
  if (!stat.isDirectory()) throw new FileReadError('not-regular', `is ${describeType(stat)}, not a folder`, p);
  return fs.promises.readdir(real);
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) ? 1 : 0)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 ? 1 : 0)} KB`;
  return `${n} bytes`;
}
