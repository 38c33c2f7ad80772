import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  associationRules,
  basketsFromTransactions,
  decodeBaskets,
  encodeBaskets,
  frequentItemsets,
  pruneRedundant,
  recommend,
  ruleMeasures,
  topRules,
  type Rule,
} from '../../src/basket/index.js';
import { thrown as catchError } from '../crm-error.js';


/** Brute force: count every subset of the item universe. */
function bruteForce(baskets: string[][], minCount: number, maxLength: number) {
  const universe = [...new Set(baskets.flat())].sort();
  const sets = baskets.map((b) => new Set(b));
  const out: { items: string[]; count: number }[] = [];
  for (let mask = 1; mask < 1 << universe.length; mask++) {
    const items = universe.filter((_, i) => mask & (1 << i));
    if (items.length > maxLength) continue;
    const count = sets.filter((s) => items.every((x) => s.has(x))).length;
    if (count >= minCount) out.push({ items, count });
  }
  const isSuper = (a: string[], b: string[]) => a.length > b.length && b.every((x) => a.includes(x));
  const closed = out.filter((x) => !out.some((y) => isSuper(y.items, x.items) && y.count === x.count));
  const maximal = out.filter((x) => !out.some((y) => isSuper(y.items, x.items)));
  return { all: out, closed, maximal };
}

const key = (s: { items: string[]; count: number }) => `${s.items.join(',')}:${s.count}`;

// mlxtend user guide fixture (association_rules.ipynb): apriori(min_support=0.6) → 11 itemsets,
// association_rules(metric="confidence", min_threshold=0.7) → 12 rules.
const MLXTEND = [
  ['Milk', 'Onion', 'Nutmeg', 'Kidney Beans', 'Eggs', 'Yogurt'],
  ['Dill', 'Onion', 'Nutmeg', 'Kidney Beans', 'Eggs', 'Yogurt'],
  ['Milk', 'Apple', 'Kidney Beans', 'Eggs'],
  ['Milk', 'Unicorn', 'Corn', 'Kidney Beans', 'Yogurt'],
  ['Corn', 'Onion', 'Onion', 'Kidney Beans', 'Ice cream', 'Eggs'],
];

describe('encodeBaskets', () => {
  it('trims, removes duplicates, sorts the dictionary and keeps empty baskets in N', () => {
    const enc = encodeBaskets([['b', 'a ', 'a'], [], [' c', 'b']]);
    expect(enc.items).toEqual(['a', 'b', 'c']);
    expect(enc.n).toBe(3);
    expect(Array.from(enc.offsets)).toEqual([0, 2, 2, 4]);
    expect(Array.from(enc.itemCounts)).toEqual([1, 2, 1]);
    expect(decodeBaskets(enc)).toEqual([['a', 'b'], [], ['b', 'c']]);
  });

  it('keeps labels as given with trim: false', () => {
    expect(encodeBaskets([['a ', 'a']], { trim: false }).items).toEqual(['a', 'a ']);
  });

  it('rejects "" (after trimming) unless allowed, with the basket and item path', () => {
    const e = catchError(() => encodeBaskets([['a'], ['b', '  ']]));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.path).toEqual([1, 1]);
    expect(encodeBaskets([['', 'a']], { allowEmptyItems: true }).items).toEqual(['', 'a']);
  });

  it('rejects non-string items and non-iterable baskets with their path', () => {
    const e1 = catchError(() => encodeBaskets([['a'], ['b', null as unknown as string]]));
    expect([e1.code, e1.path]).toEqual(['INVALID_INPUT', [1, 1]]);
    expect(catchError(() => encodeBaskets([['a', Number.NaN]])).path).toEqual([0, 1]);
    // numbers are labels the way ids are (core toId): 3 and '3' are one item
    expect(encodeBaskets([['3', 3], [3]]).items).toEqual(['3']);
    expect(Array.from(encodeBaskets([['3', 3], [3]]).itemCounts)).toEqual([2]);
    const e2 = catchError(() => encodeBaskets([['a'], 'ab' as unknown as string[]]));
    expect(e2.path).toEqual([1]);
    const e3 = catchError(() => encodeBaskets(null as unknown as string[][]));
    expect(e3.code).toBe('INVALID_INPUT');
    const e4 = catchError(() => encodeBaskets([['a']], { trim: 'yes' as unknown as boolean }));
    expect([e4.code, e4.path]).toEqual(['INVALID_OPTION', ['options', 'trim']]);
  });

  it('handles "__proto__" and other prototype names as ordinary items', () => {
    const baskets = [['__proto__', 'constructor'], ['__proto__'], ['toString', '__proto__']];
    const sets = frequentItemsets(baskets, { minSupport: 0.5 });
    expect(sets).toEqual([{ items: ['__proto__'], count: 3, support: 1 }]);
    const rules = associationRules([...baskets, ['constructor', '__proto__']], { minSupport: 0.5, minConfidence: 0.5 });
    expect(rules.map((r) => `${r.antecedent}=>${r.consequent}`)).toEqual(['constructor=>__proto__', '__proto__=>constructor']);
  });

  it('accepts any iterables (Sets, generators)', () => {
    function* gen() {
      yield new Set(['x', 'y']);
      yield ['x'];
    }
    expect(frequentItemsets(gen(), { minSupport: 1 })).toEqual([{ items: ['x'], count: 2, support: 1 }]);
  });
});

