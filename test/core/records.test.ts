// The persisted index, one record per source (core/records.ts, core/load.ts): an unchanged corpus
// is restored without indexing, an unchanged file is not even read (its size and modification time
// find its record; its text is read when a feature needs it), one added source is the only one
// indexed unless it defines a new name, and a file changed behind the index's back reads as blanks.

import * as assert from 'node:assert/strict';
import { MemoryFileSystem, MemorySnapshotStore } from '../../server/src/core/host';
import { loadEngine, CATALOG } from '../../server/src/core/load';
import { compactLearned, expandEntity, packMentions, unpackMentions } from '../../server/src/core/records';
import { learnNames } from '../../server/src/core/knowledge/learn';
import { KnowledgeBase, MAX_DEFINITIONS } from '../../server/src/core/knowledge/kb';
import { LanguageService } from '../../server/src/core/service';
import { memoryFs, analyze, bookEngine } from '../util';

const A = 'The Arctic Research Forum (ARF) was founded on 3 March 1999 in Tromsø.\n\nThe ARF met in Oslo in 2000.\n';
const B = 'The ARF met again in 2001, with observers from the POC.\n';
const NO_NEW_NAME = 'The ARF met once more in 2005.\n';
const NEW_NAME = 'The Polar Ocean Council (POC) was founded on 9 June 2006.\n';

/** A disk-like file system: every file has a modification time. */
function disk(files: Record<string, string>): MemoryFileSystem {
  const fs = new MemoryFileSystem();
  for (const [p, c] of Object.entries(files)) fs.write(p, c, 1_700_000_000_000);
  return fs;
}

/** Counts the asynchronous reads of source files (the loader's). */
function countReads(fs: MemoryFileSystem): { n: number } {
  const count = { n: 0 };
  const read = fs.readFile.bind(fs);
  fs.readFile = async (p, o) => {
    if (p.startsWith('/c/')) count.n++;
    return read(p, o);
  };
  return count;
}

