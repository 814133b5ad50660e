// Soak: not a test. Drives random edits, each followed by a hover, through the real server (stdio,
// as any client starts it) on a note of about 200 KB, and samples the server's resident memory
// (VmRSS) at the start (note open and analyzed), in the middle and at the end, each after a 2 s
// pause. Prints the growth from the start and from the middle, hover latency, and then the RSS
// (peak and settled) of a fresh server analyzing a 1 MB and a 5 MB note. Exits non-zero when the
// growth passes the limits (10 % from the middle, 30 % from the start).
// The RSS after 30 s more idle (V8's memory reducer has run) is printed too, for what is retained.
// Usage: node scripts/build.mjs && node scripts/soak.mjs [edits=10000] [noteKB=200]
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');
const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const EDITS = Number(process.argv[2] ?? 10000);
const NOTE_CHARS = Number(process.argv[3] ?? 200) * 1000;
const LIMIT_MIDDLE = 0.10;
const LIMIT_START = 0.30;

// Deterministic randomness, so two runs drive the same edits.
let seed = 0x2545f491;
const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const pick = (xs) => xs[Math.floor(random() * xs.length)];

const PARAGRAPHS = [
  'The CSTO grew out of the Collective Security Treaty, signed on 15 May 1992 in Tashkent.',
  'The Shanghai Cooperation Organization (SCO) was founded on 15 June 2001; the Shanghai Five met in 1996.',
  'NATO enlarged in 2004. The Alliance and the EU signed Berlin Plus on 17 March 2003.',
  'CACO was created on 30 February 2002. The range 2003–2001 is reversed. Tuesday, 8 December 1991.',
  'The OSCE Minsk Group, the CIS and GUAM were all active in the 1990s 😀, per the sources.',
];
const INSERTS = ['NATO ', 'the CSTO ', '15 May 1993 ', '30 February ', 'x', ' ', '\n', '\n\n', 'Collective Security Treaty ', '😀', ''];

function noteOf(chars) {
  let t = '';
  for (let i = 0; t.length < chars; i++) t += `## Section ${i}\n\n${pick(PARAGRAPHS)} ${pick(PARAGRAPHS)}\n\n`;
  return t;
}

function rss(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m[1]) * 1024;
}
function positionAt(t, offset) {
  const before = t.slice(0, offset);
  const line = (before.match(/\n/g) ?? []).length;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mb = (b) => (b / 1024 / 1024).toFixed(1) + ' MB';
const pct = (a, b) => `${(((b - a) / a) * 100).toFixed(1)} %`;

function spawnServer() {
  const child = cp.spawn(process.execPath, [path.join(ROOT, 'bin', 'entente-language-server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published = new Map();
  const waiters = [];
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    published.set(p.uri, (published.get(p.uri) ?? 0) + 1);
    for (const w of waiters.splice(0)) w();
  });
  conn.onNotification('window/logMessage', () => undefined);
  conn.onNotification('window/showMessage', (p) => console.log('server says:', p.message));
  conn.onNotification('entente/status', () => undefined);
  conn.listen();
  const waitPublished = (uri, count = 1) => new Promise((resolve) => {
    const check = () => ((published.get(uri) ?? 0) >= count ? resolve() : waiters.push(check));
    check();
  });
  const stop = async () => {
    await Promise.race([conn.sendRequest('shutdown'), sleep(2000)]);
    conn.sendNotification('exit');
    setTimeout(() => child.kill(), 500).unref();
    conn.dispose();
  };
  return { child, conn, published, waitPublished, stop };
}

// -- the edit storm -------------------------------------------------------------------------
const server = spawnServer();
const { conn, child } = server;
await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
conn.sendNotification('initialized', {});
const uri = 'untitled:soak.md';
let version = 1;
let text = noteOf(NOTE_CHARS);
conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
await server.waitPublished(uri);

let hovers = 0;
const latencies = [];
async function drive(n, offset) {
  for (let i = 0; i < n; i++) {
    const start = Math.floor(random() * text.length);
    const len = random() < 0.5 ? 0 : Math.floor(random() * 12);
    const insert = pick(INSERTS);
    const range = { start: positionAt(text, start), end: positionAt(text, Math.min(text.length, start + len)) };
    text = text.slice(0, start) + insert + text.slice(Math.min(text.length, start + len));
    conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range, text: insert }] });
    const at = text.indexOf('CSTO', Math.floor(random() * text.length));
    const t0 = performance.now();
    const h = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionAt(text, at < 0 ? 0 : at + 1) });
    latencies.push(performance.now() - t0);
    if (h) hovers++;
    if ((offset + i + 1) % 1000 === 0) console.log(`  ${offset + i + 1} edits: RSS ${mb(rss(child.pid))}`);
    // Keep the note near its size.
    if (text.length > NOTE_CHARS * 1.1) {
      const cut = text.indexOf('\n\n', 1000);
      conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: positionAt(text, cut + 2) }, text: '' }] });
      text = text.slice(cut + 2);
    }
  }
}

