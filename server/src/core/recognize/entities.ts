// Recognizes organizations and treaties with a token trie: the text is cut into word tokens once,
// and from each token the trie is walked as far as the names go (longest match, so
// "NATO-Russia Council" wins over "NATO"). Between tokens a name's space matches any run of
// spaces with at most one line break, and its hyphen matches a hyphen that may end a line
// ("NATO-\nRussia"). Acronyms match by case ("SHAPE", not "shape"); names by the case of their
// significant words, with function words and British/American spellings folded. Ambiguous context
// names ("the Alliance", "the Organization") are linked only to an entity named shortly before,
// or left alone. Linear in the text, whatever the number of names.

import type { EntityKind, Span } from '../types';
import type { KnowledgeBase } from '../knowledge/kb';

export type MentionForm = 'acronym' | 'name' | 'context';

export interface EntityMention extends Span {
  kind: EntityKind;
  entityId: string;
  text: string;
  form: MentionForm;
  /** Before resolution: the entities an ambiguous or context name may stand for. */
  candidates?: string[];
}

interface Entry {
  ids: string[];
  form: MentionForm;
}

interface TrieNode {
  next?: Map<string, TrieNode>;
  entry?: Entry;
}

/** How far back (UTF-16 units) a context name looks for the entity it stands for. */
const CONTEXT_WINDOW = 1500;
const TOKEN = /[\p{L}\p{N}&]+/gu;
const FUNCTION_WORDS = new Set(['of', 'and', 'for', 'the', 'on', 'in', 'to', 'against', 'with', 'a', 'an', 'at', 'by', 'between']);
const SPELLING = new Map([
  ['organisation', 'organization'],
  ['organisations', 'organizations'],
  ['defence', 'defense'],
  ['centre', 'center'],
  ['centres', 'centers'],
  ['programme', 'program'],
  ['neighbourhood', 'neighborhood'],
]);
/** Words whose case varies in names as written ("Partnership for Peace program"). */
const ANY_CASE = new Set(['program', 'programme']);

const foldCache = new Map<string, string>();

/** The trie key of one word: function words and spelling variants folded, significant case kept. */
export function foldToken(t: string): string {
  // Words repeat: remember their keys (bounded).
  let f = foldCache.get(t);
  if (f === undefined) {
    if (foldCache.size > 50000) foldCache.clear();
    f = computeFold(t);
    foldCache.set(t, f);
  }
  return f;
}

function computeFold(t: string): string {
  const lower = t.toLowerCase();
  if (FUNCTION_WORDS.has(lower) || ANY_CASE.has(lower)) return SPELLING.get(lower) ?? lower;
  const v = SPELLING.get(lower);
  if (v) return (t[0] === lower[0] ? v[0] : v[0].toUpperCase()) + v.slice(1);
  return t;
}

/** The separator class between two tokens: ' ' (spaces, one line break at most), '-' (a hyphen that may end a line), or the text itself. */
function separatorClass(sep: string): string {
  if (sep.length === 1) return sep === '\t' || sep === '\n' ? ' ' : sep === '‐' || sep === '–' ? '-' : sep === '’' ? "'" : sep;
  const trimmed = sep.replace(/[ \t\r]+/g, '');
  if (trimmed === '' || trimmed === '\n') return ' ';
  if (trimmed === '-' || trimmed === '-\n' || trimmed === '–' || trimmed === '‐' || trimmed === '–\n' || trimmed === '‐\n') {
    return sep.indexOf('\n') >= 0 && sep.indexOf('\n') < sep.search(/[-–‐]/) ? '' : '-';
  }
  return trimmed.replace(/\n/g, ' ').replace(/’/g, "'");
}

function tokenize(s: string): { tokens: string[]; seps: string[] } {
  const tokens: string[] = [];
  const seps: string[] = [];
  let last = -1;
  for (const m of s.matchAll(TOKEN)) {
    if (last >= 0) seps.push(separatorClass(s.slice(last, m.index!)));
    tokens.push(m[0]);
    last = m.index! + m[0].length;
  }
  return { tokens, seps };
}

