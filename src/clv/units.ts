/**
 * Explicit time units for CLV: period lengths, duration and discount-rate conversion, calendar
 * months, and lifetimes' hidden conventions made visible.
 *
 * A month is 365.25/12 = 30.4375 days (the Julian-year average, as in `core/time.DAYS_PER_UNIT`)
 * unless a caller asks for `'30-day'` months (lifetimes' `customer_lifetime_value`, which maps one
 * month to 30 days, 4.345 weeks or 720 hours) or for calendar months from a start date.
 * Discount rates convert by compounding: (1 + d_to) = (1 + d_from)^(length_to / length_from)
 * (effective-rate equivalence, e.g. Brealey, Myers & Allen, Principles of Corporate Finance, ch. 2);
 * the continuous rate is δ = ln(1 + d) (CLVTools `continuous.discount.factor`).
 */
import { CrmError, DAYS_PER_UNIT, MS_PER_DAY, toDayNumber, invalidOption, invalidInput } from '../core/index.js';
import type { DateInput } from '../core/index.js';
import type { TimeUnit } from './types.js';

/** How long a month (and hence a quarter) is: the 365.25/12-day average, or lifetimes' 30 days. */
export type MonthLength = 'average' | '30-day';

/** A duration with its unit, e.g. `{ value: 12, unit: 'month' }`. */
export interface Duration {
  value: number;
  unit: TimeUnit;
}

/** A discount rate with the period it applies to, e.g. `{ rate: 0.1, per: 'year' }` (10 % a year). */
export interface PeriodRate {
  rate: number;
  per: TimeUnit;
}

const UNITS: readonly TimeUnit[] = ['day', 'week', 'month', 'quarter', 'year'];

/** lifetimes' steps per month by model frequency (`lifetimes/utils.py::_customer_lifetime_value`). */
const LIFETIMES_STEPS_PER_MONTH: Readonly<Record<Extract<TimeUnit, 'day' | 'week' | 'month'>, number>> = Object.freeze({ day: 30, week: 4.345, month: 1 });

/** @internal Throw unless `unit` is a TimeUnit. */
export function checkUnit(unit: unknown, path: ReadonlyArray<string | number>): TimeUnit {
  if (typeof unit !== 'string' || !(UNITS as readonly string[]).includes(unit)) {
    invalidOption(path, 'unknown time unit', `one of ${UNITS.join(', ')}`, unit);
  }
  return unit as TimeUnit;
}

/**
 * Length of one `unit` in days. `month: 'average'` (default) gives 30.4375-day months and
 * 91.3125-day quarters; `'30-day'` gives 30 and 90 (lifetimes' convention). Weeks are 7 days and
 * years 365.25 days either way.
 *
 * @example
 * ```ts
 * daysPerUnit('month');                      // 30.4375
 * daysPerUnit('month', { month: '30-day' }); // 30
 * ```
 */
export function daysPerUnit(unit: TimeUnit, options: { month?: MonthLength } = {}): number {
  checkUnit(unit, ['unit']);
  const month = options.month ?? 'average';
  if (month !== 'average' && month !== '30-day') {
    invalidOption(['options', 'month'], 'unknown month length', "'average' or '30-day'", month);
  }
  if (month === '30-day' && unit === 'month') return 30;
  if (month === '30-day' && unit === 'quarter') return 90;
  return DAYS_PER_UNIT[unit];
}

/**
 * Convert a duration between units (e.g. 12 months → 52.18 weeks).
 *
 * @example
 * ```ts
 * convertDuration(12, 'month', 'week'); // 52.178571428571...
 * convertDuration(1, 'year', 'day');    // 365.25
 * ```
 */
export function convertDuration(value: number, from: TimeUnit, to: TimeUnit, options: { month?: MonthLength } = {}): number {
  if (!(typeof value === 'number' && Number.isFinite(value))) {
    invalidInput(['value'], 'duration must be a finite number', 'a finite number', value);
  }
  checkUnit(from, ['from']);
  checkUnit(to, ['to']);
  return (value * daysPerUnit(from, options)) / daysPerUnit(to, options);
}

