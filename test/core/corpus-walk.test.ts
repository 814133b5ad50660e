// Corpus walks and the core's side of sources: format sniffing, reader choice, bounded walks with
// one aggregated problem per cause, special file systems, citations by page, and the printed pages
// of the bundled book.

import * as assert from 'assert';
import { MemoryFileSystem, type FileStat } from '../../server/src/core/host';
import { loadCorpus } from '../../server/src/core/corpus/loader';
import { chooseReader, sniffFormat, CORE_READERS, markdownReader, type SourceReader } from '../../server/src/core/corpus/reader';
import { formatCitation } from '../../server/src/core/corpus/citations';
import { CorpusDocument, type Citation } from '../../server/src/core/corpus/corpus';
import { printedPageMap } from '../../server/src/core/text/normalize';
import { loadEngine } from '../../server/src/core/load';
import { BOOK, BOOK_TEXT, memoryFs } from '../util';

const enc = (s: string) => new TextEncoder().encode(s);
const TEXT = 'The Collective Security Treaty Organization (CSTO) met in 2002.\n';

describe('sources: formats and readers', () => {
  it('sniffs PDF, zip (Word, EPUB) and HTML from the bytes', () => {
    assert.equal(sniffFormat(enc('%PDF-1.7\n...')), 'pdf');
    assert.equal(sniffFormat(enc('junk\n%PDF-1.4')), 'pdf');
    assert.equal(sniffFormat(new Uint8Array([0x50, 0x4b, 3, 4, ...enc('[Content_Types].xml word/document.xml')])), 'docx');
    assert.equal(sniffFormat(new Uint8Array([0x50, 0x4b, 3, 4, ...enc('mimetypeapplication/epub+zip')])), 'epub');
    assert.equal(sniffFormat(enc('\ufeff<!-- saved -->\n<!DOCTYPE html><html>')), 'html');
    assert.equal(sniffFormat(enc('Plain text about NATO.')), undefined);
  });

  it('chooses by the bytes when they are unmistakable, else by the extension', () => {
    const pdfReader: SourceReader = { id: 'pdf', format: 'pdf', extensions: ['.pdf'], read: async () => ({ text: 'x', problems: [] }) };
    const readers = [...CORE_READERS, pdfReader];
    assert.equal(chooseReader(readers, 'report.txt', enc('%PDF-1.5 ...')).reader, pdfReader);
    assert.equal(chooseReader(readers, 'notes.md', enc('# Title\n<html>')).reader, markdownReader);
    assert.equal(chooseReader(readers, 'a.docx', enc('not a zip')).format, 'docx');
    assert.equal(chooseReader(readers, 'a.docx', enc('not a zip')).reader, undefined);
    assert.equal(chooseReader(readers, 'a.bin', enc('bytes')).format, undefined);
  });

  it('says once per format what it has no reader for, and reads the rest', async () => {
    const fs = new MemoryFileSystem({ '/c/a.txt': TEXT, '/c/b.pdf': '%PDF-1.4', '/c/c.pdf': '%PDF-1.4', '/c/d.epub': 'PK' });
    const r = await loadCorpus(fs, [{ path: '/c' }]);
    assert.deepEqual(r.sources.map((s) => s.id), ['c/a.txt']);
    assert.deepEqual(r.problems.map((p) => [p.message, p.count]).sort(), [
      ['1 EPUB file was skipped: EPUB is not read here', 1],
      ['2 PDF files were skipped: PDF is not read here', 2],
    ]);
  });

  it('keeps what a reader gives (format, pages, metadata) and skips what it refuses, naming the file', async () => {
    const reader: SourceReader = {
      id: 'fake-html', format: 'html', extensions: ['.html'],
      async read(bytes, name) {
        const t = new TextDecoder().decode(bytes);
        if (t.includes('<script>')) return { text: '', problems: [{ severity: 'error', message: `${name}: only scripts` }] };
        return { text: t.replace(/<[^>]*>/g, ''), metadata: { title: 'Page' }, pages: [{ start: 0, end: 5, number: 1, label: '1' }], problems: [] };
      },
    };
    const fs = new MemoryFileSystem({ '/c/good.html': '<p>CSTO text</p>', '/c/bad.html': '<script>x()</script>' });
    const r = await loadCorpus(fs, [{ path: '/c' }], { readers: [...CORE_READERS, reader] });
    assert.deepEqual(r.sources.map((s) => [s.id, s.format, s.metadata?.title, s.pages?.length]), [['c/good.html', 'html', 'Page', 1]]);
    assert.deepEqual(r.problems.map((p) => [p.path, p.severity]), [['/c/bad.html', 'error']]);
  });

  it('reports progress for every file read', async () => {
    const fs = new MemoryFileSystem({ '/c/a.txt': TEXT, '/c/b.txt': TEXT, '/c/c.md': TEXT });
    const seen: string[] = [];
    await loadCorpus(fs, [{ path: '/c' }], { onProgress: (p) => seen.push(`${p.done}/${p.total}`) });
    assert.deepEqual(seen, ['1/3', '2/3', '3/3']);
  });
});

