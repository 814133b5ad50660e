// The VS Code client: starts the language server and adds the UI around it (status item,
// commands, progress). All knowledge and checks live in the server's core.

import * as vscode from 'vscode';
import * as path from 'path';
import type { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { registerPdfViewer } from './pdfViewer';

import { registerViews } from './views';
import { startOnFirstNote } from './views/startup';
import { languageClientModule } from './views/lsp';
import {
  CARD_COMMANDS,
  MENTIONS_REQUEST,
  REBUILD_REQUEST,
  STATUS_NOTIFICATION,
  type MentionsResult,
  type RebuildResult,
  type StatusPayload,
} from '../../server/src/protocol';

import { registerSourceDocuments } from './sources';

let client: LanguageClient | undefined;
let statusItem: vscode.StatusBarItem;
let indexingProgress: { resolve: () => void } | undefined;
let indexingTimer: NodeJS.Timeout | undefined;
let restarts = 0;

type Status = StatusPayload;

function languages(): string[] {
  const langs = vscode.workspace.getConfiguration('entente').get<string[]>('languages');
  return Array.isArray(langs) && langs.every((l) => typeof l === 'string') ? langs : ['plaintext', 'markdown', 'entente-notes'];
}

function corpusWatchers(): vscode.FileSystemWatcher[] {
  const out = [vscode.workspace.createFileSystemWatcher('**/.entente/dictionary.json'), vscode.workspace.createFileSystemWatcher('**/.entente/config.json'), vscode.workspace.createFileSystemWatcher('**/*.{txt,md,markdown}')];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const paths = vscode.workspace.getConfiguration('entente', folder.uri).get<unknown>('corpus.paths');
    if (!Array.isArray(paths)) continue;
    for (const p of paths) {
      if (typeof p !== 'string' || !path.isAbsolute(p)) continue;
      out.push(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(p), '**/*.{txt,md,markdown}')));
    }
  }
  return out;
}

