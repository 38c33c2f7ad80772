/**
 * Class counts per node without sorted lists, for columns with few distinct values and no missing values:
 * - two-valued columns (one-hot, flags): SWAR byte-lane counters, four features per 32-bit word;
 * - low-cardinality columns (3..256 distinct values: counts, months, ratings), unweighted fits only: a per-node
 *   class histogram over the column's distinct values, scanned in value order.
 * Both give exactly the class counts, candidate thresholds and order of candidates that scanning the node's samples
 * sorted by value gives (the histogram bins ARE the distinct values), so the tree is the same, while a node costs
 * one pass over its samples instead of keeping a sorted list partitioned (histogram-based split finding as in
 * LightGBM, Ke et al., NeurIPS 2017, here with one bin per distinct value, so nothing is approximated).
 */

/** scikit-learn's FEATURE_THRESHOLD in `_splitter.pyx`: values closer than this count as equal. */
export const FEATURE_THRESHOLD = 1e-7;

/**
 * The two values of a two-valued column without missing values (one-hot, flags), lower first; null for anything else
 * (constant, three or more values, NaN, or two values closer than FEATURE_THRESHOLD). Branch-free over the column:
 * 0/1 columns alternate unpredictably, and a mispredicted branch per element cost four times the arithmetic.
 */
export function twoValues(col: Float64Array): [number, number] | null {
  const n = col.length;
  const a = col[0]!;
  if (a !== a) return null;
  let i = 1;
  while (i < n && col[i] === a) i++;
  if (i === n) return null;
  const b = col[i]!;
  let other = 0;
  // Comparisons as 0/1 numbers, not branches; NaN differs from both.
  for (; i < n; i++) {
    const v = col[i]!;
    other |= +(v !== a) & +(v !== b);
  }
  if (other !== 0) return null;
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  return hi <= lo + FEATURE_THRESHOLD ? null : [lo, hi];
}

/**
 * Row-major codes of the two-valued columns, four features per 32-bit word (one byte each, 1 = the sample has the
 * lower value): word i·W + q holds features 4q…4q+3 of sample i, W = ⌈B/4⌉.
 */
export function lowerValueCodes(columns: readonly Float64Array[], pairs: ReadonlyArray<[number, number] | null>, B: number, n: number): Int32Array {
  const W = (B + 3) >> 2;
  const code = new Int32Array(n * W);
  // One call per column with nothing after its loop: a `forEach` callback whose loop was OSR-compiled before the
  // statement after it (`slot++`) ever ran kept re-entering the same cached OSR code and deoptimising there, once
  // per column (42 deopts in a cold Telco fit; --trace-deopt, issue 23).
  const cols: number[] = [];
  pairs.forEach((pair, j) => {
    if (pair !== null) cols.push(j);
  });
  for (let slot = 0; slot < cols.length; slot++) {
    const j = cols[slot]!;
    markLowerValue(code, columns[j] as Float64Array, (pairs[j] as [number, number])[0], slot, W, n);
  }
  return code;
}

/** Set byte `slot & 3` of word `slot >> 2` of each sample's codes to 1 where the column holds `lo`. */
function markLowerValue(code: Int32Array, col: Float64Array, lo: number, slot: number, W: number, n: number): void {
  const shift = (slot & 3) * 8;
  for (let i = 0, o = slot >> 2; i < n; i++, o += W) code[o] = (code[o]!) | (+(col[i] === lo) << shift);
}

/** A byte lane counts at most 255 samples before it is flushed into the 32-bit counts. */
const LANE_MAX = 255;

/**
 * Unweighted class counts of the lower value for every two-valued feature of a node, in one pass over its samples:
 * `count[c·B + slot]` = samples of class c with the lower value. SWAR ("SIMD within a register", Fisher & Dietz
 * 1998): adding a sample's code words adds 1 to four byte-lane counters at once; lanes are flushed every 255 samples,
 * before any can carry into its neighbour.
 */
