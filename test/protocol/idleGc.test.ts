// The idle collector (server/src/node/idleGc.ts): a full collection once edits stop for a moment,
// only after enough note text changed hands, never while edits keep coming.

import * as assert from 'node:assert/strict';
import { exposedGc, idleCollector } from '../../server/src/node/idleGc';

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
