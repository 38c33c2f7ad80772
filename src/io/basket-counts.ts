/**
 * The frequent items and pairs every engine returns (`basketCountsWithDuckDB`, `…WithPostgres`,
 * `…WithClickHouse`): the result type, and its assembly from the rows of the item and pair
 * queries of `buildBasketSql`.
 */
import { compareIds } from '../rfm/options.js';

/** Result of `basketCountsWithDuckDB` (and the PostgreSQL and ClickHouse variants). */
export interface BasketCounts {
  /** Number of baskets. */
  baskets: number;
  /** The minimum count applied. */
  minCount: number;
  /** Frequent items, by count descending then item. */
  items: { item: string; count: number; support: number }[];
  /** Frequent pairs (items in JavaScript string order), by count descending then items. */
  pairs: { items: [string, string]; count: number; support: number }[];
}

/**
 * @internal The counts from the engine's rows: `itemRows` with `item` and `count`, `pairRows` with
 * `item_a`, `item_b` and `count` (`count` reads the engine's count values: bigint, text or
 * number); supports are count / `baskets`, each pair's items in JavaScript string order, items
 * and pairs sorted by count descending, then ids.
 *
 * @example
 * ```ts
 * const c = basketCountsOf(4, 2, [{ item: 'milk', count: 3 }], [{ item_a: 'milk', item_b: 'bread', count: 2 }], Number);
 * c.pairs[0]; // { items: ['bread', 'milk'], count: 2, support: 0.5 }
 * ```
 */
export function basketCountsOf(
  baskets: number,
  minCount: number,
  itemRows: readonly Record<string, unknown>[],
  pairRows: readonly Record<string, unknown>[],
  count: (value: unknown) => number,
): BasketCounts {
  const n = baskets;
  const items = itemRows.map((r) => ({ item: String(r.item), count: count(r.count), support: count(r.count) / n }));
  const pairs = pairRows.map((r) => {
    const a = String(r.item_a);
    const b = String(r.item_b);
    const pair: [string, string] = compareIds(a, b) <= 0 ? [a, b] : [b, a];
    return { items: pair, count: count(r.count), support: count(r.count) / n };
  });
  items.sort((x, y) => y.count - x.count || compareIds(x.item, y.item));
  pairs.sort((x, y) => y.count - x.count || compareIds(x.items[0], y.items[0]) || compareIds(x.items[1], y.items[1]));
  return { baskets: n, minCount, items, pairs };
}
