import { describe, expect, it } from 'vitest';
import {
  applyTree,
  churnDataset,
  crossValidate,
  evaluate,
  expectedLoss,
  featureImportance,
  fitTree,
  formatTree,
  predict,
  predictProba,
  trainTestSplit,
  treeRules,
} from '../../src/churn/index.js';
import { loadTelco, readFixture } from './helpers.js';
import { thrown as crmError } from '../crm-error.js';


const toy = [
  { tenure: 1, plan: 'monthly', spend: 10, churn: 'yes' },
  { tenure: 2, plan: 'monthly', spend: 12, churn: 'yes' },
  { tenure: 3, plan: 'monthly', spend: null, churn: 'yes' },
  { tenure: 30, plan: 'yearly', spend: 50, churn: 'no' },
  { tenure: 40, plan: 'monthly', spend: 60, churn: 'no' },
  { tenure: 50, plan: 'two-year', spend: 70, churn: 'no' },
];

describe('fitTree bad input (issue 8)', () => {
  it('target with one class', () => {
    const e = crmError(() => fitTree(toy.map((r) => ({ ...r, churn: 'no' })), { target: 'churn' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.path).toEqual(['rows', 'churn']);
  });
  it('feature missing from a row: row index and field', () => {
    const rows = toy.map((r, i) => (i === 3 ? { plan: r.plan, spend: r.spend, churn: r.churn } : r));
    const e = crmError(() => fitTree(rows, { target: 'churn', features: ['tenure', 'plan'] }));
    expect(e.path).toEqual([3, 'tenure']);
  });
  it('non-numeric value in a numeric feature', () => {
    const rows = toy.map((r, i) => (i === 2 ? { ...r, tenure: '3' as unknown as number } : r));
    const e = crmError(() => fitTree(rows, { target: 'churn' }));
    expect(e.path).toEqual([2, 'tenure']);
    expect(e.message).toMatch(/non-numeric/);
  });
  it("NaN / null with missing: 'error'", () => {
    expect(crmError(() => fitTree(toy, { target: 'churn', missing: 'error' })).path).toEqual([2, 'spend']);
    const rows = toy.map((r, i) => (i === 4 ? { ...r, tenure: Number.NaN } : r));
    expect(crmError(() => fitTree(rows, { target: 'churn', missing: 'error' })).path).toEqual([4, 'tenure']);
  });
  it('maxDepth < 1 and other bad options', () => {
    for (const [opt, value] of [
      ['maxDepth', 0],
      ['maxDepth', 1.5],
      ['minSamplesSplit', 1],
      ['minSamplesLeaf', 0],
      ['minImpurityDecrease', -1],
      ['ccpAlpha', Number.NaN],
      ['criterion', 'log_loss'],
    ] as const) {
      const e = crmError(() => fitTree(toy, { target: 'churn', [opt]: value } as never));
      expect(e.code).toBe('INVALID_OPTION');
      expect(e.path).toEqual(['options', opt]);
    }
  });
  it('empty training set, missing target, bad weights', () => {
    expect(crmError(() => fitTree([], { target: 'churn' })).path).toEqual(['rows']);
    expect(crmError(() => fitTree(toy.map(({ churn: _c, ...r }, i) => (i === 1 ? r : { ...r, churn: _c })), { target: 'churn' })).path).toEqual([1, 'churn']);
    expect(crmError(() => fitTree(toy, { target: 'churn', sampleWeight: [1, 1, 1] })).path).toEqual(['options', 'sampleWeight']);
    expect(crmError(() => fitTree(toy, { target: 'churn', sampleWeight: [1, 1, -1, 1, 1, 1] })).path).toEqual(['options', 'sampleWeight', 2]);
    expect(crmError(() => fitTree(toy, { target: 'churn', classWeight: { maybe: 2 } })).path).toEqual(['options', 'classWeight', 'maybe']);
  });
  it('prediction rows are validated too', () => {
    const tree = fitTree(toy, { target: 'churn' });
    const e = crmError(() => predict(tree, [{ plan: 'monthly', spend: 1 }]));
    expect(e.path[0]).toBe(0);
    expect(crmError(() => predictProba(tree, [{ tenure: 'x', plan: 'monthly', spend: 1 }])).path).toEqual([0, 'tenure']);
  });
});

describe('fitTree behaviour', () => {
  it('categorical splits natively and counts unseen levels (routed to the majority side)', () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ plan: ['a', 'b', 'c', 'd'][i % 4] as string, churn: i % 4 < 2 ? 'yes' : 'no' }));
    const tree = fitTree(rows, { target: 'churn' });
    expect(tree.features[0]).toEqual({ name: 'plan', type: 'categorical', levels: ['a', 'b', 'c', 'd'] });
    const root = tree.nodes[0]?.split;
    expect(root?.type).toBe('categorical');
    if (root?.type !== 'categorical') throw new Error('categorical');
    expect(new Set([root.left.join(), root.right.join()])).toEqual(new Set(['a,b', 'c,d']));
    expect(tree.nLeaves).toBe(2);
    const applied = applyTree(tree, [{ plan: 'zzz' }, { plan: 'zzz' }, { plan: '__proto__' }, { plan: 'a' }]);
    expect(applied.unseenCategories).toEqual([
      { feature: 'plan', level: '__proto__', rows: 1 },
      { feature: 'plan', level: 'zzz', rows: 2 },
    ]);
    // Equal sides (20/20): unseen go right (the majority rule is n_left > n_right, as scikit-learn's missing rule).
    expect(applied.leaves[0]).toBe(tree.nodes[0]?.right);
  });

  it('missing values go to the learned side', () => {
    // Missing spend means churn: the tree must send missing to the churn side of the spend split.
    const rows = Array.from({ length: 30 }, (_, i) => ({ spend: i < 10 ? null : i, churn: i < 10 || i >= 25 ? 'yes' : 'no' }));
    const tree = fitTree(rows, { target: 'churn', maxDepth: 3 });
    expect(predict(tree, rows)).toEqual(rows.map((r) => r.churn));
    expect(predict(tree, [{ spend: null }, { spend: Number.NaN }])).toEqual(['yes', 'yes']);
    expect(applyTree(tree, [{ spend: null }]).rowsWithMissing).toBe(1);
    const split = tree.nodes[0]?.split;
    expect(split?.type === 'numeric' && split.nMissing).toBe(10);
  });

  it('is plain JSON: a stringify/parse round trip predicts the same', () => {
    const telco = loadTelco().raw.slice(0, 800);
    const tree = fitTree(telco, { target: 'Churn', maxDepth: 4 });
    const back = JSON.parse(JSON.stringify(tree));
    expect(back).toEqual(tree);
    expect(predictProba(back, telco.slice(0, 50))).toEqual(predictProba(tree, telco.slice(0, 50)));
  });

  it('native categorical Telco tree beats or matches one-hot depth 3 on training impurity', () => {
    const { raw, rows } = loadTelco();
    const nat = fitTree(raw.slice(0, 5634), { target: 'Churn', maxDepth: 3 });
    const hot = fitTree(rows.slice(0, 5634), { target: 'Churn', maxDepth: 3 });
    const leafImpurity = (t: typeof nat) => t.nodes.filter((n) => n.split === null).reduce((s, n) => s + n.nSamples * n.impurity, 0);
    // Subset splits contain every one-hot split, so greedy root split is at least as good.
    expect((nat.nodes[0]?.improvement ?? 0) + 1e-12).toBeGreaterThanOrEqual(hot.nodes[0]?.improvement ?? 0);
    expect(leafImpurity(nat)).toBeGreaterThan(0);
  });

  it('integer sample weights equal duplicated rows; class weights scale values', () => {
    const { rows } = loadTelco();
    const base = rows.slice(0, 400);
    const w = base.map((_, i) => 1 + (i % 3));
    const dup = base.flatMap((r, i) => Array.from({ length: w[i] as number }, () => r));
    const features = ['tenure', 'MonthlyCharges', 'Contract_Month-to-month', 'InternetService_Fiber optic'];
    const a = fitTree(base, { target: 'Churn', features, maxDepth: 4, sampleWeight: w });
    const b = fitTree(dup, { target: 'Churn', features, maxDepth: 4 });
    expect(a.nodes.map((n) => n.split)).toEqual(b.nodes.map((n) => n.split));
    a.nodes.forEach((n, i) => expect(n.value).toEqual(b.nodes[i]?.value));
    const bal = fitTree(base, { target: 'Churn', features, maxDepth: 1, classWeight: 'balanced' });
    const root = bal.nodes[0];
    expect(root?.value[0]).toBeCloseTo(root?.value[1] as number, 9); // balanced: equal class weight totals
  });

  it('"__proto__" works as a class label, feature name and level', () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({ __proto__x: 0, ['__proto__']: i < 10 ? '__proto__' : 'b', y: i < 10 ? '__proto__' : 'constructor' }));
    const clean = rows.map((r) => {
      const o: Record<string, unknown> = {};
      Object.defineProperty(o, '__proto__', { value: r['__proto__' as keyof typeof r], enumerable: true, writable: true, configurable: true });
      o.y = r.y;
      return o;
    });
    const tree = fitTree(clean, { target: 'y', features: ['__proto__'] });
    expect(tree.classes).toEqual(['__proto__', 'constructor']);
    expect(predict(tree, clean)).toEqual(clean.map((r) => r.y));
  });

  it('featureImportance sums to 1 and a one-leaf tree has zero importances', () => {
    const tree = fitTree(toy, { target: 'churn' });
    const imp = featureImportance(tree);
    expect(imp.reduce((s, e) => s + e.importance, 0)).toBeCloseTo(1, 12);
    const stump = fitTree(toy, { target: 'churn', minImpurityDecrease: 10 });
    expect(stump.nLeaves).toBe(1);
    expect(featureImportance(stump).every((e) => e.importance === 0)).toBe(true);
  });
});

