// Writing help: completion of names and acronyms, "expand acronym at first use" (and the
// reverse), document symbols by section, workspace symbols, and semantic tokens.

import type { Span } from '../types';
import type { Analysis } from '../analysis';
import type { FeatureContext } from '../views';
import type { KnowledgeEntity } from '../knowledge/kb';
import type { Fix } from './checks/types';
import { entityCard } from './hover';

export interface CompletionItem {
  label: string;
  detail: string;
  documentation: string;
  kind: 'organization' | 'treaty';
  insertText: string;
  /** The span the completion replaces (the word typed so far). */
  replace: Span;
  sortText: string;
  filterText: string;
}

/** The word being typed before an offset (letters, digits, hyphens and inner spaces of a name). */
function prefixAt(text: string, offset: number): Span {
  let s = offset;
  while (s > 0 && /[\p{L}\p{N}\-’']/u.test(text[s - 1])) s--;
  return { start: s, end: offset };
}

export function completion(ctx: FeatureContext, a: Analysis, offset: number, limit = 200): CompletionItem[] {
  const replace = prefixAt(a.text, offset);
  const typed = a.text.slice(replace.start, replace.end);
  if (typed.length < 1) return [];
  const lower = typed.toLowerCase();
  const items: CompletionItem[] = [];
  for (const e of ctx.kb.list()) {
    const forms: [string, string][] = [[e.name, e.acronyms[0] ?? '']];
    for (const acr of e.acronyms) forms.push([acr, e.name]);
    for (const alias of e.aliases.slice(0, 4)) forms.push([alias, e.name]);
    for (const [i, [label, other]] of forms.entries()) {
      if (!label.toLowerCase().startsWith(lower)) continue;
      // Canonical names and acronyms before other names; then the names the corpus mentions most.
      const rank = i <= e.acronyms.length ? 0 : 1;
      items.push({
        label,
        detail: other ? `${other} · ${e.kind}` : e.kind,
        documentation: entityCard(ctx, e),
        kind: e.kind,
        insertText: label,
        replace,
        // Names the corpus mentions most come first.
        sortText: String(rank) + String(100000 - Math.min(99999, ctx.mentions.mentionCount(e.id))).padStart(6, '0') + label,
        filterText: label,
      });
    }
    if (items.length >= limit) break;
  }
  return items;
}

/** At most this many mentions of a selection get acronym rewrites (a whole-note selection must stay cheap). */
const MAX_ACRONYM_MENTIONS = 20;

/**
 * "Expand acronym at first use": an acronym written before its full name in the note; and the
 * reverse (use the acronym, define it here). Linear in the note's mentions: each entity's first
 * mention and first and last full-name mentions are found in one pass.
 */
export function acronymActions(ctx: FeatureContext, a: Analysis, range: Span): Fix[] {
  const fixes: Fix[] = [];
  const first = new Map<string, number>();
  const firstName = new Map<string, number>();
  const lastName = new Map<string, number>();
  for (const m of a.entities) {
    if (!first.has(m.entityId)) first.set(m.entityId, m.start);
    if (m.form === 'name') {
      if (!firstName.has(m.entityId)) firstName.set(m.entityId, m.start);
      lastName.set(m.entityId, m.start);
    }
  }
  let taken = 0;
  for (const m of a.entities) {
    if (m.end < range.start || m.start > range.end) continue;
    if (++taken > MAX_ACRONYM_MENTIONS) break;
    const e = ctx.kb.get(m.entityId);
    if (!e) continue;
    const isFirst = first.get(m.entityId) === m.start;
    const nameUsedBefore = (firstName.get(m.entityId) ?? Infinity) < m.start;
    if (m.form === 'acronym' && isFirst && !nameUsedBefore) {
      fixes.push({ title: `Expand acronym at first use: “${e.name} (${m.text})”`, edits: [{ start: m.start, end: m.end, newText: `${e.name} (${m.text})` }] });
    } else if (m.form === 'name' && e.acronyms.length && !a.text.slice(m.end, m.end + e.acronyms[0].length + 4).includes(e.acronyms[0])) {
      const laterName = (lastName.get(m.entityId) ?? -1) > m.start;
      if (laterName || !isFirst) fixes.push({ title: `Use the acronym “${e.acronyms[0]}”`, edits: [{ start: m.start, end: m.end, newText: e.acronyms[0] }] });
      if (isFirst) fixes.push({ title: `Define the acronym here: “${m.text.replace(/\s+/g, ' ')} (${e.acronyms[0]})”`, edits: [{ start: m.end, end: m.end, newText: ` (${e.acronyms[0]})` }] });
    }
  }
  return fixes;
}

export interface DocumentSymbol {
  name: string;
  detail: string;
  kind: 'section';
  range: Span;
  selection: Span;
  children: DocumentSymbol[];
}

export interface Heading {
  start: number;
  end: number;
  title: string;
  level: number;
}

const isLineBreak = (c: number) => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
const isBlankOrHash = (c: number) => c === 32 || c === 9 || c === 35;

/**
 * ATX headings ("## Title ##"), one pass over the lines: a line (from a line break of any kind)
 * of one to six "#", then spaces or tabs, then the title up to the line's end without the spaces,
 * tabs and "#" that close it. The same as /^(#{1,6})[ \t]+([^\n]*?)[ \t#]*$/gm, whose lazy title
 * against the closing run took quadratic time on a long heading line ("# # # … x": 108 s for
 * 200 KB); a test compares the two.
 */
export function atxHeadings(t: string, out: Heading[] = []): Heading[] {
  const n = t.length;
  let p = 0;
  for (;;) {
    let end = p;
    while (end < n && !isLineBreak(t.charCodeAt(end))) end++;
    let h = p;
    while (h < end && h - p < 7 && t.charCodeAt(h) === 35) h++;
    const level = h - p;
    if (level >= 1 && level <= 6 && (t.charCodeAt(h) === 32 || t.charCodeAt(h) === 9)) {
      let s = h;
      while (s < end && (t.charCodeAt(s) === 32 || t.charCodeAt(s) === 9)) s++;
      let e = end;
      while (e > s && isBlankOrHash(t.charCodeAt(e - 1))) e--;
      out.push({ start: p, end, title: t.slice(s, e), level });
    }
    if (end >= n) return out;
    p = end + 1;
  }
}

/** Markdown headings (ATX), or in plain text short title lines between blank lines (level 1). */
function headingsOf(a: Analysis): Heading[] {
  const out: Heading[] = [];
  atxHeadings(a.masked, out);
  if (out.length || a.languageId === 'markdown') return out;
  for (const m of a.masked.matchAll(/(?:^|\n[ \t]*\n)([^\n]{3,80})(?=\r?\n[ \t]*\r?\n)/g)) {
    const title = m[1].trim();
    if (/[.;,:]$/.test(title) || !/^[\p{Lu}\d]/u.test(title)) continue;
    const start = m.index! + m[0].indexOf(m[1]);
    out.push({ start, end: start + m[1].length, title, level: 1 });
  }
  return out;
}

/**
 * The outline: sections in their heading hierarchy (an H2 inside the H1 before it), each
 * spanning to the next heading of its level or higher. Entities are listed by the note view, not
 * here. Linear in the headings (a stack of open sections).
 */
export function documentSymbols(_ctx: FeatureContext, a: Analysis): DocumentSymbol[] {
  const top: DocumentSymbol[] = [];
  const open: { level: number; sym: DocumentSymbol }[] = [];
  const close = (end: number) => {
    const x = open.pop()!;
    x.sym.range.end = end;
  };
  for (const h of headingsOf(a)) {
    while (open.length && open[open.length - 1].level >= h.level) close(h.start);
    const sym: DocumentSymbol = { name: h.title, detail: '', kind: 'section', range: { start: h.start, end: a.text.length }, selection: { start: h.start, end: h.end }, children: [] };
    (open.length ? open[open.length - 1].sym.children : top).push(sym);
    open.push({ level: h.level, sym });
  }
  while (open.length) close(a.text.length);
  return top;
}

export function workspaceSymbols(ctx: FeatureContext, query: string, limit = 200): KnowledgeEntity[] {
  const q = query.toLowerCase().replace(/\s+/g, '');
  const score = (e: KnowledgeEntity): number => {
    const names = [e.name, ...e.acronyms, ...e.aliases].map((n) => n.toLowerCase());
    if (!q) return 1;
    if (names.some((n) => n.replace(/\s+/g, '') === q)) return 4;
    if (names.some((n) => n.startsWith(query.toLowerCase()))) return 3;
    if (names.some((n) => n.includes(query.toLowerCase()))) return 2;
    // Fuzzy: the query's letters in order.
    return names.some((n) => isSubsequence(q, n)) ? 1 : 0;
  };
  return ctx.kb
    .list()
    .map((e) => ({ e, s: score(e) }))
    .filter((x) => x.s > 0)
    .sort((x, y) => y.s - x.s || x.e.name.localeCompare(y.e.name))
    .slice(0, limit)
    .map((x) => x.e);
}

function isSubsequence(q: string, s: string): boolean {
  let i = 0;
  for (const ch of s) if (ch === q[i]) i++;
  return i === q.length;
}

export const SEMANTIC_TOKEN_TYPES = ['organization', 'treaty', 'date'] as const;
export const SEMANTIC_TOKEN_MODIFIERS = ['invalid', 'learned'] as const;

export interface SemanticToken extends Span {
  type: number;
  modifiers: number;
}

/** Tokens in document order; a token spanning a line break is split by the adapter. */
export function semanticTokens(ctx: FeatureContext, a: Analysis): SemanticToken[] {
  const out: SemanticToken[] = [];
  for (const m of a.entities) {
    const e = ctx.kb.get(m.entityId);
    out.push({ start: m.start, end: m.end, type: m.kind === 'organization' ? 0 : 1, modifiers: e && e.origin !== 'catalog' ? 2 : 0 });
  }
  for (const d of a.dates) out.push({ start: d.start, end: d.end, type: 2, modifiers: d.invalid ? 1 : 0 });
  return out.sort((x, y) => x.start - y.start);
}