describe('persisted index records', () => {
  it('restores an unchanged corpus with the same knowledge, analysis and cards', async () => {
    const store = new MemorySnapshotStore();
    const first = await loadEngine({ fs: memoryFs(), bundledDir: '/seeds', snapshots: store });
    assert.equal(first.engine.restored, false);
    assert.equal(first.engine.indexedCount, 1);
    const writes = store.writes;
    assert.ok(writes >= 3, `${writes} records written (text, facts, mentions)`);
    const second = await loadEngine({ fs: memoryFs(), bundledDir: '/seeds', snapshots: store });
    assert.equal(second.engine.restored, true);
    assert.equal(second.engine.indexedCount, 0);
    assert.equal(store.writes, writes, 'nothing written again');
    const note = 'The CSTO and the Collective Security Treaty was signed on 15 May 1993; the SCO in 1995.';
    const strip = (e: typeof first.engine) => {
      const a = analyze(e, note);
      return JSON.stringify({ entities: a.entities, dates: a.dates, diagnostics: a.diagnostics });
    };
    assert.equal(strip(second.engine), strip(first.engine));
    assert.equal(second.engine.mentionCount('nato'), first.engine.mentionCount('nato'));
    assert.ok(first.engine.mentionCount('nato') > 10);
    assert.equal(second.engine.kb.entities.size, first.engine.kb.entities.size);
    assert.deepEqual(second.engine.kb.list().map((e) => e.events.length), first.engine.kb.list().map((e) => e.events.length));
    // References read the mentions record; they are the mentions found by indexing.
    const refs = (e: typeof first.engine) => e.mentionsOf('csto').map((m) => [m.doc.id, m.mention.start, m.mention.end, m.mention.form, m.mention.text]);
    assert.deepEqual(refs(second.engine), refs(first.engine));
    // Cards (descriptions are read from the defining passage when asked) are the same.
    const s1 = new LanguageService(first.engine);
    const s2 = new LanguageService(second.engine);
    for (const name of ['CSTO', 'Shanghai Cooperation Organization', 'GUAM']) assert.equal(s2.lookup(name)?.markdown, s1.lookup(name)?.markdown, name);
    const [d1, d2] = [first.engine.corpus.documents[0], second.engine.corpus.documents[0]];
    assert.equal(d2.normalized, d1.normalized);
    assert.deepEqual(d2.toNormalized, d1.toNormalized);
    assert.ok(d1.pages.length > 50, `${d1.pages.length} printed pages`);
    assert.deepEqual(d2.pages, d1.pages);
  });

  it('does not read an unchanged file at a restart; its text is read again when a feature needs it', async () => {
    const store = new MemorySnapshotStore();
    const files = { '/c/a.txt': A, '/c/b.txt': B };
    await loadEngine({ fs: disk(files), corpusPaths: ['/c'], snapshots: store });
    const fs = disk(files);
    const reads = countReads(fs);
    // Nothing is merged again either: the knowledge learning made is restored as it was.
    const merge = KnowledgeBase.prototype.merge;
    let merges = 0;
    KnowledgeBase.prototype.merge = function (this: KnowledgeBase, e) {
      merges++;
      return merge.call(this, e);
    };
    let loaded;
    try {
      loaded = await loadEngine({ fs, corpusPaths: ['/c'], snapshots: store });
    } finally {
      KnowledgeBase.prototype.merge = merge;
    }
    const { engine, problems } = loaded;
    assert.equal(merges, 0);
    assert.deepEqual(problems, []);
    assert.equal(engine.restored, true);
    assert.equal(reads.n, 0, 'no source file read');
    assert.equal(fs.syncReads, 0);
    assert.equal(engine.corpus.loadedCount, 0, 'no text in memory');
    const arf = engine.kb.resolveName('ARF')!;
    assert.ok(arf, 'learned from the record');
    assert.equal(engine.mentionCount(arf.id), 4);
    // A card cites the defining passage: the text is read then, and only that document's.
    const card = new LanguageService(engine).lookup('ARF')!.markdown;
    assert.match(card, /founded on 3 March 1999/);
    assert.equal(fs.syncReads, 1);
    assert.deepEqual(engine.corpus.documents.map((d) => d.isLoaded), [true, false]);
    assert.equal(engine.corpus.size, A.length + B.length);
  });

  it('indexes only an added source that defines no new name; all of them when it defines one', async () => {
    const store = new MemorySnapshotStore();
    const files: Record<string, string> = { '/c/a.txt': A, '/c/b.txt': B };
    await loadEngine({ fs: disk(files), corpusPaths: ['/c'], snapshots: store });
    files['/c/c.txt'] = NO_NEW_NAME;
    let fs = disk(files);
    let reads = countReads(fs);
    const plusOne = await loadEngine({ fs, corpusPaths: ['/c'], snapshots: store });
    assert.equal(plusOne.engine.indexedCount, 1);
    assert.equal(reads.n, 1, 'only the new file read');
    const arf = plusOne.engine.kb.resolveName('ARF')!;
    assert.equal(plusOne.engine.mentionCount(arf.id), 5);
    assert.ok(plusOne.engine.kb.get(arf.id)!.events.some((e) => e.date === '1999-03-03'), 'facts of the unchanged sources kept');
    // A source that defines a new name: the others may mention it ("the POC" in b.txt).
    files['/c/d.txt'] = NEW_NAME;
    fs = disk(files);
    reads = countReads(fs);
    const plusNew = await loadEngine({ fs, corpusPaths: ['/c'], snapshots: store });
    assert.equal(plusNew.engine.indexedCount, 4);
    assert.equal(reads.n, 1, 'the others are read again synchronously, from their records’ reload');
    const poc = plusNew.engine.kb.resolveName('POC')!;
    assert.ok(poc);
    assert.deepEqual([...new Set(plusNew.engine.mentionsOf(poc.id).map((m) => m.doc.id))], ['c/b.txt', 'c/d.txt']);
    // The same as a fresh index of the same files.
    const fresh = await loadEngine({ fs: disk(files), corpusPaths: ['/c'] });
    const view = (e: typeof fresh.engine) => JSON.stringify(e.kb.list().map((x) => [x.id, x.events.map((v) => [v.type, v.date, v.provenance.source])]));
    assert.equal(view(plusNew.engine), view(fresh.engine));
  });

  it('indexes a library one text at a time: each text is let go after it is read and read again to be indexed', async () => {
    const store = new MemorySnapshotStore();
    const fs = disk({ '/c/a.txt': A, '/c/b.txt': B, '/c/c.txt': NO_NEW_NAME });
    const { engine } = await loadEngine({ fs, corpusPaths: ['/c'], snapshots: store });
    assert.equal(engine.indexedCount, 3);
    assert.equal(fs.syncReads, 3, 'each text read again once, to be indexed');
    assert.equal(engine.corpus.loadedCount, 0, 'and let go');
    const arf = engine.kb.resolveName('ARF')!;
    assert.equal(engine.mentionCount(arf.id), 5);
    // The same knowledge as an index held in memory.
    const held = await loadEngine({ fs: memoryFs({ '/c/a.txt': A, '/c/b.txt': B, '/c/c.txt': NO_NEW_NAME }), corpusPaths: ['/c'] });
    const view = (e: typeof engine) => JSON.stringify(e.kb.list().map((x) => [x.id, x.name, x.acronyms, x.events.map((v) => [v.type, v.date, v.provenance.source])]));
    assert.equal(view(engine), view(held.engine));
  });

  it('finds a touched file (same text, new time) by its text, and indexes a changed one', async () => {
    const store = new MemorySnapshotStore();
    await loadEngine({ fs: disk({ '/c/a.txt': A }), corpusPaths: ['/c'], snapshots: store });
    const touched = new MemoryFileSystem();
    touched.write('/c/a.txt', A, 1_800_000_000_000);
    const t = await loadEngine({ fs: touched, corpusPaths: ['/c'], snapshots: store });
    assert.equal(t.engine.restored, true);
    const changed = new MemoryFileSystem();
    changed.write('/c/a.txt', A.replace('Arctic Research Forum (ARF)', 'Baltic Research Forum (BRF)'), 1_800_000_000_001);
    const c = await loadEngine({ fs: changed, corpusPaths: ['/c'], snapshots: store });
    assert.equal(c.engine.restored, false);
    assert.ok(c.engine.kb.resolveName('BRF'));
    assert.equal(c.engine.kb.resolveName('ARF'), undefined);
  });

  it('reads as blanks a file that changed after it was indexed, saying nothing false', async () => {
    const store = new MemorySnapshotStore();
    const files = { '/c/a.txt': A };
    await loadEngine({ fs: disk(files), corpusPaths: ['/c'], snapshots: store });
    const fs = disk(files);
    const { engine } = await loadEngine({ fs, corpusPaths: ['/c'], snapshots: store });
    // Changed behind the index's back (the file watcher would re-index): same time, other text.
    fs.write('/c/a.txt', 'Something else entirely.', 1_700_000_000_000);
    const doc = engine.corpus.documents[0];
    assert.equal(doc.normalized, ' '.repeat(A.length));
    assert.equal(doc.stale, true);
    assert.doesNotMatch(new LanguageService(engine).lookup('ARF')!.markdown, /Something else/);
  });

  it('reads every source at a rebuild, so a file changed with its time kept is indexed again', async () => {
    const store = new MemorySnapshotStore();
    await loadEngine({ fs: disk({ '/c/a.txt': A }), corpusPaths: ['/c'], snapshots: store });
    // Same size and time, other text: trusted by a restart, read by a rebuild.
    const fs = disk({ '/c/a.txt': A.replace('Arctic Research Forum (ARF)', 'Baltic Research Forum (BRF)') });
    const trusted = await loadEngine({ fs, corpusPaths: ['/c'], snapshots: store });
    assert.ok(trusted.engine.kb.resolveName('ARF'));
    const rebuilt = await loadEngine({ fs, corpusPaths: ['/c'], snapshots: store, readEverySource: true });
    assert.ok(rebuilt.engine.kb.resolveName('BRF'));
    assert.equal(rebuilt.engine.kb.resolveName('ARF'), undefined);
    // And what it found is what the next restart trusts.
    const next = await loadEngine({ fs, corpusPaths: ['/c'], snapshots: store });
    assert.ok(next.engine.kb.resolveName('BRF'));
  });

  it('keeps every text in memory where the host cannot read again (no modification times)', async () => {
    const store = new MemorySnapshotStore();
    await loadEngine({ fs: memoryFs({ '/c/a.txt': A }), corpusPaths: ['/c'], snapshots: store });
    const second = await loadEngine({ fs: memoryFs({ '/c/a.txt': A }), corpusPaths: ['/c'], snapshots: store });
    assert.equal(second.engine.restored, true);
    assert.equal(second.engine.corpus.documents.find((d) => d.id === 'c/a.txt')!.isLoaded, true);
  });

  it('keeps learned entities compact (no empty lists, passages in the source as numbers) and gives them back', async () => {
    const book = (await bookEngine()).corpus.documents[0];
    const learned = learnNames(book);
    assert.ok(learned.length > 20, `${learned.length} learned`);
    const compact = compactLearned(learned, book.id);
    assert.deepEqual((JSON.parse(JSON.stringify(compact)) as typeof compact).map((c) => expandEntity(c, book.id)), learned);
    assert.ok(JSON.stringify(compact).length < JSON.stringify(learned).length * 0.7, 'smaller');
  });

  it('keeps the first defining passages of a body every source defines, in corpus order', () => {
    const kb = new KnowledgeBase();
    const n = 3000;
    for (let i = 0; i < n; i++) {
      kb.merge({
        id: `learned:arf-${i}`, kind: 'organization', name: 'Arctic Research Forum', acronyms: ['ARF'], aliases: [], predecessors: [], successors: [], events: [], contextAliases: [], origin: 'learned',
        definitions: [{ origin: 'learned', source: { file: `c/s${i}.txt`, start: 10, end: 40 }, quote: 'Arctic Research Forum (ARF)' }, { origin: 'learned', source: { file: `c/s${i}.txt`, start: 900, end: 930 }, quote: 'Arctic Research Forum (ARF)' }],
      });
    }
    const e = kb.resolveName('ARF')!;
    assert.equal(kb.list().length, 1);
    assert.equal(e.definitions.length, MAX_DEFINITIONS);
    assert.deepEqual(e.definitions.slice(0, 3).map((d) => [d.source!.file, d.source!.start]), [['c/s0.txt', 10], ['c/s0.txt', 900], ['c/s1.txt', 10]]);
  });

  it('merges what many sources define exactly as merging every one of them would', async () => {
    // 40 sources defining the same bodies (passages fill up), some with another acronym or spelling
    // in between (so a later copy may merge into another entity than the first did).
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) {
      const variant = i % 7 === 3 ? 'The Arctic Research Forum (ARCF) met.\n\n' : i % 11 === 5 ? 'The Arctic Research Forums (ARF) met.\n\n' : '';
      files[`/c/s${String(i).padStart(2, '0')}.txt`] = `${variant}The Arctic Research Forum (ARF) was founded in 1999.\n\nThe Polar Ocean Council (POC) met; the Arctic Research Forum (ARF) too.\n`;
    }
    const { engine } = await loadEngine({ fs: disk(files), corpusPaths: ['/c'], snapshots: new MemorySnapshotStore() });
    // The reference: every source's names merged one by one.
    const kb = new KnowledgeBase();
    kb.addCatalog(CATALOG, engine.corpus);
    for (const doc of engine.corpus.documents) for (const l of learnNames(doc)) kb.merge(l);
    const names = (list: ReturnType<KnowledgeBase['list']>) => JSON.stringify(list.map((e) => [e.id, e.name, e.acronyms, e.aliases, e.descriptiveAliases, e.definitions.map((d) => d.source)]));
    assert.equal(names(engine.kb.list().map((e) => ({ ...e, events: [] }))), names(kb.list()));
    assert.equal(engine.kb.resolveName('ARF')!.definitions.length, MAX_DEFINITIONS);
  });

  it('packs mentions four numbers each and gives them back', () => {
    const mentions = [
      { entityId: 'nato', kind: 'organization' as const, start: 3, end: 7, form: 'acronym' as const, text: 'NATO' },
      { entityId: 'cst', kind: 'treaty' as const, start: 10, end: 20, form: 'name' as const, text: 'Collective' },
      { entityId: 'nato', kind: 'organization' as const, start: 30, end: 42, form: 'context' as const, text: 'the Alliance' },
    ];
    const rec = packMentions(mentions);
    assert.deepEqual(rec.ids, ['nato', 'cst']);
    assert.equal(rec.m.length, 12);
    const text = 'xxxNATOxxxCollectivexxxxxxxxxxthe Alliance';
    assert.deepEqual(unpackMentions(rec, (s, e) => text.slice(s, e)).map((m) => ({ ...m, text: m.text })), mentions);
  });
});
