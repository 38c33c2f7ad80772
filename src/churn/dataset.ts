/**
 * Churn labels and features from raw transactions, split at a cutoff date so nothing after the cutoff leaks into
 * the features (the "observation window / performance window" design of churn modelling: Neslin et al., "Defection
 * detection", JMR 43, 2006; Berry & Linoff, "Data Mining Techniques", 3rd ed., ch. 10).
 *
 * - Features use only transactions with date < cutoff (the observation window).
 * - The label `churned` is true when the customer made no purchase in [cutoff, cutoff + horizon) (the performance
 *   window). Only customers with at least one purchase before the cutoff get a row.
 * - A purchase is a transaction with amount > 0; returns (amount < 0) feed only the return features.
 */
import { calendarDay, invalidOption, prepareTransactions, tryDayNumber, type Transaction, type TransactionTable } from '../core/index.js';

/** Feature sets of {@link churnDataset}. */
export type ChurnFeatureSet = 'rfm' | 'rfm+trend';

/** Options of {@link churnDataset}. */
export interface ChurnDatasetOptions {
  /** The cutoff date: features see strictly earlier transactions; the label window starts here. */
  cutoff: Date | string | number;
  /** Days in the label window (default 90). */
  horizon?: number;
  /** `'rfm'` or `'rfm+trend'` (default). */
  features?: ChurnFeatureSet;
  /**
   * Allow a label window that runs past the last transaction in the data (default true). Set `false` to throw
   * instead: customers would otherwise be labelled churned only because the data ends (censoring).
   */
  allowCensored?: boolean;
}

/** One customer's row. Gap features are `null` (missing) when the customer has too few purchase days. */
export interface ChurnRow {
  customerId: string;
  /** Days from the last purchase to the cutoff. */
  recency: number;
  /** Purchases (distinct orders when order ids exist, else transactions) before the cutoff. */
  frequency: number;
  /** Sum of purchase amounts before the cutoff. */
  monetary: number;
  /** 'rfm+trend' only: days from the first purchase to the cutoff. */
  tenure?: number;
  /** Mean purchase amount per order. */
  avgOrderValue?: number;
  /** Purchase amount in [cutoff − horizon, cutoff). */
  recentSpend?: number;
  /** Purchase amount in [cutoff − 2·horizon, cutoff − horizon). */
  previousSpend?: number;
  /** (recent − previous) / (recent + previous) ∈ [−1, 1]; 0 when both are 0. */
  spendTrend?: number;
  /** Orders in the recent / previous window. */
  recentOrders?: number;
  previousOrders?: number;
  /** Distinct purchase days. */
  purchaseDays?: number;
  /** Mean / sample standard deviation / max of the gaps between distinct purchase days (null below 2 / 3 / 2 days). */
  meanGap?: number | null;
  sdGap?: number | null;
  maxGap?: number | null;
  /** recency / meanGap: how overdue the next purchase is (null without a gap). */
  recencyToGap?: number | null;
  /** Return transactions (amount < 0) before the cutoff and their absolute total. */
  returns?: number;
  returnedAmount?: number;
  /** The label: no purchase in [cutoff, cutoff + horizon). */
  churned: boolean;
}

/**
 * Build one row per customer active before `cutoff` with features known at the cutoff and the churn label.
 *
 * @example
 * ```ts
 * import { churnDataset, fitTree } from 'crm-analytics/churn';
 * const transactions = [
 *   { customerId: 'a', date: '2010-06-01', amount: 20 },
 *   { customerId: 'a', date: '2010-10-01', amount: 35 },
 *   { customerId: 'b', date: '2010-03-15', amount: 80 },
 *   { customerId: 'b', date: '2010-12-31', amount: 5 },
 * ];
 * const rows = churnDataset(transactions, { cutoff: '2010-09-01', horizon: 90 });
 * // [{ customerId: 'a', recency: 92, ..., churned: false }, { customerId: 'b', recency: 170, ..., churned: true }]
 * const tree = fitTree(rows, { target: 'churned', features: ['recency', 'frequency', 'monetary'], maxDepth: 3 });
 * ```
 */
