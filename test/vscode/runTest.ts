// Runs the VS Code API suite (test/vscode/suite) in a VS Code downloaded by @vscode/test-electron,
// with this repository as the extension under development and a temporary copy of
// test/e2e/workspace/ as the folder. `npm run test:vscode` builds, compiles and runs this file.
//
// Where VS Code cannot be downloaded (no route to update.code.visualstudio.com), the same suite
// runs in code-server's extension host instead (test/vscode/run-in-code-server.mjs, which needs
// scripts/setup-e2e.sh), unless ENTENTE_NO_CODE_SERVER_FALLBACK=1; if that is not installed
// either, the run fails saying so. VSCODE_EXECUTABLE_PATH points at a VS Code already installed
// (no download); VSCODE_VERSION picks the version to download (default: the latest stable).

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const ROOT = path.resolve(__dirname, '..', '..', '..'); // out/test/vscode → repository root
const WORKSPACE_SRC = path.join(ROOT, 'test', 'e2e', 'workspace');
const SUITE = path.join(__dirname, 'suite', 'index.js');
const CODE_SERVER_RUNNER = path.join(ROOT, 'test', 'vscode', 'run-in-code-server.mjs');
const CODE_SERVER_ENTRY = path.join(ROOT, '.e2e', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

function fail(message: string): never {
  console.error(`test:vscode: ${message}`);
  process.exit(1);
}

async function vscodeExecutable(): Promise<string | undefined> {
  const given = process.env.VSCODE_EXECUTABLE_PATH;
  if (given) {
    if (!fs.existsSync(given)) fail(`VSCODE_EXECUTABLE_PATH=${given} does not exist`);
    return given;
  }
  try {
    return await downloadAndUnzipVSCode({ version: process.env.VSCODE_VERSION || undefined });
  } catch (err) {
    console.error(`test:vscode: could not download VS Code with @vscode/test-electron: ${String((err as Error)?.message ?? err)}`);
    return undefined;
  }
}

function fallBackToCodeServer(): never {
  if (process.env.ENTENTE_NO_CODE_SERVER_FALLBACK === '1') {
    fail('no VS Code to run the suite in (set VSCODE_EXECUTABLE_PATH to an installed VS Code, or allow the network to reach update.code.visualstudio.com)');
  }
  if (!fs.existsSync(CODE_SERVER_ENTRY)) {
    fail('no VS Code to run the suite in: the download failed and code-server is not installed. '
      + 'Set VSCODE_EXECUTABLE_PATH to an installed VS Code, or run scripts/setup-e2e.sh (as root) so that '
      + 'the suite can run in code-server\'s extension host (node test/vscode/run-in-code-server.mjs).');
  }
  console.error('test:vscode: running the suite in code-server\'s extension host instead (test/vscode/run-in-code-server.mjs)');
  const r = spawnSync(process.execPath, [CODE_SERVER_RUNNER, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

async function main(): Promise<void> {
  if (!fs.existsSync(SUITE)) fail(`${path.relative(ROOT, SUITE)} not found; run npm run compile`);
  if (!fs.existsSync(path.join(ROOT, 'dist', 'client.js'))) fail('dist/client.js not found; run npm run build');

  const vscodeExecutablePath = await vscodeExecutable();
  if (!vscodeExecutablePath) fallBackToCodeServer();

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-vscode-'));
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(WORKSPACE_SRC, workspace, { recursive: true });
  let failure: string | undefined;
  try {
    // runTests adds --extensionDevelopmentPath, --extensionTestsPath, --disable-workspace-trust,
    // --skip-welcome and --skip-release-notes itself.
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: SUITE,
      launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${path.join(tmp, 'user-data')}`],
    });
  } catch (err) {
    failure = String((err as Error)?.message ?? err);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (failure) fail(`the suite failed (${failure})`);
}

void main();