function showStatus(s: Status): void {
  if (s.state === 'indexing') {
    statusItem.text = '$(sync~spin) Entente: indexing corpus…';
    statusItem.tooltip = 'Entente is reading its source corpus.';
    // A progress notification only when indexing takes long enough to notice.
    if (!indexingTimer && !indexingProgress) {
      indexingTimer = setTimeout(() => {
        indexingTimer = undefined;
        void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Entente: indexing the source corpus…' }, () =>
          new Promise<void>((resolve) => (indexingProgress = { resolve })),
        );
      }, 800);
    }
  } else {
    if (indexingTimer) clearTimeout(indexingTimer);
    indexingTimer = undefined;
    indexingProgress?.resolve();
    indexingProgress = undefined;
    if (s.state === 'ready') {
      const kb = Math.round((s.characters ?? 0) / 1024);
      statusItem.text = `$(book) Entente: ${s.files} source${s.files === 1 ? '' : 's'} · ${kb.toLocaleString()} KB`;
      statusItem.tooltip = new vscode.MarkdownString(
        `**Entente corpus**\n\n${s.files} file(s), ${(s.characters ?? 0).toLocaleString()} characters, ${s.entities} organizations and treaties known; indexed in ${s.ms} ms.` +
          (s.problems ? `\n\n${s.problems} problem(s) reading the corpus: see the Entente output.` : '') +
          '\n\nClick to rebuild the index.',
      );
    } else {
      statusItem.text = '$(error) Entente';
      statusItem.tooltip = s.message ?? 'Entente could not index its corpus; see the Entente output.';
    }
  }
  statusItem.show();
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const { LanguageClient, TransportKind, State, ErrorAction, CloseAction } = languageClientModule();
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const selector = languages().flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
  ]);
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector,
    // storagePath: where the server keeps its corpus index between sessions.
    initializationOptions: { trusted: vscode.workspace.isTrusted, storagePath: context.globalStorageUri.fsPath, commandLinks: true, virtualSources: true },
    synchronize: { fileEvents: corpusWatchers(), configurationSection: 'entente' },
    outputChannelName: 'Entente',
    // Cards link to the passage and to every mention; only these two commands may run from them.
    markdown: { isTrusted: { enabledCommands: [...CARD_COMMANDS] } },
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue }),
      closed: () => {
        restarts++;
        if (restarts > 5) {
          void vscode.window.showErrorMessage('Entente: the language server stopped five times; it will not be restarted. See the Entente output, then run "Entente: Restart Server".');
          return { action: CloseAction.DoNotRestart };
        }
        void vscode.window.showWarningMessage('Entente: the language server stopped unexpectedly and was restarted.');
        return { action: CloseAction.Restart };
      },
    },
  };
  client = new LanguageClient('entente', 'Entente', serverOptions, clientOptions);
  client.onDidChangeState((e) => {
    if (e.newState === State.Starting) showStatus({ state: 'indexing' });
  });
  await client.start();
  client.onNotification(STATUS_NOTIFICATION, (s: Status) => showStatus(s));
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const activationStart = performance.now();
  registerSourceDocuments(context, () => client);
  statusItem = vscode.window.createStatusBarItem('entente.status', vscode.StatusBarAlignment.Right, 100);
  statusItem.name = 'Entente corpus';
  statusItem.command = 'entente.rebuildIndex';
  statusItem.text = '$(sync~spin) Entente';
  statusItem.show();
  context.subscriptions.push(statusItem);
  registerPdfViewer(context);

  context.subscriptions.push(
    vscode.commands.registerCommand('entente.openSource', async (uri?: string, range?: { start: { line: number; character: number }; end: { line: number; character: number } }) => {
      if (!uri) return;
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
      const r = range ? new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character) : undefined;
      await vscode.window.showTextDocument(doc, { selection: r, preview: true });
    }),
    vscode.commands.registerCommand('entente.showMentions', async (entityId?: string) => {
      if (!client || !entityId) return;
      const editor = vscode.window.activeTextEditor;
      const locations = (await client.sendRequest<MentionsResult>(MENTIONS_REQUEST, { entityId, uri: editor?.document.uri.toString() })) ?? [];
      const locs = locations.map((l) => new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Range(l.range.start.line, l.range.start.character, l.range.end.line, l.range.end.character)));
      if (!locs.length) {
        void vscode.window.showInformationMessage('Entente: no mentions found.');
        return;
      }
      const anchor = editor ? editor.document.uri : locs[0].uri;
      const pos = editor ? editor.selection.active : locs[0].range.start;
      await vscode.commands.executeCommand('editor.action.showReferences', anchor, pos, locs);
    }),
    vscode.commands.registerCommand('entente.rebuildIndex', async () => {
      if (!client) return;
      const r = await client.sendRequest<RebuildResult>(REBUILD_REQUEST);
      if (r) void vscode.window.setStatusBarMessage(`Entente: re-indexed ${r.files} source(s) in ${r.ms} ms`, 4000);
    }),
    vscode.commands.registerCommand('entente.addCorpusFolder', async () => {
      const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: true, canSelectMany: true, openLabel: 'Add to Entente corpus', filters: { 'Text sources': ['txt', 'md', 'markdown'] } });
      if (!picked?.length) return;
      const config = vscode.workspace.getConfiguration('entente');
      const current = config.get<string[]>('corpus.paths') ?? [];
      const folder = vscode.workspace.workspaceFolders?.[0];
      const added = picked.map((u) => (folder && u.fsPath.startsWith(folder.uri.fsPath + path.sep) ? path.relative(folder.uri.fsPath, u.fsPath) : u.fsPath));
      await config.update('corpus.paths', [...new Set([...current, ...added])], folder ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
      void vscode.window.showInformationMessage(`Entente: added ${added.join(', ')} to the corpus.`);
    }),
    vscode.commands.registerCommand('entente.restartServer', async () => {
      restarts = 0;
      await client?.restart();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      // Trusted now: restart so the server may read corpus paths outside the workspace.
      await client?.stop();
      await startClient(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('entente.languages') || e.affectsConfiguration('entente.corpus.paths')) {
        await client?.stop();
        await startClient(context);
      }
    }),
  );
  // The server starts with the first note Entente analyzes, not with the activation.
  const views = registerViews(context, { client: () => client, languages });
  context.subscriptions.push(startOnFirstNote(languages, () => startClient(context).then(() => views.clientReady()), (line) => client?.outputChannel.appendLine(line), activationStart));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
