/**
 * `npm run bench -- import` (issue 23 item 1): the time a fresh `node` spends in
 * `await import(subpath)` of the BUILT package (dist/; run `npm run build` first), measured inside
 * the child with performance.now() around the import, so node's own start-up (the "bare node"
 * part) is left out without subtracting two noisy wall times; median of several fresh processes.
 * The wall time of a bare `node -e 0` is printed for reference.
 * Targets: each subpath <= 50 ms above bare node, the root <= 100 ms.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ms, printTable, type BenchRow } from './harness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The public subpaths, from package.json "exports" (so a new module is measured without editing this). */
const SUBPATHS = Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> }).exports)
  .filter((k) => k !== '.' && k !== './package.json')
  .map((k) => k.slice(2));

function wall(args: string[]): number {
  const t0 = performance.now();
  execFileSync(process.execPath, args, { stdio: 'ignore' });
  return performance.now() - t0;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

export default async function run(): Promise<void> {
  if (!existsSync(join(root, 'dist/index.js'))) throw new Error('import bench: run `npm run build` first (it measures dist/)');
  const runs = Number(process.env['IMPORT_RUNS'] ?? 9);
  const targets: Array<[string, string, number]> = [
    ['crm-analytics', 'index', 100],
    // `all` loads every module, as the root did before 0.5.0: it keeps the root's 100 ms target.
    ...SUBPATHS.map((s): [string, string, number] => [`crm-analytics/${s}`, s, s === 'all' ? 100 : 50]),
  ];
  const rows: BenchRow[] = [];
  const bare: number[] = [];
  const times = new Map<string, number[]>(targets.map(([name]) => [name, []]));
  for (let i = 0; i < runs; i++) {
    bare.push(wall(['-e', '0']));
    for (const [name, file] of targets) {
      const url = pathToFileURL(join(root, 'dist', `${file}.js`)).href;
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', `const t = performance.now(); await import(${JSON.stringify(url)}); console.log(performance.now() - t)`], { encoding: 'utf8' });
      times.get(name)!.push(Number(out.trim()));
    }
  }
  const base = median(bare);
  rows.push({ task: 'bare node -e 0', ours: ms(base), note: `median of ${runs}` });
  for (const [name, , target] of targets) {
    const above = median(times.get(name)!);
    rows.push({ task: `import('${name}') above bare node`, ours: ms(above), target: `<= ${target} ms`, note: above <= target ? 'MET' : 'MISSED' });
  }
  printTable('import time (fresh process, ESM, built package)', rows);
}
