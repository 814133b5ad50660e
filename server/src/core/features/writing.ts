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
    for (const [label, other] of forms) {
      if (!label.toLowerCase().startsWith(lower)) continue;
      items.push({
        label,
        detail: other ? `${other} · ${e.kind}` : e.kind,
        documentation: entityCard(ctx, e),
        kind: e.kind,
        insertText: label,
        replace,
        // Names the corpus mentions most come first.
        sortText: String(100000 - Math.min(99999, ctx.mentions.mentionCount(e.id))).padStart(6, '0') + label,
        filterText: label,
      });
    }
    if (items.length >= limit) break;
  }
  return items;
}

/** "Expand acronym at first use": an acronym written before its full name in the note. */
export function acronymActions(ctx: FeatureContext, a: Analysis, range: Span): Fix[] {
  const fixes: Fix[] = [];
  const firstByEntity = new Map<string, Analysis['entities'][number]>();
  for (const m of a.entities) if (!firstByEntity.has(m.entityId)) firstByEntity.set(m.entityId, m);
  for (const m of a.entities) {
    if (m.end < range.start || m.start > range.end) continue;
    const e = ctx.kb.get(m.entityId);
    if (!e) continue;
    const first = firstByEntity.get(m.entityId) === m;
    const nameUsedBefore = a.entities.some((x) => x.entityId === m.entityId && x.form === 'name' && x.start < m.start);
    if (m.form === 'acronym' && first && !nameUsedBefore) {
      fixes.push({ title: `Expand acronym at first use: “${e.name} (${m.text})”`, edits: [{ start: m.start, end: m.end, newText: `${e.name} (${m.text})` }] });
    } else if (m.form === 'name' && e.acronyms.length && !a.text.slice(m.end, m.end + e.acronyms[0].length + 4).includes(e.acronyms[0])) {
      const laterName = a.entities.some((x) => x.entityId === m.entityId && x.form === 'name' && x.start > m.start);
      if (laterName || !first) fixes.push({ title: `Use the acronym “${e.acronyms[0]}”`, edits: [{ start: m.start, end: m.end, newText: e.acronyms[0] }] });
      if (first) fixes.push({ title: `Define the acronym here: “${m.text.replace(/\s+/g, ' ')} (${e.acronyms[0]})”`, edits: [{ start: m.end, end: m.end, newText: ` (${e.acronyms[0]})` }] });
    }
  }
  return fixes;
}

export interface DocumentSymbol {
  name: string;
  detail: string;
  kind: 'section' | 'organization' | 'treaty' | 'date';
  range: Span;
  selection: Span;
  children: DocumentSymbol[];
}

/** Sections (Markdown headings, or underlined/all-caps lines) with the entities and dates in each. */
export function documentSymbols(ctx: FeatureContext, a: Analysis): DocumentSymbol[] {
  const headings: { start: number; end: number; title: string }[] = [];
  for (const m of a.masked.matchAll(/^(#{1,6})[ \t]+(.+?)[ \t#]*$/gm)) headings.push({ start: m.index!, end: m.index! + m[0].length, title: m[2] });
  if (!headings.length && a.languageId !== 'markdown') {
    // Plain text: a short first line, or short lines followed by a blank line and preceded by one.
    for (const m of a.masked.matchAll(/(?:^|\n[ \t]*\n)([^\n]{3,80})(?=\r?\n[ \t]*\r?\n)/g)) {
      const title = m[1].trim();
      if (/[.;,:]$/.test(title) || !/^[\p{Lu}\d]/u.test(title)) continue;
      const start = m.index! + m[0].indexOf(m[1]);
      headings.push({ start, end: start + m[1].length, title });
    }
  }
  const sections: DocumentSymbol[] = headings.map((h, i) => ({
    name: h.title,
    detail: '',
    kind: 'section' as const,
    range: { start: h.start, end: i + 1 < headings.length ? headings[i + 1].start : a.text.length },
    selection: { start: h.start, end: h.end },
    children: [],
  }));
  const leaf = (name: string, detail: string, kind: DocumentSymbol['kind'], s: Span): DocumentSymbol => ({ name, detail, kind, range: s, selection: s, children: [] });
  const top: DocumentSymbol[] = [];
  const place = (sym: DocumentSymbol) => {
    const sec = sections.find((s) => sym.range.start >= s.range.start && sym.range.start < s.range.end);
    (sec ? sec.children : top).push(sym);
  };
  for (const m of a.entities) {
    const e = ctx.kb.get(m.entityId);
    place(leaf(m.text.replace(/\s+/g, ' '), e ? e.name : '', m.kind, m));
  }
  for (const d of a.dates) place(leaf(d.text.replace(/\s+/g, ' '), d.value, 'date', d));
  for (const s of sections) s.children.sort((x, y) => x.range.start - y.range.start);
  const before = top.filter((x) => !sections.length || x.range.start < sections[0].range.start);
  return [...before, ...sections].sort((x, y) => x.range.start - y.range.start);
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
