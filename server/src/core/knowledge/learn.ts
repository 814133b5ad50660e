// Learning from any corpus: acronym definitions ("Full Name (ACR)", "ACR (Full Name)",
// "Full Name – ACR", "Full Name, or ACR"), document titles ("Treaty on …", "… Final Act"), and
// the dated events its sentences state. What is learned carries its provenance (file and span),
// so a user's own sources give hover, definition and date checks with no catalog edit.

import type { EntityKind, Provenance } from '../types';
import type { CorpusDocument } from '../corpus/corpus';
import type { KnowledgeEntity } from './kb';

export interface LearnedName {
  name: string;
  acronym?: string;
  kind: EntityKind;
  /** Span of the whole defining phrase ("Council of the Baltic Sea States (CBSS)"). */
  start: number;
  end: number;
}

const ORG_HEADS = /(?:Organi[sz]ation|Council|Union|Community|Alliance|Cent(?:re|er)|Group|Forces?|Committee|Agency|Commission|Staff|Assembly|Conference|Structure|Tribunal|Bank|Fund|Service|Movement|Party|Front|Institute|Foundation|University|Parliament|Secretariat|Headquarters|Command|Army|Battalion|Mission|Partnership|Programme|Program|Process|States|Five|Four|Forum|Office|Court|Ministry|Coalition|Market)$/;
const TREATY_WORDS = /^(?:Treaty|Convention|Charter|Act|Declaration|Agreement|Protocol|Statute|Strategy|Accord|Pact|Memorandum|Concept|Plan|Doctrine|Policy|Decree|Constitution)$/;
const FUNCTION = new Set(['of', 'on', 'for', 'the', 'a', 'and', 'in', 'to', 'against', 'between', 'with', 'de', 'du', 'des']);
const LEADING = /^(?:The|This|That|These|Those|Its|Their|Our|His|Her|A|An|In|On|At|By|For|With|From|After|Before|When|While|Under|Since|Both|Each|Every|Such|Of|And|But|As|Through|Within|Upon|Via|Later|Then|Also|Thus)$/;
const GENERIC_FIRST = /^(?:Final|First|New|Joint|Main|Same|Other|Second|Third|Further|Special|Separate|Whole|Entire|Basic|Said|Original|Relevant|Last|Next|Previous|Current|Present|Draft|Bilateral|Multilateral|International|Regional|Common|Single|Founding)$/;

export function guessKind(name: string): EntityKind {
  const words = name.split(/\s+/);
  const last = words[words.length - 1];
  if (ORG_HEADS.test(last)) return 'organization';
  if (words.some((w) => TREATY_WORDS.test(w))) return 'treaty';
  return 'organization';
}

/** Schwartz & Hearst (2003): the shortest run of preceding words whose letters spell the acronym. */
export function longFormFor(acronym: string, candidate: string): string | undefined {
  const sf = acronym.toLowerCase();
  const lf = candidate;
  let s = sf.length - 1;
  let l = lf.length - 1;
  while (s >= 0) {
    const c = sf[s];
    if (!/[a-z0-9]/.test(c)) { s--; continue; }
    while (l >= 0 && (lf[l].toLowerCase() !== c || (s === 0 && l > 0 && /[\p{L}\p{N}]/u.test(lf[l - 1])))) l--;
    if (l < 0) return undefined;
    l--;
    s--;
  }
  const begin = lf.lastIndexOf(' ', l) + 1;
  return lf.slice(begin);
}

function isAcronym(s: string): boolean {
  if (!/^[A-Z][A-Za-z&-]{1,10}$/.test(s)) return false;
  if ((s.match(/[A-Z]/g) ?? []).length < 2) return false;
  if (/^[IVXLC]+$/.test(s)) return false; // a Roman numeral
  return true;
}

/** How many of the acronym's capitals begin a word of the long form: the evidence of a definition. */
function initialsScore(acronym: string, longForm: string): number {
  const initials = longForm.split(/[\s-]+/).filter((w) => w && !FUNCTION.has(w.toLowerCase())).map((w) => w[0].toUpperCase());
  const caps = acronym.replace(/[^A-Z]/g, '');
  let hit = 0;
  let j = 0;
  for (const c of caps) {
    const k = initials.indexOf(c, j);
    if (k >= 0) { hit++; j = k + 1; }
  }
  return caps.length ? hit / caps.length : 0;
}

