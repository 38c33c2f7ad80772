import { baseOptions, checkRows, frame, num, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * One point of a cumulative gains curve.
 *
 * @example
 * ```ts
 * const p: GainsPoint = { population: 0.2, gain: 0.55 };
 * ```
 */
export interface GainsPoint {
  /** Share of customers targeted, highest predicted risk first. */
  population: number;
  /** Share of all positives (churners) captured. */
  gain: number;
}

/**
 * Cumulative gains chart with the random-targeting baseline (Berry & Linoff 2004, *Data
 * Mining Techniques*, ch. 5): how many churners the top x % by predicted risk contain.
 *
 * @example
 * ```ts
 * import { gainsChart } from 'crm-analytics/charts';
 * const spec = gainsChart([{ population: 0, gain: 0 }, { population: 0.2, gain: 0.5 }, { population: 1, gain: 1 }]);
 * ```
 */
export function gainsChart(points: ReadonlyArray<GainsPoint>, options?: ChartOptions): VegaLiteSpec {
  const o = baseOptions(options, 'Cumulative gains');
  checkRows(points, 'points');
  const values = points
    .map((p0, i) => {
      const p = p0 as unknown as Record<string, unknown>;
      return { population: num(p, ['points', i], 'population', 0, 1), gain: num(p, ['points', i], 'gain', 0, 1) };
    })
    .sort((a, b) => a.population - b.population || a.gain - b.gain);
  return {
    ...frame(o),
    layer: [
      {
        data: { values: [{ population: 0, gain: 0 }, { population: 1, gain: 1 }] },
        mark: { type: 'line', strokeDash: [4, 4], color: '#999' },
        encoding: { x: { field: 'population', type: 'quantitative' }, y: { field: 'gain', type: 'quantitative' } },
      },
      {
        data: { values },
        mark: { type: 'line', point: true, color: '#2ca02c' },
        encoding: {
          x: { field: 'population', type: 'quantitative', title: 'Share of customers targeted', axis: { format: '%' }, scale: { domain: [0, 1] } },
          y: { field: 'gain', type: 'quantitative', title: 'Share of churners captured', axis: { format: '%' }, scale: { domain: [0, 1] } },
          order: { field: 'population', type: 'quantitative' },
        },
      },
    ],
  };
}
