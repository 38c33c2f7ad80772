import { describe, expect, it } from 'vitest';
import * as rfm from '../../src/rfm/index.js';

// The @example blocks of the public API, run as written (docs must not lie).
describe('JSDoc examples', () => {
  it('score / scoreThresholds', () => {
    const summaries = [1, 2, 3, 4, 5].map((i) => ({ customerId: `c${i}`, recency: 10 * i, frequency: i, monetary: 100 * i }));
    expect(rfm.score(summaries, { bins: 5, convention: 'pandas' })[0]).toEqual({ customerId: 'c1', r: 5, f: 1, m: 1, rfm: '511' });
    expect(rfm.score(summaries, { bins: 3, convention: 'rfm-package' })[4]).toEqual({ customerId: 'c5', r: 1, f: 3, m: 3, rfm: '133' });
    const s2 = [1, 1, 1, 1, 2, 5].map((f, i) => ({ customerId: `c${i}`, recency: i, frequency: f, monetary: f * 10 }));
    const t = rfm.scoreThresholds(s2, { convention: 'rfm-package' });
    expect(t.frequency.edges).toEqual([1, 2, 2, 2, 3, 6]);
    expect(t.frequency.counts).toEqual([4, 0, 0, 1, 1]);
  });

  it('summarize, accumulator, segment, segmentSummary', () => {
    const s = rfm.summarize(
      [
        { customerId: 'a', date: '2024-01-01', amount: 10, orderId: 'o1' },
        { customerId: 'a', date: '2024-01-05', amount: 5, orderId: 'o2' },
        { customerId: 'b', date: '2024-01-03', amount: 7 },
      ],
      { asOf: '2024-01-10' },
    );
    expect(s).toEqual([
      { customerId: 'a', recency: 5, frequency: 2, monetary: 15, averageOrderValue: 7.5, firstPurchase: '2024-01-01', lastPurchase: '2024-01-05', tenure: 9 },
      { customerId: 'b', recency: 7, frequency: 1, monetary: 7, averageOrderValue: 7, firstPurchase: '2024-01-03', lastPurchase: '2024-01-03', tenure: 7 },
    ]);
    const a = rfm.createRfmAccumulator({ asOf: '2024-02-01' });
    const b = rfm.createRfmAccumulator({ asOf: '2024-02-01' });
    a.add({ customerId: 'x', date: '2024-01-01', amount: 10 });
    b.add({ customerId: 'x', date: '2024-01-20', amount: 5 });
    a.merge(b);
    expect(a.result()[0]).toMatchObject({ customerId: 'x', recency: 12, frequency: 2, monetary: 15 });
    expect(rfm.segment([{ customerId: 'a', r: 5, f: 5, m: 5 }])).toEqual([{ customerId: 'a', segment: 'Champions', reasons: ['rule 1 "Champions": R=5 in 5, F=5 in 5, M=5 in 5 (first match)'] }]);
    expect(rfm.segment([{ customerId: 'a', r: 5, f: 1, m: 3 }], { table: 'pandas-rf-map' })[0]!.segment).toBe('new_customers');
    expect(rfm.segmentSummary([{ customerId: 'a', segment: 'Champions' }, { customerId: 'b', segment: 'Champions' }], [{ customerId: 'a', frequency: 3, monetary: 90 }, { customerId: 'b', frequency: 1, monetary: 30 }])).toEqual([
      { segment: 'Champions', customers: 2, orders: 4, revenue: 120, averageOrderValue: 30 },
    ]);
    expect(rfm.RFM_PACKAGE_SEGMENTS.rules[0]).toMatchObject({ name: 'Champions', r: [5, 5], f: [5, 5], m: [5, 5] });
    expect(Object.isFrozen(rfm.RFM_PACKAGE_SEGMENTS.rules)).toBe(true);
  });

  it('valueMatrix, abcTiers, lorenzCurve, gini, topShare, kmeansSegments', () => {
    expect(rfm.valueMatrix([{ customerId: 'a', frequency: 6, monetary: 600 }, { customerId: 'b', frequency: 1, monetary: 20 }]).customers.map((c) => c.quadrant)).toEqual(['best', 'uncertain']);
    expect(rfm.abcTiers([{ customerId: 'a', value: 80 }, { customerId: 'b', value: 15 }, { customerId: 'c', value: 5 }]).customers.map((c) => c.tier)).toEqual(['A', 'B', 'C']);
    expect(rfm.lorenzCurve([1, 1, 2]).map((p) => p.valueShare)).toEqual([0, 0.25, 0.5, 1]);
    expect(rfm.gini([1, 1, 1, 1])).toBe(0);
    expect(rfm.gini([0, 0, 0, 10])).toBe(0.75);
    expect(rfm.topShare([0, 0, 0, 0, 10])).toBe(1);
    const ks = Array.from({ length: 30 }, (_, i) => ({ customerId: `c${i}`, recency: i < 15 ? 5 + i : 300 + i, frequency: i < 15 ? 20 : 1, monetary: i < 15 ? 2000 : 30 }));
    const km = rfm.kmeansSegments(ks, { kRange: [2, 4], seed: 42 });
    expect(km.k).toBe(2);
    expect(km.clusters[0]!.meanMonetary).toBe(2000);
  });
});