/** A file system where some entries are links (realPath elsewhere) or special files. */
class LinkedFs extends MemoryFileSystem {
  constructor(files: Record<string, string>, readonly links: Record<string, string> = {}, readonly specials: string[] = []) {
    super(files);
  }
  override async stat(p: string): Promise<FileStat | undefined> {
    if (this.specials.includes(p)) return { type: 'other', size: 0 };
    return super.stat(p);
  }
  override async readDirectory(p: string): Promise<string[]> {
    const names = new Set(await super.readDirectory(p));
    for (const s of this.specials) if (s.startsWith(p + '/') && !s.slice(p.length + 1).includes('/')) names.add(s.slice(p.length + 1));
    return [...names].sort();
  }
  override async realPath(p: string): Promise<string> {
    for (const [from, to] of Object.entries(this.links)) if (p === from || p.startsWith(from + '/')) return to + p.slice(from.length);
    return p;
  }
}

describe('corpus walks: bounded, aggregated, yielding', () => {
  it('reports 312 links out of the corpus folder as one problem, and reads the rest', async () => {
    const files: Record<string, string> = { '/c/own.txt': TEXT };
    const links: Record<string, string> = {};
    for (let i = 0; i < 312; i++) {
      files[`/c/l${String(i).padStart(3, '0')}.txt`] = TEXT;
      links[`/c/l${String(i).padStart(3, '0')}.txt`] = `/etc/f${i}.txt`;
    }
    const r = await loadCorpus(new LinkedFs(files, links), [{ path: '/c' }]);
    assert.deepEqual(r.sources.map((s) => s.id), ['c/own.txt']);
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].message, '312 entries link outside the corpus folder and were skipped');
    assert.equal(r.problems[0].count, 312);
    assert.ok(r.problems[0].details!.length <= 20);
  });

  it('never reads a device, pipe or socket, nor walks into /proc, /sys or /dev', async () => {
    const fs = new LinkedFs({ '/c/a.txt': TEXT, '/c/sub/b.txt': TEXT, '/proc/1/status.txt': 'x' }, { '/c/sub': '/proc/self' }, ['/c/fifo.txt', '/c/zero.md']);
    const r = await loadCorpus(fs, [{ path: '/c' }, { path: '/proc' }]);
    assert.deepEqual(r.sources.map((s) => s.id), ['c/a.txt']);
    assert.deepEqual(r.problems.map((p) => p.message).sort(), [
      '1 entry links into a special file system (/proc, /sys, /dev) and was skipped',
      '2 entries are not a regular file (device, pipe or socket) and were skipped',
      'is a special file system (devices, processes), not a folder of sources; not read',
    ]);
  });

  it('stops at the file-count, entry, depth and byte limits with one message each', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`/c/f${String(i).padStart(2, '0')}.txt`] = TEXT;
    const byFiles = await loadCorpus(new MemoryFileSystem(files), [{ path: '/c' }], { limits: { maxFiles: 10 } });
    assert.equal(byFiles.sources.length, 10);
    assert.deepEqual(byFiles.problems.map((p) => p.message), ['the walk stopped at more than 10 source files (10 source files taken); is this the folder you meant to add as a corpus?']);
    const byEntries = await loadCorpus(new MemoryFileSystem(files), [{ path: '/c' }], { limits: { maxEntries: 25 } });
    assert.equal(byEntries.sources.length, 25);
    assert.equal(byEntries.problems.length, 1);
    assert.match(byEntries.problems[0].message, /more than 25 entries/);
    const deep: Record<string, string> = { '/c/top.txt': TEXT };
    let dir = '/c';
    for (let i = 0; i < 8; i++) deep[`${(dir += `/d${i}`)}/x.txt`] = TEXT;
    const byDepth = await loadCorpus(new MemoryFileSystem(deep), [{ path: '/c' }], { limits: { maxDepth: 3 } });
    assert.deepEqual(byDepth.sources.map((s) => s.id), ['c/d0/d1/d2/x.txt', 'c/d0/d1/x.txt', 'c/d0/x.txt', 'c/top.txt']);
    assert.deepEqual(byDepth.problems.map((p) => p.message), ['1 folder deeper than 3 levels was skipped']);
    const byBytes = await loadCorpus(new MemoryFileSystem(files), [{ path: '/c' }], { limits: { maxBytes: TEXT.length * 5 } });
    assert.equal(byBytes.sources.length, 5);
    assert.deepEqual(byBytes.problems.map((p) => [p.count, /35 source files were not read/.test(p.message)]), [[35, true]]);
  });

  it('stops a walk that runs past its time, with one message', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) files[`/c/d${i % 40}/f${i}.txt`] = TEXT;
    let clock = 0;
    const r = await loadCorpus(new MemoryFileSystem(files), [{ path: '/c' }], {
      limits: { maxMs: 1000 },
      now: () => clock,
      yieldControl: async () => {
        clock += 400;
      },
    });
    assert.ok(r.sources.length > 0 && r.sources.length < 2000, String(r.sources.length));
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0].message, /the walk stopped at more than 1 s/);
  });

  it('yields to the event loop while it walks, so a timer set before it fires during it', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) files[`/c/d${i % 30}/f${i}.skip`] = 'x';
    files['/c/last.txt'] = TEXT;
    let fired = false;
    let firedBeforeEnd = false;
    setTimeout(() => (fired = true), 0);
    const r = await loadCorpus(new MemoryFileSystem(files), [{ path: '/c' }], {
      yieldControl: () => new Promise((resolve) => setTimeout(() => {
        if (fired) firedBeforeEnd = true;
        resolve();
      }, 0)),
    });
    assert.deepEqual(r.sources.map((s) => s.id), ['c/last.txt']);
    assert.ok(firedBeforeEnd);
  });
});

