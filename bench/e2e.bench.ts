/**
 * Whole-process benchmarks (issue 23.4): each command is a fresh `node` process on the built
 * package (`npm run build` first; run here when dist/ is missing), timed by hyperfine (Debian
 * `hyperfine`) over 10 runs after 2 warm-ups, beside the peer's whole process where the peer is
 * installable here (scikit-learn from Debian). lifetimes and arules are not installable on this
 * machine (no PyPI; arules is not packaged by Debian), so their rows print the recorded figure's
 * source instead. Targets from the issue.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPython, ms, printTable, type BenchRow } from './harness.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function has(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}


interface Timed {
  /** Median wall time, ms. */
  wall: number;
  /** Mean user + system CPU time, ms (hyperfine reports means only): less distorted by a loaded machine. */
  cpu: number;
}

/** Wall median and CPU mean (ms) of a shell command by hyperfine, or undefined when it fails. */
function hyperfine(command: string): Timed | undefined {
  const out = join(mkdtempSync(join(tmpdir(), 'crm-e2e-')), 'h.json');
  try {
    execFileSync('hyperfine', ['--warmup', '2', '--runs', '10', '--export-json', out, '--style', 'none', command], { cwd: root, stdio: 'ignore' });
    const result = JSON.parse(readFileSync(out, 'utf8')) as { results: { median: number; user: number; system: number }[] };
    const r = result.results[0]!;
    return { wall: r.median * 1000, cpu: (r.user + r.system) * 1000 };
  } catch {
    return undefined;
  }
}

export default async function run(): Promise<void> {
  if (!has('hyperfine')) {
    console.log('\n## whole process (issue 23)\nhyperfine is not installed (apt-get install hyperfine): skipped');
    return;
  }
  if (!existsSync(join(root, 'dist', 'index.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  const node = (file: string): string => `node bench/e2e/${file}`;
  const bare = hyperfine('node -e 0');
  // The Python with scikit-learn and pandas: $PYTHON, else python3 on PATH (harness.findPython).
  const python = findPython();
  const show = (v: Timed | undefined): string => (v === undefined ? 'failed' : `${ms(v.wall)} (CPU ${ms(v.cpu)})`);
  const verdict = (v: Timed | undefined, limit: number): string => (v === undefined ? '' : v.wall <= limit ? 'MET' : v.cpu <= limit ? 'MISSED on wall time, MET on CPU time' : 'MISSED');
  const bgnbd = hyperfine(node('bgnbd.mjs'));
  const rules = hyperfine(node('rules.mjs'));
  const tree = hyperfine(node('tree.mjs'));
  const report = hyperfine('node dist/cli.js report data/online_retail_II_2009_2010_invoices.csv.gz --out "$(mktemp -u /tmp/crm-e2e-XXXXXX.html)" >/dev/null');
  const rows: BenchRow[] = [
    { task: 'bare node -e 0', ours: show(bare), note: `load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores` },
    { task: 'CDNOW BG/NBD fit', ours: show(bgnbd), target: '≤ 250 ms', peer: 'lifetimes: not installable here', note: verdict(bgnbd, 250) },
    { task: 'Groceries rules @(0.001, 0.5)', ours: show(rules), target: '≤ 300 ms', peer: 'arules: not installable here', note: verdict(rules, 300) },
    {
      task: 'Telco depth-5 tree',
      ours: show(tree),
      target: '≤ 300 ms',
      peer: python === undefined ? 'scikit-learn: not installed (set PYTHON)' : `scikit-learn ${show(hyperfine(`${python} bench/e2e/tree_sklearn.py`))}`,
      note: verdict(tree, 300),
    },
    { task: 'CLI report, 19k-invoice demo file', ours: show(report), target: '≤ 1.5 s', note: verdict(report, 1500) },
  ];
  printTable('whole process, hyperfine medians (issue 23.4)', rows);
}
