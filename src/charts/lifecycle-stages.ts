import type { Classification } from '../lifecycle/index.js';
import { invalidInput, readNumber } from '../core/index.js';
import { chartOptions, checkRows, str, type ChartOptions, type VegaLiteSpec } from './spec.js';
import { categoryBars } from './segment-sizes.js';

/**
 * Customers per lifecycle stage, in the model's lifecycle order, drawn from `lifecycle.classify`
 * as it is (its `distribution`; share in the tooltip).
 *
 * @example
 * ```ts
 * import { classify } from 'crm-analytics/lifecycle';
 * import { lifecycleStagesChart } from 'crm-analytics/charts';
 * const result = classify([
 *   { customerId: 'a', date: '2024-01-02', amount: 50 },
 *   { customerId: 'a', date: '2024-02-01', amount: 20 },
 * ], { asOf: '2024-03-31' });
 * const spec = lifecycleStagesChart(result);
 * ```
 */
export function lifecycleStagesChart(classification: Pick<Classification, 'distribution'> & { model?: string; asOf?: string }, options?: ChartOptions): VegaLiteSpec {
  if (classification === null || typeof classification !== 'object') invalidInput(['classification'], 'pass the result of lifecycle.classify', '{ distribution }', classification);
  const c = classification as unknown as Record<string, unknown>;
  const asOf = typeof c['asOf'] === 'string' ? ` as of ${c['asOf']}` : '';
  const o = chartOptions(options, `Customers per lifecycle stage${asOf}`);
  const rows: unknown = c['distribution'];
  checkRows(rows, 'distribution');
  const values = rows.map((d, i) => ({
    segment: str(d, ['distribution', i], 'stage'),
    customers: readNumber(d['count'], ['distribution', i, 'count'], { min: 0, input: true }),
    ...(d['share'] === undefined ? {} : { share: readNumber(d['share'], ['distribution', i, 'share'], { min: 0, max: 1, input: true }) }),
  }));
  return categoryBars(o, values, 'input', 'Stage');
}
