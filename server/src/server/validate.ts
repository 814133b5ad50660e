// Every client message is checked here, at the adapter's edge, before any handler or the
// document manager sees it: one small schema per handled method. A client can send anything
// ("workspaceFolders": [{}], "rootUri": 42, a change event whose "added" holds null): what does
// not fit is reported and dropped, never taken into state, and one bad entry in a list never costs
// the good ones. A message whose core is unusable (a hover with no position) is refused whole:
// the caller answers InvalidParams (a request) or ignores it (a notification).
//
// Pure TypeScript on purpose: the schemas are the protocol's shapes as this server uses them,
// small enough to read, and testable without a connection.

import { CARD_REQUEST, LOOKUP_REQUEST, MENTIONS_REQUEST, NAMES_REQUEST, NOTE_ENTITIES_REQUEST, REBUILD_REQUEST, STATUS_REQUEST, TIMELINE_REQUEST } from '../protocol';

/** The outcome of checking one message's params. */
export type Checked =
  | { ok: true; params: unknown; problems: string[] }
  | { ok: false; problems: string[] };

/** Checks a value at a path; returns the cleaned value, or DROP when it is unusable. */
type Check = (value: unknown, at: string, problems: string[]) => unknown;

const DROP: unique symbol = Symbol('drop');
const MAX_INT = 2 ** 31 - 1;

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  return String(v);
}

function fail(problems: string[], at: string, expected: string, got: unknown): typeof DROP {
  problems.push(`${at || 'params'}: expected ${expected}, got ${show(got)}`);
  return DROP;
}

const string: Check = (v, at, p) => (typeof v === 'string' ? v : fail(p, at, 'a string', v));
const boolean: Check = (v, at, p) => (typeof v === 'boolean' ? v : fail(p, at, 'true or false', v));
const uinteger: Check = (v, at, p) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_INT ? v : fail(p, at, 'a whole number from 0', v));
const integer: Check = (v, at, p) => (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= MAX_INT ? v : fail(p, at, 'a whole number', v));
const anything: Check = (v) => v;
const anyObject: Check = (v, at, p) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : fail(p, at, 'an object', v));

/** A URI: a scheme, a colon, no control characters ("file:///notes/a.md", "untitled:Untitled-1"). */
const uri: Check = (v, at, p) => {
  if (typeof v === 'string' && v.length <= 32_768 && /^[A-Za-z][A-Za-z0-9+.-]*:/.test(v) && !/[\u0000-\u001f]/.test(v)) return v;
  return fail(p, at, 'a URI', v);
};

function oneOf(values: readonly unknown[]): Check {
  return (v, at, p) => (values.includes(v) ? v : fail(p, at, `one of ${values.map((x) => JSON.stringify(x)).join(', ')}`, v));
}

function either(...checks: Check[]): Check {
  return (v, at, p) => {
    const tried: string[] = [];
    for (const c of checks) {
      const r = c(v, at, tried);
      if (r !== DROP) return r;
    }
    p.push(tried[0] ?? `${at}: unusable`);
    return DROP;
  };
}

/** Params that may be left out (undefined or null) but, when given, must fit. */
function absentOr(check: Check): Check {
  return (v, at, p) => (v === undefined || v === null ? v : check(v, at, p));
}

function nullable(check: Check): Check {
  return (v, at, p) => (v === null ? null : check(v, at, p));
}

interface Field {
  check: Check;
  /** Absent is fine (the value stays absent, or takes `fallback` when it gives one). */
  optional?: boolean;
  /** Present but unusable: report, then use this instead of refusing the whole object. */
  fallback?: () => unknown;
}

const opt = (check: Check, fallback?: () => unknown): Field => ({ check, optional: true, fallback });

/** An object with these fields; unknown fields are kept as they are (the protocol grows). */
function object(fields: Record<string, Field | Check>): Check {
  return (v, at, p) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return fail(p, at, 'an object', v);
    const src = v as Record<string, unknown>;
    const out: Record<string, unknown> = { ...src };
    for (const [name, f0] of Object.entries(fields)) {
      const f: Field = typeof f0 === 'function' ? { check: f0 } : f0;
      const here = at ? `${at}.${name}` : name;
      if (src[name] === undefined) {
        if (f.optional) {
          const v0 = f.fallback?.();
          if (v0 === undefined) delete out[name];
          else out[name] = v0;
          continue;
        }
        return fail(p, here, 'a value', undefined);
      }
      const r = f.check(src[name], here, p);
      if (r !== DROP) out[name] = r;
      else if (f.fallback) out[name] = f.fallback();
      else if (f.optional) delete out[name];
      else return DROP;
    }
    return out;
  };
}

