/**
 * Issue 22: every basket budget fires, names its option, and nothing is allocated past it
 * (maxItemsets, maxOutputItems, maxRules); impossible contingency tables and broken encodings
 * are CrmErrors, not NaN. The two reproducers of the issue end in a CrmError with the defaults.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { associationRules, encodeBaskets, frequentItemsets, ruleMeasures, type EncodedBaskets, type Rule } from '../../src/basket/index.js';
import { ItemsetStore } from '../../src/basket/itemset-store.js';
import { recodeByFrequency } from '../../src/basket/recode.js';
import { fpGrowth } from '../../src/basket/fp-growth.js';
import { eclat } from '../../src/basket/eclat.js';
import { mineFlat, parseMiningOptions } from '../../src/basket/itemsets.js';
import { rulesFromFlat } from '../../src/basket/rules.js';
import { CrmError } from '../../src/core/index.js';
import { expectCrmError, params } from './helpers.js';

const arbBaskets = fc.array(fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', '__proto__'), { maxLength: 6 }), { minLength: 1, maxLength: 12 });

function outcome<T>(fn: () => T): { value: T } | { error: CrmError } {
  try {
    return { value: fn() };
  } catch (e) {
    if (e instanceof CrmError) return { error: e };
    throw e;
  }
}

describe('basket budgets (issue 22)', () => {
  it('maxItemsets: fires exactly when the full result is larger, and the store never grows past it (both miners)', () => {
    fc.assert(
      fc.property(arbBaskets, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 40 }), fc.constantFrom('fpgrowth', 'eclat'), (baskets, minCount, limit, algorithm) => {
        const full = frequentItemsets(baskets, { minCount, algorithm, maxItemsets: Infinity, maxOutputItems: Infinity });
        const got = outcome(() => frequentItemsets(baskets, { minCount, algorithm, maxItemsets: limit }));
        if (full.length <= limit) expect(got).toEqual({ value: full });
        else {
          expect('error' in got && got.error.code).toBe('TOO_MANY_ITEMSETS');
          if ('error' in got) expect(got.error.path).toEqual(['options', 'maxItemsets']);
        }
        // the miner's own store: capacity and size stay within the limit
        const enc = encodeBaskets(baskets);
        const store = new ItemsetStore(limit, 1);
        const rb = recodeByFrequency(enc, minCount);
        try {
          (algorithm === 'eclat' ? eclat : fpGrowth)(rb, minCount, Infinity, store);
        } catch (e) {
          expect((e as CrmError).code).toBe('TOO_MANY_ITEMSETS');
        }
        expect(store.size).toBeLessThanOrEqual(limit);
        expect(store.parent.length).toBeLessThanOrEqual(limit);
      }),
      params,
    );
  });

  it('maxOutputItems bounds Σ|X| and fires exactly when the full result holds more items', () => {
    fc.assert(
      fc.property(arbBaskets, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 60 }), fc.constantFrom('fpgrowth', 'eclat'), (baskets, minCount, limit, algorithm) => {
        const full = frequentItemsets(baskets, { minCount, algorithm, maxOutputItems: Infinity });
        const total = full.reduce((a, s) => a + s.items.length, 0);
        const got = outcome(() => frequentItemsets(baskets, { minCount, algorithm, maxOutputItems: limit }));
        if (total <= limit) expect(got).toEqual({ value: full });
        else if ('error' in got) {
          expect(got.error.code).toBe('TOO_MANY_ITEMSETS');
          expect(got.error.path).toEqual(['options', 'maxOutputItems']);
          expect(got.error.data?.count as number).toBeGreaterThan(limit);
        } else expect.fail('no error past maxOutputItems');
        const store = new ItemsetStore(Infinity, 1, limit);
        try {
          fpGrowth(recodeByFrequency(encodeBaskets(baskets), minCount), minCount, Infinity, store);
        } catch {
          // checked above
        }
        expect(store.totalItems).toBeLessThanOrEqual(limit);
      }),
      params,
    );
  });

  it('maxRules: fires exactly when there are more rules, before the extra rule object is made', () => {
    fc.assert(
      fc.property(arbBaskets, fc.integer({ min: 1, max: 30 }), fc.constantFrom(1 as const, 'any' as const), fc.double({ min: 0, max: 1, noNaN: true }), (baskets, limit, consequentSize, minConfidence) => {
        const full = associationRules(baskets, { minSupport: 0.1, minConfidence, consequentSize, maxRules: Infinity });
        const got = outcome(() => associationRules(baskets, { minSupport: 0.1, minConfidence, consequentSize, maxRules: limit }));
        if (full.length <= limit) expect(got).toEqual({ value: full });
        else {
          expect('error' in got && [got.error.code, got.error.path]).toEqual(['TOO_MANY_RULES', ['options', 'maxRules']]);
          expect('error' in got && got.error.message).toContain('maxRules');
          // the generator's own output array holds exactly `limit` rules when it stops
          const o = parseMiningOptions({ minSupport: 0.1 });
          const flat = mineFlat(encodeBaskets(baskets), o);
          const made: Rule[] = [];
          const g = { minSupport: 0.1, minConfidence, minLift: undefined, consequentSize, maxLength: Infinity, anteAllowed: undefined, consAllowed: undefined, maxRules: limit };
          expect(() => rulesFromFlat(flat, g, made)).toThrow(CrmError);
          expect(made.length).toBe(limit);
        }
      }),
      params,
    );
  });

  it('reproducer: one 16-item basket with consequentSize "any" ends in TOO_MANY_RULES naming maxRules (defaults)', () => {
    const basket = Array.from({ length: 16 }, (_, i) => `item ${i}`);
    const cpu = process.cpuUsage();
    const e = expectCrmError(() => associationRules([basket], { minSupport: 1, minConfidence: 0, consequentSize: 'any' }));
    const used = process.cpuUsage(cpu);
    expect(e.code).toBe('TOO_MANY_RULES');
    expect(e.path).toEqual(['options', 'maxRules']);
    expect(e.message).toContain('maxRules');
    // user + system CPU, not wall time (the box is shared): seconds, not the heap limit
    expect((used.user + used.system) / 1e6).toBeLessThan(30);
  }, 120_000);

  it('reproducer: 2 of 100 orders sharing 22 items end in TOO_MANY_ITEMSETS (itemsets and rules, both miners)', () => {
    const shared = Array.from({ length: 22 }, (_, i) => `sku${i}`);
    const orders = [shared, shared, ...Array.from({ length: 98 }, (_, i) => [`other${i}`])];
    for (const algorithm of ['fpgrowth', 'eclat'] as const) {
      const e1 = expectCrmError(() => frequentItemsets(orders, { minSupport: 0.02, algorithm }));
      expect(e1.code).toBe('TOO_MANY_ITEMSETS');
      const e2 = expectCrmError(() => associationRules(orders, { minSupport: 0.02, minConfidence: 0.3, algorithm }));
      expect(e2.code).toBe('TOO_MANY_ITEMSETS');
      expect(e2.message).toMatch(/maxOutputItems|maxItemsets/);
    }
  }, 120_000);

  it('a very long itemset with the item budget lifted is a CrmError, not a stack overflow', () => {
    const basket = Array.from({ length: 20_000 }, (_, i) => `i${i}`);
    for (const algorithm of ['fpgrowth', 'eclat'] as const) {
      const e = expectCrmError(() => frequentItemsets([basket, basket], { minCount: 2, algorithm, maxOutputItems: Infinity }));
      expect(e.code).toBe('TOO_MANY_ITEMSETS');
    }
  }, 120_000);

  it('ruleMeasures: (0, 0, 0, 0) and impossible tables are INVALID_INPUT naming the argument; possible tables give finite measures', () => {
    const bad: [number[], string][] = [
      [[0, 0, 0, 0], 'n'],
      [[5, 1, 1, 10], 'n11'], // n11 > n1x: confidence 5
      [[0, 0, 3, 10], 'n1x'],
      [[1, 2, 0, 10], 'nx1'],
      [[1, 11, 2, 10], 'n1x'],
      [[0, 6, 6, 10], 'n11'], // n00 < 0
      [[Number.NaN, 2, 2, 10], 'n11'],
      [[1.5, 2, 2, 10], 'n11'],
      [[1, 2, 2, Infinity], 'n'],
    ];
    for (const [args, name] of bad) {
      const e = expectCrmError(() => ruleMeasures(...(args as [number, number, number, number])));
      expect([e.code, e.path]).toEqual(['INVALID_INPUT', [name]]);
    }
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (n, a, b, c) => {
        const n1x = Math.max(1, Math.round(a * n));
        const nx1 = Math.max(1, Math.round(b * n));
        const lo = Math.max(0, n1x + nx1 - n);
        const n11 = lo + Math.round(c * (Math.min(n1x, nx1) - lo));
        const m = ruleMeasures(n11, n1x, nx1, n);
        for (const [k, v] of Object.entries(m)) {
          if (k === 'conviction' || k === 'oddsRatio') expect(Number.isNaN(v)).toBe(false);
          else expect(Number.isFinite(v)).toBe(true);
        }
        expect(m.confidence).toBeLessThanOrEqual(1);
        expect(m.support).toBeLessThanOrEqual(1);
      }),
      params,
    );
  });

  it('encoded baskets are checked structurally before mining (indices in range, ascending, counts)', () => {
    const good = encodeBaskets([['a', 'b'], ['b', 'c'], []]);
    const broken: [Partial<EncodedBaskets> & Record<string, unknown>, string | number][] = [
      [{ codes: Int32Array.from([0, 1, 1, 7]) }, 'codes'],
      [{ codes: Int32Array.from([0, 1, -1, 2]) }, 'codes'],
      [{ codes: Int32Array.from([1, 0, 1, 2]) }, 'codes'],
      [{ offsets: Int32Array.from([0, 2, 1, 4]) }, 'offsets'],
      [{ offsets: Int32Array.from([0, 2, 4]) }, 'offsets'],
      [{ offsets: Int32Array.from([0, 2, 4, 9]) }, 'offsets'],
      [{ n: -1 }, 'n'],
      [{ n: 1e9 }, 'offsets'],
      [{ items: ['b', 'a', 'c'] }, 'items'],
      [{ items: ['a', 'b'] }, 'itemCounts'],
      [{ itemCounts: Int32Array.from([9, 2, 1]) }, 'itemCounts'],
      [{ codes: [0, 1, 1, 2] as unknown as Int32Array }, 'codes'],
    ];
    for (const [patch, field] of broken) {
      const forged = { ...good, ...patch } as EncodedBaskets;
      const e = expectCrmError(() => frequentItemsets(forged, { minCount: 1 }));
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.path[0]).toBe(field);
      expect(expectCrmError(() => associationRules(forged, { minSupport: 0.3 })).code).toBe('INVALID_INPUT');
    }
    expect(frequentItemsets(good, { minCount: 2 })).toEqual([{ items: ['b'], count: 2, support: 2 / 3 }]);
  });
});
