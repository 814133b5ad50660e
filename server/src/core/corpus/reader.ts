// The source-reader seam: every format a user keeps sources in (plain text, Markdown, PDF, Word,
// saved web pages) is read by a SourceReader that turns a file's bytes into text, a page map,
// metadata and problems. The core holds the interface, the format sniffing and the text readers;
// readers that need a library (PDF.js, mammoth, Readability) live in server/src/sources and are
// passed in by the adapter.

/** One page of a source: [start, end) offsets into the text, with the page's printed label. */
export interface PageSpan {
  start: number;
  end: number;
  /** 1-based physical page (the PDF page index, or the first printed page of a range). */
  number: number;
  /** What the page is called in print: "47", "xii", or "58–79" where only a range is known. */
  label: string;
  /** The span lies somewhere in the pages `label` names (a range), not on one known page. */
  approximate?: boolean;
}

export type PageMap = PageSpan[];

export interface SourceMetadata {
  title?: string;
  author?: string[];
  /** ISO date (or its leading part) when the source says when it was made. */
  date?: string;
  doi?: string;
  url?: string;
}

export interface ReadProblem {
  /** `error`: nothing usable was read (the source is skipped); `warning`: read, with a caveat. */
  severity: 'error' | 'warning';
  message: string;
}

export interface ReadResult {
  text: string;
  pages?: PageMap;
  metadata?: SourceMetadata;
  problems: ReadProblem[];
}

export type SourceFormat = 'text' | 'markdown' | 'pdf' | 'docx' | 'html' | 'epub';

export interface SourceReader {
  id: string;
  /** The format it reads (used when the bytes say what the extension does not). */
  format: SourceFormat;
  /** Lower-case file extensions with the dot: ".pdf". */
  extensions: string[];
  /** `location` (where the bytes came from) lets a reader keep a cache; `name` is for messages. */
  read(bytes: Uint8Array, name: string, location?: string): Promise<ReadResult>;
  /**
   * A result already extracted for this file, without reading it (a cache keyed on the file's
   * size and modification time); undefined when there is none.
   */
  lookup?(location: string, size: number): Promise<ReadResult | undefined>;
  /** The same, synchronously: a source's text read again when a feature needs it (lazy passages). */
  lookupSync?(location: string, size: number): ReadResult | undefined;
}

/** Extensions of formats users keep sources in, whether or not a reader for them is present. */
export const KNOWN_SOURCE_EXTENSIONS: Record<string, SourceFormat> = {
  '.txt': 'text',
  '.text': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.epub': 'epub',
};

export function extensionOf(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

/** What the first bytes say a file is: `%PDF`, a zip (`PK\3\4`), an HTML page; undefined otherwise. */
export function sniffFormat(bytes: Uint8Array, ext = ''): SourceFormat | undefined {
  // A PDF header may follow some junk within the first KB (the PDF specification allows it).
  const head = latin1(bytes.subarray(0, 1024));
  const pdf = head.indexOf('%PDF-');
  if (pdf >= 0 && pdf < 1024) return 'pdf';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    // An EPUB names its mimetype in the first entry; anything else zipped is taken as Word when it
    // says so or when the extension does.
    if (head.includes('application/epub+zip')) return 'epub';
    if (head.includes('word/') || head.includes('[Content_Types].xml') || ext === '.docx') return 'docx';
    return undefined;
  }
  const start = head.replace(/^(?:\u00EF\u00BB\u00BF)?(?:\s|<!--[^]{0,200}?-->)*/, '').slice(0, 100).toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || (start.startsWith('<?xml') && head.toLowerCase().includes('<html'))) return 'html';
  return undefined;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/**
 * The reader for a file: its bytes first where they are unmistakable (a `.txt` that is a PDF is
 * read as the PDF it is), then its extension. `format` says what the file is even when no reader
 * for it is present, so the caller can say so.
 */
export function chooseReader(
  readers: readonly SourceReader[],
  name: string,
  bytes: Uint8Array,
): { reader?: SourceReader; format?: SourceFormat } {
  const ext = extensionOf(name);
  const sniffed = sniffFormat(bytes, ext);
  const byExt = KNOWN_SOURCE_EXTENSIONS[ext];
  // The extension decides among text-like formats (a .md stays Markdown); the bytes override it
  // for binary formats and for HTML saved under a text name.
  const format = sniffed && sniffed !== byExt && !(sniffed === 'html' && byExt === 'markdown') ? sniffed : byExt ?? sniffed;
  if (!format) return {};
  const reader = readers.find((r) => r.format === format && r.extensions.includes(ext)) ?? readers.find((r) => r.format === format);
  return { reader, format };
}

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

function decodeAsResult(bytes: Uint8Array): ReadResult {
  const d = decodeText(bytes);
  const problems: ReadProblem[] = [];
  if (d.problem) problems.push({ severity: d.text ? 'warning' : 'error', message: d.problem });
  return { text: d.text, problems };
}

/** Plain text: UTF-8, as it is (page furniture of extracted print is handled by normalization). */
export const textReader: SourceReader = {
  id: 'text',
  format: 'text',
  extensions: ['.txt', '.text'],
  async read(bytes) {
    return decodeAsResult(bytes);
  },
};

/** Markdown: UTF-8; the title is the first level-one heading (or front matter `title:`). */
export const markdownReader: SourceReader = {
  id: 'markdown',
  format: 'markdown',
  extensions: ['.md', '.markdown'],
  async read(bytes) {
    const r = decodeAsResult(bytes);
    const title = markdownTitle(r.text);
    if (title) r.metadata = { title };
    return r;
  },
};

function markdownTitle(text: string): string | undefined {
  const head = text.slice(0, 4000);
  const fm = /^---[ \t]*\r?\n(?:[^\n]{0,300}\n){0,40}?title:[ \t]*["']?([^\n"']{1,200})["']?[ \t]*\r?\n/.exec(head);
  if (fm) return fm[1].trim();
  const h1 = /^#[ \t]+([^\n]{1,200})$/m.exec(head);
  return h1 ? h1[1].replace(/[ \t#]+$/, '').trim() || undefined : undefined;
}

/** The readers the core has by itself. */
export const CORE_READERS: readonly SourceReader[] = [textReader, markdownReader];
