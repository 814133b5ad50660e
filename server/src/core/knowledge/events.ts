// Event claims: "the Collective Security Treaty was signed on 15 May 1992". One extractor serves
// both sides: on a corpus it learns dated facts, on a note it finds the claims that date checks
// compare with those facts. It ties an entity, an event verb and a date within one clause, and
// says nothing when the sentence does not make the tie plain (a miss costs less than a false
// alarm).

import type { DateMention, EventType, Span } from '../types';
import type { EntityMention } from '../recognize/entities';
import states from './states.json';

/** 'origin' is "dates from": it agrees with whichever of founded, signed or adopted the sources give. */
export type ClaimType = EventType | 'origin';

export interface EventClaim {
  entityId: string;
  type: ClaimType;
  date: DateMention;
  party?: string;
  mention: EntityMention;
  verb: Span & { text: string };
  clause: Span;
}

const VERBS: [ClaimType, string][] = [
  ['in-force', 'entered into force|came into force|went into force|entered into effect|came into effect|took effect|came into being'],
  ['origin', 'dates? from|dated from|dating from|goes back to'],
  ['founded', 'founded|established|created|set up|formed|launched|inaugurated|emerged|introduced'],
  ['signed', 'signed|concluded'],
  ['adopted', 'adopted|approved'],
  ['renamed', 'renamed|transformed|reorganized|reorganised'],
  ['joined', 'joined|acceded to|was admitted to|were admitted to|became (?:a )?members? of'],
  ['left', 'left|withdrew from|withdrew|quit'],
  ['dissolved', 'dissolved|abolished|disbanded|ceased to exist|ceased existence|ceased its existence'],
];
const VERB_RE = new RegExp(`(?<![\\p{L}])(?:${VERBS.map(([, v]) => `(${v.replace(/ /g, '\\s+')})`).join('|')})(?![\\p{L}])`, 'giu');
/** The same verbs, for a yes/no test (no global state, compiled once). */
const VERB_TEST = new RegExp(VERB_RE.source, 'iu');
/** Verbs used without an object: their subject is the entity. */
const INTRANSITIVE = new Set<ClaimType>(['in-force', 'origin', 'dissolved']);
const AUXILIARY = /\b(?:was|were|been|be|is|are|being|had been|has been|have been)\s+(?:(?:officially|formally|finally|first|later|also|then|eventually|subsequently|only|already|solemnly|jointly|originally)\s+)*$/i;
const PRONOUN = /\b(?:it|It|they|They)\s+(?:(?:officially|formally|finally|later|then|also|eventually|subsequently|only)\s+)*$/;
const STATE_RE = new RegExp(`(?<![\\p{L}])(${states.join('|')})(?![\\p{L}])`, 'gu');

const ABBREVIATION = /(?:\b(?:St|Mr|Mrs|Dr|Prof|No|Vol|pp|p|vs|etc|e\.g|i\.e|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.N|[A-Z]))$/;

/** Sentences: split at terminal punctuation before a capital, at blank lines and list items. */
export function splitSentences(text: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  // (?<![.!?]) starts a run of terminal punctuation once, not at each of its characters.
  const re = /(?<![.!?])[.!?]+["”’)]*(?=\s+["“‘(]?[\p{Lu}\d])|\r?\n[ \t]*\r?\n|\r?\n(?=[ \t]*(?:[-*•+]|\d+[.)])\s)/gu;
  for (const m of text.matchAll(re)) {
    const end = m.index! + (m[0].startsWith('\n') || m[0].startsWith('\r') ? 0 : m[0].length);
    if (m[0][0] === '.' && ABBREVIATION.test(text.slice(Math.max(0, m.index! - 6), m.index!))) continue;
    if (end > start) out.push({ start, end });
    start = m.index! + m[0].length;
  }
  if (start < text.length) out.push({ start, end: text.length });
  return out.filter((s) => text.slice(s.start, s.end).trim().length > 0);
}

function splitClauses(text: string, sentence: Span): Span[] {
  const out: Span[] = [];
  let s = sentence.start;
  for (let i = sentence.start; i < sentence.end; i++) {
    if (text[i] === ';') {
      out.push({ start: s, end: i });
      s = i + 1;
    }
  }
  out.push({ start: s, end: sentence.end });
  return out;
}