describe('formatTree and treeRules', () => {
  const fx = readFixture<{ columns: string[]; nTrain: number; exportTextCcp: string }>('telco_sklearn.json');
  const train = loadTelco().rows.slice(0, fx.nTrain);
  const tree = fitTree(train, { target: 'Churn', features: fx.columns, categorical: [], maxDepth: 8, ccpAlpha: 0.0015 });

  it("formatTree prints scikit-learn's export_text layout (thresholds differ only by sklearn's float32 rounding)", () => {
    const ours = formatTree(tree).split('\n');
    const theirs = fx.exportTextCcp.split('\n');
    expect(ours.length).toBe(theirs.length);
    const num = /-?\d+\.\d+$/;
    ours.forEach((line, i) => {
      const ref = theirs[i] as string;
      expect(line.replace(num, '#')).toBe(ref.replace(num, '#'));
      const a = num.exec(line);
      const b = num.exec(ref);
      expect(a === null).toBe(b === null);
      // e.g. 74.125 (float64 midpoint) prints 74.13; sklearn's float32 midpoint 74.12499 prints 74.12.
      if (a !== null && b !== null) expect(Math.abs(Number(a[0]) - Number(b[0]))).toBeLessThanOrEqual(0.0100001);
    });
  });

  it('rules: one per leaf, supports add up, merged intervals', () => {
    const rules = treeRules(tree);
    expect(rules.length).toBe(tree.nLeaves);
    expect(rules.reduce((s, r) => s + r.support, 0)).toBe(fx.nTrain);
    for (const r of rules) {
      // Every training row matching the conditions lands in that leaf.
      const matching = train.filter((row) =>
        r.conditions.every((c) => {
          if (c.type !== 'numeric') throw new Error('numeric only here');
          const v = row[c.feature] as number;
          return (c.lower === null || v > c.lower) && (c.upper === null || v <= c.upper);
        }),
      );
      expect(matching.length).toBe(r.support);
      expect(r.confidence).toBeCloseTo(Math.max(...r.distribution.map((d) => d.probability)), 12);
      expect(new Set(r.conditions.map((c) => c.feature)).size).toBe(r.conditions.length);
    }
    expect(rules[0]?.text).toMatch(/^IF .* THEN Churn = [01] \(confidence 0\.\d\d, support \d+ = [\d.]+ %\)$/);
    const byConf = treeRules(tree, { sortBy: 'confidence', predicts: 1 });
    expect(byConf.every((r) => r.prediction === 1)).toBe(true);
    for (let i = 1; i < byConf.length; i++) expect(byConf[i]!.confidence).toBeLessThanOrEqual(byConf[i - 1]!.confidence);
  });
});

