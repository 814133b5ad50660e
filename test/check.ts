// check() helpers: a new test case is one annotated line. The markup is the dev notes' own
// (test/eval/annotated.ts): `[[org:csto|CSTO]]`, `[[date:1992-05-15|15 May 1992]]`, `⟦code⟧` after
// the thing a diagnostic is about, and `$0` for a cursor.

import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseAnnotated } from './eval/annotated';
import { analyze, cursor, ROOT, type CheckedNote } from './util';
import type { Engine } from '../server/src/core/engine';
import { LanguageService } from '../server/src/core/service';

/**
 * The diagnostics of an annotated note are exactly its `⟦code⟧` marks: each mark has a diagnostic
 * of that code ending where the mark stands (on the marked entity), and no other diagnostic of a
 * checked code is raised. Returns the analysis for further assertions.
 */
export function checkDiagnostics(engine: Engine, annotated: string, languageId = 'plaintext'): CheckedNote {
  const gold = parseAnnotated(annotated);
  const a = analyze(engine, gold.text, languageId);
  const found = a.diagnostics.map((d) => `${d.code}@${d.end}`);
  const expected = gold.diagnostics.map((g) => `${g.codes[0]}@${g.at}`);
  const describe = (xs: string[]) => xs.map((x) => {
    const [code, at] = x.split('@');
    return `${code} ending at “${gold.text.slice(Math.max(0, Number(at) - 20), Number(at))}”`;
  });
  assert.deepEqual(describe(found.sort()), describe(expected.sort()), `diagnostics of: ${gold.text}`);
  return a;
}

/** The entities and dates recognized are exactly the marked ones (kind, span, id or ISO value); `opt` marks may go either way. */
export function checkEntities(engine: Engine, annotated: string, languageId = 'plaintext'): CheckedNote {
  const gold = parseAnnotated(annotated);
  const a = analyze(engine, gold.text, languageId);
  const optional = new Set(gold.entities.filter((g) => g.kind === 'opt').map((g) => `${g.start}:${g.end}`));
  const got = [
    ...a.entities.map((e) => ({ s: e.start, line: `${e.kind === 'organization' ? 'org' : 'treaty'} ${JSON.stringify(e.text)} ${e.entityId}` })),
    ...a.dates.map((d) => ({ s: d.start, line: `date ${JSON.stringify(d.text)} ${d.invalid ? 'invalid' : d.value}` })),
  ]
    .filter((x) => ![...optional].some((o) => Number(o.split(':')[0]) === x.s))
    .sort((x, y) => x.s - y.s)
    .map((x) => x.line);
  const want = gold.entities
    .filter((g) => g.kind !== 'opt')
    .map((g) => `${g.kind} ${JSON.stringify(g.text)} ${g.value}`);
  assert.deepEqual(got, want, `recognition of: ${gold.text}`);
  return a;
}

/** The hover card at `$0`, through the language service as the adapters call it. */
export function hoverAt(engine: Engine, fixture: string, languageId = 'plaintext'): string | undefined {
  const { text, offset } = cursor(fixture);
  const service = new LanguageService(engine);
  const a = service.analyze({ uri: `test://hover-${Math.random()}`, version: 1, text, languageId });
  return service.hover(a, offset)?.markdown;
}

/**
 * A golden snapshot under test/fixtures/snapshots: compared with the stored text, or written when
 * UPDATE_SNAPSHOTS=1 (review the diff before committing it).
 */
export function matchSnapshot(name: string, actual: string): void {
  const file = path.join(ROOT, 'test', 'fixtures', 'snapshots', `${name}.md`);
  if (process.env.UPDATE_SNAPSHOTS === '1' || !fs.existsSync(file)) {
    if (!fs.existsSync(file) && process.env.CI) assert.fail(`snapshot ${name} is missing; run UPDATE_SNAPSHOTS=1 npm run test:fast and commit it`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `snapshot ${name} differs (UPDATE_SNAPSHOTS=1 rewrites it)`);
}
