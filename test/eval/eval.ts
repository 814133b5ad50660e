// `npm run eval`: scores recognition and date checks on the annotated notes, and lists every
// diagnostic raised when the whole bundled corpus is opened as a note.
//   node out/test/eval/eval.js [--notes DIR]... [--json FILE] [--quiet]
// Notes named *-own-corpus.* are checked with the folder own-corpus/ beside them added to the corpus.

import * as fs from 'fs';
import { computeDiagnostics } from '../../server/src/core/features/diagnostics';
import * as path from 'path';
import { report as conformanceReport } from './dates-conformance';
import { parseAnnotated, type Annotated, type GoldEntity } from './annotated';
import { NodeFileSystem, bundledCorpusDir } from '../../server/src/node/nodeFs';
import { loadEngine } from '../../server/src/core/load';
import type { Engine } from '../../server/src/core/engine';
import type { Analysis } from '../../server/src/core/analysis';
import { peerSystems, type PeerSystem } from './peers';

const CHECK_CODES = new Set(['date-invalid', 'date-conflict', 'date-inconsistent', 'anachronism', 'date-range-reversed', 'weekday-mismatch']);

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface EvalReport {
  notes: number;
  strict: Record<string, Counts & { p: number; r: number; f1: number }>;
  relaxed: Record<string, Counts & { p: number; r: number; f1: number }>;
  dateValues: { correct: number; total: number; accuracy: number };
  diagnostics: Counts & { p: number; r: number; f1: number };
  problems: string[];
  corpusDiagnostics?: { code: string; line: number; message: string }[];
  /** The same scores for the notes inside the bundled book and for those outside it. */
  scopes?: { book: EvalReport; open: EvalReport };
  /** Peers scored by the same code on the same notes. */
  peers?: Record<string, { book: EvalReport; open: EvalReport }>;
}

