// CSL-JSON bibliographies (Zotero's and Better BibTeX's export, Pandoc's `.json`): an array of
// items. Each item is parsed on its own, so one broken item is reported at its line and column and
// the others are used; each keeps its span for go-to-definition.

import type { BibEntry, BibProblem, Bibliography, CslItem } from '../core/cite/types';
import { LineIndex } from '../core/text/positions';

/** The spans of the top-level array's elements (string-aware bracket matching), or undefined if not an array. */
export function jsonArrayElements(text: string): { spans: { start: number; end: number }[]; unclosedAt?: number } | undefined {
  let i = 0;
  while (i < text.length && /\s|\uFEFF/.test(text[i])) i++;
  if (text[i] !== '[') return undefined;
  const spans: { start: number; end: number }[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let k = i + 1; k < text.length; k++) {
    const c = text[k];
    if (inString) {
      if (c === '\\') k++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      if (depth === 0 && start < 0) start = k;
      continue;
    }
    if (c === '{' || c === '[') {
      if (depth === 0) start = k;
      depth++;
    } else if (c === '}' || c === ']') {
      if (depth === 0) {
        if (c === ']') {
          if (start >= 0) spans.push({ start, end: k });
          return { spans };
        }
        continue;
      }
      depth--;
      if (depth === 0) {
        spans.push({ start, end: k + 1 });
        start = -1;
      }
    } else if (c === ',' && depth === 0) {
      if (start >= 0) spans.push({ start, end: k });
      start = -1;
    } else if (depth === 0 && start < 0 && !/\s/.test(c)) {
      start = k;
    }
  }
  if (start >= 0) spans.push({ start, end: text.length });
  return { spans, unclosedAt: text.length };
}

/** "… in JSON at position 45" → 45 (V8's messages), else undefined. */
function jsonErrorOffset(message: string): number | undefined {
  const m = /position (\d+)/.exec(message);
  return m ? Number(m[1]) : undefined;
}

export function parseCslJson(text: string, file: string): Bibliography {
  const lines = new LineIndex(text);
  const problems: BibProblem[] = [];
  const at = (offset: number, message: string): BibProblem => {
    const p = lines.positionAt(offset);
    return { file, line: p.line, character: p.character, message };
  };
  const elements = jsonArrayElements(text);
  if (!elements) {
    // A single item object is accepted too.
    try {
      const v = JSON.parse(text);
      if (v && typeof v === 'object' && !Array.isArray(v) && 'id' in v) return collect([{ value: v, start: 0, end: text.length }], file, lines, problems);
      problems.push(at(0, 'Not a CSL-JSON bibliography: expected an array of items.'));
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      problems.push(at(jsonErrorOffset(msg) ?? 0, `Not valid JSON: ${msg}`));
    }
    return { entries: [], problems };
  }
  if (elements.unclosedAt !== undefined) problems.push(at(elements.unclosedAt, 'The array is not closed: “]” is missing at the end.'));
  const values: { value: unknown; start: number; end: number }[] = [];
  for (const s of elements.spans) {
    const slice = text.slice(s.start, s.end);
    try {
      values.push({ value: JSON.parse(slice), start: s.start, end: s.end });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      const rel = jsonErrorOffset(msg);
      problems.push(at(s.start + (rel ?? 0), `Item does not parse (${msg.replace(/ in JSON at position \d+.*$/, '').replace(/, ".*$/s, '')}); skipped.`));
    }
  }
  return collect(values, file, lines, problems);
}

function collect(values: { value: unknown; start: number; end: number }[], file: string, lines: LineIndex, problems: BibProblem[]): Bibliography {
  const entries: BibEntry[] = [];
  const seen = new Set<string>();
  for (const { value, start, end } of values) {
    const p = lines.positionAt(start);
    const problem = (message: string) => problems.push({ file, line: p.line, character: p.character, message });
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      problem('Not a CSL item (an object was expected); skipped.');
      continue;
    }
    const v = value as Record<string, unknown>;
    if (typeof v.id !== 'string' && typeof v.id !== 'number') {
      problem('Item has no “id”; skipped.');
      continue;
    }
    // The key is the item's id, as Pandoc reads it.
    const key = String(v.id);
    if (seen.has(key)) {
      problem(`Duplicate id “${key}”: the first item is used.`);
      continue;
    }
    seen.add(key);
    const item = { ...v, id: key, type: typeof v.type === 'string' ? v.type : 'document' } as CslItem;
    const e = lines.positionAt(end);
    entries.push({ key, item, files: [], location: { file, start, end, line: p.line, character: p.character, endLine: e.line, endCharacter: e.character } });
  }
  return { entries, problems };
}
