import { rfmHeatmapChart, segmentSizesChart } from '../../charts/index.js';
import { score, segment, segmentSummary, summarize, scoreThresholds } from '../../rfm/index.js';
import type { Cell, ReportSection } from '../../report/index.js';
import type { RunContext } from '../context.js';

/**
 * RFM section: per-customer summaries as of the analysis date, quintile scores under the pandas
 * convention (ties in frequency split by customer id), segments by R `rfm`'s default table.
 */
export function rfmSection(ctx: RunContext): ReportSection {
  const summaries = summarize(ctx.orders, { asOf: ctx.asOf });
  const scores = score(summaries, { bins: 5, convention: 'pandas' });
  const thresholds = scoreThresholds(summaries, { bins: 5, convention: 'pandas' });
  const segments = segment(scores);
  const perSegment = segmentSummary(segments, summaries).sort((a, b) => b.customers - a.customers || (a.segment < b.segment ? -1 : 1));
  ctx.summary.topSegments = perSegment.map((s) => ({ segment: s.segment, customers: s.customers }));

  const n = ctx.customers.length;
  const colR: Cell[] = new Array<Cell>(n).fill(null);
  const colF: Cell[] = new Array<Cell>(n).fill(null);
  const colM: Cell[] = new Array<Cell>(n).fill(null);
  const colSeg: Cell[] = new Array<Cell>(n).fill(null);
  for (const s of scores) {
    const i = ctx.customerIndex.get(s.customerId);
    if (i === undefined) continue;
    colR[i] = s.r;
    colF[i] = s.f;
    colM[i] = s.m;
  }
  for (const s of segments) {
    const i = ctx.customerIndex.get(s.customerId);
    if (i !== undefined) colSeg[i] = s.segment;
  }
  ctx.addCustomerColumn('R', colR);
  ctx.addCustomerColumn('F', colF);
  ctx.addCustomerColumn('M', colM);
  ctx.addCustomerColumn('RFM segment', colSeg);

  const edges = (e: number[]): string => e.map((x) => (Number.isInteger(x) ? String(x) : x.toFixed(2))).join(' | ');
  return {
    id: 'rfm',
    title: 'RFM segments',
    paragraphs: [
      `Recency (days since the last purchase, as of ${ctx.asOf}), frequency (distinct orders${ctx.hasOrder ? '' : ', counted as distinct purchase days since no order column was given'}) and monetary value (sum of amounts) scored 1–5 by quintiles (pandas qcut convention: ties in frequency split by customer id), segments by the first matching rule of R rfm's default table.`,
      `Score edges: recency (days) ${edges(thresholds.recency.edges)}; frequency (on customer ranks 1…n, pandas rank(method='first')) ${edges(thresholds.frequency.edges)}; monetary ${edges(thresholds.monetary.edges)}.`,
    ],
    charts: [
      segmentSizesChart(perSegment, { title: 'Customers per RFM segment' }),
      rfmHeatmapChart(scores, summaries),
    ],
    tables: [
      {
        id: 'rfm-segments',
        caption: 'RFM segments',
        columns: ['Segment', 'Customers', 'Orders', 'Revenue', 'Average order value'],
        rows: perSegment.map((s) => [s.segment, s.customers, s.orders, s.revenue, s.averageOrderValue]),
        csv: true,
      },
    ],
  };
}
