// Citation features over a note: completion of citekeys after `@` and `[@` (author, year and title
// as detail, like Zotero's picker), hover on a citekey with the formatted reference, definition into
// the bibliography entry (and from an entry to its source), the `citekey-unknown` diagnostic with
// the nearest keys as fixes, and "Insert citation" for a place in a source. Everything reads a
// `CitationLibrary` and a `CitationFormatter`; nothing here parses BibTeX or runs citeproc.

import type { Span } from '../types';
import type { BibEntry, CiteItem, CiteLocation, CitationFormatter, CslItem, EntryLocation } from '../cite/types';
import { citeItemFor, parseLocator, type CitationLibrary } from '../cite/library';
import { citekeyAt, citekeyPrefixAt, scanLatexCitekeys, scanPandocCitekeys, type CitekeyRef } from '../cite/citekeys';
import { citationMarkup, detectNoteFormat, insertCitationEdits, type NoteCitationFormat, type TextEdit } from '../cite/insert';
import { readFrontMatter } from '../cite/frontmatter';
import type { Finding } from './checks/types';
import { editDistance } from '../text/fuzzy';

export { editDistance };

export interface CitationContext {
  library: CitationLibrary;
  formatter: CitationFormatter;
}

export interface CitationNote {
  text: string;
  languageId: string;
  uri?: string;
}

export interface CiteFix {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
}

function isLatex(note: CitationNote): boolean {
  return note.languageId === 'latex' || note.languageId === 'tex' || /\.(?:tex|ltx)$/i.test(note.uri ?? '');
}

function isMarkdown(note: CitationNote): boolean {
  return note.languageId === 'markdown' || /\.(?:md|markdown|rmd|qmd)$/i.test(note.uri ?? '');
}

/** The note's citekeys in its own syntax (Pandoc in Markdown, `\cite…` in LaTeX, none elsewhere). */
export function noteCitekeys(note: CitationNote): CitekeyRef[] {
  if (isLatex(note)) return scanLatexCitekeys(note.text);
  if (isMarkdown(note)) return scanPandocCitekeys(note.text);
  return [];
}

// ---------------------------------------------------------------------------------------------
// Short descriptions of entries

function names(item: CslItem): string {
  const people = item.author?.length ? item.author : item.editor ?? [];
  const fam = people.map((n) => n.family ?? n.literal ?? n.given ?? '').filter(Boolean);
  if (!fam.length) return '';
  if (fam.length === 1) return fam[0];
  if (fam.length === 2) return `${fam[0]} and ${fam[1]}`;
  return `${fam[0]} et al.`;
}

function year(item: CslItem): string {
  const y = item.issued?.['date-parts']?.[0]?.[0];
  return y !== undefined ? String(y) : /\d{4}/.exec(item.issued?.literal ?? item.issued?.raw ?? '')?.[0] ?? '';
}

/** "Kazantsev 2009 · Post-Soviet Security Organizations…" */
export function entryDetail(e: BibEntry): string {
  const who = [names(e.item), year(e.item)].filter(Boolean).join(' ');
  const title = e.item.title ?? '';
  return [who, title].filter(Boolean).join(' · ');
}

function safeFormat<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

/** The formatted reference of an entry (one bibliography entry in the style), or its detail. */
export function reference(ctx: CitationContext, key: string, format: 'text' | 'markdown' | 'html' = 'markdown'): string {
  const e = ctx.library.byKey.get(key);
  if (!e) return '';
  return safeFormat(() => ctx.formatter.bibliography([key], format)[0], undefined) ?? entryDetail(e);
}

// ---------------------------------------------------------------------------------------------
// Completion

export interface CitationCompletionItem {
  label: string;
  detail: string;
  documentation: string;
  insertText: string;
  replace: Span;
  filterText: string;
  sortText: string;
}

/** Citekeys after `@` or `[@` in a Markdown note, matching what was typed in key, author or title. */
export function citationCompletion(ctx: CitationContext, note: CitationNote, offset: number, limit = 200): CitationCompletionItem[] {
  let ctxAt: { replace: Span; typed: string } | undefined;
  if (isMarkdown(note)) ctxAt = citekeyPrefixAt(note.text, offset);
  else if (isLatex(note)) {
    // Inside `\cite…{` up to the cursor: the key after the last `{` or `,`.
    const before = note.text.slice(Math.max(0, offset - 300), offset);
    const m = /\\[a-zA-Z]*cite[a-zA-Z]*\*?(?:\[[^\]]*\]){0,2}\{([^{}]*)$/.exec(before);
    if (m) {
      const typed = m[1].slice(m[1].lastIndexOf(',') + 1).trimStart();
      ctxAt = { replace: { start: offset - typed.length, end: offset }, typed };
    }
  }
  if (!ctxAt) return [];
  const typed = ctxAt.typed.toLowerCase();
  const items: CitationCompletionItem[] = [];
  for (const e of ctx.library.entries) {
    const detail = entryDetail(e);
    const hay = `${e.key} ${detail}`.toLowerCase();
    if (typed && !hay.includes(typed)) continue;
    const rank = e.key.toLowerCase().startsWith(typed) ? 0 : 1;
    items.push({
      label: e.key,
      detail,
      // The formatted reference costs a citeproc run: the client asks for it on resolve.
      documentation: '',
      insertText: e.key,
      replace: ctxAt.replace,
      filterText: `${e.key} ${detail}`,
      sortText: `${rank}${ctx.library.made.has(e.key) ? 1 : 0}${e.key}`,
    });
    if (items.length >= limit) break;
  }
  return items;
}

