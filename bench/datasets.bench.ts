/**
 * `npm run bench -- datasets` (issue 23 item 2): each bundled loader's first call in a fresh
 * process (the cold time a notebook or CLI pays; module import excluded) and its warm median.
 * Target: <= 30 ms for the small sets (Groceries, Telco, CDNOW summary, invoices).
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as datasets from '../src/datasets/index.js';
import { ms, printTable, timeMedian, type BenchRow } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const LOADERS = ['loadGroceries', 'loadTelcoChurn', 'loadCdnowSummary', 'loadOnlineRetailInvoices', 'loadCdnowTransactions'] as const;
const SMALL = new Set<string>(['loadGroceries', 'loadTelcoChurn', 'loadCdnowSummary', 'loadOnlineRetailInvoices']);

export default async function run(): Promise<void> {
  const rows: BenchRow[] = [];
  const url = pathToFileURL(join(here, '..', 'src', 'datasets', 'index.ts')).href;
  for (const name of LOADERS) {
    const colds: number[] = [];
    const cpus: number[] = [];
    for (let i = 0; i < 3; i++) {
      // wall and process CPU time of the first call (CPU is less distorted on a loaded machine)
      const script = `const d = await import(${JSON.stringify(url)}); const c = process.cpuUsage(); const t = performance.now(); d.${name}(); const w = performance.now() - t; const u = process.cpuUsage(c); console.log(w, (u.user + u.system) / 1000)`;
      const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: join(here, '..') });
      const [wall, cpu] = (out.trim().split('\n').pop() as string).split(' ').map(Number);
      colds.push(wall as number);
      cpus.push(cpu as number);
    }
    colds.sort((a, b) => a - b);
    cpus.sort((a, b) => a - b);
    const cold = colds[1] as number;
    const warm = await timeMedian(() => (datasets[name] as () => unknown)(), { runs: 7, warmup: 1 });
    const row: BenchRow = { task: `${name}()`, ours: `${ms(cold)} cold / ${ms(warm.medianMs)} warm` };
    if (SMALL.has(name)) {
      row.target = '<= 30 ms';
      row.note = `${cold <= 30 ? 'MET' : 'MISSED'} (first-call CPU ${ms(cpus[1] as number)}; load average ${loadavg()[0]?.toFixed(1)})`;
    }
    rows.push(row);
  }
  printTable('dataset loaders (first call in a fresh process, median of 3; warm median of 7)', rows);
}
