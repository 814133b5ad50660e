// The language server's Node entry: the only place that creates a connection (stdio, IPC, a
// socket or a pipe, as named on the command line) and the Node host (files, index storage). On
// every transport the connection is guarded (node/stdio.ts): the lifecycle enforced and every
// client message's params checked by validate.ts first; over stdio the framing is checked too
// (exit 1 on bad framing).

import { ShowMessageNotification, MessageType } from 'vscode-languageserver/node';
import * as os from 'os';
import { fileURLToPath, pathToFileURL } from 'url';
import { NodeFileSystem, bundledCorpusDir } from '../node/nodeFs';
import { DiskSnapshotStore, ShippedSnapshotStore, defaultCacheDir } from '../node/snapshotStore';
import { createGuardedConnection } from '../node/stdio';
import { idleCollector, youngGenerationCap } from '../node/idleGc';
import { startServer, type ServerDeps, type Session } from './server';
import { validateParams, ProblemTally } from './validate';
import { CitationService } from '../cite/service';
import { setCiteprocLogger } from '../cite/formatter';
import { createNodeReaders, type NodeReaders } from '../sources';
import * as path from 'path';

/** The Node host; `notice` tells the user once per cause (storage that falls back to memory). */
export function nodeServerDeps(notice: (cause: string, message: string) => void = () => undefined): ServerDeps {
  // One store per folder, so an unusable one falls back to memory, and says so, once.
  const stores = new Map<string, ShippedSnapshotStore>();
  let readers: NodeReaders | undefined;
  return {
    // PDF, Word and web pages are read in two worker threads; extractions persist beside the index.
    sourceReaders: (storagePath) => (readers ??= createNodeReaders({ cacheDir: path.join(storagePath ?? defaultCacheDir(), 'extractions'), workers: 2 })).readers,
    fs: new NodeFileSystem(),
    bundledDir: bundledCorpusDir(),
    homeDir: os.homedir(),
    snapshots: (storagePath) => {
      const dir = storagePath ?? path.join(defaultCacheDir(), 'index');
      let store = stores.get(dir);
      // The user's index folder first, then the bundled corpus's index shipped in the package.
      if (!store) stores.set(dir, (store = new ShippedSnapshotStore(new DiskSnapshotStore(dir, { onUnusable: (m) => notice(`storage:${dir}`, m) }))));
      return store;
    },
    citations: (folder) => new CitationService({ workspaceFolder: folder ?? process.cwd(), seedsDir: bundledCorpusDir() }),
    uris: {
      toUri: (p) => pathToFileURL(p).href,
      toPath: (uri) => {
        try {
          return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
        } catch {
          return undefined;
        }
      },
    },
  };
}

const tally = new ProblemTally();
const connection = createGuardedConnection({
  validate: validateParams,
  log: (m) => session.logger.warn(`client message: ${m}`),
  // A refused request is answered InvalidParams; a notification has no answer, so the user is told (once per method).
  onProblems: (method, problems, refused, isRequest) => {
    const message = refused && isRequest ? undefined : tally.add(method, problems, refused);
    if (message) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Entente: ${message}` });
  },
});
// (The callbacks above run once messages flow, after `session` exists.)
const session: Session = startServer(connection, nodeServerDeps((cause, m) => session.registry.reportOnce(cause, m, 'warning')));
// citeproc-js warns with console.log, which is the protocol's channel over stdio: to the log instead.
setCiteprocLogger((m) => session.logger.info(`citeproc: ${m}`));
// After a burst of edits, the versions of the notes are collected once the server is idle (node/idleGc.ts).
// The young generation is held at 8 MB a semi-space (node/idleGc.ts youngGenerationCap).
const collector = idleCollector();
const youngGeneration = youngGenerationCap();
session.documents.onDidChangeContent((e) => {
  collector.touch(e.document.getText().length);
  youngGeneration.check();
});
process.on('uncaughtException', (e) => session.logger.error(`uncaught: ${e.stack ?? e}`));
process.on('unhandledRejection', (e) => session.logger.error(`unhandled rejection: ${(e as Error)?.stack ?? e}`));
connection.listen();
