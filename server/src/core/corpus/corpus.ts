// A corpus is a set of source texts read into passages that keep exact offsets into each file.
// The normalized text (text/normalize.ts) has the same length as the file, so every span found in
// it is a span of the file, and a citation is just line arithmetic.

import { LineIndex } from '../text/positions';
import { analyzeCorpusLayout, foldHomoglyphs } from '../text/normalize';
import type { Span } from '../types';

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
}

export interface Citation {
  file: string;
  line: number;
  endLine: number;
  chapter?: string;
  author?: string;
  title?: string;
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

  constructor(input: CorpusSource) {
    const { text, normalized: given, ...rest } = input;
    this.source = rest;
    // Layout analysis is only worth its cost on texts that look extracted from print; a plain
    // Markdown source only needs look-alikes folded.
    if (given !== undefined && given.length === text.length) this.normalized = given;
    else if (input.id.endsWith('.md')) this.normalized = foldHomoglyphs(text);
    else this.normalized = analyzeCorpusLayout(text).text;
    this.toNormalized = diffRuns(text, this.normalized);
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
    return {
      file: this.source.id,
      line,
      endLine,
      chapter: chapter?.title,
      author: chapter?.author,
      title: this.source.manifest?.title,
    };
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
