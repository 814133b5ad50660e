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

export class CorpusDocument {
  readonly lines: LineIndex;
  /** Same length as `source.text`; footnote markers and page furniture blanked, look-alikes folded. */
  readonly normalized: string;
  readonly passages: Span[];
  readonly footnotes: Span[];

  constructor(readonly source: CorpusSource) {
    this.lines = new LineIndex(source.text);
    // Layout analysis is only worth its cost on texts that look extracted from print; a plain
    // Markdown source only needs look-alikes folded.
    if (source.normalized !== undefined && source.normalized.length === source.text.length) {
      this.normalized = source.normalized;
      this.footnotes = [];
    } else if (source.id.endsWith('.md')) {
      this.normalized = foldHomoglyphs(source.text);
      this.footnotes = [];
    } else {
      const layout = analyzeCorpusLayout(source.text);
      this.normalized = layout.text;
      this.footnotes = layout.footnotes;
    }
    this.passages = splitPassages(this.normalized);
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
    for (const d of this.documents) n += d.source.text.length;
    return n;
  }
}
