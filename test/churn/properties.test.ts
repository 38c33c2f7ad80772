/**
 * Acceptance 2 of issue 8 (fast-check): on random small data our tree equals an exhaustive brute-force split search
 * at every node (numeric thresholds with both missing-value directions, every subset of categorical levels);
 * predictProba rows sum to 1; pruning with a larger alpha never adds leaves.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { costComplexityPath, fitTree, predictProba, prune, type DecisionTree, type TreeNode } from '../../src/churn/index.js';

type Value = number | string | null;
interface Data {
  rows: Array<Record<string, Value>>;
  features: string[];
  categorical: string[];
  k: number;
}

/** Random rows: numeric features with ties (0..5) and missing values, one categorical feature, k classes. */
const dataArb = fc
  .record({
    n: fc.integer({ min: 2, max: 30 }),
    dNum: fc.integer({ min: 1, max: 3 }),
    withCat: fc.boolean(),
    k: fc.integer({ min: 2, max: 3 }),
    missingRate: fc.constantFrom(0, 0, 0.15),
    seed: fc.integer({ min: 0, max: 1e9 }),
  })
  .map(({ n, dNum, withCat, k, missingRate, seed }) => {
    let s = seed >>> 0;
    const rnd = () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    const features = Array.from({ length: dNum }, (_, j) => `x${j}`);
    if (withCat) features.push('c');
    const rows = Array.from({ length: n }, () => {
      const r: Record<string, Value> = {};
      for (let j = 0; j < dNum; j++) r[`x${j}`] = rnd() < missingRate ? null : Math.floor(rnd() * 6);
      if (withCat) r.c = rnd() < missingRate ? null : 'abcde'[Math.floor(rnd() * 5)] as string;
      r.y = Math.floor(rnd() * k);
      return r;
    });
    return { rows, features, categorical: withCat ? ['c'] : [], k } as Data;
  });

function impurity(counts: number[], n: number, criterion: 'gini' | 'entropy'): number {
  if (n === 0) return 0;
  if (criterion === 'gini') return 1 - counts.reduce((s, c) => s + (c / n) ** 2, 0);
  return -counts.reduce((s, c) => (c > 0 ? s + (c / n) * Math.log2(c / n) : s), 0);
}

let classIndex = new Map<number, number>();
function countsOf(rows: Array<Record<string, Value>>, k: number): number[] {
  const c = new Array<number>(k).fill(0);
  for (const r of rows) c[classIndex.get(r.y as number) as number]!++;
  return c;
}

/** Σ children n·I(child): the brute-force score of a partition (lower is better). */
function score(left: Array<Record<string, Value>>, right: Array<Record<string, Value>>, k: number, criterion: 'gini' | 'entropy'): number {
  return left.length * impurity(countsOf(left, k), left.length, criterion) + right.length * impurity(countsOf(right, k), right.length, criterion);
}

/** Every candidate partition of a node (as left-membership predicates), by exhaustive enumeration. */
function candidates(rows: Array<Record<string, Value>>, data: Data, minLeaf: number): Array<(r: Record<string, Value>) => boolean> {
  const out: Array<(r: Record<string, Value>) => boolean> = [];
  for (const f of data.features) {
    const hasMissing = rows.some((r) => r[f] === null);
    const missingSides = hasMissing ? [false, true] : [false];
    if (data.categorical.includes(f)) {
      const levels = [...new Set(rows.map((r) => r[f]).filter((v) => v !== null))] as string[];
      for (let mask = 1; mask < 2 ** levels.length - 1; mask++) {
        const set = new Set(levels.filter((_, q) => (mask >> q) & 1));
        for (const ml of missingSides) out.push((r) => (r[f] === null ? ml : set.has(r[f] as string)));
      }
    } else {
      const values = [...new Set(rows.map((r) => r[f]).filter((v) => v !== null))].sort((a, b) => (a as number) - (b as number)) as number[];
      for (let q = 0; q + 1 < values.length; q++) {
        const t = ((values[q] as number) + (values[q + 1] as number)) / 2;
        for (const ml of missingSides) out.push((r) => (r[f] === null ? ml : (r[f] as number) <= t));
      }
    }
    if (hasMissing && rows.some((r) => r[f] !== null)) out.push((r) => r[f] !== null);
  }
  return out.filter((p) => {
    const nl = rows.filter(p).length;
    return nl >= minLeaf && rows.length - nl >= minLeaf;
  });
}

/** Route one training row through one node of our tree. */
function goesLeft(tree: DecisionTree, node: TreeNode, r: Record<string, Value>): boolean {
  const s = node.split;
  if (s === null) throw new Error('leaf');
  const v = r[s.featureName] ?? null;
  if (v === null) return s.missingGoesLeft;
  if (s.type === 'numeric') return s.threshold === null ? true : (v as number) <= s.threshold;
  return s.left.includes(String(v));
}