/** The documentation of a completion item (completionItem/resolve): the formatted reference. */
export function citationCompletionDocumentation(ctx: CitationContext, key: string): string {
  if (!ctx.library.byKey.has(key)) return '';
  return reference(ctx, key) + (ctx.library.made.has(key) ? '\n\n*Made from the source’s metadata; not in your bibliography.*' : '');
}

// ---------------------------------------------------------------------------------------------
// Hover and definition

export interface CitationHover extends Span {
  markdown: string;
}

function citeOf(ref: CitekeyRef): CiteItem {
  const c: CiteItem = { id: ref.key };
  const loc = ref.locator ? parseLocator(ref.locator) : undefined;
  if (loc) {
    c.locator = loc.locator;
    c.label = loc.label;
  }
  return c;
}

function where(loc: EntryLocation | undefined): string {
  if (!loc) return '';
  const file = loc.file.replace(/\\/g, '/').split('/').pop();
  return `${file}:${loc.line + 1}`;
}

export function citationHover(ctx: CitationContext, note: CitationNote, offset: number): CitationHover | undefined {
  const ref = citekeyAt(noteCitekeys(note), offset);
  if (!ref) return undefined;
  const e = ctx.library.byKey.get(ref.key);
  if (!e) return { start: ref.start, end: ref.end, markdown: `\`@${ref.key}\` is not in the bibliography.` };
  const lines: string[] = [];
  const cluster = safeFormat(() => ctx.formatter.cite([citeOf(ref)], 'markdown'), '');
  if (cluster) lines.push(`**${cluster}**`);
  lines.push(reference(ctx, e.key));
  const facts: string[] = [];
  if (e.location) facts.push(`Entry: ${where(e.location)}`);
  else if (ctx.library.made.has(e.key)) facts.push('Made from the source’s metadata; not in your bibliography');
  const src = [...ctx.library.bySource].find(([, v]) => v.key === e.key)?.[0];
  if (src) facts.push(`Source: ${src}`);
  facts.push(`Style: ${ctx.formatter.style}`);
  lines.push(facts.join(' · '));
  return { start: ref.start, end: ref.end, markdown: lines.join('\n\n') };
}

export interface CitationDefinition {
  /** The citekey's span in the note. */
  origin: Span;
  target: EntryLocation;
}

/** From a citekey in a note to its bibliography entry. */
export function citationDefinition(ctx: CitationContext, note: CitationNote, offset: number): CitationDefinition | undefined {
  const ref = citekeyAt(noteCitekeys(note), offset);
  const e = ref ? ctx.library.byKey.get(ref.key) : undefined;
  if (!ref || !e?.location) return undefined;
  return { origin: { start: ref.start, end: ref.end }, target: e.location };
}

/**
 * From an entry in a bibliography file to the source it cites: the source id for the entry whose
 * span holds `offset` in `bibFile` (as the bibliography reader named the file).
 */
