/**
 * churn bench (issue 8): our CART vs ml-cart 2.1.1 in-process; Python/R figures quoted from
 * the project notes rfm-and-churn.md §3.2 (sklearn 1.2.1: 0.01–0.03 s per Telco fit; ml-cart ≈ 35 s on 5,634 × 45).
 */
import { DecisionTreeClassifier } from 'ml-cart';
import { createRandom } from '../src/core/index.js';
import { fitTree, predictProba } from '../src/churn/index.js';
import { loadTelco } from '../test/churn/helpers.js';
import { ms, printTable, timeMedian, type BenchRow } from './harness.js';

function synthetic(n: number, d: number, seed: number): Array<Record<string, number>> {
  const rng = createRandom(seed);
  return Array.from({ length: n }, () => {
    const r: Record<string, number> = {};
    let z = 0;
    for (let j = 0; j < d; j++) {
      // Mixed columns: continuous, integer-valued, and binary.
      const v = j % 3 === 0 ? rng.normal() : j % 3 === 1 ? rng.int(20) : rng.int(2);
      r[`x${j}`] = v;
      if (j < 5) z += (j % 2 === 0 ? 1 : -0.5) * (j % 3 === 0 ? v : v / 10);
    }
    r.y = z + rng.normal() > 0 ? 1 : 0;
    return r;
  });
}

/** A fixed CPU-bound loop (1e8 additions; ≈ 35 ms on an idle core of this machine: best 1e7-step run 3.3 ms) to judge load. */
function calibrate(): number {
  let x = 0;
  for (let i = 0; i < 1e8; i++) x += i & 7;
  return x;
}

export default async function run(): Promise<void> {
  const rows: BenchRow[] = [];
  const cal = await timeMedian(calibrate, { runs: 5, warmup: 1 });
  rows.push({ task: 'calibration: 1e8-step integer loop', ours: ms(cal.medianMs), note: '≈ 35 ms when the machine is idle; scale the rows below by (this / 35 ms)' });
  const telco = loadTelco();
  const train = telco.rows.slice(0, 5634);
  const opts = { target: 'Churn', features: telco.columns, categorical: [] as string[], maxDepth: 5 };
  // The first fits run in V8's interpreter and baseline tiers; 30 warm-up fits reach the optimised steady state a
  // long-running service or notebook sees (the cold first fit is reported in the note).
  const cold = await timeMedian(() => fitTree(train, opts), { runs: 1, warmup: 0 });
  const t5 = await timeMedian(() => fitTree(train, opts), { runs: 51, warmup: 30 });
  rows.push({ task: 'Telco one-hot 5,634 × 45, depth-5 gini fit', ours: ms(t5.medianMs), target: '≤ 15 ms', peer: 'sklearn 1.2.1: 10–30 ms (notes §3.2); ml-cart ≈ 35 s', note: `min ${ms(t5.minMs)}; first fit in this process (cold JIT) ${ms(cold.medianMs)}` });
  // The same matrix as a column table (one Float64Array per field, as DuckDB or Arrow hand it over).
  const table = { columns: new Map([...telco.columns, 'Churn'].map((c) => [c, Float64Array.from(train, (r) => r[c] as number)])) };
  const tCols = await timeMedian(() => fitTree(table, opts), { runs: 51, warmup: 30 });
  rows.push({ task: 'same, from a column table (Float64Array per field)', ours: ms(tCols.medianMs), target: '≤ 15 ms', note: `min ${ms(tCols.minMs)}; no row objects to read` });
  const tFull = await timeMedian(() => fitTree(train, { ...opts, maxDepth: undefined as unknown as number }), { runs: 7, warmup: 2 });
  rows.push({ task: 'Telco one-hot, unlimited depth', ours: ms(tFull.medianMs), note: 'sklearn ≈ 30 ms (notes)' });
  const tNative = await timeMedian(() => fitTree(telco.raw.slice(0, 5634), { target: 'Churn', maxDepth: 5 }), { runs: 15, warmup: 3 });
  rows.push({ task: 'Telco native categoricals (19 columns), depth 5', ours: ms(tNative.medianMs), note: 'Breiman ordering, no one-hot' });
  const test = telco.rows.slice(5634);
  const tree = fitTree(train, opts);
  const tp = await timeMedian(() => predictProba(tree, test), { runs: 21, warmup: 3 });
  rows.push({ task: 'predictProba 1,409 Telco rows', ours: ms(tp.medianMs) });

  // ml-cart side by side on a subsample it can finish.
  for (const n of [500, 1000]) {
    const sub = train.slice(0, n);
    const X = sub.map((r) => telco.columns.map((c) => r[c] as number));
    const y = sub.map((r) => r.Churn as number);
    const ours = await timeMedian(() => fitTree(sub, opts), { runs: 11, warmup: 3 });
    const theirs = await timeMedian(
      () => {
        const clf = new DecisionTreeClassifier({ maxDepth: 5, gainThreshold: 0 });
        clf.train(X, y);
      },
      { runs: 3, warmup: 1 },
    );
    rows.push({ task: `Telco first ${n} rows × 45, depth 5`, ours: ms(ours.medianMs), peer: `ml-cart ${ms(theirs.medianMs)}`, note: `ml-cart / ours = ${(theirs.medianMs / ours.medianMs).toFixed(0)}×` });
  }

  // 100,000 × 20 synthetic, and growth in n.
  const big = synthetic(200_000, 20, 1);
  const sizes = [12_500, 25_000, 50_000, 100_000, 200_000];
  let base: number | undefined;
  for (const n of sizes) {
    const data = big.slice(0, n);
    const t = await timeMedian(() => fitTree(data, { target: 'y', maxDepth: 10 }), { runs: n >= 100_000 ? 3 : 5, warmup: 1 });
    const perNLogN = t.medianMs / (n * Math.log2(n));
    base ??= perNLogN;
    rows.push({
      task: `synthetic ${n.toLocaleString('en')} × 20, depth 10`,
      ours: ms(t.medianMs),
      target: n === 100_000 ? '≤ 0.5 s' : '',
      note: `time/(n log n) relative to n=12.5k: ${(perNLogN / base).toFixed(2)}`,
    });
  }
  const full = big.slice(0, 100_000);
  const tu = await timeMedian(() => fitTree(full, { target: 'y' }), { runs: 3, warmup: 1 });
  rows.push({ task: 'synthetic 100,000 × 20, unlimited depth', ours: ms(tu.medianMs), note: 'grows to pure leaves (noisy labels)' });
  printTable('churn (CART)', rows);
}
