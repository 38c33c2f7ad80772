/**
 * Acquisition cohorts: customers grouped by the calendar period of their first purchase, and each
 * cohort's activity in the periods since (the age). The classic retention triangle of pandas
 * tutorials and Fader & Hardie's "cohort" charts, with the right-censored corner explicit: a cell
 * whose period is not fully observed at `asOf` is `partial`, one that starts after `asOf` is
 * `unobserved` with `null` values — never a 0 that looks like churn.
 */
import { readOptions, readOneOf } from '../core/options.js';
import { AFTER_AS_OF, afterAsOfError, readAsOf } from '../core/as-of.js';
import { prepareTransactions, type TransactionTable } from '../core/table.js';
import type { Transaction } from '../core/schemas.js';
import { dayToIsoDate, periodIndex, periodStart } from '../core/time.js';

/** Calendar period of a cohort and of its ages. */
export type CohortPeriod = 'week' | 'month' | 'quarter';
/** Which number a cell's `value` holds. */
export type CohortMetric = 'customers' | 'revenue' | 'orders';

/** Options of {@link cohortTable}. */
export interface CohortOptions {
  /** Last day of observation, inclusive. */
  readonly asOf: Date | string | number;
  /** Default `'month'`. Weeks start on Monday (ISO 8601). */
  readonly period?: CohortPeriod;
  /** Default `'customers'` (active customers). */
  readonly metric?: CohortMetric;
  /** Rows dated after `asOf`: `'error'` (default) or `'exclude'` them. */
  readonly afterAsOf?: 'error' | 'exclude';
}

/** How much of a cell's period lies on or before `asOf`. */
export type CellStatus = 'complete' | 'partial' | 'unobserved';

/** One cohort × age cell. */
export interface CohortCell {
  /** Periods since acquisition (0 = the acquisition period). */
  readonly age: number;
  /** First day of the cell's calendar period (ISO date). */
  readonly periodStart: string;
  readonly status: CellStatus;
  /** The chosen metric; `null` when unobserved. */
  readonly value: number | null;
  /** Customers of the cohort with a purchase in the period; `null` when unobserved. */
  readonly activeCustomers: number | null;
  /** activeCustomers / cohort size; `null` when unobserved. */
  readonly retention: number | null;
  /** Revenue of the cohort in ages 0..age divided by its size; `null` when unobserved. */
  readonly cumulativeRevenuePerCustomer: number | null;
}

/** One acquisition cohort. */
export interface Cohort {
  /** First day of the acquisition period (ISO date). */
  readonly cohort: string;
  /** Customers whose first purchase falls in the period. */
  readonly size: number;
  /** Ages 0..maxAge of the table; the cohort's own unobserved tail included. */
  readonly cells: readonly CohortCell[];
}

/** Result of {@link cohortTable}. */
export interface CohortTable {
  readonly period: CohortPeriod;
  readonly metric: CohortMetric;
  readonly asOf: string;
  /** Largest age of any cell (the oldest cohort's last observed period). */
  readonly maxAge: number;
  readonly cohorts: readonly Cohort[];
}

/**
 * Cohort × period-since-acquisition table of customers, revenue or orders.
 *
 * @example
 * ```ts
 * const t = cohortTable([
 *   { customerId: 'a', date: '2024-01-05', amount: 10 }, { customerId: 'a', date: '2024-02-07', amount: 5 },
 *   { customerId: 'b', date: '2024-01-20', amount: 8 }, { customerId: 'c', date: '2024-02-02', amount: 4 },
 * ], { asOf: '2024-02-29' });
 * t.cohorts[0].cells.map((c) => c.retention); // [1, 0.5]
 * t.cohorts[1].cells.map((c) => c.status); // ['complete', 'unobserved']
 * ```
 */
