/**
 * Gauss hypergeometric function ₂F₁(a, b; c; z) for real parameters and real z < 1.
 *
 * - Power series Σ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ (Abramowitz & Stegun 15.1.1), summed with a running
 *   scale factor so that huge intermediate terms (heavy buyers: a, b ≈ 10⁴) never overflow; the
 *   result is available as a logarithm and a sign.
 * - z < 0: Pfaff's transformation ₂F₁(a,b;c;z) = (1−z)^(−a) ₂F₁(a, c−b; c; z/(z−1)) (A&S 15.3.4)
 *   maps the argument into [0, 1).
 * - 0 ≤ z < 1 with a + b > c: Euler's transformation ₂F₁(a,b;c;z) = (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z)
 *   (A&S 15.3.3), whose series terms decay instead of growing polynomially as z → 1 (the fix
 *   lifetimes applies when the direct log is infinite, lifetimes #302/#442).
 * Throws `NUMERIC_DOMAIN` for z ≥ 1, c a non-positive integer, or a series that does not reach
 * double precision in `maxTerms` terms (only for z within ~1e-6 of 1).
 */
import { CrmError } from '../errors.js';

/** ln|₂F₁| and its sign (+1, −1, or 0 when the function is exactly 0). */
export interface LogHyp2f1 {
  log: number;
  sign: number;
}

const MAX_TERMS = 2_000_000;
const LOG_BIG = 575.6462732485114; // ln(1e250)
const BIG = 1e250;

function isNonPositiveInteger(v: number): boolean {
  return v <= 0 && Number.isInteger(v);
}

function domainError(message: string, received: unknown): never {
  throw new CrmError('NUMERIC_DOMAIN', message, { path: ['hyp2f1'], expected: 'real a, b, c (c not a non-positive integer) and z < 1', received });
}

/** Direct power series, z in [0, 1) (or any z when the series terminates). */
function series(a: number, b: number, c: number, z: number): LogHyp2f1 {
  if (z === 0) return { log: 0, sign: 1 };
  let term = 1;
  let sum = 1;
  let logScale = 0;
  const terminatesAt = isNonPositiveInteger(a) ? -a : isNonPositiveInteger(b) ? -b : Number.POSITIVE_INFINITY;
  // Terms may grow until n ≈ the point where |(a+n)(b+n) z / ((c+n)(n+1))| < 1.
  for (let n = 0; n < MAX_TERMS; n++) {
    if (n >= terminatesAt) break;
    const ratio = ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    term *= ratio;
    sum += term;
    if (Math.abs(sum) > BIG || Math.abs(term) > BIG) {
      sum /= BIG;
      term /= BIG;
      logScale += LOG_BIG;
    }
    if (term === 0) break;
    // Stop once terms are negligible and shrinking (ratio magnitude < 1 from here on:
    // past n > max(|a|,|b|,|c|) the ratio decreases monotonically towards z).
    if (Math.abs(term) <= 1e-17 * Math.abs(sum) && Math.abs(ratio) < 1 && n + 1 > Math.max(-a, -b, -c, 0)) {
      // The ratio tends to z monotonically from here, so q = max(next ratio, |z|) bounds the
      // rest geometrically: remaining ≤ |term|·q/(1−q).
      const nextRatio = Math.max(Math.abs(((a + n + 1) * (b + n + 1) * z) / ((c + n + 1) * (n + 2))), Math.abs(z));
      if (nextRatio < 1 && (Math.abs(term) * nextRatio) / (1 - nextRatio) <= 1e-16 * Math.abs(sum)) {
        return sum === 0 ? { log: Number.NEGATIVE_INFINITY, sign: 0 } : { log: Math.log(Math.abs(sum)) + logScale, sign: Math.sign(sum) };
      }
    }
  }
  if (terminatesAt !== Number.POSITIVE_INFINITY) {
    return sum === 0 ? { log: Number.NEGATIVE_INFINITY, sign: 0 } : { log: Math.log(Math.abs(sum)) + logScale, sign: Math.sign(sum) };
  }
  return domainError(`hypergeometric series did not converge in ${MAX_TERMS} terms`, { a, b, c, z });
}

/**
 * ln|₂F₁(a, b; c; z)| and its sign, for z < 1.
 *
 * @example
 * ```ts
 * // ₂F₁(1, 1; 2; z) = −ln(1−z)/z
 * logHyp2f1(1, 1, 2, 0.5); // { log: Math.log(2 * Math.LN2), sign: 1 }
 * ```
 */
export function logHyp2f1(a: number, b: number, c: number, z: number): LogHyp2f1 {
  if (![a, b, c, z].every(Number.isFinite)) domainError('hyp2f1 arguments must be finite', { a, b, c, z });
  if (isNonPositiveInteger(c)) domainError('c must not be a non-positive integer', c);
  if (z >= 1) domainError('z must be below 1', z);
  if (z === 0 || a === 0 || b === 0) return { log: 0, sign: 1 };
  if (z < 0) {
    // Pfaff: choose the parameter kept so that the new series terminates if possible.
    const w = z / (z - 1);
    const l1p = Math.log1p(-z);
    if (isNonPositiveInteger(c - b) || !isNonPositiveInteger(c - a)) {
      const inner = logHyp2f1(a, c - b, c, w);
      return { log: inner.log - a * l1p, sign: inner.sign };
    }
    const inner = logHyp2f1(b, c - a, c, w);
    return { log: inner.log - b * l1p, sign: inner.sign };
  }
  if (a + b > c && !isNonPositiveInteger(a) && !isNonPositiveInteger(b) && z > 0.5) {
    const inner = series(c - a, c - b, c, z);
    return { log: inner.log + (c - a - b) * Math.log1p(-z), sign: inner.sign };
  }
  return series(a, b, c, z);
}

/**
 * ₂F₁(a, b; c; z) for z < 1. May return ±Infinity only when the value itself exceeds the double
 * range (use {@link logHyp2f1} then).
 *
 * @example
 * ```ts
 * hyp2f1(1, 1, 2, 0.5); // 1.3862943611198906 (= 2 ln 2)
 * hyp2f1(-2, 3, 4, 0.5); // 1 − 0.75 + 0.15 = 0.4 (a terminating polynomial)
 * ```
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  const r = logHyp2f1(a, b, c, z);
  return r.sign * Math.exp(r.log);
}