function cleanLongForm(lf: string): string | undefined {
  let words = lf.replace(/\s+/g, ' ').trim().split(' ');
  while (words.length && (LEADING.test(words[0]) || FUNCTION.has(words[0]))) words = words.slice(1);
  if (words.length < 2) return undefined;
  if (!/^[\p{Lu}]/u.test(words[0])) return undefined;
  // Mostly capitalized: a name, not a description.
  const significant = words.filter((w) => !FUNCTION.has(w.toLowerCase()));
  const caps = significant.filter((w) => /^[\p{Lu}\d]/u.test(w)).length;
  if (caps < significant.length * 0.75) return undefined;
  // "Central and Eastern European (CEE)": an adjective names no body.
  if (/(?:ean|ern|ian|ese|ic)$/.test(words[words.length - 1]) && !/^(?:Republic|Pacific|Atlantic|Arctic|Baltic|Adriatic)$/.test(words[words.length - 1])) return undefined;
  return words.join(' ').replace(/[,;:]$/, '');
}

/** Acronym definitions in a text (normalized corpus text), whose title (if any) counts as a use of a short name. */
export function findAcronymDefinitions(text: string, title = ''): LearnedName[] {
  const out: LearnedName[] = [];
  // Full Name (ACR) or Full Name (ACR, …)
  for (const m of text.matchAll(/\(\s*([A-Z][A-Za-z&-]{1,10})\s*(?:[,;][^()\n]{0,40})?\)/g)) {
    const acronym = m[1];
    if (!isAcronym(acronym)) continue;
    const before = text.slice(Math.max(0, m.index! - 200), m.index!);
    const window = before.split(/[()\[\];:.!?]|\n\s*\n/).pop() ?? '';
    const maxWords = Math.min(acronym.length + 5, acronym.length * 2);
    const words = window.replace(/-\s*\n\s*/g, '-').replace(/\s+/g, ' ').trim().split(' ').slice(-maxWords).join(' ');
    const lf = longFormFor(acronym, words);
    const name = lf && cleanLongForm(lf);
    if (!name || initialsScore(acronym, name) < 0.6) continue;
    const start = findBack(text, m.index!, name);
    out.push({ name, acronym, kind: guessKind(name), start, end: m.index! + m[0].length });
  }
  // ACR (Full Name): a bounded run of characters, checked word by word afterwards.
  for (const m of text.matchAll(/(?<![\p{L}])([A-Z][A-Za-z&-]{1,10})[ \t]*[(\[]([^()[\]\n]{3,120}(?:\n[^()[\]\n]{1,120})?)[)\]]/gu)) {
    const acronym = m[1];
    if (!isAcronym(acronym)) continue;
    const name = cleanLongForm(m[2].replace(/-\s*\n\s*/g, '-'));
    // The acronym's letters must spell out of the name in order, starting with its first word.
    if (!name || name.split(' ').length > 10 || longFormFor(acronym, name) !== name || initialsScore(acronym, name) < 0.25) continue;
    out.push({ name, acronym, kind: guessKind(name), start: m.index!, end: m.index! + m[0].length });
  }
  // Full Name – ACR / Full Name, or ACR / Full Name, ACR,
  for (const m of text.matchAll(/(?:\s[–—-]\s|,\s+or\s+|,\s+)([A-Z][A-Za-z&]{1,10})(?=[\s,.;)])/g)) {
    const acronym = m[1];
    if (!isAcronym(acronym)) continue;
    const before = text.slice(Math.max(0, m.index! - 200), m.index!);
    const window = before.split(/[()\[\];:.!?,]|\n\s*\n/).pop() ?? '';
    const maxWords = Math.min(acronym.length + 5, acronym.length * 2);
    const words = window.replace(/-\s*\n\s*/g, '-').replace(/\s+/g, ' ').trim().split(' ').slice(-maxWords).join(' ');
    const lf = longFormFor(acronym, words);
    const name = lf && cleanLongForm(lf);
    if (!name || initialsScore(acronym, name) < 0.8) continue;
    const start = findBack(text, m.index!, name);
    out.push({ name, acronym, kind: guessKind(name), start, end: m.index! + m[0].length });
  }
  // The Southern Common Market (Mercosur): a short name that is not the long form's initials
  // (a blend, or the initials of the name in another language). Taken only where the text defines
  // it as a name defines a body: the long form opens its sentence with "The" and ends in a head word
  // ("Market", "Agency", "Treaty"), the short form follows at once and starts with the initial of
  // one of its words, and the text uses it again.
  for (const m of text.matchAll(/(?<![\p{L}])The[ \t]+((?:[\p{Lu}][\p{L}'’-]{0,30}[ \t]+(?:(?:of|for|the|and|on|in)[ \t]+){0,2}){1,8}[\p{Lu}][\p{L}'’-]{0,30})[ \t]*\(([\p{Lu}][\p{Ll}]{2,14}|[\p{Lu}]{3,8})\)/gu)) {
    const short = m[2];
    if (!opensSentence(text, m.index!) || out.some((d) => d.acronym === short)) continue;
    const name = cleanLongForm(m[1]);
    if (!name) continue;
    const last = name.split(' ').pop()!;
    if (!ORG_HEADS.test(last) && !TREATY_WORDS.test(last)) continue;
    // Its first letter begins a word of the long form ("Mercosur": Market), as a place's seldom does.
    if (!name.split(' ').some((w) => !FUNCTION.has(w) && w[0] === short[0])) continue;
    const at = m.index! + m[0].length;
    if (!usedElsewhere(text, short, m.index!, at) && !usedElsewhere(title, short, 0, 0)) continue;
    const start = m.index! + m[0].indexOf(m[1]);
    out.push({ name, acronym: short, kind: guessKind(name), start, end: at });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Whether position `i` opens a sentence: only spaces between it and the text's start, a line break or a full stop. */
function opensSentence(text: string, i: number): boolean {
  let k = i - 1;
  while (k >= 0 && (text[k] === ' ' || text[k] === '\t')) k--;
  return k < 0 || /[\n.!?]/.test(text[k]);
}

/** Whether `word` occurs as a word in `text` outside [from, to). */
function usedElsewhere(text: string, word: string, from: number, to: number): boolean {
  const isLetter = (i: number) => i >= 0 && i < text.length && /\p{L}/u.test(text[i]);
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
    if (i >= from && i < to) continue;
    if (!isLetter(i - 1) && !isLetter(i + word.length)) return true;
  }
  return false;
}

/** Where a whitespace-collapsed name starts, searching back from `end` in the original text. */
function findBack(text: string, end: number, name: string): number {
  const first = name.split(' ')[0];
  const idx = text.lastIndexOf(first, end);
  return idx >= 0 && end - idx < 300 ? idx : end;
}

// A capitalized word; a hyphen inside it must be followed by a capital ("Europe-Caucasus-Asia"),
// so that "Ab-Ab-Ab-…" cannot be split in many ways.
const CAP = "(?:[\\p{Lu}][\\p{L}'’]{0,30}(?:-[\\p{Lu}][\\p{L}'’]{0,30}){0,3})";
const GAP = '(?:[ \\t]+(?:\\r?\\n[ \\t]*)?|\\r?\\n[ \\t]*)';
const FN = '(?:of|on|for|the|a|and|in|to|against|between|with)';
const TITLE_WORD = '(?:Treaty|Convention|Charter|Act|Declaration|Agreement|Protocol|Statute|Strategy|Accord|Pact|Memorandum)';
const TITLE_BEFORE = new RegExp(`(?<![\\p{L}])((?:${CAP}${GAP}){1,6}${TITLE_WORD})(?![\\p{L}])`, 'gu');
const TITLE_AFTER = new RegExp(`(?<![\\p{L}])(${TITLE_WORD}${GAP}(?:on|of|for|between)${GAP}(?:(?:${FN}|${CAP})${GAP}){0,14}${CAP})(?![\\p{L}])`, 'gu');

const TITLE_HEAD = /^(?:Treaty|Convention|Charter|Act|Declaration|Agreement|Protocol|Statute|Strategy|Accord|Pact|Memorandum)$/;
const MONTH = /^(?:January|February|March|April|May|June|July|August|September|October|November|December)$/;

/** Document titles: "Treaty on Open Skies", "Charter of Paris for a New Europe", "Helsinki Final Act". */
export function findTitles(text: string): LearnedName[] {
  const out: LearnedName[] = [];
  const push = (raw: string, index: number) => {
    let words = raw.replace(/-\s*\n\s*/g, '-').replace(/\s+/g, ' ').trim().split(' ');
    let start = index;
    while (words.length && LEADING.test(words[0])) {
      start = text.indexOf(words[1] ?? '', start + words[0].length);
      words = words.slice(1);
    }
    // "Statute of the CSTO and the Agreement …" is two documents: keep the first.
    const and = words.findIndex((w, i) => i > 1 && w === 'and' && (words[i + 1] === 'the' ? TITLE_HEAD.test(words[i + 2] ?? '') : TITLE_HEAD.test(words[i + 1] ?? '')));
    if (and > 0) words = words.slice(0, and);
    // "Act of May 1997": a date, not a title.
    const month = words.findIndex((w, i) => i > 0 && MONTH.test(w) && FUNCTION.has(words[i - 1]));
    if (month > 0) words = words.slice(0, month - 1);
    while (words.length && FUNCTION.has(words[words.length - 1])) words = words.slice(0, -1);
    if (words.length < 2) return;
    if (words.length === 2 && GENERIC_FIRST.test(words[0])) return;
    const name = words.join(' ');
    out.push({ name, kind: guessKind(name), start, end: index + raw.length });
  };
  for (const m of text.matchAll(TITLE_AFTER)) push(m[1], m.index!);
  for (const m of text.matchAll(TITLE_BEFORE)) push(m[1], m.index!);
  // Keep the longest of overlapping titles.
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: LearnedName[] = [];
  for (const t of out) {
    const last = kept[kept.length - 1];
    if (last && t.start < last.end) {
      if (t.end - t.start > last.end - last.start) kept[kept.length - 1] = t;
      continue;
    }
    kept.push(t);
  }
  return kept;
}

export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** ", known as the Outer Space Treaty": the short name a text gives a long title, before the sentence ends. */
const KNOWN_AS = /^[^.;!?]{0,140}?,\s+(?:(?:commonly|also|usually|widely|better|often)\s+)?known\s+as\s+(?:the\s+)?([A-Z][\p{L}’'-]*(?:\s+[A-Z][\p{L}’'-]*){0,5})/u;

