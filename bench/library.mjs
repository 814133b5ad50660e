// A user's library at scale (issue 17): a generated corpus of BENCH_LIBRARY_SOURCES sources
// (default 1,000) and about BENCH_LIBRARY_MB of text (default 300), one in five a PDF made from the
// book's text with pdf-lib (generated here under .bench/, never committed), the rest text files.
// Each step runs in a fresh child process (clean RSS), as the server loads a corpus: the readers of
// server/src/sources with two worker threads, extractions and the index persisted in a cache folder.
//   1. cold: nothing cached (extraction of every PDF, indexing of everything), with progress;
//   2. warm restart: the same library, everything cached;
//   3. one added source: a new text file beside the others (defining no new name), then the same
//      file defining a new name (every source indexed again);
//   4. the CLI checking one note against the library (its cache warm).
// Run: `npm run build && npx tsc -p . && node bench/library.mjs` (minutes at the default size;
// BENCH_LIBRARY_SOURCES=100 BENCH_LIBRARY_MB=30 for a quick look). Prints a table; writes
// .bench/library-results.json.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BENCH, ROOT, core, require, rssMB, timed } from './lib.mjs';

const SOURCES = Number(process.env.BENCH_LIBRARY_SOURCES ?? 1000);
const TARGET_MB = Number(process.env.BENCH_LIBRARY_MB ?? 300);
const PDF_EVERY = 5;
const PDF_PAGES = 12;
const dir = path.join(BENCH, `library-${SOURCES}x${TARGET_MB}mb`);
const cache = path.join(BENCH, `library-cache-${SOURCES}x${TARGET_MB}mb`);

if (process.argv[2] === '--child') {
  // One load of the library, as the server does it; prints what it measured as JSON.
  const { loadEngine } = core('core/load.js');
  const { NodeFileSystem, bundledCorpusDir } = core('node/nodeFs.js');
  const { DiskSnapshotStore } = core('node/snapshotStore.js');
  const { createNodeReaders } = core('sources/index.js');
  const readers = createNodeReaders({ cacheDir: path.join(cache, 'extractions'), workers: 2 });
  let progress = 0;
  let peak = rssMB();
  const timer = setInterval(() => (peak = Math.max(peak, rssMB())), 200);
  const r = await timed(() =>
    loadEngine({
      fs: new NodeFileSystem(),
      bundledDir: bundledCorpusDir(),
      corpusPaths: [dir],
      snapshots: new DiskSnapshotStore(cache),
      corpus: { readers: readers.readers, concurrency: 4, onProgress: () => progress++ },
    }),
  );
  clearInterval(timer);
  await readers.close();
  const { engine, problems } = r.value;
  peak = Math.max(peak, rssMB());
  const rssAfter = rssMB();
  // What the engine keeps: the heap after a full collection.
  if (global.gc) global.gc();
  const heapMB = process.memoryUsage().heapUsed / 1048576;
  process.stdout.write(JSON.stringify({ heapMB, wall: r.wall, cpu: r.cpu, files: engine.corpus.documents.length, characters: engine.corpus.size, restored: engine.restored, indexed: engine.indexedCount, buildMs: engine.buildMs, progress, problems: problems.length, stats: readers.stats, rssMB: rssAfter, peakRssMB: peak }) + '\n');
  process.exit(0);
}

const { PDFDocument, StandardFonts } = require('pdf-lib');
const book = fs.readFileSync(path.join(ROOT, 'seeds', 'international-security-organizations-in-eurasia.txt'), 'utf8');
const paragraphs = book.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p.length > 80);

/** Text of about `chars` characters: book paragraphs from `seed` on, each made unique by a number. */
function textOf(seed, chars) {
  let t = `Source ${seed}: notes on regional security organizations.\n\n`;
  for (let i = 0; t.length < chars; i++) t += `${paragraphs[(seed * 7 + i) % paragraphs.length]} [${seed}.${i}]\n\n`;
  return t;
}

/** A PDF of `pages` pages of book text (WinAnsi only: pdf-lib's standard fonts have no other glyphs). */
async function pdfOf(seed, pages) {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const words = textOf(seed, pages * 3000).replace(/[^\x20-\x7e]/g, ' ').split(' ');
  let w = 0;
  for (let n = 1; n <= pages; n++) {
    const page = doc.addPage([420, 595]);
    page.drawText('Regional Security Review', { x: 60, y: 565, size: 9, font });
    for (let i = 0; i < 40; i++) {
      let line = '';
      while (w < words.length && line.length + words[w].length < 80) line += words[w++] + ' ';
      page.drawText(line, { x: 40, y: 540 - i * 12.5, size: 9, font });
    }
    page.drawText(String(n), { x: 205, y: 20, size: 9, font });
  }
  return doc.save();
}

