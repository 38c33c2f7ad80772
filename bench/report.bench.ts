/**
 * The full report on the Online Retail II 2009-2010 lines as downloaded (issue 20.9): 525,461
 * lines of which 417,534 carry a customer id; amount = Quantity × Price, cancellations excluded.
 * Target: ≤ 3 s end to end and ≤ 300 MB peak RSS. One run in a fresh process (`node --import tsx
 * src/cli/main.ts report … --verbose`), its peak RSS reported by the child itself
 * (bench/max-rss.cjs), with the per-step timing lines. The file is not bundled (7.4 MB; UCI, CC BY
 * 4.0): download it and point ONLINE_RETAIL_II_LINES at it, otherwise the bench says so and skips.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ms, printTable } from './harness.js';

const root = fileURLToPath(new URL('..', import.meta.url));

export default async function run(): Promise<void> {
  const file = process.env.ONLINE_RETAIL_II_LINES;
  if (file === undefined || !existsSync(file)) {
    console.log(`\n## report on 417,534 order lines\nset ONLINE_RETAIL_II_LINES to the Online Retail II 2009-2010 CSV(.gz) to run it: skipped`);
    return;
  }
  const out = join(mkdtempSync(join(tmpdir(), 'crm-report-bench-')), 'report.html');
  const args = ['--require', './bench/max-rss.cjs', '--import', 'tsx', 'src/cli/main.ts', 'report', file, '--item', 'Description', '--out', out, '--verbose'];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = performance.now() - t0;
  const peak = /MAXRSS (\d+) KB/.exec(r.stderr)?.[1];
  console.log(`\n## report on 417,534 order lines (${file})\n${r.stdout.trim()}\n${r.stderr.split('\n').filter((l) => l.startsWith('timing:')).join('\n')}`);
  printTable('full report, one fresh process (issue 20.9)', [
    { task: 'report, 417,534 customer lines (wall, incl. tsx start-up)', ours: ms(wall), target: '≤ 3 s' },
    { task: 'peak RSS', ours: peak === undefined ? 'n/a' : `${Math.round(Number(peak) / 1024)} MB`, target: '≤ 300 MB' },
  ]);
}
