// Scenarios to profile with `node --cpu-prof` (see bench/cpuprofile-top.mjs):
//   index     build an Engine over the bundled corpus
//   analyze   index, then analyze the 1 MB note (cold)
//   find      index, then engine.matcher.find on the 1 MB note, 3 times
import * as fs from 'fs';
import { inputs } from './inputs.mjs';
import { loadBundledEngine } from './core.mjs';

const what = process.argv[2] ?? 'analyze';
const files = inputs();
const engine = await loadBundledEngine();
const text = fs.readFileSync(files.note1mb, 'utf8');
if (what === 'analyze') engine.analyze({ uri: 'bench:profile', version: 1, text, languageId: 'plaintext' });
if (what === 'find') for (let i = 0; i < 3; i++) engine.matcher.find(text);
