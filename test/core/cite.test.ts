// The pure citation core: citekey scanning, front matter, note formats, the insert-citation edit,
// file fields, entry matching, entries made from metadata, and LaTeX masking.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { scanPandocCitekeys, scanLatexCitekeys, citekeyPrefixAt, markdownSkipSpans, pandocCitationSpans } from '../../server/src/core/cite/citekeys';
import { readFrontMatter } from '../../server/src/core/cite/frontmatter';
import { detectNoteFormat, insertCitationEdits, sentenceEnd, citationMarkup, type TextEdit } from '../../server/src/core/cite/insert';
import { parseFileField, matchEntry, entryFromSource, makeKey, cslName, sharedTail, normalizeDoi } from '../../server/src/core/cite/match';
import { maskLatex, latexCitationFlavor } from '../../server/src/core/cite/latex';
import { parseLocator } from '../../server/src/core/cite/library';
import type { BibEntry, CslItem } from '../../server/src/core/cite/types';

export function apply(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

function entry(item: Partial<CslItem> & { id: string }, files: string[] = []): BibEntry {
  return { key: item.id, item: { type: 'book', ...item } as CslItem, files };
}

describe('cite: citekeys in Markdown (Pandoc syntax)', () => {
  it('finds bare, bracketed, multiple, suppressed and braced keys with their locators', () => {
    const text = 'As @doe99 says [see @kazantsev2009, p. 47; -@roe2001, chap. 3] and [@{odd key 1}].';
    const refs = scanPandocCitekeys(text);
    assert.deepEqual(refs.map((r) => r.key), ['doe99', 'kazantsev2009', 'roe2001', 'odd key 1']);
    assert.equal(text.slice(refs[1].start, refs[1].end), 'kazantsev2009');
    assert.equal(refs[0].group, undefined);
    assert.equal(refs[1].locator, 'p. 47');
    assert.equal(refs[2].locator, 'chap. 3');
    assert.equal(refs[2].suppressAuthor, true);
    assert.equal(text.slice(refs[1].group!.start, refs[1].group!.end), '[see @kazantsev2009, p. 47; -@roe2001, chap. 3]');
  });

  it('keeps internal punctuation, drops trailing punctuation', () => {
    const refs = scanPandocCitekeys('See @smith:2004.b, and @jones-2010.');
    assert.deepEqual(refs.map((r) => r.key), ['smith:2004.b', 'jones-2010']);
  });

  it('ignores e-mail addresses, code spans, fenced code, comments, front matter and links', () => {
    const text = [
      '---',
      'author: someone@example.org',
      'bibliography: refs.bib',
      '---',
      'Write to me@example.org or `@notakey` here.',
      '```',
      '@decorator',
      '```',
      '<!-- @hidden -->',
      '[@linked](https://example.org) and [@real].',
    ].join('\n');
    assert.deepEqual(scanPandocCitekeys(text).map((r) => r.key), ['linked', 'real']);
    const real = scanPandocCitekeys(text)[1];
    assert.ok(real.group, 'a bracket group');
    assert.equal(scanPandocCitekeys(text)[0].group, undefined, 'a link is not a citation group');
    assert.ok(markdownSkipSpans(text).length >= 4);
  });

  it('the spans citations occupy, for masking them out of prose', () => {
    const text = 'As @doe99 says [see @a, p. 4; @b] and -@c, not me@x.org.';
    assert.deepEqual(pandocCitationSpans(text).map((s) => text.slice(s.start, s.end)), ['@doe99', '[see @a, p. 4; @b]', '-@c']);
  });

  it('completion context after "@" and "[@", not inside a word', () => {
    const t1 = 'As shown [@kaz';
    const c1 = citekeyPrefixAt(t1, t1.length)!;
    assert.equal(c1.typed, 'kaz');
    assert.equal(c1.bracketed, true);
    assert.equal(t1.slice(c1.replace.start, c1.replace.end), 'kaz');
    const t2 = 'Cite @';
    assert.deepEqual(citekeyPrefixAt(t2, t2.length)!.replace, { start: 6, end: 6 });
    assert.equal(citekeyPrefixAt('mail me@exa', 11), undefined);
    assert.equal(citekeyPrefixAt('no at here', 5), undefined);
  });
});

describe('cite: citekeys in LaTeX', () => {
  it('every key of \\cite-family commands, with the locator; comments excluded', () => {
    const text = 'Text \\autocite[see][47]{kazantsev2009, roe2001} and \\citep{a}.\n% \\cite{commented}\nAlso 50\\% \\cite[p.~3]{b}.';
    const refs = scanLatexCitekeys(text);
    assert.deepEqual(refs.map((r) => r.key), ['kazantsev2009', 'roe2001', 'a', 'b']);
    assert.equal(text.slice(refs[1].start, refs[1].end), 'roe2001');
    assert.equal(refs[0].locator, '47');
    assert.equal(refs[3].locator, 'p. 3');
  });
});

describe('cite: front matter', () => {
  it('reads a scalar, a flow list, a block list, csl and lang, with the paths’ spans', () => {
    const one = '---\ntitle: X\nbibliography: refs.bib\ncsl: apa.csl\nlang: en-GB\n---\nBody';
    const f = readFrontMatter(one)!;
    assert.deepEqual(f.bibliography.map((b) => b.path), ['refs.bib']);
    assert.equal(one.slice(f.bibliography[0].start, f.bibliography[0].end), 'refs.bib');
    assert.equal(f.csl, 'apa.csl');
    assert.equal(f.lang, 'en-GB');
    const flow = '---\nbibliography: [a.bib, "b c.json"]\n---\n';
    const ff = readFrontMatter(flow)!;
    assert.deepEqual(ff.bibliography.map((b) => b.path), ['a.bib', 'b c.json']);
    assert.equal(flow.slice(ff.bibliography[1].start, ff.bibliography[1].end), 'b c.json');
    const block = '---\nbibliography:\n  - one.bib\n  - \'two.json\'\ntitle: T\n---\n';
    assert.deepEqual(readFrontMatter(block)!.bibliography.map((b) => b.path), ['one.bib', 'two.json']);
    assert.equal(readFrontMatter('No front matter\nbibliography: x.bib'), undefined);
  });
});

describe('cite: the note’s citation format', () => {
  it('Markdown: Pandoc with a bibliography or existing citations, footnotes without', () => {
    assert.equal(detectNoteFormat({ text: 'Plain prose.', languageId: 'markdown' }, true), 'pandoc');
    assert.equal(detectNoteFormat({ text: 'Plain prose.', languageId: 'markdown' }, false), 'markdown-footnote');
    assert.equal(detectNoteFormat({ text: '---\nbibliography: r.bib\n---\nText.', languageId: 'markdown' }, false), 'pandoc');
    assert.equal(detectNoteFormat({ text: 'As [@a] shows.', languageId: 'markdown' }, false), 'pandoc');
  });

  it('LaTeX: biblatex, natbib or plain \\cite; by language id or file name', () => {
    assert.equal(detectNoteFormat({ text: '\\usepackage[style=authoryear]{biblatex}', languageId: 'latex' }, false), 'latex-biblatex');
    assert.equal(detectNoteFormat({ text: '\\usepackage{natbib}', languageId: 'plaintext', uri: 'file:///p/paper.tex' }, false), 'latex-cite');
    assert.equal(detectNoteFormat({ text: 'See \\cite{a}.\n\\bibliography{refs}', languageId: 'latex' }, false), 'latex-cite');
    assert.equal(latexCitationFlavor('\\addbibresource{refs.bib}'), 'biblatex');
    assert.equal(latexCitationFlavor('\\citet{a}'), 'natbib');
  });

  it('plain text: numbered notes, or footnotes when it already uses [^n]', () => {
    assert.equal(detectNoteFormat({ text: 'Prose.', languageId: 'plaintext' }, true), 'plain-numbered');
    assert.equal(detectNoteFormat({ text: 'Prose.[^1]\n\n[^1]: A note.', languageId: 'plaintext' }, true), 'markdown-footnote');
  });
});

describe('cite: insert citation', () => {
  const c = { key: 'kazantsev2009', locator: '47', label: 'page' as const, noteText: 'Kazantsev 2009, 47.' };

  it('sentence ends skip abbreviations, initials and decimals', () => {
    const t = 'The U.S. and e.g. J. Smith paid 3.5 million. Next one.';
    const e = sentenceEnd(t, 0);
    assert.equal(t.slice(0, e.stop), 'The U.S. and e.g. J. Smith paid 3.5 million');
    assert.equal(e.hasStop, true);
    const para = 'A sentence without a stop\n\nNext paragraph.';
    assert.equal(para.slice(0, sentenceEnd(para, 3).stop), 'A sentence without a stop');
  });

  it('Pandoc: before the final stop of the sentence holding the fact', () => {
    const t = 'The CSTO was founded in 2002. It grew.';
    assert.equal(apply(t, insertCitationEdits(t, 'pandoc', 4, c)), 'The CSTO was founded in 2002 [@kazantsev2009, p. 47]. It grew.');
    const q = 'He called it “a free ride.” Then more.';
    assert.equal(apply(q, insertCitationEdits(q, 'pandoc', 3, c)), 'He called it “a free ride.” [@kazantsev2009, p. 47] Then more.');
    const end = 'No stop at the end';
    assert.equal(apply(end, insertCitationEdits(end, 'pandoc', 0, c)), 'No stop at the end [@kazantsev2009, p. 47]');
  });

  it('Pandoc: joins a citation group already closing the sentence, and adds nothing twice', () => {
    const t = 'Founded in 2002 [@roe2001, p. 3].';
    const once = apply(t, insertCitationEdits(t, 'pandoc', 0, c));
    assert.equal(once, 'Founded in 2002 [@roe2001, p. 3; @kazantsev2009, p. 47].');
    assert.deepEqual(insertCitationEdits(once, 'pandoc', 0, c), []);
  });

  it('LaTeX: \\autocite[47]{key} with biblatex, ~\\cite[p.~47]{key} with natbib or plain BibTeX', () => {
    const t = 'The CSTO was founded in 2002. Next.';
    assert.equal(apply(t, insertCitationEdits(t, 'latex-biblatex', 0, c)), 'The CSTO was founded in 2002 \\autocite[47]{kazantsev2009}. Next.');
    assert.equal(apply(t, insertCitationEdits(t, 'latex-cite', 0, c)), 'The CSTO was founded in 2002~\\cite[p.~47]{kazantsev2009}. Next.');
    assert.equal(citationMarkup('latex-cite', { key: 'a', locator: '47-49' }), '\\cite[pp.~47--49]{a}');
    assert.equal(citationMarkup('pandoc', { key: 'a', locator: '47–49' }), '[@a, pp. 47–49]');
    assert.equal(citationMarkup('latex-biblatex', { key: 'a' }), '\\autocite{a}');
  });

  it('Markdown footnote: the next number after the stop, the definition at the end', () => {
    const t = 'First claim.[^1] The CSTO was founded in 2002. Next.\n\n[^1]: Earlier note.\n';
    const out = apply(t, insertCitationEdits(t, 'markdown-footnote', 20, c));
    assert.equal(out, 'First claim.[^1] The CSTO was founded in 2002.[^2] Next.\n\n[^1]: Earlier note.\n[^2]: Kazantsev 2009, 47.\n');
    const bare = 'The CSTO was founded in 2002.';
    assert.equal(apply(bare, insertCitationEdits(bare, 'markdown-footnote', 0, c)), 'The CSTO was founded in 2002.[^1]\n\n[^1]: Kazantsev 2009, 47.\n');
  });

  it('plain text: a numbered note and a Notes list, extended when it exists', () => {
    const t = 'The CSTO was founded in 2002. Next.\n';
    const once = apply(t, insertCitationEdits(t, 'plain-numbered', 0, c));
    assert.equal(once, 'The CSTO was founded in 2002.[1] Next.\n\nNotes\n[1] Kazantsev 2009, 47.\n');
    const twice = apply(once, insertCitationEdits(once, 'plain-numbered', 31, { ...c, noteText: 'Roe 2001, 3.' }));
    assert.equal(twice, 'The CSTO was founded in 2002.[1] Next.[2]\n\nNotes\n[1] Kazantsev 2009, 47.\n[2] Roe 2001, 3.\n');
  });

  it('the edits only insert: removing the inserted text gives the note back', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.nat(), fc.constantFrom('pandoc', 'latex-biblatex', 'latex-cite', 'markdown-footnote', 'plain-numbered'), (text, at, format) => {
        const edits = insertCitationEdits(text, format as any, at % (text.length + 1), c);
        for (const e of edits) assert.equal(e.start, e.end);
        let out = text;
        const sorted = [...edits].sort((a, b) => b.start - a.start);
        for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
        // Undo: remove the inserted texts, last first in the output's coordinates.
        let shift = 0;
        const asc = [...edits].sort((a, b) => a.start - b.start).map((e) => {
          const s = e.start + shift;
          shift += e.newText.length;
          return { s, len: e.newText.length };
        });
        for (const u of asc.reverse()) out = out.slice(0, u.s) + out.slice(u.s + u.len);
        assert.equal(out, text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('cite: file fields', () => {
  it('JabRef, Mendeley, Zotero, Better BibTeX and path;mime forms', () => {
    assert.deepEqual(parseFileField(':C\\:/Users/me/papers/polar-and-space.pdf:PDF'), ['C:/Users/me/papers/polar-and-space.pdf']);
    assert.deepEqual(parseFileField(':home/me/a.pdf:pdf'), ['home/me/a.pdf']);
    assert.deepEqual(parseFileField('Full Text PDF:/home/u/Zotero/storage/AB12/a.pdf:application/pdf;Snapshot:/home/u/Zotero/storage/AB12/s.html:text/html'), [
      '/home/u/Zotero/storage/AB12/a.pdf',
      '/home/u/Zotero/storage/AB12/s.html',
    ]);
    assert.deepEqual(parseFileField('/home/u/Zotero/storage/X/a.pdf;/home/u/b.docx'), ['/home/u/Zotero/storage/X/a.pdf', '/home/u/b.docx']);
    assert.deepEqual(parseFileField('papers/a.pdf;application/pdf'), ['papers/a.pdf']);
    assert.deepEqual(parseFileField('C:\\Users\\me\\a.pdf'), ['C:\\Users\\me\\a.pdf']);
  });

  it('paths agree by their trailing components', () => {
    assert.equal(sharedTail('../sources/polar-and-space.pdf', '/w/test/fixtures/sources/polar-and-space.pdf'), 2);
    assert.equal(sharedTail('C:\\x\\a.PDF', '/y/a.pdf'), 1);
    assert.equal(sharedTail('/x/a.pdf', '/x/b.pdf'), 0);
  });
});

describe('cite: matching entries to sources', () => {
  const entries = [
    entry({ id: 'havel', title: 'Demilitarized Commons: Antarctica and Outer Space', author: [{ family: 'Havel', given: 'S.' }] }, ['../sources/polar-and-space.pdf']),
    entry({ id: 'allison2008', title: 'Virtual Regionalism', DOI: '10.1080/02634930802355121', author: [{ family: 'Allison', given: 'Roy' }] }),
    entry({ id: 'brief', title: 'Mercosur at a glance', URL: 'https://example.org/briefs/mercosur/' }),
    entry({ id: 'roe2001', title: 'Peacekeeping in Lebanon', author: [{ family: 'Roe', given: 'Richard' }], issued: { 'date-parts': [[2001]] } }),
  ];

  it('by file, DOI, URL, title and author', () => {
    assert.deepEqual(matchEntry(entries, { id: 'p', path: '/lib/sources/polar-and-space.pdf' }), { entry: entries[0], reason: 'file' });
    assert.equal(matchEntry(entries, { id: 'd', doi: 'https://doi.org/10.1080/02634930802355121' })?.entry.key, 'allison2008');
    assert.equal(matchEntry(entries, { id: 'u', url: 'http://www.example.org/briefs/mercosur' })?.entry.key, 'brief');
    assert.deepEqual(matchEntry(entries, { id: 't', title: 'Peacekeeping in Lebanon', author: ['Richard Roe'], date: '2001-05' }), { entry: entries[3], reason: 'title-author' });
    assert.equal(matchEntry(entries, { id: 's', title: 'Demilitarized commons', author: ['S. Havel'] })?.entry.key, undefined, 'a title that is only a prefix of two words does not match');
  });

  it('not when the author or the year disagrees, nor a bare title shared by nothing', () => {
    assert.equal(matchEntry(entries, { id: 't', title: 'Peacekeeping in Lebanon', author: ['Jane Doe'] }), undefined);
    assert.equal(matchEntry(entries, { id: 't', title: 'Peacekeeping in Lebanon', author: ['Richard Roe'], date: '1990' }), undefined);
    assert.equal(matchEntry(entries, { id: 't', title: 'Something else entirely' }), undefined);
    assert.equal(normalizeDoi('doi: 10.1/ABC'), '10.1/abc');
  });

  it('an entry made from metadata: type, names, date, a unique authoryear key', () => {
    const taken = new Set(['havel2026']);
    const e = entryFromSource({ id: 'x', path: '/lib/x.pdf', kind: 'pdf', title: 'Demilitarized commons', author: ['S. Havel'], date: '2026-12-01' }, taken);
    assert.equal(e.key, 'havel2026a');
    assert.deepEqual(e.item.author, [{ family: 'Havel', given: 'S.' }]);
    assert.deepEqual(e.item.issued, { 'date-parts': [[2026, 12, 1]] });
    assert.equal(e.item.type, 'document');
    assert.deepEqual(e.files, ['/lib/x.pdf']);
    const untitled = entryFromSource({ id: 'y', path: 'notes/peace-keeping_report.docx', kind: 'docx' }, new Set());
    assert.equal(untitled.item.title, 'peace keeping report');
    assert.equal(untitled.item.type, 'manuscript');
    assert.equal(makeKey({ title: 'The Outer Space Treaty' }, new Set()), 'outer');
    assert.deepEqual(cslName('Kazantsev, Andrey'), { family: 'Kazantsev', given: 'Andrey' });
    assert.deepEqual(cslName('Ursula von der Leyen'), { family: 'von der Leyen', given: 'Ursula' });
    assert.deepEqual(cslName('United Nations Office for Outer Space Affairs'), { literal: 'United Nations Office for Outer Space Affairs' });
  });

  it('locators', () => {
    assert.deepEqual(parseLocator('p. 47'), { locator: '47', label: 'page' });
    assert.deepEqual(parseLocator('pp. 47–49'), { locator: '47–49', label: 'page' });
    assert.deepEqual(parseLocator('chap. 3'), { locator: '3', label: 'chapter' });
    assert.deepEqual(parseLocator('xii'), { locator: 'xii', label: 'page' });
  });
});

describe('cite: maskLatex', () => {
  const doc = [
    '\\documentclass{article}',
    '\\usepackage[style=authoryear]{biblatex}',
    '\\addbibresource{refs.bib}',
    '\\begin{document}',
    '\\section{The CSTO after 2002}\\label{sec:csto}',
    'The \\emph{Collective Security Treaty} was signed in 1992~\\autocite[47]{kazantsev2009}. % signed 15 May',
    'Its budget grew by 50\\% when $x^2 + 1992$ and \\[ \\sum_{i=1}^{2003} i \\] were computed.',
    '\\begin{equation}',
    'E = mc^2, 2003',
    '\\end{equation}',
    'See \\href{https://example.org/2001}{the 2001 report} and \\url{https://x.org/1999}.',
    '\\end{document}',
  ].join('\n');

  it('keeps length and line breaks; prose words stay where they were', () => {
    const m = maskLatex(doc);
    assert.equal(m.length, doc.length);
    assert.deepEqual([...m].map((ch, i) => (ch === '\n' ? i : -1)).filter((i) => i >= 0), [...doc].map((ch, i) => (ch === '\n' ? i : -1)).filter((i) => i >= 0));
    for (const word of ['The CSTO after 2002', 'Collective Security Treaty', 'was signed in 1992', 'Its budget grew by 50', 'the 2001 report', 'were computed.']) {
      const i = doc.indexOf(word);
      assert.equal(m.slice(i, i + word.length), word, word);
    }
    const pct = doc.indexOf('50\\%');
    assert.equal(m.slice(pct, pct + 4), '50 %', 'an escaped percent sign is prose');
  });

  it('blanks the preamble, commands, keys, labels, comments, math and URLs', () => {
    const m = maskLatex(doc);
    for (const gone of ['documentclass', 'biblatex', 'refs.bib', 'section', 'sec:csto', 'emph', 'autocite', 'kazantsev2009', '[47]', 'signed 15 May', 'x^2', '1992$', 'sum_', '2003', 'mc^2', 'https://example.org/2001', 'https://x.org/1999', 'end{document}']) {
      assert.ok(!m.includes(gone), gone);
    }
    assert.ok(!/[{}\\]/.test(m), 'no braces or backslashes left');
  });

  it('never changes length or line breaks, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('\\', '{', '}', '[', ']', '$', '%', '\n', 'a', ' ', 'b', 'e', 'g', 'i', 'n', '(', ')', '~', 'c', 't'), maxLength: 200 }), (s) => {
        const m = maskLatex(s);
        assert.equal(m.length, s.length);
        for (let i = 0; i < s.length; i++) if (s[i] === '\n' || m[i] === '\n') assert.equal(m[i], s[i]);
      }),
      { numRuns: 500 },
    );
  });

  it('is linear: four times the text takes about four times as long, not sixteen', () => {
    const unit = 'Text \\emph{a} $x$ \\cite[p.~1]{k} % c\n{ [ \\( y \\) \\verb|z| ';
    // CPU time of this process, best of three: other processes on a shared machine do not count.
    const time = (bytes: number) => {
      const big = unit.repeat(Math.ceil(bytes / unit.length));
      let best = Infinity;
      for (let r = 0; r < 3; r++) {
        const t0 = process.cpuUsage();
        assert.equal(maskLatex(big).length, big.length);
        const d = process.cpuUsage(t0);
        best = Math.min(best, (d.user + d.system) / 1000);
      }
      return best;
    };
    const small = time(100_000);
    const large = time(400_000);
    assert.ok(large < small * 10 + 30, `${small.toFixed(1)} ms for 100 kB, ${large.toFixed(1)} ms for 400 kB`);
  });
});
