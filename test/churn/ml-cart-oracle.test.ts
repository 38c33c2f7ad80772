/**
 * ml-cart 2.1.1 as a second, JavaScript oracle (issue 8): with gainThreshold 0 it grows the same gini tree as ours on
 * data without tied values (its candidate thresholds sit only where labels change and use `x < t`; with distinct
 * values the partitions coincide). Its settings map to ours: minNumSamples 3 (leaf when ≤ 3 rows) = minSamplesSplit 4;
 * gain > 0 required = a tiny minImpurityDecrease. Both pick the first feature / lowest threshold among equal gains.
 */
import fc from 'fast-check';
import { DecisionTreeClassifier } from 'ml-cart';
import { describe, expect, it } from 'vitest';
import { fitTree, predict } from '../../src/churn/index.js';
import { loadTelco } from './helpers.js';

function oracleAgrees(X: number[][], y: number[], depth: number, queries: number[][]): void {
  const ml = new DecisionTreeClassifier({ gainFunction: 'gini', maxDepth: depth, minNumSamples: 3, gainThreshold: 0 });
  ml.train(X, y);
  const rows = X.map((x, i) => ({ ...Object.fromEntries(x.map((v, j) => [`f${j}`, v])), y: y[i] as number }));
  const tree = fitTree(rows, { target: 'y', maxDepth: depth, minSamplesSplit: 4, minImpurityDecrease: 1e-12 });
  const q = queries.map((x) => Object.fromEntries(x.map((v, j) => [`f${j}`, v])));
  expect(predict(tree, q)).toEqual(ml.predict(queries));
}

describe('ml-cart (gainThreshold 0) as a JavaScript oracle', () => {
  it('random continuous data: same predictions on training rows and fresh points', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 10, max: 60 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }), (seed, n, d, depth) => {
        let s = seed >>> 0;
        const rnd = () => {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          return s / 2 ** 32;
        };
        const X = Array.from({ length: n }, () => Array.from({ length: d }, () => rnd()));
        const y = X.map((x) => ((x[0] as number) + 0.3 * rnd() > 0.6 ? 1 : 0));
        fc.pre(new Set(y).size === 2);
        const queries = [...X, ...Array.from({ length: 50 }, () => Array.from({ length: d }, () => rnd()))];
        oracleAgrees(X, y, depth, queries);
      }),
      { numRuns: 60, seed: 3 },
    );
  });

  it('a Telco subsample (300 rows, tenure / MonthlyCharges / TotalCharges, jittered to break ties)', () => {
    const telco = loadTelco().rows.slice(0, 300);
    const X = telco.map((r, i) => [(r.tenure as number) + i * 1e-6, (r.MonthlyCharges as number) + i * 1e-7, (r.TotalCharges as number) + i * 1e-6]);
    const y = telco.map((r) => r.Churn as number);
    oracleAgrees(X, y, 3, X);
  });
});
