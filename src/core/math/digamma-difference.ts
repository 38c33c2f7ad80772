import { digamma } from './digamma.js';

/**
 * ψ(z+n) − ψ(z), the digamma difference every BTYD gradient needs beside the log-Pochhammer
 * ln Γ(z+n) − ln Γ(z) (its derivative in z). For whole n ≤ 64 it is the finite sum
 * Σ_{j<n} 1/(z+j) (the recurrence ψ(z+1) = ψ(z) + 1/z, Abramowitz & Stegun 6.3.5), exact to
 * rounding where the difference of two digammas would cancel for z ≫ n; otherwise the difference
 * of {@link digamma}s. Checked against mpmath in test/core/math/accuracy.test.ts.
 *
 * @example
 * ```ts
 * digammaDifference(2, 3); // 1/2 + 1/3 + 1/4 = 1.0833333333333333
 * ```
 */
export function digammaDifference(z: number, n: number): number {
  if (n === 0) return 0;
  if (Number.isInteger(n) && n <= 64) {
    let s = 0;
    for (let j = 0; j < n; j++) s += 1 / (z + j);
    return s;
  }
  return digamma(z + n) - digamma(z);
}
