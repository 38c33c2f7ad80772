import { describe, expect, it } from 'vitest';
import { CrmError, type Transaction } from '../../src/core/index.js';
import { satisfactionIndicators } from '../../src/value/index.js';

describe('satisfactionIndicators: hand-worked (docs/value.md)', () => {
  const rows: Transaction[] = [
    { customerId: 'a', date: '2024-01-02', amount: 10, orderId: 'o1' },
    { customerId: 'a', date: '2024-02-02', amount: 12, orderId: 'o2' },
    { customerId: 'b', date: '2024-02-10', amount: 30, orderId: 'o3' },
    { customerId: 'c', date: '2024-05-10', amount: 30, orderId: 'o4' }, // after asOf: excluded below
  ];
  const r = satisfactionIndicators(rows, { asOf: '2024-03-01', afterAsOf: 'exclude', complaints: [{ customerId: 'b', date: '2024-02-12' }, { customerId: 'a', date: '2024-04-01' }] });
  it('repeat rate 1/2, complaint rate 1/3', () => {
    expect(r.repeatRate).toBe(0.5); // a has 2 orders, b 1; c has none before asOf
    expect(r.complaintRate).toBeCloseTo(1 / 3, 14); // a's complaint is after asOf
    expect(r.customers.map((c) => [c.customerId, c.orders, c.complaints, c.complaintRate])).toEqual([
      ['a', 2, 0, 0],
      ['b', 1, 1, 1],
      ['c', 0, 0, null],
    ]);
    expect(r.asOf).toBe('2024-03-01');
    expect(r.excludedAfterAsOf).toBe(1);
  });
  it('asOf is inclusive (rows and complaints on the asOf day count); later rows are an error by default', () => {
    const on = satisfactionIndicators([...rows.slice(0, 3), { customerId: 'b', date: '2024-03-01T20:00:00Z', amount: 5, orderId: 'o5' }], {
      asOf: '2024-03-01',
      complaints: [{ customerId: 'a', date: '2024-03-01' }],
    });
    expect(on.repeatRate).toBe(1);
    expect(on.customers.map((c) => [c.customerId, c.orders, c.complaints])).toEqual([
      ['a', 2, 1],
      ['b', 2, 0],
    ]);
    expect(() => satisfactionIndicators(rows, { asOf: '2024-03-01' })).toThrow(/\[3\]\.date: dated 2024-05-10, after asOf 2024-03-01/);
  });
  it('purchase amount trend over monthly windows ending at asOf', () => {
    // windows of 30.4375 days back from 2024-03-01: [2024-01-02: 10], [02-02: 12, 02-10: 30]
    // → 2 windows only: no trend test
    expect(r.purchaseAmountTrend).toBeNull();
    const weekly = satisfactionIndicators(rows, { asOf: '2024-03-01', afterAsOf: 'exclude', period: 'week', periods: 9 });
    expect(weekly.purchaseAmountTrend!.periods).toBe(9);
  });
  it('price sensitivity: within-item log–log slope', () => {
    const lines: Transaction[] = [
      { customerId: 'a', date: '2024-01-02', amount: 100, item: 'X', quantity: 10 }, // price 10
      { customerId: 'b', date: '2024-01-03', amount: 100, item: 'X', quantity: 5 }, // price 20
      { customerId: 'a', date: '2024-01-04', amount: 40, item: 'Y', quantity: 8 }, // price 5
      { customerId: 'b', date: '2024-01-05', amount: 40, item: 'Y', quantity: 4 }, // price 10
      { customerId: 'b', date: '2024-01-06', amount: 40, item: 'Y', quantity: 4 },
    ];
    // doubling the price halves the quantity in both items: elasticity −1 (exact fit, p = 0)
    const s = satisfactionIndicators(lines, { asOf: '2024-02-01' }).priceSensitivity!;
    expect(s.elasticity).toBeCloseTo(-1, 12);
    expect(s).toMatchObject({ observations: 5, items: 2 });
    expect(r.priceSensitivity).toBeNull();
    expect(r.reasons).toContain('price sensitivity not computed: rows need item and quantity');
  });
  it('without complaints the rates are null, not NaN', () => {
    const n = satisfactionIndicators(rows, { asOf: '2024-03-01', afterAsOf: 'exclude' });
    expect(n.complaintRate).toBeNull();
    expect(n.customers.every((c) => c.complaintRate === null)).toBe(true);
    expect(JSON.stringify(n)).not.toMatch(/NaN|Infinity/);
  });
  it('bad input names the field', () => {
    const p = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(CrmError);
        return (e as CrmError).path.join('.');
      }
      return 'no error';
    };
    expect(p(() => satisfactionIndicators(rows, { asOf: 'x' }))).toBe('options.asOf');
    expect(p(() => satisfactionIndicators(rows, { asOf: '2024-03-01', complaints: [{ customerId: 'a' } as never] }))).toBe('options.complaints.0.date');
    expect(p(() => satisfactionIndicators(rows, { asOf: '2024-03-01', periods: 2 }))).toBe('options.periods');
    expect(p(() => satisfactionIndicators(rows, { asOf: '2024-03-01', period: 'fortnight' as never }))).toBe('options.period');
    expect(() => satisfactionIndicators(rows, { asOf: '2024-03-01', complaint: [] } as never)).toThrow(/did you mean "complaints"/);
  });
});
