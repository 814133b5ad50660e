// In-process benchmarks of the core: corpus indexing (each in a fresh child process, for a clean
// RSS), recognition and full-analysis throughput on the 5 MB note.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, RUNS, core, repeat, median, log } from './lib.mjs';

function child(args) {
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(ROOT, 'bench', 'index-child.mjs'), ...args], { encoding: 'utf8', maxBuffer: 1 << 24, timeout: 900_000 });
  if (r.status !== 0) throw new Error(`index-child failed: ${r.stderr || r.error}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

export async function benchIndexing(files) {
  log('indexing: bundled corpus');
  const bundled = [];
  for (let i = 0; i < Math.max(RUNS, 3); i++) bundled.push(child([]));
  // The 26 MB corpus takes long enough that one run is all a shared machine can spare; BENCH_RUNS_BIG raises it.
  const bigRuns = Math.max(1, Number(process.env.BENCH_RUNS_BIG ?? 1));
  log(`indexing: 100x corpus (${bigRuns} run(s))`);
  const big = [];
  for (let i = 0; i < bigRuns; i++) big.push(child([files.corpus100x]));
  const summary = (xs) => ({
    wallMs: median(xs.map((x) => x.wall)),
    cpuMs: median(xs.map((x) => x.cpu)),
    buildMs: median(xs.map((x) => x.buildMs)),
    rssMB: median(xs.map((x) => x.rssMB)),
    files: xs[0].files,
    characters: xs[0].characters,
    entities: xs[0].entities,
    runs: xs.length,
    samplesWallMs: xs.map((x) => Math.round(x.wall)),
  });
  return { bundled: summary(bundled), corpus100x: summary(big) };
}

export async function loadBundledEngine() {
  const { loadEngine } = core('core/load.js');
  const { NodeFileSystem, bundledCorpusDir } = core('node/nodeFs.js');
  return (await loadEngine({ fs: new NodeFileSystem(), bundledDir: bundledCorpusDir() })).engine;
}

export async function benchThroughput(engine, files) {
  const { ParagraphCache } = core('core/analysis.js');
  const { computeDiagnostics } = core('core/features/diagnostics.js');
  const { recognizeDates } = core('core/dates/recognize.js');
  const text = fs.readFileSync(files.note5mb, 'utf8');
  const bytes = Buffer.byteLength(text);
  const mbps = (ms) => bytes / 1e6 / (ms / 1000);
  const out = { noteBytes: bytes };

  log('throughput: entity recognition (matcher.find) on 5 MB');
  const ents = await repeat(RUNS, () => engine.matcher.find(text).length);
  out.entities = { wallMs: ents.wall, cpuMs: ents.cpu, mbps: mbps(ents.wall), mbpsCpu: mbps(ents.cpu), mentions: ents.value };

  log('throughput: dates (recognizeDates) on 5 MB');
  const dates = await repeat(RUNS, () => recognizeDates(text, { order: 'dmy' }).length);
  out.dates = { wallMs: dates.wall, cpuMs: dates.cpu, mbps: mbps(dates.wall), mbpsCpu: mbps(dates.cpu), mentions: dates.value };

  log('throughput: full analysis (Engine.analyze, cold paragraph cache) on 5 MB');
  let n = 0;
  const full = await repeat(
    RUNS,
    () => {
      const a = engine.analyze({ uri: `bench:note-${n++}`, version: 1, text, languageId: 'plaintext' });
      return { entities: a.entities.length, dates: a.dates.length, diagnostics: computeDiagnostics(engine, a, engine.settings.diagnostics).length };
    },
    () => {
      // The paragraph cache is engine-wide and keyed by text: empty it so each run recognizes everything.
      engine.paragraphs = new ParagraphCache();
      for (const a of engine.cachedAnalyses()) engine.forget(a.uri);
    },
  );
  out.analysis = { wallMs: full.wall, cpuMs: full.cpu, mbps: mbps(full.wall), mbpsCpu: mbps(full.cpu), ...full.value };

  log('throughput: full analysis + diagnostics on the 5 MB dense note (bodies and dates in every sentence)');
  const dense = fs.readFileSync(files.dense5mb, 'utf8');
  const denseBytes = Buffer.byteLength(dense);
  const denseRun = await repeat(
    RUNS,
    () => {
      const a = engine.analyze({ uri: `bench:dense-${n++}`, version: 1, text: dense, languageId: 'plaintext' });
      return { entities: a.entities.length, dates: a.dates.length, diagnostics: computeDiagnostics(engine, a, engine.settings.diagnostics).length };
    },
    () => {
      engine.paragraphs = new ParagraphCache();
      for (const a of engine.cachedAnalyses()) engine.forget(a.uri);
    },
  );
  out.analysisDense = { bytes: denseBytes, wallMs: denseRun.wall, cpuMs: denseRun.cpu, mbps: denseBytes / 1e6 / (denseRun.wall / 1000), mbpsCpu: denseBytes / 1e6 / (denseRun.cpu / 1000), ...denseRun.value };

  log('throughput: re-analysis of the same text under a new uri (paragraph cache warm)');
  const warm = await repeat(RUNS, () => engine.analyze({ uri: `bench:warm-${n++}`, version: 1, text, languageId: 'plaintext' }).entities.length);
  out.analysisWarm = { wallMs: warm.wall, cpuMs: warm.cpu, mbps: mbps(warm.wall) };
  for (const a of engine.cachedAnalyses()) engine.forget(a.uri);
  return out;
}

/** The whole CLI as a child process, wall time (and the child's CPU time from /usr/bin/time when available). */
export function benchCli(files) {
  const cli = path.join(ROOT, 'bin', 'entente.js');
  const hasTime = fs.existsSync('/usr/bin/time');
  const run = (file, extra = []) => {
    const t0 = performance.now();
    const r = hasTime
      ? spawnSync('/usr/bin/time', ['-f', '__TIME__ %U %S %M', process.execPath, cli, 'check', ...extra, file], { encoding: 'utf8', maxBuffer: 1 << 30 })
      : spawnSync(process.execPath, [cli, 'check', ...extra, file], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const wall = performance.now() - t0;
    if (r.status !== 0 && r.status !== 1) throw new Error(`CLI failed (${r.status}): ${r.stderr.slice(0, 500)}`);
    const m = /__TIME__ ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
    return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN, maxRssMB: m ? Number(m[3]) / 1024 : NaN, lines: r.stdout.split('\n').length - 1 };
  };
  const out = {};
  for (const [key, file, extra] of [['note5mb', files.note5mb], ['dates512kb', files.dates512kb], ['dense5mb', files.dense5mb], ['dense5mbEntities', files.dense5mb, ['--format', 'json', '--entities']]]) {
    log(`CLI: entente check ${(extra ?? []).join(' ')} ${path.basename(file)}`);
    const xs = [];
    for (let i = 0; i < RUNS; i++) xs.push(run(file, extra));
    const bytes = fs.statSync(file).size;
    const wallMs = median(xs.map((x) => x.wall));
    out[key] = { bytes, wallMs, cpuMs: median(xs.map((x) => x.cpu)), maxRssMB: median(xs.map((x) => x.maxRssMB)), mbps: bytes / 1e6 / (wallMs / 1000), diagnostics: xs[0].lines, samplesWallMs: xs.map((x) => Math.round(x.wall)) };
  }
  return out;
}