function checkAgainstBruteForce(tree: DecisionTree, data0: Data, maxDepth: number, minLeaf: number, criterion: 'gini' | 'entropy'): void {
  classIndex = new Map(tree.classes.map((c, i) => [c as number, i]));
  const data = { ...data0, k: tree.classes.length };
  const walk = (id: number, rows: Array<Record<string, Value>>, depth: number): void => {
    const node = tree.nodes[id] as TreeNode;
    expect(node.counts).toEqual(countsOf(rows, data.k));
    const pure = node.counts.filter((c) => c > 0).length <= 1;
    const cands = depth >= maxDepth || rows.length < 2 * minLeaf || pure ? [] : candidates(rows, data, minLeaf);
    if (cands.length === 0) {
      expect(node.split).toBeNull();
      return;
    }
    expect(node.split).not.toBeNull();
    const best = Math.min(...cands.map((p) => score(rows.filter(p), rows.filter((r) => !p(r)), data.k, criterion)));
    const left = rows.filter((r) => goesLeft(tree, node, r));
    const right = rows.filter((r) => !goesLeft(tree, node, r));
    expect(left.length).toBeGreaterThanOrEqual(minLeaf);
    expect(right.length).toBeGreaterThanOrEqual(minLeaf);
    expect(score(left, right, data.k, criterion)).toBeLessThanOrEqual(best + 1e-9);
    walk(node.left, left, depth + 1);
    walk(node.right, right, depth + 1);
  };
  walk(0, data.rows, 0);
}

describe('CART equals exhaustive split search (fast-check)', () => {
  it('gini and entropy, numeric + categorical + missing, any depth / min leaf', () => {
    fc.assert(
      fc.property(dataArb, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.constantFrom('gini' as const, 'entropy' as const), (data, maxDepth, minLeaf, criterion) => {
        fc.pre(new Set(data.rows.map((r) => r.y)).size >= 2);
        // Categorical splits of more than two classes are exhaustive only up to 12 levels (here 5), so always exact.
        const tree = fitTree(data.rows, { target: 'y', features: data.features, categorical: data.categorical, maxDepth, minSamplesLeaf: minLeaf, criterion });
        checkAgainstBruteForce(tree, data, maxDepth, minLeaf, criterion);
      }),
      { numRuns: 300, seed: 8 },
    );
  });

  it('predictProba rows are distributions summing to 1', () => {
    fc.assert(
      fc.property(dataArb, (data) => {
        fc.pre(new Set(data.rows.map((r) => r.y)).size >= 2);
        const tree = fitTree(data.rows, { target: 'y', features: data.features, categorical: data.categorical });
        for (const p of predictProba(tree, data.rows)) {
          expect(p.length).toBe(tree.classes.length);
          expect(p.every((v) => v >= 0 && v <= 1)).toBe(true);
          expect(Math.abs(p.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
        }
      }),
      { numRuns: 150, seed: 9 },
    );
  });

  it('a larger alpha never adds leaves, and every path step is a pruned subtree', () => {
    fc.assert(
      fc.property(dataArb, fc.double({ min: 0, max: 0.1, noNaN: true }), fc.double({ min: 0, max: 0.1, noNaN: true }), (data, a1, a2) => {
        fc.pre(new Set(data.rows.map((r) => r.y)).size >= 2);
        const tree = fitTree(data.rows, { target: 'y', features: data.features, categorical: data.categorical });
        const [lo, hi] = a1 <= a2 ? [a1, a2] : [a2, a1];
        const small = prune(tree, hi);
        const big = prune(tree, lo);
        expect(small.nLeaves).toBeLessThanOrEqual(big.nLeaves);
        expect(big.nLeaves).toBeLessThanOrEqual(tree.nLeaves);
        const path = costComplexityPath(tree);
        for (let i = 1; i < path.alphas.length; i++) expect(path.alphas[i]).toBeGreaterThanOrEqual((path.alphas[i - 1] as number) - 1e-15);
        for (const step of path.steps) if (step.alpha > 0) expect(prune(tree, step.alpha).nLeaves).toBeLessThanOrEqual(step.nLeaves);
        // fitTree's ccpAlpha is the same as pruning afterwards.
        expect(fitTree(data.rows, { target: 'y', features: data.features, categorical: data.categorical, ccpAlpha: hi }).nodes).toEqual(small.nodes);
      }),
      { numRuns: 150, seed: 10 },
    );
  });
});

describe('column fast paths grow the same tree as sorted lists (fast-check)', () => {
  // Weighted fits (sampleWeight all 1) always use presorted lists; unweighted ones bin two-valued and
  // low-cardinality columns (histogram.ts). The trees must agree node for node: splits, thresholds and counts.
  const valuePool = [-3.5, -1, -0, 0, 1e-9, 0.1, 0.1 + 5e-8, 0.7, 1, 2, 3, 4.25, 70_000, 1e300];
  const arb = fc.record({
    rows: fc.array(
      fc.record({
        a: fc.constantFrom(...valuePool),
        b: fc.integer({ min: 0, max: 300 }),
        c: fc.constantFrom(0, 1),
        d: fc.constantFrom(2.5, -7),
        y: fc.integer({ min: 0, max: 2 }),
      }),
      { minLength: 2, maxLength: 60 },
    ),
    maxDepth: fc.integer({ min: 1, max: 6 }),
    minLeaf: fc.integer({ min: 1, max: 3 }),
    criterion: fc.constantFrom('gini' as const, 'entropy' as const),
  });
  it('unweighted (binned) equals sample weights of 1 (sorted lists)', () => {
    fc.assert(
      fc.property(arb, ({ rows, maxDepth, minLeaf, criterion }) => {
        fc.pre(new Set(rows.map((r) => r.y)).size >= 2);
        const options = { target: 'y', maxDepth, minSamplesLeaf: minLeaf, criterion };
        const binned = fitTree(rows, options);
        const sorted = fitTree(rows, { ...options, sampleWeight: rows.map(() => 1) });
        expect(binned.nodes.map((n) => [n.split, n.counts, n.impurity])).toEqual(sorted.nodes.map((n) => [n.split, n.counts, n.impurity]));
      }),
      { numRuns: 400, seed: 11 },
    );
  });
});
