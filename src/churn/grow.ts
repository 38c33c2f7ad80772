/**
 * The CART builder (Breiman, Friedman, Olshen & Stone, "Classification and Regression Trees", 1984), with
 * scikit-learn's `BestSplitter` semantics (sklearn/tree/_splitter.pyx, 1.2–1.5):
 * - every feature is presorted once (radix argsort); each node owns the same segment [start, end) of every feature's
 *   sorted index array, and a split stably partitions those segments, so a level costs O(d·n) and the whole fit
 *   O(d·n log n) for the sort plus O(depth·d·n) for the scans;
 * - candidate thresholds are midpoints between consecutive distinct values (values within 1e-7 count as equal,
 *   scikit-learn's FEATURE_THRESHOLD); `x <= threshold` goes left;
 * - the best split maximises the proxy −w_R·I_R − w_L·I_L; ties keep the FIRST candidate in the scan order:
 *   features in column order, then thresholds ascending, then "missing right" before "missing left", then the
 *   split that separates missing from present values (scikit-learn instead visits features in a random order);
 * - missing values (NaN) follow scikit-learn ≥ 1.3: both sides are tried and the better one is learned; when the node
 *   saw no missing values they go to the child with more samples;
 * - categorical features split natively on sets of levels: for two classes the levels are ordered by their
 *   positive-class rate and only the L−1 prefix splits are scanned (Breiman et al. 1984 §9.4 / Ripley 1996 p. 237:
 *   this finds the optimal subset for gini and entropy); for more classes, or when minSamplesLeaf > 1 (the ordering
 *   theorem does not cover constrained leaves), all 2^(L−1)−1 subsets are tried when L ≤ 12; beyond 12 levels the
 *   levels are ordered by the rate of the positive / node-majority class (exact for 2 classes without a leaf
 *   constraint, a heuristic otherwise; documented).
 */
import type { EncodedData } from './encode.js';
import type { BinnedColumns } from './histogram.js';
import { impurityOf, proxyImprovement } from './impurity.js';
import { argsortFloat64 } from './sort.js';
import { FEATURE_THRESHOLD, binColumns, countTwoValued, fewDistinctValues, histogramCounts, lowerValueCodes, twoValues, weighTwoValued } from './histogram.js';
import type { CategoricalSplit, NumericSplit, ResolvedTreeOptions, TreeNode } from './types.js';

/** numpy.finfo(float64).eps, scikit-learn's EPSILON in `_tree.pyx`. */
export const EPSILON = 2.220446049250313e-16;
/** Exhaustive categorical subsets for more than two classes up to this many levels. */
const MAX_EXHAUSTIVE_LEVELS = 12;

interface Best {
  proxy: number;
  feature: number;
  /** numeric: threshold (NaN = missing-vs-present split). */
  threshold: number;
  missingGoesLeft: boolean;
  nMissing: number;
  /** categorical: 1 = level goes left. */
  levelLeft: Uint8Array | null;
  nLeft: number;
  nRight: number;
}

