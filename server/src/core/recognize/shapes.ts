// Names by their shape: bodies and documents no catalog names, recognized by their head word and
// structure. "Nuclear Suppliers Group", "Organization of African Unity", "Treaty on Open Skies",
// "Constitutive Act of the African Union", "Resolution 1701". A name is a run of capitalized
// words (modifiers) before a head word, the head, and complements after it ("of / on / for / in /
// between" + capitalized words). The kind follows the head: Council → organization, Treaty →
// treaty, Policy → a programme. What has no head word is not a name here: places ("the Strait
// of Hormuz"), people ("President Obama"), events ("the Gulf War"), generic phrases ("the
// Security Dialogue"), words of a title-case heading. One pass over the words.

import type { EntityKind } from '../types';
import { nameKey } from '../text/fold';
import { wordSpans, type WordSpans } from './words';
import notNames from './not-names.json';

type HeadKind = 'organization' | 'treaty' | 'programme';

const HEADS = new Map<string, HeadKind>();
for (const w of 'Organization Organisation Agency Council Union Community Conference Forum Commission Court Group Regime Arrangement Alliance Mission Force Forces Institute Bank Fund Office League Association Committee Secretariat Initiative Authority Department Ministry Assembly Tribunal Centre Center Service Command Parliament Coalition Board Bureau Directorate Corps Headquarters Movement'.split(' ')) HEADS.set(w, 'organization');
for (const w of 'Treaty Treaties Convention Protocol Agreement Accord Accords Charter Act Declaration Strategy Resolution Report Doctrine Memorandum Pact Statute Communiqué Concept Code'.split(' ')) HEADS.set(w, 'treaty');
for (const w of 'Programme Program Policy Process Partnership Plan'.split(' ')) HEADS.set(w, 'programme');
/** Heads that make a name only after a modifier ("Brahimi Report"), never as "Report on …". */
const WEAK_HEADS = new Set(['Report', 'Code', 'Plan', 'Process', 'Cooperation', 'Movement', 'Concept', 'Service', 'Command', 'Board']);
/** Heads that make a name only with a complement ("Partnership for Peace", not "Eastern Partnership Council"…). */
const COMPLEMENT_ONLY = new Set(['Partnership']);
const COMPLEMENT = new Set(['of', 'on', 'for', 'in', 'between', 'against', 'to']);
const INNER = new Set(['of', 'and', 'for', 'the', 'on', 'in', 'to', 'against']);
/** Words a sentence or phrase may begin with that are not part of a name. */
const LEADING = new Set('The This That These Those Its Their Our His Her A An In On At By For With From After Before When While Under Since Both Each Every Such Of And But As Through Within Upon Via Later Then Also Thus Did Does Do Was Were Is Are Has Have Had Why How What Which Whether If See Unlike Like Between Against Only Even Not No New Whose Where During Until Toward Towards Into Over Per'.split(' '));
/** A modifier too generic to make a name by itself with the head ("Final Act", "Joint Declaration"). */
const GENERIC = new Set('Final First New Joint Main Same Other Second Third Further Special Separate Whole Entire Basic Said Original Relevant Last Next Previous Current Present Draft Bilateral Multilateral International Regional Common Single Founding Annual General Executive Permanent Security Review National Federal Central Supreme Local Military Political Economic Global Interim Secret Various Several Many Most Some Any Each All Peace'.split(' '));
const DIRECTIONS = new Set(['West', 'East', 'North', 'South', 'Western', 'Eastern', 'Northern', 'Southern']);
/** Heads (or last words) that take a place as part of the name: "Mission in Somalia", "Cooperation in Southeast Asia". */
const IN_PLACE = new Set(['Mission', 'Force', 'Forces', 'Cooperation', 'Security', 'Presence', 'Zone', 'Operation', 'Operations', 'Office', 'Representative']);
const MONTHS = new Set('January February March April May June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec'.split(' '));
const NOMINALIZATION = /^[a-z]+(?:tion|ment|ance|ence|sion)$/;
const NOT_NAMES = new Set((notNames as { names: string[] }).names.map(nameKey));

export interface ShapeName {
  start: number;
  end: number;
  /** Where the head word starts: what comes before it are modifiers. */
  headStart: number;
  name: string;
  kind: EntityKind;
  programme: boolean;
}

