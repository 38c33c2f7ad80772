/**
 * The one time-unit vocabulary of crm-analytics (see docs/glossary.md, "unit"). Every option that
 * names a period (`unit`, `period`, `trendPeriod`, a duration's `unit`) uses {@link TimeUnit}.
 */

/** A calendar or model time unit. Weeks start on Monday (ISO 8601); all arithmetic is UTC. */
export type TimeUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** Every {@link TimeUnit}, shortest first. */
export const TIME_UNITS: readonly TimeUnit[] = Object.freeze(['day', 'week', 'month', 'quarter', 'year'] as const);

/** A length of time with its unit, e.g. `{ value: 12, unit: 'month' }` (glossary: "horizon"). */
export interface Duration {
  value: number;
  unit: TimeUnit;
}

/**
 * Average days per unit: a month is 365.25 / 12 = 30.4375 days, a quarter 91.3125, a year 365.25
 * (the Julian-year average, so 12 months make one year exactly).
 *
 * @example
 * ```ts
 * DAYS_PER_UNIT.week; // 7
 * ```
 */
export const DAYS_PER_UNIT: Readonly<Record<TimeUnit, number>> = Object.freeze({
  day: 1,
  week: 7,
  month: 365.25 / 12,
  quarter: 365.25 / 4,
  year: 365.25,
});

/**
 * True when `value` is a {@link TimeUnit}.
 *
 * @example
 * ```ts
 * isTimeUnit('week'); // true
 * isTimeUnit('fortnight'); // false
 * ```
 */
export function isTimeUnit(value: unknown): value is TimeUnit {
  return typeof value === 'string' && (TIME_UNITS as readonly string[]).includes(value);
}
