/** Shared input checks of the survey functions: ratings on a stated scale, counts, confidence. */
import { invalidInput } from '../core/errors.js';
import { readNumber } from '../core/options.js';
import { normalQuantile } from '../core/math/normal.js';

/** Check `values` is a non-empty array of finite numbers within [min, max] (whole when `integer`). */
export function readRatings(values: unknown, name: string, min: number, max: number, integer: boolean): number[] {
  if (!Array.isArray(values) || values.length === 0) {
    invalidInput([name], `${name} must be a non-empty array of ratings`, undefined, values);
  }
  values.forEach((v: unknown, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      invalidInput([name, i], `answer out of scale: expected ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`, `${min}..${max}`, v);
    }
  });
  return values as number[];
}

/** Two-sided critical value z for a confidence level read from `options.confidence`. */
export function readConfidenceZ(value: unknown): { confidence: number; z: number } {
  const confidence = readNumber(value, ['options', 'confidence'], { default: 0.95, min: 0, max: 1, minExclusive: true, maxExclusive: true });
  return { confidence, z: normalQuantile(1 - (1 - confidence) / 2) };
}
