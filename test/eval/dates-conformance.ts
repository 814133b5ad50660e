// The date conformance suite (test/fixtures/dates/conformance.json): cases extracted from the
// public tests of chrono-node and Duckling, scored for Entente's recognizer and, on the same cases,
// for chrono-node. `npm run eval` prints both; test/core/dates-conformance.test.ts holds the floors.

import * as fs from 'fs';
import * as path from 'path';
import { recognizeDates } from '../../server/src/core/dates/recognize';
import type { DateMention, DateOrder } from '../../server/src/core/types';

export type CaseKind = 'absolute' | 'yearless' | 'invalid' | 'non-date';

export interface ConformanceCase {
  text: string;
  kind: CaseKind;
  /** Entente's value grammar; yearless dates as "--08-10" / "--05". */
  value?: string;
  order?: DateOrder;
  note?: string;
  source: string;
}

export interface Suite {
  counts: Record<string, number>;
  leftOut: { relative: { count: number; why: string }; other: Record<string, number> };
  cases: ConformanceCase[];
}

/** What a recognizer reports on one case: the values it found and whether any was flagged impossible. */
export interface Found {
  values: string[];
  invalid: boolean;
  count: number;
}

export type Recognizer = (text: string, order: DateOrder | undefined) => Found;

export interface KindScore {
  total: number;
  /** absolute/yearless: a mention with the expected value; invalid: a mention flagged invalid; non-date: no mention. */
  right: number;
  /** absolute/yearless: some mention at all. */
  found: number;
  misses: ConformanceCase[];
}

export type Scores = Record<CaseKind, KindScore>;

const ROOT = path.join(__dirname, '..', '..', '..');

export function loadSuite(file = path.join(ROOT, 'test', 'fixtures', 'dates', 'conformance.json')): Suite {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Suite;
}

/** Entente's value of a mention, with a yearless mention written "--MM-DD". */
export function ententeValue(d: DateMention): string {
  return d.value;
}

export const entente: Recognizer = (text, order) => {
  const ms = recognizeDates(text, { order, yearless: true });
  return { values: ms.map(ententeValue), invalid: ms.some((m) => m.invalid !== undefined), count: ms.length };
};

export function score(suite: Suite, recognize: Recognizer): Scores {
  const s = {} as Scores;
  for (const k of ['absolute', 'yearless', 'invalid', 'non-date'] as const) s[k] = { total: 0, right: 0, found: 0, misses: [] };
  for (const c of suite.cases) {
    const b = s[c.kind];
    b.total++;
    const f = recognize(c.text, c.order);
    let ok: boolean;
    if (c.kind === 'non-date') ok = f.count === 0;
    else if (c.kind === 'invalid') ok = f.invalid;
    else ok = f.values.includes(c.value ?? '');
    if (f.count > 0) b.found++;
    if (ok) b.right++;
    else b.misses.push(c);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// chrono-node on the same cases

interface ChronoComponent {
  get(k: string): number | null;
  isCertain(k: string): boolean;
}
interface ChronoResult {
  start: ChronoComponent;
  end?: ChronoComponent | null;
}
interface ChronoParser {
  parse(text: string, ref?: Date): ChronoResult[];
}

function pad(n: number, w: number): string {
  const s = String(Math.abs(n)).padStart(w, '0');
  return n < 0 ? '-' + s : s;
}

function chronoPoint(c: ChronoComponent): string {
  const yearKnown = c.isCertain('year');
  const y = c.get('year') ?? 0;
  const head = yearKnown ? pad(y <= 0 ? y + 1 : y, 4) : '-';
  if (!c.isCertain('month')) return yearKnown ? head : '';
  const m = `${head}-${pad(c.get('month') ?? 0, 2)}`;
  return c.isCertain('day') ? `${m}-${pad(c.get('day') ?? 0, 2)}` : m;
}

/** chrono-node (a devDependency) as a Recognizer; undefined if it cannot be loaded. */
export function chronoRecognizer(): Recognizer | undefined {
  let mod: { strict: ChronoParser; en: { GB: ChronoParser } };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require('chrono-node');
  } catch {
    return undefined;
  }
  return (text, order) => {
    const parser = order === 'dmy' ? mod.en.GB : mod.strict;
    let rs: ChronoResult[] = [];
    try {
      rs = parser.parse(text, new Date(2012, 7, 10));
    } catch {
      rs = [];
    }
    const values = rs.map((r) => {
      const a = chronoPoint(r.start);
      const b = r.end ? chronoPoint(r.end) : '';
      return b && b !== a ? `${a}/${b}` : a;
    });
    // chrono-node drops impossible dates rather than flagging them.
    return { values, invalid: false, count: rs.length };
  };
}

function pct(a: number, b: number): string {
  return b ? `${((a / b) * 100).toFixed(1)}%` : 'n/a';
}

/** The lines `npm run eval` prints. */
export function report(): string[] {
  const suite = loadSuite();
  const mine = score(suite, entente);
  const chrono = chronoRecognizer();
  const theirs = chrono ? score(suite, chrono) : undefined;
  const out: string[] = [];
  out.push(`Date conformance suite: ${suite.cases.length} cases from chrono-node and Duckling tests (${suite.leftOut.relative.count} relative expressions left out)`);
  out.push('kind       | cases | Entente right  found  | chrono-node right  found');
  for (const k of ['absolute', 'yearless', 'invalid', 'non-date'] as const) {
    const a = mine[k];
    const b = theirs?.[k];
    const what = k === 'non-date' ? 'no hit' : k === 'invalid' ? 'flagged' : 'value';
    out.push(
      `${k.padEnd(10)} | ${String(a.total).padStart(5)} | ${what.padEnd(7)} ${pct(a.right, a.total).padStart(6)} ${pct(a.found, a.total).padStart(6)} | ${b ? `${pct(b.right, b.total).padStart(6)} ${pct(b.found, b.total).padStart(6)}` : 'not installed'}`,
    );
  }
  const misses = [...mine.absolute.misses, ...mine.yearless.misses, ...mine.invalid.misses, ...mine['non-date'].misses];
  if (misses.length) {
    out.push('Entente misses:');
    for (const c of misses) {
      const f = entente(c.text, c.order);
      out.push(`  ${c.kind}: ${JSON.stringify(c.text)} expected ${c.value ?? c.kind}, got ${f.values.length ? f.values.join(', ') : 'nothing'}${f.invalid ? ' (invalid)' : ''}`);
    }
  }
  return out;
}

if (require.main === module) console.log(report().join('\n'));
