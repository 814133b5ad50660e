// The workspace configuration file, `.entente/config.json`: the same settings as the editor's
// `entente.*` (nested: `{ "dates": { "order": "mdy" } }`), shared by the CLI and the server. Parsed
// with positions so that each mistake is reported at its place; a wrong value is left out (its
// default applies) and the rest of the file still counts. Its schema is schemas/config.schema.json.

import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { DIAGNOSTIC_CODES, type DiagnosticCode, type SeveritySetting } from './settings';

export interface ConfigError {
  start: number;
  end: number;
  message: string;
}

/** A partial raw settings object, as `parseSettings` reads it. */
export interface RawSettings {
  corpus?: { paths?: string[]; includeBundled?: boolean };
  languages?: string[];
  dates?: { order?: 'dmy' | 'mdy' };
  diagnostics?: Partial<Record<DiagnosticCode, SeveritySetting>>;
  maxFileSize?: number;
  dictionary?: { path?: string };
  bibliography?: string | string[];
  citation?: { style?: string; locale?: 'en-US' | 'en-GB' };
}

export const CONFIG_FILE = '.entente/config.json';

const SEVERITIES: readonly string[] = ['error', 'warning', 'information', 'hint', 'off'];

type Check = (n: Node) => string | undefined;
const stringArray: Check = (n) => (n.type === 'array' && (n.children ?? []).every((c) => c.type === 'string') ? undefined : 'an array of strings');
const LEAVES: Record<string, Check> = {
  'corpus.paths': stringArray,
  'corpus.includeBundled': (n) => (n.type === 'boolean' ? undefined : 'true or false'),
  languages: stringArray,
  'dates.order': (n) => (n.value === 'dmy' || n.value === 'mdy' ? undefined : '"dmy" or "mdy"'),
  maxFileSize: (n) => (n.type === 'number' && n.value > 0 ? undefined : 'a positive number'),
  'dictionary.path': (n) => (n.type === 'string' ? undefined : 'a path (a string)'),
  bibliography: (n) => (n.type === 'string' || !stringArray(n) ? undefined : 'a path or an array of paths'),
  'citation.style': (n) => (n.type === 'string' ? undefined : 'a style name (a string)'),
  'citation.locale': (n) => (n.value === 'en-US' || n.value === 'en-GB' ? undefined : '"en-US" or "en-GB"'),
};
const GROUPS = ['corpus', 'dates', 'dictionary', 'citation'];

/** Parses and validates the text of a workspace config file. */
export function parseWorkspaceConfig(text: string): { settings: RawSettings; errors: ConfigError[] } {
  const errors: ConfigError[] = [];
  type Obj = { [key: string]: unknown };
  const settings: Obj = {};
  const err = (n: Node | undefined, message: string) => errors.push({ start: n?.offset ?? 0, end: (n?.offset ?? 0) + Math.max(1, n?.length ?? 1), message });
  const parseErrors: ParseError[] = [];
  const root = parseTree(text, parseErrors, { allowTrailingComma: true });
  for (const e of parseErrors) errors.push({ start: e.offset, end: e.offset + Math.max(1, e.length), message: `JSON: ${printParseErrorCode(e.error)}` });
  if (parseErrors.length) return { settings: {}, errors };
  if (!root) return { settings: {}, errors };
  if (root.type !== 'object') {
    err(root, 'The configuration must be an object, e.g. { "dates": { "order": "dmy" } }.');
    return { settings: {}, errors };
  }
  const set = (key: string, value: unknown) => {
    const parts = key.split('.');
    let o = settings;
    for (const p of parts.slice(0, -1)) o = (o[p] ??= {}) as Obj;
    o[parts[parts.length - 1]] = value;
  };
  const leaf = (key: string, value: Node | undefined) => {
    if (!value) return;
    if (key === 'diagnostics') return diagnostics(value);
    const problem = LEAVES[key](value);
    if (problem) err(value, `"${key}" should be ${problem}; its default is used.`);
    else set(key, plainValue(value));
  };
  const diagnostics = (n: Node) => {
    if (n.type !== 'object') return err(n, '"diagnostics" should be an object of check code → severity; the defaults are used.');
    for (const prop of n.children ?? []) {
      const [k, v] = prop.children ?? [];
      const code = String(k?.value);
      if (!(DIAGNOSTIC_CODES as readonly string[]).includes(code)) err(k, `Unknown check "${code}" (known: ${DIAGNOSTIC_CODES.join(', ')}).`);
      else if (!v || v.type !== 'string' || !SEVERITIES.includes(v.value)) err(v ?? k, `"diagnostics.${code}" should be one of ${SEVERITIES.join(', ')}; its default is used.`);
      else set(`diagnostics.${code}`, v.value);
    }
  };
  for (const prop of root.children ?? []) {
    const [k, v] = prop.children ?? [];
    const key = String(k?.value);
    if (key === '$schema') continue;
    if ((key in LEAVES && !key.includes('.')) || key === 'diagnostics') leaf(key, v);
    else if (GROUPS.includes(key)) {
      if (!v || v.type !== 'object') {
        err(v ?? k, `"${key}" should be an object.`);
        continue;
      }
      for (const inner of v.children ?? []) {
        const [ik, iv] = inner.children ?? [];
        const full = `${key}.${String(ik?.value)}`;
        if (full in LEAVES) leaf(full, iv);
        else err(ik, `Unknown setting "${full}" (known: ${Object.keys(LEAVES).filter((l) => l.startsWith(key + '.')).join(', ')}).`);
      }
    } else if (key.includes('.') && key.replace(/^entente\./, '') in LEAVES) {
      const [group, name] = key.replace(/^entente\./, '').split('.');
      err(k, `Write settings nested here: "${group}": { "${name}": … }.`);
    } else err(k, `Unknown setting "${key}" (known: corpus, languages, dates, diagnostics, maxFileSize, dictionary, bibliography, citation).`);
  }
  return { settings: settings as RawSettings, errors };
}

function plainValue(n: Node): unknown {
  if (n.type === 'array') return (n.children ?? []).map(plainValue);
  if (n.type === 'object') return Object.fromEntries((n.children ?? []).map((p) => [p.children![0].value, p.children![1] ? plainValue(p.children![1]) : null]));
  return n.value;
}
