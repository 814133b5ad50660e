// Scenarios to profile with `node --cpu-prof` (see bench/cpuprofile-top.mjs):
//   index     build an Engine over the bundled corpus
//   analyze   index, then analyze the 1 MB note (cold)
//   find      index, then engine.matcher.find on the 1 MB note, 3 times
//   dense     index, then analyze the 5 MB dense note and compute its diagnostics (cold)
//   note5     the same on the 5 MB book-paragraph note
import * as fs from 'fs';
import { inputs } from './inputs.mjs';
import { loadBundledEngine } from './core.mjs';

const what = process.argv[2] ?? 'analyze';
const files = inputs();
const engine = await loadBundledEngine();
const text = fs.readFileSync(files.note1mb, 'utf8');
if (what === 'analyze') engine.analyze({ uri: 'bench:profile', version: 1, text, languageId: 'plaintext' });
if (what === 'find') for (let i = 0; i < 3; i++) engine.matcher.find(text);
if (what === 'dense' || what === 'note5') {
  const { computeDiagnostics } = await import('./lib.mjs').then((l) => l.core('core/features/diagnostics.js'));
  const big = fs.readFileSync(what === 'dense' ? files.dense5mb : files.note5mb, 'utf8');
  const t0 = performance.now();
  const a = engine.analyze({ uri: 'bench:profile-dense', version: 1, text: big, languageId: 'plaintext' });
  const t1 = performance.now();
  const d = computeDiagnostics(engine, a, engine.settings.diagnostics);
  const t2 = performance.now();
  console.error(`analyze ${(t1 - t0).toFixed(0)} ms, diagnostics ${(t2 - t1).toFixed(0)} ms (${d.length}), ${a.entities.length} entities, ${a.dates.length} dates`);
}
