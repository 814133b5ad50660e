// The node-side source readers (server/src/sources): PDF by layout, Word, saved web pages, the bad
// sources a library holds, the extraction cache and the worker pool, and a library read end to end.
// PDFs with a given layout are generated with pdf-lib; bad files are made from the good ones.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { readPdf } from '../../server/src/sources/pdf';
import { readDocx } from '../../server/src/sources/docx';
import { readHtml } from '../../server/src/sources/html';
import { createNodeReaders } from '../../server/src/sources/index';
import { loadEngine } from '../../server/src/core/load';
import { NodeFileSystem } from '../../server/src/node/nodeFs';
import { ROOT } from '../util';

const FIX = path.join(ROOT, 'test', 'fixtures', 'sources');
const read = (name: string) => new Uint8Array(fs.readFileSync(path.join(FIX, name)));
const enc = (s: string) => new TextEncoder().encode(s);

type Run = { text: string; x: number; y: number; size?: number };

/** A PDF whose pages hold the given runs of text (Times, points from the bottom left). */
async function makePdf(pages: Run[][], meta: { title?: string; author?: string } = {}, size: [number, number] = [420, 595]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  if (meta.title) doc.setTitle(meta.title);
  if (meta.author) doc.setAuthor(meta.author);
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (const runs of pages) {
    const page = doc.addPage(size);
    for (const r of runs) page.drawText(r.text, { x: r.x, y: r.y, size: r.size ?? 10, font });
  }
  return doc.save();
}

/** A page of body lines from the top, 14 pt apart, with a running header and a page number. */
function bookPage(n: number, body: string[], header = 'Annual Report on Regional Security'): Run[] {
  const runs: Run[] = [{ text: header, x: 60, y: 560, size: 9 }];
  body.forEach((t, i) => runs.push({ text: t, x: 60, y: 520 - i * 14 }));
  runs.push({ text: String(n), x: 205, y: 30, size: 9 });
  return runs;
}

