// Self time by function of a .cpuprofile (e.g. from COLD_PROFILE=first.cpuprofile node bench/cold/child.mjs tree):
// node bench/cold/top.mjs first.cpuprofile [rows]
import { readFileSync } from 'node:fs';
const [file, rows = '25'] = process.argv.slice(2);
const p = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map();
let total = 0;
p.samples.forEach((id, i) => {
  const dt = p.timeDeltas[i] ?? 0;
  const f = byId.get(id).callFrame;
  const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + dt);
  total += dt;
});
console.log(`total ${(total / 1000).toFixed(1)} ms`);
for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(rows))) console.log(`${(t / 1000).toFixed(1).padStart(7)} ms ${((100 * t) / total).toFixed(1).padStart(5)} %  ${k}`);
