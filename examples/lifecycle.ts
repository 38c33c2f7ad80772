/**
 * Lifecycle example (issue 6): the bundled Online Retail II invoices (4,312 customers) through
 * classify (five-stage, four-stage, ABCDE; with and without BG/NBD P(alive)), migrationMatrix
 * and earlyWarnings. The numbers in docs/lifecycle.md come from this script.
 * Run: npx tsx examples/lifecycle.ts
 */
import { bgNbd, btydSummary } from '../src/clv/index.js';
import { prepareTransactions } from '../src/core/index.js';
import { loadOnlineRetailInvoices } from '../src/datasets/index.js';
import { classify, earlyWarnings, migrationMatrix, STAGE_MAPPING } from '../src/lifecycle/index.js';

const table = prepareTransactions(loadOnlineRetailInvoices());
const asOf = '2010-12-10'; // the day after the last invoice
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

// ---- 1. Five-stage classification ----
const five = classify(table, { asOf });
console.log(`classify: ${five.customers.length} customers as of ${five.asOf}`);
console.log('| stage | customers | share |\n|---|---:|---:|');
for (const d of five.distribution) console.log(`| ${d.stage} | ${d.count} | ${pct(d.share)} |`);

// ---- 2. Three customers' reasons (the first customer id in maturity, decline and termination) ----
for (const stage of ['maturity', 'decline', 'termination']) {
  const c = five.customers.find((x) => x.stage === stage)!;
  const m = c.metrics;
  console.log(`\ncustomer ${c.customerId}: ${c.stage}`);
  console.log(`  orders ${m.orders}, tenure ${m.tenureDays.toFixed(1)} d, recency ${m.recencyDays?.toFixed(1)} d, usual gap ${m.usualGapDays === null ? 'n/a (one purchase day)' : `${m.usualGapDays} d`}, spend ${m.totalSpend.toFixed(2)}`);
  console.log(`  spend per month (oldest first): ${m.spendPerPeriod.map((v) => v.toFixed(0)).join(', ')}`);
  for (const r of c.reasons) console.log(`  - ${r}`);
}

// ---- 3. The other models (mapped from five-stage) ----
for (const model of ['four-stage', 'abcde'] as const) {
  const r = classify(table, { asOf, model });
  console.log(`\n${model}: ${r.distribution.map((d) => `${d.stage} ${d.count}`).join(', ')}`);
}
console.log('\nstage mapping:');
for (const row of STAGE_MAPPING) console.log(`  ${row.fiveStage} (${row.fiveStageZh}) → ${row.fourStage} (${row.fourStageZh}) → ${row.abcde}; Dwyer: ${row.dwyerPhase}`);

// ---- 4. With P(alive) from a BG/NBD fit (clv module), weekly units ----
const summary = btydSummary(table, { asOf, unit: 'week' });
const fit = bgNbd.fit(summary);
const alive = bgNbd.probabilityAlive(fit.params, summary);
const probabilityAlive = new Map(summary.map((r, i) => [r.customerId, alive[i] as number]));
const withP = classify(table, { asOf, probabilityAlive });
console.log(`\nBG/NBD (weekly) params ${JSON.stringify(fit.params)}; P(alive) < 0.5 for ${alive.filter((p) => p < 0.5).length} customers`);
console.log(`with BG/NBD P(alive): ${withP.distribution.map((d) => `${d.stage} ${d.count}`).join(', ')}`);
const moved = withP.customers.filter((c, i) => c.stage !== five.customers[i]!.stage);
console.log(`  customers whose stage P(alive) changed: ${moved.length}${moved.length > 0 ? ` (e.g. ${moved[0]!.customerId}: ${moved[0]!.reasons.join('; ')})` : ''}`);

// ---- 5. Migration over the last half-year ----
const m = migrationMatrix(table, { from: '2010-06-01', to: asOf });
console.log(`\nmigration ${m.from} → ${m.to} (rows: stage at from; counts, row rate)`);
console.log(`| from \\ to | ${m.stages.join(' | ')} | total |\n|---|${m.stages.map(() => '---:').join('|')}|---:|`);
m.stages.forEach((s, i) => console.log(`| ${s} | ${m.counts[i]!.map((c, j) => `${c} (${pct(m.rates[i]![j]!)})`).join(' | ')} | ${m.fromTotals[i]} |`));

// ---- 6. Early warnings: churn from transactions; the other three need business records ----
const w = earlyWarnings({ transactions: table, probabilityAlive }, { asOf });
console.log('\nearlyWarnings (transactions + P(alive)):');
for (const c of w.summary.counts) console.log(`  ${c.kind}: ${c.total} (high ${c.high}, medium ${c.medium})`);
for (const n of w.summary.notes) console.log(`  note: ${n}`);
const firstChurn = w.warnings.find((x) => x.kind === 'churn')!;
console.log(`  e.g. ${firstChurn.customerId} ${firstChurn.severity}: ${firstChurn.reasons.join('; ')}`);
