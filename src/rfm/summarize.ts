/**
 * `summarize`: one pass over a columnar transaction table to per-customer recency, frequency,
 * monetary (Hughes 1994, "Strategic Database Marketing"; the RFM variables as in Blattberg,
 * Kim & Neslin 2008, "Database Marketing", ch. 12).
 */
import { CrmError, afterAsOfError, prepareTransactions, type Transaction, type TransactionTable, invalidInput } from '../core/index.js';
import { ExactSums } from './exact-sum.js';
import { makeSummary, parseSummarizeOptions, type RfmSummary, type SummarizeOptions } from './options.js';

/** Count distinct (customer, key) pairs per customer from a list of numeric keys `c * span + k` (exact fallback). */
function countDistinctPairs(keys: Float64Array, span: number, out: Int32Array): void {
  keys.sort();
  let prev = Number.NaN;
  for (let j = 0; j < keys.length; j++) {
    const k = keys[j]!;
    if (k !== prev) {
      out[Math.floor(k / span)]! += 1;
      prev = k;
    }
  }
}

/**
 * Per-customer RFM summary, sorted by `customerId`. `recency` and `tenure` are whole calendar
 * days between UTC dates (`asOf`'s time of day is ignored); `frequency` counts distinct orders
 * (by `orderId`, or by distinct purchase day for rows without one; see `orderKey`); `monetary`
 * is the exact sum of amounts, rounded once, so returns (negative amounts) reduce it.
 * Accepts plain rows or a prepared `TransactionTable`; both give identical results.
 *
 * `asOf` is inclusive (docs/glossary.md): a purchase on the asOf day has recency 0. Throws
 * `CrmError` for a bad row (`path: [i, field]`), for a row dated after `asOf` (`path: [i, 'date']`;
 * `afterAsOf: 'exclude'` leaves such rows out instead — `createRfmAccumulator` counts them) and for
 * bad options, including unknown keys. Empty input gives `[]`.
 *
 * @example
 * ```ts
 * import { summarize } from 'crm-analytics/rfm';
 * const s = summarize(
 *   [
 *     { customerId: 'a', date: '2024-01-01', amount: 10, orderId: 'o1' },
 *     { customerId: 'a', date: '2024-01-05', amount: 5, orderId: 'o2' },
 *     { customerId: 'b', date: '2024-01-03', amount: 7 },
 *   ],
 *   { asOf: '2024-01-10' },
 * );
 * // [{ customerId: 'a', recency: 5, frequency: 2, monetary: 15, averageOrderValue: 7.5,
 * //    firstPurchase: '2024-01-01', lastPurchase: '2024-01-05', tenure: 9 },
 * //  { customerId: 'b', recency: 7, frequency: 1, monetary: 7, averageOrderValue: 7,
 * //    firstPurchase: '2024-01-03', lastPurchase: '2024-01-03', tenure: 7 }]
 * ```
 */
export function summarize(transactions: readonly Transaction[] | TransactionTable, options: SummarizeOptions): RfmSummary[] {
  const { asOfDay, orderKey, afterAsOf } = parseSummarizeOptions(options);
  const exclude = afterAsOf === 'exclude';
  const t = prepareTransactions(transactions);
  const n = t.length;
  const nc = t.customerIds.length;
  if (n === 0) return [];
  const { customer, day, amount } = t;
  const order = orderKey === 'day' || orderKey === 'row' ? undefined : t.order;
  if (orderKey === 'orderId') {
    if (order === undefined) invalidInput([0, 'orderId'], 'orderKey is "orderId" but no row has an orderId', 'an orderId on every row');
  }

  const first = new Float64Array(nc).fill(Number.POSITIVE_INFINITY);
  const last = new Float64Array(nc).fill(Number.NEGATIVE_INFINITY);
  const sums = new ExactSums(nc);
  const orderFreq = new Int32Array(nc);
  const dayFreq = new Int32Array(nc);
  const limit = asOfDay + 1;
  const countRows = orderKey === 'row';

  // Distinct orders: each order is credited to the first customer seen with it; an order shared
  // by two customers (rare, malformed exports) switches to the exact sort-based count below.
  const nOrders = t.orderIds?.length ?? 0;
  const owner = order === undefined ? undefined : new Int32Array(nOrders).fill(-1);
  let sharedOrders = false;
  // Distinct days: rows usually come in time order per customer, so "a later calendar day than
  // the last counted one" is a new day; an earlier one switches to the exact count below.
  const lastCal = new Float64Array(nc).fill(Number.NEGATIVE_INFINITY);
  let unordered = false;
  let dayRows = 0;
  let minCal = Number.POSITIVE_INFINITY;
  let maxCal = Number.NEGATIVE_INFINITY;

  for (let i = 0; i < n; i++) {
    const c = customer[i]!;
    const d = day[i]!;
    if (d >= limit) {
      if (exclude) continue;
      throw afterAsOfError([i, 'date'], d, asOfDay);
    }
    if (d < (first[c]!)) first[c] = d;
    if (d > (last[c]!)) last[c] = d;
    sums.add(c, amount[i]!);
    if (countRows) {
      orderFreq[c]! += 1;
      continue;
    }
    const o = order === undefined ? -1 : (order[i]!);
    if (o >= 0) {
      const w = (owner as Int32Array)[o] as number;
      if (w === -1) {
        (owner as Int32Array)[o] = c;
        orderFreq[c]! += 1;
      } else if (w !== c) sharedOrders = true;
    } else {
      if (orderKey === 'orderId') invalidInput([i, 'orderId'], 'row has no orderId but orderKey is "orderId"', 'a non-empty string or finite number');
      const cal = Math.floor(d);
      dayRows++;
      if (cal < minCal) minCal = cal;
      if (cal > maxCal) maxCal = cal;
      const lc = lastCal[c]!;
      if (cal > lc) {
        lastCal[c] = cal;
        dayFreq[c]! += 1;
      } else if (cal < lc) unordered = true;
    }
  }

  if (sharedOrders && order !== undefined) {
    orderFreq.fill(0);
    const keys: number[] = [];
    for (let i = 0; i < n; i++) {
      const o = order[i]!;
      if (o >= 0 && (day[i]!) < limit) keys.push((customer[i]!) * nOrders + o);
    }
    countDistinctPairs(Float64Array.from(keys), nOrders, orderFreq);
  }
  if (unordered) {
    dayFreq.fill(0);
    const span = maxCal - minCal + 1;
    const keys = new Float64Array(dayRows);
    let k = 0;
    for (let i = 0; i < n; i++) {
      if ((order !== undefined && (order[i]!) >= 0) || (day[i]!) >= limit) continue;
      keys[k++] = (customer[i]!) * span + (Math.floor(day[i]!) - minCal);
    }
    countDistinctPairs(keys, span, dayFreq);
  }

  const out: RfmSummary[] = [];
  for (let c = 0; c < nc; c++) {
    // A customer whose every row was after asOf (afterAsOf: 'exclude') has no summary.
    if ((first[c]!) === Number.POSITIVE_INFINITY) continue;
    out.push(makeSummary(
      t.customerIds[c] as string,
      first[c]!,
      last[c]!,
      (orderFreq[c]!) + (dayFreq[c]!),
      sums.value(c),
      asOfDay,
    ));
  }
  return out;
}
