// The server's V8 flags (a long session of edits: scripts/soak.mjs) are set on every way the
// server is started: the VS Code client's execArgv, and the language-server binary other clients run.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');

describe('server start: V8 flags for long editing sessions', () => {
  const client = fs.readFileSync(path.join(ROOT, 'client', 'src', 'extension.ts'), 'utf8');
  const bin = fs.readFileSync(path.join(ROOT, 'bin', 'entente-language-server.js'), 'utf8');
  const list = /export const SERVER_EXEC_ARGV = \[([^\]]*)\]/.exec(client);
  const execArgv = list ? [...list[1].matchAll(/'([^']+)'/g)].map((m) => m[1]) : [];

  it('the VS Code client starts the server (run and debug) with the flags', () => {
    assert.ok(execArgv.includes('--heap-growing-percent=50'), `SERVER_EXEC_ARGV: ${JSON.stringify(execArgv)}`);
    assert.ok(execArgv.includes('--max-semi-space-size=8'), `SERVER_EXEC_ARGV: ${JSON.stringify(execArgv)}`);
    assert.match(client, /run: \{[^}]*execArgv: SERVER_EXEC_ARGV/);
    assert.match(client, /debug: \{[^}]*execArgv: \[\.\.\.SERVER_EXEC_ARGV/);
  });

  it('the binary sets the heap growing flag the client passes, before the server loads', () => {
    const set = /setFlagsFromString\('([^']+)'\)/.exec(bin);
    assert.ok(set, 'bin/entente-language-server.js sets no V8 flag');
    assert.ok(execArgv.includes(set[1]), `${set[1]} is not among the client's flags`);
    assert.ok(bin.indexOf(set[0]) < bin.indexOf("require('../dist/server.js')"));
  });
});
