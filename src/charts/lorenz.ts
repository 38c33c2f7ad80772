import { invalidInput, invalidOption } from '../core/index.js';
import { baseOptions, frame, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * Options of {@link lorenzCurve}.
 *
 * @example
 * ```ts
 * const o: LorenzOptions = { maxPoints: 101 };
 * ```
 */
export interface LorenzOptions extends ChartOptions {
  /** At most this many curve points (evenly spaced in customer share, ends kept; default 201). */
  maxPoints?: number;
}

/**
 * One point of a Lorenz curve.
 *
 * @example
 * ```ts
 * const p: LorenzPoint = { customerShare: 0.8, valueShare: 0.25 };
 * ```
 */
export interface LorenzPoint {
  customerShare: number;
  valueShare: number;
}

/**
 * The Lorenz curve points and Gini coefficient of per-customer values (Lorenz 1905;
 * Gini = 1 − 2·area under the curve, trapezoid rule on the exact curve). Customers are
 * sorted ascending, so the curve lies under the equality line; "the top 20 % of customers
 * bring X % of revenue" is 1 − valueShare at customerShare 0.8.
 *
 * @example
 * ```ts
 * import { lorenzPoints } from 'crm-analytics/charts';
 * lorenzPoints([1, 1, 1, 97]).gini; // 0.72
 * ```
 */
export function lorenzPoints(values: ReadonlyArray<number>, maxPoints = 201): { points: LorenzPoint[]; gini: number } {
  if (!Array.isArray(values)) invalidInput(['values'], 'values must be an array of numbers', 'an array', values);
  if (values.length === 0) invalidInput(['values'], 'values must not be empty', 'at least one value', values);
  if (!Number.isInteger(maxPoints) || maxPoints < 2) invalidOption(['options', 'maxPoints'], 'maxPoints must be an integer >= 2', 'an integer >= 2', maxPoints);
  const v = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const x: unknown = values[i];
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) invalidInput(['values', i], 'values must be finite and >= 0', 'a finite number >= 0', x);
    v[i] = x;
  }
  v.sort();
  const n = v.length;
  const cum = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cum[i + 1] = (cum[i] as number) + (v[i] as number);
  const total = cum[n] as number;
  if (total <= 0) invalidInput(['values'], 'the values must not all be 0 (the Lorenz curve is undefined)', 'a positive total', total);
  // Area under the Lorenz curve by trapezoids over the n steps; Gini = 1 - 2·area.
  let area = 0;
  for (let i = 0; i < n; i++) area += ((cum[i] as number) + (cum[i + 1] as number)) / (2 * total * n);
  const gini = Math.max(0, Math.min(1, 1 - 2 * area));
  const points: LorenzPoint[] = [];
  const k = Math.min(maxPoints, n + 1);
  for (let j = 0; j < k; j++) {
    const idx = Math.round((j * n) / (k - 1));
    points.push({ customerShare: idx / n, valueShare: (cum[idx] as number) / total });
  }
  return { points, gini };
}

/**
 * Lorenz curve of customer value with the line of equality; the Gini coefficient is in
 * the subtitle. The companion of ABC/Pareto analysis.
 *
 * @example
 * ```ts
 * import { lorenzCurve } from 'crm-analytics/charts';
 * const spec = lorenzCurve([10, 20, 30, 940]);
 * ```
 */
export function lorenzCurve(values: ReadonlyArray<number>, options?: LorenzOptions): VegaLiteSpec {
  const o = baseOptions(options, 'Lorenz curve of customer value');
  const { points, gini } = lorenzPoints(values, options?.maxPoints ?? 201);
  const equality = [
    { customerShare: 0, valueShare: 0 },
    { customerShare: 1, valueShare: 1 },
  ];
  return {
    ...frame(o),
    title: { text: o.title, subtitle: `Gini = ${gini.toFixed(3)}` },
    layer: [
      {
        data: { values: equality },
        mark: { type: 'line', strokeDash: [4, 4], color: '#999' },
        encoding: {
          x: { field: 'customerShare', type: 'quantitative' },
          y: { field: 'valueShare', type: 'quantitative' },
        },
      },
      {
        data: { values: points },
        mark: { type: 'line', color: '#1f77b4' },
        encoding: {
          x: { field: 'customerShare', type: 'quantitative', title: 'Share of customers (ascending value)', axis: { format: '%' } },
          y: { field: 'valueShare', type: 'quantitative', title: 'Share of value', axis: { format: '%' } },
        },
      },
    ],
  };
}
