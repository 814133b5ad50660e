// "Insert citation": the edits that write one citation at the end of a sentence, in the note's own
// format. Pandoc Markdown gets `[@key, p. 47]` before the sentence's final stop (joined to a
// citation already standing there); LaTeX gets `\autocite[47]{key}` (biblatex) or `~\cite[p.~47]{key}`
// (natbib, plain BibTeX); Markdown without a bibliography gets a footnote `[^n]` after the stop and
// its definition at the end; plain text a numbered note `[n]` and a "Notes" list at the end.
// Nothing else in the note changes, so undoing the action removes the citation whole.

import type { LocatorLabel } from './types';
import { latexCitationFlavor } from './latex';
import { frontMatterSpan, scanPandocCitekeys } from './citekeys';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export type NoteCitationFormat = 'pandoc' | 'latex-biblatex' | 'latex-cite' | 'markdown-footnote' | 'plain-numbered';

export interface NoteForFormat {
  text: string;
  languageId: string;
  uri?: string;
}

/**
 * The citation format a note uses. `hasBibliography`: a bibliography applies to the note (the
 * setting or the note's front matter), so Pandoc citekeys can resolve.
 */
export function detectNoteFormat(note: NoteForFormat, hasBibliography: boolean): NoteCitationFormat {
  const uri = (note.uri ?? '').toLowerCase();
  const isLatex = note.languageId === 'latex' || note.languageId === 'tex' || /\.(?:tex|ltx)$/.test(uri);
  if (isLatex) return latexCitationFlavor(note.text) === 'biblatex' ? 'latex-biblatex' : 'latex-cite';
  const isMarkdown = note.languageId === 'markdown' || /\.(?:md|markdown|mdown|rmd|qmd)$/.test(uri);
  if (isMarkdown) {
    if (hasBibliography || /^bibliography\s*:/m.test(note.text.slice(0, frontMatterSpan(note.text)?.end ?? 0))) return 'pandoc';
    if (scanPandocCitekeys(note.text).some((r) => r.group)) return 'pandoc';
    return 'markdown-footnote';
  }
  return /\[\^\d+\]/.test(note.text) ? 'markdown-footnote' : 'plain-numbered';
}

