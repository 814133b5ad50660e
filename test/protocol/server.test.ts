// Protocol tests: the built server (dist/server.js) over stdio, as any LSP client starts it.

import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { startServer, type TestServer } from './client';

const NOTE = [
  '# Eurasian bodies',
  '',
  'The CSTO grew out of the Collective Security Treaty, signed on 15 May 1992.',
  'The Collective Security Treaty was signed on 15 May 1993 😀.',
  'CACO was created on 30 February 2002.',
  'The SCO and the Coll',
].join('\r\n');

function pos(text: string, needle: string, delta = 1) {
  const offset = text.indexOf(needle) + delta;
  const before = text.slice(0, offset).split(/\r?\n/);
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('language server over stdio', function () {
  this.timeout(30000);
  let server: TestServer;
  let dir: string;
  let uri: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-ws-'));
    fs.writeFileSync(path.join(dir, 'note.md'), NOTE);
    fs.writeFileSync(path.join(dir, 'other.txt'), 'A closed note that names the CSTO twice: CSTO.');
    uri = pathToFileURL(path.join(dir, 'note.md')).href;
    server = await startServer({ rootUri: pathToFileURL(dir).href, clientName: 'Visual Studio Code' });
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: NOTE } });
  });

  after(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('publishes date diagnostics with UTF-16 ranges and related information', async () => {
    const diags = await server.waitForDiagnostics(uri, (d) => d.length > 0);
    const byCode = Object.fromEntries(diags.map((d) => [d.code, d]));
    assert.ok(byCode['date-conflict'], JSON.stringify(diags));
    assert.deepEqual(byCode['date-conflict'].range.start, pos(NOTE, '15 May 1993', 0));
    assert.ok(byCode['date-conflict'].relatedInformation[0].location.uri.endsWith('international-security-organizations-in-eurasia.txt'));
    assert.equal(byCode['date-invalid'].severity, 1);
    assert.deepEqual(byCode['date-invalid'].range.start, pos(NOTE, '30 February', 0));
  });

  it('answers hover on CSTO with a card', async () => {
    const h: any = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: pos(NOTE, 'CSTO') });
    assert.equal(h.contents.kind, 'markdown');
    assert.match(h.contents.value, /^\*\*Collective Security Treaty Organization\*\* \(CSTO\)/);
    assert.match(h.contents.value, /command:entente\.openSource/);
    assert.deepEqual(h.range.start, pos(NOTE, 'CSTO', 0));
  });

  it('answers definition on CSTO with a LocationLink into the bundled corpus', async () => {
    const links: any[] = await server.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: pos(NOTE, 'CSTO') });
    assert.ok(links.length >= 1);
    assert.ok(links[0].targetUri.endsWith('seeds/international-security-organizations-in-eurasia.txt'), links[0].targetUri);
    assert.deepEqual(links[0].originSelectionRange.start, pos(NOTE, 'CSTO', 0));
    const corpus = fs.readFileSync(new URL(links[0].targetUri), 'utf8').split('\n');
    const sel = links[0].targetSelectionRange;
    assert.match(corpus[sel.start.line], /Collective|CSTO/);
  });

  it('finds references in the corpus and in closed workspace notes', async () => {
    const refs: any[] = await server.connection.sendRequest('textDocument/references', { textDocument: { uri }, position: pos(NOTE, 'CSTO'), context: { includeDeclaration: true } });
    assert.ok(refs.some((r) => r.uri.endsWith('other.txt')), 'closed note');
    assert.ok(refs.some((r) => r.uri === uri), 'open note');
    assert.ok(refs.filter((r) => r.uri.endsWith('eurasia.txt')).length > 100);
  });

  it('completes a treaty name', async () => {
    const list: any = await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: pos(NOTE, 'Coll', 4) });
    assert.ok(list.items.some((i: any) => i.label === 'Collective Security Treaty Organization'));
    assert.ok(list.items.some((i: any) => i.label === 'Collective Security Treaty'));
  });

  it('offers the quick fix that replaces a conflicting date', async () => {
    const diags = server.diagnostics.get(uri)!;
    const conflict = diags.find((d) => d.code === 'date-conflict');
    const actions: any[] = await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: conflict.range, context: { diagnostics: [conflict] } });
    const fix = actions.find((a) => a.title.startsWith('Replace with'));
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(fix.edit.changes[uri][0].newText, '15 May 1992');
  });

  it('offers to normalize a note that mixes date styles, and to expand an acronym at first use', async () => {
    const mixed = 'untitled:mixed';
    const text = 'The CSTO met on 12 December 2003, on December 13, 2003 and on 2003-12-14.';
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: mixed, languageId: 'plaintext', version: 1, text } });
    const range = { start: { line: 0, character: 17 }, end: { line: 0, character: 17 } };
    const actions: any[] = await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: mixed }, range, context: { diagnostics: [] } });
    const normalize = actions.find((a) => a.title.startsWith('Normalize all dates in this note to “12 December 2003”'));
    assert.ok(normalize, JSON.stringify(actions.map((a) => a.title)));
    assert.deepEqual(normalize.edit.changes[mixed].map((e: any) => e.newText), ['13 December 2003', '14 December 2003']);
    const acr: any[] = await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: mixed }, range: { start: { line: 0, character: 5 }, end: { line: 0, character: 5 } }, context: { diagnostics: [] } });
    assert.ok(acr.some((a) => a.edit.changes[mixed][0].newText === 'Collective Security Treaty Organization (CSTO)'));
  });

  it('serves outline, highlights, semantic tokens and workspace symbols', async () => {
    const symbols: any[] = await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols[0].name, 'Eurasian bodies');
    const hl: any[] = await server.connection.sendRequest('textDocument/documentHighlight', { textDocument: { uri }, position: pos(NOTE, 'Collective Security Treaty,') });
    assert.equal(hl.length, 2);
    const tokens: any = await server.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.equal(tokens.data.length % 5, 0);
    assert.ok(tokens.data.length >= 5 * 8);
    const ws: any[] = await server.connection.sendRequest('workspace/symbol', { query: 'SCO' });
    assert.ok(ws.some((s) => /Shanghai Cooperation Organization/.test(s.name)));
  });

  it('updates diagnostics after an incremental edit', async () => {
    const fixLine = pos(NOTE, '15 May 1993', 0);
    server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: fixLine, end: { line: fixLine.line, character: fixLine.character + 11 } }, text: '15 May 1992' }],
    });
    const diags = await server.waitForDiagnostics(uri, (d) => !d.some((x) => x.code === 'date-conflict'));
    assert.ok(diags.some((d) => d.code === 'date-invalid'));
  });

  it('keeps serving after a request it cannot answer', async () => {
    const none = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///nowhere.txt' }, position: { line: 99, character: 99 } });
    assert.equal(none, null);
    const h: any = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: pos(NOTE, 'SCO') });
    assert.match(h.contents.value, /Shanghai/);
  });
});