describe('frequentItemsets', () => {
  it('duplicates inside a basket do not inflate support (node-fpgrowth does)', () => {
    expect(frequentItemsets([['a', 'a'], ['b'], ['c']], { minSupport: 0.5 })).toEqual([]);
    expect(frequentItemsets([['a', 'a'], ['b'], ['c']], { minCount: 1 }).find((s) => s.items[0] === 'a')?.count).toBe(1);
  });

  it('uses count >= ceil(minSupport·N), robust to floating-point noise', () => {
    const baskets = Array.from({ length: 100 }, (_, i) => (i < 7 ? ['a'] : ['b']));
    // 0.07 * 100 = 7.000000000000001 in binary floating point: still 7
    expect(frequentItemsets(baskets, { minSupport: 0.07 }).map((s) => s.items[0])).toEqual(['b', 'a']);
    expect(frequentItemsets(baskets, { minSupport: 0.071 }).map((s) => s.items[0])).toEqual(['b']);
    // empty baskets count in N
    expect(frequentItemsets([['a'], [], [], []], { minSupport: 0.5 })).toEqual([]);
    expect(frequentItemsets([['a'], ['a'], [], []], { minSupport: 0.5 })).toEqual([{ items: ['a'], count: 2, support: 0.5 }]);
  });

  it('the mlxtend user-guide fixture gives its 11 itemsets at 0.6', () => {
    const sets = frequentItemsets(MLXTEND, { minSupport: 0.6 });
    expect(sets.length).toBe(11);
    expect(sets[0]).toEqual({ items: ['Kidney Beans'], count: 5, support: 1 });
    expect(sets.find((s) => s.items.join() === 'Eggs,Kidney Beans,Onion')?.support).toBe(0.6);
  });

  it('minCount and maxLength', () => {
    const sets = frequentItemsets(MLXTEND, { minCount: 3, maxLength: 2 });
    expect(sets.length).toBe(10);
    expect(Math.max(...sets.map((s) => s.items.length))).toBe(2);
    // the larger of the two thresholds wins
    expect(frequentItemsets(MLXTEND, { minSupport: 0.2, minCount: 3 }).length).toBe(11);
  });

  it('matches brute force for random baskets, both algorithms, all kinds (property)', () => {
    const basketsArb = fc.array(fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', '__proto__'), { maxLength: 7 }), {
      minLength: 1,
      maxLength: 40,
    });
    fc.assert(
      fc.property(basketsArb, fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 8 }), (baskets, minCount, maxLength) => {
        const want = bruteForce(baskets, minCount, maxLength);
        for (const algorithm of ['fpgrowth', 'eclat'] as const) {
          for (const kind of ['all', 'closed', 'maximal'] as const) {
            const got = frequentItemsets(baskets, { minCount, maxLength, algorithm, kind });
            expect(got.map(key).sort()).toEqual(want[kind].map(key).sort());
            for (const s of got) expect(s.support).toBe(s.count / baskets.length);
          }
        }
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it('uses bitsets for dense data and still matches brute force', () => {
    // every basket holds most items: mean tid-list longer than N/32 words → bitset Eclat
    const items = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const baskets = Array.from({ length: 300 }, (_, t) => items.filter((_, i) => (t * (i + 3)) % 7 !== 0 || i === t % 8));
    const want = bruteForce(baskets, 60, 8);
    for (const kind of ['all', 'closed', 'maximal'] as const) {
      expect(frequentItemsets(baskets, { minCount: 60, algorithm: 'eclat', kind }).map(key).sort()).toEqual(want[kind].map(key).sort());
      expect(frequentItemsets(baskets, { minCount: 60, algorithm: 'fpgrowth', kind }).map(key).sort()).toEqual(want[kind].map(key).sort());
    }
  });

  it('single-path trees enumerate every combination (one long repeated basket)', () => {
    const basket = Array.from({ length: 12 }, (_, i) => `i${i}`);
    const sets = frequentItemsets([basket, basket, ['i0']], { minCount: 2 });
    expect(sets.length).toBe(2 ** 12 - 1);
    expect(frequentItemsets([basket, basket], { minCount: 2, maxLength: 2 }).length).toBe(12 + 66);
  });

  it('validates options with the option path', () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ minSupport: 0 }, 'minSupport'],
      [{ minSupport: 1.5 }, 'minSupport'],
      [{ minSupport: Number.NaN }, 'minSupport'],
      [{}, 'minSupport'],
      [{ minSupport: 0.1, maxLength: 0 }, 'maxLength'],
      [{ minSupport: 0.1, maxLength: 1.5 }, 'maxLength'],
      [{ minSupport: 0.1, algorithm: 'apriori' }, 'algorithm'],
      [{ minSupport: 0.1, kind: 'generator' }, 'kind'],
      [{ minSupport: 0.1, maxOutputItems: 0 }, 'maxOutputItems'],
      [{ minSupport: 0.1, include: 'a' }, 'include'],
      [{ minSupport: 0.1, maxItemsets: 0 }, 'maxItemsets'],
      [{ minCount: 0 }, 'minCount'],
      [{ minSupport: 0.1, minsupport: 0.2 }, 'minsupport'],
    ];
    for (const [options, name] of bad) {
      const e = catchError(() => frequentItemsets([['a']], options as never));
      expect(e.code).toBe('INVALID_OPTION');
      expect(e.path).toEqual(['options', name]);
    }
    expect(frequentItemsets([['a']], { minSupport: 1 })).toEqual([{ items: ['a'], count: 1, support: 1 }]);
  });

  it('maxItemsets stops the miner with TOO_MANY_ITEMSETS and the count reached (both algorithms)', () => {
    const basket = Array.from({ length: 20 }, (_, i) => `i${i}`);
    for (const algorithm of ['fpgrowth', 'eclat'] as const) {
      const e = catchError(() => frequentItemsets([basket, basket], { minCount: 2, maxItemsets: 1000, algorithm }));
      expect(e.code).toBe('TOO_MANY_ITEMSETS');
      expect(e.data?.count).toBe(1001);
    }
  });

  it('does not mutate its input', () => {
    const baskets = [['b', 'a'], ['a']];
    const copy = JSON.parse(JSON.stringify(baskets));
    frequentItemsets(baskets, { minSupport: 0.5 });
    associationRules(baskets, { minSupport: 0.5, minConfidence: 0 });
    expect(baskets).toEqual(copy);
  });
});

