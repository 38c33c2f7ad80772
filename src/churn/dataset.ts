/**
 * Churn labels and features from raw transactions, split at a cutoff day so nothing after it leaks into the
 * features (the "observation window / performance window" design of churn modelling: Neslin et al., "Defection
 * detection", JMR 43, 2006; Berry & Linoff, "Data Mining Techniques", 3rd ed., ch. 10).
 *
 * Days are whole UTC calendar days and the cutoff is inclusive, like `asOf` (docs/glossary.md):
 * - features use only transactions dated on or before the cutoff day (the observation window);
 * - the label `churned` is true when the customer made no purchase in the `horizon` days after the cutoff,
 *   (cutoff, cutoff + horizon] (the performance window). Only customers with a purchase by the cutoff get a row;
 * - a purchase is a transaction with amount > 0; returns (amount < 0) feed only the return features.
 * `churnFeatures` builds the same feature rows at `asOf` (no label) to score current customers.
 */
import { AFTER_AS_OF, afterAsOfError, calendarDay, CrmError, DAYS_PER_UNIT, dayToIsoDate, invalidOption, prepareTransactions, readAsOf, readBoolean, readDate, readNumber, readOneOf, readOptions, readTimeUnit, type AfterAsOf, type CrmErrorPath, type Duration, type Transaction, type TransactionTable } from '../core/index.js';

/** Feature sets of {@link churnDataset}. */
export type ChurnFeatureSet = 'rfm' | 'rfm+trend';

/** Options of {@link churnDataset}. */
export interface ChurnDatasetOptions {
  /** The cutoff day (inclusive): features see transactions on or before it; the label window starts the day after. */
  cutoff: Date | string | number;
  /**
   * Length of the label window after the cutoff, and of the recent / previous spend windows before it: a duration
   * (default `{ value: 90, unit: 'day' }`; a month is 30.4375 days, see `core.DAYS_PER_UNIT`).
   */
  horizon?: Duration;
  /** `'rfm'` or `'rfm+trend'` (default). */
  features?: ChurnFeatureSet;
  /**
   * Allow a label window that runs past the last transaction in the data (default true). Set `false` to throw
   * instead: customers would otherwise be labelled churned only because the data ends (censoring).
   */
  allowCensored?: boolean;
}

/** Options of {@link churnFeatures}. */
export interface ChurnFeaturesOptions {
  /** The last day of observation (inclusive, docs/glossary.md): the features are those `churnDataset` builds at this cutoff. */
  asOf: Date | string | number;
  /** The same `horizon` as the training `churnDataset` call (it sizes the recent / previous windows); default 90 days. */
  horizon?: Duration;
  /** The same feature set as the training call (default `'rfm+trend'`). */
  features?: ChurnFeatureSet;
  /** Rows dated after `asOf`: `'error'` (default) or `'exclude'` them. */
  afterAsOf?: AfterAsOf;
}

/** One customer's features at the cutoff. Gap features are `null` (missing) when the customer has too few purchase days. */
export interface ChurnFeatureRow {
  customerId: string;
  /** Whole days from the last purchase day to the cutoff (0 = bought on the cutoff day). */
  recency: number;
  /** Purchases (distinct orders when order ids exist, else transactions) up to the cutoff. */
  frequency: number;
  /** Sum of purchase amounts up to the cutoff. */
  monetary: number;
  /** 'rfm+trend' only: whole days from the first purchase day to the cutoff. */
  tenure?: number;
  /** Mean purchase amount per order. */
  avgOrderValue?: number;
  /** Purchase amount in the `horizon` days ending at the cutoff, (cutoff − horizon, cutoff]. */
  recentSpend?: number;
  /** Purchase amount in (cutoff − 2·horizon, cutoff − horizon]. */
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
  /** Return transactions (amount < 0) up to the cutoff and their absolute total. */
  returns?: number;
  returnedAmount?: number;
}

/** One customer's row of {@link churnDataset}: the features and the label. */
export interface ChurnRow extends ChurnFeatureRow {
  /** The label: no purchase in (cutoff, cutoff + horizon]. */
  churned: boolean;
}

const DEFAULT_HORIZON: Duration = Object.freeze({ value: 90, unit: 'day' });

