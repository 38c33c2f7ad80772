/**
 * `npm run bench -- cold` (issue 23 item 3): the FIRST call of each hot API in a fresh process
 * (inputs loaded beforehand, untimed) against its own warm median in that process, on the built
 * package (`npm run build` first; built here when dist/ is missing). Target: first ≤ 2× warm, and
 * the first Telco tree ≤ 2× scikit-learn's median fit measured in the same run.
 *
 * Each case runs in COLD_PROCS (default 3) fresh processes (medians printed), plus one process with
 * `--no-opt` (V8's Ignition interpreter + Sparkplug baseline code only, never TurboFan): its
 * warm median is the speed of unoptimised code, which is what a first call runs (V8 optimises a
 * function only after it has been hot for a while). That column is the measured cause when a row
 * misses: when the unoptimised speed is far above 2× the optimised one, no change in the first
 * call's own work short of doing less of it can meet the target; `--no-opt` first − warm is the
 * one-time part (lazy compilation to bytecode, inline-cache warm-up, one-time set-up). Process CPU time of the first
 * call is printed too: it includes V8's background compiler threads and is less distorted by a
 * loaded machine than wall time (the load average is printed).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPython, ms, printTable, type BenchRow } from './harness.js';

const root = fileURLToPath(new URL('..', import.meta.url));

interface ChildResult {
  cold: number;
  coldCpu: number;
  warm: number;
  warmCpu: number;
}

const CASES: Array<[string, string]> = [
  ['tree', 'Telco depth-5 tree (fitTree, 7,043 rows)'],
  ['rfm', 'RFM summarize + score (19,213 invoices)'],
  ['bgnbd', 'BG/NBD fit, CDNOW (2,357)'],
  ['paretonbd', 'Pareto/NBD fit, CDNOW (2,357)'],
  ['gammagamma', 'Gamma-Gamma fit, CDNOW repeaters (946)'],
  ['fpgrowth', 'FP-growth Groceries @0.001 (from string[][])'],
  ['rules', 'rules Groceries @(0.001, 0.5) (from string[][])'],
];

function child(name: string, flags: string[] = [], env: Record<string, string> = {}): ChildResult {
  const out = execFileSync(process.execPath, [...flags, join(root, 'bench', 'cold', 'child.mjs'), name], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
  return JSON.parse(out.trim().split('\n').pop() as string) as ChildResult;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;


export default async function run(): Promise<void> {
  if (!existsSync(join(root, 'dist', 'index.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  const procs = Number(process.env.COLD_PROCS ?? 3);
  const load0 = loadavg()[0] as number;
  const py = findPython();
  const rows: BenchRow[] = [];
  let sklearn: number | undefined;
  if (py !== undefined) {
    const fits = [0, 1, 2].map(() => (JSON.parse(execFileSync(py, [join(root, 'bench', 'cold', 'tree_sklearn_fit.py')], { cwd: root, encoding: 'utf8' }).trim()) as { median: number }).median);
    sklearn = median(fits);
  }
  for (const [name, task] of CASES) {
    const runs = Array.from({ length: procs }, () => child(name));
    const cold = median(runs.map((r) => r.cold));
    const coldCpu = median(runs.map((r) => r.coldCpu));
    const warm = median(runs.map((r) => r.warm));
    const warmCpu = median(runs.map((r) => r.warmCpu));
    const noOpt = child(name, ['--no-opt'], { COLD_WARMUP: '1', COLD_RUNS: '3' });
    const ratio = cold / warm;
    const met = ratio <= 2;
    rows.push({
      task,
      ours: `${ms(cold)} first / ${ms(warm)} warm = ${ratio.toFixed(1)}×`,
      target: '≤ 2× warm',
      note:
        `${met ? 'MET' : 'MISSED'}; CPU ${ms(coldCpu)} / ${ms(warmCpu)} = ${(coldCpu / warmCpu).toFixed(1)}×; ` +
        `--no-opt: first ${ms(noOpt.cold)}, warm ${ms(noOpt.warm)} = ${(noOpt.warm / warm).toFixed(1)}× optimised warm`,
    });
    if (name === 'tree') {
      rows.push({
        task: '  first Telco tree vs scikit-learn',
        ours: ms(cold),
        target: sklearn === undefined ? '≤ 2× scikit-learn' : `≤ ${ms(2 * sklearn)}`,
        peer: sklearn === undefined ? 'scikit-learn: not installed (set PYTHON)' : `scikit-learn 1.x median fit ${ms(sklearn)}`,
        note: sklearn === undefined ? '' : cold <= 2 * sklearn ? 'MET' : 'MISSED',
      });
    }
  }
  printTable(`cold first calls (fresh process, median of ${procs}; load average ${load0.toFixed(1)} → ${(loadavg()[0] as number).toFixed(1)} on ${availableParallelism()} cores)`, rows);
}
