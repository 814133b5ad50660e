// Names the note defines: "Full Name (ACR)", "ACR (Full Name)", "the Full Name, or ACR,",
// "Full Name – ACR" — the definition patterns the corpus learner knows (knowledge/learn.ts),
// applied to the note. Each definition proposes the long form (marked with the acronym it
// defines) and the acronym; later uses of an acronym no knowledge names are proposed as pending,
// resolved over the whole note (and the workspace's notes) by the resolver.

import { findAcronymDefinitions } from '../knowledge/learn';
import type { EntityMention } from './mention';
import { wordSpans, words, type WordSpans } from './words';

export interface Definition {
  /** The long form as written, its span, and the acronym's span. */
  name: string;
  acronym: string;
  nameStart: number;
  nameEnd: number;
  acronymStart: number;
  acronymEnd: number;
}

/**
 * An acronym-shaped word: a capital, then 1–10 ASCII letters or "&"; two capitals at least and at
 * least half of it; not only Roman-numeral letters (I V X L C).
 */
export function looksLikeAcronym(t: string): boolean {
  return acronymShaped(t, 0, t.length);
}

/** Where `name` (spaces collapsed) is written in text[from, to): words compared one by one. */
function locate(text: string, from: number, to: number, name: string): { start: number; end: number } | undefined {
  const target = name.split(/[\s-]+/).filter(Boolean);
  if (!target.length) return undefined;
  const ws = words(text.slice(from, to));
  const norm = (s: string) => s.replace(/[’']/g, '');
  for (let i = 0; i + target.length <= ws.length; i++) {
    let ok = true;
    // Words of the name may hold apostrophes that split them here ("Ministers'"): compare by letters.
    let j = 0;
    let k = i;
    while (j < target.length && k < ws.length) {
      const t = norm(target[j]).replace(/[^\p{L}\p{N}&]/gu, '');
      if (!t) { j++; continue; }
      if (ws[k].text !== t) { ok = false; break; }
      j++;
      k++;
    }
    if (ok && j === target.length) return { start: from + ws[i].start, end: from + ws[k - 1].end };
  }
  return undefined;
}

/** White space as regular expressions' \s has it. */
function isRegexSpace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Whether the text may hold a definition the learner's patterns find (knowledge/learn.ts
 * findAcronymDefinitions): each pattern needs a parenthesis or a bracket, except "Full Name, ACR" /
 * "Full Name, or ACR" / "Full Name – ACR", which needs a word shaped as its acronym (a capital, then
 * ASCII letters or "&", two capitals at least, not only Roman-numeral letters, at most 11 long)
 * right after a comma and white space (", or " included) or after a dash between two single spaces.
 * False only where the patterns find nothing: the paragraph is then not searched with them.
 */
export function mayDefine(text: string, spans: WordSpans = wordSpans(text)): boolean {
  if (text.indexOf('(') >= 0 || text.indexOf('[') >= 0) return true;
  if (text.indexOf(',') < 0 && text.indexOf('-') < 0 && text.indexOf('–') < 0 && text.indexOf('—') < 0) return false;
  const { starts, ends, count } = spans;
  for (let k = 0; k < count; k++) {
    const s = starts[k];
    const e = ends[k];
    if (e - s < 2 || e - s > 11 || s === 0 || !isRegexSpace(text.charCodeAt(s - 1))) continue;
    let caps = 0;
    let roman = true;
    let ok = true;
    for (let i = s; i < e && ok; i++) {
      const c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) {
        caps++;
        if (c !== 73 && c !== 86 && c !== 88 && c !== 76 && c !== 67) roman = false;
      } else if ((c >= 97 && c <= 122) || c === 38) roman = false;
      else ok = false;
      if (i === s && caps === 0) ok = false;
    }
    if (!ok || caps < 2 || roman) continue;
    // What stands before: white space, then a comma (", ACR", ", or ACR") or a dash (" – ACR").
    let q = s - 1;
    while (q >= 0 && isRegexSpace(text.charCodeAt(q))) q--;
    if (q < 0) continue;
    const c = text.charCodeAt(q);
    if (c === 44 /* , */) return true;
    if ((c === 45 || c === 0x2013 || c === 0x2014) && q === s - 2 && q > 0 && isRegexSpace(text.charCodeAt(q - 1))) return true;
    if (c === 114 /* r */ && q >= 1 && text.charCodeAt(q - 1) === 111 /* o */ && q >= 2 && isRegexSpace(text.charCodeAt(q - 2))) {
      let r = q - 2;
      while (r >= 0 && isRegexSpace(text.charCodeAt(r))) r--;
      if (r >= 0 && text.charCodeAt(r) === 44) return true;
    }
  }
  return false;
}

/** Definitions in a paragraph, with the spans of the long form and of the acronym. */
export function findDefinitions(text: string, spans?: WordSpans): Definition[] {
  const out: Definition[] = [];
  if (!mayDefine(text, spans)) return out;
  for (const d of findAcronymDefinitions(text)) {
    if (!d.acronym) continue;
    const acr = wholeWordsIn(text, d.start, d.end, d.acronym);
    if (!acr.length) continue;
    const nameSpan = locate(text, d.start, d.end, d.name);
    if (!nameSpan) continue;
    // The acronym outside the long form (before it for "ACR (Full Name)", after it otherwise).
    const a = acr.find((s) => s >= nameSpan.end || s + d.acronym!.length <= nameSpan.start);
    if (a === undefined) continue;
    out.push({ name: d.name, acronym: d.acronym, nameStart: nameSpan.start, nameEnd: nameSpan.end, acronymStart: a, acronymEnd: a + d.acronym.length });
  }
  return out;
}

