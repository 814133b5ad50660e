// Event claims: "the Collective Security Treaty was signed on 15 May 1992". One extractor serves
// both sides: on a corpus it learns dated facts, on a note it finds the claims that date checks
// compare with those facts. It ties an entity, an event verb and a date within one clause, and
// says nothing when the sentence does not make the tie plain (a miss costs less than a false
// alarm).

import type { DateMention, EventType, Span } from '../types';
import type { EntityMention } from '../recognize/entities';
import states from './states.json';
import { maxOf, minOf } from '../arrays';

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
  /**
   * The event's identity: entity, event group (founded, signed, adopted and "dates from" are one
   * origin) and party. Two claims date the same event only when their keys are equal.
   */
  eventKey: string;
  /** The document whose date this is ("created by the Treaty of Asunción, signed on 26 March 1991"). */
  via?: string;
  /** The event in words, for messages: "NATO's founding", "Kazakhstan's accession to the CSTO". */
  event: string;
}

/** The event group of a claim type: the origins of a body or document are one event. */
export function eventGroup(type: ClaimType): string {
  return type === 'origin' || type === 'founded' || type === 'signed' || type === 'adopted' ? 'origin' : type;
}

const EVENT_NOUNS: Record<ClaimType, string> = {
  founded: 'founding',
  signed: 'signature',
  adopted: 'adoption',
  origin: 'origin',
  'in-force': 'entry into force',
  renamed: 'renaming',
  joined: 'accession',
  left: 'withdrawal',
  dissolved: 'dissolution',
};

/** The event key and description of a claim about `entityId`, named in the text as `name`. */
export function describeClaim(entityId: string, type: ClaimType, name: string, party?: string): { eventKey: string; event: string } {
  const who = name.replace(/^(?:the|The)\s+/, '').replace(/\s+/g, ' ');
  const event = type === 'joined' ? `${party}'s accession to ${who}` : type === 'left' ? `${party}'s withdrawal from ${who}` : `${who}'s ${EVENT_NOUNS[type]}`;
  return { eventKey: `${entityId}|${eventGroup(type)}|${party ?? ''}`, event };
}

const VERBS: [ClaimType, string][] = [
  ['in-force', 'entered into force|enters into force|entering into force|came into force|comes into force|went into force|entered into effect|came into effect|took effect|came into being'],
  ['origin', 'dates? from|dated from|dating from|goes back to'],
  ['founded', 'founded|established|created|set up|formed|launched|inaugurated|emerged|introduced'],
  ['signed', 'signed|concluded|opened for signature'],
  ['adopted', 'adopted|approved'],
  ['renamed', 'renamed|transformed|reorganized|reorganised'],
  ['joined', 'joined|acceded to|was admitted to|were admitted to|became (?:a )?members? of'],
  ['left', 'left|withdrew from|withdrew|quit'],
  ['dissolved', 'dissolved|abolished|disbanded|ceased to exist|ceased existence|ceased its existence'],
];
export const VERB_RE = new RegExp(`(?<![\\p{L}])(?:${VERBS.map(([, v]) => `(${v.replace(/ /g, '\\s+')})`).join('|')})(?![\\p{L}])`, 'giu');
/** The same verbs, tried at one place (sticky), where a scan of the words says one may start. */
const VERB_AT = new RegExp(VERB_RE.source, 'iuy');
/**
 * The first word of every verb, in lower case ("entered", "dates", "date", "set"…), from VERBS: a
 * verb can start only on one of them. Their lengths and first letters bound the words looked up.
 */
const VERB_FIRST_WORDS: ReadonlySet<string> = (() => {
  const out = new Set<string>();
  for (const [, alternatives] of VERBS) {
    for (const alt of alternatives.split('|')) {
      const first = alt.split(' ')[0];
      if (first.endsWith('?')) {
        out.add(first.slice(0, -2));
        out.add(first.slice(0, -1));
      } else out.add(first);
    }
  }
  return out;
})();
const VERB_FIRST_MIN = minOf([...VERB_FIRST_WORDS].map((w) => w.length));
const VERB_FIRST_MAX = maxOf([...VERB_FIRST_WORDS].map((w) => w.length));
/** The first two letters of the verbs' first words, in lower case, as (first << 7 | second). */
const VERB_PAIRS = new Uint8Array(128 * 128);
for (const w of VERB_FIRST_WORDS) VERB_PAIRS[(w.charCodeAt(0) << 7) | w.charCodeAt(1)] = 1;

function isAsciiLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * The matches of VERB_RE in `body`, in order: what `body.matchAll(VERB_RE)` gives, without trying
 * the expression at every character. An ASCII word whose neighbours are ASCII is tried only when it
 * is a verb's first word (in any case); next to anything else (a non-ASCII character, which may be
 * a letter or fold to one under the expression's case-insensitive Unicode matching) the
 * expression itself decides.
 */
export function verbMatches(body: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  const n = body.length;
  const tryAt = (p: number): number => {
    VERB_AT.lastIndex = p;
    const m = VERB_AT.exec(body);
    if (!m) return -1;
    out.push(m);
    return p + m[0].length;
  };
  let p = 0;
  while (p < n) {
    const c = body.charCodeAt(p);
    if (c >= 128) {
      // A surrogate starts no verb; any other character is left to the expression.
      const next = (c & 0xf800) === 0xd800 ? -1 : tryAt(p);
      p = next > p ? next : p + 1;
      continue;
    }
    if (!isAsciiLetterCode(c)) {
      p++;
      continue;
    }
    // An ASCII word at p: the character before it is not an ASCII letter (whole words are skipped).
    let e = p + 1;
    while (e < n && isAsciiLetterCode(body.charCodeAt(e))) e++;
    const before = p > 0 ? body.charCodeAt(p - 1) : 0;
    const after = e < n ? body.charCodeAt(e) : 0;
    let next = -1;
    if (before >= 128 || after >= 128) next = tryAt(p);
    else if (e - p >= VERB_FIRST_MIN && e - p <= VERB_FIRST_MAX && VERB_PAIRS[((c | 32) << 7) | (body.charCodeAt(p + 1) | 32)] && VERB_FIRST_WORDS.has(body.slice(p, e).toLowerCase())) next = tryAt(p);
    p = next > p ? next : e;
  }
  return out;
}

/** The same verbs, for a yes/no test (no global state, compiled once). */
const VERB_TEST = new RegExp(VERB_RE.source, 'iu');
/** Verbs used without an object: their subject is the entity. */
const INTRANSITIVE = new Set<ClaimType>(['in-force', 'origin', 'dissolved']);
/** What follows an active verb that has an object: a determiner and a noun phrase ("adopted a statement", "set up its own force"). */
const ACTIVE_OBJECT = /^\s+(?:a|an|the|its|their|his|her|our|this|that|these|those|several|new)\s+\S/i;
const AUXILIARY = /\b(?:was|were|been|be|is|are|being|had been|has been|have been)\s+(?:(?:officially|formally|finally|first|later|also|then|eventually|subsequently|only|already|solemnly|jointly|originally)\s+)*$/i;
const PRONOUN = /\b(?:it|It|they|They)\s+(?:(?:officially|formally|finally|later|then|also|eventually|subsequently|only)\s+)*$/;
const STATE_RE = new RegExp(`(?<![\\p{L}])(${states.join('|')})(?![\\p{L}])`, 'gu');

const ABBREVIATION = /(?:\b(?:St|Mr|Mrs|Dr|Prof|No|Vol|pp|p|vs|etc|e\.g|i\.e|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.N|[A-Z]))$/;

/** Sentences: split at terminal punctuation before a capital, at blank lines and list items. */
export function splitSentences(text: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  // (?<![.!?]) starts a run of terminal punctuation once, not at each of its characters.
  // A Markdown table row is a sentence of its own: no event crosses rows. (Each alternative
  // starts on a fixed character, never with a look-behind over a run: linear on runs of spaces.)
  const re = /(?<![.!?])[.!?]+["”’)]*(?=\s+["“‘(]?[\p{Lu}\d])|\r?\n[ \t]*\r?\n|\r?\n(?=[ \t]*(?:[-*•+]|\d+[.)])\s)|\r?\n(?=[ \t]*\|)|\|[ \t]*\r?\n/gu;
  for (const m of text.matchAll(re)) {
    const end = m.index! + (m[0].startsWith('\n') || m[0].startsWith('\r') ? 0 : m[0].length);
    if (m[0][0] === '.' && ABBREVIATION.test(text.slice(Math.max(0, m.index! - 6), m.index!))) continue;
    if (end > start) out.push({ start, end });
    start = m.index! + m[0].length;
  }
  if (start < text.length) out.push({ start, end: text.length });
  return out.filter((s) => hasNonSpace(text, s.start, s.end));
}

