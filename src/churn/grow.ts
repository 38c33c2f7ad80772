/**
 * The CART builder (Breiman, Friedman, Olshen & Stone, "Classification and Regression Trees", 1984), with
 * scikit-learn's `BestSplitter` semantics (sklearn/tree/_splitter.pyx, 1.2–1.5). `growTree` is a loop — make the
 * node, ask each feature's split finder for its best candidate, route the samples, partition, push the children —
 * over four finders, one per kind of column, and one {@link BestSplit} record:
 * - split-two-valued.ts: one-hot and flag columns (one candidate; counts for all of them in one SWAR pass);
 * - split-histogram.ts: numeric columns with 3..256 distinct values in unweighted fits (per-node class histograms);
 * - split-sorted.ts: other numeric columns, and any with missing values (presorted lists, partitioned per split);
 * - split-categorical.ts: categorical columns (Breiman's ordering or all subsets).
 * Shared semantics:
 * - candidate thresholds are midpoints between consecutive distinct values (values within 1e-7 count as equal,
 *   scikit-learn's FEATURE_THRESHOLD); `x <= threshold` goes left;
 * - the best split maximises the proxy −w_R·I_R − w_L·I_L; ties keep the FIRST candidate in the scan order:
 *   features in column order, then thresholds ascending, then "missing right" before "missing left", then the
 *   split that separates missing from present values (scikit-learn instead visits features in a random order);
 * - missing values (NaN) follow scikit-learn ≥ 1.3: both sides are tried and the better one is learned; when the node
 *   saw no missing values they go to the child with more samples.
 * Cost: O(d·n log n) for the presort plus O(depth·d·n) for the scans.
 */
import { BestSplit, type NodeView, type SplitContext } from './best-split.js';
import type { EncodedData } from './encode.js';
import { impurityOf } from './impurity.js';
import { CategoricalFinder } from './split-categorical.js';
import { HistogramFinder } from './split-histogram.js';
import { SortedFinder } from './split-sorted.js';
import { TwoValuedFinder } from './split-two-valued.js';
import type { ResolvedTreeOptions, TreeNode } from './types.js';

/** numpy.finfo(float64).eps, scikit-learn's EPSILON in `_tree.pyx`. */
export const EPSILON = 2.220446049250313e-16;

/** Which finder handles a feature. */
const TWO_VALUED = 0;
const HISTOGRAM = 1;
const SORTED = 2;
const CATEGORICAL = 3;

interface Job {
  start: number;
  end: number;
  depth: number;
  parent: number;
  isLeft: boolean;
}

