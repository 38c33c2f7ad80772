import { build } from 'esbuild';
const entry = process.argv[2] ?? 'src/index.ts';
const r = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, metafile: true, logLevel: 'silent', external: ['vega','vega-lite','pg','@clickhouse/client','@duckdb/node-api'] });
const out = Object.values(r.metafile.outputs)[0];
const total = r.outputFiles[0].contents.byteLength;
const rows = Object.entries(out.inputs).map(([p, i]) => [p, i.bytesInOutput]).sort((a, b) => b[1] - a[1]);
console.log('total', total, 'files', rows.length);
const byDir = new Map();
for (const [p, b] of rows) { const d = p.split('/').slice(0, 2).join('/'); byDir.set(d, (byDir.get(d) ?? 0) + b); }
console.log([...byDir].sort((a,b)=>b[1]-a[1]).map(([d,b])=>`${d} ${b}`).join('\n'));
console.log(rows.slice(0, Number(process.argv[3] ?? 40)).map(([p, b]) => `${b}\t${p}`).join('\n'));
import { writeFileSync } from 'node:fs';
writeFileSync('/tmp/sdk-bundle.js', r.outputFiles[0].contents);
