// The host side of reliability, without a server process: the one way to read a file
// (server/src/node/safeRead.ts, behind NodeFileSystem), the index store that falls back to memory
// (server/src/node/snapshotStore.ts), and the stdio guards (server/src/node/stdio.ts).

import * as assert from 'node:assert/strict';
import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { readRegularFile, readRegularFileSync, FileReadError, isInsideFolder } from '../../server/src/node/safeRead';
import { loadBibliographies } from '../../server/src/cite/load';
import { NodeFileSystem } from '../../server/src/node/nodeFs';
import { DiskSnapshotStore } from '../../server/src/node/snapshotStore';
import { FramingGuard, LifecycleGate } from '../../server/src/node/stdio';
import { loadCorpus } from '../../server/src/core/corpus/loader';
import { ConfinedFileSystem, isUnder } from '../../server/src/core/host';

async function refusal(p: Promise<unknown>): Promise<FileReadError> {
  const e = await p.then(() => undefined, (x) => x);
  assert.ok(e instanceof FileReadError, `expected a FileReadError, got ${e}`);
  return e;
}

describe('safe reads: one way to read a file', function () {
  this.timeout(20000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-read-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a regular file, and a link to one inside the allowed folder', async () => {
    fs.writeFileSync(path.join(dir, 'a.txt'), 'NATO');
    fs.symlinkSync(path.join(dir, 'a.txt'), path.join(dir, 'link.txt'));
    assert.equal(Buffer.from(await readRegularFile(path.join(dir, 'a.txt'))).toString(), 'NATO');
    assert.equal(Buffer.from(await readRegularFile(path.join(dir, 'link.txt'), { allowedRoots: [fs.realpathSync(dir)] })).toString(), 'NATO');
  });

  it('refuses devices, pipes and folders by their type, without blocking on a pipe', async () => {
    assert.match((await refusal(readRegularFile('/dev/zero'))).message, /character device, not a regular file/);
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.json'));
    assert.equal((await refusal(readRegularFile(path.join(dir, 'zero.json')))).problem, 'not-regular');
    cp.execFileSync('mkfifo', [path.join(dir, 'fifo')]);
    const t0 = Date.now();
    assert.match((await refusal(readRegularFile(path.join(dir, 'fifo')))).message, /named pipe/);
    assert.ok(Date.now() - t0 < 1000);
    assert.match((await refusal(readRegularFile(dir))).message, /a folder, not a regular file/);
  });

  it('refuses a file larger than the cap before reading, and stops a /proc file at the cap while reading', async () => {
    fs.writeFileSync(path.join(dir, 'big.txt'), 'x'.repeat(5000));
    const big = await refusal(readRegularFile(path.join(dir, 'big.txt'), { maxBytes: 4096 }));
    assert.equal(big.problem, 'too-large');
    // /proc files claim size 0: the byte count while reading is what stops them.
    const status = fs.readFileSync('/proc/self/status');
    assert.ok(status.length > 100);
    assert.equal((await refusal(readRegularFile('/proc/self/status', { maxBytes: 50 }))).problem, 'too-large');
    assert.equal(Buffer.from(await readRegularFile('/proc/self/status', { maxBytes: 1 << 20 })).toString().split('\n')[0], status.toString().split('\n')[0]);
  });

  it('refuses what resolves outside the allowed folders (links to /etc/passwd, to outside folders)', async () => {
    fs.mkdirSync(path.join(dir, 'ws'));
    fs.symlinkSync('/etc/passwd', path.join(dir, 'ws', 'dictionary.json'));
    fs.symlinkSync('/etc', path.join(dir, 'ws', 'etc'));
    const roots = [fs.realpathSync(path.join(dir, 'ws'))];
    const e = await refusal(readRegularFile(path.join(dir, 'ws', 'dictionary.json'), { allowedRoots: roots }));
    assert.equal(e.problem, 'outside');
    assert.match(e.message, /outside the workspace \(to \/etc\/passwd\)/);
    const nfs = new NodeFileSystem({ allowedRoots: roots });
    await assert.rejects(nfs.readDirectory(path.join(dir, 'ws', 'etc')), /outside the workspace/);
    await assert.rejects(nfs.stat(path.join(dir, 'ws', 'etc', 'passwd')), /outside the workspace/);
    await assert.rejects(nfs.readFile(path.join(dir, 'ws', 'etc', 'passwd')), /outside the workspace/);
    assert.equal(await nfs.allows(path.join(dir, 'ws', 'etc')), false);
    assert.equal(await nfs.allows(path.join(dir, 'ws')), true);
    assert.ok(isInsideFolder('/a/b', '/a') && isInsideFolder('/a', '/a') && !isInsideFolder('/ab', '/a') && !isInsideFolder('/a/../b', '/a'));
  });

  it('reads bibliographies the same way: a pipe or /dev/zero named refs.bib is refused at once', () => {
    const b = path.join(dir, 'bib');
    fs.mkdirSync(b);
    cp.execFileSync('mkfifo', [path.join(b, 'pipe.bib')]);
    fs.symlinkSync('/dev/zero', path.join(b, 'zero.bib'));
    fs.writeFileSync(path.join(b, 'ok.bib'), '@book{kazantsev2008, title={Title}, author={Kazantsev, A.}, year={2008}}');
    const t0 = Date.now();
    const r = loadBibliographies(['pipe.bib', 'zero.bib', 'ok.bib'], { baseDir: b });
    assert.ok(Date.now() - t0 < 2000);
    assert.equal(r.entries.length, 1);
    assert.deepEqual(r.problems.map((p) => p.message), [
      'Bibliography pipe.bib cannot be read (is a named pipe, not a regular file; it was not read).',
      'Bibliography zero.bib cannot be read (is a character device, not a regular file; it was not read).',
    ]);
    assert.equal((() => { try { readRegularFileSync('/proc/self/status', { maxBytes: 50 }); } catch (e) { return (e as FileReadError).problem; } })(), 'too-large');
  });

  it('gives the corpus loader a clear problem for each file it skips, and keeps the others', async () => {
    const c = path.join(dir, 'corpus');
    fs.mkdirSync(c);
    fs.writeFileSync(path.join(c, 'good.txt'), 'The CSTO was founded in 2002.');
    cp.execFileSync('mkfifo', [path.join(c, 'pipe.txt')]);
    fs.symlinkSync('/etc/hostname', path.join(c, 'host.txt'));
    const nfs = new NodeFileSystem({ allowedRoots: [fs.realpathSync(c)] });
    const r = await loadCorpus(nfs, [{ path: c }]);
    assert.deepEqual(r.sources.map((s) => path.basename(s.location)), ['good.txt']);
    assert.ok(r.problems.some((p) => p.path.endsWith('host.txt') && /outside/.test(p.message)), JSON.stringify(r.problems));
    // The same through the core's ConfinedFileSystem over any FileSystem (what the server uses).
    const confined = await ConfinedFileSystem.create(new NodeFileSystem(), [c]);
    const r2 = await loadCorpus(confined, [{ path: c }]);
    assert.deepEqual(r2.sources.map((s) => path.basename(s.location)), ['good.txt']);
    assert.ok(r2.problems.some((p) => p.path.endsWith('host.txt') && /outside the workspace/.test(p.message)), JSON.stringify(r2.problems));
    assert.equal(await confined.outside(c), undefined);
    assert.equal(await confined.outside(path.join(c, 'host.txt')), fs.realpathSync('/etc/hostname'));
    assert.ok(isUnder('/a/b', '/a') && isUnder('/a', '/a') && !isUnder('/ab', '/a') && isUnder('C:\\x\\y', 'C:\\x'));
  });
});

