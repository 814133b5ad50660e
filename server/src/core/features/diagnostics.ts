// Diagnostics are a feature: every check of features/checks runs over an analysis, the user's
// severities decide what is kept, `entente-disable-next-line` comments silence findings, and each
// kept finding gets the fix that writes such a comment. Computed per call from the analysis
// (which holds recognition only), so a severity change re-analyzes nothing.

import type { Analysis } from '../analysis';
import type { FeatureContext } from '../views';
import { CHECKS } from './checks';
import type { CheckEnv, Diagnostic, Severity } from './checks/types';

export type { Diagnostic, Fix, TextEdit, RelatedLocation, Severity } from './checks/types';

export type SeveritySetting = Severity | 'off';

/** Lines on which a `entente-disable-next-line [codes]` comment silences findings. */
function suppressions(a: Analysis): Map<number, Set<string> | 'all'> {
  const out = new Map<number, Set<string> | 'all'>();
  if (!a.text.includes('entente-disable-next-line')) return out;
  for (const m of a.text.matchAll(/entente-disable-next-line(?:[ \t]+([a-z,\- \t]+?))?[ \t]*(?:-->|\*\/|$)/gm)) {
    const line = a.lines.positionAt(m.index!).line + 1;
    const codes = m[1]?.split(/[\s,]+/).filter(Boolean);
    out.set(line, codes && codes.length ? new Set(codes) : 'all');
  }
  return out;
}

/** The comment that silences a code on the next line, in the note's own comment syntax. */
export function disableComment(languageId: string, code: string): string {
  if (languageId === 'markdown') return `<!-- entente-disable-next-line ${code} -->`;
  if (languageId === 'entente-notes' || languageId === 'latex') return `% entente-disable-next-line ${code}`;
  return `// entente-disable-next-line ${code}`;
}

function checkable(d: Analysis['dates'][number]): boolean {
  return !d.yearless || !!d.inferredYear?.unambiguous;
}

/** The note's diagnostics at the given severities (a code missing from them uses its default). */
export function computeDiagnostics(ctx: FeatureContext, a: Analysis, severities: Partial<Record<string, SeveritySetting>> = {}, env: CheckEnv = {}): Diagnostic[] {
  if (a.skipped) return [];
  // A date written without a year is checked only when the note's context gives its year plainly.
  const checked = a.dates.some((d) => !checkable(d)) ? { ...a, dates: a.dates.filter(checkable) } : a;
  const found: Diagnostic[] = [];
  for (const check of CHECKS) {
    const level = severities[check.code] ?? check.defaultSeverity;
    if (level === 'off') continue;
    // Each finding is the check's own fresh object: it takes its severity in place (no copy per finding).
    for (const f of check.run(ctx, checked, env)) {
      const d = f as Diagnostic;
      d.severity = level;
      found.push(d);
    }
  }
  const silenced = suppressions(a);
  const eol = a.text.includes('\r\n') ? '\r\n' : '\n';
  const kept: Diagnostic[] = [];
  // The fix's title and comment depend on the code only: made once per code.
  const silence = new Map<string, { title: string; comment: string }>();
  for (const d of found) {
    const line = a.lines.positionAt(d.start).line;
    const s = silenced.get(line);
    if (s === 'all' || s?.has(d.code)) continue;
    // The line's indentation, read from its start (a line can be a whole 5 MB note).
    const lineStart = a.lines.lineStarts[line];
    let e = lineStart;
    while (e < a.text.length && (a.text.charCodeAt(e) === 32 || a.text.charCodeAt(e) === 9)) e++;
    let fix = silence.get(d.code);
    if (!fix) silence.set(d.code, (fix = { title: `Silence ${d.code} on this line`, comment: disableComment(a.languageId, d.code) + eol }));
    d.fixes.push({ title: fix.title, edits: [{ start: lineStart, end: lineStart, newText: e === lineStart ? fix.comment : a.text.slice(lineStart, e) + fix.comment }] });
    kept.push(d);
  }
  return kept.sort((x, y) => x.start - y.start);
}