/** Spelling variants a name is written in that are not one token's fold ("Co-operation"). */
function variants(name: string): string[] {
  const out = new Set([name]);
  if (/\b[Cc]o-operation/.test(name)) out.add(name.replace(/\b([Cc])o-operation/g, '$1ooperation'));
  if (/\b[Cc]ooperation/.test(name)) out.add(name.replace(/\b([Cc])ooperation/g, '$1o-operation'));
  if (/\b[Pp]eace-keeping/.test(name)) out.add(name.replace(/\b([Pp])eace-keeping/g, '$1eacekeeping'));
  if (/[’']/.test(name)) out.add(name.replace(/[’']/g, ''));
  return [...out];
}

export class EntityMatcher {
  private readonly root: TrieNode = { next: new Map() };
  /** The first two characters of every name's first word: the cheap test that skips most words. */
  private readonly startPairs = new Set<number>();

  constructor(private readonly kb: KnowledgeBase) {
    const add = (surface: string, id: string, form: MentionForm) => {
      for (const v of variants(surface.trim())) {
        const { tokens, seps } = tokenize(v);
        if (!tokens.length || (tokens.length === 1 && tokens[0].length < 2)) continue;
        let node = this.root;
        tokens.forEach((t, i) => {
          const key = (i === 0 ? '' : seps[i - 1] + '\u0000') + (form === 'acronym' ? t : foldToken(t));
          let child = node.next?.get(key);
          if (!child) {
            child = {};
            (node.next ??= new Map()).set(key, child);
          }
          node = child;
        });
        // A name and an acronym may share a node; the more specific form wins.
        const entry = node.entry ?? (node.entry = { ids: [], form });
        if (form !== 'context' && entry.form === 'context') entry.form = form;
        if (!entry.ids.includes(id)) entry.ids.push(id);
      }
    };
    for (const e of kb.list()) {
      for (const a of e.acronyms) add(a, e.id, 'acronym');
      add(stripArticle(e.name), e.id, 'name');
      for (const a of e.aliases) add(stripArticle(a), e.id, /^[A-Z][A-Za-z]*[A-Z][A-Za-z]*$/.test(a) && a.length <= 8 ? 'acronym' : 'name');
      for (const c of e.contextAliases) add(stripArticle(c), e.id, 'context');
    }
    for (const key of this.root.next!.keys()) {
      if (key.length < 2) continue;
      const second = key.charCodeAt(1);
      this.startPairs.add(key.charCodeAt(0) * 65536 + second);
      // Folded keys of function words and case-free words are lower case, and the text may
      // capitalize them. A capitalized key only matches capitalized text (a spelling variant,
      // "Centre" for "Center", shares its first two letters), so lower-case words skip at once.
      if (key[0] !== key[0].toUpperCase()) this.startPairs.add(key[0].toUpperCase().charCodeAt(0) * 65536 + second);
    }
  }

  /**
   * Finds mentions in `text` (already masked for non-prose, and normalized for a corpus), with
   * context names resolved against the mentions before them. Sorted, never overlapping.
   */
  find(text: string): EntityMention[] {
    return this.resolve(this.findRaw(text), text);
  }

