// Sources open read-only: the bundled book and the files of `entente.corpus.paths`, however they
// are opened (go to definition, a card's "Open source", the timeline), are made read-only for the
// session, so that a stray key press does not edit a source the index quotes. "File: Set Active
// Editor Writeable in Session" undoes it for one editor.

import * as vscode from 'vscode';
import * as path from 'path';

/** The folders and files whose documents are sources: the bundled corpus, then the configured paths. */
export function sourceRoots(context: vscode.ExtensionContext): string[] {
  const roots = [path.join(context.extensionPath, 'seeds')];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const paths = vscode.workspace.getConfiguration('entente', folder.uri).get<unknown>('corpus.paths');
    if (!Array.isArray(paths)) continue;
    for (const p of paths) if (typeof p === 'string' && p) roots.push(path.resolve(folder.uri.fsPath, p));
  }
  return roots;
}

export function isUnder(file: string, roots: readonly string[]): boolean {
  return roots.some((root) => file === root || file.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
}

export function registerReadonlySources(context: vscode.ExtensionContext): vscode.Disposable {
  const done = new WeakSet<vscode.TextEditor>();
  const apply = (editor: vscode.TextEditor | undefined): void => {
    if (!editor || done.has(editor) || editor.document.uri.scheme !== 'file') return;
    if (!isUnder(editor.document.uri.fsPath, sourceRoots(context))) return;
    done.add(editor);
    // The command acts on the active editor, which this one is (the event just made it so).
    void vscode.commands.executeCommand('workbench.action.files.setActiveEditorReadonlyInSession');
  };
  apply(vscode.window.activeTextEditor);
  return vscode.window.onDidChangeActiveTextEditor(apply);
}
