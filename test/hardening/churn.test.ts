import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { churnDataset, churnFeatures, evaluate, featureImportance, fitTree, formatTree, loadTree, predict, predictProba, prune, treeRules, trainTestSplit, crossValidate, type DecisionTree } from 'crm-analytics/churn';
import { createRandom } from 'crm-analytics/core';
import { AS_OF_AFTER_ALL, arbId, arbTransaction, deepFreeze, expectCleanResult, expectCrmError, expectCrmErrorOrValue, params, prototypeKeys, RUNS, SEED } from './helpers.js';

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
        const ds = churnDataset(deepFreeze(tx.map((t) => ({ ...t }))), { cutoff: '2100-01-01', horizon: { value: 90, unit: 'day' } });
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

// Issue 22: tampered saved trees and overflowing weights.
const baseRows = Array.from({ length: 40 }, (_, i) => ({ x: (i * 7919) % 41, z: i % 3 === 0 ? null : (i * 31) % 17, cat: ['a', 'b', 'c'][i % 3]!, churn: (i * 13) % 5 < 2 ? 'yes' : 'no' }));
const baseTree = fitTree(baseRows, { target: 'churn', categorical: ['cat'] });
const hostileValue = fc.oneof(
  fc.integer({ min: -3, max: baseTree.nodes.length + 3 }),
  fc.constantFrom<unknown>(Number.NaN, Infinity, -Infinity, 1e308, -0, null, undefined, 'x', [], {}, true, 2.5),
);
const fields = ['left', 'right', 'parent', 'id', 'value', 'counts', 'split', 'threshold', 'feature', 'featureName', 'missingGoesLeft'] as const;

describe('saved trees are checked before use (issue 22)', () => {
  it('any tampered field: a CrmError INVALID_MODEL, or finite probabilities — never a hang, a TypeError or NaN', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: baseTree.nodes.length - 1 }), fc.constantFrom(...fields), hostileValue, fc.boolean(), (at, field, value, viaJson) => {
        const t = JSON.parse(JSON.stringify(baseTree)) as DecisionTree;
        const node = t.nodes[at] as unknown as Record<string, unknown>;
        const split = node.split as Record<string, unknown> | null;
        if ((field === 'threshold' || field === 'feature' || field === 'featureName' || field === 'missingGoesLeft') && split !== null) split[field] = value;
        else if (field === 'value' || field === 'counts') (node[field] as unknown[])[0] = value;
        else node[field] = value;
        const err = expectCrmErrorOrValue(() => {
          const tree = viaJson ? loadTree(JSON.stringify(t)) : t;
          for (const p of predictProba(tree, baseRows)) expect(p.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)).toBe(true);
          formatTree(tree);
          treeRules(tree);
          featureImportance(tree);
        });
        if (err !== undefined) expect(err.code).toBe('INVALID_MODEL');
      }),
      params,
    );
  });
  it('missing top-level fields are INVALID_MODEL naming the field', () => {
    for (const key of ['kind', 'version', 'options', 'nodes', 'classes', 'features', 'target'] as const) {
      const t = JSON.parse(JSON.stringify(baseTree)) as Record<string, unknown>;
      delete t[key];
      const e = expectCrmError(() => predict(t as unknown as DecisionTree, baseRows));
      expect(e.code).toBe('INVALID_MODEL');
      expect(e.path[1]).toBe(key);
    }
  });
});

describe('weights never turn into NaN probabilities (issue 22)', () => {
  const weight = fc.oneof(fc.constantFrom(0, 1, 1e-320, 1e-200, 1e-100, 1e99, 1e100, 1e154, 1e200, 1e308, Number.MAX_VALUE), fc.double({ min: 0, max: 1e6, noNaN: true }));
  it('sample and class weights: a NUMERIC_DOMAIN / INVALID_OPTION error, or a clean tree with finite probabilities', () => {
    fc.assert(
      fc.property(fc.array(weight, { minLength: 40, maxLength: 40 }), weight, weight, (sw, wYes, wNo) => {
        const err = expectCrmErrorOrValue(() => {
          const tree = fitTree(baseRows, { target: 'churn', sampleWeight: sw, classWeight: { yes: wYes, no: wNo } });
          expectCleanResult(tree);
          for (const p of predictProba(tree, baseRows)) expect(p.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)).toBe(true);
        });
        if (err !== undefined) expect(['NUMERIC_DOMAIN', 'INVALID_OPTION']).toContain(err.code);
      }),
      params,
    );
  });
});

describe('churnFeatures on hostile transactions (issue 20)', () => {
  it('equals churnDataset without the label at the same day', () => {
    fc.assert(
      fc.property(fc.array(arbTransaction, { maxLength: 25 }), (tx) => {
        const err = expectCrmErrorOrValue(() => {
          const a = churnFeatures(tx, { asOf: '2100-01-01', horizon: { value: 8, unit: 'week' } });
          const b = churnDataset(tx, { cutoff: '2100-01-01', horizon: { value: 8, unit: 'week' } }).map(({ churned: _c, ...r }) => r);
          expect(a).toEqual(b);
          expectCleanResult(a);
        });
        if (err !== undefined) expect(err.code).not.toBe('INVALID_MODEL');
      }),
      { numRuns: Math.max(100, Math.floor(RUNS / 5)), seed: SEED },
    );
  });
});
