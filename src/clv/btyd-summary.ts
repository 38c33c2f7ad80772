/**
 * From transactions to the per-customer (frequency, recency, T, monetaryValue) summary the BTYD
 * models need, with lifetimes' semantics (`summary_data_from_transaction_data`, freq='D') and
 * Fader, Hardie & Lee's CDNOW conventions (2005a):
 * - purchases on the same UTC calendar day merge into one purchase occasion (spend summed);
 * - frequency = number of purchase days − 1 (repeat purchases only);
 * - recency = last purchase day − first purchase day, T = asOf day − first purchase day, both
 *   converted to `unit` by dividing by the unit's length in days (a week is 7 days, a month
 *   365.25/12, a quarter 365.25/4, a year 365.25 — never lifetimes' hidden 30-day month);
 * - monetaryValue = mean spend of the repeat purchase days (the first day excluded), 0 without
 *   repeats; with `includeFirstPurchase: true` the first day counts (frequency = days, the mean over all days).
 * Transactions after `asOf` are an error unless `afterAsOf: 'exclude'` (docs/glossary.md); then they
 * are left out, and so are customers whose first purchase is after `asOf`.
 */
import { DAYS_PER_UNIT, isTransactionTable, prepareTransactions, tryDayNumber, type DateInput, type Transaction, type TransactionTable, invalidOption, invalidInput } from '../core/index.js';
import { AFTER_AS_OF, afterAsOfError, readAsOf, type AfterAsOf } from '../core/as-of.js';
import { readBoolean, readOneOf, readOptions, readTimeUnit } from '../core/options.js';
import type { BtydSummaryRow, CalibrationHoldoutRow, TimeUnit } from './types.js';

/** Options of {@link btydSummary}. */
export interface BtydSummaryOptions {
  /** End of the observation period (inclusive; a date, ISO string or epoch ms). Required. */
  asOf: DateInput;
  /**
   * When given, the summary is computed as of this date and each row also carries the holdout
   * period (calibrationEnd, asOf]: see {@link calibrationHoldoutSplit}.
   */
  calibrationEnd?: DateInput;
  /** Time unit of recency and T. Default `'week'` is NOT assumed: required, to make units explicit. */
  unit: TimeUnit;
  /** How monetaryValue is computed. Only `'repeat-mean'` (lifetimes' convention). Default `'repeat-mean'`. */
  monetary?: 'repeat-mean';
  /** Count the first purchase day in frequency and monetaryValue (lifetimes `include_first_transaction`). Default false. */
  includeFirstPurchase?: boolean;
  /** Rows dated after `asOf`: `'error'` (default) or `'exclude'` them. */
  afterAsOf?: AfterAsOf;
  /**
   * Add `litt` to each row: Σ ln(time between consecutive purchase days), in `unit`, over the
   * (calibration) repeat purchases — BTYDplus' `elog2cbs` column, needed to estimate the regularity
   * k of the (M)BG/CNBD-k models. Default false.
   */
  regularity?: boolean;
}

/** Options of {@link calibrationHoldoutSplit}. */
export interface CalibrationHoldoutOptions {
  /** End of the calibration period (inclusive). */
  calibrationEnd: DateInput;
  /** End of the holdout period (inclusive). */
  asOf: DateInput;
  unit: TimeUnit;
  monetary?: 'repeat-mean';
  includeFirstPurchase?: boolean;
  /** Rows dated after `asOf`: `'error'` (default) or `'exclude'` them. */
  afterAsOf?: AfterAsOf;
  /** Add `litt` (see {@link BtydSummaryOptions.regularity}). Default false. */
  regularity?: boolean;
}

function optionDay(value: unknown, name: string): number {
  const d = tryDayNumber(value);
  if (d === undefined) {
    invalidOption(['options', name], `${name} must be a date`, 'a Date, an ISO-8601 date string or epoch milliseconds', value);
  }
  return Math.floor(d);
}

