import { describe, expect, it } from 'vitest';
import { applyTree, churnDataset, churnFeatures, featureImportance, fitTree, formatTree, loadTree, predict, predictProba, prune, treeRules, type DecisionTree } from '../../src/churn/index.js';
import { thrown } from '../crm-error.js';

const rows = [
  { customerId: 'c1', tenure: 1, plan: 'monthly', spend: 10, churn: 'yes' },
  { customerId: 'c2', tenure: 2, plan: 'monthly', spend: 12, churn: 'yes' },
  { customerId: 'c3', tenure: 3, plan: 'monthly', spend: null, churn: 'yes' },
  { customerId: 'c4', tenure: 30, plan: 'yearly', spend: 50, churn: 'no' },
  { customerId: 'c5', tenure: 40, plan: 'monthly', spend: 60, churn: 'no' },
  { customerId: 'c6', tenure: 50, plan: 'two-year', spend: 70, churn: 'no' },
];
const clone = (t: DecisionTree): DecisionTree => JSON.parse(JSON.stringify(t)) as DecisionTree;

describe('saved trees: envelope and round trip (issue 16)', () => {
  const tree = fitTree(rows, { target: 'churn' });
  it('is a { kind: "tree", version, fittedOn } envelope', () => {
    expect(tree.kind).toBe('tree');
    expect(tree.version).toBe(1);
    expect(tree.fittedOn).toEqual({ n: 6, features: 3, weightedN: 6 });
  });
  it('loadTree(JSON text) gives the same tree and the same predictions', () => {
    const loaded = loadTree(JSON.stringify(tree));
    expect(loaded).toEqual(tree);
    expect(predictProba(loaded, rows)).toEqual(predictProba(tree, rows));
    expect(formatTree(loaded)).toBe(formatTree(tree));
  });
  it('a future version, another kind, or non-JSON is INVALID_MODEL', () => {
    const future = thrown(() => loadTree({ ...clone(tree), version: 99 }));
    expect(future.code).toBe('INVALID_MODEL');
    expect(future.path).toEqual(['tree', 'version']);
    expect(future.message).toMatch(/newer/);
    expect(thrown(() => predict({ ...clone(tree), version: 2 as 1 }, rows)).code).toBe('INVALID_MODEL');
    expect(thrown(() => loadTree({ ...clone(tree), kind: 'bg-nbd' })).path).toEqual(['tree', 'kind']);
    expect(thrown(() => loadTree('{"kind": "tree"')).code).toBe('INVALID_MODEL');
  });
  it('a 0.1 tree (kind "crm-analytics/churn/tree") loads as a version-1 tree', () => {
    const { kind: _k, fittedOn: _f, ...rest } = clone(tree);
    const old = { ...rest, kind: 'crm-analytics/churn/tree', version: 1 };
    const loaded = loadTree(old);
    expect(loaded.kind).toBe('tree');
    expect(loaded.fittedOn.n).toBe(6);
    expect(predictProba(loaded, rows)).toEqual(predictProba(tree, rows));
  });
});