describe('sources: PDF', function () {
  this.timeout(60000);

  it('reads the two-page handout: text in order, pages, ligatures joined, metadata', async () => {
    const r = await readPdf(read('polar-and-space.pdf'));
    assert.deepEqual(r.problems, []);
    assert.equal(r.metadata?.title, 'Demilitarized commons');
    assert.deepEqual(r.pages!.map((p) => p.label), ['1', '2']);
    const onPage2 = r.text.slice(r.pages![1].start, r.pages![1].end);
    assert.match(onPage2, /known as the Outer\nSpace Treaty, was opened for signature on 27 January\n1967/);
    assert.match(onPage2, /The United Nations Office for\nOuter Space Affairs \(UNOOSA\)/);
    const onPage1 = r.text.slice(r.pages![0].start, r.pages![0].end);
    assert.match(onPage1, /It entered into force on 23 June 1961\./);
    assert.ok(!onPage1.includes('Outer Space Treaty'));
    // Paragraphs are set apart by blank lines; lines within one are not.
    assert.match(r.text, /freezes territorial claims\.\n\nThe Antarctic Treaty Consultative Meeting/);
  });

  it('removes running headers and page numbers by layout, and keeps the printed numbers as labels', async () => {
    const pages = [3, 4, 5, 6].map((n) => bookPage(n + 10, [`Body text of page ${n} about the CSTO and its members.`, 'A second line of the same paragraph.']));
    const r = await readPdf(await makePdf(pages));
    assert.ok(!r.text.includes('Annual Report on Regional Security'), r.text);
    assert.ok(!/^\d+$/m.test(r.text), r.text);
    assert.deepEqual(r.pages!.map((p) => p.label), ['13', '14', '15', '16']);
    assert.match(r.text.slice(r.pages![2].start, r.pages![2].end), /^Body text of page 5/);
  });

  it('undoes hyphenation at line ends, keeps a hyphen before a capital, separates footnote markers', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.TimesRoman);
    const page = doc.addPage([420, 595]);
    page.drawText('The treaty deepened co-', { x: 60, y: 500, size: 10, font });
    page.drawText('operation between NATO-', { x: 60, y: 486, size: 10, font });
    page.drawText('Russia bodies in Europe', { x: 60, y: 472, size: 10, font });
    // A raised, smaller footnote number right after the word.
    page.drawText('12', { x: 60 + font.widthOfTextAtSize('Russia bodies in Europe', 10) + 0.3, y: 476, size: 6, font });
    page.drawText('and beyond.', { x: 60, y: 458, size: 10, font });
    const r = await readPdf(await doc.save());
    assert.match(r.text, /deepened cooperation between NATO-Russia bodies in Europe\[12\]\nand beyond\./);
  });

  it('reads a two-column page column by column, a full-width title first', async () => {
    const left = ['Left column line one about', 'the Shanghai Cooperation', 'Organisation and its summit', 'held in June of that year.'];
    const right = ['Right column line one about', 'the Collective Security', 'Treaty Organization and its', 'rapid reaction forces.'];
    const runs: Run[] = [{ text: 'A Title Across Both Columns Of The Page', x: 60, y: 540, size: 16 }];
    left.forEach((t, i) => runs.push({ text: t, x: 40, y: 500 - i * 14 }));
    right.forEach((t, i) => runs.push({ text: t, x: 230, y: 500 - i * 14 }));
    const r = await readPdf(await makePdf([runs]));
    const i = (s: string) => r.text.indexOf(s);
    assert.ok(i('A Title Across') < i('Left column line one'), r.text);
    assert.ok(i('held in June of that year.') < i('Right column line one'), r.text);
    assert.match(r.text, /the Shanghai Cooperation\nOrganisation and its summit/);
    assert.match(r.text, /the Collective Security\nTreaty Organization and its/);
  });

  it('takes title and author from the metadata', async () => {
    const r = await readPdf(await makePdf([[{ text: 'Some text.', x: 60, y: 500 }]], { title: 'Arctic Council Review', author: 'A. Berg; C. Dahl' }));
    assert.deepEqual([r.metadata?.title, r.metadata?.author], ['Arctic Council Review', ['A. Berg', 'C. Dahl']]);
  });

  it('gives one clear problem for an encrypted, corrupt, truncated or text-less PDF', async () => {
    const encrypted = await readPdf(read('bad/encrypted.pdf'));
    assert.deepEqual(encrypted.problems.map((p) => p.severity), ['error']);
    assert.match(encrypted.problems[0].message, /^is encrypted/);
    const corrupt = await readPdf(enc('%PDF-1.7\n' + 'garbage '.repeat(200)));
    assert.equal(corrupt.text, '');
    assert.equal(corrupt.problems.length, 1);
    assert.match(corrupt.problems[0].message, /not a readable PDF|could not be opened|no text layer/);
    const good = read('polar-and-space.pdf');
    const truncated = await readPdf(good.slice(0, 900));
    assert.equal(truncated.problems.filter((p) => p.severity === 'error').length, 1, JSON.stringify(truncated.problems));
    const doc = await PDFDocument.create();
    const page = doc.addPage([420, 595]);
    page.drawRectangle({ x: 40, y: 40, width: 300, height: 500 });
    const scanned = await readPdf(await doc.save());
    assert.deepEqual(scanned.problems.map((p) => p.message), ['has no text layer (a scan?) — run OCR on it first']);
  });

  it('reads a 500-page PDF within its page limit, and says what it left out', async () => {
    const pages = Array.from({ length: 500 }, (_, k) => bookPage(k + 1, [`Page ${k + 1}: the Organization for Security and Co-operation in Europe met.`]));
    const bytes = await makePdf(pages);
    const t0 = Date.now();
    const all = await readPdf(bytes);
    const ms = Date.now() - t0;
    assert.equal(all.pages!.length, 500);
    assert.equal(all.pages![499].label, '500');
    assert.ok(ms < 30000, `${ms} ms`);
    const capped = await readPdf(bytes, 'big.pdf', { maxPages: 100, maxItemsPerPage: 1000, maxChars: 1e7 });
    assert.equal(capped.pages!.length, 100);
    assert.deepEqual(capped.problems.map((p) => p.message), ['has 500 pages; only the first 100 were read']);
  });
});

