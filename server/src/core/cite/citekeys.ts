// Citekeys as Pandoc reads them in Markdown (`@key`, `[@key, p. 47]`, `[see @a; -@b]`, `@{odd key}`)
// and as LaTeX writes them (`\autocite[47]{a,b}`, `\citep[p.~4]{a}`). One linear scan each; code
// spans, fenced blocks, HTML comments and YAML front matter are not searched.

import type { Span } from '../types';

export interface CitekeyRef {
  key: string;
  /** Span of the key itself (without `@` or braces). */
  start: number;
  end: number;
  /** Offset of the `@` (Markdown) or of the command's backslash (LaTeX). */
  at: number;
  /** The bracketed group `[…]` or the whole `\cite…{…}` command, when there is one. */
  group?: Span;
  /** The locator written after the key ("p. 47"). */
  locator?: string;
  /** `-@key`: the author is suppressed. */
  suppressAuthor?: boolean;
  syntax: 'pandoc' | 'latex';
}

const KEY_START = /[\p{L}\p{N}_]/u;
const KEY_CHAR = /[\p{L}\p{N}_]/u;
const KEY_PUNCT = ':.#$%&-+?<>~/';

/** Spans Markdown does not treat as prose: front matter, fenced code, inline code, HTML comments. */
export function markdownSkipSpans(text: string): Span[] {
  const out: Span[] = [];
  const fm = frontMatterSpan(text);
  if (fm) out.push(fm);
  const re = /^[ \t]{0,3}(`{3,}|~{3,})[^\n]*$|<!--|`+/gm;
  let m: RegExpExecArray | null;
  re.lastIndex = fm ? fm.end : 0;
  while ((m = re.exec(text))) {
    const s = m.index;
    let end: number;
    if (m[1]) {
      // A fence: up to the same fence at a line start, or the end of the text.
      const fence = m[1];
      const close = new RegExp(`^[ \\t]{0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`, 'gm');
      close.lastIndex = s + m[0].length;
      const c = close.exec(text);
      end = c ? c.index + c[0].length : text.length;
    } else if (m[0] === '<!--') {
      const c = text.indexOf('-->', s + 4);
      end = c < 0 ? text.length : c + 3;
    } else {
      // Inline code: the same run of backticks closes it; an unclosed run is literal.
      const c = text.indexOf(m[0], s + m[0].length);
      if (c < 0) continue;
      end = c + m[0].length;
    }
    out.push({ start: s, end });
    re.lastIndex = Math.max(end, s + 1);
  }
  return out;
}

/** The YAML front matter block (`---` … `---` or `...` at the very start), if any. */
export function frontMatterSpan(text: string): Span | undefined {
  const m = /^(?:\uFEFF)?---[ \t]*\r?\n/.exec(text);
  if (!m) return undefined;
  const close = /^(?:---|\.\.\.)[ \t]*$/gm;
  close.lastIndex = m[0].length;
  const c = close.exec(text);
  return c ? { start: 0, end: c.index + c[0].length } : undefined;
}

function inSpans(spans: Span[], offset: number): boolean {
  // spans are sorted by start
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (offset < spans[mid].start) hi = mid - 1;
    else if (offset >= spans[mid].end) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Reads a Pandoc citekey starting at `i` (just after `@`); returns its end, or -1. */
export function readKey(text: string, i: number): { start: number; end: number } | undefined {
  if (text[i] === '{') {
    const close = text.indexOf('}', i + 1);
    if (close < 0 || close === i + 1 || close - i > 200 || text.slice(i + 1, close).includes('\n')) return undefined;
    return { start: i + 1, end: close };
  }
  if (i >= text.length || !KEY_START.test(text[i])) return undefined;
  let j = i + 1;
  while (j < text.length) {
    if (KEY_CHAR.test(text[j])) j++;
    else if (KEY_PUNCT.includes(text[j]) && j + 1 < text.length && KEY_CHAR.test(text[j + 1])) j += 2;
    else break;
  }
  return { start: i, end: j };
}

/** May an `@` at `i` open a citation? Not inside a word or an e-mail address. */
function citationAt(text: string, i: number): boolean {
  if (i === 0) return true;
  const p = text[i - 1];
  return !/[\p{L}\p{N}_.+%&]/u.test(p);
}

const BLANK_LINE = /[ \t]*(?:\r?\n|$)/y;

/** Bracketed groups `[ … ]` that hold a citation: no nested brackets, not a link, within a paragraph. */
function bracketGroups(text: string, skip: Span[]): Span[] {
  const out: Span[] = [];
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[') {
      open = inSpans(skip, i) || text[i + 1] === '^' ? -1 : i;
    } else if (c === ']' && open >= 0) {
      const next = text[i + 1];
      if (next !== '(' && next !== ':' && next !== '[' && text.slice(open, i).includes('@')) out.push({ start: open, end: i + 1 });
      open = -1;
    } else if (c === '\n' && open >= 0) {
      BLANK_LINE.lastIndex = i + 1;
      if (BLANK_LINE.test(text)) open = -1;
    } else if (open >= 0 && i - open > 2000) {
      open = -1;
    }
  }
  return out;
}

/** Every Pandoc citation in a Markdown note, in order. */
export function scanPandocCitekeys(text: string): CitekeyRef[] {
  const skip = markdownSkipSpans(text);
  const groups = bracketGroups(text, skip);
  const out: CitekeyRef[] = [];
  let g = 0;
  for (let i = text.indexOf('@'); i >= 0; i = text.indexOf('@', i + 1)) {
    if (!citationAt(text, i) || inSpans(skip, i)) continue;
    const k = readKey(text, i + 1);
    if (!k) continue;
    while (g < groups.length && groups[g].end <= i) g++;
    const group = g < groups.length && groups[g].start < i ? groups[g] : undefined;
    const ref: CitekeyRef = { key: text.slice(k.start, k.end), start: k.start, end: k.end, at: i, syntax: 'pandoc' };
    if (text[i - 1] === '-') ref.suppressAuthor = true;
    if (group) {
      ref.group = group;
      // The locator: after the key, up to the next `;` or the group's end.
      const after = text.slice(k.end + (text[k.end] === '}' ? 1 : 0), group.end - 1);
      const semi = after.indexOf(';');
      const loc = (semi < 0 ? after : after.slice(0, semi)).replace(/^\s*,?\s*/, '').trim();
      if (loc) ref.locator = loc;
    }
    out.push(ref);
  }
  return out;
}

const LATEX_CITE = /\\((?:[a-zA-Z]*cite[a-zA-Z]*|nocite))\*?((?:\s*\[[^\]\n]{0,200}\]){0,2})\s*\{([^{}]{0,2000})\}/g;

