// Peers on the same texts in the same run: chrono-node (devDependency) for dates, and compromise +
// compromise-dates (installed on demand into .bench/peers/, never into package.json) for
// organizations and dates. Throughput beside Entente's, and F1 on the annotated notes.

import { execFileSync } from 'child_process';
import { createRequire } from 'module';
import * as fs from 'fs';
import * as path from 'path';
import { BENCH, ROOT, RUNS, core, repeat, median, log, require } from './lib.mjs';

const PEERS = path.join(BENCH, 'peers');
const REF_DATE = new Date(2009, 0, 1); // the book's year: chrono resolves "June" against it

function loadCompromise() {
  const main = path.join(PEERS, 'node_modules', 'compromise');
  if (!fs.existsSync(main) || !fs.existsSync(path.join(PEERS, 'node_modules', 'compromise-dates'))) {
    log('peers: installing compromise + compromise-dates into .bench/peers (npm install --no-save)');
    fs.mkdirSync(PEERS, { recursive: true });
    if (!fs.existsSync(path.join(PEERS, 'package.json'))) fs.writeFileSync(path.join(PEERS, 'package.json'), '{"name":"entente-bench-peers","private":true}\n');
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', PEERS, 'compromise', 'compromise-dates'], { stdio: 'inherit' });
  }
  const req = createRequire(path.join(PEERS, 'package.json'));
  const nlp = req('compromise');
  nlp.plugin(req('compromise-dates'));
  const version = (p) => JSON.parse(fs.readFileSync(path.join(PEERS, 'node_modules', p, 'package.json'), 'utf8')).version;
  return { nlp, versions: { compromise: version('compromise'), 'compromise-dates': version('compromise-dates') } };
}

function loadChrono() {
  const chrono = require('chrono-node');
  const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'chrono-node', 'package.json'), 'utf8')).version;
  return { chrono, version };
}

const spans = (xs) => xs.map((x) => ({ start: x.offset.start, end: x.offset.start + x.offset.length, text: x.text }));
const chronoSpans = (chrono, text) => chrono.parse(text, REF_DATE).map((r) => ({ start: r.index, end: r.index + r.text.length, text: r.text }));
const compromiseOrgs = (nlp, text) => spans(nlp(text).organizations().json({ offset: true, terms: false }));
const compromiseDates = (nlp, text) => spans(nlp(text).dates().json({ offset: true, terms: false }));

/** Cut a text at a paragraph boundary near `bytes`. */
function cap(text, bytes) {
  if (text.length <= bytes) return text;
  const at = text.lastIndexOf('\n\n', bytes);
  return text.slice(0, at > 0 ? at + 1 : bytes);
}

export async function benchPeers(engine, files) {
  const { recognizeDates } = core('core/dates/recognize.js');
  const { ParagraphCache } = core('core/analysis.js');
  const { chrono, version: chronoVersion } = loadChrono();
  const { nlp, versions } = loadCompromise();
  const out = { versions: { 'chrono-node': chronoVersion, ...versions } };
  const note = fs.readFileSync(files.note5mb, 'utf8');
  const capBytes = Number(process.env.BENCH_PEER_CAP ?? 512 * 1024);
  const capped = cap(note, capBytes);
  const cappedMB = Buffer.byteLength(capped) / 1e6;
  const mbps = (ms) => cappedMB / (ms / 1000);
  const runs = Math.min(RUNS, 3);

  const enteDates = await repeat(runs, () => recognizeDates(capped, { order: 'dmy' }).length);
  const enteEnts = await repeat(runs, () => engine.matcher.find(capped).length);
  let n = 0;
  const enteFull = await repeat(runs, () => engine.analyze({ uri: `bench:peer-${n++}`, version: 1, text: capped, languageId: 'plaintext' }).entities.length, () => {
    engine.paragraphs = new ParagraphCache();
    for (const a of engine.cachedAnalyses()) engine.forget(a.uri);
  });
  out.capBytes = Buffer.byteLength(capped);
  out.entente = { datesMBps: mbps(enteDates.wall), entitiesMBps: mbps(enteEnts.wall), analysisMBps: mbps(enteFull.wall), dates: enteDates.value, entities: enteEnts.value };

  log(`peers: chrono-node on ${(cappedMB * 1000).toFixed(0)} KB of the 5 MB note`);
  const ch = await repeat(runs, () => chrono.parse(capped, REF_DATE).length);
  out.chrono = { wallMs: ch.wall, mbps: mbps(ch.wall), dates: ch.value, ratioEntenteDates: mbps(enteDates.wall) / mbps(ch.wall) };

  log('peers: chrono-node on the 512 KB date-dense note');
  const dense = fs.readFileSync(files.dates512kb, 'utf8');
  const chDense = await repeat(runs, () => chrono.parse(dense, REF_DATE).length);
  out.chronoDense = { wallMs: chDense.wall, cpuMs: chDense.cpu, dates: chDense.value };

  log(`peers: compromise on ${(cappedMB * 1000).toFixed(0)} KB of the 5 MB note`);
  // compromise tags the whole text once per nlp() call; organizations and dates are read from that one parse.
  // One run: compromise is ~100x slower than Entente, and a shared machine has little time to spare.
  const cp = await repeat(1, () => {
    const doc = nlp(capped);
    return { orgs: doc.organizations().length, dates: doc.dates().length };
  });
  const cpOrgs = await repeat(1, () => compromiseOrgs(nlp, capped).length);
  out.compromise = {
    wallMs: cp.wall,
    mbps: mbps(cp.wall),
    orgsOnlyWallMs: cpOrgs.wall,
    organizations: cp.value.orgs,
    dates: cp.value.dates,
    ratioEntenteEntities: mbps(enteEnts.wall) / (cappedMB / (cpOrgs.wall / 1000)),
    ratioEntenteAnalysis: mbps(enteFull.wall) / mbps(cp.wall),
  };

  log('peers: F1 on the annotated notes');
  out.f1 = scoreAnnotated(engine, { chrono, nlp });
  return out;
}

