import type { LorenzPoint } from '../rfm/index.js';
import { invalidInput, readInteger, readProbability } from '../core/index.js';
import { chartOptions, checkRows, frame, share, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * Options of {@link lorenzChart}.
 *
 * @example
 * ```ts
 * const o: LorenzChartOptions = { gini: 0.704, maxPoints: 101 };
 * ```
 */
export interface LorenzChartOptions extends ChartOptions {
  /** The Gini coefficient to show in the subtitle, e.g. `rfm.gini(values)` (the chart computes none). */
  gini?: number;
  /** At most this many curve points are drawn, evenly spaced along the curve, both ends kept (default 201). */
  maxPoints?: number;
}

/**
 * Lorenz curve of customer value with the line of equality, drawn from `rfm.lorenzCurve` as it is
 * (Lorenz 1905); pass `rfm.gini(values)` as `gini` to show it in the subtitle. The companion of
 * ABC/Pareto analysis: "the top 20 % of customers bring X %" is 1 − valueShare at customerShare 0.8.
 *
 * @example
 * ```ts
 * import { gini, lorenzCurve } from 'crm-analytics/rfm';
 * import { lorenzChart } from 'crm-analytics/charts';
 * const values = [10, 20, 30, 940];
 * const spec = lorenzChart(lorenzCurve(values), { gini: gini(values) }); // subtitle "Gini = 0.700"
 * ```
 */
export function lorenzChart(points: ReadonlyArray<Pick<LorenzPoint, 'customerShare' | 'valueShare'>>, options?: LorenzChartOptions): VegaLiteSpec {
  const o = chartOptions(options, 'Lorenz curve of customer value', ['gini', 'maxPoints']);
  const maxPoints = readInteger(o.bag.maxPoints ?? 201, ['options', 'maxPoints'], { min: 2 });
  const gini = o.bag.gini === undefined ? undefined : readProbability(o.bag.gini, ['options', 'gini']);
  checkRows(points, 'points');
  const curve = points.map((p, i) => ({ customerShare: share(p, ['points', i], 'customerShare'), valueShare: share(p, ['points', i], 'valueShare') }));
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1] as LorenzPoint;
    const b = curve[i] as LorenzPoint;
    if (b.customerShare < a.customerShare || b.valueShare < a.valueShare) invalidInput(['points', i], 'a Lorenz curve rises in both shares (pass rfm.lorenzCurve output unchanged)', 'non-decreasing shares', b);
  }
  const k = Math.min(maxPoints, curve.length);
  const drawn: LorenzPoint[] = [];
  for (let j = 0; j < k; j++) drawn.push(curve[k === 1 ? 0 : Math.round((j * (curve.length - 1)) / (k - 1))] as LorenzPoint);
  return {
    ...frame(o),
    title: gini === undefined ? o.title : { text: o.title, subtitle: `Gini = ${gini.toFixed(3)}` },
    layer: [
      {
        data: { values: [{ customerShare: 0, valueShare: 0 }, { customerShare: 1, valueShare: 1 }] },
        mark: { type: 'line', strokeDash: [4, 4], color: '#999' },
        encoding: { x: { field: 'customerShare', type: 'quantitative' }, y: { field: 'valueShare', type: 'quantitative' } },
      },
      {
        data: { values: drawn },
        mark: { type: 'line', color: '#1f77b4' },
        encoding: {
          x: { field: 'customerShare', type: 'quantitative', title: 'Share of customers (ascending value)', axis: { format: '%' } },
          y: { field: 'valueShare', type: 'quantitative', title: 'Share of value', axis: { format: '%' } },
        },
      },
    ],
  };
}
