/**
 * Customer lifetimes from transactions, as survival records: a customer is born on the first
 * purchase day and has churned (event 1) when the last purchase is more than `inactivityDays`
 * before `asOf`; otherwise the lifetime is right-censored at `asOf` (event 0). Durations count
 * days inclusively (first purchase day = day 1), matching the inclusive `asOf` of docs/glossary.md,
 * so a one-time buyer lives 1 day and no duration is 0. See docs/decisions/breadth.md.
 */
import { CrmError } from '../core/errors.js';
import { readOptions, readInteger, readOneOf } from '../core/options.js';
import { AFTER_AS_OF, afterAsOfError, readAsOf } from '../core/as-of.js';
import { prepareTransactions, type TransactionTable } from '../core/table.js';
import type { Transaction } from '../core/schemas.js';
import { dayToIsoDate } from '../core/time.js';
import type { SurvivalRecord } from './records.js';

/** Options of {@link lifetimesFromTransactions}. */
export interface LifetimesOptions {
  /** Last day of observation, inclusive. */
  readonly asOf: Date | string | number;
  /** Days without a purchase after which a customer counts as churned (> 0, whole days). */
  readonly inactivityDays: number;
  /** Rows dated after `asOf`: `'error'` (default) or `'exclude'` them. */
  readonly afterAsOf?: 'error' | 'exclude';
}

/** One customer's lifetime as a survival record. */
export interface CustomerLifetime extends SurvivalRecord {
  readonly customerId: string;
  /** Days from the first purchase to the last (churned) or to asOf (censored), both ends counted. */
  readonly duration: number;
  /** 1 = churned (no purchase in the last `inactivityDays` days), 0 = still active at asOf (censored). */
  readonly event: 0 | 1;
  readonly firstPurchase: string;
  readonly lastPurchase: string;
}

/**
 * Derive one survival record per customer from transactions.
 *
 * @example
 * ```ts
 * const rows = [
 *   { customerId: 'a', date: '2024-01-01', amount: 10 }, { customerId: 'a', date: '2024-01-10', amount: 5 },
 *   { customerId: 'b', date: '2024-03-01', amount: 7 },
 * ];
 * lifetimesFromTransactions(rows, { asOf: '2024-03-31', inactivityDays: 30 });
 * // [{ customerId: 'a', duration: 10, event: 1, … }, { customerId: 'b', duration: 31, event: 0, … }]
 * ```
 */
export function lifetimesFromTransactions(
  transactions: readonly Transaction[] | TransactionTable,
  options: LifetimesOptions,
): CustomerLifetime[] {
  const o = readOptions(options, ['asOf', 'inactivityDays', 'afterAsOf']);
  const asOf = readAsOf(o.asOf);
  const inactivityDays = readInteger(o.inactivityDays, ['options', 'inactivityDays'], { min: 1 });
  const policy = readOneOf(o.afterAsOf, ['options', 'afterAsOf'], AFTER_AS_OF, 'error');
  const t = prepareTransactions(transactions);
  const nc = t.customerIds.length;
  const first = new Float64Array(nc).fill(Infinity);
  const last = new Float64Array(nc).fill(-Infinity);
  for (let i = 0; i < t.length; i++) {
    const d = Math.floor(t.day[i]!);
    if (d > asOf) {
      if (policy === 'error') throw afterAsOfError([i, 'date'], d, asOf);
      continue;
    }
    const c = t.customer[i]!;
    if (d < first[c]!) first[c] = d;
    if (d > last[c]!) last[c] = d;
  }
  const out: CustomerLifetime[] = [];
  for (let c = 0; c < nc; c++) {
    if (first[c] === Infinity) continue; // every row after asOf, excluded
    const churned = asOf - last[c]! > inactivityDays;
    const end = churned ? last[c]! : asOf;
    const duration = end - first[c]! + 1;
    out.push({
      customerId: t.customerIds[c]!,
      duration,
      event: churned ? 1 : 0,
      firstPurchase: dayToIsoDate(first[c]!),
      lastPurchase: dayToIsoDate(last[c]!),
    });
  }
  return out;
}
