/**
 * Split finder for continuous numeric columns (and any numeric column with missing values): every such column is
 * presorted once; each node owns the same segment [start, end) of every sorted list, and a split stably
 * partitions those segments, so a level costs O(d·n) (scikit-learn's BestSplitter over presorted features; the
 * value, class and weight are stored contiguously per list, SPRINT-style: Shafer, Agrawal & Mehta, VLDB 1996).
 * Missing values (NaN) sort last; both sides are tried for them, then the missing-vs-present split
 * (scikit-learn ≥ 1.3).
 */
import type { EncodedData } from './encode.js';
import { FEATURE_THRESHOLD } from './histogram.js';
import { proxyImprovement } from './impurity.js';
import { argsortFloat64 } from './sort.js';
import type { BestSplit, NodeView, SplitContext } from './best-split.js';

/**
 * The left count of a threshold between sorted positions p − 1 and p (`first` = the segment's start
 * minus the missing values sent left), or −1 when there is none there: tied values, or a side with
 * fewer than `minLeaf` samples.
 */
function leftCount(sx: Float64Array, p: number, first: number, nNode: number, minLeaf: number): number {
  if (sx[p]! <= sx[p - 1]! + FEATURE_THRESHOLD) return -1;
  const nL = p - first;
  return nL < minLeaf || nNode - nL < minLeaf ? -1 : nL;
}

export class SortedFinder {
  /** Per feature: sample indices sorted by value (null when the feature is not handled here). */
  private readonly order: Array<Int32Array | null>;
  private readonly sx: Array<Float64Array | null>;
  private readonly sy: Array<Int32Array | null>;
  private readonly sw: Array<Float64Array | null>;
  private readonly tmp: Int32Array;
  private readonly tmpX: Float64Array;
  private readonly tmpY: Int32Array;
  private readonly tmpW: Float64Array;
  private readonly giniBinary: boolean;
  /** 1 = the feature is constant (without missing values) in the current node, so in its whole subtree. */
  readonly constantHere: Uint8Array;

  /** Sorts every numeric feature for which `skip(f)` is false. */
  constructor(data: EncodedData, criterion: 'gini' | 'entropy', skip: (f: number) => boolean) {
    const { n, columns, y, weight, features } = data;
    this.order = features.map((f, j) => (f.type === 'numeric' && !skip(j) ? argsortFloat64(columns[j] as Float64Array) : null));
    this.sx = [];
    this.sy = [];
    this.sw = [];
    for (let f = 0; f < features.length; f++) {
      const ord = this.order[f] as Int32Array | null;
      if (ord === null) {
        this.sx.push(null);
        this.sy.push(null);
        this.sw.push(null);
        continue;
      }
      const col = columns[f] as Float64Array;
      const sx = new Float64Array(n);
      const sy = new Int32Array(n);
      const sw = data.weighted ? new Float64Array(n) : null;
      for (let p = 0; p < n; p++) {
        const i = ord[p]!;
        sx[p] = col[i]!;
        sy[p] = y[i]!;
        if (sw !== null) sw[p] = weight[i]!;
      }
      this.sx.push(sx);
      this.sy.push(sy);
      this.sw.push(sw);
    }
    this.tmp = new Int32Array(n);
    this.tmpX = new Float64Array(n);
    this.tmpY = new Int32Array(n);
    this.tmpW = new Float64Array(n);
    this.giniBinary = criterion === 'gini' && data.classes.length === 2;
    this.constantHere = new Uint8Array(features.length);
  }

  /** Is feature `f` handled here? */
  has(f: number): boolean {
    return this.order[f] !== null;
  }

  /** Start a node: no feature is known constant in it yet. */
  prepare(): void {
    this.constantHere.fill(0);
  }

