/**
 * Split finder for low-cardinality numeric columns (3..256 distinct values, no missing values) in unweighted fits:
 * a per-node class histogram whose bins are the column's distinct values, scanned in value order. It meets the
 * same candidates, with the same exact integer counts, as scanning the node's samples sorted by value
 * (histogram.ts explains why nothing is approximated).
 */
import type { EncodedData } from './encode.js';
import { binColumns, FEATURE_THRESHOLD, fewDistinctValues, histogramCounts, MAX_BINS, type BinnedColumns } from './histogram.js';
import { proxyImprovement } from './impurity.js';
import type { BestSplit, NodeView, SplitContext } from './best-split.js';

export class HistogramFinder {
  private readonly bins: BinnedColumns | null;
  private readonly hist: Int32Array | null;
  /** 1 for the categorical features binned here (their splits stay with CategoricalFinder, which reads `levelCounts`). */
  private readonly categorical: Uint8Array;

  /**
   * `skip[f] === 1` keeps feature f out (it is handled by another finder). Weighted fits bin nothing. Categorical
   * features without missing values and with at most MAX_BINS levels are binned too (bin = level code), so the one
   * pass per node that fills the numeric histograms also gives every categorical feature its per-level class counts,
   * instead of one pass over the node's samples per categorical feature (issue 23: ~30 % of a cold Telco fit).
   */
  constructor(data: EncodedData, skip: (f: number) => boolean) {
    const { features, columns, n } = data;
    const k = data.classes.length;
    this.categorical = new Uint8Array(features.length);
    const chosen = features.map((feat, j): Float64Array | null => {
      if (skip(j)) return null;
      const col = columns[j] as Float64Array;
      if (feat.type === 'numeric') return fewDistinctValues(col);
      const levels = feat.levels?.length ?? 0;
      if (levels < 1 || levels > MAX_BINS || hasMissing(col)) return null;
      this.categorical[j] = 1;
      return Float64Array.from({ length: levels }, (_, l) => l);
    });
    this.bins = data.weighted ? null : binColumns(columns, chosen, n);
    this.hist = this.bins !== null && this.bins.count > 0 ? new Int32Array((this.bins.offset[this.bins.count]!) * k) : null;
  }

  /** Is numeric feature `f` handled here? */
  has(f: number): boolean {
    return this.hist !== null && this.categorical[f] === 0 && (this.bins as BinnedColumns).slotOf[f] !== -1;
  }

  /**
   * For a binned categorical feature, after `prepare`: the node's class counts per level into `catW` (as weights:
   * unweighted fits weigh every sample 1, so these are the same exact integers a per-sample pass adds up) and
   * sample counts into `catN`; returns false (and fills nothing) when `f` is not binned here.
   */
  levelCounts(f: number, k: number, catW: Float64Array, catN: Int32Array): boolean {
    if (this.hist === null || this.categorical[f] === 0) return false;
    const bins = this.bins as BinnedColumns;
    const s = bins.slotOf[f]!;
    const L = (bins.values[s] as Float64Array).length;
    const hist = this.hist;
    const h0 = (bins.offset[s]!) * k;
    for (let l = 0; l < L; l++) {
      let nl = 0;
      for (let c = 0; c < k; c++) {
        const v = hist[h0 + l * k + c]!;
        catW[l * k + c] = v;
        nl += v;
      }
      catN[l] = nl;
    }
    return true;
  }

  /** Fill the node's histograms of every binned column (call once per node, before `find`). */
  prepare(data: EncodedData, sampleIdx: Int32Array, node: NodeView): void {
    if (this.hist !== null) histogramCounts(this.bins as BinnedColumns, sampleIdx, node.start, node.end, data.y, data.classes.length, this.hist);
  }

  /** Offer feature `f`'s candidates, thresholds ascending, to `best`. */
  find(f: number, node: NodeView, ctx: SplitContext, best: BestSplit): void {
    const bins = this.bins as BinnedColumns;
    const hist = this.hist as Int32Array;
    const { k, left, minLeaf } = ctx;
    const s = bins.slotOf[f]!;
    const vals = bins.values[s] as Float64Array;
    const h0 = (bins.offset[s]!) * k;
    left.fill(0);
    let nL = 0;
    let prev = -1;
    for (let v = 0; v < vals.length; v++) {
      let nBin = 0;
      for (let c = 0; c < k; c++) nBin += hist[h0 + v * k + c]!;
      if (nBin === 0) continue;
      if (prev >= 0) {
        // The same candidate the sorted scan meets between the last sample of value `prev` and the first of `v`.
        const xPrev = vals[prev]!;
        const x = vals[v]!;
        const nR = node.nNode - nL;
        if (!(x <= xPrev + FEATURE_THRESHOLD) && nL >= minLeaf && nR >= minLeaf) {
          const proxy = proxyImprovement(ctx.criterion, left, nL, node.total, node.wNode, k);
          if (proxy > best.proxy) best.offerNumeric(proxy, f, xPrev, x, 0, nL, nR, false);
        }
      }
      for (let c = 0; c < k; c++) left[c] = (left[c]!) + (hist[h0 + v * k + c]!);
      nL += nBin;
      prev = v;
    }
  }
}

/** Does the column hold a missing value (NaN)? */
function hasMissing(col: Float64Array): boolean {
  for (let i = 0; i < col.length; i++) if (col[i] !== col[i]) return true;
  return false;
}
