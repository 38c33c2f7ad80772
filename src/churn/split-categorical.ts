/**
 * Split finder for categorical columns (levels coded 0..L−1, NaN = missing): per-level class weights in the node,
 * then either the ordered-prefix search or all subsets.
 * - Two classes without a leaf-size constraint: levels ordered by their positive-class rate, and only the L−1
 *   prefixes scanned (Breiman et al. 1984 §9.4; Ripley 1996 p. 237: this finds the optimal subset for gini and
 *   entropy).
 * - More classes, or minSamplesLeaf > 1 (the ordering theorem does not cover constrained leaves): all 2^(P−1)−1
 *   subsets of the P present levels when P ≤ 12; beyond 12 the levels are ordered by the rate of the node's majority
 *   class (a heuristic, documented).
 * Missing values: both sides are tried, then "every present level left, missing right".
 */
import type { EncodedData } from './encode.js';
import { proxyImprovement } from './impurity.js';
import type { BestSplit, NodeView, SplitContext } from './best-split.js';
import type { HistogramFinder } from './split-histogram.js';

/** Exhaustive categorical subsets up to this many present levels. */
export const MAX_EXHAUSTIVE_LEVELS = 12;

export class CategoricalFinder {
  /** The most levels of any categorical feature (≥ 1). */
  readonly maxLevels: number;
  private readonly catW: Float64Array;
  private readonly catN: Int32Array;
  /** The present levels of the node, ascending. */
  private readonly present: Int32Array;
  private readonly rate: Float64Array;
  private readonly trial: Uint8Array;
  // Per call (set by find, read by trySplit).
  private P = 0;
  private nMiss = 0;
  private wMiss = 0;

  constructor(data: EncodedData) {
    let maxLevels = 1;
    for (const f of data.features) if (f.levels !== undefined) maxLevels = Math.max(maxLevels, f.levels.length);
    const k = data.classes.length;
    this.maxLevels = maxLevels;
    this.catW = new Float64Array(maxLevels * k);
    this.catN = new Int32Array(maxLevels);
    this.present = new Int32Array(maxLevels);
    this.rate = new Float64Array(maxLevels);
    this.trial = new Uint8Array(maxLevels);
  }

  /** Offer feature `f`'s level sets to `best`. */
  find(f: number, data: EncodedData, sampleIdx: Int32Array, node: NodeView, ctx: SplitContext, best: BestSplit, histogram?: HistogramFinder): void {
    const { k, missW, minLeaf } = ctx;
    const { catW, catN, present, trial } = this;
    const col = data.columns[f] as Float64Array;
    const { y, weight } = data;
    const L = (data.features[f]?.levels as string[]).length;
    missW.fill(0);
    let wMiss = 0;
    let nMiss = 0;
    // Binned (unweighted, no missing values): the node's per-level counts come from the shared histogram pass.
    const binned = histogram !== undefined && histogram.levelCounts(f, k, catW, catN);
    if (!binned) {
      catW.fill(0, 0, L * k);
      catN.fill(0, 0, L);
    }
    for (let j = binned ? node.end : node.start; j < node.end; j++) {
      const i = sampleIdx[j]!;
      const v = col[i]!;
      const c = y[i]!;
      const w = weight[i]!;
      if (v !== v) {
        missW[c] = (missW[c]!) + w;
        wMiss += w;
        nMiss++;
      } else {
        catW[v * k + c] = (catW[v * k + c]!) + w;
        catN[v] = (catN[v]!) + 1;
      }
    }
    let P = 0;
    for (let l = 0; l < L; l++) if ((catN[l]!) > 0) present[P++] = l;
    if (P === 0) return;
    this.P = P;
    this.nMiss = nMiss;
    this.wMiss = wMiss;
    const passes = nMiss > 0 ? 2 : 1;
    if (P >= 2) {
      if ((k === 2 && minLeaf === 1) || P > MAX_EXHAUSTIVE_LEVELS) {
        // Order present levels by the rate of the positive class (k = 2) or of the node's majority class.
        let ref = 1;
        if (k > 2) {
          ref = 0;
          for (let c = 1; c < k; c++) if ((node.total[c]!) > (node.total[ref]!)) ref = c;
        }
        for (let q = 0; q < P; q++) {
          const l = present[q]!;
          let s = 0;
          for (let c = 0; c < k; c++) s += catW[l * k + c]!;
          this.rate[l] = s > 0 ? (catW[l * k + ref]!) / s : 0;
        }
        const rate = this.rate;
        const ordered = Array.from(present.subarray(0, P)).sort((a, b) => (rate[a]!) - (rate[b]!) || a - b);
        for (let pass = 0; pass < passes; pass++) {
          trial.fill(0);
          let nLPresent = 0;
          for (let q = 0; q < P - 1; q++) {
            const l = ordered[q]!;
            trial[l] = 1;
            nLPresent += catN[l]!;
            this.trySplit(f, nLPresent, pass === 1, node, ctx, best);
          }
        }
      } else {
        // All 2^(P−1)−1 subsets not containing the last present level, in increasing bit-mask order.
        const limit = 1 << (P - 1);
        for (let pass = 0; pass < passes; pass++) {
          for (let mask = 1; mask < limit; mask++) {
            trial.fill(0);
            let nLPresent = 0;
            for (let q = 0; q < P - 1; q++) {
              if ((mask >> q) & 1) {
                const l = present[q]!;
                trial[l] = 1;
                nLPresent += catN[l]!;
              }
            }
            this.trySplit(f, nLPresent, pass === 1, node, ctx, best);
          }
        }
      }
    }
    if (nMiss > 0) {
      trial.fill(0);
      let nLPresent = 0;
      for (let q = 0; q < P; q++) {
        trial[present[q]!] = 1;
        nLPresent += catN[present[q]!] as number;
      }
      this.trySplit(f, nLPresent, false, node, ctx, best);
    }
  }

  /** Evaluate the level set in `trial` (plus the missing values when `missingLeft`) and offer it. */
  private trySplit(f: number, nLPresent: number, missingLeft: boolean, node: NodeView, ctx: SplitContext, best: BestSplit): void {
    const { k, left, missW } = ctx;
    const { P, nMiss, catW, present, trial } = this;
    const nL = nLPresent + (missingLeft ? nMiss : 0);
    const nR = node.nNode - nL;
    if (nL < ctx.minLeaf || nR < ctx.minLeaf) return;
    let wL = 0;
    if (missingLeft) {
      left.set(missW);
      wL = this.wMiss;
    } else left.fill(0);
    for (let q = 0; q < P; q++) {
      const l = present[q]!;
      if (trial[l] !== 1) continue;
      for (let c = 0; c < k; c++) {
        const v = catW[l * k + c]!;
        left[c] = (left[c]!) + v;
        wL += v;
      }
    }
    const proxy = proxyImprovement(ctx.criterion, left, wL, node.total, node.wNode, k);
    if (proxy > best.proxy) best.offerCategorical(proxy, f, trial, present, P, nMiss, nL, nR, missingLeft);
  }
}
