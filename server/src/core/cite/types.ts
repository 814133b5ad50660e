// The vocabulary of citing: bibliography entries (CSL-JSON items with where they were written),
// the formatter the core asks for rendered citations, and the little it needs to know about a
// source and a place in it. The core never parses BibTeX nor runs a CSL processor: the node side
// (server/src/cite/) implements `CitationFormatter` over citeproc-js and builds a `Bibliography`
// with citation-js; tests use in-memory versions.

/** A CSL name: family/given, or a literal (an institution). */
export interface CslName {
  family?: string;
  given?: string;
  literal?: string;
  'non-dropping-particle'?: string;
  'dropping-particle'?: string;
  suffix?: string;
}

export interface CslDate {
  'date-parts'?: (number | string)[][];
  literal?: string;
  raw?: string;
}

/** A CSL-JSON item (the fields Entente reads; the rest pass through to the formatter). */
export interface CslItem {
  id: string;
  type: string;
  title?: string;
  author?: CslName[];
  editor?: CslName[];
  issued?: CslDate;
  'container-title'?: string;
  publisher?: string;
  'publisher-place'?: string;
  page?: string;
  DOI?: string;
  URL?: string;
  note?: string;
  [field: string]: unknown;
}

/** Where an entry was written: a bibliography file and the entry's span there. */
export interface EntryLocation {
  /** The bibliography file as the adapter named it (a path or URI). */
  file: string;
  /** UTF-16 offsets of the whole entry in that file. */
  start: number;
  end: number;
  /** 0-based line and character of `start` and `end` (computed by the reader). */
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
}

export interface BibEntry {
  /** The citekey (CSL `id`). */
  key: string;
  item: CslItem;
  /** Paths of the files the entry attaches (BibTeX `file` field, already split), if any. */
  files: string[];
  location?: EntryLocation;
}

export interface BibProblem {
  file: string;
  /** 0-based. */
  line: number;
  character: number;
  message: string;
}

export interface Bibliography {
  entries: BibEntry[];
  problems: BibProblem[];
}

export type LocatorLabel = 'page' | 'chapter' | 'section' | 'paragraph' | 'line';

export interface CiteItem {
  id: string;
  locator?: string;
  label?: LocatorLabel;
}

export type CiteOutput = 'text' | 'html' | 'markdown';

/** Rendered citations in the chosen CSL style and locale (citeproc-js on the node side). */
export interface CitationFormatter {
  /** The style's name (a shipped name or the .csl file's title) and whether it makes notes. */
  readonly style: string;
  readonly noteStyle: boolean;
  /** One citation cluster: "(Kazantsev 2009, 47)" in Chicago author-date. */
  cite(items: CiteItem[], format: CiteOutput): string;
  /** Bibliography entries for these ids, in the style's order. */
  bibliography(ids: string[], format: CiteOutput): string[];
}

// ---------------------------------------------------------------------------------------------
// What the core needs to know about a user's source (provided by the sources reader, issue 13).

export interface SourceChapter {
  title: string;
  author?: string[];
}

export interface SourceInfo {
  /** The corpus file id the core uses in SourceRef.file. */
  id: string;
  /** The file's path (absolute or relative to the workspace), with '/' or '\' separators. */
  path?: string;
  title?: string;
  /** Authors as written ("Andrey Kazantsev", "Kazantsev, Andrey"). */
  author?: string[];
  /** ISO date or year as the metadata gives it. */
  date?: string;
  doi?: string;
  url?: string;
  /** 'pdf' | 'docx' | 'html' | 'text'… decides the made-up entry's type. */
  kind?: string;
  publisher?: string;
  chapters?: SourceChapter[];
}

/** A place in a source to cite: the page (number or printed label) and chapter if known. */
export interface CiteLocation {
  sourceId: string;
  page?: number;
  pageLabel?: string;
  /** The chapter's title, for a collection whose chapters are entries of their own. */
  chapter?: string;
}
