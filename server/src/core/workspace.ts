// The notes of a workspace, found through the FileSystem interface with the editor's rules:
// notes by their file endings (languages.ts) in the analyzed languages, no hidden folders, no
// node_modules, no sources, bounded in depth and count.

import type { FileSystem } from './host';
import { languageOfPath } from './languages';

export interface NoteWalkOptions {
  /** Language ids analyzed (settings.languages). */
  languages: readonly string[];
  /** Files larger than this are skipped. */
  maxFileSize: number;
  /** Paths never returned (the sources). */
  exclude?: ReadonlySet<string>;
  maxDepth?: number;
  maxFiles?: number;
}

export interface NoteFile {
  path: string;
  size: number;
}

export async function findNoteFiles(fs: FileSystem, roots: readonly string[], options: NoteWalkOptions): Promise<NoteFile[]> {
  const out: NoteFile[] = [];
  const maxDepth = options.maxDepth ?? 8;
  const maxFiles = options.maxFiles ?? 2000;
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > maxDepth || out.length >= maxFiles) return;
    let names: string[];
    try {
      names = await fs.readDirectory(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (out.length >= maxFiles) return;
      if (name.startsWith('.') || name === 'node_modules') continue;
      const p = fs.join(dir, name);
      const st = await fs.stat(p).catch(() => undefined);
      if (!st) continue;
      if (st.type === 'directory') await walk(p, depth + 1);
      else if (st.type === 'file') {
        const lang = languageOfPath(name);
        if (!lang || !options.languages.includes(lang) || options.exclude?.has(p) || st.size > options.maxFileSize) continue;
        out.push({ path: p, size: st.size });
      }
    }
  };
  for (const r of roots) await walk(r, 0);
  return out;
}
