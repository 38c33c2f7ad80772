/**
 * Churn example (issue 8): labels and features from the bundled Online Retail II invoices, a CART tree on a seeded
 * stratified split, its evaluation and its rules; then the Telco depth-5 tree's test accuracy and AUC.
 * Run: npx tsx examples/churn.ts
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { churnDataset, evaluate, featureImportance, fitTree, formatTree, predictProba, trainTestSplit, treeRules, crossValidate } from '../src/churn/index.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const csv = (name: string) =>
  gunzipSync(readFileSync(`${root}data/${name}`))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split(','));

// ---- 1. Online Retail II: churn = no purchase in the 90 days after 2010-09-01 ----
const [, ...invoices] = csv('online_retail_II_2009_2010_invoices.csv.gz');
const transactions = invoices.map((r) => ({ customerId: r[0] as string, orderId: r[1] as string, date: r[2] as string, amount: Number(r[3]) }));
const rows = churnDataset(transactions, { cutoff: '2010-09-01', horizon: { value: 90, unit: 'day' } });
const churnRate = rows.filter((r) => r.churned).length / rows.length;
console.log(`customers active up to 2010-09-01 (inclusive): ${rows.length}, churned in the next 90 days: ${(100 * churnRate).toFixed(1)} %`);

const { train, test } = trainTestSplit(rows, { testFraction: 0.3, stratify: 'churned', seed: 42 });
const features = ['recency', 'frequency', 'monetary', 'tenure', 'avgOrderValue', 'recentSpend', 'previousSpend', 'spendTrend', 'recentOrders', 'previousOrders', 'meanGap', 'sdGap', 'maxGap', 'recencyToGap'];
const options = { target: 'churned', features, maxDepth: 4, minSamplesLeaf: 20 } as const;
const tree = fitTree(train, options);
const scores = predictProba(tree, test, { positive: true });
const e = evaluate(test.map((r) => r.churned), scores, { positive: true });
console.log(`train ${train.length} / test ${test.length}; tree: ${tree.nLeaves} leaves, depth ${tree.depth}`);
console.log(`test accuracy ${e.accuracy.toFixed(3)}, precision ${e.precision.toFixed(3)}, recall ${e.recall.toFixed(3)}, F1 ${e.f1.toFixed(3)}, ROC AUC ${(e.rocAuc ?? 0).toFixed(3)}, Brier ${(e.brier ?? 0).toFixed(3)}`);
console.log('confusion', JSON.stringify(e.confusion));
console.log('decile  count  churners  rate   lift  gain');
for (const d of e.deciles) console.log(`${String(d.decile).padStart(6)}  ${String(d.count).padStart(5)}  ${d.positives.toFixed(1).padStart(8)}  ${d.responseRate.toFixed(3)}  ${d.lift.toFixed(2)}  ${d.gain.toFixed(3)}`);
console.log('importance', featureImportance(tree).filter((f) => f.importance > 0).map((f) => `${f.feature} ${f.importance.toFixed(3)}`).join(', '));
const cv = crossValidate(rows, options, { folds: 5, seed: 42 });
console.log(`5-fold CV: accuracy ${cv.mean.accuracy.toFixed(3)} ± ${cv.std.accuracy.toFixed(3)}, AUC ${(cv.mean.rocAuc ?? 0).toFixed(3)} ± ${(cv.std.rocAuc ?? 0).toFixed(3)}`);
console.log('\nRules predicting churn (by confidence):');
for (const r of treeRules(tree, { sortBy: 'confidence', predicts: true })) console.log(`  ${r.text}`);
console.log('\nTree:');
console.log(formatTree(tree, { maxDepth: 1, showCounts: true }));

// ---- 2. Telco: one-hot, first 80 % train / last 20 % test, depth-5 gini tree (the scikit-learn-checked tree) ----
const [header, ...telco] = csv('telco_customer_churn.csv.gz') as [string[], ...string[][]];
const numeric = new Set(['SeniorCitizen', 'tenure', 'MonthlyCharges', 'TotalCharges']);
const cats = header.filter((h) => h !== 'customerID' && h !== 'Churn' && !numeric.has(h));
const levels = new Map(cats.map((c) => [c, [...new Set(telco.map((r) => r[header.indexOf(c)] as string))].sort()]));
const matrix = telco.map((r) => {
  const o: Record<string, number | string> = {};
  header.forEach((h, j) => {
    const v = r[j] as string;
    if (h === 'customerID') return;
    if (h === 'Churn') o.Churn = v;
    else if (numeric.has(h)) o[h] = v.trim() === '' ? 0 : Number(v);
    else for (const l of levels.get(h) as string[]) o[`${h}_${l}`] = v === l ? 1 : 0;
  });
  return o;
});
const nTrain = Math.floor(matrix.length * 0.8);
const telcoTree = fitTree(matrix.slice(0, nTrain), { target: 'Churn', maxDepth: 5 });
const telcoTest = matrix.slice(nTrain);
const telcoEval = evaluate(
  telcoTest.map((r) => r.Churn as string),
  predictProba(telcoTree, telcoTest).map((p) => p[telcoTree.classes.indexOf('Yes')] as number),
  { positive: 'Yes' },
);
console.log(`\nTelco depth-5 gini tree (train ${nTrain}, test ${telcoTest.length}): ${telcoTree.nLeaves} leaves, test accuracy ${telcoEval.accuracy.toFixed(4)}, ROC AUC ${(telcoEval.rocAuc ?? 0).toFixed(4)}`);
