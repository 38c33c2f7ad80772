import type { CohortTable } from '../cohort/index.js';
import { invalidInput, readOneOf } from '../core/index.js';
import { chartOptions, frame, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * Options of {@link cohortHeatmapChart}.
 *
 * @example
 * ```ts
 * const o: CohortHeatmapChartOptions = { field: 'cumulativeRevenuePerCustomer' };
 * ```
 */
export interface CohortHeatmapChartOptions extends ChartOptions {
  /** What colours the cells: `'retention'` (default), `'value'` (the table's metric) or `'cumulativeRevenuePerCustomer'`. */
  field?: 'retention' | 'value' | 'cumulativeRevenuePerCustomer';
}

function checkTable(table: unknown): asserts table is CohortTable {
  if (typeof table !== 'object' || table === null || !Array.isArray((table as CohortTable).cohorts)) {
    invalidInput(['table'], 'expected the result of cohort.cohortTable', '{ cohorts: [...] }', table);
  }
}

/**
 * The retention triangle as a heatmap: cohorts down, periods since acquisition across, drawn from
 * `cohort.cohortTable` as it is. Unobserved cells are left blank (not 0); partial periods are
 * drawn paler and say so in the tooltip.
 *
 * @example
 * ```ts
 * import { cohortTable } from 'crm-analytics/cohort';
 * import { cohortHeatmapChart } from 'crm-analytics/charts';
 * const spec = cohortHeatmapChart(cohortTable([{ customerId: 'a', date: '2024-01-05', amount: 10 }], { asOf: '2024-03-31' }));
 * ```
 */
export function cohortHeatmapChart(table: CohortTable, options?: CohortHeatmapChartOptions): VegaLiteSpec {
  const o = chartOptions(options, `Retention by acquisition ${table?.period ?? 'period'}`, ['field']);
  const field = readOneOf(o.bag.field, ['options', 'field'], ['retention', 'value', 'cumulativeRevenuePerCustomer'] as const, 'retention');
  checkTable(table);
  const values = table.cohorts.flatMap((c) =>
    c.cells
      .filter((cell) => cell.status !== 'unobserved')
      .map((cell) => ({ cohort: c.cohort, size: c.size, age: cell.age, value: cell[field], partial: cell.status === 'partial' })),
  );
  return {
    ...frame(o),
    data: { values },
    mark: { type: 'rect' },
    encoding: {
      x: { field: 'age', type: 'ordinal', title: `${table.period}s since acquisition` },
      y: { field: 'cohort', type: 'ordinal', title: 'Cohort' },
      color: { field: 'value', type: 'quantitative', title: field, ...(field === 'retention' ? { scale: { domain: [0, 1] } } : {}) },
      opacity: { condition: { test: 'datum.partial', value: 0.55 }, value: 1 },
      tooltip: [
        { field: 'cohort', type: 'ordinal', title: 'Cohort' },
        { field: 'size', type: 'quantitative', title: 'Customers acquired' },
        { field: 'age', type: 'ordinal', title: 'Age' },
        { field: 'value', type: 'quantitative', title: field, format: field === 'retention' ? '.1%' : ',.2f' },
        { field: 'partial', type: 'nominal', title: 'Partial period' },
      ],
    },
  };
}

/**
 * Retention curves, one line per cohort, from `cohort.cohortTable` as it is (observed cells only).
 *
 * @example
 * ```ts
 * import { cohortTable } from 'crm-analytics/cohort';
 * import { retentionCurvesChart } from 'crm-analytics/charts';
 * const spec = retentionCurvesChart(cohortTable([{ customerId: 'a', date: '2024-01-05', amount: 10 }], { asOf: '2024-03-31' }));
 * ```
 */
export function retentionCurvesChart(table: CohortTable, options?: ChartOptions): VegaLiteSpec {
  const o = chartOptions(options, 'Retention curves by cohort');
  checkTable(table);
  const values = table.cohorts.flatMap((c) =>
    c.cells.filter((cell) => cell.status !== 'unobserved').map((cell) => ({ cohort: c.cohort, age: cell.age, retention: cell.retention })),
  );
  return {
    ...frame(o),
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'age', type: 'quantitative', title: `${table.period}s since acquisition` },
      y: { field: 'retention', type: 'quantitative', title: 'Active share of cohort', axis: { format: '%' } },
      color: { field: 'cohort', type: 'ordinal', title: 'Cohort' },
      tooltip: [
        { field: 'cohort', type: 'ordinal' },
        { field: 'age', type: 'quantitative' },
        { field: 'retention', type: 'quantitative', format: '.1%' },
      ],
    },
  };
}