export function countTwoValued(code: Int32Array, B: number, sampleIdx: Int32Array, start: number, end: number, y: Int32Array, k: number, lanes: Int32Array, count: Int32Array): void {
  count.fill(0);
  lanes.fill(0);
  if (countLanes(code, B, sampleIdx, start, end, y, k, lanes, count) > 0) flushLanes(lanes, B, k, count);
}

/**
 * The sample loop of countTwoValued; returns the samples not yet flushed. Nothing follows the loop: code after a
 * loop that V8 compiled on-stack (OSR) before that code first ran has no type feedback, and the cached OSR code
 * deoptimised there on every node of a cold fit (up to 17 times per Telco fit; --trace-deopt, issue 23).
 */
function countLanes(code: Int32Array, B: number, sampleIdx: Int32Array, start: number, end: number, y: Int32Array, k: number, lanes: Int32Array, count: Int32Array): number {
  const W = (B + 3) >> 2;
  let pending = 0;
  for (let j = start; j < end; j++) {
    const i = sampleIdx[j]!;
    const from = i * W;
    const to = (y[i]!) * W;
    for (let q = 0; q < W; q++) lanes[to + q] = ((lanes[to + q]!) + (code[from + q]!)) | 0;
    if (++pending === LANE_MAX) {
      flushLanes(lanes, B, k, count);
      pending = 0;
    }
  }
  return pending;
}

/** Add the byte-lane counters into `count` and zero them. */
function flushLanes(lanes: Int32Array, B: number, k: number, count: Int32Array): void {
  const W = (B + 3) >> 2;
  for (let c = 0; c < k; c++) {
    for (let s = 0; s < B; s++) {
      const v = ((lanes[c * W + (s >> 2)]!) >>> ((s & 3) * 8)) & 0xff;
      count[c * B + s] = (count[c * B + s]!) + v;
    }
  }
  lanes.fill(0);
}

/**
 * Weighted version: class weights `w[c·B + slot]`, total weight `wL[slot]` and sample count `count[slot]` of the lower
 * value. Each sum adds the same weights in the same (sample) order as a per-feature pass would, plus exact zeros.
 */
export function weighTwoValued(
  code: Int32Array,
  B: number,
  sampleIdx: Int32Array,
  start: number,
  end: number,
  y: Int32Array,
  weight: Float64Array,
  count: Int32Array,
  w: Float64Array,
  wL: Float64Array,
): void {
  const W = (B + 3) >> 2;
  count.fill(0);
  w.fill(0);
  wL.fill(0);
  for (let j = start; j < end; j++) {
    const i = sampleIdx[j]!;
    const from = i * W;
    const to = (y[i]!) * B;
    const wi = weight[i]!;
    for (let s = 0; s < B; s++) {
      const c = ((code[from + (s >> 2)]!) >>> ((s & 3) * 8)) & 1;
      count[s] = (count[s]!) + c;
      w[to + s] = (w[to + s]!) + c * wi;
      wL[s] = (wL[s]!) + c * wi;
    }
  }
}

/** Most distinct values a column may have to be binned (codes fit in a byte). */
export const MAX_BINS = 256;

/** Low-cardinality columns binned by distinct value: codes row-major, one byte per (sample, column). */
export interface BinnedColumns {
  /** Number of binned columns S. */
  count: number;
  /** Slot of each feature among the binned ones, −1 when not binned. */
  slotOf: Int32Array;
  /** Distinct values of each binned column, ascending. */
  values: Float64Array[];
  /** First bin of each slot in the concatenated bins; `offset[S]` = total bins. */
  offset: Int32Array;
  /** Byte i·S + slot = rank of sample i's value among the column's distinct values. */
  codes: Uint8Array;
}

/** Small non-negative integers (counts, months, ratings) are tallied in a table instead of a Set. */
const SMALL_INT_LIMIT = 1 << 16;

