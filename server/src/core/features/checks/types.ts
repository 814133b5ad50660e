// The vocabulary of checks: a finding with its stable code, message, related places and fixes,
// and the shape every check module has.

import type { Span } from '../../types';
import type { Analysis } from '../../analysis';
import type { FeatureContext } from '../../views';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
}

export interface RelatedLocation {
  /** A corpus file id, or undefined for the note itself. */
  file?: string;
  start: number;
  end: number;
  message: string;
}

/** What a check reports: a diagnostic before the user's severity is applied. */
export interface Finding extends Span {
  code: string;
  message: string;
  related: RelatedLocation[];
  fixes: Fix[];
}

export interface Diagnostic extends Finding {
  severity: Severity;
}

/** One check: a module under features/checks, listed in checks/index.ts and in package.json. */
export interface Check {
  readonly code: string;
  readonly defaultSeverity: Severity;
  /** One sentence for settings, SARIF rules and docs. */
  readonly description: string;
  run(ctx: FeatureContext, a: Analysis): Finding[];
}

export function finding(code: string, span: Span, message: string, extra: Partial<Pick<Finding, 'related' | 'fixes'>> = {}): Finding {
  return { start: span.start, end: span.end, code, message, related: extra.related ?? [], fixes: extra.fixes ?? [] };
}