/** Read a horizon duration as days; a bare number (0.1's days) is refused with the migration. */
function readHorizonDays(value: unknown, path: CrmErrorPath): number {
  if (value === undefined) return DEFAULT_HORIZON.value;
  if (typeof value === 'number') {
    invalidOption(path, `horizon is a duration since 0.2: pass { value: ${value}, unit: 'day' } for ${value} days`, "a duration such as { value: 90, unit: 'day' }", value);
  }
  const o = readOptions(value, ['value', 'unit'] as const, path);
  const unit = readTimeUnit(o.unit, [...path, 'unit']);
  const days = readNumber(o.value, [...path, 'value'], { min: 0, minExclusive: true }) * DAYS_PER_UNIT[unit];
  if (!(days < 1e7)) invalidOption([...path, 'value'], 'horizon too long', 'a horizon below 10 million days', o.value);
  return days;
}

const FEATURE_SETS = ['rfm', 'rfm+trend'] as const;

/** A customer's purchases in one window: their spend, and their orders (distinct order ids, plus one per row without one). */
class Purchases {
  spend = 0;
  private readonly ids = new Set<number>();
  private rowsWithoutId = 0;

  /** Add a purchase row of `amount` in order `order` (−1: the row has no order id). */
  add(amount: number, order: number): void {
    this.spend += amount;
    if (order >= 0) this.ids.add(order);
    else this.rowsWithoutId++;
  }

  get orders(): number {
    return this.ids.size + this.rowsWithoutId;
  }
}