/** Whether text[start, end) holds anything but white space (what trim() leaves, without the copy). */
function hasNonSpace(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isTrimmedSpace(text.charCodeAt(i))) return true;
  return false;
}

/** The white space and line terminators that trim() removes (and \s matches). */
function isTrimmedSpace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * The semicolons of a text, found with indexOf from where the last one stood: asked in text order
 * (sentence after sentence), the search stays linear in the text.
 */
class Semicolons {
  private next = -2; // -1: none left; -2: not looked for yet
  private from = 0; // where `next` was looked for from
  constructor(private readonly text: string) {}
  /** The first semicolon at or after `from`, or -1 (asked out of order, it looks again). */
  at(from: number): number {
    if (from < this.from || (this.next !== -1 && this.next < from)) {
      this.next = this.text.indexOf(';', from);
      this.from = from;
    }
    return this.next;
  }
}

function splitClauses(text: string, sentence: Span, semicolons: Semicolons): Span[] {
  const out: Span[] = [];
  let s = sentence.start;
  for (let i = semicolons.at(sentence.start); i >= 0 && i < sentence.end; i = semicolons.at(i + 1)) {
    out.push({ start: s, end: i });
    s = i + 1;
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
  const semicolons = new Semicolons(text);
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
    const firstClaim = claims.length;
    // Clauses once per sentence; each verb finds its clause by moving forward (verbs come in order).
    const clauses = splitClauses(text, sentence, semicolons);
    let ci = 0;
    for (const m of verbMatches(body)) {
      const type = VERBS[m.slice(1).findIndex((g) => g !== undefined)]?.[0];
      if (!type) continue;
      const verb = { start: sentence.start + m.index!, end: sentence.start + m.index! + m[0].length, text: m[0] };
      // A verb inside a recognized name ("Founding Act") is not a verb.
      if (nearOverlaps(sEntities, sentence, verb)) continue;
      while (ci < clauses.length - 1 && clauses[ci].end < verb.end) ci++;
      const clause = clauses[ci];
      if (verb.start < clause.start || verb.end > clause.end) continue;
      const claim = tie(text, type, verb, clause, sentence, near(sEntities, clause, verb), near(sDates, clause, verb));
      if (claim) claims.push(claim);
    }
    // "Mercosur was created by the Treaty of Asunción, signed … on 26 March 1991": the body's
    // founding is dated by the document that created it, and says so (the claim carries `via`).
    for (let k = firstClaim, n = claims.length; k < n; k++) {
      const doc = claims[k];
      if (doc.type !== 'signed' || doc.mention.kind !== 'treaty') continue;
      const body = lastWhere(sEntities, (e) => e.kind === 'organization' && !e.programme && e.end <= doc.mention.start);
      if (!body || doc.mention.start - body.end > 120) continue;
      const m = CREATED_BY.exec(text.slice(body.end, doc.mention.start));
      if (!m) continue;
      const at = body.end + m.index! + m[0].indexOf(m[1]);
      const verb = { start: at, end: at + m[1].length, text: m[1] };
      claims.push({ entityId: body.entityId, type: 'founded', date: doc.date, mention: body, verb, clause: sentence, via: doc.mention.text.replace(/\s+/g, ' '), ...describeClaim(body.entityId, 'founded', body.text) });
    }
    // "the Treaty of Asunción of 26 March 1991": a document dated by "of" is its origin.
    const dated = new Set<DateMention>();
    for (let k = firstClaim; k < claims.length; k++) dated.add(claims[k].date);
    let cj = 0;
    for (const e of sEntities) {
      if (e.kind !== 'treaty' || e.programme) continue;
      const of = /^\s+of\s+$/.exec(text.slice(e.end, Math.min(e.end + 8, sentence.end)).replace(/(\s+of\s+).*$/s, '$1'));
      if (!of) continue;
      const at = e.end + of[0].length;
      const date = near(sDates, sentence, { start: at, end: at }).find((d) => d.start === at);
      if (!date || dated.has(date)) continue;
      const verb = { start: e.end + of[0].indexOf('of'), end: e.end + of[0].indexOf('of') + 2, text: 'of' };
      while (cj < clauses.length - 1 && clauses[cj].end < e.end) cj++;
      const clause = clauses[cj].start <= e.start && date.end <= clauses[cj].end ? clauses[cj] : sentence;
      claims.push({ entityId: e.entityId, type: 'origin', date, mention: e, verb, clause, ...describeClaim(e.entityId, 'origin', e.text) });
    }
  }
  return claims;
}

