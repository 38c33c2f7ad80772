// Every JSDoc @example under src/ runs (issue 16 item 7), and the values it states
// (`expr; // 0.7744`) are what the code returns, to the precision written. Names an example uses
// without importing them come from its own file, its module's index, the root's namespaces
// (rfm, clv, core) and core, as a reader of that page would assume.
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { checksOf, examplesOf, sourceFiles, type Example } from './extract.js';

const srcRoot = fileURLToPath(new URL('../../src', import.meta.url));
/**
 * Examples that need what a test machine does not have: a running database server, or the
 * internals of a module. They are still transpiled (so they must be valid TypeScript); the list
 * must name only examples that exist, so it cannot go stale. Keyed by file and the documented name
 * (`file#name`), so edits above an example do not move its key.
 */
const NOT_RUN: Record<string, string> = {
  'io/postgres.ts#summarizeWithPostgres': 'needs a PostgreSQL server (covered by the engine tests, .ci/test-engines.sh)',
  'io/postgres.ts#basketCountsWithPostgres': 'needs a PostgreSQL server (covered by the engine tests, .ci/test-engines.sh)',
  'io/clickhouse.ts#summarizeWithClickHouse': 'needs a ClickHouse server (covered by the engine tests, .ci/test-engines.sh)',
  'io/clickhouse.ts#basketCountsWithClickHouse': 'needs a ClickHouse server (covered by the engine tests, .ci/test-engines.sh)',
  'io/csv-rows.ts#rowConverter': "an internal helper's example: needs the reader's resolved options and column index",
  'io/summarize-batch.ts#createRecordBatch': "an internal helper's example: needs summarizeCsv's batch target and byte buffers",
};

const examples: Example[] = sourceFiles(srcRoot)
  .filter((f) => !f.includes(`${join('src', 'cli')}`))
  .flatMap((f) => examplesOf(f, srcRoot));

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;

/** The module behind an import specifier in an example. */
async function load(spec: string, file: string): Promise<Record<string, unknown>> {
  if (spec === 'crm-analytics') return (await import('../../src/index.js')) as Record<string, unknown>;
  if (spec === 'crm-analytics/all') return (await import('../../src/all.js')) as Record<string, unknown>;
  const sub = /^crm-analytics\/([a-z]+)$/.exec(spec);
  if (sub !== null) return (await import(/* @vite-ignore */ join(srcRoot, sub[1] as string, 'index.ts'))) as Record<string, unknown>;
  if (spec.startsWith('.')) return (await import(/* @vite-ignore */ join(srcRoot, file, '..', spec.replace(/\.js$/, '.ts')))) as Record<string, unknown>;
  return (await import(/* @vite-ignore */ spec)) as Record<string, unknown>;
}

/** `import { a, b as c } from 'x'` -> `const { a, b: c } = __mods['x'];` (type-only parts dropped). */
function rewriteImports(code: string, specs: Set<string>): string {
  return code
    .replace(/^\s*import\s+type\s[^;]*;?\s*$/gm, '')
    .replace(/^\s*import\s*\{([^}]*)\}\s*from\s*['"]([^'"]+)['"];?/gm, (_m, names: string, spec: string) => {
      specs.add(spec);
      const parts = names
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== '' && !n.startsWith('type '))
        .map((n) => n.replace(/\s+as\s+/, ': '));
      return `const { ${parts.join(', ')} } = __mods[${JSON.stringify(spec)}];`;
    })
    .replace(/^\s*import\s*\*\s*as\s+(\w+)\s+from\s*['"]([^'"]+)['"];?/gm, (_m, name: string, spec: string) => {
      specs.add(spec);
      return `const ${name} = __mods[${JSON.stringify(spec)}];`;
    })
    .replace(/^\s*import\s+(\w+)\s+from\s*['"]([^'"]+)['"];?/gm, (_m, name: string, spec: string) => {
      specs.add(spec);
      return `const ${name} = __mods[${JSON.stringify(spec)}].default;`;
    });
}

