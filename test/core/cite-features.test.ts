// Citation features over a library and an in-memory formatter (the real one, over citeproc-js, is
// tested in test/cite/): completion, hover, definition, citekey-unknown with nearest keys, insert
// citation in each format, and the bundled book's chapters cited as contributions.
import * as assert from 'node:assert/strict';
import { cursor } from '../util';
import { apply } from './cite.test';
import { buildCitationLibrary, citeItemFor, sourceInfoFromManifest } from '../../server/src/core/cite/library';
import type { BibEntry, CitationFormatter, CiteItem, CiteOutput, CslItem, SourceInfo } from '../../server/src/core/cite/types';
import {
  citationCompletion,
  citationCompletionDocumentation,
  citationDefinition,
  citationDiagnostics,
  citationHover,
  citationInNoteFormat,
  entrySourceAt,
  insertCitationAction,
  nearestKeys,
  bareCitation,
  renderCitation,
  type CitationContext,
} from '../../server/src/core/features/citations';
import * as nodeFs from 'fs';
import * as nodePath from 'path';
// Read, not imported: an import would make tsc copy seeds/ into out/, a folder without the book.
const bookItems = JSON.parse(nodeFs.readFileSync(nodePath.join(__dirname, '..', '..', '..', 'seeds', 'bibliography.json'), 'utf8'));
const manifest: { title: string; file: string; publisher?: string; year?: string; chapters: { title: string; author?: string }[] } = JSON.parse(nodeFs.readFileSync(nodePath.join(__dirname, '..', '..', '..', 'seeds', 'manifest.json'), 'utf8'));

/** An author-date formatter in memory: "(Family Year, locator)" and "Family, Given. Year. Title." */
export class MemoryFormatter implements CitationFormatter {
  readonly style = 'memory author-date';
  readonly noteStyle = false;
  constructor(private readonly items: Map<string, CslItem>) {}
  private who(it: CslItem): string {
    const n = it.author?.[0] ?? it.editor?.[0];
    return n ? (n.family ?? n.literal ?? '') : (it.title ?? '');
  }
  private year(it: CslItem): string {
    return String(it.issued?.['date-parts']?.[0]?.[0] ?? 'n.d.');
  }
  cite(items: CiteItem[], _format: CiteOutput): string {
    return `(${items.map((i) => { const it = this.items.get(i.id)!; return `${this.who(it)} ${this.year(it)}${i.locator ? `, ${i.locator}` : ''}`; }).join('; ')})`;
  }
  bibliography(ids: string[], format: CiteOutput): string[] {
    return ids.map((id) => {
      const it = this.items.get(id)!;
      const c = it['container-title'] ? ` In ${format === 'markdown' ? `*${it['container-title']}*` : it['container-title']}.` : '';
      return `${this.who(it)}. ${this.year(it)}. “${it.title}.”${c}`;
    });
  }
}

function at(file: string, start: number, end: number, line: number) {
  return { file, start, end, line, character: 0, endLine: line + 4, endCharacter: 1 };
}

const userEntries: BibEntry[] = [
  { key: 'havel-commons', item: { id: 'havel-commons', type: 'document', title: 'Demilitarized Commons: Antarctica and Outer Space', author: [{ family: 'Havel', given: 'S.' }] }, files: ['../sources/polar-and-space.pdf'], location: at('/w/refs.bib', 120, 300, 5) },
  { key: 'kazantsev2009', item: { id: 'kazantsev2009', type: 'chapter', title: 'Post-Soviet Security Organizations', author: [{ family: 'Kazantsev', given: 'Andrey' }], issued: { 'date-parts': [[2009]] } }, files: [], location: at('/w/refs.bib', 310, 500, 12) },
  { key: 'allison2008', item: { id: 'allison2008', type: 'article-journal', title: 'Virtual Regionalism', author: [{ family: 'Allison', given: 'Roy' }], issued: { 'date-parts': [[2008]] } }, files: [], location: at('/w/refs.bib', 510, 700, 20) },
];
const sources: SourceInfo[] = [
  { id: 'polar-and-space.pdf', path: '/w/test/fixtures/sources/polar-and-space.pdf', kind: 'pdf', title: 'Demilitarized commons' },
  { id: 'peacekeeping.docx', path: '/w/sources/peacekeeping.docx', kind: 'docx', title: 'Peacekeeping in southern Lebanon', author: ['Maria Rossi'], date: '2024-03-02' },
];

