import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { churnDataset, evaluate, featureImportance, fitTree, formatTree, predict, predictProba, prune, treeRules, trainTestSplit, crossValidate } from 'crm-analytics/churn';
import { createRandom } from 'crm-analytics/core';
import { AS_OF_AFTER_ALL, arbId, arbTransaction, deepFreeze, expectCleanResult, expectCrmError, params, prototypeKeys, RUNS, SEED } from './helpers.js';

// Rows with a numeric feature (sometimes missing), a hostile categorical feature and a two-class label.
const arbRow = fc.record({
  x: fc.oneof(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.constant(null)),
  y: fc.integer({ min: 0, max: 5 }),
  cat: fc.constantFrom('__proto__', 'constructor', 'toString', 'a', 'b'),
  churn: fc.constantFrom('yes', 'no'),
});
const arbRows = fc.array(arbRow, { minLength: 2, maxLength: 40 }).filter((rows) => new Set(rows.map((r) => r.churn)).size === 2);

describe('churn under generated input (issue 11)', () => {
  it('fitTree → predictProba/predict/importance/rules/format/prune: finite, rows sum to 1, JSON-clean, inputs untouched', () => {
    const before = prototypeKeys();
    fc.assert(
      fc.property(arbRows, fc.integer({ min: 1, max: 6 }), fc.constantFrom('gini', 'entropy') as fc.Arbitrary<'gini' | 'entropy'>, (rows, maxDepth, criterion) => {
        const frozen = deepFreeze(rows.map((r) => ({ ...r })));
        const tree = fitTree(frozen, { target: 'churn', categorical: ['cat'], maxDepth, criterion });
        expectCleanResult(tree);
        const proba = predictProba(tree, frozen);
        for (const p of proba) {
          expect(p.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)).toBe(true);
          expect(Math.abs(p.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
        }
        expect(predict(tree, frozen).every((l) => l === 'yes' || l === 'no')).toBe(true);
        expectCleanResult(featureImportance(tree));
        expectCleanResult(treeRules(tree));
        expect(typeof formatTree(tree)).toBe('string');
        expectCleanResult(prune(tree, 0.01));
      }),
      { numRuns: Math.max(100, Math.floor(RUNS / 5)), seed: SEED },
    );
    expect(prototypeKeys()).toEqual(before);
  });

  it('evaluate: AUC in [0, 1], metrics finite, for any scores with both classes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 2, maxLength: 60 }).filter((a) => a.some(([y]) => y) && a.some(([y]) => !y)), (pairs) => {
        const e = evaluate(deepFreeze(pairs.map(([y]) => y)), Float64Array.from(pairs.map(([, s]) => s)), { positive: true });
        expect(e.rocAuc).not.toBeNull();
        expect(e.rocAuc!).toBeGreaterThanOrEqual(0);
        expect(e.rocAuc!).toBeLessThanOrEqual(1);
        expect(Number.isFinite(e.accuracy)).toBe(true);
      }),
      params,
    );
  });

  it('trainTestSplit and crossValidate are bit-identical for a seed', () => {
    fc.assert(
      fc.property(arbRows, fc.integer(), (rows, seed) => {
        const a = trainTestSplit(rows, { testFraction: 0.3, seed });
        expect(trainTestSplit(rows, { testFraction: 0.3, seed })).toEqual(a);
        expect(a.train.length + a.test.length).toBe(rows.length);
      }),
      params,
    );
    const rng = createRandom(SEED);
    const rows = Array.from({ length: 30 }, (_, i) => ({ x: rng.normal(), cat: ['__proto__', 'a', 'b'][i % 3]!, churn: i % 2 === 0 ? 'yes' : 'no' }));
    const cv = (s: number) => crossValidate(rows, { target: 'churn', maxDepth: 3 }, { folds: 3, seed: s });
    expect(cv(7)).toEqual(cv(7));
  });

  it('churnDataset on hostile transactions: one row per customer known at the cutoff, no NaN', () => {
    fc.assert(
      fc.property(fc.array(arbTransaction, { maxLength: 25 }), (tx) => {
        const ds = churnDataset(deepFreeze(tx.map((t) => ({ ...t }))), { cutoff: '2100-01-01', horizon: 90 });
        expectCleanResult(ds);
        expect(ds.length).toBeLessThanOrEqual(new Set(tx.map((t) => t.customerId)).size);
      }),
      { numRuns: Math.max(100, Math.floor(RUNS / 5)), seed: SEED },
    );
    expect(AS_OF_AFTER_ALL).toBeTypeOf('string');
    expect(arbId).toBeDefined();
  });

  it('bad input throws CrmError with the row and field', () => {
    const rows = [
      { x: 1, churn: 'yes' },
      { x: 2, churn: 'no' },
    ];
    expect(expectCrmError(() => fitTree([{ x: 1, churn: 'yes' }, { x: 2, churn: 'yes' }], { target: 'churn' })).path.join('.')).toContain('churn');
    expect(expectCrmError(() => fitTree(rows, { target: 'churn', maxDepth: 0 })).path.join('.')).toContain('maxDepth');
    expect(expectCrmError(() => fitTree([...rows, { x: 'abc', churn: 'no' }], { target: 'churn' })).path).toEqual([2, 'x']);
    expect(expectCrmError(() => fitTree([...rows, { x: Number.NaN, churn: 'no' }], { target: 'churn', missing: 'error' })).path).toEqual([2, 'x']);
    expect(expectCrmError(() => fitTree([], { target: 'churn' })).code).toBe('INVALID_INPUT');
  });
});
