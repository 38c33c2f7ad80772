import type { RfmScore } from '../rfm/index.js';
import { invalidInput, readNumber } from '../core/index.js';
import { chartOptions, checkRows, frame, str, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * RFM heatmap over recency score × frequency score, drawn from `rfm.score` as it is (R
 * `rfm::rfm_heatmap`; Hughes 1994, *Strategic Database Marketing*). With the summaries the
 * scores came from, each cell shows the mean monetary value of its customers (joined on
 * `customerId`); without them, the number of customers. Cells are aggregated here, so the spec
 * holds one datum per cell, not per customer.
 *
 * @example
 * ```ts
 * import { score, summarize } from 'crm-analytics/rfm';
 * import { rfmHeatmapChart } from 'crm-analytics/charts';
 * const summaries = summarize([
 *   { customerId: 'a', date: '2024-01-02', amount: 50 },
 *   { customerId: 'b', date: '2024-03-01', amount: 20 },
 * ], { asOf: '2024-03-31' });
 * const spec = rfmHeatmapChart(score(summaries, { bins: 2 }), summaries);
 * ```
 */
export function rfmHeatmapChart(
  scores: ReadonlyArray<Pick<RfmScore, 'customerId' | 'r' | 'f'>>,
  summaries?: ReadonlyArray<{ customerId: string; monetary: number }>,
  options?: ChartOptions,
): VegaLiteSpec {
  const withMonetary = summaries !== undefined;
  const o = chartOptions(options, withMonetary ? 'RFM heatmap: mean monetary by recency × frequency score' : 'RFM heatmap: customers by recency × frequency score');
  checkRows(scores, 'scores');
  const monetary = new Map<string, number>();
  if (summaries !== undefined) {
    checkRows(summaries, 'summaries', true);
    summaries.forEach((s, i) => monetary.set(str(s, ['summaries', i], 'customerId'), readNumber(s['monetary'], ['summaries', i, 'monetary'], { input: true })));
  }
  // Cell key: integer scores r, f (checked below).
  const cells = new Map<string, { r: number; f: number; sum: number; n: number }>();
  scores.forEach((row, i) => {
    const r = readNumber(row['r'], ['scores', i, 'r'], { input: true });
    const f = readNumber(row['f'], ['scores', i, 'f'], { input: true });
    if (!Number.isInteger(r)) invalidInput(['scores', i, 'r'], 'r must be an integer score', 'an integer', r);
    if (!Number.isInteger(f)) invalidInput(['scores', i, 'f'], 'f must be an integer score', 'an integer', f);
    let m = 0;
    if (withMonetary) {
      const id = str(row, ['scores', i], 'customerId');
      const v = monetary.get(id);
      if (v === undefined) invalidInput(['scores', i, 'customerId'], 'no summary has this customerId (pass the summaries the scores were computed from)', 'a customerId of the summaries', id);
      m = v;
    }
    const key = `${r}|${f}`;
    const cell = cells.get(key);
    if (cell === undefined) cells.set(key, { r, f, sum: m, n: 1 });
    else {
      cell.sum += m;
      cell.n += 1;
    }
  });
  const values = [...cells.values()]
    .sort((a, b) => a.r - b.r || a.f - b.f)
    .map((c) => (withMonetary ? { r: c.r, f: c.f, meanMonetary: c.sum / c.n, customers: c.n } : { r: c.r, f: c.f, customers: c.n }));
  const colour = withMonetary ? { field: 'meanMonetary', title: 'Mean monetary', format: ',.0f' } : { field: 'customers', title: 'Customers', format: ',d' };
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
          color: { field: colour.field, type: 'quantitative', title: colour.title, scale: { scheme: 'blues' } },
          tooltip: [
            { field: 'r', type: 'ordinal', title: 'R' },
            { field: 'f', type: 'ordinal', title: 'F' },
            ...(withMonetary ? [{ field: 'meanMonetary', type: 'quantitative', title: 'Mean monetary', format: ',.2f' }] : []),
            { field: 'customers', type: 'quantitative', title: 'Customers' },
          ],
        },
      },
      {
        mark: { type: 'text', fontSize: 9 },
        encoding: { text: { field: colour.field, type: 'quantitative', format: colour.format } },
      },
    ],
  };
}
