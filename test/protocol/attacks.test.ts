// The server attacked as a hostile client, user or workspace would: each case of issue 18 through
// the built server over stdio. After each, the server still answers (a hover on a good note, or
// diagnostics for a new note), reads nothing it must not, and says so at most once per cause. The
// table of cases, with what the user sees, is docs/reliability.md.

import * as assert from 'node:assert/strict';
import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { startServer, type TestServer } from './client';
import { ROOT } from '../util';

const GOOD = 'The CSTO and the Council of the Baltic Sea States. CACO was created on 30 February 2002.\n';
const DICTIONARY = JSON.stringify({ entities: [{ name: 'Northern Rapid Response Unit', acronyms: ['NRRU'], kind: 'organization' }] }, null, 2);
const SERVER = path.join(ROOT, 'bin', 'entente-language-server.js');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const shows = (s: TestServer, re: RegExp = /./) => s.logs.filter((l) => l.startsWith('show: ') && re.test(l));

function positionOf(text: string, needle: string, delta = 1) {
  const offset = text.indexOf(needle) + delta;
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length - 1, character: before[before.length - 1].length };
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 15000, s?: TestServer): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; logs: ${s?.logs.slice(-30).join(' | ')}`);
    await sleep(25);
  }
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'entente-attack-'));
}

function open(server: TestServer, uri: string, text: string): void {
  server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text } });
}

/** A hover on CSTO in a note answers with its card, within `ms`. */
async function assertServing(server: TestServer, uri: string, ms = 20000): Promise<void> {
  const h: any = await Promise.race([
    server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(GOOD, 'CSTO') }),
    sleep(ms).then(() => 'timeout'),
  ]);
  assert.notEqual(h, 'timeout', `no hover answer within ${ms} ms; logs: ${server.logs.slice(-20).join(' | ')}`);
  assert.match(h?.contents?.value ?? '', /Collective Security Treaty Organization/, 'a hover on a good note answers');
}

/** A new note gets its diagnostics (the invalid date in GOOD). */
async function assertDiagnosing(server: TestServer, uri: string, ms = 20000): Promise<void> {
  open(server, uri, GOOD);
  const d = await server.waitForDiagnostics(uri, (x) => x.length > 0, ms);
  assert.ok(d.some((x) => x.code === 'date-invalid'), JSON.stringify(d));
}

describe('attacks: client messages', function () {
  this.timeout(60000);

  it('drops bad workspace folders ({}, null, {"uri": 42}) from didChangeWorkspaceFolders, keeps the good one beside them, and keeps serving', async () => {
    const dir = tempDir();
    const other = tempDir();
    fs.mkdirSync(path.join(other, '.entente'));
    fs.writeFileSync(path.join(other, '.entente', 'dictionary.json'), DICTIONARY);
    const server = await startServer({ rootUri: pathToFileURL(dir).href, initializeParams: { capabilities: { workspace: { workspaceFolders: true }, textDocument: { hover: { contentFormat: ['markdown'] } } } } });
    try {
      const good = pathToFileURL(path.join(dir, 'good.txt')).href;
      open(server, good, GOOD);
      await server.waitForDiagnostics(good);
      for (const added of [[{}], [null], [{ uri: 42 }]]) {
        server.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added, removed: [] } });
      }
      server.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{}, { uri: pathToFileURL(other).href, name: 'other' }, null], removed: [7] } });
      await assertServing(server, good);
      await assertDiagnosing(server, pathToFileURL(path.join(dir, 'new.txt')).href);
      // The good folder beside the bad ones was taken: its dictionary serves its notes.
      const inOther = pathToFileURL(path.join(other, 'note.txt')).href;
      const text = 'The Northern Rapid Response Unit met.\n';
      server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: inOther, languageId: 'plaintext', version: 1, text } });
      await server.waitForDiagnostics(inOther);
      const h: any = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: inOther }, position: positionOf(text, 'Northern') });
      assert.match(h?.contents?.value ?? '', /NRRU/, 'the good folder added beside bad entries is used');
      await waitFor('the notice', () => shows(server, /didChangeWorkspaceFolders/).length > 0, 5000, server);
      assert.equal(shows(server, /didChangeWorkspaceFolders/).length, 1, 'one notification for four bad messages');
      assert.ok(server.logs.some((l) => /event\.added\[0\]\.uri: expected a URI/.test(l)), 'the details are in the log');
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  for (const [label, params] of [
    ['workspaceFolders: [{}]', (dir: string) => ({ rootUri: pathToFileURL(dir).href, workspaceFolders: [{}, null, { uri: 42, name: 'x' }] })],
    ['rootUri: 42', () => ({ rootUri: 42, workspaceFolders: null })],
  ] as const) {
    it(`serves after an initialize with ${label}`, async () => {
      const dir = tempDir();
      const server = await startServer({ initializeParams: params(dir) });
      try {
        const uri = pathToFileURL(path.join(dir, 'note.txt')).href;
        await assertDiagnosing(server, uri);
        await assertServing(server, uri);
      } finally {
        await server.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('answers a request before initialize with ServerNotInitialized (-32002) and one after shutdown with InvalidRequest (-32600)', async () => {
    const child = cp.spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.onNotification(() => undefined);
    connection.onRequest(() => null);
    connection.listen();
    try {
      const hover = { textDocument: { uri: 'untitled:x' }, position: { line: 0, character: 0 } };
      const before: any = await connection.sendRequest('textDocument/hover', hover).then((r) => ({ result: r }), (e) => e);
      assert.equal(before.code, -32002, JSON.stringify(before));
      const init: any = await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      assert.ok(init.capabilities.hoverProvider);
      connection.sendNotification('initialized', {});
      assert.equal(await connection.sendRequest('textDocument/hover', hover), null, 'served once initialized');
      await connection.sendRequest('shutdown');
      const after: any = await connection.sendRequest('textDocument/hover', hover).then((r) => ({ result: r }), (e) => e);
      assert.equal(after.code, -32600, JSON.stringify(after));
    } finally {
      connection.dispose();
      child.kill();
    }
  });
});

describe('attacks: every transport is gated (VS Code starts the server with --node-ipc)', function () {
  this.timeout(30000);
  it('over --node-ipc: -32002 before initialize, bad folders dropped with the good one kept, hover still served', async () => {
    const dir = tempDir();
    const child = cp.fork(SERVER, ['--node-ipc'], { silent: true });
    const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const notices: string[] = [];
    connection.onNotification((method, params: any) => {
      if (method === 'window/showMessage') notices.push(String(params?.message));
    });
    connection.onRequest(() => null);
    connection.listen();
    try {
      const uri = pathToFileURL(path.join(dir, 'note.txt')).href;
      const hover = { textDocument: { uri }, position: positionOf(GOOD, 'CSTO') };
      const before: any = await connection.sendRequest('textDocument/hover', hover).then((r) => ({ result: r }), (e) => e);
      assert.equal(before.code, -32002, JSON.stringify(before));
      const init: any = await connection.sendRequest('initialize', {
        processId: process.pid, rootUri: 42, workspaceFolders: [{}, null, { uri: pathToFileURL(dir).href, name: 'notes' }],
        capabilities: { workspace: { workspaceFolders: true }, textDocument: { hover: { contentFormat: ['markdown'] } } },
      });
      assert.ok(init.capabilities.hoverProvider);
      connection.sendNotification('initialized', {});
      connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{}, { uri: 42 }], removed: [null] } });
      connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text: GOOD } });
      let h: any;
      const deadline = Date.now() + 20000;
      while (!(h = await connection.sendRequest('textDocument/hover', hover)) && Date.now() < deadline) await sleep(50);
      assert.match(h?.contents?.value ?? '', /Collective Security Treaty Organization/, 'hover answered after the bad messages');
      await waitFor('the notice', () => notices.some((n) => /didChangeWorkspaceFolders|initialize/.test(n)));
      assert.ok(notices.length <= 2, `at most one notice per method: ${notices.join(' | ')}`);
    } finally {
      connection.dispose();
      child.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('attacks: framing', function () {
  this.timeout(30000);
  const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  for (const [label, bytes, reason] of [
    ['a non-numeric Content-Length', 'Content-Length: abc\r\n\r\n{}', /Content-Length is not a non-negative whole number/],
    ['a negative Content-Length', 'Content-Length: -5\r\n\r\n{}', /Content-Length is not a non-negative whole number/],
    ['a too large Content-Length', 'Content-Length: 99999999999\r\n\r\n{}', /larger than/],
    ['a missing Content-Length', 'Content-Type: application/json\r\n\r\n{}', /no Content-Length/],
    ['a header that never ends', 'Content-Length: 2' + 'x'.repeat(20000), /longer than/],
  ] as const) {
    it(`logs why and exits non-zero on ${label}, instead of staying alive and deaf`, async () => {
      const child = cp.spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (d) => (stdout += d));
      child.stderr!.on('data', (d) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.stdin!.write(frame(initialize));
      await waitFor('the initialize answer', () => /"id":1/.test(stdout), 15000);
      child.stdin!.write(bytes);
      const code = await Promise.race([exited, sleep(10000).then(() => 'alive')]);
      if (code === 'alive') child.kill();
      assert.notEqual(code, 'alive', 'the server exits rather than hang deaf');
      assert.notEqual(code, 0);
      assert.match(stderr, reason);
    });
  }
});

describe('attacks: files in an untrusted workspace', function () {
  this.timeout(60000);
  let dir: string;
  let server: TestServer | undefined;

  beforeEach(() => {
    dir = tempDir();
    fs.mkdirSync(path.join(dir, '.entente'));
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const start = async (settings: Record<string, unknown> = {}) => {
    server = await startServer({ rootUri: pathToFileURL(dir).href, initializationOptions: { trusted: false, settings } });
    return server;
  };

  it('does not read a dictionary linked to /dev/zero: memory stays bounded, one message, and it keeps serving', async () => {
    fs.symlinkSync('/dev/zero', path.join(dir, '.entente', 'dictionary.json'));
    const s = await start();
    const uri = pathToFileURL(path.join(dir, 'good.txt')).href;
    await assertDiagnosing(s, uri);
    await assertServing(s, uri);
    assert.ok(rssMb(s.process.pid!) < 400, `RSS ${rssMb(s.process.pid!)} MB`);
    await waitFor('the dictionary notice', () => shows(s, /dictionary/).length > 0, 5000, s);
    assert.match(shows(s, /dictionary/)[0], /character device, not a regular file|leads outside the workspace \(to \/dev\/zero\)/);
  });

  it('does not block on a dictionary that is a named pipe', async () => {
    cp.execFileSync('mkfifo', [path.join(dir, '.entente', 'dictionary.json')]);
    const s = await start();
    const uri = pathToFileURL(path.join(dir, 'good.txt')).href;
    await assertDiagnosing(s, uri);
    await assertServing(s, uri, 5000);
    await waitFor('the dictionary notice', () => shows(s, /named pipe/).length > 0, 5000, s);
  });

  it('does not read a dictionary linked to /etc/passwd (outside the workspace)', async () => {
    fs.symlinkSync('/etc/passwd', path.join(dir, '.entente', 'dictionary.json'));
    const s = await start();
    const uri = pathToFileURL(path.join(dir, 'good.txt')).href;
    await assertDiagnosing(s, uri);
    await waitFor('the outside notice', () => shows(s, /outside the workspace/).length > 0, 5000, s);
    await sleep(300);
    const dictUri = pathToFileURL(path.join(dir, '.entente', 'dictionary.json')).href;
    for (const u of [dictUri, 'file:///etc/passwd']) assert.deepEqual(s.diagnostics.get(u) ?? [], [], `no parse errors of /etc/passwd published on ${u}`);
  });

  it('does not learn from a corpus folder inside the workspace that links outside it', async () => {
    const outside = tempDir();
    try {
      fs.writeFileSync(path.join(outside, 'secret.txt'), 'The Northern Rapid Response Unit (NRRU) was founded on 4 February 2009.\n');
      fs.symlinkSync(outside, path.join(dir, 'corpus'));
      fs.mkdirSync(path.join(dir, 'inside'));
      fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'inside', 'linked.txt'));
      fs.symlinkSync('/etc', path.join(dir, 'inside', 'etc'));
      const s = await start({ corpus: { paths: ['corpus', 'inside'] } });
      const uri = pathToFileURL(path.join(dir, 'good.txt')).href;
      await assertDiagnosing(s, uri);
      const status: any = await s.connection.sendRequest('entente/status', {});
      assert.equal(status.files, 1, 'only the bundled book is in the corpus');
      const text = 'The NRRU met.\n';
      const note = pathToFileURL(path.join(dir, 'nrru.txt')).href;
      s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: note, languageId: 'plaintext', version: 1, text } });
      await s.waitForDiagnostics(note);
      assert.equal(await s.connection.sendRequest('textDocument/hover', { textDocument: { uri: note }, position: positionOf(text, 'NRRU') }), null, 'nothing learned from outside');
      await waitFor('the outside notice', () => shows(s, /outside the workspace/).length > 0, 5000, s);
      assert.ok(shows(s).length <= 3, shows(s).join('\n'));
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('attacks: corpus paths, storage and the dictionary', function () {
  this.timeout(90000);
  let dir: string;
  let server: TestServer | undefined;

  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // /proc and / also rely on the bounded, yielding corpus walk (core/corpus/loader.ts).
  for (const corpus of ['/etc', '/proc', '/']) {
    it(`answers while the corpus path is ${corpus}, with at most one notification per cause`, async () => {
      server = await startServer({ rootUri: pathToFileURL(dir).href, initializationOptions: { settings: { corpus: { paths: [corpus] } } } });
      const uri = pathToFileURL(path.join(dir, 'good.txt')).href;
      const t0 = Date.now();
      // The walk of / is bounded in time (loader.ts); on a loaded machine it can take 20 s.
      await assertDiagnosing(server, uri, 30000);
      await assertServing(server, uri, 5000);
      assert.ok(Date.now() - t0 < 30000, `answered after ${Date.now() - t0} ms`);
      await sleep(500);
      const messages = shows(server).map((l) => l.replace(/^show: Entente: /, ''));
      const causes = messages.map((m) => m.replace(/\/\S*/g, 'PATH').replace(/\d[\d,]*/g, 'N'));
      // A kind of problem is told once, or path by path when there are at most three (notices.ts).
      for (const c of new Set(causes)) assert.ok(causes.filter((x) => x === c).length <= 3, `one notification per cause:\n${messages.join('\n')}`);
      assert.ok(messages.length <= 6, messages.join('\n'));
    });
  }

  it('falls back to an index in memory when storagePath is unusable (/proc/self/nope), with one message', async () => {
    // A source of the workspace's own, so that its index is built and must be stored (the bundled
    // corpus alone would be restored from the index the package ships, and nothing written).
    fs.mkdirSync(path.join(dir, 'sources'));
    fs.writeFileSync(path.join(dir, 'sources', 'brief.txt'), 'The Northern Rapid Response Unit (NRRU) was founded on 3 May 2011.\n');
    server = await startServer({ rootUri: pathToFileURL(dir).href, initializationOptions: { storagePath: '/proc/self/nope', settings: { corpus: { paths: [path.join(dir, 'sources')] } } } });
    const uri = pathToFileURL(path.join(dir, 'good.txt')).href;
    await assertDiagnosing(server, uri);
    await assertServing(server, uri, 5000);
    await waitFor('the storage notice', () => shows(server!, /kept in memory/).length > 0, 20000, server);
    const rebuilt: any = await Promise.race([server.connection.sendRequest('entente/rebuild', {}), sleep(20000).then(() => 'timeout')]);
    assert.notEqual(rebuilt, 'timeout', 'a rebuild (another index write) answers');
    assert.equal(shows(server, /kept in memory/).length, 1, 'told once');
  });

  it('reports a dictionary nested 20,000 deep with a positioned error and keeps the last good one', async () => {
    fs.mkdirSync(path.join(dir, '.entente'));
    const dictPath = path.join(dir, '.entente', 'dictionary.json');
    const dictUri = pathToFileURL(dictPath).href;
    fs.writeFileSync(dictPath, DICTIONARY);
    server = await startServer({ rootUri: pathToFileURL(dir).href });
    const text = 'The Northern Rapid Response Unit and the CSTO.\n';
    const uri = pathToFileURL(path.join(dir, 'note.txt')).href;
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text } });
    await server.waitForDiagnostics(uri);
    const hover = async () => ((await server!.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'Northern') })) as any)?.contents?.value ?? '';
    assert.match(await hover(), /NRRU/);
    const nested = '{"entities": [' + '['.repeat(20000) + ']'.repeat(20000) + ']}';
    fs.writeFileSync(dictPath, nested);
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: dictUri, type: 2 }] });
    const diags = await server.waitForDiagnostics(dictUri, (d) => d.length > 0, 20000);
    assert.match(diags[0].message, /nested more than \d+ levels/);
    assert.equal(diags[0].range.start.line, 0);
    assert.ok(diags[0].range.start.character > 14 && diags[0].range.start.character < 100, JSON.stringify(diags[0].range));
    assert.match(await hover(), /NRRU/, 'the last good dictionary stays in use');
    assert.ok(!server.logs.some((l) => /Maximum call stack/.test(l)), 'no stack overflow');
  });
});