describe('associationRules', () => {
  it('mlxtend fixture: 12 rules (any consequent) with mlxtend’s published values', () => {
    const rules = associationRules(MLXTEND, { minSupport: 0.6, minConfidence: 0.7, consequentSize: 'any' });
    expect(rules.length).toBe(12);
    const find = (a: string, c: string) => rules.find((r) => r.antecedent.join() === a && r.consequent.join() === c)!;
    const oe = find('Onion', 'Eggs');
    expect(oe.support).toBeCloseTo(0.6, 12);
    expect(oe.confidence).toBe(1);
    expect(oe.lift).toBeCloseTo(1.25, 12);
    expect(oe.leverage).toBeCloseTo(0.12, 12);
    expect(oe.conviction).toBe(Number.POSITIVE_INFINITY);
    expect(oe.zhangsMetric).toBeCloseTo(0.5, 12);
    expect(oe.jaccard).toBeCloseTo(0.75, 12);
    expect(oe.certainty).toBeCloseTo(1, 12);
    expect(oe.kulczynski).toBeCloseTo(0.875, 12);
    const eo = find('Eggs', 'Onion');
    expect(eo.confidence).toBeCloseTo(0.75, 12);
    expect(eo.conviction).toBeCloseTo(1.6, 12);
    expect(eo.zhangsMetric).toBeCloseTo(1, 12);
    expect(eo.certainty).toBeCloseTo(0.375, 12);
    const ek = find('Eggs', 'Kidney Beans');
    expect(ek.conviction).toBe(Number.POSITIVE_INFINITY);
    expect(ek.certainty).toBe(0);
    // with single consequents the 2-item-consequent rules disappear
    const single = associationRules(MLXTEND, { minSupport: 0.6, minConfidence: 0.7 });
    expect(single.every((r) => r.consequent.length === 1)).toBe(true);
    expect(single.length).toBe(rules.filter((r) => r.consequent.length === 1).length);
  });

  it('no measure is NaN, and only conviction/oddsRatio may be +Infinity (property)', () => {
    const basketsArb = fc.array(fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 5 }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(basketsArb, (baskets) => {
        for (const r of associationRules(baskets, { minSupport: 0.05, minConfidence: 0, consequentSize: 'any' })) {
          for (const [k, v] of Object.entries(r)) {
            if (Array.isArray(v)) continue;
            expect(Number.isNaN(v), k).toBe(false);
            if (!Number.isFinite(v)) expect(['conviction', 'oddsRatio']).toContain(k);
          }
          expect(r.confidence).toBeGreaterThanOrEqual(0);
          expect(r.confidence).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 100, seed: 3 },
    );
  });

  it('ruleMeasures edge cases: C in every basket, confidence 1', () => {
    const m = ruleMeasures(4, 4, 5, 5);
    expect(m.conviction).toBe(Number.POSITIVE_INFINITY);
    expect(m.certainty).toBe(0);
    expect(m.phi).toBe(0);
    expect(m.oddsRatio).toBe(1);
    const m2 = ruleMeasures(3, 3, 3, 10);
    expect(m2.oddsRatio).toBe(Number.POSITIVE_INFINITY);
    expect(m2.lift).toBeCloseTo(10 / 3, 12);
  });

  it('minLift, maxLength and target restrict rules', () => {
    const all = associationRules(MLXTEND, { minSupport: 0.4, minConfidence: 0.5, consequentSize: 'any' });
    const lifted = associationRules(MLXTEND, { minSupport: 0.4, minConfidence: 0.5, consequentSize: 'any', minLift: 1.1 });
    expect(lifted.length).toBeGreaterThan(0);
    expect(lifted).toEqual(all.filter((r) => r.lift >= 1.1));
    const short = associationRules(MLXTEND, { minSupport: 0.4, minConfidence: 0.5, consequentSize: 'any', maxLength: 2 });
    expect(short).toEqual(all.filter((r) => r.antecedent.length + r.consequent.length <= 2));
    const target = { antecedent: ['Onion', 'Eggs'], consequent: ['Kidney Beans', 'Yogurt'] };
    const restricted = associationRules(MLXTEND, { minSupport: 0.4, minConfidence: 0.5, consequentSize: 'any', target });
    expect(restricted.length).toBeGreaterThan(0);
    expect(restricted).toEqual(
      all.filter((r) => r.antecedent.every((x) => target.antecedent.includes(x)) && r.consequent.every((x) => target.consequent.includes(x))),
    );
    const onlyCons = associationRules(MLXTEND, { minSupport: 0.4, minConfidence: 0.5, target: { consequent: ['Eggs'] } });
    expect(onlyCons.length).toBeGreaterThan(0);
    expect(onlyCons.every((r) => r.consequent.join() === 'Eggs')).toBe(true);
  });

  it('validates options and itemset input', () => {
    const bad: [Record<string, unknown>, (string | number)[]][] = [
      [{ minSupport: 0.5, minConfidence: 1.1 }, ['options', 'minConfidence']],
      [{ minSupport: 0.5, minConfidence: -0.1 }, ['options', 'minConfidence']],
      [{ minSupport: 0, minConfidence: 0.5 }, ['options', 'minSupport']],
      [{ minConfidence: 0.5 }, ['options', 'minSupport']],
      [{ minSupport: 0.5, maxLength: 0 }, ['options', 'maxLength']],
      [{ minSupport: 0.5, consequentSize: 2 }, ['options', 'consequentSize']],
      [{ minSupport: 0.5, minLift: -1 }, ['options', 'minLift']],
      [{ minSupport: 0.5, target: { consequent: [null] } }, ['options', 'target', 'consequent', 0]],
      [{ minSupport: 0.5, maxRules: 0 }, ['options', 'maxRules']],
      [{ minSupport: 0.5, minConfidnce: 0.5 }, ['options', 'minConfidnce']],
      [{ minSupport: 0.5, target: { lhs: ['a'] } }, ['options', 'target', 'lhs']],
    ];
    for (const [options, path] of bad) {
      const e = catchError(() => associationRules(MLXTEND, options as never));
      expect(e.code).toBe('INVALID_OPTION');
      expect(e.path).toEqual(path);
    }
    const sets = frequentItemsets(MLXTEND, { minSupport: 0.6 });
    const e = catchError(() => associationRules(sets.filter((s) => s.items.length !== 1), { minConfidence: 0.5 }));
    expect(e.code).toBe('INVALID_INPUT');
    const e2 = catchError(() => associationRules([{ items: ['a'], count: 1, support: 0.5 }, { items: ['b'], count: 1, support: 0.25 }], {}));
    expect(e2.path).toEqual([1, 'support']);
  });

  it('maximal itemsets are rejected as rule input (missing subsets), unlike mlxtend’s KeyError', () => {
    const maximal = frequentItemsets(MLXTEND, { minSupport: 0.6, kind: 'maximal' });
    expect(catchError(() => associationRules(maximal, { minConfidence: 0.5 })).code).toBe('INVALID_INPUT');
  });
});

describe('pruneRedundant, topRules, recommend', () => {
  const mk = (antecedent: string[], consequent: string[], confidence: number, lift = 1): Rule =>
    ({ ...ruleMeasures(1, 2, 2, 4), antecedent, consequent, confidence, lift }) as Rule;

  it('pruneRedundant drops a rule when a more general rule in the set is at least as confident (arules is.redundant)', () => {
    const rules = [mk(['a'], ['c'], 0.5), mk(['a', 'b'], ['c'], 0.5), mk(['a', 'd'], ['c'], 0.6), mk(['a', 'b', 'd'], ['c'], 0.55), mk(['b', 'a'], ['e'], 0.1)];
    expect(pruneRedundant(rules).map((r) => `${r.antecedent}=>${r.consequent}`)).toEqual(['a=>c', 'a,d=>c', 'b,a=>e']);
    expect(pruneRedundant([])).toEqual([]);
    expect(catchError(() => pruneRedundant([{ antecedent: 'a' } as unknown as Rule])).path).toEqual([0, 'antecedent']);
  });

  it('pruneRedundant keeps only rules that improve on every more general rule', () => {
    const baskets = MLXTEND;
    const rules = associationRules(baskets, { minSupport: 0.2, minConfidence: 0.2 });
    const kept = pruneRedundant(rules);
    expect(kept.length).toBeLessThan(rules.length);
    for (const r of kept) {
      for (const g of rules) {
        const general = g.consequent.join() === r.consequent.join() && g.antecedent.length < r.antecedent.length && g.antecedent.every((x) => r.antecedent.includes(x));
        if (general) expect(g.confidence).toBeLessThan(r.confidence);
      }
    }
  });

  it('topRules sorts by a measure, stable on ties, and validates', () => {
    const rules = [mk(['a'], ['b'], 0.5, 2), mk(['c'], ['d'], 0.9, 3), mk(['e'], ['f'], 0.7, 2)];
    expect(topRules(rules, { by: 'lift', k: 2 }).map((r) => r.antecedent[0])).toEqual(['c', 'a']);
    expect(topRules(rules, { by: 'confidence' }).map((r) => r.antecedent[0])).toEqual(['c', 'e', 'a']);
    expect(catchError(() => topRules(rules, { by: 'nope' as never })).path).toEqual(['options', 'by']);
    expect(catchError(() => topRules(rules, { k: -1 })).path).toEqual(['options', 'k']);
  });

  it('recommend scores items by their best firing rule and skips items already in the basket', () => {
    const rules = [mk(['a'], ['x'], 0.4), mk(['a', 'b'], ['x'], 0.8), mk(['b'], ['y'], 0.6), mk(['z'], ['w'], 0.99), mk(['a'], ['b'], 0.9)];
    const recs = recommend(['a', 'b'], rules, { k: 5 });
    expect(recs.map((r) => [r.item, r.score, r.rules.length])).toEqual([
      ['x', 0.8, 2],
      ['y', 0.6, 1],
    ]);
    expect(recs[0]!.rules[0]!.confidence).toBe(0.8);
    expect(recommend(['a', 'b'], rules, { k: 1 }).length).toBe(1);
    expect(catchError(() => recommend(['a', null as unknown as string], rules)).path).toEqual(['basket', 1]);
  });
});

describe('basketsFromTransactions', () => {
  const rows = [
    { customerId: 'c1', orderId: 'o1', date: '2024-01-02', amount: 3, item: 'milk' },
    { customerId: 'c1', orderId: 'o1', date: '2024-01-02', amount: 2, item: 'bread' },
    { customerId: 'c1', orderId: 'o1', date: '2024-01-02', amount: 2, item: 'milk' },
    { customerId: 'c2', orderId: 'o2', date: '2024-01-03', amount: 3, item: '__proto__' },
    { customerId: 'c1', orderId: 'o3', date: '2024-01-05', amount: 3, item: 'eggs' },
  ];
  it('groups line items by order (default) or customer, without duplicates', () => {
    expect(basketsFromTransactions(rows)).toEqual({ ids: ['o1', 'o2', 'o3'], baskets: [['milk', 'bread'], ['__proto__'], ['eggs']] });
    expect(basketsFromTransactions(rows, { by: 'customerId' })).toEqual({ ids: ['c1', 'c2'], baskets: [['milk', 'bread', 'eggs'], ['__proto__']] });
  });
  it('reports rows without an item or order', () => {
    const noItem = rows.map(({ item: _item, ...r }, i) => (i === 1 ? r : { ...r, item: 'x' }));
    expect(catchError(() => basketsFromTransactions(noItem)).path).toEqual([1, 'item']);
    const noOrder = rows.map(({ orderId: _o, ...r }, i) => (i === 2 ? r : { ...r, orderId: 'o' }));
    expect(catchError(() => basketsFromTransactions(noOrder)).path).toEqual([2, 'orderId']);
    expect(catchError(() => basketsFromTransactions(rows, { by: 'day' as never })).path).toEqual(['options', 'by']);
  });
});

describe('encodeBaskets trimming', () => {
  it('trims ASCII and Unicode white space at either end only', () => {
    const enc = encodeBaskets([['\u3000tea', 'tea\u00a0', '\tmilk\n', 'a b', 'ünï ']]);
    expect(enc.items).toEqual(['a b', 'milk', 'tea', 'ünï']);
  });
});
