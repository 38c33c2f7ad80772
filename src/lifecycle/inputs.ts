/**
 * Boundary helpers shared by the lifecycle functions: the as-of date, P(alive) records and
 * trend direction. Internal (not re-exported).
 */
import {
  AFTER_AS_OF,
  CrmError,
  afterAsOfError,
  dayToIsoDate,
  invalidInput,
  invalidOption,
  readAsOf,
  readOneOf,
  toDayNumber,
  toId,
  type AfterAsOf,
  type CrmErrorPath,
  type DateInput,
  type TransactionTable,
} from '../core/index.js';
import { linearTrend, type Trend } from './trend.js';

/** P(alive) per customer: a Map, or records such as those a BG/NBD prediction returns. */
export type ProbabilityAliveInput =
  | ReadonlyMap<string, number>
  | ReadonlyArray<{ readonly customerId: string | number; readonly probabilityAlive: number }>;

/** The asOf day (inclusive) and the policy for later rows, read from an options bag. */
export interface AsOfPolicy {
  /** The last day of observation as a whole UTC day number (inclusive). */
  asOfDay: number;
  afterAsOf: AfterAsOf;
}

/** Read `asOf` (required) and `afterAsOf` (default `'error'`) — the glossary's one meaning. */
export function readAsOfPolicy(o: { asOf?: unknown; afterAsOf?: unknown }, path: CrmErrorPath = ['options']): AsOfPolicy {
  return { asOfDay: readAsOf(o.asOf, [...path, 'asOf']), afterAsOf: readOneOf(o.afterAsOf, [...path, 'afterAsOf'], AFTER_AS_OF, 'error') };
}

/**
 * Apply the afterAsOf policy to a table: with `'error'` the first row dated after the asOf day is
 * a `CrmError` at `[...path, row, 'date']`; with `'exclude'` the later rows are counted (the
 * callers' scans skip them) and the count is returned for the result's `excludedAfterAsOf`.
 */
export function rowsAfterAsOf(table: TransactionTable, policy: AsOfPolicy, path: CrmErrorPath = []): number {
  const end = policy.asOfDay + 1;
  let count = 0;
  for (let i = 0; i < table.length; i++) {
    const d = table.day[i]!;
    if (d >= end) {
      if (policy.afterAsOf === 'error') throw afterAsOfError([...path, i, 'date'], d, policy.asOfDay);
      count++;
    }
  }
  return count;
}

/** A customer id of an input record (core's one id rule), or an INVALID_INPUT / INVALID_OPTION error. */
export function readCustomerId(value: unknown, path: CrmErrorPath, option = false): string {
  const id = toId(value);
  if (id === undefined) (option ? invalidOption : invalidInput)(path, 'customer id must be a non-empty string or a finite number', 'a non-empty string or a finite number', value);
  return id as string;
}

/** Parse a date field of an input record. */
export function readDateField(value: unknown, path: CrmErrorPath): number {
  if (value === undefined || value === null) invalidInput(path, 'date is missing', 'a Date, ISO-8601 string or epoch ms', value);
  return toDayNumber(value as DateInput, path);
}

/** Validate P(alive) input into a Map (values in [0, 1]). */
export function readProbabilityAlive(input: unknown, path: CrmErrorPath): Map<string, number> | undefined {
  if (input === undefined) return undefined;
  const out = new Map<string, number>();
  const check = (id: unknown, p: unknown, where: CrmErrorPath): void => {
    const key = readCustomerId(id, [...where, 'customerId'], true);
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) invalidOption([...where, 'probabilityAlive'], 'P(alive) must be a probability', 'a number in [0, 1]', p);
    out.set(key, p);
  };
  if (input instanceof Map) {
    for (const [id, p] of input) check(id, p, [...path, String(id)]);
  } else if (Array.isArray(input)) {
    input.forEach((r: unknown, i: number) => {
      if (typeof r !== 'object' || r === null) invalidOption([...path, i], 'P(alive) record must be an object', '{ customerId, probabilityAlive }', r);
      const rec = r as { customerId?: unknown; probabilityAlive?: unknown };
      check(rec.customerId, rec.probabilityAlive, [...path, i]);
    });
  } else {
    invalidOption(path, 'probabilityAlive must be a Map or an array of records', 'Map<string, number> | { customerId, probabilityAlive }[]', input);
  }
  return out;
}

/** A trend with its direction under the significance level. */
export interface TrendVerdict extends Trend {
  /** 'rising' / 'falling' when p < alpha (or an exact linear fit), else 'flat'. */
  direction: 'rising' | 'falling' | 'flat';
}

/** Fit the trend of a series and judge its direction; `null` when too short. */
export function judgeTrend(series: readonly number[], minPeriods: number, alpha: number): TrendVerdict | null {
  if (series.length < minPeriods) return null;
  let t: ReturnType<typeof linearTrend>;
  try {
    t = linearTrend(series);
  } catch (e) {
    if (e instanceof CrmError && e.code === 'NUMERIC_DOMAIN') throw new CrmError('NUMERIC_DOMAIN', 'a spend trend overflows a double (amounts near ±1.8e308); rescale the amounts', { path: ['amount'], cause: e });
    throw e;
  }
  const significant = t.pValue !== null && t.pValue < alpha;
  const direction = significant ? (t.slope > 0 ? 'rising' : t.slope < 0 ? 'falling' : 'flat') : 'flat';
  return { periods: t.periods, slope: t.slope, intercept: t.intercept, mean: t.mean, standardError: t.standardError, tStatistic: t.tStatistic, pValue: t.pValue, direction };
}

/** Format a number for reasons: up to 2 decimals, no trailing zeros. */
export function fmt(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return String(Math.round(x * 100) / 100);
}

/** Format a p-value for reasons, with its relation: 'p = 0.034', 'p < 0.001', 'p = 0 (exact linear fit)'. */
export function fmtP(p: number | null): string {
  if (p === null) return 'p n/a';
  if (p === 0) return 'p = 0 (exact linear fit)';
  if (p < 0.001) return 'p < 0.001';
  return `p = ${Math.round(p * 1000) / 1000}`;
}

/** ISO date `YYYY-MM-DD` of a UTC day number (core's allocation-free `dayToIsoDate`). */
export function isoDay(day: number): string {
  return dayToIsoDate(day);
}
