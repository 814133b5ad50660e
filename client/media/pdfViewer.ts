// The webview half of Entente's PDF viewer (see client/src/pdfViewer.ts). Bundled by
// scripts/build.mjs into dist/media/pdfViewer.js; PDF.js itself (pdf.min.mjs and its worker) is
// copied beside it and loaded from there: nothing comes from the network.
//
// It receives the file's bytes by message, renders the pages the user can see (canvas + PDF.js's
// text layer, so text can be selected and found), scrolls to the requested page and marks the
// requested passage there (or on the next or previous page, when a passage runs over a page break
// or a page number is one off).

import type * as PdfJs from 'pdfjs-dist';
import type { PDFDocumentProxy, PDFPageProxy, PageViewport } from 'pdfjs-dist';
import type { TextContent, TextItem } from 'pdfjs-dist/types/src/display/api';
import { findPassage, type ItemRange } from '../src/pdfMatch';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface State {
  page?: number;
  zoom?: number | 'fit';
}

type Message =
  | { type: 'load'; name: string; data: unknown; page?: number; highlight?: string }
  | { type: 'goto'; page: number; highlight?: string }
  | { type: 'problem'; message: string };

interface PageView {
  number: number;
  div: HTMLDivElement;
  /** Size at scale 1 (CSS px), once the page is loaded; before that, page 1's. */
  width: number;
  height: number;
  known: boolean;
  /** Scale the current canvas was drawn at; 0 if none. */
  renderedAt: number;
  rendering?: Promise<void>;
  renderingAt?: number;
  content?: TextContent;
  items?: TextItem[];
  textDivs?: HTMLElement[];
}

const vscode = acquireVsCodeApi();
const state: State = (vscode.getState() as State | undefined) ?? {};
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const root = $<HTMLDivElement>('entente-pdf');
const container = $<HTMLDivElement>('pages');
const message = $<HTMLDivElement>('message');
const notice = $<HTMLSpanElement>('notice');
const pageInput = $<HTMLInputElement>('page-input');
const pageCount = $<HTMLSpanElement>('page-count');

const PAGE_GAP = 12;
const MIN_ZOOM = 0.25;
const MAX_ZOOM = 5;

let pdfjs: typeof PdfJs | undefined;
let doc: PDFDocumentProxy | undefined;
let pages: PageView[] = [];
let zoom: number | 'fit' = state.zoom ?? 'fit';
let scale = 1;
let marks: { span: HTMLElement; text: string }[] = [];
/** The marked passage, marked again when its page is redrawn (after a zoom). */
let highlighted: { p: PageView; ranges: ItemRange[] } | undefined;
/** A request that came while the document was still loading. */
let pendingGoTo: { page: number; highlight?: string } | undefined;
let generation = 0;

function showProblem(text: string): void {
  message.textContent = text;
  message.hidden = false;
  root.dataset.state = 'error';
  vscode.postMessage({ type: 'problem', message: text });
}

function describeError(err: unknown): string {
  const name = (err as { name?: string })?.name ?? '';
  const detail = err instanceof Error ? err.message : String(err);
  if (name === 'PasswordException') return 'This PDF is encrypted with a password: the viewer cannot open it. Open it in a PDF reader that asks for the password.';
  if (name === 'InvalidPDFException') return `This file is not a readable PDF (it may be corrupt or truncated): ${detail}`;
  return `The PDF could not be displayed: ${detail}`;
}

async function loadPdfJs(): Promise<typeof PdfJs> {
  if (pdfjs) return pdfjs;
  const lib = (await import(document.body.dataset.pdfjs!)) as typeof PdfJs;
  // Start PDF.js's worker from a blob of its script (read from the extension through the webview's
  // resource loader), so the worker has the webview's origin and needs no network.
  try {
    const source = await (await fetch(document.body.dataset.worker!)).blob();
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    lib.GlobalWorkerOptions.workerPort = new Worker(url, { type: 'module', name: 'pdf.js worker' });
    root.dataset.worker = 'worker';
  } catch {
    root.dataset.worker = 'main thread';
    // PDF.js then runs its worker code on this thread: slower, same result.
    lib.GlobalWorkerOptions.workerSrc = document.body.dataset.worker!;
  }
  return (pdfjs = lib);
}

function fitScale(): number {
  const first = pages[0];
  if (!first) return 1;
  const available = Math.max(200, container.clientWidth - 2 * PAGE_GAP);
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, available / first.width));
}

function sizePage(p: PageView): void {
  const oldHeight = p.div.offsetHeight;
  const above = p.div.offsetTop + oldHeight <= container.scrollTop;
  p.div.style.width = `${Math.floor(p.width * scale)}px`;
  p.div.style.height = `${Math.floor(p.height * scale)}px`;
  p.div.style.setProperty('--scale-factor', String(scale));
  // A page above the one being read changed height: keep the reader's place.
  if (above) container.scrollTop += p.div.offsetHeight - oldHeight;
}