/** Whether the word starting at `start` is capitalized. */
function isCapAt(text: string, start: number): boolean {
  const c = text.charCodeAt(start);
  if (c >= 65 && c <= 90) return true;
  if (c <= 127) return false;
  const ch = text[start];
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

function isAcronymWord(t: string): boolean {
  let caps = 0;
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) >= 65 && t.charCodeAt(i) <= 90) caps++;
  return caps >= 2;
}

const QUOTE = 0x27; // '
const RIGHT_QUOTE = 0x2019; // ’
const EN_DASH = 0x2013; // –

/**
 * Whether the separator text[aEnd, bStart) joins two neighbouring words as in a name: spaces with
 * one line break at most, a hyphen, or an apostrophe ("Ministers' Meeting"). Read in place.
 */
function joinedAt(text: string, aEnd: number, bStart: number): boolean {
  if (bStart - aEnd > 6) return false;
  let nl = 0;
  let marks = false;
  for (let i = aEnd; i < bStart; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) nl++;
    else if (c === QUOTE || c === RIGHT_QUOTE || c === EN_DASH) marks = true;
    else if (c !== 32 && c !== 9 && c !== 13 && c !== 45 && c !== 0x2010) return false;
  }
  // Two apostrophes, or an en dash before a space: not a join (tested only where they occur).
  return nl <= 1 && !(marks && /[’']\s*[’']|–\s/.test(text.slice(aEnd, bStart)));
}

/** The kind a name's head gives it (the first head followed by a complement or ending the name). */
export function headKindOf(name: string): { kind: EntityKind; programme: boolean } | undefined {
  const ws = name.split(/[\s-]+/).filter(Boolean);
  for (let i = 0; i < ws.length; i++) {
    const h = HEADS.get(ws[i]);
    if (!h) continue;
    const next = ws[i + 1];
    if (next === undefined || COMPLEMENT.has(next)) return h === 'programme' ? { kind: 'organization', programme: true } : { kind: h, programme: false };
  }
  return undefined;
}

/**
 * Names found by shape in `text` (one paragraph). Lines of a title-case Markdown heading are
 * skipped (their words are capitalized as a heading, not as a name).
 */
