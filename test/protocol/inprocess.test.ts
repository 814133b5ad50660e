// The server as an object: startServer on in-memory streams, with an in-memory file system and no
// disk index — the outside world passed in. Two servers in one process share nothing.

import * as assert from 'node:assert/strict';
import { PassThrough } from 'stream';
import { createConnection } from 'vscode-languageserver/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { startServer, type ServerDeps } from '../../server/src/server/server';
import { memoryFs } from '../util';
import type { SnapshotStore } from '../../server/src/core/host';

const noStore: SnapshotStore = { hash: (p) => String(p.length), read: async () => undefined, write: async () => undefined };

function inProcessServer(extraFiles: Record<string, string> = {}): { client: MessageConnection; diagnostics: Map<string, unknown[]> } {
  const up = new PassThrough();
  const down = new PassThrough();
  const deps: ServerDeps = {
    fs: memoryFs(extraFiles),
    bundledDir: '/seeds',
    snapshots: () => noStore,
    uris: { toUri: (p) => `mem://${p}`, toPath: (u) => (u.startsWith('mem://') ? u.slice(6) : undefined) },
  };
  const connection = createConnection(new StreamMessageReader(up), new StreamMessageWriter(down));
  startServer(connection, deps);
  connection.listen();
  const client = createMessageConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  const diagnostics = new Map<string, unknown[]>();
  client.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: unknown[] }) => void diagnostics.set(p.uri, p.diagnostics));
  client.onNotification('window/logMessage', () => undefined);
  client.onNotification('window/showMessage', () => undefined);
  client.onNotification('entente/status', () => undefined);
  client.listen();
  return { client, diagnostics };
}

async function until<T>(f: () => T | undefined, ms = 10000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('server in-process (startServer with injected dependencies)', function () {
  this.timeout(30000);

  it('serves hover and diagnostics from an in-memory file system, with a source only it holds', async () => {
    const { client, diagnostics } = inProcessServer({ '/ws/sources/baltic.txt': 'The Council of the Baltic Sea States (CBSS) was founded in March 1992 in Copenhagen.\n' });
    await client.sendRequest('initialize', {
      processId: null,
      rootUri: 'mem:///ws',
      capabilities: {},
      initializationOptions: { settings: { corpus: { paths: ['/ws/sources'] } } },
    });
    client.sendNotification('initialized', {});
    const uri = 'mem:///ws/note.txt';
    client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text: 'The CBSS was founded in 1995. On 30 February 2002 nothing happened.' } });
    const diags = (await until(() => diagnostics.get(uri))) as { code: string }[];
    assert.deepEqual(diags.map((d) => d.code).sort(), ['date-conflict', 'date-invalid']);
    const hover = (await client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 5 } })) as { contents: { value: string } };
    assert.match(hover.contents.value, /Council of the Baltic Sea States/);
    client.dispose();
  });

  it('two servers in one process keep their own folders and settings', async () => {
    const a = inProcessServer();
    const b = inProcessServer();
    for (const [s, order] of [[a, 'dmy'], [b, 'mdy']] as const) {
      await s.client.sendRequest('initialize', { processId: null, rootUri: 'mem:///ws', capabilities: {}, initializationOptions: { settings: { dates: { order } } } });
      s.client.sendNotification('initialized', {});
      s.client.sendNotification('textDocument/didOpen', { textDocument: { uri: 'mem:///ws/n.txt', languageId: 'plaintext', version: 1, text: 'Signed 03.04.2004.' } });
    }
    const da = (await until(() => a.diagnostics.get('mem:///ws/n.txt'))) as { message: string }[];
    const db = (await until(() => b.diagnostics.get('mem:///ws/n.txt'))) as { message: string }[];
    assert.match(da[0].message, /reads as 3 April 2004/);
    assert.match(db[0].message, /reads as 4 March 2004/);
    a.client.dispose();
    b.client.dispose();
  });
});
