import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CrmError } from '../../src/core/index.js';
import { deliveredValue, importanceSatisfactionMatrix, loyaltyType, satisfaction, shareOfWallet } from '../../src/value/index.js';

const path = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CrmError);
    return `${(e as CrmError).code} ${(e as CrmError).path.join('.')}`;
  }
  return 'no error';
};

describe('deliveredValue (Kotler): hand-worked (docs/value.md)', () => {
  const a = { id: 'A', value: { product: 40, service: 20, personnel: 10, image: 10 }, cost: { monetary: 50, time: 5, energy: 3, physical: 2 } };
  const b = { id: 'B', value: { product: 35, service: 30, personnel: 15, image: 5 }, cost: { monetary: 45, time: 10, energy: 4, physical: 1 } };
  it('one offer', () => {
    const r = deliveredValue(a);
    expect(r).toMatchObject({ id: 'A', totalValue: 80, totalCost: 60, deliveredValue: 20 });
    expect(r.ratio).toBeCloseTo(4 / 3, 14);
    expect(r.reasons[0]).toBe('total customer value = 40 + 20 + 10 + 10 = 80');
  });
  it('weights', () => {
    const r = deliveredValue({ ...a, weights: { value: { product: 2 }, cost: { time: 3 } } });
    // TCV = 2·40 + 20 + 10 + 10 = 120; TCC = 50 + 3·5 + 3 + 2 = 70
    expect(r).toMatchObject({ totalValue: 120, totalCost: 70, deliveredValue: 50 });
  });
  it('compares offers: B (85 − 60 = 25) beats A (20)', () => {
    const r = deliveredValue([a, b]);
    expect(r.best).toBe(1);
    expect(r.offers.map((o) => [o.id, o.deliveredValue, o.rank])).toEqual([
      ['A', 20, 2],
      ['B', 25, 1],
    ]);
  });
  it('zero total cost: ratio null, not Infinity', () => {
    expect(deliveredValue({ value: a.value, cost: { monetary: 0, time: 0, energy: 0, physical: 0 } }).ratio).toBeNull();
  });
  it('bad input: negative costs, unknown weights', () => {
    expect(path(() => deliveredValue({ ...a, cost: { ...a.cost, time: -1 } }))).toBe('INVALID_INPUT cost.time');
    expect(path(() => deliveredValue([a, { ...b, cost: { ...b.cost, monetary: -5 } }]))).toBe('INVALID_INPUT 1.cost.monetary');
    expect(path(() => deliveredValue({ ...a, value: { ...a.value, image: Number.NaN } }))).toBe('INVALID_INPUT value.image');
    expect(path(() => deliveredValue({ ...a, weights: { value: { brand: 1 } as never } }))).toBe('INVALID_OPTION weights.value.brand');
    expect(path(() => deliveredValue({ ...a, weights: { cost: { time: -1 } } }))).toBe('INVALID_OPTION weights.cost.time');
    expect(path(() => deliveredValue([]))).toBe('INVALID_INPUT ');
  });
});

describe('satisfaction C = b / a (Oliver)', () => {
  it('hand-worked verdicts', () => {
    expect(satisfaction(6, 8)).toMatchObject({ index: 0.75, disconfirmation: -2, verdict: 'dissatisfied' });
    expect(satisfaction(8, 8)).toMatchObject({ index: 1, verdict: 'satisfied' });
    expect(satisfaction(8.3, 8).verdict).toBe('satisfied'); // 1.0375 within ±0.05
    expect(satisfaction(9, 8)).toMatchObject({ index: 1.125, verdict: 'delighted' });
    expect(satisfaction(8.3, 8, { tolerance: 0 }).verdict).toBe('delighted');
    expect(satisfaction(9, 8).reasons).toEqual(['C = perceived / expected = 9 / 8 = 1.125', 'C > 1 + 0.05: delighted']);
  });
  it('bad input: expected = 0', () => {
    expect(path(() => satisfaction(5, 0))).toBe('INVALID_INPUT expected');
    expect(path(() => satisfaction(-1, 5))).toBe('INVALID_INPUT perceived');
    expect(path(() => satisfaction(5, 5, { tolerance: 1 }))).toBe('INVALID_OPTION options.tolerance');
  });
});

