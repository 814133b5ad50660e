// Golden snapshot: every entity and date recognized in the whole bundled corpus, in a readable
// caret format, so that every change in recognition shows in review.
// Update with: UPDATE_SNAPSHOTS=1 npm test   (or npx mocha out/test/core/snapshot.test.js)

import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { bookEngine, ROOT, BOOK } from '../util';
import type { Engine } from '../../server/src/core/engine';

const SNAPSHOT = path.join(ROOT, 'test', 'fixtures', 'corpus.snapshot.txt');

/** One block per corpus line with mentions: the line, then a caret line and a label per mention. */
export function renderSnapshot(engine: Engine): string {
  const a = engine.corpusAnalyses.find((x) => x.doc.id === BOOK)!;
  const doc = a.doc;
  const original = doc.text;
  const items = [
    ...a.entities.map((e) => ({ start: e.start, end: e.end, label: `${e.kind === 'organization' ? 'org' : 'treaty'} ${e.entityId}` })),
    ...a.dates.map((d) => ({ start: d.start, end: d.end, label: `date ${d.value}` })),
  ].sort((x, y) => x.start - y.start || x.end - y.end);
  const out: string[] = [`# ${items.length} mentions in ${BOOK} (${a.entities.length} entities, ${a.dates.length} dates)`];
  let i = 0;
  while (i < items.length) {
    const line = doc.lines.positionAt(items[i].start).line;
    const lineStart = doc.lines.lineStarts[line];
    const lineEnd = doc.lines.lineEnd(line);
    out.push(`${String(line + 1).padStart(4)}| ${original.slice(lineStart, lineEnd)}`);
    for (; i < items.length && doc.lines.positionAt(items[i].start).line === line; i++) {
      const it = items[i];
      const from = it.start - lineStart;
      const to = Math.min(it.end, lineEnd) - lineStart;
      const cont = it.end > lineEnd ? '…' : '';
      out.push(`    | ${' '.repeat(from)}${'^'.repeat(Math.max(1, to - from))}${cont} ${it.label}`);
    }
  }
  return out.join('\n') + '\n';
}

describe('golden snapshot of recognition over the bundled corpus', function () {
  this.timeout(20000);
  it('matches test/fixtures/corpus.snapshot.txt', async () => {
    const actual = renderSnapshot(await bookEngine());
    if (process.env.UPDATE_SNAPSHOTS) {
      fs.writeFileSync(SNAPSHOT, actual);
      return;
    }
    assert.ok(fs.existsSync(SNAPSHOT), 'no snapshot yet: run with UPDATE_SNAPSHOTS=1');
    const expected = fs.readFileSync(SNAPSHOT, 'utf8');
    if (actual !== expected) {
      // Show the first differing lines rather than two 300 KB strings.
      const a = actual.split('\n');
      const e = expected.split('\n');
      const k = a.findIndex((l, j) => l !== e[j]);
      assert.fail(`recognition changed (first difference at snapshot line ${k + 1}):\n- ${e.slice(k, k + 6).join('\n- ')}\n+ ${a.slice(k, k + 6).join('\n+ ')}\nIf the change is intended: UPDATE_SNAPSHOTS=1 npm test`);
    }
  });
});
