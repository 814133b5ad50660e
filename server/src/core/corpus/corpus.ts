// A corpus is a set of source texts read into passages that keep exact offsets into each text.
// The normalized text (text/normalize.ts) has the same length as the source's text, so every span
// found in it is a span of the source, and a citation is line and page arithmetic: a PDF's pages
// come from its reader, the bundled book's printed page numbers from its text.

import { LineIndex } from '../text/positions';
import { analyzeCorpusLayout, foldHomoglyphs, printedPageMap } from '../text/normalize';
import type { Span } from '../types';
import type { PageMap, PageSpan, SourceFormat, SourceMetadata } from './reader';

export interface ChapterInfo {
  title: string;
  author?: string;
  /** 1-based inclusive line range. */
  startLine: number;
  endLine: number;
}

export interface Manifest {
  title: string;
  file: string;
  authors?: string;
  year?: string;
  chapters: ChapterInfo[];
}

export interface CorpusSource {
  /** Stable id: the bundled name, or the path relative to the corpus root the user named. */
  id: string;
  /** Where to open it (a file path or URI string; the core never opens it itself). */
  location: string;
  text: string;
  manifest?: Manifest;
  bundled?: boolean;
  /** The normalized text, when a snapshot already has it. */
  normalized?: string;
  /**
   * The runs that make the normalized text from the text, when a snapshot has them (a restart):
   * neither normalization nor the diff runs again.
   */
  normalizedRuns?: TextRuns;
  /** Printed pages recovered from the text earlier (a snapshot's), used instead of recovering them again. */
  printedPages?: PageMap;
  /**
   * How to read the text again, synchronously (the file, or its cached extraction): the document
   * may then let its text go, and a restart need not read it at all.
   */
  reload?: () => string | undefined;
  /** What the reader said of the file (a warning such as invalid UTF-8): kept with its record and said again when it is reused. */
  problems?: { message: string; severity: 'error' | 'warning' }[];
  /** The file's size and modification time when it was read (keys its persisted record). */
  stamp?: { size: number; mtimeMs: number };
  /** Set when the text was not read (`text` is empty): its length, from the source's record; `reload` reads it on first use. */
  deferredLength?: number;
  /** The format it was read from (plain text when absent). */
  format?: SourceFormat;
  /** Pages, as the reader found them (a PDF's pages); printed pages are recovered for plain text. */
  pages?: PageMap;
  metadata?: SourceMetadata;
}

export interface Citation {
  file: string;
  line: number;
  endLine: number;
  chapter?: string;
  author?: string;
  title?: string;
  /** The page (1-based; the first page of a range) where the span starts, when pages are known. */
  page?: number;
  /** The page as printed ("47"), or a range ("58–79") where only that is known. */
  pageLabel?: string;
  /** The page label where the span ends, when it is another page. */
  endPageLabel?: string;
  /** Whether `pageLabel` is a range of pages the span lies in rather than its page. */
  pageApproximate?: boolean;
  /** The source's format (a plain-text file is cited by line when it has no pages). */
  format?: SourceFormat;
}

/** [offset, text] runs: where one text differs from another of the same length. */
export type TextRuns = [number, string][];

export class CorpusDocument {
  /** Length of the text (and of the normalized text), known without the text. */
  readonly length: number;
  /** Where the normalized text differs from the file: the runs that make one from the other. */
  readonly toNormalized: TextRuns;
  /** The source without its text: the document keeps one copy (normalized) and the runs. */
  readonly source: Omit<CorpusSource, 'text' | 'normalized' | 'reload' | 'deferredLength'>;
  /** Pages in text order (the reader's, or printed page numbers found in a plain text). */
  readonly pages: PageMap;
  /** True once the text was read again and was no longer the text indexed (the file changed): it reads as blanks until the corpus is indexed again. */
  stale = false;
  /** The text, while loaded; a document that can read its text again (`reload`) may let it go. */
  private loaded?: { normalized: string; toOriginal: TextRuns; lines?: LineIndex; passages?: Span[] };
  private readonly reload?: () => string | undefined;
  /** Told when the text is read again (the corpus keeps a budget of such texts). */
  onReload?: (doc: CorpusDocument) => void;

