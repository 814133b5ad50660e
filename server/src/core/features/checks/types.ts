// The vocabulary of checks: a finding with its stable code, message, related places and fixes,
// and the shape every check module has.

import type { Span } from '../../types';
import type { Analysis } from '../../analysis';
import type { FeatureContext } from '../../views';
import type { CitationLibrary } from '../../cite/library';
import type { CitationFormatter } from '../../cite/types';

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

/** What some checks need beyond the note and the knowledge: the note's citation context. */
export interface CheckEnv {
  /** The note's bibliography and formatter (the shape of features/citations.ts's CitationContext). */
  citations?: { library: CitationLibrary; formatter: CitationFormatter };
}

/** One check: a module under features/checks, listed in checks/index.ts and in package.json. */
export interface Check {
  readonly code: string;
  readonly defaultSeverity: Severity;
  /** One sentence for settings, SARIF rules and docs. */
  readonly description: string;
  run(ctx: FeatureContext, a: Analysis, env: CheckEnv): Finding[];
}

export function finding(code: string, span: Span, message: string, extra: Partial<Pick<Finding, 'related' | 'fixes'>> = {}): Finding {
  return { start: span.start, end: span.end, code, message, related: extra.related ?? [], fixes: extra.fixes ?? [] };
}
