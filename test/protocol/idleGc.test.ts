// The idle collector (server/src/node/idleGc.ts): a full collection once edits stop for a moment,
// only after enough note text changed hands, never while edits keep coming.

import * as assert from 'node:assert/strict';
import * as cp from 'child_process';
import * as path from 'path';
import { exposedGc, idleCollector, youngGenerationCap } from '../../server/src/node/idleGc';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('idle collector', () => {
  it('collects once after a burst of edits, when the edits stop', async () => {
    let runs = 0;
    const c = idleCollector({ idleMs: 40, minChars: 1000, gc: () => runs++ });
    for (let i = 0; i < 20; i++) {
      c.touch(200);
      await sleep(5);
    }
    assert.equal(runs, 0, 'not while edits keep coming');
    await sleep(80);
    assert.equal(runs, 1);
    assert.equal(c.runs, 1);
    await sleep(80);
    assert.equal(runs, 1, 'once per burst');
    c.dispose();
  });

  it('does not collect after a few small edits', async () => {
    let runs = 0;
    const c = idleCollector({ idleMs: 20, minChars: 1_000_000, gc: () => runs++ });
    c.touch(500);
    c.touch(500);
    await sleep(60);
    assert.equal(runs, 0);
    c.dispose();
  });

  it('reaches V8’s collector without a command-line flag, and it frees what nothing holds', async () => {
    const gc = exposedGc();
    assert.equal(typeof gc, 'function');
    const ref = (() => new WeakRef({ big: 'x'.repeat(1024 * 1024) + String(Math.random()) }))();
    // A WeakRef keeps its target until the current job ends: collect in a later one.
    await sleep(0);
    gc!();
    assert.equal(ref.deref(), undefined, 'collected');
  });
});

describe('young generation cap', function () {
  this.timeout(60000);
  it('holds growth once the young generation reaches the cap, and releases it when V8 shrank it below', () => {
    let size = 4 << 20;
    const factors: number[] = [];
    const cap = youngGenerationCap({ semiSpaceMB: 4, newSpaceBytes: () => size, setGrowth: (f) => factors.push(f) });
    cap.check();
    assert.deepEqual(factors, [], 'under the cap: nothing set');
    size = 8 << 20;
    cap.check();
    cap.check();
    assert.deepEqual(factors, [1], 'at the cap: growth held, once');
    assert.equal(cap.capped, true);
    size = 2 << 20;
    cap.check();
    assert.deepEqual(factors, [1, 2], 'shrunk below: V8’s growth again');
    assert.equal(cap.capped, false);
  });

  // A real V8: a child process keeps many young objects alive across scavenges (which makes V8 grow
  // the young generation), calling check() between bursts; without the cap it grows past it.
  const child = (capMB: number) => {
    const script = `
      const { youngGenerationCap } = require(${JSON.stringify(path.join(__dirname, '..', '..', 'server', 'src', 'node', 'idleGc.js'))});
      const v8 = require('v8');
      const cap = ${capMB} ? youngGenerationCap({ semiSpaceMB: ${capMB} }) : { check() {} };
      const newSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
      let max = 0;
      const ring = [];
      for (let round = 0; round < 1500; round++) {
        const keep = [];
        for (let i = 0; i < 5000; i++) keep.push({ i, s: 'x' + i });
        ring[round % 40] = keep;
        cap.check();
        max = Math.max(max, newSpace());
      }
      process.stdout.write(String(max));`;
    return Number(cp.execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
  };

  it('keeps a real V8 young generation at the cap (2 MB a semi-space here) where it would grow past it', () => {
    const free = child(0);
    const capped = child(2);
    assert.ok(free > 8 << 20, `without the cap it grows past 4 MB (${free} bytes)`);
    assert.ok(capped <= 8 << 20, `with the cap it stays at most one doubling past 2 × 2 MB (${capped} bytes)`);
    assert.ok(capped < free, `${capped} < ${free}`);
  });
});
