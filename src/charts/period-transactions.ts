import { readNumber } from '../core/index.js';
import type { PeriodTransactionsRow } from '../clv/index.js';
import { frequencyGroups } from './frequency-groups.js';
import { chartOptions, checkRows, frame, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * Grouped bars of actual vs model-expected customers per number of repeat purchases in
 * calibration, drawn from `clv.periodTransactions` as it is; the open-ended last row is labelled
 * `k+` (lifetimes `plot_period_transactions`; Fader, Hardie & Lee 2005, Figure 2).
 *
 * @example
 * ```ts
 * import { bgNbd, periodTransactions } from 'crm-analytics/clv';
 * import { periodTransactionsChart } from 'crm-analytics/charts';
 * const data = [{ frequency: 0, recency: 0, T: 30 }, { frequency: 2, recency: 20, T: 30 }];
 * const spec = periodTransactionsChart(periodTransactions(bgNbd, { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, data, { maxFrequency: 3 }));
 * ```
 */
export function periodTransactionsChart(rows: ReadonlyArray<Pick<PeriodTransactionsRow, 'frequency' | 'actual' | 'expected'> & { orMore?: boolean }>, options?: ChartOptions): VegaLiteSpec {
  const o = chartOptions(options, 'Customers by repeat purchases: actual vs model');
  checkRows(rows, 'rows');
  const groups = frequencyGroups(rows);
  const labels = groups.map((g) => g.label);
  const values: Array<{ repeatPurchases: string; source: string; customers: number }> = [];
  for (const { row, index, label } of groups) {
    values.push({ repeatPurchases: label, source: 'actual', customers: readNumber(row['actual'], ['rows', index, 'actual'], { min: 0, input: true }) });
    values.push({ repeatPurchases: label, source: 'model', customers: readNumber(row['expected'], ['rows', index, 'expected'], { min: 0, input: true }) });
  }
  return {
    ...frame(o),
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'repeatPurchases', type: 'ordinal', sort: labels, title: 'Repeat purchases in calibration' },
      xOffset: { field: 'source', type: 'nominal' },
      y: { field: 'customers', type: 'quantitative', title: 'Customers' },
      color: { field: 'source', type: 'nominal', title: null },
      tooltip: [
        { field: 'repeatPurchases', type: 'ordinal', title: 'Repeat purchases' },
        { field: 'source', type: 'nominal', title: 'Source' },
        { field: 'customers', type: 'quantitative', title: 'Customers', format: ',.1f' },
      ],
    },
  };
}