/** An array whose unusable entries are reported and dropped, the others kept. */
function listDroppingBad(item: Check): Check {
  return (v, at, p) => {
    if (!Array.isArray(v)) return fail(p, at, 'an array', v);
    const out: unknown[] = [];
    v.forEach((x, i) => {
      const before = p.length;
      const r = item(x, `${at}[${i}]`, p);
      if (r !== DROP) out.push(r);
      else if (p.length === before) p.push(`${at}[${i}]: unusable; ignored`);
    });
    return out;
  };
}

/** An array that is unusable as a whole when any entry is (edits must all apply, or none). */
function listAllOrNothing(item: Check): Check {
  return (v, at, p) => {
    if (!Array.isArray(v)) return fail(p, at, 'an array', v);
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) {
      const r = item(v[i], `${at}[${i}]`, p);
      if (r === DROP) return DROP;
      out.push(r);
    }
    return out;
  };
}

// ---------------------------------------------------------------------------------------------
// The protocol's shapes, as this server uses them

const position = object({ line: uinteger, character: uinteger });
const range = object({ start: position, end: position });
const documentId = object({ uri });
const versionedDocumentId = object({ uri, version: integer });

/** A workspace folder; a folder without a name is named after its last path segment. */
const workspaceFolder: Check = (v, at, p) => {
  const r = object({ uri, name: opt(string) })(v, at, p);
  if (r === DROP) return DROP;
  const f = r as { uri: string; name?: string };
  return { uri: f.uri, name: f.name ?? (decodeURIComponent(f.uri.replace(/\/+$/, '').split('/').pop() || f.uri)) };
};

const positionParams = object({ textDocument: documentId, position });

const rangeChange = object({ range, rangeLength: opt(uinteger), text: string });
const wholeChange = object({ text: string });
/** A change with a range must be a valid ranged change (else it would replace the whole text). */
const contentChange: Check = (v, at, p) => (v !== null && typeof v === 'object' && 'range' in v ? rangeChange(v, at, p) : wholeChange(v, at, p));

/** The schema of each method the server handles, by name. */
const SCHEMAS: Record<string, Check> = {
  initialize: object({
    processId: opt(nullable(integer), () => null),
    clientInfo: opt(object({ name: string, version: opt(string) }), () => undefined),
    locale: opt(string, () => undefined),
    rootPath: opt(nullable(string), () => null),
    rootUri: opt(nullable(uri), () => null),
    capabilities: opt(anyObject, () => ({})),
    initializationOptions: opt(anything),
    trace: opt(oneOf(['off', 'messages', 'verbose', 'compact']), () => 'off'),
    workspaceFolders: opt(nullable(listDroppingBad(workspaceFolder)), () => null),
  }),
  initialized: anything,
  'textDocument/didOpen': object({ textDocument: object({ uri, languageId: string, version: integer, text: string }) }),
  'textDocument/didChange': object({ textDocument: versionedDocumentId, contentChanges: listAllOrNothing(contentChange) }),
  'textDocument/didClose': object({ textDocument: documentId }),
  'textDocument/didSave': object({ textDocument: documentId, text: opt(string) }),
  'workspace/didChangeWorkspaceFolders': object({
    event: object({ added: opt(listDroppingBad(workspaceFolder), () => []), removed: opt(listDroppingBad(workspaceFolder), () => []) }),
  }),
  'workspace/didChangeConfiguration': object({ settings: opt(anything) }),
  'workspace/didChangeWatchedFiles': object({ changes: listDroppingBad(object({ uri, type: oneOf([1, 2, 3]) })) }),
  'textDocument/hover': positionParams,
  'textDocument/definition': positionParams,
  'textDocument/declaration': positionParams,
  'textDocument/documentHighlight': positionParams,
  'textDocument/completion': object({ textDocument: documentId, position, context: opt(anyObject, () => undefined) }),
  'textDocument/references': object({
    textDocument: documentId,
    position,
    context: opt(object({ includeDeclaration: opt(boolean, () => true) }), () => ({ includeDeclaration: true })),
  }),
  'textDocument/codeAction': object({
    textDocument: documentId,
    range,
    context: opt(object({ diagnostics: opt(listDroppingBad(anyObject), () => []), only: opt(listDroppingBad(string)), triggerKind: opt(oneOf([1, 2])) }), () => ({ diagnostics: [] })),
  }),
  'textDocument/documentSymbol': object({ textDocument: documentId }),
  'textDocument/semanticTokens/full': object({ textDocument: documentId }),
  'textDocument/semanticTokens/range': object({ textDocument: documentId, range }),
  'textDocument/foldingRange': object({ textDocument: documentId }),
  'textDocument/documentLink': object({ textDocument: documentId }),
  'workspace/symbol': object({ query: string }),
  'workspace/executeCommand': object({ command: string, arguments: opt(listAllOrNothing(anything), () => []) }),
  // Entente's own requests (server/src/protocol.ts).
  [LOOKUP_REQUEST]: object({ name: string, uri: opt(uri) }),
  [MENTIONS_REQUEST]: object({ entityId: string, uri: opt(uri) }),
  [REBUILD_REQUEST]: anything,
  [STATUS_REQUEST]: anything,
  [NOTE_ENTITIES_REQUEST]: object({ uri }),
  [TIMELINE_REQUEST]: absentOr(object({ uri: opt(uri), entityId: opt(string) })),
  [CARD_REQUEST]: object({ entityId: string, uri: opt(uri), full: opt(boolean, () => false) }),
  [NAMES_REQUEST]: absentOr(object({ uri: opt(uri) })),
  '$/cancelRequest': object({ id: either(integer, string) }),
  '$/setTrace': object({ value: oneOf(['off', 'messages', 'verbose', 'compact']) }),
};

