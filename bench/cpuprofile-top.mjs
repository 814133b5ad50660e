// Summarizes a .cpuprofile written by `node --cpu-prof`: top functions by self and inclusive time.
//   node --cpu-prof --cpu-prof-dir=.bench/prof bench/profile.mjs analyze && node bench/cpuprofile-top.mjs .bench/prof/*.cpuprofile
import * as fs from 'fs';

const [file, n = '25'] = process.argv.slice(2);
const p = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(p.nodes.map((x) => [x.id, x]));
const parent = new Map();
for (const x of p.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
const time = new Map();
p.samples.forEach((s, i) => time.set(s, (time.get(s) ?? 0) + (p.timeDeltas[i] ?? 0)));
const name = (x) => `${x.callFrame.functionName || '(anonymous)'} ${x.callFrame.url.replace(/^.*?\/(out|dist|node_modules)\//, '$1/')}:${x.callFrame.lineNumber + 1}`;
const self = new Map();
const incl = new Map();
for (const [id, t] of time) {
  self.set(name(byId.get(id)), (self.get(name(byId.get(id))) ?? 0) + t);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = name(byId.get(cur));
    if (!seen.has(k)) {
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + t);
    }
  }
}
const total = [...time.values()].reduce((a, b) => a + b, 0);
const show = (title, m) => {
  console.log(`--- ${title} (ms, of ${(total / 1000).toFixed(0)} ms sampled)`);
  for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(n))) console.log(`${(t / 1000).toFixed(1).padStart(9)}  ${k}`);
};
show('self', self);
show('inclusive', incl);
