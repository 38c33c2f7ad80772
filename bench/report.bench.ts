/**
 * The full report on the Online Retail II 2009-2010 lines as downloaded (issue 20.9): 525,461
 * lines of which 417,534 carry a customer id; amount = Quantity × Price, cancellations excluded.
 * Target: ≤ 3 s end to end and ≤ 300 MB peak RSS. Five runs of the built CLI (`node dist/cli.js
 * report … --item Description --verbose`, built first when dist/ is missing), each a fresh process
 * whose peak RSS it reports itself (bench/max-rss.cjs); the median wall time and the largest peak
 * RSS are printed with the per-step timing lines of the median run. The file is not bundled
 * (7.4 MB; UCI, CC BY 4.0): download it and point ONLINE_RETAIL_II_LINES at it, otherwise the
 * bench says so and skips.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ms, printTable } from './harness.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 5;

export default async function run(): Promise<void> {
  const file = process.env.ONLINE_RETAIL_II_LINES;
  if (file === undefined || !existsSync(file)) {
    console.log(`\n## report on 417,534 order lines\nset ONLINE_RETAIL_II_LINES to the Online Retail II 2009-2010 CSV(.gz) to run it: skipped`);
    return;
  }
  if (!existsSync(join(root, 'dist', 'cli.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  const out = join(mkdtempSync(join(tmpdir(), 'crm-report-bench-')), 'report.html');
  const args = ['--require', './bench/max-rss.cjs', 'dist/cli.js', 'report', file, '--item', 'Description', '--out', out, '--verbose'];
  const runs: Array<{ wall: number; rss: number; stdout: string; timings: string }> = [];
  for (let k = 0; k < RUNS; k++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
    const wall = performance.now() - t0;
    if (r.status !== 0) throw new Error(`the report failed (exit ${r.status}): ${r.stderr}`);
    const peak = Number(/MAXRSS (\d+) KB/.exec(r.stderr)?.[1] ?? Number.NaN);
    runs.push({ wall, rss: peak, stdout: r.stdout.trim(), timings: r.stderr.split('\n').filter((l) => l.startsWith('timing:')).join('\n') });
  }
  const sorted = [...runs].sort((a, b) => a.wall - b.wall);
  const median = sorted[Math.floor(RUNS / 2)] as (typeof runs)[number];
  const peakRss = Math.max(...runs.map((r) => r.rss));
  console.log(`\n## report on 417,534 order lines (${file})\n${median.stdout}\nmedian run:\n${median.timings}`);
  printTable(`full report, built CLI, ${RUNS} fresh processes (issue 20.9)`, [
    { task: 'report, 417,534 customer lines (wall, median)', ours: ms(median.wall), target: '≤ 3 s', note: `min ${ms(sorted[0]!.wall)}, max ${ms(sorted[RUNS - 1]!.wall)}` },
    { task: 'peak RSS (largest of the runs)', ours: Number.isFinite(peakRss) ? `${Math.round(peakRss / 1024)} MB` : 'n/a', target: '≤ 300 MB' },
  ]);
}
