/**
 * Model diagnostics as plain data for the charts module (the checks of Fader, Hardie & Lee 2005a,
 * §4 and Figs. 2–4; lifetimes' `plot_period_transactions`, `plot_calibration_purchases_vs_holdout_purchases`
 * and `plot_cumulative_transactions`), computed analytically rather than by simulation:
 * - {@link periodTransactions}: how many customers made 0, 1, …, k+ repeat purchases in calibration,
 *   actual vs expected Σᵢ P(X(Tᵢ) = n);
 * - {@link calibrationVsHoldout}: mean holdout purchases by calibration frequency, actual vs
 *   Σ E[Y(t*) | xᵢ, t_xᵢ, Tᵢ];
 * - {@link cumulativeTracking}: cumulative repeat purchases over calendar time, actual vs
 *   Σᵢ E[X(t − firstᵢ)] over the cohort's first-purchase times.
 */
import { readInteger, readOneOf, readOptions, readPositive } from '../core/index.js';
import { AFTER_AS_OF, afterAsOfError, type AfterAsOf } from '../core/as-of.js';
import { budgetExceeded, invalidInput, invalidOption, readBudget, DAYS_PER_UNIT, isTransactionTable, prepareTransactions, tryDayNumber, type DateInput, type Transaction, type TransactionTable } from '../core/index.js';
import { checkCustomer, rowAccessor, rowCount } from './btyd-data.js';
import type { BtydCustomer, BtydData, CalibrationHoldoutRow, TimeUnit } from './types.js';

/**
 * What the diagnostics need from a transaction model: the `bgNbd`, `modifiedBgNbd` and
 * `paretoNbd` namespaces all fit.
 */
export interface TransactionModel<P> {
  probabilityOfPurchases(params: P, t: number, n: number): number;
  expectedPurchases(params: P, t: number): number;
  conditionalExpectedPurchases(params: P, t: number, customer: BtydCustomer): number;
}

/** One bar pair of {@link periodTransactions}. */
export interface PeriodTransactionsRow {
  /** Repeat purchases in calibration; the last row is "maxFrequency or more". */
  frequency: number;
  /** True for the last, open-ended row. */
  orMore: boolean;
  actual: number;
  expected: number;
}

function checkMax(v: unknown): number {
  if (!(typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 1000)) {
    invalidOption(['options', 'maxFrequency'], 'maxFrequency must be an integer between 1 and 1000', 'an integer in [1, 1000]', v);
  }
  return v;
}

/**
 * Actual vs expected number of customers with 0, 1, …, maxFrequency−1 and ≥ maxFrequency repeat
 * purchases (FHL 2005a Fig. 2). Expected counts sum the model's P(X(Tᵢ) = n) over customers
 * (grouped by T).
 *
 * @example
 * ```ts
 * import { bgNbd, periodTransactions } from 'crm-analytics/clv';
 * const data = [{ frequency: 0, recency: 0, T: 30 }, { frequency: 2, recency: 20, T: 30 }];
 * periodTransactions(bgNbd, { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, data, { maxFrequency: 3 });
 * // [{ frequency: 0, orMore: false, actual: 1, expected: … }, …, { frequency: 3, orMore: true, … }]
 * ```
 */
export function periodTransactions<P>(model: TransactionModel<P>, params: P, data: BtydData, options: { maxFrequency?: number } = {}): PeriodTransactionsRow[] {
  const max = checkMax(options.maxFrequency ?? 7);
  const n = rowCount(data);
  const get = rowAccessor(data);
  const actual = new Array<number>(max + 1).fill(0);
  const byT = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = get(i);
    checkCustomer(c.frequency, c.recency, c.T, c.path);
    const bucket = Math.min(c.frequency, max);
    actual[bucket] = (actual[bucket]!) + 1;
    byT.set(c.T, (byT.get(c.T) ?? 0) + 1);
  }
  const expected = new Array<number>(max + 1).fill(0);
  for (const [T, count] of byT) {
    let below = 0;
    for (let k = 0; k < max; k++) {
      const p = model.probabilityOfPurchases(params, T, k);
      below += p;
      expected[k] = (expected[k]!) + count * p;
    }
    expected[max] = (expected[max]!) + count * Math.max(0, 1 - below);
  }
  return actual.map((a, k) => ({ frequency: k, orMore: k === max, actual: a, expected: expected[k]! }));
}