describe('evaluate', () => {
  const fx = readFixture<{
    columns: string[];
    nTrain: number;
    trees: Record<string, { testProba: number[] }>;
    metricsGiniDepth5: { yTest: number[]; tp: number; fp: number; tn: number; fn: number; accuracy: number; precision: number; recall: number; f1: number; auc: number; roc: { fpr: number[]; tpr: number[]; thresholds: Array<number | null> } };
  }>('telco_sklearn.json');

  it('equals scikit-learn metrics and roc_curve on the Telco depth-5 test set', () => {
    const m = fx.metricsGiniDepth5;
    const e = evaluate(m.yTest, fx.trees.gini_depth5!.testProba, { positive: 1 });
    expect(e.confusion).toEqual({ tp: m.tp, fp: m.fp, tn: m.tn, fn: m.fn });
    expect(e.accuracy).toBeCloseTo(m.accuracy, 14);
    expect(e.precision).toBeCloseTo(m.precision, 14);
    expect(e.recall).toBeCloseTo(m.recall, 14);
    expect(e.f1).toBeCloseTo(m.f1, 14);
    expect(e.rocAuc).toBeCloseTo(m.auc, 14);
    // scikit-learn 1.2 puts max(score) + 1 as the first threshold (1.3+: inf); ours is null ("above every score").
    expect(e.roc[0]?.threshold).toBeNull();
    expect(e.roc.slice(1).map((p) => p.threshold)).toEqual(m.roc.thresholds.slice(1));
    e.roc.forEach((p, i) => {
      expect(p.fpr).toBeCloseTo(m.roc.fpr[i] as number, 14);
      expect(p.tpr).toBeCloseTo(m.roc.tpr[i] as number, 14);
    });
  });

  it('AUC handles ties as Mann–Whitney (½ per tied pair); one class gives null', () => {
    expect(evaluate([1, 0, 1, 0], [0.5, 0.5, 0.8, 0.2]).rocAuc).toBe(0.875);
    expect(evaluate([1, 0, 1, 0], [0.5, 0.5, 0.8, 0.2]).auc).toBe(0.875);
    expect(evaluate([true, true], [0.1, 0.2]).rocAuc).toBeNull();
    expect(evaluate(['Yes', 'No', 'Yes', 'No'], [0.9, 0.2, 0.4, 0.6], { positive: 'Yes' }).rocAuc).toBe(0.75);
  });

  it('deciles: tied scores share positives pro rata; gains end at 1', () => {
    const y = Array.from({ length: 25 }, (_, i) => (i % 5 === 0 ? 1 : 0));
    const flat = evaluate(y, new Array(25).fill(0.3));
    expect(flat.deciles.reduce((s, d) => s + d.count, 0)).toBe(25);
    for (const d of flat.deciles) expect(d.lift).toBeCloseTo(1, 12);
    expect(flat.deciles.at(-1)?.gain).toBeCloseTo(1, 12);
    const perfect = evaluate(y, y.map((v, i) => v + i / 1000));
    expect(perfect.deciles[0]?.lift).toBeCloseTo(5, 12); // top 2 rows both positive, base rate 0.2
    expect(perfect.deciles[1]?.gain).toBeCloseTo(1, 12);
  });

  it('bad input', () => {
    expect(crmError(() => evaluate(['a', 'b'], [0.1, 0.2])).path).toEqual(['options', 'positive']);
    expect(crmError(() => evaluate([1, 0], [0.1])).path).toEqual(['scores']);
    expect(crmError(() => evaluate([1, 0], [0.1, Number.NaN])).path).toEqual(['scores', 1]);
    expect(crmError(() => evaluate([], [])).path).toEqual(['yTrue']);
  });
});

