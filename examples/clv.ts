/**
 * CLV example (issue 5): textbook closed forms, a projection, customer equity; the CDNOW sample
 * (bundled) through btydSummary → BG/NBD + Gamma-Gamma → per-customer CLV with explicit units vs
 * lifetimes' conventions; sBG retention and DEL/DERL on Fader & Hardie's (2007) published cohort;
 * BG/BB on the donations patterns of Fader, Hardie & Shang (2010).
 * Run: npx tsx examples/clv.ts
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { bgBb, bgNbd, btydSummary, customerEquity, customerLifetimeValue, gammaGamma, projectClv, sbg, simpleClv } from '../src/clv/index.js';

const fmt = (v: number, d = 2) => v.toFixed(d);

// ---- 1. Closed forms: the three timing conventions (Fader & Hardie note 024) ----
const base = { margin: 100, retentionRate: 0.8, discountRate: 0.1 };
console.log('simpleClv, m=100 r=0.8 d=0.1:');
for (const firstMargin of ['start', 'end', 'excluded'] as const) console.log(`  ${firstMargin.padEnd(8)} ${fmt(simpleClv({ ...base, firstMargin }))}`);
console.log(`  5 margins, acquisition cost 50: ${fmt(simpleClv({ ...base, periods: 5, acquisitionCost: 50 }))}`);

const projection = projectClv({ periods: 5, margin: [100, 110, 120, 130, 140], retentionRate: 0.8, discountRate: 0.1, retentionCost: 10, acquisitionCost: 50 });
console.log('\nprojectClv (growing margins, retention cost 10):');
for (const r of projection.rows) console.log(`  t=${r.period} survivors ${fmt(r.survivors, 3)} revenue ${fmt(r.revenue)} costs ${fmt(r.costs)} DCF ${fmt(r.discountedCashFlow)} cumulative ${fmt(r.cumulative)}`);
const equity = customerEquity([{ name: 'this year', customers: 1000, clv: projection }, { name: 'next year', customers: 1200, clv: projection, acquiredAt: 1 }], { discountRate: 0.1 });
console.log(`customer equity of two cohorts: ${fmt(equity.total)}`);

// ---- 2. CDNOW: transactions → summary → BG/NBD + Gamma-Gamma → CLV ----
const root = fileURLToPath(new URL('../', import.meta.url));
const raw = gunzipSync(readFileSync(`${root}data/CDNOW_sample.txt.gz`)).toString('utf8');
const transactions = raw
  .split(/\r?\n/)
  .filter((l) => l.trim() !== '')
  .map((l) => {
    const [, id, ymd, , dollars] = l.trim().split(/\s+/) as [string, string, string, string, string];
    return { customerId: id, date: `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`, amount: Number(dollars) };
  });
const summary = btydSummary(transactions, { asOf: '1997-09-30', unit: 'week', afterAsOf: 'exclude' });
const bg = bgNbd.fit(summary);
const repeaters = summary.filter((c) => c.frequency > 0);
const gg = gammaGamma.fit(repeaters);
console.log(`\nCDNOW: ${summary.length} customers, ${repeaters.length} repeaters`);
console.log(`  BG/NBD r=${fmt(bg.params.r, 3)} α=${fmt(bg.params.alpha, 3)} a=${fmt(bg.params.a, 3)} b=${fmt(bg.params.b, 3)} LL ${fmt(bg.logLikelihood)}`);
console.log(`  Gamma-Gamma p=${fmt(gg.params.p)} q=${fmt(gg.params.q)} γ=${fmt(gg.params.gamma)} LL ${fmt(gg.logLikelihood)}; E[M] = ${fmt(gammaGamma.expectedSpend(gg.params))}`);

const common = { transactionModel: { model: bgNbd, params: bg.params }, spendModel: { params: gg.params }, customers: summary, unit: 'week' as const };
const explicit = customerLifetimeValue({ ...common, horizon: { value: 1, unit: 'year' }, discountRate: { rate: 0.1, per: 'year' }, margin: 0.3 });
const lifetimes = customerLifetimeValue({ ...common, horizon: 12, discountRate: 0.01, convention: 'lifetimes' });
console.log(`  1-year profit CLV (30 % margin, 10 %/yr): total ${fmt(explicit.total)}; months of ${explicit.settings.monthDays} days, step ${fmt(explicit.settings.boundaries[0]!, 4)} weeks`);
console.log(`  lifetimes-style revenue CLV (12 × 4.345 weeks, 1 %/month): total ${fmt(lifetimes.total)}`);
const top = [...explicit.customers].sort((a, b) => b.clv - a.clv).slice(0, 5);
for (const c of top) console.log(`    customer ${c.customerId}: CLV ${fmt(c.clv)} = 0.3 × ${fmt(c.expectedSpend)} × ${fmt(c.discountedPurchases, 3)} discounted purchases`);

// ---- 3. Contractual: sBG on Fader & Hardie (2007) Table 1, regular cohort, years 0–7 ----
const regular = [1000, 631, 468, 382, 326, 289, 262, 241];
const s = sbg.fit(regular);
console.log(`\nsBG regular cohort: α=${fmt(s.params.alpha, 3)} β=${fmt(s.params.beta, 3)} LL ${fmt(s.logLikelihood)}`);
console.log(`  projected survival years 8–12: ${sbg.survival(s.params, [8, 9, 10, 11, 12]).map((v) => fmt(100 * v, 1)).join(', ')} % (actual 22.3, 20.7, 19.4, 18.3, 17.3)`);
console.log(`  retention rates years 1–5: ${sbg.retentionRate(s.params, [1, 2, 3, 4, 5]).map((v) => fmt(v, 3)).join(', ')}`);
console.log(`  DEL at 10 %: ${fmt(sbg.discountedExpectedLifetime(s.params, 0.1), 3)} payments; DERL after 0…4 renewals: ${[1, 2, 3, 4, 5].map((n) => fmt(sbg.discountedExpectedResidualLifetime(s.params, 0.1, n))).join(', ')}`);
console.log(`  (a constant 63.1 % retention would say ${fmt(simpleClv({ margin: 1, retentionRate: 0.631, discountRate: 0.1 }), 3)} payments)`);
const subscribers = [0, 2, 6].map((periods) => ({ customerId: `renewed ${periods}×`, periods }));
const contractual = customerLifetimeValue({ transactionModel: { model: 'sbg', params: s.params }, spendModel: 100, customers: subscribers, unit: 'year', period: 'year', horizon: 5, discountRate: 0.1 });
console.log(`  next-5-year value of a $100/year subscriber: ${contractual.customers.map((c) => `${c.customerId} ${fmt(c.clv)}`).join(', ')}`);

// ---- 4. Discrete-time non-contractual: BG/BB on the donations data (FHS 2010) ----
const patterns: Array<[number, number, number]> = [
  [0, 0, 3464], [1, 1, 1091], [1, 2, 277], [1, 3, 129], [1, 4, 78], [1, 5, 119], [1, 6, 129], [2, 2, 613], [2, 3, 255], [2, 4, 155], [2, 5, 173],
  [2, 6, 234], [3, 3, 322], [3, 4, 181], [3, 5, 225], [3, 6, 357], [4, 4, 240], [4, 5, 284], [4, 6, 512], [5, 5, 335], [5, 6, 728], [6, 6, 1203],
];
const donors = patterns.map(([frequency, recency]) => ({ frequency, recency, periods: 6 }));
const bb = bgBb.fit(donors, { weights: patterns.map((p) => p[2]) });
console.log(`\nBG/BB donations: α=${fmt(bb.params.alpha, 3)} β=${fmt(bb.params.beta, 3)} γ=${fmt(bb.params.gamma, 3)} δ=${fmt(bb.params.delta, 3)} LL ${fmt(bb.logLikelihood)}`);
console.log(`  P(alive in 2002) for (x, t_x) = (0,0), (2,4), (6,6): ${bgBb.probabilityAlive(bb.params, [donors[0]!, donors[9]!, donors[21]!]).map((v) => fmt(v, 3)).join(', ')}`);
