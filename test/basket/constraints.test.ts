/**
 * Issue 19 item 4: generators (checked against a brute-force oracle of Borgelt's definition) and
 * include / exclude / itemsOnly constraints applied during mining (the miner's visited-node count
 * equals the constrained output size); rule appearance constraints and consequent growth against
 * a brute-force rule enumerator.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { associationRules, encodeBaskets, frequentItemsets } from '../../src/basket/index.js';
import { mineFlat, parseMiningOptions } from '../../src/basket/itemsets.js';
import { thrown } from '../crm-error.js';

const ITEMS = ['a', 'b', 'c', 'd', 'e', 'f', '__proto__'] as const;
const arbBaskets = fc.array(fc.uniqueArray(fc.constantFrom(...ITEMS), { maxLength: 6 }), { minLength: 1, maxLength: 30 });
const arbSubset = fc.uniqueArray(fc.constantFrom(...ITEMS), { maxLength: 3 });

interface Counted {
  items: string[];
  count: number;
}

/** Every itemset over `universe` with its count (the empty set excluded), by brute force. */
function allItemsets(baskets: string[][], universe: readonly string[]): Counted[] {
  const sets = baskets.map((b) => new Set(b));
  const u = [...universe].sort();
  const out: Counted[] = [];
  for (let mask = 1; mask < 1 << u.length; mask++) {
    const items = u.filter((_, i) => mask & (1 << i));
    out.push({ items, count: sets.filter((s) => items.every((x) => s.has(x))).length });
  }
  return out;
}

const isProperSubset = (a: string[], b: string[]): boolean => a.length < b.length && a.every((x) => b.includes(x));
const key = (s: Counted): string => `${s.items.join(',')}:${s.count}`;

/**
 * The oracle: frequent itemsets over the allowed items that contain `include`, then the kind.
 * Generators compare with every proper subset, the empty set (count N) included — Borgelt's
 * definition checked literally, not the immediate-subset shortcut the library uses.
 */
function oracle(baskets: string[][], minCount: number, maxLength: number, kind: string, c: { include?: string[]; exclude?: string[]; itemsOnly?: string[] }): Counted[] {
  const universe = ITEMS.filter((x) => !(c.exclude ?? []).includes(x) && (c.itemsOnly === undefined || c.itemsOnly.includes(x)));
  const every = allItemsets(baskets, universe);
  const frequent = every.filter((s) => s.count >= minCount && s.items.length <= maxLength);
  const space = frequent.filter((s) => (c.include ?? []).every((x) => s.items.includes(x)));
  if (kind === 'all') return space;
  if (kind === 'closed') return space.filter((x) => !space.some((y) => isProperSubset(x.items, y.items) && y.count === x.count));
  if (kind === 'maximal') return space.filter((x) => !space.some((y) => isProperSubset(x.items, y.items)));
  // generators: no proper subset (∅ included) with the same count; subsets come from all itemsets
  return space.filter((x) => x.count !== baskets.length && !every.some((y) => isProperSubset(y.items, x.items) && y.count === x.count));
}

describe('generators', () => {
  it("Borgelt's definition on a hand example: an item in every basket is not a generator (∅ has its count)", () => {
    const baskets = [['a', 'b', 'c'], ['a', 'b'], ['a', 'c'], ['a']];
    // a: 4 = N (∅ ⊂ {a}); ab: 2 = count(b); ac: 2 = count(c); abc: 1 = count(bc)
    expect(frequentItemsets(baskets, { minCount: 1, kind: 'generators' }).map((s) => s.items.join(''))).toEqual(['b', 'c', 'bc']);
  });

  it('equal the brute-force oracle for random baskets, both miners, with exclude/itemsOnly', () => {
    fc.assert(
      fc.property(arbBaskets, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 7 }), arbSubset, fc.option(arbSubset, { nil: undefined }), (baskets, minCount, maxLength, exclude, itemsOnly) => {
        const want = oracle(baskets, minCount, maxLength, 'generators', { exclude, ...(itemsOnly === undefined ? {} : { itemsOnly }) });
        for (const algorithm of ['fpgrowth', 'eclat'] as const) {
          const got = frequentItemsets(baskets, { minCount, maxLength, algorithm, kind: 'generators', exclude, ...(itemsOnly === undefined ? {} : { itemsOnly }) });
          expect(got.map(key).sort()).toEqual(want.map(key).sort());
        }
      }),
      { numRuns: 200, seed: 19 },
    );
  });

  it('every closed itemset has a generator with the same count below it (the closure of a generator is closed)', () => {
    fc.assert(
      fc.property(arbBaskets, fc.integer({ min: 1, max: 3 }), (baskets, minCount) => {
        const closed = frequentItemsets(baskets, { minCount, kind: 'closed' });
        const gens = frequentItemsets(baskets, { minCount, kind: 'generators' });
        for (const c of closed) {
          if (c.count === baskets.length) continue; // its generator is ∅
          expect(gens.some((g) => g.count === c.count && g.items.every((x) => c.items.includes(x)))).toBe(true);
        }
      }),
      { numRuns: 100, seed: 20 },
    );
  });

  it('cannot be combined with include (the subsets without the included items are never visited)', () => {
    const e = thrown(() => frequentItemsets([['a', 'b']], { minCount: 1, kind: 'generators', include: ['a'] }));
    expect([e.code, e.path]).toEqual(['INVALID_OPTION', ['options', 'include']]);
  });
});