/** One pass over the table sorted by (customer, day): features at `cutoff` and, when `label`, the churn label. */
function buildRows(table: TransactionTable, cutoff: number, horizon: number, trend: boolean, label: boolean, keep: Uint8Array | null): ChurnRow[] {
  const n = table.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (table.customer[a]!) - (table.customer[b]!) || (table.day[a]!) - (table.day[b]!) || a - b);
  const out: ChurnRow[] = [];
  for (let j = 0; j < n; ) {
    const c = table.customer[order[j]!] as number;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    const all = new Purchases();
    const recent = new Purchases(); // the last horizon before the cutoff
    const previous = new Purchases(); // the horizon before that
    let returns = 0;
    let returnedAmount = 0;
    let futurePurchase = false;
    const days: number[] = [];
    for (; j < n && table.customer[order[j]!] === c; j++) {
      const i = order[j]!;
      if (keep !== null && keep[i] === 0) continue;
      const d = calendarDay(table.day[i]!);
      const a = table.amount[i]!;
      if (d > cutoff) {
        if (d - cutoff <= horizon && a > 0) futurePurchase = true;
        continue;
      }
      if (a < 0) {
        returns++;
        returnedAmount -= a;
        continue;
      }
      if (a === 0) continue;
      const o = table.order === undefined ? -1 : (table.order[i]!);
      all.add(a, o);
      if (d < first) first = d;
      if (d > last) last = d;
      if (days.length === 0 || days[days.length - 1] !== d) days.push(d);
      const age = cutoff - d;
      if (age < horizon) recent.add(a, o);
      else if (age < 2 * horizon) previous.add(a, o);
    }
    if (!Number.isFinite(last)) continue; // no purchase by the cutoff
    const frequency = all.orders;
    const monetary = all.spend;
    const row = { customerId: table.customerIds[c] as string, recency: cutoff - last, frequency, monetary } as ChurnRow;
    if (trend) {
      const gaps: number[] = [];
      for (let q = 1; q < days.length; q++) gaps.push((days[q]!) - (days[q - 1]!));
      const meanGap = gaps.length > 0 ? gaps.reduce((s, g) => s + g, 0) / gaps.length : null;
      const sdGap = gaps.length > 1 && meanGap !== null ? Math.sqrt(gaps.reduce((s, g) => s + (g - meanGap) * (g - meanGap), 0) / (gaps.length - 1)) : null;
      const denom = recent.spend + previous.spend;
      row.tenure = cutoff - first;
      row.avgOrderValue = monetary / frequency;
      row.recentSpend = recent.spend;
      row.previousSpend = previous.spend;
      row.spendTrend = denom > 0 ? (recent.spend - previous.spend) / denom : 0;
      row.recentOrders = recent.orders;
      row.previousOrders = previous.orders;
      row.purchaseDays = days.length;
      row.meanGap = meanGap;
      row.sdGap = sdGap;
      row.maxGap = gaps.length > 0 ? Math.max(...gaps) : null;
      row.recencyToGap = meanGap !== null && meanGap > 0 ? row.recency / meanGap : null;
      row.returns = returns;
      row.returnedAmount = returnedAmount;
    }
    // The label last, for readability of printed rows.
    if (label) row.churned = !futurePurchase;
    if (!Number.isFinite(row.monetary) || (trend && !(Number.isFinite(row.recentSpend) && Number.isFinite(row.previousSpend) && Number.isFinite(row.returnedAmount)))) {
      throw new CrmError('NUMERIC_DOMAIN', `customer ${JSON.stringify(row.customerId.slice(0, 40))}: amounts sum past the largest finite number`, { path: ['transactions'], expected: 'amounts whose per-customer sums are finite' });
    }
    out.push(row);
  }
  return out;
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
 * const rows = churnDataset(transactions, { cutoff: '2010-09-01', horizon: { value: 90, unit: 'day' } });
 * // [{ customerId: 'a', recency: 92, ..., churned: false }, { customerId: 'b', recency: 170, ..., churned: true }]
 * const tree = fitTree(rows, { target: 'churned', features: ['recency', 'frequency', 'monetary'], maxDepth: 3 });
 * ```
 */
export function churnDataset(transactions: readonly Transaction[] | TransactionTable, options: ChurnDatasetOptions): ChurnRow[] {
  const o = readOptions(options, ['cutoff', 'horizon', 'features', 'allowCensored'] as const);
  // The cutoff is read like asOf (a whole UTC day, inclusive), with errors that name `cutoff`.
  const cutoff = Math.floor(readDate(o.cutoff, ['options', 'cutoff']));
  const horizon = readHorizonDays(o.horizon, ['options', 'horizon']);
  const set = readOneOf(o.features, ['options', 'features'], FEATURE_SETS, 'rfm+trend');
  const allowCensored = readBoolean(o.allowCensored, ['options', 'allowCensored'], true);
  const table = prepareTransactions(transactions);
  let maxDay = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < table.length; i++) maxDay = Math.max(maxDay, calendarDay(table.day[i]!));
  if (!allowCensored && table.length > 0 && maxDay < cutoff + Math.floor(horizon)) {
    invalidOption(['options', 'horizon'], `the label window runs past the end of the data (it ends ${dayToIsoDate(cutoff + Math.floor(horizon))}, the data ${dayToIsoDate(maxDay)}): labels would be censored`, 'a cutoff at least one horizon before the last transaction', o.horizon);
  }
  return buildRows(table, cutoff, horizon, set === 'rfm+trend', true, null);
}

/**
 * The features `churnDataset` builds, at `asOf` and without a label: today's rows to score current customers
 * with a tree fitted on a `churnDataset` (pass the same `horizon` and `features`). Rows dated after `asOf` are an
 * error unless `afterAsOf: 'exclude'`.
 *
 * @example
 * ```ts
 * import { churnDataset, churnFeatures, fitTree, predictProba } from 'crm-analytics/churn';
 * const transactions = [
 *   { customerId: 'a', date: '2010-06-01', amount: 20 },
 *   { customerId: 'a', date: '2010-10-01', amount: 35 },
 *   { customerId: 'b', date: '2010-03-15', amount: 80 },
 *   { customerId: 'b', date: '2010-12-31', amount: 5 },
 * ];
 * const horizon = { value: 90, unit: 'day' } as const;
 * const train = churnDataset(transactions, { cutoff: '2010-09-01', horizon });
 * const tree = fitTree(train, { target: 'churned', features: ['recency', 'frequency'] });
 * const today = churnFeatures(transactions, { asOf: '2010-12-31', horizon });
 * today.map((r) => r.recency); // [91, 0]
 * predictProba(tree, today, { positive: true }); // P(churn) per customer
 * ```
 */
export function churnFeatures(transactions: readonly Transaction[] | TransactionTable, options: ChurnFeaturesOptions): ChurnFeatureRow[] {
  const o = readOptions(options, ['asOf', 'horizon', 'features', 'afterAsOf'] as const);
  const asOf = readAsOf(o.asOf, ['options', 'asOf']);
  const horizon = readHorizonDays(o.horizon, ['options', 'horizon']);
  const set = readOneOf(o.features, ['options', 'features'], FEATURE_SETS, 'rfm+trend');
  const after = readOneOf(o.afterAsOf, ['options', 'afterAsOf'], AFTER_AS_OF, 'error');
  const table = prepareTransactions(transactions);
  let keep: Uint8Array | null = null;
  for (let i = 0; i < table.length; i++) {
    const d = calendarDay(table.day[i]!);
    if (d <= asOf) continue;
    if (after === 'error') throw afterAsOfError([i, 'date'], d, asOf);
    keep ??= new Uint8Array(table.length).fill(1);
    keep[i] = 0;
  }
  return buildRows(table, asOf, horizon, set === 'rfm+trend', false, keep);
}
