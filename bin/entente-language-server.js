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
  require('../dist/server.js');
}
