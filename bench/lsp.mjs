// The real language server over stdio (bin/entente-language-server.js, i.e. dist/server.js):
// start → ready, start → first diagnostics, hover/definition latency, edit → fresh diagnostics, RSS.
// A small JSON-RPC client in the manner of test/protocol/client.ts, plus the `entente/status`
// notification (the server's "ready") and versioned diagnostics.

import * as cp from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { ROOT, RUNS, core, median, percentile, procRssMB, rng, log } from './lib.mjs';

const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = (await import('./lib.mjs')).require('vscode-jsonrpc/node');

const DEBOUNCE_MS = 120; // server/src/server/main.ts

export async function startServer({ initializationOptions, rootUri = null, readyTimeoutMs = 900_000 } = {}) {
  const t0 = performance.now();
  const child = cp.spawn(process.execPath, [path.join(ROOT, 'bin', 'entente-language-server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr.resume();
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = [];
  const diagnostics = new Map();
  let readyAt;
  const notify = () => {
    for (const w of waiters.splice(0)) w();
  };
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    diagnostics.set(p.uri, { at: performance.now(), version: p.version, count: p.diagnostics.length });
    notify();
  });
  connection.onNotification('entente/status', (s) => {
    if (s.state === 'ready' && readyAt === undefined) readyAt = performance.now();
    notify();
  });
  connection.onNotification('window/logMessage', () => undefined);
  connection.onNotification('window/showMessage', () => undefined);
  connection.onRequest('window/showMessageRequest', () => null);
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/configuration', (p) => p.items.map(() => null));
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: rootUri ? [{ uri: rootUri, name: 'ws' }] : null,
    // workspaceFolders: the server's onInitialized throws before its eager indexing when a client lacks it.
    capabilities: { workspace: { configuration: false, workspaceFolders: true }, textDocument: { hover: { contentFormat: ['markdown'] } } },
    initializationOptions,
  });
  connection.sendNotification('initialized', {});
  const until = (pred, timeoutMs) =>
    new Promise((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error('timeout waiting for the server')), timeoutMs);
      const check = () => {
        const v = pred();
        if (v !== undefined) {
          clearTimeout(deadline);
          resolve(v);
        } else waiters.push(check);
      };
      check();
    });
  return {
    t0,
    child,
    connection,
    diagnostics,
    ready: () => until(() => (readyAt !== undefined ? readyAt - t0 : undefined), readyTimeoutMs),
    diagnosticsFor: (uri, version, timeoutMs = 600_000) => until(() => {
      const d = diagnostics.get(uri);
      return d && (version === undefined || d.version === version) ? d : undefined;
    }, timeoutMs),
    async stop() {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
        connection.sendNotification('exit');
      } catch {
        /* gone */
      }
      await new Promise((r) => {
        const k = setTimeout(() => {
          child.kill();
          r();
        }, 2000);
        child.once('exit', () => {
          clearTimeout(k);
          r();
        });
      });
      connection.dispose();
    },
  };
}

/** Offsets of entity mentions in a text, from the in-process core (the same recognizer the server runs). */
function entityPositions(engine, text, count, seed) {
  const { LineIndex } = core('core/text/positions.js');
  const a = engine.analyze({ uri: 'bench:positions', version: 1, text, languageId: 'plaintext' });
  engine.forget('bench:positions');
  const lines = new LineIndex(text);
  const r = rng(seed);
  const out = [];
  for (let i = 0; i < count; i++) {
    const e = a.entities[Math.floor(r() * a.entities.length)];
    out.push(lines.positionAt(e.start + Math.floor((e.end - e.start) / 2)));
  }
  return out;
}

/** The middle of the middle paragraph: where a one-character edit goes. */
function editPosition(text) {
  const { LineIndex } = core('core/text/positions.js');
  let at = text.indexOf('\n\n', text.length >> 1);
  at = at < 0 ? text.length >> 1 : at - 5;
  return new LineIndex(text).positionAt(at);
}

async function openNote(server, file, text) {
  const uri = pathToFileURL(file).href;
  server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text } });
  return uri;
}

/** Edits one character `times` times, each time waiting for the diagnostics of the new version. */
async function editLatency(server, uri, text, times) {
  const pos = editPosition(text);
  const samples = [];
  let version = 1;
  for (let i = 0; i < times; i++) {
    version++;
    // Alternate insert and delete so the text stays the same size.
    const change = i % 2 === 0 ? { range: { start: pos, end: pos }, text: 'x' } : { range: { start: pos, end: { line: pos.line, character: pos.character + 1 } }, text: '' };
    const t0 = performance.now();
    server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    const d = await server.diagnosticsFor(uri, version);
    samples.push(d.at - t0);
    await new Promise((r) => setTimeout(r, 30));
  }
  const total = median(samples);
  return { totalMs: total, serverMs: total - DEBOUNCE_MS, p90TotalMs: percentile(samples, 90), samples: samples.map((x) => +x.toFixed(1)) };
}