describe('importanceSatisfactionMatrix (Martilla & James 1977)', () => {
  const attrs = [
    { name: 'price', importance: 9, satisfaction: 5 },
    { name: 'quality', importance: 8, satisfaction: 8 },
    { name: 'packaging', importance: 3, satisfaction: 4 },
    { name: 'parking', importance: 4, satisfaction: 7 },
  ];
  it('mean split: importance 6, satisfaction 6', () => {
    const m = importanceSatisfactionMatrix(attrs);
    expect(m.split).toEqual({ importance: 6, satisfaction: 6, method: 'mean' });
    expect(m.quadrants).toEqual({ 'urgent-improvement': ['price'], 'competitive-advantage': ['quality'], 'secondary-improvement': ['packaging'], surplus: ['parking'] });
    expect(m.attributes[0]).toMatchObject({ quadrantZh: '急需改进区', reasons: ['importance 9 >= mean 6 (high)', 'satisfaction 5 < mean 6 (low)'] });
  });
  it('median and given splits; a value on the split counts as high', () => {
    expect(importanceSatisfactionMatrix(attrs, { split: 'median' }).split).toEqual({ importance: 6, satisfaction: 6, method: 'median' });
    const g = importanceSatisfactionMatrix(attrs, { split: { importance: 8, satisfaction: 7 } });
    expect(g.quadrants['competitive-advantage']).toEqual(['quality']);
    expect(g.quadrants.surplus).toEqual(['parking']);
  });
  it('bad input', () => {
    expect(path(() => importanceSatisfactionMatrix([]))).toBe('INVALID_INPUT ');
    expect(path(() => importanceSatisfactionMatrix([{ name: 'x', importance: Number.NaN, satisfaction: 1 }]))).toBe('INVALID_INPUT 0.importance');
    expect(path(() => importanceSatisfactionMatrix([...attrs, attrs[0]!]))).toBe('INVALID_INPUT 4.name');
    expect(path(() => importanceSatisfactionMatrix(attrs, { split: 'mode' as never }))).toBe('INVALID_OPTION options.split');
  });
  it('property: every attribute lands in exactly one quadrant', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ name: fc.string({ minLength: 1 }), importance: fc.integer({ min: 1, max: 7 }), satisfaction: fc.integer({ min: 1, max: 7 }) }), { selector: (a) => a.name, minLength: 1, maxLength: 20 }), (as) => {
        const m = importanceSatisfactionMatrix(as);
        expect(Object.values(m.quadrants).flat().length).toBe(as.length);
      }),
      { seed: 3, numRuns: 100 },
    );
  });
});

describe('shareOfWallet', () => {
  it('one customer and a list', () => {
    expect(shareOfWallet(300, 1200)).toEqual({ ourSpend: 300, categorySpend: 1200, share: 0.25, competitorSpend: 900 });
    const r = shareOfWallet([
      { customerId: 'b', ourSpend: 10, categorySpend: 100 },
      { customerId: 'a', ourSpend: 50, categorySpend: 100 },
    ]);
    expect(r.overall).toBe(0.3);
    expect(r.meanShare).toBe(0.3);
    expect(r.customers.map((c) => c.customerId)).toEqual(['a', 'b']);
  });
  it('bad input', () => {
    expect(path(() => shareOfWallet(5, 0))).toBe('INVALID_INPUT categorySpend');
    expect(path(() => shareOfWallet(-5, 10))).toBe('INVALID_INPUT ourSpend');
    expect(path(() => shareOfWallet(50, 10))).toBe('INVALID_INPUT ourSpend');
    expect(path(() => shareOfWallet([{ customerId: 'a', ourSpend: 1, categorySpend: 0 }]))).toBe('INVALID_INPUT 0.categorySpend');
  });
});

describe('loyaltyType (six textbook types; Dick & Basu 1994)', () => {
  it.each([
    [{ attitude: 0.8, repeatPurchase: 0.9, alternatives: 4, satisfaction: 0.85 }, 'trust', 'true-loyalty'],
    [{ attitude: 0.2, repeatPurchase: 0.9, alternatives: 0 }, 'monopoly', 'spurious-loyalty'],
    [{ attitude: 0.4, repeatPurchase: 0.7, alternatives: 3, affiliation: true }, 'kinship', 'spurious-loyalty'],
    [{ attitude: 0.6, repeatPurchase: 0.8, alternatives: 5, incentiveShare: 0.7 }, 'incentive', 'true-loyalty'],
    [{ attitude: 0.3, repeatPurchase: 0.8, alternatives: 3 }, 'inertia', 'spurious-loyalty'],
    [{ attitude: 0.7, repeatPurchase: 0.8, alternatives: 3, satisfaction: 0.3 }, 'inertia', 'true-loyalty'],
    [{ attitude: 0.9, repeatPurchase: 0.2, alternatives: 2 }, 'latent', 'latent-loyalty'],
    [{ attitude: 0.1, repeatPurchase: 0.1, alternatives: 2 }, 'none', 'no-loyalty'],
  ])('%o → %s / %s', (profile, type, quadrant) => {
    const r = loyaltyType(profile);
    expect(r.type).toBe(type);
    expect(r.quadrant).toBe(quadrant);
    expect(r.reasons.length).toBe(2);
  });
  it('bad input', () => {
    expect(path(() => loyaltyType({ attitude: 1.2, repeatPurchase: 0.5, alternatives: 1 }))).toBe('INVALID_INPUT attitude');
    expect(path(() => loyaltyType({ attitude: 0.2, repeatPurchase: 0.5, alternatives: -1 }))).toBe('INVALID_INPUT alternatives');
    expect(path(() => loyaltyType({ attitude: 0.2, repeatPurchase: 0.5, alternatives: 1 }, { highRepeat: 2 }))).toBe('INVALID_OPTION options.highRepeat');
  });
  it('property: the type agrees with the Dick & Basu quadrant on the repeat axis', () => {
    const u = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(
      fc.property(u, u, fc.integer({ min: 0, max: 5 }), u, fc.boolean(), (a, r, alt, inc, aff) => {
        const v = loyaltyType({ attitude: a, repeatPurchase: r, alternatives: alt, incentiveShare: inc, affiliation: aff });
        const lowRepeat = v.quadrant === 'latent-loyalty' || v.quadrant === 'no-loyalty';
        expect(lowRepeat).toBe(v.type === 'latent' || v.type === 'none');
      }),
      { seed: 5, numRuns: 200 },
    );
  });
});
