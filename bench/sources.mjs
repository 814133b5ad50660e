// Source extraction: throughput of the PDF, Word and HTML readers (pages/s, MB/s), the cost of a
// 500-page PDF (generated with pdf-lib, in-thread and through the worker pool), worker start-up,
// and a restart that finds every extraction in the cache. Run: `npx tsc -p . && node bench/sources.mjs`
// (BENCH_RUNS=1 for a quick look).

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, RUNS, core, median, require } from './lib.mjs';

const { PDFDocument, StandardFonts } = require('pdf-lib');
const { readPdf } = core('sources/pdf.js');
const { readDocx } = core('sources/docx.js');
const { readHtml } = core('sources/html.js');
const { createNodeReaders } = core('sources/index.js');
const { WorkerPool } = core('sources/pool.js');
const { loadEngine } = core('core/load.js');
const { NodeFileSystem } = core('node/nodeFs.js');

const FIX = path.join(ROOT, 'test', 'fixtures', 'sources');
const mb = (n) => n / 1024 / 1024;
const rss = () => process.memoryUsage().rss;

/** A report-like PDF: running header, page number, 38 lines of body text per page. */
async function bookPdf(pages) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const line = 'The Organization for Security and Co-operation in Europe met in Vienna on 3 May 1996 to';
  for (let n = 1; n <= pages; n++) {
    const page = doc.addPage([420, 595]);
    page.drawText('Annual Report on Regional Security', { x: 60, y: 565, size: 9, font });
    for (let i = 0; i < 38; i++) page.drawText(`${line} ${n}.${i}`, { x: 40, y: 540 - i * 13, size: 9, font });
    page.drawText(String(n), { x: 205, y: 20, size: 9, font });
  }
  return doc.save();
}

async function measure(label, bytes, fn, pagesOf) {
  const times = [];
  let result;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    result = await fn(bytes);
    times.push(performance.now() - t0);
  }
  const ms = median(times);
  const pages = pagesOf(result);
  console.log(`${label.padEnd(34)} ${ms.toFixed(0).padStart(7)} ms  ${(mb(bytes.length) / (ms / 1000)).toFixed(2).padStart(7)} MB/s${pages ? `  ${(pages / (ms / 1000)).toFixed(0).padStart(5)} pages/s` : ''}  (${mb(bytes.length).toFixed(2)} MB, ${result.text.length.toLocaleString('en')} chars)`);
  return ms;
}

console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, runs: ${RUNS} (median)`);
const pdf2 = new Uint8Array(fs.readFileSync(path.join(FIX, 'polar-and-space.pdf')));
const docx = new Uint8Array(fs.readFileSync(path.join(FIX, 'peacekeeping.docx')));
const html = new Uint8Array(fs.readFileSync(path.join(FIX, 'mercosur.html')));
// First call loads the libraries: measured apart.
let t0 = performance.now();
await readPdf(pdf2);
console.log(`PDF.js load + first 2-page PDF      ${(performance.now() - t0).toFixed(0).padStart(7)} ms`);
t0 = performance.now();
await readDocx(docx);
await readHtml(html);
console.log(`mammoth + Readability first load   ${(performance.now() - t0).toFixed(0).padStart(7)} ms`);
await measure('PDF, 2 pages (handout)', pdf2, (b) => readPdf(b), (r) => r.pages.length);
await measure('Word .docx (fixture)', docx, (b) => readDocx(b), () => 0);
await measure('HTML page (fixture)', html, (b) => readHtml(b), () => 0);

const big = await bookPdf(500);
const r0 = rss();
const ms500 = await measure('PDF, 500 pages, in-thread', big, (b) => readPdf(b), (r) => r.pages.length);
console.log(`  RSS after the 500-page PDF: +${mb(rss() - r0).toFixed(0)} MB (${mb(rss()).toFixed(0)} MB)`);

// Worker pool: start-up (first job) and four 500-page PDFs on two workers.
const pool = new WorkerPool({ size: 2 });
t0 = performance.now();
await pool.run('pdf', pdf2, 'a.pdf');
const startup = performance.now() - t0;
console.log(`worker start-up + first PDF         ${startup.toFixed(0).padStart(7)} ms`);
t0 = performance.now();
await Promise.all([0, 1, 2, 3].map(() => pool.run('pdf', big, 'big.pdf')));
const ms4 = performance.now() - t0;
console.log(`4 × 500 pages, 2 workers            ${ms4.toFixed(0).padStart(7)} ms  ${(2000 / (ms4 / 1000)).toFixed(0).padStart(5)} pages/s  (in-thread one: ${ms500.toFixed(0)} ms)`);
await pool.close();

// A library of 20 copies of the 500-page PDF plus the fixtures: first load, then a restart.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-bench-sources-'));
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-bench-extract-'));
try {
  const lib = path.join(dir, 'library');
  fs.mkdirSync(lib);
  for (let i = 0; i < 6; i++) fs.writeFileSync(path.join(lib, `report-${i}.pdf`), big);
  for (const f of ['polar-and-space.pdf', 'peacekeeping.docx', 'mercosur.html']) fs.copyFileSync(path.join(FIX, f), path.join(lib, f));
  for (const [label, workers] of [['first load (6 × 500 pages + 3)', 2], ['restart, from the cache', 2]]) {
    const readers = createNodeReaders({ cacheDir, workers });
    let progress = 0;
    t0 = performance.now();
    await loadEngine({ fs: new NodeFileSystem(), corpusPaths: [lib], corpus: { readers: readers.readers, onProgress: () => progress++ } });
    const ms = performance.now() - t0;
    console.log(`library: ${label.padEnd(25)} ${ms.toFixed(0).padStart(7)} ms  (extracted ${readers.stats.extracted}, cache hits ${readers.stats.cachedByPath + readers.stats.cachedByContent}, progress events ${progress})`);
    await readers.close();
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(cacheDir, { recursive: true, force: true });
}
