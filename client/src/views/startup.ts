// Activation stays short: activate() registers commands and views and returns; the language server
// starts with the first note Entente analyzes (at once if one is open, else when one opens; the
// extension may also activate on a workspace's dictionary or a view). The time activate() took and
// the server's start are written to the Entente output, where the end-to-end suite reads them.

import * as vscode from 'vscode';

/** Starts `start()` once, for the first open document whose language Entente analyzes. */
export function startOnFirstNote(
  languages: () => string[],
  start: () => Promise<void>,
  log: (line: string) => void,
  activationStart: number,
): vscode.Disposable {
  const activateMs = performance.now() - activationStart;
  let started = false;
  const isNote = (doc: vscode.TextDocument): boolean =>
    (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled') && languages().includes(doc.languageId);
  const go = (doc: vscode.TextDocument): void => {
    if (started) return;
    started = true;
    listener.dispose();
    void vscode.commands.executeCommand('setContext', 'entente.noteOpen', true); // the walkthrough's first step
    const t = performance.now();
    start().then(
      () => log(`Entente: activate() took ${activateMs.toFixed(1)} ms; the language server started in ${Math.round(performance.now() - t)} ms, for ${vscode.workspace.asRelativePath(doc.uri, false)}.`),
      (err: unknown) => log(`Entente: the language server did not start: ${err instanceof Error ? err.message : String(err)}`),
    );
  };
  const listener = vscode.workspace.onDidOpenTextDocument((doc) => isNote(doc) && go(doc));
  const open = vscode.workspace.textDocuments.find(isNote);
  if (open) go(open);
  return listener;
}
