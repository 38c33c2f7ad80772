/**
 * Line items to baskets: group transaction rows (one row per order line, with `item`) by
 * order or by customer.
 */
import { prepareTransactions, readOneOf, readOptions, type Transaction, type TransactionTable, invalidInput } from '../core/index.js';

/** Options of {@link basketsFromTransactions}. */
export interface BasketsFromTransactionsOptions {
  /** Group by `'orderId'` (default: one basket per order) or `'customerId'` (one per customer). */
  by?: 'orderId' | 'customerId';
}

/** Baskets with the id of each (order id or customer id). */
export interface GroupedBaskets {
  /** Basket ids: order ids in first-seen order, or customer ids sorted. */
  ids: string[];
  /** Distinct items of each basket, in first-seen order. */
  baskets: string[][];
}

/**
 * Group line-item rows into baskets. Every row needs an `item` (and an `orderId` when grouping
 * by order); rows are validated like everywhere else (`prepareTransactions`).
 *
 * @example
 * ```ts
 * import { basketsFromTransactions, frequentItemsets } from 'crm-analytics/basket';
 * const { ids, baskets } = basketsFromTransactions([
 *   { customerId: 'c1', orderId: 'o1', date: '2024-01-02', amount: 3, item: 'milk' },
 *   { customerId: 'c1', orderId: 'o1', date: '2024-01-02', amount: 2, item: 'bread' },
 *   { customerId: 'c2', orderId: 'o2', date: '2024-01-03', amount: 3, item: 'milk' },
 * ], { by: 'orderId' });
 * // ids: ['o1', 'o2'], baskets: [['milk', 'bread'], ['milk']]
 * frequentItemsets(baskets, { minSupport: 0.5 });
 * ```
 */
export function basketsFromTransactions(
  rows: readonly Transaction[] | TransactionTable,
  options: BasketsFromTransactionsOptions = {},
): GroupedBaskets {
  const opts = readOptions(options, ['by']);
  const by = readOneOf(opts.by, ['options', 'by'], ['orderId', 'customerId'] as const, 'orderId');
  const table = prepareTransactions(rows);
  const { item, items } = table;
  if (table.length > 0 && (item === undefined || items === undefined)) {
    invalidInput([0, 'item'], 'rows need an item to form baskets', 'an item id', undefined);
  }
  let group: Int32Array;
  let ids: string[];
  if (by === 'orderId') {
    if (table.length > 0 && (table.order === undefined || table.orderIds === undefined)) {
      invalidInput([0, 'orderId'], 'rows need an orderId to group by order', 'an order id', undefined);
    }
    group = table.order ?? new Int32Array(0);
    ids = [...(table.orderIds ?? [])];
  } else {
    group = table.customer;
    ids = [...table.customerIds];
  }
  const sets: Set<string>[] = ids.map(() => new Set<string>());
  for (let i = 0; i < table.length; i++) {
    const g = group[i]!;
    if (g < 0) invalidInput([i, 'orderId'], 'row has no orderId', 'an order id', undefined);
    const it = (item as Int32Array)[i] as number;
    if (it < 0) invalidInput([i, 'item'], 'row has no item', 'an item id', undefined);
    (sets[g] as Set<string>).add((items as readonly string[])[it] as string);
  }
  return { ids, baskets: sets.map((s) => [...s]) };
}
