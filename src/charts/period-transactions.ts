import { baseOptions, checkRows, frame, num, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * Number of customers with a given count of repeat transactions in calibration: observed and
 * expected under the fitted model.
 *
 * @example
 * ```ts
 * const r: PeriodTransactionsRow = { repeatTransactions: 0, actual: 1411, expected: 1400.2 };
 * ```
 */
export interface PeriodTransactionsRow {
  /** Repeat transactions (the last bin is usually "this many or more"). */
  repeatTransactions: number;
  actual: number;
  expected: number;
}

/**
 * Grouped bars of actual vs model-expected customers per repeat-transaction count, the
 * first BTYD goodness-of-fit check (lifetimes `plot_period_transactions`; Fader, Hardie & Lee
 * 2005, Figure 2).
 *
 * @example
 * ```ts
 * import { periodTransactions } from 'crm-analytics/charts';
 * const spec = periodTransactions([{ repeatTransactions: 0, actual: 10, expected: 9.5 }, { repeatTransactions: 1, actual: 4, expected: 4.4 }]);
 * ```
 */
export function periodTransactions(rows: ReadonlyArray<PeriodTransactionsRow>, options?: ChartOptions): VegaLiteSpec {
  const o = baseOptions(options, 'Customers by repeat transactions: actual vs model');
  checkRows(rows, 'rows');
  const values: Array<{ repeatTransactions: number; source: string; customers: number }> = [];
  rows.forEach((r0, i) => {
    const r = r0 as unknown as Record<string, unknown>;
    const k = num(r, ['rows', i], 'repeatTransactions', 0);
    values.push({ repeatTransactions: k, source: 'actual', customers: num(r, ['rows', i], 'actual', 0) });
    values.push({ repeatTransactions: k, source: 'model', customers: num(r, ['rows', i], 'expected', 0) });
  });
  return {
    ...frame(o),
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'repeatTransactions', type: 'ordinal', title: 'Repeat transactions in calibration' },
      xOffset: { field: 'source', type: 'nominal' },
      y: { field: 'customers', type: 'quantitative', title: 'Customers' },
      color: { field: 'source', type: 'nominal', title: null },
      tooltip: [
        { field: 'repeatTransactions', type: 'ordinal', title: 'Repeat transactions' },
        { field: 'source', type: 'nominal', title: 'Source' },
        { field: 'customers', type: 'quantitative', title: 'Customers', format: ',.1f' },
      ],
    },
  };
}
