// Public API of crm-analytics/io (Node-only). This file only re-exports.
export { readTransactionsCsv, streamTransactionsCsv, readTransactionsTable } from './transactions-csv.js';
export type {
  ColumnRef,
  CsvColumns,
  CsvRowError,
  CsvTransaction,
  ReadTransactionsCsvOptions,
  ReadTransactionsCsvResult,
  ReadTransactionsTableResult,
  TransactionField,
} from './transactions-csv.js';
export { parseStrictNumber, parseDateField } from './parse-values.js';
export type { DateFormat, DecimalSeparator } from './parse-values.js';
export type { FileSource } from './source.js';
export { readBasketsFile } from './baskets-file.js';
export type { ReadBasketsOptions } from './baskets-file.js';
