import { beforeAll, describe, expect, it } from 'vitest';
import { associationRules, encodeBaskets, frequentItemsets, topRules, type EncodedBaskets } from '../../src/basket/index.js';
import { groceries, parseSet, readCsv } from './load.js';

// Reference: R arules 1.7-10 (Borgelt's apriori/eclat), see test/fixtures/basket/README.md.
let enc: EncodedBaskets;
beforeAll(() => {
  enc = encodeBaskets(groceries());
});

describe('Groceries against arules', () => {
  it('encodes 9,835 baskets over 169 items (trailing blanks trimmed)', () => {
    expect(enc.n).toBe(9835);
    expect(enc.items.length).toBe(169);
    expect(enc.items).toContain('cream cheese');
    expect(enc.codes.length).toBe(43367);
  });

  it.each(['fpgrowth', 'eclat'] as const)('%s: every itemset at 0.01 equals the arules list (333)', (algorithm) => {
    const ref = readCsv('groceries_itemsets_s0.01.csv');
    const ours = frequentItemsets(enc, { minSupport: 0.01, algorithm });
    expect(ours.length).toBe(333);
    expect(ref.length).toBe(333);
    const byKey = new Map(ours.map((s) => [[...s.items].sort().join('|'), s]));
    for (const r of ref) {
      const s = byKey.get(parseSet(r.itemset as string).join('|'));
      expect(s, r.itemset).toBeDefined();
      expect(s!.count).toBe(Number(r.count));
      expect(Math.abs(s!.support - Number(r.support))).toBeLessThan(1e-12);
    }
  });

  it.each([
    [0.01, 333, 333, 243],
    [0.005, 1001, 1001, 708],
    [0.001, 13492, 13464, 7794],
  ])('at %f: %i frequent, %i closed, %i maximal (both algorithms)', (minSupport, all, closed, maximal) => {
    for (const algorithm of ['fpgrowth', 'eclat'] as const) {
      expect(frequentItemsets(enc, { minSupport, algorithm }).length).toBe(all);
      expect(frequentItemsets(enc, { minSupport, algorithm, kind: 'closed' }).length).toBe(closed);
      expect(frequentItemsets(enc, { minSupport, algorithm, kind: 'maximal' }).length).toBe(maximal);
    }
  });

  it('itemset sizes at 0.001 are 157/2981/6831/3137/376/10', () => {
    const sizes = new Map<number, number>();
    for (const s of frequentItemsets(enc, { minSupport: 0.001 })) sizes.set(s.items.length, (sizes.get(s.items.length) ?? 0) + 1);
    expect([...sizes].sort((a, b) => a[0] - b[0])).toEqual([
      [1, 157],
      [2, 2981],
      [3, 6831],
      [4, 3137],
      [5, 376],
      [6, 10],
    ]);
  });

  it('125 rules at (0.01, 0.3) with every measure equal to arules/mlxtend to 1e-9', () => {
    const ref = readCsv('groceries_rules_s0.01_c0.3.csv');
    const rules = associationRules(enc, { minSupport: 0.01, minConfidence: 0.3 });
    expect(rules.length).toBe(125);
    const byKey = new Map(rules.map((r) => [`${[...r.antecedent].sort().join('|')}=>${r.consequent.join('|')}`, r]));
    const columns: [string, keyof (typeof rules)[number]][] = [
      ['support', 'support'],
      ['confidence', 'confidence'],
      ['coverage', 'coverage'],
      ['lift', 'lift'],
      ['count', 'count'],
      ['leverage', 'leverage'],
      ['conviction', 'conviction'],
      ['jaccard', 'jaccard'],
      ['certainty', 'certainty'],
      ['kulczynski', 'kulczynski'],
      ['cosine', 'cosine'],
      ['addedValue', 'addedValue'],
      ['imbalance', 'imbalance'],
      ['oddsRatio', 'oddsRatio'],
      ['phi', 'phi'],
      ['maxconfidence', 'maxConfidence'],
      ['rhsSupport', 'consequentSupport'],
      ['zhangs_metric', 'zhangsMetric'],
    ];
    let checked = 0;
    for (const row of ref) {
      const key = `${parseSet(row.lhs as string).join('|')}=>${parseSet(row.rhs as string).join('|')}`;
      const r = byKey.get(key);
      expect(r, key).toBeDefined();
      for (const [col, field] of columns) {
        const want = Number(row[col]);
        const got = r![field] as number;
        expect(Math.abs(got - want), `${key} ${col}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
        checked++;
      }
    }
    expect(checked).toBe(125 * 18);
  });

  it('top rule by lift at (0.01, 0.3) is {citrus fruit, other vegetables} ⇒ {root vegetables}, lift 3.2951', () => {
    const [top] = topRules(associationRules(enc, { minSupport: 0.01, minConfidence: 0.3 }), { by: 'lift', k: 1 });
    expect(top!.antecedent).toEqual(['citrus fruit', 'other vegetables']);
    expect(top!.consequent).toEqual(['root vegetables']);
    // arules prints 3.295045 (the 3.2951 is that figure rounded up)
    expect(Math.abs(top!.lift - 3.2951)).toBeLessThan(1e-4);
    expect(Math.abs(top!.lift - 3.2950454593231)).toBeLessThan(1e-12);
    expect(top!.count).toBe(102);
  });

  it.each([
    [0.001, 0.5, 5668, 5829],
    [0.001, 0.8, 410, 413],
    [0.01, 0.5, 15, 15],
    [0.005, 0.5, 120, 120],
  ])('rules at (%f, %f): %i with single consequents (arules), %i with any (mlxtend)', (minSupport, minConfidence, single, any) => {
    expect(associationRules(enc, { minSupport, minConfidence }).length).toBe(single);
    expect(associationRules(enc, { minSupport, minConfidence, consequentSize: 'any' }).length).toBe(any);
  });

  it('rule sizes at (0.001, 0.5) are 2:11, 3:1461, 4:3211, 5:939, 6:46 and the top rule by lift matches arules', () => {
    const rules = associationRules(enc, { minSupport: 0.001, minConfidence: 0.5 });
    const sizes = new Map<number, number>();
    for (const r of rules) {
      const k = r.antecedent.length + r.consequent.length;
      sizes.set(k, (sizes.get(k) ?? 0) + 1);
    }
    expect([...sizes].sort((a, b) => a[0] - b[0])).toEqual([
      [2, 11],
      [3, 1461],
      [4, 3211],
      [5, 939],
      [6, 46],
    ]);
    const top = rules[0]!;
    expect(top.antecedent).toEqual(['Instant food products', 'soda']);
    expect(top.consequent).toEqual(['hamburger meat']);
    expect(top.count).toBe(12);
    expect(top.lift).toBeCloseTo(18.9957, 4);
  });

  it('Eclat-mined rules equal FP-growth-mined rules', () => {
    expect(associationRules(enc, { minSupport: 0.005, minConfidence: 0.3, algorithm: 'eclat' })).toEqual(
      associationRules(enc, { minSupport: 0.005, minConfidence: 0.3 }),
    );
  });

  it('464/463 rules at (0.006, 0.25): no empty-antecedent rules (arules minlen = 2)', () => {
    expect(associationRules(enc, { minSupport: 0.006, minConfidence: 0.25 }).length).toBe(463);
  });

  it('rules from frequentItemsets output equal rules from baskets', () => {
    const sets = frequentItemsets(enc, { minSupport: 0.001 });
    const a = associationRules(sets, { minConfidence: 0.5 });
    const b = associationRules(enc, { minSupport: 0.001, minConfidence: 0.5 });
    expect(a).toEqual(b);
  });
});
