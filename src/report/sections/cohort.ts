import { invalidInput } from '../../core/errors.js';
import { cohortHeatmapChart, retentionCurvesChart } from '../../charts/index.js';
import { cohortTable } from '../../cohort/index.js';
import type { Cell } from '../escape.js';
import type { ReportSection } from '../types.js';
import type { RunContext } from '../context.js';

const AGES = [1, 2, 3, 6, 12] as const;

/**
 * Cohort section (issue 19.1): monthly acquisition cohorts at the report's one asOf, the retention
 * triangle as a heatmap and curves, and a table of each cohort's retention at 1, 2, 3, 6 and 12
 * months (blank where not yet observed — never 0). Needs at least two monthly cohorts.
 */
export function cohortSection(ctx: RunContext): ReportSection {
  const table = cohortTable(ctx.orders, { asOf: ctx.asOf, period: 'month' });
  if (table.cohorts.length < 2) {
    invalidInput(['cohort'], 'cohorts need customers acquired in at least two different months');
  }
  const rows: Cell[][] = table.cohorts.map((c) => [
    c.cohort.slice(0, 7),
    c.size,
    ...AGES.map((age) => {
      const cell = c.cells[age];
      return cell === undefined || cell.status !== 'complete' ? null : cell.retention;
    }),
    c.cells.filter((cell) => cell.status !== 'unobserved').at(-1)?.cumulativeRevenuePerCustomer ?? null,
  ]);
  const partial = table.cohorts.some((c) => c.cells.some((cell) => cell.status === 'partial'));
  return {
    id: 'cohort',
    title: 'Acquisition cohorts',
    paragraphs: [
      `Customers grouped by the month of their first purchase (${table.cohorts.length} cohorts up to ${table.asOf}); retention is the share of a cohort buying in each later month.`,
      ...(partial ? [`The month holding ${table.asOf} is not complete: its cells are drawn paler and left out of the table.`] : []),
    ],
    charts: [cohortHeatmapChart(table), retentionCurvesChart(table)],
    tables: [
      {
        id: 'cohort-retention',
        caption: 'Retention by cohort (blank = not yet observed)',
        columns: ['Cohort', 'Customers', ...AGES.map((a) => `Month ${a}`), 'Revenue per customer to date'],
        rows,
        digits: 3,
        csv: true,
      },
    ],
  };
}
