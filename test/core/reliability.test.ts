// Bad input at the core: notes too large or oddly encoded, corpus files that are binary, broken,
// unreadable or changing while they are read, broken dictionaries and settings. The core reports
// what it cannot use and carries on; nothing here may throw. The same inputs through the server and
// the CLI are in test/protocol/reliability.test.ts and test/cli/reliability.test.ts; the table of
// all of them is docs/reliability.md.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MemoryFileSystem, type FileStat } from '../../server/src/core/host';
import { loadCorpus, decodeText } from '../../server/src/core/corpus/loader';
import { loadEngine } from '../../server/src/core/load';
import { parseDictionary } from '../../server/src/core/knowledge/dictionary';
import { parseSettings, defaultSettings } from '../../server/src/core/settings';
import { hover } from '../../server/src/core/features/hover';
import { ParagraphCache, paragraphs } from '../../server/src/core/analysis';
import type { Engine } from '../../server/src/core/engine';
import type { CheckedNote as Analysis } from '../util';
import { analyze, bookEngine, engineWith, memoryFs, codes } from '../util';

const enc = (s: string) => new TextEncoder().encode(s);
const bytes = (...parts: (string | number[])[]) => {
  const chunks = parts.map((p) => (typeof p === 'string' ? enc(p) : Uint8Array.from(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
};

/** Every mention's text is the slice of the note at its offsets, and its LSP range is TextDocument's. */
function assertOffsets(a: Analysis): void {
  const doc = TextDocument.create('test://x', 'plaintext', 1, a.text);
  for (const m of [...a.entities, ...a.dates]) {
    assert.equal(m.text, a.text.slice(m.start, m.end), `text of ${JSON.stringify(m.text)}`);
    assert.deepEqual(a.lines.rangeOf(m.start, m.end), { start: doc.positionAt(m.start), end: doc.positionAt(m.end) }, `range of ${JSON.stringify(m.text)}`);
  }
  for (const d of a.diagnostics) assert.ok(0 <= d.start && d.start <= d.end && d.end <= a.text.length, `diagnostic ${d.code} in range`);
}

const CBSS = 'The Council of the Baltic Sea States (CBSS) was founded in March 1992.\n';

describe('reliability: notes', function () {
  this.timeout(20000);
  let engine: Engine;
  before(async () => {
    engine = await bookEngine();
  });

  it('does not analyze a note larger than maxFileSize, and says why', async () => {
    const small = await bookEngine({ maxFileSize: 1000 });
    const text = 'The CSTO was created on 30 February 2002.\n'.repeat(50);
    const a = analyze(small, text);
    assert.match(a.skipped ?? '', /2,100 characters, more than entente\.maxFileSize \(1,000\)/);
    assert.deepEqual([a.entities.length, a.dates.length, a.diagnostics.length], [0, 0, 0]);
    // At the limit it is analyzed.
    const b = analyze(small, text.slice(0, 1000));
    assert.equal(b.skipped, undefined);
    assert.ok(b.diagnostics.some((d) => d.code === 'date-invalid'));
  });

  it('skips a 50 MB note under the default limit quickly (bounded)', () => {
    const text = 'NATO 30 February 2002. '.repeat(Math.ceil((50 * 1024 * 1024) / 23));
    const t0 = performance.now();
    const a = analyze(engine, text);
    const ms = performance.now() - t0;
    assert.match(a.skipped ?? '', /more than entente\.maxFileSize \(10,000,000\)/);
    assert.equal(a.entities.length, 0);
    assert.ok(ms < 5000, `${ms} ms`); // a bound, not a benchmark (about 0.3 s here)
  });

  it('analyzes a 1 MB single line completely, with exact offsets', () => {
    const unit = 'The CSTO was founded on 7 October 2002 and NATO in 1949; the Shanghai Cooperation Organization too. ';
    const text = unit.repeat(Math.ceil(1e6 / unit.length)) + 'CACO was created on 30 February 2002.';
    const a = analyze(engine, text);
    assert.equal(a.lines.lineCount, 1);
    const n = Math.ceil(1e6 / unit.length);
    assert.equal(a.entities.filter((e) => e.entityId === 'csto').length, n);
    assert.equal(a.dates.filter((d) => d.value === '2002-10-07').length, n);
    const last = a.diagnostics.find((d) => d.code === 'date-invalid')!;
    assert.equal(last.start, text.lastIndexOf('30 February 2002'));
    assert.deepEqual(a.lines.positionAt(last.start), { line: 0, character: last.start });
    const lastCsto = a.entities.filter((e) => e.entityId === 'csto').pop()!;
    assert.equal(lastCsto.start, text.lastIndexOf('CSTO'));
    assertOffsets(a);
  });

  it('analyzes one paragraph of 160,000 candidate names (no spread of an input-sized array into a call)', () => {
    // "Security Council (SC " × 80,000 (1.7 MB, one paragraph): a name and an acronym per unit, all
    // candidates of one paragraph. Passing them with push(...xs) threw RangeError (Maximum call
    // stack size exceeded) past about 120,000, and the note got no analysis.
    const unit = 'Security Council (SC ';
    const text = unit.repeat(80_000);
    const a = analyze(engine, text);
    assert.ok(!a.skipped);
    assert.ok(a.entities.length >= 79_000, `${a.entities.length} names`);
    const last = a.entities[a.entities.length - 1];
    assert.equal(text.slice(last.start, last.end), last.text);
    assert.ok(last.start > text.length - 2 * unit.length, 'found to the end of the note');
  });

  it('keeps exact UTF-16 offsets with CRLF, lone CR and mixed line endings', () => {
    const text = 'Intro.\r\nThe CSTO and the Shanghai Cooperation\r\nOrganization met.\rCACO was created on 30 February 2002.\nThe SCO\r\n\r\nwas founded on 15 June 2001.';
    const a = analyze(engine, text);
    assertOffsets(a);
    const sco = a.entities.find((e) => e.text.startsWith('Shanghai'))!;
    assert.equal(sco.entityId, 'sco');
    assert.equal(sco.text, 'Shanghai Cooperation\r\nOrganization');
    const d = a.diagnostics.find((x) => x.code === 'date-invalid')!;
    assert.deepEqual(a.lines.positionAt(d.start), { line: 3, character: 20 });
  });

  it('counts emoji and other surrogate pairs as two UTF-16 units', () => {
    const text = '😀👍🏽 The 𝔄 CSTO 🇷🇺 was created on 30 February 2002 😀\r\n😀CSTO';
    const a = analyze(engine, text);
    assertOffsets(a);
    const csto = a.entities.filter((e) => e.entityId === 'csto');
    assert.deepEqual(csto.map((e) => e.start), [text.indexOf('CSTO'), text.lastIndexOf('CSTO')]);
    assert.deepEqual(a.lines.positionAt(csto[0].start), { line: 0, character: 14 });
    assert.deepEqual(a.lines.positionAt(csto[1].start), { line: 1, character: 2 });
    assert.deepEqual(codes(a), ['date-invalid']);
  });

  it('reads right-to-left text, bidi controls and combining characters without losing offsets', () => {
    const text = 'מאי 1992: NATO ו-CSTO. العربية \u202eNATO\u202c met on 15 May 1992. Caf\u00e9 and cafe\u0301 CSTO\u0301 \u200fSCO\u200f e\u0301\u0301\u0301.';
    const a = analyze(engine, text);
    assertOffsets(a);
    const ids = a.entities.map((e) => e.entityId);
    assert.ok(ids.filter((i) => i === 'nato').length >= 2, JSON.stringify(a.entities));
    assert.ok(ids.includes('sco'));
    assert.ok(a.dates.some((d) => d.value === '1992-05-15'));
  });

  it('analyzes an empty note, a blank note and a note of one character', () => {
    for (const text of ['', '\n', '\r\n\r\n', ' ', 'N', '\ufeff', '\ud800']) {
      const a = analyze(engine, text);
      assert.deepEqual([a.entities.length, a.dates.length, a.diagnostics.length], [0, 0, 0], JSON.stringify(text));
      assert.equal(hover(engine, a, 0), undefined);
    }
  });
});

describe('reliability: corpus files', function () {
  this.timeout(20000);

  it('reports a binary file and skips it, keeping the others', async () => {
    const fs = new MemoryFileSystem({ '/c/a.txt': CBSS, '/c/b.txt': bytes('NA', [0, 1, 2, 0xff]), '/c/c.md': 'More.' });
    const r = await loadCorpus(fs, [{ path: '/c' }]);
    assert.deepEqual(r.sources.map((s) => s.id), ['c/a.txt', 'c/c.md']);
    assert.deepEqual(r.problems.map((p) => `${p.path}: ${p.message}`), ['/c/b.txt: looks like a binary file (it contains NUL bytes); skipped']);
  });

  it('strips a byte-order mark, and offsets into the file stay right', async () => {
    const { engine, problems } = await loadEngine({ fs: memoryFs({ '/c/bom.txt': bytes([0xef, 0xbb, 0xbf], CBSS) }), bundledDir: '/seeds', corpusPaths: ['/c'] });
    assert.deepEqual(problems, []);
    const doc = engine.corpus.get('c/bom.txt')!;
    assert.equal(doc.text, CBSS);
    const cbss = engine.kb.resolveName('CBSS')!;
    const src = engine.sourceOf(cbss.definitions.find((d) => d.source)!)!;
    assert.equal(src.doc.text.slice(src.start, src.start + 'Council'.length), 'Council');
    assert.equal(src.doc.lines.rangeOf(src.start, src.end).start.character, CBSS.indexOf('Council'));
  });

  it('reads invalid UTF-8 as U+FFFD, reports it once, and keeps offsets after it right', async () => {
    const raw = bytes('Caf', [0xe9], ' ', [0xc3, 0x28], ' ', CBSS);
    assert.equal(decodeText(raw).text, 'Caf\ufffd \ufffd( ' + CBSS);
    const { engine, problems } = await loadEngine({ fs: memoryFs({ '/c/latin1.txt': raw }), bundledDir: '/seeds', corpusPaths: ['/c'] });
    assert.deepEqual(problems.map((p) => [p.path, p.message, p.severity]), [['/c/latin1.txt', 'is not valid UTF-8; invalid bytes were read as U+FFFD', 'warning']]);
    const cbss = engine.kb.resolveName('CBSS')!;
    const src = engine.sourceOf(cbss.definitions.find((d) => d.source)!)!;
    assert.equal(src.doc.text.slice(src.start, src.start + 7), 'Council');
  });

  it('quotes a fact of a source without sentence ends around its name and date, in time linear in the source', async () => {
    // The whole source is one clause: every claim quoted all of it (27 s for 200 KB, quadratic).
    const unit = 'NATO(1995 was founded in ';
    const text = unit.repeat(Math.ceil(200_000 / unit.length));
    const t0 = performance.now();
    const e = await engineWith({ '/run-on.txt': text }, {}, false);
    const ms = performance.now() - t0;
    const facts = e.kb.get('nato')!.events.filter((x) => x.provenance.origin === 'learned');
    assert.ok(facts.length > 0, 'a fact learned');
    for (const f of facts) {
      assert.ok(f.provenance.quote!.length <= 602, `quote of ${f.provenance.quote!.length} characters`);
      const src = f.provenance.source!;
      assert.ok(src.end - src.start <= 600);
      assert.match(f.provenance.quote!, /NATO.*1995.*…$/, 'the name and the date, cut where the clause goes on');
    }
    assert.ok(ms < 5000, `${ms.toFixed(0)} ms`);
  });

  it('loads an empty corpus file and an empty folder without a problem', async () => {
    const { engine, problems } = await loadEngine({ fs: memoryFs({ '/c/empty.txt': '', '/c/blank.md': '\n\n' }), bundledDir: '/seeds', corpusPaths: ['/c'] });
    assert.deepEqual(problems, []);
    assert.equal(engine.corpus.documents.length, 3);
  });

  it('reports a missing corpus folder and keeps the bundled corpus', async () => {
    const { engine, problems } = await loadEngine({ fs: memoryFs(), bundledDir: '/seeds', corpusPaths: ['/nowhere'] });
    assert.deepEqual(problems.map((p) => [p.path, p.message, p.severity]), [['/nowhere', 'corpus path not found', 'error']]);
    assert.equal(engine.corpus.documents.length, 1);
    const a = analyze(engine, 'The CSTO.');
    assert.match(hover(engine, a, 5)!.markdown, /Collective Security Treaty Organization/);
  });

  it('reports an unreadable file or folder (a FileSystem that throws) and keeps the rest', async () => {
    class Unreadable extends MemoryFileSystem {
      override async readFile(p: string): Promise<Uint8Array> {
        if (p.includes('secret')) throw new Error(`EACCES: permission denied, open '${p}'`);
        return super.readFile(p);
      }
      override async readDirectory(p: string): Promise<string[]> {
        if (p.endsWith('locked')) throw new Error(`EACCES: permission denied, scandir '${p}'`);
        return super.readDirectory(p);
      }
    }
    const fs = new Unreadable({ '/c/a.txt': CBSS, '/c/secret.txt': 'x', '/c/locked/b.txt': 'y' });
    const r = await loadCorpus(fs, [{ path: '/c' }, { path: '/c/secret.txt' }]);
    assert.deepEqual(r.sources.map((s) => s.id), ['c/a.txt']);
    assert.deepEqual(r.problems.map((p) => `${p.path}: ${p.message}`).sort(), [
      "/c/locked: could not be listed: EACCES: permission denied, scandir '/c/locked'",
      "/c/secret.txt: could not be read: EACCES: permission denied, open '/c/secret.txt'",
    ]);
  });

  it('survives a corpus that changes while it is read (file grown, shrunk, deleted, stat failing)', async () => {
    class Changing extends MemoryFileSystem {
      reads = 0;
      override async stat(p: string): Promise<FileStat | undefined> {
        if (p.endsWith('flaky.txt')) throw new Error('EIO: i/o error, stat');
        return super.stat(p);
      }
      override async readFile(p: string): Promise<Uint8Array> {
        this.reads++;
        // Each file changes between its stat and its read.
        if (p.endsWith('grows.txt')) return enc(CBSS + 'Added while indexing: the Northern Rapid Response Unit (NRRU).\n');
        if (p.endsWith('shrinks.txt')) return enc('');
        if (p.endsWith('gone.txt')) {
          this.files.delete(p);
          throw new Error(`ENOENT: no such file or directory, open '${p}'`);
        }
        return super.readFile(p);
      }
    }
    const fs = new Changing({ ...Object.fromEntries([...memoryFs().files]), '/c/grows.txt': 'x', '/c/shrinks.txt': 'long text '.repeat(100), '/c/gone.txt': 'z', '/c/flaky.txt': 'w' });
    const { engine, problems } = await loadEngine({ fs, bundledDir: '/seeds', corpusPaths: ['/c'] });
    assert.ok(problems.some((p) => p.path === '/c/gone.txt' && /could not be read: ENOENT/.test(p.message)), JSON.stringify(problems));
    // What was read is what is indexed, with offsets into it.
    const nrru = engine.kb.resolveName('NRRU')!;
    assert.equal(nrru.name, 'Northern Rapid Response Unit');
    const src = engine.sourceOf(nrru.definitions.find((d) => d.source)!)!;
    assert.equal(src.doc.text.slice(src.start, src.end), 'Northern Rapid Response Unit (NRRU)');
    assert.ok(engine.corpus.get('c/shrinks.txt'));
  });
});

describe('reliability: corpus files (known bugs)', () => {
  it('reports a corpus file whose stat fails instead of dropping it silently', async () => {
    class FlakyStat extends MemoryFileSystem {
      override async stat(p: string): Promise<FileStat | undefined> {
        if (p.endsWith('flaky.txt')) throw new Error('EIO: i/o error, stat');
        return super.stat(p);
      }
    }
    const r = await loadCorpus(new FlakyStat({ '/c/a.txt': CBSS, '/c/flaky.txt': 'w' }), [{ path: '/c' }]);
    assert.deepEqual(r.sources.map((s) => s.id), ['c/a.txt']);
    assert.deepEqual(r.problems.map((p) => p.path), ['/c/flaky.txt']);
  });
});

describe('reliability: dictionary and settings', () => {
  it('reports broken dictionaries with positions, never throws', () => {
    const cases: [string, RegExp, string][] = [
      ['{ "entities": [ { "name": "Collective Rapid Reaction Force", } ', /JSON: /, ''],
      ['{ "entities": [ { "name": "CRRF force", "events": [{ "type": "founded", "date": "2009-13-45" }] } ] }', /ISO date/, '"2009-13-45"'],
      ['{ "entities": [ { "name": "X" } ] }', /needs a "name"/, '"X"'],
      ['{ "entities": {} }', /must be an array/, '{}'],
      ['{ "entites": [] }', /Unknown property "entites"/, '"entites"'],
      ['[1, 2]', /must be an object/, '[1, 2]'],
      ['', /JSON: /, ''],
      ['\ufeff{ "entities": [] }', /JSON: /, ''],
    ];
    for (const [text, message, at] of cases) {
      const r = parseDictionary(text);
      assert.equal(r.dictionary, undefined, text);
      assert.ok(r.errors.some((e) => message.test(e.message)), `${text}: ${JSON.stringify(r.errors)}`);
      for (const e of r.errors) assert.ok(0 <= e.start && e.start <= e.end && e.start <= Math.max(0, text.length), `${text}: ${JSON.stringify(e)}`);
      if (at) {
        const e = r.errors.find((x) => message.test(x.message))!;
        assert.equal(text.slice(e.start, e.end), at);
      }
    }
  });

  it('parseDictionary never throws on random JSON-ish text, and its error offsets are in the text', () => {
    const piece = fc.constantFrom('{', '}', '[', ']', ',', ':', '"entities"', '"name"', '"events"', '"type"', '"date"', '"founded"', '"2002-01-01"', '"X Y"', 'null', '1', 'true', ' ', '\n', '//c\n', '/*', '"', '\\', '😀');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }).map((xs) => xs.join('')), (text) => {
        const r = parseDictionary(text);
        assert.ok(r.dictionary ? r.errors.length === 0 : r.errors.length > 0);
        for (const e of r.errors) assert.ok(0 <= e.start && e.start <= e.end && e.start <= text.length);
      }),
      { numRuns: 300 },
    );
  });

  it('reports settings of the wrong type and uses the defaults', () => {
    const { settings, errors } = parseSettings({
      corpus: { paths: 'notes', includeBundled: 'yes' },
      languages: 'plaintext',
      dates: { order: 42 },
      diagnostics: { 'date-invalid': 'loud', 'no-such-check': 'error', anachronism: 'off' },
      maxFileSize: 'big',
      dictionary: { path: 3 },
    });
    const d = defaultSettings();
    assert.deepEqual(settings, { ...d, diagnostics: { ...d.diagnostics, anachronism: 'off' } });
    assert.equal(errors.length, 8, errors.join('\n'));
    for (const key of ['corpus.paths', 'corpus.includeBundled', 'languages', 'dates.order', 'diagnostics.date-invalid', 'maxFileSize', 'dictionary.path']) {
      assert.ok(errors.some((e) => e.includes(`entente.${key} should be`)), key);
    }
    assert.ok(errors.some((e) => e.includes('unknown code "no-such-check"')));
    for (const raw of ['a string', 42, ['x'], true, { maxFileSize: NaN }, { maxFileSize: -1 }, { maxFileSize: Infinity }, { diagnostics: [] }, { diagnostics: null }]) {
      const r = parseSettings(raw);
      assert.deepEqual(r.settings, defaultSettings(), JSON.stringify(raw));
      assert.ok(r.errors.length >= 1, JSON.stringify(raw));
    }
  });
});

