import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBasketAccumulator, frequentItemsets, restoreBasketAccumulator, type BasketAccumulator, type BasketAccumulatorState } from '../../src/basket/index.js';
import { thrown } from '../crm-error.js';

const arbBaskets = fc.array(fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', '__proto__', 'toString'), { maxLength: 6 }), { minLength: 1, maxLength: 40 });

/** Split baskets into shards by the given cut points. */
function shards<T>(xs: T[], cuts: number[]): T[][] {
  const points = [...new Set(cuts.map((c) => Math.floor(c * xs.length)))].sort((a, b) => a - b);
  const out: T[][] = [];
  let start = 0;
  for (const p of [...points, xs.length]) {
    out.push(xs.slice(start, p));
    start = p;
  }
  return out;
}

/** Through JSON and back, as between workers. */
const wire = (acc: BasketAccumulator): BasketAccumulator => restoreBasketAccumulator(JSON.parse(JSON.stringify(acc.snapshot())) as BasketAccumulatorState);

describe('basket accumulator (issue 19 item 6)', () => {
  it('merged shards (any split, any merge order, through JSON) count items and pairs exactly as one pass', () => {
    fc.assert(
      fc.property(arbBaskets, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }), fc.boolean(), fc.integer({ min: 1, max: 4 }), (baskets, cuts, reverse, minCount) => {
        const one = createBasketAccumulator();
        for (const b of baskets) one.add(b);
        const parts = shards(baskets, cuts).map((part) => {
          const acc = createBasketAccumulator();
          for (const b of part) acc.add(b);
          return wire(acc);
        });
        if (reverse) parts.reverse();
        const merged = createBasketAccumulator();
        for (const p of parts) merged.merge(p);
        expect(merged.baskets).toBe(baskets.length);
        expect(merged.itemCounts()).toEqual(one.itemCounts());
        expect(merged.pairCounts()).toEqual(one.pairCounts());
        // brute-force recount
        const sets = baskets.map((b) => new Set<string>(b));
        for (const [item, count] of merged.itemCounts()) expect(count).toBe(sets.filter((s) => s.has(item)).length);
        for (const p of merged.pairCounts()) expect(p.count).toBe(sets.filter((s) => s.has(p.items[0]) && s.has(p.items[1])).length);
        // the path to frequentItemsets: items and pairs equal the miner's at maxLength 2, in its order
        expect(merged.frequentItemsets({ minCount, maxLength: 2 })).toEqual(frequentItemsets(baskets, { minCount, maxLength: 2 }));
      }),
      { numRuns: 200, seed: 61 },
    );
  });

  it('SON in two passes over shards gives exactly frequentItemsets of all baskets', () => {
    fc.assert(
      fc.property(arbBaskets, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }), fc.double({ min: 0.05, max: 0.6, noNaN: true }), (baskets, cuts, minSupport) => {
        const parts = shards(baskets, cuts).filter((p) => p.length > 0);
        // pass 1: each shard mines at the same relative support; the union is the candidate set
        const candidates = new Map<string, string[]>();
        for (const part of parts) for (const s of frequentItemsets(part, { minSupport })) candidates.set(s.items.join('\u0000'), s.items);
        // pass 2: each shard counts the candidates; the merged counts are exact
        const total = createBasketAccumulator({ itemsets: [...candidates.values()] });
        for (const part of parts) {
          const acc = createBasketAccumulator({ itemsets: [...candidates.values()] });
          for (const b of part) acc.add(b);
          total.merge(wire(acc));
        }
        expect(total.frequentItemsets({ minSupport })).toEqual(frequentItemsets(baskets, { minSupport }));
      }),
      { numRuns: 200, seed: 62 },
    );
  });

  it('maxPairs: a basket that would pass the budget is refused before it is counted', () => {
    const acc = createBasketAccumulator({ maxPairs: 10 });
    acc.add(['a', 'b', 'c', 'd', 'e']); // 10 pairs
    const before = acc.snapshot();
    const e = thrown(() => acc.add(['a', 'f']));
    expect([e.code, e.path]).toEqual(['BUDGET_EXCEEDED', ['options', 'maxPairs']]);
    expect(e.message).toContain('maxPairs');
    expect(acc.snapshot()).toEqual(before);
    acc.add(['a', 'b', 'c']); // only existing pairs: fine
    expect(acc.baskets).toBe(2);
    // a huge basket fails fast, not after 5e9 pair checks
    const big = Array.from({ length: 100_000 }, (_, i) => `i${i}`);
    expect(thrown(() => createBasketAccumulator().add(big)).code).toBe('BUDGET_EXCEEDED');
    const other = createBasketAccumulator();
    other.add(['x', 'y']);
    expect(thrown(() => acc.merge(other)).path).toEqual(['options', 'maxPairs']);
  });

  it('restore checks the state structurally; options and merges are checked', () => {
    const acc = createBasketAccumulator({ itemsets: [['a', 'b', 'c']] });
    acc.add(['a', 'b', 'c']);
    acc.add(['a', 'b']);
    const good = acc.snapshot();
    expect(restoreBasketAccumulator(good).snapshot()).toEqual(good);
    const broken: [Record<string, unknown>, (string | number)[]][] = [
      [{ kind: 'rfm-accumulator' }, ['state', 'kind']],
      [{ version: 2 }, ['state', 'version']],
      [{ baskets: -1 }, ['state', 'baskets']],
      [{ items: ['a', 'a', 'c'] }, ['state', 'items', 1]],
      [{ itemCounts: [2, 2, 3] }, ['state', 'itemCounts', 2]],
      [{ pairs: [[0, 7, 1]] }, ['state', 'pairs', 0]],
      [{ pairs: [[0, 0, 1]] }, ['state', 'pairs', 0]],
      [{ pairs: [[0, 2, 2]] }, ['state', 'pairs', 0, 2]],
      [{ pairs: [[0, 1, 1], [1, 0, 1]] }, ['state', 'pairs', 1]],
      [{ itemsets: [[['a'], 5]] }, ['state', 'itemsets', 0, 1]],
      [{ maxPairs: 1 }, ['state', 'pairs']],
    ];
    for (const [patch, path] of broken) {
      const e = thrown(() => restoreBasketAccumulator({ ...good, ...patch } as BasketAccumulatorState));
      expect([e.code, e.path]).toEqual(['INVALID_MODEL', path]);
    }
    expect(thrown(() => createBasketAccumulator().merge(acc)).path).toEqual(['other', 'itemsets']);
    expect(thrown(() => createBasketAccumulator({ maxPair: 3 } as never)).message).toContain('maxPairs');
    expect(thrown(() => acc.add(['a', null as unknown as string])).path).toEqual(['basket', 1]);
    expect(thrown(() => acc.frequentItemsets({})).path).toEqual(['options', 'minSupport']);
    // numbers are labels like ids
    const num = createBasketAccumulator();
    num.add([1, '1', 2]);
    expect(num.itemCounts()).toEqual(new Map([['1', 1], ['2', 1]]));
  });
});