export function entrySourceAt(ctx: CitationContext, bibFile: string, offset: number): { entry: BibEntry; sourceId: string } | undefined {
  const e = ctx.library.entries.find((x) => x.location && x.location.file === bibFile && offset >= x.location.start && offset <= x.location.end);
  if (!e) return undefined;
  const src = [...ctx.library.bySource].find(([, v]) => v.key === e.key)?.[0];
  return src ? { entry: e, sourceId: src } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Diagnostics

/** A finding of the `citekey-unknown` check (the shape of checks/types.ts's Finding). */
export interface CitationDiagnostic extends Finding {
  code: 'citekey-unknown';
}

export const CITEKEY_UNKNOWN = {
  code: 'citekey-unknown',
  defaultSeverity: 'warning',
  description: 'A citekey (Pandoc `@key`, LaTeX `\\cite{key}`) that is not in the bibliography; fixes offer the nearest keys.',
} as const;

/** The keys nearest to `key` (case-insensitive edit distance within a third of its length, at most 3). */
export function nearestKeys(keys: Iterable<string>, key: string, count = 3): string[] {
  const max = Math.max(2, Math.floor(key.length / 3));
  const scored: [number, string][] = [];
  const lower = key.toLowerCase();
  for (const k of keys) {
    const d = editDistance(lower, k.toLowerCase(), max);
    if (d <= max) scored.push([d, k]);
  }
  scored.sort((x, y) => x[0] - y[0] || x[1].localeCompare(y[1]));
  return scored.slice(0, count).map((s) => s[1]);
}

/**
 * `citekey-unknown` on each citekey the bibliography does not hold. Silent when the note has no
 * bibliography at all (the library holds no entry from a file and the front matter names none),
 * since then an `@name` may be anything.
 */
export function citationDiagnostics(ctx: CitationContext, note: CitationNote): CitationDiagnostic[] {
  const fileEntries = ctx.library.entries.some((e) => !ctx.library.made.has(e.key));
  const fm = isMarkdown(note) ? readFrontMatter(note.text) : undefined;
  if (!fileEntries && !fm?.bibliography.length) return [];
  const out: CitationDiagnostic[] = [];
  for (const ref of noteCitekeys(note)) {
    if (ctx.library.byKey.has(ref.key)) continue;
    // A bare `@word` outside brackets in Markdown is a citation to Pandoc too, but a handle or a
    // decorator as often: flag it only when it looks like a key (has a digit or punctuation) or is near one.
    const near = nearestKeys(ctx.library.byKey.keys(), ref.key);
    if (ref.syntax === 'pandoc' && !ref.group && !near.length && !/[\d_:-]/.test(ref.key)) continue;
    out.push({
      start: ref.start,
      end: ref.end,
      code: 'citekey-unknown',
      related: [],
      message: near.length ? `Unknown citekey “${ref.key}”: not in the bibliography. Did you mean ${near.map((k) => `“${k}”`).join(', ')}?` : `Unknown citekey “${ref.key}”: not in the bibliography.`,
      fixes: near.map((k, i) => ({ title: `Change to “${k}” (${entryDetail(ctx.library.byKey.get(k)!)})`, edits: [{ start: ref.start, end: ref.end, newText: k }], preferred: i === 0 })),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Citing a place in a source

export interface RenderedCitation {
  key: string;
  cite: CiteItem;
  /** The style's citation: "(Kazantsev 2009, 47)". */
  text: string;
  html: string;
  /** Without the parentheses an author-date style puts around it: "Kazantsev 2009, 47". */
  bare: string;
  /** The full reference (bibliography entry), as text. */
  reference: string;
  /** True when the entry was made from metadata (not in the user's bibliography). */
  made: boolean;
}

/** Strips one pair of enclosing parentheses or brackets ("(Kazantsev 2009, 47)" → "Kazantsev 2009, 47"). */
export function bareCitation(s: string): string {
  const t = s.trim();
  const pairs: Record<string, string> = { '(': ')', '[': ']' };
  const close = pairs[t[0]];
  if (!close || !t.endsWith(close)) return t;
  // Only when the first parenthesis closes at the very end.
  let depth = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === t[0]) depth++;
    else if (t[i] === close && --depth === 0 && i !== t.length - 1) return t;
  }
  return t.slice(1, -1).trim();
}

/** The citation of a place in a source, in the style: for cards, messages and "Copy citation". */
export function renderCitation(ctx: CitationContext, loc: CiteLocation): RenderedCitation | undefined {
  const r = citeItemFor(ctx.library, loc);
  if (!r) return undefined;
  const text = safeFormat(() => ctx.formatter.cite([r.cite], 'text'), '');
  if (!text) return undefined;
  return {
    key: r.entry.key,
    cite: r.cite,
    text,
    html: safeFormat(() => ctx.formatter.cite([r.cite], 'html'), text),
    bare: bareCitation(text),
    reference: reference(ctx, r.entry.key, 'text'),
    made: ctx.library.made.has(r.entry.key),
  };
}

/** The note's citation format (Pandoc when a bibliography applies to a Markdown note). */
export function noteFormat(ctx: CitationContext, note: CitationNote): NoteCitationFormat {
  const hasBib = ctx.library.entries.some((e) => !ctx.library.made.has(e.key));
  return detectNoteFormat(note, hasBib);
}

/** The citation written in the note's format (`[@key, p. 47]`, `\autocite[47]{key}`), for "Copy citation". */
export function citationInNoteFormat(ctx: CitationContext, note: CitationNote, loc: CiteLocation): string | undefined {
  const r = renderCitation(ctx, loc);
  if (!r) return undefined;
  const f = noteFormat(ctx, note);
  if (f === 'markdown-footnote' || f === 'plain-numbered') return footnoteText(ctx, r);
  return citationMarkup(f, { key: r.key, locator: r.cite.locator, label: r.cite.label });
}

/** A footnote's text: the style's note citation, or an author-date citation without its parentheses, ending in a stop. */
function footnoteText(ctx: CitationContext, r: RenderedCitation): string {
  const t = ctx.formatter.noteStyle ? r.text.trim() : r.bare;
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/**
 * "Insert citation": cites `loc` at the end of the sentence holding `at`, in the note's format.
 * Undefined when the source has no entry (and none could be made) or the citation is already there.
 */
export function insertCitationAction(ctx: CitationContext, note: CitationNote, at: number, loc: CiteLocation): CiteFix | undefined {
  const r = renderCitation(ctx, loc);
  if (!r) return undefined;
  const format = noteFormat(ctx, note);
  const edits = insertCitationEdits(note.text, format, at, { key: r.key, locator: r.cite.locator, label: r.cite.label, noteText: footnoteText(ctx, r) });
  if (!edits.length) return undefined;
  return { title: `Insert citation (${r.bare})`, edits };
}
