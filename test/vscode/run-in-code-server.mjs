#!/usr/bin/env node
// Runs the VS Code API suite (out/test/vscode/suite) in code-server's extension host: the route
// where @vscode/test-electron cannot download VS Code. code-server (VS Code 1.100's server, installed
// in .e2e/ by scripts/setup-e2e.sh) starts an extension host only when a window connects, so a
// headless Chromium (playwright-core, /usr/bin/chromium) opens the workbench with the same
// development payload VS Code's own web test runner (@vscode/test-web) uses:
//
//   /?folder=WORKSPACE&payload=[["extensionDevelopmentPath","vscode-remote://HOST/REPO"],
//                               ["extensionTestsPath","vscode-remote://HOST/REPO/out/test/vscode/suite/index.js"]]
//
// The vscode-remote scheme puts the extension and the test runner in the remote (Node) extension
// host, where the workbench calls the runner's run() once extensions are registered. When it
// settles, the workbench calls window.codeAutomationExit(code), exposed here by playwright. The
// suite writes its results to ENTENTE_VSCODE_TEST_RESULTS (code-server passes its environment to
// the extension host); its console output (mocha's spec report) arrives with the workbench's through
// window.codeAutomationLog, in test-results/vscode/workbench-console.log.
//
// Usage: node test/vscode/run-in-code-server.mjs [--keep] [--deadline=SECONDS]
//   --keep               keep the temporary workspace / user-data / extensions dirs
//   --deadline=SECONDS   give up (and clean up) after this long; default 300
// Prints "ok - TEST" / "not ok - TEST: reason", then "N passed, M failed"; exits non-zero on any
// failure (or if the suite did not run). Needs: npm run build && npm run compile, and
// scripts/setup-e2e.sh.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CODE_SERVER_ENTRY = path.join(ROOT, '.e2e', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const WORKSPACE_SRC = path.join(ROOT, 'test', 'e2e', 'workspace');
const SUITE = path.join(ROOT, 'out', 'test', 'vscode', 'suite', 'index.js');
const RESULTS = path.join(ROOT, 'test-results', 'vscode');
const CHROMIUM = '/usr/bin/chromium';

const argv = process.argv.slice(2);
const KEEP = argv.includes('--keep');
const GLOBAL_DEADLINE_MS = Number(argv.find((a) => a.startsWith('--deadline='))?.slice('--deadline='.length) ?? 300) * 1000;

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const info = (msg) => console.log(`# ${msg}`);
const delay = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(condition, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    if (abortReason) throw new Error(abortReason);
    try {
      const value = await condition();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const why = lastError ? ` (last error: ${String(lastError.message ?? lastError).split('\n')[0]})` : '';
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${why}`);
    }
    await delay(250);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function killTree(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
  const hard = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 3000);
  hard.unref();
  child.once('exit', () => clearTimeout(hard));
}

// ---------------------------------------------------------------- state and cleanup
let browser;
let codeServer;
const tempDirs = [];
let cleanupPromise;
function cleanup() {
  cleanupPromise ??= (async () => {
    killTree(codeServer); // the extension host and the language server are in its process group
    if (browser) await Promise.race([browser.close().catch(() => {}), delay(5000)]);
    if (codeServer && codeServer.exitCode === null && codeServer.signalCode === null) {
      await Promise.race([new Promise((r) => codeServer.once('exit', r)), delay(4000)]);
      try { process.kill(-codeServer.pid, 'SIGKILL'); } catch { /* gone */ }
    }
    for (const d of tempDirs) {
      if (KEEP) info(`kept ${d}`);
      else fs.rmSync(d, { recursive: true, force: true });
    }
  })();
  return cleanupPromise;
}

let abortReason;
function abort(reason, exitCode) {
  if (abortReason) return;
  abortReason = reason;
  console.log(`# ${reason}`);
  cleanup();
  setTimeout(() => { console.log('0 passed, 1 failed'); process.exit(exitCode); }, 15000).unref();
}
const globalTimer = setTimeout(() => abort(`global deadline: the run took longer than ${GLOBAL_DEADLINE_MS / 1000}s`, 1), GLOBAL_DEADLINE_MS);
globalTimer.unref();
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => abort(`interrupted (${sig})`, 130));

