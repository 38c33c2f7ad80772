import type { Evaluation } from '../churn/index.js';
import { invalidInput, readNumber } from '../core/index.js';
import { chartOptions, checkRows, frame, share, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * Cumulative gains chart with the random-targeting baseline, drawn from `churn.evaluate` as it
 * is (its `deciles`: the share of all positives captured by the top x % of scores; Berry &
 * Linoff 2004, *Data Mining Techniques*, ch. 5). The curve starts at (0, 0) and has one point
 * per decile.
 *
 * @example
 * ```ts
 * import { evaluate } from 'crm-analytics/churn';
 * import { gainsChart } from 'crm-analytics/charts';
 * const spec = gainsChart(evaluate(['Yes', 'No', 'Yes', 'No'], [0.9, 0.2, 0.4, 0.6], { positive: 'Yes' }));
 * ```
 */
export function gainsChart(evaluation: { n: number; deciles: ReadonlyArray<Pick<Evaluation['deciles'][number], 'decile' | 'cumulativeCount' | 'gain'>> }, options?: ChartOptions): VegaLiteSpec {
  if (evaluation === null || typeof evaluation !== 'object') invalidInput(['evaluation'], 'pass the result of churn.evaluate', '{ n, deciles }', evaluation);
  const o = chartOptions(options, 'Cumulative gains');
  const e = evaluation as unknown as Record<string, unknown>;
  const n = readNumber(e['n'], ['evaluation', 'n'], { min: 0, minExclusive: true, input: true });
  const deciles: unknown = e['deciles'];
  checkRows(deciles, 'deciles');
  const values = [
    { decile: 0, population: 0, gain: 0 },
    ...deciles.map((d, i) => ({
      decile: readNumber(d['decile'], ['deciles', i, 'decile'], { min: 1, input: true }),
      population: share({ population: readNumber(d['cumulativeCount'], ['deciles', i, 'cumulativeCount'], { min: 0, input: true }) / n }, ['deciles', i], 'population'),
      gain: share(d, ['deciles', i], 'gain'),
    })),
  ].sort((a, b) => a.population - b.population || a.gain - b.gain);
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
          x: { field: 'population', type: 'quantitative', title: 'Share of customers targeted (highest score first)', axis: { format: '%' }, scale: { domain: [0, 1] } },
          y: { field: 'gain', type: 'quantitative', title: 'Share of positives captured', axis: { format: '%' }, scale: { domain: [0, 1] } },
          order: { field: 'population', type: 'quantitative' },
          tooltip: [
            { field: 'decile', type: 'ordinal', title: 'Decile' },
            { field: 'population', type: 'quantitative', title: 'Targeted', format: '.1%' },
            { field: 'gain', type: 'quantitative', title: 'Captured', format: '.1%' },
          ],
        },
      },
    ],
  };
}
