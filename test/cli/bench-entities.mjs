// Measures the whole CLI on a generated 5 MB dense note (every paragraph names bodies and dates, like
// a timeline or a fact-check list): `check` alone and `check --format json --entities`, in MB/s.
// The note is generated under .bench/ (git-ignored) and not committed.
//   node test/cli/bench-entities.mjs [--runs N]      (after npm run build)
import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const dir = path.join(ROOT, '.bench');
fs.mkdirSync(dir, { recursive: true });
const note = path.join(dir, 'cli-dense-5mb.txt');

function makeDense(bytes) {
  let seed = 17;
  const r = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const BODIES = ['NATO', 'the CSTO', 'the Shanghai Cooperation Organization', 'the OSCE', 'the European Union', 'the CIS', 'GUAM', 'the NATO-Russia Council', 'the SCO', 'the Collective Security Treaty', 'the EAPC', 'the Founding Act'];
  const VERBS = ['met', 'held a summit', 'adopted a declaration', 'issued a statement', 'was discussed', 'convened'];
  const date = () => (int(0, 2) === 0 ? `${MONTHS[int(0, 11)]} ${int(1992, 2009)}` : `${int(1, 28)} ${MONTHS[int(0, 11)]} ${int(1992, 2009)}`);
  const out = [];
  let size = 0;
  let n = 0;
  while (size < bytes) {
    // A paragraph number keeps each paragraph distinct (the engine caches paragraphs by text).
    const p = `${++n}. On ${date()} ${pick(BODIES)} ${pick(VERBS)} with ${pick(BODIES)}; by ${date()} ${pick(BODIES)} ${pick(VERBS)}. In ${date()} ${pick(BODIES)} and ${pick(BODIES)} ${pick(VERBS)}.`;
    out.push(p);
    size += p.length + 2;
  }
  return out.join('\n\n') + '\n';
}

if (!fs.existsSync(note)) fs.writeFileSync(note, makeDense(5 * 1024 * 1024));
const mb = fs.statSync(note).size / 1e6;
const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-bench-'));
const time = (args) => {
  const ms = [];
  let bytes = 0;
  for (let i = 0; i < runs + 1; i++) {
    const t0 = process.hrtime.bigint();
    const r = cp.spawnSync(process.execPath, [path.join(ROOT, 'bin/entente.js'), 'check', ...args, note], { env: { ...process.env, ENTENTE_CACHE_DIR: cache }, maxBuffer: 1 << 30 });
    const t = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0 && r.status !== 1) throw new Error(`exit ${r.status}: ${r.stderr}`);
    bytes = r.stdout.length;
    if (i > 0) ms.push(t); // the first run warms the corpus cache
  }
  ms.sort((a, b) => a - b);
  const med = ms[Math.floor(ms.length / 2)];
  return { med, mbps: mb / (med / 1000), outMB: bytes / 1e6 };
};
const plain = time([]);
const json = time(['--format', 'json']);
const entities = time(['--format', 'json', '--entities']);
console.log(`note ${mb.toFixed(2)} MB, median of ${runs}`);
for (const [k, v] of Object.entries({ 'check (text)': plain, 'check --format json': json, 'check --format json --entities': entities })) {
  console.log(`${k.padEnd(32)} ${v.med.toFixed(0).padStart(6)} ms  ${v.mbps.toFixed(2)} MB/s  output ${v.outMB.toFixed(1)} MB`);
}
fs.rmSync(cache, { recursive: true, force: true });
