/**
 * The two linear-interpolation quantile rules the RFM conventions are built on, written out
 * operation by operation so the edges match the reference implementations bit for bit.
 * Internal: not exported from the package.
 */

/**
 * Probabilities `i / k` for i = 0..k, as numpy `linspace(0, 1, k + 1)` and R
 * `seq(0, 1, length.out = k + 1)` both compute them (`i * (1 / k)`, last one exactly 1).
 */
export function probabilities(k: number): number[] {
  const step = 1 / k;
  const out: number[] = [];
  for (let i = 0; i < k; i++) out.push(i * step);
  out.push(1);
  return out;
}

/**
 * pandas 1.x `algos.quantile` (used by `pd.qcut`): on sorted values, `idx = p·(n−1)`; an integer
 * index returns that value, otherwise `a + (b − a)·frac(idx)` (Hyndman & Fan 1996 definition 7,
 * pandas' own arithmetic).
 */
export function pandasQuantile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  const idx = p * (n - 1);
  const frac = idx % 1;
  const lo = Math.trunc(idx);
  if (frac === 0) return sorted[lo]!;
  const a = sorted[lo]!;
  const b = sorted[lo + 1]!;
  const diff = b - a;
  // Near ±1.7e308 the difference overflows (issue 22): interpolate as (1 − f)·a + f·b instead,
  // which stays finite and between a and b. Elsewhere keep pandas' own arithmetic, bit for bit.
  if (!Number.isFinite(diff)) return (1 - frac) * a + frac * b;
  return a + diff * frac;
}

/**
 * R `quantile(x, p, type = 7)` (R ≥ 4.0 `quantile.default`; Hyndman & Fan 1996 definition 7):
 * `index = 1 + (n−1)·p`, `lo = floor(index)`, and when `index > lo` and `x[hi] ≠ x[lo]`,
 * `(1 − h)·x[lo] + h·x[hi]` with `h = index − lo` (1-based indices).
 */
export function rType7Quantile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  const index = 1 + Math.max(n - 1, 0) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const qs = sorted[lo - 1]!;
  const xh = sorted[hi - 1]!;
  if (index > lo && xh !== qs) {
    const h = index - lo;
    return (1 - h) * qs + h * xh;
  }
  return qs;
}

/** Sorted copy of the values as a Float64Array (typed-array sort is numeric). */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  // `new Float64Array(typedArray)` is a bulk copy; `Float64Array.from` iterates element by element.
  return (values instanceof Float64Array ? values.slice() : new Float64Array(values as ArrayLike<number>)).sort();
}
