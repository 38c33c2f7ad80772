import type { Evaluation } from '../churn/index.js';
import { invalidInput } from '../core/index.js';
import { chartOptions, checkRows, frame, share, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * ROC curve with the chance diagonal, drawn from `churn.evaluate` as it is (Fawcett 2006, "An
 * introduction to ROC analysis", Pattern Recognition Letters 27): its `roc` points, and its
 * `rocAuc` (Mann–Whitney) in the subtitle. The chart computes no AUC of its own.
 *
 * @example
 * ```ts
 * import { evaluate } from 'crm-analytics/churn';
 * import { rocChart } from 'crm-analytics/charts';
 * const spec = rocChart(evaluate(['Yes', 'No', 'Yes', 'No'], [0.9, 0.2, 0.4, 0.6], { positive: 'Yes' })); // subtitle "AUC = 0.750"
 * ```
 */
export function rocChart(evaluation: { roc: ReadonlyArray<Pick<Evaluation['roc'][number], 'fpr' | 'tpr'>>; rocAuc?: number | null }, options?: ChartOptions): VegaLiteSpec {
  if (evaluation === null || typeof evaluation !== 'object') invalidInput(['evaluation'], 'pass the result of churn.evaluate', '{ roc, rocAuc }', evaluation);
  const o = chartOptions(options, 'ROC curve');
  const e = evaluation as unknown as Record<string, unknown>;
  const roc: unknown = e['roc'];
  checkRows(roc, 'roc');
  const values = roc.map((p, i) => ({ step: i, fpr: share(p, ['roc', i], 'fpr'), tpr: share(p, ['roc', i], 'tpr') }));
  const auc = e['rocAuc'];
  if (auc !== undefined && auc !== null && (typeof auc !== 'number' || !(auc >= 0 && auc <= 1))) invalidInput(['evaluation', 'rocAuc'], 'rocAuc must be in [0, 1] or null', 'a number in [0, 1]', auc);
  return {
    ...frame(o),
    title: typeof auc === 'number' ? { text: o.title, subtitle: `AUC = ${auc.toFixed(3)}` } : o.title,
    layer: [
      {
        data: { values: [{ fpr: 0, tpr: 0 }, { fpr: 1, tpr: 1 }] },
        mark: { type: 'line', strokeDash: [4, 4], color: '#999' },
        encoding: { x: { field: 'fpr', type: 'quantitative' }, y: { field: 'tpr', type: 'quantitative' } },
      },
      {
        data: { values },
        mark: { type: 'line', color: '#d62728', interpolate: 'linear' },
        encoding: {
          x: { field: 'fpr', type: 'quantitative', title: 'False-positive rate', scale: { domain: [0, 1] } },
          y: { field: 'tpr', type: 'quantitative', title: 'True-positive rate', scale: { domain: [0, 1] } },
          // The points' own order (a ROC curve is a staircase; sorting by fpr alone would scramble ties).
          order: { field: 'step', type: 'quantitative' },
        },
      },
    ],
  };
}
