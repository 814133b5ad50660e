// Reading the bibliography files a note uses: the `entente.bibliography` setting (a file or a list,
// relative to the workspace folder) and a Markdown note's front matter `bibliography:` (relative to
// the note's folder). BibTeX/BibLaTeX by citation-js, CSL-JSON item by item. A file that is missing,
// unreadable, too large or of an unknown kind is one problem; the other files are still used.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BibProblem, Bibliography } from '../core/cite/types';
import { parseBibtex } from './bibtex';
import { parseCslJson } from './csljson';
import { readRegularFileSync } from '../node/safeRead';
import { pushAll } from '../core/arrays';

const KNOWN_EXTENSIONS = new Set(['.json', '.bib', '.bibtex', '.biblatex']);
export const MAX_BIBLIOGRAPHY_BYTES = 50 * 1024 * 1024;

/** Parses one bibliography text by its file's extension. */
export function parseBibliography(text: string, file: string): Bibliography {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') return parseCslJson(text, file);
  if (ext === '.bib' || ext === '.bibtex' || ext === '.biblatex') return parseBibtex(text, file);
  const problem: BibProblem = { file, line: 0, character: 0, message: `Unknown bibliography format “${ext || path.basename(file)}”: Entente reads .bib (BibTeX, BibLaTeX) and .json (CSL-JSON).` };
  return { entries: [], problems: [problem] };
}

export interface LoadOptions {
  /** Folder that relative paths are resolved against. */
  baseDir: string;
  readFile?: (file: string) => string;
  stat?: (file: string) => { size: number };
}

/** Reads and parses the files, in order; entries of all of them, problems of each. */
export function loadBibliographies(files: string[], opts: LoadOptions): Bibliography & { files: string[] } {
  // The safe read (server/src/node/safeRead.ts): a pipe, a device or a file growing past the cap is refused.
  const read = opts.readFile ?? ((f: string) => Buffer.from(readRegularFileSync(f, { maxBytes: MAX_BIBLIOGRAPHY_BYTES })).toString('utf8'));
  const stat = opts.stat ?? ((f: string) => fs.statSync(f));
  const out: Bibliography & { files: string[] } = { entries: [], problems: [], files: [] };
  const seen = new Set<string>();
  for (const f of files) {
    const file = path.isAbsolute(f) ? f : path.resolve(opts.baseDir, f);
    if (seen.has(file)) continue;
    seen.add(file);
    out.files.push(file);
    if (!KNOWN_EXTENSIONS.has(path.extname(file).toLowerCase())) {
      out.problems.push(parseBibliography('', file).problems[0]);
      continue;
    }
    let text: string;
    try {
      const size = stat(file).size;
      if (size > MAX_BIBLIOGRAPHY_BYTES) {
        out.problems.push({ file, line: 0, character: 0, message: `Bibliography ${f} is ${Math.round(size / 1048576)} MB, over the ${MAX_BIBLIOGRAPHY_BYTES / 1048576} MB limit; not read.` });
        continue;
      }
      text = read(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      out.problems.push({ file, line: 0, character: 0, message: code === 'ENOENT' ? `Bibliography ${f} not found.` : `Bibliography ${f} cannot be read (${e instanceof Error ? e.message : String(e)}).` });
      continue;
    }
    const b = parseBibliography(text, file);
    pushAll(out.entries, b.entries);
    pushAll(out.problems, b.problems);
  }
  return out;
}
