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
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ms, printTable, type BenchRow } from './harness.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function has(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function sklearnIn(python: string): boolean {
  try {
    execFileSync(python, ['-c', 'import sklearn, pandas'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Median ms of a shell command by hyperfine, or undefined when it fails. */
function hyperfine(command: string): number | undefined {
  const out = join(mkdtempSync(join(tmpdir(), 'crm-e2e-')), 'h.json');
  try {
    execFileSync('hyperfine', ['--warmup', '2', '--runs', '10', '--export-json', out, '--style', 'none', command], { cwd: root, stdio: 'ignore' });
    const result = JSON.parse(readFileSync(out, 'utf8')) as { results: { median: number }[] };
    return result.results[0]!.median * 1000;
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
  // The Python with scikit-learn and pandas: $PYTHON, else python3 on PATH (checked, not assumed).
  const pythonCmd = process.env.PYTHON ?? 'python3';
  const python = has(pythonCmd) && sklearnIn(pythonCmd) ? pythonCmd : undefined;
  const show = (v: number | undefined): string => (v === undefined ? 'failed' : ms(v));
  const rows: BenchRow[] = [
    { task: 'bare node -e 0', ours: show(bare) },
    { task: 'CDNOW BG/NBD fit', ours: show(hyperfine(node('bgnbd.mjs'))), target: '≤ 250 ms', peer: 'lifetimes: not installable here' },
    { task: 'Groceries rules @(0.001, 0.5)', ours: show(hyperfine(node('rules.mjs'))), target: '≤ 300 ms', peer: 'arules: not installable here' },
    {
      task: 'Telco depth-5 tree',
      ours: show(hyperfine(node('tree.mjs'))),
      target: '≤ 300 ms',
      peer: python === undefined ? 'scikit-learn: not installed (set PYTHON)' : `scikit-learn ${show(hyperfine(`${python} bench/e2e/tree_sklearn.py`))}`,
    },
    {
      task: 'CLI report, 19k-invoice demo file',
      ours: show(hyperfine('node dist/cli.js report data/online_retail_II_2009_2010_invoices.csv.gz --out "$(mktemp -u /tmp/crm-e2e-XXXXXX.html)" >/dev/null')),
      target: '≤ 1.5 s',
    },
  ];
  printTable('whole process, hyperfine medians (issue 23.4)', rows);
}
