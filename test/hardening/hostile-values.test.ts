import { describe, expect, it } from 'vitest';
import { summarize } from 'crm-analytics/rfm';
import { btydSummary } from 'crm-analytics/clv';
import { frequentItemsets } from 'crm-analytics/basket';
import { prepareTransactions, toDayNumber } from 'crm-analytics/core';
import { HOSTILE_IDS, prototypeKeys } from './helpers.js';

// Issue 11 §2: hostile values give correct results, not just no crash.
describe('hostile values', () => {
  it('prototype-named and unicode ids are ordinary customers, and Object.prototype is untouched', () => {
    const before = prototypeKeys();
    const rows = HOSTILE_IDS.flatMap((id, k) => [
      { customerId: id, date: '2024-01-01', amount: k + 1, orderId: `${id}-1` },
      { customerId: id, date: '2024-01-05', amount: 2 * (k + 1), orderId: `${id}-2` },
    ]);
    const out = summarize(rows, { asOf: '2024-01-10' });
    expect(out.map((s) => s.customerId).sort()).toEqual([...HOSTILE_IDS].sort());
    HOSTILE_IDS.forEach((id, k) => {
      const s = out.find((x) => x.customerId === id)!;
      expect(s).toMatchObject({ frequency: 2, monetary: 3 * (k + 1), recency: 5, tenure: 9 });
    });
    const items = frequentItemsets([['__proto__', 'constructor'], ['__proto__', 'toString'], ['__proto__']], { minSupport: 0.5 });
    expect(items.find((s) => s.items.length === 1 && s.items[0] === '__proto__')?.count).toBe(3);
    expect(prototypeKeys()).toEqual(before);
    expect(({} as Record<string, unknown>).frequency).toBeUndefined();
  });

  it('10^6 distinct ids: one summary each, sorted, no collisions', () => {
    const n = 1_000_000;
    const rows = Array.from({ length: n }, (_, i) => ({ customerId: `id-${i}`, date: 19_000 * 86_400_000, amount: 1 }));
    const out = summarize(rows, { asOf: '2030-01-01' });
    expect(out.length).toBe(n);
    let unsorted = 0;
    for (let i = 1; i < out.length; i++) if (!(out[i - 1]!.customerId < out[i]!.customerId)) unsorted++;
    expect(unsorted).toBe(0);
    expect(out.every((s) => s.frequency === 1 && s.monetary === 1)).toBe(true);
  }, 120_000);

  it('dates at the edges: 1970, 2100, leap days, DST change days (UTC throughout)', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('2100-12-31')).toBe(47_846);
    expect(toDayNumber('2024-02-29') - toDayNumber('2024-02-28')).toBe(1);
    expect(toDayNumber('2024-03-01') - toDayNumber('2024-02-29')).toBe(1);
    // 2100 is not a leap year (Gregorian rule).
    expect(() => toDayNumber('2100-02-29')).toThrow();
    // EU and US DST change days are 24-hour UTC days: recency is exact whole days.
    const rows = [
      { customerId: 'a', date: '2024-03-31T00:30:00+01:00', amount: 1 },
      { customerId: 'a', date: '2024-03-10T23:59:59Z', amount: 1 },
      { customerId: 'b', date: '1970-01-01', amount: 1 },
      { customerId: 'c', date: '2100-12-30', amount: 1 },
    ];
    const out = summarize(rows, { asOf: '2100-12-31' });
    expect(out.find((s) => s.customerId === 'a')).toMatchObject({ lastPurchase: '2024-03-30', firstPurchase: '2024-03-10', frequency: 2 });
    expect(out.find((s) => s.customerId === 'b')).toMatchObject({ recency: 47_846, tenure: 47_846 });
    expect(out.find((s) => s.customerId === 'c')).toMatchObject({ recency: 1 });
  });

  it('amounts of 1e-9 and 1e12 are summed exactly', () => {
    const rows = [
      { customerId: 'tiny', date: '2024-01-01', amount: 1e-9, orderId: 't1' },
      { customerId: 'tiny', date: '2024-01-02', amount: 1e-9, orderId: 't2' },
      { customerId: 'mix', date: '2024-01-01', amount: 1e12, orderId: 'm1' },
      { customerId: 'mix', date: '2024-01-02', amount: 1e-9, orderId: 'm2' },
      { customerId: 'mix', date: '2024-01-03', amount: -1e12, orderId: 'm3' },
    ];
    const out = summarize(rows, { asOf: '2024-02-01' });
    expect(out.find((s) => s.customerId === 'tiny')!.monetary).toBe(2e-9);
    // Naive left-to-right addition gives 0.0001220703125 here; an exact sum gives 1e-9.
    expect(out.find((s) => s.customerId === 'mix')!.monetary).toBe(1e-9);
    const btyd = btydSummary(rows, { asOf: '2024-02-01', unit: 'day' });
    expect(btyd.find((s) => s.customerId === 'mix')!.frequency).toBe(2);
    expect(prepareTransactions(rows).amount[2]).toBe(1e12);
  });
});
