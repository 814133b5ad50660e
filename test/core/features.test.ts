import * as assert from 'node:assert/strict';
import { bookEngine, engineWith, analyze, cursor, BOOK_TEXT } from '../util';
import { hover } from '../../server/src/core/features/hover';
import { definition, references, highlights } from '../../server/src/core/features/navigation';
import { completion, acronymActions, documentSymbols, workspaceSymbols, semanticTokens } from '../../server/src/core/features/writing';

async function at(fixture: string, languageId = 'plaintext') {
  const engine = await bookEngine();
  const { text, offset } = cursor(fixture);
  return { engine, a: analyze(engine, text, languageId), offset, text };
}

describe('hover', () => {
  it('counts one mention in the singular', async () => {
    const engine = await bookEngine();
    // A catalog body the book names once.
    const once = [...engine.kb.entities.values()].find((e) => engine.mentionCount(e.id) === 1 && /^[A-Z][A-Za-z ]+$/.test(e.name));
    assert.ok(once, 'the book names some body exactly once');
    const text = `The ${once.name} met.`;
    const h = hover(engine, analyze(engine, text), text.indexOf(once.name) + 1)!;
    assert.match(h.markdown, /(?<!\d)1 mention in the corpus/);
  });

  it('an organization: name, acronym, kind, dates with citations, predecessor, excerpt, mentions', async () => {
    const { engine, a, offset } = await at('The CS$0TO grew.');
    const h = hover(engine, a, offset)!;
    assert.equal(a.text.slice(h.start, h.end), 'CSTO');
    assert.match(h.markdown, /\*\*Collective Security Treaty Organization\*\* \(CSTO\)/);
    assert.match(h.markdown, /Organization/);
    assert.match(h.markdown, /In force: \*\*18 September 2003\*\*/);
    assert.match(h.markdown, /, p\. \d+/);
    assert.match(h.markdown, /Predecessor: CST/);
    assert.match(h.markdown, /\d{2,} mentions in the corpus/);
    assert.match(h.markdown, /The sources disagree on joined \(Uzbekistan\)/);
  });

  it('a treaty', async () => {
    const { engine, a, offset } = await at('The Founding$0 Act was a start.');
    const h = hover(engine, a, offset)!;
    assert.match(h.markdown, /Founding Act/);
    assert.match(h.markdown, /Treaty \/ document/);
    assert.match(h.markdown, /1997/);
  });

  it('a date: weekday, value and what the sources say happened then', async () => {
    const { engine, a, offset } = await at('On 12 Decem$0ber 2003 it happened.');
    const h = hover(engine, a, offset)!;
    assert.match(h.markdown, /Friday, 12 December 2003/);
    assert.match(h.markdown, /`2003-12-12`/);
    assert.match(h.markdown, /European Security Strategy|ESS/);
  });

  it('nothing on plain words', async () => {
    const { engine, a, offset } = await at('Plain wo$0rds.');
    assert.equal(hover(engine, a, offset), undefined);
  });
});

describe('definition, references, highlights', () => {
  it('lands on the defining phrase, with the whole mention as origin', async () => {
    const { engine, a, offset } = await at('The S$0CO met.');
    const d = definition(engine, a, offset)!;
    assert.deepEqual(d.origin, { start: 4, end: 7 });
    const t = d.targets[0];
    assert.equal(BOOK_TEXT.slice(t.selection.start, t.selection.end).replace(/\s+/g, ' '), 'Shanghai Cooperation Organization (SCO)');
    assert.ok(t.passage.start <= t.selection.start && t.passage.end >= t.selection.end);
  });

  it('a date jumps to the passages that speak of it', async () => {
    const { engine, a, offset } = await at('On 15 May 19$092 in Tashkent.');
    const d = definition(engine, a, offset)!;
    assert.ok(d.targets.length >= 1);
    assert.ok(d.targets.some((t) => /15 May 1992/.test(BOOK_TEXT.slice(t.passage.start, t.passage.end).replace(/\s+/g, ' '))));
  });

  it('references: corpus mentions and note mentions', async () => {
    const { engine, a } = await at('NATO and NATO again.$0');
    const refs = references(engine, 'nato', [a]);
    assert.equal(refs.filter((r) => !r.inCorpus).length, 2);
    assert.ok(refs.filter((r) => r.inCorpus).length > 150, `${refs.length} corpus mentions`);
  });

  it('highlights the same entity in the note', async () => {
    const { a, offset } = await at('The CS$0TO and the Collective Security Treaty Organization, not NATO.');
    assert.equal(highlights(a, offset).length, 2);
  });
});