/** The short name a document gives a title right after it, if any. */
export function knownAs(text: string, end: number): string | undefined {
  const m = KNOWN_AS.exec(text.slice(end, end + 220));
  if (!m) return undefined;
  const name = m[1].replace(/\s+/g, ' ');
  return name.split(' ').length >= 2 || /^[A-Z]{2,}$/.test(name) ? name : undefined;
}

/** Learned names of one document, as entities to merge into the knowledge base. */
export function learnNames(doc: CorpusDocument): KnowledgeEntity[] {
  const text = doc.normalized;
  const found = [...findAcronymDefinitions(text, doc.source.metadata?.title), ...findTitles(text)];
  const out = new Map<string, KnowledgeEntity>();
  for (const f of found) {
    // A list in parentheses or an aside with "etc." is not a name.
    if (/[,;]|\betc\b|…/.test(f.name)) continue;
    const id = `learned:${slug(f.acronym ?? f.name)}`;
    const prov: Provenance = {
      origin: 'learned',
      source: { file: doc.id, start: f.start, end: f.end },
      quote: text.slice(f.start, f.end).replace(/-\s*\n\s*/g, '-').replace(/\s+/g, ' '),
    };
    const existing = out.get(id);
    if (existing) {
      if (existing.definitions.length < 3) existing.definitions.push(prov);
      continue;
    }
    const short = f.acronym ? undefined : knownAs(text, f.end);
    out.set(id, {
      id,
      kind: f.kind,
      name: f.name,
      acronyms: f.acronym ? [f.acronym] : [],
      aliases: short && short !== f.name ? [short] : [],
      predecessors: [],
      successors: [],
      events: [],
      definitions: [prov],
      origin: 'learned',
      contextAliases: [],
    });
  }
  return [...out.values()];
}

/** A body or document a note defines ("Gulf Cooperation Council (GCC)"): where, and by which phrase. */
export interface NoteDefinition {
  entityId: string;
  acronym: string;
  /** The note that defines it and the span of the defining long form. */
  uri: string;
  start: number;
  end: number;
  text: string;
}

/**
 * The definitions the workspace's notes give (first definition of each entity wins, in the order
 * of `notes`): for hover ("defined in notes/arms.md, line 3"), go-to-definition (the defining
 * phrase) and for resolving an acronym in a note that does not define it.
 */
export function noteDefinitions(notes: { uri: string; entities: readonly { entityId: string; start: number; end: number; text: string; defines?: string }[] }[]): Map<string, NoteDefinition> {
  const out = new Map<string, NoteDefinition>();
  for (const n of notes) {
    for (const m of n.entities) {
      if (!m.defines || !m.entityId || out.has(m.entityId)) continue;
      out.set(m.entityId, { entityId: m.entityId, acronym: m.defines, uri: n.uri, start: m.start, end: m.end, text: m.text });
    }
  }
  return out;
}
