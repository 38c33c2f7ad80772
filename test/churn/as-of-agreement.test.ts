/**
 * One asOf (issue 16): churnFeatures and rfm.summarize read the same transactions at the same inclusive asOf and
 * agree on each customer's recency (whole days), order count, monetary total and tenure; both refuse later rows by
 * default and drop them with afterAsOf: 'exclude'.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { churnFeatures } from '../../src/churn/index.js';
import { summarize } from '../../src/rfm/index.js';
import { thrown } from '../crm-error.js';

const day = (d: number) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000 + (d % 3) * 3_600_000).toISOString();
const arbTx = fc.record({
  customer: fc.constantFrom('a', 'b', 'c', '__proto__'),
  d: fc.integer({ min: 0, max: 120 }),
  order: fc.integer({ min: 0, max: 30 }),
  amount: fc.integer({ min: 1, max: 500 }),
});

describe('churnFeatures agrees with rfm.summarize at the same asOf (issue 16)', () => {
  it('recency, frequency (orders), monetary and tenure per customer', () => {
    fc.assert(
      fc.property(fc.array(arbTx, { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 120 }), fc.boolean(), (rows, asOfDay, withOrders) => {
        const tx = rows.map((r) => ({ customerId: r.customer, date: day(r.d), amount: r.amount, ...(withOrders ? { orderId: `${r.customer}-${r.order}` } : {}) }));
        const asOf = day(asOfDay).slice(0, 10);
        const rfm = summarize(tx, { asOf, afterAsOf: 'exclude', orderKey: withOrders ? 'orderId' : 'row' });
        const churn = churnFeatures(tx, { asOf, afterAsOf: 'exclude', features: 'rfm+trend' });
        expect(churn.map((r) => r.customerId)).toEqual(rfm.map((r) => r.customerId));
        churn.forEach((c, i) => {
          const r = rfm[i]!;
          expect([c.recency, c.frequency, c.monetary, c.tenure]).toEqual([r.recency, r.frequency, r.monetary, r.tenure]);
        });
      }),
      { numRuns: 200, seed: 16 },
    );
  });
  it('both refuse rows after asOf by default', () => {
    const tx = [
      { customerId: 'a', date: '2024-03-01', amount: 5 },
      { customerId: 'a', date: '2024-03-02', amount: 5 },
    ];
    expect(thrown(() => churnFeatures(tx, { asOf: '2024-03-01' })).code).toBe('INVALID_INPUT');
    expect(thrown(() => summarize(tx, { asOf: '2024-03-01' })).code).toBe('INVALID_INPUT');
    expect(churnFeatures(tx, { asOf: '2024-03-02' })[0]?.recency).toBe(0);
  });
});
