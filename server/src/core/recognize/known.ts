// The known names: organizations and treaties of the catalog, the learned knowledge and the
// dictionary, matched with a token trie. The text is cut into word tokens once, and from each
// token the trie is walked as far as the names go (longest match, so "NATO-Russia Council" wins
// over "NATO"). Between tokens a name's space matches any run of spaces with at most one line
// break, and its hyphen matches a hyphen that may end a line ("NATO-\nRussia"). Acronyms match by
// case ("SHAPE", not "shape"); names by the case of their significant words, with function words
// and spellings folded (text/fold.ts). Linear in the text, whatever the number of names.

import type { KnowledgeBase } from '../knowledge/kb';
import type { EntityMention, MentionForm } from './mention';
import { foldToken, spellingVariants, stripArticle } from '../text/fold';
import { isDigit, separatorClass, wordSpans, type WordSpans } from './words';

interface Entry {
  ids: string[];
  form: MentionForm;
}

/**
 * A node of the token trie. Its children are keyed by the separator class before the next word
 * (words.ts separatorClass), then by the word's key: two lookups, no key built per step.
 */
interface TrieNode {
  next?: Map<string, Map<string, TrieNode>>;
  entry?: Entry;
}

const TOKEN = /[\p{L}\p{N}&]+/gu;
const ACRONYM_ALIAS = /^[A-Z][A-Za-z]*[A-Z][A-Za-z]*$/;
const CONTEXT_BEFORE = /(?:\bthe\s+|^\s*|[.!?:]\s+|\n\s*)$/i;

function tokenize(s: string): { tokens: string[]; seps: string[] } {
  const tokens: string[] = [];
  const seps: string[] = [];
  let last = -1;
  for (const m of s.matchAll(TOKEN)) {
    if (last >= 0) seps.push(separatorClass(s.slice(last, m.index)));
    tokens.push(m[0]);
    last = m.index + m[0].length;
  }
  return { tokens, seps };
}

export class KnownNames {
  /** The first words of names (by key); a first word's node holds the rest of its names. */
  private readonly root = new Map<string, TrieNode>();
  /** The first two characters of every name's first word: the cheap test that skips most words. */
  private readonly startPairs = new Set<number>();
  /** The same pairs where both characters are ASCII, as a bitmap indexed by (first << 7 | second). */
  private readonly asciiPairs = new Uint8Array(128 * 128);

  constructor(private readonly kb: KnowledgeBase) {
    const add = (surface: string, id: string, form: MentionForm) => {
      for (const v of spellingVariants(surface.trim())) {
        const { tokens, seps } = tokenize(v);
        if (!tokens.length || (tokens.length === 1 && tokens[0].length < 2)) continue;
        let node: TrieNode | undefined;
        for (let i = 0; i < tokens.length; i++) {
          const key = form === 'acronym' ? tokens[i] : foldToken(tokens[i]);
          const level: Map<string, TrieNode> = node === undefined ? this.root : bySeparator(node, seps[i - 1]);
          let child = level.get(key);
          if (!child) {
            child = {};
            level.set(key, child);
          }
          node = child;
        }
        if (!node) continue;
        // A name and an acronym may share a node; the more specific form wins.
        const entry = node.entry ?? (node.entry = { ids: [], form });
        if (form !== 'context' && entry.form === 'context') entry.form = form;
        if (!entry.ids.includes(id)) entry.ids.push(id);
      }
    };
    for (const e of kb.list()) {
      for (const a of e.acronyms) add(a, e.id, 'acronym');
      add(stripArticle(e.name), e.id, 'name');
      for (const a of [...e.aliases, ...(e.descriptiveAliases ?? [])]) add(stripArticle(a), e.id, ACRONYM_ALIAS.test(a) && a.length <= 8 ? 'acronym' : 'name');
      for (const c of e.contextAliases) add(stripArticle(c), e.id, 'context');
    }
    for (const key of this.root.keys()) {
      if (key.length < 2) continue;
      const second = key.charCodeAt(1);
      this.startPairs.add(key.charCodeAt(0) * 65536 + second);
      // Folded keys of function words and case-free words are lower case, and the text may
      // capitalize them. A capitalized key only matches capitalized text (a spelling variant,
      // "Centre" for "Center", shares its first two letters), so lower-case words skip at once.
      if (key[0] !== key[0].toUpperCase()) this.startPairs.add(key[0].toUpperCase().charCodeAt(0) * 65536 + second);
    }
    for (const pair of this.startPairs) {
      const first = Math.floor(pair / 65536);
      const second = pair % 65536;
      if (first < 128 && second < 128) this.asciiPairs[(first << 7) | second] = 1;
    }
  }

