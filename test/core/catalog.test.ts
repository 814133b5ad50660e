// Checks the curated catalog (server/src/core/knowledge/catalog.json) against its schema, itself,
// and the bundled corpus: every cited passage and event quote must be found in the lines it cites.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

// ---------------------------------------------------------------------------------------------
// Files

function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'server', 'src'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('repository root not found above ' + __dirname);
    dir = up;
  }
}

const ROOT = repoRoot();
const KNOWLEDGE = path.join(ROOT, 'server', 'src', 'core', 'knowledge');
// The inventory's machine-readable facts (copied from the team's research notes).
const SEED_FACTS = path.join(ROOT, 'test', 'fixtures', 'seed-facts.json');

interface Passage {
  line: number;
  endLine: number;
  text: string;
}

interface CatEvent {
  type: string;
  date: string;
  label: string;
  line: number;
  endLine: number;
  quote: string;
  party?: string;
  note?: string;
}

interface CatEntity {
  id: string;
  kind: 'organization' | 'treaty';
  name: string;
  acronyms: string[];
  aliases: string[];
  description: string;
  predecessors: string[];
  successors: string[];
  definition?: Passage;
  firstMention?: Passage;
  events: CatEvent[];
  contextAliases?: string[];
  wellKnown?: { name: string };
  wellKnownAcronyms?: string[];
}

interface Catalog {
  $schema?: string;
  version: number;
  corpus: string;
  entities: CatEntity[];
}

const catalogRaw: unknown = JSON.parse(fs.readFileSync(path.join(KNOWLEDGE, 'catalog.json'), 'utf8'));
const schema: unknown = JSON.parse(fs.readFileSync(path.join(KNOWLEDGE, 'catalog.schema.json'), 'utf8'));
const catalog = catalogRaw as Catalog;
const corpusText = fs.readFileSync(path.join(ROOT, 'seeds', catalog.corpus), 'utf8');
const corpusLines = corpusText.split(/\r\n|\n|\r/);
const byId = new Map(catalog.entities.map((e) => [e.id, e]));

// ---------------------------------------------------------------------------------------------
// Text normalization, as the catalog's citations are defined

const HOMOGLYPHS: Record<string, string> = {
  а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', х: 'x', у: 'y',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X',
};

function normalize(s: string): string {
  return s.replace(/[а-яА-Я]/g, (c) => HOMOGLYPHS[c] ?? c).replace(/\s+/g, ' ');
}

/** Joins lines: a line break is one space, or nothing after a line-final '-'. */
function joinLines(lines: string[]): string {
  let out = '';
  lines.forEach((raw, i) => {
    const s = raw.trimEnd();
    out += s;
    if (i < lines.length - 1 && !s.endsWith('-')) out += ' ';
  });
  return out;
}

/** The normalized text of 1-based lines first..last. */
function cited(first: number, last: number): string {
  return normalize(joinLines(corpusLines.slice(first - 1, last)));
}

/** Why `text` is not properly cited by lines first..last, or undefined if it is. */
function citationProblem(text: string, first: number, last: number): string | undefined {
  if (!Number.isInteger(first) || !Number.isInteger(last) || first < 1 || last < first || last > corpusLines.length) {
    return `bad line range ${first}-${last}`;
  }
  const needle = normalize(text).trim();
  if (!cited(first, last).includes(needle)) return `"${text}" not found in L${first}-${last}`;
  // The range is tight: the text starts on the first cited line and ends on the last.
  if (last > first && cited(first + 1, last).includes(needle)) return `"${text}" does not start on L${first}`;
  if (last > first && cited(first, last - 1).includes(needle)) return `"${text}" does not end on L${last}`;
  return undefined;
}

const normalizedCorpus = normalize(joinLines(corpusLines));

