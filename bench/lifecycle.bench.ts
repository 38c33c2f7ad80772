/**
 * Lifecycle / value / trust benchmarks (issue 6): classify, earlyWarnings and migrationMatrix on
 * the bundled Online Retail II invoices (19,213 invoices, 4,312 customers) from a prepared table
 * and from rows, a 16× synthetic scale-up, and the survey-style functions in bulk.
 * No JS, Python or R library implements these textbook models, so there is no peer to run side by
 * side; the "peer" column gives the hand-rolled JS Map group-by of the same per-customer signals
 * (orders, first/last day, spend) as a floor for what one pass over the rows costs.
 */
import { createRandom, prepareTransactions, type Transaction, type TransactionTable } from '../src/core/index.js';
import { loadOnlineRetailInvoices } from '../src/datasets/index.js';
import { classify, earlyWarnings, migrationMatrix } from '../src/lifecycle/index.js';
import { aggregateTrust, trustScore } from '../src/trust/index.js';
import { satisfactionIndicators } from '../src/value/index.js';
import { ms, printTable, timeMedian, type BenchRow } from './harness.js';

const ASOF = '2010-12-10';

/** Mean user+system CPU ms per run: on a machine shared by many jobs wall time mostly measures waiting. */
function cpuMs(fn: () => unknown, runs: number): number {
  fn();
  const c0 = process.cpuUsage();
  for (let i = 0; i < runs; i++) fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000 / runs;
}

function mapGroupBy(table: TransactionTable): number {
  const m = new Map<number, { n: number; first: number; last: number; spend: number }>();
  for (let i = 0; i < table.length; i++) {
    const c = table.customer[i] as number;
    const d = table.day[i] as number;
    const s = m.get(c);
    if (s === undefined) m.set(c, { n: 1, first: d, last: d, spend: table.amount[i] as number });
    else {
      s.n += 1;
      if (d < s.first) s.first = d;
      if (d > s.last) s.last = d;
      s.spend += table.amount[i] as number;
    }
  }
  return m.size;
}

function scaled(rows: readonly Transaction[], times: number): Transaction[] {
  const out: Transaction[] = [];
  const rng = createRandom(6);
  for (let k = 0; k < times; k++) {
    for (const r of rows) out.push({ ...r, customerId: `${r.customerId}-${k}`, orderId: `${r.orderId as string}-${k}`, amount: r.amount * (0.5 + rng.next()) });
  }
  return out;
}

/** Run the lifecycle benchmarks. */
export default async function run(): Promise<void> {
  const rows = loadOnlineRetailInvoices().map(({ customerId, orderId, date, amount }) => ({ customerId, orderId, date, amount }));
  const table = prepareTransactions(rows);
  const out: BenchRow[] = [];
  const peer = await timeMedian(() => mapGroupBy(table), { runs: 15 });
  const c = await timeMedian(() => classify(table, { asOf: ASOF }), { runs: 15 });
  const cCpu = cpuMs(() => classify(table, { asOf: ASOF }), 10);
  const peerCpu = cpuMs(() => mapGroupBy(table), 50);
  out.push({ task: 'classify, 4,312 customers (prepared table)', ours: ms(c.medianMs), target: '< 100 ms', peer: `Map group-by ${ms(peer.medianMs)}`, note: `CPU ${ms(cCpu)} vs group-by CPU ${ms(peerCpu)}` });
  const cr = await timeMedian(() => classify(rows, { asOf: ASOF }), { runs: 7 });
  out.push({ task: 'classify, 19,213 invoice rows (validate + prepare)', ours: ms(cr.medianMs), target: '< 250 ms' });
  const w = await timeMedian(() => earlyWarnings({ transactions: table }, { asOf: ASOF }), { runs: 15 });
  out.push({ task: 'earlyWarnings (churn), 4,312 customers', ours: ms(w.medianMs), target: '< 100 ms' });
  const mm = await timeMedian(() => migrationMatrix(table, { from: '2010-06-01', to: ASOF }), { runs: 15 });
  out.push({ task: 'migrationMatrix (two classifications)', ours: ms(mm.medianMs), target: '< 200 ms' });
  const si = await timeMedian(() => satisfactionIndicators(table, { asOf: ASOF }), { runs: 15 });
  out.push({ task: 'satisfactionIndicators, 4,312 customers', ours: ms(si.medianMs) });

  const big = prepareTransactions(scaled(rows, 16));
  const peerBig = await timeMedian(() => mapGroupBy(big), { runs: 5, warmup: 1 });
  const cb = await timeMedian(() => classify(big, { asOf: ASOF }), { runs: 5, warmup: 1 });
  const cbCpu = cpuMs(() => classify(big, { asOf: ASOF }), 2);
  out.push({ task: 'classify, 16× (307,408 rows, 68,992 customers)', ours: ms(cb.medianMs), target: '< 1.5 s', peer: `Map group-by ${ms(peerBig.medianMs)}`, note: `CPU ${ms(cbCpu)}` });

  const rng = createRandom(1);
  const r10 = () => 1 + rng.int(10);
  const responses = Array.from({ length: 100_000 }, (_, i) => ({ subjectId: `s${i % 500}`, credibility: r10(), reliability: r10(), intimacy: r10(), selfOrientation: r10() }));
  const ts = await timeMedian(() => {
    for (let i = 0; i < 10_000; i++) trustScore(responses[i] as (typeof responses)[number]);
  }, { runs: 7 });
  out.push({ task: 'trustScore × 10,000', ours: ms(ts.medianMs) });
  const at = await timeMedian(() => aggregateTrust(responses), { runs: 5 });
  out.push({ task: 'aggregateTrust, 100,000 responses / 500 subjects', ours: ms(at.medianMs), note: 't CI per subject' });
  printTable('lifecycle / value / trust (machine shared by ~8 jobs: noisy)', out);
}
