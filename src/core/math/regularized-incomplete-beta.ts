/**
 * The regularized incomplete beta function I_x(a, b), by the continued fraction of Numerical
 * Recipes §6.4. Used by the Student-t distribution (lifecycle trends, trust intervals) and the
 * survey module's intervals. Moved here from lifecycle (issue 17: numerics live in core/math).
 */
import { invalidInput } from '../errors.js';
import { logBeta } from './log-beta.js';

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

