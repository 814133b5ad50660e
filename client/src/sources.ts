// Sources open read-only: the server names them with entente-source: URIs and serves their text
// (entente/sourceText); VS Code shows them as read-only documents whose tab is the file's name.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SOURCE_TEXT_REQUEST, type SourceTextResult } from '../../server/src/protocol';

export const SOURCE_SCHEME = 'entente-source';

export function registerSourceDocuments(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const c = client();
      if (!c) return 'Entente: the language server is not running.';
      const r = await c.sendRequest<SourceTextResult>(SOURCE_TEXT_REQUEST, { uri: uri.toString() });
      return r?.text ?? `Entente: ${uri.path} is not one of the sources.`;
    },
  };
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(SOURCE_SCHEME, provider));
}