/** Grow an unpruned tree on encoded data. */
export function growTree(data: EncodedData, opts: ResolvedTreeOptions): TreeNode[] {
  const { n, columns, y, weight, features } = data;
  const k = data.classes.length;
  const d = features.length;
  const criterion = opts.criterion;
  const maxDepth = opts.maxDepth ?? Number.POSITIVE_INFINITY;
  const minLeaf = opts.minSamplesLeaf;

  // Per numeric feature: sample indices sorted by value, and the values / labels / weights in that order, so the
  // scan reads memory sequentially (SPRINT-style attribute lists: Shafer, Agrawal & Mehta, VLDB 1996).
  // Two-valued numeric columns without missing values (one-hot, flags) need no sorted list: one pass over the
  // node's samples gives the class weights of the lower value, and there is a single candidate threshold.
  const binLo = new Float64Array(d);
  const binHi = new Float64Array(d);
  const isBinary = new Uint8Array(d);
  // Slot of each two-valued feature among the B two-valued ones (−1 for the others).
  const binSlot = new Int32Array(d).fill(-1);
  const pairs: Array<[number, number] | null> = features.map((feat, j) => (feat.type === 'numeric' ? twoValues(columns[j] as Float64Array) : null));
  let B = 0;
  pairs.forEach((pair, j) => {
    if (pair === null) return;
    isBinary[j] = 1;
    binLo[j] = pair[0];
    binHi[j] = pair[1];
    binSlot[j] = B++;
  });
  // Codes row-major (B bytes per sample, 1 = lower value): a node's class counts for every two-valued feature come
  // from ONE pass over its samples reading each sample's B bytes in a row, instead of B passes of random reads.
  const binCode = lowerValueCodes(columns, pairs, B, n);
  const unweighted = !data.weighted;
  // Per node: class counts (unweighted) or class weights and weight/sample totals (weighted) of the lower value.
  const binCount = new Int32Array(unweighted ? k * B : B);
  const binW = unweighted ? null : new Float64Array(k * B);
  const binLanes = new Int32Array(k * ((B + 3) >> 2));
  const binWL = unweighted ? null : new Float64Array(B);
  // Unweighted fits bin the columns with 3..256 distinct values (exact integer counts, so the same proxies as the
  // sorted scan); weighted fits keep sorted lists, whose sums run in sorted-sample order like scikit-learn's.
  const binned = unweighted
    ? binColumns(
        columns,
        features.map((feat, j) => (feat.type === 'numeric' && isBinary[j] === 0 ? fewDistinctValues(columns[j] as Float64Array) : null)),
        n,
      )
    : null;
  const hist = binned !== null && binned.count > 0 ? new Int32Array((binned.offset[binned.count] as number) * k) : null;
  const orders: Array<Int32Array | null> = features.map((f, j) =>
    f.type === 'numeric' && isBinary[j] === 0 && (binned === null || binned.slotOf[j] === -1) ? argsortFloat64(columns[j] as Float64Array) : null,
  );
  const sortedX: Array<Float64Array | null> = [];
  const sortedY: Array<Int32Array | null> = [];
  const sortedW: Array<Float64Array | null> = [];
  for (let f = 0; f < d; f++) {
    const ord = orders[f];
    if (ord === null || ord === undefined) {
      sortedX.push(null);
      sortedY.push(null);
      sortedW.push(null);
      continue;
    }
    const col = columns[f] as Float64Array;
    const sx = new Float64Array(n);
    const sy = new Int32Array(n);
    const sw = data.weighted ? new Float64Array(n) : null;
    for (let p = 0; p < n; p++) {
      const i = ord[p] as number;
      sx[p] = col[i] as number;
      sy[p] = y[i] as number;
      if (sw !== null) sw[p] = weight[i] as number;
    }
    sortedX.push(sx);
    sortedY.push(sy);
    sortedW.push(sw);
  }
  const tmpX = new Float64Array(n);
  const tmpY = new Int32Array(n);
  const tmpW = new Float64Array(n);
  const giniBinary = criterion === 'gini' && k === 2;
  const constantHere = new Uint8Array(d);
  const sampleIdx = new Int32Array(n);
  for (let i = 0; i < n; i++) sampleIdx[i] = i;
  const goLeft = new Uint8Array(n);
  const tmp = new Int32Array(n);

  const total = new Float64Array(k);
  const left = new Float64Array(k);
  const missW = new Float64Array(k);
  let totalWeight = 0;
  for (let i = 0; i < n; i++) totalWeight += weight[i] as number;

  // Scratch for categorical features.
  let maxLevels = 1;
  for (const f of features) if (f.levels !== undefined) maxLevels = Math.max(maxLevels, f.levels.length);
  const catW = new Float64Array(maxLevels * k);
  const catN = new Int32Array(maxLevels);
  const catOrder = new Int32Array(maxLevels);
  const catRate = new Float64Array(maxLevels);
  const bestLevelLeft = new Uint8Array(maxLevels);
  const trialLevelLeft = new Uint8Array(maxLevels);

  const nodes: TreeNode[] = [];
  const stack: Array<{ start: number; end: number; depth: number; parent: number; isLeft: boolean }> = [
    { start: 0, end: n, depth: 0, parent: -1, isLeft: true },
  ];

  const best: Best = { proxy: Number.NEGATIVE_INFINITY, feature: -1, threshold: 0, missingGoesLeft: false, nMissing: 0, levelLeft: null, nLeft: 0, nRight: 0 };
  /** Keep a numeric candidate (scikit-learn's midpoint rule, falling back to the lower value on rounding). */
  const record = (proxy: number, f: number, xPrev: number, x: number, nMiss: number, nL: number, nR: number, missingLeft: boolean): void => {
    let threshold = xPrev / 2 + x / 2;
    if (threshold === x || !Number.isFinite(threshold)) threshold = xPrev;
    best.proxy = proxy;
    best.feature = f;
    best.threshold = threshold;
    best.missingGoesLeft = nMiss === 0 ? nL > nR : missingLeft;
    best.nMissing = nMiss;
    best.levelLeft = null;
    best.nLeft = nL;
    best.nRight = nR;
  };

  while (stack.length > 0) {
    const job = stack.pop() as { start: number; end: number; depth: number; parent: number; isLeft: boolean };
    const { start, end, depth } = job;
    const nNode = end - start;
    total.fill(0);
    const counts = new Array<number>(k).fill(0);
    let wNode = 0;
    for (let j = start; j < end; j++) {
      const i = sampleIdx[j] as number;
      const c = y[i] as number;
      const w = weight[i] as number;
      total[c] = (total[c] as number) + w;
      counts[c] = (counts[c] as number) + 1;
      wNode += w;
    }
    const impurity = impurityOf(criterion, total, wNode, k);
    const id = nodes.length;
    const node: TreeNode = {
      id,
      depth,
      parent: job.parent,
      nSamples: nNode,
      weightedNSamples: wNode,
      counts,
      value: Array.from(total),
      impurity,
      improvement: 0,
      split: null,
      left: -1,
      right: -1,
    };
    nodes.push(node);
    if (job.parent >= 0) {
      const parent = nodes[job.parent] as TreeNode;
      if (job.isLeft) parent.left = id;
      else parent.right = id;
    }

    // scikit-learn DepthFirstTreeBuilder stopping rules.
    if (depth >= maxDepth || nNode < opts.minSamplesSplit || nNode < 2 * minLeaf || impurity <= EPSILON) continue;

    best.proxy = Number.NEGATIVE_INFINITY;
    best.feature = -1;
    constantHere.fill(0);
    if (B > 0) {
      if (binW === null) countTwoValued(binCode, B, sampleIdx, start, end, y, k, binLanes, binCount);
      else weighTwoValued(binCode, B, sampleIdx, start, end, y, weight, binCount, binW, binWL as Float64Array);
    }
    if (hist !== null) histogramCounts(binned as BinnedColumns, sampleIdx, start, end, y, k, hist);
    for (let f = 0; f < d; f++) {
      const col = columns[f] as Float64Array;
      const ord = orders[f] ?? null;
      if (isBinary[f] === 1) {
        // ---- two-valued numeric feature: one candidate, x <= midpoint; counts from countTwoValued() ----
        const slot = binSlot[f] as number;
        let wL = 0;
        let nLo = 0;
        if (binW === null) {
          for (let c = 0; c < k; c++) {
            const v = binCount[c * B + slot] as number;
            left[c] = v;
            nLo += v;
          }
          wL = nLo;
        } else {
          for (let c = 0; c < k; c++) left[c] = binW[c * B + slot] as number;
          wL = (binWL as Float64Array)[slot] as number;
          nLo = binCount[slot] as number;
        }
        if (nLo === 0 || nLo === nNode) continue; // constant in this node
        const nR = nNode - nLo;
        if (nLo < minLeaf || nR < minLeaf) continue;
        const proxy = proxyImprovement(criterion, left, wL, total, wNode, k);
        if (proxy > best.proxy) record(proxy, f, binLo[f] as number, binHi[f] as number, 0, nLo, nR, false);
      } else if (hist !== null && (binned as BinnedColumns).slotOf[f] !== -1) {
        // ---- low-cardinality numeric feature: scan its class histogram in value order (bins = distinct values) ----
        const bins = binned as BinnedColumns;
        const s = bins.slotOf[f] as number;
        const vals = bins.values[s] as Float64Array;
        const h0 = (bins.offset[s] as number) * k;
        left.fill(0);
        let nL = 0;
        let prev = -1;
        for (let v = 0; v < vals.length; v++) {
          let nBin = 0;
          for (let c = 0; c < k; c++) nBin += hist[h0 + v * k + c] as number;
          if (nBin === 0) continue;
          if (prev >= 0) {
            // The same candidate the sorted scan meets between the last sample of value `prev` and the first of `v`.
            const xPrev = vals[prev] as number;
            const x = vals[v] as number;
            const nR = nNode - nL;
            if (!(x <= xPrev + FEATURE_THRESHOLD) && nL >= minLeaf && nR >= minLeaf) {
              const proxy = proxyImprovement(criterion, left, nL, total, wNode, k);
              if (proxy > best.proxy) record(proxy, f, xPrev, x, 0, nL, nR, false);
            }
          }
          for (let c = 0; c < k; c++) left[c] = (left[c] as number) + (hist[h0 + v * k + c] as number);
          nL += nBin;
          prev = v;
        }
      } else if (ord !== null) {
        // ---- numeric feature: scan the presorted segment (values, labels, weights stored contiguously) ----
        const sx = sortedX[f] as Float64Array;
        const sy = sortedY[f] as Int32Array;
        const sw = sortedW[f] ?? null;
        let endNM = end;
        while (endNM > start && Number.isNaN(sx[endNM - 1] as number)) endNM--;
        const nMiss = end - endNM;
        if (endNM === start) continue; // all missing
        const constant = (sx[endNM - 1] as number) <= (sx[start] as number) + FEATURE_THRESHOLD;
        if (constant && nMiss === 0) {
          // Constant here stays constant below: its list never needs partitioning in this subtree.
          constantHere[f] = 1;
          continue;
        }
        missW.fill(0);
        let wMiss = 0;
        for (let j = endNM; j < end; j++) {
          const w = sw === null ? 1 : (sw[j] as number);
          missW[sy[j] as number] = (missW[sy[j] as number] as number) + w;
          wMiss += w;
        }
        const passes = nMiss > 0 ? 2 : 1;
        for (let pass = 0; pass < passes && !constant; pass++) {
          const missingLeft = pass === 1;
          let wL = 0;
          if (missingLeft) {
            left.set(missW);
            wL = wMiss;
          } else left.fill(0);
          const extraL = missingLeft ? nMiss : 0;
          if (giniBinary) {
            // Inlined two-class gini proxy; the same arithmetic, in the same order, as proxyImprovement.
            let l0 = left[0] as number;
            let l1 = left[1] as number;
            const t0 = total[0] as number;
            const t1 = total[1] as number;
            for (let p = start + 1; p < endNM; p++) {
              const wPrev = sw === null ? 1 : (sw[p - 1] as number);
              if (sy[p - 1] === 0) l0 += wPrev;
              else l1 += wPrev;
              wL += wPrev;
              const xPrev = sx[p - 1] as number;
              const x = sx[p] as number;
              if (x <= xPrev + FEATURE_THRESHOLD) continue;
              const nL = p - start + extraL;
              const nR = nNode - nL;
              if (nL < minLeaf || nR < minLeaf) continue;
              const wR = wNode - wL;
              const r0 = t0 - l0;
              const r1 = t1 - l1;
              const giniL = 1 - (l0 * l0 + l1 * l1) / (wL * wL);
              const giniR = 1 - (r0 * r0 + r1 * r1) / (wR * wR);
              const proxy = -wR * giniR - wL * giniL;
              if (proxy > best.proxy) record(proxy, f, xPrev, x, nMiss, nL, nR, missingLeft);
            }
          } else {
            for (let p = start + 1; p < endNM; p++) {
              const cPrev = sy[p - 1] as number;
              const wPrev = sw === null ? 1 : (sw[p - 1] as number);
              left[cPrev] = (left[cPrev] as number) + wPrev;
              wL += wPrev;
              const xPrev = sx[p - 1] as number;
              const x = sx[p] as number;
              if (x <= xPrev + FEATURE_THRESHOLD) continue;
              const nL = p - start + extraL;
              const nR = nNode - nL;
              if (nL < minLeaf || nR < minLeaf) continue;
              const proxy = proxyImprovement(criterion, left, wL, total, wNode, k);
              if (proxy > best.proxy) record(proxy, f, xPrev, x, nMiss, nL, nR, missingLeft);
            }
          }
        }
        if (nMiss > 0) {
          // Every present value left, every missing value right (scikit-learn's threshold = +inf split).
          const nL = nNode - nMiss;
          if (nL >= minLeaf && nMiss >= minLeaf) {
            for (let c = 0; c < k; c++) left[c] = (total[c] as number) - (missW[c] as number);
            const proxy = proxyImprovement(criterion, left, wNode - wMiss, total, wNode, k);
            if (proxy > best.proxy) {
              best.proxy = proxy;
              best.feature = f;
              best.threshold = Number.NaN;
              best.missingGoesLeft = false;
              best.nMissing = nMiss;
              best.levelLeft = null;
              best.nLeft = nL;
              best.nRight = nMiss;
            }
          }
        }
      } else {
        // ---- categorical feature: per-level class weights, then ordered prefix or exhaustive subsets ----
        const L = (features[f]?.levels as string[]).length;
        catW.fill(0, 0, L * k);
        catN.fill(0, 0, L);
        missW.fill(0);
        let wMiss = 0;
        let nMiss = 0;
        for (let j = start; j < end; j++) {
          const i = sampleIdx[j] as number;
          const v = col[i] as number;
          const c = y[i] as number;
          const w = weight[i] as number;
          if (v !== v) {
            missW[c] = (missW[c] as number) + w;
            wMiss += w;
            nMiss++;
          } else {
            catW[v * k + c] = (catW[v * k + c] as number) + w;
            catN[v] = (catN[v] as number) + 1;
          }
        }
        let P = 0;
        for (let l = 0; l < L; l++) if ((catN[l] as number) > 0) catOrder[P++] = l;
        if (P === 0) continue;
        const trySplit = (levelMask: Uint8Array, nLPresent: number, missingLeft: boolean): void => {
          const nL = nLPresent + (missingLeft ? nMiss : 0);
          const nR = nNode - nL;
          if (nL < minLeaf || nR < minLeaf) return;
          let wL = 0;
          if (missingLeft) {
            left.set(missW);
            wL = wMiss;
          } else left.fill(0);
          for (let q = 0; q < P; q++) {
            const l = catOrder[q] as number;
            if (levelMask[l] !== 1) continue;
            for (let c = 0; c < k; c++) {
              const v = catW[l * k + c] as number;
              left[c] = (left[c] as number) + v;
              wL += v;
            }
          }
          const proxy = proxyImprovement(criterion, left, wL, total, wNode, k);
          if (proxy > best.proxy) {
            best.proxy = proxy;
            best.feature = f;
            best.threshold = 0;
            best.missingGoesLeft = nMiss === 0 ? nL > nR : missingLeft;
            best.nMissing = nMiss;
            bestLevelLeft.fill(0);
            for (let q = 0; q < P; q++) {
              const l = catOrder[q] as number;
              bestLevelLeft[l] = levelMask[l] as number;
            }
            best.levelLeft = bestLevelLeft;
            best.nLeft = nL;
            best.nRight = nR;
          }
        };
        const passes = nMiss > 0 ? 2 : 1;
        if (P >= 2) {
          // Breiman's ordering is optimal for two classes without a leaf-size constraint; with minSamplesLeaf > 1 the
          // constrained optimum can be a non-prefix subset, so small level counts are searched exhaustively.
          if ((k === 2 && minLeaf === 1) || P > MAX_EXHAUSTIVE_LEVELS) {
            // Order present levels by the rate of the positive class (k = 2) or of the node's majority class.
            let ref = 1;
            if (k > 2) {
              ref = 0;
              for (let c = 1; c < k; c++) if ((total[c] as number) > (total[ref] as number)) ref = c;
            }
            for (let q = 0; q < P; q++) {
              const l = catOrder[q] as number;
              let s = 0;
              for (let c = 0; c < k; c++) s += catW[l * k + c] as number;
              catRate[l] = s > 0 ? (catW[l * k + ref] as number) / s : 0;
            }
            const ordered = Array.from(catOrder.subarray(0, P)).sort((a, b) => (catRate[a] as number) - (catRate[b] as number) || a - b);
            for (let pass = 0; pass < passes; pass++) {
              trialLevelLeft.fill(0);
              let nLPresent = 0;
              for (let q = 0; q < P - 1; q++) {
                const l = ordered[q] as number;
                trialLevelLeft[l] = 1;
                nLPresent += catN[l] as number;
                trySplit(trialLevelLeft, nLPresent, pass === 1);
              }
            }
          } else {
            // All 2^(P−1)−1 subsets not containing the last present level, in increasing bit-mask order.
            const limit = 1 << (P - 1);
            for (let pass = 0; pass < passes; pass++) {
              for (let mask = 1; mask < limit; mask++) {
                trialLevelLeft.fill(0);
                let nLPresent = 0;
                for (let q = 0; q < P - 1; q++) {
                  if ((mask >> q) & 1) {
                    const l = catOrder[q] as number;
                    trialLevelLeft[l] = 1;
                    nLPresent += catN[l] as number;
                  }
                }
                trySplit(trialLevelLeft, nLPresent, pass === 1);
              }
            }
          }
        }
        if (nMiss > 0) {
          trialLevelLeft.fill(0);
          let nLPresent = 0;
          for (let q = 0; q < P; q++) {
            trialLevelLeft[catOrder[q] as number] = 1;
            nLPresent += catN[catOrder[q] as number] as number;
          }
          trySplit(trialLevelLeft, nLPresent, false);
        }
      }
    }
    if (best.feature < 0) continue;

    // Route the node's samples and compute the exact improvement.
    const f = best.feature;
    const col = columns[f] as Float64Array;
    const feature = features[f] as (typeof features)[number];
    left.fill(0);
    let wL = 0;
    let nL = 0;
    for (let j = start; j < end; j++) {
      const i = sampleIdx[j] as number;
      const x = col[i] as number;
      let l: boolean;
      if (x !== x) l = best.missingGoesLeft;
      else if (best.levelLeft !== null) l = best.levelLeft[x] === 1;
      else l = Number.isNaN(best.threshold) ? true : x <= best.threshold;
      goLeft[i] = l ? 1 : 0;
      if (l) {
        const c = y[i] as number;
        left[c] = (left[c] as number) + (weight[i] as number);
        wL += weight[i] as number;
        nL++;
      }
    }
    const wR = wNode - wL;
    const right = new Float64Array(k);
    for (let c = 0; c < k; c++) right[c] = (total[c] as number) - (left[c] as number);
    const impL = impurityOf(criterion, left, wL, k);
    const impR = impurityOf(criterion, right, wR, k);
    // scikit-learn Criterion.impurity_improvement: (N_t/N)·(I − N_tR/N_t·I_R − N_tL/N_t·I_L).
    const improvement = (wNode / totalWeight) * (impurity - (wR / wNode) * impR - (wL / wNode) * impL);
    if (improvement + EPSILON < opts.minImpurityDecrease) continue;

    if (best.levelLeft !== null) {
      const levels = feature.levels as string[];
      const leftLevels: string[] = [];
      const rightLevels: string[] = [];
      const presentMask = new Uint8Array(levels.length);
      for (let j = start; j < end; j++) {
        const x = col[sampleIdx[j] as number] as number;
        if (x === x) presentMask[x] = 1;
      }
      for (let l = 0; l < levels.length; l++) {
        if (presentMask[l] !== 1) continue;
        if (best.levelLeft[l] === 1) leftLevels.push(levels[l] as string);
        else rightLevels.push(levels[l] as string);
      }
      const split: CategoricalSplit = {
        type: 'categorical',
        feature: f,
        featureName: feature.name,
        left: leftLevels,
        right: rightLevels,
        unseenGoesLeft: best.nLeft > best.nRight,
        missingGoesLeft: best.missingGoesLeft,
        nMissing: best.nMissing,
      };
      node.split = split;
    } else {
      const split: NumericSplit = {
        type: 'numeric',
        feature: f,
        featureName: feature.name,
        threshold: Number.isNaN(best.threshold) ? null : best.threshold,
        missingGoesLeft: best.missingGoesLeft,
        nMissing: best.nMissing,
      };
      node.split = split;
    }
    node.improvement = improvement;

    // Stable partition of every presorted segment and of the sample list.
    const partition = (arr: Int32Array): void => {
      let a = start;
      let b = 0;
      for (let j = start; j < end; j++) {
        const i = arr[j] as number;
        if (goLeft[i] === 1) arr[a++] = i;
        else tmp[b++] = i;
      }
      arr.set(tmp.subarray(0, b), a);
    };
    // The presorted lists are only needed below children that can still split (saves the deepest level's pass).
    const mayGrow = (nChild: number, w: Float64Array) => {
      if (depth + 1 >= maxDepth || nChild < opts.minSamplesSplit || nChild < 2 * minLeaf) return false;
      let classes = 0;
      for (let c = 0; c < k; c++) if ((w[c] as number) > 0) classes++;
      return classes > 1;
    };
    const needLists = mayGrow(nL, left) || mayGrow(nNode - nL, right);
    for (let g = 0; g < d && needLists; g++) {
      const ord = orders[g];
      if (ord === null || ord === undefined || constantHere[g] === 1) continue;
      const sx = sortedX[g] as Float64Array;
      const sy = sortedY[g] as Int32Array;
      const sw = sortedW[g] ?? null;
      let a = start;
      let b = 0;
      for (let j = start; j < end; j++) {
        const i = ord[j] as number;
        if (goLeft[i] === 1) {
          ord[a] = i;
          sx[a] = sx[j] as number;
          sy[a] = sy[j] as number;
          if (sw !== null) sw[a] = sw[j] as number;
          a++;
        } else {
          tmp[b] = i;
          tmpX[b] = sx[j] as number;
          tmpY[b] = sy[j] as number;
          if (sw !== null) tmpW[b] = sw[j] as number;
          b++;
        }
      }
      ord.set(tmp.subarray(0, b), a);
      sx.set(tmpX.subarray(0, b), a);
      sy.set(tmpY.subarray(0, b), a);
      if (sw !== null) sw.set(tmpW.subarray(0, b), a);
    }
    partition(sampleIdx);
    const mid = start + nL;
    stack.push({ start: mid, end, depth: depth + 1, parent: id, isLeft: false });
    stack.push({ start, end: mid, depth: depth + 1, parent: id, isLeft: true });
  }
  return nodes;
}
