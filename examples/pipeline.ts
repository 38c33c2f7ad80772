/**
 * End-to-end pipeline on bundled data, with the library functions (no CLI):
 * invoices → RFM segments → BG/NBD + Gamma-Gamma CLV → lifecycle stages → churn tree, plus
 * association rules on the bundled Groceries baskets, each with its Vega-Lite chart rendered to
 * SVG files (and one self-contained HTML page) in a temporary folder.
 * Run: `npx tsx examples/pipeline.ts`
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { associationRules, topRules } from '../src/basket/index.js';
import * as charts from '../src/charts/index.js';
import { churnDataset, evaluate, featureImportance, fitTree, predictProba, trainTestSplit } from '../src/churn/index.js';
import { bgNbd, btydSummary, customerLifetimeValue, gammaGamma, periodTransactions, probabilityAliveMatrix } from '../src/clv/index.js';
import { prepareTransactions } from '../src/core/index.js';
import { loadGroceries, loadOnlineRetailInvoices } from '../src/datasets/index.js';
import { classify } from '../src/lifecycle/index.js';
import { gini, lorenzCurve, score, segment, segmentSummary, summarize, valueMatrix } from '../src/rfm/index.js';

const asOf = '2010-12-10'; // the day after the last invoice
const table = prepareTransactions(loadOnlineRetailInvoices());
console.log(`Online Retail II: ${table.length} invoices, ${table.customerIds.length} customers`);

// 1. RFM: quintile scores (pandas convention) and R rfm's segment table.
const summaries = summarize(table, { asOf });
const scores = score(summaries, { bins: 5 });
const segments = segmentSummary(segment(scores), summaries).sort((a, b) => b.customers - a.customers);
console.log('Top RFM segments:', segments.slice(0, 3).map((s) => `${s.segment} ${s.customers}`).join(', '));

// 2. CLV: weekly BTYD summary, BG/NBD and Gamma-Gamma fits, 12-month CLV at 10 % a year.
const btyd = btydSummary(table, { asOf: '2010-12-09', unit: 'week' });
const bg = bgNbd.fit(btyd);
const gg = gammaGamma.fit(btyd.filter((r) => r.frequency > 0));
const clv = customerLifetimeValue({
  transactionModel: { model: 'bgNbd', params: bg.params, unit: 'week' },
  spendModel: { params: gg.params },
  customers: btyd,
  horizon: { value: 12, unit: 'month' },
  discountRate: { rate: 0.1, per: 'year' },
});
const pAlive = bgNbd.probabilityAlive(bg.params, btyd);
console.log(`BG/NBD r=${bg.params.r.toFixed(3)} alpha=${bg.params.alpha.toFixed(2)} a=${bg.params.a.toFixed(3)} b=${bg.params.b.toFixed(2)} (converged: ${bg.converged})`);
console.log(`12-month CLV of the base: ${Math.round(clv.total).toLocaleString('en-US')}`);

// 3. Lifecycle stages, using P(alive) from the BG/NBD fit.
const stages = classify(table, { asOf, probabilityAlive: new Map(btyd.map((r, i) => [r.customerId, pAlive[i] as number])) });
console.log('Lifecycle:', stages.distribution.map((d) => `${d.stage} ${d.count}`).join(', '));

// 4. Churn tree: no purchase in the last 90 days, features from before.
const churnRows = churnDataset(table, { cutoff: '2010-09-11', horizon: { value: 90, unit: 'day' } });
const split = trainTestSplit(churnRows, { testFraction: 0.3, stratify: 'churned', seed: 42 });
const features = ['recency', 'frequency', 'monetary', 'tenure', 'recentSpend', 'previousSpend', 'spendTrend', 'meanGap', 'recencyToGap'];
const tree = fitTree(split.train, { target: 'churned', features, maxDepth: 4, minSamplesLeaf: 25 });
const yes = tree.classes.indexOf(true);
const ev = evaluate(split.test.map((r) => r.churned), predictProba(tree, split.test).map((p) => p[yes] as number), { positive: true });
console.log(`Churn tree test AUC: ${ev.rocAuc?.toFixed(3)}`);

// 5. Association rules on the Groceries baskets (the invoices have no items).
const rules = associationRules(loadGroceries(), { minSupport: 0.01, minConfidence: 0.3 });
const best = topRules(rules, { by: 'lift', k: 3 });
console.log(`Groceries: ${rules.length} rules; best: {${best[0]?.antecedent.join(', ')}} => {${best[0]?.consequent.join(', ')}} lift ${best[0]?.lift.toFixed(2)}`);

// 6. Charts: each builder takes the model's own output as it is → SVG files and one HTML page.
const values = summaries.map((s) => Math.max(0, s.monetary));
const specs = {
  segments: charts.segmentSizesChart(segments),
  rfmHeatmap: charts.rfmHeatmapChart(scores, summaries),
  valueMatrix: charts.valueMatrixChart(valueMatrix(summaries)),
  lorenz: charts.lorenzChart(lorenzCurve(values), { gini: gini(values) }),
  periodTransactions: charts.periodTransactionsChart(periodTransactions(bgNbd, bg.params, btyd)),
  aliveMatrix: charts.probabilityAliveMatrixChart(probabilityAliveMatrix(bgNbd, bg.params, btyd), { unitLabel: 'weeks' }),
  lifecycle: charts.lifecycleStagesChart(stages),
  rules: charts.rulesScatterChart(rules),
  importance: charts.featureImportanceChart(featureImportance(tree)),
  roc: charts.rocChart(ev),
  gains: charts.gainsChart(ev),
};
const dir = mkdtempSync(join(tmpdir(), 'crm-pipeline-'));
for (const [name, spec] of Object.entries(specs)) writeFileSync(join(dir, `${name}.svg`), await charts.toSvg(spec));
writeFileSync(join(dir, 'pipeline.html'), await charts.toHtml(Object.values(specs), { title: 'crm-analytics pipeline example' }));
console.log(`Wrote ${Object.keys(specs).length} SVG charts and pipeline.html to ${dir}`);