const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;

/** Whether the code point ending just before `i` (a surrogate pair read whole) is a letter or a number. */
function letterOrNumberBefore(s: string, from: number, i: number): boolean {
  if (i <= from) return false;
  const lo = s.charCodeAt(i - 1);
  const cp = lo >= 0xdc00 && lo <= 0xdfff && i - 2 >= from && (s.charCodeAt(i - 2) & 0xfc00) === 0xd800 ? s.codePointAt(i - 2)! : lo;
  return LETTER_OR_NUMBER.test(String.fromCodePoint(cp));
}

/** Whether the code point at `i` is a letter or a number. */
function letterOrNumberAt(s: string, to: number, i: number): boolean {
  if (i >= to) return false;
  const hi = s.charCodeAt(i);
  const cp = (hi & 0xfc00) === 0xd800 && i + 1 < to && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? s.codePointAt(i)! : hi;
  return LETTER_OR_NUMBER.test(String.fromCodePoint(cp));
}

/**
 * Where `word` occurs in text[from, to) as a whole word (no letter or number on either side, in
 * that range), left to right without overlaps: what the regular expression
 * /(?<![\p{L}\p{N}])word(?![\p{L}\p{N}])/gu finds in the slice, without building one per word.
 */
export function wholeWordsIn(text: string, from: number, to: number, word: string): number[] {
  const out: number[] = [];
  if (!word) return out;
  let i = text.indexOf(word, from);
  while (i >= 0 && i + word.length <= to) {
    if (!letterOrNumberBefore(text, from, i) && !letterOrNumberAt(text, to, i + word.length)) {
      out.push(i);
      i = text.indexOf(word, i + word.length);
    } else i = text.indexOf(word, i + 1);
  }
  return out;
}

/** Whether the acronym's letters spell out of the name in order, starting with its first letter. */
function spells(acronym: string, name: string): boolean {
  const a = acronym.toLowerCase().replace(/[^a-z0-9]/g, '');
  const n = name.toLowerCase();
  if (!a || n[0] !== a[0]) return false;
  let j = 0;
  for (let i = 0; i < n.length && j < a.length; i++) if (n[i] === a[j]) j++;
  return j === a.length;
}

/**
 * Definitions around names found by shape, where the acronym takes syllables rather than initials
 * ("African Union Mission in Somalia (AMISOM)", "EULEX Kosovo, the European Union Rule of Law Mission").
 */
export function shapeDefinitions(text: string, shapes: { start: number; end: number; name: string }[]): Definition[] {
  const out: Definition[] = [];
  for (const s of shapes) {
    const after = /^\s*\(\s*([A-Z][A-Za-z&]{1,10})\s*\)/.exec(text.slice(s.end, s.end + 16));
    if (after && looksLikeAcronym(after[1]) && spells(after[1], s.name)) {
      const a = s.end + after[0].indexOf(after[1]);
      out.push({ name: s.name, acronym: after[1], nameStart: s.start, nameEnd: s.end, acronymStart: a, acronymEnd: a + after[1].length });
      continue;
    }
    // The expression ends with "the" and white space: tried only where the text before the name does.
    const before = theBefore(text, s.start) ? SHAPE_DEFINED_BEFORE.exec(text.slice(Math.max(0, s.start - 40), s.start)) : null;
    if (before && looksLikeAcronym(before[1]) && spells(before[1], s.name)) {
      const a = s.start - before[0].length;
      out.push({ name: s.name, acronym: before[1], nameStart: s.start, nameEnd: s.end, acronymStart: a, acronymEnd: a + before[1].length });
    }
  }
  return out;
}

const SHAPE_DEFINED_BEFORE = /(?<![\p{L}\p{N}])([A-Z][A-Za-z&]{1,10})(?:\s+[A-Z][a-z]+)?\s*(?:,|[–—])\s*the\s+$/u;

/** Whether text before `at` ends with "the" and white space (within the 40 units the expression looks at). */
export function theBefore(text: string, at: number): boolean {
  const from = Math.max(0, at - 40);
  let q = at;
  while (q > from && isRegexSpace(text.charCodeAt(q - 1))) q--;
  return q < at && q - 3 >= from && text.startsWith('the', q - 3);
}

/** Acronym-shaped words that no known name covers: pending uses, resolved later. */
export function pendingAcronyms(text: string, isKnown: (w: string) => boolean, spans: WordSpans = wordSpans(text)): EntityMention[] {
  const out: EntityMention[] = [];
  const { starts, ends, count } = spans;
  for (let k = 0; k < count; k++) {
    const s = starts[k];
    const e = ends[k];
    // Decided on the characters before slicing: most words are not acronym-shaped (looksLikeAcronym's rules).
    if (acronymShaped(text, s, e)) {
      const w = text.slice(s, e);
      if (!isKnown(w)) out.push({ start: s, end: e, kind: 'organization', entityId: '', text: w, form: 'acronym', candidates: [], pending: w, source: 'defined' });
    }
  }
  return out;
}

/** looksLikeAcronym(text.slice(s, e)), without the slice: the rule itself. */
function acronymShaped(text: string, s: number, e: number): boolean {
  const len = e - s;
  if (len < 2 || len > 11) return false;
  let caps = 0;
  let roman = true;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) {
      caps++;
      if (c !== 73 && c !== 86 && c !== 88 && c !== 76 && c !== 67) roman = false;
    } else if ((c >= 97 && c <= 122) || c === 38) roman = false;
    else return false;
    if (i === s && caps === 0) return false;
  }
  return !roman && caps >= 2 && caps >= len / 2;
}