function applyZoom(): void {
  const anchor = currentPage();
  scale = zoom === 'fit' ? fitScale() : zoom;
  for (const p of pages) {
    sizePage(p);
    if (p.renderedAt && p.renderedAt !== scale) p.renderedAt = -1; // stale: redrawn when seen
  }
  state.zoom = zoom;
  vscode.setState(state);
  if (anchor) container.scrollTop = pages[anchor - 1].div.offsetTop - PAGE_GAP;
  scheduleVisible();
}

/** The file's bytes as the message brought them: a Uint8Array where the host transfers binary
 *  data, else an ArrayBuffer, another view, or (JSON-serialized) an array or index-keyed object. */
function toBytes(d: unknown): Uint8Array {
  if (d instanceof Uint8Array) return d;
  if (d instanceof ArrayBuffer) return new Uint8Array(d);
  if (ArrayBuffer.isView(d)) return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  if (Array.isArray(d)) return Uint8Array.from(d as number[]);
  if (d && typeof d === 'object') {
    const o = d as Record<string, unknown>;
    if (o.type === 'Buffer' && Array.isArray(o.data)) return Uint8Array.from(o.data as number[]);
    const n = Object.keys(o).length;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = Number(o[i]) & 255;
    return out;
  }
  throw new Error('the file\'s bytes did not arrive');
}

async function openDocument(m: Extract<Message, { type: 'load' }>): Promise<void> {
  const gen = ++generation;
  const started = performance.now();
  message.hidden = true;
  root.dataset.state = 'loading';
  notice.textContent = `Opening ${m.name}…`;
  try {
    const d = m.data as unknown;
    root.dataset.bytes = d instanceof Uint8Array ? 'Uint8Array' : d instanceof ArrayBuffer ? 'ArrayBuffer' : Object.prototype.toString.call(d);
    const lib = await loadPdfJs();
    await doc?.destroy();
    doc = undefined;
    const task = lib.getDocument({
      data: toBytes(m.data),
      isEvalSupported: false,
      enableXfa: false,
      useSystemFonts: true,
      disableAutoFetch: true,
      disableStream: true,
      disableRange: true,
      stopAtErrors: false,
      maxImageSize: 64 * 1024 * 1024,
    });
    const loaded = await task.promise;
    if (gen !== generation) {
      await loaded.destroy();
      return;
    }
    doc = loaded;
    const first = await doc.getPage(1);
    const v = first.getViewport({ scale: 1 });
    container.replaceChildren();
    pages = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const div = document.createElement('div');
      div.className = 'page';
      div.dataset.pageNumber = String(n);
      div.setAttribute('aria-label', `Page ${n}`);
      container.append(div);
      pages.push({ number: n, div, width: v.width, height: v.height, known: n === 1, renderedAt: 0 });
    }
    pageCount.textContent = `of ${doc.numPages}`;
    pageInput.max = String(doc.numPages);
    root.dataset.pages = String(doc.numPages);
    root.dataset.state = 'ready';
    notice.textContent = '';
    scale = zoom === 'fit' ? fitScale() : zoom;
    for (const p of pages) sizePage(p);
    const request = pendingGoTo ?? { page: m.page ?? state.page ?? 1, highlight: m.highlight };
    pendingGoTo = undefined;
    await goTo(request.page, request.highlight);
    root.dataset.openMs = String(Math.round(performance.now() - started));
  } catch (err) {
    if (gen === generation) showProblem(describeError(err));
  }
}

async function pageProxy(p: PageView): Promise<PDFPageProxy> {
  const page = await doc!.getPage(p.number);
  if (!p.known) {
    const v = page.getViewport({ scale: 1 });
    p.width = v.width;
    p.height = v.height;
    p.known = true;
    sizePage(p);
  }
  return page;
}

function renderPage(p: PageView): Promise<void> {
  if (p.renderedAt === scale) return Promise.resolve();
  if (p.rendering && p.renderingAt === scale) return p.rendering;
  const at = scale;
  const run = (async () => {
    const page = await pageProxy(p);
    const viewport: PageViewport = page.getViewport({ scale: at });
    const ratio = window.devicePixelRatio || 1;
    const canvas = document.createElement('canvas');
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.style.width = `${Math.floor(viewport.width)}px`;
    canvas.style.height = `${Math.floor(viewport.height)}px`;
    const ctx = canvas.getContext('2d', { alpha: false })!;
    await page.render({ canvasContext: ctx, canvas, viewport, transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined }).promise;
    if (at !== scale) return; // zoomed meanwhile: drawn again when seen
    if (!p.content) {
      p.content = await page.getTextContent();
      // The text layer makes one element per item that has a string, in this order.
      p.items = p.content.items.filter((i): i is TextItem => 'str' in i);
    }
    const layer = document.createElement('div');
    layer.className = 'textLayer';
    const textLayer = new pdfjs!.TextLayer({ textContentSource: p.content, container: layer, viewport });
    await textLayer.render();
    if (at !== scale) return;
    p.textDivs = textLayer.textDivs;
    marks = marks.filter((m) => !p.div.contains(m.span)); // marks on the old layer go with it
    p.div.replaceChildren(canvas, layer);
    p.renderedAt = at;
    p.div.dataset.rendered = 'true';
    if (highlighted?.p === p) mark(p, highlighted.ranges);
  })().catch((err) => {
    if ((err as { name?: string })?.name !== 'RenderingCancelledException') notice.textContent = `Page ${p.number}: ${describeError(err)}`;
  }).finally(() => {
    if (p.rendering === run) p.rendering = undefined;
  });
  p.rendering = run;
  p.renderingAt = at;
  return run;
}

