// vscode-languageclient as a module of its own: the build makes it a bundle of its own
// (dist/client-lsp.js, scripts/build.mjs LAZY), required by views/lsp.ts when the server starts,
// so that activating the extension reads and compiles only the client's own code.

export * from 'vscode-languageclient/node';