// ------------------------------------------------------------------------------------------------
// F1 on the annotated notes, relaxed (overlap) match, the same rules for every system:
// gold `org`/`any` for organizations, `date` for dates; a prediction overlapping an `opt` gold (or,
// for organizations, a `treaty` gold) is neither right nor wrong.

function notes() {
  const { parseAnnotated } = require(path.join(ROOT, 'out', 'test', 'eval', 'annotated.js'));
  const dirs = [path.join(ROOT, 'test', 'fixtures', 'dev-notes'), path.join(ROOT, 'test', 'fixtures', 'notes')];
  const out = [];
  for (const d of dirs) {
    if (!fs.existsSync(d)) continue;
    for (const f of fs.readdirSync(d).sort()) {
      if (!/\.(txt|md)$/.test(f) || f === 'README.md') continue;
      out.push({ file: path.relative(ROOT, path.join(d, f)), ...parseAnnotated(fs.readFileSync(path.join(d, f), 'utf8')) });
    }
  }
  return out;
}

function score(counts) {
  const p = counts.tp + counts.fp ? counts.tp / (counts.tp + counts.fp) : 1;
  const r = counts.tp + counts.fn ? counts.tp / (counts.tp + counts.fn) : 1;
  return { ...counts, p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
}

function match(gold, neutral, predicted, counts) {
  const overlaps = (a, b) => a.start < b.end && a.end > b.start;
  const used = new Set();
  for (const g of gold) {
    const i = predicted.findIndex((p, k) => !used.has(k) && overlaps(p, g));
    if (i >= 0) {
      used.add(i);
      counts.tp++;
    } else counts.fn++;
  }
  predicted.forEach((p, k) => {
    if (used.has(k) || neutral.some((g) => overlaps(p, g))) return;
    // A second prediction inside an already matched gold span (a split) is not a false alarm either.
    if (gold.some((g) => overlaps(p, g))) return;
    counts.fp++;
  });
}

function scoreAnnotated(engine, { chrono, nlp }) {
  const zero = () => ({ tp: 0, fp: 0, fn: 0 });
  const systems = { entente: { org: zero(), date: zero() }, 'chrono-node': { date: zero() }, compromise: { org: zero(), date: zero() } };
  const list = notes();
  for (const note of list) {
    const goldOrg = note.entities.filter((g) => g.kind === 'org' || g.kind === 'any');
    const neutralOrg = note.entities.filter((g) => g.kind === 'opt' || g.kind === 'treaty');
    const goldDate = note.entities.filter((g) => g.kind === 'date');
    const neutralDate = note.entities.filter((g) => g.kind === 'opt');
    const a = engine.analyze({ uri: `bench:eval:${note.file}`, version: 1, text: note.text, languageId: note.file.endsWith('.md') ? 'markdown' : 'plaintext' });
    engine.forget(`bench:eval:${note.file}`);
    match(goldOrg, neutralOrg, a.entities.filter((e) => e.kind === 'organization'), systems.entente.org);
    match(goldDate, neutralDate, a.dates, systems.entente.date);
    match(goldDate, neutralDate, chronoSpans(chrono, note.text), systems['chrono-node'].date);
    match(goldOrg, neutralOrg, compromiseOrgs(nlp, note.text), systems.compromise.org);
    match(goldDate, neutralDate, compromiseDates(nlp, note.text), systems.compromise.date);
  }
  const out = { notes: list.length, note: 'Entente here uses the bundled corpus only (04-own-corpus is meant to be checked with its own-corpus folder; see eval.json for that).' };
  for (const [sys, kinds] of Object.entries(systems)) {
    out[sys] = {};
    for (const [k, c] of Object.entries(kinds)) out[sys][k] = score(c);
  }
  return out;
}

export { median };
