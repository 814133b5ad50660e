// Shared helpers of the benchmark suite: paths, the compiled core, timing, statistics, machine info.
// Plain Node ESM; the core is imported from the TypeScript output (out/), compiled by `npx tsc -p .`.

import { createRequire } from 'module';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BENCH = path.join(ROOT, '.bench');
export const require = createRequire(path.join(ROOT, 'package.json'));

/** A module of the compiled core, e.g. core('core/load.js'). */
export const core = (p) => require(path.join(ROOT, 'out', 'server', 'src', p));

/** Number of repetitions; BENCH_RUNS=1 for a quick look. */
export const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Nearest-rank percentile. */
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Wall and CPU (user+system of this process) milliseconds of fn(). */
export async function timed(fn) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000, value };
}

/** Runs fn `runs` times; medians of wall and CPU ms, and every sample. */
export async function repeat(runs, fn, before) {
  const walls = [];
  const cpus = [];
  let value;
  for (let i = 0; i < runs; i++) {
    if (before) await before(i);
    if (global.gc) global.gc();
    const r = await timed(() => fn(i));
    walls.push(r.wall);
    cpus.push(r.cpu);
    value = r.value;
  }
  return { wall: median(walls), cpu: median(cpus), walls, cpus, value };
}

export function rssMB() {
  return process.memoryUsage().rss / 1048576;
}

/** VmRSS (MB) of a process from /proc, or NaN off Linux. */
export function procRssMB(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGB: +(os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadavg: os.loadavg().map((x) => +x.toFixed(2)),
    date: new Date().toISOString(),
  };
}

export const MB = (bytes) => bytes / 1e6;
export const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : String(x));

/** Deterministic PRNG (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function log(...args) {
  process.stderr.write(args.join(' ') + '\n');
}
