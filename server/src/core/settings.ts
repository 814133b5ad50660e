// Settings (section `entente`), validated: a value of the wrong type is reported and replaced by
// its default, so a broken settings file never stops analysis.

import type { DateOrder } from './types';
import { CHECKS } from './features/checks';
import type { Severity } from './features/checks/types';
import type { SeveritySetting } from './features/diagnostics';

/** The diagnostic codes, one per check module (features/checks/index.ts), in their order. */
export const DIAGNOSTIC_CODES: readonly string[] = CHECKS.map((c) => c.code);
export type DiagnosticCode = string;
export type { Severity, SeveritySetting };

/** Each code's default severity, as its check module declares it. */
export const DEFAULT_SEVERITY: Readonly<Record<string, Severity>> = Object.fromEntries(CHECKS.map((c) => [c.code, c.defaultSeverity]));

export interface Settings {
  corpus: { paths: string[]; includeBundled: boolean };
  languages: string[];
  dates: { order: DateOrder };
  diagnostics: Record<DiagnosticCode, SeveritySetting>;
  /** Notes larger than this (in UTF-16 units, about bytes for English) are not analyzed. */
  maxFileSize: number;
  dictionary: { path: string };
  /** Bibliography files (BibTeX, BibLaTeX, CSL-JSON), relative to the workspace folder. */
  bibliography: string[];
  citation: { style: string; locale: string };
}

export function defaultSettings(): Settings {
  return {
    corpus: { paths: [], includeBundled: true },
    languages: ['plaintext', 'markdown', 'entente-notes'],
    dates: { order: 'dmy' },
    diagnostics: { ...DEFAULT_SEVERITY },
    maxFileSize: 10_000_000,
    dictionary: { path: '.entente/dictionary.json' },
    bibliography: [],
    citation: { style: 'chicago-author-date', locale: 'en-US' },
  };
}

const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'];

/** Reads a raw settings object (from workspace/configuration or initializationOptions). */
export function parseSettings(raw: unknown): { settings: Settings; errors: string[] } {
  const s = defaultSettings();
  const errors: string[] = [];
  // Some clients send an empty table as [] (Neovim's Lua): that is "no settings", not an error.
  if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0)) return { settings: s, errors };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { settings: s, errors: [`entente: settings must be an object, got ${Array.isArray(raw) ? 'an array' : typeof raw}; using defaults`] };
  }
  const r = raw as Record<string, unknown>;
  const get = (path: string): unknown => {
    // Accept both nested objects and flat dotted keys ("corpus.paths").
    if (path in r) return r[path];
    return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), r);
  };
  const bad = (path: string, expected: string, value: unknown) =>
    errors.push(`entente.${path} should be ${expected}, got ${JSON.stringify(value)}; using the default`);

  const paths = get('corpus.paths');
  if (paths !== undefined) {
    if (Array.isArray(paths) && paths.every((p) => typeof p === 'string')) s.corpus.paths = paths;
    else bad('corpus.paths', 'an array of paths', paths);
  }
  const inc = get('corpus.includeBundled');
  if (inc !== undefined) {
    if (typeof inc === 'boolean') s.corpus.includeBundled = inc;
    else bad('corpus.includeBundled', 'true or false', inc);
  }
  const langs = get('languages');
  if (langs !== undefined) {
    if (Array.isArray(langs) && langs.every((p) => typeof p === 'string')) s.languages = langs;
    else bad('languages', 'an array of language ids', langs);
  }
  const order = get('dates.order');
  if (order !== undefined) {
    if (order === 'dmy' || order === 'mdy') s.dates.order = order;
    else bad('dates.order', '"dmy" or "mdy"', order);
  }
  const diags = get('diagnostics');
  if (diags !== undefined) {
    if (diags && typeof diags === 'object' && !Array.isArray(diags)) {
      for (const [code, value] of Object.entries(diags as Record<string, unknown>)) {
        if (!(DIAGNOSTIC_CODES as readonly string[]).includes(code)) errors.push(`entente.diagnostics: unknown code "${code}" (known: ${DIAGNOSTIC_CODES.join(', ')})`);
        else if (typeof value === 'string' && SEVERITIES.includes(value)) s.diagnostics[code as DiagnosticCode] = value as SeveritySetting;
        else bad(`diagnostics.${code}`, `one of ${SEVERITIES.join(', ')}`, value);
      }
    } else bad('diagnostics', 'an object of code → severity', diags);
  }
  const max = get('maxFileSize');
  if (max !== undefined) {
    if (typeof max === 'number' && Number.isFinite(max) && max > 0) s.maxFileSize = max;
    else bad('maxFileSize', 'a positive number of bytes', max);
  }
  const dict = get('dictionary.path');
  if (dict !== undefined) {
    if (typeof dict === 'string') s.dictionary.path = dict;
    else bad('dictionary.path', 'a path', dict);
  }
  const bib = get('bibliography');
  if (bib !== undefined) {
    if (typeof bib === 'string') s.bibliography = bib ? [bib] : [];
    else if (Array.isArray(bib) && bib.every((b) => typeof b === 'string')) s.bibliography = bib;
    else bad('bibliography', 'a path or a list of paths', bib);
  }
  const style = get('citation.style');
  if (style !== undefined) {
    if (typeof style === 'string' && style) s.citation.style = style;
    else bad('citation.style', 'a style name or a path to a .csl file', style);
  }
  const locale = get('citation.locale');
  if (locale !== undefined) {
    if (locale === 'en-US' || locale === 'en-GB') s.citation.locale = locale;
    else bad('citation.locale', '"en-US" or "en-GB"', locale);
  }
  return { settings: s, errors };
}
