// Analysis of one note version: what recognition finds — entity and date mentions, sentences and
// clauses where a body and a date meet, and event claims. Diagnostics are a feature computed from
// it (features/diagnostics.ts). The note is cut into paragraphs (runs of non-blank lines) and each
// paragraph's recognition is cached by its text, so an edit re-recognizes only the paragraph it
// touched; note-wide work (context names) runs over the assembled result and is cheap.

import type { DateMention, Span } from './types';
import type { EntityMention } from './recognize/entities';
import { extractEvents, splitSentences, type EventClaim } from './knowledge/events';
import { recognizeDates } from './dates/recognize';
import { maskNonProse } from './text/normalize';
import { LineIndex } from './text/positions';
import { clauseStarts } from './text/clauses';
import { inferYears, noteContext } from './dates/context';
import type { EntityMatcher } from './recognize/entities';
import type { DateOrder } from './types';

/** What analyzing a note needs from the engine: its recognizers and two settings. */
export interface NoteRecognizers {
  matcher: EntityMatcher;
  dateOrder: DateOrder;
  maxFileSize: number;
}

export interface NoteInput {
  uri: string;
  version: number;
  text: string;
  languageId: string;
}

export interface Analysis extends NoteInput {
  lines: LineIndex;
  /** The text with non-prose (code, link targets, URLs) blanked; same length. */
  masked: string;
  entities: EntityMention[];
  dates: DateMention[];
  claims: EventClaim[];
  /** Sentences of the paragraphs where a body and a date both occur (the only ones checks read). */
  sentences: Span[];
  /** Clause starts within those sentences, sorted (text/clauses.ts). */
  clauseStarts: number[];
  /** Set when the note was not analyzed (too large), with the reason. */
  skipped?: string;
}

interface Placed {
  at: number;
  entities: EntityMention[];
  dates: DateMention[];
  claims: EventClaim[];
  sentences: Span[];
  clauseStarts: number[];
}

/**
 * A paragraph's recognition, in the coordinates of the note where it was last placed (`at` is
 * that paragraph's offset): a cold analysis allocates every mention once, in final coordinates.
 * Where the paragraph later stands elsewhere (an edit above it), a shifted copy replaces the
 * entry's results (the analyses that used the old ones keep them): an entry holds one copy.
 */
interface ParagraphResult extends Placed {
  /** The paragraph text it was cached under (a copy that holds nothing else alive). */
  key: string;
  /** When it was last used (ParagraphCache's clock). */
  used: number;
}

/**
 * Recognition results by paragraph text, shared across notes; least recently used first out.
 * Bounded by entries: at least `min`, and the paragraphs of the open notes plus a quarter (stale
 * versions of edited paragraphs, for an undo), so a long editing session keeps about as many
 * results as the open notes have paragraphs, and a huge note still fits. An analysis touches every
 * paragraph of its note, so the stale versions are the least recently used and go first.
 */
export class ParagraphCache {
  private readonly map = new Map<string, ParagraphResult>();
  private readonly paragraphsByNote = new Map<string, number>();
  private max: number;
  private clock = 0;
  constructor(private readonly min = 1000) {
    this.max = min;
  }
  /** A note of this many paragraphs is being analyzed: room for every open note's paragraphs, and a quarter more. */
  reserve(uri: string, paragraphs: number): void {
    this.paragraphsByNote.set(uri, paragraphs);
    let total = 0;
    for (const n of this.paragraphsByNote.values()) total += n;
    this.max = Math.max(this.min, total + (total >> 2));
  }
  /** Entries held (for tests). */
  get size(): number {
    return this.map.size;
  }
  /** A note was closed: its paragraphs no longer need room. */
  release(uri: string): void {
    this.paragraphsByNote.delete(uri);
  }
  get(key: string): ParagraphResult | undefined {
    const r = this.map.get(key);
    // Most recently used by its stamp: moving it to the end of the map (delete, set) made every
    // lookup of every analysis churn the map's table, a table the size of the cache each time.
    if (r) r.used = ++this.clock;
    return r;
  }
  set(key: string, value: ParagraphResult): void {
    if (this.map.size >= this.max && !this.map.has(key)) this.evict(Math.max(1, this.map.size - this.max + (this.max >> 4)));
    value.used = ++this.clock;
    this.map.set(key, value);
  }
  /** Drops the `n` least recently used entries. */
  private evict(n: number): void {
    const stamps: number[] = [];
    for (const r of this.map.values()) stamps.push(r.used);
    stamps.sort((a, b) => a - b);
    const below = stamps[Math.min(n, stamps.length) - 1];
    for (const [k, r] of this.map) if (r.used <= below) this.map.delete(k);
  }
}

/** Paragraph spans: split at blank lines (lines of spaces, tabs or \r only), scanning with indexOf. */
export function paragraphs(text: string): Span[] {
  const bounds = paragraphBounds(text);
  const out: Span[] = [];
  for (let i = 0; i < bounds.length; i += 2) out.push({ start: bounds[i], end: bounds[i + 1] });
  return out;
}

