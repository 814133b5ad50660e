// The stepped analysis (Engine.analyzeStepped): what a server runs so that other requests are
// answered while a large note is analyzed. It must give exactly the one-go analysis, pause on a
// large note, compute one version once however many ask, and stop when a newer version comes.

import * as assert from 'node:assert/strict';
import { analyzeNote, ParagraphCache, STEP_CHARS } from '../../server/src/core/analysis';
import { Superseded, type Engine } from '../../server/src/core/engine';
import { BOOK_TEXT, bookEngine } from '../util';

const strip = (a: object) => JSON.parse(JSON.stringify(a, (k, v) => (k === 'lines' || k === 'placed' ? undefined : v)));

describe('stepped analysis', function () {
  this.timeout(30000);
  let engine: Engine;
  before(async () => {
    engine = await bookEngine();
  });
  // Paragraphs are cached engine-wide by their text: each case starts with none, so that it recognizes (and pauses).
  beforeEach(() => {
    (engine as unknown as { paragraphs: ParagraphCache }).paragraphs = new ParagraphCache();
  });

  // A note of book paragraphs, some repeated (cached after their first use), about 300 KB.
  const text = BOOK_TEXT.slice(20000, 180000) + '\n\nThe CSTO was founded on 30 February 2002.\n\n' + BOOK_TEXT.slice(20000, 160000);

  it('gives the one-go analysis, pausing between steps of a large note', async () => {
    let pauses = 0;
    const uri = 'test://stepped-equal.txt';
    const stepped = await engine.analyzeStepped({ uri, version: 1, text, languageId: 'plaintext' }, async () => void pauses++);
    const fresh = analyzeNote(engine.recognizers, { uri, version: 1, text, languageId: 'plaintext' }, new ParagraphCache());
    assert.deepEqual(strip(stepped), strip(fresh));
    assert.ok(pauses >= Math.floor(160000 / STEP_CHARS) - 1, `${pauses} pauses`);
    assert.equal(engine.analyze({ uri, version: 1, text, languageId: 'plaintext' }), stepped, 'cached like analyze()');
    engine.forget(uri);
  });

  it('computes one version once for every caller that asks while it runs', async () => {
    let pauses = 0;
    const uri = 'test://stepped-shared.txt';
    const note = { uri, version: 1, text: text.replace('CSTO', 'SCO'), languageId: 'plaintext' };
    const pause = async () => void pauses++;
    const [a, b] = await Promise.all([engine.analyzeStepped(note, pause), engine.analyzeStepped(note, pause)]);
    assert.equal(a, b);
    const once = pauses;
    engine.forget(uri);
    (engine as unknown as { paragraphs: ParagraphCache }).paragraphs = new ParagraphCache();
    pauses = 0;
    await engine.analyzeStepped({ ...note, text: note.text + ' ' }, pause);
    assert.ok(once > 0 && once <= pauses + 1, `shared run paused ${once} times, a single run ${pauses}`);
    engine.forget(uri);
  });

  it('stops an older version when a newer one starts; the newer one is cached', async () => {
    const uri = 'test://stepped-superseded.txt';
    const v1 = engine.analyzeStepped({ uri, version: 1, text: text + ' one', languageId: 'plaintext' }, () => new Promise((r) => setImmediate(r)));
    await new Promise((r) => setImmediate(r));
    const v2 = engine.analyzeStepped({ uri, version: 2, text: text + ' two', languageId: 'plaintext' }, () => new Promise((r) => setImmediate(r)));
    await assert.rejects(v1, (e: unknown) => e instanceof Superseded && e.version === 1);
    const a2 = await v2;
    assert.equal(a2.version, 2);
    assert.equal(engine.cachedAnalyses().find((a) => a.uri === uri), a2);
    engine.forget(uri);
  });
});