const ABBREVIATIONS = new Set(['e.g', 'i.e', 'cf', 'etc', 'p', 'pp', 'vol', 'no', 'nos', 'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'art', 'para', 'ch', 'chap', 'ed', 'eds', 'fig', 'vs', 'al', 'approx', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'gen', 'col', 'lt', 'sen', 'rep', 'gov']);
const CLOSERS = '"”’\')»';

export interface SentenceEnd {
  /** Where the final stop stands (or the sentence's last character + 1 when it has none). */
  stop: number;
  /** Just after the stop and any closing quotes or brackets. */
  after: number;
  hasStop: boolean;
}

/** The end of the sentence that holds `at`: the next stop that ends it, or the paragraph's end. */
export function sentenceEnd(text: string, at: number): SentenceEnd {
  const n = text.length;
  for (let i = Math.max(0, at); i < n; i++) {
    const c = text[i];
    if (c === '\n') {
      // A blank line (or the text's end) ends the paragraph and with it the sentence.
      let k = i + 1;
      while (k < n && (text[k] === ' ' || text[k] === '\t' || text[k] === '\r')) k++;
      if (k >= n || text[k] === '\n') {
        let e = i;
        while (e > at && /\s/.test(text[e - 1])) e--;
        return { stop: e, after: e, hasStop: false };
      }
      continue;
    }
    if (c !== '.' && c !== '!' && c !== '?') continue;
    // A stop ends the sentence when followed by a space, line end or text end (after closers).
    let k = i + 1;
    while (k < n && text[k] === c) k++;
    let after = k;
    while (after < n && CLOSERS.includes(text[after])) after++;
    if (after < n && !/\s/.test(text[after]) && !(text[after] === '[' && text[after + 1] === '^')) continue;
    if (c === '.') {
      const word = /([\p{L}.]+)$/u.exec(text.slice(Math.max(0, i - 12), i));
      const w = word ? word[1].toLowerCase() : '';
      // Initials ("J. Smith", "U.S.") and abbreviations do not end a sentence unless a line ends.
      const lineEnds = after >= n || text[after] === '\n' || text[after] === '\r';
      if (!lineEnds && (ABBREVIATIONS.has(w) || /^\p{L}$/u.test(w) || /\p{L}\.\p{L}$/u.test(w))) continue;
    }
    return { stop: i, after, hasStop: true };
  }
  let e = n;
  while (e > at && /\s/.test(text[e - 1])) e--;
  return { stop: e, after: e, hasStop: false };
}

const PANDOC_LABEL: Record<LocatorLabel, string> = { page: 'p.', chapter: 'chap.', section: 'sec.', paragraph: 'para.', line: 'l.' };

export interface CitationToInsert {
  key: string;
  locator?: string;
  label?: LocatorLabel;
  /** The note's text for footnote formats: the rendered citation ("Kazantsev 2009, 47."). */
  noteText: string;
}

/** `@key, p. 47` as Pandoc writes a citation item. */
export function pandocItem(key: string, locator?: string, label: LocatorLabel = 'page'): string {
  const k = /^[\p{L}\p{N}_][\p{L}\p{N}_:.#$%&\-+?<>~/]*$/u.test(key) && !/[:.#$%&\-+?<>~/]$/.test(key) ? key : `{${key}}`;
  if (!locator) return `@${k}`;
  const pages = /[-–,]/.test(locator) && label === 'page' ? 'pp.' : PANDOC_LABEL[label];
  return `@${k}, ${pages} ${locator}`;
}

/** The citation as the format writes it inline (for "Copy citation" in the note's format). */
export function citationMarkup(format: NoteCitationFormat, c: Omit<CitationToInsert, 'noteText'>): string {
  const label = c.label ?? 'page';
  if (format === 'latex-biblatex') {
    const post = c.locator ? (label === 'page' ? `[${c.locator}]` : `[${PANDOC_LABEL[label]}~${c.locator}]`) : '';
    return `\\autocite${post}{${c.key}}`;
  }
  if (format === 'latex-cite') {
    const pages = /[-–,]/.test(c.locator ?? '') && label === 'page' ? 'pp.' : PANDOC_LABEL[label];
    return `\\cite${c.locator ? `[${pages}~${c.locator.replace(/[-–]/, '--')}]` : ''}{${c.key}}`;
  }
  return `[${pandocItem(c.key, c.locator, label)}]`;
}

/** The edits that insert the citation at the end of the sentence holding `at`. */
export function insertCitationEdits(text: string, format: NoteCitationFormat, at: number, c: CitationToInsert): TextEdit[] {
  const end = sentenceEnd(text, at);
  if (format === 'pandoc') {
    // Join a citation group that already closes the sentence: "… [@a, p. 3]." → "[@a, p. 3; @key, p. 47]".
    let b = end.stop;
    while (b > 0 && (text[b - 1] === ' ' || text[b - 1] === '\t')) b--;
    if (text[b - 1] === ']') {
      const refs = scanPandocCitekeys(text).filter((r) => r.group && r.group.end === b);
      if (refs.length) {
        const item = pandocItem(c.key, c.locator, c.label);
        if (refs.some((r) => `@${r.key}${r.locator ? ', ' + r.locator : ''}` === item || (r.key === c.key && !c.locator && !r.locator))) return [];
        return [{ start: b - 1, end: b - 1, newText: `; ${item}` }];
      }
    }
    const quoteEnd = end.hasStop && end.after > end.stop + 1 && CLOSERS.includes(text[end.after - 1]) && text[end.after - 1] !== ')';
    const pos = quoteEnd ? end.after : end.stop;
    return [{ start: pos, end: pos, newText: ` ${citationMarkup('pandoc', c)}` }];
  }
  if (format === 'latex-biblatex' || format === 'latex-cite') {
    let pos = end.stop;
    while (pos > 0 && (text[pos - 1] === ' ' || text[pos - 1] === '\t')) pos--;
    return [{ start: pos, end: pos, newText: `${format === 'latex-cite' ? '~' : ' '}${citationMarkup(format, c)}` }];
  }
  const note = c.noteText.trim();
  if (format === 'markdown-footnote') {
    let max = 0;
    for (const m of text.matchAll(/\[\^(\d+)\]/g)) max = Math.max(max, Number(m[1]));
    const n = max + 1;
    const marker = { start: end.after, end: end.after, newText: `[^${n}]` };
    const lastLine = text.replace(/\s+$/, '').split('\n').pop() ?? '';
    const sep = (text.endsWith('\n') ? '' : '\n') + (/^\[\^\d+\]:/.test(lastLine) ? '' : '\n');
    const def = { start: text.length, end: text.length, newText: `${sep}[^${n}]: ${note}\n` };
    return merge(marker, def);
  }
  // Plain text: "[n]" after the stop, and the note under a "Notes" heading at the end.
  let max = 0;
  const notesHeading = /(?:^|\n)(Notes|NOTES|Endnotes)[ \t]*\r?\n/g;
  let heading: RegExpExecArray | null = null;
  for (let m: RegExpExecArray | null; (m = notesHeading.exec(text)); ) heading = m;
  for (const m of text.matchAll(/\[(\d{1,4})\]/g)) max = Math.max(max, Number(m[1]));
  const n = max + 1;
  const marker = { start: end.after, end: end.after, newText: `[${n}]` };
  const sep = text.endsWith('\n') ? '' : '\n';
  const trailing = text.slice(heading ? heading.index + (heading[0].startsWith('\n') ? 1 : 0) : text.length);
  const underHeading = heading && trailing.split('\n').slice(1).every((l) => l.trim() === '' || /^\[\d+\]/.test(l.trim()));
  const def = { start: text.length, end: text.length, newText: underHeading ? `${sep}[${n}] ${note}\n` : `${sep}\nNotes\n[${n}] ${note}\n` };
  return merge(marker, def);
}

function merge(a: TextEdit, b: TextEdit): TextEdit[] {
  return a.start === b.start ? [{ start: a.start, end: a.end, newText: a.newText + b.newText }] : [a, b];
}
