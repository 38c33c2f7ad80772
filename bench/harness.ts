/**
 * Tiny benchmark harness shared by every `bench/*.bench.ts`: median of N in-process runs after
 * warm-up, printed as a table. Benchmarks never assert; they report against the stated targets.
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface Timing {
  medianMs: number;
  minMs: number;
  runs: number;
}

/** Run `fn` `warmup` times, then `runs` times, and return the median wall time in ms. */
export async function timeMedian(fn: () => unknown, options: { runs?: number; warmup?: number } = {}): Promise<Timing> {
  const runs = options.runs ?? 15;
  const warmup = options.warmup ?? 3;
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  const median = times.length % 2 === 1 ? (times[mid] as number) : ((times[mid - 1] as number) + (times[mid] as number)) / 2;
  return { medianMs: median, minMs: times[0] as number, runs };
}

export interface BenchRow {
  task: string;
  ours: string;
  target?: string;
  peer?: string;
  note?: string;
}

/** Print rows as an aligned table under a title. */
export function printTable(title: string, rows: readonly BenchRow[]): void {
  const headers = ['task', 'ours', 'target', 'peer', 'note'] as const;
  const cells = rows.map((r) => headers.map((h) => r[h] ?? ''));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (vals: readonly string[]) => vals.map((v, i) => v.padEnd(widths[i] as number)).join('  ').trimEnd();
  console.log(`\n## ${title}`);
  console.log(line(headers));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const c of cells) console.log(line(c));
}

/** Format milliseconds. */
export function ms(value: number): string {
  return value < 10 ? `${value.toFixed(2)} ms` : value < 1000 ? `${value.toFixed(1)} ms` : `${(value / 1000).toFixed(2)} s`;
}

/**
 * The Python that can run the scikit-learn/pandas peer scripts: $PYTHON if set, else `python3` on
 * PATH — checked by importing the modules, never assumed. No machine paths: when the python3 on
 * PATH lacks scikit-learn (e.g. a pyenv shim), point PYTHON at one that has it
 * (e.g. `PYTHON=<a python3 with scikit-learn> npm run bench -- e2e`; Debian: the system python3 with python3-sklearn).
 */
export function findPython(modules = 'sklearn, pandas'): string | undefined {
  for (const p of [process.env.PYTHON, 'python3']) {
    if (p === undefined || p === '') continue;
    try {
      execFileSync(p, ['-c', `import ${modules}`], { stdio: 'ignore' });
      return p;
    } catch {
      // not this one
    }
  }
  return undefined;
}
