// .vsix size and activation time. The .vsix is built with a minified bundle, then dist/ is rebuilt
// unminified as the other scripts expect it; `entente.vsix` at the root is measured if present and
// BENCH_SKIP_PACKAGE is set.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import Module from 'module';
import { BENCH, ROOT, RUNS, median, log } from './lib.mjs';
import { startServer } from './lsp.mjs';

// package.json has no `repository`, and vsce refuses README's relative links without a base URL
// (`npm run package` fails the same way); the base only rewrites links, not the size that matters here.
const LINKS = ['--baseContentUrl', 'https://example.invalid/entente', '--baseImagesUrl', 'https://example.invalid/entente'];

export function benchVsix() {
  const out = path.join(BENCH, 'entente.vsix');
  if (process.env.BENCH_SKIP_PACKAGE && fs.existsSync(path.join(ROOT, 'entente.vsix'))) return { path: 'entente.vsix', bytes: fs.statSync(path.join(ROOT, 'entente.vsix')).size };
  log('package: node scripts/build.mjs --minify && vsce package');
  const run = (cmd, args) => {
    const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  try {
    run(process.execPath, ['scripts/build.mjs', '--minify']);
    const listing = run('npx', ['vsce', 'ls', '--no-dependencies']).trim().split('\n');
    run('npx', ['vsce', 'package', '--no-dependencies', ...LINKS, '-o', out]);
    const dist = Object.fromEntries(['client.js', 'server.js', 'cli.js'].map((f) => [f, fs.statSync(path.join(ROOT, 'dist', f)).size]));
    return { path: path.relative(ROOT, out), bytes: fs.statSync(out).size, files: listing.length, minifiedDistBytes: dist };
  } finally {
    run(process.execPath, ['scripts/build.mjs']);
  }
}

/** Time to require dist/client.js with a stub `vscode` module, in fresh child processes. */
export async function benchActivation() {
  const script = `
    const Module = require('module');
    const path = require('path');
    const orig = Module._resolveFilename;
    Module._resolveFilename = function (req, ...rest) { return req === 'vscode' ? 'vscode-stub' : orig.call(this, req, ...rest); };
    const handler = { get: (t, k) => (k === '__esModule' ? true : k === 'then' ? undefined : proxy) , apply: () => proxy, construct: () => proxy };
    const proxy = new Proxy(function () {}, handler);
    require.cache['vscode-stub'] = { id: 'vscode-stub', filename: 'vscode-stub', loaded: true, exports: proxy };
    const t0 = performance.now();
    const ext = require(path.join(${JSON.stringify(ROOT)}, 'dist', 'client.js'));
    const ms = performance.now() - t0;
    process.stdout.write(JSON.stringify({ ms, exports: Object.keys(ext) }));
  `;
  const xs = [];
  for (let i = 0; i < Math.max(RUNS, 3); i++) {
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`activation probe failed: ${r.stderr}`);
    xs.push(JSON.parse(r.stdout));
  }
  const requireMs = median(xs.map((x) => x.ms));
  log('activation: server start → ready');
  const readies = [];
  for (let i = 0; i < Math.max(RUNS, 3); i++) {
    const s = await startServer();
    readies.push(await s.ready());
    await s.stop();
  }
  const readyMs = median(readies);
  return { requireClientMs: requireMs, serverReadyMs: readyMs, totalMs: requireMs + readyMs, exports: xs[0].exports };
}
