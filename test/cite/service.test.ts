// The per-folder citation service: settings files, the bundled book, a note's front matter,
// problems and notices handed out once, files read again only when they change.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CitationService } from '../../server/src/cite/service';
import { renderCitation, citationDiagnostics } from '../../server/src/core/features/citations';

const ROOT = path.join(__dirname, '..', '..', '..');

describe('cite (node): the citation service', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-cite-'));
    fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'bib', 'refs.bib'), path.join(dir, 'refs.bib'));
    fs.mkdirSync(path.join(dir, 'notes'));
    fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'bib', 'refs.json'), path.join(dir, 'notes', 'extra.json'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('joins the settings’ files, the bundled book’s entries and a note’s front matter; problems once', () => {
    const svc = new CitationService({ workspaceFolder: dir, seedsDir: path.join(ROOT, 'seeds') });
    assert.deepEqual(svc.configure({ bibliography: ['refs.bib', 'missing.bib'], style: 'no-such-style', locale: 'en-GB', includeBundled: true }).map((n) => n.slice(0, 24)), ['Unknown citation style “']);
    const plain = svc.contextFor();
    assert.ok(plain.library.byKey.has('havel-commons'));
    assert.ok(plain.library.byKey.has('kazantsev2009'));
    assert.ok(plain.library.byKey.has('berniyazova2009'), 'the bundled book’s chapters');
    assert.equal(plain.library.byKey.has('mercosur-brief'), false);
    const problems = svc.takeProblems();
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /missing\.bib not found/);
    const note = { path: path.join(dir, 'notes', 'n.md'), languageId: 'markdown', text: '---\nbibliography: extra.json\n---\nAs [@mercosur-brief] and [@nobody2001] say.' };
    const withFm = svc.contextFor(note);
    assert.ok(withFm.library.byKey.has('mercosur-brief'), 'front matter files resolve against the note’s folder');
    assert.deepEqual(citationDiagnostics(withFm, note).map((d) => note.text.slice(d.start, d.end)), ['nobody2001']);
    svc.contextFor();
    assert.deepEqual(svc.takeProblems(), [], 'the missing file is reported once');
    assert.deepEqual(svc.configure({ bibliography: ['refs.bib', 'missing.bib'], style: 'no-such-style', locale: 'en-GB', includeBundled: true }), [], 'the same notice is not repeated');
  });

  it('reads a changed file again; cites in the configured style', () => {
    const svc = new CitationService({ workspaceFolder: dir, seedsDir: path.join(ROOT, 'seeds') });
    svc.configure({ bibliography: 'refs.bib', style: 'apa', locale: 'en-US', includeBundled: false });
    svc.setSources([{ id: 'polar-and-space.pdf', path: path.join(ROOT, 'test', 'fixtures', 'sources', 'polar-and-space.pdf'), title: 'Demilitarized commons' }]);
    const ctx = svc.contextFor();
    assert.equal(ctx.library.byKey.has('eurasia2009'), false, 'no bundled entries without the bundled book');
    assert.equal(renderCitation(ctx, { sourceId: 'polar-and-space.pdf', page: 2 })!.text, '(Havel, n.d., p. 2)');
    const file = path.join(dir, 'refs.bib');
    fs.appendFileSync(file, '\n@book{added2020, author = {New, Ann}, title = {Added Later}, year = {2020}}\n');
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    const again = svc.contextFor();
    assert.ok(again.library.byKey.has('added2020'));
    assert.equal(again.formatter.cite([{ id: 'added2020' }], 'text'), '(New, 2020)');
  });
});
