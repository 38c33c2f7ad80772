/**
 * From a transaction log and a dated covariate table to what the Pareto/NBD with time-varying
 * covariates needs per customer (Bachmann, Meierer & Näf 2021, "The Role of Time-Varying Contextual
 * Factors in Latent Attrition Models for Customer Base Analysis", Marketing Science 40(4), §3; the
 * data layout of CLVTools' `SetDynamicCovariates`):
 * - the covariates are piecewise constant: a table row `{ customerId, date, …columns }` holds from
 *   `date` for one `unit` (a week is 7 days; a month, quarter or year the calendar step to the same
 *   day of the next one) — CLVTools' "Cov.Date marks the beginning of the covariate period";
 * - time runs in `unit`s from the customer's first purchase (days / the unit's length in days, as in
 *   {@link btydSummary}); purchases on one UTC calendar day are one purchase occasion (CLVTools
 *   aggregates transactions on the same date);
 * - per customer: frequency (repeat purchase days), recency t_x, T (asOf − first purchase), the sum
 *   of the purchase-process covariates in force at each repeat purchase (Σ_j z(t_j), the
 *   ∏ exp(γᵀz(t_j)) factor of the likelihood), and the covariate runs: maximal stretches
 *   [from, to) of constant covariates (both processes) covering [0, T] and, with `until`, on to the
 *   prediction end.
 * CLVTools stores the same information as "walks" (per inter-purchase interval and from the last
 * purchase to T, R/pnbd_dyncov_createwalks.R); runs are the compact equivalent: the likelihood only
 * needs the cumulative rates A(t) = ∫₀ᵗ exp(γᵀz(τ))dτ, C(t) likewise, which are sums over runs.
 */
import { CrmError, DAYS_PER_UNIT, dayToIsoDate, isTransactionTable, MS_PER_DAY, prepareTransactions, readOneOf, readOptions, readTimeUnit, tryDayNumber, type DateInput, type Transaction, type TransactionTable, invalidOption, invalidInput } from '../core/index.js';
import { AFTER_AS_OF, afterAsOfError, readAsOf, type AfterAsOf } from '../core/as-of.js';
import { checkIdentified } from './kit/covariates.js';
import type { TimeUnit } from './types.js';

/** One row of a dated covariate table: the customer, the first day it holds, numeric columns. */
export type DynamicCovariateRow = { readonly customerId: string | number; readonly date: DateInput } & Readonly<Record<string, unknown>>;

/** Options of {@link dynamicCovariateData}. */
export interface DynamicCovariateDataOptions {
  /** End of the calibration period (inclusive, a date): T is measured to it. Required. */
  asOf: DateInput;
  /** Time unit of recency, T and of one covariate period. Required. */
  unit: TimeUnit;
  /** Columns acting on the purchase process (CLVTools' `names.cov.trans`). */
  purchase?: readonly string[];
  /** Columns acting on the dropout process (CLVTools' `names.cov.life`). */
  dropout?: readonly string[];
  /** Also keep the covariate runs after asOf up to this date (inclusive), for predictions. */
  until?: DateInput;
  /** Transactions dated after asOf: `'error'` (default) or `'exclude'` them. */
  afterAsOf?: AfterAsOf;
}

/** A stretch [from, to) of constant covariates, in units since the customer's first purchase. */
export interface CovariateRun {
  from: number;
  to: number;
  /** Purchase-process covariates, in the order of `purchase`. */
  purchase: number[];
  /** Dropout-process covariates, in the order of `dropout`. */
  dropout: number[];
}

/** One customer of {@link DynamicCovariateData}. */
export interface DynamicCovariateCustomer {
  customerId: string;
  /** Repeat purchase days in the calibration period. */
  frequency: number;
  /** Last purchase − first purchase, in units. */
  recency: number;
  /** asOf − first purchase, in units. */
  T: number;
  /** Σ over the repeat purchases of the purchase covariates in force at each. */
  repeatPurchaseCovariates: number[];
  /** Runs of constant covariates from 0 (the first purchase) to T, or to `until` when given. */
  runs: CovariateRun[];
}

/** Per-customer data of the Pareto/NBD with time-varying covariates (JSON-serialisable). */
export interface DynamicCovariateData {
  readonly kind: 'dynamic-covariate-data';
  unit: TimeUnit;
  purchase: string[];
  dropout: string[];
  /** The last day covered (asOf, or `until`), as an ISO date. */
  coveredUntil: string;
  customers: DynamicCovariateCustomer[];
}

