/**
 * Each split finder of the CART builder (issue 17) against the exhaustive search: on random nodes, the best proxy a
 * finder records equals the best proxy over every partition its column allows (every threshold × missing side, or
 * every subset of levels × missing side, plus missing vs present), and the recorded split, re-applied to the
 * samples, gives that proxy.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BestSplit, type NodeView, type SplitContext } from '../../src/churn/best-split.js';
import { encodeTraining, type EncodedData } from '../../src/churn/encode.js';
import { proxyImprovement } from '../../src/churn/impurity.js';
import { CategoricalFinder } from '../../src/churn/split-categorical.js';
import { HistogramFinder } from '../../src/churn/split-histogram.js';
import { SortedFinder } from '../../src/churn/split-sorted.js';
import { TwoValuedFinder } from '../../src/churn/split-two-valued.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const params = { numRuns: Math.min(RUNS, 400), seed: 1717 };

type Criterion = 'gini' | 'entropy';

function setup(data: EncodedData, criterion: Criterion, minLeaf: number): { node: NodeView; ctx: SplitContext; sampleIdx: Int32Array } {
  const k = data.classes.length;
  const total = new Float64Array(k);
  let wNode = 0;
  for (let i = 0; i < data.n; i++) {
    total[data.y[i] as number]! += data.weight[i] as number;
    wNode += data.weight[i] as number;
  }
  return {
    node: { start: 0, end: data.n, nNode: data.n, total, wNode },
    ctx: { k, criterion, minLeaf, left: new Float64Array(k), missW: new Float64Array(k) },
    sampleIdx: Int32Array.from({ length: data.n }, (_, i) => i),
  };
}

/** The proxy of the partition `goesLeft`, or −∞ when a side has fewer than minLeaf samples. */
function proxyOf(data: EncodedData, f: number, goesLeft: (x: number) => boolean, node: NodeView, ctx: SplitContext): number {
  const left = new Float64Array(ctx.k);
  let wL = 0;
  let nL = 0;
  const col = data.columns[f] as Float64Array;
  for (let i = 0; i < data.n; i++) {
    if (!goesLeft(col[i] as number)) continue;
    left[data.y[i] as number]! += data.weight[i] as number;
    wL += data.weight[i] as number;
    nL++;
  }
  if (nL < ctx.minLeaf || data.n - nL < ctx.minLeaf) return Number.NEGATIVE_INFINITY;
  return proxyImprovement(ctx.criterion, left, wL, node.total, node.wNode, ctx.k);
}

/** Best proxy over every partition of a numeric column: thresholds between distinct values × missing side, and missing vs present. */
function exhaustiveNumeric(data: EncodedData, f: number, node: NodeView, ctx: SplitContext): number {
  const col = data.columns[f] as Float64Array;
  const values = [...new Set(Array.from(col).filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
  const hasMissing = Array.from(col).some(Number.isNaN);
  let best = Number.NEGATIVE_INFINITY;
  for (let t = 0; t < values.length - 1; t++) {
    const cut = values[t] as number;
    best = Math.max(best, proxyOf(data, f, (x) => (Number.isNaN(x) ? false : x <= cut), node, ctx));
    if (hasMissing) best = Math.max(best, proxyOf(data, f, (x) => (Number.isNaN(x) ? true : x <= cut), node, ctx));
  }
  if (hasMissing && values.length > 0) best = Math.max(best, proxyOf(data, f, (x) => !Number.isNaN(x), node, ctx));
  return best;
}

/** Best proxy over every subset of the present levels × missing side, and missing vs present. */
function exhaustiveCategorical(data: EncodedData, f: number, node: NodeView, ctx: SplitContext): number {
  const col = data.columns[f] as Float64Array;
  const levels = [...new Set(Array.from(col).filter((v) => !Number.isNaN(v)))];
  const hasMissing = Array.from(col).some(Number.isNaN);
  let best = Number.NEGATIVE_INFINITY;
  for (let mask = 1; mask < (1 << levels.length) - 1; mask++) {
    const inLeft = new Set(levels.filter((_, q) => (mask >> q) & 1));
    best = Math.max(best, proxyOf(data, f, (x) => !Number.isNaN(x) && inLeft.has(x), node, ctx));
    if (hasMissing) best = Math.max(best, proxyOf(data, f, (x) => Number.isNaN(x) || inLeft.has(x), node, ctx));
  }
  if (hasMissing && levels.length > 0) best = Math.max(best, proxyOf(data, f, (x) => !Number.isNaN(x), node, ctx));
  return best;
}

/** The finder's best equals the exhaustive best, and the recorded split really has that proxy. */
function expectExhaustive(best: BestSplit, expected: number, data: EncodedData, f: number, node: NodeView, ctx: SplitContext): void {
  if (expected === Number.NEGATIVE_INFINITY) {
    expect(best.feature).toBe(-1);
    return;
  }
  expect(best.feature).toBe(f);
  const tolerance = 1e-9 * Math.max(1, Math.abs(expected));
  expect(Math.abs(best.proxy - expected)).toBeLessThanOrEqual(tolerance);
  const replay = proxyOf(data, f, (x) => best.goesLeft(x), node, ctx);
  expect(Math.abs(replay - best.proxy)).toBeLessThanOrEqual(tolerance);
}

/** A per-node finder (two-valued or histogram) on feature 0 at the root, against the exhaustive search. */
function expectFinderExhaustive(finder: TwoValuedFinder | HistogramFinder, data: EncodedData, criterion: Criterion, minLeaf: number): void {
  const { node, ctx, sampleIdx } = setup(data, criterion, minLeaf);
  const best = new BestSplit(1);
  finder.prepare(data, sampleIdx, node);
  finder.find(0, node, ctx, best);
  expectExhaustive(best, exhaustiveNumeric(data, 0, node, ctx), data, 0, node, ctx);
}

const arbCriterion = fc.constantFrom<Criterion>('gini', 'entropy');
const arbLabels = (n: number, k: number) => fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: n, maxLength: n });

