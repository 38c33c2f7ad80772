import type { ProbabilityAliveMatrix } from '../clv/index.js';
import { invalidInput, readNumber, readString } from '../core/index.js';
import { chartOptions, checkRows, frame, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * Options of {@link probabilityAliveMatrixChart}.
 *
 * @example
 * ```ts
 * const o: ProbabilityAliveMatrixChartOptions = { unitLabel: 'weeks' };
 * ```
 */
export interface ProbabilityAliveMatrixChartOptions extends ChartOptions {
  /** Name of the model's time unit for the axis and title (e.g. 'weeks'; default 'model time units'). */
  unitLabel?: string;
}

/**
 * P(alive) heatmap over frequency × recency at one customer age, drawn from
 * `clv.probabilityAliveMatrix` as it is (lifetimes `plot_probability_alive_matrix`; Fader,
 * Hardie & Lee 2005, "Counting your customers the easy way", Figure 4): rows are frequency,
 * columns recency, colour P(alive).
 *
 * @example
 * ```ts
 * import { bgNbd, probabilityAliveMatrix } from 'crm-analytics/clv';
 * import { probabilityAliveMatrixChart } from 'crm-analytics/charts';
 * const params = { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 };
 * const spec = probabilityAliveMatrixChart(probabilityAliveMatrix(bgNbd, params, [{ frequency: 3, recency: 20, T: 30 }]), { unitLabel: 'weeks' });
 * ```
 */
export function probabilityAliveMatrixChart(matrix: Pick<ProbabilityAliveMatrix, 'T' | 'cells'>, options?: ProbabilityAliveMatrixChartOptions): VegaLiteSpec {
  if (matrix === null || typeof matrix !== 'object') invalidInput(['matrix'], 'matrix must be the result of clv.probabilityAliveMatrix', '{ T, cells }', matrix);
  const T = readNumber((matrix as unknown as Record<string, unknown>)['T'], ['matrix', 'T'], { min: 0, input: true });
  const unitOf = (bag: { unitLabel?: unknown }): string => readString(bag.unitLabel, ['options', 'unitLabel'], 'model time units');
  const o = chartOptions(options, (bag) => `P(alive) by frequency and recency (T = ${Number(T.toFixed(2))} ${unitOf(bag)})`, ['unitLabel']);
  const unit = unitOf(o.bag);
  const cells: unknown = matrix.cells;
  checkRows(cells, 'cells');
  const values = cells.map((c, i) => ({
    frequency: readNumber(c['frequency'], ['matrix', 'cells', i, 'frequency'], { min: 0, input: true }),
    recency: Math.round(readNumber(c['recency'], ['matrix', 'cells', i, 'recency'], { min: 0, input: true }) * 100) / 100,
    probabilityAlive: readNumber(c['probabilityAlive'], ['matrix', 'cells', i, 'probabilityAlive'], { min: 0, max: 1, input: true }),
  }));
  return {
    ...frame(o),
    data: { values },
    mark: { type: 'rect', aria: false }, // one mark per record: no per-mark ARIA label (it would dominate the SVG size)
    encoding: {
      x: { field: 'recency', type: 'ordinal', title: `Recency t_x (${unit})`, axis: { labelOverlap: true } },
      y: { field: 'frequency', type: 'ordinal', title: 'Frequency x (repeat purchases)', sort: 'descending', axis: { labelOverlap: true } },
      color: { field: 'probabilityAlive', type: 'quantitative', title: 'P(alive)', scale: { scheme: 'viridis', domain: [0, 1] } },
      tooltip: [
        { field: 'frequency', type: 'quantitative', title: 'Frequency' },
        { field: 'recency', type: 'quantitative', title: 'Recency' },
        { field: 'probabilityAlive', type: 'quantitative', title: 'P(alive)', format: '.3f' },
      ],
    },
  };
}
