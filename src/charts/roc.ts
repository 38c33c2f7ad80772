import { invalidOption } from '../core/index.js';
import { baseOptions, checkRows, frame, num, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * One point of a ROC curve.
 *
 * @example
 * ```ts
 * const p: RocPoint = { fpr: 0.1, tpr: 0.6 };
 * ```
 */
export interface RocPoint {
  /** False-positive rate. */
  fpr: number;
  /** True-positive rate. */
  tpr: number;
}

/**
 * Options of {@link rocCurve}.
 *
 * @example
 * ```ts
 * const o: RocOptions = { auc: 0.83 };
 * ```
 */
export interface RocOptions extends ChartOptions {
  /** Area under the curve, shown in the subtitle (computed by trapezoids when omitted). */
  auc?: number;
}

/**
 * ROC curve with the chance diagonal (Fawcett 2006, "An introduction to ROC analysis",
 * Pattern Recognition Letters 27). Points are sorted by (fpr, tpr); the AUC is the
 * trapezoid area (Fawcett 2006, Algorithm 3) unless given.
 *
 * @example
 * ```ts
 * import { rocCurve } from 'crm-analytics/charts';
 * const spec = rocCurve([{ fpr: 0, tpr: 0 }, { fpr: 0.2, tpr: 0.7 }, { fpr: 1, tpr: 1 }]);
 * ```
 */
export function rocCurve(points: ReadonlyArray<RocPoint>, options?: RocOptions): VegaLiteSpec {
  const o = baseOptions(options, 'ROC curve');
  checkRows(points, 'points');
  const values = points
    .map((p0, i) => {
      const p = p0 as unknown as Record<string, unknown>;
      return { fpr: num(p, ['points', i], 'fpr', 0, 1), tpr: num(p, ['points', i], 'tpr', 0, 1) };
    })
    .sort((a, b) => a.fpr - b.fpr || a.tpr - b.tpr);
  let auc = options?.auc;
  if (auc === undefined) {
    auc = 0;
    for (let i = 1; i < values.length; i++) {
      const a = values[i - 1] as RocPoint;
      const b = values[i] as RocPoint;
      auc += ((b.fpr - a.fpr) * (a.tpr + b.tpr)) / 2;
    }
  } else if (typeof auc !== 'number' || !Number.isFinite(auc) || auc < 0 || auc > 1) {
    invalidOption(['options', 'auc'], 'auc must be in [0, 1]', 'a number in [0, 1]', auc);
  }
  return {
    ...frame(o),
    title: { text: o.title, subtitle: `AUC = ${auc.toFixed(3)}` },
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
          order: { field: 'fpr', type: 'quantitative' },
        },
      },
    ],
  };
}
