// What the views need of the extension: the current language client and the analyzed languages;
// and the small conversions they share.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import type { Range } from '../../../server/src/protocol';

export interface ViewsHost {
  /** The running language client, if any. */
  client(): LanguageClient | undefined;
  /** The language ids Entente analyzes. */
  languages(): string[];
}

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** The editor of a note Entente analyzes, if the active editor shows one. */
export function activeNote(host: ViewsHost): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const doc = editor.document;
  if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') return undefined;
  return host.languages().includes(doc.languageId) ? editor : undefined;
}

/** The note's name for a view's description: relative to the workspace, else its file name. */
export function noteName(uri: vscode.Uri): string {
  const relative = vscode.workspace.asRelativePath(uri, false);
  return relative === uri.fsPath || relative === uri.toString() ? uri.path.split('/').pop() ?? relative : relative;
}

/** Sends a request when the client runs; undefined when it does not (yet) or the request fails
 *  (the failure is logged in the Entente output). */
export async function request<R>(host: ViewsHost, method: string, params: unknown): Promise<R | undefined> {
  const client = host.client();
  if (!client?.isRunning()) return undefined;
  try {
    return await client.sendRequest<R>(method, params);
  } catch (err) {
    client.outputChannel.appendLine(`${method} failed: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}
