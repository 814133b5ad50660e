// The params check at the server's edge (server/src/server/validate.ts) and the notices that sum
// problems by cause (server/src/server/notices.ts): unit tests, no server process.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { validateParams, VALIDATED_METHODS, ProblemTally } from '../../server/src/server/validate';
import { summarizeProblems, causeOf } from '../../server/src/server/notices';

const doc = { uri: 'file:///notes/a.md' };
const pos = { line: 3, character: 7 };

function ok(method: string, params: unknown) {
  const r = validateParams(method, params);
  assert.ok(r.ok, `${method} refused: ${r.problems.join('; ')}`);
  return r as { ok: true; params: any; problems: string[] };
}

function refused(method: string, params: unknown): string[] {
  const r = validateParams(method, params);
  assert.equal(r.ok, false, `${method} accepted ${JSON.stringify(params)}`);
  assert.ok(r.problems.length > 0);
  return r.problems;
}

describe('validate: params of each LSP method', () => {
  it('drops bad workspace folders in didChangeWorkspaceFolders and keeps the good ones', () => {
    for (const bad of [[{}], [null], [{ uri: 42 }], [{ uri: 'no scheme' }], ['file:///x']]) {
      const r = ok('workspace/didChangeWorkspaceFolders', { event: { added: bad, removed: [] } });
      assert.deepEqual(r.params.event.added, [], JSON.stringify(bad));
      assert.equal(r.problems.length, 1, JSON.stringify(r.problems));
    }
    const r = ok('workspace/didChangeWorkspaceFolders', { event: { added: [{}, { uri: 'file:///ws/b', name: 'b' }, null, { uri: 'file:///ws/c/' }], removed: [{ uri: 7 }, { uri: 'file:///ws/a', name: 'a' }] } });
    assert.deepEqual(r.params.event.added, [{ uri: 'file:///ws/b', name: 'b' }, { uri: 'file:///ws/c/', name: 'c' }]);
    assert.deepEqual(r.params.event.removed, [{ uri: 'file:///ws/a', name: 'a' }]);
    assert.deepEqual(r.problems.map((p) => p.split(':')[0]), ['event.added[0].uri', 'event.added[2]', 'event.removed[0].uri']);
    // A missing list is an empty one; a missing event is unusable.
    assert.deepEqual(ok('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: 'file:///x', name: 'x' }] } }).params.event.removed, []);
    refused('workspace/didChangeWorkspaceFolders', {});
    refused('workspace/didChangeWorkspaceFolders', null);
  });

  it('cleans initialize: bad folders dropped, a bad rootUri replaced by null, capabilities kept', () => {
    const r = ok('initialize', { processId: 'me', rootUri: 42, workspaceFolders: [{}, { uri: 'file:///ws', name: 'ws' }], capabilities: { workspace: { configuration: true } }, initializationOptions: { trusted: false } });
    assert.equal(r.params.rootUri, null);
    assert.equal(r.params.processId, null);
    assert.deepEqual(r.params.workspaceFolders, [{ uri: 'file:///ws', name: 'ws' }]);
    assert.deepEqual(r.params.capabilities, { workspace: { configuration: true } });
    assert.deepEqual(r.params.initializationOptions, { trusted: false });
    assert.equal(r.problems.length, 3, r.problems.join('\n'));
    assert.deepEqual(ok('initialize', { capabilities: 'all' }).params.capabilities, {});
    assert.equal(ok('initialize', { workspaceFolders: 'x', capabilities: {} }).params.workspaceFolders, null);
    assert.equal(ok('initialize', { clientInfo: { name: 5 }, capabilities: {} }).params.clientInfo, undefined);
    refused('initialize', 'hello');
  });

  it('accepts well-formed document notifications and refuses malformed ones whole', () => {
    ok('textDocument/didOpen', { textDocument: { ...doc, languageId: 'markdown', version: 1, text: 'x' } });
    refused('textDocument/didOpen', { textDocument: { ...doc, languageId: 'markdown', version: 1 } });
    refused('textDocument/didOpen', { textDocument: { uri: 42, languageId: 'markdown', version: 1, text: '' } });
    ok('textDocument/didChange', { textDocument: { ...doc, version: 2 }, contentChanges: [{ text: 'all' }, { range: { start: pos, end: pos }, text: 'x' }] });
    // One bad change refuses the whole notification: applying part of an edit list corrupts the text.
    refused('textDocument/didChange', { textDocument: { ...doc, version: 2 }, contentChanges: [{ text: 'ok' }, { range: { start: { line: -1, character: 0 }, end: pos }, text: 'x' }] });
    refused('textDocument/didChange', { textDocument: { ...doc, version: 2 }, contentChanges: null });
    ok('textDocument/didClose', { textDocument: doc });
    refused('textDocument/didClose', { textDocument: {} });
    const w = ok('workspace/didChangeWatchedFiles', { changes: [{ uri: 'file:///a', type: 2 }, { uri: 'file:///b', type: 9 }, null] });
    assert.deepEqual(w.params.changes, [{ uri: 'file:///a', type: 2 }]);
    assert.equal(w.problems.length, 2);
    ok('workspace/didChangeConfiguration', { settings: null });
    ok('workspace/didChangeConfiguration', {});
  });

  it('refuses position requests without a usable document or position', () => {
    for (const m of ['textDocument/hover', 'textDocument/definition', 'textDocument/documentHighlight', 'textDocument/completion', 'textDocument/references']) {
      ok(m, { textDocument: doc, position: pos });
      refused(m, { textDocument: doc });
      refused(m, { textDocument: null, position: pos });
      refused(m, { textDocument: doc, position: { line: 'zero', character: -5 } });
      refused(m, { textDocument: doc, position: { line: 1.5, character: 0 } });
      refused(m, null);
    }
    assert.deepEqual(ok('textDocument/references', { textDocument: doc, position: pos }).params.context, { includeDeclaration: true });
    ok('textDocument/codeAction', { textDocument: doc, range: { start: pos, end: pos }, context: { diagnostics: [] } });
    assert.deepEqual(ok('textDocument/codeAction', { textDocument: doc, range: { start: pos, end: pos } }).params.context, { diagnostics: [] });
    assert.deepEqual(ok('textDocument/codeAction', { textDocument: doc, range: { start: pos, end: pos }, context: { diagnostics: [null, {}] } }).params.context.diagnostics, [{}]);
    refused('textDocument/codeAction', { textDocument: doc, range: null, context: {} });
    ok('textDocument/documentSymbol', { textDocument: doc });
    ok('textDocument/semanticTokens/full', { textDocument: doc });
    refused('textDocument/semanticTokens/full', { textDocument: 'file:///a' });
  });

  it('checks workspace/symbol, executeCommand and the entente/* requests', () => {
    ok('workspace/symbol', { query: 'NATO' });
    refused('workspace/symbol', { query: 5 });
    assert.deepEqual(ok('workspace/executeCommand', { command: 'x' }).params.arguments, []);
    refused('workspace/executeCommand', { arguments: [] });
    ok('entente/lookup', { name: 'NATO' });
    ok('entente/lookup', { name: 'NATO', uri: 'file:///a' });
    refused('entente/lookup', { name: null });
    assert.equal(ok('entente/lookup', { name: 'NATO', uri: 42 }).params.uri, undefined, 'a bad optional uri is dropped');
    ok('entente/mentions', { entityId: 'nato' });
    refused('entente/mentions', null);
    ok('entente/status', undefined);
    ok('entente/rebuild', {});
    ok('entente/noteEntities', { uri: 'file:///a' });
    refused('entente/noteEntities', {});
    ok('entente/timeline', { entityId: 'nato' });
    ok('entente/timeline', undefined);
    refused('entente/timeline', 'nato');
    assert.equal(ok('entente/card', { entityId: 'nato' }).params.full, false);
    refused('entente/card', { full: true });
    ok('entente/names', null);
    assert.equal(ok('entente/names', { uri: 7 }).params.uri, undefined);
    ok('$/cancelRequest', { id: 4 });
    refused('$/cancelRequest', { id: {} });
  });

  it('passes methods it has no schema for unchanged', () => {
    const params = { anything: [1, 2] };
    const r = ok('textDocument/someFutureMethod', params);
    assert.equal(r.params, params);
    assert.ok(VALIDATED_METHODS.includes('initialize'));
  });

  it('never throws and never returns a params object holding what it reported', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.string(), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.constantFrom('uri', 'name', 'textDocument', 'position', 'line', 'character', 'event', 'added', 'removed', 'changes', 'type', 'text', 'x'), tie('value'), { maxKeys: 5 })),
    })).value;
    fc.assert(
      fc.property(fc.constantFrom(...VALIDATED_METHODS), json, (method, params) => {
        const r = validateParams(method, params);
        if (method === 'workspace/didChangeWorkspaceFolders' && r.ok) {
          const ev = (r.params as any).event;
          for (const f of [...ev.added, ...ev.removed]) assert.ok(typeof f.uri === 'string' && /^[A-Za-z][\w+.-]*:/.test(f.uri) && typeof f.name === 'string');
        }
        if (method === 'initialize' && r.ok) {
          const wf = (r.params as any).workspaceFolders;
          assert.ok(wf === null || (Array.isArray(wf) && wf.every((f: any) => typeof f.uri === 'string')));
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('notices: at most one notification per cause', () => {
  it('tells a few problems one by one and a flood once, with its count', () => {
    const problems: { path: string; message: string; severity: 'error' | 'warning' }[] = Array.from({ length: 312 }, (_, i) => ({ path: `/etc/link${i}`, message: 'links outside the corpus folder; skipped', severity: 'warning' }));
    problems.push({ path: '/etc/missing', message: 'corpus path not found', severity: 'error' }, { path: '/etc/other', message: 'corpus path not found', severity: 'error' });
    const notices = summarizeProblems('corpus', problems);
    assert.deepEqual(notices.map((n) => n.message), [
      '312 corpus paths: links outside the corpus folder; skipped (the first: /etc/link0; all of them in the Entente output).',
      'corpus /etc/missing corpus path not found',
      'corpus /etc/other corpus path not found',
    ]);
    // A second load of the same corpus has the same causes: reportOnce tells nothing new.
    assert.deepEqual(summarizeProblems('corpus', problems).map((n) => n.cause), notices.map((n) => n.cause));
    assert.equal(new Set(notices.map((n) => n.cause)).size, 3);
  });

  it('groups messages that differ only by their paths and numbers', () => {
    assert.equal(causeOf("could not be read: EACCES: permission denied, open '/etc/shadow'"), causeOf("could not be read: EACCES: permission denied, open '/etc/gshadow'"));
    assert.equal(causeOf('leads outside the workspace (to /etc/passwd)'), causeOf('leads outside the workspace (to /root/x)'));
    assert.notEqual(causeOf('corpus path not found'), causeOf('links outside the corpus folder; skipped'));
  });

  it('ProblemTally tells once per method and outcome', () => {
    const t = new ProblemTally();
    assert.match(t.add('workspace/didChangeWorkspaceFolders', ['x'], false) ?? '', /invalid entries/);
    assert.equal(t.add('workspace/didChangeWorkspaceFolders', ['y'], false), undefined);
    assert.match(t.add('workspace/didChangeWorkspaceFolders', ['y'], true) ?? '', /cannot be used/);
    assert.equal(t.add('textDocument/hover', [], false), undefined, 'nothing to tell');
    assert.deepEqual(t.summary(), { 'workspace/didChangeWorkspaceFolders:cleaned': 2, 'workspace/didChangeWorkspaceFolders:refused': 1 });
  });
});