export function churnDataset(transactions: readonly Transaction[] | TransactionTable, options: ChurnDatasetOptions): ChurnRow[] {
  if (typeof options !== 'object' || options === null) invalidOption(['options'], 'options are required', 'an object with cutoff', options);
  const cutoffRaw = tryDayNumber(options.cutoff);
  if (cutoffRaw === undefined) invalidOption(['options', 'cutoff'], 'invalid cutoff date', 'a Date, ISO date string or epoch ms', options.cutoff);
  const cutoff = cutoffRaw;
  const horizon = options.horizon ?? 90;
  if (typeof horizon !== 'number' || !Number.isFinite(horizon) || horizon <= 0) invalidOption(['options', 'horizon'], 'invalid horizon', 'a positive number of days', horizon);
  const set = options.features ?? 'rfm+trend';
  if (set !== 'rfm' && set !== 'rfm+trend') invalidOption(['options', 'features'], 'unknown feature set', '"rfm" or "rfm+trend"', set);
  const table = prepareTransactions(transactions);
  const n = table.length;
  let maxDay = Number.NEGATIVE_INFINITY;
  let minDay = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const d = table.day[i] as number;
    if (d > maxDay) maxDay = d;
    if (d < minDay) minDay = d;
  }
  if (options.allowCensored !== undefined && typeof options.allowCensored !== 'boolean') invalidOption(['options', 'allowCensored'], 'allowCensored must be a boolean', 'true or false', options.allowCensored);
  // No transaction before the cutoff: no customer is known at the cutoff.
  if (n === 0 || minDay >= cutoff) return [];
  if (options.allowCensored === false && maxDay < cutoff + horizon - 1) {
    invalidOption(['options', 'horizon'], 'the label window runs past the end of the data (labels would be censored)', `cutoff + horizon <= last transaction day + 1 (data ends ${new Date(maxDay * 86_400_000).toISOString().slice(0, 10)})`, horizon);
  }

  // Sort transactions by (customer, day) once.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (table.customer[a] as number) - (table.customer[b] as number) || (table.day[a] as number) - (table.day[b] as number) || a - b);
  const out: ChurnRow[] = [];
  const trend = set === 'rfm+trend';
  for (let j = 0; j < n; ) {
    const c = table.customer[order[j] as number] as number;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    let monetary = 0;
    let recentSpend = 0;
    let previousSpend = 0;
    let returns = 0;
    let returnedAmount = 0;
    let futurePurchase = false;
    const orders = new Set<number>();
    const recentOrders = new Set<number>();
    const previousOrders = new Set<number>();
    let rowOrders = 0;
    let rowRecent = 0;
    let rowPrevious = 0;
    const days: number[] = [];
    for (; j < n && table.customer[order[j] as number] === c; j++) {
      const i = order[j] as number;
      const d = table.day[i] as number;
      const a = table.amount[i] as number;
      if (d >= cutoff) {
        if (d < cutoff + horizon && a > 0) futurePurchase = true;
        continue;
      }
      if (a < 0) {
        returns++;
        returnedAmount -= a;
        continue;
      }
      if (a === 0) continue;
      const o = table.order === undefined ? -1 : (table.order[i] as number);
      if (o >= 0) orders.add(o);
      else rowOrders++;
      monetary += a;
      if (d < first) first = d;
      if (d > last) last = d;
      const cd = calendarDay(d);
      if (days.length === 0 || days[days.length - 1] !== cd) days.push(cd);
      if (d >= cutoff - horizon) {
        recentSpend += a;
        if (o >= 0) recentOrders.add(o);
        else rowRecent++;
      } else if (d >= cutoff - 2 * horizon) {
        previousSpend += a;
        if (o >= 0) previousOrders.add(o);
        else rowPrevious++;
      }
    }
    if (!Number.isFinite(last)) continue; // no purchase before the cutoff
    const frequency = orders.size + rowOrders;
    const row: ChurnRow = { customerId: table.customerIds[c] as string, recency: cutoff - last, frequency, monetary, churned: !futurePurchase };
    if (trend) {
      const gaps: number[] = [];
      for (let q = 1; q < days.length; q++) gaps.push((days[q] as number) - (days[q - 1] as number));
      const meanGap = gaps.length > 0 ? gaps.reduce((s, g) => s + g, 0) / gaps.length : null;
      const sdGap = gaps.length > 1 && meanGap !== null ? Math.sqrt(gaps.reduce((s, g) => s + (g - meanGap) * (g - meanGap), 0) / (gaps.length - 1)) : null;
      const denom = recentSpend + previousSpend;
      row.tenure = cutoff - first;
      row.avgOrderValue = monetary / frequency;
      row.recentSpend = recentSpend;
      row.previousSpend = previousSpend;
      row.spendTrend = denom > 0 ? (recentSpend - previousSpend) / denom : 0;
      row.recentOrders = recentOrders.size + rowRecent;
      row.previousOrders = previousOrders.size + rowPrevious;
      row.purchaseDays = days.length;
      row.meanGap = meanGap;
      row.sdGap = sdGap;
      row.maxGap = gaps.length > 0 ? Math.max(...gaps) : null;
      row.recencyToGap = meanGap !== null && meanGap > 0 ? row.recency / meanGap : null;
      row.returns = returns;
      row.returnedAmount = returnedAmount;
      // Keep the label last for readability of printed rows.
      const { churned } = row;
      delete (row as Partial<ChurnRow>).churned;
      row.churned = churned;
    }
    out.push(row);
  }
  return out;
}