describe('trainTestSplit and crossValidate', () => {
  const rows = Array.from({ length: 103 }, (_, i) => ({ x: i, y: i % 4 === 0 ? 'a' : 'b' }));
  it('sizes, disjoint cover, determinism, stratification', () => {
    const s = trainTestSplit(rows, { testFraction: 0.2, seed: 1 });
    expect(s.test.length).toBe(21);
    expect([...s.trainIndices, ...s.testIndices].sort((a, b) => a - b)).toEqual(rows.map((_, i) => i));
    expect(trainTestSplit(rows, { testFraction: 0.2, seed: 1 }).testIndices).toEqual(s.testIndices);
    expect(trainTestSplit(rows, { testFraction: 0.2, seed: 2 }).testIndices).not.toEqual(s.testIndices);
    const st = trainTestSplit(rows, { testFraction: 0.2, stratify: 'y', seed: 1 });
    expect(st.test.filter((r) => r.y === 'a').length).toBe(5); // 26 'a' × 21/103 = 5.3
    expect(crmError(() => trainTestSplit(rows, { testFraction: 1 })).path).toEqual(['options', 'testFraction']);
  });
  it('crossValidate: stratified folds of near-equal size, deterministic', () => {
    const data = loadTelco().raw.slice(0, 1000);
    const cv = crossValidate(data, { target: 'Churn', maxDepth: 3 }, { folds: 4, seed: 3 });
    expect(cv.folds.map((f) => f.testSize)).toEqual([250, 250, 250, 250]);
    expect(cv.mean.rocAuc).toBeGreaterThan(0.6);
    expect(crossValidate(data, { target: 'Churn', maxDepth: 3 }, { folds: 4, seed: 3 })).toEqual(cv);
    expect(crmError(() => crossValidate(data, { target: 'Churn' }, { folds: 1 })).path).toEqual(['cvOptions', 'folds']);
  });
});

