// The server's stdio, guarded. Two things the protocol library leaves to the server:
//
// - Framing. vscode-jsonrpc reads "Content-Length: N\r\n\r\n" then N bytes. A missing, non-numeric,
//   negative or absurd length leaves it waiting for a body that never ends or for a header it can
//   no longer find: alive but deaf, logging nothing. The FramingGuard checks every header as the
//   bytes pass and, on one it cannot trust, says why and lets the caller exit non-zero, so the
//   client (VS Code's restarts it) starts a fresh server instead of talking to a deaf one.
// - The lifecycle. Before "initialize" a request gets ServerNotInitialized (-32002) and a
//   notification is dropped; after "shutdown" a request gets InvalidRequest (-32600) and only
//   "exit" is taken. The LifecycleGate answers those itself, so no handler runs on a server that
//   has no settings yet or is going away.

import { Transform, type Readable, type TransformCallback } from 'stream';
import {
  AbstractMessageReader,
  createConnection,
  createServerPipeTransport,
  createServerSocketTransport,
  IPCMessageReader,
  IPCMessageWriter,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  type Connection,
  type DataCallback,
  type Disposable,
  type Message,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';

/** The largest message body accepted (a 10-million-character note, escaped, fits). */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
/** The largest header block accepted (a real one is under 100 bytes). */
export const MAX_HEADER_BYTES = 8 * 1024;

const CR = 13;
const LF = 10;

/** Checks the framing of a byte stream of LSP messages and passes the bytes through unchanged. */
export class FramingGuard extends Transform {
  private header: number[] = [];
  private bodyLeft = 0;
  private failed = false;

  constructor(private readonly onBad: (reason: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.failed) return done();
    let i = 0;
    while (i < chunk.length) {
      if (this.bodyLeft > 0) {
        const n = Math.min(this.bodyLeft, chunk.length - i);
        this.bodyLeft -= n;
        i += n;
        continue;
      }
      this.header.push(chunk[i++]);
      const h = this.header;
      const n = h.length;
      if (n >= 4 && h[n - 4] === CR && h[n - 3] === LF && h[n - 2] === CR && h[n - 1] === LF) {
        const problem = this.checkHeader(Buffer.from(h.slice(0, n - 4)).toString('ascii'));
        this.header = [];
        if (problem) return this.fail(problem, done);
      } else if (n > MAX_HEADER_BYTES) {
        return this.fail(`a message header is longer than ${MAX_HEADER_BYTES} bytes without ending (no blank line after it)`, done);
      }
    }
    this.push(chunk);
    done();
  }

  private checkHeader(text: string): string | undefined {
    let length: string | undefined;
    for (const line of text.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon <= 0) return `a header line is not "Name: value": ${JSON.stringify(line.slice(0, 80))}`;
      if (line.slice(0, colon).trim().toLowerCase() === 'content-length') length = line.slice(colon + 1).trim();
    }
    if (length === undefined) return `a message header has no Content-Length: ${JSON.stringify(text.slice(0, 200))}`;
    if (!/^\d{1,12}$/.test(length)) return `Content-Length is not a non-negative whole number: ${JSON.stringify(length.slice(0, 40))}`;
    const n = Number(length);
    if (n > MAX_MESSAGE_BYTES) return `Content-Length ${n} is larger than the ${MAX_MESSAGE_BYTES} bytes a message may have`;
    this.bodyLeft = n;
    return undefined;
  }

  private fail(reason: string, done: TransformCallback): void {
    this.failed = true;
    done();
    this.onBad(reason);
  }
}

/** A message reader over `input` whose framing is checked; `onBad` is told why it cannot go on. */
export function guardedReader(input: Readable, onBad: (reason: string) => void): StreamMessageReader {
  const guard = new FramingGuard(onBad);
  input.pipe(guard);
  return new StreamMessageReader(guard);
}

export const SERVER_NOT_INITIALIZED = -32002;
export const INVALID_REQUEST = -32600;
export const INVALID_PARAMS = -32602;

/** A check of one message's params (server/src/server/validate.ts: validateParams). */
export type ParamsCheck = (method: string, params: unknown) => { ok: true; params: unknown; problems: string[] } | { ok: false; problems: string[] };

export interface GateOptions {
  /** Logs one line per message refused or dropped. */
  log?: (message: string) => void;
  /** Checks params: a refused request is answered InvalidParams, a refused notification dropped. */
  validate?: ParamsCheck;
  /**
   * Told of every message with problems (to aggregate them into one notification per cause). A
   * refused request has been answered InvalidParams already: the client knows.
   */
  onProblems?: (method: string, problems: string[], refused: boolean, isRequest: boolean) => void;
}

type Phase = 'new' | 'running' | 'shutdown';

interface RawMessage {
  id?: number | string | null;
  method?: unknown;
}

/**
 * Answers the requests the lifecycle forbids, drops such notifications, checks the params of the
 * rest (when given a check) and passes them on, cleaned.
 */
export class LifecycleGate extends AbstractMessageReader implements MessageReader {
  private phase: Phase = 'new';
  private readonly log: (message: string) => void;

