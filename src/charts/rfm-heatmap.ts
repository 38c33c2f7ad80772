import { invalidInput } from '../core/index.js';
import { baseOptions, checkRows, frame, num, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * One customer's RFM scores and monetary value (the `monetary` the scores were computed from).
 *
 * @example
 * ```ts
 * const row: RfmScoreRecord = { r: 5, f: 4, monetary: 812.5 };
 * ```
 */
export interface RfmScoreRecord {
  customerId?: string;
  /** Recency score (1 = longest ago). */
  r: number;
  /** Frequency score. */
  f: number;
  /** Monetary value of the customer (total or average, whichever the scores used). */
  monetary: number;
}

/**
 * RFM heatmap: mean monetary value in each recency-score × frequency-score cell, the
 * standard RFM diagnostic (R `rfm::rfm_heatmap`; Hughes 1994, *Strategic Database Marketing*).
 * Cells are aggregated here, so the spec holds one datum per cell, not per customer.
 *
 * @example
 * ```ts
 * import { rfmHeatmap } from 'crm-analytics/charts';
 * const spec = rfmHeatmap([{ r: 5, f: 5, monetary: 900 }, { r: 1, f: 1, monetary: 40 }]);
 * ```
 */
export function rfmHeatmap(rows: ReadonlyArray<RfmScoreRecord>, options?: ChartOptions): VegaLiteSpec {
  const o = baseOptions(options, 'RFM heatmap: mean monetary by recency × frequency score');
  checkRows(rows, 'rows');
  // Cell key: integer scores r, f (checked below).
  const cells = new Map<string, { r: number; f: number; sum: number; n: number }>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as unknown as Record<string, unknown>;
    const r = num(row, ['rows', i], 'r');
    const f = num(row, ['rows', i], 'f');
    const m = num(row, ['rows', i], 'monetary');
    if (!Number.isInteger(r)) invalidInput(['rows', i, 'r'], 'r must be an integer score', 'an integer', r);
    if (!Number.isInteger(f)) invalidInput(['rows', i, 'f'], 'f must be an integer score', 'an integer', f);
    const key = `${r}|${f}`;
    const cell = cells.get(key);
    if (cell === undefined) cells.set(key, { r, f, sum: m, n: 1 });
    else {
      cell.sum += m;
      cell.n += 1;
    }
  }
  const values = [...cells.values()]
    .sort((a, b) => a.r - b.r || a.f - b.f)
    .map((c) => ({ r: c.r, f: c.f, meanMonetary: c.sum / c.n, customers: c.n }));
  return {
    ...frame(o),
    data: { values },
    encoding: {
      x: { field: 'f', type: 'ordinal', title: 'Frequency score' },
      y: { field: 'r', type: 'ordinal', title: 'Recency score', sort: 'descending' },
    },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          color: { field: 'meanMonetary', type: 'quantitative', title: 'Mean monetary', scale: { scheme: 'blues' } },
          tooltip: [
            { field: 'r', type: 'ordinal', title: 'R' },
            { field: 'f', type: 'ordinal', title: 'F' },
            { field: 'meanMonetary', type: 'quantitative', title: 'Mean monetary', format: ',.2f' },
            { field: 'customers', type: 'quantitative', title: 'Customers' },
          ],
        },
      },
      {
        mark: { type: 'text', fontSize: 9 },
        encoding: { text: { field: 'meanMonetary', type: 'quantitative', format: ',.0f' } },
      },
    ],
  };
}