/** One row of {@link calibrationVsHoldout}. */
export interface CalibrationVsHoldoutRow {
  /** Calibration repeat purchases; the last row is "maxFrequency or more". */
  frequency: number;
  orMore: boolean;
  customers: number;
  /** Mean holdout purchases of these customers. */
  actual: number;
  /** Mean of the model's conditional expectations over each customer's holdout duration. */
  expected: number;
}

/**
 * Mean holdout purchases by calibration frequency, actual vs conditional expectation (FHL 2005a
 * Fig. 4). Input: the rows of `calibrationHoldoutSplit`.
 *
 * @example
 * ```ts
 * import { bgNbd, calibrationVsHoldout } from 'crm-analytics/clv';
 * calibrationVsHoldout(bgNbd, { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, [
 *   { customerId: 'a', frequency: 1, recency: 10, T: 30, monetaryValue: 5, frequencyHoldout: 1, monetaryValueHoldout: 5, durationHoldout: 39 },
 * ]);
 * ```
 */
export function calibrationVsHoldout<P>(model: TransactionModel<P>, params: P, rows: readonly CalibrationHoldoutRow[], options: { maxFrequency?: number } = {}): CalibrationVsHoldoutRow[] {
  const max = checkMax(options.maxFrequency ?? 7);
  if (!Array.isArray(rows)) invalidInput(['rows'], 'rows must be an array', 'calibrationHoldoutSplit rows', rows);
  const customers = new Array<number>(max + 1).fill(0);
  const act = new Array<number>(max + 1).fill(0);
  const exp = new Array<number>(max + 1).fill(0);
  rows.forEach((r, i) => {
    checkCustomer(r.frequency, r.recency, r.T, (f) => [i, f]);
    if (!(typeof r.durationHoldout === 'number' && r.durationHoldout >= 0 && Number.isFinite(r.durationHoldout))) {
      invalidInput([i, 'durationHoldout'], 'durationHoldout must be a non-negative number', 'a finite number ≥ 0', r.durationHoldout);
    }
    if (!(typeof r.frequencyHoldout === 'number' && r.frequencyHoldout >= 0 && Number.isFinite(r.frequencyHoldout))) {
      invalidInput([i, 'frequencyHoldout'], 'frequencyHoldout must be a non-negative number', 'a finite number ≥ 0', r.frequencyHoldout);
    }
    const k = Math.min(r.frequency, max);
    customers[k] = (customers[k]!) + 1;
    act[k] = (act[k]!) + r.frequencyHoldout;
    exp[k] = (exp[k]!) + model.conditionalExpectedPurchases(params, r.durationHoldout, { frequency: r.frequency, recency: r.recency, T: r.T });
  });
  const out: CalibrationVsHoldoutRow[] = [];
  for (let k = 0; k <= max; k++) {
    const c = customers[k]!;
    if (c === 0) continue;
    out.push({ frequency: k, orMore: k === max, customers: c, actual: (act[k]!) / c, expected: (exp[k]!) / c });
  }
  return out;
}

/** One point of {@link cumulativeTracking}. */
export interface TrackingPoint {
  /** Time since `start`, in `unit`s. */
  t: number;
  /** The calendar date of this point (ISO `YYYY-MM-DD`). */
  date: string;
  /** Actual cumulative repeat purchase days up to and including this date. */
  actual: number;
  /** Expected cumulative repeat purchases, Σᵢ E[X(t − firstᵢ)]. */
  expected: number;
  /** Actual minus previous point's actual (incremental view). */
  actualIncrement: number;
  expectedIncrement: number;
}

/** Options of {@link cumulativeTracking}. */
export interface CumulativeTrackingOptions {
  /** Last date tracked (inclusive). */
  asOf: DateInput;
  /** Only customers whose first purchase is on or before this date form the cohort. Default: `asOf`. */
  cohortEnd?: DateInput;
  /** Time unit of the model's parameters and of `t`. */
  unit: TimeUnit;
  /** First tracked date. Default: the cohort's first purchase day. */
  start?: DateInput;
  /** Distance between points in `unit`s. Default 1. */
  step?: number;
  /** Budget: the most points returned (default 100,000); more is a `BUDGET_EXCEEDED` error naming this option. */
  maxPoints?: number;
  /** Rows dated after `asOf`: `'error'` (default) or `'exclude'` them (docs/glossary.md). */
  afterAsOf?: AfterAsOf;
}

