/**
 * Student's t distribution: CDF through the regularized incomplete beta function, and its
 * quantile by safeguarded bisection/Newton. Used for the significance of spend trends (lifecycle)
 * and for confidence intervals (trust). No dependency: simple-statistics has no t CDF.
 */
import { invalidInput, logBeta } from '../core/index.js';

// Continued fraction for I_x(a, b), modified Lentz's method (Press et al., Numerical Recipes
// 3rd ed. §6.4, eq. 6.4.5; Lentz 1976). Converges fast for x < (a + 1) / (a + b + 2).
function betaContinuedFraction(x: number, a: number, b: number): number {
  const TINY = 1e-300;
  const EPS = 1e-15;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/**
 * The regularized incomplete beta function I_x(a, b) for 0 ≤ x ≤ 1 and a, b > 0
 * (Numerical Recipes §6.4: I_x(a,b) = x^a (1−x)^b / (a B(a,b)) · CF, with the symmetry
 * I_x(a,b) = 1 − I_{1−x}(b,a) where the fraction converges slowly).
 *
 * @example
 * ```ts
 * regularizedIncompleteBeta(0.5, 2, 2); // 0.5
 * ```
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0) || !(b > 0) || !Number.isFinite(a) || !Number.isFinite(b)) {
    invalidInput(['a'], 'incomplete beta shape parameters must be positive and finite', 'a > 0 and b > 0', `${a}, ${b}`);
  }
  if (!(x >= 0 && x <= 1)) invalidInput(['x'], 'incomplete beta argument out of range', 'a number in [0, 1]', x);
  if (x === 0) return 0;
  if (x === 1) return 1;
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

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
