// One asOf (issue 16 item 2, docs/glossary.md): the same transactions and the same asOf through
// rfm, clv, lifecycle and value give the same picture of every customer — last purchase day,
// order count and observation length — and every module treats the asOf day as observed.
import { describe, expect, it } from 'vitest';
import { CrmError, dayToIsoDate, type Transaction } from '../../src/core/index.js';
import { btydSummary } from '../../src/clv/index.js';
import { classify, earlyWarnings } from '../../src/lifecycle/index.js';
import { summarize } from '../../src/rfm/index.js';
import { satisfactionIndicators } from '../../src/value/index.js';

const AS_OF = '2024-03-31';
const ASOF_DAY = Math.floor(Date.parse(AS_OF) / 86_400_000);
const row = (customerId: string, date: string, amount: number, orderId: string): Transaction => ({ customerId, date, amount, orderId });

// Times of day on purpose (the asOf's and the rows' are ignored), two orders on one day (orders vs
// purchase days), purchases on the asOf day itself (late evening), a customer whose first and only
// purchase is on the asOf day, and ids that are tricky as object keys.
const rows: Transaction[] = [
  row('a', '2024-01-05T09:00:00Z', 20, 'a1'),
  row('a', '2024-02-10T23:59:59Z', 35, 'a2'),
  row('a', '2024-02-10T08:00:00Z', 15, 'a3'),
  row('a', '2024-03-31T22:30:00Z', 10, 'a4'),
  row('b', '2023-11-30T12:00:00Z', 50, 'b1'),
  row('b', '2024-01-15T00:00:00Z', 60, 'b2'),
  row('__proto__', '2024-03-01T10:00:00Z', 5, 'p1'),
  row('__proto__', '2024-03-20T10:00:00Z', 7, 'p2'),
  row('__proto__', '2024-03-20T18:00:00Z', 9, 'p3'),
  row('new', '2024-03-31T23:00:00Z', 12, 'n1'),
  row('old', '2023-06-01T06:00:00Z', 40, 'o1'),
];
const later: Transaction[] = [row('a', '2024-04-01T00:00:00Z', 99, 'a5'), row('late', '2024-04-02', 1, 'l1')];

// What the glossary says each customer's numbers are, worked by hand from the rows above.
const expected = new Map([
  ['__proto__', { first: '2024-03-01', last: '2024-03-20', orders: 3, days: 2 }],
  ['a', { first: '2024-01-05', last: '2024-03-31', orders: 4, days: 3 }],
  ['b', { first: '2023-11-30', last: '2024-01-15', orders: 2, days: 2 }],
  ['new', { first: '2024-03-31', last: '2024-03-31', orders: 1, days: 1 }],
  ['old', { first: '2023-06-01', last: '2023-06-01', orders: 1, days: 1 }],
]);
const dayOf = (iso: string) => Math.floor(Date.parse(iso) / 86_400_000);

function picture(transactions: readonly Transaction[], afterAsOf?: 'exclude') {
  const policy = afterAsOf === undefined ? {} : { afterAsOf };
  const rfmOrders = summarize(transactions, { asOf: AS_OF, ...policy });
  const rfmDays = summarize(transactions, { asOf: AS_OF, orderKey: 'day', ...policy });
  // read-only use of clv (owned by another module): it documents asOf as inclusive too.
  const clv = btydSummary(transactions, { asOf: AS_OF, unit: 'day', ...policy } as Parameters<typeof btydSummary>[1]);
  const life = classify(transactions, { asOf: AS_OF, ...policy });
  const value = satisfactionIndicators(transactions, { asOf: `${AS_OF}T05:00:00Z`, ...policy });
  return { rfmOrders, rfmDays, clv, life, value };
}