  /** Offer feature `f`'s candidates to `best`: thresholds ascending, "missing right" then "missing left", then missing vs present. */
  find(f: number, node: NodeView, ctx: SplitContext, best: BestSplit): void {
    const { start, end, nNode, total, wNode } = node;
    const { k, left, missW, minLeaf, criterion } = ctx;
    const sx = this.sx[f] as Float64Array;
    const sy = this.sy[f] as Int32Array;
    const sw = this.sw[f] ?? null;
    let endNM = end;
    while (endNM > start && Number.isNaN(sx[endNM - 1]!)) endNM--;
    const nMiss = end - endNM;
    if (endNM === start) return; // all missing
    const constant = (sx[endNM - 1]!) <= (sx[start]!) + FEATURE_THRESHOLD;
    if (constant && nMiss === 0) {
      // Constant here stays constant below: its list never needs partitioning in this subtree.
      this.constantHere[f] = 1;
      return;
    }
    missW.fill(0);
    let wMiss = 0;
    for (let j = endNM; j < end; j++) {
      const w = sw === null ? 1 : (sw[j]!);
      missW[sy[j]!] = (missW[sy[j]!] as number) + w;
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
      if (this.giniBinary) {
        // Inlined two-class gini proxy; the same arithmetic, in the same order, as proxyImprovement.
        let l0 = left[0]!;
        let l1 = left[1]!;
        const t0 = total[0]!;
        const t1 = total[1]!;
        for (let p = start + 1; p < endNM; p++) {
          const wPrev = sw === null ? 1 : (sw[p - 1]!);
          if (sy[p - 1] === 0) l0 += wPrev;
          else l1 += wPrev;
          wL += wPrev;
          const nL = leftCount(sx, p, start - extraL, nNode, minLeaf);
          if (nL < 0) continue;
          const wR = wNode - wL;
          const r0 = t0 - l0;
          const r1 = t1 - l1;
          const giniL = 1 - (l0 * l0 + l1 * l1) / (wL * wL);
          const giniR = 1 - (r0 * r0 + r1 * r1) / (wR * wR);
          const proxy = -wR * giniR - wL * giniL;
          if (proxy > best.proxy) best.offerNumeric(proxy, f, sx[p - 1]!, sx[p]!, nMiss, nL, nNode - nL, missingLeft);
        }
      } else {
        for (let p = start + 1; p < endNM; p++) {
          const cPrev = sy[p - 1]!;
          const wPrev = sw === null ? 1 : (sw[p - 1]!);
          left[cPrev] = (left[cPrev]!) + wPrev;
          wL += wPrev;
          const nL = leftCount(sx, p, start - extraL, nNode, minLeaf);
          if (nL < 0) continue;
          const proxy = proxyImprovement(criterion, left, wL, total, wNode, k);
          if (proxy > best.proxy) best.offerNumeric(proxy, f, sx[p - 1]!, sx[p]!, nMiss, nL, nNode - nL, missingLeft);
        }
      }
    }
    if (nMiss > 0) {
      // Every present value left, every missing value right (scikit-learn's threshold = +inf split).
      const nL = nNode - nMiss;
      if (nL >= minLeaf && nMiss >= minLeaf) {
        for (let c = 0; c < k; c++) left[c] = (total[c]!) - (missW[c]!);
        const proxy = proxyImprovement(criterion, left, wNode - wMiss, total, wNode, k);
        if (proxy > best.proxy) best.offerMissingVsPresent(proxy, f, nMiss, nL);
      }
    }
  }

  /** Stably partition the segment [start, end) of every list not constant in the node: `goLeft[i] === 1` first. */
  partition(goLeft: Uint8Array, start: number, end: number): void {
    const { tmp, tmpX, tmpY, tmpW } = this;
    for (let g = 0; g < this.order.length; g++) {
      const ord = this.order[g] as Int32Array | null;
      if (ord === null || this.constantHere[g] === 1) continue;
      const sx = this.sx[g] as Float64Array;
      const sy = this.sy[g] as Int32Array;
      const sw = this.sw[g] ?? null;
      let a = start;
      let b = 0;
      for (let j = start; j < end; j++) {
        const i = ord[j]!;
        if (goLeft[i] === 1) {
          ord[a] = i;
          sx[a] = sx[j]!;
          sy[a] = sy[j]!;
          if (sw !== null) sw[a] = sw[j]!;
          a++;
        } else {
          tmp[b] = i;
          tmpX[b] = sx[j]!;
          tmpY[b] = sy[j]!;
          if (sw !== null) tmpW[b] = sw[j]!;
          b++;
        }
      }
      ord.set(tmp.subarray(0, b), a);
      sx.set(tmpX.subarray(0, b), a);
      sy.set(tmpY.subarray(0, b), a);
      if (sw !== null) sw.set(tmpW.subarray(0, b), a);
    }
  }
}