describe('saved trees: structural checks before use (issue 22)', () => {
  const tree = fitTree(rows, { target: 'churn', features: ['tenure', 'spend'] });
  const internal = tree.nodes.findIndex((n) => n.split !== null);
  it('a child pointing to its own node is refused (it used to loop forever)', () => {
    const t = clone(tree);
    (t.nodes[internal] as { left: number }).left = internal;
    const e = thrown(() => predict(t, rows));
    expect(e.code).toBe('INVALID_MODEL');
    expect(e.path).toEqual(['tree', 'nodes', internal, 'left']);
  });
  it('a child pointing back to an ancestor or out of range is refused', () => {
    const leafParent = Math.max(...tree.nodes.filter((n) => n.split !== null).map((n) => n.id));
    const back = clone(tree);
    (back.nodes[leafParent] as { right: number }).right = 0;
    expect(thrown(() => predictProba(back, rows)).path).toEqual(['tree', 'nodes', leafParent, 'right']);
    const out = clone(tree);
    (out.nodes[0] as { right: number }).right = 1e9;
    expect(thrown(() => applyTree(out, rows)).path).toEqual(['tree', 'nodes', 0, 'right']);
  });
  it('a tree without options is a CrmError, not a TypeError', () => {
    const { options: _o, ...noOptions } = clone(tree);
    const e = thrown(() => predict(noOptions as unknown as DecisionTree, rows));
    expect(e.code).toBe('INVALID_MODEL');
    expect(e.path).toEqual(['tree', 'options']);
  });
  it('non-finite thresholds and values are refused by every function that takes a tree', () => {
    const t = clone(tree);
    (t.nodes[internal]!.split as { threshold: unknown }).threshold = 'NaN';
    const v = clone(tree);
    (v.nodes[1] as { value: number[] }).value = [1e308, 1e308];
    for (const fn of [(x: DecisionTree) => predict(x, rows), featureImportance, (x: DecisionTree) => treeRules(x), (x: DecisionTree) => formatTree(x), (x: DecisionTree) => prune(x, 0.1)]) {
      expect(thrown(() => fn(t)).path).toEqual(['tree', 'nodes', internal, 'split', 'threshold']);
      expect(thrown(() => fn(v)).path).toEqual(['tree', 'nodes', 1, 'value']);
    }
  });
});

describe('weights that overflow (issue 22)', () => {
  it('class weights of 1e308 are NUMERIC_DOMAIN, not predictProba [NaN, NaN]', () => {
    const e = thrown(() => fitTree(rows, { target: 'churn', classWeight: { yes: 1e308, no: 1e308 } }));
    expect(e.code).toBe('NUMERIC_DOMAIN');
    expect(e.path).toEqual(['options', 'classWeight']);
  });
  it('sample weights of 1e308 (or tiny ones that underflow when squared) are NUMERIC_DOMAIN', () => {
    expect(thrown(() => fitTree(rows, { target: 'churn', sampleWeight: rows.map(() => 1e308) })).path).toEqual(['options', 'sampleWeight']);
    expect(thrown(() => fitTree(rows, { target: 'churn', sampleWeight: rows.map(() => 1e-200) })).code).toBe('NUMERIC_DOMAIN');
  });
  it('weights at the documented bounds still fit a finite tree', () => {
    const tree = fitTree(rows, { target: 'churn', sampleWeight: rows.map(() => 1e99) });
    for (const p of predictProba(tree, rows)) expect(p.every(Number.isFinite)).toBe(true);
    const scaled = fitTree(rows, { target: 'churn', sampleWeight: rows.map(() => 1) });
    expect(predictProba(tree, rows)).toEqual(predictProba(scaled, rows));
  });
});