  constructor(input: CorpusSource) {
    const { text, normalized: given, normalizedRuns, printedPages, reload, deferredLength, ...rest } = input;
    this.source = rest;
    this.reload = reload;
    // Layout analysis is only worth its cost on texts that look extracted from print as plain
    // text; Markdown and what a reader extracted (PDF layout already solved, Word, HTML) only need
    // look-alikes folded.
    const extracted = input.format !== undefined && input.format !== 'text';
    const sortedPages = input.pages?.length ? [...input.pages].sort((a, b) => a.start - b.start) : undefined;
    if (deferredLength !== undefined) {
      // Not read: everything but the text comes from the source's record; the text on first use.
      this.length = deferredLength;
      this.toNormalized = normalizedRuns ?? [];
      this.pages = sortedPages ?? printedPages ?? [];
      return;
    }
    const restored = normalizedRuns && normalizedRuns.every(([i, r]) => i >= 0 && i + r.length <= text.length) ? applyRuns(text, normalizedRuns) : undefined;
    let normalized: string;
    if (restored !== undefined) normalized = restored;
    else if (given !== undefined && given.length === text.length) normalized = given;
    else if (input.id.endsWith('.md') || extracted) normalized = foldHomoglyphs(text);
    else normalized = analyzeCorpusLayout(text).text;
    this.length = text.length;
    this.pages = sortedPages
      ?? (extracted || input.id.endsWith('.md')
        ? []
        : printedPages && printedPages.every((p) => p.end <= text.length)
          ? printedPages
          : printedPageMap(text));
    this.toNormalized = restored !== undefined ? normalizedRuns! : diffRuns(text, normalized);
    this.loaded = { normalized, toOriginal: this.toNormalized.map(([i, r]) => [i, text.slice(i, i + r.length)]) };
  }

  /** Same length as the file's text; footnote markers and page furniture blanked, look-alikes folded. */
  get normalized(): string {
    return this.load().normalized;
  }

  /** Lines of the text (normalization keeps line breaks where they are, so both texts have the same). */
  get lines(): LineIndex {
    const l = this.load();
    return (l.lines ??= new LineIndex(l.normalized));
  }

  /** The passages (paragraphs) of the text. */
  get passages(): Span[] {
    const l = this.load();
    return (l.passages ??= splitPassages(l.normalized));
  }

  /** Whether the text is in memory now. */
  get isLoaded(): boolean {
    return this.loaded !== undefined;
  }

  /** Lets the text go, when it can be read again; the next use reads it. */
  release(): void {
    if (this.reload) this.loaded = undefined;
  }

  private load(): NonNullable<CorpusDocument['loaded']> {
    if (this.loaded) return this.loaded;
    const text = this.reload?.();
    const usable = text !== undefined && text.length === this.length && this.toNormalized.every(([i, r]) => i + r.length <= text.length);
    // A file changed since it was indexed: its offsets no longer hold. Blanks of the same length
    // keep every span valid (and say nothing) until the corpus is indexed again.
    if (!usable) this.stale = true;
    this.loaded = usable
      ? { normalized: applyRuns(text, this.toNormalized), toOriginal: this.toNormalized.map(([i, r]) => [i, text.slice(i, i + r.length)]) }
      : { normalized: ' '.repeat(this.length), toOriginal: [] };
    this.onReload?.(this);
    return this.loaded;
  }

  /** The file's text as it was read (rebuilt from the normalized text and the runs). */
  get text(): string {
    const l = this.load();
    return applyRuns(l.normalized, l.toOriginal);
  }

  get id(): string {
    return this.source.id;
  }

  citation(start: number, end = start): Citation {
    const line = this.lines.lineNumberAt(start);
    const endLine = this.lines.lineNumberAt(Math.max(start, end - 1));
    const chapter = this.source.manifest?.chapters.find((c) => line >= c.startLine && line <= c.endLine);
    const meta = this.source.metadata;
    const page = this.pageAt(start);
    const endPage = end - 1 > start ? this.pageAt(end - 1) : page;
    return {
      file: this.source.id,
      line,
      endLine,
      chapter: chapter?.title,
      author: chapter?.author ?? (meta?.author?.length ? joinAuthors(meta.author) : this.source.manifest?.authors),
      title: this.source.manifest?.title ?? meta?.title,
      page: page?.number,
      pageLabel: page?.label,
      endPageLabel: endPage && page && endPage !== page ? endPage.label : undefined,
      pageApproximate: page?.approximate || undefined,
      format: this.source.format ?? (this.source.id.endsWith('.md') ? 'markdown' : 'text'),
    };
  }