interface Resolved {
  table: TransactionTable;
  asOfDay: number;
  calDay: number | undefined;
  unitDays: number;
  includeFirst: boolean;
  afterAsOf: AfterAsOf;
  regularity: boolean;
}

function resolve(transactions: readonly Transaction[] | TransactionTable, options: BtydSummaryOptions): Resolved {
  if (typeof options !== 'object' || options === null) {
    invalidOption(['options'], 'options are required', '{ asOf, unit }', options);
  }
  const o = readOptions(options, ['asOf', 'calibrationEnd', 'unit', 'monetary', 'includeFirstPurchase', 'afterAsOf', 'regularity']);
  if (!Array.isArray(transactions) && !isTransactionTable(transactions)) {
    invalidInput(['transactions'], 'transactions must be an array of rows or a TransactionTable', 'an array', transactions);
  }
  const asOfDay = readAsOf(o.asOf);
  const unit = readTimeUnit(o.unit, ['options', 'unit']);
  readOneOf(o.monetary, ['options', 'monetary'], ['repeat-mean'] as const, 'repeat-mean');
  const includeFirst = readBoolean(o.includeFirstPurchase, ['options', 'includeFirstPurchase'], false);
  const afterAsOf = readOneOf(o.afterAsOf, ['options', 'afterAsOf'], AFTER_AS_OF, 'error');
  const regularity = readBoolean(o.regularity, ['options', 'regularity'], false);
  let calDay: number | undefined;
  if (o.calibrationEnd !== undefined) {
    calDay = optionDay(o.calibrationEnd, 'calibrationEnd');
    if (!(calDay < asOfDay)) {
      invalidOption(['options', 'calibrationEnd'], 'calibrationEnd must be before asOf', `a date before asOf`, o.calibrationEnd);
    }
  }
  return { table: prepareTransactions(transactions), asOfDay, calDay, unitDays: DAYS_PER_UNIT[unit], includeFirst, afterAsOf, regularity };
}

function summarize(r: Resolved): CalibrationHoldoutRow[] | BtydSummaryRow[] {
  const { table, asOfDay, calDay, unitDays, includeFirst, afterAsOf, regularity } = r;
  const n = table.length;
  const end = calDay ?? asOfDay;
  // Sort row indices by (customer, calendar day); rows after asOf are an error unless excluded.
  let kept = 0;
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const day = Math.floor(table.day[i]!);
    if (day <= asOfDay) idx[kept++] = i;
    else if (afterAsOf === 'error') throw afterAsOfError([i, 'date'], day, asOfDay);
  }
  const order = Array.from(idx.subarray(0, kept)).sort((p, q) => (table.customer[p]!) - (table.customer[q]!) || Math.floor(table.day[p]!) - Math.floor(table.day[q]!));
  const out: Array<BtydSummaryRow | CalibrationHoldoutRow> = [];
  let k = 0;
  while (k < order.length) {
    const c = table.customer[order[k]!] as number;
    // Walk this customer's purchase days (the rows of one day merged).
    let first = Number.NaN, last = Number.NaN; // first and last calibration purchase day
    let calDays = 0, firstSpend = 0, calSpend = 0; // calibration: purchase days, spend on the first, on the others
    let litt = 0; // Σ ln(gap between consecutive calibration purchase days, in units)
    let holdDays = 0, holdSpend = 0; // holdout: purchase days, spend
    let currentDay = Number.NaN, currentSpend = 0; // the day being merged
    const flush = (): void => {
      if (Number.isNaN(currentDay)) return;
      if (currentDay <= end) {
        if (calDays === 0) {
          first = currentDay;
          firstSpend = currentSpend;
        } else {
          calSpend += currentSpend;
          litt += Math.log((currentDay - last) / unitDays);
        }
        last = currentDay;
        calDays++;
      } else {
        holdDays++;
        holdSpend += currentSpend;
      }
    };
    while (k < order.length && table.customer[order[k]!] === c) {
      const i = order[k]!;
      const d = Math.floor(table.day[i]!);
      if (d !== currentDay) {
        flush();
        currentDay = d;
        currentSpend = 0;
      }
      currentSpend += table.amount[i]!;
      k++;
    }
    flush();
    if (calDays === 0) continue; // first purchase after the (calibration) end
    const repeats = calDays - 1;
    const frequency = includeFirst ? calDays : repeats;
    const monetaryValue = includeFirst ? (calSpend + firstSpend) / calDays : repeats > 0 ? calSpend / repeats : 0;
    const row: BtydSummaryRow = {
      customerId: table.customerIds[c] as string,
      frequency,
      recency: (last - first) / unitDays,
      T: (end - first) / unitDays,
      monetaryValue,
    };
    if (regularity) row.litt = litt;
    if (calDay !== undefined) {
      const h: CalibrationHoldoutRow = {
        ...row,
        frequencyHoldout: holdDays,
        monetaryValueHoldout: holdDays > 0 ? holdSpend / holdDays : 0,
        durationHoldout: (asOfDay - calDay) / unitDays,
      };
      out.push(h);
    } else out.push(row);
  }
  return out as BtydSummaryRow[];
}

