// PDF sources, read with Mozilla's PDF.js (pdfjs-dist, legacy build for Node): text in reading
// order page by page. Lines are rebuilt from the text items by position; two-column pages are read
// column by column; superscript footnote markers are set apart from the words they touch;
// hyphenation at line ends is undone; running headers, footers and page numbers are removed by
// layout (lines repeated at the top or bottom of pages); title, author and date come from the
// document's metadata. PDF.js runs with eval off, no font loading, no system fonts and no fetches;
// limits on pages and text items keep a hostile file from exhausting memory.

import type { PageMap, ReadProblem, ReadResult, SourceMetadata } from '../core/corpus/reader';

import { DEFAULT_PDF_LIMITS, type PdfLimits } from './formats';
import { maxOf } from '../core/arrays';
export { DEFAULT_PDF_LIMITS, type PdfLimits };

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs', { with: { 'resolution-mode': 'import' } });
let pdfjsPromise: Promise<PdfJs> | undefined;

/**
 * PDF.js with its worker code loaded in this thread (its "fake worker"): no worker script is
 * fetched, and the bundler includes both modules. Its load-time warnings (no canvas, which text
 * extraction does not need) are kept off stdout, which may be the protocol's channel.
 */
export function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= (async () => {
    const log = console.log;
    const warn = console.warn;
    console.log = () => {};
    console.warn = () => {};
    // PDF.js's canvas code builds a DOMMatrix when it loads; without the optional native canvas
    // package (never present in the bundle) there is none. Text extraction never renders, so an
    // inert stand-in is enough.
    const g = globalThis as { DOMMatrix?: unknown };
    g.DOMMatrix ??= class InertDOMMatrix {
      a = 1; b = 0; c = 0; d = 1; e = 0; f = 0;
      multiplySelf() { return this; }
      preMultiplySelf() { return this; }
      invertSelf() { return this; }
      translate() { return this; }
      scale() { return this; }
    };
    try {
      const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
      (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
      return await import('pdfjs-dist/legacy/build/pdf.mjs');
    } finally {
      console.log = log;
      console.warn = warn;
    }
  })();
  return pdfjsPromise;
}

interface Item {
  str: string;
  x: number;
  y: number;
  w: number;
  size: number;
}

interface Line {
  items: Item[];
  y: number;
  x0: number;
  x1: number;
  size: number;
  text: string;
}

export async function readPdf(bytes: Uint8Array, _name = '', limits: PdfLimits = DEFAULT_PDF_LIMITS): Promise<ReadResult> {
  const pdfjs = await loadPdfJs();
  const problems: ReadProblem[] = [];
  // PDF.js takes ownership of (and may detach) the buffer it gets: give it a copy.
  const data = new Uint8Array(bytes);
  const task = pdfjs.getDocument({
    data,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    enableXfa: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => {});
    const err = e as { name?: string; message?: string };
    if (err.name === 'PasswordException') {
      return { text: '', problems: [{ severity: 'error', message: 'is encrypted (it needs a password to open); save an unprotected copy to use it as a source' }] };
    }
    if (err.name === 'InvalidPDFException') {
      return { text: '', problems: [{ severity: 'error', message: `is not a readable PDF (corrupt or truncated: ${err.message ?? 'invalid structure'})` }] };
    }
    return { text: '', problems: [{ severity: 'error', message: `could not be opened as a PDF: ${err.message ?? String(e)}` }] };
  }
  try {
    const metadata = await readMetadata(doc);
    const labels = await doc.getPageLabels().catch(() => null);
    const pageCount = Math.min(doc.numPages, limits.maxPages);
    if (doc.numPages > limits.maxPages) {
      problems.push({ severity: 'warning', message: `has ${doc.numPages} pages; only the first ${limits.maxPages} were read` });
    }
    const pages: { lines: Line[]; height: number }[] = [];
    let failed = 0;
    let chars = 0;
    for (let n = 1; n <= pageCount; n++) {
      try {
        const page = await doc.getPage(n);
        const content = await page.getTextContent();
        const height = page.view[3] - page.view[1];
        const width = page.view[2] - page.view[0];
        const items: Item[] = [];
        for (const raw of content.items) {
          if (items.length >= limits.maxItemsPerPage) break;
          if (!('str' in raw) || !raw.str) continue;
          const [a, b, c, d, e, f] = raw.transform as number[];
          const size = Math.hypot(c, d) || Math.hypot(a, b) || 1;
          // Rotated text (margin notes, stamps) is left out of the reading order.
          if (Math.abs(b) > 0.01 * size || Math.abs(c) > 0.01 * size) continue;
          items.push({ str: raw.str, x: e - page.view[0], y: f - page.view[1], w: raw.width, size });
        }
        const lines = readingOrder(items, width);
        for (const l of lines) chars += l.text.length;
        pages.push({ lines, height });
        page.cleanup();
      } catch {
        failed++;
        pages.push({ lines: [], height: 0 });
      }
      if (chars > limits.maxChars) {
        problems.push({ severity: 'warning', message: `holds more than ${Math.round(limits.maxChars / 1024 / 1024)} M characters of text; the rest after page ${n} was skipped` });
        break;
      }
    }
    if (failed) problems.push({ severity: 'warning', message: `${failed} page${failed === 1 ? '' : 's'} could not be read (damaged content)` });
    const printed = removeFurniture(pages);
    const textPages = pages.filter((p) => p.lines.length).length;
    if (!textPages) {
      return {
        text: '',
        metadata,
        problems: [...problems, { severity: 'error', message: 'has no text layer (a scan?) — run OCR on it first' }],
      };
    }
    if (textPages < pages.length && pages.length - textPages - failed > 0) {
      const missing = pages.length - textPages - failed;
      problems.push({ severity: 'warning', message: `${missing} of ${pages.length} pages have no text layer (scanned pages?); run OCR on it to read them` });
    }
    const { text, map } = assemble(pages, (i) => labels?.[i] || printed[i] || String(i + 1));
    return { text, pages: map, metadata, problems };
  } finally {
    await doc.destroy().catch(() => {});
  }
}