const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0 });
const score = (c: Counts) => {
  const p = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1;
  const r = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 1;
  return { ...c, p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
};

type PredKind = 'org' | 'treaty' | 'date' | 'programme';

/** Programmes and policies (Partnership for Peace, ESDP) are scored in a bucket of their own, never as treaties or organizations. */
function kindOf(k: string, programme?: boolean): PredKind {
  if (programme) return 'programme';
  return k === 'organization' ? 'org' : k === 'treaty' ? 'treaty' : 'date';
}

function accepts(gold: GoldEntity, kind: PredKind): boolean {
  if (gold.kind === 'opt') return true;
  if (gold.kind === 'any') return kind !== 'date';
  return gold.kind === kind;
}

/** Notes about bodies and treaties outside the bundled book: their file name says "open". */
export function isOpenWorld(file: string): boolean {
  return /open/.test(path.basename(file));
}

export function emptyReport(): EvalReport {
  return { notes: 0, strict: {}, relaxed: {}, dateValues: { correct: 0, total: 0, accuracy: 0 }, diagnostics: { ...zero(), p: 0, r: 0, f1: 0 }, problems: [] };
}

function finish(report: EvalReport): void {
  for (const k of Object.keys(report.strict)) report.strict[k] = { ...report.strict[k], ...score(report.strict[k]) };
  for (const k of Object.keys(report.relaxed)) report.relaxed[k] = { ...report.relaxed[k], ...score(report.relaxed[k]) };
  report.diagnostics = { ...report.diagnostics, ...score(report.diagnostics) };
  report.dateValues.accuracy = report.dateValues.total ? report.dateValues.correct / report.dateValues.total : 1;
}

export function scoreNote(engine: Engine, note: Annotated, uri: string, languageId: string, report: EvalReport, verbose: boolean): Analysis {
  const a = engine.analyze({ uri, version: 1, text: note.text, languageId });
  const predicted = [
    ...a.entities.map((e) => ({ kind: kindOf(e.kind, e.programme), start: e.start, end: e.end, value: e.entityId, text: e.text })),
    ...a.dates.map((d) => ({ kind: 'date' as const, start: d.start, end: d.end, value: d.value, text: d.text })),
  ];
  const line = (o: number) => a.lines.positionAt(o).line + 1;
  scoreSpans(note, predicted, line, uri, report);
  // Diagnostics: each marker needs one of its codes on its anchor; any other check is a false alarm.
  const diags = computeDiagnostics(engine, a, engine.settings.diagnostics).filter((d) => CHECK_CODES.has(d.code));
  const matched = new Set<number>();
  for (const g of note.diagnostics) {
    const span = g.anchor ?? { start: g.at, end: g.at };
    const hit = diags.findIndex((d, i) => !matched.has(i) && g.codes.includes(d.code) && d.start <= span.end && d.end >= span.start);
    if (hit >= 0) {
      matched.add(hit);
      // Other findings on the same anchor are not false alarms of their own.
      diags.forEach((d, i) => {
        if (d.start <= span.end && d.end >= span.start && g.codes.includes(d.code)) matched.add(i);
      });
      report.diagnostics.tp++;
    } else {
      report.diagnostics.fn++;
      report.problems.push(`${uri}:${line(g.at)}: missed diagnostic ${g.codes.join('|')}`);
    }
  }
  diags.forEach((d, i) => {
    if (matched.has(i)) return;
    report.diagnostics.fp++;
    report.problems.push(`${uri}:${line(d.start)}: false alarm ${d.code}: ${d.message}`);
  });
  if (verbose) process.stdout.write('.');
  return a;
}

export interface Predicted {
  kind: PredKind;
  start: number;
  end: number;
  value: string;
  text: string;
}

/** Entity and date spans against the gold, strict (same bounds) and relaxed (overlap): the one scorer of every system. */
export function scoreSpans(note: Annotated, predicted: Predicted[], line: (o: number) => number, uri: string, report: EvalReport): void {
  for (const mode of ['strict', 'relaxed'] as const) {
    const used = new Set<number>();
    for (const g of note.entities) {
      const k = g.kind === 'date' ? 'date' : g.kind === 'treaty' ? 'treaty' : 'org';
      const bucket = (report[mode][k] ??= { ...zero(), p: 0, r: 0, f1: 0 });
      const hit = predicted.findIndex((p, i) => !used.has(i) && accepts(g, p.kind) && (mode === 'strict' ? p.start === g.start && p.end === g.end : p.start < g.end && p.end > g.start));
      if (hit >= 0) {
        used.add(hit);
        if (g.kind !== 'opt') bucket.tp++;
        if (mode === 'strict' && g.kind === 'date') {
          report.dateValues.total++;
          if (predicted[hit].value === g.value) report.dateValues.correct++;
          else report.problems.push(`${uri}:${line(g.start)}: date “${g.text}” valued ${predicted[hit].value}, expected ${g.value}`);
        }
      } else if (g.kind !== 'opt') {
        bucket.fn++;
        if (mode === 'strict') report.problems.push(`${uri}:${line(g.start)}: missed ${g.kind} “${g.text}”${predicted.some((p) => p.start < g.end && p.end > g.start) ? ' (found with other bounds)' : ''}`);
        if (mode === 'strict' && g.kind === 'date') report.dateValues.total++;
      }
    }
    predicted.forEach((p, i) => {
      if (used.has(i)) return;
      const bucket = (report[mode][p.kind] ??= { ...zero(), p: 0, r: 0, f1: 0 });
      bucket.fp++;
      if (mode === 'strict' && !note.entities.some((g) => p.start < g.end && p.end > g.start)) report.problems.push(`${uri}:${line(p.start)}: unexpected ${p.kind} “${p.text}” (${p.value})`);
    });
  }
}

function notesIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.(txt|md)$/.test(f) && f !== 'README.md').map((f) => path.join(dir, f)) : [];
}

export async function runEval(dirs: string[], withCorpus: boolean, peers: PeerSystem[] = []): Promise<EvalReport> {
  const report = emptyReport();
  const scopes = { book: emptyReport(), open: emptyReport() };
  const peerReports = Object.fromEntries(peers.map((p) => [p.name, { book: emptyReport(), open: emptyReport() }]));
  const nodeFs = new NodeFileSystem();
  const base = await loadEngine({ fs: nodeFs, bundledDir: bundledCorpusDir() });
  for (const dir of dirs) {
    for (const file of notesIn(dir)) {
      let engine = base.engine;
      const own = path.join(dir, 'own-corpus');
      if (/own-corpus/.test(path.basename(file)) && fs.existsSync(own)) engine = (await loadEngine({ fs: nodeFs, bundledDir: bundledCorpusDir(), corpusPaths: [own] })).engine;
      // Notes on the user's own sources (PDF, Word, web pages) need those readers and that folder.
      if (/own-sources/.test(path.basename(file)) && !fs.existsSync(path.join(dir, 'own-sources'))) continue;
      const note = parseAnnotated(fs.readFileSync(file, 'utf8'));
      const uri = path.relative(process.cwd(), file);
      const languageId = file.endsWith('.md') ? 'markdown' : 'plaintext';
      const scope = isOpenWorld(file) ? 'open' : 'book';
      scoreNote(engine, note, uri, languageId, report, false);
      scoreNote(engine, note, uri, languageId, scopes[scope], false);
      report.notes++;
      scopes[scope].notes++;
      for (const p of peers) {
        const r = peerReports[p.name][scope];
        const a = engine.analyze({ uri, version: 1, text: note.text, languageId });
        scoreSpans(note, p.find(note.text), (o) => a.lines.positionAt(o).line + 1, uri, r);
        r.notes++;
      }
    }
  }
  finish(report);
  finish(scopes.book);
  finish(scopes.open);
  report.scopes = scopes;
  for (const p of Object.values(peerReports)) {
    finish(p.book);
    finish(p.open);
  }
  if (peers.length) report.peers = peerReports;
  if (withCorpus) {
    const doc = base.engine.corpus.documents.find((d) => d.source.bundled);
    if (doc) {
      const a = base.engine.analyze({ uri: 'corpus-as-note', version: 1, text: doc.text, languageId: 'plaintext' });
      report.corpusDiagnostics = computeDiagnostics(base.engine, a, base.engine.settings.diagnostics).filter((d) => d.code !== 'date-ambiguous').map((d) => ({ code: d.code, line: a.lines.positionAt(d.start).line + 1, message: d.message }));
    }
  }
  return report;
}

