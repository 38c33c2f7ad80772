/**
 * Split finder for two-valued numeric columns without missing values (one-hot, flags): a single candidate,
 * `x <= (lo + hi) / 2`. A node's class counts of the lower value come for every such column at once from one pass
 * over its samples (SWAR byte lanes, histogram.ts), instead of a sorted list per column.
 */
import type { EncodedData } from './encode.js';
import { countTwoValued, lowerValueCodes, twoValues, weighTwoValued } from './histogram.js';
import { proxyImprovement } from './impurity.js';
import type { BestSplit, NodeView, SplitContext } from './best-split.js';

export class TwoValuedFinder {
  /** Number of two-valued columns. */
  readonly count: number;
  /** Slot of each feature among the two-valued ones (−1 for the others). */
  readonly slotOf: Int32Array;
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  /** Row-major codes, 1 = the sample has the lower value (four features per 32-bit word). */
  private readonly code: Int32Array;
  /** Per node: class counts (unweighted) or sample counts (weighted) of the lower value. */
  private readonly nCount: Int32Array;
  private readonly w: Float64Array | null;
  private readonly wL: Float64Array | null;
  private readonly lanes: Int32Array;

  constructor(data: EncodedData) {
    const { features, columns, n } = data;
    const k = data.classes.length;
    const d = features.length;
    this.slotOf = new Int32Array(d).fill(-1);
    this.lo = new Float64Array(d);
    this.hi = new Float64Array(d);
    const pairs = features.map((feat, j) => (feat.type === 'numeric' ? twoValues(columns[j] as Float64Array) : null));
    let B = 0;
    pairs.forEach((pair, j) => {
      if (pair === null) return;
      this.lo[j] = pair[0];
      this.hi[j] = pair[1];
      this.slotOf[j] = B++;
    });
    this.count = B;
    this.code = lowerValueCodes(columns, pairs, B, n);
    const unweighted = !data.weighted;
    this.nCount = new Int32Array(unweighted ? k * B : B);
    this.w = unweighted ? null : new Float64Array(k * B);
    this.wL = unweighted ? null : new Float64Array(B);
    this.lanes = new Int32Array(k * ((B + 3) >> 2));
  }

  /** Is feature `f` handled here? */
  has(f: number): boolean {
    return this.slotOf[f] !== -1;
  }

  /** Count the node's samples for every two-valued column (call once per node, before `find`). */
  prepare(data: EncodedData, sampleIdx: Int32Array, node: NodeView): void {
    if (this.count === 0) return;
    const k = data.classes.length;
    if (this.w === null) countTwoValued(this.code, this.count, sampleIdx, node.start, node.end, data.y, k, this.lanes, this.nCount);
    else weighTwoValued(this.code, this.count, sampleIdx, node.start, node.end, data.y, data.weight, this.nCount, this.w, this.wL as Float64Array);
  }

  /** Offer feature `f`'s one candidate to `best`. */
  find(f: number, node: NodeView, ctx: SplitContext, best: BestSplit): void {
    const slot = this.slotOf[f]!;
    const { k, left } = ctx;
    const B = this.count;
    let wL = 0;
    let nLo = 0;
    if (this.w === null) {
      for (let c = 0; c < k; c++) {
        const v = this.nCount[c * B + slot]!;
        left[c] = v;
        nLo += v;
      }
      wL = nLo;
    } else {
      for (let c = 0; c < k; c++) left[c] = this.w[c * B + slot]!;
      wL = (this.wL as Float64Array)[slot] as number;
      nLo = this.nCount[slot]!;
    }
    if (nLo === 0 || nLo === node.nNode) return; // constant in this node
    const nR = node.nNode - nLo;
    if (nLo < ctx.minLeaf || nR < ctx.minLeaf) return;
    const proxy = proxyImprovement(ctx.criterion, left, wL, node.total, node.wNode, k);
    if (proxy > best.proxy) best.offerNumeric(proxy, f, this.lo[f]!, this.hi[f]!, 0, nLo, nR, false);
  }
}
