// What starting costs: the server and CLI bundles hold neither the source readers' libraries
// (PDF.js, mammoth, Readability) nor the citation libraries (citeproc-js, citation-js); those are
// bundles of their own (scripts/build.mjs: LAZY), loaded on the first file or bibliography that
// needs them. Checked on the built bundles and on what a CLI run actually loads.

import * as assert from 'node:assert/strict';
import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { ROOT } from '../util';
import { startServer } from '../protocol/client';

const DIST = path.join(ROOT, 'dist');

/** Runs the CLI with a hook that lists, on stderr, every dist/ bundle it loaded (by the module cache). */
function loadedBundles(args: string[]): { code: number | null; loaded: string[]; stdout: string } {
  const hook = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'entente-hook-')), 'hook.js');
  fs.writeFileSync(hook, `process.on('exit', () => {
  const dist = ${JSON.stringify(DIST + path.sep)};
  const loaded = Object.keys(require('module')._cache).filter((f) => f.startsWith(dist)).map((f) => f.slice(dist.length));
  process.stderr.write('\\nLOADED ' + JSON.stringify(loaded) + '\\n');
});\n`);
  const r = cp.spawnSync(process.execPath, ['-r', hook, path.join(ROOT, 'bin', 'entente.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
  fs.rmSync(path.dirname(hook), { recursive: true, force: true });
  const m = /LOADED (\[.*\])/.exec(r.stderr);
  assert.ok(m, `the hook reported: ${r.stderr.slice(-500)}`);
  return { code: r.status, loaded: JSON.parse(m[1]) as string[], stdout: r.stdout };
}

describe('bundles: start-up loads only what the first request needs', function () {
  this.timeout(60000);

  it('the server and CLI bundles leave PDF.js, mammoth, Readability, citeproc-js and citation-js to bundles of their own; the extension, vscode-languageclient', () => {
    for (const name of ['server.js', 'cli.js']) {
      const code = fs.readFileSync(path.join(DIST, name), 'utf8');
      for (const marker of ['pdfjs-dist', 'node_modules/citeproc', 'node_modules/mammoth', '@mozilla/readability', '@citation-js/core']) {
        assert.ok(!code.includes(marker), `${name} holds ${marker}`);
      }
      assert.ok(code.length < 2_000_000, `${name} is ${(code.length / 1e6).toFixed(1)} MB`);
    }
    assert.ok(fs.readFileSync(path.join(DIST, 'sources-extract.js'), 'utf8').includes('pdfjs-dist'), 'the readers bundle holds PDF.js');
    assert.ok(fs.readFileSync(path.join(DIST, 'cite-libs.js'), 'utf8').includes('citeproc'), 'the citation bundle holds citeproc-js');
    assert.ok(fs.statSync(path.join(DIST, 'sources-worker.js')).size < 10_000, 'the worker loads the readers bundle instead of holding a copy');
    // The extension: VS Code counts loading client.js as activation; the language client loads with the first note.
    const client = fs.readFileSync(path.join(DIST, 'client.js'), 'utf8');
    assert.ok(!client.includes('vscode-languageclient/lib'), 'client.js holds vscode-languageclient');
    assert.ok(client.length < 200_000, `client.js is ${(client.length / 1e3).toFixed(0)} KB`);
    assert.ok(fs.readFileSync(path.join(DIST, 'client-lsp.js'), 'utf8').includes('vscode-languageclient'), 'the language client bundle');
  });

  it('a CLI check of a plain note loads no readers; one with a PDF in its corpus loads them and reads it', () => {
    const note = path.join(ROOT, 'examples', 'csto-note.md');
    const plain = loadedBundles(['check', note]);
    assert.ok(!plain.loaded.includes('sources-extract.js'), `loaded: ${plain.loaded}`);
    assert.ok(!plain.loaded.includes('cite-libs.js'), `loaded: ${plain.loaded}`);
    const corpus = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-lazy-'));
    try {
      fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'sources', 'polar-and-space.pdf'), path.join(corpus, 'polar-and-space.pdf'));
      const withPdf = loadedBundles(['check', '--format', 'json', '--corpus', corpus, note]);
      assert.ok(withPdf.loaded.includes('sources-extract.js'), `loaded: ${withPdf.loaded}`);
      assert.ok(!/could not be read/.test(withPdf.stdout), withPdf.stdout.slice(0, 500));
    } finally {
      fs.rmSync(corpus, { recursive: true, force: true });
    }
  });
});

describe('bundles: the bundled corpus\'s index ships prebuilt', function () {
  this.timeout(60000);
  const waitLog = async (logs: string[], re: RegExp) => {
    const deadline = Date.now() + 30000;
    while (!logs.some((l) => re.test(l))) {
      if (Date.now() > deadline) throw new Error(`no log ${re}: ${logs.join(' | ')}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    return logs.find((l) => re.test(l))!;
  };

  it('a first start with an empty index folder restores the shipped index instead of indexing the book', async () => {
    const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-storage-'));
    const server = await startServer({ initializationOptions: { storagePath: storage } });
    try {
      const line = await waitLog(server.logs, /^corpus: \d+ file/);
      assert.match(line, /restored in/, line);
      assert.ok(fs.existsSync(path.join(DIST, 'bundled-index.json')));
    } finally {
      await server.stop();
      fs.rmSync(storage, { recursive: true, force: true });
    }
  });

  it('is not used when the inputs differ (a dictionary): the index is built and stored', async () => {
    const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-storage-'));
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-ws-'));
    fs.mkdirSync(path.join(ws, '.entente'));
    fs.writeFileSync(path.join(ws, '.entente', 'dictionary.json'), JSON.stringify({ entities: [{ name: 'Northern Rapid Response Unit', acronyms: ['NRRU'], kind: 'organization' }] }));
    const server = await startServer({ folders: [pathToFileURL(ws).href], initializationOptions: { storagePath: storage } });
    try {
      server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: pathToFileURL(path.join(ws, 'n.txt')).href, languageId: 'plaintext', version: 1, text: 'The NRRU met.' } });
      const line = await waitLog(server.logs, /^corpus: \d+ file.*indexed in/);
      assert.match(line, /1 of 1 indexed in/);
      // …and its records stored, for the next start.
      const deadline = Date.now() + 5000;
      const records = () => (fs.readdirSync(storage, { recursive: true }) as string[]).filter((f) => String(f).endsWith('.json'));
      while (records().length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.ok(records().length >= 3, `records stored: ${records().join(", ")}; ${server.logs.join(" | ")}`);
    } finally {
      await server.stop();
      fs.rmSync(storage, { recursive: true, force: true });
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });
});
