// The citation settings a Markdown note's YAML front matter gives, as Pandoc reads them:
// `bibliography:` (one file, a flow list `[a.bib, b.json]` or a block list), `csl:` and `lang:`.
// Only these top-level keys are read; everything else in the front matter is left alone.

import type { Span } from '../types';
import { frontMatterSpan } from './citekeys';

export interface FrontMatterCitation {
  /** Bibliography paths as written (relative to the note's folder unless absolute). */
  bibliography: { path: string; start: number; end: number }[];
  csl?: string;
  lang?: string;
  span: Span;
}

function unquote(v: string): string {
  const t = v.trim();
  if (t.length >= 2 && ((t[0] === '"' && t.endsWith('"')) || (t[0] === "'" && t.endsWith("'")))) {
    return t[0] === "'" ? t.slice(1, -1).replace(/''/g, "'") : t.slice(1, -1).replace(/\\(["\\])/g, '$1');
  }
  return t.replace(/\s+#.*$/, '');
}

/** Reads `bibliography`, `csl` and `lang` from the note's front matter, if it has one. */
export function readFrontMatter(text: string): FrontMatterCitation | undefined {
  const span = frontMatterSpan(text);
  if (!span) return undefined;
  const out: FrontMatterCitation = { bibliography: [], span };
  const lines: { text: string; start: number }[] = [];
  const re = /[^\n]*\n?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && m.index < span.end && m[0].length) {
    lines.push({ text: m[0].replace(/\r?\n$/, ''), start: m.index });
  }
  const value = (line: { text: string; start: number }, from: number) => {
    const raw = line.text.slice(from);
    const lead = raw.length - raw.trimStart().length;
    const v = unquote(raw);
    const q = /^\s*["']/.test(raw) ? 1 : 0;
    return { path: v, start: line.start + from + lead + q, end: line.start + from + lead + q + v.length };
  };
  for (let i = 1; i < lines.length - 1; i++) {
    const l = lines[i];
    const key = /^([A-Za-z][\w-]*)[ \t]*:(?:[ \t]+|$)/.exec(l.text);
    if (!key) continue;
    const from = key[0].length;
    const rest = l.text.slice(from).trim();
    if (key[1] === 'bibliography') {
      if (rest.startsWith('[')) {
        const close = l.text.indexOf(']', from);
        const inner = l.text.slice(l.text.indexOf('[', from) + 1, close < 0 ? l.text.length : close);
        let pos = l.text.indexOf('[', from) + 1;
        for (const part of inner.split(',')) {
          const lead = part.length - part.trimStart().length;
          const v = unquote(part);
          const q = /^\s*["']/.test(part) ? 1 : 0;
          if (v) out.bibliography.push({ path: v, start: l.start + pos + lead + q, end: l.start + pos + lead + q + v.length });
          pos += part.length + 1;
        }
      } else if (rest && !rest.startsWith('#')) {
        out.bibliography.push(value(l, from));
      } else {
        // A block list on the following lines.
        for (let k = i + 1; k < lines.length - 1; k++) {
          const item = /^([ \t]*-[ \t]+)/.exec(lines[k].text);
          if (!item) {
            if (lines[k].text.trim() === '') continue;
            break;
          }
          const v = value(lines[k], item[1].length);
          if (v.path) out.bibliography.push(v);
          i = k;
        }
      }
    } else if (key[1] === 'csl' && rest) {
      out.csl = unquote(rest);
    } else if (key[1] === 'lang' && rest) {
      out.lang = unquote(rest);
    }
  }
  return out;
}