/** The first day of the period after the one starting on `day`. */
export function nextPeriodDay(day: number, unit: TimeUnit): number {
  if (unit === 'day') return day + 1;
  if (unit === 'week') return day + 7;
  const months = unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12;
  const d = new Date(day * MS_PER_DAY);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate()) / MS_PER_DAY;
}

function columnList(value: unknown, path: Array<string | number>): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((c) => typeof c !== 'string' || c === '' || c === 'customerId' || c === 'date')) {
    invalidOption(path, 'covariate columns must be an array of column names', 'an array of non-empty strings (not customerId or date)', value);
  }
  if (new Set(value).size !== value.length) {
    invalidOption(path, 'a covariate column is listed twice', 'distinct column names', value);
  }
  return value as string[];
}

interface CovRow {
  day: number;
  index: number;
}

/** The rows of each customer, sorted by day; duplicate days and bad dates are errors. */
function indexCovariates(rows: unknown): Map<string, CovRow[]> {
  if (!Array.isArray(rows)) {
    invalidInput(['covariates'], 'covariates must be an array of { customerId, date, …columns } rows', 'an array', rows);
  }
  const byId = new Map<string, CovRow[]>();
  // A covariate table repeats each date once per customer: parse each distinct text once.
  const parsed = new Map<string, number | undefined>();
  const dayOf = (v: unknown): number | undefined => {
    if (typeof v !== 'string') return tryDayNumber(v);
    if (!parsed.has(v)) parsed.set(v, tryDayNumber(v));
    return parsed.get(v);
  };
  rows.forEach((row: unknown, index: number) => {
    const o = row as { customerId?: unknown; date?: unknown } | null;
    if (typeof o !== 'object' || o === null) {
      invalidInput(['covariates', index], 'a covariate row must be an object', '{ customerId, date, …columns }', row);
    }
    const id = typeof o.customerId === 'string' && o.customerId !== '' ? o.customerId : typeof o.customerId === 'number' && Number.isFinite(o.customerId) ? String(o.customerId) : undefined;
    if (id === undefined) {
      invalidInput(['covariates', index, 'customerId'], 'a covariate row needs a customerId', 'a non-empty string or a finite number', o.customerId);
    }
    const day = dayOf(o.date);
    if (day === undefined) {
      invalidInput(['covariates', index, 'date'], `covariate row of customer "${id}" has no valid date`, 'a Date, an ISO-8601 date string or epoch milliseconds', o.date);
    }
    let list = byId.get(id);
    if (list === undefined) byId.set(id, (list = []));
    list.push({ day: Math.floor(day), index });
  });
  for (const [id, list] of byId) {
    list.sort((a, b) => a.day - b.day);
    for (let k = 1; k < list.length; k++) {
      if ((list[k] as CovRow).day === (list[k - 1] as CovRow).day) {
        throw new CrmError('INVALID_INPUT', `customer "${id}" has two covariate rows for ${dayToIsoDate((list[k] as CovRow).day)}`, { path: ['covariates', (list[k] as CovRow).index, 'date'], expected: 'one row per customer and period', received: dayToIsoDate((list[k] as CovRow).day), data: { customerId: id } });
      }
    }
  }
  return byId;
}

/**
 * Build the per-customer data of the Pareto/NBD with time-varying covariates from a transaction
 * log and a dated covariate table (one row per customer and covariate period, CLVTools'
 * `SetDynamicCovariates` layout). Every customer with a purchase up to `asOf` needs a row for every
 * period from the one holding its first purchase through the one holding asOf (through `until`
 * when given): a missing period, a non-finite value, a column that never varies or columns that are
 * linear combinations of each other are `CrmError`s naming the customer, date or column.
 *
 * @example
 * ```ts
 * const transactions = [
 *   { customerId: 'a', date: '2024-01-01', amount: 10 },
 *   { customerId: 'a', date: '2024-01-10', amount: 20 },
 *   { customerId: 'b', date: '2024-01-03', amount: 5 },
 * ];
 * const covariates = ['a', 'b'].flatMap((customerId) =>
 *   ['2024-01-01', '2024-01-08', '2024-01-15'].map((date, k) => ({ customerId, date, promo: k === 1 ? 1 : 0 })),
 * );
 * const data = dynamicCovariateData(transactions, covariates, { asOf: '2024-01-21', unit: 'week', purchase: ['promo'], dropout: ['promo'] });
 * data.customers[0]!.runs.map((r) => [r.from, r.to, r.purchase[0]]); // [[0, 1, 0], [1, 2, 1], [2, 3, 0]]
 * data.customers[0]!.repeatPurchaseCovariates; // [1] (the 2nd purchase fell in the promo week)
 * ```
 */