/** The same spans as paragraphs(), flat (start, end, start, end…): no object a paragraph, on every edit. */
function paragraphBounds(text: string): number[] {
  const out: number[] = [];
  let start = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl < 0 ? text.length : nl;
    let blank = true;
    for (let i = lineStart; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 13) {
        blank = false;
        break;
      }
    }
    if (blank && lineStart > start) {
      out.push(start, lineStart);
      start = nl < 0 ? text.length : nl + 1;
    } else if (blank) {
      start = nl < 0 ? text.length : nl + 1;
    }
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  if (start < text.length) out.push(start, text.length);
  return out;
}

/**
 * Where `x` stands in `olds` (-1: nowhere), so that a claim shares its shifted date and mention
 * with the paragraph's shifted lists. Found with indexOf: a paragraph's lists
 * hold a handful (a long one is searched from where the last claim's stood, in order).
 */
function shiftedIn<T>(x: T, olds: readonly T[], hint: number): number {
  if (olds[hint] === x) return hint;
  const k = olds.indexOf(x, hint);
  return k >= 0 ? k : olds.indexOf(x);
}

function shiftSpan<T extends Span>(x: T, by: number): T {
  return { ...x, start: x.start + by, end: x.end + by };
}

function shiftDate(d: DateMention, by: number): DateMention {
  const out = shiftSpan(d, by);
  if (d.weekday) out.weekday = shiftSpan(d.weekday, by);
  return out;
}

function recognizeParagraph(rec: NoteRecognizers, text: string, at: number): ParagraphResult {
  // Context names stay unresolved here: they are resolved over the whole note below.
  const raw = rec.matcher.findRaw(text);
  const entities = rec.matcher.resolve(raw.filter((m) => !m.candidates));
  // Dates without a year ("11 September") are recognized too; their year comes from the note's
  // context (inferYears, over the whole note). Until then they tie no event.
  const dates = recognizeDates(text, { order: rec.dateOrder, yearless: true });
  const dated = dates.some((d) => d.yearless) ? dates.filter((d) => !d.yearless) : dates;
  // Sentences only matter where a body and a date meet (claims, anachronisms): most paragraphs
  // have neither, and skip the work.
  const sentences = raw.length && dates.length ? splitSentences(text) : [];
  const claims = entities.length && dated.length ? extractEvents(text, entities, dated, sentences) : [];
  const clauses = sentences.length ? clauseStarts(text, sentences, dates) : [];
  const r: ParagraphResult = { key: text, used: 0, at, entities: raw, dates, claims, sentences, clauseStarts: clauses };
  if (at !== 0) moveInPlace(r, at);
  return r;
}

/** Moves freshly recognized results (objects nobody else holds yet) to the note's coordinates, allocating nothing. */
function moveInPlace(r: ParagraphResult, by: number): void {
  const moved = new Set<Span>();
  const move = (x: Span) => {
    if (moved.has(x)) return;
    moved.add(x);
    x.start += by;
    x.end += by;
  };
  for (const e of r.entities) move(e);
  for (const d of r.dates) {
    move(d);
    if (d.weekday) move(d.weekday);
  }
  for (const x of r.sentences) move(x);
  for (let i = 0; i < r.clauseStarts.length; i++) r.clauseStarts[i] += by;
  for (const c of r.claims) {
    move(c.mention);
    move(c.verb);
    move(c.clause);
    if (!moved.has(c.date)) {
      move(c.date);
      if (c.date.weekday) move(c.date.weekday);
    }
  }
}

const NON_SPACE = /\S/;

/**
 * A paragraph's results at an offset; an edit elsewhere leaves paragraphs before it where they were.
 * Moved, the entry takes the shifted copy as its own (it does not keep both): the cache holds one
 * set of results a paragraph however often an edit above it moves it. An edit moves every
 * paragraph after it, so this runs for about half the note's paragraphs on every keystroke: it
 * allocates the shifted objects and their arrays only (no map, no closure per paragraph; a claim
 * finds its date and mention by position in the paragraph's lists, which hold a handful).
 */