/** The distinct values of a column without missing values, ascending, when there are 3..MAX_BINS of them; else null. */
export function fewDistinctValues(col: Float64Array): Float64Array | null {
  const small = smallIntDistinct(col);
  if (small !== undefined) return small;
  const seen = new Set<number>();
  for (let i = 0; i < col.length; i++) {
    const v = col[i]!;
    if (v !== v) return null; // missing values take the sorted-list path, which learns their side
    seen.add(v); // Set uses SameValueZero: −0 and +0 are one value, as in a numeric sort
    if (seen.size > MAX_BINS) return null;
  }
  if (seen.size < 3) return null;
  return Float64Array.from(seen).sort();
}

/** fewDistinctValues for columns of integers in [0, 2^16); `undefined` when the column has other values. */
function smallIntDistinct(col: Float64Array): Float64Array | null | undefined {
  const present = new Uint8Array(SMALL_INT_LIMIT);
  let distinct = 0;
  for (let i = 0; i < col.length; i++) {
    const v = col[i]!;
    // v >>> 0 === v holds only for integers in [0, 2^32) (false for NaN, fractions and negatives; −0 counts as 0).
    if (!(v >>> 0 === v && v < SMALL_INT_LIMIT)) return undefined;
    if (present[v] === 0) {
      present[v] = 1;
      if (++distinct > MAX_BINS) return null;
    }
  }
  if (distinct < 3) return null;
  const values = new Float64Array(distinct);
  for (let v = 0, q = 0; q < distinct; v++) if (present[v] === 1) values[q++] = v;
  return values;
}

/** Bin the chosen columns: `chosen[j]` = the distinct values of column j, or null to leave it out. */
export function binColumns(columns: readonly Float64Array[], chosen: ReadonlyArray<Float64Array | null>, n: number): BinnedColumns {
  const slotOf = new Int32Array(columns.length).fill(-1);
  const values: Float64Array[] = [];
  chosen.forEach((vals, j) => {
    if (vals === null) return;
    slotOf[j] = values.length;
    values.push(vals);
  });
  const S = values.length;
  const offset = new Int32Array(S + 1);
  for (let s = 0; s < S; s++) offset[s + 1] = (offset[s]!) + (values[s] as Float64Array).length;
  const codes = new Uint8Array(n * S);
  chosen.forEach((vals, j) => {
    if (vals === null) return;
    const s = slotOf[j]!;
    const col = columns[j] as Float64Array;
    if (vals.every((v) => v >>> 0 === v && v < SMALL_INT_LIMIT)) {
      // Small non-negative integers: rank by table lookup.
      const rankOf = new Uint8Array((vals[vals.length - 1]!) + 1);
      vals.forEach((v, r) => {
        rankOf[v] = r;
      });
      for (let i = 0, o = s; i < n; i++, o += S) codes[o] = rankOf[col[i]!] as number;
    } else {
      const rank = new Map<number, number>();
      vals.forEach((v, r) => rank.set(v, r));
      for (let i = 0, o = s; i < n; i++, o += S) codes[o] = rank.get(col[i]!) as number;
    }
  });
  return { count: S, slotOf, values, offset, codes };
}

/**
 * Per-node class histograms of every binned column in one pass over the node's samples:
 * `hist[(offset[s] + bin)·k + c]` = samples of class c whose column-s value is bin `bin`. Unweighted: exact integers.
 */
export function histogramCounts(binned: BinnedColumns, sampleIdx: Int32Array, start: number, end: number, y: Int32Array, k: number, hist: Int32Array): void {
  const { count: S, offset, codes } = binned;
  hist.fill(0);
  for (let j = start; j < end; j++) {
    const i = sampleIdx[j]!;
    const from = i * S;
    const c = y[i]!;
    for (let s = 0; s < S; s++) {
      const h = ((offset[s]!) + (codes[from + s]!)) * k + c;
      hist[h] = (hist[h]!) + 1;
    }
  }
}
