import { baseOptions, checkRows, frame, num, str, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * Importance of one feature in a fitted tree.
 *
 * @example
 * ```ts
 * const f: FeatureImportance = { feature: 'tenure', importance: 0.42 };
 * ```
 */
export interface FeatureImportance {
  feature: string;
  importance: number;
}

/**
 * Horizontal bars of tree feature importance, largest first (mean decrease in impurity as in
 * scikit-learn's `feature_importances_`, Breiman et al. 1984, *CART*, §5.3.4).
 *
 * @example
 * ```ts
 * import { featureImportance } from 'crm-analytics/charts';
 * const spec = featureImportance([{ feature: 'tenure', importance: 0.6 }, { feature: 'charges', importance: 0.4 }]);
 * ```
 */
export function featureImportance(rows: ReadonlyArray<FeatureImportance>, options?: ChartOptions): VegaLiteSpec {
  const o = baseOptions(options, 'Feature importance');
  checkRows(rows, 'rows');
  const values = rows.map((r0, i) => {
    const r = r0 as unknown as Record<string, unknown>;
    return { feature: str(r, ['rows', i], 'feature'), importance: num(r, ['rows', i], 'importance', 0) };
  });
  return {
    ...frame(o),
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'feature', type: 'nominal', sort: '-x', title: null },
      x: { field: 'importance', type: 'quantitative', title: 'Importance' },
      tooltip: [
        { field: 'feature', type: 'nominal', title: 'Feature' },
        { field: 'importance', type: 'quantitative', format: '.4f' },
      ],
    },
  };
}
