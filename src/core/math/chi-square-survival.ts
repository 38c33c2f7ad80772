/**
 * Upper tail of the chi-square distribution, P(X > x) for X ~ χ²(df): Q(df/2, x/2) (Abramowitz &
 * Stegun 26.4.19), computed by {@link regularizedGammaQ} so small p-values keep their precision.
 */
import { regularizedGammaQ } from './regularized-gamma.js';

/**
 * P(X > x) for a chi-square variable with `df` degrees of freedom.
 *
 * @example
 * ```ts
 * chiSquareSurvival(3.841458820694124, 1).toFixed(12); // '0.050000000000'
 * ```
 */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0) || Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  return regularizedGammaQ(df / 2, x / 2);
}
