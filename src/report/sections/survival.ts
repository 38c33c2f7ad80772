import { invalidInput } from '../../core/errors.js';
import { kaplanMeierChart } from '../../charts/index.js';
import { kaplanMeier, lifetimesFromTransactions, logRankTest } from '../../survival/index.js';
import type { ReportSection } from '../types.js';
import type { RunContext } from '../context.js';

/** Days without a purchase after which the report counts a customer as churned. */
export const REPORT_INACTIVITY_DAYS = 180;

/**
 * Survival section (issue 19.2): customer lifetimes from first purchase to churn (no purchase for
 * 180 days) or to the report's asOf (censored), the Kaplan–Meier curve with its band and median,
 * and one-time vs repeat buyers compared by a log-rank test. Needs churned customers to estimate.
 */
export function survivalSection(ctx: RunContext): ReportSection {
  const lives = lifetimesFromTransactions(ctx.orders, { asOf: ctx.asOf, inactivityDays: REPORT_INACTIVITY_DAYS });
  const churned = lives.filter((l) => l.event === 1).length;
  if (churned < 10) {
    invalidInput(['survival'], `only ${churned} customers have gone ${REPORT_INACTIVITY_DAYS} days without a purchase: too few to estimate lifetimes`);
  }
  const km = kaplanMeier(lives);
  const orders = new Map(ctx.customers.map((c) => [c.customerId, c.orders]));
  const grouped = lives.map((l) => ({ ...l, group: (orders.get(l.customerId) ?? 0) > 1 ? 'repeat buyers' : 'one-time buyers' }));
  const one = grouped.filter((g) => g.group === 'one-time buyers');
  const repeat = grouped.filter((g) => g.group === 'repeat buyers');
  const curves = [{ label: 'all customers', curve: km }];
  const bullets: string[] = [];
  if (one.length >= 2 && repeat.length >= 2) {
    curves.push({ label: 'one-time buyers', curve: kaplanMeier(one) }, { label: 'repeat buyers', curve: kaplanMeier(repeat) });
    const test = logRankTest(grouped);
    bullets.push(`One-time vs repeat buyers: log-rank χ² = ${test.chiSquare.toFixed(1)} on ${test.df} df, p = ${test.pValue.toPrecision(2)}.`);
  }
  const median = km.median === null ? 'not reached (more than half are still active)' : `${km.median} days (95% CI ${km.medianLower ?? '–'} to ${km.medianUpper ?? '–'})`;
  const at = (days: number): number | null => {
    let s: number | null = null;
    for (const step of km.steps) if (step.time <= days) s = step.survival;
    return s ?? 1;
  };
  return {
    id: 'survival',
    title: 'Customer lifetimes (survival)',
    paragraphs: [
      `A customer is churned after ${REPORT_INACTIVITY_DAYS} days without a purchase; customers still active at ${ctx.asOf} are censored (Kaplan–Meier, Greenwood bands). ${churned} of ${lives.length} customers have churned.`,
      `Median lifetime: ${median}.`,
    ],
    bullets,
    charts: [kaplanMeierChart(curves, { title: 'Share of customers still active by days since first purchase' })],
    tables: [
      {
        id: 'survival-at',
        caption: 'Share still active after …',
        columns: ['Days', 'Survival'],
        rows: [30, 90, 180, 365, 730].map((d) => [d, at(d)]),
        digits: 3,
      },
    ],
  };
}
