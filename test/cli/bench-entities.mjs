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
// --compare FILE: another build of the CLI (a module exporting main(argv)), run interleaved with
// this one so that both see the same machine load.
const compare = process.argv.includes('--compare') ? path.resolve(process.argv[process.argv.indexOf('--compare') + 1]) : undefined;
const clis = { current: path.join(ROOT, 'dist/cli.js'), ...(compare ? { compared: compare } : {}) };
const hasTime = fs.existsSync('/usr/bin/time');
const once = (cli, args) => {
  const script = `require(${JSON.stringify(cli)}).main(process.argv.slice(1)).then((c) => { process.exitCode = c; })`;
  const argv = [process.execPath, '-e', script, 'check', ...args, note];
  const cmd = hasTime ? ['/usr/bin/time', '-f', '@@%e %U %S %M', ...argv] : argv;
  const t0 = process.hrtime.bigint();
  const r = cp.spawnSync(cmd[0], cmd.slice(1), { env: { ...process.env, ENTENTE_CACHE_DIR: cache }, maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`exit ${r.status}: ${r.stderr}`);
  const m = /@@([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr.toString());
  return { wall, cpu: m ? (Number(m[2]) + Number(m[3])) * 1000 : NaN, rssMB: m ? Number(m[4]) / 1024 : NaN, outMB: r.stdout.length / 1e6 };
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const modes = { 'check (text)': [], 'check --format json': ['--format', 'json'], 'check --format json --entities': ['--format', 'json', '--entities'] };
console.log(`note ${mb.toFixed(2)} MB, median of ${runs} (after one warm-up run each); CPU = user + sys of the process`);
for (const [label, args] of Object.entries(modes)) {
  const res = Object.fromEntries(Object.keys(clis).map((k) => [k, []]));
  for (const cli of Object.values(clis)) once(cli, args); // warm the corpus cache and the page cache
  for (let i = 0; i < runs; i++) for (const [k, cli] of Object.entries(clis)) res[k].push(once(cli, args));
  for (const [k, rs] of Object.entries(res)) {
    const wall = median(rs.map((r) => r.wall));
    const cpu = median(rs.map((r) => r.cpu));
    console.log(`${(label + ' [' + k + ']').padEnd(44)} wall ${wall.toFixed(0).padStart(6)} ms (${(mb / (wall / 1000)).toFixed(2)} MB/s)  cpu ${cpu.toFixed(0).padStart(6)} ms (${(mb / (cpu / 1000)).toFixed(2)} MB/s)  max RSS ${median(rs.map((r) => r.rssMB)).toFixed(0)} MB  output ${rs[0].outMB.toFixed(1)} MB`);
  }
}
fs.rmSync(cache, { recursive: true, force: true });
