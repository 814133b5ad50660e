// vscode-languageclient, loaded when the server starts rather than when the extension activates:
// initializing it was most of the bundle's load time (about 460 of 750 ms on a busy machine), and
// VS Code counts load time as activation. It is a bundle of its own (../languageClient.ts, built as
// dist/client-lsp.js), so dist/client.js holds only the extension's own code.

export type LanguageClientModule = typeof import('vscode-languageclient/node');

let loaded: LanguageClientModule | undefined;

export function languageClientModule(): LanguageClientModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy require is the point
  loaded ??= require('../languageClient') as LanguageClientModule;
  return loaded;
}
