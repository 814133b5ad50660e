// Focused date benchmark, runnable alone: `npx tsc -p . && node bench/dates.mjs`.
// Entente's recognizeDates beside chrono-node on the same text: the bench's 5 MB note
// (.bench/note-5mb.txt, made by `npm run bench`) if present, else the bundled book repeated to 5 MB.
// chrono-node is far slower, so it reads a 512 KB slice (BENCH_PEER_CAP), and Entente is also
// timed on that slice for a like-for-like figure.

import * as fs from 'fs';
import * as path from 'path';
import { BENCH, ROOT, RUNS, core, repeat, log, require } from './lib.mjs';

const BOOK = path.join(ROOT, 'seeds', 'international-security-organizations-in-eurasia.txt');

function text5mb() {
  const note = path.join(BENCH, 'note-5mb.txt');
  if (fs.existsSync(note)) return { text: fs.readFileSync(note, 'utf8'), name: '.bench/note-5mb.txt' };
  const book = fs.readFileSync(BOOK, 'utf8');
  let out = '';
  while (out.length < 5e6) out += book + '\n\n';
  return { text: out, name: 'the bundled book repeated to 5 MB' };
}

function cap(text, bytes) {
  if (text.length <= bytes) return text;
  const at = text.lastIndexOf('\n\n', bytes);
  return text.slice(0, at > 0 ? at + 1 : bytes);
}

export async function benchDates() {
  const { recognizeDates } = core('core/dates/recognize.js');
  const { text, name } = text5mb();
  const mb = Buffer.byteLength(text) / 1e6;
  const slice = cap(text, Number(process.env.BENCH_PEER_CAP ?? 512 * 1024));
  const sliceMB = Buffer.byteLength(slice) / 1e6;
  const rate = (m, ms) => m / (ms / 1000);
  log(`dates: ${name} (${mb.toFixed(1)} MB), ${RUNS} runs`);
  const plain = await repeat(RUNS, () => recognizeDates(text, { order: 'dmy' }).length);
  const yearless = await repeat(RUNS, () => recognizeDates(text, { order: 'dmy', yearless: true }).length);
  const enteSlice = await repeat(RUNS, () => recognizeDates(slice, { order: 'dmy', yearless: true }).length);
  const chrono = require('chrono-node');
  const ref = new Date(2009, 0, 1);
  const peer = await repeat(Math.min(RUNS, 3), () => chrono.parse(slice, ref).length);
  // CPU time as well as wall time: on a shared machine the wall clock measures the neighbours too.
  return {
    text: name,
    bytes: Buffer.byteLength(text),
    entente: { mbps: rate(mb, plain.wall), mbpsCpu: rate(mb, plain.cpu), mentions: plain.value },
    ententeYearless: { mbps: rate(mb, yearless.wall), mbpsCpu: rate(mb, yearless.cpu), mentions: yearless.value },
    slice: {
      bytes: Buffer.byteLength(slice),
      ententeMBps: rate(sliceMB, enteSlice.wall), ententeMBpsCpu: rate(sliceMB, enteSlice.cpu), ententeMentions: enteSlice.value,
      chronoMBps: rate(sliceMB, peer.wall), chronoMBpsCpu: rate(sliceMB, peer.cpu), chronoMentions: peer.value,
    },
  };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const r = await benchDates();
  const f = (x) => x.toFixed(1);
  console.log(`Entente recognizeDates on ${r.text}: ${f(r.entente.mbps)} MB/s wall, ${f(r.entente.mbpsCpu)} MB/s CPU (${r.entente.mentions} dates)`);
  console.log(`  with yearless dates: ${f(r.ententeYearless.mbps)} MB/s wall, ${f(r.ententeYearless.mbpsCpu)} MB/s CPU (${r.ententeYearless.mentions} dates)`);
  console.log(`same ${(r.slice.bytes / 1024).toFixed(0)} KB slice: Entente ${f(r.slice.ententeMBps)} MB/s wall, ${f(r.slice.ententeMBpsCpu)} CPU (${r.slice.ententeMentions} dates); chrono-node ${r.slice.chronoMBps.toFixed(2)} MB/s wall, ${r.slice.chronoMBpsCpu.toFixed(2)} CPU (${r.slice.chronoMentions} results)`);
}