describe('citations by page', () => {
  const base: Citation = { file: 'c/zones.pdf', line: 12, endLine: 12, format: 'pdf' };
  it('formats author, title, chapter and page, in Markdown or plain text', () => {
    assert.equal(formatCitation({ ...base, author: 'S. Havel', title: 'Demilitarized commons', page: 2, pageLabel: '2' }), 'S. Havel, *Demilitarized commons*, p. 2');
    assert.equal(formatCitation({ ...base, author: 'S. Havel', title: 'Commons_2', page: 2, pageLabel: '2' }, { markup: 'plain' }), 'S. Havel, Commons_2, p. 2');
    assert.equal(formatCitation({ ...base, title: 'A*B', page: 3, pageLabel: '3', endPageLabel: '4' }), '*A\\*B*, pp. 3–4');
    assert.equal(formatCitation({ ...base, page: 2, pageLabel: 'ii' }), 'c/zones.pdf, p. ii');
    assert.equal(formatCitation({ ...base, author: 'R. Keane', chapter: 'The Landscape', title: 'Eurasia', page: 58, pageLabel: '58–79', pageApproximate: true }), 'R. Keane, “The Landscape”, in *Eurasia*, pp. 58–79');
    assert.equal(formatCitation({ file: 'c/notes.txt', line: 7, endLine: 7, format: 'text' }), 'c/notes.txt, line 7');
    assert.equal(formatCitation({ file: 'c/page.html', line: 1, endLine: 1, format: 'html', title: 'Mercosur at thirty' }), '*Mercosur at thirty*');
    assert.equal(formatCitation({ ...base, author: 'S. Havel', title: 'Demilitarized commons', page: 2, pageLabel: '2' }, { short: true }), 'S. Havel, p. 2');
    assert.equal(formatCitation({ file: 'c/page.html', line: 1, endLine: 1, format: 'html', title: 'Mercosur at thirty' }, { short: true, markup: 'plain' }), 'Mercosur at thirty');
  });

  it('cites a document by the page its reader mapped, with metadata authors', () => {
    const text = 'Page one text.\n\nThe Outer Space Treaty on page two.';
    const doc = new CorpusDocument({
      id: 'c/zones.pdf', location: '/c/zones.pdf', text, format: 'pdf',
      metadata: { title: 'Zones', author: ['A. One', 'B. Two'] },
      pages: [{ start: 0, end: 14, number: 1, label: 'i' }, { start: 16, end: text.length, number: 2, label: '1' }],
    });
    const at = text.indexOf('Outer');
    const c = doc.citation(at, at + 17);
    assert.deepEqual([c.page, c.pageLabel, c.author, c.title], [2, '1', 'A. One and B. Two', 'Zones']);
    assert.equal(formatCitation(c, { markup: 'plain' }), 'A. One and B. Two, Zones, p. 1');
    assert.equal(doc.citation(0, text.length).endPageLabel, '1');
  });
});

