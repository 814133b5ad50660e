#!/usr/bin/env node
// The language server for any LSP client. It needs a transport (--stdio, as editors start it);
// without one it prints how to start it instead of failing with a stack trace.
const argv = process.argv.slice(2);
const USAGE = `Usage: entente-language-server --stdio
  The Entente language server (Language Server Protocol), for Neovim, Helix, Emacs and other clients.
  --stdio              talk LSP over standard input and output (what editors use)
  --node-ipc           talk over Node's IPC channel (what the VS Code extension uses)
  --socket=PORT        talk over a TCP socket; --pipe=NAME over a named pipe
  --help | --version
Settings come from workspace/configuration (section "entente"), from initializationOptions
{ "settings": { … } }.`;

if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(USAGE + '\n');
  process.exitCode = 0;
} else if (argv.includes('--version')) {
  process.stdout.write(`entente-language-server ${require('../package.json').version}\n`);
  process.exitCode = 0;
} else if (!argv.some((a) => a === '--stdio' || a === '--node-ipc' || /^--(socket|pipe)=./.test(a))) {
  process.stderr.write(`entente-language-server: no transport given (use --stdio). Try 'entente-language-server --help'.\n`);
  process.exitCode = 2;
} else {
  // V8 lets the old generation grow to up to 4 times its live size between full collections when a
  // process allocates fast, and an edit does: every version of a long note is a new note-sized
  // string (400 KB for 200 KB of two-byte text) plus its analysis, garbage one edit later. Over a
  // session of edits that was 50-100 MB of RSS held by garbage (scripts/soak.mjs: +47 % from the
  // start of 10,000 edits). Growing by half the live size bounds it. The flag is read at each
  // collection, so setting it here, before the server loads, works; the VS Code client passes the
  // same flag on the command line (client/src/extension.ts, SERVER_EXEC_ARGV).
  require('v8').setFlagsFromString('--heap-growing-percent=50');
  require('../dist/server.js');
}
