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
import { words as scanWords, type Word } from './words';
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

function isCap(w: Word): boolean {
  const c = w.text.charCodeAt(0);
  return (c >= 65 && c <= 90) || (c > 127 && w.text[0] !== w.text[0].toLowerCase() && w.text[0] === w.text[0].toUpperCase());
}

function isAcronymWord(t: string): boolean {
  let caps = 0;
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) >= 65 && t.charCodeAt(i) <= 90) caps++;
  return caps >= 2;
}

/** Whether two neighbouring words are joined as in a name: spaces with one line break at most, a hyphen, or an apostrophe ("Ministers' Meeting"). */
function joined(text: string, a: Word, b: Word): boolean {
  const sep = text.slice(a.end, b.start);
  if (sep.length > 6) return false;
  let nl = 0;
  for (let i = 0; i < sep.length; i++) {
    const c = sep[i];
    if (c === '\n') nl++;
    else if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '-' && c !== '‐' && c !== '–' && c !== '’' && c !== "'") return false;
  }
  return nl <= 1 && !/[’']\s*[’']|–\s/.test(sep);
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
export function findShapeNames(text: string): ShapeName[] {
  const ws = scanWords(text);
  const out: ShapeName[] = [];
  const skipLine = text.indexOf('#') >= 0 ? headingLines(text) : () => false;
  let consumed = 0;
  for (let h = 0; h < ws.length; h++) {
    const head = ws[h];
    const hk = HEADS.get(head.text);
    if (!hk || head.start < consumed) continue;
    if (skipLine(head.start)) continue;
    const next = ws[h + 1];
    // A capitalized word right after the head continues the name ("Forces Treaty"): the head is later.
    if (next && isCap(next) && joined(text, head, next)) continue;
    // Modifiers: capitalized words (and "and"/"of"/"for" between two of them) right before the head.
    let m = h;
    while (m > 0) {
      const prev = ws[m - 1];
      if (!joined(text, prev, ws[m])) break;
      if (isCap(prev) && !LEADING.has(prev.text)) {
        m--;
        continue;
      }
      // "Peace and Security Council", not "Arms Trade Treaty and Resolution 1701": no head before "and".
      if ((prev.text === 'and' || prev.text === 'of' || prev.text === 'for') && m >= 2 && isCap(ws[m - 2]) && !LEADING.has(ws[m - 2].text) && !HEADS.has(ws[m - 2].text) && joined(text, ws[m - 2], prev)) {
        m -= 2;
        continue;
      }
      break;
    }
    // Complements: "of / on / for / in / between" [the] capitalized words, repeated.
    let end = h;
    let complements = 0;
    for (;;) {
      const p = ws[end + 1];
      if (!p || !COMPLEMENT.has(p.text) || !joined(text, ws[end], p)) break;
      let k = end + 2;
      if (ws[k] && (ws[k].text === 'the' || ws[k].text === 'a') && joined(text, p, ws[k])) k++;
      // "Agreement on the creation of the CIS": a nominalization, then "of".
      if (ws[k] && NOMINALIZATION.test(ws[k].text) && ws[k + 1]?.text === 'of' && joined(text, ws[k - 1], ws[k])) {
        const after = ws[k + 2]?.text === 'the' ? k + 3 : k + 2;
        if (ws[after] && isCap(ws[after])) k = after;
        else break;
      }
      if (!ws[k] || !isCap(ws[k]) || !joined(text, ws[k - 1], ws[k]) || LEADING.has(ws[k].text) || MONTHS.has(ws[k].text)) break;
      if (p.text === 'in' && !IN_PLACE.has(ws[end].text)) break;
      let last = k;
      while (ws[last + 1] && joined(text, ws[last], ws[last + 1])) {
        const w = ws[last + 1];
        if (isCap(w) && !MONTHS.has(w.text)) last++;
        else if (INNER.has(w.text) && ws[last + 2] && isCap(ws[last + 2]) && joined(text, w, ws[last + 2]) && !(w.text === 'the' && false)) last += 2;
        else break;
      }
      // "in" takes a place of a few words ("Mission in Somalia"), not a clause.
      if (p.text === 'in' && last - k > 3) break;
      if (p.text === 'to' && hk !== 'treaty') break;
      end = last;
      complements++;
    }
    // "Resolution 1701"
    if (head.text === 'Resolution') {
      const num = ws[h + 1];
      if (num && /^\d{2,4}$/.test(num.text) && joined(text, head, num) && text.slice(head.end, num.start).trim() === '') {
        out.push({ start: ws[m].start, end: num.end, headStart: head.start, name: text.slice(ws[m].start, num.end).replace(/\s+/g, ' '), kind: 'treaty', programme: false });
        consumed = num.end;
      }
      continue;
    }
    const modifiers = h - m;
    if (modifiers === 0 && complements === 0) continue;
    if (WEAK_HEADS.has(head.text) && modifiers === 0) continue;
    if (COMPLEMENT_ONLY.has(head.text) && complements === 0) continue;
    if (modifiers === 1 && complements === 0 && (GENERIC.has(ws[m].text) || DIRECTIONS.has(ws[m].text))) continue;
    // A head word capitalized only because it starts a sentence, with nothing else: not a name.
    const start = ws[m].start;
    const stop = ws[end].end;
    const name = shapeName(text.slice(start, stop));
    if (NOT_NAMES.has(nameKey(name))) continue;
    // A title-case line of two heads and nothing else is a heading ("Security Council Reform").
    out.push({ start, end: stop, headStart: head.start, name, kind: hk === 'programme' ? 'organization' : hk, programme: hk === 'programme' });
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