describe('sources: Word and web pages', () => {
  it('reads the Word document: paragraphs and core properties', async () => {
    const r = await readDocx(read('peacekeeping.docx'));
    assert.deepEqual(r.problems, []);
    assert.match(r.text, /The United Nations Interim Force in Lebanon \(UNIFIL\) was created by the Security Council on 19 March 1978/);
    assert.deepEqual([r.metadata?.title, r.metadata?.author], ['Peacekeeping in Lebanon', ['R. Haddad']]);
    assert.match(r.metadata!.date!, /^\d{4}-\d{2}-\d{2}$/);
  });

  it('refuses a .docx that is not a zip, or a zip that is not Word, with one message', async () => {
    const notZip = await readDocx(enc('{\\rtf1 an RTF file renamed}'));
    assert.match(notZip.problems.map((p) => p.message).join(), /^is not a Word document: a \.docx file is a zip archive/);
    const pdfAsZip = await readDocx(new Uint8Array([0x50, 0x4b, 3, 4, ...read('polar-and-space.pdf').slice(0, 200)]));
    assert.equal(pdfAsZip.problems.length, 1);
    assert.equal(pdfAsZip.problems[0].severity, 'error');
  });

  it('reads the saved page: the article only, title without the site name', async () => {
    const r = await readHtml(read('mercosur.html'));
    assert.match(r.text, /^The Southern Common Market \(Mercosur\) was created by the Treaty of Asunción, signed by Argentina/);
    for (const chrome of ['Subscribe', 'Privacy', 'Home', '_paq']) assert.ok(!r.text.includes(chrome), chrome);
    assert.equal(r.metadata?.title, 'Mercosur at thirty');
  });

  it('takes author, date and DOI from meta tags, and runs no script', async () => {
    const page = `<!doctype html><html><head><title>x</title>
      <meta name="citation_title" content="The OSCE after Helsinki"><meta name="citation_author" content="Ivanova, M.">
      <meta name="citation_author" content="Smith, J."><meta name="citation_publication_date" content="2015/07/01">
      <meta name="citation_doi" content="10.1234/osce.2015.7"></head>
      <body><script>globalThis.__ententeRan = true;</script><article><p>${'The OSCE held its summit. '.repeat(12)}</p></article>
      <img src="x" onerror="globalThis.__ententeRan = true"></body></html>`;
    const r = await readHtml(enc(page));
    assert.deepEqual(r.metadata, { title: 'The OSCE after Helsinki', author: ['Ivanova, M.', 'Smith, J.'], date: '2015-07-01', doi: '10.1234/osce.2015.7' });
    assert.equal((globalThis as { __ententeRan?: boolean }).__ententeRan, undefined);
  });

  it('refuses a page that is all script, with one message', async () => {
    const r = await readHtml(enc('<html><head><script>document.write("<p>built later</p>")</script></head><body><div id="app"></div><script src="app.js"></script></body></html>'));
    assert.equal(r.text, '');
    assert.deepEqual(r.problems.map((p) => p.severity), ['error']);
    assert.match(r.problems[0].message, /^has no readable text/);
  });
});

