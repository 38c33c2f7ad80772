/**
 * Student's t distribution function and its two-sided tail, through the regularized incomplete
 * beta function (Abramowitz & Stegun 26.7.1 with 26.5.27). Checked against scipy.stats.t in
 * test/lifecycle/student-t.test.ts. No dependency: simple-statistics has no t CDF.
 */
import { invalidInput } from '../errors.js';
import { regularizedIncompleteBeta } from './regularized-incomplete-beta.js';

/**
 * CDF of Student's t with `df` degrees of freedom: for t ≥ 0,
 * P(T ≤ t) = 1 − ½ I_{df/(df+t²)}(df/2, ½) (Abramowitz & Stegun 26.7.1 with 26.5.27).
 * ±Infinity give 1 and 0.
 *
 * @example
 * ```ts
 * studentTCdf(2.228, 10); // ≈ 0.975
 * ```
 */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0) || !Number.isFinite(df)) invalidInput(['df'], 'degrees of freedom must be positive', 'a finite number > 0', df);
  if (Number.isNaN(t)) invalidInput(['t'], 't statistic is NaN', 'a number', t);
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * Two-sided p-value of a t statistic: P(|T| ≥ |t|) = I_{df/(df+t²)}(df/2, ½).
 *
 * @example
 * ```ts
 * studentTTwoSidedP(2.228, 10); // ≈ 0.05
 * ```
 */
export function studentTTwoSidedP(t: number, df: number): number {
  if (!(df > 0) || !Number.isFinite(df)) invalidInput(['df'], 'degrees of freedom must be positive', 'a finite number > 0', df);
  if (Number.isNaN(t)) invalidInput(['t'], 't statistic is NaN', 'a number', t);
  if (!Number.isFinite(t)) return 0;
  return regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
}

