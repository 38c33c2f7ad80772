// Issue 16, item 4 "Outputs compose": for every diagnostic, `charts.xChart(model.x(...))` type-checks
// (this file is part of `npm run typecheck`) and renders with no reshaping. The imports are the
// README's: namespaces from the root.
import { describe, expect, it } from 'vitest';
import { basket, charts, churn, clv, cohort, lifecycle, rfm, survival, type Transaction } from '../../src/all.js';
import { createRandom } from '../../src/core/random.js';

/** 120 customers over two years with a few items each: enough for every model, small enough to be quick. */
function transactions(): Transaction[] {
  const rng = createRandom(16);
  const items = ['milk', 'bread', 'butter', 'jam', 'tea'];
  const out: Transaction[] = [];
  let order = 0;
  for (let c = 0; c < 120; c++) {
    const start = Math.floor(rng.next() * 300);
    const rate = 0.005 + rng.next() * 0.05;
    const life = Math.floor(rng.next() * 700);
    for (let d = start; d < Math.min(730, start + life); d++) {
      if (d !== start && rng.next() > rate) continue;
      order += 1;
      const date = new Date(Date.UTC(2022, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
      const basket = items.filter((item) => rng.next() < (item === 'milk' ? 0.7 : 0.3));
      for (const item of basket.length > 0 ? basket : ['milk']) out.push({ customerId: `c${c}`, date, amount: 5 + Math.round(rng.next() * 50), orderId: `o${order}`, item });
    }
  }
  return out;
}

const tx = transactions();
const asOf = '2023-12-31';
const params = { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 };

const summaries = rfm.summarize(tx, { asOf });
const btyd = clv.btydSummary(tx, { asOf, unit: 'week' });
const split = clv.calibrationHoldoutSplit(tx, { calibrationEnd: '2023-06-30', asOf, unit: 'week' });
const scores = rfm.score(summaries, { bins: 3 });
const churnRows = churn.churnDataset(tx, { cutoff: '2023-09-01', horizon: { value: 90, unit: 'day' } });
const tree = churn.fitTree(churnRows, { target: 'churned', features: ['recency', 'frequency', 'monetary', 'tenure'], maxDepth: 3 });
const yes = tree.classes.indexOf(true);
const evaluation = churn.evaluate(churnRows.map((r) => r.churned), churn.predictProba(tree, churnRows).map((p) => p[yes] ?? 0), { positive: true });
const values = summaries.map((s) => Math.max(0, s.monetary));
const lives = survival.lifetimesFromTransactions(tx, { asOf, inactivityDays: 120 });
const summaryById = new Map(summaries.map((s) => [s.customerId, Math.log1p(Math.max(0, s.monetary))]));

const cases: Array<[string, () => charts.VegaLiteSpec]> = [
  ['periodTransactionsChart(clv.periodTransactions)', () => charts.periodTransactionsChart(clv.periodTransactions(clv.bgNbd, params, btyd))],
  ['calibrationVsHoldoutChart(clv.calibrationVsHoldout)', () => charts.calibrationVsHoldoutChart(clv.calibrationVsHoldout(clv.bgNbd, params, split))],
  ['cumulativeTrackingChart(clv.cumulativeTracking)', () => charts.cumulativeTrackingChart(clv.cumulativeTracking(clv.bgNbd, params, tx, { asOf, unit: 'week' }), { holdoutStart: '2023-06-30' })],
  ['probabilityAliveMatrixChart(clv.probabilityAliveMatrix)', () => charts.probabilityAliveMatrixChart(clv.probabilityAliveMatrix(clv.bgNbd, params, btyd))],
  ['probabilityAliveMatrixChart(clv.probabilityAliveMatrix(paretoNbd))', () => charts.probabilityAliveMatrixChart(clv.probabilityAliveMatrix(clv.paretoNbd, { r: 0.55, alpha: 10.6, s: 0.61, beta: 11.7 }, btyd))],
  ['valueMatrixChart(rfm.valueMatrix)', () => charts.valueMatrixChart(rfm.valueMatrix(summaries))],
  ['lorenzChart(rfm.lorenzCurve)', () => charts.lorenzChart(rfm.lorenzCurve(values), { gini: rfm.gini(values) })],
  ['segmentSizesChart(rfm.segmentSummary)', () => charts.segmentSizesChart(rfm.segmentSummary(rfm.segment(scores), summaries))],
  ['rfmHeatmapChart(rfm.score, summaries)', () => charts.rfmHeatmapChart(scores, summaries)],
  ['rulesScatterChart(basket.associationRules)', () => charts.rulesScatterChart(basket.associationRules(basket.basketsFromTransactions(tx, { by: 'orderId' }).baskets, { minSupport: 0.05, minConfidence: 0.2 }))],
  ['featureImportanceChart(churn.featureImportance)', () => charts.featureImportanceChart(churn.featureImportance(tree))],
  ['rocChart(churn.evaluate)', () => charts.rocChart(evaluation)],
  ['gainsChart(churn.evaluate)', () => charts.gainsChart(evaluation)],
  ['lifecycleStagesChart(lifecycle.classify)', () => charts.lifecycleStagesChart(lifecycle.classify(tx, { asOf }))],
  ['sequencePatternsChart(basket.sequentialPatterns(basket.sequencesFromTransactions))', () => charts.sequencePatternsChart(basket.sequentialPatterns(basket.sequencesFromTransactions(tx).sequences, { minSupport: 0.2, maxLength: 3 }))],
  ['cohortHeatmapChart(cohort.cohortTable)', () => charts.cohortHeatmapChart(cohort.cohortTable(tx, { asOf, period: 'quarter' }))],
  ['retentionCurvesChart(cohort.cohortTable)', () => charts.retentionCurvesChart(cohort.cohortTable(tx, { asOf, period: 'quarter' }))],
  ['kaplanMeierChart(survival.kaplanMeier(survival.lifetimesFromTransactions))', () => charts.kaplanMeierChart(survival.kaplanMeier(lives))],
  ['kaplanMeierChart([{ label, curve }])', () => charts.kaplanMeierChart([{ label: 'one order', curve: survival.kaplanMeier(lives.filter((l) => l.duration === 1)) }, { label: 'repeat', curve: survival.kaplanMeier(lives.filter((l) => l.duration > 1)) }])],
  ['hazardRatioChart(survival.coxPH)', () => charts.hazardRatioChart(survival.coxPH(lives.map((l) => ({ ...l, spend: summaryById.get(l.customerId)! })), { covariates: ['spend'] }))],
];

describe('charts take the models’ outputs as they are', () => {
  it.each(cases)('%s renders to SVG', async (_name, build) => {
    const spec = build();
    expect(spec.$schema).toBe(charts.VEGA_LITE_SCHEMA);
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    const svg = await charts.toSvg(spec);
    const m = /<svg[^>]*width="(\d+(?:\.\d+)?)"[^>]*height="(\d+(?:\.\d+)?)"/.exec(svg);
    expect(Number(m?.[1])).toBeGreaterThan(50);
    expect(Number(m?.[2])).toBeGreaterThan(50);
    expect(svg).toMatch(/<path|<rect|<line/);
  });

  it('toHtml puts every chart on one self-contained page', async () => {
    const specs = cases.slice(0, 3).map(([, build]) => build());
    const html = await charts.toHtml(specs, { title: 'Diagnostics <b>' });
    expect(html.match(/<svg/g)).toHaveLength(3);
    expect(html).toContain('<title>Diagnostics &lt;b&gt;</title>');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script/i);
  });

  it('the 0.1 shapes no longer fit: a reshaped row is a type error and a CrmError', () => {
    // @ts-expect-error -- 0.1's charts.valueMatrix points; the chart now takes rfm.valueMatrix's result
    expect(() => charts.valueMatrixChart([{ frequency: 1, averageValue: 2 }])).toThrow(/rfm.valueMatrix/);
    // @ts-expect-error -- `predicted` was the 0.1 chart's name for clv's `expected`
    expect(() => charts.calibrationVsHoldoutChart([{ frequency: 0, actual: 1, predicted: 1 }])).toThrow(/expected/);
    // @ts-expect-error -- `repeatTransactions` was the 0.1 chart's name for clv's `frequency`
    expect(() => charts.periodTransactionsChart([{ repeatTransactions: 0, actual: 1, expected: 1 }])).toThrow(/frequency/);
  });
});