  /** Whether a word beginning with these two code units may begin a name (startPairs, ASCII pairs read from the bitmap). */
  private startsName(first: number, second: number): boolean {
    return first < 128 && second < 128 ? this.asciiPairs[(first << 7) | second] === 1 : this.startPairs.has(first * 65536 + second);
  }

  /** Whether `word` (one token) is a known acronym or name start: the open-world recognizers leave it alone. */
  has(word: string): boolean {
    const node = this.root.get(word) ?? this.root.get(foldToken(word));
    return !!node?.entry;
  }

  /**
   * Known names in `text`, longest first at each place, never overlapping; context names
   * unresolved. `spans` are the text's words (wordSpans), when the caller has them already.
   */
  find(text: string, spans: WordSpans = wordSpans(text)): EntityMention[] {
    const out: EntityMention[] = [];
    const rootNext = this.root;
    const { starts, ends, count } = spans;
    let k = 0;
    while (k < count) {
      const s = starts[k];
      const e = ends[k];
      // Most words cannot begin a name: decide on the first two characters before slicing anything.
      if (e - s < 2 ? !rootNext.has(text[s]) && !rootNext.has(text[s].toLowerCase()) : !this.startsName(text.charCodeAt(s), text.charCodeAt(s + 1))) {
        k++;
        continue;
      }
      // "2007/427/CFSP" is a document number, not a mention of the CFSP.
      if (s > 1 && text.charCodeAt(s - 1) === 47 && isDigit(text.charCodeAt(s - 2))) {
        k++;
        continue;
      }
      const w = text.slice(s, e);
      let node = rootNext.get(w);
      if (!node) {
        const folded = foldToken(w);
        if (folded !== w) node = rootNext.get(folded);
      }
      if (!node) {
        k++;
        continue;
      }
      let best: Entry | undefined = node.entry;
      let bestK = k;
      let last = k;
      while (node.next && last + 1 < count) {
        const ns = starts[last + 1];
        const ne = ends[last + 1];
        const lastEnd = ends[last];
        const level = node.next.get(separatorClass(text.slice(lastEnd, ns)));
        if (!level) break;
        const nextWord = text.slice(ns, ne);
        let child: TrieNode | undefined = level.get(nextWord);
        if (!child) {
          const f = foldToken(nextWord);
          if (f !== nextWord) child = level.get(f);
        }
        if (!child) break;
        node = child;
        last++;
        if (node.entry) {
          best = node.entry;
          bestK = last;
        }
      }
      if (!best) {
        k++;
        continue;
      }
      const start = s;
      const end = ends[bestK];
      const entry = best;
      k = bestK + 1;
      if (entry.form === 'context') {
        // "the Alliance", not "Holy Alliance": a context name follows a determiner or starts a sentence.
        if (!CONTEXT_BEFORE.test(text.slice(Math.max(0, start - 8), start))) continue;
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
}

/** The children of `node` after a separator of class `sep`, created when missing. */
function bySeparator(node: TrieNode, sep: string): Map<string, TrieNode> {
  const next = (node.next ??= new Map());
  let level = next.get(sep);
  if (!level) {
    level = new Map();
    next.set(sep, level);
  }
  return level;
}
