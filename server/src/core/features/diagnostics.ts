// Date checks. Each finding carries its stable code, a message that says what the sources say,
// related locations (the corpus line, or the other mention in the note), and the quick fixes that
// apply. When unsure, stay silent: a false alarm costs the writer more than a miss.

import type { DateMention, EntityEvent, Span } from '../types';
import type { Analysis } from '../analysis';
import type { Engine } from '../engine';
import type { ClaimType, EventClaim } from '../knowledge/events';
import type { KnowledgeEntity } from '../knowledge/kb';
import { agrees, compareAtPrecision, formatDate, WEEKDAYS, weekdayOf, type DateRange } from '../dates/calendar';
import { formatValue, parseIsoValue } from '../dates/value';
import type { DiagnosticCode, Severity } from '../settings';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
}

export interface RelatedLocation {
  /** A corpus file id, or undefined for the note itself. */
  file?: string;
  start: number;
  end: number;
  message: string;
}

export interface Diagnostic extends Span {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  related: RelatedLocation[];
  fixes: Fix[];
}

const EVENT_WORDS: Record<ClaimType, string> = {
  founded: 'founded',
  signed: 'signed',
  adopted: 'adopted',
  'in-force': 'in force',
  renamed: 'transformed',
  joined: 'joined',
  left: 'left',
  dissolved: 'dissolved',
  origin: 'dated',
};

function citationText(engine: Engine, ev: { provenance: EntityEvent['provenance'] }): string {
  return engine.citeLabel(ev.provenance) ?? (ev.provenance.origin === 'dictionary' ? 'your dictionary' : 'the catalog');
}

function factsFor(entity: KnowledgeEntity, claim: EventClaim): EntityEvent[] {
  return entity.events.filter((e) => {
    const typeOk = claim.type === 'origin' ? ['founded', 'signed', 'adopted'].includes(e.type) : e.type === claim.type;
    if (!typeOk) return false;
    if (claim.type === 'joined' || claim.type === 'left') return !!e.party && !!claim.party && samePlace(e.party, claim.party);
    return true;
  });
}

function samePlace(a: string, b: string): boolean {
  const n = (s: string) => s.toLowerCase().replace(/^the\s+/, '').replace('kyrgyz republic', 'kyrgyzstan').replace('russian federation', 'russia');
  return n(a) === n(b);
}

function describeEvent(entity: KnowledgeEntity, type: ClaimType, party?: string): string {
  const who = party ? `${party} ${EVENT_WORDS[type]} the ${entity.acronyms[0] ?? entity.name}` : `the ${entity.name} was ${EVENT_WORDS[type]}`;
  return who;
}

/** "on 15 June 2001", "in June 2001", "in 2001": the preposition English wants for a date value. */
function onOrIn(value: string): string {
  const r = parseIsoValue(value);
  return `${r && !r.to && r.from.precision === 'day' ? 'on' : 'in'} ${formatValue(value)}`;
}

function rangeOf(d: DateMention): DateRange {
  return { from: d.from, to: d.to };
}

/** Lines on which a `entente-disable-next-line [codes]` comment silences findings. */
function suppressions(a: Analysis): Map<number, Set<string> | 'all'> {
  const out = new Map<number, Set<string> | 'all'>();
  for (const m of a.text.matchAll(/entente-disable-next-line(?:[ \t]+([a-z,\- \t]+?))?[ \t]*(?:-->|\*\/|$)/gm)) {
    const line = a.lines.positionAt(m.index!).line + 1;
    const codes = m[1]?.split(/[\s,]+/).filter(Boolean);
    out.set(line, codes && codes.length ? new Set(codes) : 'all');
  }
  return out;
}

export function disableComment(languageId: string, code: string): string {
  if (languageId === 'markdown') return `<!-- entente-disable-next-line ${code} -->`;
  if (languageId === 'entente-notes') return `% entente-disable-next-line ${code}`;
  return `// entente-disable-next-line ${code}`;
}