/** What may follow the body a state joined: the clause goes on, it does not name something of the body's. */
const JOINED_OBJECT_END = /^\s*(?:$|[,.;:)\]!?–—]|(?:in|on|at|as|and|or|with|after|before|when|for|by|from|since|until|during|itself|together|only|also|later|then|but|that|which|while|because|under|to|its|the|a|an|alongside|along|officially|formally|fully)\b|\d)/i;

/** What may follow a name that is the subject or object of a claim; anything else makes it a modifier ("the CIS countries", "the CIS treaty"). */
const NAME_END = /^\s*(?:$|[,.;:)\]!?–—(|]|['’]s\s+(?:founding|creation|establishment|charter|statute)\b|(?:in|on|at|as|and|or|with|after|before|when|for|by|from|since|until|during|itself|together|only|also|later|then|but|that|which|while|because|under|to|its|the|a|an|alongside|along|officially|formally|fully|was|were|is|are|has|had|have|been|being|would|will|finally|first|eventually|subsequently|originally|itself|[a-z]+ed|[a-z]+ing)\b|\d)/i;
/** A document named before the body in the clause: the date is the document's ("the Protocol to the Decision on the Creating of the CIS was signed"). */
const DOCUMENT_NEAR = /\b(?:Act|Treaty|Agreement|Charter|Declaration|Protocol|Convention|Accords?|Memorandum|Statute|Communiqué|Program(?:me)?|treaty|agreement|protocol|charter|decision|documents?|program(?:me)?|statute|declaration|memorandum|convention)\b[^.;]{0,100}$/;

/** How far from its verb a claim's entity and date may stand (UTF-16 units): bounds the work per verb. */
const REACH = 400;
/** What lies between a body and the document that created it: ") was created by the ". */
const CREATED_BY = /^\)?\s*(?:was|were|had been|has been)\s+(?:(?:officially|formally|originally|first|jointly)\s+)?(created|founded|established|set\s+up|formed)\s+(?:by|under|through)\s+(?:the\s+)?$/i;

/** The window of a clause within reach of the verb, and the first item of a sorted list in it (binary search). */
function reach<T extends Span>(xs: T[], clause: Span, verb: Span): { lo: number; to: number } {
  const from = Math.max(clause.start, verb.start - REACH);
  const to = Math.min(clause.end, verb.end + REACH);
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid].start < from) lo = mid + 1;
    else hi = mid;
  }
  return { lo, to };
}

/** The items of a sorted list in a clause and within reach of the verb. */
function near<T extends Span>(xs: T[], clause: Span, verb: Span): T[] {
  const { lo, to } = reach(xs, clause, verb);
  const out: T[] = [];
  for (let k = lo; k < xs.length && xs[k].start < to; k++) if (xs[k].end <= to) out.push(xs[k]);
  return out;
}

/** Whether an item that `near(xs, clause, verb)` would give overlaps the verb (without making the list). */
function nearOverlaps<T extends Span>(xs: T[], clause: Span, verb: Span): boolean {
  const { lo, to } = reach(xs, clause, verb);
  for (let k = lo; k < xs.length && xs[k].start < to; k++) if (xs[k].end <= to && verb.start < xs[k].end && verb.end > xs[k].start) return true;
  return false;
}

/** The last of xs[0, end) that satisfies `pred`, tried from the end: what [...xs].reverse().find(pred) gives, without the copy. */
function lastWhere<T>(xs: readonly T[], pred: (x: T) => boolean, end = xs.length): T | undefined {
  for (let i = end - 1; i >= 0; i--) if (pred(xs[i])) return xs[i];
  return undefined;
}