describe('expectedLoss', () => {
  it('ranks by P(churn) × residual CLV with cumulative shares', () => {
    const ranked = expectedLoss(
      new Map([
        ['a', 0.8],
        ['b', 0.1],
        ['__proto__', 0.5],
      ]),
      [
        { customerId: 'a', clv: 100 },
        { customerId: 'b', clv: 2000 },
        { customerId: '__proto__', value: 400 },
      ],
    );
    expect(ranked.map((r) => [r.customerId, r.expectedLoss])).toEqual([
      ['__proto__', 200],
      ['b', 200],
      ['a', 80],
    ]);
    expect(ranked.at(-1)?.cumulativeShare).toBe(1);
    expect(ranked[0]?.rank).toBe(1);
  });
  it('unmatched customers and bad probabilities', () => {
    expect(crmError(() => expectedLoss([{ customerId: 'a', probability: 0.2 }], [])).path).toEqual(['residualClv', 'a']);
    expect(expectedLoss([{ customerId: 'a', probability: 0.2 }], [], { unmatched: 'skip' })).toEqual([]);
    expect(crmError(() => expectedLoss([{ customerId: 'a', probability: 1.2 }], [{ customerId: 'a', clv: 1 }])).path).toEqual(['churnProbabilities', 0]);
  });
});

