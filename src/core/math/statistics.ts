/**
 * Descriptive statistics the models need, bit-identical to simple-statistics 7.12.1 (which trust
 * and value used for these six functions; 2 MB installed for them — issue 16 item 6).
 * test/core/statistics.test.ts checks `Object.is` equality against simple-statistics (kept as a
 * devDependency for that oracle) on random inputs.
 *
 * - `sum`: Kahan–Babuška (Neumaier 1974, ZAMM 54:39–51) compensated summation, as simple-statistics.
 * - `quantile`: linear interpolation between order statistics at index (n − 1)·p, Hyndman & Fan
 *   (1996, Am. Stat. 50:361–365) type 7 (R's default, numpy's 'linear').
 * - `sampleStandardDeviation`: √(Σ(x − x̄)² / (n − 1)) with x̄ from `mean`.
 * All throw on empty input, as simple-statistics; callers check lengths first.
 */

/** Compensated sum (Neumaier's variant of Kahan summation). @example sum([0.1, 0.2, 0.3]); // 0.6 */
export function sum(x: readonly number[]): number {
  if (x.length === 0) return 0;
  let s = x[0]!;
  let correction = 0;
  for (let i = 1; i < x.length; i++) {
    const v = x[i]!;
    const t = s + v;
    if (Math.abs(s) >= Math.abs(v)) correction += s - t + v;
    else correction += v - t + s;
    s = t;
  }
  return s + correction;
}

/** Arithmetic mean (compensated sum / n). @example mean([1, 2, 6]); // 3 */
export function mean(x: readonly number[]): number {
  if (x.length === 0) throw new Error('mean requires at least one data point');
  return sum(x) / x.length;
}

/** Smallest value. @example min([3, 1, 2]); // 1 */
export function min(x: readonly number[]): number {
  if (x.length === 0) throw new Error('min requires at least one data point');
  let value = x[0]!;
  for (let i = 1; i < x.length; i++) if ((x[i]!) < value) value = x[i]!;
  return value;
}

/** Largest value. @example max([3, 1, 2]); // 3 */
export function max(x: readonly number[]): number {
  if (x.length === 0) throw new Error('max requires at least one data point');
  let value = x[0]!;
  for (let i = 1; i < x.length; i++) if ((x[i]!) > value) value = x[i]!;
  return value;
}

/** Type-7 quantile of unsorted data (0 ≤ p ≤ 1). @example quantile([4, 1, 3, 2], 0.5); // 2.5 */
export function quantile(x: readonly number[], p: number): number {
  if (x.length === 0) throw new Error('quantile requires at least one data point.');
  if (p < 0 || p > 1) throw new Error('quantiles must be between 0 and 1');
  const sorted = Float64Array.from(x).sort();
  const n = sorted.length;
  if (p === 1) return sorted[n - 1]!;
  if (p === 0) return sorted[0]!;
  const idx = (n - 1) * p;
  if (idx % 1 === 0) return sorted[idx]!;
  const lower = Math.floor(idx);
  const upper = Math.ceil(idx);
  const fraction = idx - lower;
  return (sorted[lower]!) + fraction * ((sorted[upper]!) - (sorted[lower]!));
}

/** Median (type-7 quantile at 0.5). @example median([5, 1, 3, 2]); // 2.5 */
export function median(x: readonly number[]): number {
  return quantile(x, 0.5);
}

/** Upper minus lower quartile (type 7). @example interquartileRange([1, 2, 3, 4, 5]); // 2 */
export function interquartileRange(x: readonly number[]): number {
  return quantile(x, 0.75) - quantile(x, 0.25);
}

/** Sample standard deviation (n − 1 denominator). @example sampleStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9]); // 2.138089935299395 */
export function sampleStandardDeviation(x: readonly number[]): number {
  if (x.length < 2) throw new Error('sampleVariance requires at least two data points');
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const d = (x[i]!) - m;
    s += d * d;
  }
  return Math.sqrt(s / (x.length - 1));
}
