// Test helpers: engines over the bundled book or over small in-memory corpora, and fixtures with
// a `$0` cursor marker.

import * as fs from 'fs';
import * as path from 'path';
import { loadEngine } from '../server/src/core/load';
import { MemoryFileSystem } from '../server/src/core/host';
import type { Engine } from '../server/src/core/engine';
import { defaultSettings, type Settings } from '../server/src/core/settings';
import type { Analysis } from '../server/src/core/analysis';
import { computeDiagnostics, type Diagnostic } from '../server/src/core/features/diagnostics';

export const ROOT = path.join(__dirname, '..', '..');
export const SEEDS = path.join(ROOT, 'seeds');
export const BOOK = 'international-security-organizations-in-eurasia.txt';
export const BOOK_TEXT = fs.readFileSync(path.join(SEEDS, BOOK), 'utf8');

/** An in-memory file system holding the bundled corpus under /seeds, plus extra files. */
export function memoryFs(extra: Record<string, string | Uint8Array> = {}): MemoryFileSystem {
  return new MemoryFileSystem({
    [`/seeds/${BOOK}`]: BOOK_TEXT,
    '/seeds/manifest.json': fs.readFileSync(path.join(SEEDS, 'manifest.json'), 'utf8'),
    ...extra,
  });
}

const cache = new Map<string, Promise<Engine>>();

/** The engine over the bundled book (built once per settings). */
export function bookEngine(settings?: Partial<Settings>): Promise<Engine> {
  const key = JSON.stringify(settings ?? {});
  let p = cache.get(key);
  if (!p) {
    p = loadEngine({ fs: memoryFs(), bundledDir: '/seeds', settings: { ...defaultSettings(), ...settings } }).then((r) => r.engine);
    cache.set(key, p);
  }
  return p;
}

/** An engine over the book plus extra corpus files (path → text) added as corpus paths. */
export async function engineWith(files: Record<string, string>, settings?: Partial<Settings>, includeBook = true): Promise<Engine> {
  const s = { ...defaultSettings(), ...settings };
  s.corpus = { ...s.corpus, includeBundled: includeBook };
  const { engine } = await loadEngine({ fs: memoryFs(files), bundledDir: '/seeds', corpusPaths: Object.keys(files), settings: s });
  return engine;
}

/** Splits a fixture at its `$0` marker. */
export function cursor(fixture: string): { text: string; offset: number } {
  const offset = fixture.indexOf('$0');
  if (offset < 0) throw new Error('fixture has no $0 marker');
  return { text: fixture.slice(0, offset) + fixture.slice(offset + 2), offset };
}

/** An analysis with its diagnostics at the engine's severities, as the adapters publish them. */
export type CheckedNote = Analysis & { diagnostics: Diagnostic[] };

export function withDiagnostics(engine: Engine, a: Analysis): CheckedNote {
  return { ...a, diagnostics: computeDiagnostics(engine, a, engine.settings.diagnostics) };
}

let version = 0;
export function analyze(engine: Engine, text: string, languageId = 'plaintext', uri = `test://note-${++version}.txt`): CheckedNote {
  return withDiagnostics(engine, engine.analyze({ uri, version: 1, text, languageId }));
}

export function codes(a: CheckedNote): string[] {
  return a.diagnostics.map((d) => d.code);
}