function context(entries = userEntries, srcs = sources): CitationContext {
  const library = buildCitationLibrary({ entries, problems: [] }, srcs);
  return { library, formatter: new MemoryFormatter(new Map(library.entries.map((e) => [e.key, e.item]))) };
}

describe('citations: the library', () => {
  it('joins sources to entries by file, and makes an entry for a source no entry cites', () => {
    const ctx = context();
    assert.deepEqual(ctx.library.bySource.get('polar-and-space.pdf'), { key: 'havel-commons', reason: 'file' });
    const made = ctx.library.bySource.get('peacekeeping.docx')!;
    assert.equal(made.reason, 'made');
    assert.equal(made.key, 'rossi2024');
    assert.ok(ctx.library.made.has('rossi2024'));
    assert.equal(ctx.library.byKey.get('rossi2024')!.item.title, 'Peacekeeping in southern Lebanon');
  });

  it('renders a fact’s citation with its page, bare for cards', () => {
    const ctx = context();
    const r = renderCitation(ctx, { sourceId: 'polar-and-space.pdf', page: 2 })!;
    assert.equal(r.key, 'havel-commons');
    assert.equal(r.text, '(Havel n.d., 2)');
    assert.equal(r.bare, 'Havel n.d., 2');
    assert.deepEqual(r.cite, { id: 'havel-commons', locator: '2', label: 'page' });
    assert.equal(renderCitation(ctx, { sourceId: 'polar-and-space.pdf', page: 2, pageLabel: 'ii' })!.cite.locator, 'ii');
    assert.equal(renderCitation(ctx, { sourceId: 'unknown.pdf', page: 2 }), undefined);
    assert.equal(bareCitation('(a) and (b)'), '(a) and (b)');
  });
});

describe('citations: completion after @ and [@', () => {
  it('offers the entries with author, year and title, filtered by what was typed', () => {
    const ctx = context();
    const { text, offset } = cursor('As argued [@kaz$0');
    const items = citationCompletion(ctx, { text, languageId: 'markdown' }, offset);
    assert.deepEqual(items.map((i) => i.label), ['kazantsev2009']);
    assert.equal(items[0].detail, 'Kazantsev 2009 · Post-Soviet Security Organizations');
    assert.equal(text.slice(items[0].replace.start, items[0].replace.end), 'kaz');
    assert.equal(items[0].documentation, '', 'resolved later');
    assert.match(citationCompletionDocumentation(ctx, items[0].label), /Kazantsev\. 2009\./);
    assert.match(citationCompletionDocumentation(ctx, 'rossi2024'), /not in your bibliography/);
  });

  it('right after [@, every entry; typing a title word finds it too; made entries last', () => {
    const ctx = context();
    const { text, offset } = cursor('See [@$0');
    const all = citationCompletion(ctx, { text, languageId: 'markdown' }, offset);
    assert.equal(all.length, 4);
    const sorted = [...all].sort((a, b) => a.sortText.localeCompare(b.sortText));
    assert.equal(sorted[sorted.length - 1].label, 'rossi2024');
    const byTitle = citationCompletion(ctx, cursorNote('See [@regional$0', 'markdown'), cursor('See [@regional$0').offset);
    assert.deepEqual(byTitle.map((i) => i.label), ['allison2008']);
  });

  it('in LaTeX inside \\cite{…}; nothing in prose or an e-mail address', () => {
    const ctx = context();
    const { text, offset } = cursor('As \\autocite[47]{allison2008, ka$0');
    assert.deepEqual(citationCompletion(ctx, { text, languageId: 'latex' }, offset).map((i) => i.label), ['kazantsev2009']);
    const mail = cursor('write to me@ka$0');
    assert.deepEqual(citationCompletion(ctx, { text: mail.text, languageId: 'markdown' }, mail.offset), []);
  });
});

