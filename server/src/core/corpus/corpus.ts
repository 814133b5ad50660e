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
  readonly lines: LineIndex;
  /** Same length as the file's text; footnote markers and page furniture blanked, look-alikes folded. */
  readonly normalized: string;
  readonly passages: Span[];
  /** Where the normalized text differs from the file: the runs that make one from the other. */
  readonly toNormalized: TextRuns;
  private readonly toOriginal: TextRuns;
  /** The source without its text: the document keeps one copy (normalized) and the runs. */
  readonly source: Omit<CorpusSource, 'text' | 'normalized'>;
  /** Pages in text order (the reader's, or printed page numbers found in a plain text). */
  readonly pages: PageMap;

  constructor(input: CorpusSource) {
    const { text, normalized: given, normalizedRuns, printedPages, ...rest } = input;
    this.source = rest;
    // Layout analysis is only worth its cost on texts that look extracted from print as plain
    // text; Markdown and what a reader extracted (PDF layout already solved, Word, HTML) only need
    // look-alikes folded.
    const extracted = input.format !== undefined && input.format !== 'text';
    const restored = normalizedRuns && normalizedRuns.every(([i, r]) => i >= 0 && i + r.length <= text.length) ? applyRuns(text, normalizedRuns) : undefined;
    if (restored !== undefined) this.normalized = restored;
    else if (given !== undefined && given.length === text.length) this.normalized = given;
    else if (input.id.endsWith('.md') || extracted) this.normalized = foldHomoglyphs(text);
    else this.normalized = analyzeCorpusLayout(text).text;
    this.pages = input.pages?.length
      ? [...input.pages].sort((a, b) => a.start - b.start)
      : extracted || input.id.endsWith('.md')
        ? []
        : printedPages && printedPages.every((p) => p.end <= text.length)
          ? printedPages
          : printedPageMap(text);
    this.toNormalized = restored !== undefined ? normalizedRuns! : diffRuns(text, this.normalized);
    this.toOriginal = this.toNormalized.map(([i, r]) => [i, text.slice(i, i + r.length)]);
    // Normalization keeps line breaks where they are, so lines are the same in both texts.
    this.lines = new LineIndex(this.normalized);
    this.passages = splitPassages(this.normalized);
  }

  /** The file's text as it was read (rebuilt from the normalized text and the runs). */
  get text(): string {
    return applyRuns(this.normalized, this.toOriginal);
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

export class Corpus {
  readonly documents: CorpusDocument[];
  private readonly byId = new Map<string, CorpusDocument>();

  constructor(sources: CorpusSource[]) {
    this.documents = sources.map((s) => new CorpusDocument(s));
    for (const d of this.documents) this.byId.set(d.id, d);
  }

  get(id: string): CorpusDocument | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    let n = 0;
    for (const d of this.documents) n += d.normalized.length;
    return n;
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
