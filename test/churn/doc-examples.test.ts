import { describe, expect, it } from 'vitest';
import { churnDataset, churnFeatures, fitTree, loadTree, predictProba } from '../../src/churn/index.js';
import { thrown } from '../crm-error.js';

// The @example blocks of the churn functions changed for issues 16, 20 and 22, run as written.
describe('churn JSDoc examples', () => {
  const transactions = [
    { customerId: 'a', date: '2010-06-01', amount: 20 },
    { customerId: 'a', date: '2010-10-01', amount: 35 },
    { customerId: 'b', date: '2010-03-15', amount: 80 },
    { customerId: 'b', date: '2010-12-31', amount: 5 },
  ];
  it('churnDataset', () => {
    const rows = churnDataset(transactions, { cutoff: '2010-09-01', horizon: { value: 90, unit: 'day' } });
    expect(rows.map((r) => [r.customerId, r.recency, r.churned])).toEqual([
      ['a', 92, false],
      ['b', 170, true],
    ]);
  });
  it('churnFeatures', () => {
    const horizon = { value: 90, unit: 'day' } as const;
    const train = churnDataset(transactions, { cutoff: '2010-09-01', horizon });
    const tree = fitTree(train, { target: 'churned', features: ['recency', 'frequency'] });
    const today = churnFeatures(transactions, { asOf: '2010-12-31', horizon });
    expect(today.map((r) => r.recency)).toEqual([91, 0]);
    expect(predictProba(tree, today, { positive: true })).toHaveLength(2);
  });
  it('predictProba', () => {
    const rows = [
      { tenure: 1, plan: 'monthly', churn: 'yes' },
      { tenure: 3, plan: 'monthly', churn: 'yes' },
      { tenure: 24, plan: 'yearly', churn: 'no' },
      { tenure: 36, plan: 'monthly', churn: 'no' },
    ];
    const tree = fitTree(rows, { target: 'churn', maxDepth: 4 });
    expect(predictProba(tree, rows)).toEqual([[0, 1], [0, 1], [1, 0], [1, 0]]);
    expect(predictProba(tree, rows, { positive: 'yes' })).toEqual([1, 1, 0, 0]);
  });
  it('loadTree', () => {
    const rows = [
      { tenure: 1, churn: 'yes' },
      { tenure: 2, churn: 'yes' },
      { tenure: 30, churn: 'no' },
      { tenure: 40, churn: 'no' },
    ];
    const saved = JSON.stringify(fitTree(rows, { target: 'churn' }));
    const tree = loadTree(saved);
    expect(predictProba(tree, [{ tenure: 3 }], { positive: 'yes' })).toEqual([1]);
    expect(thrown(() => loadTree({ ...tree, version: 99 })).message).toMatch(/newer crm-analytics/);
  });
});