describe('one asOf across rfm, clv, lifecycle and value', () => {
  const p = picture(rows);

  it('every module sees the same customers, with the hand-worked numbers', () => {
    const ids = [...expected.keys()];
    expect(p.rfmOrders.map((s) => s.customerId)).toEqual(ids);
    expect(p.clv.map((s) => s.customerId)).toEqual(ids);
    expect(p.life.customers.map((s) => s.customerId)).toEqual(ids);
    expect(p.value.customers.map((s) => s.customerId)).toEqual(ids);
  });

  it('last purchase day agrees (rfm lastPurchase = clv first + recency = lifecycle lastPurchase)', () => {
    for (const [id, e] of expected) {
      const r = p.rfmOrders.find((s) => s.customerId === id)!;
      const c = p.clv.find((s) => s.customerId === id)!;
      const l = p.life.customers.find((s) => s.customerId === id)!.metrics;
      expect(r.lastPurchase).toBe(e.last);
      expect(l.lastPurchase).toBe(e.last);
      const clvFirst = ASOF_DAY - c.T;
      expect(dayToIsoDate(clvFirst + c.recency)).toBe(e.last);
      expect(r.recency).toBe(ASOF_DAY - dayOf(e.last));
      expect(l.recencyDays).toBe(r.recency);
    }
    // purchases on the asOf day count, with recency 0, everywhere
    expect(p.rfmOrders.find((s) => s.customerId === 'new')!.recency).toBe(0);
    expect(p.life.customers.find((s) => s.customerId === 'new')!.metrics.recencyDays).toBe(0);
    expect(p.clv.find((s) => s.customerId === 'new')!.T).toBe(0);
  });

  it('order counts agree (orders: rfm = lifecycle = value; purchase days: rfm day-keyed = clv x + 1 = lifecycle)', () => {
    for (const [id, e] of expected) {
      expect(p.rfmOrders.find((s) => s.customerId === id)!.frequency).toBe(e.orders);
      expect(p.life.customers.find((s) => s.customerId === id)!.metrics.orders).toBe(e.orders);
      expect(p.value.customers.find((s) => s.customerId === id)!.orders).toBe(e.orders);
      expect(p.rfmDays.find((s) => s.customerId === id)!.frequency).toBe(e.days);
      expect(p.life.customers.find((s) => s.customerId === id)!.metrics.purchaseDays).toBe(e.days);
      expect(p.clv.find((s) => s.customerId === id)!.frequency + 1).toBe(e.days);
    }
  });

  it('observation length agrees (rfm tenure = clv T in days = lifecycle tenureDays)', () => {
    for (const [id, e] of expected) {
      const tenure = ASOF_DAY - dayOf(e.first);
      expect(p.rfmOrders.find((s) => s.customerId === id)!.tenure).toBe(tenure);
      expect(p.clv.find((s) => s.customerId === id)!.T).toBe(tenure);
      expect(p.life.customers.find((s) => s.customerId === id)!.metrics.tenureDays).toBe(tenure);
    }
  });

  it("rows after asOf: an error naming the row in rfm, lifecycle and value; 'exclude' gives the same picture", () => {
    const withLater = [...rows, ...later];
    const at = rows.length; // index of the first later row
    const path = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(CrmError);
        expect((e as CrmError).message).toContain("afterAsOf: 'exclude'");
        return (e as CrmError).path;
      }
      return 'no error';
    };
    expect(path(() => summarize(withLater, { asOf: AS_OF }))).toEqual([at, 'date']);
    expect(path(() => classify(withLater, { asOf: AS_OF }))).toEqual([at, 'date']);
    expect(path(() => satisfactionIndicators(withLater, { asOf: AS_OF }))).toEqual([at, 'date']);
    expect(path(() => earlyWarnings({ transactions: withLater }, { asOf: AS_OF }))).toEqual(['transactions', at, 'date']);

    const q = picture(withLater, 'exclude');
    expect(q.rfmOrders).toEqual(p.rfmOrders);
    expect(q.rfmDays).toEqual(p.rfmDays);
    expect(q.clv).toEqual(p.clv);
    expect(q.life.excludedAfterAsOf).toBe(later.length);
    expect(q.value.excludedAfterAsOf).toBe(later.length);
    // 'late' has no row up to asOf: rfm and clv leave it out, lifecycle keeps it as a prospect
    // (every known customer gets a stage) and value lists it with 0 orders.
    expect(q.life.customers.filter((c) => c.customerId !== 'late')).toEqual(p.life.customers);
    expect(q.life.customers.find((c) => c.customerId === 'late')).toMatchObject({ stage: 'acquisition', metrics: { orders: 0 } });
    expect(q.value.customers.find((c) => c.customerId === 'late')!.orders).toBe(0);
  });
});