  /** The page an offset is on, when pages are known there. */
  pageAt(offset: number): PageSpan | undefined {
    const pages = this.pages;
    let lo = 0;
    let hi = pages.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const p = pages[mid];
      if (offset < p.start) hi = mid - 1;
      else if (offset >= p.end) lo = mid + 1;
      else return p;
    }
    return undefined;
  }

  /** The passage (paragraph) that contains an offset. */
  passageAt(offset: number): Span {
    let lo = 0;
    let hi = this.passages.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const p = this.passages[mid];
      if (offset < p.start) hi = mid - 1;
      else if (offset >= p.end) lo = mid + 1;
      else return p;
    }
    return { start: offset, end: offset };
  }

  /** A short excerpt around a span: the sentence(s) containing it, whitespace collapsed. */
  excerpt(start: number, end: number, max = 320): string {
    const p = this.passageAt(start);
    const text = this.normalized;
    let s = Math.max(p.start, start - max / 2);
    let e = Math.min(p.end, end + max / 2);
    // Extend to sentence boundaries when close.
    const before = text.slice(p.start, start);
    const lastStop = Math.max(before.lastIndexOf('. '), before.lastIndexOf('.\n'));
    if (lastStop >= 0 && p.start + lastStop + 2 >= s) s = p.start + lastStop + 2;
    else if (start - p.start < max / 2) s = p.start;
    const after = text.slice(end, p.end);
    const nextStop = after.search(/[.!?](\s|$)/);
    if (nextStop >= 0 && end + nextStop + 1 <= e) e = end + nextStop + 1;
    let out = text.slice(s, e).replace(/-\s*\n\s*/g, '-').replace(/\s+/g, ' ').trim();
    if (s > p.start) out = '…' + out;
    if (e < p.end) out = out + '…';
    return out;
  }
}

/** "A", "A and B", "A, B and C", "A et al." beyond three. */
export function joinAuthors(authors: string[]): string {
  const a = authors.map((x) => x.trim()).filter(Boolean);
  if (a.length <= 2) return a.join(' and ');
  if (a.length === 3) return `${a[0]}, ${a[1]} and ${a[2]}`;
  return `${a[0]} et al.`;
}

/** Paragraphs: runs of non-blank lines. */
export function splitPassages(text: string): Span[] {
  const out: Span[] = [];
  const re = /(?:^|\n)[ \t\r]*(?=\n|$)/g;
  let start = 0;
  for (const m of text.matchAll(re)) {
    const end = m.index!;
    if (text.slice(start, end).trim()) out.push({ start: trimStart(text, start), end });
    start = end + m[0].length;
  }
  if (start < text.length && text.slice(start).trim()) out.push({ start: trimStart(text, start), end: text.length });
  return out;
}

function trimStart(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

/** Characters of texts read again that a corpus keeps at once before letting the oldest go. */
export const DEFAULT_TEXT_BUDGET = 64 * 1024 * 1024;

export class Corpus {
  readonly documents: CorpusDocument[];
  private readonly byId = new Map<string, CorpusDocument>();
  /** Documents whose text was read again, oldest first, and their characters. */
  private readonly reloaded = new Set<CorpusDocument>();
  private reloadedChars = 0;

  constructor(sources: CorpusSource[], private readonly budget = DEFAULT_TEXT_BUDGET) {
    this.documents = sources.map((s) => new CorpusDocument(s));
    for (const d of this.documents) {
      this.byId.set(d.id, d);
      d.onReload = (doc) => this.keep(doc);
    }
  }

  get(id: string): CorpusDocument | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    let n = 0;
    for (const d of this.documents) n += d.length;
    return n;
  }

  /** Lets go of every text that can be read again (after indexing: a library is not held in memory). */
  releaseAll(): void {
    for (const d of this.documents) d.release();
    this.reloaded.clear();
    this.reloadedChars = 0;
  }

  /** How many documents hold their text now. */
  get loadedCount(): number {
    return this.documents.filter((d) => d.isLoaded).length;
  }

  private keep(doc: CorpusDocument): void {
    if (this.reloaded.has(doc)) return;
    this.reloaded.add(doc);
    this.reloadedChars += doc.length;
    for (const old of this.reloaded) {
      if (this.reloadedChars <= this.budget || old === doc) break;
      old.release();
      this.reloaded.delete(old);
      this.reloadedChars -= old.length;
    }
  }
}

/** The runs where `b` differs from `a` (same length). */
export function diffRuns(a: string, b: string): TextRuns {
  const runs: TextRuns = [];
  if (a === b) return runs;
  const n = a.length;
  for (let i = 0; i < n; i++) {
    if (a.charCodeAt(i) === b.charCodeAt(i)) continue;
    let j = i + 1;
    while (j < n && a.charCodeAt(j) !== b.charCodeAt(j)) j++;
    runs.push([i, b.slice(i, j)]);
    i = j;
  }
  return runs;
}

/** `a` with the runs applied. */
export function applyRuns(a: string, runs: TextRuns): string {
  if (!runs.length) return a;
  let out = '';
  let at = 0;
  for (const [i, r] of runs) {
    out += a.slice(at, i) + r;
    at = i + r.length;
  }
  return out + a.slice(at);
}