/**
 * Cumulative repeat purchases of a cohort over calendar time, actual vs expected (FHL 2005a
 * Fig. 3). Repeat purchases are purchase days after each customer's first (same-day purchases
 * merged), matching btydSummary. Points fall every `step` units from `start`, the last one on `asOf`.
 *
 * @example
 * ```ts
 * import { bgNbd, cumulativeTracking } from 'crm-analytics/clv';
 * cumulativeTracking(bgNbd, { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, [
 *   { customerId: 'a', date: '2024-01-01', amount: 5 },
 *   { customerId: 'a', date: '2024-02-01', amount: 5 },
 * ], { asOf: '2024-03-01', unit: 'week' });
 * ```
 */
export function cumulativeTracking<P>(model: TransactionModel<P>, params: P, transactions: readonly Transaction[] | TransactionTable, options: CumulativeTrackingOptions): TrackingPoint[] {
  if (typeof options !== 'object' || options === null) invalidOption(['options'], 'options are required', '{ asOf, unit }', options);
  readOptions(options, ['asOf', 'cohortEnd', 'unit', 'start', 'step', 'maxPoints', 'afterAsOf']);
  const afterAsOf = readOneOf(options.afterAsOf, ['options', 'afterAsOf'], AFTER_AS_OF, 'error');
  const day = (v: unknown, name: string): number => {
    const d = tryDayNumber(v);
    if (d === undefined) invalidOption(['options', name], `${name} must be a date`, 'a date', v);
    return Math.floor(d);
  };
  const asOf = day(options.asOf, 'asOf');
  const cohortEnd = options.cohortEnd === undefined ? asOf : day(options.cohortEnd, 'cohortEnd');
  const unitDays = DAYS_PER_UNIT[options.unit];
  if (unitDays === undefined) invalidOption(['options', 'unit'], 'unit must be one of day, week, month, quarter, year', 'a TimeUnit', options.unit);
  const step = options.step ?? 1;
  if (!(typeof step === 'number' && step > 0 && Number.isFinite(step))) invalidOption(['options', 'step'], 'step must be a positive number', 'a finite number > 0', step);
  if (!Array.isArray(transactions) && !isTransactionTable(transactions)) {
    invalidInput(['transactions'], 'transactions must be an array of rows or a TransactionTable', 'an array', transactions);
  }
  const table = prepareTransactions(transactions);
  // Distinct purchase days per customer.
  const days = new Map<number, Set<number>>();
  for (let i = 0; i < table.length; i++) {
    const d = Math.floor(table.day[i]!);
    if (d > asOf) {
      if (afterAsOf === 'error') throw afterAsOfError([i, 'date'], d, asOf);
      continue;
    }
    const c = table.customer[i]!;
    let s = days.get(c);
    if (s === undefined) {
      s = new Set();
      days.set(c, s);
    }
    s.add(d);
  }
  const firstCount = new Map<number, number>(); // first day → customers
  const repeatDays: number[] = [];
  for (const s of days.values()) {
    let first = Number.POSITIVE_INFINITY;
    for (const d of s) if (d < first) first = d;
    if (first > cohortEnd) continue;
    firstCount.set(first, (firstCount.get(first) ?? 0) + 1);
    for (const d of s) if (d !== first) repeatDays.push(d);
  }
  if (firstCount.size === 0) return [];
  repeatDays.sort((a, b) => a - b);
  const cohortStart = Math.min(...firstCount.keys());
  const start = options.start === undefined ? cohortStart : day(options.start, 'start');
  if (start > asOf) {
    invalidOption(['options', 'start'], 'start is after asOf: nothing to track (t would be negative)', `a date on or before asOf (${new Date(asOf * 86_400_000).toISOString().slice(0, 10)})`, options.start);
  }
  const points: number[] = [];
  const stepDays = step * unitDays;
  // Budget (issue 22): the number of points is known before any is made.
  const maxPoints = readBudget(options.maxPoints, ['options', 'maxPoints'], 100_000);
  const pointCount = Math.ceil((asOf - start) / stepDays);
  if (pointCount > maxPoints) throw budgetExceeded({ code: 'BUDGET_EXCEEDED', option: ['options', 'maxPoints'], limit: maxPoints, what: 'tracking points', count: pointCount });
  for (let k = 1; start + k * stepDays < asOf - 1e-9; k++) points.push(start + k * stepDays);
  points.push(asOf);
  const out: TrackingPoint[] = [];
  let ri = 0;
  let prevA = 0;
  let prevE = 0;
  for (const p of points) {
    while (ri < repeatDays.length && (repeatDays[ri]!) <= p + 1e-9) ri++;
    let expected = 0;
    for (const [first, count] of firstCount) if (first < p) expected += count * model.expectedPurchases(params, (p - first) / unitDays);
    out.push({
      t: (p - start) / unitDays,
      date: new Date(Math.floor(p) * 86_400_000).toISOString().slice(0, 10),
      actual: ri,
      expected,
      actualIncrement: ri - prevA,
      expectedIncrement: expected - prevE,
    });
    prevA = ri;
    prevE = expected;
  }
  return out;
}

