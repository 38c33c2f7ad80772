import type { FeatureImportance } from '../churn/index.js';
import { invalidInput, readBoolean, readNumber } from '../core/index.js';
import { chartOptions, checkRows, frame, str, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * Options of {@link featureImportanceChart}.
 *
 * @example
 * ```ts
 * const o: FeatureImportanceChartOptions = { includeZero: true };
 * ```
 */
export interface FeatureImportanceChartOptions extends ChartOptions {
  /** Also draw features with importance 0 (default false: a tree uses few of its features). */
  includeZero?: boolean;
}

/**
 * Horizontal bars of tree feature importance, largest first, drawn from `churn.featureImportance`
 * as it is (mean decrease in impurity as in scikit-learn's `feature_importances_`, Breiman et al.
 * 1984, *CART*, §5.3.4). Features with importance 0 are left out unless `includeZero`.
 *
 * @example
 * ```ts
 * import { featureImportance, fitTree } from 'crm-analytics/churn';
 * import { featureImportanceChart } from 'crm-analytics/charts';
 * const tree = fitTree([
 *   { tenure: 1, churn: 'yes' }, { tenure: 3, churn: 'yes' }, { tenure: 24, churn: 'no' }, { tenure: 36, churn: 'no' },
 * ], { target: 'churn' });
 * const spec = featureImportanceChart(featureImportance(tree));
 * ```
 */
export function featureImportanceChart(rows: ReadonlyArray<Pick<FeatureImportance, 'feature' | 'importance'>>, options?: FeatureImportanceChartOptions): VegaLiteSpec {
  const o = chartOptions(options, 'Feature importance', ['includeZero']);
  const includeZero = readBoolean(o.bag.includeZero, ['options', 'includeZero'], false);
  checkRows(rows, 'rows');
  const values = rows
    .map((r, i) => ({ feature: str(r, ['rows', i], 'feature'), importance: readNumber(r['importance'], ['rows', i, 'importance'], { min: 0, input: true }) }))
    .filter((r) => includeZero || r.importance > 0);
  if (values.length === 0) invalidInput(['rows'], 'no feature has a positive importance (a single-leaf tree); pass includeZero: true to draw them anyway', 'a feature with importance > 0', rows.length);
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
