// cohortTable against a pandas retention triangle on Online Retail II (fixture and script in
// test/fixtures/cohort), plus the censoring rules and bad input.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cohortTable } from '../../src/cohort/index.js';
import { loadOnlineRetailInvoices } from '../../src/datasets/index.js';
import { thrown } from '../crm-error.js';

interface PandasCohort { cohort: string; size: number; active: number[]; revenue: number[]; orders: number[] }
const reference = JSON.parse(readFileSync(new URL('../fixtures/cohort/online-retail.json', import.meta.url), 'utf8')) as Record<
  'month' | 'week' | 'quarter',
  PandasCohort[]
> & { asOf: string };
const invoices = loadOnlineRetailInvoices();

describe('cohortTable = pandas on Online Retail II', () => {
  for (const period of ['month', 'week', 'quarter'] as const) {
    it(`${period}ly cohorts: sizes, active customers, revenue and orders per age`, () => {
      const table = cohortTable(invoices, { asOf: reference.asOf, period, afterAsOf: 'exclude' });
      const orders = cohortTable(invoices, { asOf: reference.asOf, period, metric: 'orders', afterAsOf: 'exclude' });
      const revenue = cohortTable(invoices, { asOf: reference.asOf, period, metric: 'revenue', afterAsOf: 'exclude' });
      const expected = reference[period];
      expect(table.cohorts.map((c) => [c.cohort, c.size])).toEqual(expected.map((c) => [c.cohort, c.size]));
      table.cohorts.forEach((cohort, k) => {
        const ref = expected[k]!;
        let cumulative = 0;
        cohort.cells.forEach((cell, age) => {
          if (cell.status === 'unobserved') {
            expect(ref.active[age] ?? 0).toBe(0); // pandas fills the censored corner with 0; we say null
            expect(cell.value).toBeNull();
            return;
          }
          expect(cell.value).toBe(ref.active[age] ?? 0);
          expect(cell.retention).toBeCloseTo((ref.active[age] ?? 0) / ref.size, 12);
          expect(orders.cohorts[k]!.cells[age]!.value).toBe(ref.orders[age] ?? 0);
          expect(revenue.cohorts[k]!.cells[age]!.value).toBeCloseTo(ref.revenue[age] ?? 0, 6);
          cumulative += ref.revenue[age] ?? 0;
          expect(cell.cumulativeRevenuePerCustomer).toBeCloseTo(cumulative / ref.size, 6);
        });
        expect(cohort.cells[0]!.retention).toBe(1);
      });
    });
  }
});

describe('cohortTable censoring and input', () => {
  const rows = [
    { customerId: 'a', date: '2024-01-05', amount: 10 },
    { customerId: 'a', date: '2024-03-07', amount: 5 },
    { customerId: '__proto__', date: '2024-01-20', amount: 8 },
    { customerId: 'c', date: '2024-03-02', amount: 4 },
  ];
  it('the period holding asOf is partial unless asOf is its last day; later periods are unobserved, not 0', () => {
    const mid = cohortTable(rows, { asOf: '2024-03-15' });
    expect(mid.cohorts.map((c) => c.cohort)).toEqual(['2024-01-01', '2024-03-01']); // no February row: nobody acquired
    expect(mid.cohorts[0]!.cells.map((c) => [c.status, c.value])).toEqual([['complete', 2], ['complete', 0], ['partial', 1]]);
    expect(mid.cohorts[1]!.cells.map((c) => c.status)).toEqual(['partial', 'unobserved', 'unobserved']);
    const end = cohortTable(rows, { asOf: '2024-03-31' });
    expect(end.cohorts[0]!.cells[2]!.status).toBe('complete');
  });
  it('rows after asOf are an error unless excluded; option typos are named', () => {
    expect(thrown(() => cohortTable(rows, { asOf: '2024-03-01' })).message).toContain("afterAsOf: 'exclude'");
    expect(cohortTable(rows, { asOf: '2024-03-01', afterAsOf: 'exclude' }).cohorts).toHaveLength(1);
    expect(thrown(() => cohortTable(rows, { asOf: '2024-03-31', perod: 'week' } as never)).message).toContain('did you mean "period"');
    expect(thrown(() => cohortTable(rows, { asOf: '2024-03-31', period: 'day' as 'week' })).path).toEqual(['options', 'period']);
  });
});
