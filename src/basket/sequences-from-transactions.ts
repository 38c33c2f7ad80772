/**
 * Per-customer event sequences from transactions, the input of {@link sequentialPatterns}
 * (arulesSequences' `read_baskets` with sequenceID = customer and eventID = purchase): one event
 * per purchase day (default) or per order, holding the distinct items bought in it, in time order.
 */
import { invalidInput, invalidOption } from '../core/errors.js';
import { readOneOf, readOptions } from '../core/options.js';
import { prepareTransactions, type TransactionTable } from '../core/table.js';
import type { Transaction } from '../core/schemas.js';
import type { SequenceEvent } from './sequences.js';

/** Options of {@link sequencesFromTransactions}. */
export interface SequencesFromTransactionsOptions {
  /** What makes one event: a purchase `'day'` (default) or an `'orderId'` (timed by its first row). */
  by?: 'day' | 'orderId';
}

/** Sequences, one per customer with at least one item, and their customer ids (same order). */
export interface CustomerSequences {
  customerIds: string[];
  sequences: SequenceEvent[][];
}

/**
 * Build one event sequence per customer from transactions that carry items.
 *
 * @example
 * ```ts
 * const { customerIds, sequences } = sequencesFromTransactions([
 *   { customerId: 'a', date: '2024-01-01', amount: 1, item: 'tea' },
 *   { customerId: 'a', date: '2024-01-05', amount: 1, item: 'cups' },
 * ]);
 * sequences[0].map((e) => e.items); // [['tea'], ['cups']]
 * ```
 */
export function sequencesFromTransactions(transactions: readonly Transaction[] | TransactionTable, options: SequencesFromTransactionsOptions = {}): CustomerSequences {
  const o = readOptions(options, ['by']);
  const by = readOneOf(o.by, ['options', 'by'], ['day', 'orderId'] as const, 'day');
  const t = prepareTransactions(transactions);
  if (t.item === undefined || t.items === undefined) {
    invalidInput([0, 'item'], 'no row has an item: sequences need the items bought', 'an item on the rows');
  }
  if (by === 'orderId' && t.order === undefined) {
    invalidOption(['options', 'by'], 'by is "orderId" but no row has an orderId');
  }
  // Per customer: event key → { time, items }. Keys are whole days or order indices.
  const perCustomer = new Map<number, Map<number, { time: number; items: Set<string> }>>();
  for (let i = 0; i < t.length; i++) {
    const item = t.item[i]!;
    if (item < 0) continue;
    const day = Math.floor(t.day[i]!);
    // Orders keep their time of day, so two orders of one day stay in order.
    const time = by === 'day' ? day : t.day[i]!;
    const key = by === 'day' ? day : t.order![i]!;
    if (key < 0 && by === 'orderId') continue;
    const c = t.customer[i]!;
    let events = perCustomer.get(c);
    if (events === undefined) perCustomer.set(c, (events = new Map()));
    let e = events.get(key);
    if (e === undefined) events.set(key, (e = { time, items: new Set() }));
    else if (time < e.time) e.time = time;
    e.items.add(t.items[item]!);
  }
  const customers = [...perCustomer.keys()].sort((a, b) => a - b);
  return {
    customerIds: customers.map((c) => t.customerIds[c]!),
    sequences: customers.map((c) =>
      [...perCustomer.get(c)!.values()]
        .sort((a, b) => a.time - b.time)
        .map((e) => ({ time: e.time, items: [...e.items].sort() })),
    ),
  };
}
