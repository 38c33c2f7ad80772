import { invalidOption } from '../core/index.js';
import { baseOptions, checkRows, frame, num, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * Cumulative repeat transactions up to a period, observed and expected.
 *
 * @example
 * ```ts
 * const r: TrackingRow = { period: 10, actual: 320, expected: 311.4 };
 * ```
 */
export interface TrackingRow {
  /** Period index (e.g. week number since the start). */
  period: number;
  actual: number;
  expected: number;
}

/**
 * Options of {@link cumulativeTracking}.
 *
 * @example
 * ```ts
 * const o: TrackingOptions = { holdoutStart: 39, periodTitle: 'Week' };
 * ```
 */
export interface TrackingOptions extends ChartOptions {
  /** Period where the holdout starts; drawn as a dashed rule. */
  holdoutStart?: number;
  /** Title of the period axis (default 'Period'). */
  periodTitle?: string;
}

/**
 * Cumulative tracking plot: actual vs expected cumulative repeat transactions over time
 * (lifetimes `plot_cumulative_transactions`; Fader, Hardie & Lee 2005, Figure 1).
 *
 * @example
 * ```ts
 * import { cumulativeTracking } from 'crm-analytics/charts';
 * const spec = cumulativeTracking([{ period: 1, actual: 10, expected: 11 }, { period: 2, actual: 25, expected: 23 }], { holdoutStart: 2 });
 * ```
 */
export function cumulativeTracking(rows: ReadonlyArray<TrackingRow>, options?: TrackingOptions): VegaLiteSpec {
  const o = baseOptions(options, 'Cumulative repeat transactions: actual vs model');
  checkRows(rows, 'rows');
  const periodTitle = options?.periodTitle ?? 'Period';
  if (typeof periodTitle !== 'string') invalidOption(['options', 'periodTitle'], 'periodTitle must be a string', 'a string', periodTitle);
  const values: Array<{ period: number; source: string; transactions: number }> = [];
  rows.forEach((r0, i) => {
    const r = r0 as unknown as Record<string, unknown>;
    const p = num(r, ['rows', i], 'period');
    values.push({ period: p, source: 'actual', transactions: num(r, ['rows', i], 'actual', 0) });
    values.push({ period: p, source: 'model', transactions: num(r, ['rows', i], 'expected', 0) });
  });
  const layers: unknown[] = [
    {
      data: { values },
      mark: { type: 'line' },
      encoding: {
        x: { field: 'period', type: 'quantitative', title: periodTitle },
        y: { field: 'transactions', type: 'quantitative', title: 'Cumulative repeat transactions' },
        color: { field: 'source', type: 'nominal', title: null },
        strokeDash: { field: 'source', type: 'nominal', title: null },
      },
    },
  ];
  if (options?.holdoutStart !== undefined) {
    const h = options.holdoutStart;
    if (typeof h !== 'number' || !Number.isFinite(h)) invalidOption(['options', 'holdoutStart'], 'holdoutStart must be a finite number', 'a finite number', h);
    layers.push({ data: { values: [{ period: h }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#555' }, encoding: { x: { field: 'period', type: 'quantitative' } } });
  }
  return { ...frame(o), layer: layers };
}
