/**
 * The first and last day of a transaction table (the observation window the CLI checks and the
 * report's as-of date and data profile start from).
 */
import type { TransactionTable } from './table.js';

/**
 * @internal The smallest and largest `day` of the table's rows (`Infinity` / `-Infinity` for an
 * empty table).
 *
 * @example
 * ```ts
 * dayRange(prepareTransactions([{ customerId: 'a', date: '2024-01-03', amount: 1 }, { customerId: 'b', date: '2024-01-01', amount: 1 }])); // { min: 19723, max: 19725 }
 * ```
 */
export function dayRange(table: TransactionTable): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  const day = table.day;
  for (let i = 0; i < table.length; i++) {
    const d = day[i]!;
    if (d < min) min = d;
    if (d > max) max = d;
  }
  return { min, max };
}