/**
 * Per-customer BTYD summary (frequency, recency, T, monetaryValue), sorted by customer id.
 * With `calibrationEnd`, returns calibration/holdout rows (see {@link calibrationHoldoutSplit}).
 *
 * @example
 * ```ts
 * import { btydSummary } from 'crm-analytics/clv';
 * btydSummary(
 *   [
 *     { customerId: 'a', date: '2024-01-01', amount: 10 },
 *     { customerId: 'a', date: '2024-01-01', amount: 5 },  // same day: merged
 *     { customerId: 'a', date: '2024-01-15', amount: 20 },
 *   ],
 *   { asOf: '2024-01-29', unit: 'week' },
 * );
 * // [{ customerId: 'a', frequency: 1, recency: 2, T: 4, monetaryValue: 20 }]
 * ```
 */
export function btydSummary(transactions: readonly Transaction[] | TransactionTable, options: BtydSummaryOptions & { calibrationEnd: DateInput }): CalibrationHoldoutRow[];
export function btydSummary(transactions: readonly Transaction[] | TransactionTable, options: BtydSummaryOptions): BtydSummaryRow[];
export function btydSummary(transactions: readonly Transaction[] | TransactionTable, options: BtydSummaryOptions): BtydSummaryRow[] | CalibrationHoldoutRow[] {
  return summarize(resolve(transactions, options));
}

/**
 * Split transactions into a calibration summary up to `calibrationEnd` (inclusive) and what each
 * customer did in the holdout (calibrationEnd, asOf] — lifetimes' `calibration_and_holdout_data`.
 * Only customers who bought by `calibrationEnd` appear. `frequencyHoldout` counts purchase days.
 *
 * @example
 * ```ts
 * import { calibrationHoldoutSplit } from 'crm-analytics/clv';
 * calibrationHoldoutSplit(
 *   [
 *     { customerId: 'a', date: '2024-01-01', amount: 10 },
 *     { customerId: 'a', date: '2024-02-10', amount: 30 },
 *   ],
 *   { calibrationEnd: '2024-01-31', asOf: '2024-02-29', unit: 'day' },
 * );
 * // [{ customerId: 'a', frequency: 0, recency: 0, T: 30, monetaryValue: 0,
 * //    frequencyHoldout: 1, monetaryValueHoldout: 30, durationHoldout: 29 }]
 * ```
 */
export function calibrationHoldoutSplit(transactions: readonly Transaction[] | TransactionTable, options: CalibrationHoldoutOptions): CalibrationHoldoutRow[] {
  if (typeof options !== 'object' || options === null || options.calibrationEnd === undefined) {
    invalidOption(['options', 'calibrationEnd'], 'calibrationEnd is required', 'a date', options?.calibrationEnd);
  }
  return summarize(resolve(transactions, options)) as CalibrationHoldoutRow[];
}