describe('language server settings', function () {
  this.timeout(30000);

  it('reads settings with workspace/configuration, and reports a wrong type without failing', async () => {
    const server = await startServer({ configuration: () => ({ diagnostics: { 'date-invalid': 'off' }, dates: { order: 42 } }) });
    try {
      const uri = 'untitled:Untitled-1';
      server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text: '30 February 2010; Tuesday, 8 December 1991.' } });
      const diags = await server.waitForDiagnostics(uri);
      assert.deepEqual(diags.map((d) => d.code), ['weekday-mismatch']);
      assert.ok(server.logs.some((l) => /dates\.order should be/.test(l)), server.logs.join('\n'));
    } finally {
      await server.stop();
    }
  });

  it('accepts the same object as initializationOptions from clients without workspace/configuration', async () => {
    const server = await startServer({ initializationOptions: { settings: { diagnostics: { 'weekday-mismatch': 'off' } } } });
    try {
      const uri = 'untitled:Untitled-2';
      server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text: '30 February 2010; Tuesday, 8 December 1991.' } });
      const diags = await server.waitForDiagnostics(uri);
      assert.deepEqual(diags.map((d) => d.code), ['date-invalid']);
      // Neovim's language id for text files, and plain links for a client that is not VS Code.
      const other = 'untitled:Untitled-3';
      server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: other, languageId: 'text', version: 1, text: 'The CSTO.' } });
      const h: any = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: other }, position: { line: 0, character: 5 } });
      assert.match(h.contents.value, /\(file:\/\/[^)]*eurasia\.txt#L\d+\)/);
      assert.ok(!h.contents.value.includes('command:'));
    } finally {
      await server.stop();
    }
  });
});

