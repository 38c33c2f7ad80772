import { logGamma } from './log-gamma.js';

/**
 * Natural log of the beta function, ln B(a, b) = lnΓ(a) + lnΓ(b) − lnΓ(a + b), for a, b > 0
 * (Abramowitz & Stegun 6.2.2).
 *
 * @example
 * ```ts
 * logBeta(2, 3); // Math.log(1 / 12)
 * ```
 */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}
