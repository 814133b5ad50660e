// `npm run bench`: every benchmark of Entente, peers beside it, a table on stdout and
// bench-results.json at the root. Needs the compiled core (npx tsc -p .) and dist/ (node scripts/build.mjs).
//   BENCH_RUNS=N        repetitions of each measurement (default 3; medians are reported)
//   BENCH_RUNS_BIG=N    repetitions of the 26 MB corpus indexing in-process (default 1)
//   BENCH_ONLY=a,b      sections: index,throughput,scaling,cli,server,peers,package,eval
//   BENCH_SKIP_PACKAGE  measure ./entente.vsix instead of packaging one

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BENCH, ROOT, RUNS, fmt, log, machine } from './lib.mjs';
import { inputs } from './inputs.mjs';
import { benchIndexing, benchThroughput, benchCli, loadBundledEngine } from './core.mjs';
import { benchServer } from './lsp.mjs';
import { benchPeers } from './peers.mjs';
import { benchVsix, benchActivation } from './package.mjs';
import { benchScaling } from './scaling.mjs';

const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : undefined;
const want = (s) => !only || only.has(s);

for (const f of ['out/server/src/core/load.js', 'out/test/eval/annotated.js', 'dist/server.js', 'dist/cli.js', 'dist/client.js']) {
  if (!fs.existsSync(path.join(ROOT, f))) {
    console.error(`bench: ${f} is missing; run \`node scripts/build.mjs && npx tsc -p .\` first`);
    process.exit(2);
  }
}

const results = { machine: machine(), runs: RUNS };
log(`bench: ${results.machine.cpu}, ${results.machine.cores} cores, ${results.machine.memoryGB} GB, Node ${results.machine.node}, load ${results.machine.loadavg.join(' ')}`);
const files = inputs();
results.inputs = Object.fromEntries(Object.entries(files).map(([k, p]) => [k, { path: path.relative(ROOT, p), bytes: fs.statSync(p).isDirectory() ? fs.readdirSync(p).reduce((n, f) => n + fs.statSync(path.join(p, f)).size, 0) : fs.statSync(p).size }]));
const engine = await loadBundledEngine();