async function readMetadata(doc: { getMetadata(): Promise<{ info: unknown; metadata: unknown }> }): Promise<SourceMetadata | undefined> {
  try {
    const { info, metadata } = await doc.getMetadata();
    const i = (info ?? {}) as Record<string, unknown>;
    const xmp = metadata as { get?(name: string): unknown } | null;
    const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
    const xmpGet = (k: string) => {
      try {
        const v = xmp?.get?.(k);
        return Array.isArray(v) ? v.map(String).join('; ') : str(v);
      } catch {
        return undefined;
      }
    };
    const title = str(xmpGet('dc:title')) ?? str(i.Title);
    const authorText = str(xmpGet('dc:creator')) ?? str(i.Author);
    const out: SourceMetadata = {};
    if (title) out.title = title;
    if (authorText) out.author = authorText.split(/\s*;\s*|\s+&\s+/).filter(Boolean);
    const date = pdfDate(str(i.CreationDate)) ?? pdfDate(str(xmpGet('xmp:createdate')));
    if (date) out.date = date;
    const subject = `${str(i.Subject) ?? ''} ${str(i.Keywords) ?? ''}`;
    const doi = /\b10\.\d{4,9}\/[^\s"<>]{1,200}/.exec(subject);
    if (doi) out.doi = doi[0];
    return Object.keys(out).length ? out : undefined;
  } catch {
    return undefined;
  }
}

/** "D:20091231235959+01'00'" or an ISO string → "2009-12-31". */
function pdfDate(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const m = /^(?:D:)?(\d{4})(?:-?(\d{2}))?(?:-?(\d{2}))?/.exec(s);
  if (!m) return undefined;
  return [m[1], m[2], m[3]].filter(Boolean).join('-');
}

/**
 * Items → lines in reading order. Where a vertical gutter splits the page (no text crosses it, and
 * text stands on both sides), each stretch between full-width lines is read left column first,
 * then right.
 */
export function readingOrder(items: Item[], pageWidth: number): Line[] {
  if (!items.length) return [];
  const gutter = findGutter(items, pageWidth);
  if (!gutter) return buildLines(items);
  const [g0, g1] = gutter;
  const left: Item[] = [];
  const right: Item[] = [];
  const spanning: Item[] = [];
  for (const it of items) {
    if (it.x + it.w <= g0 + 1) left.push(it);
    else if (it.x >= g1 - 1) right.push(it);
    else spanning.push(it);
  }
  const spanLines = buildLines(spanning);
  const leftLines = buildLines(left);
  const rightLines = buildLines(right);
  // Cut the page at each full-width line: above it, both columns; then the line; and so on.
  const out: Line[] = [];
  let li = 0;
  let ri = 0;
  for (const s of [...spanLines, undefined]) {
    const y = s ? s.y : -Infinity;
    while (li < leftLines.length && leftLines[li].y > y) out.push(leftLines[li++]);
    while (ri < rightLines.length && rightLines[ri].y > y) out.push(rightLines[ri++]);
    if (s) out.push(s);
  }
  return out;
}

function findGutter(items: Item[], pageWidth: number): [number, number] | undefined {
  const width = Math.max(1, Math.ceil(pageWidth));
  const cover = new Uint32Array(width + 1);
  let total = 0;
  for (const it of items) {
    if (!it.str.trim()) continue;
    total++;
    const a = Math.max(0, Math.floor(it.x));
    const b = Math.min(width, Math.ceil(it.x + it.w));
    for (let x = a; x < b; x++) cover[x]++;
  }
  if (total < 8) return undefined;
  // The widest empty (or nearly: a few full-width lines may cross it) band in the middle 30–70 %.
  const tolerance = Math.max(2, Math.floor(total * 0.04));
  let best: [number, number] | undefined;
  let runStart = -1;
  const lo = Math.floor(width * 0.3);
  const hi = Math.ceil(width * 0.7);
  for (let x = lo; x <= hi; x++) {
    const empty = x < hi && cover[x] <= tolerance;
    if (empty && runStart < 0) runStart = x;
    if (!empty && runStart >= 0) {
      if (!best || x - runStart > best[1] - best[0]) best = [runStart, x];
      runStart = -1;
    }
  }
  if (!best) return undefined;
  // The band may have admitted the tails of a few column lines: narrow it to what items that
  // start left of it (or end right of it) leave free; items crossing it whole are full-width.
  let [g0, g1] = best;
  for (const it of items) {
    if (!it.str.trim()) continue;
    const a = it.x;
    const b = it.x + it.w;
    if (a < best[0] && b > best[0] && b < best[1]) g0 = Math.max(g0, b);
    if (b > best[1] && a < best[1] && a > best[0]) g1 = Math.min(g1, a);
  }
  best = [g0, g1];
  if (best[1] - best[0] < 6) return undefined;
  // Both sides must hold text, and lines on both sides must share baselines (true columns, not a
  // short indented block).
  const leftYs = new Set<number>();
  let both = 0;
  let leftCount = 0;
  let rightCount = 0;
  for (const it of items) if (it.x + it.w <= best[0] + 1 && it.str.trim()) { leftCount++; leftYs.add(Math.round(it.y)); }
  for (const it of items) {
    if (it.x >= best[1] - 1 && it.str.trim()) {
      rightCount++;
      if (leftYs.has(Math.round(it.y))) both++;
    }
  }
  if (leftCount < total * 0.2 || rightCount < total * 0.2 || both < 3) return undefined;
  return best;
}

/**
 * Items on one baseline → lines top to bottom. Items smaller than the page's body text that stand
 * just above a line's baseline (superscript markers) join that line; other small text (footnotes)
 * makes lines of its own.
 */
function buildLines(items: Item[]): Line[] {
  const present = items.filter((i) => i.str.length);
  if (!present.length) return [];
  const bodySize = weightedMedianSize(present);
  const big = present.filter((i) => i.size >= bodySize * 0.85);
  const small = present.filter((i) => i.size < bodySize * 0.85);
  const lines = groupByBaseline(big);
  const leftover: Item[] = [];
  for (const it of small) {
    const host = lines.find((l) => it.y > l.y && it.y - l.y < l.size * 0.6 && it.x >= l.x0 - l.size && it.x <= l.x1 + l.size && it.size < l.size * 0.85);
    if (host) host.items.push(it);
    else leftover.push(it);
  }
  const all = [...lines, ...groupByBaseline(leftover)];
  for (const l of all) {
    l.items.sort((a, b) => a.x - b.x);
    l.x0 = l.items[0].x;
    l.x1 = maxOf(l.items.map((i) => i.x + i.w));
    l.text = lineText(l);
  }
  return all.sort((a, b) => b.y - a.y || a.x0 - b.x0);
}

function weightedMedianSize(items: Item[]): number {
  const sorted = [...items].sort((a, b) => a.size - b.size);
  const total = sorted.reduce((n, i) => n + i.str.length, 0);
  let acc = 0;
  for (const i of sorted) {
    acc += i.str.length;
    if (acc * 2 >= total) return i.size;
  }
  return sorted[sorted.length - 1].size;
}

function groupByBaseline(items: Item[]): Line[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Line[] = [];
  for (const it of sorted) {
    // Items arrive top to bottom: the line is one of the last few, on the same baseline.
    let target: Line | undefined;
    for (let k = lines.length - 1; k >= 0 && k >= lines.length - 3; k--) {
      const l = lines[k];
      if (Math.abs(it.y - l.y) <= Math.max(l.size, it.size) * 0.27) {
        target = l;
        break;
      }
    }
    if (target) {
      target.items.push(it);
      target.x0 = Math.min(target.x0, it.x);
      target.x1 = Math.max(target.x1, it.x + it.w);
      if (it.size > target.size) target.size = it.size;
    } else lines.push({ items: [it], y: it.y, x0: it.x, x1: it.x + it.w, size: it.size, text: '' });
  }
  // The size of most of a line's text is its size (a big initial does not make it a heading).
  for (const l of lines) l.size = weightedMedianSize(l.items);
  return lines;
}

function lineText(l: Line): string {
  let out = '';
  let prevEnd = -Infinity;
  let prevSup = false;
  for (const it of l.items) {
    const sup = it.size < l.size * 0.85 && it.y - l.y > l.size * 0.15 && /^\s*[\d*†‡§]{1,4}\s*$/.test(it.str);
    const gap = it.x - prevEnd;
    const needsSpace = out && !/\s$/.test(out) && !/^\s/.test(it.str) && gap > Math.min(l.size, it.size) * 0.18;
    if (sup) {
      // A footnote marker: set apart from the word it is glued to (or stands by), in brackets.
      out = out.replace(/\s+$/, '') + `[${it.str.trim()}]`;
    } else {
      if (prevSup && /^[A-Za-z]/.test(it.str) && !/\s$/.test(out)) out += ' ';
      else if (needsSpace) out += ' ';
      out += it.str;
    }
    prevSup = sup;
    prevEnd = it.x + it.w;
  }
  return out.replace(/\s+/g, ' ').trim();
}

const PAGE_NUMBER = /^(?:page\s+|p\.\s*|[-–—]\s*)?(\d{1,4}|[ivxlcdm]{1,7})(?:\s*[-–—])?(?:\s+(?:of|\/)\s+\d{1,4})?$/i;

/**
 * Removes running headers, footers and page numbers, found by layout: the top and bottom lines of
 * each page whose text (digits aside) recurs on many pages, and lone numbers there. Returns the
 * printed page number found on each page, where there is one.
 */
function removeFurniture(pages: { lines: Line[]; height: number }[]): (string | undefined)[] {
  const printed: (string | undefined)[] = pages.map(() => undefined);
  const edge = 2;
  const key = (t: string) => t.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
  const counts = new Map<string, number>();
  for (const p of pages) {
    const seen = new Set<string>();
    for (const l of [...p.lines.slice(0, edge), ...p.lines.slice(-edge)]) seen.add(key(l.text));
    for (const k of seen) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const withText = pages.filter((p) => p.lines.length).length;
  const minRepeats = Math.max(2, Math.ceil(withText * 0.3));
  pages.forEach((p, i) => {
    if (!p.lines.length) return;
    const n = p.lines.length;
    const drop = new Set<number>();
    for (let k = 0; k < n; k++) {
      if (k >= edge && k < n - edge) continue;
      const l = p.lines[k];
      // Within the top or bottom tenth of the page (the first or last line when its size is unknown).
      const nearEdge = p.height ? l.y > p.height * 0.9 || l.y < p.height * 0.1 : k === 0 || k === n - 1;
      if (!nearEdge) continue;
      const m = PAGE_NUMBER.exec(l.text);
      if (m) {
        printed[i] ??= m[1];
        drop.add(k);
        continue;
      }
      if (withText >= 2 && (counts.get(key(l.text)) ?? 0) >= minRepeats && l.text.length >= 3) drop.add(k);
    }
    if (drop.size && drop.size < n) p.lines = p.lines.filter((_, k) => !drop.has(k));
    else if (drop.size === n) p.lines = [];
  });
  return printed;
}

/** Pages → one text with paragraphs, hyphenation undone, and the page map. */
function assemble(pages: { lines: Line[] }[], label: (i: number) => string): { text: string; map: PageMap } {
  const parts: string[] = [];
  let length = 0;
  const map: PageMap = [];
  const push = (s: string) => {
    parts.push(s);
    length += s.length;
  };
  let prev: Line | undefined;
  pages.forEach((p, i) => {
    let start = length;
    p.lines.forEach((l, k) => {
      if (prev) {
        const sameBlock = k > 0 && prev.y - l.y < Math.max(prev.size, l.size) * 1.45 && Math.abs(prev.size - l.size) <= Math.max(prev.size, l.size) * 0.15;
        const continues = k === 0 && !/[.!?:;”"')\]]$/.test(prev.text) && /^[a-z]/.test(l.text);
        if ((sameBlock || continues) && /[A-Za-z]-$/.test(prev.text) && /^[a-z]/.test(l.text)) {
          // "co-" + "operation": the hyphen was the line's, not the word's.
          parts[parts.length - 1] = parts[parts.length - 1].slice(0, -1);
          length--;
        } else if ((sameBlock || continues) && /[A-Za-z]-$/.test(prev.text) && /^[A-Z0-9]/.test(l.text)) {
          // "NATO-" + "Russia": a compound broken at its own hyphen, joined again.
        } else if (sameBlock || continues) push('\n');
        else push('\n\n');
      }
      if (k === 0) start = length;
      push(l.text);
      prev = l;
    });
    if (p.lines.length) map.push({ start, end: length, number: i + 1, label: label(i) });
  });
  return { text: parts.join(''), map };
}
