// The node side of citations: BibTeX/BibLaTeX through citation-js (positions, broken entries), CSL-JSON,
// loading files, and the citeproc-js formatter with the shipped styles — compared with citeproc-js's
// own output for the same items and style, built here directly with citeproc's API.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import CSL from 'citeproc';
import { parseBibtex, bibChunks, formatBibtex } from '../../server/src/cite/bibtex';
import { parseCslJson } from '../../server/src/cite/csljson';
import { loadBibliographies } from '../../server/src/cite/load';
import { createCitationFormatter, setCiteprocLogger, htmlToMarkdown, shippedStylesDir, styleProblem, SHIPPED_STYLES } from '../../server/src/cite/formatter';
import { buildCitationLibrary, sourceInfoFromManifest } from '../../server/src/core/cite/library';
import { citationCompletion, citationDiagnostics, insertCitationAction, renderCitation, citationHover, type CitationContext } from '../../server/src/core/features/citations';
import type { CslItem } from '../../server/src/core/cite/types';

const ROOT = path.join(__dirname, '..', '..', '..');
const FIX = path.join(ROOT, 'test', 'fixtures', 'bib');
const read = (f: string) => fs.readFileSync(path.join(FIX, f), 'utf8');
const STYLES = shippedStylesDir();

/** citeproc-js run directly, as its documentation shows: a sys object, the style, the locale. */
function citeprocDirect(styleFile: string, locale: string, items: CslItem[]) {
  const byId = new Map(items.map((i) => [i.id, JSON.parse(JSON.stringify(i))]));
  const sys = {
    retrieveLocale: (lang: string) => fs.readFileSync(path.join(STYLES, `locales-${lang === 'en-GB' ? 'en-GB' : 'en-US'}.xml`), 'utf8'),
    retrieveItem: (id: string) => byId.get(id),
  };
  return new CSL.Engine(sys, fs.readFileSync(path.join(STYLES, styleFile), 'utf8'), locale, true);
}