function inSpan(x: Span, s: Span): boolean {
  return x.start >= s.start && x.end <= s.end;
}

/**
 * Finds event claims. `entities` and `dates` must be sorted by start (as the recognizers return
 * them) and refer to `text`.
 */
export function extractEvents(text: string, entities: EntityMention[], dates: DateMention[], sentences = splitSentences(text)): EventClaim[] {
  const claims: EventClaim[] = [];
  let ei = 0;
  let di = 0;
  for (const sentence of sentences) {
    while (ei < entities.length && entities[ei].end <= sentence.start) ei++;
    while (di < dates.length && dates[di].end <= sentence.start) di++;
    const sEntities: EntityMention[] = [];
    for (let k = ei; k < entities.length && entities[k].start < sentence.end; k++) if (inSpan(entities[k], sentence)) sEntities.push(entities[k]);
    const sDates: DateMention[] = [];
    for (let k = di; k < dates.length && dates[k].start < sentence.end; k++) if (inSpan(dates[k], sentence)) sDates.push(dates[k]);
    if (!sEntities.length || !sDates.length) continue;
    const body = text.slice(sentence.start, sentence.end);
    for (const m of body.matchAll(VERB_RE)) {
      const type = VERBS[m.slice(1).findIndex((g) => g !== undefined)]?.[0];
      if (!type) continue;
      const verb = { start: sentence.start + m.index!, end: sentence.start + m.index! + m[0].length, text: m[0] };
      // A verb inside a recognized name ("Founding Act") is not a verb.
      if (sEntities.some((e) => verb.start < e.end && verb.end > e.start)) continue;
      const clause = splitClauses(text, sentence).find((c) => verb.start >= c.start && verb.end <= c.end)!;
      const claim = tie(text, type, verb, clause, sentence, sEntities, sDates);
      if (claim) claims.push(claim);
    }
  }
  return claims;
}

function tie(
  text: string,
  type: ClaimType,
  verb: Span & { text: string },
  clause: Span,
  sentence: Span,
  entities: EntityMention[],
  dates: DateMention[],
): EventClaim | undefined {
  const inClause = (x: Span) => inSpan(x, clause);
  // The date: the nearest after the verb in the clause, else the nearest before it.
  const after = dates.filter((d) => inClause(d) && d.start >= verb.end);
  const before = dates.filter((d) => inClause(d) && d.end <= verb.start);
  const date = after[0] ?? before[before.length - 1];
  if (!date) return undefined;
  // Another event verb between the verb and its date takes that date for itself.
  const between = text.slice(Math.min(verb.end, date.end), Math.max(verb.start, date.start));
  if (date.start >= verb.end && VERB_TEST.test(between)) return undefined;

  const lead = text.slice(clause.start, verb.start);
  let party: string | undefined;
  let mention: EntityMention | undefined;
  if (type === 'joined' || type === 'left') {
    const states = [...text.slice(sentence.start, verb.start).matchAll(STATE_RE)];
    party = states.length ? states[states.length - 1][1] : undefined;
    if (!party) return undefined;
    mention =
      entities.find((e) => e.kind === 'organization' && e.start >= verb.end && e.start - verb.end < 40) ??
      [...entities].reverse().find((e) => e.kind === 'organization' && e.end <= verb.start);
  } else {
    const subject = [...entities].reverse().find((e) => inClause(e) && e.end <= verb.start);
    // The object follows the verb, before its date; "adopted by the EU heads of state" names the agent, not the object.
    const object = entities.find((e) => inClause(e) && e.start >= verb.end && (e.start - verb.end) < 60 && (date.start < verb.end || e.start < date.start || e.start - verb.end < 15) && !/\bby\b/i.test(text.slice(verb.end, e.start)));
    const passive = AUXILIARY.test(lead);
    const pronoun = PRONOUN.test(lead);
    const participle = subject !== undefined && /^[\s,:–—-]*$/.test(text.slice(subject.end, verb.start));
    if (passive || INTRANSITIVE.has(type)) {
      if (pronoun) mention = [...entities].reverse().find((e) => e.end <= verb.start);
      else mention = subject;
    } else if (object && !passive) {
      mention = object;
    } else if (participle) {
      mention = subject;
    }
  }
  if (!mention) return undefined;
  return { entityId: mention.entityId, type, date, party, mention, verb, clause };
}
