// Scaling: every adversarial shape (test/adversarial.ts) through the analysis and every feature that
// reads the whole note, at 200, 400 and 800 KB; doubling the input must not more than about double
// the time. In-process, each size a fresh note (its own paragraph cache entries), the fastest of
// RUNS runs after a warm-up, so that JIT compilation and the machine's noise do not pass for
// growth. The growth of a shape is the exponent of its time in the size (the slope of log time over
// log size, least squares over the three sizes: 1 is linear, 2 quadratic; 1.3 is ×2.46 a doubling),
// less sensitive to one noisy run than a single ratio. Prints the shapes that grow fastest; the
// target is on the largest exponent.
//   node bench/scaling.mjs            (or a section of npm run bench: BENCH_ONLY=scaling)

import { core, log, RUNS } from './lib.mjs';
import { loadBundledEngine } from './core.mjs';
import { createRequire } from 'module';
import * as path from 'path';
import { ROOT } from './lib.mjs';

const require = createRequire(import.meta.url);
const SIZES = [200_000, 400_000, 800_000];
/** A shape whose time at the smallest size is under this many milliseconds is noise, not growth: not counted. */
const FLOOR_MS = 20;

/** The least-squares slope of log(ms) over log(size). */
function exponent(sizes, ms) {
  const xs = sizes.map(Math.log);
  const ys = ms.map(Math.log);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return num / den;
}

/** The analysis and the whole-note features (test/adversarial.ts wholeNote); ms. */
function measure(service, wholeNote, text, languageId, uri) {
  const t0 = performance.now();
  wholeNote(service, { uri, text, languageId });
  return performance.now() - t0;
}

export async function benchScaling(engine) {
  const { LanguageService } = core('core/service.js');
  const { SHAPES, shapeText, wholeNote } = require(path.join(ROOT, 'out', 'test', 'adversarial.js'));
  const service = new LanguageService(engine ?? (await loadBundledEngine()));
  const runs = Math.max(2, RUNS);
  let n = 0;
  const shapes = [];
  for (const shape of SHAPES) {
    for (const languageId of shape.languageId ? [shape.languageId] : ['plaintext', 'markdown']) {
      const ms = SIZES.map((size) => {
        const text = shapeText(shape, size);
        // A full collection first (when exposed: npm run bench runs with --expose-gc), so that this
        // size does not pay for the garbage of the one before; the first run warms up.
        globalThis.gc?.();
        measure(service, wholeNote, text, languageId, `bench://scaling/warm-${n++}`);
        let best = Infinity;
        for (let r = 0; r < runs; r++) best = Math.min(best, measure(service, wholeNote, text, languageId, `bench://scaling/${n++}`));
        return best;
      });
      const ratios = [ms[1] / ms[0], ms[2] / ms[1]];
      shapes.push({ name: `${shape.name} (${languageId})`, ms: ms.map((x) => +x.toFixed(1)), ratios: ratios.map((x) => +x.toFixed(2)), exponent: +exponent(SIZES, ms).toFixed(2), counted: ms[0] >= FLOOR_MS });
    }
  }
  const counted = shapes.filter((s) => s.counted);
  const worst = [...counted].sort((a, b) => b.exponent - a.exponent);
  for (const s of worst.slice(0, 8)) log(`scaling: ${s.name}: ${s.ms.join(' / ')} ms at ${SIZES.map((x) => x / 1000).join(' / ')} KB (×${s.ratios.join(', ×')}; exponent ${s.exponent})`);
  return {
    sizes: SIZES,
    floorMs: FLOOR_MS,
    shapes,
    worstExponent: worst.length ? worst[0].exponent : null,
    worstRatio: worst.length ? Math.max(...worst[0].ratios) : null,
    worstShape: worst[0]?.name,
    slowestMs: Math.max(...shapes.map((s) => s.ms[2])),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchScaling();
  console.log(`largest exponent of time in size: ${r.worstExponent} (${r.worstShape}; ×${r.worstRatio} at worst for one doubling); slowest at 800 KB: ${r.slowestMs.toFixed(0)} ms; ${r.shapes.length} shapes, ${r.shapes.filter((s) => s.counted).length} above ${r.floorMs} ms at 200 KB`);
}