export function findShapeNames(text: string, spans: WordSpans = wordSpans(text)): ShapeName[] {
  const { starts, ends, count } = spans;
  const out: ShapeName[] = [];
  const skipLine = text.indexOf('#') >= 0 ? headingLines(text) : () => false;
  // Words by index, read where they are (k < count); a word's text is sliced only when compared.
  const tx = (k: number): string => text.slice(starts[k], ends[k]);
  const is = (k: number, w: string): boolean => ends[k] - starts[k] === w.length && text.startsWith(w, starts[k]);
  const cap = (k: number): boolean => isCapAt(text, starts[k]);
  const joined = (a: number, b: number): boolean => joinedAt(text, ends[a], starts[b]);
  /** Whether word k is one of a set of words (capitalized sets: capitalized words only are sliced). */
  const inCapSet = (k: number, set: ReadonlySet<string>): boolean => cap(k) && set.has(tx(k));
  const inSet = (k: number, set: ReadonlySet<string>, maxLength: number): boolean => ends[k] - starts[k] <= maxLength && set.has(tx(k));
  let consumed = 0;
  for (let h = 0; h < count; h++) {
    // Every head is capitalized: other words are skipped before anything is sliced.
    const c0 = text.charCodeAt(starts[h]);
    if (c0 < 65 || c0 > 90) continue;
    const headText = tx(h);
    const hk = HEADS.get(headText);
    if (!hk || starts[h] < consumed) continue;
    if (skipLine(starts[h])) continue;
    // A capitalized word right after the head continues the name ("Forces Treaty"): the head is later.
    if (h + 1 < count && cap(h + 1) && joined(h, h + 1)) continue;
    // Modifiers: capitalized words (and "and"/"of"/"for" between two of them) right before the head.
    let m = h;
    while (m > 0) {
      const prev = m - 1;
      if (!joined(prev, m)) break;
      if (cap(prev) && !LEADING.has(tx(prev))) {
        m--;
        continue;
      }
      // "Peace and Security Council", not "Arms Trade Treaty and Resolution 1701": no head before "and".
      if ((is(prev, 'and') || is(prev, 'of') || is(prev, 'for')) && m >= 2 && cap(m - 2) && !LEADING.has(tx(m - 2)) && !HEADS.has(tx(m - 2)) && joined(m - 2, prev)) {
        m -= 2;
        continue;
      }
      break;
    }
    // Complements: "of / on / for / in / between" [the] capitalized words, repeated.
    let end = h;
    let complements = 0;
    for (;;) {
      const p = end + 1;
      if (p >= count || !inSet(p, COMPLEMENT, 7) || !joined(end, p)) break;
      let k = end + 2;
      if (k < count && (is(k, 'the') || is(k, 'a')) && joined(p, k)) k++;
      // "Agreement on the creation of the CIS": a nominalization, then "of".
      if (k < count && NOMINALIZATION.test(tx(k)) && k + 1 < count && is(k + 1, 'of') && joined(k - 1, k)) {
        const after = k + 2 < count && is(k + 2, 'the') ? k + 3 : k + 2;
        if (after < count && cap(after)) k = after;
        else break;
      }
      if (k >= count || !cap(k) || !joined(k - 1, k) || LEADING.has(tx(k)) || MONTHS.has(tx(k))) break;
      if (is(p, 'in') && !IN_PLACE.has(tx(end))) break;
      let last = k;
      while (last + 1 < count && joined(last, last + 1)) {
        const w = last + 1;
        if (cap(w) && !MONTHS.has(tx(w))) last++;
        else if (inSet(w, INNER, 7) && last + 2 < count && cap(last + 2) && joined(w, last + 2)) last += 2;
        else break;
      }
      // "in" takes a place of a few words ("Mission in Somalia"), not a clause.
      if (is(p, 'in') && last - k > 3) break;
      if (is(p, 'to') && hk !== 'treaty') break;
      end = last;
      complements++;
    }
    // "Resolution 1701"
    if (headText === 'Resolution') {
      const num = h + 1;
      if (num < count && /^\d{2,4}$/.test(tx(num)) && joined(h, num) && text.slice(ends[h], starts[num]).trim() === '') {
        out.push({ start: starts[m], end: ends[num], headStart: starts[h], name: text.slice(starts[m], ends[num]).replace(/\s+/g, ' '), kind: 'treaty', programme: false });
        consumed = ends[num];
      }
      continue;
    }
    const modifiers = h - m;
    if (modifiers === 0 && complements === 0) continue;
    if (WEAK_HEADS.has(headText) && modifiers === 0) continue;
    if (COMPLEMENT_ONLY.has(headText) && complements === 0) continue;
    if (modifiers === 1 && complements === 0 && (inCapSet(m, GENERIC) || inCapSet(m, DIRECTIONS))) continue;
    // A head word capitalized only because it starts a sentence, with nothing else: not a name.
    const start = starts[m];
    const stop = ends[end];
    const name = shapeName(text.slice(start, stop));
    if (NOT_NAMES.has(nameKey(name))) continue;
    // A title-case line of two heads and nothing else is a heading ("Security Council Reform").
    out.push({ start, end: stop, headStart: starts[h], name, kind: hk === 'programme' ? 'organization' : hk, programme: hk === 'programme' });
    consumed = stop;
  }
  return out;
}

/** A name as written across lines, as one line: "Nuclear-\nWeapon-Free  Zone" → "Nuclear-Weapon-Free Zone". */
export function shapeName(raw: string): string {
  return raw.replace(/\s*\n\s*/g, ' ').replace(/-\s+/g, '-');
}

/** A test for offsets on a Markdown heading line written in title case. */
function headingLines(text: string): (offset: number) => boolean {
  const ranges: [number, number][] = [];
  let ls = 0;
  while (ls < text.length) {
    let le = text.indexOf('\n', ls);
    if (le < 0) le = text.length;
    if (text.charCodeAt(ls) === 35 /* # */) {
      const line = text.slice(ls, le);
      const significant = line.match(/[\p{L}]{4,}/gu) ?? [];
      if (significant.length && significant.every((w) => w[0] !== w[0].toLowerCase())) ranges.push([ls, le]);
    }
    ls = le + 1;
  }
  return (o) => ranges.some(([a, b]) => o >= a && o < b);
}

export { isAcronymWord };