// ---------------------------------------------------------------- main
/** Runs the suite; returns the parsed results file ({passed, failed, tests, error?}). */
async function main() {
  for (const [file, fix] of [[CODE_SERVER_ENTRY, 'run scripts/setup-e2e.sh (as root)'], [CHROMIUM, 'run scripts/setup-e2e.sh (as root)'],
    [SUITE, 'run npm run compile'], [path.join(ROOT, 'dist', 'client.js'), 'run npm run build']]) {
    if (!fs.existsSync(file)) throw new Error(`${file} not found; ${fix}`);
  }
  fs.mkdirSync(RESULTS, { recursive: true });
  for (const f of fs.readdirSync(RESULTS)) if (/\.(log|json)$/.test(f)) fs.rmSync(path.join(RESULTS, f));

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-vscode-cs-'));
  tempDirs.push(tmp);
  const extDir = path.join(tmp, 'extensions');
  const userDir = path.join(tmp, 'user-data');
  const workspace = path.join(tmp, 'workspace');
  const resultsFile = path.join(tmp, 'results.json');
  fs.mkdirSync(path.join(userDir, 'User'), { recursive: true });
  fs.mkdirSync(extDir, { recursive: true });
  fs.cpSync(WORKSPACE_SRC, workspace, { recursive: true });
  fs.writeFileSync(path.join(userDir, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'window.restoreWindows': 'none',
    'files.hotExit': 'off',
    'chat.commandCenter.enabled': false,
  }, null, 2));

  const port = await freePort();
  const authority = `127.0.0.1:${port}`;
  const serverLog = path.join(RESULTS, 'code-server.log');
  info(`starting code-server on ${authority} (${elapsed()})`);
  codeServer = spawn(process.execPath, [CODE_SERVER_ENTRY, '--auth', 'none', '--bind-addr', authority,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    // code-server refuses --extensionDevelopmentPath / --extensionTestsPath ("Unknown option"):
    // the window's payload below carries them, and the server scans what the window sends.
    '--extensions-dir', extDir, '--user-data-dir', userDir, workspace],
  { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, ENTENTE_VSCODE_TEST_RESULTS: resultsFile } });
  const logStream = fs.createWriteStream(serverLog, { flags: 'a' });
  codeServer.stdout.pipe(logStream);
  codeServer.stderr.pipe(logStream);
  const base = `http://${authority}`;
  const exited = () => {
    if (cleanupPromise || (codeServer.exitCode === null && codeServer.signalCode === null)) return;
    const last = fs.existsSync(serverLog) ? fs.readFileSync(serverLog, 'utf8').trim().split('\n').slice(-2).join(' | ') : '';
    abortReason = `code-server exited (${codeServer.exitCode ?? codeServer.signalCode}): ${last}`;
  };
  codeServer.once('exit', () => setTimeout(exited, 200)); // after its last output reached the log
  await waitFor(async () => {
    const res = await fetch(`${base}/healthz`).catch(() => undefined);
    return res?.ok;
  }, 60000, 'code-server to answer /healthz');

  info(`launching chromium (${elapsed()})`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const browserLog = path.join(RESULTS, 'browser.log');
  const consoleLog = path.join(RESULTS, 'workbench-console.log'); // the extension host's console too
  page.on('console', (msg) => { if (['error', 'warning'].includes(msg.type())) fs.appendFileSync(browserLog, `[${msg.type()}] ${msg.text()}\n`); });
  page.on('pageerror', (err) => fs.appendFileSync(browserLog, `[pageerror] ${err.message}\n`));

  let exitCode;
  await page.exposeFunction('codeAutomationExit', (code) => { exitCode = code; });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    fs.appendFileSync(consoleLog, `[${type}] ${format(...(Array.isArray(args) ? args : [args]))}\n`);
  });

  const remote = (p) => `vscode-remote://${authority}${p.split(path.sep).join('/')}`;
  const payload = [['extensionDevelopmentPath', remote(ROOT)], ['extensionTestsPath', remote(SUITE)]];
  await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  info(`workbench opened; waiting for the extension host to run the suite (${elapsed()})`);

  await waitFor(() => exitCode !== undefined || fs.existsSync(resultsFile), GLOBAL_DEADLINE_MS, 'the suite to finish');
  // The results file is written just before the runner settles, and the exit follows it.
  await waitFor(() => fs.existsSync(resultsFile) && exitCode !== undefined, 10000, 'the results file and the exit code')
    .catch(() => {});
  info(`extension host test runner exit code: ${exitCode ?? '(none)'} (${elapsed()})`);
  if (!fs.existsSync(resultsFile)) {
    throw new Error('the suite wrote no results (did the extension host run it? see test-results/vscode/*.log)');
  }
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  fs.copyFileSync(resultsFile, path.join(RESULTS, 'results.json'));
  if (exitCode !== undefined && exitCode !== 0 && results.failed === 0) {
    results.error ??= `the extension host test runner exited with code ${exitCode}`;
  }
  return results;
}

let status = 1;
try {
  const results = await main();
  for (const t of results.tests) {
    if (t.state === 'passed') console.log(`ok - ${t.title} (${((t.durationMs ?? 0) / 1000).toFixed(1)}s)`);
    else console.log(`not ok - ${t.title}: ${String(t.error ?? '').split('\n').join('\n#   ')}`);
  }
  if (results.error) console.log(`# error: ${results.error.split('\n')[0]}`);
  const failed = results.failed + (results.error ? 1 : 0);
  console.log(`${results.passed} passed, ${failed} failed`);
  status = failed > 0 || results.passed === 0 ? 1 : 0;
} catch (err) {
  console.log(`# error: ${abortReason ?? String(err.message ?? err).split('\n')[0]}`);
  console.log('0 passed, 1 failed');
  status = abortReason?.startsWith('interrupted') ? 130 : 1;
} finally {
  await cleanup();
  info(`finished in ${elapsed()}`);
}
clearTimeout(globalTimer);
process.exit(status);
