// Public API of crm-analytics/io (Node-only). This file only re-exports.
export { readTransactionsCsv, streamTransactionsCsv, streamTransactionBatches, readTransactionsTable } from './transactions-csv.js';
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
export { rfmSummarySql, btydSummarySql } from './sql-summary.js';
export type { SqlColumns, RfmSummarySqlOptions, BtydSummarySqlOptions } from './sql-summary.js';
export type { SqlDialect, SqlDateKind, SqlQuery } from './sql-dialect.js';
export { summarizeWithDuckDB } from './duckdb.js';
export type { DuckDBSource, DuckDBRfmOptions, DuckDBBtydOptions, DuckDBEngineOptions } from './duckdb.js';
export { basketCountsSql } from './sql-basket.js';
export type { BasketCountsSql, BasketCountsSqlOptions } from './sql-basket.js';
export { basketCountsWithDuckDB } from './duckdb.js';
export type { BasketCounts, DuckDBBasketOptions } from './duckdb.js';
export { summarizeCsv } from './summarize-csv.js';
export type { SummarizeCsvOptions } from './summarize-csv.js';
export { parquetToCsv } from './parquet.js';
export { summarizeWithPostgres, basketCountsWithPostgres } from './postgres.js';
export type { PostgresClient, PostgresPool, PostgresQueryable, PostgresRfmOptions, PostgresBtydOptions, PostgresBasketOptions } from './postgres.js';
export { summarizeWithClickHouse, basketCountsWithClickHouse } from './clickhouse.js';
export type { ClickHouseClientLike, ClickHouseRfmOptions, ClickHouseBtydOptions, ClickHouseBasketOptions } from './clickhouse.js';
export type { EngineName, EngineRfmOptions, EngineBtydOptions, EngineBasketOptions } from './engine-summary.js';
export type { SummarySqlQuery } from './sql-summary.js';
