import { invalidOption } from '../core/index.js';
import { baseOptions, checkRows, frame, num, str, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * Size of one segment (RFM segment, lifecycle stage, ABC class …).
 *
 * @example
 * ```ts
 * const row: SegmentCount = { segment: 'Champions', customers: 120, revenue: 50_000 };
 * ```
 */
export interface SegmentCount {
  segment: string;
  customers: number;
  /** Optional revenue of the segment, shown in the tooltip. */
  revenue?: number;
}

/**
 * Options of {@link segmentSizes}.
 *
 * @example
 * ```ts
 * const o: SegmentSizesOptions = { sort: 'input', title: 'Customers by number of orders' };
 * ```
 */
export interface SegmentSizesOptions extends ChartOptions {
  /** Bar order: `'size'` (largest first, default) or `'input'` (as given, e.g. for ordered bins). */
  sort?: 'size' | 'input';
}

/**
 * Horizontal bar chart of customers per segment, largest first (or in input order).
 *
 * @example
 * ```ts
 * import { segmentSizes } from 'crm-analytics/charts';
 * const spec = segmentSizes([{ segment: 'Champions', customers: 120 }, { segment: 'Lost', customers: 300 }]);
 * ```
 */
export function segmentSizes(rows: ReadonlyArray<SegmentCount>, options?: SegmentSizesOptions): VegaLiteSpec {
  const o = baseOptions(options, 'Customers per segment');
  const sort = options?.sort ?? 'size';
  if (sort !== 'size' && sort !== 'input') invalidOption(['options', 'sort'], "sort must be 'size' or 'input'", "'size' or 'input'", sort);
  checkRows(rows, 'rows');
  const values = rows.map((row0, i) => {
    const row = row0 as unknown as Record<string, unknown>;
    const out: { segment: string; customers: number; revenue?: number } = {
      segment: str(row, ['rows', i], 'segment'),
      customers: num(row, ['rows', i], 'customers', 0),
    };
    if (row['revenue'] !== undefined) out.revenue = num(row, ['rows', i], 'revenue');
    return out;
  });
  const hasRevenue = values.some((v) => v.revenue !== undefined);
  return {
    ...frame(o),
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'segment', type: 'nominal', sort: sort === 'size' ? '-x' : values.map((v) => v.segment), title: null },
      x: { field: 'customers', type: 'quantitative', title: 'Customers' },
      tooltip: [
        { field: 'segment', type: 'nominal', title: 'Segment' },
        { field: 'customers', type: 'quantitative', title: 'Customers' },
        ...(hasRevenue ? [{ field: 'revenue', type: 'quantitative', title: 'Revenue', format: ',.2f' }] : []),
      ],
    },
  };
}
