// vscode-languageclient, loaded when the server starts rather than when the extension activates:
// initializing it is most of the bundle's load time (about 460 of 750 ms on a busy machine), and
// VS Code counts load time as activation. esbuild keeps the module in the bundle and runs its code
// only at the first call.

export type LanguageClientModule = typeof import('vscode-languageclient/node');

let loaded: LanguageClientModule | undefined;

export function languageClientModule(): LanguageClientModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy require is the point
  loaded ??= require('vscode-languageclient/node') as LanguageClientModule;
  return loaded;
}
