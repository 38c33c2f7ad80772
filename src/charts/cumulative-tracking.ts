import type { TrackingPoint } from '../clv/index.js';
import { invalidInput, readBoolean, readNumber, readString, tryDayNumber } from '../core/index.js';
import { chartOptions, checkRows, frame, str, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * Options of {@link cumulativeTrackingChart}.
 *
 * @example
 * ```ts
 * const o: CumulativeTrackingChartOptions = { holdoutStart: '1997-09-30', periodTitle: 'Weeks since the first purchase' };
 * ```
 */
export interface CumulativeTrackingChartOptions extends ChartOptions {
  /**
   * Where the holdout starts, drawn as a dashed rule: a `t` value of the points, or an ISO date
   * (placed on the `t` axis through the points' `date`s).
   */
  holdoutStart?: number | string;
  /** Title of the time axis (default 'Time since the start (model time units)'). */
  periodTitle?: string;
  /** Draw the per-step increments (`actualIncrement`, `expectedIncrement`) instead of the cumulative counts (lifetimes `plot_incremental_transactions`). */
  incremental?: boolean;
}

/**
 * Tracking plot: actual vs expected repeat purchases over calendar time, cumulative by default,
 * drawn from `clv.cumulativeTracking` as it is (lifetimes `plot_cumulative_transactions` and
 * `plot_incremental_transactions`; Fader, Hardie & Lee 2005, Figure 3).
 *
 * @example
 * ```ts
 * import { bgNbd, cumulativeTracking } from 'crm-analytics/clv';
 * import { cumulativeTrackingChart } from 'crm-analytics/charts';
 * const points = cumulativeTracking(bgNbd, { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, [
 *   { customerId: 'a', date: '2024-01-01', amount: 5 },
 *   { customerId: 'a', date: '2024-02-01', amount: 5 },
 * ], { asOf: '2024-03-01', unit: 'week' });
 * const spec = cumulativeTrackingChart(points, { holdoutStart: '2024-02-01', periodTitle: 'Weeks' });
 * ```
 */
export function cumulativeTrackingChart(
  points: ReadonlyArray<Pick<TrackingPoint, 't' | 'date' | 'actual' | 'expected'> & Partial<Pick<TrackingPoint, 'actualIncrement' | 'expectedIncrement'>>>,
  options?: CumulativeTrackingChartOptions,
): VegaLiteSpec {
  const o = chartOptions(options, (bag) => (bag.incremental === true ? 'Repeat purchases per step: actual vs model' : 'Cumulative repeat purchases: actual vs model'), ['holdoutStart', 'periodTitle', 'incremental']);
  const periodTitle = readString(o.bag.periodTitle, ['options', 'periodTitle'], 'Time since the start (model time units)');
  const incremental = readBoolean(o.bag.incremental, ['options', 'incremental'], false);
  checkRows(points, 'points');
  const [actualField, expectedField] = incremental ? (['actualIncrement', 'expectedIncrement'] as const) : (['actual', 'expected'] as const);
  const values: Array<{ t: number; date: string; source: string; purchases: number }> = [];
  const days: Array<{ t: number; day: number }> = [];
  points.forEach((p, i) => {
    const t = readNumber(p['t'], ['points', i, 't'], { input: true });
    const date = str(p, ['points', i], 'date');
    const day = tryDayNumber(date);
    if (day === undefined) invalidInput(['points', i, 'date'], 'date must be an ISO date', 'YYYY-MM-DD', date);
    days.push({ t, day });
    values.push({ t, date, source: 'actual', purchases: readNumber(p[actualField], ['points', i, actualField], { min: 0, input: true }) });
    values.push({ t, date, source: 'model', purchases: readNumber(p[expectedField], ['points', i, expectedField], { min: 0, input: true }) });
  });
  const layers: unknown[] = [
    {
      data: { values },
      mark: { type: 'line' },
      encoding: {
        x: { field: 't', type: 'quantitative', title: periodTitle },
        y: { field: 'purchases', type: 'quantitative', title: incremental ? 'Repeat purchases in the step' : 'Cumulative repeat purchases' },
        color: { field: 'source', type: 'nominal', title: null },
        strokeDash: { field: 'source', type: 'nominal', title: null },
        tooltip: [
          { field: 'date', type: 'nominal', title: 'Date' },
          { field: 'source', type: 'nominal', title: 'Source' },
          { field: 'purchases', type: 'quantitative', title: 'Repeat purchases', format: ',.1f' },
        ],
      },
    },
  ];
  const h = o.bag.holdoutStart;
  if (h !== undefined) {
    let t: number;
    if (typeof h === 'string') {
      const day = tryDayNumber(h);
      if (day === undefined) invalidInput(['options', 'holdoutStart'], 'holdoutStart must be a t value or an ISO date', 'a number or YYYY-MM-DD', h);
      const first = days[0] as { t: number; day: number };
      const last = days[days.length - 1] as { t: number; day: number };
      // t is linear in the calendar day (t = (day − start) / unit), so two points fix the line.
      if (last.day === first.day) invalidInput(['options', 'holdoutStart'], 'a date needs at least two points on different days to place it on the t axis', 'a t value', h);
      t = first.t + ((day - first.day) * (last.t - first.t)) / (last.day - first.day);
    } else t = readNumber(h, ['options', 'holdoutStart']);
    layers.push({ data: { values: [{ t }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#555' }, encoding: { x: { field: 't', type: 'quantitative' } } });
  }
  return { ...frame(o), layer: layers };
}