describe('reliability: memory over a long editing session', function () {
  this.timeout(30000);

  it('does not retain every version of an edited note (heap stays bounded)', async () => {
    const v8 = await import('v8');
    const vm = await import('vm');
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const engine = await bookEngine();
    // Two-byte text (an emoji), so a retained version costs 2 bytes a character.
    let text = '';
    for (let i = 0; text.length < 100_000; i++) text += `## Section ${i} 😀\n\nThe CSTO was founded on 7 October 2002. NATO enlarged in 2004.\n\n`;
    const uri = 'test://memory';
    let version = 1;
    engine.analyze({ uri, version, text, languageId: 'markdown' });
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 60; i++) {
      const at = (i * 7919) % text.length;
      text = text.slice(0, at) + 'x' + text.slice(at);
      engine.analyze({ uri, version: ++version, text, languageId: 'markdown' });
    }
    engine.forget(uri);
    gc();
    const grown = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
    // 60 new paragraphs are a few hundred KB; 60 retained versions of the note are ~12 MB.
    assert.ok(grown < 5, `heap grew by ${grown.toFixed(1)} MB over 60 edits`);
  });

  // The soak's growth (scripts/soak.mjs): the paragraph cache kept twice the note's paragraphs, and
  // each moved paragraph's results twice (where first recognized and where it stood last).
  it('keeps about one set of paragraph results a paragraph over a long session of edits', async () => {
    const v8 = await import('v8');
    const vm = await import('vm');
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const engine = await bookEngine();
    const cache = new ParagraphCache();
    (engine as unknown as { paragraphs: ParagraphCache }).paragraphs = cache;
    let text = '';
    for (let i = 0; i < 600; i++) text += `## Section ${i}\n\nThe CSTO was founded on 7 October 2002 (item ${i}). NATO enlarged in ${1990 + (i % 30)}.\n\n`;
    const count = paragraphs(text).length;
    const uri = 'test://long-session';
    let version = 1;
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    gc();
    const empty = process.memoryUsage().heapUsed;
    engine.analyze({ uri, version, text, languageId: 'markdown' });
    gc();
    const first = process.memoryUsage().heapUsed;
    // Each edit makes a new version of one paragraph and moves every paragraph after it.
    for (let i = 0; i < 1000; i++) {
      const at = Math.floor(random() * text.length);
      text = text.slice(0, at) + (text[at] === '\n' ? '' : 'x') + text.slice(at);
      engine.analyze({ uri, version: ++version, text, languageId: 'markdown' });
    }
    gc();
    const grown = process.memoryUsage().heapUsed - first;
    const one = first - empty;
    assert.ok(cache.size <= Math.ceil(count * 1.25) + 1, `${cache.size} paragraph results cached for a note of ${count} paragraphs`);
    // Before: ~1,200 paragraphs and ~1,000 stale versions, most of them held twice (+2.5 analyses).
    assert.ok(grown < one * 0.75, `heap grew by ${(grown / 1048576).toFixed(1)} MB over 1,000 edits; one analysis of the note holds ${(one / 1048576).toFixed(1)} MB`);
    engine.forget(uri);
  });
});
