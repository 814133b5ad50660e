import * as assert from 'node:assert/strict';
import { parseDictionary, DICTIONARY_SCHEMA } from '../../server/src/core/knowledge/dictionary';
import { parseSettings } from '../../server/src/core/settings';
import { loadCorpus, decodeText } from '../../server/src/core/corpus/loader';
import { MemoryFileSystem } from '../../server/src/core/host';
import { loadEngine } from '../../server/src/core/load';
import { memoryFs, analyze, codes, bookEngine } from '../util';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../util';

describe('dictionary', () => {
  it('validates with positions', () => {
    const text = '{\n  "entities": [\n    { "name": "X", "kind": "army", "events": [{ "type": "born", "date": "2002-13" }] }\n  ]\n}';
    const { dictionary, errors } = parseDictionary(text);
    assert.equal(dictionary, undefined);
    const msgs = errors.map((e) => `${text.slice(e.start, e.end)} → ${e.message}`);
    assert.ok(msgs.some((m) => m.startsWith('"army"')), msgs.join('\n'));
    assert.ok(msgs.some((m) => m.startsWith('"born"')));
    assert.ok(msgs.some((m) => m.startsWith('"2002-13"') || m.includes('ISO date')));
    assert.ok(msgs.some((m) => m.includes('name')));
  });

  it('reports JSON syntax errors with an offset', () => {
    const { errors } = parseDictionary('{ "entities": [ }');
    assert.ok(errors.length > 0);
    assert.ok(errors[0].start > 0);
  });

  it('adds entities and corrects facts; a correction replaces the catalog’s date', async () => {
    const { dictionary } = parseDictionary(JSON.stringify({
      entities: [
        { name: 'Collective Rapid Reaction Force of the North', acronyms: ['CRRFN'], kind: 'organization', events: [{ type: 'founded', date: '2009-02-04' }] },
        { id: 'sco', name: 'Shanghai Cooperation Organization', events: [{ type: 'founded', date: '2001-06-14', note: 'my correction' }] },
      ],
    }));
    assert.ok(dictionary);
    const { engine } = await loadEngine({ fs: memoryFs(), bundledDir: '/seeds', dictionary });
    const a = analyze(engine, 'The CRRFN was founded in 2008. The SCO was founded on 15 June 2001.');
    assert.deepEqual(codes(a), ['date-conflict', 'date-conflict']);
    assert.match(a.diagnostics[1].message, /14 June 2001/);
  });

  it('has a schema file identical to the one the server validates with', () => {
    const file = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'dictionary.schema.json'), 'utf8'));
    assert.deepEqual(file, JSON.parse(JSON.stringify(DICTIONARY_SCHEMA)));
  });
});

describe('settings', () => {
  it('replaces values of the wrong type by defaults and says so', () => {
    const { settings, errors } = parseSettings({ corpus: { paths: 'notes' }, dates: { order: 'ymd' }, diagnostics: { 'date-invalid': 'loud', 'no-such': 'off', anachronism: 'off' }, maxFileSize: -1 });
    assert.deepEqual(settings.corpus.paths, []);
    assert.equal(settings.dates.order, 'dmy');
    assert.equal(settings.diagnostics['date-invalid'], 'error');
    assert.equal(settings.diagnostics.anachronism, 'off');
    assert.equal(errors.length, 5);
  });

  it('accepts flat dotted keys and ignores null', () => {
    assert.deepEqual(parseSettings({ 'corpus.paths': ['a'] }).settings.corpus.paths, ['a']);
    assert.equal(parseSettings(null).errors.length, 0);
    assert.equal(parseSettings('x').errors.length, 1);
  });
});

describe('corpus loading', () => {
  it('reads folders recursively, skips binaries and reports missing paths', async () => {
    const mem = new MemoryFileSystem({
      '/c/a.txt': 'The Arctic Research Forum (ARF) met.',
      '/c/sub/b.md': '# B\nThe Baltic Fishing Union (BFU).',
      '/c/image.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0]),
      '/c/bin.txt': new Uint8Array([0x41, 0, 0x42]),
    });
    const r = await loadCorpus(mem, [{ path: '/c' }, { path: '/missing' }]);
    assert.deepEqual(r.sources.map((s) => s.id), ['c/a.txt', 'c/sub/b.md']);
    assert.deepEqual(r.problems.map((p) => `${p.path}: ${p.message}`).sort(), ['/c/bin.txt: looks like a binary file (it contains NUL bytes); skipped', '/missing: corpus path not found']);
  });

  it('strips a BOM and reads invalid UTF-8 with replacement characters, reporting it', () => {
    assert.equal(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])).text, 'A');
    const bad = decodeText(new Uint8Array([0x41, 0xff, 0x42]));
    assert.equal(bad.text, 'A\uFFFDB');
    assert.match(bad.problem!, /not valid UTF-8/);
  });

  it('refuses links that lead out of the corpus folder', async () => {
    class LinkFs extends MemoryFileSystem {
      override async realPath(p: string) {
        return p === '/c/link.txt' ? '/etc/secret.txt' : p;
      }
    }
    const mem = new LinkFs({ '/c/a.txt': 'A.', '/c/link.txt': 'secret' });
    const r = await loadCorpus(mem, [{ path: '/c' }]);
    assert.deepEqual(r.sources.map((s) => s.id), ['c/a.txt']);
    assert.match(r.problems[0].message, /outside the corpus folder/);
  });

  it('keeps serving the bundled corpus when an added folder is missing', async () => {
    const { engine, problems } = await loadEngine({ fs: memoryFs(), bundledDir: '/seeds', corpusPaths: ['/nowhere'] });
    assert.equal(problems.length, 1);
    assert.ok(engine.kb.get('csto'));
    assert.deepEqual(codes(analyze(engine, '30 February 2010')), ['date-invalid']);
  });

  it('cites chapter, author and line from the manifest', async () => {
    const engine = await bookEngine();
    const doc = engine.corpus.documents[0];
    const offset = doc.text.indexOf('(CST), signed on 15 May 1992');
    const c = doc.citation(offset);
    assert.equal(c.line, 2310);
    assert.equal(c.author, 'Andrey Kazantsev');
    assert.match(c.chapter!, /Post-Soviet Security Organizations/);
  });
});

describe('snapshot text runs', () => {
  it('stores only what normalization changed, and gives it back', async () => {
    const { diffRuns, applyRuns } = await import('../../server/src/core/engine.js');
    const a = 'Europe1 and NATO67 in 199820.\n\n58\n\nр. 28';
    const b = 'Europe  and NATO   in 1998  .\n\n  \n\np. 28';
    const runs = diffRuns(a, b);
    assert.ok(runs.length >= 4 && runs.every(([, r]) => r.length < 4));
    assert.equal(applyRuns(a, runs), b);
    assert.equal(applyRuns(a, diffRuns(a, a)), a);
  });
});
