import * as acorn from 'acorn';
import { readFileSync } from 'node:fs';
const src = readFileSync('/tmp/sdk-bundle.js', 'utf8');
const counts = new Map();
acorn.parse(src, { ecmaVersion: 'latest', sourceType: 'module', onToken: (t) => {
  if (t.type.label === 'string' || t.type.label === 'template') counts.set(t.value, (counts.get(t.value) ?? 0) + 1);
}});
const rows = [...counts].filter(([s, c]) => c > 1 && s.length > 12).map(([s, c]) => [s, c, (c - 1) * (s.length + 2)]).sort((a, b) => b[2] - a[2]);
for (const [s, c, b] of rows.slice(0, 60)) console.log(b, c, JSON.stringify(s).slice(0, 140));
