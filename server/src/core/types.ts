// Shared vocabulary of the core. Every offset in the core is a UTF-16 code-unit offset into the
// text it was computed from (a JavaScript string index), so it converts to an LSP position with
// no re-encoding (see text/positions.ts).

export type EntityKind = 'organization' | 'treaty';

export interface Span {
  start: number;
  end: number;
}

/** A place in a corpus file, for citations and go-to-definition. */
export interface SourceRef {
  /** Corpus file id (its path relative to the corpus root it came from, or the bundled name). */
  file: string;
  start: number;
  end: number;
}

// ---------------------------------------------------------------------------------------------
// Dates

export type DatePrecision = 'day' | 'month' | 'season' | 'year' | 'decade' | 'century';

/** A calendar point at some precision. `month` is 1-12, `day` 1-31. */
export interface CalendarDate {
  year: number;
  month?: number;
  day?: number;
  precision: DatePrecision;
}

/**
 * How a date was written, so a quick fix can write a replacement in the note's own style.
 * 'dmy' = "12 December 2003", 'mdy' = "December 12, 2003", 'numeric-dmy' = "12.12.2003",
 * 'numeric-mdy' = "12/12/2003", 'iso' = "2003-12-12", 'month-year' = "December 2003",
 * 'year' = "2003", 'other' for everything else.
 */
export type DateStyle = 'dmy' | 'mdy' | 'numeric-dmy' | 'numeric-mdy' | 'iso' | 'dd-mon-yyyy' | 'month-year' | 'year' | 'other';

export interface DateMention {
  start: number;
  end: number;
  /** The text as written (may span a line break), from a weekday written before it if any. */
  text: string;
  /**
   * ISO value as the CLI contract prints it: "2003-12-12", "2003-12", "2003", an interval
   * "1998/2000" or "2003-08/2003-09", a decade "199X", a century "18XX". An impossible date keeps
   * the value as written ("2002-02-29") and says why in `invalid`.
   */
  value: string;
  /** First (or only) point. For an invalid date, what was written (may hold day 30 of month 2). */
  from: CalendarDate;
  /** Last point of a range ("1998–2000", "August-September 2003", "between … and …"). */
  to?: CalendarDate;
  /** Why the date cannot exist ("February 2003 has 28 days"). */
  invalid?: string;
  /** Numeric date whose day and month could be swapped and still be valid (03.04.2004). */
  ambiguous?: boolean;
  /** "Tuesday, 8 December 1991": the weekday as written and where. */
  weekday?: { index: number; start: number; end: number; text: string };
  style: DateStyle;
  /** Approximate (early/mid/late, spring…): never used to claim a conflict. */
  approximate?: boolean;
  /** For an `ambiguous` numeric date: the order it was read in ("03.04.2004" under dmy = 'dmy'). */
  order?: DateOrder;
  /** The year was written with two digits ("3rd Feb 82"); the century comes from the pivot (TWO_DIGIT_YEAR_PIVOT). */
  twoDigitYear?: boolean;
  /**
   * Written without a year ("11 September", "in May"). Until a year is inferred, `value` is
   * "--09-11" / "--05" (XML Schema gMonthDay / gMonth) and `from.year` (`to.year`) is 0.
   */
  yearless?: boolean;
  /** Where an inferred year came from (context.ts `inferYears`); `value`, `from`, `to` then carry it. */
  inferredYear?: { year: number; start: number; end: number; source: 'paragraph' | 'heading' | 'title'; unambiguous: boolean };
}

export type DateOrder = 'dmy' | 'mdy';

// ---------------------------------------------------------------------------------------------
// Knowledge

export type EventType =
  | 'founded'
  | 'signed'
  | 'adopted'
  | 'in-force'
  | 'renamed'
  | 'joined'
  | 'left'
  | 'dissolved';

export interface Provenance {
  /** 'catalog' (curated data), 'learned' (extracted from a corpus), 'dictionary' (user's file), 'note' (what a note itself says). */
  origin: 'catalog' | 'learned' | 'dictionary' | 'note';
  /** Where in a corpus this comes from, if anywhere. */
  source?: SourceRef;
  /** The quoted sentence, for cards and messages. */
  quote?: string;
}

export interface EntityEvent {
  type: EventType;
  /** ISO value (same grammar as DateMention.value, never 'invalid'). */
  date: string;
  /** For joined/left: the member (a country or body named in the sentence). */
  party?: string;
  /** What happened, in a few words. */
  label?: string;
  /** The document the date is of, where the source dates the event by it ("created by the Treaty of Asunción, signed on …"). */
  via?: string;
  /** Where the source itself is doubtful (it disagrees with itself or with the record). Shown, never used to flag a note. */
  disputed?: string;
  provenance: Provenance;
}

export interface Entity {
  id: string;
  kind: EntityKind;
  name: string;
  acronyms: string[];
  aliases: string[];
  description?: string;
  predecessors: string[];
  successors: string[];
  events: EntityEvent[];
  /** Defining passages: where the full name and acronym are first given together. */
  definitions: Provenance[];
  origin: Provenance['origin'];
}
