/**
 * Confidence intervals for a binomial proportion: Wilson's score interval (Wilson 1927; the default,
 * recommended by Brown, Cai & DasGupta 2001), the Clopper–Pearson "exact" interval (Clopper & Pearson
 * 1934, from beta quantiles) and the Wald interval (for comparison only). Checked against
 * scipy.stats.binomtest(...).proportion_ci.
 */
import { CrmError } from '../core/errors.js';
import { readOptions, readOneOf, readInteger } from '../core/options.js';
import { regularizedIncompleteBeta } from '../core/math/regularized-incomplete-beta.js';
import { readConfidenceZ } from './responses.js';

/** Interval method. */
export type ProportionMethod = 'wilson' | 'exact' | 'wald';

/** Options of {@link proportionInterval}. */
export interface ProportionIntervalOptions {
  /** Default 0.95. */
  readonly confidence?: number;
  /** Default `'wilson'`. */
  readonly method?: ProportionMethod;
}

/** A proportion with its interval. */
export interface ProportionEstimate {
  readonly successes: number;
  readonly trials: number;
  readonly proportion: number;
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
  readonly method: ProportionMethod;
}

/**
 * Estimate a proportion `successes / trials` with a confidence interval.
 *
 * @example
 * ```ts
 * const p = proportionInterval(42, 100);
 * [p.lower, p.upper].map((x) => x.toFixed(4)); // ['0.3280', '0.5179'] (Wilson)
 * ```
 */
export function proportionInterval(successes: number, trials: number, options: ProportionIntervalOptions = {}): ProportionEstimate {
  const o = readOptions(options, ['confidence', 'method']);
  const method = readOneOf(o.method, ['options', 'method'], ['wilson', 'exact', 'wald'] as const, 'wilson');
  const { confidence, z } = readConfidenceZ(o.confidence);
  const n = readInteger(trials, ['trials'], { min: 1 });
  const k = readInteger(successes, ['successes'], { min: 0 });
  if (k > n) throw new CrmError('INVALID_INPUT', 'successes cannot exceed trials', { path: ['successes'], received: k, data: { trials: n } });
  const p = k / n;
  let lower: number;
  let upper: number;
  if (method === 'wald') {
    const half = z * Math.sqrt((p * (1 - p)) / n);
    lower = Math.max(0, p - half);
    upper = Math.min(1, p + half);
  } else if (method === 'wilson') {
    const z2 = z * z;
    const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
    lower = Math.max(0, centre - half);
    upper = Math.min(1, centre + half);
  } else {
    const alpha = 1 - confidence;
    // Clopper–Pearson: lower = Beta(α/2; k, n−k+1), upper = Beta(1−α/2; k+1, n−k) quantiles.
    lower = k === 0 ? 0 : betaQuantile(alpha / 2, k, n - k + 1);
    upper = k === n ? 1 : betaQuantile(1 - alpha / 2, k + 1, n - k);
  }
  return { successes: k, trials: n, proportion: p, lower, upper, confidence, method };
}

// The q-quantile of Beta(a, b) by bisection on the regularized incomplete beta (monotone in x);
// 200 halvings reach the double-precision floor.
function betaQuantile(q: number, a: number, b: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200 && hi - lo > 1e-17; i++) {
    const mid = (lo + hi) / 2;
    if (regularizedIncompleteBeta(mid, a, b) < q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