function cursorNote(fixture: string, languageId: string) {
  return { text: cursor(fixture).text, languageId };
}

describe('citations: hover and definition', () => {
  it('hover on a citekey: the citation with its locator, the reference, the entry’s place and source', () => {
    const ctx = context();
    const { text, offset } = cursor('As shown [@havel-com$0mons, p. 2].');
    const h = citationHover(ctx, { text, languageId: 'markdown' }, offset)!;
    assert.equal(text.slice(h.start, h.end), 'havel-commons');
    assert.match(h.markdown, /\*\*\(Havel n\.d\., 2\)\*\*/);
    assert.match(h.markdown, /Demilitarized Commons/);
    assert.match(h.markdown, /refs\.bib:6/);
    assert.match(h.markdown, /Source: polar-and-space\.pdf/);
    const unknown = cursor('See [@nob$0ody].');
    assert.match(citationHover(ctx, { text: unknown.text, languageId: 'markdown' }, unknown.offset)!.markdown, /not in the bibliography/);
  });

  it('definition into the .bib entry, and from the entry to its source', () => {
    const ctx = context();
    const { text, offset } = cursor('Cited \\cite{allis$0on2008}.');
    const d = citationDefinition(ctx, { text, languageId: 'latex' }, offset)!;
    assert.equal(text.slice(d.origin.start, d.origin.end), 'allison2008');
    assert.deepEqual(d.target, userEntries[2].location);
    assert.deepEqual(entrySourceAt(ctx, '/w/refs.bib', 200), { entry: userEntries[0], sourceId: 'polar-and-space.pdf' });
    assert.equal(entrySourceAt(ctx, '/w/refs.bib', 600), undefined, 'an entry no source matches');
  });
});

describe('citations: citekey-unknown', () => {
  it('flags an unknown key with the nearest keys as fixes; known keys and e-mails are silent', () => {
    const ctx = context();
    const text = 'As [@kazantsev2008, p. 4] and [@allison2008] show; mail me@example.org.';
    const ds = citationDiagnostics(ctx, { text, languageId: 'markdown' });
    assert.equal(ds.length, 1);
    assert.equal(ds[0].code, 'citekey-unknown');
    assert.equal(text.slice(ds[0].start, ds[0].end), 'kazantsev2008');
    assert.deepEqual(ds[0].fixes.map((f) => f.edits[0].newText), ['kazantsev2009']);
    assert.equal(apply(text, ds[0].fixes[0].edits), text.replace('kazantsev2008', 'kazantsev2009'));
    assert.match(ds[0].message, /Did you mean “kazantsev2009”/);
  });

  it('a bare @word far from every key is not flagged (handles); a bracketed one is', () => {
    const ctx = context();
    const ds = citationDiagnostics(ctx, { text: 'Follow @nato on social media, see [@nothing].', languageId: 'markdown' });
    assert.deepEqual(ds.map((d) => d.message.match(/“([^”]+)”/)![1]), ['nothing']);
  });

  it('silent without a bibliography; in LaTeX too', () => {
    const none = context([], []);
    assert.deepEqual(citationDiagnostics(none, { text: 'See [@anything].', languageId: 'markdown' }), []);
    const ctx = context();
    assert.equal(citationDiagnostics(ctx, { text: '\\cite{allison2009}', languageId: 'latex' }).length, 1);
    assert.deepEqual(nearestKeys(['alpha', 'beta', 'alpah'], 'alpha'), ['alpha', 'alpah']);
  });
});

