// The note's timeline (features/overview.ts): the same entries as the plain reading of its rule
// (each date's problem is the first diagnostic that covers it; its context the words within 60
// characters on its line), in time linear in the note: the plain reading was quadratic on a note of
// thousands of dates (0.4 s at 100 KB, growing fourfold with each doubling).

import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { bookEngine, analyze, ROOT } from '../util';
import { noteTimeline, type TimelineEntry } from '../../server/src/core/features/overview';
import type { Engine } from '../../server/src/core/engine';
import type { Diagnostic } from '../../server/src/core/features/checks/types';
import type { Analysis } from '../../server/src/core/analysis';

/** The rule read plainly (the code before the linear version): the reference. */
function plainProblemsAndContexts(a: Analysis, diagnostics: readonly Diagnostic[], entries: TimelineEntry[]): { problem?: string; context: string }[] {
  return entries.map((x) => {
    const d = x.span!;
    const hit = diagnostics.find((y) => y.start <= d.start && y.end >= d.end && y.code !== 'date-ambiguous');
    const lineStart = a.text.lastIndexOf('\n', d.start - 1) + 1;
    let lineEnd = a.text.indexOf('\n', d.end);
    if (lineEnd < 0) lineEnd = a.text.length;
    const s = Math.max(lineStart, d.start - 60);
    const e = Math.min(lineEnd, d.end + 60);
    const context = `${s > lineStart ? '…' : ''}${a.text.slice(s, e).replace(/\s+/g, ' ').trim()}${e < lineEnd ? '…' : ''}`;
    return { problem: hit && `${hit.code}: ${hit.message}`, context };
  });
}

function check(engine: Engine, text: string): TimelineEntry[] {
  const a = analyze(engine, text);
  const entries = noteTimeline(engine, a, a.diagnostics);
  const expected = plainProblemsAndContexts(a, a.diagnostics, entries);
  entries.forEach((x, i) => {
    assert.equal(x.problem && `${x.problem.code}: ${x.problem.message}`, expected[i].problem, `problem of ${x.label} at ${x.span!.start}`);
    if (!x.entityId) assert.equal(x.event, expected[i].context, `context of ${x.label} at ${x.span!.start}`);
  });
  // Full dates (ISO days) compare as text; other precisions sort by their start, not checked here.
  const day = /^\d{4}-\d\d-\d\d$/;
  const days = entries.filter((x) => day.test(x.date));
  for (let i = 1; i < days.length; i++) assert.ok(days[i - 1].date <= days[i].date, `date order: ${days[i - 1].date} before ${days[i].date}`);
  return entries;
}

describe('note timeline', function () {
  this.timeout(60000);
  let engine: Engine;
  before(async () => {
    engine = await bookEngine();
  });

  it('agrees with the plain reading of its rule on the sample notes', () => {
    const dir = path.join(ROOT, 'test', 'fixtures', 'notes');
    let problems = 0;
    for (const f of fs.readdirSync(dir).filter((f) => /\.(md|txt|ent)$/.test(f))) problems += check(engine, fs.readFileSync(path.join(dir, f), 'utf8')).filter((x) => x.problem).length;
    assert.ok(problems > 0, 'some entries carry a problem');
  });

  it('agrees with it on random notes of dates, bodies and problems (fast-check)', () => {
    const piece = fc.constantFrom('The CSTO was founded on 7 October 2002. ', 'NATO in 1995 ', '30 February 2002 ', 'the range 2003–2001 ', 'Tuesday, 8 December 1991 ', '10/04/2004 ', 'The Collective Security Treaty was signed on 15 May 1993. ', 'the 1990s ', 'c. 1990 ', '\n', '\n\n', 'x'.repeat(70), '😀 ', 'In 1995 the SCO met. ');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        check(engine, parts.join(''));
      }),
      { numRuns: 150 },
    );
  });

  it('takes time linear in the dates of one long line (bounded safety test)', () => {
    const unit = 'NATO 1 JAN 1990 the range 2003–2001 and 30 February 2002 in 1995; ';
    const text = unit.repeat(Math.ceil(400_000 / unit.length));
    const a = analyze(engine, text);
    const t0 = performance.now();
    const entries = noteTimeline(engine, a, a.diagnostics);
    const ms = performance.now() - t0;
    assert.ok(entries.length > 15_000, `${entries.length} entries`);
    assert.ok(entries.some((x) => x.problem?.code === 'date-range-reversed'));
    assert.ok(ms < 1500, `${ms.toFixed(0)} ms for ${entries.length} entries`);
  });
});
