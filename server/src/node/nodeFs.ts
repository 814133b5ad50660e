// Node's file system behind the core's FileSystem interface. Every read goes through
// safeRead.ts (real path first, regular files only, byte caps, never blocking on a pipe); in an
// untrusted workspace (`allowedRoots` given) every file and folder reached is checked by its
// resolved path, so a link inside the workspace cannot lead the corpus or the dictionary out of it.

import * as fs from 'fs';
import * as path from 'path';
import type { FileStat, FileSystem, ReadOptions } from '../core/host';
import { DEFAULT_MAX_BYTES, isInsideAny, readDirectoryChecked, readRegularFile, readRegularFileSync, resolveChecked } from './safeRead';

export interface NodeFileSystemOptions {
  /** Real paths of the folders that may be read (an untrusted workspace); all when absent. */
  allowedRoots?: readonly string[];
  /** Byte cap of a read that names none. */
  maxBytes?: number;
}

export class NodeFileSystem implements FileSystem {
  constructor(readonly options: NodeFileSystemOptions = {}) {}

  async stat(p: string): Promise<FileStat | undefined> {
    try {
      // One system call when nothing is confined (a walk stats every entry); else the real path first.
      const stat = this.options.allowedRoots ? (await resolveChecked(p, this.options.allowedRoots)).stat : await fs.promises.stat(p);
      return { type: stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other', size: stat.size, mtimeMs: stat.mtimeMs };
    } catch (e) {
      // Outside the allowed folders: say so (the loader reports it), rather than "not found".
      if ((e as { problem?: string }).problem === 'outside') throw e;
      return undefined;
    }
  }

  async readFile(p: string, options?: ReadOptions): Promise<Uint8Array> {
    return readRegularFile(p, { maxBytes: options?.maxBytes ?? this.options.maxBytes ?? DEFAULT_MAX_BYTES, allowedRoots: this.options.allowedRoots });
  }

  readFileSync(p: string, options?: ReadOptions): Uint8Array {
    return readRegularFileSync(p, { maxBytes: options?.maxBytes ?? this.options.maxBytes ?? DEFAULT_MAX_BYTES, allowedRoots: this.options.allowedRoots });
  }

  async readDirectory(p: string): Promise<string[]> {
    return readDirectoryChecked(p, this.options.allowedRoots);
  }

  join(...parts: string[]): string {
    return path.join(...parts);
  }

  async realPath(p: string): Promise<string> {
    return fs.promises.realpath(p);
  }

  /** Whether the real path of `p` may be read here (always, in a trusted workspace). */
  async allows(p: string): Promise<boolean> {
    if (!this.options.allowedRoots) return true;
    const real = await fs.promises.realpath(p).catch(() => undefined);
    return real !== undefined && isInsideAny(real, this.options.allowedRoots);
  }
}

/**
 * The bundled corpus folder: `seeds/` beside `dist/` in the package (the .vsix and a clone have
 * the same layout), or beside the sources when running from compiled tests.
 */
export function bundledCorpusDir(): string {
  const candidates = [path.join(__dirname, '..', 'seeds'), path.join(__dirname, '..', '..', 'seeds'), path.join(__dirname, '..', '..', '..', 'seeds'), path.join(__dirname, '..', '..', '..', '..', 'seeds')];
  // A folder counts only if it holds the book its manifest names (tsc may copy a manifest alone into out/).
  const complete = (c: string) => {
    try {
      const m = JSON.parse(fs.readFileSync(path.join(c, 'manifest.json'), 'utf8')) as { file?: string };
      return typeof m.file === 'string' && fs.existsSync(path.join(c, m.file));
    } catch {
      return false;
    }
  };
  return candidates.find(complete) ?? candidates[0];
}