await sleep(2000);
const atStart = rss(child.pid);
const t0 = Date.now();
await drive(Math.floor(EDITS / 2), 0);
await sleep(2000);
const atMiddle = rss(child.pid);
await drive(EDITS - Math.floor(EDITS / 2), Math.floor(EDITS / 2));
await sleep(2000);
const atEnd = rss(child.pid);
const seconds = (Date.now() - t0) / 1000;
// RSS 2 s after the edits is mostly what V8 has not given back yet: garbage not collected (every
// version of the note is a new 200–400 KB string, allocated straight in the old generation) and
// young-generation pages the edits made resident. V8's memory reducer returns them after some idle
// seconds (about 20 s here): the RSS after 30 s idle is what the server keeps.
let settled = atEnd;
for (let waited = 0; waited < 30; waited += 5) {
  await sleep(5000);
  settled = Math.min(settled, rss(child.pid));
}
await server.stop();

latencies.sort((a, b) => a - b);
const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1);
const fromStart = (atEnd - atStart) / atStart;
const fromMiddle = (atEnd - atMiddle) / atMiddle;
console.log(`soak: ${EDITS} edits+hovers on a ${(NOTE_CHARS / 1000).toFixed(0)} KB note in ${seconds.toFixed(1)} s (${hovers} hovers answered with a card; hover p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms)`);
console.log(`RSS start ${mb(atStart)}, middle ${mb(atMiddle)}, end ${mb(atEnd)}`);
console.log(`growth from the start ${pct(atStart, atEnd)} (limit ${LIMIT_START * 100} %), from the middle ${pct(atMiddle, atEnd)} (limit ${LIMIT_MIDDLE * 100} %)`);
console.log(`after 30 s idle: RSS ${mb(settled)} (${pct(atStart, settled)} from the start; not part of the limits)`);

// -- large notes ----------------------------------------------------------------------------
async function bigNote(chars) {
  const s = spawnServer();
  await s.conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  s.conn.sendNotification('initialized', {});
  await sleep(1500);
  const before = rss(s.child.pid);
  const u = `untitled:big-${chars}.md`;
  const body = noteOf(chars);
  let peak = before;
  const poll = setInterval(() => (peak = Math.max(peak, rss(s.child.pid))), 25);
  const t = Date.now();
  s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: u, languageId: 'markdown', version: 1, text: body } });
  await s.waitPublished(u);
  const ms = Date.now() - t;
  const h0 = performance.now();
  await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: u }, position: positionAt(body, body.indexOf('CSTO') + 1) });
  const hoverMs = performance.now() - h0;
  await sleep(2000);
  clearInterval(poll);
  const settled = rss(s.child.pid);
  peak = Math.max(peak, settled);
  await s.stop();
  console.log(`${(chars / 1e6).toFixed(0)} MB note: diagnostics in ${(ms / 1000).toFixed(1)} s, hover ${hoverMs.toFixed(0)} ms; RSS before ${mb(before)}, peak ${mb(peak)}, settled ${mb(settled)}`);
}
await bigNote(1_000_000);
await bigNote(5_000_000);

process.exitCode = fromMiddle > LIMIT_MIDDLE || fromStart > LIMIT_START ? 1 : 0;
