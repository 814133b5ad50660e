// Running the CLI as users do: a child process on real files, with its output and exit status.

import * as cp from 'child_process';
import * as path from 'path';
import { ROOT } from '../util';

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  cwd?: string;
  timeoutMs?: number;
  /** Standard input (otherwise empty). */
  input?: string;
  /** The binary under bin/ (default entente.js). */
  bin?: string;
}

export function runCli(args: string[], options: RunOptions = {}): CliRun {
  const t0 = Date.now();
  const r = cp.spawnSync(process.execPath, [path.join(ROOT, 'bin', options.bin ?? 'entente.js'), ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    input: options.input ?? '',
    timeout: options.timeoutMs ?? 20000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}