  /**
   * Mentions with context names unresolved (`candidates` set, `entityId` empty), so that a
   * caller that recognizes a text piecewise (paragraph by paragraph) can resolve them over the
   * whole text with `resolve`.
   */
  findRaw(text: string): EntityMention[] {
    const out: EntityMention[] = [];
    const rootNext = this.root.next!;
    const n = text.length;
    let s = nextWordStart(text, 0);
    while (s < n) {
      const e = wordEnd(text, s);
      // Most words cannot begin a name: decide on the first two characters before slicing anything.
      if (e - s < 2 ? !rootNext.has(text[s]) && !rootNext.has(text[s].toLowerCase()) : !this.startPairs.has(text.charCodeAt(s) * 65536 + text.charCodeAt(s + 1))) {
        s = nextWordStart(text, e);
        continue;
      }
      // "2007/427/CFSP" is a document number, not a mention of the CFSP.
      if (s > 1 && text.charCodeAt(s - 1) === 47 && isDigit(text.charCodeAt(s - 2))) {
        s = nextWordStart(text, e);
        continue;
      }
      const w = text.slice(s, e);
      let node = rootNext.get(w);
      if (!node) {
        const folded = foldToken(w);
        if (folded !== w) node = rootNext.get(folded);
      }
      if (!node) {
        s = nextWordStart(text, e);
        continue;
      }
      let best: { end: number; entry: Entry } | undefined = node.entry ? { end: e, entry: node.entry } : undefined;
      let lastEnd = e;
      while (node.next) {
        const ns = nextWordStart(text, lastEnd);
        if (ns >= n) break;
        const ne = wordEnd(text, ns);
        const sep = separatorClass(text.slice(lastEnd, ns));
        const nextWord = text.slice(ns, ne);
        let child = node.next.get(sep + '\u0000' + nextWord);
        if (!child) {
          const f = foldToken(nextWord);
          if (f !== nextWord) child = node.next.get(sep + '\u0000' + f);
        }
        if (!child) break;
        node = child;
        lastEnd = ne;
        if (node.entry) best = { end: ne, entry: node.entry };
      }
      if (!best) {
        s = nextWordStart(text, e);
        continue;
      }
      const start = s;
      const end = best.end;
      const { entry } = best;
      s = nextWordStart(text, end);
      if (entry.form === 'context') {
        // "the Alliance", not "Holy Alliance": a context name follows a determiner or starts a sentence.
        if (!/(?:\bthe\s+|^\s*|[.!?:]\s+|\n\s*)$/i.test(text.slice(Math.max(0, start - 8), start))) continue;
        out.push({ start, end, kind: 'organization', entityId: '', text: text.slice(start, end), form: 'context', candidates: entry.ids });
        continue;
      }
      const id = entry.ids.length === 1 ? entry.ids[0] : '';
      const entity = id ? this.kb.get(id) : this.kb.get(entry.ids[0]);
      if (!entity) continue;
      out.push({ start, end, kind: entity.kind, entityId: id, text: text.slice(start, end), form: entry.form, candidates: id ? undefined : entry.ids });
    }
    return out;
  }

  /** Links ambiguous and context names to the entity named most recently before them, or drops them. */
  resolve(raw: EntityMention[], _text?: string): EntityMention[] {
    const out: EntityMention[] = [];
    for (const m of raw) {
      if (!m.candidates) {
        out.push(m);
        continue;
      }
      const id = this.resolveContext(m.candidates, out, m.start) ?? (m.form === 'context' ? undefined : m.candidates[0]);
      const entity = id ? this.kb.get(id) : undefined;
      if (!entity) continue;
      out.push({ start: m.start, end: m.end, kind: entity.kind, entityId: entity.id, text: m.text, form: m.form });
    }
    return out;
  }

  /** The most recent preceding mention, within the window, of one of the candidate entities. */
  private resolveContext(candidates: string[], before: EntityMention[], offset: number): string | undefined {
    for (let i = before.length - 1; i >= 0; i--) {
      const m = before[i];
      if (offset - m.end > CONTEXT_WINDOW) break;
      if (m.form !== 'context' && candidates.includes(m.entityId)) return m.entityId;
    }
    return undefined;
  }
}

// Word characters: letters, digits and "&" (as TOKEN). ASCII is decided inline; other code units
// once each through a Unicode-aware test, then remembered. Surrogates (emoji) are not letters here.
const WORD_CLASS = new Uint8Array(65536); // 0 unknown, 1 word, 2 not
const UNICODE_WORD = /[\p{L}\p{N}]/u;

function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 38;
  let k = WORD_CLASS[c];
  if (k === 0) {
    k = c >= 0xd800 && c <= 0xdfff ? 2 : UNICODE_WORD.test(String.fromCharCode(c)) ? 1 : 2;
    WORD_CLASS[c] = k;
  }
  return k === 1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function nextWordStart(text: string, from: number): number {
  const n = text.length;
  while (from < n && !isWordChar(text.charCodeAt(from))) from++;
  return from;
}

function wordEnd(text: string, from: number): number {
  const n = text.length;
  while (from < n && isWordChar(text.charCodeAt(from))) from++;
  return from;
}

function stripArticle(name: string): string {
  return name.replace(/^(?:the|The)\s+/, '');
}
