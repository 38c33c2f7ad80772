// Unweighted fits take categorical features' per-level class counts from the shared per-node histogram pass
// (split-histogram.ts, issue 23); weighted fits still count them per feature. With every sample weight 1 both paths
// add the same exact integers, so the trees must be identical node for node — on Telco's native categoricals for
// both ordering regimes (two classes with minSamplesLeaf 1: Breiman's ordered prefixes; minSamplesLeaf > 1: all
// subsets), and on three classes with missing levels (not binned) mixed with binned ones.
import { describe, expect, it } from 'vitest';
import { fitTree, type FitTreeOptions } from '../../src/churn/index.js';
import { createRandom } from '../../src/core/index.js';
import { loadTelcoChurn } from '../../src/datasets/index.js';

type Row = Record<string, string | number | boolean | null>;

function same(rows: Row[], options: FitTreeOptions): number {
  const plain = fitTree(rows, options);
  const ones = fitTree(rows, { ...options, sampleWeight: rows.map(() => 1) });
  expect(JSON.stringify(plain.nodes)).toBe(JSON.stringify(ones.nodes));
  return plain.nodes.filter((n) => n.split?.type === 'categorical').length;
}

describe('categorical counts from the histogram pass', () => {
  const telco = loadTelcoChurn().map(({ customerId: _, ...rest }) => rest as Row);
  it('Telco native categoricals: same trees as the per-feature pass', () => {
    expect(same(telco, { target: 'churn', maxDepth: 6 })).toBeGreaterThan(3);
    expect(same(telco, { target: 'churn', maxDepth: 5, minSamplesLeaf: 5 })).toBeGreaterThan(3);
    expect(same(telco, { target: 'churn', maxDepth: 5, criterion: 'entropy' })).toBeGreaterThan(3);
  });

  it('three classes, a categorical with missing values next to binned ones', () => {
    const rnd = createRandom(7);
    const rows: Row[] = Array.from({ length: 600 }, () => {
      const a = ['p', 'q', 'r', 's'][rnd.int(4)] as string;
      const b = rnd.next() < 0.15 ? null : (['x', 'y', 'z'][rnd.int(3)] as string);
      const u = rnd.next();
      const label = a === 'p' || (b === 'x' && u < 0.7) ? 'one' : u < 0.4 ? 'two' : 'three';
      return { a, b, n: Math.round(u * 20), label };
    });
    expect(same(rows, { target: 'label', maxDepth: 4 })).toBeGreaterThan(0);
    expect(same(rows, { target: 'label', maxDepth: 4, minSamplesLeaf: 3 })).toBeGreaterThan(0);
  });
});
