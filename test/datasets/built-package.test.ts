import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The datasets module finds data/ from import.meta.url, which tsup shims in the CJS build. This
// builds the datasets entry exactly as tsup.config.ts does (ESM + CJS, shims, splitting) into a
// package-shaped folder (dist/ beside data/) inside node_modules/.cache, so bare imports such as
// csv-parse resolve, then loads both builds in fresh Node processes.
const root = join(__dirname, '..', '..');
const pkg = join(root, 'node_modules', '.cache', `crm-datasets-build-${process.pid}`);

beforeAll(async () => {
  rmSync(pkg, { recursive: true, force: true });
  mkdirSync(pkg, { recursive: true });
  cpSync(join(root, 'data'), join(pkg, 'data'), { recursive: true });
  await build({
    entry: { datasets: join(root, 'src/datasets/index.ts') },
    outDir: join(pkg, 'dist'),
    format: ['esm', 'cjs'],
    shims: true,
    splitting: true,
    target: 'es2022',
    dts: false,
    silent: true,
    config: false,
  });
}, 120_000);

afterAll(() => rmSync(pkg, { recursive: true, force: true }));

describe('built dist/datasets', () => {
  it('the CJS build (dist/datasets.cjs) loads the bundled data', () => {
    const out = execFileSync(process.execPath, ['-e', `const d = require(${JSON.stringify(join(pkg, 'dist', 'datasets.cjs'))}); console.log(JSON.stringify([d.loadGroceries().length, d.loadCdnowSummary().length, d.dataDirectory()]))`], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([9_835, 2_357, join(pkg, 'data')]);
  });
  it('the ESM build (dist/datasets.js) loads the bundled data', () => {
    const url = `file://${join(pkg, 'dist', 'datasets.js')}`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', `const d = await import(${JSON.stringify(url)}); console.log(JSON.stringify([d.loadOnlineRetailInvoices().length, d.loadTelcoChurn().length, d.dataDirectory()]))`], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([19_213, 7_043, join(pkg, 'data')]);
  });
});
