import * as acorn from 'acorn';
import { readFileSync } from 'node:fs';
const src = readFileSync(process.argv[2] ?? '/tmp/sdk-bundle.js', 'utf8');
const counts = new Map(); let total = 0; let tmplTotal = 0;
const add = (s, n) => { counts.set(s, (counts.get(s) ?? 0) + 1); total += n; };
acorn.parse(src, { ecmaVersion: 'latest', sourceType: 'module', onToken: (t) => {
  if (t.type.label === 'string') add(t.value, t.end - t.start);
  if (t.type.label === 'template') { tmplTotal += t.end - t.start; add('`' + t.value, t.end - t.start); }
}});
console.log('bundle', src.length, 'string tokens bytes', total, 'of which template chunks', tmplTotal);
const rows = [...counts].map(([s, c]) => [s, c, c * (s.length + 2)]).sort((a, b) => b[2] - a[2]);
let dupWaste = 0; for (const [s, c] of rows) if (c > 1 && s.length > 12) dupWaste += (c - 1) * (s.length + 2);
console.log('bytes of repeats (len>12) beyond first', dupWaste);
for (const [s, c, b] of rows.slice(0, Number(process.argv[3] ?? 50))) console.log(b, c, JSON.stringify(s).slice(0, 150));
