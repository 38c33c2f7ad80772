/**
 * SQL pushdown of the first two passes of Apriori (Agrawal & Srikant 1994): per-item and per-pair
 * basket counts above a minimum count. In a warehouse this shrinks long (basket, item) tables to
 * the frequent items and pairs before any mining happens in JavaScript.
 */
import { invalidOption } from '../core/index.js';
import { Params, checkDialect, checkIdentifier, dialect, type Dialect, type SqlDialect, type SqlQuery } from './sql-dialect.js';
import type { RelationBuilder } from './sql-summary.js';

/** Options of {@link basketCountsSql}. */
export interface BasketCountsSqlOptions {
  /** Table of (basket, item) rows, one row per item occurrence (duplicates are counted once per basket). */
  table: string;
  columns: { basketId: string; item: string };
  /** Keep items and pairs in at least this many baskets (a parameter). */
  minCount: number;
  dialect?: SqlDialect;
}

/** The three queries: basket total, frequent items, frequent pairs. */
export interface BasketCountsSql {
  /** `SELECT baskets` (number of distinct non-null baskets). */
  baskets: SqlQuery;
  /** `item, count` for items in ≥ minCount baskets, by count descending. */
  items: SqlQuery;
  /** `item_a, item_b, count` (item_a < item_b in the engine's order) for pairs of frequent items in ≥ minCount baskets. */
  pairs: SqlQuery;
}

/** @internal */
export function buildBasketSql(options: unknown, relation?: RelationBuilder): BasketCountsSql {
  if (typeof options !== 'object' || options === null) {
    invalidOption(['options'], 'options are required', '{ table, columns, minCount }', options);
  }
  const o = options as Record<string, unknown>;
  const d = dialect(checkDialect(o.dialect, ['options', 'dialect']));
  const cols = o.columns as Record<string, unknown> | undefined;
  if (typeof cols !== 'object' || cols === null) {
    invalidOption(['options', 'columns'], 'columns are required', '{ basketId, item }', cols);
  }
  const basket = d.id(checkIdentifier(cols.basketId, ['options', 'columns', 'basketId']));
  const item = d.id(checkIdentifier(cols.item, ['options', 'columns', 'item']));
  const minCount = o.minCount;
  if (typeof minCount !== 'number' || !Number.isInteger(minCount) || minCount < 1) {
    invalidOption(['options', 'minCount'], 'minCount must be a positive whole count', 'an integer ≥ 1', minCount);
  }
  const make = (body: (from: string, p: Params, d: Dialect) => string): SqlQuery => {
    const p = new Params();
    const from = relation === undefined ? d.table(o.table as string, ['options', 'table']) : relation(d, p);
    return p.finish(body(from, p, d), d.name);
  };
  // Basket ids and items are trimmed and blanks are missing, as in the basket file reader.
  const distinctBody = (from: string) => `SELECT DISTINCT basket_id, item FROM (
    SELECT ${d.trimmedId(basket)} AS basket_id, ${d.trimmedId(item)} AS item FROM ${from}
  ) raw
  WHERE basket_id IS NOT NULL AND item IS NOT NULL`;
  const distinct = (from: string) => `b AS (\n  ${distinctBody(from)}\n)`;
  const baskets = make(
    (from) => `SELECT COUNT(DISTINCT basket_id) AS baskets FROM (
  SELECT ${d.trimmedId(basket)} AS basket_id, ${d.trimmedId(item)} AS item FROM ${from}
) raw
WHERE item IS NOT NULL`,
  );
  if (d.name === 'clickhouse') {
    // ClickHouse 18: no CTEs and only equi-joins with USING; the frequent items filter is an IN.
    const frequent = (from: string, min: string) => `SELECT basket_id, item FROM (${distinctBody(from)}) AS b
    WHERE item IN (SELECT item FROM (${distinctBody(from)}) AS b2 GROUP BY item HAVING COUNT(*) >= ${min})`;
    return {
      baskets,
      items: make(
        (from, p) => `SELECT item, COUNT(*) AS ${d.id('count')}
FROM (${distinctBody(from)}) AS b
GROUP BY item
HAVING COUNT(*) >= ${p.add(minCount)}
ORDER BY 2 DESC, item`,
      ),
      pairs: make((from, p) => {
        const min = p.add(minCount);
        return `SELECT item_a, item_b, COUNT(*) AS ${d.id('count')}
FROM (SELECT basket_id, item AS item_a FROM (${frequent(from, min)}))
ALL INNER JOIN (SELECT basket_id, item AS item_b FROM (${frequent(from, min)})) USING basket_id
WHERE item_a < item_b
GROUP BY item_a, item_b
HAVING COUNT(*) >= ${min}
ORDER BY 3 DESC, item_a, item_b`;
      }),
    };
  }
  return {
    baskets,
    items: make(
      (from, p) => `WITH ${distinct(from)}
SELECT item, COUNT(*) AS ${d.id('count')}
FROM b
GROUP BY item
HAVING COUNT(*) >= ${p.add(minCount)}
ORDER BY 2 DESC, item`,
    ),
    pairs: make((from, p) => {
      const min = p.add(minCount);
      return `WITH ${distinct(from)},
f AS (SELECT item FROM b GROUP BY item HAVING COUNT(*) >= ${min}),
fb AS (SELECT b.basket_id, b.item FROM b JOIN f ON b.item = f.item)
SELECT x.item AS item_a, y.item AS item_b, COUNT(*) AS ${d.id('count')}
FROM fb x JOIN fb y ON x.basket_id = y.basket_id AND x.item < y.item
GROUP BY x.item, y.item
HAVING COUNT(*) >= ${min}
ORDER BY 3 DESC, item_a, item_b`;
    }),
  };
}

/**
 * SQL for basket pre-filtering: the number of baskets, the items in at least `minCount` baskets
 * and the pairs of such items in at least `minCount` baskets (Apriori's first two passes).
 *
 * @example
 * ```ts
 * import { basketCountsSql } from 'crm-analytics/io';
 * const q = basketCountsSql({ table: 'order_lines', columns: { basketId: 'order_id', item: 'sku' }, minCount: 50 });
 * // q.items.sql, q.items.params; q.pairs.sql, q.pairs.params
 * ```
 */
export function basketCountsSql(options: BasketCountsSqlOptions): BasketCountsSql {
  return buildBasketSql(options);
}