const section = async (name, fn) => {
  if (!want(name)) return;
  const t0 = performance.now();
  try {
    results[name] = await fn();
  } catch (e) {
    results[name] = { error: String(e?.stack ?? e) };
    log(`bench: ${name} failed: ${e?.message ?? e}`);
  }
  log(`bench: ${name} done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
};

await section('index', () => benchIndexing(files));
await section('throughput', () => benchThroughput(engine, files));
await section('scaling', () => benchScaling(engine));
await section('cli', () => benchCli(files));
await section('server', () => benchServer(engine, files));
await section('peers', () => benchPeers(engine, files));
await section('package', async () => ({ vsix: benchVsix(), activation: await benchActivation() }));
await section('eval', () => {
  const out = path.join(BENCH, 'eval.json');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'out', 'test', 'eval', 'eval.js'), '--json', out], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const j = JSON.parse(fs.readFileSync(out, 'utf8'));
  return { notes: j.notes, strict: j.strict, relaxed: j.relaxed, dateValues: j.dateValues, diagnostics: j.diagnostics };
});

// ------------------------------------------------------------------------------------------------
// Targets and the table

const g = (o, ...keys) => keys.reduce((x, k) => (x == null ? undefined : x[k]), o);
const targets = [
  ['index bundled corpus', g(results, 'index', 'bundled', 'wallMs'), '< 50 ms', (v) => v < 50, 'ms'],
  ['index 26 MB corpus', g(results, 'index', 'corpus100x', 'wallMs'), '< 3 s', (v) => v < 3000, 'ms'],
  ['restart, unchanged corpus → ready', g(results, 'server', 'readyMs', 'restartMedian'), '< 300 ms', (v) => v < 300, 'ms'],
  ['full analysis in-process', g(results, 'throughput', 'analysis', 'mbps'), '≥ 50 MB/s', (v) => v >= 50, 'MB/s'],
  ['full analysis + diagnostics, 5 MB dense note', g(results, 'throughput', 'analysisDense', 'mbps'), '≥ 50 MB/s', (v) => v >= 50, 'MB/s'],
  // Issue 18: "doubling the input must not more than about double the time", on every adversarial shape.
  ['scaling: largest exponent of time in size, adversarial inputs (1 = linear)', g(results, 'scaling', 'worstExponent'), '≤ 1.3 (×2.46 a doubling)', (v) => v <= 1.3, ''],
  ['whole CLI, 5 MB note', g(results, 'cli', 'note5mb', 'mbps'), '≥ 20 MB/s', (v) => v >= 20, 'MB/s'],
  ['whole CLI, 5 MB dense note', g(results, 'cli', 'dense5mb', 'mbps'), '≥ 20 MB/s', (v) => v >= 20, 'MB/s'],
  ['whole CLI --entities JSON, 5 MB dense note', g(results, 'cli', 'dense5mbEntities', 'mbps'), '≥ 10 MB/s', (v) => v >= 10, 'MB/s'],
  ['CLI on 512 KB date-dense ÷ chrono', (g(results, 'cli', 'dates512kb', 'wallMs') ?? NaN) / (g(results, 'peers', 'chronoDense', 'wallMs') ?? NaN), '< 0.2', (v) => v < 0.2, '×'],
  ['hover p99, 1 MB', g(results, 'server', 'hover1mb', 'p99Ms'), '< 5 ms', (v) => v < 5, 'ms'],
  ['definition p99, 1 MB', g(results, 'server', 'definition1mb', 'p99Ms'), '< 5 ms', (v) => v < 5, 'ms'],
  ['edit → diagnostics server time, 200 KB', g(results, 'server', 'edit200kb', 'serverMs'), '< 10 ms', (v) => v < 10, 'ms'],
  ['server RSS, bundled corpus', g(results, 'server', 'rssBundledMB'), '< 100 MB', (v) => v < 100, 'MB'],
  ['server RSS, 26 MB corpus', g(results, 'server', 'rssCorpus100xMB'), '< 400 MB', (v) => v < 400, 'MB'],
  // Issue 17: "the package under 5 MB with the prebuilt index and the new libraries" (PDF.js ships twice: the readers' bundle and the viewer's).
  ['.vsix size', (g(results, 'package', 'vsix', 'bytes') ?? NaN) / 1e6, '< 5 MB', (v) => v < 5, 'MB'],
  ['activation (require client + server ready)', g(results, 'package', 'activation', 'totalMs'), '< 200 ms', (v) => v < 200, 'ms'],
];
results.targets = targets.map(([name, value, target, ok, unit]) => ({ name, value: Number.isFinite(value) ? +value.toFixed(3) : null, unit, target, met: Number.isFinite(value) ? ok(value) : null }));

const rows = [];
const row = (what, value) => rows.push([what, value]);
const ms = (x) => (x == null || !Number.isFinite(x) ? '—' : `${fmt(x, x < 10 ? 2 : 0)} ms`);
const mbs = (x) => (x == null || !Number.isFinite(x) ? '—' : `${fmt(x, 2)} MB/s`);
if (results.index?.bundled) {
  row('index bundled corpus (wall / CPU / RSS)', `${ms(results.index.bundled.wallMs)} / ${ms(results.index.bundled.cpuMs)} / ${fmt(results.index.bundled.rssMB, 0)} MB`);
  row('index 26 MB corpus (wall / CPU / RSS)', `${ms(results.index.corpus100x.wallMs)} / ${ms(results.index.corpus100x.cpuMs)} / ${fmt(results.index.corpus100x.rssMB, 0)} MB`);
}
if (results.throughput?.analysis) {
  const t = results.throughput;
  row('entities (matcher.find), 5 MB', `${mbs(t.entities.mbps)} (${ms(t.entities.wallMs)})`);
  row('dates (recognizeDates), 5 MB', `${mbs(t.dates.mbps)} (${ms(t.dates.wallMs)})`);
  row('full analysis (Engine.analyze), 5 MB', `${mbs(t.analysis.mbps)} (${ms(t.analysis.wallMs)})`);
  if (t.analysisDense) row('full analysis + diagnostics, 5 MB dense note', `${mbs(t.analysisDense.mbps)} (${ms(t.analysisDense.wallMs)}; ${t.analysisDense.diagnostics} diagnostics)`);
  row('re-analysis, paragraph cache warm, 5 MB', `${mbs(t.analysisWarm.mbps)} (${ms(t.analysisWarm.wallMs)})`);
}
if (results.scaling?.shapes) {
  const sc = results.scaling;
  row(`scaling, ${sc.shapes.length} adversarial shapes at 200 / 400 / 800 KB`, `largest exponent ${fmt(sc.worstExponent, 2)} (${sc.worstShape}); slowest ${ms(sc.slowestMs)} at 800 KB`);
}
if (results.cli?.note5mb) {
  row('CLI check, 5 MB note', `${ms(results.cli.note5mb.wallMs)} = ${mbs(results.cli.note5mb.mbps)} (max RSS ${fmt(results.cli.note5mb.maxRssMB, 0)} MB)`);
  row('CLI check, 512 KB date-dense note', `${ms(results.cli.dates512kb.wallMs)}`);
  if (results.cli.dense5mb) row('CLI check, 5 MB dense note (text / --entities JSON)', `${mbs(results.cli.dense5mb.mbps)} / ${mbs(results.cli.dense5mbEntities?.mbps)}`);
}
if (results.server?.readyMs) {
  const s = results.server;
  row('server start → ready (first / restart median)', `${ms(s.readyMs.first)} / ${ms(s.readyMs.restartMedian)}`);
  row('server start → first diagnostics, 1 MB', ms(s.firstDiagnosticsMs));
  row('open → first diagnostics, 1 MB (server running)', ms(s.openToDiagnosticsMs.median));
  row('hover p50 / p99, 1 MB', `${ms(s.hover1mb.p50Ms)} / ${ms(s.hover1mb.p99Ms)}`);
  row('definition p50 / p99, 1 MB', `${ms(s.definition1mb.p50Ms)} / ${ms(s.definition1mb.p99Ms)}`);
  row('edit → diagnostics, 1 MB (total / server)', `${ms(s.edit1mb.totalMs)} / ${ms(s.edit1mb.serverMs)}`);
  row('edit → diagnostics, 200 KB (total / server)', `${ms(s.edit200kb.totalMs)} / ${ms(s.edit200kb.serverMs)}`);
  if (s.hover1mbWorkspace) row('  with a workspace folder + dictionary: hover p50 / p99', `${ms(s.hover1mbWorkspace.p50Ms)} / ${ms(s.hover1mbWorkspace.p99Ms)}`);
  if (s.edit200kbWorkspace) row('  with a workspace folder + dictionary: edit 200 KB server', ms(s.edit200kbWorkspace.serverMs));
  row('server RSS: bundled / 1 MB note open / 26 MB corpus', `${fmt(s.rssBundledMB, 0)} / ${fmt(s.rssAfter1mbMB, 0)} / ${fmt(s.rssCorpus100xMB, 0)} MB`);
  row('server start → ready, 26 MB corpus', ms(s.readyCorpus100xMs));
}
if (results.package?.vsix) {
  row('.vsix size', `${fmt(results.package.vsix.bytes / 1e6, 2)} MB`);
  const a = results.package.activation;
  row('activation (require client + server ready)', `${ms(a.requireClientMs)} + ${ms(a.serverReadyMs)} = ${ms(a.totalMs)}`);
}
if (results.peers?.chrono) {
  const p = results.peers;
  row(`chrono-node dates, ${fmt(p.capBytes / 1024, 0)} KB of the note`, `${mbs(p.chrono.mbps)} (Entente dates ${mbs(p.entente.datesMBps)}, ×${fmt(p.chrono.ratioEntenteDates, 0)})`);
  row('chrono-node, 512 KB date-dense note', ms(p.chronoDense.wallMs));
  row(`compromise(+dates) parse, ${fmt(p.capBytes / 1024, 0)} KB`, `${mbs(p.compromise.mbps)} (Entente analysis ×${fmt(p.compromise.ratioEntenteAnalysis, 0)}; entities ×${fmt(p.compromise.ratioEntenteEntities, 0)})`);
  const f = p.f1;
  row('F1 relaxed, orgs: Entente / compromise', `${fmt(f.entente.org.f1 * 100)} / ${fmt(f.compromise.org.f1 * 100)} %`);
  row('F1 relaxed, dates: Entente / chrono / compromise', `${fmt(f.entente.date.f1 * 100)} / ${fmt(f['chrono-node'].date.f1 * 100)} / ${fmt(f.compromise.date.f1 * 100)} %`);
}
if (results.eval?.relaxed) {
  const e = results.eval;
  row('eval.json relaxed F1 org / treaty / date', ['org', 'treaty', 'date'].map((k) => (e.relaxed[k] ? fmt(e.relaxed[k].f1 * 100) : '—')).join(' / ') + ' %');
}

const w = Math.max(...rows.map((r) => r[0].length));
const lines = [`Entente benchmarks — ${results.machine.cpu}, ${results.machine.cores} cores, ${results.machine.memoryGB} GB, Node ${results.machine.node}, ${results.machine.date.slice(0, 10)}, medians of ${RUNS}`, ''];
for (const [a, b] of rows) lines.push(`${a.padEnd(w)}  ${b}`);
lines.push('', 'Targets:');
const tw = Math.max(...results.targets.map((t) => t.name.length));
for (const t of results.targets) lines.push(`  ${t.met == null ? '  ?   ' : t.met ? '  met ' : 'MISSED'}  ${t.name.padEnd(tw)}  ${t.value == null ? '—' : fmt(t.value, t.value < 10 ? 2 : 0)} ${t.unit}  (target ${t.target})`);
console.log(lines.join('\n'));
const errors = Object.entries(results).filter(([, v]) => v && v.error);
for (const [k, v] of errors) console.log(`\n${k} failed: ${v.error.split('\n')[0]}`);
fs.writeFileSync(path.join(ROOT, 'bench-results.json'), JSON.stringify(results, null, 2) + '\n');
log('bench: wrote bench-results.json');
process.exit(0);