/** Every key of `\cite`-family commands in a LaTeX note (comments excluded). */
export function scanLatexCitekeys(text: string): CitekeyRef[] {
  const out: CitekeyRef[] = [];
  for (const m of text.matchAll(LATEX_CITE)) {
    const at = m.index!;
    // A `%` before it on the same line (not `\%`) makes it a comment.
    const lineStart = text.lastIndexOf('\n', at) + 1;
    if (/(?:^|[^\\])%/.test(text.slice(lineStart, at))) continue;
    const braceOpen = at + m[0].length - 1 - m[3].length - 1;
    const opts = [...m[2].matchAll(/\[([^\]]*)\]/g)].map((o) => o[1]);
    const locator = opts.length ? opts[opts.length - 1].replace(/~/g, ' ').trim() : undefined;
    let pos = braceOpen + 1;
    for (const part of m[3].split(',')) {
      const lead = part.length - part.trimStart().length;
      const key = part.trim();
      if (key && key !== '*') {
        const ref: CitekeyRef = { key, start: pos + lead, end: pos + lead + key.length, at, group: { start: at, end: at + m[0].length }, syntax: 'latex' };
        if (locator) ref.locator = locator;
        out.push(ref);
      }
      pos += part.length + 1;
    }
  }
  return out;
}

/** The citekey under an offset (the `@` or anywhere in the key, or just after it). */
export function citekeyAt(refs: CitekeyRef[], offset: number): CitekeyRef | undefined {
  return refs.find((r) => offset >= (r.syntax === 'pandoc' ? r.at : r.start) && offset <= r.end);
}

/**
 * Completion context: the cursor is just after `@` or inside a key being typed after one.
 * Returns the span the completion replaces (the key typed so far) and whether it is inside `[`.
 */
export function citekeyPrefixAt(text: string, offset: number): { replace: Span; typed: string; bracketed: boolean } | undefined {
  let s = offset;
  while (s > 0 && s > offset - 200 && (KEY_CHAR.test(text[s - 1]) || KEY_PUNCT.includes(text[s - 1]))) s--;
  // Trailing punctuation typed so far belongs to the key only when it is internal; here the user is mid-key.
  if (text[s - 1] === '{' && text[s - 2] === '@') s--;
  if (s === 0 || text[s - 1] !== '@' || !citationAt(text, s - 1)) return undefined;
  if (inSpans(markdownSkipSpans(text.slice(0, offset)), s - 1)) return undefined;
  const start = text[s] === '{' ? s + 1 : s;
  const lineStart = text.lastIndexOf('\n', s) + 1;
  const before = text.slice(lineStart, s - 1);
  const bracketed = before.lastIndexOf('[') > before.lastIndexOf(']');
  return { replace: { start, end: offset }, typed: text.slice(start, offset), bracketed };
}

/**
 * What Pandoc citations occupy in a Markdown note, for masking them out of prose: each bracketed
 * citation group whole (`[see @a, p. 47; @b]`), and a bare `@key` from its `@`.
 */
export function pandocCitationSpans(text: string): Span[] {
  const out: Span[] = [];
  let lastGroup: Span | undefined;
  for (const r of scanPandocCitekeys(text)) {
    if (r.group) {
      if (lastGroup !== r.group) out.push({ start: r.group.start, end: r.group.end });
      lastGroup = r.group;
    } else out.push({ start: r.at - (r.suppressAuthor ? 1 : 0), end: r.end + (text[r.end] === '}' ? 1 : 0) });
  }
  return out;
}