describe('citations: insert citation', () => {
  const loc = { sourceId: 'polar-and-space.pdf', page: 2 };
  const sentence = 'The Outer Space Treaty entered into force on 10 October 1967. It is old.';

  it('Markdown with a bibliography: [@key, p. 2] before the stop', () => {
    const fix = insertCitationAction(context(), { text: sentence, languageId: 'markdown' }, 4, loc)!;
    assert.equal(apply(sentence, fix.edits), 'The Outer Space Treaty entered into force on 10 October 1967 [@havel-commons, p. 2]. It is old.');
    assert.equal(fix.title, 'Insert citation (Havel n.d., 2)');
  });

  it('LaTeX: \\autocite[2]{key}, or \\cite[p.~2]{key} with natbib', () => {
    const ctx = context();
    const bl = insertCitationAction(ctx, { text: sentence, languageId: 'latex' }, 4, loc)!;
    assert.match(apply(sentence, bl.edits), /1967 \\autocite\[2\]\{havel-commons\}\. It/);
    const nat = '\\usepackage{natbib}\n' + sentence;
    const nb = insertCitationAction(ctx, { text: nat, languageId: 'latex' }, 25, loc)!;
    assert.match(apply(nat, nb.edits), /1967~\\cite\[p\.~2\]\{havel-commons\}\. It/);
  });

  it('plain text: a numbered note with the citation, bare and with a stop', () => {
    const fix = insertCitationAction(context(), { text: sentence, languageId: 'plaintext' }, 4, loc)!;
    assert.equal(apply(sentence, fix.edits), 'The Outer Space Treaty entered into force on 10 October 1967.[1] It is old.\n\nNotes\n[1] Havel n.d., 2.\n');
  });

  it('Markdown without any bibliography: a footnote', () => {
    const noBib = context([], sources);
    const fix = insertCitationAction(noBib, { text: sentence, languageId: 'markdown' }, 4, { sourceId: 'peacekeeping.docx' })!;
    assert.equal(apply(sentence, fix.edits), 'The Outer Space Treaty entered into force on 10 October 1967.[^1] It is old.\n\n[^1]: Rossi 2024.\n');
    assert.equal(citationInNoteFormat(context(), { text: sentence, languageId: 'markdown' }, loc), '[@havel-commons, p. 2]');
  });
});

describe('citations: the bundled book', () => {
  const items = bookItems as unknown as CslItem[];
  const entries: BibEntry[] = items.map((i) => ({ key: i.id, item: i, files: [] }));
  const book = sourceInfoFromManifest(manifest);

  it('ships one entry for the collection and one contribution per chapter, with the manifest’s authors', () => {
    assert.equal(items.length, manifest.chapters.length + 1);
    const collection = items.find((i) => i.type === 'book')!;
    assert.equal(collection.title, manifest.title);
    assert.equal(collection.publisher, manifest.publisher);
    assert.deepEqual(collection.issued, { 'date-parts': [[Number(manifest.year)]] });
    for (const ch of manifest.chapters) {
      const it = items.find((i) => i.title === ch.title)!;
      assert.equal(it.type, 'chapter', ch.title);
      assert.equal(it['container-title'], manifest.title);
      if (ch.author) assert.equal(`${it.author![0].given} ${it.author![0].family}`, ch.author);
      else assert.equal(it.author, undefined);
    }
  });

  it('a fact in a chapter cites that chapter with its printed page; the whole book cites the collection', () => {
    const lib = buildCitationLibrary({ entries, problems: [] }, [book]);
    assert.deepEqual(lib.bySource.get(book.id), { key: 'eurasia2009', reason: 'title' });
    const kaz = manifest.chapters.find((c) => c.author === 'Andrey Kazantsev')!;
    const r = citeItemFor(lib, { sourceId: book.id, chapter: kaz.title, pageLabel: '58' })!;
    assert.equal(r.entry.key, 'kazantsev2009');
    assert.deepEqual(r.cite, { id: 'kazantsev2009', locator: '58', label: 'page' });
    assert.equal(citeItemFor(lib, { sourceId: book.id, page: 80 })!.entry.key, 'eurasia2009');
    assert.equal(lib.made.size, 0, 'no entry is made up for the book');
  });
});
