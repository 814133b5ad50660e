// Child process of the indexing benchmark: builds one Engine and prints {wall, cpu, buildMs, rssMB, ...}
// as JSON. A fresh process per measurement gives a clean RSS.
//   node bench/index-child.mjs [CORPUS_PATH]
import { core, timed, rssMB } from './lib.mjs';

const { loadEngine } = core('core/load.js');
const { NodeFileSystem, bundledCorpusDir } = core('node/nodeFs.js');
const corpusPaths = process.argv.slice(2);
const r = await timed(() => loadEngine({ fs: new NodeFileSystem(), bundledDir: bundledCorpusDir(), corpusPaths }));
const { engine } = r.value;
if (global.gc) global.gc();
process.stdout.write(JSON.stringify({ wall: r.wall, cpu: r.cpu, buildMs: engine.buildMs, files: engine.corpus.documents.length, characters: engine.corpus.size, entities: engine.kb.entities.size, rssMB: rssMB(), heapMB: process.memoryUsage().heapUsed / 1048576 }) + '\n');