function pct(x: number): string {
  return (x * 100).toFixed(1).padStart(5) + '%';
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dirs: string[] = [];
  let jsonOut: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--notes') dirs.push(args[++i]);
    else if (args[i] === '--json') jsonOut = args[++i];
  }
  const root = path.join(__dirname, '..', '..', '..');
  if (!dirs.length) dirs.push(path.join(root, 'test', 'fixtures', 'dev-notes'), path.join(root, 'test', 'fixtures', 'notes'));
  const r = await runEval(dirs, true, peerSystems());
  const out: string[] = [];
  out.push(`Entente eval: ${r.notes} annotated notes (${r.scopes!.book.notes} inside the bundled book, ${r.scopes!.open.notes} outside it)`);
  out.push('');
  out.push('strict F1 (same bounds)       | inside the book        | outside the book');
  out.push('system               kind     | P      R      F1       | P      R      F1');
  const rows: [string, { book: EvalReport; open: EvalReport }][] = [['Entente', r.scopes!], ...Object.entries(r.peers ?? {})];
  for (const [name, sc] of rows) {
    for (const k of ['org', 'treaty']) {
      const b = sc.book.strict[k] ?? { ...zero(), ...score(zero()) };
      const o = sc.open.strict[k] ?? { ...zero(), ...score(zero()) };
      out.push(`${name.padEnd(20)} ${k.padEnd(8)} | ${pct(b.p)} ${pct(b.r)} ${pct(b.f1)}   | ${pct(o.p)} ${pct(o.r)} ${pct(o.f1)}`);
    }
  }
  out.push(`diagnostics inside the book: found ${r.scopes!.book.diagnostics.tp}, missed ${r.scopes!.book.diagnostics.fn}, false alarms ${r.scopes!.book.diagnostics.fp}; outside: found ${r.scopes!.open.diagnostics.tp}, missed ${r.scopes!.open.diagnostics.fn}, false alarms ${r.scopes!.open.diagnostics.fp}`);
  out.push('(programmes and policies are scored apart: a programme is neither an organization nor a treaty)');
  out.push('');
  out.push('All notes:');
  out.push('kind     | strict P  R      F1     | relaxed P  R      F1');
  for (const k of ['org', 'treaty', 'date']) {
    const s = r.strict[k];
    const x = r.relaxed[k];
    if (!s) continue;
    out.push(`${k.padEnd(8)} | ${pct(s.p)} ${pct(s.r)} ${pct(s.f1)} | ${pct(x.p)} ${pct(x.r)} ${pct(x.f1)}`);
  }
  out.push(`date values: ${r.dateValues.correct}/${r.dateValues.total} = ${pct(r.dateValues.accuracy)}`);
  out.push(`diagnostics: found ${r.diagnostics.tp}, missed ${r.diagnostics.fn}, false alarms ${r.diagnostics.fp} (P ${pct(r.diagnostics.p)}, R ${pct(r.diagnostics.r)})`);
  if (r.problems.length) {
    out.push('', 'Problems:');
    for (const p of r.problems) out.push('  ' + p);
  }
  if (r.corpusDiagnostics) {
    out.push('', `The bundled corpus opened as a note: ${r.corpusDiagnostics.length} diagnostics`);
    for (const d of r.corpusDiagnostics) out.push(`  line ${d.line}: ${d.code}: ${d.message}`);
  }
  out.push('', ...conformanceReport());
  console.log(out.join('\n'));
  if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(r, null, 2));
}

if (require.main === module) void main();
