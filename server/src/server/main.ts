// The language server's Node entry: the only place that creates a connection (stdio, IPC or a
// socket, as vscode-languageserver reads process.argv) and the Node host (files, index storage).

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import * as os from 'os';
import { fileURLToPath, pathToFileURL } from 'url';
import { NodeFileSystem, bundledCorpusDir } from '../node/nodeFs';
import { DiskSnapshotStore, defaultCacheDir } from '../node/snapshotStore';
import { startServer, type ServerDeps } from './server';
import { CitationService } from '../cite/service';
import { setCiteprocLogger } from '../cite/formatter';
import { createNodeReaders, type NodeReaders } from '../sources';
import * as path from 'path';

export function nodeServerDeps(): ServerDeps {
  let readers: NodeReaders | undefined;
  return {
    // PDF, Word and web pages are read in two worker threads; extractions persist beside the index.
    sourceReaders: (storagePath) => (readers ??= createNodeReaders({ cacheDir: path.join(storagePath ?? defaultCacheDir(), 'extractions'), workers: 2 })).readers,
    fs: new NodeFileSystem(),
    bundledDir: bundledCorpusDir(),
    homeDir: os.homedir(),
    snapshots: (storagePath) => new DiskSnapshotStore(storagePath ?? defaultCacheDir()),
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

const connection = createConnection(ProposedFeatures.all);
const session = startServer(connection, nodeServerDeps());
// citeproc-js warns with console.log, which is the protocol's channel over stdio: to the log instead.
setCiteprocLogger((m) => session.logger.info(`citeproc: ${m}`));
process.on('uncaughtException', (e) => session.logger.error(`uncaught: ${e.stack ?? e}`));
process.on('unhandledRejection', (e) => session.logger.error(`unhandled rejection: ${(e as Error)?.stack ?? e}`));
connection.listen();
