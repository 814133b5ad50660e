// Code actions: the fixes of the diagnostics under the cursor, the acronym rewrites, and
// "normalize all dates in this note" when the note mixes date styles. Every action is a set of
// edits the user chooses; nothing here edits a file by itself.

import type { Span } from '../types';
import type { Analysis } from '../analysis';
import type { FeatureContext } from '../views';
import type { Diagnostic, TextEdit } from './checks/types';
import { acronymActions } from './writing';
import { formatDate } from '../dates/calendar';
import { pushAll } from '../arrays';

export interface CodeAction {
  title: string;
  kind: 'quickfix' | 'refactor.rewrite';
  /** The diagnostic a quick fix fixes. */
  diagnostic?: Diagnostic;
  edits: TextEdit[];
  preferred?: boolean;
}

const STYLE_EXAMPLE = { dmy: '“12 December 2003”', mdy: '“December 12, 2003”', iso: '“2003-12-12”' } as const;

export function codeActions(ctx: FeatureContext, a: Analysis, range: Span, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.end < range.start || d.start > range.end) continue;
    for (const f of d.fixes) out.push({ title: f.title, kind: 'quickfix', diagnostic: d, edits: f.edits, preferred: f.preferred });
  }
  for (const f of acronymActions(ctx, a, range)) out.push({ title: f.title, kind: 'refactor.rewrite', edits: f.edits });
  pushAll(out, normalizeDates(a, range));
  return out;
}

/** "Normalize all dates in this note to …", offered on a date when the note mixes styles. */
export function normalizeDates(a: Analysis, range: Span): CodeAction[] {
  const plain = a.dates.filter((d) => d.from.precision === 'day' && !d.invalid && !d.to);
  const styles = new Set(plain.map((d) => d.style));
  if (styles.size <= 1 || !a.dates.some((d) => d.start <= range.end && d.end >= range.start)) return [];
  const out: CodeAction[] = [];
  for (const style of ['dmy', 'mdy', 'iso'] as const) {
    const edits = plain.filter((d) => d.style !== style).map((d) => ({ start: d.start, end: d.end, newText: formatDate(d.from, style) }));
    if (edits.length) out.push({ title: `Normalize all dates in this note to ${STYLE_EXAMPLE[style]}`, kind: 'refactor.rewrite', edits });
  }
  return out;
}
