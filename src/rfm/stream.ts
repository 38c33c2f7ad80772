/**
 * `summarizeStream`: the RFM summary of an (async) iterable of rows or row batches, in memory
 * bounded by customers (see {@link createRfmAccumulator}), not by transactions.
 */
import { invalidInput, type Transaction } from '../core/index.js';
import { createRfmAccumulator } from './accumulator.js';
import type { RfmSummary, SummarizeOptions } from './options.js';

/** Anything `summarizeStream` can read: rows or arrays of rows (batches), sync or async. */
export type TransactionSource = AsyncIterable<Transaction | readonly Transaction[]> | Iterable<Transaction | readonly Transaction[]>;

/**
 * Summarise a stream of transactions (rows or batches of rows, e.g. parsed CSV chunks) without
 * holding it in memory. Equals `summarize` on the same rows; a bad row throws `CrmError` with
 * its position in the stream (`[rowIndex, field]`).
 *
 * @example
 * ```ts
 * import { summarizeStream } from 'crm-analytics/rfm';
 * async function* rows() {
 *   yield { customerId: 'a', date: '2024-01-01', amount: 3 };
 *   yield [{ customerId: 'b', date: '2024-01-02', amount: 4 }]; // a batch
 * }
 * const summaries = await summarizeStream(rows(), { asOf: '2024-01-31' });
 * ```
 */
export async function summarizeStream(source: TransactionSource, options: SummarizeOptions): Promise<RfmSummary[]> {
  const acc = createRfmAccumulator(options);
  const s = source as unknown as Record<symbol, unknown> | null;
  if (typeof s !== 'object' || s === null || (typeof s[Symbol.asyncIterator] !== 'function' && typeof s[Symbol.iterator] !== 'function')) {
    invalidInput([], 'source must be an iterable or async iterable of rows', 'an AsyncIterable or Iterable', source);
  }
  for await (const item of source as AsyncIterable<Transaction | readonly Transaction[]>) {
    if (Array.isArray(item)) for (const row of item as readonly Transaction[]) acc.add(row);
    else acc.add(item as Transaction);
  }
  return acc.result();
}
