// What test/e2e/run.mjs and test/vscode/run-in-code-server.mjs share: the paths of code-server
// (installed in .e2e/ by scripts/setup-e2e.sh) and Chromium, polling with a deadline, starting
// code-server on a free port (in its own process group) and installing a .vsix into it, launching
// headless Chromium, and a cleanup registry: whatever is started here is stopped by cleanup(),
// which a global deadline or SIGINT/SIGTERM also runs (see guard()).
//
// One run per process: the registry is this module's state.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CODE_SERVER_ENTRY = path.join(ROOT, '.e2e', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const WORKSPACE_SRC = path.join(ROOT, 'test', 'e2e', 'workspace');
const CHROMIUM = '/usr/bin/chromium';

/** The repository's paths; `results` is test-results/SUITE. */
export function paths(suite) {
  return {
    root: ROOT,
    codeServerEntry: CODE_SERVER_ENTRY,
    workspaceSrc: WORKSPACE_SRC,
    chromium: CHROMIUM,
    results: path.join(ROOT, 'test-results', suite),
  };
}

// ---------------------------------------------------------------- small helpers
const t0 = Date.now();
export const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
export const info = (msg) => console.log(`# ${msg}`);
export const delay = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `condition` (sync or async) until it returns a truthy value, which is returned; gives up
 *  after `timeoutMs` (or at the absolute time `until`, if earlier), or as soon as the run aborts. */
export async function waitFor(condition, timeoutMs, what, { until = Infinity } = {}) {
  const deadline = Math.min(Date.now() + timeoutMs, until);
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
    await delay(200);
  }
}

export function freePort() {
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

/** SIGTERM to the child's process group (it was spawned detached), SIGKILL 3 s later if still there. */
export function killTree(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
  const hard = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 3000);
  hard.unref();
  child.once('exit', () => clearTimeout(hard));
}

/** Creates test-results/SUITE and removes the files of the last run whose names match `stale`. */
export function resetResults(dir, stale) {
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(dir)) if (stale.test(f)) fs.rmSync(path.join(dir, f));
}

// ---------------------------------------------------------------- cleanup registry
const children = new Set(); // helper processes (vsix installs) while they run
let codeServer;
let browser;
const tempDirs = [];
let keepTempDirs = false;
let abortReason;
let cleanupPromise;
let deadlineTimer;
let giveUp = () => {};

/** Why the run was aborted (deadline, signal, code-server gone), or undefined. */
export const aborted = () => abortReason;

/** Makes every waitFor throw `reason` from now on (no cleanup, no exit: the caller unwinds). */
export function markAborted(reason) {
  abortReason ??= reason;
}

/** Stops code-server and the browser and removes the temp dirs (or says where they are, with
 *  `keep`); every caller awaits the same run. */
export function cleanup() {
  cleanupPromise ??= (async () => {
    // SIGTERM now, SIGKILL in 3 s; the extension host and the language server are in code-server's group
    for (const child of [codeServer, ...children]) killTree(child);
    if (browser) await Promise.race([browser.close().catch(() => {}), delay(5000)]);
    if (codeServer && codeServer.exitCode === null && codeServer.signalCode === null) {
      await Promise.race([new Promise((r) => codeServer.once('exit', r)), delay(4000)]);
      try { process.kill(-codeServer.pid, 'SIGKILL'); } catch { /* gone */ }
    }
    for (const d of tempDirs) {
      if (keepTempDirs) info(`kept ${d}`);
      else fs.rmSync(d, { recursive: true, force: true });
    }
  })();
  return cleanupPromise;
}

/** Deadline or signal: stop code-server and the browser, which makes the script's waits fail fast
 *  so that it reports and exits; if it does not unwind within 15 s, `onGiveUp(reason)` (from
 *  guard) reports and the process exits here with `exitCode`. */
export function abort(reason, exitCode) {
  if (abortReason) return;
  abortReason = reason;
  info(reason);
  cleanup();
  setTimeout(() => {
    giveUp(reason);
    process.exit(exitCode);
  }, 15000).unref();
}

/** Arms the global deadline and the SIGINT/SIGTERM handlers (both abort); `keep` keeps the temp dirs. */
export function guard({ deadlineMs, keep = false, onGiveUp = () => {} }) {
  keepTempDirs = keep;
  giveUp = onGiveUp;
  deadlineTimer = setTimeout(() => abort(`global deadline: the run took longer than ${deadlineMs / 1000}s`, 1), deadlineMs);
  deadlineTimer.unref();
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => abort(`interrupted (${sig})`, 130));
}