function place(r: ParagraphResult, at: number): Placed {
  if (r.at === at) return r;
  const by = at - r.at;
  const oldEntities = r.entities;
  const oldDates = r.dates;
  const entities = new Array<EntityMention>(oldEntities.length);
  for (let i = 0; i < entities.length; i++) entities[i] = shiftSpan(oldEntities[i], by);
  const dates = new Array<DateMention>(oldDates.length);
  for (let i = 0; i < dates.length; i++) dates[i] = shiftDate(oldDates[i], by);
  const sentences = new Array<Span>(r.sentences.length);
  for (let i = 0; i < sentences.length; i++) sentences[i] = shiftSpan(r.sentences[i], by);
  const clauses = new Array<number>(r.clauseStarts.length);
  for (let i = 0; i < clauses.length; i++) clauses[i] = r.clauseStarts[i] + by;
  let claims = r.claims;
  if (claims.length) {
    // A claim's date or mention in neither list (none today) is shifted once, shared by the claims that hold it.
    let extra: Map<Span, Span> | undefined;
    const own = <T extends Span>(x: T, shift: (x: T, by: number) => T): T => {
      let n = (extra ??= new Map()).get(x) as T | undefined;
      if (!n) extra.set(x, (n = shift(x, by)));
      return n;
    };
    let d = 0;
    let m = 0;
    claims = new Array<EventClaim>(r.claims.length);
    for (let i = 0; i < claims.length; i++) {
      const c = r.claims[i];
      d = shiftedIn(c.date, oldDates, d);
      m = shiftedIn(c.mention, oldEntities, m);
      const date = d >= 0 ? dates[d] : own(c.date, shiftDate);
      const mention = m >= 0 ? entities[m] : own(c.mention, shiftSpan);
      if (d < 0) d = 0;
      if (m < 0) m = 0;
      claims[i] = { ...c, date, mention, verb: shiftSpan(c.verb, by), clause: shiftSpan(c.clause, by) };
    }
  }
  // New arrays of new objects: the analyses that read the old ones keep them unchanged.
  r.entities = entities;
  r.dates = dates;
  r.sentences = sentences;
  r.clauseStarts = clauses;
  r.claims = claims;
  r.at = at;
  return r;
}

export function analyzeNote(rec: NoteRecognizers, note: NoteInput, cache: ParagraphCache): Analysis {
  const steps = analyzeNoteSteps(rec, note, cache, Infinity);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Characters of paragraphs recognized between two pauses of a stepped analysis (a few ms of work). */
export const STEP_CHARS = 32 * 1024;

/**
 * The analysis of a note in steps: the generator pauses (yields) each time it has recognized about
 * `stepChars` of paragraphs not in the cache, so that a caller with other work (a server answering
 * another note's hover) can do it in between, or stop (a newer version came). Run to its end, it
 * returns exactly what analyzeNote returns; analyzeNote is this generator run without pauses.
 */
export function* analyzeNoteSteps(rec: NoteRecognizers, note: NoteInput, cache: ParagraphCache, stepChars = STEP_CHARS): Generator<void, Analysis, void> {
  const lines = new LineIndex(note.text);
  const base: Analysis = {
    ...note,
    lines,
    masked: note.text,
    entities: [],
    dates: [],
    claims: [],
    sentences: [],
    clauseStarts: [],
  };
  if (note.text.length > rec.maxFileSize) {
    base.skipped = `This note has ${note.text.length.toLocaleString('en')} characters, more than entente.maxFileSize (${rec.maxFileSize.toLocaleString('en')}); Entente does not analyze it.`;
    return base;
  }
  const masked = maskNonProse(note.text, note.languageId);
  base.masked = masked;
  const bounds = paragraphBounds(masked);
  cache.reserve(note.uri, bounds.length >> 1);
  let sincePause = 0;
  for (let k = 0; k < bounds.length; k += 2) {
    const start = bounds[k];
    // A slice and a regex test copy nothing (trim() would copy every paragraph).
    const slice = masked.slice(start, bounds[k + 1]);
    if (!NON_SPACE.test(slice)) continue;
    let r = cache.get(slice);
    if (!r && sincePause >= stepChars) {
      sincePause = 0;
      yield;
      r = cache.get(slice); // another analysis may have recognized it meanwhile
    }
    if (!r) {
      // A slice keeps the whole note alive in V8 (it points into it): cache a copy, so that the
      // cache holds paragraphs, not every version of every note.
      const key = (' ' + slice).slice(1);
      r = recognizeParagraph(rec, key, start);
      cache.set(key, r);
      sincePause += slice.length;
    }
    const placed = place(r, start);
    // Index loops: for…of inside a generator allocates an iterator result per element.
    for (let i = 0; i < placed.entities.length; i++) base.entities.push(placed.entities[i]);
    for (let i = 0; i < placed.dates.length; i++) base.dates.push(placed.dates[i]);
    for (let i = 0; i < placed.sentences.length; i++) base.sentences.push(placed.sentences[i]);
    for (let i = 0; i < placed.clauseStarts.length; i++) base.clauseStarts.push(placed.clauseStarts[i]);
    for (let i = 0; i < placed.claims.length; i++) base.claims.push(placed.claims[i]);
  }
  if (sincePause >= stepChars) yield;
  base.entities = rec.matcher.resolve(base.entities, masked);
  base.dates = inferYears(masked, base.dates, noteContext(masked, note.languageId));
  return base;
}

/** The mention (entity or date) at an offset, if any. */
export function mentionAt(a: Analysis, offset: number): { entity?: EntityMention; date?: DateMention } {
  const hit = <T extends Span>(xs: T[]) => {
    let lo = 0;
    let hi = xs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid].end < offset) lo = mid + 1;
      else if (xs[mid].start > offset) hi = mid - 1;
      else return xs[mid];
    }
    return undefined;
  };
  return { entity: hit(a.entities), date: hit(a.dates) };
}
