// Analysis of one note version: entity and date mentions, event claims and diagnostics. The note
// is cut into paragraphs (runs of non-blank lines) and each paragraph's recognition is cached by
// its text, so an edit re-recognizes only the paragraph it touched; the note-wide checks
// (inconsistency between paragraphs) run over the assembled result and are cheap.

import type { DateMention, Span } from './types';
import type { EntityMention } from './recognize/entities';
import { extractEvents, splitSentences, type EventClaim } from './knowledge/events';
import { recognizeDates } from './dates/recognize';
import { maskNonProse } from './text/normalize';
import { LineIndex } from './text/positions';
import { computeDiagnostics, type Diagnostic } from './features/diagnostics';
import type { Engine } from './engine';

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
  sentences: Span[];
  diagnostics: Diagnostic[];
  /** Set when the note was not analyzed (too large), with the reason. */
  skipped?: string;
}

interface ParagraphResult {
  entities: EntityMention[];
  dates: DateMention[];
  claims: EventClaim[];
  sentences: Span[];
}

/** Recognition results by paragraph text, shared across notes; bounded. */
export class ParagraphCache {
  private readonly map = new Map<string, ParagraphResult>();
  constructor(private readonly max = 20000) {}
  get(key: string): ParagraphResult | undefined {
    return this.map.get(key);
  }
  set(key: string, value: ParagraphResult): void {
    if (this.map.size >= this.max) {
      // Drop the oldest quarter: Map iterates in insertion order.
      let n = this.max >> 2;
      for (const k of this.map.keys()) {
        this.map.delete(k);
        if (--n <= 0) break;
      }
    }
    this.map.set(key, value);
  }
}

/** Paragraph spans: split at blank lines (lines of spaces, tabs or \r only), scanning with indexOf. */
export function paragraphs(text: string): Span[] {
  const out: Span[] = [];
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
      out.push({ start, end: lineStart });
      start = nl < 0 ? text.length : nl + 1;
    } else if (blank) {
      start = nl < 0 ? text.length : nl + 1;
    }
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  if (start < text.length) out.push({ start, end: text.length });
  return out;
}

function shiftSpan<T extends Span>(x: T, by: number): T {
  return { ...x, start: x.start + by, end: x.end + by };
}

function shiftDate(d: DateMention, by: number): DateMention {
  const out = shiftSpan(d, by);
  if (d.weekday) out.weekday = shiftSpan(d.weekday, by);
  return out;
}

function recognizeParagraph(engine: Engine, text: string): ParagraphResult {
  // Context names stay unresolved here: they are resolved over the whole note below.
  const raw = engine.matcher.findRaw(text);
  const entities = engine.matcher.resolve(raw.filter((m) => !m.candidates));
  const dates = recognizeDates(text, { order: engine.settings.dates.order });
  const sentences = splitSentences(text);
  const claims = entities.length && dates.length ? extractEvents(text, entities, dates, sentences) : [];
  return { entities: raw, dates, claims, sentences };
}

export function analyzeNote(engine: Engine, note: NoteInput, cache: ParagraphCache): Analysis {
  const lines = new LineIndex(note.text);
  const base: Analysis = {
    ...note,
    lines,
    masked: note.text,
    entities: [],
    dates: [],
    claims: [],
    sentences: [],
    diagnostics: [],
  };
  if (note.text.length > engine.settings.maxFileSize) {
    base.skipped = `This note has ${note.text.length.toLocaleString('en')} characters, more than entente.maxFileSize (${engine.settings.maxFileSize.toLocaleString('en')}); Entente does not analyze it.`;
    return base;
  }
  const masked = maskNonProse(note.text, note.languageId);
  base.masked = masked;
  for (const p of paragraphs(masked)) {
    const slice = masked.slice(p.start, p.end);
    if (!slice.trim()) continue;
    let r = cache.get(slice);
    if (!r) {
      // A slice keeps the whole note alive in V8 (it points into it): cache a copy, so that the
      // cache holds paragraphs, not every version of every note.
      const key = (' ' + slice).slice(1);
      r = recognizeParagraph(engine, key);
      cache.set(key, r);
    }
    const by = p.start;
    for (const e of r.entities) base.entities.push(shiftSpan(e, by));
    for (const d of r.dates) base.dates.push(shiftDate(d, by));
    for (const s of r.sentences) base.sentences.push(shiftSpan(s, by));
    for (const c of r.claims) {
      base.claims.push({
        ...c,
        date: shiftDate(c.date, by),
        mention: shiftSpan(c.mention, by),
        verb: shiftSpan(c.verb, by),
        clause: shiftSpan(c.clause, by),
      });
    }
  }
  base.entities = engine.matcher.resolve(base.entities, masked);
  base.diagnostics = computeDiagnostics(engine, base);
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
