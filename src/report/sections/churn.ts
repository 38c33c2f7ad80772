import { featureImportanceChart, gainsChart, rocChart } from '../../charts/index.js';
import { churnDataset, churnFeatures, evaluate, featureImportance, fitTree, predictProba, trainTestSplit, treeRules, type ChurnFeatureRow } from '../../churn/index.js';
import { dayToIsoDate, invalidInput } from '../../core/index.js';
import type { Cell, ReportSection } from '../../report/index.js';
import type { RunContext } from '../context.js';

/** Churn setup used by the report (documented in docs/cli.md). */
export const CHURN_SETTINGS = { horizonDays: 90, testFraction: 0.3, seed: 42, maxDepth: 4, minSamplesLeaf: 25 } as const;

/** The numeric features of `churnDataset(..., { features: 'rfm+trend' })` used by the tree (customerId and the label excluded). */
const FEATURES = ['recency', 'frequency', 'monetary', 'tenure', 'avgOrderValue', 'recentSpend', 'previousSpend', 'spendTrend', 'recentOrders', 'previousOrders', 'purchaseDays', 'meanGap', 'sdGap', 'maxGap', 'recencyToGap', 'returns', 'returnedAmount'] as const;

/**
 * Churn section: label = no purchase in the last 90 days of the data, features from the
 * transactions before that window (no leakage; Neslin et al. 2006), a depth-4 CART fitted on a
 * stratified 70 % split and evaluated on the other 30 % (ROC AUC, gains by decile), the leaf
 * rules that predict churn, and each customer's churn risk today (the same tree applied to
 * features computed at the as-of date).
 */
export function churnSection(ctx: RunContext): ReportSection {
  const h = CHURN_SETTINGS.horizonDays;
  const cutoffDay = ctx.asOfDay - h;
  const cutoff = dayToIsoDate(cutoffDay);
  const rows = churnDataset(ctx.orders, { cutoff, horizon: { value: h, unit: 'day' }, features: 'rfm+trend' });
  const churned = rows.filter((r) => r.churned).length;
  if (rows.length < 100 || churned < 10 || rows.length - churned < 10) {
    invalidInput(['churn', 'rows'], `too few customers to fit and test a churn tree (${rows.length} customers before ${cutoff}, ${churned} churned; need 100 customers and 10 of each class)`);
  }
  const split = trainTestSplit(rows, { testFraction: CHURN_SETTINGS.testFraction, stratify: 'churned', seed: CHURN_SETTINGS.seed });
  const tree = fitTree(split.train, { target: 'churned', features: [...FEATURES], maxDepth: CHURN_SETTINGS.maxDepth, minSamplesLeaf: CHURN_SETTINGS.minSamplesLeaf });
  const positive = tree.classes.indexOf(true);
  if (positive < 0) invalidInput(['churn', 'train'], 'the training split has no churned customer');
  const testScores = predictProba(tree, split.test).map((p) => p[positive]!);
  const ev = evaluate(split.test.map((r) => r.churned), testScores, { positive: true });
  const rules = treeRules(tree, { predicts: true, sortBy: 'confidence' });
  const importance = featureImportance(tree);

  // Risk today: the same tree on features computed at the as-of date (the label there is unknown: censored).
  const now = churnFeatures(ctx.orders, { asOf: ctx.asOf, horizon: { value: h, unit: 'day' }, features: 'rfm+trend', afterAsOf: 'exclude' });
  const riskNow = predictProba(tree, now).map((p) => p[positive]!);
  const col: Cell[] = new Array<Cell>(ctx.customers.length).fill(null);
  now.forEach((r: ChurnFeatureRow, k) => {
    const i = ctx.customerIndex.get(r.customerId);
    if (i !== undefined) col[i] = riskNow[k]!;
  });
  ctx.addCustomerColumn('Churn risk (tree)', col);
  // Today's list, ranked by value at risk: churn risk × the customer's revenue.
  const atRisk = now
    .map((r: ChurnFeatureRow, k) => {
      const i = ctx.customerIndex.get(r.customerId);
      const revenue = i === undefined ? 0 : (ctx.customers[i]?.revenue ?? 0);
      return { id: r.customerId, risk: riskNow[k]!, revenue, value: (riskNow[k]!) * revenue };
    })
    .filter((x) => x.risk >= 0.5)
    .sort((a, b) => b.value - a.value || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, 50);

  return {
    id: 'churn',
    title: 'Churn tree',
    paragraphs: [
      `A customer counts as churned when they bought before ${cutoff} but not in the ${h} days after ${cutoff} up to the as-of date; features use only the transactions up to ${cutoff} (inclusive). ${rows.length.toLocaleString('en-US')} customers, ${churned.toLocaleString('en-US')} churned (${((100 * churned) / rows.length).toFixed(1)}%).`,
      `CART (gini, depth ≤ ${CHURN_SETTINGS.maxDepth}, ≥ ${CHURN_SETTINGS.minSamplesLeaf} customers per leaf) fitted on a stratified ${Math.round((1 - CHURN_SETTINGS.testFraction) * 100)}% split (seed ${CHURN_SETTINGS.seed}) and evaluated on the other ${Math.round(CHURN_SETTINGS.testFraction * 100)}% (${ev.n} customers): ROC AUC ${ev.rocAuc === null ? 'undefined' : ev.rocAuc.toFixed(3)}, accuracy ${ev.accuracy.toFixed(3)}, precision ${ev.precision.toFixed(3)}, recall ${ev.recall.toFixed(3)} at threshold 0.5.`,
    ],
    charts: [
      ...(importance.some((f) => f.importance > 0) ? [featureImportanceChart(importance, { title: 'Churn tree: feature importance (mean decrease in gini)' })] : []),
      rocChart(ev, { title: 'Churn tree: ROC on the test split' }),
      gainsChart(ev, { title: 'Churn tree: cumulative gains on the test split' }),
    ],
    tables: [
      {
        id: 'churn-rules',
        caption: 'Leaf rules predicting churn (highest confidence first)',
        columns: ['Rule', 'Confidence', 'Customers in leaf', 'Share of training'],
        rows: rules.map((r) => [r.text, r.confidence, r.support, r.supportFraction]),
        digits: 3,
      },
      {
        id: 'churn-evaluation',
        caption: 'Test-split evaluation',
        columns: ['Measure', 'Value'],
        rows: [
          ['Customers', ev.n],
          ['Churned', ev.positives],
          ['ROC AUC', ev.rocAuc],
          ['Accuracy', ev.accuracy],
          ['Precision', ev.precision],
          ['Recall', ev.recall],
          ['F1', ev.f1],
          ['Brier score', ev.brier],
          ['True positives / false positives', `${ev.confusion.tp} / ${ev.confusion.fp}`],
          ['True negatives / false negatives', `${ev.confusion.tn} / ${ev.confusion.fn}`],
        ],
        digits: 3,
      },
      {
        id: 'churn-at-risk',
        caption: 'Customers likely to churn (risk ≥ 0.5), by value at risk = risk × revenue (first 50)',
        columns: ['Customer', 'Value at risk', 'Churn risk', 'Revenue'],
        rows: atRisk.map((x) => [x.id, x.value, x.risk, x.revenue]),
        csv: true,
      },
      {
        id: 'churn-deciles',
        caption: 'Lift by decile of predicted risk',
        columns: ['Decile', 'Customers', 'Churned', 'Churn rate', 'Lift', 'Cumulative gain'],
        rows: ev.deciles.map((d) => [d.decile, d.count, d.positives, d.responseRate, d.lift, d.gain]),
        digits: 3,
      },
    ],
  };
}