function encode(x: Array<number | string | null>, y: number[], options: { categorical?: boolean; weights?: number[] } = {}): EncodedData | null {
  if (new Set(y).size < 2) return null;
  const rows = x.map((v, i) => ({ x: v, y: `c${y[i]}` }));
  return encodeTraining(rows, { target: 'y', features: ['x'], categorical: options.categorical === true ? ['x'] : [], ...(options.weights === undefined ? {} : { sampleWeight: options.weights }) });
}

describe('split finders against the exhaustive search (issue 17)', () => {
  it('two-valued (flags, one-hot): weighted and unweighted', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 40 }).chain((n) => fc.tuple(fc.array(fc.constantFrom(0, 1), { minLength: n, maxLength: n }), arbLabels(n, 3), fc.option(fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: n, maxLength: n }))), ), arbCriterion, fc.integer({ min: 1, max: 4 }), ([x, y, w], criterion, minLeaf) => {
        const data = encode(x, y, w === null ? {} : { weights: w });
        if (data === null || new Set(x).size < 2) return;
        const finder = new TwoValuedFinder(data);
        expect(finder.has(0)).toBe(true);
        expectFinderExhaustive(finder, data, criterion, minLeaf);
      }),
      params,
    );
  });

  it('histogram (3..256 distinct values, unweighted)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 6, max: 60 }).chain((n) => fc.tuple(fc.array(fc.integer({ min: 0, max: 7 }), { minLength: n, maxLength: n }), arbLabels(n, 3))), arbCriterion, fc.integer({ min: 1, max: 5 }), ([x, y], criterion, minLeaf) => {
        const data = encode(x, y);
        if (data === null || new Set(x).size < 3) return;
        const finder = new HistogramFinder(data, () => false);
        expect(finder.has(0)).toBe(true);
        expectFinderExhaustive(finder, data, criterion, minLeaf);
      }),
      params,
    );
  });

  it('sorted lists (continuous values with missing ones, weighted or not; 2 or 3 classes)', () => {
    const value = fc.oneof(fc.integer({ min: -50, max: 50 }).map((v) => v / 4), fc.constant(null));
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 50 }).chain((n) => fc.tuple(fc.array(value, { minLength: n, maxLength: n }), arbLabels(n, 3), fc.option(fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: n, maxLength: n })))),
        arbCriterion,
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        ([x, y, w], criterion, minLeaf, twoClasses) => {
          const labels = twoClasses ? y.map((c) => c % 2) : y;
          const data = encode(x, labels, w === null ? {} : { weights: w });
          if (data === null) return;
          const finder = new SortedFinder(data, criterion, () => false);
          const { node, ctx } = setup(data, criterion, minLeaf);
          const best = new BestSplit(1);
          finder.prepare();
          finder.find(0, node, ctx, best);
          expectExhaustive(best, exhaustiveNumeric(data, 0, node, ctx), data, 0, node, ctx);
        },
      ),
      params,
    );
  });

  it('categorical (Breiman ordering for 2 classes, all subsets otherwise; missing values)', () => {
    const level = fc.oneof(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), fc.constant(null));
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 50 }).chain((n) => fc.tuple(fc.array(level, { minLength: n, maxLength: n }), arbLabels(n, 3), fc.option(fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: n, maxLength: n })))),
        arbCriterion,
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        ([x, y, w], criterion, minLeaf, twoClasses) => {
          const labels = twoClasses ? y.map((c) => c % 2) : y;
          const data = encode(x, labels, { categorical: true, ...(w === null ? {} : { weights: w }) });
          if (data === null) return;
          const finder = new CategoricalFinder(data);
          const { node, ctx, sampleIdx } = setup(data, criterion, minLeaf);
          const best = new BestSplit(finder.maxLevels);
          finder.find(0, data, sampleIdx, node, ctx, best);
          expectExhaustive(best, exhaustiveCategorical(data, 0, node, ctx), data, 0, node, ctx);
        },
      ),
      params,
    );
  });
});