export function computeDiagnostics(engine: Engine, a: Analysis): Diagnostic[] {
  const out: Diagnostic[] = [];
  const severity = engine.settings.diagnostics;
  const push = (d: Omit<Diagnostic, 'severity' | 'related' | 'fixes'> & Partial<Diagnostic>) => {
    const level = severity[d.code];
    if (level === 'off') return;
    out.push({ related: [], fixes: [], ...d, severity: level });
  };
  const flagged = new Set<DateMention>();

  // Impossible dates, reversed ranges, weekdays, ambiguity: the date alone decides.
  const orderEvidence = a.dates.some((d) => d.style === 'numeric-dmy' && !d.ambiguous && (d.from.day ?? 0) > 12 && !d.invalid);
  for (const d of a.dates) {
    if (d.invalid) {
      push({ start: d.start, end: d.end, code: 'date-invalid', message: `“${oneLine(d.text)}” cannot exist: ${d.invalid}.` });
      flagged.add(d);
      continue;
    }
    if (d.to && compareAtPrecision(d.from, d.to) > 0) {
      const swapped = swapRange(d.text);
      push({
        start: d.start,
        end: d.end,
        code: 'date-range-reversed',
        message: `The range “${oneLine(d.text)}” ends before it starts.`,
        fixes: swapped ? [{ title: `Swap to “${oneLine(swapped)}”`, edits: [{ start: d.start, end: d.end, newText: swapped }], preferred: true }] : [],
      });
      flagged.add(d);
    }
    if (d.weekday && d.from.precision === 'day' && d.from.month && d.from.day) {
      const actual = weekdayOf(d.from.year, d.from.month, d.from.day);
      if (actual !== d.weekday.index) {
        const name = matchCase(WEEKDAYS[actual], d.weekday.text);
        push({
          start: d.weekday.start,
          end: d.end,
          code: 'weekday-mismatch',
          message: `${formatDate(d.from, 'dmy')} was a ${WEEKDAYS[actual]}, not a ${WEEKDAYS[d.weekday.index]}.`,
          fixes: [{ title: `Change “${d.weekday.text}” to “${name}”`, edits: [{ start: d.weekday.start, end: d.weekday.end, newText: name }], preferred: true }],
        });
      }
    }
    if (d.ambiguous && !orderEvidence) {
      const swapped = { ...d.from, day: d.from.month, month: d.from.day };
      push({
        start: d.start,
        end: d.end,
        code: 'date-ambiguous',
        message: `“${d.text}” reads as ${formatDate(d.from, 'dmy')} (day first, entente.dates.order = ${engine.settings.dates.order}), but could be ${formatDate(swapped, 'dmy')}.`,
        fixes: [{ title: `Write it as “${formatDate(d.from, 'dmy')}”`, edits: [{ start: d.start, end: d.end, newText: formatDate(d.from, 'dmy') }] }],
      });
    }
  }

  // What the sources say: each claim against the facts about its entity.
  const conflicted = new Set<DateMention>();
  for (const c of a.claims) {
    if (c.date.approximate) continue;
    const entity = engine.kb.get(c.entityId);
    if (!entity) continue;
    const all = factsFor(entity, c).filter((f) => parseIsoValue(f.date));
    // A note that follows a disputed source is not flagged; a disputed fact alone flags nothing.
    if (all.some((f) => f.disputed && agrees(rangeOf(c.date), parseIsoValue(f.date)!))) continue;
    const facts = all.filter((f) => !f.disputed);
    if (!facts.length) continue;
    if (c.date.invalid) {
      // The date cannot exist; offer the sources' date as the fix for it.
      const diag = out.find((d) => d.code === 'date-invalid' && d.start === c.date.start);
      diag?.fixes.push(...replaceFixes(facts, c.date));
      continue;
    }
    if (flagged.has(c.date)) continue;
    if (facts.some((f) => agrees(rangeOf(c.date), parseIsoValue(f.date)!))) continue;
    const said = distinctFacts(facts).map((f) => `${onOrIn(f.date)} (${citationText(engine, f)})`);
    push({
      start: c.date.start,
      end: c.date.end,
      code: 'date-conflict',
      message: `The sources say ${describeEvent(entity, c.type === 'origin' ? (facts[0].type as ClaimType) : c.type, c.party)} ${said.join(' or ')}, not ${oneLine(c.date.text)}.`,
      related: distinctFacts(facts).flatMap((f) => {
        const src = engine.sourceOf(f.provenance);
        return src ? [{ file: src.doc.id, start: src.start, end: src.end, message: f.provenance.quote ?? `${entity.name}: ${f.date}` }] : [];
      }),
      fixes: replaceFixes(facts, c.date),
    });
    conflicted.add(c.date);
  }

  // One event dated two ways in one note.
  const seen = new Map<string, EventClaim>();
  for (const c of a.claims) {
    if (c.date.invalid || c.date.approximate || flagged.has(c.date)) continue;
    const kind = c.type === 'origin' || c.type === 'founded' || c.type === 'signed' || c.type === 'adopted' ? 'origin' : c.type;
    const key = `${c.entityId}|${kind}|${c.party ?? ''}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, c);
      continue;
    }
    if (first.date === c.date || agrees(rangeOf(first.date), rangeOf(c.date)) || conflicted.has(c.date)) continue;
    const entity = engine.kb.get(c.entityId)!;
    const firstLine = a.lines.positionAt(first.date.start).line + 1;
    push({
      start: c.date.start,
      end: c.date.end,
      code: 'date-inconsistent',
      message: `This note dates this event two ways: ${oneLine(c.date.text)} here, ${oneLine(first.date.text)} on line ${firstLine} (${entity.acronyms[0] ?? entity.name}).`,
      related: [{ start: first.date.start, end: first.date.end, message: `The same event dated ${oneLine(first.date.text)}` }],
      fixes: [{ title: `Replace with “${oneLine(first.date.text)}”`, edits: [{ start: c.date.start, end: c.date.end, newText: first.date.text }] }],
    });
  }

  // A body acting before it existed (or after it ended).
  // A date an event claim already ties to a body is that body's; it says nothing of others.
  const claimed = new Set([...out.map((d) => d.start), ...a.claims.filter((c) => c.entityId).map((c) => c.date.start)]);
  for (const { entity: m, date: d } of anachronismCandidates(a)) {
    if (claimed.has(d.start) || flagged.has(d)) continue;
    const entity = engine.kb.get(m.entityId);
    if (!entity) continue;
    const life = lifetime(entity);
    if (!life.start && !life.end) continue;
    const when = rangeOf(d);
    const last = when.to && compareAtPrecision(when.from, when.to) <= 0 ? when.to : when.from;
    const first = when.to && compareAtPrecision(when.from, when.to) > 0 ? when.to : when.from;
    let message: string | undefined;
    let fixes: Fix[] = [];
    if (life.start && compareAtPrecision(last, life.start.date) < 0 && !sameAtCoarse(last, life.start.date)) {
      message = `The ${entity.name}${entity.acronyms[0] ? ` (${entity.acronyms[0]})` : ''} did not exist in ${oneLine(d.text)}: it was ${EVENT_WORDS[life.start.event.type]} ${onOrIn(life.start.event.date)} (${citationText(engine, life.start.event)}).`;
      const pred = predecessorAt(engine, entity, first);
      if (pred) {
        const useAcronym = m.form === 'acronym' && pred.acronyms.length > 0;
        const replacement = useAcronym ? pred.acronyms[0] : pred.name;
        message += ` At that time it was the ${pred.name}${pred.acronyms[0] ? ` (${pred.acronyms[0]})` : ''}.`;
        fixes = [{ title: `Replace with “${replacement}”`, edits: [{ start: m.start, end: m.end, newText: replacement }], preferred: true }];
      }
    } else if (life.end && compareAtPrecision(first, life.end.date) > 0 && !sameAtCoarse(first, life.end.date)) {
      message = `The ${entity.name} no longer existed in ${oneLine(d.text)}: it was ${EVENT_WORDS[life.end.event.type]} ${onOrIn(life.end.event.date)} (${citationText(engine, life.end.event)}).`;
      const succ = entity.successors.map((id) => engine.kb.get(id)).find((x) => x);
      if (succ) message += ` Its successor is the ${succ.name}.`;
    }
    if (!message) continue;
    const evProv = life.start?.event.provenance ?? life.end?.event.provenance;
    const src = evProv && engine.sourceOf(evProv);
    // The date is what clashes with the record; the fix (if any) renames the body.
    push({
      start: d.start,
      end: d.end,
      code: 'anachronism',
      message,
      related: src ? [{ file: src.doc.id, start: src.start, end: src.end, message: evProv!.quote ?? entity.name }] : [],
      fixes,
    });
  }

  // Silencing comments, and the fix that writes one.
  const silenced = suppressions(a);
  const kept = out.filter((d) => {
    const s = silenced.get(a.lines.positionAt(d.start).line);
    return !(s === 'all' || s?.has(d.code));
  });
  const eol = a.text.includes('\r\n') ? '\r\n' : '\n';
  for (const d of kept) {
    const line = a.lines.positionAt(d.start).line;
    const lineStart = a.lines.lineStarts[line];
    const indent = /^[ \t]*/.exec(a.lines.lineText(line))![0];
    d.fixes.push({
      title: `Silence ${d.code} on this line`,
      edits: [{ start: lineStart, end: lineStart, newText: indent + disableComment(a.languageId, d.code) + eol }],
    });
  }
  return kept.sort((x, y) => x.start - y.start);
}

/** The most precise facts first, without those a more precise one already covers; at most three. */
function distinctFacts(facts: EntityEvent[]): EntityEvent[] {
  const rank = { day: 0, month: 1, season: 2, year: 2, decade: 3, century: 4 } as const;
  const sorted = facts
    .map((f) => ({ f, r: parseIsoValue(f.date)! }))
    .sort((x, y) => rank[x.r.from.precision] - rank[y.r.from.precision]);
  const kept: { f: EntityEvent; r: DateRange }[] = [];
  for (const x of sorted) if (!kept.some((k) => agrees(k.r, x.r))) kept.push(x);
  return kept.slice(0, 3).map((x) => x.f);
}

function sameAtCoarse(a: DateRange['from'], b: DateRange['from']): boolean {
  return compareAtPrecision(a, b) === 0;
}

function replaceFixes(facts: EntityEvent[], date: DateMention): Fix[] {
  const seen = new Set<string>();
  const fixes: Fix[] = [];
  for (const f of distinctFacts(facts)) {
    const text = formatValue(f.date, date.style);
    if (seen.has(text)) continue;
    seen.add(text);
    fixes.push({ title: `Replace with the source’s date “${text}”`, edits: [{ start: date.start, end: date.end, newText: text }], preferred: fixes.length === 0 });
  }
  return fixes;
}

interface LifeEvent {
  event: EntityEvent;
  date: DateRange['from'];
}

/**
 * When an entity began and ended, from curated facts first (a learned fact may come from a
 * sentence that itself uses the name loosely), from learned ones when nothing is curated.
 */
export function lifetime(entity: KnowledgeEntity): { start?: LifeEvent; end?: LifeEvent } {
  const pick = (types: string[], earliest: boolean): LifeEvent | undefined => {
    const trusted = entity.events.filter((e) => types.includes(e.type) && e.provenance.origin !== 'learned');
    const pool = trusted.length ? trusted : entity.events.filter((e) => types.includes(e.type));
    let best: LifeEvent | undefined;
    for (const e of pool) {
      const r = parseIsoValue(e.date);
      if (!r) continue;
      const d = earliest ? r.from : (r.to ?? r.from);
      if (!best || (earliest ? compareAtPrecision(d, best.date) < 0 : compareAtPrecision(d, best.date) > 0)) best = { event: e, date: d };
    }
    return best;
  };
  return { start: pick(entity.kind === 'treaty' ? ['signed', 'adopted', 'founded'] : ['founded'], true), end: pick(['dissolved'], false) };
}

function predecessorAt(engine: Engine, entity: KnowledgeEntity, when: DateRange['from']): KnowledgeEntity | undefined {
  for (const id of entity.predecessors) {
    const p = engine.kb.get(id);
    if (!p) continue;
    const life = lifetime(p);
    if (!life.start || compareAtPrecision(life.start.date, when) <= 0) return p;
  }
  return undefined;
}

const HEDGES = /\b(?:predecessors?|precursors?|forerunners?|before|prior to|until|till|future|later|would become|became|roots?|origins?|created|founded|established|formed|set up|transformed|renamed)\b/i;

/**
 * Pairs of an entity mention and a date in the same clause, each the other's nearest, in
 * sentences that do not speak of origins or predecessors.
 */
function anachronismCandidates(a: Analysis): { entity: Analysis['entities'][number]; date: DateMention }[] {
  const out: { entity: Analysis['entities'][number]; date: DateMention }[] = [];
  let ei = 0;
  let di = 0;
  for (const s of a.sentences) {
    while (ei < a.entities.length && a.entities[ei].end <= s.start) ei++;
    while (di < a.dates.length && a.dates[di].end <= s.start) di++;
    const ents: Analysis['entities'] = [];
    const dates: DateMention[] = [];
    for (let k = ei; k < a.entities.length && a.entities[k].start < s.end; k++) ents.push(a.entities[k]);
    for (let k = di; k < a.dates.length && a.dates[k].start < s.end; k++) dates.push(a.dates[k]);
    if (!ents.length || !dates.length) continue;
    const text = a.text.slice(s.start, s.end);
    if (HEDGES.test(text)) continue;
    // Segments: split at semicolons and commas, except the comma after an opening date
    // ("In 1995, the SCO …"), so that a date and a body in different clauses are not paired.
    const seg = segmentStarts(a.text, s, dates);
    const clauseOf = (x: Span) => {
      let k = 0;
      while (k + 1 < seg.length && seg[k + 1] <= x.start) k++;
      return k;
    };
    const dist = (x: Span, y: Span) => (x.end <= y.start ? y.start - x.end : x.start >= y.end ? x.start - y.end : 0);
    for (const d of dates) {
      // "the attacks of 11 September 2001": a date that qualifies another noun is not the body's.
      if (/\bof\s+(?:the\s+)?$/i.test(a.text.slice(Math.max(s.start, d.start - 10), d.start))) continue;
      const near = ents.filter((e) => clauseOf(e) === clauseOf(d)).sort((x, y) => dist(x, d) - dist(y, d))[0];
      if (!near) continue;
      const back = dates.filter((x) => clauseOf(x) === clauseOf(near)).sort((x, y) => dist(x, near) - dist(y, near))[0];
      if (back === d) out.push({ entity: near, date: d });
    }
  }
  return out;
}

function segmentStarts(text: string, sentence: Span, dates: DateMention[]): number[] {
  const starts = [sentence.start];
  const opening = dates.find((d) => /^\s*(?:(?:in|on|by|during|since|from|at)\s+)?$/i.test(text.slice(sentence.start, d.start)));
  for (let i = sentence.start; i < sentence.end; i++) {
    const ch = text[i];
    if (ch === 'a' && text.startsWith('and ', i) && /\s/.test(text[i - 1] ?? '')) starts.push(i + 4);
    else if (ch === ';' || ch === '(' || ch === ')' || (ch === ',' && !(opening && i >= opening.end && i <= opening.end + 1) && !insideDate(dates, i))) starts.push(i + 1);
  }
  return starts;
}

function insideDate(dates: DateMention[], i: number): boolean {
  return dates.some((d) => i >= d.start && i < d.end);
}

function swapRange(text: string): string | undefined {
  const m = /^(.*?)(\s*[-–—]\s*|\s+(?:to|and|until|till)\s+)(.*)$/s.exec(text);
  if (!m) return undefined;
  const lead = /^((?:between|from)\s+)?(.*)$/is.exec(m[1])!;
  return `${lead[1] ?? ''}${m[3]}${m[2]}${lead[2]}`;
}

function matchCase(name: string, like: string): string {
  let out = name;
  if (like.length <= 4 && !like.startsWith(name)) out = name.slice(0, like.replace('.', '').length) + (like.endsWith('.') ? '.' : '');
  if (like === like.toUpperCase()) return out.toUpperCase();
  if (like === like.toLowerCase()) return out.toLowerCase();
  return out;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ');
}