describe('untrusted workspaces', function () {
  this.timeout(30000);

  it('reads corpus paths inside the workspace but not outside it', async () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-untrusted-'));
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-outside-'));
    fs.mkdirSync(path.join(ws, 'sources'));
    fs.writeFileSync(path.join(ws, 'sources', 'in.txt'), 'The Baltic Research Forum (BRF) met in Riga.');
    fs.writeFileSync(path.join(outside, 'out.txt'), 'The Arctic Research Forum (ARF) met in Oslo.');
    const server = await startServer({
      rootUri: pathToFileURL(ws).href,
      initializationOptions: { trusted: false, settings: { corpus: { paths: ['sources', outside] } } },
    });
    try {
      const uri = pathToFileURL(path.join(ws, 'note.txt')).href;
      server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text: 'The BRF and the ARF.' } });
      await server.waitForDiagnostics(uri);
      const inside: any = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 5 } });
      assert.match(inside.contents.value, /Baltic Research Forum/);
      const out: any = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 17 } });
      assert.equal(out, null);
      assert.ok(server.logs.some((l) => /not trusted/.test(l)), server.logs.join('\n'));
    } finally {
      await server.stop();
      fs.rmSync(ws, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('multi-root workspaces', function () {
  this.timeout(30000);

  it('applies each folder’s own settings and corpus', async () => {
    const a = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-root-a-'));
    const b = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-root-b-'));
    fs.mkdirSync(path.join(b, 'sources'));
    fs.writeFileSync(path.join(b, 'sources', 'own.txt'), 'The Baltic Research Forum (BRF) was founded on 3 March 1998.');
    const aUri = pathToFileURL(a).href;
    const bUri = pathToFileURL(b).href;
    const server = await startServer({
      folders: [aUri, bUri],
      configuration: (_section, scopeUri) =>
        scopeUri === aUri ? { diagnostics: { 'date-invalid': 'off' } } : scopeUri === bUri ? { corpus: { paths: ['sources'] } } : {},
    });
    try {
      const text = 'The BRF was founded in 1997. 30 February 2010.';
      const inA = pathToFileURL(path.join(a, 'n.txt')).href;
      const inB = pathToFileURL(path.join(b, 'n.txt')).href;
      server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: inA, languageId: 'plaintext', version: 1, text } });
      server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: inB, languageId: 'plaintext', version: 1, text } });
      const da = await server.waitForDiagnostics(inA);
      const db = await server.waitForDiagnostics(inB);
      // Folder A: date-invalid is off, and it has no corpus that knows the BRF.
      assert.deepEqual(da.map((d) => d.code), []);
      // Folder B: its own corpus dates the BRF, and date-invalid has its default severity.
      assert.deepEqual(db.map((d) => d.code).sort(), ['date-conflict', 'date-invalid']);
    } finally {
      await server.stop();
      fs.rmSync(a, { recursive: true, force: true });
      fs.rmSync(b, { recursive: true, force: true });
    }
  });
});
