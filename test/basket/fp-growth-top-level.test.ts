/**
 * FP-growth's two first levels (issue 23 item 5): from an initial FP-tree (dense data) or straight
 * from the recoded baskets' per-rank basket lists (sparse data, no initial tree). Both are
 * checked against brute force on the same random baskets, and the recoding they read (ranks
 * ascending per basket, the basket lists) against a direct recount.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBaskets, type EncodedBaskets } from '../../src/basket/index.js';
import { fpGrowth } from '../../src/basket/fp-growth.js';
import { ItemsetStore } from '../../src/basket/itemset-store.js';
import { recodeByFrequency } from '../../src/basket/recode.js';

/** Every itemset (as sorted codes) with its count, by enumerating the subsets of each basket. */
function bruteForce(enc: EncodedBaskets, minCount: number, maxLength: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let t = 0; t < enc.n; t++) {
    const items = Array.from(enc.codes.subarray(enc.offsets[t], enc.offsets[t + 1]));
    for (let mask = 1; mask < 1 << items.length; mask++) {
      const set = items.filter((_, i) => mask & (1 << i));
      if (set.length > maxLength) continue;
      const key = set.join(',');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  for (const [key, c] of counts) if (c < minCount) counts.delete(key);
  return counts;
}

/** Run fpGrowth with a forced first level; itemsets as sorted codes → count. */
function mined(enc: EncodedBaskets, minCount: number, maxLength: number, topLevel: 'tree' | 'baskets'): Map<string, number> {
  const rb = recodeByFrequency(enc, minCount);
  const store = new ItemsetStore(Infinity, 1);
  fpGrowth(rb, minCount, maxLength, store, topLevel);
  const out = new Map<string, number>();
  for (let i = 0; i < store.size; i++) {
    const codes: number[] = [];
    for (let x = i; x >= 0; x = store.parent[x]!) codes.push(rb.codeOfRank[store.item[x]!]!);
    const key = codes.sort((a, b) => a - b).join(',');
    expect(out.has(key)).toBe(false); // each itemset is emitted once
    out.set(key, store.count[i]!);
  }
  return out;
}

// up to 11 items, some much more frequent than others, so that conditional bases have 0, 1 or
// several frequent items and conditional trees are single paths or branch
const arbBaskets = fc.array(
  fc.uniqueArray(fc.oneof({ weight: 3, arbitrary: fc.constantFrom('a', 'b', 'c') }, { weight: 2, arbitrary: fc.constantFrom('d', 'e', 'f', 'g', 'h', 'i', 'j', 'k') }), { maxLength: 8 }),
  { minLength: 1, maxLength: 60 },
);

describe('FP-growth first level: initial tree and basket lists agree with brute force', () => {
  it('both first levels give exactly the brute-force itemsets and counts (property)', () => {
    fc.assert(
      fc.property(arbBaskets, fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 9 }), (baskets, minCount, maxLength) => {
        const enc = encodeBaskets(baskets);
        const want = [...bruteForce(enc, minCount, maxLength)].sort();
        expect([...mined(enc, minCount, maxLength, 'baskets')].sort()).toEqual(want);
        expect([...mined(enc, minCount, maxLength, 'tree')].sort()).toEqual(want);
      }),
      { numRuns: 300, seed: 23 },
    );
  });

  it('a long repeated basket: single-path conditional trees under the basket lists', () => {
    const basket = Array.from({ length: 10 }, (_, i) => `i${i}`);
    const enc = encodeBaskets([basket, basket, basket.slice(0, 4), ['i9']]);
    for (const maxLength of [1, 2, 3, 10]) {
      expect([...mined(enc, 2, maxLength, 'baskets')].sort()).toEqual([...bruteForce(enc, 2, maxLength)].sort());
    }
  });
});

describe('recodeByFrequency: counting-sort layout', () => {
  it('ranks ascend within each basket and each rank lists exactly where its baskets start (property)', () => {
    fc.assert(
      fc.property(arbBaskets, fc.integer({ min: 1, max: 5 }), (baskets, minCount) => {
        const enc = encodeBaskets(baskets);
        const rb = recodeByFrequency(enc, minCount);
        const rankOf = new Map<number, number>();
        rb.codeOfRank.forEach((code, r) => rankOf.set(code, r));
        for (let t = 0; t < enc.n; t++) {
          const want = Array.from(enc.codes.subarray(enc.offsets[t], enc.offsets[t + 1]))
            .filter((c) => rankOf.has(c))
            .map((c) => rankOf.get(c)!)
            .sort((a, b) => a - b);
          expect(Array.from(rb.ranks.subarray(rb.offsets[t], rb.offsets[t + 1]))).toEqual(want);
        }
        for (let r = 0; r < rb.m; r++) {
          const want: number[] = [];
          for (let t = 0; t < rb.n; t++) if (rb.ranks.subarray(rb.offsets[t], rb.offsets[t + 1]).includes(r)) want.push(rb.offsets[t]!);
          expect(Array.from(rb.basketStart.subarray(rb.listStart[r], rb.listStart[r + 1]))).toEqual(want);
          expect(rb.rankCount[r]).toBe(want.length);
        }
      }),
      { numRuns: 200, seed: 5 },
    );
  });

  it('refuses item counts that do not match the baskets instead of mining stale slots', () => {
    const enc = encodeBaskets([['a', 'b'], ['a']]);
    const bad: EncodedBaskets = { ...enc, itemCounts: Int32Array.from([1, 2]) };
    expect(() => recodeByFrequency(bad, 1)).toThrow(/itemCounts/);
  });
});

describe('encodeBaskets: exactly sized buffer for arrays, growing buffer for other iterables', () => {
  it('gives the same encoding either way (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.constantFrom('x', 'y', ' z', 'y', 'w '), { maxLength: 7 }), { maxLength: 40 }), (baskets) => {
        const fromArrays = encodeBaskets(baskets);
        const fromIterables = encodeBaskets((function* () {
          for (const b of baskets) yield new Set(b);
        })());
        expect(fromIterables).toEqual(fromArrays);
        expect(fromArrays.codes.length).toBe(fromArrays.offsets[fromArrays.n]);
      }),
      { numRuns: 200, seed: 3 },
    );
  });
});
