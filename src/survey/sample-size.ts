/**
 * Respondents needed to estimate a proportion or a mean within a margin of error: n₀ = z²·p(1−p)/e²
 * (proportion) or n₀ = z²·σ²/e² (mean) (Cochran, Sampling Techniques, 3rd ed. 1977, eqs. 4.2, 2.3),
 * with the finite-population correction n = n₀ / (1 + (n₀ − 1)/N) (Cochran eq. 4.3), rounded up.
 */
import { CrmError, invalidOption } from '../core/errors.js';
import { readOptions, readNumber, readPositive, readProbability, readInteger } from '../core/options.js';
import { readConfidenceZ } from './responses.js';

/** Options of {@link sampleSize}. */
export interface SampleSizeOptions {
  /** Half-width of the interval: a share (0–1) for a proportion, the mean's units for a mean. */
  readonly margin: number;
  readonly confidence?: number;
  /** Expected proportion (default 0.5, the worst case). Give this or `standardDeviation`. */
  readonly proportion?: number;
  /** Expected standard deviation, for estimating a mean. */
  readonly standardDeviation?: number;
  /** Population size, for the finite-population correction. */
  readonly population?: number;
}

/** Result of {@link sampleSize}. */
export interface SampleSize {
  /** Respondents needed (rounded up). */
  readonly n: number;
  /** Before the finite-population correction (unrounded). */
  readonly infinitePopulation: number;
  readonly z: number;
}

/**
 * Required sample size for a margin of error at a confidence level.
 *
 * @example
 * ```ts
 * sampleSize({ margin: 0.05 }).n; // 385
 * sampleSize({ margin: 0.05, population: 1000 }).n; // 278
 * ```
 */
export function sampleSize(options: SampleSizeOptions): SampleSize {
  const o = readOptions(options, ['margin', 'confidence', 'proportion', 'standardDeviation', 'population']);
  const { z } = readConfidenceZ(o.confidence);
  let n0: number;
  if (o.standardDeviation !== undefined) {
    if (o.proportion !== undefined) {
      invalidOption(['options', 'proportion'], 'give proportion (for a share) or standardDeviation (for a mean), not both');
    }
    const sd = readPositive(o.standardDeviation, ['options', 'standardDeviation']);
    const e = readPositive(o.margin, ['options', 'margin']);
    n0 = (z * z * sd * sd) / (e * e);
  } else {
    const p = readProbability(o.proportion, ['options', 'proportion'], 0.5);
    const e = readNumber(o.margin, ['options', 'margin'], { min: 0, max: 1, minExclusive: true, maxExclusive: true });
    n0 = (z * z * p * (1 - p)) / (e * e);
  }
  if (!Number.isFinite(n0)) throw new CrmError('NUMERIC_DOMAIN', 'the sample size overflows: widen the margin', { path: ['options', 'margin'] });
  const population = o.population === undefined ? undefined : readInteger(o.population, ['options', 'population'], { min: 1 });
  const n = population === undefined ? n0 : n0 / (1 + (n0 - 1) / population);
  return { n: Math.max(1, Math.ceil(n - 1e-9)), infinitePopulation: n0, z };
}
