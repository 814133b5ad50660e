// Entry point of the VS Code API suite inside an extension host (the `extensionTestsPath` given to
// VS Code, or to code-server by test/vscode/run-in-code-server.mjs). VS Code calls `run()` once the
// extension under development is registered; it runs mocha over the `*.test.js` files next to this
// one and resolves when every test passed, rejects otherwise.
//
// The extension host's stdout is visible under @vscode/test-electron but not under code-server, so
// when ENTENTE_VSCODE_TEST_RESULTS names a file, a JSON summary is written there as well:
// {"passed":N,"failed":M,"tests":[{"title","state","durationMs","error"}],"error"?}

import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

interface TestRecord {
  title: string;
  state: 'passed' | 'failed';
  durationMs?: number;
  error?: string;
}

function writeResults(file: string | undefined, tests: TestRecord[], error?: string): void {
  if (!file) return;
  const passed = tests.filter((t) => t.state === 'passed').length;
  const failed = tests.length - passed;
  const body = JSON.stringify({ passed, failed, tests, ...(error ? { error } : {}) }, null, 2);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.tmp`, body);
    fs.renameSync(`${file}.tmp`, file); // a reader never sees half a file
  } catch (err) {
    console.error(`could not write the test results to ${file}: ${String(err)}`);
  }
}

export function run(): Promise<void> {
  const resultsFile = process.env.ENTENTE_VSCODE_TEST_RESULTS || undefined;
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    timeout: Number(process.env.ENTENTE_VSCODE_TEST_TIMEOUT_MS ?? 90000),
    reporter: 'spec',
  });
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  const tests: TestRecord[] = [];
  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        writeResults(resultsFile, tests);
        if (failures > 0) reject(new Error(`${failures} of ${tests.length} VS Code API tests failed`));
        else if (tests.length === 0) reject(new Error(`no tests found in ${__dirname}`));
        else resolve();
      });
      runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
      runner.on('fail', (t, err: Error) => tests.push({
        title: t.fullTitle(),
        state: 'failed',
        durationMs: t.duration,
        error: String(err?.stack ?? err?.message ?? err).split('\n').slice(0, 6).join('\n'),
      }));
    } catch (err) {
      writeResults(resultsFile, tests, String((err as Error)?.stack ?? err));
      reject(err);
    }
  });
}