async function generate() {
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker)) return;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const textSources = SOURCES - Math.floor(SOURCES / PDF_EVERY);
  const perText = Math.floor((TARGET_MB * 1e6 - Math.floor(SOURCES / PDF_EVERY) * PDF_PAGES * 3000) / textSources);
  const t0 = performance.now();
  for (let i = 0; i < SOURCES; i++) {
    const sub = path.join(dir, `shelf-${String(i % 20).padStart(2, '0')}`);
    fs.mkdirSync(sub, { recursive: true });
    if (i % PDF_EVERY === PDF_EVERY - 1) fs.writeFileSync(path.join(sub, `report-${i}.pdf`), await pdfOf(i, PDF_PAGES));
    else fs.writeFileSync(path.join(sub, `source-${i}.txt`), textOf(i, perText));
  }
  fs.writeFileSync(marker, '');
  console.log(`generated ${SOURCES} sources in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

function child() {
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(ROOT, 'bench', 'library.mjs'), '--child'], { encoding: 'utf8', maxBuffer: 1 << 26, timeout: 3_600_000 });
  if (r.status !== 0) throw new Error(`library child failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

await generate();
const bytes = fs.readdirSync(dir, { recursive: true }).reduce((n, f) => n + (fs.statSync(path.join(dir, String(f))).isFile() ? fs.statSync(path.join(dir, String(f))).size : 0), 0);
console.log(`library: ${SOURCES} sources (${Math.floor(SOURCES / PDF_EVERY)} PDFs of ${PDF_PAGES} pages), ${(bytes / 1e6).toFixed(0)} MB on disk; ${os.cpus().length} cores, Node ${process.version}`);
fs.rmSync(cache, { recursive: true, force: true });
const cold = child();
console.log(`cold index            ${(cold.wall / 1000).toFixed(1).padStart(7)} s   ${(cold.characters / 1e6).toFixed(0)} M chars, ${cold.files} files, ${cold.progress} progress reports, peak RSS ${cold.peakRssMB.toFixed(0)} MB (heap kept ${cold.heapMB.toFixed(0)} MB)`);
const warm = child();
console.log(`warm restart          ${(warm.wall / 1000).toFixed(2).padStart(7)} s   restored: ${warm.restored}, extractions from cache ${warm.stats.cachedByPath}, RSS ${warm.rssMB.toFixed(0)} MB (heap kept ${warm.heapMB.toFixed(0)} MB)`);
const added = path.join(dir, 'shelf-00', 'added-source.txt');
fs.writeFileSync(added, textOf(99999, 300_000));
const plusOne = child();
console.log(`one added source      ${(plusOne.wall / 1000).toFixed(2).padStart(7)} s   ${plusOne.indexed} of ${plusOne.files} indexed (it defines no new name), RSS ${plusOne.rssMB.toFixed(0)} MB`);
// A source that defines a name no other source has: every source may mention it, all are indexed again.
fs.appendFileSync(added, '\n\nThe Polar Ocean Security Council (POSC) was founded on 9 June 2006.\n');
const plusName = child();
fs.rmSync(added);
console.log(`one source, a new name ${(plusName.wall / 1000).toFixed(2).padStart(6)} s   ${plusName.indexed} of ${plusName.files} indexed (a new name: every source again), peak RSS ${plusName.peakRssMB.toFixed(0)} MB`);
// The CLI, its index cache warm (a run first to fill it for this corpus).
const note = path.join(ROOT, 'examples', 'csto-note.md');
const cli = () => {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'entente.js'), 'check', '--corpus', dir, note], { encoding: 'utf8', env: { ...process.env, ENTENTE_CACHE_DIR: cache }, maxBuffer: 1 << 26, timeout: 3_600_000 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`CLI failed: ${r.stderr.slice(-1000)}`);
  return performance.now() - t0;
};
const cliFirst = cli();
const cliWarm = cli();
console.log(`CLI check, one note   ${(cliWarm / 1000).toFixed(2).padStart(7)} s   (first run, filling its cache: ${(cliFirst / 1000).toFixed(1)} s)`);
const results = { sources: SOURCES, pdfs: Math.floor(SOURCES / PDF_EVERY), bytes, cold, warm, plusOne, plusName, cliFirstMs: cliFirst, cliWarmMs: cliWarm, date: new Date().toISOString() };
fs.writeFileSync(path.join(BENCH, 'library-results.json'), JSON.stringify(results, null, 2));
