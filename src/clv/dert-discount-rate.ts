/**
 * The continuous discount rate δ per model time unit that DERT needs (CLVTools'
 * `continuous.discount.factor`), from an effective rate per period: δ = ln(1 + d) · (length of the
 * unit / length of the period). CLVTools' vignette: "an annual rate of (100 × d)% equals a continuous
 * rate delta = ln(1+d) … adjusted to delta = ln(1+d)/k, where k are the number of time units in a
 * year"; Fader, Hardie & Lee (2005b) use k = 52 for weeks. Here the unit lengths are exact (a year
 * is 365.25/7 = 52.18 weeks), so pass `delta` directly to reproduce a k = 52 figure.
 */
import { readOptions, readRate } from '../core/index.js';
import type { CrmErrorPath } from '../core/index.js';
import type { TimeUnit } from './types.js';
import { checkUnit, daysPerUnit, type PeriodRate } from './units.js';

/**
 * δ per `unit` equivalent to an effective discount rate `{ rate, per }`.
 *
 * @example
 * ```ts
 * continuousDiscountRatePerUnit({ rate: 0.15, per: 'year' }, 'week'); // ≈ 0.0026785 (= ln 1.15 · 7/365.25)
 * continuousDiscountRatePerUnit({ rate: 0.01, per: 'month' }, 'month'); // ≈ 0.00995033 (= ln 1.01)
 * ```
 */
export function continuousDiscountRatePerUnit(discountRate: PeriodRate, unit: TimeUnit, path: CrmErrorPath = ['discountRate']): number {
  const o = readOptions(discountRate, ['rate', 'per'], path);
  const rate = readRate(o.rate, [...path, 'rate']);
  const per = checkUnit(o.per, [...path, 'per']);
  const u = checkUnit(unit, ['unit']);
  return (Math.log1p(rate) * daysPerUnit(u)) / daysPerUnit(per);
}