/**
 * Convert an effective (discretely compounded) discount rate from one period to another:
 * (1 + d_to) = (1 + d_from)^(length_to / length_from). 10 % a year is 0.797 % a month.
 *
 * @example
 * ```ts
 * convertDiscountRate(0.1, 'year', 'month'); // 0.0079741404289037...
 * convertDiscountRate(0.01, 'month', 'year'); // 0.12682503013196977 (1.01^12 − 1)
 * ```
 */
export function convertDiscountRate(rate: number, from: TimeUnit, to: TimeUnit, options: { month?: MonthLength } = {}): number {
  if (!(typeof rate === 'number' && Number.isFinite(rate) && rate >= 0)) {
    invalidOption(['rate'], 'discount rate must be a non-negative number', 'a finite number ≥ 0', rate);
  }
  checkUnit(from, ['from']);
  checkUnit(to, ['to']);
  const ratio = daysPerUnit(to, options) / daysPerUnit(from, options);
  const converted = Math.expm1(ratio * Math.log1p(rate));
  if (!Number.isFinite(converted)) {
    // (1 + rate)^ratio beyond the double range: every discounted value would read 0 (issue 22).
    throw new CrmError('NUMERIC_DOMAIN', `a rate of ${rate} per ${from} compounds past the double range over one ${to}; check the rate (a fraction per ${from}, e.g. 0.001) or convert to a shorter unit`, {
      path: ['rate'],
      expected: `a rate whose (1 + rate)^${ratio} is finite`,
      received: rate,
    });
  }
  return converted;
}

/**
 * The continuously compounded rate equivalent to an effective rate per period, δ = ln(1 + d)
 * (CLVTools: "an annual rate of (100 × d)% equals a continuous rate delta = ln(1+d)").
 *
 * @example
 * ```ts
 * continuousDiscountRate(0.1); // 0.09531017980432493
 * ```
 */
export function continuousDiscountRate(rate: number): number {
  if (!(typeof rate === 'number' && Number.isFinite(rate) && rate >= 0)) {
    invalidOption(['rate'], 'discount rate must be a non-negative number', 'a finite number ≥ 0', rate);
  }
  return Math.log1p(rate);
}

/**
 * Lengths in days of `count` consecutive calendar months starting at `start` (UTC): e.g. from
 * 2024-01-15 the first month runs to 2024-02-15 (31 days), the second to 2024-03-15 (29 days).
 * A start on the 31st ends on the last day of shorter months (Jan 31 → Feb 29 → Mar 31).
 *
 * @example
 * ```ts
 * calendarMonthLengths('2024-01-15', 3); // [31, 29, 31]
 * ```
 */
export function calendarMonthLengths(start: DateInput, count: number): number[] {
  const day = toDayNumber(start, ['start']);
  if (!(Number.isInteger(count) && count >= 0 && count <= 120_000)) {
    invalidOption(['count'], 'count must be a non-negative integer', 'an integer in [0, 120000]', count);
  }
  const startDate = new Date(day * MS_PER_DAY);
  const y = startDate.getUTCFullYear();
  const m = startDate.getUTCMonth();
  const d = startDate.getUTCDate();
  const frac = day - Math.floor(day);
  const boundary = (k: number): number => {
    const lastDay = new Date(Date.UTC(y, m + k + 1, 0)).getUTCDate();
    return Date.UTC(y, m + k, Math.min(d, lastDay)) / MS_PER_DAY + frac;
  };
  const out: number[] = [];
  let prev = day;
  for (let k = 1; k <= count; k++) {
    const b = boundary(k);
    out.push(b - prev);
    prev = b;
  }
  return out;
}

/**
 * lifetimes' number of model time units in one month, `{ day: 30, week: 4.345, month: 1 }`
 * (`customer_lifetime_value(..., freq)`), for reproducing its CLV. Quarter and year models have
 * no lifetimes equivalent and throw.
 *
 * @example
 * ```ts
 * lifetimesStepsPerMonth('week'); // 4.345
 * ```
 */
export function lifetimesStepsPerMonth(unit: TimeUnit): number {
  checkUnit(unit, ['unit']);
  if (unit === 'quarter' || unit === 'year') {
    invalidOption(['unit'], "lifetimes' CLV convention has no step for this model unit", "'day', 'week' or 'month'", unit);
  }
  return LIFETIMES_STEPS_PER_MONTH[unit];
}
