/**
 * Student's t quantile (inverse CDF) by bisection on the CDF. Checked against scipy.stats.t.ppf
 * in test/lifecycle/student-t.test.ts.
 */
import { invalidInput } from '../errors.js';
import { studentTCdf } from './student-t-cdf.js';

/**
 * Quantile (inverse CDF) of Student's t: the t with P(T ≤ t) = p, 0 < p < 1. Solved by
 * bisection on the CDF above to ~1e-12 relative accuracy (monotone, so always converges).
 *
 * @example
 * ```ts
 * studentTQuantile(0.975, 10); // ≈ 2.228139
 * ```
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) invalidInput(['p'], 'probability out of range', 'a number strictly between 0 and 1', p);
  if (!(df > 0) || !Number.isFinite(df)) invalidInput(['df'], 'degrees of freedom must be positive', 'a finite number > 0', df);
  if (p === 0.5) return 0;
  const upper = p > 0.5;
  const target = upper ? 1 - p : p; // lower-tail probability of -|t|
  // Bracket: find hi with cdf(-hi) < target.
  let lo = 0;
  let hi = 1;
  while (studentTCdf(-hi, df) > target && hi < 1e300) hi *= 2;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (studentTCdf(-mid, df) > target) lo = mid;
    else hi = mid;
    if (hi - lo <= 1e-13 * Math.max(1, hi)) break;
  }
  const q = 0.5 * (lo + hi);
  return upper ? q : -q;
}
