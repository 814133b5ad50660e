// The rules the architecture keeps, held by tests: the core's import allow-list (lint), no import
// cycle in the core (type imports included), and package.json's settings agreeing with the code.

import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../util';
import { CHECKS } from '../../server/src/core/features/checks';
import { defaultSettings, DIAGNOSTIC_CODES } from '../../server/src/core/settings';

const CORE = path.join(ROOT, 'server', 'src', 'core');

function coreFiles(dir = CORE): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? coreFiles(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
}

/** Every module a file imports or re-exports (type-only included), resolved to a file. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s*['"](\.[^'"]+)['"]/gm)) {
    const base = path.resolve(path.dirname(file), m[1]);
    const hit = [`${base}.ts`, path.join(base, 'index.ts')].find((p) => fs.existsSync(p));
    if (hit) out.push(hit);
  }
  return out;
}

describe('architecture', function () {
  this.timeout(60000);

  it('the core has no import cycle, type imports included', () => {
    const graph = new Map(coreFiles().map((f) => [f, importsOf(f)]));
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, trail: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(f)), f].map((x) => path.relative(CORE, x)).join(' → '));
        return;
      }
      state.set(f, 'visiting');
      for (const g of graph.get(f) ?? []) visit(g, [...trail, f]);
      state.set(f, 'done');
    };
    for (const f of graph.keys()) visit(f, []);
    assert.deepEqual(cycles, []);
  });

  it('the lint allow-list refuses host access in the core and accepts the core’s own modules', async () => {
    const { ESLint } = await import('eslint');
    const eslint = new ESLint({ cwd: ROOT });
    const probe = path.join(CORE, 'features', '_probe.ts');
    const lint = async (code: string) => (await eslint.lintText(code, { filePath: probe }))[0].messages.filter((m) => m.ruleId?.startsWith('entente/'));
    for (const bad of [
      "import * as os from 'node:os';",
      "import { Worker } from 'node:worker_threads';",
      "import * as p from 'path';",
      "import { fileURLToPath } from 'url';",
      "import type { Connection } from 'vscode-languageserver';",
      "import { main } from '../../cli/main';",
      'export const e = globalThis.process;',
      'export const e = process.env;',
    ]) {
      assert.ok((await lint(bad)).length > 0, `the lint should refuse: ${bad}`);
    }
    assert.deepEqual(await lint("import { LineIndex } from '../text/positions';\nimport data from '../knowledge/catalog.json';\nexport const x = [LineIndex, data];"), []);
  });

  it('ARCHITECTURE.md names every source file', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'ARCHITECTURE.md'), 'utf8');
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : /\.(ts|json|mjs)$/.test(d.name) ? [path.join(dir, d.name)] : []));
    const files = [...walk(path.join(ROOT, 'server', 'src')), ...walk(path.join(ROOT, 'client', 'src'))];
    // The map lists a file by its path below the folder its block names (core/, server/, …).
    const missing = files.map((f) => path.relative(ROOT, f)).filter((rel) => {
      const parts = rel.split(path.sep);
      return ![1, 2, 3].filter((k) => k < parts.length).some((k) => doc.includes(parts.slice(k).join("/")));
    });
    assert.deepEqual(missing, []);
  });

  it('package.json declares every setting with the defaults the code uses', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const props = pkg.contributes.configuration.properties as Record<string, { default: unknown; properties?: Record<string, { default: unknown }> }>;
    const d = defaultSettings();
    const code: Record<string, unknown> = {
      'entente.corpus.paths': d.corpus.paths,
      'entente.corpus.includeBundled': d.corpus.includeBundled,
      'entente.languages': d.languages,
      'entente.dates.order': d.dates.order,
      'entente.diagnostics': d.diagnostics,
      'entente.maxFileSize': d.maxFileSize,
      'entente.dictionary.path': d.dictionary.path,
    };
    for (const [key, value] of Object.entries(code)) {
      assert.ok(props[key], `package.json has no setting ${key}`);
      assert.deepEqual(props[key].default, value, `default of ${key}`);
    }
  });

  it('package.json lists exactly the diagnostic codes of the check modules, with their default severities', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const diag = pkg.contributes.configuration.properties['entente.diagnostics'];
    assert.deepEqual(Object.keys(diag.properties).sort(), [...DIAGNOSTIC_CODES].sort());
    for (const c of CHECKS) {
      assert.equal(diag.properties[c.code].default, c.defaultSeverity, c.code);
      assert.equal(diag.default[c.code], c.defaultSeverity, c.code);
      assert.ok(c.description.length > 10, `${c.code} has a description`);
    }
  });
});
