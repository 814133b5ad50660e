// Node's file system behind the core's FileSystem interface.

import * as fs from 'fs';
import * as path from 'path';
import type { FileStat, FileSystem } from '../core/host';

export class NodeFileSystem implements FileSystem {
  async stat(p: string): Promise<FileStat | undefined> {
    try {
      const s = await fs.promises.stat(p);
      return { type: s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other', size: s.size };
    } catch {
      return undefined;
    }
  }

  async readFile(p: string): Promise<Uint8Array> {
    return fs.promises.readFile(p);
  }

  async readDirectory(p: string): Promise<string[]> {
    return fs.promises.readdir(p);
  }

  join(...parts: string[]): string {
    return path.join(...parts);
  }

  async realPath(p: string): Promise<string> {
    return fs.promises.realpath(p);
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
