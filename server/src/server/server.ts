// The language server as an object: startServer wires a connection to the core through the
// engine registry. It holds no module-level state, so a test can run several in one process.
// Handlers are a few lines each (handlers.ts); conversions live in convert.ts.

import {
  TextDocuments,
  TextDocumentSyncKind,
  CodeActionKind,
  DidChangeConfigurationNotification,
  ShowMessageNotification,
  MessageType,
  DiagnosticSeverity,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileSystem, Logger, SnapshotStore } from '../core/host';
import { LineIndex } from '../core/text/positions';
import { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES } from '../core/features/writing';
import { STATUS_NOTIFICATION } from '../protocol';
import { EngineRegistry, type Level } from './registry';
import { virtualSourceUri, type UriMapper } from './convert';
import { registerHandlers } from './handlers';
import { cleanWorkspaceFolders as cleanFolders } from './validate';
import { DiagnosticsPublisher } from './publish';
import { CitationRegistry } from './citations';
import type { CitationService } from '../cite/service';
import type { SourceReader } from '../core/corpus/reader';

/** What the server needs from its host (Node in main.ts; anything else in tests). */
export interface ServerDeps {
  fs: FileSystem;
  uris: UriMapper;
  bundledDir: string;
  homeDir?: string;
  snapshots(storagePath: string | undefined): SnapshotStore;
  /** Readers of the source formats that need libraries (PDF, Word, web pages); the core's text readers otherwise. */
  sourceReaders?(storagePath: string | undefined): readonly SourceReader[];
  /** Citations for a workspace folder (bibliography, styles); absent where the host has none. */
  citations?(folderPath: string | undefined): CitationService | undefined;
}

/** Per-client state every handler reads. */
export interface Session {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  registry: EngineRegistry;
  deps: ServerDeps;
  /** URIs as this client wants them (sources as read-only virtual documents where it serves them). */
  uris: UriMapper;
  logger: Logger;
  diagnostics: DiagnosticsPublisher;
  citations: CitationRegistry;
  /** What the client can do: definition links, command links in cards, Markdown in hovers. */
  client: { linkSupport: boolean; commandLinks: boolean; markdown: boolean };
  /** Runs a handler so that a failure logs and answers `fallback`; the server keeps serving. */
  safe<A extends unknown[], R>(name: string, fn: (...args: A) => R | Promise<R>, fallback: R): (...args: A) => Promise<R>;
}

export const SERVER_VERSION = '0.1.0';

export function startServer(connection: Connection, deps: ServerDeps): Session {
  const logger: Logger = {
    info: (m) => connection.console.info(m),
    warn: (m) => connection.console.warn(m),
    error: (m) => connection.console.error(m),
  };
  const notify = (level: Level, message: string) => {
    const type = level === 'error' ? MessageType.Error : level === 'warning' ? MessageType.Warning : MessageType.Info;
    void connection.sendNotification(ShowMessageNotification.type, { type, message: `Entente: ${message}` });
  };
  const registry = new EngineRegistry({
    fs: deps.fs,
    uris: deps.uris,
    logger,
    bundledDir: deps.bundledDir,
    homeDir: deps.homeDir,
    snapshots: deps.snapshots,
    sourceReaders: deps.sourceReaders,
    configuration: (scopeUri) => connection.workspace.getConfiguration({ scopeUri, section: 'entente' }),
    notify,
    status: (s) => void connection.sendNotification(STATUS_NOTIFICATION, s),
    dictionaryProblems: (path, text, errors) => {
      const lines = new LineIndex(text);
      void connection.sendDiagnostics({
        uri: deps.uris.toUri(path),
        diagnostics: errors.map((e) => ({ range: lines.rangeOf(e.start, e.end), message: e.message, severity: DiagnosticSeverity.Error, source: 'entente', code: 'dictionary' })),
      });
    },
  });
  const session: Session = {
    connection,
    documents: new TextDocuments(TextDocument),
    registry,
    deps,
    uris: deps.uris,
    logger,
    diagnostics: undefined as unknown as DiagnosticsPublisher,
    citations: undefined as unknown as CitationRegistry,
    client: { linkSupport: true, commandLinks: false, markdown: true },
    safe: (name, fn, fallback) => async (...args) => {
      try {
        return await fn(...args);
      } catch (e) {
        logger.error(`${name} failed: ${(e as Error).stack ?? e}`);
        return fallback;
      }
    },
  };
  session.diagnostics = new DiagnosticsPublisher(session);
  session.citations = new CitationRegistry(session);
  let dynamicConfiguration = false;
  let workspaceFolderEvents = false;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = (params.initializationOptions && typeof params.initializationOptions === 'object' && !Array.isArray(params.initializationOptions) ? params.initializationOptions : {}) as Record<string, unknown>;
    registry.configure({
      folders: cleanFolders(params.workspaceFolders ?? (typeof params.rootUri === 'string' ? [{ uri: params.rootUri, name: 'root' }] : [])),
      settings: init.settings ?? init,
      trusted: init.trusted !== false,
      storagePath: typeof init.storagePath === 'string' ? init.storagePath : undefined,
      configurationCapability: !!params.capabilities?.workspace?.configuration,
    });
    session.client.linkSupport = params.capabilities?.textDocument?.definition?.linkSupport ?? false;
    // A client that serves entente-source: documents (the VS Code client) opens sources read-only.
    session.uris = init.virtualSources === true ? { ...deps.uris, toSourceUri: virtualSourceUri } : deps.uris;
    // A client that lists hover formats without Markdown (Emacs eglot without markdown-mode) gets plain text.
    const formats = params.capabilities?.textDocument?.hover?.contentFormat;
    session.client.markdown = !Array.isArray(formats) || formats.length === 0 || formats.includes('markdown');
    session.client.commandLinks = init.commandLinks === true || /visual studio code|code - oss|code-server|vscodium/i.test(params.clientInfo?.name ?? '');
    dynamicConfiguration = !!params.capabilities?.workspace?.didChangeConfiguration?.dynamicRegistration;
    workspaceFolderEvents = !!params.capabilities?.workspace?.workspaceFolders;
    return { capabilities: capabilities(), serverInfo: { name: 'entente-language-server', version: SERVER_VERSION } };
  });

  connection.onInitialized(session.safe('initialized', () => {
    if (dynamicConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
    // Only clients that announced workspace folder support may be asked for change events.
    if (workspaceFolderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders(session.safe('didChangeWorkspaceFolders', (e) => {
        const removed = cleanFolders(e?.removed);
        const kept = registry.workspaceFolders.filter((f) => !removed.some((r: WorkspaceFolder) => r.uri === f.uri));
        registry.setFolders(kept.concat(cleanFolders(e?.added)));
        revalidateAll(session);
      }, undefined));
    }
    // Build the default service now so the first hover is instant.
    void registry.defaultService().catch((e) => logger.error(`indexing failed: ${e}`));
  }, undefined));

  registerHandlers(session);
  session.documents.listen(connection);
  return session;
}

function capabilities(): InitializeResult['capabilities'] {
  return {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    hoverProvider: true,
    definitionProvider: true,
    referencesProvider: true,
    documentHighlightProvider: true,
    documentSymbolProvider: true,
    workspaceSymbolProvider: true,
    completionProvider: { resolveProvider: false, triggerCharacters: ['@'] },
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
    semanticTokensProvider: { legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS] }, full: true },
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  };
}

/** Re-checks every open document (after settings, folders or sources change). */
export function revalidateAll(session: Session, delay?: number): void {
  session.citations.reset();
  for (const d of session.documents.all()) session.diagnostics.schedule(d.uri, delay);
}