describe('writing help', () => {
  it('completes names and acronyms from a prefix', async () => {
    const { engine, a, offset } = await at('The Coll$0');
    const items = completion(engine, a, offset);
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('Collective Security Treaty Organization'), labels.join(', '));
    const csto = items.find((i) => i.label === 'Collective Security Treaty Organization')!;
    assert.match(csto.detail, /CSTO/);
    assert.equal(a.text.slice(csto.replace.start, csto.replace.end), 'Coll');
  });

  it('offers to expand an acronym at its first use, and the reverse', async () => {
    const { engine, a } = await at('The CSTO met. Later the CSTO met again.$0');
    const fixes = acronymActions(engine, a, { start: 4, end: 4 });
    assert.equal(fixes[0].edits[0].newText, 'Collective Security Treaty Organization (CSTO)');
    const b = analyze(engine, 'The Collective Security Treaty Organization met.');
    const rev = acronymActions(engine, b, { start: 10, end: 10 });
    assert.ok(rev.some((f) => f.edits[0].newText === ' (CSTO)'));
  });

  it('outlines a note by section, in the heading hierarchy, without listing every mention', async () => {
    const { engine, a } = await at('# Eurasia\n\nThe CSTO in 2002.\n\n## Europe\n\nThe EU.\n\n### NATO\n\nIn 2004.\n\n## Asia\n\nThe SCO.\n\n# Annex\n\nNotes.$0', 'markdown');
    const outline = (xs: ReturnType<typeof documentSymbols>): unknown[] => xs.map((s) => (s.children.length ? [s.name, outline(s.children)] : s.name));
    const symbols = documentSymbols(engine, a);
    assert.deepEqual(outline(symbols), [['Eurasia', [['Europe', ['NATO']], 'Asia']], 'Annex']);
    // A section runs to the next heading of its level or higher.
    assert.equal(a.text.slice(symbols[0].range.start, symbols[0].range.end).trimEnd().split('\n').pop(), 'The SCO.');
  });

  it('searches the catalog and learned knowledge as workspace symbols', async () => {
    const engine = await bookEngine();
    assert.equal(workspaceSymbols(engine, 'csto')[0].id, 'csto');
    assert.ok(workspaceSymbols(engine, 'shanghai').some((e) => e.id === 'sco'));
  });

  it('semantic tokens for organizations, treaties and dates', async () => {
    const { engine, a } = await at('The CSTO, the Founding Act, 12 December 2003.$0');
    assert.deepEqual(semanticTokens(engine, a).map((t) => t.type), [0, 1, 2]);
  });
});

describe('a body only the user’s corpus defines', () => {
  it('gets a hover card and a definition into that corpus', async () => {
    const own = 'Regional notes\n\nThe Arctic Security Forum (ASF) was founded in Tromsø on 3 March 1998 by eight states.\n';
    const engine = await engineWith({ '/mine/arctic.txt': own });
    const { text, offset } = cursor('The AS$0F met in 1999.');
    const a = analyze(engine, text);
    const h = hover(engine, a, offset)!;
    assert.match(h.markdown, /Arctic Security Forum/);
    assert.match(h.markdown, /learned from your sources/);
    assert.match(h.markdown, /Founded: \*\*3 March 1998\*\*/);
    const d = definition(engine, a, offset)!;
    assert.equal(d.targets[0].file, 'arctic.txt');
    assert.equal(own.slice(d.targets[0].selection.start, d.targets[0].selection.end), 'Arctic Security Forum (ASF)');
    const wrong = analyze(engine, 'The ASF was founded in 1997.');
    assert.deepEqual(wrong.diagnostics.map((x) => x.code), ['date-conflict']);
  });
});
