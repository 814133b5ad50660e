// Citations over stdio: a workspace with a BibTeX bibliography (entente.bibliography), completion
// after `[@`, hover on a citekey, an unknown citekey flagged with the nearest key as fix, "Insert
// citation" for a body's defining source, and cards citing facts in the style.

import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { startServer, type TestServer } from './client';

const BIB = `@incollection{kazantsev2009,
  author    = {Kazantsev, Andrey},
  title     = {Post-Soviet Security Organizations With Russia's Participation},
  booktitle = {International Security Organizations in Eurasia},
  year      = {2009}
}
`;

const NOTE = ['---', 'title: Eurasian bodies', '---', '', 'The CSTO grew out of a treaty [@kazantsev2009, p. 4].', 'See also [@kazantsev2008].', 'More in [@'].join('\n');

describe('citations over stdio', function () {
  this.timeout(120000);
  let server: TestServer;
  let dir: string;
  let uri: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-cite-'));
    fs.writeFileSync(path.join(dir, 'refs.bib'), BIB);
    fs.writeFileSync(path.join(dir, 'paper.md'), NOTE);
    uri = pathToFileURL(path.join(dir, 'paper.md')).href;
    server = await startServer({ rootUri: pathToFileURL(dir).href, clientName: 'Visual Studio Code', initializationOptions: { settings: { bibliography: 'refs.bib' } } });
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: NOTE } });
  });

  after(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('flags an unknown citekey, offering the nearest key', async () => {
    const diags = await server.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'citekey-unknown'), 90000);
    const d = diags.find((x) => x.code === 'citekey-unknown')!;
    assert.equal(d.range.start.line, 5);
    assert.match(d.message, /kazantsev2008.*kazantsev2009/);
    const actions = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as { title: string }[];
    assert.ok(actions.some((a) => /Change to “kazantsev2009”/.test(a.title)), JSON.stringify(actions.map((a) => a.title)));
  });

  it('completes citekeys after [@ with author, year and title', async () => {
    const r = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 6, character: 10 } })) as { items: { label: string; detail: string }[] };
    const k = r.items.find((i) => i.label === 'kazantsev2009');
    assert.ok(k, JSON.stringify(r.items.map((i) => i.label)));
    assert.match(k.detail, /Kazantsev.*2009/);
  });

  it('hovers a citekey with the formatted reference', async () => {
    const h = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 35 } })) as { contents: { value: string } };
    assert.match(h.contents.value, /Kazantsev/);
    assert.match(h.contents.value, /2009/);
  });

  it('offers "Insert citation" on a mention, citing its defining source in Pandoc syntax', async () => {
    const actions = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 4, character: 5 }, end: { line: 4, character: 5 } }, context: { diagnostics: [] } })) as { title: string; edit: { changes: Record<string, { newText: string }[]> } }[];
    const insert = actions.find((a) => a.title.startsWith('Insert citation'));
    assert.ok(insert, JSON.stringify(actions.map((a) => a.title)));
    // The sentence already ends with a citation group: the new key joins it ("[@kazantsev2009, p. 4; @petrovsky2009, p. 37]").
    const e = insert.edit.changes[uri][0] as unknown as { range: { start: { line: number; character: number } }; newText: string };
    const line = NOTE.split('\n')[e.range.start.line];
    const after = line.slice(0, e.range.start.character) + e.newText + line.slice(e.range.start.character);
    assert.match(after, /\[@kazantsev2009, p\. 4; @[a-z]+2009, p\. \d+\]\.$/);
  });

  it('cards cite facts in the citation style (author-date)', async () => {
    const h = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 5 } })) as { contents: { value: string } };
    assert.match(h.contents.value, /Collective Security Treaty Organization/);
    assert.match(h.contents.value, /(Kazantsev|Petrovsky|Berniyazova) 2009/);
  });
});
