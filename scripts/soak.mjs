// Soak: not a test. Drives 10,000 random edits and hovers through the real server (stdio, as any
// client starts it) on a ~100 KB note, samples the server's resident memory (VmRSS) after a
// warm-up and at the end, prints both and the growth, and exits non-zero if it grew by more than
// 10%. Usage: node scripts/build.mjs && node scripts/soak.mjs [edits=10000] [warmup=2000]
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');
const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const EDITS = Number(process.argv[2] ?? 10000);
const WARMUP = Number(process.argv[3] ?? 2000);
const LIMIT = 0.10;

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
let text = '';
for (let i = 0; text.length < 100_000; i++) text += `## Section ${i}\n\n${pick(PARAGRAPHS)} ${pick(PARAGRAPHS)}\n\n`;
const INSERTS = ['NATO ', 'the CSTO ', '15 May 1993 ', '30 February ', 'x', ' ', '\n', '\n\n', 'Collective Security Treaty ', '😀', ''];

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

const child = cp.spawn(process.execPath, [path.join(ROOT, 'bin', 'entente-language-server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
let diagnostics = 0;
conn.onNotification('textDocument/publishDiagnostics', () => void diagnostics++);
conn.onNotification('window/logMessage', () => undefined);
conn.onNotification('window/showMessage', (p) => console.log('server says:', p.message));
conn.onNotification('entente/status', () => undefined);
conn.listen();
await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
conn.sendNotification('initialized', {});
const uri = 'untitled:soak.md';
let version = 1;
conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });

let hovers = 0;
async function drive(n, progress = false) {
  for (let i = 0; i < n; i++) {
    const start = Math.floor(random() * text.length);
    const len = random() < 0.5 ? 0 : Math.floor(random() * 12);
    const insert = pick(INSERTS);
    const range = { start: positionAt(text, start), end: positionAt(text, Math.min(text.length, start + len)) };
    text = text.slice(0, start) + insert + text.slice(Math.min(text.length, start + len));
    conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range, text: insert }] });
    const at = text.indexOf('CSTO', Math.floor(random() * text.length));
    const h = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionAt(text, at < 0 ? 0 : at + 1) });
    if (h) hovers++;
    if (progress && (i + 1) % 1000 === 0) console.log(`  ${i + 1} edits: RSS ${(rss(child.pid) / 1024 / 1024).toFixed(1)} MB`);
    // Keep the note near 100 KB.
    if (text.length > 110_000) {
      const cut = text.indexOf('\n\n', 1000);
      conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: positionAt(text, cut + 2) }, text: '' }] });
      text = text.slice(cut + 2);
    }
  }
}

const t0 = Date.now();
await drive(WARMUP);
await sleep(2000);
const before = rss(child.pid);
const t1 = Date.now();
await drive(EDITS, true);
await sleep(2000);
const after = rss(child.pid);
const growth = (after - before) / before;
const mb = (b) => (b / 1024 / 1024).toFixed(1) + ' MB';
console.log(`warm-up: ${WARMUP} edits+hovers in ${((t1 - t0) / 1000).toFixed(1)} s`);
console.log(`soak: ${EDITS} edits+hovers in ${((Date.now() - t1) / 1000).toFixed(1)} s (${hovers} hovers answered with a card, ${diagnostics} diagnostics published, note ${text.length} chars)`);
console.log(`RSS before: ${mb(before)}  after: ${mb(after)}  growth: ${(growth * 100).toFixed(1)}% (limit ${LIMIT * 100}%)`);
await Promise.race([conn.sendRequest('shutdown'), sleep(2000)]);
conn.sendNotification('exit');
setTimeout(() => child.kill(), 500).unref();
conn.dispose();
process.exitCode = growth > LIMIT ? 1 : 0;