/** Exits once the script has reported (after `await cleanup()`). */
export function exit(code) {
  clearTimeout(deadlineTimer);
  process.exit(code);
}

// ---------------------------------------------------------------- code-server
/** The user settings both runs start from: no welcome page, tips, trust prompts, telemetry or updates. */
export const BASE_SETTINGS = {
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
};

/** A temporary dir (removed by cleanup) with empty extensions/, user-data/ holding `settings`
 *  (BASE_SETTINGS and these), and workspace/, a copy of test/e2e/workspace/. */
export function makeProfile(prefix, settings = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(tmp);
  const extensionsDir = path.join(tmp, 'extensions');
  const userDataDir = path.join(tmp, 'user-data');
  const workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.cpSync(WORKSPACE_SRC, workspace, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2));
  return { tmp, extensionsDir, userDataDir, workspace };
}

/** Runs a helper process in its own group (killed by cleanup), appending its output to `logFile`;
 *  resolves with the output on exit code 0. */
function run(cmd, args, { timeoutMs, logFile }) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    children.add(child);
    let out = '';
    const onData = (d) => { out += d; if (logFile) fs.appendFileSync(logFile, d); };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => { killTree(child); reject(new Error(`${path.basename(args[0] ?? cmd)} timed out`)); }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      children.delete(child);
      if (code === 0) resolve(out);
      else reject(new Error(`exit code ${code}: ${out.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

/** code-server --install-extension VSIX into the given dirs (2 minutes at most). */
export async function installVsix({ vsix, extensionsDir, userDataDir, logFile }) {
  info(`installing ${path.relative(ROOT, vsix)}`);
  await run(process.execPath, [CODE_SERVER_ENTRY, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir,
    '--install-extension', vsix], { timeoutMs: 120000, logFile })
    .catch((err) => { throw new Error(`installing ${path.basename(vsix)} failed (${err.message})`); });
}

/** Starts code-server on a free port (no auth, no telemetry, no update check, no workspace trust)
 *  with `env` added to this process's environment and its output appended to `logFile`, and waits
 *  until it answers /healthz. If it exits before cleanup, `onExit(reason)` is called (reason:
 *  "code-server exited (CODE): last two log lines"; default markAborted). Returns its authority
 *  (127.0.0.1:PORT) and base URL. */
export async function startCodeServer({ extensionsDir, userDataDir, workspace, env = {}, logFile, onExit = markAborted }) {
  const port = await freePort();
  const authority = `127.0.0.1:${port}`;
  info(`starting code-server on ${authority} (${elapsed()})`);
  const child = spawn(process.execPath, [CODE_SERVER_ENTRY, '--auth', 'none', '--bind-addr', authority,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, workspace],
  { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, ...env } });
  codeServer = child;
  const logStream = fs.createWriteStream(logFile, { flags: 'a' });
  child.stdout.pipe(logStream);
  child.stderr.pipe(logStream);
  const exited = () => {
    if (cleanupPromise) return;
    const last = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-2).join(' | ') : '';
    onExit(`code-server exited (${child.exitCode ?? child.signalCode}): ${last}`);
  };
  child.once('exit', () => setTimeout(exited, 200)); // after its last output reached the log
  const base = `http://${authority}`;
  await waitFor(async () => {
    const res = await fetch(`${base}/healthz`).catch(() => undefined);
    return res?.ok;
  }, 60000, 'code-server to answer /healthz');
  return { authority, base };
}

// ---------------------------------------------------------------- browser
/** Headless Debian Chromium through playwright-core; closed by cleanup. */
export async function launchBrowser() {
  info(`launching chromium (${elapsed()})`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return browser;
}

/** A page of the given size whose console errors and warnings and page errors go to `logFile`. */
export async function newPage(viewport, logFile) {
  const page = await (await browser.newContext({ viewport })).newPage();
  page.on('console', (msg) => { if (['error', 'warning'].includes(msg.type())) fs.appendFileSync(logFile, `[${msg.type()}] ${msg.text()}\n`); });
  page.on('pageerror', (err) => fs.appendFileSync(logFile, `[pageerror] ${err.message}\n`));
  return page;
}