/** Does `actual` match the stated value to the precision it was written with? */
function matches(actual: unknown, stated: unknown): boolean {
  if (typeof stated === 'number') {
    if (typeof actual !== 'number') return false;
    if (Number.isNaN(stated)) return Number.isNaN(actual);
    if (!Number.isFinite(stated)) return actual === stated;
    const text = String(Math.abs(stated));
    const exp = /e([-+]\d+)$/.exec(text);
    const mantissa = text.replace(/e[-+]\d+$/, '');
    const decimals = (mantissa.split('.')[1] ?? '').length - (exp === null ? 0 : Number(exp[1]));
    return Math.abs(actual - stated) <= 0.5 * 10 ** -decimals * (1 + 1e-9) + 1e-15;
  }
  if (Array.isArray(stated)) return Array.isArray(actual) && actual.length === stated.length && stated.every((s, i) => matches(actual[i], s));
  if (typeof stated === 'object' && stated !== null) {
    if (typeof actual !== 'object' || actual === null) return false;
    // A stated object may show a subset of the fields (docs abbreviate); each shown one must match.
    return Object.entries(stated).every(([k, v]) => matches((actual as Record<string, unknown>)[k], v));
  }
  return Object.is(actual, stated);
}

/**
 * Data the examples name without building it, as their prose says: `baskets` / `groceries` (the
 * bundled Groceries baskets), `repeaters` (CDNOW's repeat buyers with their average spend).
 */
let cachedFixtures: Record<string, unknown> | undefined;
async function fixtures(): Promise<Record<string, unknown>> {
  if (cachedFixtures !== undefined) return cachedFixtures;
  const { loadGroceries, loadCdnowTransactions } = await import('../../src/datasets/index.js');
  const { btydSummary } = await import('../../src/clv/index.js');
  const groceries = loadGroceries();
  const transactions = loadCdnowTransactions();
  const btyd = btydSummary(transactions, { asOf: '1997-09-30', unit: 'week', afterAsOf: 'exclude' } as Parameters<typeof btydSummary>[1]);
  const repeaters = btyd.filter((r) => r.frequency > 0);
  cachedFixtures = { baskets: groceries, groceries, repeaters, btyd, transactions };
  return cachedFixtures;
}

/** A folder with the files the io examples read (`sales.csv.gz`, `big.csv.gz`, `orders.csv`, `orders.parquet`, `order_lines.parquet`). */
let cachedDir: string | undefined;
async function exampleFiles(): Promise<string> {
  if (cachedDir !== undefined) return cachedDir;
  const dir = mkdtempSync(join(tmpdir(), 'crm-jsdoc-'));
  // examples that read the bundled files name them as `data/...` from the package root
  symlinkSync(fileURLToPath(new URL('../../data', import.meta.url)), join(dir, 'data'));
  const rows = [
    ['c1', '2024-01-02', '12.5', 'o1', 'a'],
    ['c1', '2024-02-03', '20', 'o2', 'b'],
    ['c2', '2024-01-15', '7.25', 'o3', 'a'],
  ];
  const csv = (header: string, cols: number[]) => `${header}\n${rows.map((r) => cols.map((c) => r[c]).join(',')).join('\n')}\n`;
  writeFileSync(join(dir, 'sales.csv.gz'), gzipSync(csv('id,day,eur', [0, 1, 2])));
  writeFileSync(join(dir, 'big.csv.gz'), gzipSync(csv('customer,day,total', [0, 1, 2])));
  writeFileSync(join(dir, 'orders.csv'), csv('customer,date,total,order', [0, 1, 2, 3]));
  writeFileSync(join(dir, 'order_lines.csv'), csv('order_id,sku', [3, 4]));
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(`COPY (SELECT * FROM read_csv('${join(dir, 'order_lines.csv')}')) TO '${join(dir, 'order_lines.parquet')}' (FORMAT parquet)`);
  await con.run(`COPY (SELECT customer, date AS day, total FROM read_csv('${join(dir, 'orders.csv')}')) TO '${join(dir, 'orders.parquet')}' (FORMAT parquet)`);
  con.closeSync?.();
  cachedDir = dir;
  return dir;
}