describe('cite (node): BibTeX and BibLaTeX with citation-js', () => {
  it('reads each entry to CSL with its line and column, its file field and @string macros', () => {
    const text = read('refs.bib');
    const b = parseBibtex(text, 'refs.bib');
    assert.deepEqual(b.problems, []);
    assert.deepEqual(b.entries.map((e) => e.key), ['havel-commons', 'kazantsev2009', 'allison2008', 'unoosa-treaties']);
    const havel = b.entries[0];
    assert.equal(text.split('\n')[havel.location!.line], '@misc{havel-commons,');
    assert.equal(text.slice(havel.location!.start, havel.location!.end).trim().endsWith('}'), true);
    assert.deepEqual(havel.files, ['../sources/polar-and-space.pdf']);
    assert.deepEqual(havel.item.author, [{ family: 'Havel', given: 'S.' }]);
    const kaz = b.entries[1];
    assert.equal(kaz.item.type, 'chapter');
    assert.equal(kaz.item.publisher, 'Centre for Euro-Atlantic Security, MGIMO', '@string macro expanded');
    assert.equal(kaz.item['container-title'], 'International Security Organizations in Eurasia: Rivalry and Co-operation');
    assert.equal(b.entries[2].item.DOI, '10.1080/02634930802355121');
    assert.equal(b.entries[2].item.page, '185-202');
    assert.equal(b.entries[3].item.URL, 'https://www.unoosa.org/oosa/en/ourwork/spacelaw/treaties.html');
  });

  it('a broken file: each bad entry reported at its line and column, the others used', () => {
    const text = read('broken.bib');
    const b = parseBibtex(text, 'broken.bib');
    assert.deepEqual(b.entries.map((e) => e.key), ['good-one', 'after-broken', 'last-good']);
    assert.equal(b.problems.length, 2);
    const lines = text.split('\n');
    const [unclosed, badField] = b.problems;
    assert.equal(lines[unclosed.line], '@article{missing-brace,');
    assert.match(unclosed.message, /missing-brace.*not closed/);
    // citation-js stops at the field that follows the missing comma.
    assert.equal(lines[badField.line].slice(badField.character), 'year = {2007}');
    assert.match(badField.message, /bad-field.*does not parse/);
    assert.equal(text.split('\n')[b.entries[2].location!.line], '@book{last-good,');
  });

  it('an entry nested 100,000 braces deep: one positioned problem in words, the other entries used', () => {
    const text = '@book{good, title = {Fine}, year = 2001}\n@article{deep, title = ' + '{'.repeat(100_000) + '}'.repeat(100_000) + '}\n@book{after, title = {Also fine}}\n';
    const b = parseBibtex(text, 'deep.bib');
    assert.deepEqual(b.entries.map((e) => e.key), ['good', 'after']);
    assert.equal(b.problems.length, 1);
    assert.equal(b.problems[0].line, 1);
    assert.match(b.problems[0].message, /Entry “deep” does not parse \(its braces are nested too deeply\); skipped\./);
  });

  it('chunks: @comment and text between entries skipped, parenthesized entries read', () => {
    const text = 'Junk @ text\n@comment{ignored}\n@book(paren, title = {P}, year = 1999)\n';
    assert.deepEqual(bibChunks(text).map((c) => [c.type, c.closed]), [['comment', true], ['book', true]]);
    assert.deepEqual(parseBibtex(text, 'p.bib').entries.map((e) => [e.key, e.item.title]), [['paren', 'P']]);
  });

  it('writes a made entry back as BibTeX (to add it to the user’s file)', () => {
    const bib = formatBibtex([{ id: 'rossi2024', type: 'manuscript', title: 'Peacekeeping', author: [{ family: 'Rossi', given: 'Maria' }], issued: { 'date-parts': [[2024]] } }]);
    assert.match(bib, /@unpublished\{rossi2024,/);
    assert.equal(parseBibtex(bib, 'x.bib').entries[0].item.title, 'Peacekeeping');
  });
});

describe('cite (node): CSL-JSON', () => {
  it('reads items with their positions; a broken item is reported and the others used', () => {
    const good = parseCslJson(read('refs.json'), 'refs.json');
    assert.deepEqual(good.entries.map((e) => e.key), ['petrovsky2009', 'mercosur-brief']);
    assert.equal(read('refs.json').split('\n')[good.entries[1].location!.line].trim(), '{');
    const text = read('broken.json');
    const b = parseCslJson(text, 'broken.json');
    assert.deepEqual(b.entries.map((e) => e.key), ['first', 'third']);
    assert.equal(b.problems.length, 2);
    assert.equal(b.problems[0].line, 2);
    assert.equal(text.split('\n')[2].slice(b.problems[0].character).startsWith('"issued"'), true);
    assert.match(b.problems[1].message, /no “id”/);
    assert.match(parseCslJson('{"not": "items"}', 'x.json').problems[0].message, /array of items/);
    assert.match(parseCslJson('[{"id": "a", "type": "book"}', 'x.json').problems[0].message, /not closed/);
  });
});

describe('cite (node): loading bibliography files', () => {
  it('relative to the base folder; a missing file or an unknown kind is one problem each', () => {
    const b = loadBibliographies(['refs.bib', 'refs.json', 'missing.bib', 'refs.bib', 'notes.yaml'], { baseDir: FIX });
    assert.equal(b.entries.length, 6);
    assert.equal(b.files.length, 4, 'a file named twice is read once');
    assert.deepEqual(b.problems.map((p) => p.message.replace(/ .*/, '')), ['Bibliography', 'Unknown']);
    assert.match(b.problems[0].message, /missing\.bib not found/);
  });

  it('too large a file is refused without reading it', () => {
    let readCalled = false;
    const b = loadBibliographies(['big.bib'], { baseDir: '/x', stat: () => ({ size: 60 * 1024 * 1024 }), readFile: () => ((readCalled = true), '') });
    assert.equal(readCalled, false);
    assert.match(b.problems[0].message, /over the 50 MB limit/);
  });
});

describe('cite (node): the citeproc-js formatter', () => {
  const items = parseBibtex(read('refs.bib'), 'refs.bib').entries.map((e) => e.item);
  const cites = [
    [{ id: 'havel-commons', locator: '2', label: 'page' as const }],
    [{ id: 'kazantsev2009', locator: '47', label: 'page' as const }],
    [{ id: 'allison2008' }, { id: 'unoosa-treaties', locator: '3-4', label: 'page' as const }],
  ];

  // Building a citeproc engine for a large style takes seconds: one formatter per style and locale.
  const made = new Map<string, ReturnType<typeof createCitationFormatter>>();
  const formatterFor = (style: string, locale = 'en-US') => {
    const k = `${style}/${locale}`;
    if (!made.has(k)) made.set(k, createCitationFormatter({ items, style, locale }));
    return made.get(k)!;
  };

  for (const [name, locale] of [['chicago-author-date', 'en-US'], ['apa', 'en-US'], ['chicago-notes-bibliography', 'en-GB']]) {
    it(`${name} (${locale}): the same citations and bibliography as citeproc-js itself`, () => {
      const { formatter, notices } = formatterFor(name, locale);
      assert.deepEqual(notices, []);
      const direct = citeprocDirect(SHIPPED_STYLES[name], locale, items);
      for (const format of ['text', 'html'] as const) {
        direct.setOutputFormat(format);
        for (const c of cites) assert.equal(formatter.cite(c, format), direct.makeCitationCluster(c).trim());
        const ids = items.map((i) => i.id);
        direct.updateItems(ids);
        const bib = direct.makeBibliography();
        assert.ok(bib);
        const mine = formatter.bibliography(ids, format);
        assert.equal(mine.length, bib[1].length);
        assert.deepEqual(mine, bib[1].map((s: string) => s.trim().replace(/^<div class="csl-entry">/, '').replace(/<\/div>$/, '').trim()));
      }
    });
  }

  it('what the styles render: Chicago author-date, APA and Chicago notes for a page', () => {
    const chicago = formatterFor('chicago-author-date').formatter;
    assert.equal(chicago.style, 'chicago-author-date');
    assert.equal(chicago.cite(cites[1], 'text'), '(Kazantsev 2009, 47)');
    const apa = formatterFor('apa').formatter;
    assert.equal(apa.cite(cites[1], 'text'), '(Kazantsev, 2009, p. 47)');
    const notes = formatterFor('chicago-notes-bibliography', 'en-GB').formatter;
    assert.equal(notes.noteStyle, true);
    assert.match(notes.cite(cites[1], 'text'), /^Andrey Kazantsev, ‘Post-Soviet Security Organizations With Russia’s Participation: .*’, in International Security Organizations in Eurasia: Rivalry and Co-Operation \(Centre for Euro-Atlantic Security, MGIMO, 2009\), 47\.$/);
    assert.match(notes.cite(cites[1], 'text'), /‘Post-Soviet/, 'British quotation marks in en-GB');
    assert.match(formatterFor('chicago-author-date').formatter.bibliography(['kazantsev2009'], 'text')[0], /“Post-Soviet/, 'American ones in en-US');
    assert.match(chicago.bibliography(['kazantsev2009'], 'markdown')[0], /In \*International Security Organizations in Eurasia: Rivalry and Co-Operation\*\./);
  });

  it('an unknown style falls back to the default with one notice; a path to a .csl is used', () => {
    const unknown = createCitationFormatter({ items, style: 'harvard-imaginary' });
    assert.equal(unknown.notices.length, 1);
    assert.match(unknown.notices[0], /Unknown citation style “harvard-imaginary”.*Using chicago-author-date/);
    assert.equal(unknown.formatter.cite(cites[1], 'text'), '(Kazantsev 2009, 47)');
    const viaPath = createCitationFormatter({ items, style: 'apa.csl', baseDir: STYLES });
    assert.deepEqual(viaPath.notices, []);
    assert.equal(viaPath.formatter.style, 'APA Style 7th edition');
    assert.equal(viaPath.formatter.cite(cites[1], 'text'), '(Kazantsev, 2009, p. 47)');
    const missing = createCitationFormatter({ items, style: 'styles/none.csl', baseDir: os.tmpdir() });
    assert.match(missing.notices[0], /cannot be read/);
    const badLocale = createCitationFormatter({ items, locale: 'xx-YY' });
    assert.match(badLocale.notices[0], /Unknown citation locale “xx-YY”/);
    assert.match(styleProblem('<style xmlns="http://purl.org/net/xbiblio/csl"><info><link rel="independent-parent" href="x"/></info></style>')!, /dependent style/);
    assert.match(styleProblem('<html></html>')!, /not a CSL style/);
  });

  it('a style that breaks when run falls back once, with a notice', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-csl-'));
    const broken = path.join(dir, 'broken.csl');
    fs.writeFileSync(broken, '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="in-text"><citation><layout><text macro="nowhere"/></layout></citation>');
    const notices: string[] = [];
    const { formatter } = createCitationFormatter({ items, style: broken, onNotice: (m) => notices.push(m) });
    assert.equal(formatter.cite(cites[1], 'text'), '(Kazantsev 2009, 47)');
    assert.equal(formatter.cite(cites[0], 'text'), '(Havel, n.d., 2)');
    assert.equal(notices.length, 1);
    assert.match(notices[0], /could not be run/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('new items reach the engine already built; citeproc warnings never reach stdout', () => {
    const f = formatterFor('apa').formatter;
    assert.match(f.bibliography(['kazantsev2009'], 'text')[0], /Post-Soviet/);
    f.setItems(items.map((i) => (i.id === 'kazantsev2009' ? { ...i, title: 'A Changed Title' } : i)));
    assert.match(f.bibliography(['kazantsev2009'], 'text')[0], /A Changed Title/);
    assert.equal(f.cite(cites[1], 'text'), '(Kazantsev, 2009, p. 47)');
    f.setItems(items);
    const logged: string[] = [];
    setCiteprocLogger((m) => logged.push(m));
    const original = console.log;
    let printed = 0;
    console.log = () => void printed++;
    try {
      CSL.debug('a warning');
    } finally {
      console.log = original;
      setCiteprocLogger(undefined);
    }
    assert.equal(printed, 0);
    assert.deepEqual(logged, ['a warning']);
  });

  it('markdown from citeproc HTML: italics kept, entities decoded, Markdown escaped', () => {
    assert.equal(htmlToMarkdown('<div class="csl-entry">A &#38; B. <i>Title_1</i> [x]</div>'), 'A & B. *Title\\_1* \\[x\\]');
  });
});

describe('cite (node): from a source to a citation, end to end', () => {
  const bib = loadBibliographies(['refs.bib'], { baseDir: FIX });
  const pdf = path.join(ROOT, 'test', 'fixtures', 'sources', 'polar-and-space.pdf');
  // The metadata the PDF reader gives for this file (its Title; it names no author).
  const source = { id: 'polar-and-space.pdf', path: pdf, kind: 'pdf', title: 'Demilitarized commons' };
  const library = buildCitationLibrary(bib, [source]);
  const { formatter } = createCitationFormatter({ items: library.entries.map((e) => e.item) });
  const ctx: CitationContext = { library, formatter };

  it('the PDF’s fact cites its entry (matched by the file field) in Chicago author-date with its page', () => {
    assert.equal(fs.existsSync(pdf), true);
    assert.deepEqual(library.bySource.get(source.id), { key: 'havel-commons', reason: 'file' });
    const r = renderCitation(ctx, { sourceId: source.id, page: 2 })!;
    assert.equal(r.text, '(Havel, n.d., 2)');
    assert.equal(r.bare, 'Havel, n.d., 2');
    assert.match(r.reference, /^Havel, S\. n\.d\. “Demilitarized Commons: Antarctica and Outer Space\.” Lecture handout\.$/);
  });

  it('"Insert citation" writes [@havel-commons, p. 2]; completion after [@ offers the entry; an unknown key is flagged', () => {
    const note = 'The Outer Space Treaty entered into force on 10 October 1967. More.';
    const fix = insertCitationAction(ctx, { text: note, languageId: 'markdown' }, 10, { sourceId: source.id, page: 2 })!;
    assert.deepEqual(fix.edits, [{ start: note.indexOf('. More'), end: note.indexOf('. More'), newText: ' [@havel-commons, p. 2]' }]);
    const typed = 'See [@hav';
    const items = citationCompletion(ctx, { text: typed, languageId: 'markdown' }, typed.length);
    assert.deepEqual(items.map((i) => i.label), ['havel-commons']);
    assert.equal(items[0].detail, 'Havel · Demilitarized Commons: Antarctica and Outer Space');
    const ds = citationDiagnostics(ctx, { text: 'As [@havel-comons, p. 2] says.', languageId: 'markdown' });
    assert.deepEqual(ds.map((d) => [d.code, d.fixes[0]?.edits[0].newText]), [['citekey-unknown', 'havel-commons']]);
    const h = citationHover(ctx, { text: 'As [@havel-commons, p. 2] says.', languageId: 'markdown' }, 8)!;
    assert.match(h.markdown, /\(Havel, n\.d\., 2\)/);
    assert.match(h.markdown, /refs\.bib:6/);
  });

  it('the bundled book’s chapters cite as contributions to the collection', () => {
    const seeds = path.join(ROOT, 'seeds');
    const bookBib = loadBibliographies(['bibliography.json'], { baseDir: seeds });
    assert.deepEqual(bookBib.problems, []);
    const manifest = JSON.parse(fs.readFileSync(path.join(seeds, 'manifest.json'), 'utf8'));
    const book = sourceInfoFromManifest(manifest);
    const lib = buildCitationLibrary(bookBib, [book]);
    const f = createCitationFormatter({ items: lib.entries.map((e) => e.item) }).formatter;
    const bctx: CitationContext = { library: lib, formatter: f };
    const r = renderCitation(bctx, { sourceId: book.id, chapter: manifest.chapters[5].title, pageLabel: '58' })!;
    assert.equal(r.text, '(Kazantsev 2009, 58)');
    assert.equal(
      r.reference,
      'Kazantsev, Andrey. 2009. “Post-Soviet Security Organizations With Russia’s Participation: Can the Culture of Free-Riding Be Overcome?” In International Security Organizations in Eurasia: Rivalry and Co-Operation. Centre for Euro-Atlantic Security, MGIMO.',
    );
    const apa = createCitationFormatter({ items: lib.entries.map((e) => e.item), style: 'apa' }).formatter;
    assert.match(apa.bibliography(['berniyazova2009'], 'text')[0], /^Berniyazova, A\. \(2009\)\. Kazakhstan’s Membership in the CSTO: .* In International security organizations in Eurasia: Rivalry and co-operation\. Centre for Euro-Atlantic Security, MGIMO\.$/);
  });
});
