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

import fs from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import {
  aborted, cleanup, elapsed, exit, guard, info, launchBrowser, makeProfile, newPage, paths, resetResults,
  startCodeServer, waitFor,
} from '../e2e/code-server.mjs';

const { root: ROOT, codeServerEntry: CODE_SERVER_ENTRY, chromium: CHROMIUM, results: RESULTS } = paths('vscode');
const SUITE = path.join(ROOT, 'out', 'test', 'vscode', 'suite', 'index.js');

const argv = process.argv.slice(2);
const KEEP = argv.includes('--keep');
const GLOBAL_DEADLINE_MS = Number(argv.find((a) => a.startsWith('--deadline='))?.slice('--deadline='.length) ?? 300) * 1000;

// Deadline or signal: stop code-server and the browser (main() then fails fast); if it does not
// unwind within 15 s, report and exit there.
guard({ deadlineMs: GLOBAL_DEADLINE_MS, keep: KEEP, onGiveUp: () => console.log('0 passed, 1 failed') });

// ---------------------------------------------------------------- main
/** Runs the suite; returns the parsed results file ({passed, failed, tests, error?}). */
async function main() {
  for (const [file, fix] of [[CODE_SERVER_ENTRY, 'run scripts/setup-e2e.sh (as root)'], [CHROMIUM, 'run scripts/setup-e2e.sh (as root)'],
    [SUITE, 'run npm run compile'], [path.join(ROOT, 'dist', 'client.js'), 'run npm run build']]) {
    if (!fs.existsSync(file)) throw new Error(`${file} not found; ${fix}`);
  }
  resetResults(RESULTS, /\.(log|json)$/);

  const { tmp, extensionsDir, userDataDir, workspace } = makeProfile('entente-vscode-cs-');
  const resultsFile = path.join(tmp, 'results.json');
  // code-server refuses --extensionDevelopmentPath / --extensionTestsPath ("Unknown option"):
  // the window's payload below carries them, and the server scans what the window sends.
  // If code-server exits, every wait fails with "code-server exited (CODE): its last log lines".
  const { authority, base } = await startCodeServer({
    extensionsDir, userDataDir, workspace,
    env: { ENTENTE_VSCODE_TEST_RESULTS: resultsFile }, logFile: path.join(RESULTS, 'code-server.log'),
  });

  await launchBrowser();
  const page = await newPage({ width: 1280, height: 800 }, path.join(RESULTS, 'browser.log'));
  const consoleLog = path.join(RESULTS, 'workbench-console.log'); // the extension host's console too

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
  console.log(`# error: ${aborted() ?? String(err.message ?? err).split('\n')[0]}`);
  console.log('0 passed, 1 failed');
  status = aborted()?.startsWith('interrupted') ? 130 : 1;
} finally {
  await cleanup();
  info(`finished in ${elapsed()}`);
}
exit(status);
