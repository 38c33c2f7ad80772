import { lifecycleStagesChart } from '../../charts/index.js';
import { classify, earlyWarnings } from '../../lifecycle/index.js';
import type { Cell, ReportSection } from '../../report/index.js';
import type { RunContext } from '../context.js';

const MAX_WARNINGS_LISTED = 50;

/**
 * Lifecycle section: five-stage classification (with the BG/NBD P(alive) when the CLV section
 * computed it) and churn early warnings from the transactions (the only warning kind a
 * transaction file supports; receivables, plans and expenses need other inputs).
 */
export function lifecycleSection(ctx: RunContext): ReportSection {
  const pAlive = ctx.probabilityAlive;
  const result = classify(ctx.orders, { asOf: ctx.asOf, ...(pAlive === undefined ? {} : { probabilityAlive: pAlive }) });
  const warnings = earlyWarnings({ transactions: ctx.orders, ...(pAlive === undefined ? {} : { probabilityAlive: pAlive }) }, { asOf: ctx.asOf });

  const stageCol: Cell[] = new Array<Cell>(ctx.customers.length).fill(null);
  for (const c of result.customers) {
    const i = ctx.customerIndex.get(c.customerId);
    if (i !== undefined) stageCol[i] = c.stage;
  }
  ctx.addCustomerColumn('Lifecycle stage', stageCol);
  // Ranked by value at risk (revenue × (1 − P(alive)), or revenue without a CLV fit), so an account
  // manager sees first the customers whose loss costs most; severity and id break ties.
  const atRisk = (id: string): number => {
    const i = ctx.customerIndex.get(id);
    const revenue = i === undefined ? 0 : (ctx.customers[i]?.revenue ?? 0);
    const p = pAlive?.get(id);
    return p === undefined ? revenue : revenue * (1 - p);
  };
  const sevRank = (s: string): number => (s === 'high' ? 0 : 1);
  const listed = [...warnings.warnings]
    .map((w) => ({ w, risk: atRisk(w.customerId) }))
    .sort((a, b) => b.risk - a.risk || sevRank(a.w.severity) - sevRank(b.w.severity) || (a.w.customerId < b.w.customerId ? -1 : a.w.customerId > b.w.customerId ? 1 : 0))
    .slice(0, MAX_WARNINGS_LISTED);
  const reasonsOf = new Map(result.customers.map((c) => [c.customerId, c.reasons]));
  return {
    id: 'lifecycle',
    title: 'Lifecycle stages and early warnings',
    paragraphs: [
      `Stages as of ${result.asOf} (${result.model} model; recency judged against each customer's own usual gap between purchases${pAlive === undefined ? '' : ', plus the BG/NBD P(alive)'}). ${warnings.summary.customersWarned.toLocaleString('en-US')} customers carry an early warning.`,
    ],
    bullets: warnings.summary.notes,
    charts: [lifecycleStagesChart(result, { title: 'Customers per lifecycle stage (funnel order)' })],
    tables: [
      {
        id: 'lifecycle-stages',
        caption: 'Lifecycle stages (funnel order)',
        columns: ['Stage', 'Customers', 'Share'],
        rows: result.distribution.map((d) => [d.stage, d.count, d.share]),
        digits: 3,
      },
      {
        id: 'lifecycle-warning-counts',
        caption: 'Early warnings by kind',
        columns: ['Kind', 'Medium', 'High', 'Total', 'Evaluated'],
        rows: warnings.summary.counts.map((c) => [c.kind, c.medium, c.high, c.total, warnings.summary.evaluated[c.kind] ? 'yes' : 'no (needs other inputs)']),
      },
      {
        id: 'lifecycle-warnings',
        caption: `Early warnings, by value at risk (${pAlive === undefined ? 'revenue' : 'revenue × (1 − P(alive))'}; first ${MAX_WARNINGS_LISTED})`,
        columns: ['Customer', 'Value at risk', 'Kind', 'Severity', 'Why', 'Stage reasons'],
        rows: listed.map(({ w, risk }) => [w.customerId, risk, w.kind, w.severity, w.reasons.join('; '), (reasonsOf.get(w.customerId) ?? []).join('; ')]),
        csv: true,
      },
    ],
  };
}