describe('churn ergonomics (issue 20)', () => {
  it('identifier columns are not default features; exclude drops more; an explicit list may use them', () => {
    const tree = fitTree(rows, { target: 'churn' });
    expect(tree.features.map((f) => f.name)).toEqual(['tenure', 'plan', 'spend']);
    const other = rows.map(({ customerId, ...r }) => ({ customer_id: customerId, ID: customerId, ...r }));
    expect(fitTree(other, { target: 'churn' }).features.map((f) => f.name)).toEqual(['tenure', 'plan', 'spend']);
    expect(fitTree(rows, { target: 'churn', exclude: ['plan'] }).features.map((f) => f.name)).toEqual(['tenure', 'spend']);
    expect(fitTree(rows, { target: 'churn', features: ['customerId'] }).features.map((f) => f.name)).toEqual(['customerId']);
    const columns = { columns: { customerId: rows.map((r) => r.customerId), tenure: rows.map((r) => r.tenure), churn: rows.map((r) => r.churn) } };
    expect(fitTree(columns, { target: 'churn' }).features.map((f) => f.name)).toEqual(['tenure']);
  });
  it('predictProba with { positive } gives one number per row, equal to that class column', () => {
    const tree = fitTree(rows, { target: 'churn', maxDepth: 1 });
    const full = predictProba(tree, rows);
    const yes = tree.classes.indexOf('yes');
    expect(predictProba(tree, rows, { positive: 'yes' })).toEqual(full.map((p) => p[yes]));
    expect(thrown(() => predictProba(tree, rows, { positive: 'Yes' })).path).toEqual(['options', 'positive']);
  });
  it('options are read by the one reader: a typo is an error with a did-you-mean', () => {
    const tree = fitTree(rows, { target: 'churn' });
    const typo = thrown(() => fitTree(rows, { target: 'churn', maxDeph: 3 } as never));
    expect(typo.code).toBe('INVALID_OPTION');
    expect(typo.message).toMatch(/did you mean "maxDepth"/);
    expect(thrown(() => predictProba(tree, rows, { postive: 'yes' } as never)).message).toMatch(/positive/);
    expect(thrown(() => treeRules(tree, { sort: 'support' } as never)).path).toEqual(['options', 'sort']);
    expect(thrown(() => formatTree(tree, { decimal: 2 } as never)).path).toEqual(['options', 'decimal']);
    expect(thrown(() => churnDataset([], { cutoff: '2024-01-01', horizn: { value: 9, unit: 'day' } } as never)).message).toMatch(/horizon/);
  });

  const tx = [
    { customerId: 'a', date: '2024-01-01', amount: 10 },
    { customerId: 'a', date: '2024-03-01', amount: 7 }, // on the cutoff day: a feature (recency 0)
    { customerId: 'b', date: '2024-02-01', amount: 20 },
    { customerId: 'b', date: '2024-03-31', amount: 5 }, // cutoff + 30 days: inside the label window
    { customerId: 'c', date: '2024-02-15', amount: 30 },
    { customerId: 'c', date: '2024-04-01', amount: 5 }, // cutoff + 31 days: outside it
  ];
  const horizon = { value: 30, unit: 'day' } as const;
  it('the cutoff is inclusive (glossary): features up to it, label in (cutoff, cutoff + horizon]', () => {
    const ds = churnDataset(tx, { cutoff: '2024-03-01', horizon });
    expect(ds.map((r) => [r.customerId, r.recency, r.monetary, r.churned])).toEqual([
      ['a', 0, 17, true],
      ['b', 29, 20, false],
      ['c', 15, 30, true],
    ]);
  });
  it('horizon is a duration; a bare number says how to migrate', () => {
    const months = churnDataset(tx, { cutoff: '2024-03-01', horizon: { value: 1, unit: 'month' } }); // 30.4375 days
    expect(months.find((r) => r.customerId === 'c')?.churned).toBe(true);
    const e = thrown(() => churnDataset(tx, { cutoff: '2024-03-01', horizon: 30 as never }));
    expect(e.path).toEqual(['options', 'horizon']);
    expect(e.message).toMatch(/\{ value: 30, unit: 'day' \}/);
  });
  it('churnFeatures builds the same features as churnDataset at asOf, without the label', () => {
    const upTo = tx.filter((t) => t.date <= '2024-03-01');
    const features = churnFeatures(upTo, { asOf: '2024-03-01', horizon });
    const strip = ({ churned: _c, ...r }: ReturnType<typeof churnDataset>[number]) => r;
    expect(features).toEqual(churnDataset(tx, { cutoff: '2024-03-01', horizon }).map(strip));
    expect(features.every((r) => !('churned' in r))).toBe(true);
  });
  it('churnFeatures refuses rows after asOf unless afterAsOf: "exclude"', () => {
    const e = thrown(() => churnFeatures(tx, { asOf: '2024-03-01', horizon }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/afterAsOf: 'exclude'/);
    const excluded = churnFeatures(tx, { asOf: '2024-03-01', horizon, afterAsOf: 'exclude' });
    expect(excluded).toEqual(churnFeatures(tx.filter((t) => t.date <= '2024-03-01'), { asOf: '2024-03-01', horizon }));
  });
  it('a tree fitted on churnDataset scores churnFeatures rows', () => {
    const tree = fitTree(churnDataset(tx, { cutoff: '2024-03-01', horizon }), { target: 'churned' });
    expect(tree.features.map((f) => f.name)).not.toContain('customerId');
    const p = predictProba(tree, churnFeatures(tx, { asOf: '2024-04-01', horizon }), { positive: true });
    expect(p).toHaveLength(3);
    expect(p.every((v) => v >= 0 && v <= 1)).toBe(true);
  });
});
