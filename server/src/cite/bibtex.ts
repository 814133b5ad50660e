// BibTeX and BibLaTeX files → CSL-JSON entries with citation-js (@citation-js/plugin-bibtex), each
// entry kept with its file, line and column (for go-to-definition) and its `file` field (to match
// it to a source). A broken entry is reported where citation-js's parser stopped, mapped back to the
// file, and the other entries are still used: each entry is parsed alone (with the file's @string
// macros before it).

import { citationLibs as citationJs } from './lazyLibs';
import type { BibEntry, BibProblem, Bibliography, CslItem, EntryLocation } from '../core/cite/types';
import { parseFileField } from '../core/cite/match';
import { LineIndex } from '../core/text/positions';

interface Chunk {
  type: string;
  start: number;
  end: number;
  /** The braces or parentheses closed before the end (false: cut short by the next entry or the file's end). */
  closed: boolean;
}

/** Cuts a .bib text into its `@type{…}` blocks (comments and text between them skipped). */
export function bibChunks(text: string): Chunk[] {
  const out: Chunk[] = [];
  const head = /@[ \t]*([A-Za-z][\w-]*)[ \t\r\n]*([{(])/y;
  const lineStartEntry = /\n[ \t]*@[ \t]*[A-Za-z][\w-]*[ \t]*[{(]/y;
  let i = text.indexOf('@');
  while (i >= 0 && i < text.length) {
    head.lastIndex = i;
    const h = head.exec(text);
    if (!h) {
      i = text.indexOf('@', i + 1);
      continue;
    }
    const type = h[1].toLowerCase();
    const openCh = h[2];
    const closeCh = openCh === '{' ? '}' : ')';
    let depth = 1;
    let k = head.lastIndex;
    let closed = false;
    for (; k < text.length; k++) {
      const c = text[k];
      if (c === '\\') {
        k++;
        continue;
      }
      if (openCh === '(' && depth === 1 && c === ')') {
        closed = true;
        k++;
        break;
      }
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0 && closeCh === '}') {
          closed = true;
          k++;
          break;
        }
      } else if (c === '\n') {
        // An entry that has not closed when the next one starts on a line of its own is broken.
        lineStartEntry.lastIndex = k;
        if (lineStartEntry.test(text)) break;
      }
    }
    out.push({ type, start: i, end: k, closed });
    i = text.indexOf('@', k);
  }
  return out;
}

const NON_ENTRIES = new Set(['comment', 'preamble', 'string']);

function parseErrorPosition(message: string): { line: number; col: number } | undefined {
  const m = /at line (\d+) col (\d+)/.exec(message);
  return m ? { line: Number(m[1]), col: Number(m[2]) } : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/\s*at line \d+ col \d+:?\s*$/, '').trim();
}

interface RawEntry {
  type: string;
  label: string;
  properties: Record<string, string>;
}

/** citation-js's BibLaTeX text parser (macros expanded, fields raw), then its BibLaTeX → CSL mapping. */
function parseRaw(text: string): RawEntry[] {
  try {
    return citationJs().plugins.input.data(text, '@biblatex/text') as RawEntry[];
  } finally {
    // citation-js keeps every log line in memory; a server parses for days.
    (citationJs().logger as unknown as { _log: unknown[] })._log.length = 0;
  }
}

function toCsl(raw: RawEntry[]): CslItem[] {
  try {
    return citationJs().plugins.input.data(raw, '@biblatex/entries+list') as CslItem[];
  } finally {
    (citationJs().logger as unknown as { _log: unknown[] })._log.length = 0;
  }
}

/** Parses a BibTeX/BibLaTeX text: every entry that parses, and a positioned problem for each that does not. */
export function parseBibtex(text: string, file: string): Bibliography {
  const lines = new LineIndex(text);
  const problems: BibProblem[] = [];
  const chunks = bibChunks(text);
  const at = (offset: number, message: string): BibProblem => {
    const p = lines.positionAt(offset);
    return { file, line: p.line, character: p.character, message };
  };
  const located = (c: Chunk): EntryLocation => {
    const s = lines.positionAt(c.start);
    const e = lines.positionAt(c.end);
    return { file, start: c.start, end: c.end, line: s.line, character: s.character, endLine: e.line, endCharacter: e.character };
  };

  const entryChunks = chunks.filter((c) => !NON_ENTRIES.has(c.type));
  const stringDefs = chunks.filter((c) => c.type === 'string' && c.closed).map((c) => text.slice(c.start, c.end).replace(/\r?\n/g, ' '));
  const labelOf = (c: Chunk) => /^@[^{(]*[{(]\s*([^,\s]*)/.exec(text.slice(c.start, Math.min(c.end, c.start + 300)))?.[1] ?? '';

  const pairs: { raw: RawEntry; chunk?: Chunk }[] = [];
  // Entry by entry (cheaper than the whole file at once, and an error stays in its entry), each
  // after the file's @string macros, written on one line before it.
  const prefix = stringDefs.length ? stringDefs.join(' ') + '\n' : '';
  for (const c of entryChunks) {
    if (!c.closed) {
      problems.push(at(c.start, `Entry “${labelOf(c) || c.type}” is not closed: its braces do not balance before ${c.end >= text.length ? 'the end of the file' : 'the next entry'}; skipped.`));
      continue;
    }
    try {
      for (const r of parseRaw(prefix + text.slice(c.start, c.end))) pairs.push({ raw: r, chunk: c });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      const pos = parseErrorPosition(msg);
      let offset = c.start;
      if (pos) {
        const lineInChunk = pos.line - 1 - (prefix ? 1 : 0);
        const chunkStart = lines.positionAt(c.start);
        const line = chunkStart.line + Math.max(0, lineInChunk);
        const character = lineInChunk <= 0 ? chunkStart.character + pos.col - 1 : pos.col - 1;
        offset = Math.min(c.end, lines.offsetAt({ line, character }));
      }
      // citation-js parses braces recursively: a hostile entry nested thousands deep overflows the stack.
      const why = e instanceof RangeError && /call stack/i.test(msg) ? 'its braces are nested too deeply' : firstLine(msg);
      problems.push(at(offset, `Entry “${labelOf(c) || c.type}” does not parse (${why}); skipped.`));
    }
  }

  const entries: BibEntry[] = [];
  const seen = new Set<string>();
  for (const { raw: r, chunk } of pairs) {
    let items: CslItem[];
    try {
      items = toCsl([r]);
    } catch (e) {
      problems.push(at(chunk?.start ?? 0, `Entry “${r.label}” could not be read (${firstLine(e instanceof Error ? e.message : String(e))}); skipped.`));
      continue;
    }
    const item = items[0];
    if (!item) continue;
    item.id = r.label;
    if (seen.has(r.label)) {
      problems.push(at(chunk?.start ?? 0, `Duplicate citekey “${r.label}”: the first entry is used.`));
      continue;
    }
    seen.add(r.label);
    const fileField = r.properties.file ?? r.properties.pdf;
    const entry: BibEntry = { key: r.label, item, files: fileField !== undefined ? parseFileField(String(fileField)) : [] };
    if (chunk) entry.location = located(chunk);
    entries.push(entry);
  }
  return { entries, problems };
}

/** BibTeX text for CSL items (an entry made from a source's metadata, to add to the user's .bib). */
export function formatBibtex(items: CslItem[]): string {
  try {
    return citationJs().plugins.output.format('bibtex', items.map((i) => ({ ...i, 'citation-key': i.id })));
  } finally {
    (citationJs().logger as unknown as { _log: unknown[] })._log.length = 0;
  }
}
