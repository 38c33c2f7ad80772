/**
 * The one best-split record of the CART builder (grow.ts) and what every split finder shares: the node being split
 * and the per-fit scratch. Each finder (split-two-valued.ts, split-histogram.ts, split-sorted.ts,
 * split-categorical.ts) offers its candidates to {@link BestSplit}, which keeps the first one with the largest
 * proxy (`offer*` is called only when `proxy > best.proxy`, so ties keep the earlier candidate, see grow.ts).
 */
import type { CategoricalSplit, NumericSplit, TreeFeature } from './types.js';

/** The node a finder searches: its segment [start, end) of the sample lists, and its class totals. */
export interface NodeView {
  start: number;
  end: number;
  /** end − start. */
  nNode: number;
  /** Weighted class totals of the node (length k). */
  total: Float64Array;
  /** Σ weights of the node. */
  wNode: number;
}

/** What every finder reads: the fit's settings and two class-length scratch vectors. */
export interface SplitContext {
  k: number;
  criterion: 'gini' | 'entropy';
  minLeaf: number;
  /** Scratch: class weights of a candidate's left side. */
  left: Float64Array;
  /** Scratch: class weights of the node's missing values. */
  missW: Float64Array;
}

/** The best candidate so far in a node. */
export class BestSplit {
  proxy = Number.NEGATIVE_INFINITY;
  feature = -1;
  /** Numeric: threshold (NaN = the missing-vs-present split). */
  threshold = 0;
  missingGoesLeft = false;
  nMissing = 0;
  /** Categorical: 1 = the level goes left (a view of `levelBuffer`), else null. */
  levelLeft: Uint8Array | null = null;
  nLeft = 0;
  nRight = 0;
  private readonly levelBuffer: Uint8Array;

  constructor(maxLevels: number) {
    this.levelBuffer = new Uint8Array(maxLevels);
  }

  /** Start a new node. */
  reset(): void {
    this.proxy = Number.NEGATIVE_INFINITY;
    this.feature = -1;
  }

  /**
   * A numeric threshold between neighbouring values `xPrev < x` (scikit-learn's midpoint rule, falling back to the
   * lower value when the midpoint rounds to `x` or overflows). Without missing values in the node, they will go to
   * the larger child.
   */
  offerNumeric(proxy: number, f: number, xPrev: number, x: number, nMiss: number, nL: number, nR: number, missingLeft: boolean): void {
    let threshold = xPrev / 2 + x / 2;
    if (threshold === x || !Number.isFinite(threshold)) threshold = xPrev;
    this.proxy = proxy;
    this.feature = f;
    this.threshold = threshold;
    this.missingGoesLeft = nMiss === 0 ? nL > nR : missingLeft;
    this.nMissing = nMiss;
    this.levelLeft = null;
    this.nLeft = nL;
    this.nRight = nR;
  }

  /** Every present value left, every missing value right (scikit-learn's threshold = +inf split). */
  offerMissingVsPresent(proxy: number, f: number, nMiss: number, nPresent: number): void {
    this.proxy = proxy;
    this.feature = f;
    this.threshold = Number.NaN;
    this.missingGoesLeft = false;
    this.nMissing = nMiss;
    this.levelLeft = null;
    this.nLeft = nPresent;
    this.nRight = nMiss;
  }

  /** A set of levels: `mask[l] === 1` goes left, for the `P` present levels listed in `present`. */
  offerCategorical(proxy: number, f: number, mask: Uint8Array, present: Int32Array, P: number, nMiss: number, nL: number, nR: number, missingLeft: boolean): void {
    this.proxy = proxy;
    this.feature = f;
    this.threshold = 0;
    this.missingGoesLeft = nMiss === 0 ? nL > nR : missingLeft;
    this.nMissing = nMiss;
    const buf = this.levelBuffer;
    buf.fill(0);
    for (let q = 0; q < P; q++) {
      const l = present[q]!;
      buf[l] = mask[l]!;
    }
    this.levelLeft = buf;
    this.nLeft = nL;
    this.nRight = nR;
  }

  /** Does a present value `x` of the best feature go left? */
  goesLeft(x: number): boolean {
    if (x !== x) return this.missingGoesLeft;
    if (this.levelLeft !== null) return this.levelLeft[x] === 1;
    return Number.isNaN(this.threshold) ? true : x <= this.threshold;
  }

  /** The split as stored in the tree; `present[l] === 1` marks the levels seen in the node (categorical only). */
  toSplit(feature: TreeFeature, present: Uint8Array | null): NumericSplit | CategoricalSplit {
    if (this.levelLeft === null) {
      return {
        type: 'numeric',
        feature: this.feature,
        featureName: feature.name,
        threshold: Number.isNaN(this.threshold) ? null : this.threshold,
        missingGoesLeft: this.missingGoesLeft,
        nMissing: this.nMissing,
      };
    }
    const levels = feature.levels as string[];
    const left: string[] = [];
    const right: string[] = [];
    for (let l = 0; l < levels.length; l++) {
      if (present?.[l] !== 1) continue;
      if (this.levelLeft[l] === 1) left.push(levels[l] as string);
      else right.push(levels[l] as string);
    }
    return {
      type: 'categorical',
      feature: this.feature,
      featureName: feature.name,
      left,
      right,
      unseenGoesLeft: this.nLeft > this.nRight,
      missingGoesLeft: this.missingGoesLeft,
      nMissing: this.nMissing,
    };
  }
}
