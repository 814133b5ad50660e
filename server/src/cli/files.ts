// What `entente check` reads: files as named, folders (recursively, the notes by the editor's
// language rules), globs expanded here ("notes/**/*.md", quoted so the shell leaves it alone) and
// `-` for standard input. A path that cannot be read is reported and the rest are still checked.

import * as fs from 'fs';
import * as path from 'path';
import { FileReadError, readRegularFileSync } from '../node/safeRead';
import picomatch from 'picomatch';
import { decodeText } from '../core/corpus/loader';
import { isNoteFile } from '../core/languages';

export interface Input {
  /** The path as shown in reports (as given, or joined to the folder or glob base as given). */
  display: string;
  /** Absolute path; undefined for standard input. */
  abs?: string;
  /** Named on the command line (checked whatever its extension), not found in a folder or glob. */
  explicit: boolean;
}

export type Expanded = { input: Input } | { error: string };

const SKIPPED_DIRS = new Set(['node_modules']);

/** Every note under `dir`, sorted, hidden folders and node_modules left out; `rel` are posix paths. */
function walk(dir: string, onError: (m: string) => void, rel = '', out: string[] = []): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
  } catch (e) {
    onError(`cannot read folder ${path.join(dir, rel)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return out;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const d of entries) {
    if (d.name.startsWith('.')) continue;
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) {
      if (!SKIPPED_DIRS.has(d.name)) walk(dir, onError, r, out);
    } else if (d.isFile() || d.isSymbolicLink()) {
      // Links to files are followed; links to folders are not (no cycles).
      if (d.isSymbolicLink() && !isRegular(path.join(dir, r))) continue;
      out.push(r);
    }
  }
  return out;
}

function isRegular(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Expands the command line's paths, in order, each note once. */
export function expandInputs(specs: string[], cwd: string, stdinFilename?: string): Expanded[] {
  const out: Expanded[] = [];
  const seen = new Set<string>();
  const add = (display: string, abs: string, explicit: boolean) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    out.push({ input: { display, abs, explicit } });
  };
  let stdin = false;
  for (const spec of specs) {
    if (spec === '-') {
      if (stdin) {
        out.push({ error: 'standard input (-) can be read only once' });
        continue;
      }
      stdin = true;
      out.push({ input: { display: stdinFilename ?? '<stdin>', explicit: true } });
      continue;
    }
    const abs = path.resolve(cwd, spec);
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(abs);
    } catch {
      st = undefined;
    }
    if (st?.isDirectory()) {
      const notes = walk(abs, (m) => out.push({ error: m })).filter(isNoteFile);
      if (!notes.length) out.push({ error: `no notes in folder ${spec} (notes are ${['.txt', '.md', '.markdown', '.ent', '…'].join(', ')} files)` });
      for (const r of notes) add(path.join(spec, r), path.join(abs, r), false);
      continue;
    }
    const scan = picomatch.scan(spec);
    if (!st && scan.isGlob) {
      const base = scan.base || '.';
      const match = picomatch(scan.glob, { dot: false });
      const baseAbs = path.resolve(cwd, base);
      const notes = isDir(baseAbs) ? walk(baseAbs, (m) => out.push({ error: m })).filter((r) => isNoteFile(r) && match(r)) : [];
      if (!notes.length) out.push({ error: `no notes match ${spec}` });
      for (const r of notes) add(scan.base ? path.join(base, r) : r, path.join(baseAbs, r), false);
      continue;
    }
    // A file as named (or a path that cannot be read, which reading reports).
    add(spec, abs, true);
  }
  return out;
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The largest note, configuration or dictionary the CLI reads (a note over maxFileSize is not analyzed anyway). */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** Reads a note or a config file; undefined (with a message) when it cannot be used. */
export function readText(file: string, report: (message: string) => void, shown = file, warn = report): string | undefined {
  let bytes: Uint8Array;
  try {
    if (fs.statSync(file).isDirectory()) {
      report(`${shown} is a directory with no notes`);
      return undefined;
    }
    // The one safe read (server/src/node/safeRead.ts): real path, regular files only (a pipe or a
    // device would block or never end), a size cap before and while reading.
    bytes = readRegularFileSync(file, { maxBytes: MAX_INPUT_BYTES });
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT' || (e instanceof FileReadError && e.problem === 'missing');
    report(missing ? `cannot read ${shown}: no such file` : e instanceof FileReadError ? `${shown} ${e.message}` : `cannot read ${shown}: ${(e as Error).message}`);
    return undefined;
  }
  return decoded(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), shown, report, warn);
}

/** Standard input, read to its end (at most MAX_INPUT_BYTES: `entente check - < /dev/zero` stops there). */
export function readStdin(shown: string, report: (message: string) => void, warn = report): string | undefined {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(1 << 20, MAX_INPUT_BYTES + 1 - total));
      let n: number;
      try {
        n = fs.readSync(0, buf, 0, buf.length, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
          // A non-blocking stdin with nothing yet: wait 10 ms rather than spin.
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
          continue;
        }
        if ((e as NodeJS.ErrnoException).code === 'EOF') break;
        throw e;
      }
      if (n === 0) break;
      total += n;
      if (total > MAX_INPUT_BYTES) {
        report(`standard input is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB; it was not read`);
        return undefined;
      }
      chunks.push(buf.subarray(0, n));
    }
  } catch (e) {
    report(`cannot read standard input: ${(e as Error).message}`);
    return undefined;
  }
  return decoded(Buffer.concat(chunks, total), shown, report, warn);
}

function decoded(bytes: Buffer, shown: string, report: (message: string) => void, warn: (message: string) => void): string | undefined {
  const d = decodeText(bytes);
  if (d.problem) {
    // Text with bad bytes is still read (a warning); no text at all (binary) is an error.
    if (!d.text) {
      report(`${shown} ${d.problem}`);
      return undefined;
    }
    warn(`${shown} ${d.problem}`);
  }
  return d.text;
}