async function runExample(ex: Example): Promise<{ checked: number; failures: string[] }> {
  const codeLines = ex.code.split('\n');
  for (const c of checksOf(ex)) {
    const stmt = codeLines
      .slice(c.first, c.last + 1)
      .join('\n')
      .replace(/;\s*\/\/[^\n]*$/, ';');
    let replacement: string;
    if (c.throws !== undefined) {
      replacement = `await __throws(${c.line}, ${JSON.stringify(c.stated)}, ${JSON.stringify(c.throws.code ?? null)}, async () => { ${stmt} });`;
    } else {
      const isDecl = /^\s*(?:const|let|var)\s/.test(stmt);
      const call = `await __check(${c.line}, ${JSON.stringify(c.expression)}, ${JSON.stringify(c.stated)}, async () => (${c.expression}));`;
      replacement = isDecl ? `${stmt} ${call}` : call;
    }
    // keep the line count: the statement on its first line, its other lines emptied
    for (let k = c.first; k <= c.last; k++) codeLines[k] = k === c.first ? replacement.replace(/\n/g, ' ') : '';
  }
  const specs = new Set<string>();
  const ts = rewriteImports(codeLines.join('\n'), specs);
  const { code: js } = await transform(`(async () => {\n${ts}\n})`, { loader: 'ts', format: 'esm', target: 'es2022' });
  const mods: Record<string, Record<string, unknown>> = {};
  for (const s of specs) mods[s] = await load(s, ex.file);
  // Scope: core < root namespaces < module index < the file's own exports.
  const scope: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const f = await fixtures();
  // `rows`: BTYD summary rows in clv's examples, transactions elsewhere (the report's)
  Object.assign(scope, f, { rows: ex.file.startsWith('clv/') ? f['btyd'] : f['transactions'] });
  const moduleDir = ex.file.split('/')[0] as string;
  const layers = [await load('crm-analytics/core', ex.file), await load('crm-analytics', ex.file)];
  if (!moduleDir.endsWith('.ts')) layers.push(await load(`crm-analytics/${moduleDir}`, ex.file).catch(() => ({})));
  layers.push((await import(/* @vite-ignore */ join(srcRoot, ex.file))) as Record<string, unknown>);
  for (const layer of layers) Object.assign(scope, layer);
  const failures: string[] = [];
  let checked = 0;
  const check = async (line: number, expression: string, stated: string, get: () => Promise<unknown>): Promise<void> => {
    checked++;
    const actual = await get();
    const value: unknown = new Function(`"use strict"; return (${stated});`)();
    if (!matches(actual, value)) failures.push(`src/${ex.file}:${line}: ${expression} is ${JSON.stringify(actual)}, the example says ${stated}`);
  };
  const throws = async (line: number, stated: string, code: string | null, run: () => Promise<unknown>): Promise<void> => {
    checked++;
    try {
      await run();
    } catch (e) {
      const got = (e as { code?: unknown }).code;
      if (code !== null && got !== code) failures.push(`src/${ex.file}:${line}: threw ${String(got)}, the example says ${stated}`);
      return;
    }
    failures.push(`src/${ex.file}:${line}: did not throw, the example says ${stated}`);
  };
  const fn = new AsyncFunction('__scope', '__mods', '__check', '__throws', `with (__scope) { return (${js.trim().replace(/;$/, '')})(); }`);
  await fn(scope, mods, check, throws);
  return { checked, failures };
}

describe('every JSDoc @example runs and states true values', () => {
  it('finds the examples', () => {
    expect(examples.length).toBeGreaterThan(100);
  });

  it('the not-run list names only existing examples', () => {
    const names = new Set(examples.map((e) => `${e.file}#${e.symbol}`));
    expect(Object.keys(NOT_RUN).filter((k) => !names.has(k))).toEqual([]);
  });

  it.each(examples.map((e) => [`${e.file}:${e.line}`, e] as const))('%s', async (_name, ex) => {
    if (NOT_RUN[`${ex.file}#${ex.symbol}`] !== undefined) {
      // still valid TypeScript
      await transform(ex.code, { loader: 'ts' });
      return;
    }
    const cwd = process.cwd();
    process.chdir(await exampleFiles());
    try {
      const { failures } = await runExample(ex);
      expect(failures).toEqual([]);
    } finally {
      process.chdir(cwd);
    }
  });
});
