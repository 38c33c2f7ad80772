import type { SegmentSummaryRow } from '../rfm/index.js';
import { readNumber, readOneOf } from '../core/index.js';
import { chartOptions, checkRows, frame, str, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * Options of {@link segmentSizesChart}.
 *
 * @example
 * ```ts
 * const o: SegmentSizesChartOptions = { sort: 'input', title: 'Customers by number of orders' };
 * ```
 */
export interface SegmentSizesChartOptions extends ChartOptions {
  /** Bar order: `'size'` (largest first, default) or `'input'` (as given, e.g. for ordered bins). */
  sort?: 'size' | 'input';
}

/** @internal Horizontal bars of customers per category (shared by the segment and lifecycle charts). */
export function categoryBars(
  o: { title: string; width: number; height: number },
  values: ReadonlyArray<{ segment: string; customers: number; revenue?: number; share?: number }>,
  sort: 'size' | 'input',
  label: string,
): VegaLiteSpec {
  const hasRevenue = values.some((v) => v.revenue !== undefined);
  const hasShare = values.some((v) => v.share !== undefined);
  return {
    ...frame(o),
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'segment', type: 'nominal', sort: sort === 'size' ? '-x' : values.map((v) => v.segment), title: null },
      x: { field: 'customers', type: 'quantitative', title: 'Customers' },
      tooltip: [
        { field: 'segment', type: 'nominal', title: label },
        { field: 'customers', type: 'quantitative', title: 'Customers' },
        ...(hasShare ? [{ field: 'share', type: 'quantitative', title: 'Share', format: '.1%' }] : []),
        ...(hasRevenue ? [{ field: 'revenue', type: 'quantitative', title: 'Revenue', format: ',.2f' }] : []),
      ],
    },
  };
}

/**
 * Horizontal bars of customers per segment, largest first (or in input order), drawn from
 * `rfm.segmentSummary` as it is (revenue in the tooltip; R `rfm::rfm_bar_chart`). Any rows with
 * `segment` and `customers` fit, e.g. ordered bins with `sort: 'input'`.
 *
 * @example
 * ```ts
 * import { segment, segmentSummary, score, summarize } from 'crm-analytics/rfm';
 * import { segmentSizesChart } from 'crm-analytics/charts';
 * const summaries = summarize([
 *   { customerId: 'a', date: '2024-01-02', amount: 50 },
 *   { customerId: 'b', date: '2024-03-01', amount: 20 },
 * ], { asOf: '2024-03-31' });
 * const spec = segmentSizesChart(segmentSummary(segment(score(summaries, { bins: 2 })), summaries));
 * ```
 */
export function segmentSizesChart(rows: ReadonlyArray<Pick<SegmentSummaryRow, 'segment' | 'customers'> & { revenue?: number }>, options?: SegmentSizesChartOptions): VegaLiteSpec {
  const o = chartOptions(options, 'Customers per segment', ['sort']);
  const sort = readOneOf(o.bag.sort, ['options', 'sort'], ['size', 'input'] as const, 'size');
  checkRows(rows, 'rows');
  const values = rows.map((row, i) => {
    const out: { segment: string; customers: number; revenue?: number } = { segment: str(row, ['rows', i], 'segment'), customers: readNumber(row['customers'], ['rows', i, 'customers'], { min: 0, input: true }) };
    if (row['revenue'] !== undefined) out.revenue = readNumber(row['revenue'], ['rows', i, 'revenue'], { input: true });
    return out;
  });
  return categoryBars(o, values, sort, 'Segment');
}
