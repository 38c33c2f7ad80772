/**
 * Shared option parsing and the per-customer summary record of the RFM module.
 */
import { AFTER_AS_OF, CrmError, readAsOf, readOneOf, readOptions, type AfterAsOf, type CrmErrorPath, type DateInput } from '../core/index.js';
import { isoDay } from './iso-day.js';

/**
 * How orders are counted for `frequency`:
 * - `'auto'` (default): a row with an `orderId` counts by distinct `orderId`, a row without one
 *   by distinct purchase day (UTC calendar day) — the rule, applied per row so shards agree;
 * - `'orderId'`: distinct `orderId` (every row must have one);
 * - `'day'`: distinct purchase days, ignoring `orderId` (lifetimes' `freq='D'` collapsing);
 * - `'row'`: every row is one order (R `rfm`'s `n()`; invoice-level data).
 */
export type OrderKey = 'auto' | 'orderId' | 'day' | 'row';

/** Options of {@link summarize}, {@link createRfmAccumulator} and {@link summarizeStream}. */
export interface SummarizeOptions {
  /** The last day of observation, inclusive (docs/glossary.md). Its time of day is ignored. */
  asOf: DateInput;
  /** How `frequency` counts orders (default `'auto'`). */
  orderKey?: OrderKey;
  /**
   * Rows dated after the asOf day: `'error'` (default, a `CrmError` naming the first one) or
   * `'exclude'` (left out; the accumulator counts them in `excludedAfterAsOf`).
   */
  afterAsOf?: AfterAsOf;
}

/** One customer's RFM summary. All day counts are whole UTC calendar days. */
export interface RfmSummary {
  customerId: string;
  /** Days from the last purchase day to `asOf` (0 = bought on the `asOf` day). */
  recency: number;
  /** Number of distinct orders (see {@link OrderKey}). */
  frequency: number;
  /** Sum of amounts (returns are negative and reduce it); exact sum, rounded once. */
  monetary: number;
  /** `monetary / frequency`. */
  averageOrderValue: number;
  /** First purchase day, `YYYY-MM-DD` (UTC). */
  firstPurchase: string;
  /** Last purchase day, `YYYY-MM-DD` (UTC). */
  lastPurchase: string;
  /** Days from the first purchase day to `asOf`. */
  tenure: number;
}

const ORDER_KEYS: readonly OrderKey[] = ['auto', 'orderId', 'day', 'row'];

/** Parsed summarize options. */
export interface ParsedSummarizeOptions {
  /** `asOf` as a whole UTC day number. */
  asOfDay: number;
  orderKey: OrderKey;
  afterAsOf: AfterAsOf;
}

/** The option keys of {@link SummarizeOptions}. */
export const SUMMARIZE_KEYS = ['asOf', 'orderKey', 'afterAsOf'] as const;

/** Validate summarize options (throws `CrmError` INVALID_OPTION with the option's path). */
export function parseSummarizeOptions(options: unknown, prefix: CrmErrorPath = ['options']): ParsedSummarizeOptions {
  const o = readOptions(options ?? null, SUMMARIZE_KEYS, prefix);
  return {
    asOfDay: readAsOf(o.asOf, [...prefix, 'asOf']),
    orderKey: readOneOf(o.orderKey, [...prefix, 'orderKey'], ORDER_KEYS, 'auto'),
    afterAsOf: readOneOf(o.afterAsOf, [...prefix, 'afterAsOf'], AFTER_AS_OF, 'error'),
  };
}

/** Build the summary record (shared by the one-pass and the accumulator paths so they agree bit for bit). */
export function makeSummary(
  customerId: string,
  firstDay: number,
  lastDay: number,
  frequency: number,
  monetary: number,
  asOfDay: number,
): RfmSummary {
  if (!Number.isFinite(monetary)) {
    throw new CrmError('NUMERIC_DOMAIN', 'the sum of amounts overflows a double', { path: ['monetary'], data: { customerId } });
  }
  const m = monetary === 0 ? 0 : monetary; // no -0 in results
  const aov = m / frequency;
  return {
    customerId,
    recency: asOfDay - Math.floor(lastDay),
    frequency,
    monetary: m,
    averageOrderValue: aov === 0 ? 0 : aov,
    firstPurchase: isoDay(firstDay),
    lastPurchase: isoDay(lastDay),
    tenure: asOfDay - Math.floor(firstDay),
  };
}

/** JavaScript string order (UTF-16 code units), the order of every per-customer output. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