/** Words that make a document of what follows them ("the Founding Act between NATO and Russia"). */
const DOCUMENT_BEFORE = /\b(?:Act|Treaty|Agreement|Charter|Declaration|Protocol|Convention|Accords?|Memorandum|Statute|Communiqué)\s+(?:(?:on|of|between|with|for)\s+[^,;]{0,80}?)?(?:between|with|and|of|by)\s+(?:the\s+)?$/;

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
  const date = dates.find((d) => inClause(d) && d.start >= verb.end) ?? lastWhere(dates, (d) => inClause(d) && d.end <= verb.start);
  if (!date) return undefined;
  // Another event verb between the verb and its date takes that date for itself.
  const between = text.slice(Math.min(verb.end, date.end), Math.max(verb.start, date.start));
  if (date.start >= verb.end && VERB_TEST.test(between)) return undefined;

  // What precedes the verb, bounded: the tests below look only at its end.
  const lead = text.slice(Math.max(clause.start, verb.start - 120), verb.start);
  let party: string | undefined;
  let mention: EntityMention | undefined;
  if (type === 'joined' || type === 'left') {
    const states = [...text.slice(Math.max(sentence.start, clause.start, verb.start - 200), verb.start).matchAll(STATE_RE)];
    party = states.length ? states[states.length - 1][1] : undefined;
    if (!party) return undefined;
    // The body joined is the verb's object: the first name after it. "Joined NATO's PARP" and
    // "joined the Partnership for Peace" join a programme, not the body.
    const object = entities.find((e) => e.start >= verb.end);
    if (object) {
      const gap = text.slice(verb.end, object.start);
      // "NATO's PARP", "NATO program “Planning and Review Process”": the body names what was joined.
      const possessive = /^['’]s?\b/.test(text.slice(object.end, object.end + 3)) || !JOINED_OBJECT_END.test(text.slice(object.end, object.end + 24));
      if (object.kind !== 'organization' || object.programme || possessive || object.start - verb.end >= 40 || !/^\s*(?:the\s+)?$/i.test(gap)) return undefined;
      mention = object;
    } else {
      mention = lastWhere(entities, (e) => e.kind === 'organization' && !e.programme && e.end <= verb.start);
    }
  } else {
    let subject = lastWhere(entities, (e) => inClause(e) && e.end <= verb.start);
    // "The Founding Act between NATO and Russia was signed": NATO is not what was signed.
    const s0 = subject;
    if (s0) {
      const k = entities.indexOf(s0);
      const before = text.slice(Math.max(clause.start, k > 0 ? entities[k - 1].end : clause.start, s0.start - 160), s0.start);
      if (/\b(?:between|with|and|of|by)\s+(?:the\s+)?$/.test(before)) {
        const doc = lastWhere(entities, (e) => e.kind === 'treaty' && /^[^.;]*$/.test(text.slice(e.end, s0.start)), k);
        if (doc && /^\s*(?:\S+\s+){0,12}?(?:between|with|and|of|by)\s+(?:the\s+)?$/.test(text.slice(doc.end, s0.start))) subject = doc;
        else if (DOCUMENT_BEFORE.test(text.slice(Math.max(clause.start, s0.start - 160), s0.start))) return undefined;
      }
      // "The Agreement to create the CIS was signed": what was signed is the document.
      if (subject === s0 && s0.kind === 'organization' && DOCUMENT_NEAR.test(text.slice(Math.max(clause.start, k > 0 ? entities[k - 1].end : clause.start, s0.start - 160), s0.start))) subject = undefined;
      if (subject && !NAME_END.test(text.slice(subject.end, subject.end + 30))) subject = undefined;
    }
    // The object follows the verb, before its date; "adopted by the EU heads of state" names the agent, not the object.
    const object = entities.find((e) => inClause(e) && e.start >= verb.end && (e.start - verb.end) < 60 && (date.start < verb.end || e.start < date.start || e.start - verb.end < 15) && !/\bby\b/i.test(text.slice(verb.end, e.start)));
    const passive = AUXILIARY.test(lead);
    const pronoun = PRONOUN.test(lead);
    // "X, created in 2002," and "X (founded 2001)": a participle right after the name.
    // A table row ("| CST | 15 May 1992 | signed |"): the row's one name is what the verb is about.
    const row = text.charCodeAt(clause.start + (text.slice(clause.start, clause.start + 8).search(/\S/) >>> 0)) === 124;
    // Not an active verb with an object no recognizer named: "the ARF adopted a Vision Statement in
    // 2009" dates the statement, not the ARF.
    const takesObject = ACTIVE_OBJECT.test(text.slice(verb.end, verb.end + 24));
    const participle = subject !== undefined && !takesObject && (/^[\s,:(–—-]*$/.test(text.slice(subject.end, verb.start)) || (row && entities.filter((e) => e.end <= verb.start).length === 1));
    if (passive || INTRANSITIVE.has(type)) {
      if (pronoun) mention = lastWhere(entities, (e) => e.end <= verb.start);
      else mention = subject;
    } else if (object && !passive) {
      if (!NAME_END.test(text.slice(object.end, object.end + 30))) return undefined;
      mention = object;
    } else if (participle) {
      mention = subject;
    }
  }
  if (!mention) return undefined;
  return { entityId: mention.entityId, type, date, party, mention, verb, clause, ...describeClaim(mention.entityId, type, mention.text, party) };
}
