// Reads corpus paths (files or folders, recursively) through a FileSystem into sources, with a
// clear problem for everything it cannot use: a missing path, a binary or oversized file, invalid
// UTF-8 (decoded with replacement characters and reported, never dropped silently).

import type { FileSystem } from '../host';
import type { CorpusSource, Manifest } from './corpus';

export interface LoadProblem {
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface LoadResult {
  sources: CorpusSource[];
  problems: LoadProblem[];
}

export const CORPUS_EXTENSIONS = ['.txt', '.md', '.markdown', '.text'];
/** Corpus files larger than this are skipped (the whole corpus is held in memory). */
export const MAX_CORPUS_FILE = 64 * 1024 * 1024;
const MAX_FILES = 5000;

export interface DecodeResult {
  text: string;
  problem?: string;
}

/** UTF-8 (BOM stripped); binary content refused; invalid sequences replaced and reported. */
export function decodeText(bytes: Uint8Array): DecodeResult {
  const probe = bytes.subarray(0, Math.min(bytes.length, 8192));
  if (probe.includes(0)) return { text: '', problem: 'looks like a binary file (it contains NUL bytes); skipped' };
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const body = bytes.subarray(start);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    return {
      text: new TextDecoder('utf-8').decode(body),
      problem: 'is not valid UTF-8; invalid bytes were read as U+FFFD',
    };
  }
}

export async function loadCorpus(
  fs: FileSystem,
  roots: { path: string; bundled?: boolean; manifest?: Manifest; allowOutside?: boolean }[],
): Promise<LoadResult> {
  const sources: CorpusSource[] = [];
  const problems: LoadProblem[] = [];
  const seen = new Set<string>();
  for (const root of roots) {
    const stat = await fs.stat(root.path).catch(() => undefined);
    if (!stat) {
      problems.push({ path: root.path, message: 'corpus path not found', severity: 'error' });
      continue;
    }
    const rootReal = await fs.realPath(root.path).catch(() => root.path);
    const files: { path: string; rel: string }[] = [];
    if (stat.type === 'file') files.push({ path: root.path, rel: baseName(root.path) });
    else await walk(fs, root.path, '', rootReal, files, problems);
    for (const f of files) {
      const real = await fs.realPath(f.path).catch(() => f.path);
      if (seen.has(real)) continue;
      seen.add(real);
      let st;
      try {
        st = await fs.stat(f.path);
      } catch (e) {
        problems.push({ path: f.path, message: `could not be read: ${(e as Error).message}`, severity: 'error' });
        continue;
      }
      if (!st) {
        problems.push({ path: f.path, message: 'disappeared while the corpus was read', severity: 'warning' });
        continue;
      }
      if (st.size > MAX_CORPUS_FILE) {
        problems.push({ path: f.path, message: `is larger than ${MAX_CORPUS_FILE / 1024 / 1024} MB; skipped`, severity: 'warning' });
        continue;
      }
      let bytes: Uint8Array;
      try {
        bytes = await fs.readFile(f.path);
      } catch (e) {
        problems.push({ path: f.path, message: `could not be read: ${(e as Error).message}`, severity: 'error' });
        continue;
      }
      const decoded = decodeText(bytes);
      if (decoded.problem) problems.push({ path: f.path, message: decoded.problem, severity: 'warning' });
      if (!decoded.text && decoded.problem) continue;
      const id = root.bundled ? f.rel : stat.type === 'file' ? baseName(root.path) : `${baseName(root.path)}/${f.rel}`;
      sources.push({
        id,
        location: f.path,
        text: decoded.text,
        bundled: root.bundled,
        manifest: root.manifest && root.manifest.file === f.rel ? root.manifest : undefined,
      });
    }
  }
  return { sources, problems };
}

async function walk(
  fs: FileSystem,
  dir: string,
  rel: string,
  rootReal: string,
  out: { path: string; rel: string }[],
  problems: LoadProblem[],
): Promise<void> {
  let names: string[];
  try {
    names = await fs.readDirectory(dir);
  } catch (e) {
    problems.push({ path: dir, message: `could not be listed: ${(e as Error).message}`, severity: 'error' });
    return;
  }
  for (const name of names.sort()) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    if (out.length >= MAX_FILES) {
      problems.push({ path: dir, message: `more than ${MAX_FILES} files; the rest is skipped`, severity: 'warning' });
      return;
    }
    const p = fs.join(dir, name);
    let st;
    try {
      st = await fs.stat(p);
    } catch (e) {
      problems.push({ path: p, message: `could not be read: ${(e as Error).message}`, severity: 'error' });
      continue;
    }
    if (!st) continue;
    // A link may not lead out of the folder the user named.
    const real = await fs.realPath(p).catch(() => p);
    if (real !== rootReal && !real.startsWith(rootReal.endsWith('/') || rootReal.endsWith('\\') ? rootReal : rootReal + (rootReal.includes('\\') ? '\\' : '/'))) {
      problems.push({ path: p, message: 'links outside the corpus folder; skipped', severity: 'warning' });
      continue;
    }
    const r = rel ? `${rel}/${name}` : name;
    if (st.type === 'directory') await walk(fs, p, r, rootReal, out, problems);
    else if (st.type === 'file' && CORPUS_EXTENSIONS.some((e) => name.toLowerCase().endsWith(e))) out.push({ path: p, rel: r });
  }
}

function baseName(p: string): string {
  const parts = p.replace(/[\\/]+$/, '').split(/[\\/]/);
  return parts[parts.length - 1];
}
