import { lorenzChart, valueMatrixChart } from '../../charts/index.js';
import { abcTiers, gini, lorenzCurve, summarize, topShare, valueMatrix } from '../../rfm/index.js';
import type { Cell, ReportSection } from '../../report/index.js';
import type { RunContext } from '../context.js';

/**
 * Value section: Marcus' customer value matrix (mean split), ABC tiers (80/95 % cumulative value),
 * Lorenz curve with the Gini coefficient and the top-20 % share. Net revenue below 0 (returns
 * exceeding purchases) counts as 0 for ABC and Lorenz, and such customers are counted in a note.
 */
export function valueSection(ctx: RunContext): ReportSection {
  const summaries = summarize(ctx.orders, { asOf: ctx.asOf });
  const vm = valueMatrix(summaries);
  let negative = 0;
  const values = summaries.map((s) => {
    if (s.monetary < 0) negative += 1;
    return { customerId: s.customerId, value: Math.max(0, s.monetary) };
  });
  const abc = abcTiers(values);
  const plain = values.map((v) => v.value);
  const g = gini(plain);
  const top20 = topShare(plain, 0.2);

  const n = ctx.customers.length;
  const colQ: Cell[] = new Array<Cell>(n).fill(null);
  const colT: Cell[] = new Array<Cell>(n).fill(null);
  for (const c of vm.customers) {
    const i = ctx.customerIndex.get(c.customerId);
    if (i !== undefined) colQ[i] = c.quadrant;
  }
  for (const c of abc.customers) {
    const i = ctx.customerIndex.get(c.customerId);
    if (i !== undefined) colT[i] = c.tier;
  }
  ctx.addCustomerColumn('Value quadrant', colQ);
  ctx.addCustomerColumn('ABC tier', colT);

  const notes: string[] = [];
  if (negative > 0) notes.push(`${negative} customers have net revenue below 0 (returns); they count as 0 in ABC and the Lorenz curve.`);

  const quadrantOrder = ['best', 'spenders', 'frequent', 'uncertain', 'inactive'] as const;
  return {
    id: 'value',
    title: 'Value matrix and ABC / Pareto',
    paragraphs: [
      `Value matrix (Marcus 1998): orders × average order value, split at the customer base's mean (frequency ${vm.frequencyCut?.toFixed(2) ?? '–'}, average order value ${vm.averageOrderValueCut?.toFixed(2) ?? '–'}).`,
      `Concentration: the top 20% of customers bring ${(100 * top20).toFixed(1)}% of revenue; Gini ${g.toFixed(3)}. ABC tiers: A = customers up to 80% of cumulative revenue, B up to 95%, C the rest.`,
    ],
    bullets: notes,
    charts: [
      valueMatrixChart(vm, { title: 'Value matrix: orders × average order value (mean split)' }),
      lorenzChart(lorenzCurve(plain), { gini: g, title: 'Lorenz curve of customer revenue' }),
    ],
    tables: [
      {
        id: 'value-quadrants',
        caption: 'Value matrix cells',
        columns: ['Cell', 'Customers'],
        rows: quadrantOrder.map((q) => [q, vm.counts[q]]),
      },
      {
        id: 'value-abc',
        caption: 'ABC tiers',
        columns: ['Tier', 'Customers', 'Revenue', 'Share of customers', 'Share of revenue'],
        rows: abc.tiers.map((t) => [t.tier, t.customers, t.value, t.customerShare, t.valueShare]),
        digits: 3,
      },
    ],
  };
}
