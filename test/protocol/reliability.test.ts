// Bad input and faults through the real server over stdio: each is reported once (a
// window/showMessage, a diagnostic on the file at fault, or a log line) and, after each, a hover on
// a good note still answers. The table of every case is docs/reliability.md.

import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { startServer, type TestServer } from './client';

const GOOD = 'The CSTO and the Council of the Baltic Sea States. The Northern Rapid Response Unit.\n';
const OWN_CORPUS = 'The Council of the Baltic Sea States (CBSS) was founded in March 1992.\n';
const DICTIONARY = JSON.stringify({ entities: [{ name: 'Northern Rapid Response Unit', acronyms: ['NRRU'], kind: 'organization', events: [{ type: 'founded', date: '2009-02-04' }] }] }, null, 2);

function positionOf(text: string, needle: string, delta = 1) {
  const offset = text.indexOf(needle) + delta;
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length - 1, character: before[before.length - 1].length };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const shows = (s: TestServer, re: RegExp) => s.logs.filter((l) => l.startsWith('show: ') && re.test(l));

async function waitFor(what: string, check: () => boolean, timeoutMs = 15000, s?: TestServer): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; logs: ${s?.logs.join(' | ')}`);
    await sleep(25);
  }
}

describe('server reliability: bad input and faults', function () {
  this.timeout(30000);
  let server: TestServer;
  let dir: string;
  let goodUri: string;
  const hoverGood = async (needle = 'CSTO') => {
    const h: any = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: goodUri }, position: positionOf(GOOD, needle) });
    return h;
  };
  const assertStillServing = async () => {
    const h = await hoverGood();
    assert.match(h?.contents?.value ?? '', /Collective Security Treaty Organization/, 'a hover on a good note still answers');
  };
  const open = (name: string, text: string, languageId = 'plaintext') => {
    const uri = pathToFileURL(path.join(dir, name)).href;
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-rel-'));
    fs.mkdirSync(path.join(dir, 'corpus'));
    fs.writeFileSync(path.join(dir, 'corpus', 'own.txt'), OWN_CORPUS);
    fs.mkdirSync(path.join(dir, '.entente'));
    fs.writeFileSync(path.join(dir, '.entente', 'dictionary.json'), DICTIONARY);
    server = await startServer({
      rootUri: pathToFileURL(dir).href,
      initializationOptions: { settings: { corpus: { paths: ['corpus', 'missing-folder'] }, maxFileSize: 5000 } },
    });
    goodUri = open('good.txt', GOOD);
    await server.waitForDiagnostics(goodUri);
  });

  after(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports a missing corpus folder once and serves with the bundled corpus and the folders that exist', async () => {
    await waitFor('the missing-folder notice', () => shows(server, /missing-folder corpus path not found/).length > 0, 15000, server);
    await assertStillServing();
    const h: any = await hoverGood('Council of the Baltic');
    assert.match(h.contents.value, /CBSS/, 'learned from the corpus folder that exists');
    await server.connection.sendRequest('entente/status', {});
    assert.equal(shows(server, /missing-folder/).length, 1, 'reported once');
  });

  it('gives exact hover ranges after emoji and CRLF (UTF-16 positions)', async () => {
    const text = '😀👍🏽 first line\r\n\r\n𝔄😀 The CSTO\r\nand 🇷🇺 NATO.';
    const uri = open('emoji.txt', text);
    const h: any = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 10 } });
    // "𝔄😀 The " is 9 UTF-16 units: two surrogate pairs and five ASCII characters.
    assert.deepEqual(h.range, { start: { line: 2, character: 9 }, end: { line: 2, character: 13 } });
    assert.deepEqual(h.range.start, positionOf(text, 'CSTO', 0));
    const n: any = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'NATO') });
    assert.deepEqual(n.range.start, { line: 3, character: 9 }); // "and 🇷🇺 ": a flag is two surrogate pairs
    assert.match(n.contents.value, /North Atlantic Treaty Organization/);
  });

  it('tells once that a note over maxFileSize is not analyzed, and keeps answering other requests', async () => {
    const big = 'The CSTO was created on 30 February 2002.\n'.repeat(200);
    const uri = open('big.txt', big);
    await waitFor('the large-note notice', () => shows(server, /more than entente\.maxFileSize/).length > 0, 15000, server);
    assert.deepEqual(await server.waitForDiagnostics(uri), []);
    server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: big + 'More.\n' }] });
    const h = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 5 } });
    assert.equal(h, null);
    await sleep(400);
    assert.equal(shows(server, /more than entente\.maxFileSize/).length, 1, 'told once');
    await assertStillServing();
  });

  it('answers requests with malformed params (no position, null document, wrong types) and keeps serving', async () => {
    const bad: [string, unknown][] = [
      ['textDocument/hover', { textDocument: { uri: goodUri } }],
      ['textDocument/hover', { textDocument: null, position: { line: 0, character: 0 } }],
      ['textDocument/hover', { textDocument: { uri: goodUri }, position: { line: 'zero', character: -5 } }],
      ['textDocument/definition', { textDocument: { uri: 42 }, position: null }],
      ['textDocument/references', { textDocument: { uri: goodUri } }],
      ['textDocument/completion', {}],
      ['textDocument/codeAction', { textDocument: { uri: goodUri }, range: null, context: {} }],
      ['entente/lookup', { name: null }],
      ['entente/mentions', null],
    ];
    for (const [method, params] of bad) {
      // An answer (null, empty) or an error response, but an answer.
      await server.connection.sendRequest(method, params).catch((e: Error) => e);
    }
    await assertStillServing();
  });

  it('handles a request cancelled mid-way ($/cancelRequest) and keeps serving', async () => {
    const source = new CancellationTokenSource();
    const p = server.connection.sendRequest('textDocument/references', { textDocument: { uri: goodUri }, position: positionOf(GOOD, 'CSTO'), context: { includeDeclaration: true } }, source.token);
    source.cancel();
    const r = await p.then((x) => x, (e: { code?: number }) => e);
    assert.ok(r === null || Array.isArray(r) || (r as { code?: number }).code === -32800, JSON.stringify(r));
    await assertStillServing();
  });

  it('clears diagnostics of a document closed while it is analyzed, without crashing', async () => {
    const text = 'CACO was created on 30 February 2002.\n'.repeat(100);
    const uris: string[] = [];
    for (let i = 0; i < 5; i++) {
      const uri = open(`closed-${i}.txt`, text);
      uris.push(uri);
      server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
    await sleep(600);
    for (const uri of uris) assert.deepEqual(server.diagnostics.get(uri), [], uri);
    await assertStillServing();
  });

  it('publishes a broken dictionary\'s errors on that file with positions and keeps the last good one', async () => {
    const dictPath = path.join(dir, '.entente', 'dictionary.json');
    const dictUri = pathToFileURL(dictPath).href;
    const h0: any = await hoverGood('Northern Rapid');
    assert.match(h0?.contents?.value ?? '', /NRRU/, 'the good dictionary is in use');
    const broken = DICTIONARY.replace('"2009-02-04"', '"2009-13-45"');
    fs.writeFileSync(dictPath, broken);
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: dictUri, type: 2 }] });
    const diags = await server.waitForDiagnostics(dictUri, (d) => d.length > 0);
    assert.match(diags[0].message, /ISO date/);
    assert.deepEqual(diags[0].range.start, positionOf(broken, '"2009-13-45"', 0));
    const h1: any = await hoverGood('Northern Rapid');
    assert.match(h1?.contents?.value ?? '', /NRRU/, 'the last good dictionary stays in use');
    fs.writeFileSync(dictPath, '{ "entities": [ { "name": "Northern Rapid Response Unit", ');
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: dictUri, type: 2 }] });
    const json = await server.waitForDiagnostics(dictUri, (d) => d.some((x: any) => /JSON/.test(x.message)));
    assert.ok(json[0].range.start.line >= 0);
    assert.match(((await hoverGood('Northern Rapid')) as any)?.contents?.value ?? '', /NRRU/);
    fs.writeFileSync(dictPath, DICTIONARY);
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: dictUri, type: 2 }] });
    await server.waitForDiagnostics(dictUri, (d) => d.length === 0);
    await assertStillServing();
  });

  // Last: it removes the corpus folder.
  it('re-indexes when the corpus folder is deleted while in use, reports it, and keeps serving', async () => {
    fs.rmSync(path.join(dir, 'corpus'), { recursive: true, force: true });
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(dir, 'corpus', 'own.txt')).href, type: 3 }] });
    await waitFor('the re-index', () => server.logs.some((l) => /re-indexing/.test(l)), 15000, server);
    await waitFor('the deleted-folder notice', () => shows(server, /corpus[\\/]? corpus path not found|[\\/]corpus corpus path not found/).length > 0, 15000, server);
    await assertStillServing();
    const h: any = await hoverGood('Council of the Baltic');
    // What was learned from the deleted folder is gone: at most the note's own card (its name has the shape of a body).
    assert.ok(h === null || (/named in this note/.test(h.contents.value) && !/learned from your sources/.test(h.contents.value)), JSON.stringify(h));
  });
});

describe('server reliability: settings of the wrong type', function () {
  this.timeout(30000);

  it('reports each wrong setting once, uses the defaults, and keeps serving across configuration changes', async () => {
    let config: unknown = { maxFileSize: 'big', languages: 'plaintext', corpus: { paths: 7 }, diagnostics: { 'date-invalid': 'loud' } };
    const server = await startServer({ configuration: () => config });
    try {
      const uri = 'untitled:wrong-settings';
      const text = 'The CSTO was created on 30 February 2002.';
      server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text } });
      const diags = await server.waitForDiagnostics(uri);
      assert.deepEqual(diags.map((d) => [d.code, d.severity]), [['date-invalid', 1]], 'defaults in use');
      for (const key of ['maxFileSize', 'languages', 'corpus.paths', 'diagnostics.date-invalid']) {
        await waitFor(key, () => shows(server, new RegExp(`entente\\.${key.replace('.', '\\.')} should be`)).length > 0, 10000, server);
      }
      server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      config = { maxFileSize: 'big', languages: 'plaintext', corpus: { paths: 7 }, diagnostics: { 'date-invalid': 'loud' } };
      const h: any = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 5 } });
      assert.match(h.contents.value, /Collective Security Treaty Organization/);
      await sleep(300);
      assert.equal(shows(server, /entente\.maxFileSize should be/).length, 1, 'reported once');
      config = 'not an object';
      server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const h2: any = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 5 } });
      assert.match(h2.contents.value, /Collective Security Treaty Organization/);
    } finally {
      await server.stop();
    }
  });
});