function visiblePages(): PageView[] {
  const top = container.scrollTop - container.clientHeight / 2;
  const bottom = container.scrollTop + container.clientHeight * 1.5;
  return pages.filter((p) => p.div.offsetTop < bottom && p.div.offsetTop + p.div.offsetHeight > top);
}

function currentPage(): number | undefined {
  if (!pages.length) return undefined;
  const line = container.scrollTop + container.clientHeight / 3;
  let lo = 0;
  let hi = pages.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pages[mid].div.offsetTop <= line) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

let scheduled = false;
function scheduleVisible(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    for (const p of visiblePages()) void renderPage(p);
    const n = currentPage();
    if (n) {
      if (document.activeElement !== pageInput) pageInput.value = String(n);
      root.dataset.currentPage = String(n);
      if (state.page !== n) {
        state.page = n;
        vscode.setState(state);
      }
    }
  });
}

function clearMarks(): void {
  for (const m of marks) m.span.textContent = m.text;
  marks = [];
  highlighted = undefined;
  for (const p of pages) delete p.div.dataset.highlighted;
}

/** Marks `ranges` of page `p`'s text layer; returns the first mark. */
function mark(p: PageView, ranges: ItemRange[]): HTMLElement | undefined {
  let first: HTMLElement | undefined;
  for (const r of ranges) {
    const span = p.textDivs?.[r.item];
    const text = p.items?.[r.item]?.str;
    if (!span || text === undefined) continue;
    const m = document.createElement('mark');
    m.className = 'entente-highlight';
    m.textContent = text.slice(r.start, r.end);
    span.replaceChildren(text.slice(0, r.start), m, text.slice(r.end));
    marks.push({ span, text });
    first ??= m;
  }
  if (first) p.div.dataset.highlighted = 'true';
  return first;
}

async function goTo(page: number, highlight?: string): Promise<void> {
  if (!doc || !pages.length) {
    pendingGoTo = { page, highlight };
    return;
  }
  const n = Math.min(Math.max(1, Math.floor(page) || 1), pages.length);
  const target = pages[n - 1];
  await renderPage(target);
  // Scroll the pages only (scrollIntoView would scroll the toolbar away too).
  container.scrollTop = target.div.offsetTop - PAGE_GAP;
  let found: { p: PageView; first?: HTMLElement; count: number } | undefined;
  if (highlight) {
    clearMarks(); // paging on keeps the mark; a new passage replaces it
    for (const k of [n, n + 1, n - 1]) {
      const p = pages[k - 1];
      if (!p) continue;
      await renderPage(p);
      const ranges = p.items ? findPassage(p.items, highlight) : undefined;
      if (ranges?.length) {
        found = { p, first: mark(p, ranges), count: ranges.length };
        highlighted = { p, ranges };
        break;
      }
    }
    if (found?.first) {
      // The page's top stays in view when the passage is visible from there; else center it.
      const r = found.first.getBoundingClientRect();
      const c = container.getBoundingClientRect();
      if (r.top < c.top || r.bottom > c.bottom) container.scrollTop += r.top - c.top - (c.height - r.height) / 2;
      root.dataset.highlightedPage = String(found.p.number);
      notice.textContent = found.p.number === n ? '' : `Passage found on page ${found.p.number}`;
    } else {
      delete root.dataset.highlightedPage;
      notice.textContent = `Passage not found on page ${n}`;
    }
  }
  state.page = n;
  vscode.setState(state);
  scheduleVisible();
  vscode.postMessage({ type: 'shown', page: n, pages: pages.length, highlighted: found?.count ?? 0, foundOnPage: found?.p.number });
}

window.addEventListener('message', (e: MessageEvent<Message>) => {
  const m = e.data;
  if (m?.type === 'load') void openDocument(m);
  else if (m?.type === 'goto') void goTo(m.page, m.highlight);
  else if (m?.type === 'problem') showProblem(m.message);
});
container.addEventListener('scroll', scheduleVisible, { passive: true });
new ResizeObserver(() => {
  if (zoom === 'fit' && pages.length) applyZoom();
}).observe(container);
$('prev').addEventListener('click', () => void goTo((currentPage() ?? 1) - 1));
$('next').addEventListener('click', () => void goTo((currentPage() ?? 0) + 1));
pageInput.addEventListener('change', () => void goTo(Number(pageInput.value)));
$('zoom-in').addEventListener('click', () => {
  zoom = Math.min(MAX_ZOOM, scale * 1.2);
  applyZoom();
});
$('zoom-out').addEventListener('click', () => {
  zoom = Math.max(MIN_ZOOM, scale / 1.2);
  applyZoom();
});
$('zoom-fit').addEventListener('click', () => {
  zoom = 'fit';
  applyZoom();
});

vscode.postMessage({ type: 'ready', restoredPage: state.page });