/** Grow an unpruned tree on encoded data. */
export function growTree(data: EncodedData, opts: ResolvedTreeOptions): TreeNode[] {
  const { n, columns, y, weight, features } = data;
  const k = data.classes.length;
  const d = features.length;
  const criterion = opts.criterion;
  const maxDepth = opts.maxDepth ?? Number.POSITIVE_INFINITY;
  const minLeaf = opts.minSamplesLeaf;

  // Finders, in precedence order: a column goes to the first that takes it.
  const twoValued = new TwoValuedFinder(data);
  const histogram = new HistogramFinder(data, (f) => twoValued.has(f));
  const sorted = new SortedFinder(data, criterion, (f) => twoValued.has(f) || histogram.has(f));
  const categorical = new CategoricalFinder(data);
  const kind = new Uint8Array(d);
  for (let f = 0; f < d; f++) kind[f] = twoValued.has(f) ? TWO_VALUED : histogram.has(f) ? HISTOGRAM : sorted.has(f) ? SORTED : CATEGORICAL;

  const ctx: SplitContext = { k, criterion, minLeaf, left: new Float64Array(k), missW: new Float64Array(k) };
  const best = new BestSplit(categorical.maxLevels);
  const node: NodeView = { start: 0, end: n, nNode: n, total: new Float64Array(k), wNode: 0 };
  const sampleIdx = new Int32Array(n);
  for (let i = 0; i < n; i++) sampleIdx[i] = i;
  const goLeft = new Uint8Array(n);
  const tmp = new Int32Array(n);
  let totalWeight = 0;
  for (let i = 0; i < n; i++) totalWeight += weight[i]!;

  const nodes: TreeNode[] = [];
  const stack: Job[] = [{ start: 0, end: n, depth: 0, parent: -1, isLeft: true }];
  while (stack.length > 0) {
    const job = stack.pop() as Job;
    const { start, end, depth } = job;
    const nNode = end - start;
    const total = node.total;
    total.fill(0);
    const counts = new Array<number>(k).fill(0);
    let wNode = 0;
    for (let j = start; j < end; j++) {
      const i = sampleIdx[j]!;
      const c = y[i]!;
      const w = weight[i]!;
      total[c] = (total[c]!) + w;
      counts[c] = (counts[c]!) + 1;
      wNode += w;
    }
    node.start = start;
    node.end = end;
    node.nNode = nNode;
    node.wNode = wNode;
    const impurity = impurityOf(criterion, total, wNode, k);
    const id = nodes.length;
    const out: TreeNode = { id, depth, parent: job.parent, nSamples: nNode, weightedNSamples: wNode, counts, value: Array.from(total), impurity, improvement: 0, split: null, left: -1, right: -1 };
    nodes.push(out);
    if (job.parent >= 0) {
      const parent = nodes[job.parent] as TreeNode;
      if (job.isLeft) parent.left = id;
      else parent.right = id;
    }
    // scikit-learn DepthFirstTreeBuilder stopping rules.
    if (depth >= maxDepth || nNode < opts.minSamplesSplit || nNode < 2 * minLeaf || impurity <= EPSILON) continue;

    // Find the best split: each feature's finder offers its candidates in scan order.
    best.reset();
    twoValued.prepare(data, sampleIdx, node);
    histogram.prepare(data, sampleIdx, node);
    sorted.prepare();
    for (let f = 0; f < d; f++) {
      const kf = kind[f];
      if (kf === TWO_VALUED) twoValued.find(f, node, ctx, best);
      else if (kf === HISTOGRAM) histogram.find(f, node, ctx, best);
      else if (kf === SORTED) sorted.find(f, node, ctx, best);
      else categorical.find(f, data, sampleIdx, node, ctx, best, histogram);
    }
    if (best.feature < 0) continue;

    // Route the node's samples and compute the exact improvement.
    const f = best.feature;
    const col = columns[f] as Float64Array;
    const left = ctx.left;
    left.fill(0);
    let wL = 0;
    let nL = 0;
    for (let j = start; j < end; j++) {
      const i = sampleIdx[j]!;
      const l = best.goesLeft(col[i]!);
      goLeft[i] = l ? 1 : 0;
      if (l) {
        const c = y[i]!;
        left[c] = (left[c]!) + (weight[i]!);
        wL += weight[i]!;
        nL++;
      }
    }
    const wR = wNode - wL;
    const right = new Float64Array(k);
    for (let c = 0; c < k; c++) right[c] = (total[c]!) - (left[c]!);
    const impL = impurityOf(criterion, left, wL, k);
    const impR = impurityOf(criterion, right, wR, k);
    // scikit-learn Criterion.impurity_improvement: (N_t/N)·(I − N_tR/N_t·I_R − N_tL/N_t·I_L).
    const improvement = (wNode / totalWeight) * (impurity - (wR / wNode) * impR - (wL / wNode) * impL);
    if (improvement + EPSILON < opts.minImpurityDecrease) continue;
    out.split = best.toSplit(features[f] as (typeof features)[number], best.levelLeft === null ? null : presentLevels(col, sampleIdx, start, end, (features[f]?.levels as string[]).length));
    out.improvement = improvement;

    // Partition: the presorted lists only below children that can still split (saves the deepest level's pass).
    const mayGrow = (nChild: number, w: Float64Array) => {
      if (depth + 1 >= maxDepth || nChild < opts.minSamplesSplit || nChild < 2 * minLeaf) return false;
      let classes = 0;
      for (let c = 0; c < k; c++) if ((w[c]!) > 0) classes++;
      return classes > 1;
    };
    if (mayGrow(nL, left) || mayGrow(nNode - nL, right)) sorted.partition(goLeft, start, end);
    const mid = start + nL;
    // The right part is copied back here, not after partition's loop (see histogram.ts countLanes on OSR deopts).
    partitionLeft(sampleIdx, goLeft, start, end, tmp);
    sampleIdx.set(tmp.subarray(0, nNode - nL), mid);
    stack.push({ start: mid, end, depth: depth + 1, parent: id, isLeft: false });
    stack.push({ start, end: mid, depth: depth + 1, parent: id, isLeft: true });
  }
  return nodes;
}

/** First half of a stable partition of `arr[start, end)`: samples with `goLeft[i] === 1` to the front, the others to `tmp` in order. */
function partitionLeft(arr: Int32Array, goLeft: Uint8Array, start: number, end: number, tmp: Int32Array): void {
  let a = start;
  let b = 0;
  for (let j = start; j < end; j++) {
    const i = arr[j]!;
    if (goLeft[i] === 1) arr[a++] = i;
    else tmp[b++] = i;
  }
}

/** 1 for each level present among the node's samples. */
function presentLevels(col: Float64Array, sampleIdx: Int32Array, start: number, end: number, L: number): Uint8Array {
  const mask = new Uint8Array(L);
  for (let j = start; j < end; j++) {
    const x = col[sampleIdx[j]!] as number;
    if (x === x) mask[x] = 1;
  }
  return mask;
}
