import { readNumber } from '../core/index.js';
import type { CalibrationVsHoldoutRow } from '../clv/index.js';
import { frequencyGroups } from './frequency-groups.js';
import { chartOptions, checkRows, frame, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * Calibration vs holdout: mean holdout purchases by calibration frequency, actual against the
 * model's conditional expectation, drawn from `clv.calibrationVsHoldout` as it is; the
 * open-ended last group is labelled `k+` (lifetimes
 * `plot_calibration_purchases_vs_holdout_purchases`; Fader, Hardie & Lee 2005, Figure 4).
 *
 * @example
 * ```ts
 * import { bgNbd, calibrationVsHoldout } from 'crm-analytics/clv';
 * import { calibrationVsHoldoutChart } from 'crm-analytics/charts';
 * const rows = calibrationVsHoldout(bgNbd, { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, [
 *   { customerId: 'a', frequency: 1, recency: 10, T: 30, monetaryValue: 5, frequencyHoldout: 1, monetaryValueHoldout: 5, durationHoldout: 39 },
 * ]);
 * const spec = calibrationVsHoldoutChart(rows);
 * ```
 */
export function calibrationVsHoldoutChart(
  rows: ReadonlyArray<Pick<CalibrationVsHoldoutRow, 'frequency' | 'actual' | 'expected'> & { orMore?: boolean; customers?: number }>,
  options?: ChartOptions,
): VegaLiteSpec {
  const o = chartOptions(options, 'Holdout purchases by calibration frequency: actual vs model');
  checkRows(rows, 'rows');
  const groups = frequencyGroups(rows);
  const labels = groups.map((g) => g.label);
  const values: Array<Record<string, unknown>> = [];
  for (const { row, index, label } of groups) {
    const extra = row['customers'] === undefined ? {} : { customers: readNumber(row['customers'], ['rows', index, 'customers'], { min: 0, input: true }) };
    values.push({ calibrationPurchases: label, source: 'actual', purchases: readNumber(row['actual'], ['rows', index, 'actual'], { min: 0, input: true }), ...extra });
    values.push({ calibrationPurchases: label, source: 'model', purchases: readNumber(row['expected'], ['rows', index, 'expected'], { min: 0, input: true }), ...extra });
  }
  const hasCustomers = values.some((v) => v['customers'] !== undefined);
  return {
    ...frame(o),
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'calibrationPurchases', type: 'ordinal', sort: labels, title: 'Repeat purchases in calibration', axis: { labelAngle: 0 } },
      y: { field: 'purchases', type: 'quantitative', title: 'Mean purchases in holdout' },
      color: { field: 'source', type: 'nominal', title: null },
      tooltip: [
        { field: 'calibrationPurchases', type: 'ordinal', title: 'Calibration purchases' },
        { field: 'source', type: 'nominal', title: 'Source' },
        { field: 'purchases', type: 'quantitative', title: 'Mean holdout purchases', format: '.3f' },
        ...(hasCustomers ? [{ field: 'customers', type: 'quantitative', title: 'Customers' }] : []),
      ],
    },
  };
}
