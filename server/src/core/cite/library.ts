// The citation library: the user's bibliography entries, joined to the sources they cite, plus an
// entry made from metadata for each source no entry cites. Built once per bibliography and source
// set; every citation feature reads it.

import type { BibEntry, Bibliography, CiteItem, CiteLocation, LocatorLabel, SourceInfo } from './types';
import { entryFromSource, indexEntries, matchEntry, type EntryIndex, type MatchReason } from './match';

export interface CitationLibrary {
  /** The user's entries first (in file order), then the made ones. */
  entries: BibEntry[];
  byKey: Map<string, BibEntry>;
  /** Entries made from metadata (not in any bibliography file). */
  made: Set<string>;
  /** The user's entries indexed for matching. */
  index: EntryIndex;
  /** Source id → the entry that cites it and how it was matched. */
  bySource: Map<string, { key: string; reason: MatchReason | 'made' }>;
  sources: Map<string, SourceInfo>;
  problems: Bibliography['problems'];
}

export function buildCitationLibrary(bib: Bibliography, sources: SourceInfo[]): CitationLibrary {
  const entries: BibEntry[] = [];
  const byKey = new Map<string, BibEntry>();
  for (const e of bib.entries) {
    // The first of two entries with one key wins, as in BibTeX and Pandoc.
    if (byKey.has(e.key)) continue;
    byKey.set(e.key, e);
    entries.push(e);
  }
  const made = new Set<string>();
  const bySource = new Map<string, { key: string; reason: MatchReason | 'made' }>();
  const taken = new Set(byKey.keys());
  const index = indexEntries(entries.slice());
  for (const s of sources) {
    const m = matchEntry(index, s);
    if (m) {
      bySource.set(s.id, { key: m.entry.key, reason: m.reason });
      continue;
    }
    // A collection whose chapters are entries of their own is cited by chapter; no whole entry needed.
    if (s.chapters?.length && s.chapters.some((c) => matchEntry(index, s, c.title)?.reason === 'title-author')) continue;
    const e = entryFromSource(s, taken);
    taken.add(e.key);
    made.add(e.key);
    byKey.set(e.key, e);
    entries.push(e);
    bySource.set(s.id, { key: e.key, reason: 'made' });
  }
  return { entries, byKey, made, index, bySource, sources: new Map(sources.map((s) => [s.id, s])), problems: bib.problems };
}

/** The entry and cite item for a place in a source: its chapter's entry if it has one, else the source's. */
export function citeItemFor(lib: CitationLibrary, loc: CiteLocation): { entry: BibEntry; cite: CiteItem } | undefined {
  const source = lib.sources.get(loc.sourceId);
  let entry: BibEntry | undefined;
  if (source && loc.chapter) entry = matchEntry(lib.index, source, loc.chapter)?.entry;
  if (!entry) {
    const key = lib.bySource.get(loc.sourceId)?.key;
    entry = key ? lib.byKey.get(key) : undefined;
  }
  if (!entry) return undefined;
  const locator = loc.pageLabel ?? (loc.page !== undefined ? String(loc.page) : undefined);
  const cite: CiteItem = { id: entry.key };
  if (locator) {
    cite.locator = locator;
    cite.label = 'page';
  }
  return { entry, cite };
}

const LABELS: [RegExp, LocatorLabel][] = [
  [/^(?:pp?\.?|pages?)\s*/i, 'page'],
  [/^(?:chaps?\.?|chapters?|ch\.)\s*/i, 'chapter'],
  [/^(?:secs?\.?|sections?|§+)\s*/i, 'section'],
  [/^(?:paras?\.?|paragraphs?|¶+)\s*/i, 'paragraph'],
  [/^(?:ll?\.|lines?)\s*/i, 'line'],
];

/** "p. 47" → page 47; "chap. 3" → chapter 3; "47" → page 47; anything else kept whole as a page locator. */
export function parseLocator(text: string): { locator: string; label: LocatorLabel } | undefined {
  const t = text.trim().replace(/~/g, ' ');
  if (!t) return undefined;
  for (const [re, label] of LABELS) {
    const m = re.exec(t);
    if (m && m[0].length && t.length > m[0].length) return { locator: t.slice(m[0].length).trim(), label };
  }
  return { locator: t, label: 'page' };
}

/** The bundled book's manifest as the metadata of a source with chapters. */
export function sourceInfoFromManifest(m: { title: string; file: string; publisher?: string; year?: string; chapters?: { title: string; author?: string }[] }): SourceInfo {
  const s: SourceInfo = { id: m.file, path: m.file, title: m.title, kind: 'text' };
  if (m.publisher) s.publisher = m.publisher;
  if (m.year) s.date = m.year;
  s.chapters = (m.chapters ?? []).map((c) => (c.author ? { title: c.title, author: [c.author] } : { title: c.title }));
  return s;
}