  constructor(
    private readonly reader: MessageReader,
    private readonly writer: MessageWriter,
    private readonly options: GateOptions = {},
  ) {
    super();
    this.log = options.log ?? (() => undefined);
    reader.onError((e) => this.fireError(e));
    reader.onClose(() => this.fireClose());
    reader.onPartialMessage((p) => this.firePartialMessage(p));
  }

  listen(callback: DataCallback): Disposable {
    return this.reader.listen((message: Message) => {
      const m = message as RawMessage;
      const isRequest = typeof m.method === 'string' && m.id !== undefined && m.id !== null;
      const isNotification = typeof m.method === 'string' && !isRequest;
      if (isRequest) {
        const refusal = this.admit(m.method as string);
        if (refusal) {
          this.log(`refused ${m.method} (${refusal.message})`);
          void this.writer.write({ jsonrpc: '2.0', id: m.id, error: refusal } as Message);
          return;
        }
      } else if (isNotification && !this.admitNotification(m.method as string)) {
        this.log(`dropped ${m.method} (${this.phase === 'new' ? 'before initialize' : 'after shutdown'})`);
        return;
      }
      if ((isRequest || isNotification) && this.options.validate) {
        const method = m.method as string;
        const checked = this.options.validate(method, (message as { params?: unknown }).params);
        if (checked.problems.length || !checked.ok) {
          this.log(`${method}: ${checked.ok ? 'ignored' : 'refused'}: ${checked.problems.slice(0, 20).join('; ')}${checked.problems.length > 20 ? ` (and ${checked.problems.length - 20} more)` : ''}`);
          this.options.onProblems?.(method, checked.problems, !checked.ok, isRequest);
        }
        if (!checked.ok) {
          if (isRequest) void this.writer.write({ jsonrpc: '2.0', id: m.id, error: { code: INVALID_PARAMS, message: `invalid params for ${method}: ${checked.problems.slice(0, 3).join('; ')}` } } as Message);
          return;
        }
        if (checked.params !== undefined) (message as { params?: unknown }).params = checked.params;
      }
      callback(message);
    });
  }

  private admit(method: string): { code: number; message: string } | undefined {
    if (this.phase === 'new') {
      if (method === 'initialize') {
        this.phase = 'running';
        return undefined;
      }
      return { code: SERVER_NOT_INITIALIZED, message: `the server is not initialized: send "initialize" before "${method}"` };
    }
    if (this.phase === 'shutdown') return { code: INVALID_REQUEST, message: `the server is shutting down: "${method}" after "shutdown" (only "exit" may follow)` };
    if (method === 'initialize') return { code: INVALID_REQUEST, message: '"initialize" may be sent only once' };
    if (method === 'shutdown') this.phase = 'shutdown';
    return undefined;
  }

  private admitNotification(method: string): boolean {
    if (method === 'exit') return true;
    if (this.phase === 'new') return false;
    if (this.phase === 'shutdown') return false;
    return true;
  }

  override dispose(): void {
    super.dispose();
    this.reader.dispose();
  }
}

/** The transport named on the command line, as vscode-languageserver reads it. */
export function transportFromArgv(argv: readonly string[]): { kind: 'stdio' } | { kind: 'node-ipc' } | { kind: 'socket'; port: number } | { kind: 'pipe'; name: string } {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--node-ipc') return { kind: 'node-ipc' };
    if (a === '--stdio') return { kind: 'stdio' };
    const m = /^--(socket|pipe)(?:=(.*))?$/.exec(a);
    if (m) {
      const value = m[2] ?? argv[i + 1] ?? '';
      if (m[1] === 'pipe') return { kind: 'pipe', name: value };
      const port = Number(value);
      if (Number.isInteger(port) && port > 0 && port < 65536) return { kind: 'socket', port };
    }
  }
  return { kind: 'stdio' };
}

/**
 * The server's connection, with the lifecycle and params gated on every transport: stdio (the
 * default, and `--stdio`) with the framing checked (on bad framing: a line on stderr saying why,
 * then exit code 1); `--node-ipc` (how VS Code starts it), `--socket=N` and `--pipe=NAME`, whose
 * framing is Node's IPC or vscode-jsonrpc's own.
 */
export function createGuardedConnection(options: GateOptions = {}): Connection {
  const transport = transportFromArgv(process.argv.slice(2));
  let reader: MessageReader;
  let writer: MessageWriter;
  if (transport.kind === 'node-ipc') {
    reader = new IPCMessageReader(process);
    writer = new IPCMessageWriter(process);
  } else if (transport.kind === 'socket') {
    [reader, writer] = createServerSocketTransport(transport.port);
  } else if (transport.kind === 'pipe') {
    [reader, writer] = createServerPipeTransport(transport.name);
  } else {
    writer = new StreamMessageWriter(process.stdout);
    reader = guardedReader(process.stdin, (reason) => {
      process.stderr.write(`entente-language-server: cannot read the client's messages: ${reason}. Exiting (code 1) so that the client starts a fresh server.\n`);
      process.exit(1);
    });
  }
  return createConnection(ProposedFeatures.all, new LifecycleGate(reader, writer, options), writer);
}
