/**
 * Seeded results must be bit-identical across runs and runtimes (issue 11). CI runs this file
 * with Node (tsx) and with Deno against the built package and compares the two outputs byte for byte:
 *   npx tsx examples/determinism.ts > node.txt && npx deno run --allow-read --allow-env examples/determinism.ts > deno.txt && cmp node.txt deno.txt
 * The PRNG, splits, itemsets and tree structure are bit-identical (17 significant digits are
 * printed). Fitted parameters go through Math.log/exp/pow, which ECMAScript leaves
 * "implementation-approximated": Node 20's V8 and Deno's newer V8 differ in the last bits
 * (about 1e-13 relative), so those are printed to 10 significant digits. See docs/decisions.md.
 */
import { churn, clv, core, rfm } from '../dist/all.js';

const digits = (d: number) => (x: unknown): string => JSON.stringify(x, (_k, v: unknown) => (typeof v === 'number' ? v.toPrecision(d) : v));
const exact = digits(17);
const approx = digits(10);

// 1. The PRNG and its distributions.
const rng = core.createRandom(2026);
const draws = [rng.next(), rng.normal(), rng.gamma(0.7), rng.beta(2, 5), rng.poisson(40), rng.exponential(3)];
console.log('random', exact(draws));

// 2. A BG/NBD simulation, its fit and predictions (log-gamma, 2F1, optimizer).
const sim = clv.bgNbd.simulate({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, { T: 39, customers: 2000, seed: 7 });
const customers = sim.frequency.map((f, i) => ({ frequency: f, recency: sim.recency[i] as number, T: sim.T[i] as number }));
const fit = clv.bgNbd.fit(customers);
console.log('bgNbd.fit', approx(fit.params), approx(fit.logLikelihood));
console.log('paretoNbd.fit', approx(clv.paretoNbd.fit(customers).params));
console.log('probabilityAlive', approx(clv.bgNbd.probabilityAlive(fit.params, customers.slice(0, 5))));

// 3. Seeded k-means on RFM features.
const tx = customers.slice(0, 300).map((c, i) => ({ customerId: `c${i}`, date: 19000 * 86_400_000 + Math.round(c.recency * 7) * 86_400_000, amount: 10 + c.frequency * 3 }));
const summaries = rfm.summarize(tx, { asOf: '2030-01-01' });
console.log('kmeans', approx(rfm.kmeansSegments(summaries, { k: 3, seed: 11 }).clusters ?? null));

// 4. A seeded split and a tree on it.
const rows = customers.slice(0, 400).map((c) => ({ frequency: c.frequency, T: c.T, churn: c.recency < c.T / 2 ? 'yes' : 'no' }));
const split = churn.trainTestSplit(rows, { testFraction: 0.25, seed: 3, stratify: 'churn' });
const tree = churn.fitTree(split.train, { target: 'churn', maxDepth: 3 });
console.log('tree', exact(churn.predictProba(tree, split.test.slice(0, 10))));