async function latency(server, method, uri, positions) {
  const samples = [];
  let nonNull = 0;
  for (const position of positions) {
    const t0 = performance.now();
    const r = await server.connection.sendRequest(method, { textDocument: { uri }, position });
    samples.push(performance.now() - t0);
    if (r) nonNull++;
  }
  return { p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99), maxMs: Math.max(...samples), requests: samples.length, answered: nonNull };
}

export async function benchServer(engine, files) {
  const out = {};
  const note1mb = fs.readFileSync(files.note1mb, 'utf8');
  const note200kb = fs.readFileSync(files.note200kb, 'utf8');

  // Start → ready (bundled corpus), several starts: the later ones are restarts with an unchanged corpus.
  log('server: start → ready (bundled corpus)');
  const readies = [];
  const rss = [];
  for (let i = 0; i < Math.max(RUNS, 3); i++) {
    const s = await startServer();
    readies.push(await s.ready());
    await new Promise((r) => setTimeout(r, 200));
    rss.push(procRssMB(s.child.pid));
    await s.stop();
  }
  out.readyMs = { first: readies[0], restartMedian: median(readies.slice(1)), samples: readies.map((x) => Math.round(x)) };
  out.rssBundledMB = median(rss);

  // One session on the 1 MB note: start → first diagnostics, hover, definition, edits.
  log('server: 1 MB note — first diagnostics, hover, definition, edits');
  const s = await startServer();
  const uri1 = await openNote(s, files.note1mb, note1mb);
  const first = await s.diagnosticsFor(uri1, 1);
  out.firstDiagnosticsMs = first.at - s.t0;
  out.firstDiagnosticsCount = first.count;
  out.rssAfter1mbMB = procRssMB(s.child.pid);
  // The target's own measure: a server that is running (index loaded, nothing analyzed yet)
  // opening the note → its diagnostics; a fresh server each time, so no paragraph is cached.
  const opened = [];
  for (let i = 0; i < Math.max(RUNS, 3); i++) {
    const f = await startServer();
    await f.ready();
    const t0 = performance.now();
    const u = await openNote(f, files.note1mb, note1mb);
    const d = await f.diagnosticsFor(u, 1);
    opened.push(d.at - t0);
    await f.stop();
  }
  out.openToDiagnosticsMs = { median: median(opened), samples: opened.map((x) => Math.round(x)) };
  const positions = entityPositions(engine, note1mb, 200, 7);
  await latency(s, 'textDocument/hover', uri1, positions.slice(0, 20)); // warm-up
  out.hover1mb = await latency(s, 'textDocument/hover', uri1, positions);
  out.definition1mb = await latency(s, 'textDocument/definition', uri1, positions);
  const edits = Math.max(5, RUNS * 3);
  out.edit1mb = await editLatency(s, uri1, note1mb, edits);
  const uri200 = await openNote(s, files.note200kb, note200kb);
  await s.diagnosticsFor(uri200, 1);
  out.edit200kb = await editLatency(s, uri200, note200kb, edits);
  await s.stop();

  // The same requests with a workspace folder holding a dictionary, as VS Code opens a folder.
  log('server: 1 MB note in a workspace folder with .entente/dictionary.json — hover');
  const ws = path.join(path.dirname(files.note1mb), 'ws');
  fs.mkdirSync(path.join(ws, '.entente'), { recursive: true });
  fs.writeFileSync(path.join(ws, '.entente', 'dictionary.json'), JSON.stringify({ entities: [{ name: 'Collective Rapid Reaction Force', acronyms: ['CRRF'], kind: 'organization', events: [{ type: 'founded', date: '2009-02-04' }] }] }));
  fs.writeFileSync(path.join(ws, 'note-1mb.txt'), note1mb);
  const w = await startServer({ rootUri: pathToFileURL(ws).href });
  const uriW = await openNote(w, path.join(ws, 'note-1mb.txt'), note1mb);
  await w.diagnosticsFor(uriW, 1);
  await latency(w, 'textDocument/hover', uriW, positions.slice(0, 20));
  out.hover1mbWorkspace = await latency(w, 'textDocument/hover', uriW, positions);
  out.edit200kbWorkspace = await (async () => {
    fs.writeFileSync(path.join(ws, 'note-200kb.txt'), note200kb);
    const u = await openNote(w, path.join(ws, 'note-200kb.txt'), note200kb);
    await w.diagnosticsFor(u, 1);
    return editLatency(w, u, note200kb, edits);
  })();
  await w.stop();

  // The 26 MB corpus through the server: ready time and RSS once indexed.
  log('server: 100x corpus (~26 MB) — ready and RSS');
  const big = await startServer({ initializationOptions: { settings: { corpus: { paths: [files.corpus100x] } } } });
  out.readyCorpus100xMs = await big.ready();
  await new Promise((r) => setTimeout(r, 300));
  out.rssCorpus100xMB = procRssMB(big.child.pid);
  await big.stop();
  return out;
}
