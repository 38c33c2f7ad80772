// associationRules' order (lift, confidence, count descending, then the item key
// `a1\0a2\u0001c1` in code-unit order) is the same whether the tie-break compares item-code tokens
// (labels without U+0000/U+0001) or the key strings (the fallback): checked against an independent
// sort of the same rules by the documented comparator, with labels chosen to tie a lot and to be
// prefixes of one another.
import { describe, expect, it } from 'vitest';
import { associationRules, type Rule } from '../../src/basket/index.js';
import { createRandom } from '../../src/core/index.js';

function reference(rules: readonly Rule[]): Rule[] {
  const key = (r: Rule) => `${r.antecedent.join('\u0000')}\u0001${r.consequent.join('\u0000')}`;
  return [...rules].sort((x, y) => {
    if (x.lift !== y.lift) return y.lift - x.lift;
    if (x.confidence !== y.confidence) return y.confidence - x.confidence;
    if (x.count !== y.count) return y.count - x.count;
    const kx = key(x);
    const ky = key(y);
    return kx < ky ? -1 : kx > ky ? 1 : 0;
  });
}

function baskets(labels: readonly string[], seed: number): string[][] {
  const rnd = createRandom(seed);
  return Array.from({ length: 60 }, () => labels.filter(() => rnd.next() < 0.45));
}

describe('rule order', () => {
  const plain = ['a', 'ab', 'a b', 'abc', 'b', 'ba', 'é', 'Z', '~'];
  const control = ['a', 'a\u0000', 'a\u0001b', 'ab', 'b', 'b\u0000a'];
  for (const [name, labels] of [['token tie-break', plain], ['string fallback (labels with U+0000/U+0001)', control]] as const) {
    it(`${name}: equals the reference sort, consequentSize 1 and 'any'`, () => {
      for (const seed of [1, 2, 3]) {
        for (const consequentSize of [1, 'any'] as const) {
          const rules = associationRules(baskets(labels, seed), { minSupport: 0.05, minConfidence: 0.2, consequentSize });
          expect(rules.length).toBeGreaterThan(20);
          const ties = rules.filter((r, i) => i > 0 && r.lift === rules[i - 1]!.lift && r.confidence === rules[i - 1]!.confidence && r.count === rules[i - 1]!.count).length;
          expect(ties).toBeGreaterThan(0);
          expect(rules).toEqual(reference(rules));
        }
      }
    });
  }
});
