// Where a note's settings come from: `.entente/config.json` found upward from the note (stopping
// at a folder that holds .git, or the root), the same file the editor reads, with the command
// line on top. Mistakes in the file are reported as file:line:column and the defaults stand in.

import * as fs from 'fs';
import * as path from 'path';
import { parseWorkspaceConfig, CONFIG_FILE, type RawSettings } from '../core/workspaceConfig';
import { parseSettings, type Settings } from '../core/settings';
import { parseDictionary, type Dictionary } from '../core/knowledge/dictionary';
import { LineIndex } from '../core/text/positions';
import type { Args } from './args';
import { readText } from './files';
import { pushAll } from '../core/arrays';

/** The config file that governs notes in `dir`, if any. */
export function findConfig(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; ) {
    const candidate = path.join(d, CONFIG_FILE);
    if (isFile(candidate)) return candidate;
    if (fs.existsSync(path.join(d, '.git'))) return undefined;
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** `file:line:column: message` for errors given as offsets into `text`. */
export function positioned(file: string, text: string, errors: { start: number; message: string }[]): string[] {
  const lines = new LineIndex(text);
  return errors.map((e) => {
    const p = lines.positionAt(e.start);
    return `${file}:${p.line + 1}:${p.character + 1}: ${e.message}`;
  });
}

export interface Context {
  /** The config file, or undefined (defaults and the command line only). */
  configFile?: string;
  settings: Settings;
  corpusPaths: string[];
  dictionary?: Dictionary;
  /** What was wrong (already formatted); any of them makes the exit status 2. */
  errors: string[];
  /** Notices that do not change the exit status. */
  warnings: string[];
}

/** Settings for notes governed by `configFile` (or none), with the command line on top. */
export function resolveContext(configFile: string | undefined, args: Args, cwd: string): Context {
  const errors: string[] = [];
  const warnings: string[] = [];
  let raw: RawSettings = {};
  // The workspace folder: the one holding .entente/, or the current folder without a config.
  const root = configFile ? path.dirname(path.dirname(path.resolve(configFile))) : cwd;
  if (configFile) {
    const shown = path.relative(cwd, configFile) || configFile;
    const text = readText(configFile, (m) => errors.push(m), shown);
    if (text !== undefined) {
      const parsed = parseWorkspaceConfig(text);
      raw = parsed.settings;
      if (parsed.errors.length) errors.push(`configuration is invalid (defaults used where it is wrong):\n${positioned(shown, text, parsed.errors).join('\n')}`);
    }
  }
  const parsed = parseSettings(raw);
  pushAll(errors, parsed.errors);
  const settings = parsed.settings;
  if (args.order) settings.dates.order = args.order;
  const corpusPaths = [...settings.corpus.paths.map((p) => path.resolve(root, p)), ...args.corpus.map((c) => path.resolve(cwd, c))];
  // The dictionary named on the command line, else the workspace's (if it is there).
  let dictionary: Dictionary | undefined;
  const named = args.dictionary ? path.resolve(cwd, args.dictionary) : undefined;
  const dictPath = named ?? path.resolve(root, settings.dictionary.path);
  if (named || isFile(dictPath)) {
    const shown = args.dictionary ?? path.relative(cwd, dictPath);
    const text = readText(dictPath, (m) => errors.push(m), shown);
    if (text !== undefined) {
      const d = parseDictionary(text);
      if (d.dictionary) dictionary = d.dictionary;
      else errors.push(`dictionary is invalid (not used):\n${positioned(shown, text, d.errors).join('\n')}`);
    }
  }
  return { configFile, settings, corpusPaths, dictionary, errors, warnings };
}