/** Whether an acronym is written in the corpus as a token (a glued footnote number may follow). */
function acronymInCorpus(acronym: string): boolean {
  const escaped = acronym.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z])`, 'u').test(normalizedCorpus);
}

// ---------------------------------------------------------------------------------------------
// Dates

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?(\/\d{4}(-\d{2}(-\d{2})?)?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** [earliest day, latest day] covered by one ISO point, or undefined if it is not a real date. */
function pointRange(p: string): [string, string] | undefined {
  const [y, m, d] = p.split('-').map(Number);
  if (m === undefined) return [`${p}-01-01`, `${p}-12-31`];
  if (m < 1 || m > 12) return undefined;
  const mm = String(m).padStart(2, '0');
  if (d === undefined) return [`${y}-${mm}-01`, `${y}-${mm}-${daysInMonth(y, m)}`];
  if (d < 1 || d > daysInMonth(y, m)) return undefined;
  return [p, p];
}

function dateProblem(value: string): string | undefined {
  if (!DATE.test(value)) return `date "${value}" does not match the grammar`;
  const [from, to] = value.split('/');
  const a = pointRange(from);
  if (!a) return `date "${value}": ${from} is not a calendar date`;
  if (to !== undefined) {
    const b = pointRange(to);
    if (!b) return `date "${value}": ${to} is not a calendar date`;
    if (b[1] <= a[0] || b[0] < a[0]) return `date "${value}": interval ends before it starts`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// A minimal JSON Schema (draft-07) validator for the keywords catalog.schema.json uses

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = { [k: string]: Json };

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function validate(root: Schema, s: Schema, v: unknown, at: string, errors: string[]): void {
  if (typeof s.$ref === 'string') {
    const target = s.$ref.replace(/^#\//, '').split('/').reduce<Json>((o, k) => (o as Schema)[k], root as Json);
    validate(root, target as Schema, v, at, errors);
    return; // draft-07: keywords beside $ref are ignored
  }
  const t = typeOf(v);
  if (typeof s.type === 'string' && !(s.type === t || (s.type === 'number' && t === 'integer'))) {
    errors.push(`${at}: expected ${s.type}, got ${t}`);
    return;
  }
  if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(v)) errors.push(`${at}: must be ${JSON.stringify(s.const)}`);
  if (Array.isArray(s.enum) && !s.enum.some((x) => JSON.stringify(x) === JSON.stringify(v))) errors.push(`${at}: not in enum`);
  if (typeof v === 'string') {
    if (typeof s.minLength === 'number' && v.length < s.minLength) errors.push(`${at}: too short`);
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(v)) errors.push(`${at}: "${v}" does not match ${s.pattern}`);
  }
  if (typeof v === 'number' && typeof s.minimum === 'number' && v < s.minimum) errors.push(`${at}: below ${s.minimum}`);
  if (Array.isArray(v)) {
    if (typeof s.minItems === 'number' && v.length < s.minItems) errors.push(`${at}: fewer than ${s.minItems} items`);
    if (s.uniqueItems === true && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) errors.push(`${at}: duplicate items`);
    if (s.items && typeof s.items === 'object' && !Array.isArray(s.items)) {
      v.forEach((x, i) => validate(root, s.items as Schema, x, `${at}[${i}]`, errors));
    }
  }
  if (t === 'object') {
    const o = v as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    if (Array.isArray(s.required)) for (const k of s.required) if (!(String(k) in o)) errors.push(`${at}: missing ${String(k)}`);
    if (typeof s.minProperties === 'number' && Object.keys(o).length < s.minProperties) errors.push(`${at}: too few properties`);
    for (const [k, x] of Object.entries(o)) {
      if (props[k]) validate(root, props[k], x, `${at}.${k}`, errors);
      else if (s.additionalProperties === false) errors.push(`${at}: unexpected property ${k}`);
    }
  }
  const passes = (sub: Json): boolean => {
    const e: string[] = [];
    validate(root, sub as Schema, v, at, e);
    return e.length === 0;
  };
  if (Array.isArray(s.allOf)) for (const sub of s.allOf) validate(root, sub as Schema, v, at, errors);
  if (Array.isArray(s.oneOf) && s.oneOf.filter(passes).length !== 1) errors.push(`${at}: must match exactly one schema in oneOf`);
  if (s.not !== undefined && passes(s.not)) errors.push(`${at}: must not match "not" schema`);
  if (s.if !== undefined) {
    const branch = passes(s.if) ? s.then : s.else;
    if (branch !== undefined) validate(root, branch as Schema, v, at, errors);
  }
}

// ---------------------------------------------------------------------------------------------

describe('knowledge catalog', () => {
  it('is valid against catalog.schema.json (minimal validator)', () => {
    const errors: string[] = [];
    validate(schema as Schema, schema as Schema, catalogRaw, '$', errors);
    assert.deepEqual(errors.slice(0, 20), []);
  });

  it('is valid against catalog.schema.json (ajv, when installed)', function () {
    let AjvClass: (new (opts: object) => { compile(s: unknown): ((d: unknown) => boolean) & { errors?: unknown } }) | undefined;
    try {
      const mod = createRequire(__filename)('ajv') as { default?: unknown };
      AjvClass = (mod.default ?? mod) as typeof AjvClass;
    } catch {
      this.skip();
    }
    if (!AjvClass) return this.skip();
    const check = new AjvClass({ allErrors: true, strict: false }).compile(schema);
    assert.ok(check(catalogRaw), JSON.stringify(check.errors, null, 1)?.slice(0, 2000));
  });

  it('names the bundled corpus', () => {
    assert.equal(catalog.corpus, 'international-security-organizations-in-eurasia.txt');
    assert.ok(corpusLines.length > 4000);
  });

  it('has unique ids', () => {
    const seen = new Set<string>();
    for (const e of catalog.entities) {
      assert.ok(!seen.has(e.id), `duplicate id ${e.id}`);
      seen.add(e.id);
    }
  });

  it('has predecessor/successor links that exist and are symmetric', () => {
    for (const e of catalog.entities) {
      for (const p of e.predecessors) {
        assert.ok(byId.has(p), `${e.id}: unknown predecessor ${p}`);
        assert.notEqual(p, e.id);
        assert.ok(byId.get(p)?.successors.includes(e.id), `${p} should list ${e.id} as successor`);
      }
      for (const s of e.successors) {
        assert.ok(byId.has(s), `${e.id}: unknown successor ${s}`);
        assert.notEqual(s, e.id);
        assert.ok(byId.get(s)?.predecessors.includes(e.id), `${s} should list ${e.id} as predecessor`);
      }
    }
  });

  it('has no cycles in the succession graph', () => {
    const state = new Map<string, 'open' | 'done'>();
    const visit = (id: string, trail: string[]): void => {
      if (state.get(id) === 'done') return;
      assert.notEqual(state.get(id), 'open', `cycle: ${[...trail, id].join(' -> ')}`);
      state.set(id, 'open');
      for (const s of byId.get(id)?.successors ?? []) visit(s, [...trail, id]);
      state.set(id, 'done');
    };
    for (const e of catalog.entities) visit(e.id, []);
  });

  it('includes the required succession links', () => {
    const links: [string, string][] = [
      ['shanghai-five', 'sco'],
      ['cst', 'csto'],
      ['pjc', 'nrc'],
      ['central-asian-union', 'caec'],
      ['caec', 'caco'],
      ['caco', 'evrazec'],
      ['customs-union', 'evrazec'],
      ['guuam', 'guam'],
      ['nacc', 'eapc'],
      ['crdf', 'cfor'],
    ];
    for (const [a, b] of links) assert.ok(byId.get(a)?.successors.includes(b), `${a} -> ${b}`);
    assert.equal(byId.get('cst')?.kind, 'treaty');
  });

  it('cites every definition and first mention in the lines it gives', () => {
    for (const e of catalog.entities) {
      const p = e.definition ?? e.firstMention;
      assert.ok(p, `${e.id}: no definition or firstMention`);
      assert.ok(!(e.definition && e.firstMention), `${e.id}: both definition and firstMention`);
      const problem = citationProblem(p.text, p.line, p.endLine);
      assert.equal(problem, undefined, `${e.id}: ${problem}`);
    }
  });

  it('cites every event quote in the lines it gives', () => {
    for (const e of catalog.entities) {
      for (const ev of e.events) {
        const problem = citationProblem(ev.quote, ev.line, ev.endLine);
        assert.equal(problem, undefined, `${e.id} ${ev.type} ${ev.date}: ${problem}`);
      }
    }
  });

  it('dates every event with a valid calendar value', () => {
    for (const e of catalog.entities) {
      for (const ev of e.events) {
        const problem = dateProblem(ev.date);
        assert.equal(problem, undefined, `${e.id}: ${problem}`);
      }
    }
    assert.notEqual(dateProblem('2003-02-29'), undefined);
    assert.notEqual(dateProblem('2003-13'), undefined);
    assert.notEqual(dateProblem('2003/2001'), undefined);
    assert.equal(dateProblem('2004-02-29'), undefined);
    assert.equal(dateProblem('2002-12/2003-03'), undefined);
  });

  it('states the year of every event date in its quote', () => {
    for (const e of catalog.entities) {
      for (const ev of e.events) {
        for (const point of ev.date.split('/')) {
          assert.ok(ev.quote.includes(point.slice(0, 4)), `${e.id} ${ev.type} ${ev.date}: quote lacks ${point.slice(0, 4)}`);
        }
      }
    }
  });

  it('gives a party exactly for joined/left events', () => {
    for (const e of catalog.entities) {
      for (const ev of e.events) {
        const membership = ev.type === 'joined' || ev.type === 'left';
        assert.equal(Boolean(ev.party), membership, `${e.id} ${ev.type} ${ev.date}`);
      }
    }
  });

  it('writes every acronym in the corpus unless it is marked well known', () => {
    for (const e of catalog.entities) {
      const wk = new Set(e.wellKnownAcronyms ?? []);
      for (const a of wk) {
        assert.ok(e.acronyms.includes(a), `${e.id}: well-known acronym ${a} is not among its acronyms`);
        assert.ok(!acronymInCorpus(a), `${e.id}: ${a} is in the corpus; it need not be marked well known`);
      }
      for (const a of e.acronyms) {
        if (!wk.has(a)) assert.ok(acronymInCorpus(a), `${e.id}: acronym ${a} is not written in the corpus`);
      }
      if (e.wellKnown) {
        assert.ok([e.name, ...e.aliases].includes(e.wellKnown.name), `${e.id}: wellKnown.name must be its name or an alias`);
      }
    }
  });

  it('never uses one name, alias or acronym for two entities', () => {
    const owner = new Map<string, string>();
    for (const e of catalog.entities) {
      for (const n of new Set([e.name, ...e.aliases, ...e.acronyms])) {
        assert.ok(!owner.has(n), `"${n}" is used by ${owner.get(n)} and ${e.id}`);
        owner.set(n, e.id);
      }
    }
  });

  it('keeps generic words out of names and aliases', () => {
    const generic = /^(the )?(organi[sz]ation|alliance|union|council|charter|statute|treaty|agreement|commission|community|centre|center|secretariat|committee|parliament|declaration|protocol|concept|program|programme|strategy)$/i;
    for (const e of catalog.entities) {
      for (const n of [e.name, ...e.aliases]) assert.ok(!generic.test(n), `${e.id}: generic name "${n}"`);
    }
  });

  it('records the key dated facts, including both sides of corpus contradictions', () => {
    const has = (id: string, type: string, date: string, line?: number, party?: string): boolean =>
      (byId.get(id)?.events ?? []).some(
        (ev) => ev.type === type && ev.date === date && (line === undefined || ev.line <= line && line <= ev.endLine) && (party === undefined || ev.party === party),
      );
    assert.ok(has('csto', 'joined', '2006-06', 1819, 'Uzbekistan'));
    assert.ok(has('csto', 'joined', '2006-08-16', 2773, 'Uzbekistan'));
    assert.ok(has('csto', 'founded', '2002-10-07'));
    assert.ok(has('csto', 'renamed', '2002-05-14', 1442));
    assert.ok(has('nrc', 'founded', '2002-05', 993));
    assert.ok(has('pjc', 'founded', '1997-05'));
    assert.ok(has('sco', 'founded', '2001-06-15'));
    assert.ok(has('cis', 'founded', '1991-12-08'));
    assert.ok(has('cst', 'signed', '1992-05-15', 2310));
    assert.ok(has('cst', 'signed', '1992-05-15', 2544));
    assert.ok(has('cst', 'in-force', '1994'));
    assert.ok(has('ess', 'adopted', '2003-12-12', 90));
    assert.ok(has('crdf', 'founded', '2000-10') && has('crdf', 'founded', '2001-05'));
    assert.ok(has('caco', 'founded', '2002-02-28') && has('caco', 'founded', '2004-05-28'));
    assert.ok(has('guuam', 'left', '2005-05', 1882, 'Uzbekistan'));
  });

  describe('against the seed inventory', () => {
    interface SeedFacts {
      organizations: { key: string; acronyms?: string[] }[];
      documents: { key: string; acronyms?: string[] }[];
      eventFacts: { id: string; date: string; dateText: string; lines: [number, number]; quote: string }[];
    }
    let facts: SeedFacts | undefined;
    before(function () {
      if (!fs.existsSync(SEED_FACTS)) this.skip();
      facts = JSON.parse(fs.readFileSync(SEED_FACTS, 'utf8')) as SeedFacts;
    });

    /** Inventory key -> catalog ids that cover it. */
    const COVERAGE: Record<string, string[]> = {
      // organizations
      NATO: ['nato'],
      EU: ['eu'],
      OSCE: ['osce', 'osce-minsk-group'],
      CIS: ['cis'],
      CSTO: ['csto'],
      SCO: ['sco'],
      'Shanghai Five': ['shanghai-five'],
      'GUUAM/GUAM': ['guuam', 'guam'],
      CACO: ['caco'],
      'Central Asian Union': ['central-asian-union'],
      'Central Asian Economic Community': ['caec'],
      EvrAzEC: ['evrazec', 'eaeu'],
      'Customs Union': ['customs-union'],
      'Union State of Russia and Belarus': ['union-state'],
      'Single/Common Economic Space': ['single-economic-space'],
      'Caucasian Group of Four': ['caucasian-four'],
      'Community of Democratic Choice': ['community-of-democratic-choice'],
      'Conference on the Measures of Trust in Asia': ['cica'],
      UN: ['un', 'unsc', 'un-ctc'],
      'Council of Europe': ['council-of-europe', 'pace'],
      NRC: ['nrc'],
      PJC: ['pjc'],
      NACC: ['nacc'],
      EAPC: ['eapc'],
      EADRCC: ['eadrcc'],
      SHAPE: ['shape'],
      AFSOUTH: ['afsouth'],
      ICTY: ['icty'],
      EUMS: ['eums'],
      'European Council': ['european-council', 'council-of-the-eu'],
      'European Commission': ['european-commission', 'relex'],
      'European Parliament': ['european-parliament', 'ep-fac'],
      'European Defense Agency': ['eda', 'eu-battlegroups', 'eu-civmil-cell'],
      'EU Special Representative / High Representative': ['eusr-bih', 'eu-high-representative'],
      'Warsaw Pact': ['warsaw-pact'],
      CRDF: ['crdf'],
      CFOR: ['cfor'],
      'Collective Security Council': ['csc'],
      'CSTO bodies': ['csto-permanent-council', 'csto-cmfa', 'csto-cmd', 'csto-cscs', 'csto-secretariat', 'csto-joint-staff'],
      'CIS Anti-terrorism Centre': ['cis-atc', 'cis-atc-central-asia'],
      'SCO RATS': ['sco-rats'],
      'Council of the Heads of State of the CIS and other CIS bodies': [
        'cis-heads-of-state', 'cis-heads-of-government', 'cis-defence-ministers', 'cis-foreign-ministers', 'cis-supreme-command',
        'cis-military-coordination-staff', 'cis-chiefs-of-staff', 'cis-border-commanders', 'cis-border-coordination-service',
        'customs-union-border-council', 'cis-interior-ministers', 'cis-prosecutors-general', 'cis-security-services-council',
      ],
      'Central Asian Union bodies': ['cau-interstate-council', 'cau-executive-committee', 'ca-consultative-committee'],
      Centrazbat: ['centrazbat'],
      Kazbat: ['kazbat'],
      PfP: ['pfp'],
      PARP: ['parp'],
      'NATO–Russia subsidiary bodies': ['nato-russia-science-committee', 'nato-russia-ccms', 'nato-russia-jmg', 'nato-pa', 'nato-international-staff'],
      'IFOR/SFOR/KFOR/ISAF': ['ifor', 'sfor', 'kfor', 'isaf'],
      'ESDP missions': ['eufor-concordia', 'eufor-althea', 'operation-artemis'],
      'Russian state bodies': ['ru-mfa', 'ru-mod', 'emercom', 'fsb', 'state-duma', 'federal-assembly', 'ru-security-council', 'ru-201st-division', 'kant-air-base'],
      Other: [
        'ceps', 'vub', 'traceca', 'wto', 'kla', 'pkk', 'iiss', 'iiseps', 'iasps', 'itar-tass', 'mgimo', 'mgimo-ceas',
        'mgimo-caucasian-studies', 'mit', 'madariaga-foundation', 'bank-of-sweden-tercentenary-foundation', 'bits',
        'us-state-department', 'us-congress', 'imu', 'taliban', 'al-qaeda', 'uto', 'tajik-popular-front', 'akp',
      ],
      // documents
      'European Security Strategy': ['ess'],
      'ESDP / CFSP (policies)': ['esdp', 'cfsp'],
      'Berlin Plus': ['berlin-plus'],
      'European Defense: NATO/EU consultation, planning and operations': ['eu-nato-consultation'],
      'Council Decision 2007/427/CFSP; Council Joint Action 2007/87/CFSP': ['council-decision-2007-427-cfsp', 'council-joint-action-2007-87-cfsp'],
      'Petersberg tasks': ['petersberg-tasks'],
      'Annan Plan': ['annan-plan'],
      'European Neighborhood Policy': ['enp', 'sap', 'cotonou-agreement'],
      'Snegur–Yeltsin agreement': ['snegur-yeltsin-agreement'],
      'Founding Act': ['founding-act'],
      'Rome Declaration': ['rome-declaration'],
      'Partnership for Peace': ['pfp'],
      'North Atlantic Treaty': ['north-atlantic-treaty'],
      'NATO Strategic Concept': ['nato-strategic-concept'],
      'CFE Treaty': ['cfe-treaty'],
      'Collective Security Treaty': ['cst'],
      'Protocol on the Prolonging of the CST': ['cst-prolongation-protocol'],
      'CSTO Charter / Statute': ['csto-charter'],
      'Agreement on the Legal Status of the CSTO': ['csto-legal-status-agreement'],
      'CRDF protocol / agreement': ['crdf-agreement', 'crdf-protocol'],
      'Memorandum on Increasing the Effectiveness of the CST ...': ['cst-memorandum-2000'],
      'A Model for a Regional Collective Security System': ['cst-model-2000'],
      'CST 1995 documents': ['cst-declaration-1995', 'cst-concept-1995', 'cst-military-cooperation-1995'],
      'Statement by the States members of the CSTO': ['csto-un-statement', 'csto-declaration'],
      'Agreement on the Creation of the CIS': ['cis-creation-agreement'],
      'Alma-Ata Protocol and Declaration': ['alma-ata-protocol', 'alma-ata-declaration'],
      'CIS Statute': ['cis-statute'],
      'CIS border/police/crime/drugs/terrorism instruments': [
        'cis-border-treaty', 'cis-police-treaty', 'cis-crime-control-agreement', 'cis-drug-control-agreement',
        'cis-terrorism-treaty', 'cis-terrorism-programme',
      ],
      'UN Charter': ['un-charter'],
      'SCO founding documents': ['sco-declaration-2001', 'sco-charter'],
      'Shanghai Convention': ['shanghai-convention'],
      'Agreement on the Regional Anti-terrorist Structure': ['rats-agreement'],
      'SCO defence ministers declaration; Tashkent 2004 documents': [
        'sco-defence-ministers-declaration-2002', 'sco-tashkent-declaration-2004', 'sco-drug-trafficking-agreement-2004',
      ],
      'Russia–Kyrgyzstan Kant base agreements': ['kant-base-agreement', 'kant-personnel-agreement'],
      'Russian doctrinal documents': ['ru-foreign-policy-concept-2000', 'ru-national-security-concept-2000', 'ru-military-doctrine-2000'],
      'EU Central Asian strategy': ['eu-central-asia-strategy'],
      'Central Asian integration instruments': [
        'ca-economic-treaty-1990', 'ca-consultative-committee-agreement-1991', 'ca-bishkek-protocol-1992',
        'kz-uz-integration-agreement-1993', 'kz-uz-economic-space-treaty-1994', 'cholpon-ata-treaty',
        'ca-counter-extremism-concept-2000', 'caco-security-consultations-regulations',
      ],
      'US Acts': ['us-civil-rights-act', 'us-equal-educational-opportunities-act', 'us-bilingual-education-act', 'us-ethnic-heritage-act'],
      'Constitution of the Republic of Belarus': ['belarus-constitution'],
      'Kazakh Presidential Decree “On the Armed Forces”': ['kz-decree-armed-forces'],
      'CSTO arms-supply agreement': ['csto-arms-supply-agreement', 'ru-kz-military-education-agreement'],
    };

    /** Inventory acronyms deliberately not catalogued: typos, format names, and non-organizations. */
    const NOT_ACRONYMS = new Set(['SOC', '“26+1”', '“28+1”', 'NIS', 'CEE', 'CASCON', 'RELEX (the Commission’s external relations service)']);

    it('covers every organization and document of the inventory', () => {
      assert.ok(facts);
      const keys = [...facts.organizations, ...facts.documents].map((o) => o.key);
      for (const key of keys) {
        const ids = COVERAGE[key];
        assert.ok(ids && ids.length > 0, `inventory key "${key}" is not mapped`);
        for (const id of ids) assert.ok(byId.has(id), `"${key}" maps to unknown id ${id}`);
      }
      assert.equal(facts.organizations.length + facts.documents.length, Object.keys(COVERAGE).length);
    });

    it('catalogues the inventory acronyms', () => {
      assert.ok(facts);
      const all = new Set(catalog.entities.flatMap((e) => e.acronyms));
      for (const o of [...facts.organizations, ...facts.documents]) {
        for (const raw of o.acronyms ?? []) {
          const a = raw.replace(/\s*\(.*\)$/, '');
          if (NOT_ACRONYMS.has(raw) || NOT_ACRONYMS.has(a)) continue;
          assert.ok(all.has(a), `${o.key}: acronym ${a} missing`);
        }
      }
    });

    it('agrees with the inventory on every event it shares a quote with', () => {
      assert.ok(facts);
      // The same sentence can carry a second date: "signed … on 15 May 1992 … It came into effect in 1994".
      const secondDate = new Set(['cst in-force 1994']);
      let shared = 0;
      for (const f of facts.eventFacts) {
        const fq = normalize(f.quote).trim();
        for (const e of catalog.entities) {
          for (const ev of e.events) {
            if (normalize(ev.quote).trim() !== fq) continue;
            shared++;
            if (!secondDate.has(`${e.id} ${ev.type} ${ev.date}`)) {
              assert.equal(ev.date, f.date, `${e.id} ${ev.type} disagrees with inventory fact ${f.id}`);
            }
          }
        }
      }
      assert.ok(shared > 50, `only ${shared} events share a quote with the inventory`);
    });
  });
});
