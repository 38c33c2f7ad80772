// One case of the cold-call bench (bench/cold.bench.ts), in a fresh process on the built package:
// load the inputs (untimed), time the FIRST call (wall and process CPU), then warm up and take the
// median of the warm calls. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { basket, churn, clv, prepareTransactions, rfm } from '../../dist/all.js';
import { loadCdnowSummary, loadGroceries, loadOnlineRetailInvoices, loadTelcoChurn } from '../../dist/datasets.js';

const name = process.argv[2];

function gammaGammaData() {
  // CDNOW repeaters with their mean spend (the lifetimes fixture used by the Gamma-Gamma tests).
  return readFileSync(new URL('../../test/fixtures/clv/cdnow_customers_summary_with_transactions.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => {
      const [id, x, tx, T, z] = l.split(',').map(Number);
      return { customerId: String(id), frequency: x, recency: tx, T, monetaryValue: z };
    })
    .filter((c) => c.frequency > 0);
}

const cases = {
  tree: () => {
    const rows = loadTelcoChurn().map(({ customerId, ...rest }) => rest);
    return () => churn.fitTree(rows, { target: 'churn', maxDepth: 5 });
  },
  rfm: () => {
    const invoices = loadOnlineRetailInvoices();
    return () => rfm.score(rfm.summarize(prepareTransactions(invoices), { asOf: '2010-12-10' }), { convention: 'pandas' });
  },
  bgnbd: () => {
    const data = loadCdnowSummary().map((r) => ({ frequency: r.frequency, recency: r.recency, T: r.T }));
    return () => clv.bgNbd.fit(data);
  },
  paretonbd: () => {
    const data = loadCdnowSummary().map((r) => ({ frequency: r.frequency, recency: r.recency, T: r.T }));
    return () => clv.paretoNbd.fit(data);
  },
  gammagamma: () => {
    const data = gammaGammaData();
    return () => clv.gammaGamma.fit(data);
  },
  fpgrowth: () => {
    const baskets = loadGroceries();
    return () => basket.frequentItemsets(baskets, { minSupport: 0.001 });
  },
  rules: () => {
    const baskets = loadGroceries();
    return () => basket.associationRules(baskets, { minSupport: 0.001, minConfidence: 0.5 });
  },
};

const make = cases[name];
if (make === undefined) throw new Error(`unknown case ${name}; one of ${Object.keys(cases).join(', ')}`);
const fn = make();
const timeOnce = () => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
};
// COLD_PROFILE=<file>: write a CPU profile (.cpuprofile, 100 µs samples) of the first call only.
const profile = process.env.COLD_PROFILE;
let session;
if (profile) {
  const { Session } = await import('node:inspector');
  session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 100 });
  session.post('Profiler.start');
}
const cold = timeOnce();
if (session) {
  const { writeFileSync } = await import('node:fs');
  session.post('Profiler.stop', (err, result) => {
    if (err) throw err;
    writeFileSync(profile, JSON.stringify(result.profile));
  });
}
const warmup = Number(process.env.COLD_WARMUP ?? 10);
const runs = Number(process.env.COLD_RUNS ?? 15);
for (let i = 0; i < warmup; i++) fn();
const walls = [];
const cpus = [];
for (let i = 0; i < runs; i++) {
  const t = timeOnce();
  walls.push(t.wall);
  cpus.push(t.cpu);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(JSON.stringify({ name, cold: cold.wall, coldCpu: cold.cpu, warm: median(walls), warmCpu: median(cpus) }));
