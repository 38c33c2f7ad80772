import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { associationRules, encodeBaskets, frequentItemsets, pruneRedundant, recommend, topRules, basketsFromTransactions } from 'crm-analytics/basket';
import { arbId, deepFreeze, expectCleanResult, expectCrmError, params, prototypeKeys } from './helpers.js';

// Small item alphabets make rules likely; hostile names make prototype bugs visible.
// (Items that trim to "" are rejected by design: see the bad-input test.)
const arbItem = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', 'milk', 'bread', 'beer', '🙂', 'e\u0301'), arbId).filter((s) => s.trim() !== '');
// Kept small: 10,000 cases per property must run in seconds (rule counts grow as 2^basket size).
const arbBaskets = fc.array(fc.array(arbItem, { maxLength: 4 }), { maxLength: 15 });

// Documented infinities: conviction is +Infinity at confidence 1, the odds ratio when a cell is empty.
const INFINITE_OK = (path: string) => /\.(conviction|oddsRatio)$/.test(path);

describe('basket under generated input (issue 11)', () => {
  it('frequentItemsets: counts equal a direct recount, support = count / N, both algorithms agree, no NaN', () => {
    const before = prototypeKeys();
    fc.assert(
      fc.property(arbBaskets, fc.double({ min: 0.05, max: 1, noNaN: true }), (baskets, minSupport) => {
        const frozen = deepFreeze(baskets.map((b) => [...b]));
        const fp = frequentItemsets(frozen, { minSupport, algorithm: 'fpgrowth' });
        const ec = frequentItemsets(frozen, { minSupport, algorithm: 'eclat' });
        expectCleanResult(fp);
        const key = (s: { items: string[] }) => JSON.stringify([...s.items].sort());
        expect(new Map(ec.map((s) => [key(s), s.count]))).toEqual(new Map(fp.map((s) => [key(s), s.count])));
        const sets = baskets.map((b) => new Set(b.map((x) => x.trim())));
        for (const s of fp.slice(0, 20)) {
          const count = sets.filter((b) => s.items.every((i) => b.has(i))).length;
          expect(s.count).toBe(count);
          expect(s.support).toBe(count / baskets.length);
          expect(s.count).toBeGreaterThanOrEqual(Math.ceil(minSupport * baskets.length - 1e-9));
        }
      }),
      params,
    );
    expect(prototypeKeys()).toEqual(before);
  });

  it('associationRules (single and any consequent) → pruneRedundant → topRules → recommend: no NaN, infinities only where documented', () => {
    fc.assert(
      fc.property(arbBaskets, fc.double({ min: 0.05, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (baskets, minSupport, minConfidence) => {
        const frozen = deepFreeze(baskets.map((b) => [...b]));
        for (const consequentSize of [1, 'any'] as const) {
          const rules = deepFreeze(associationRules(frozen, { minSupport, minConfidence, consequentSize }));
          expectCleanResult(rules, INFINITE_OK);
          for (const r of rules) {
            expect(r.confidence).toBeGreaterThanOrEqual(minConfidence - 1e-12);
            expect(r.conviction === Number.POSITIVE_INFINITY).toBe(r.confidence === 1);
          }
          expectCleanResult(pruneRedundant(rules), INFINITE_OK);
          expectCleanResult(topRules(rules, { by: 'lift', k: 5 }), INFINITE_OK);
          expectCleanResult(recommend(frozen[0] ?? [], rules, { k: 3 }), INFINITE_OK);
        }
      }),
      params,
    );
  });

  it('encodeBaskets and basketsFromTransactions keep every item exactly once per basket', () => {
    fc.assert(
      fc.property(arbBaskets, (baskets) => {
        const enc = encodeBaskets(deepFreeze(baskets.map((b) => [...b])));
        expect(enc.n).toBe(baskets.length);
        for (let i = 0; i < baskets.length; i++) {
          const got = [...enc.codes.subarray(enc.offsets[i]!, enc.offsets[i + 1]!)].map((c) => enc.items[c]);
          expect(new Set(got)).toEqual(new Set(baskets[i]!.map((x) => x.trim())));
          expect(got.length).toBe(new Set(got).size);
        }
        const rows = baskets.flatMap((b, i) => b.map((item) => ({ customerId: 'c', date: '2024-01-01', amount: 1, orderId: `o${i}`, item })));
        const grouped = basketsFromTransactions(deepFreeze(rows), { by: 'orderId' });
        const nonEmpty = baskets.filter((b) => b.length > 0);
        expect(grouped.baskets.map((b) => new Set(b))).toEqual(nonEmpty.map((b) => new Set(b)));
      }),
      params,
    );
  });

  it('bad options and items throw CrmError with a path', () => {
    const b = [['a', 'b']];
    for (const minSupport of [0, -0.1, 1.5, Number.NaN]) expect(expectCrmError(() => frequentItemsets(b, { minSupport })).path).toContain('minSupport');
    for (const minConfidence of [-0.1, 1.1]) expect(expectCrmError(() => associationRules(b, { minSupport: 0.5, minConfidence })).path).toContain('minConfidence');
    expect(expectCrmError(() => frequentItemsets(b, { minSupport: 0.5, maxLength: 0 })).path).toContain('maxLength');
    expect(expectCrmError(() => frequentItemsets([['a', {} as unknown as string]], { minSupport: 0.5 })).path).toEqual([0, 1]);
    expect(expectCrmError(() => frequentItemsets([['a'], ['']], { minSupport: 0.5 })).path).toEqual([1, 0]);
  });
});