describe('printed pages of the bundled book', () => {
  const line = (n: number) => {
    let o = 0;
    for (let i = 1; i < n; i++) o = BOOK_TEXT.indexOf('\n', o) + 1;
    return o;
  };
  // Printed page numbers the book's text keeps (checked against seeds/: "58" at line 2379 above
  // the running header, "80" at 3405, "86" at 3709, "87" after the header at 3768).
  it('finds the printed page numbers beside the running headers, and the pages between and around them from the breaks', () => {
    const map = printedPageMap(BOOK_TEXT);
    const page = (label: string) => map.find((p) => p.label === label);
    // The numbered pages start where their numbers (or headers) stand.
    assert.equal(page('58')?.start, line(2379));
    assert.equal(page('80')?.start, line(3405));
    assert.equal(page('86')?.start, line(3709));
    // Page 87's header stands above its number: the page starts at the header.
    assert.equal(page('87')?.start, line(3766));
    // Between them, every page is found at a break, in order, with no gap or overlap.
    for (let k = 1; k < map.length; k++) {
      assert.equal(map[k].start, map[k - 1].end, `page ${map[k].label} follows ${map[k - 1].label}`);
      assert.ok(map[k].number > map[k - 1].number, `${map[k].label} after ${map[k - 1].label}`);
    }
    assert.equal(map.filter((p) => p.label === '59' || p.label === '79' || p.label === '81').length, 3);
    // Most pages are single pages; where a break had to be estimated, the two pages are one range.
    const ranges = map.filter((p) => p.approximate);
    assert.ok(ranges.every((p) => /^\d+–\d+$/.test(p.label)), ranges.map((p) => p.label).join(' '));
    assert.ok(map.length - ranges.length > 80, `${map.length - ranges.length} single pages`);
  });

  it('walks page breaks from printed numbers in a text with form feeds; gives ranges where the walk cannot arrive', () => {
    // Ten pages of 30 lines, each starting with a form feed; pages 3 and 7 show their numbers.
    const pages: string[] = [];
    for (let p = 1; p <= 10; p++) {
      const body = Array.from({ length: 30 }, (_, i) => `Line ${i} of page ${p} goes on here`);
      if (p === 3 || p === 7) body.splice(0, 0, '', String(p), '', 'A Running Header Of This Book', '');
      else if (p === 5) body.splice(0, 0, '', 'A Running Header Of This Book', '');
      pages.push('\f' + body.join('\n'));
    }
    const text = pages.join('\n');
    const map = printedPageMap(text);
    const pageOf = (s: string) => map.find((p) => p.start <= text.indexOf(s) && text.indexOf(s) < p.end)?.label;
    assert.equal(pageOf('Line 10 of page 3 '), '3');
    assert.equal(pageOf('Line 10 of page 5 '), '5');
    assert.equal(pageOf('Line 10 of page 9 '), '9');
    assert.equal(pageOf('Line 10 of page 2 '), '2');
    // Without breaks, only the numbers' ranges.
    const flat = printedPageMap(text.replace(/\f/g, ''));
    assert.deepEqual(flat.map((p) => p.label), ['3–6', '7ff.']);
  });

  it('cites the bundled book by printed page, and by line where the text has no page number', async () => {
    const { engine } = await loadEngine({ fs: memoryFs(), bundledDir: '/seeds' });
    const doc = engine.corpus.get(BOOK)!;
    const at = (s: string) => {
      const i = doc.normalized.indexOf(s);
      assert.ok(i >= 0, s);
      return engine.citeLabel({ origin: 'learned', source: { file: BOOK, start: i, end: i + s.length } });
    };
    assert.equal(at('2.Focussing main efforts'), 'Yulia Grigorieva, p. 86');
    assert.equal(at('were transferred to Russia, partially with the assistance'), 'Andrey Kazantsev, p. 58');
    assert.equal(at('Huntington in his article'), 'Rory Keane, p. 5');
    // The full form names the chapter and the book.
    const i = doc.normalized.indexOf('2.Focussing main efforts');
    assert.match(formatCitation(doc.citation(i, i + 5)), /^Yulia Grigorieva, “Conflicting Views on the Conflict\..*”, in \*International security organizations in Eurasia: Rivalry and co-operation\*, p\. 86$/);
  });

  it('gives no pages for a text with one lone number, nor for numbers that do not increase', () => {
    assert.deepEqual(printedPageMap('Intro.\n\n12\n\nMore text.\n'), []);
    assert.deepEqual(printedPageMap('A.\n\n9\n\nB.\n\n3\n\nC.\n'), []);
    const two = printedPageMap('A.\n\n4\n\nB.\n\n5\n\nC.\n');
    assert.deepEqual(two.map((p) => p.label), ['5', '6ff.']);
  });
});
