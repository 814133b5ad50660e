// A minimal LSP client for protocol tests: starts the built server over stdio and speaks JSON-RPC.

import * as cp from 'child_process';
import * as path from 'path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { ROOT } from '../util';

export interface TestServer {
  connection: MessageConnection;
  process: cp.ChildProcess;
  diagnostics: Map<string, any[]>;
  logs: string[];
  waitForDiagnostics(uri: string, predicate?: (d: any[]) => boolean, timeoutMs?: number): Promise<any[]>;
  stop(): Promise<void>;
}

export async function startServer(options: { rootUri?: string; initializationOptions?: unknown; configuration?: (section: string, scopeUri?: string) => unknown; clientName?: string; folders?: string[]; hoverFormats?: string[]; initializeParams?: Record<string, unknown> } = {}): Promise<TestServer> {
  const child = cp.spawn(process.execPath, [path.join(ROOT, 'bin', 'entente-language-server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const diagnostics = new Map<string, any[]>();
  const logs: string[] = [];
  const waiters: (() => void)[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: any[] }) => {
    diagnostics.set(p.uri, p.diagnostics);
    for (const w of waiters.splice(0)) w();
  });
  connection.onNotification('window/logMessage', (p: { message: string }) => void logs.push(p.message));
  connection.onNotification('window/showMessage', (p: { message: string }) => void logs.push('show: ' + p.message));
  connection.onRequest('window/showMessageRequest', () => null);
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/configuration', (p: { items: { section: string; scopeUri?: string }[] }) => p.items.map((i) => (options.configuration ? options.configuration(i.section, i.scopeUri) : null)));
  connection.onNotification('entente/status', () => undefined);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: options.rootUri ?? null,
    workspaceFolders: options.folders ? options.folders.map((uri, i) => ({ uri, name: `ws${i}` })) : options.rootUri ? [{ uri: options.rootUri, name: 'ws' }] : null,
    clientInfo: options.clientName ? { name: options.clientName } : undefined,
    capabilities: { workspace: { configuration: !!options.configuration }, textDocument: { hover: { contentFormat: options.hoverFormats ?? ['markdown'] }, definition: { linkSupport: true } } },
    initializationOptions: options.initializationOptions,
    // Fields a test sets itself (a hostile client's initialize: "rootUri": 42, folders of {}).
    ...options.initializeParams,
  });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    process: child,
    diagnostics,
    logs,
    waitForDiagnostics(uri, predicate = () => true, timeoutMs = 15000) {
      return new Promise((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; logs: ${logs.join(' | ')}`)), timeoutMs);
        const check = () => {
          const d = diagnostics.get(uri);
          if (d && predicate(d)) {
            clearTimeout(deadline);
            resolve(d);
          } else waiters.push(check);
        };
        check();
      });
    },
    async stop() {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        connection.sendNotification('exit');
      } catch {
        /* already gone */
      }
      connection.dispose();
      setTimeout(() => child.kill(), 500).unref();
    },
  };
}
