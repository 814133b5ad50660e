// Build step (not shipped): indexes the bundled corpus with the default settings and writes the
// records to the file given, beside the bundles (scripts/build.mjs runs it as dist/build-index.js
// after bundling, so the engine build it keys on is the shipped one). ShippedSnapshotStore reads it.

import * as fs from 'fs';
import { loadEngine } from '../core/load';
import { NodeFileSystem, bundledCorpusDir } from './nodeFs';
import { CaptureSnapshotStore } from './snapshotStore';

async function main(out: string): Promise<void> {
  const store = new CaptureSnapshotStore();
  // Without modification times: records keyed on this machine's file times would never match elsewhere.
  const files = new NodeFileSystem();
  const stat = files.stat.bind(files);
  files.stat = async (p) => {
    const st = await stat(p);
    return st && { type: st.type, size: st.size };
  };
  const { engine, problems } = await loadEngine({ fs: files, bundledDir: bundledCorpusDir(), snapshots: store });
  if (problems.some((p) => p.severity === 'error') || !store.written.size) throw new Error(`the bundled corpus could not be indexed: ${problems.map((p) => p.message).join('; ')}`);
  fs.writeFileSync(out, JSON.stringify(store.toShipped()));
  process.stdout.write(`bundled index: ${engine.kb.entities.size} entities, ${(fs.statSync(out).size / 1024).toFixed(0)} KB → ${out}\n`);
}

main(process.argv[2] ?? 'dist/bundled-index.json').catch((e: unknown) => {
  process.stderr.write(`build-index: ${(e as Error).message}\n`);
  process.exit(1);
});
