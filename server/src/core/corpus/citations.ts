// How a source is cited to the user: "Author, “Chapter”, in *Title*, p. 47" — the author and
// title from the manifest or the source's metadata, the page from its page map; a plain-text file
// with no pages is cited by line, which is all it has. One formatter, so cards, diagnostics and
// definition labels say the same thing.

import type { Citation } from './corpus';

export interface CitationStyle {
  /** `markdown` puts titles in *italics* and escapes what Markdown would read; `plain` does neither. */
  markup?: 'markdown' | 'plain';
  /**
   * Only who (the author, else the title, else the file) and where (the page, else the line; both
   * where only a range of pages is known): "Yulia Grigorieva, p. 86", "Andrey Kazantsev, line 2683
   * (pp. 58–79)".
   */
  short?: boolean;
}

/** A page reference: "p. 47", "pp. 47–48", "pp. 58–79" (a range known to hold it). */
export function formatPages(c: Citation): string | undefined {
  if (!c.pageLabel) return undefined;
  if (c.endPageLabel && c.endPageLabel !== c.pageLabel) return `pp. ${c.pageLabel}–${c.endPageLabel}`;
  return c.pageApproximate ? `pp. ${c.pageLabel}` : `p. ${c.pageLabel}`;
}

/**
 * "Rory Keane, “The Changing Post-Cold War Landscape”, in *International security organizations
 * in Eurasia*, p. 47"; "S. Havel, *Demilitarized commons*, p. 2"; "zones.pdf, p. 2";
 * "notes.txt, line 12" for a text file without pages.
 */
export function formatCitation(c: Citation, style: CitationStyle = {}): string {
  const md = (style.markup ?? 'markdown') === 'markdown';
  const esc = (s: string) => (md ? s.replace(/[\\`*_[\]<>#|~]/g, '\\$&') : s);
  const italic = (s: string) => (md ? `*${esc(s)}*` : s);
  const parts: string[] = [];
  if (style.short) {
    parts.push(c.author ? esc(c.author) : c.title ? italic(c.title) : esc(c.file));
    const textual = c.format === undefined || c.format === 'text' || c.format === 'markdown';
    const pages = formatPages(c);
    // Where only a range of pages is known, the line says where exactly, the range where in print.
    const where = pages && c.pageApproximate && textual ? `line ${c.line} (${pages})` : pages ?? (textual ? `line ${c.line}` : undefined);
    if (where) parts.push(where);
    return parts.join(', ');
  }
  if (c.author) parts.push(esc(c.author));
  if (c.chapter && c.title) parts.push(`“${esc(c.chapter)}”, in ${italic(c.title)}`);
  else if (c.title) parts.push(italic(c.title));
  else if (c.chapter) parts.push(`“${esc(c.chapter)}”`);
  if (!c.title) parts.push(esc(c.file));
  const pages = formatPages(c);
  if (pages) parts.push(pages);
  else if (c.format === undefined || c.format === 'text' || c.format === 'markdown') parts.push(`line ${c.line}`);
  return parts.join(', ');
}