/** What {@link probabilityAliveMatrix} needs from a model: `bgNbd`, `modifiedBgNbd` and `paretoNbd` fit. */
export interface AliveModel<P> {
  probabilityAlive(params: P, customer: BtydCustomer): number;
}

/** One cell of {@link probabilityAliveMatrix}. */
export interface ProbabilityAliveCell {
  /** Repeat purchases x. */
  frequency: number;
  /** Time of the last purchase t_x, in the model's time unit. */
  recency: number;
  /** P(alive | x, t_x, T). */
  probabilityAlive: number;
}

/** Result of {@link probabilityAliveMatrix}: the grid at one age `T`. */
export interface ProbabilityAliveMatrix {
  /** The customer age every cell is evaluated at (model time units). */
  T: number;
  /** Largest frequency in the grid. */
  maxFrequency: number;
  /** Cells by frequency, then recency; frequency 0 has the single cell recency 0. */
  cells: ProbabilityAliveCell[];
}

/**
 * P(alive) over a frequency × recency grid at one customer age T (FHL 2005a, Fig. 4 contour;
 * lifetimes `plot_probability_alive_matrix`, which uses the data's largest frequency and T).
 * Recency runs over `recencySteps + 1` evenly spaced values 0…T; frequency 0 has only recency 0
 * (x = 0 implies t_x = 0).
 *
 * @example
 * ```ts
 * import { bgNbd, probabilityAliveMatrix } from 'crm-analytics/clv';
 * const m = probabilityAliveMatrix(bgNbd, { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, [
 *   { frequency: 0, recency: 0, T: 30 },
 *   { frequency: 2, recency: 20, T: 30 },
 * ]);
 * m.T; // 30
 * m.cells[0]; // { frequency: 0, recency: 0, probabilityAlive: 1 }
 * ```
 */
export function probabilityAliveMatrix<P>(
  model: AliveModel<P>,
  params: P,
  data: BtydData,
  options: { maxFrequency?: number; T?: number; recencySteps?: number } = {},
): ProbabilityAliveMatrix {
  const o = readOptions(options, ['maxFrequency', 'T', 'recencySteps']);
  const n = rowCount(data);
  const get = rowAccessor(data);
  let maxT = 0;
  let maxX = 0;
  for (let i = 0; i < n; i++) {
    const c = get(i);
    checkCustomer(c.frequency, c.recency, c.T, c.path);
    if (c.T > maxT) maxT = c.T;
    if (c.frequency > maxX) maxX = c.frequency;
  }
  const T = o.T === undefined ? maxT : readPositive(o.T, ['options', 'T']);
  if (!(T > 0)) invalidInput(['data'], 'the matrix needs a positive customer age T: pass options.T or data with T > 0', 'a customer with T > 0', maxT);
  const maxFrequency = o.maxFrequency === undefined ? Math.min(maxX, 30) : readInteger(o.maxFrequency, ['options', 'maxFrequency'], { min: 0, max: 1000 });
  const steps = o.recencySteps === undefined ? Math.min(30, Math.max(1, Math.floor(T))) : readInteger(o.recencySteps, ['options', 'recencySteps'], { min: 1, max: 1000 });
  const cells: ProbabilityAliveCell[] = [{ frequency: 0, recency: 0, probabilityAlive: model.probabilityAlive(params, { frequency: 0, recency: 0, T }) }];
  for (let x = 1; x <= maxFrequency; x++) {
    for (let j = 0; j <= steps; j++) {
      const recency = j === steps ? T : (T * j) / steps;
      cells.push({ frequency: x, recency, probabilityAlive: model.probabilityAlive(params, { frequency: x, recency, T }) });
    }
  }
  return { T, maxFrequency, cells };
}