export function dynamicCovariateData(transactions: readonly Transaction[] | TransactionTable, covariates: readonly DynamicCovariateRow[], options: DynamicCovariateDataOptions): DynamicCovariateData {
  const o = readOptions(options, ['asOf', 'unit', 'purchase', 'dropout', 'until', 'afterAsOf'] as const);
  if (!Array.isArray(transactions) && !isTransactionTable(transactions)) {
    invalidInput(['transactions'], 'transactions must be an array of rows or a TransactionTable', 'an array', transactions);
  }
  const asOfDay = readAsOf(o.asOf);
  const unit = readTimeUnit(o.unit, ['options', 'unit']);
  const purchase = columnList(o.purchase, ['options', 'purchase']);
  const dropout = columnList(o.dropout, ['options', 'dropout']);
  if (purchase.length + dropout.length === 0) {
    invalidOption(['options', 'purchase'], 'name at least one covariate column in purchase or dropout', 'an array of column names', o.purchase);
  }
  const afterAsOf = readOneOf(o.afterAsOf, ['options', 'afterAsOf'], AFTER_AS_OF, 'error');
  let endDay = asOfDay;
  if (o.until !== undefined) {
    const u = tryDayNumber(o.until);
    if (u === undefined || Math.floor(u) < asOfDay) {
      invalidOption(['options', 'until'], 'until must be a date on or after asOf', 'a date ≥ asOf', o.until);
    }
    endDay = Math.floor(u);
  }
  const unitDays = DAYS_PER_UNIT[unit];
  const table = prepareTransactions(transactions);
  const covIndex = indexCovariates(covariates);

  // Purchase days per customer (calibration only).
  const days = new Map<number, number[]>();
  for (let i = 0; i < table.length; i++) {
    const d = Math.floor(table.day[i]!);
    if (d > asOfDay) {
      if (afterAsOf === 'error') throw afterAsOfError(['transactions', i, 'date'], d, asOfDay);
      continue;
    }
    const c = table.customer[i]!;
    let list = days.get(c);
    if (list === undefined) days.set(c, (list = []));
    list.push(d);
  }
  const customerCodes = [...days.keys()].sort((a, b) => a - b);
  const value = (row: Record<string, unknown>, col: string, id: string, day: number, index: number): number => {
    const v = row[col];
    if (!(typeof v === 'number' && Number.isFinite(v))) {
      throw new CrmError('INVALID_INPUT', `covariate "${col}" of customer "${id}" for ${dayToIsoDate(day)} must be a finite number (encode categories as 0/1 columns)`, {
        path: ['covariates', index, col],
        expected: 'a finite number',
        received: v,
        data: { customerId: id, date: dayToIsoDate(day), column: col },
      });
    }
    return v;
  };
  const rows = covariates as unknown as Array<Record<string, unknown>>;
  const customers: DynamicCovariateCustomer[] = [];
  // Distinct covariate vectors seen (for the constant-column and identification checks).
  const seenPurchase = new Map<string, number[]>();
  const seenDropout = new Map<string, number[]>();
  for (const code of customerCodes) {
    const id = table.customerIds[code] as string;
    const purchaseDays = [...new Set(days.get(code))].sort((a, b) => a - b);
    const first = purchaseDays[0] as number;
    const list = covIndex.get(id);
    if (list === undefined) {
      throw new CrmError('INVALID_INPUT', `customer "${id}" has no covariate rows`, { path: ['covariates'], expected: `rows for customer "${id}" from ${dayToIsoDate(first)} to ${dayToIsoDate(endDay)}`, received: undefined, data: { customerId: id } });
    }
    // The row holding the first purchase day, then consecutive periods through endDay.
    let k = 0;
    while (k + 1 < list.length && (list[k + 1] as CovRow).day <= first) k++;
    const start = list[k] as CovRow;
    if (!(start.day <= first && first < nextPeriodDay(start.day, unit))) {
      throw new CrmError('INVALID_INPUT', `customer "${id}" has no covariate row for the period of its first purchase (${dayToIsoDate(first)})`, { path: ['covariates'], expected: `a row whose period holds ${dayToIsoDate(first)}`, received: dayToIsoDate(start.day), data: { customerId: id, date: dayToIsoDate(first) } });
    }
    const runs: CovariateRun[] = [];
    let periodStart = start.day;
    let j = k;
    const repeatSum = new Array<number>(purchase.length).fill(0);
    let p = 1; // next repeat purchase day to place
    for (;;) {
      const row = list[j] as CovRow;
      if (row.day !== periodStart) {
        throw new CrmError('INVALID_INPUT', `customer "${id}" has no covariate row for the period starting ${dayToIsoDate(periodStart)}`, { path: ['covariates'], expected: `a row dated ${dayToIsoDate(periodStart)}`, received: dayToIsoDate(row.day), data: { customerId: id, date: dayToIsoDate(periodStart) } });
      }
      const periodEnd = nextPeriodDay(periodStart, unit);
      const src = rows[row.index] as Record<string, unknown>;
      const zp = purchase.map((c) => value(src, c, id, periodStart, row.index));
      const zd = dropout.map((c) => value(src, c, id, periodStart, row.index));
      while (p < purchaseDays.length && (purchaseDays[p] as number) < periodEnd) {
        for (let c = 0; c < zp.length; c++) repeatSum[c] = (repeatSum[c] as number) + (zp[c] as number);
        p++;
      }
      const from = Math.max(0, (periodStart - first) / unitDays);
      const to = (periodEnd - first) / unitDays;
      const last = runs[runs.length - 1];
      if (last !== undefined && sameValues(last.purchase, zp) && sameValues(last.dropout, zd)) last.to = to;
      else {
        runs.push({ from, to, purchase: zp, dropout: zd });
        seenPurchase.set(zp.join(','), zp);
        seenDropout.set(zd.join(','), zd);
      }
      if (periodEnd > endDay) break;
      periodStart = periodEnd;
      j++;
      if (j >= list.length) {
        throw new CrmError('INVALID_INPUT', `customer "${id}" has no covariate row for the period starting ${dayToIsoDate(periodStart)}`, { path: ['covariates'], expected: `rows through ${dayToIsoDate(endDay)}`, received: undefined, data: { customerId: id, date: dayToIsoDate(periodStart) } });
      }
    }
    const lastDay = purchaseDays[purchaseDays.length - 1] as number;
    customers.push({
      customerId: id,
      frequency: purchaseDays.length - 1,
      recency: (lastDay - first) / unitDays,
      T: (asOfDay - first) / unitDays,
      repeatPurchaseCovariates: repeatSum,
      runs,
    });
  }
  if (customers.length === 0) {
    invalidInput(['transactions'], 'no customer has a purchase on or before asOf', 'at least one transaction dated ≤ asOf', table.length);
  }
  checkVaries(purchase, [...seenPurchase.values()], 'purchase');
  checkVaries(dropout, [...seenDropout.values()], 'dropout');
  return { kind: 'dynamic-covariate-data', unit, purchase, dropout, coveredUntil: dayToIsoDate(endDay), customers };
}

function sameValues(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Every column takes two values somewhere, and no column is a combination of the others. */
function checkVaries(cols: readonly string[], vectors: readonly number[][], process: 'purchase' | 'dropout'): void {
  cols.forEach((col, c) => {
    const v0 = (vectors[0] as number[])[c];
    if (vectors.every((v) => v[c] === v0)) {
      throw new CrmError('INVALID_INPUT', `covariate "${col}" is constant (${v0} for every customer and period): its effect cannot be told apart from the baseline ${process === 'purchase' ? 'α' : 'β'}; drop it`, {
        path: ['options', process, col],
        expected: 'a column that varies across customers or periods',
        received: v0,
        data: { column: col },
      });
    }
  });
  if (cols.length > 1) {
    const z = new Float64Array(vectors.length * cols.length);
    vectors.forEach((v, i) => v.forEach((x, c) => (z[i * cols.length + c] = x)));
    checkIdentified(z, vectors.length, cols, process);
  }
}