describe('item constraints during mining', () => {
  it('include / exclude / itemsOnly equal the oracle for every kind, and the miner visits only itemsets inside the constraint', () => {
    fc.assert(
      fc.property(
        arbBaskets,
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 7 }),
        fc.uniqueArray(fc.constantFrom(...ITEMS), { maxLength: 2 }),
        arbSubset,
        fc.option(fc.uniqueArray(fc.constantFrom(...ITEMS), { minLength: 1, maxLength: 6 }), { nil: undefined }),
        fc.constantFrom('fpgrowth', 'eclat'),
        (baskets, minCount, maxLength, include, exclude, itemsOnly, algorithm) => {
          const c = { include, exclude, ...(itemsOnly === undefined ? {} : { itemsOnly }) };
          for (const kind of ['all', 'closed', 'maximal'] as const) {
            const got = frequentItemsets(baskets, { minCount, maxLength, algorithm, kind, ...c });
            expect(got.map(key).sort()).toEqual(oracle(baskets, minCount, maxLength, kind, c).map(key).sort());
          }
          // visited nodes: every itemset the search emitted satisfies the constraint
          const mined = mineFlat(encodeBaskets(baskets), parseMiningOptions({ minCount, maxLength, algorithm, ...c }));
          expect(mined.visited).toBe(oracle(baskets, minCount, maxLength, 'all', c).length);
        },
      ),
      { numRuns: 200, seed: 21 },
    );
  });

  it('a selective include visits a small part of the unconstrained search', () => {
    // 200 baskets over 12 items; 'x' is in 10 of them
    const items = Array.from({ length: 12 }, (_, i) => `i${i}`);
    const baskets = Array.from({ length: 200 }, (_, t) => [...items.filter((_, i) => (t * (i + 5) + i) % 3 !== 0), ...(t % 20 === 0 ? ['x'] : [])]);
    const enc = encodeBaskets(baskets);
    const all = mineFlat(enc, parseMiningOptions({ minCount: 5 }));
    const withX = mineFlat(enc, parseMiningOptions({ minCount: 5, include: ['x'] }));
    const got = frequentItemsets(enc, { minCount: 5, include: ['x'] });
    expect(withX.visited).toBe(got.length);
    expect(got.every((s) => s.items.includes('x'))).toBe(true);
    expect(withX.visited).toBeLessThan(all.visited / 4);
    // the same itemsets as filtering the unconstrained result afterwards
    const filtered = frequentItemsets(enc, { minCount: 5 }).filter((s) => s.items.includes('x'));
    expect(got).toEqual(filtered);
  });

  it('an included item that is unknown or excluded gives no itemsets; labels may be numbers (toId)', () => {
    expect(frequentItemsets([['a', 'b']], { minCount: 1, include: ['z'] })).toEqual([]);
    expect(frequentItemsets([['a', 'b']], { minCount: 1, include: ['a'], exclude: ['a'] })).toEqual([]);
    expect(frequentItemsets([[1, 2], [1]], { minCount: 1, include: [1] }).map((s) => s.items)).toEqual([['1'], ['1', '2']]);
    expect(thrown(() => frequentItemsets([['a']], { minCount: 1, exclude: [null as unknown as string] })).path).toEqual(['options', 'exclude', 0]);
  });
});

/** Brute-force rules: every frequent X, every non-empty proper consequent, appearance lists checked literally. */
function bruteRules(baskets: string[][], minCount: number, minConfidence: number, ante: string[] | undefined, cons: string[] | undefined, any: boolean): string[] {
  const every = allItemsets(baskets, ITEMS);
  const countOf = new Map(every.map((s) => [s.items.join(','), s.count]));
  const out: string[] = [];
  for (const x of every) {
    if (x.count < minCount || x.items.length < 2) continue;
    const L = x.items.length;
    for (let mask = 1; mask < (1 << L) - 1; mask++) {
      const c = x.items.filter((_, i) => mask & (1 << i));
      const a = x.items.filter((_, i) => !(mask & (1 << i)));
      if (!any && c.length !== 1) continue;
      if (ante !== undefined && !a.every((i) => ante.includes(i))) continue;
      if (cons !== undefined && !c.every((i) => cons.includes(i))) continue;
      const conf = x.count / (countOf.get(a.join(',')) as number);
      if (conf < minConfidence) continue;
      out.push(`${a.join(',')}=>${c.join(',')}:${x.count}`);
    }
  }
  return out.sort();
}

describe('rules: consequent growth and appearance constraints', () => {
  it('equal a brute-force enumeration (consequentSize 1 and any, with target lists)', () => {
    fc.assert(
      fc.property(
        arbBaskets,
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom(0, 0.3, 0.5, 0.8, 1),
        fc.option(fc.uniqueArray(fc.constantFrom(...ITEMS), { maxLength: 6 }), { nil: undefined }),
        fc.option(fc.uniqueArray(fc.constantFrom(...ITEMS), { maxLength: 6 }), { nil: undefined }),
        fc.boolean(),
        (baskets, minCount, minConfidence, ante, cons, any) => {
          const minSupport = Math.min(1, minCount / baskets.length);
          const target = { ...(ante === undefined ? {} : { antecedent: ante }), ...(cons === undefined ? {} : { consequent: cons }) };
          const rules = associationRules(baskets, { minSupport, minConfidence, consequentSize: any ? 'any' : 1, target });
          const got = rules.map((r) => `${r.antecedent.join(',')}=>${r.consequent.join(',')}:${r.count}`).sort();
          expect(got).toEqual(bruteRules(baskets, Math.ceil(minSupport * baskets.length - 1e-9), minConfidence, ante, cons, any));
        },
      ),
      { numRuns: 300, seed: 22 },
    );
  });
});
