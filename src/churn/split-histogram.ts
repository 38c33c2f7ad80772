/**
 * Split finder for low-cardinality numeric columns (3..256 distinct values, no missing values) in unweighted fits:
 * a per-node class histogram whose bins are the column's distinct values, scanned in value order. It meets the
 * same candidates, with the same exact integer counts, as scanning the node's samples sorted by value
 * (histogram.ts explains why nothing is approximated).
 */
import type { EncodedData } from './encode.js';
import { binColumns, FEATURE_THRESHOLD, fewDistinctValues, histogramCounts, type BinnedColumns } from './histogram.js';
import { proxyImprovement } from './impurity.js';
import type { BestSplit, NodeView, SplitContext } from './best-split.js';

export class HistogramFinder {
  private readonly bins: BinnedColumns | null;
  private readonly hist: Int32Array | null;

  /** `skip[f] === 1` keeps feature f out (it is handled by another finder). Weighted fits bin nothing. */
  constructor(data: EncodedData, skip: (f: number) => boolean) {
    const { features, columns, n } = data;
    const k = data.classes.length;
    this.bins = data.weighted ? null : binColumns(columns, features.map((feat, j) => (feat.type === 'numeric' && !skip(j) ? fewDistinctValues(columns[j] as Float64Array) : null)), n);
    this.hist = this.bins !== null && this.bins.count > 0 ? new Int32Array((this.bins.offset[this.bins.count]!) * k) : null;
  }

  /** Is feature `f` handled here? */
  has(f: number): boolean {
    return this.hist !== null && (this.bins as BinnedColumns).slotOf[f] !== -1;
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
