/**
 * `segmentSummary`: customers, orders, revenue and average order value per segment
 * (R `rfm` 0.3.0 `rfm_segment_summary`: aov = revenue / orders).
 */
import { invalidInput } from '../core/index.js';
import { compareIds } from './options.js';

/** One segment's totals. */
export interface SegmentSummaryRow {
  segment: string;
  customers: number;
  /** Σ frequency of its customers. */
  orders: number;
  /** Σ monetary of its customers. */
  revenue: number;
  /** revenue / orders (unrounded; R rounds to 2 dp for display). */
  averageOrderValue: number;
}

/**
 * Totals per segment, sorted by segment name. `segments` and `summaries` are joined on
 * `customerId` (each segment's customer must have a summary).
 *
 * @example
 * ```ts
 * import { segmentSummary } from 'crm-analytics/rfm';
 * segmentSummary(
 *   [{ customerId: 'a', segment: 'Champions' }, { customerId: 'b', segment: 'Champions' }],
 *   [{ customerId: 'a', frequency: 3, monetary: 90 }, { customerId: 'b', frequency: 1, monetary: 30 }],
 * ); // [{ segment: 'Champions', customers: 2, orders: 4, revenue: 120, averageOrderValue: 30 }]
 * ```
 */
export function segmentSummary(
  segments: readonly { customerId: string; segment: string }[],
  summaries: readonly { customerId: string; frequency: number; monetary: number }[],
): SegmentSummaryRow[] {
  if (!Array.isArray(segments)) invalidInput(['segments'], 'segments must be an array', 'an array', segments);
  if (!Array.isArray(summaries)) invalidInput(['summaries'], 'summaries must be an array', 'an array', summaries);
  const byId = new Map<string, { frequency: number; monetary: number }>();
  summaries.forEach((s, i) => {
    if (typeof s?.customerId !== 'string') invalidInput(['summaries', i, 'customerId'], 'customerId must be a string', 'a string', s?.customerId);
    if (!Number.isFinite(s.frequency)) invalidInput(['summaries', i, 'frequency'], 'frequency must be finite', 'a finite number', s.frequency);
    if (!Number.isFinite(s.monetary)) invalidInput(['summaries', i, 'monetary'], 'monetary must be finite', 'a finite number', s.monetary);
    byId.set(s.customerId, s);
  });
  const groups = new Map<string, SegmentSummaryRow>();
  segments.forEach((s, i) => {
    if (typeof s?.segment !== 'string') invalidInput(['segments', i, 'segment'], 'segment must be a string', 'a string', s?.segment);
    const sum = byId.get(s.customerId);
    if (sum === undefined) invalidInput(['segments', i, 'customerId'], 'no summary for this customer', 'a customerId present in summaries', s.customerId);
    let g = groups.get(s.segment);
    if (g === undefined) {
      g = { segment: s.segment, customers: 0, orders: 0, revenue: 0, averageOrderValue: 0 };
      groups.set(s.segment, g);
    }
    g.customers += 1;
    g.orders += sum.frequency;
    g.revenue += sum.monetary;
  });
  return [...groups.values()]
    .map((g) => ({ ...g, averageOrderValue: g.orders === 0 ? 0 : g.revenue / g.orders }))
    .sort((a, b) => compareIds(a.segment, b.segment));
}