/** The methods with a schema; any other passes unchecked (the library answers MethodNotFound). */
/**
 * The well-formed workspace folders of a list (anything else dropped). The connection's gate
 * already cleans what clients send; the server applies this too, for connections made without
 * the gate (an embedding or a test on in-memory streams).
 */
export function cleanWorkspaceFolders(raw: unknown): { uri: string; name: string }[] {
  if (!Array.isArray(raw)) return [];
  const r = listDroppingBad(workspaceFolder)(raw, 'workspaceFolders', []);
  return r === DROP ? [] : (r as { uri: string; name: string }[]);
}

export const VALIDATED_METHODS: readonly string[] = Object.keys(SCHEMAS);

/**
 * Checks the params of one message. `ok: false` when the message cannot be used at all; with
 * `ok: true`, `params` is the cleaned copy (bad list entries removed, bad optional values
 * replaced) and `problems` says what was dropped, one sentence each.
 */
export function validateParams(method: string, params: unknown): Checked {
  const schema = SCHEMAS[method];
  if (!schema) return { ok: true, params, problems: [] };
  const problems: string[] = [];
  let cleaned: unknown;
  try {
    cleaned = schema(params, '', problems);
  } catch (e) {
    // A getter or proxy cannot come over JSON, but a caller might pass one: refuse, do not throw.
    return { ok: false, problems: [`params could not be read: ${(e as Error).message}`] };
  }
  if (cleaned === DROP) return { ok: false, problems: problems.length ? problems : ['params are unusable'] };
  return { ok: true, params: cleaned, problems };
}

/**
 * Problems of many messages, summed by cause, so a client that sends a thousand bad folders gets
 * one notification ("3 invalid entries in workspace/didChangeWorkspaceFolders were ignored"), the
 * details going to the log.
 */
export class ProblemTally {
  private readonly counts = new Map<string, number>();

  /** Counts one message's problems; returns the sentence to show when this method is new. */
  add(method: string, problems: readonly string[], refused: boolean): string | undefined {
    if (!problems.length && !refused) return undefined;
    const key = `${method}:${refused ? 'refused' : 'cleaned'}`;
    const n = this.counts.get(key) ?? 0;
    this.counts.set(key, n + 1);
    if (n > 0) return undefined;
    return refused
      ? `the client sent ${method} with params that cannot be used; it was ignored (details in the Entente output).`
      : `the client sent ${method} with invalid entries; they were ignored and the rest was used (details in the Entente output).`;
  }

  /** How many messages had problems, by method and outcome. */
  summary(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}