describe('sources: a library read end to end', function () {
  this.timeout(120000);
  let dir: string;
  let cacheDir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-sources-'));
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-extract-'));
    const lib = path.join(dir, 'library');
    fs.mkdirSync(lib);
    for (const f of ['polar-and-space.pdf', 'peacekeeping.docx', 'mercosur.html']) fs.copyFileSync(path.join(FIX, f), path.join(lib, f));
    fs.copyFileSync(path.join(FIX, 'bad', 'encrypted.pdf'), path.join(lib, 'locked.pdf'));
    const good = fs.readFileSync(path.join(FIX, 'polar-and-space.pdf'));
    fs.writeFileSync(path.join(lib, 'truncated.pdf'), good.subarray(0, 900));
    fs.writeFileSync(path.join(lib, 'corrupt.pdf'), '%PDF-1.4\n' + 'x'.repeat(3000));
    const scan = await PDFDocument.create();
    scan.addPage([300, 400]).drawRectangle({ x: 10, y: 10, width: 100, height: 100 });
    fs.writeFileSync(path.join(lib, 'scan.pdf'), await scan.save());
    fs.writeFileSync(path.join(lib, 'broken.docx'), 'this is not a zip');
    fs.writeFileSync(path.join(lib, 'app.html'), '<!doctype html><html><body><script>render()</script></body></html>');
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('uses the good sources, cites the PDF by page, and gives one message per bad file (worker threads)', async () => {
    const readers = createNodeReaders({ cacheDir, workers: 2 });
    try {
      const lib = path.join(dir, 'library');
      const { engine, problems } = await loadEngine({ fs: new NodeFileSystem(), bundledDir: path.join(ROOT, 'seeds'), corpusPaths: [lib], corpus: { readers: readers.readers } });
      assert.deepEqual(engine.corpus.documents.map((d) => d.id).slice(1), ['library/mercosur.html', 'library/peacekeeping.docx', 'library/polar-and-space.pdf']);
      const bad = problems.map((p) => path.basename(p.path)).sort();
      assert.deepEqual(bad, ['app.html', 'broken.docx', 'corrupt.pdf', 'locked.pdf', 'scan.pdf', 'truncated.pdf']);
      assert.ok(problems.every((p) => p.severity === 'error'), JSON.stringify(problems));
      assert.match(problems.find((p) => p.path.endsWith('scan.pdf'))!.message, /no text layer \(a scan\?\) — run OCR on it first/);
      const antarctic = engine.kb.resolveName('Antarctic Treaty')!;
      const signed = antarctic.events.find((e) => e.date === '1959-12-01')!;
      assert.equal(engine.citeLabel(signed.provenance), 'Demilitarized commons, p. 1');
      const unifil = engine.kb.resolveName('UNIFIL')!;
      assert.equal(engine.citeLabel(unifil.events.find((e) => e.date === '1978-03-19')!.provenance), 'R. Haddad');
      assert.equal(readers.stats.extracted, 9);
    } finally {
      await readers.close();
    }
  });

  it('fails a file that takes too long with one message, and the pool keeps serving', async () => {
    const slow = createNodeReaders({ workers: 1, timeoutMs: 50 });
    const fast = createNodeReaders({ workers: 1 });
    try {
      const bytes = read('polar-and-space.pdf');
      const r = await slow.readers.find((x) => x.format === 'pdf')!.read(bytes, 'a.pdf');
      assert.deepEqual(r.problems.map((p) => p.message), ['could not be read: reading took longer than 0.05 s; skipped']);
      const ok = await fast.readers.find((x) => x.format === 'pdf')!.read(bytes, 'a.pdf');
      assert.deepEqual(ok.pages!.map((p) => p.label), ['1', '2']);
    } finally {
      await slow.close();
      await fast.close();
    }
  });

  it('extracts once: a second start finds every file by path, size and time; a touched file by content', async () => {
    const lib = path.join(dir, 'library');
    const again = createNodeReaders({ cacheDir, workers: 0 });
    await loadEngine({ fs: new NodeFileSystem(), corpusPaths: [lib], corpus: { readers: again.readers } });
    assert.deepEqual(again.stats, { extracted: 0, cachedByPath: 9, cachedByContent: 0 });
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(lib, 'polar-and-space.pdf'), later, later);
    const third = createNodeReaders({ cacheDir, workers: 0 });
    const { engine } = await loadEngine({ fs: new NodeFileSystem(), corpusPaths: [lib], corpus: { readers: third.readers } });
    assert.deepEqual(third.stats, { extracted: 0, cachedByPath: 8, cachedByContent: 1 });
    assert.deepEqual(engine.corpus.get('library/polar-and-space.pdf')!.pages.map((p) => p.label), ['1', '2']);
  });
});
