// Writes a CommonJS twin (`x.d.cts`) next to every declaration file tsc emitted into dist/types
// (`x.d.ts`), with relative specifiers rewritten from `./y.js` to `./y.cjs`.
//
// Why: the package is `"type": "module"`, so for TypeScript every `.d.ts` under it describes an ES
// module. A `require` consumer (module nodenext, CJS) must resolve to declarations that describe
// CommonJS (`.d.cts`), and those must in turn reference CommonJS declarations, or TypeScript reports
// TS1479 / "masquerading as ESM" (attw). Per-file declarations from tsc (not a bundled .d.ts) keep
// type-only names as types: `rfm.RfmSummary` works from `import { rfm } from 'crm-analytics'`.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../dist/types', import.meta.url));

/** `from './a.js'`, `import('./a.js')`, `import './a.js'` (relative only) -> `.cjs`. */
const RELATIVE_JS = /((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]*?)\.js\2/g;

let count = 0;
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith('.d.ts')) {
      const text = readFileSync(path, 'utf8');
      writeFileSync(path.slice(0, -'.d.ts'.length) + '.d.cts', text.replace(RELATIVE_JS, '$1$2$3.cjs$2'));
      count++;
    }
  }
}
walk(root);
console.log(`cjs-types: wrote ${count} .d.cts twins under dist/types`);