describe('churnDataset', () => {
  const tx = [
    { customerId: 'a', orderId: 'o1', date: '2024-01-01', amount: 10 },
    { customerId: 'a', orderId: 'o2', date: '2024-01-11', amount: 30 },
    { customerId: 'a', orderId: 'o3', date: '2024-02-10', amount: 20 },
    { customerId: 'a', orderId: 'o4', date: '2024-03-05', amount: 5 }, // after cutoff, inside the horizon
    { customerId: 'b', orderId: 'o5', date: '2024-01-20', amount: 50 },
    { customerId: 'b', orderId: 'o6', date: '2024-02-01', amount: -20 }, // a return
    { customerId: 'c', orderId: 'o7', date: '2024-03-02', amount: 99 }, // only after cutoff: no row
    { customerId: 'd', orderId: 'o8', date: '2024-06-30', amount: 1 },
  ];
  it('features up to the cutoff (inclusive), label in the horizon after it', () => {
    const rows = churnDataset(tx, { cutoff: '2024-03-01', horizon: { value: 30, unit: 'day' } });
    expect(rows.map((r) => r.customerId)).toEqual(['a', 'b']);
    const [a, b] = rows;
    expect(a).toMatchObject({ recency: 20, frequency: 3, monetary: 60, tenure: 60, churned: false, meanGap: 20, maxGap: 30, purchaseDays: 3, recentSpend: 20, previousSpend: 30 });
    expect(a?.sdGap).toBeCloseTo(Math.sqrt(200), 12); // gaps 10 and 30: sample sd √200
    // recent = (Jan 31, Mar 1] holds Feb 10; previous = (Jan 1, Jan 31] holds Jan 11 but not Jan 1 (the cutoff is inclusive).
    expect(a?.spendTrend).toBeCloseTo(-0.2, 12);
    expect(b).toMatchObject({ recency: 41, frequency: 1, monetary: 50, churned: true, returns: 1, returnedAmount: 20, meanGap: null, sdGap: null, recencyToGap: null });
  });
  it('no leakage: changing anything after the cutoff changes only the label', () => {
    const base = churnDataset(tx, { cutoff: '2024-03-01', horizon: { value: 30, unit: 'day' } });
    const noFuture = churnDataset(
      tx.filter((t) => t.date < '2024-03-01' || t.customerId === 'd'),
      { cutoff: '2024-03-01', horizon: { value: 30, unit: 'day' } },
    );
    const strip = ({ churned: _c, ...r }: (typeof base)[number]) => r;
    expect(noFuture.map(strip)).toEqual(base.map(strip));
    expect(noFuture.find((r) => r.customerId === 'a')?.churned).toBe(true);
  });
  it('censored label windows (refused on request), empty input and bad options', () => {
    expect(crmError(() => churnDataset(tx, { cutoff: '2024-06-15', horizon: { value: 90, unit: 'day' }, allowCensored: false })).path).toEqual(['options', 'horizon']);
    expect(churnDataset(tx, { cutoff: '2024-06-15', horizon: { value: 90, unit: 'day' } }).length).toBe(3);
    expect(churnDataset([], { cutoff: '2024-06-15' })).toEqual([]);
    expect(churnDataset(tx, { cutoff: '2023-01-01' })).toEqual([]);
    expect(crmError(() => churnDataset(tx, { cutoff: 'soon' })).path).toEqual(['options', 'cutoff']);
    expect(crmError(() => churnDataset(tx, { cutoff: '2024-03-01', horizon: { value: -1, unit: 'day' } })).path).toEqual(['options', 'horizon', 'value']);
    expect(crmError(() => churnDataset([{ customerId: 'a', date: 'x', amount: 1 }], { cutoff: '2024-03-01' })).path).toEqual([0, 'date']);
    expect(Object.keys(churnDataset(tx, { cutoff: '2024-03-01', horizon: { value: 30, unit: 'day' }, features: 'rfm' })[0] ?? {})).toEqual(['customerId', 'recency', 'frequency', 'monetary', 'churned']);
  });
});
