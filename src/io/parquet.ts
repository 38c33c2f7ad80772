/**
 * Parquet input through DuckDB (`@duckdb/node-api`, an optional peer): a Parquet file is copied
 * to a CSV once, then read by the same CSV reader as every other file, so a Parquet file gives
 * exactly the rows (and errors) of the same data as CSV. Local paths only; extension autoloading
 * and installing are switched off, so nothing is downloaded.
 */
import { CrmError, invalidOption } from '../core/index.js';
import { quoteExcerpt } from './excerpt.js';
import { loadDuckDB, type DuckConnection, type DuckInstance } from './duckdb-peer.js';
import { sourcePath, type FileSource } from './source.js';

/** Is this path a Parquet file by its name? */
export function isParquetPath(file: string): boolean {
  return /\.parquet$/i.test(file);
}

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * Copy a local Parquet file to a CSV file (header row, `,` delimiter, ISO timestamps) with
 * DuckDB. Throws `MISSING_DEPENDENCY` when `@duckdb/node-api` is not installed, `INVALID_OPTION`
 * for URLs or globs, and `IO_ERROR` when DuckDB cannot read the file.
 *
 * @example
 * ```ts
 * import { parquetToCsv, readTransactionsCsv } from 'crm-analytics/io';
 * await parquetToCsv('orders.parquet', '/tmp/orders.csv');
 * const { rows } = await readTransactionsCsv('/tmp/orders.csv', { columns: { customerId: 'customer', date: 'day', amount: 'total' } });
 * ```
 */
export async function parquetToCsv(source: FileSource, target: string): Promise<void> {
  const file = sourcePath(source, ['source']);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file) || /[*?[]/.test(file)) {
    invalidOption(['source'], `only a local Parquet file can be read, not a URL or a glob: ${quoteExcerpt(file, 200)}`, 'a local file path');
  }
  const duck = await loadDuckDB('reading Parquet');
  let instance: DuckInstance | undefined;
  let connection: DuckConnection | undefined;
  try {
    instance = await duck.DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false', enable_external_access: 'true' });
    connection = await instance.connect();
    await connection.run(`SET TimeZone = 'UTC'`);
    await connection.run(
      `COPY (SELECT * FROM read_parquet(${sqlString(file)})) TO ${sqlString(target)} (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S', DATEFORMAT '%Y-%m-%d')`,
    );
  } catch (error) {
    if (error instanceof CrmError) throw error;
    throw new CrmError('IO_ERROR', `cannot read the Parquet file ${quoteExcerpt(file, 200)}: ${quoteExcerpt((error as Error).message, 200)}`, { path: ['source'], cause: error });
  } finally {
    connection?.closeSync();
    instance?.closeSync();
  }
}
