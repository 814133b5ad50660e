// Entente's own requests over stdio (server/src/protocol.ts), and plain-text hovers for clients
// that ask for them.

import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { startServer, type TestServer } from './client';
import {
  CARD_REQUEST,
  LOOKUP_REQUEST,
  NAMES_REQUEST,
  NOTE_ENTITIES_REQUEST,
  TIMELINE_REQUEST,
  type CardResult,
  type LookupResult,
  type NamesResult,
  type NoteEntitiesResult,
  type TimelineResult,
} from '../../server/src/protocol';

const NOTE = ['# Eurasia', '', 'The SCO was founded on 15 June 2001. The CSTO met in 2005.', 'The Collective Security Treaty was signed on 15 May 1993. The SCO grew.'].join('\n');

describe('Entente requests over stdio', function () {
  this.timeout(30000);
  let server: TestServer;
  let dir: string;
  let uri: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-req-'));
    fs.writeFileSync(path.join(dir, 'note.md'), NOTE);
    uri = pathToFileURL(path.join(dir, 'note.md')).href;
    server = await startServer({ rootUri: pathToFileURL(dir).href, clientName: 'Visual Studio Code' });
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: NOTE } });
    await server.waitForDiagnostics(uri);
  });

  after(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('entente/noteEntities groups the note’s entities by kind with counts and ranges', async () => {
    const r: NoteEntitiesResult = await server.connection.sendRequest(NOTE_ENTITIES_REQUEST, { uri });
    const orgs = r.groups.find((g) => g.kind === 'organization')!;
    const sco = orgs.items.find((i) => i.id === 'sco')!;
    assert.equal(sco.count, 2);
    assert.deepEqual(sco.ranges[0].start, { line: 2, character: 4 });
    assert.ok(r.groups.find((g) => g.kind === 'date')!.items.some((i) => i.id === '2001-06-15'));
  });

  it('entente/timeline lists the note’s events in date order, with the conflict marked', async () => {
    const r: TimelineResult = await server.connection.sendRequest(TIMELINE_REQUEST, { uri });
    const dates = r.events.map((e) => e.date);
    assert.deepEqual(dates, [...dates].sort());
    const cst = r.events.find((e) => e.date === '1993-05-15')!;
    assert.equal(cst.problem?.code, 'date-conflict');
    assert.equal(cst.location?.uri, uri);
    const body: TimelineResult = await server.connection.sendRequest(TIMELINE_REQUEST, { entityId: 'sco' });
    assert.match(body.title, /Shanghai Cooperation Organization/);
    assert.ok(body.events.some((e) => e.date === '2001-06-15' && /Petrovsky/.test(e.citation ?? '') && e.location?.uri.startsWith('file:')));
  });

  it('entente/card answers compact and full cards; entente/names lists every name; lookup suggests near names', async () => {
    const compact: CardResult = await server.connection.sendRequest(CARD_REQUEST, { entityId: 'csto' });
    const full: CardResult = await server.connection.sendRequest(CARD_REQUEST, { entityId: 'csto', full: true });
    assert.match(compact!.markdown, /command:entente\.showCard/);
    assert.ok(full!.markdown.length > compact!.markdown.length);
    const names: NamesResult = await server.connection.sendRequest(NAMES_REQUEST, {});
    assert.ok(names.items.some((n) => n.id === 'sco' && n.acronyms.includes('SCO')));
    const miss: LookupResult = await server.connection.sendRequest(LOOKUP_REQUEST, { name: 'Shangai' });
    assert.ok(miss && 'suggestions' in miss && miss.suggestions.includes('Shanghai Cooperation Organization'), JSON.stringify(miss));
    // Params that do not fit the request are refused at the edge with InvalidParams (server/src/server/validate.ts).
    await assert.rejects(server.connection.sendRequest(CARD_REQUEST, { entityId: 42 }), (e: { code?: number }) => e.code === -32602);
  });
});

describe('plain-text hovers', function () {
  this.timeout(30000);
  it('a client that lists only plaintext gets the card without Markdown', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-plain-'));
    const uri = pathToFileURL(path.join(dir, 'n.txt')).href;
    const server = await startServer({ rootUri: pathToFileURL(dir).href, hoverFormats: ['plaintext'] });
    try {
      server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text: 'The CSTO met.' } });
      await server.waitForDiagnostics(uri);
      const h = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 5 } })) as { contents: { kind: string; value: string } };
      assert.equal(h.contents.kind, 'plaintext');
      assert.match(h.contents.value, /^Collective Security Treaty Organization \(CSTO\)/);
      assert.doesNotMatch(h.contents.value, /\*\*|\]\(/);
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('read-only sources (entente-source: documents)', function () {
  this.timeout(30000);
  it('definition lands in an entente-source: document whose text the server serves', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-src-'));
    const uri = pathToFileURL(path.join(dir, 'n.txt')).href;
    const server = await startServer({ rootUri: pathToFileURL(dir).href, initializationOptions: { virtualSources: true } });
    try {
      server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text: 'The SCO met.' } });
      await server.waitForDiagnostics(uri);
      const links = (await server.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: { line: 0, character: 5 } })) as { targetUri: string; targetSelectionRange: { start: { line: number } } }[];
      assert.ok(links.length > 0);
      assert.match(links[0].targetUri, /^entente-source:.*international-security-organizations-in-eurasia\.txt$/);
      const r = (await server.connection.sendRequest('entente/sourceText', { uri: links[0].targetUri })) as { text: string } | null;
      assert.ok(r);
      assert.match(r.text.split(/\r?\n/)[links[0].targetSelectionRange.start.line], /Shanghai Cooperation Organization|SCO/);
      assert.equal(await server.connection.sendRequest('entente/sourceText', { uri: 'entente-source:/etc/passwd' }), null);
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the workspace configuration shared with the CLI (.entente/config.json)', function () {
  this.timeout(30000);
  it('the server reads it, over the editor’s values, and publishes its errors with positions', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-cfg-'));
    fs.mkdirSync(path.join(dir, '.entente'));
    fs.writeFileSync(path.join(dir, '.entente', 'config.json'), JSON.stringify({ diagnostics: { 'date-invalid': 'off' }, dates: { order: 'mdy' } }));
    const uri = pathToFileURL(path.join(dir, 'n.txt')).href;
    const server = await startServer({ rootUri: pathToFileURL(dir).href });
    try {
      server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text: 'On 30 February 2002 and on 03.04.2004.' } });
      const diags = await server.waitForDiagnostics(uri);
      assert.deepEqual(diags.map((d) => d.code), ['date-ambiguous'], 'date-invalid is off by the shared config');
      assert.match(diags[0].message, /month first/);
      fs.writeFileSync(path.join(dir, '.entente', 'config.json'), '{ "dates": { "order": 7 } }');
      const cfgUri = pathToFileURL(path.join(dir, '.entente', 'config.json')).href;
      server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: cfgUri, type: 2 }] });
      const errs = await server.waitForDiagnostics(cfgUri, (d) => d.length > 0);
      assert.equal(errs[0].range.start.line, 0);
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