export function cohortTable(transactions: readonly Transaction[] | TransactionTable, options: CohortOptions): CohortTable {
  const o = readOptions(options, ['asOf', 'period', 'metric', 'afterAsOf']);
  const asOf = readAsOf(o.asOf);
  const period = readOneOf(o.period, ['options', 'period'], ['week', 'month', 'quarter'] as const, 'month');
  const metric = readOneOf(o.metric, ['options', 'metric'], ['customers', 'revenue', 'orders'] as const, 'customers');
  const policy = readOneOf(o.afterAsOf, ['options', 'afterAsOf'], AFTER_AS_OF, 'error');
  const t = prepareTransactions(transactions);
  const nc = t.customerIds.length;

  // Pass 1: each customer's first period (the cohort).
  const first = new Float64Array(nc).fill(Infinity);
  const keep = new Uint8Array(t.length);
  for (let i = 0; i < t.length; i++) {
    const d = Math.floor(t.day[i]!);
    if (d > asOf) {
      if (policy === 'error') throw afterAsOfError([i, 'date'], d, asOf);
      continue;
    }
    keep[i] = 1;
    const p = periodIndex(d, period);
    const c = t.customer[i]!;
    if (p < first[c]!) first[c] = p;
  }
  const lastPeriod = periodIndex(asOf, period);
  // The period holding asOf is complete only when asOf is its last day.
  const lastComplete = periodStart(lastPeriod + 1, period) - 1 === asOf;
  let firstCohort = Infinity;
  for (let c = 0; c < nc; c++) if (first[c]! < firstCohort) firstCohort = first[c]!;
  if (firstCohort === Infinity) return { period, metric, asOf: dayToIsoDate(asOf), maxAge: 0, cohorts: [] };
  const cohorts = lastPeriod - firstCohort + 1;
  const width = cohorts; // ages 0..cohorts-1
  const size = new Float64Array(cohorts);
  for (let c = 0; c < nc; c++) if (first[c] !== Infinity) size[first[c]! - firstCohort]!++;

  // Pass 2: per (cohort, age) cell, active customers, revenue and orders (each counted once).
  const active = new Float64Array(cohorts * width);
  const revenue = new Float64Array(cohorts * width);
  const orders = new Float64Array(cohorts * width);
  const seenCustomer = new Set<number>();
  // Orders are counted once per cell: an order id (or, without ids, a customer's purchase day) is
  // remembered with the cell it was counted in. Numeric keys: a Set of strings cost 4× the time.
  const seenOrder = new Set<number | string>();
  const cellCount = cohorts * width;
  let minDay = Infinity;
  for (let i = 0; i < t.length; i++) if (keep[i] === 1 && t.day[i]! < minDay) minDay = Math.floor(t.day[i]!);
  const daySpan = asOf - minDay + 1;
  // Exact integer keys while they fit in 2^53 (order ids ≥ 0, customer days < 0); strings beyond.
  const numeric = (nc * daySpan + (t.orderIds?.length ?? 0) + 1) * cellCount < 2 ** 52;
  for (let i = 0; i < t.length; i++) {
    if (keep[i] === 0) continue;
    const c = t.customer[i]!;
    const d = Math.floor(t.day[i]!);
    const cohort = first[c]! - firstCohort;
    const age = periodIndex(d, period) - first[c]!;
    const cell = cohort * width + age;
    revenue[cell]! += t.amount[i]!;
    // Keys are unique per (customer, cell): customers × cells fit well within 2^53.
    const customerKey = c * width + age;
    if (!seenCustomer.has(customerKey)) {
      seenCustomer.add(customerKey);
      active[cell]!++;
    }
    // An order is its orderId when present, else the customer's purchase day.
    const orderId = t.order === undefined ? -1 : t.order[i]!;
    const orderKey = numeric
      ? orderId >= 0 ? orderId * cellCount + cell : -1 - ((c * daySpan + (d - minDay)) * cellCount + cell)
      : orderId >= 0 ? `o${orderId}:${cell}` : `c${c}:${d}:${cell}`;
    if (!seenOrder.has(orderKey)) {
      seenOrder.add(orderKey);
      orders[cell]!++;
    }
  }

  const out: Cohort[] = [];
  let maxAge = 0;
  for (let k = 0; k < cohorts; k++) {
    if (size[k] === 0) continue; // no customer acquired in this period: no row (not a 0 % row)
    const cells: CohortCell[] = [];
    let cumulative = 0;
    for (let age = 0; age < width; age++) {
      const p = firstCohort + k + age;
      const status: CellStatus = p > lastPeriod ? 'unobserved' : p === lastPeriod && !lastComplete ? 'partial' : 'complete';
      const cell = k * width + age;
      if (status === 'unobserved') {
        cells.push({ age, periodStart: dayToIsoDate(periodStart(p, period)), status, value: null, activeCustomers: null, retention: null, cumulativeRevenuePerCustomer: null });
        continue;
      }
      maxAge = Math.max(maxAge, age);
      cumulative += revenue[cell]!;
      const value = metric === 'customers' ? active[cell]! : metric === 'revenue' ? revenue[cell]! : orders[cell]!;
      cells.push({
        age,
        periodStart: dayToIsoDate(periodStart(p, period)),
        status,
        value,
        activeCustomers: active[cell]!,
        retention: active[cell]! / size[k]!,
        cumulativeRevenuePerCustomer: cumulative / size[k]!,
      });
    }
    out.push({ cohort: dayToIsoDate(periodStart(firstCohort + k, period)), size: size[k]!, cells });
  }
  return { period, metric, asOf: dayToIsoDate(asOf), maxAge, cohorts: out };
}