describe('index storage: unusable storage falls back to memory', function () {
  this.timeout(20000);

  it('falls back at /proc/self/nope with one message, and serves reads and writes from memory', async () => {
    const told: string[] = [];
    const store = new DiskSnapshotStore('/proc/self/nope/index', { onUnusable: (m) => told.push(m), timeoutMs: 3000, maxRecords: 4 });
    const t0 = Date.now();
    assert.equal(await store.read('k'), undefined);
    await store.write('k', { format: 1, x: 1 });
    await store.write('k2', { format: 1, x: 2 });
    assert.ok(Date.now() - t0 < 3000, `took ${Date.now() - t0} ms`);
    assert.equal(told.length, 1);
    assert.match(told[0], /cannot be used .* kept in memory/);
    assert.ok(store.inMemory);
    assert.deepEqual(await store.read('k'), { format: 1, x: 1 });
    for (let i = 0; i < 10; i++) await store.write(`n${i}`, i);
    assert.equal(await store.read('k'), undefined, 'memory keeps only the last few');
    assert.equal(await store.read('n9'), 9);
    assert.equal(store.readSync('n9'), 9, 'synchronous reads are served from memory too');
  });

  it('times out a disk operation that never ends', async () => {
    const told: string[] = [];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-store-'));
    try {
      const store = new DiskSnapshotStore(dir, { onUnusable: (m) => told.push(m), timeoutMs: 300 });
      // A FIFO where the record should be: opening it for writing would wait for a reader forever.
      fs.mkdirSync(path.join(dir, 'k'));
      cp.execFileSync('mkfifo', [path.join(dir, 'k', `k.json.${process.pid}.tmp`)]);
      const t0 = Date.now();
      await store.write('k', { a: 1 });
      assert.ok(Date.now() - t0 < 2000);
      assert.equal(told.length, 1);
      assert.match(told[0], /took longer than/);
      assert.deepEqual(await store.read('k'), { a: 1 });
    } finally {
      // Unblock the pending open by opening the FIFO for reading, then remove the folder.
      try {
        fs.closeSync(fs.openSync(path.join(dir, 'k', `k.json.${process.pid}.tmp`), fs.constants.O_RDONLY | fs.constants.O_NONBLOCK));
      } catch {
        /* already gone */
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes and reads on a usable disk, keeping the newest records', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-store-'));
    try {
      const store = new DiskSnapshotStore(path.join(dir, 'a', 'b'), { maxRecords: 3 });
      await store.write('k', { a: 1 });
      assert.deepEqual(await store.read('k'), { a: 1 });
      assert.deepEqual(store.readSync('k'), { a: 1 });
      assert.equal(store.inMemory, false);
      assert.equal(await store.read('missing'), undefined);
      assert.equal(store.readSync('missing'), undefined);
      // Beyond the limit the oldest go (pruning runs every few writes).
      for (let i = 0; i < 7; i++) {
        await store.write(`r${i}`, i);
        await new Promise((r) => setTimeout(r, 15));
      }
      assert.equal(await store.read('k'), undefined);
      assert.equal(await store.read('r6'), 6);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('stdio guards: framing and lifecycle', () => {
  const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

  async function through(input: string[]): Promise<{ out: string; bad?: string }> {
    let bad: string | undefined;
    const guard = new FramingGuard((r) => (bad = r));
    let out = '';
    guard.on('data', (d) => (out += d));
    for (const chunk of input) guard.write(Buffer.from(chunk));
    await new Promise((r) => setImmediate(r));
    return { out, bad };
  }

  it('passes good messages through unchanged, split anywhere', async () => {
    const msgs = frame('{"jsonrpc":"2.0","id":1,"method":"x"}') + frame('{"a":"é\\r\\n\\r\\n"}') + 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n' + frame('{}');
    for (const size of [1, 3, 7, 1000]) {
      const chunks: string[] = [];
      for (let i = 0; i < msgs.length; i += size) chunks.push(msgs.slice(i, i + size));
      const r = await through(chunks);
      assert.equal(r.bad, undefined, `size ${size}: ${r.bad}`);
      assert.equal(r.out, msgs);
    }
  });

  it('says why on a header it cannot trust', async () => {
    assert.match((await through(['Content-Length: abc\r\n\r\n'])).bad ?? '', /not a non-negative whole number/);
    assert.match((await through(['Content-Length: -1\r\n\r\n'])).bad ?? '', /not a non-negative whole number/);
    assert.match((await through(['Content-Length: 12abc\r\n\r\n'])).bad ?? '', /not a non-negative whole number/);
    assert.match((await through(['Content-Length: 999999999999\r\n\r\n'])).bad ?? '', /larger than/);
    assert.match((await through(['X: 1\r\n\r\n'])).bad ?? '', /no Content-Length/);
    assert.match((await through([frame('{}'), 'garbage without a colon\r\n\r\n'])).bad ?? '', /not "Name: value"/);
    assert.match((await through(['Content-Length: 1' + '1'.repeat(9000)])).bad ?? '', /longer than/);
  });

  it('answers before initialize with -32002, after shutdown with -32600, and drops notifications then', async () => {
    const { StreamMessageReader, StreamMessageWriter } = await import('vscode-jsonrpc/node');
    const input = new PassThrough();
    const output = new PassThrough();
    let written = '';
    output.on('data', (d) => (written += d));
    const gate = new LifecycleGate(new StreamMessageReader(input), new StreamMessageWriter(output), { validate: (_m, p) => ({ ok: true, params: p, problems: [] }) });
    const passed: any[] = [];
    gate.listen((m) => passed.push(m));
    const send = async (m: object) => {
      input.write(frame(JSON.stringify({ jsonrpc: '2.0', ...m })));
      await new Promise((r) => setTimeout(r, 20));
    };
    await send({ id: 1, method: 'textDocument/hover', params: {} });
    await send({ method: 'textDocument/didOpen', params: {} });
    await send({ id: 2, method: 'initialize', params: {} });
    await send({ method: 'initialized', params: {} });
    await send({ id: 3, method: 'textDocument/hover', params: {} });
    await send({ id: 4, method: 'shutdown' });
    await send({ id: 5, method: 'textDocument/hover', params: {} });
    await send({ method: 'textDocument/didOpen', params: {} });
    await send({ method: 'exit' });
    assert.deepEqual(passed.map((m) => m.method), ['initialize', 'initialized', 'textDocument/hover', 'shutdown', 'exit']);
    assert.match(written, /"id":1,"error":\{"code":-32002/);
    assert.match(written, /"id":5,"error":\{"code":-32600/);
    gate.dispose();
  });
});
