import { baseOptions, checkRows, frame, num, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * Mean holdout purchases of the customers with a given calibration frequency, observed and
 * predicted.
 *
 * @example
 * ```ts
 * const r: CalibrationHoldoutRow = { calibrationFrequency: 2, actual: 1.1, predicted: 0.98 };
 * ```
 */
export interface CalibrationHoldoutRow {
  calibrationFrequency: number;
  /** Mean observed purchases in the holdout. */
  actual: number;
  /** Mean model prediction for the holdout. */
  predicted: number;
  /** Customers in the group (tooltip only). */
  customers?: number;
}

/**
 * Calibration vs holdout: mean holdout purchases by calibration frequency, actual against
 * predicted (lifetimes `plot_calibration_purchases_vs_holdout_purchases`; Fader, Hardie &
 * Lee 2005, Figure 3).
 *
 * @example
 * ```ts
 * import { calibrationHoldout } from 'crm-analytics/charts';
 * const spec = calibrationHoldout([{ calibrationFrequency: 0, actual: 0.2, predicted: 0.23 }]);
 * ```
 */
export function calibrationHoldout(rows: ReadonlyArray<CalibrationHoldoutRow>, options?: ChartOptions): VegaLiteSpec {
  const o = baseOptions(options, 'Holdout purchases by calibration frequency');
  checkRows(rows, 'rows');
  const values: Array<Record<string, unknown>> = [];
  rows.forEach((r0, i) => {
    const r = r0 as unknown as Record<string, unknown>;
    const x = num(r, ['rows', i], 'calibrationFrequency', 0);
    const extra = r['customers'] === undefined ? {} : { customers: num(r, ['rows', i], 'customers', 0) };
    values.push({ calibrationFrequency: x, source: 'actual', purchases: num(r, ['rows', i], 'actual', 0), ...extra });
    values.push({ calibrationFrequency: x, source: 'model', purchases: num(r, ['rows', i], 'predicted', 0), ...extra });
  });
  return {
    ...frame(o),
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'calibrationFrequency', type: 'quantitative', title: 'Purchases in calibration period' },
      y: { field: 'purchases', type: 'quantitative', title: 'Mean purchases in holdout' },
      color: { field: 'source', type: 'nominal', title: null },
      tooltip: [
        { field: 'calibrationFrequency', type: 'quantitative', title: 'Calibration purchases' },
        { field: 'source', type: 'nominal', title: 'Source' },
        { field: 'purchases', type: 'quantitative', title: 'Mean holdout purchases', format: '.3f' },
      ],
    },
  };
}
