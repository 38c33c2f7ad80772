/**
 * The pushdown summaries on PostgreSQL through the `pg` driver (an optional peer dependency: this
 * module never imports it, it uses the pool or client you pass). The SQL is exactly what
 * `rfmSummarySql` / `btydSummarySql` / `basketCountsSql` emit with `dialect: 'postgres'`; it runs in
 * one read-only transaction with `TimeZone` set to UTC for that transaction only.
 */
import { invalidOption } from '../core/index.js';
import type { RfmSummary } from '../rfm/index.js';
import type { BtydSummaryRow, CalibrationHoldoutRow } from '../clv/index.js';
import {
  basketCountsOnEngine,
  summarizeOnEngine,
  type EngineAdapter,
  type EngineBasketOptions,
  type EngineBtydOptions,
  type EngineRfmOptions,
  type EngineSession,
} from './engine-summary.js';
import type { BasketCounts } from './basket-counts.js';

/** The part of a `pg` `Client` / `PoolClient` this module uses. */
export interface PostgresQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  on?(event: 'error', listener: (error: Error) => void): unknown;
  removeListener?(event: 'error', listener: (error: Error) => void): unknown;
}

/** The part of a `pg` `Pool` this module uses: a connection is checked out and released. */
export interface PostgresPool {
  connect(): Promise<PostgresQueryable & { release(destroy?: boolean | Error): void }>;
  totalCount: number;
}

/** A `pg.Pool` (recommended: a connection is checked out, and released — destroyed after a failure) or a connected `pg.Client` (used as is and left open: it is yours). */
export type PostgresClient = PostgresPool | PostgresQueryable;

/** Options of {@link summarizeWithPostgres} for the RFM summary. */
export type PostgresRfmOptions = EngineRfmOptions;
/** Options of {@link summarizeWithPostgres} for the BTYD summary. */
export type PostgresBtydOptions = EngineBtydOptions;
/** Options of {@link basketCountsWithPostgres}. */
export type PostgresBasketOptions = EngineBasketOptions;

function isPool(client: PostgresClient): client is PostgresPool {
  return typeof (client as PostgresPool).connect === 'function' && typeof (client as PostgresPool).totalCount === 'number';
}

function checkClient(client: unknown): PostgresClient {
  if (typeof client !== 'object' || client === null || typeof (client as PostgresQueryable).query !== 'function') {
    invalidOption(['client'], 'summarizeWithPostgres needs a pg Pool or a connected pg Client', 'new pg.Pool({ connectionString }) (npm install pg)', client);
  }
  return client as PostgresClient;
}

function splitTable(table: string): { schema: string | null; name: string } {
  const parts = table.split('.');
  return parts.length >= 2 ? { schema: parts[parts.length - 2] as string, name: parts[parts.length - 1] as string } : { schema: null, name: table };
}

/** @internal The PostgreSQL adapter of the shared engine runner. */
export function postgresAdapter(client: PostgresClient): EngineAdapter {
  return {
    engine: 'postgres',
    async open(): Promise<EngineSession> {
      let connection: PostgresQueryable;
      let release: ((destroy: boolean) => void) | undefined;
      if (isPool(client)) {
        const c = await client.connect();
        connection = c;
        release = (destroy) => c.release(destroy);
      } else connection = client;
      // A server that dies makes pg emit 'error' on the connection; without a listener that would crash
      // the process. The query in flight rejects anyway, which is what we report.
      const swallow = (): void => {};
      connection.on?.('error', swallow);
      let inTransaction = false;
      try {
        await connection.query('BEGIN READ ONLY');
        inTransaction = true;
        await connection.query("SET LOCAL TimeZone = 'UTC'");
      } catch (error) {
        connection.removeListener?.('error', swallow);
        release?.(true);
        throw error;
      }
      return {
        async query(sql, params) {
          return (await connection.query(sql, params)).rows;
        },
        async describe(table) {
          const { schema, name } = splitTable(table);
          const result = await connection.query(
            `SELECT column_name, data_type FROM information_schema.columns
WHERE table_name = $1 AND table_schema = COALESCE($2, current_schema())
ORDER BY ordinal_position`,
            [name, schema],
          );
          if (result.rows.length === 0) return undefined;
          return new Map(result.rows.map((r) => [String(r.column_name), String(r.data_type)]));
        },
        async close(failed) {
          try {
            if (inTransaction) await connection.query(failed ? 'ROLLBACK' : 'COMMIT');
          } catch {
            failed = true;
          } finally {
            connection.removeListener?.('error', swallow);
            release?.(failed);
          }
        },
      };
    },
    dateKind(type) {
      if (type === 'date') return 'date';
      if (type === 'timestamp without time zone') return 'timestamp';
      if (type === 'timestamp with time zone') return 'timestamptz';
      if (type === 'text' || type === 'character varying' || type === 'character') return 'text';
      return undefined;
    },
    isNumeric(type) {
      return ['smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision'].includes(type);
    },
    isIdType(type) {
      return ['smallint', 'integer', 'bigint', 'text', 'character varying', 'character', 'uuid'].includes(type);
    },
  };
}

/**
 * Summarise a PostgreSQL table in the database and return the same records as `rfm.summarize`
 * (default, `summary: 'rfm'`) or `clv.btydSummary` / `calibrationHoldoutSplit` (`summary: 'btyd'`).
 * Pass a `pg.Pool` (or a connected `pg.Client`); `pg` is an optional peer dependency, never
 * imported here. Ids are trimmed text (" c1" and "c1" are one customer, blank ids are missing);
 * the date column's type decides how its UTC day is taken (`date`, `timestamp`, `timestamptz` or
 * ISO text); monetary is a NUMERIC sum, equal to the JavaScript sum to the cent.
 *
 * Errors: `ENGINE_ERROR` naming the engine, table and column (no connection, missing table or
 * column, a failed query, a server gone mid-query — the connection is released, and destroyed, on
 * every path); `INVALID_INPUT` for a column of the wrong type, rows with a missing id, date or
 * amount (counted) and rows after `asOf` (unless `afterAsOf: 'exclude'`).
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { summarizeWithPostgres } from 'crm-analytics/io';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const summaries = await summarizeWithPostgres(pool, {
 *   table: 'sales.invoices',
 *   columns: { customerId: 'customer_id', date: 'invoice_date', amount: 'revenue', orderId: 'invoice' },
 *   asOf: '2010-12-09',
 * });
 * await pool.end();
 * ```
 */
export async function summarizeWithPostgres(client: PostgresClient, options: PostgresBtydOptions): Promise<BtydSummaryRow[] | CalibrationHoldoutRow[]>;
export async function summarizeWithPostgres(client: PostgresClient, options: PostgresRfmOptions): Promise<RfmSummary[]>;
export async function summarizeWithPostgres(
  client: PostgresClient,
  options: PostgresRfmOptions | PostgresBtydOptions,
): Promise<RfmSummary[] | BtydSummaryRow[] | CalibrationHoldoutRow[]> {
  return summarizeOnEngine(postgresAdapter(checkClient(client)), options);
}

/**
 * Frequent items and pairs of a (basket, item) table in PostgreSQL (Apriori passes 1 and 2), the
 * same result as `basketCountsWithDuckDB`.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { basketCountsWithPostgres } from 'crm-analytics/io';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const counts = await basketCountsWithPostgres(pool, { table: 'order_lines', columns: { basketId: 'order_id', item: 'sku' }, minSupport: 0.01 });
 * counts.items.length;
 * ```
 */
export async function basketCountsWithPostgres(client: PostgresClient, options: PostgresBasketOptions): Promise<BasketCounts> {
  return basketCountsOnEngine(postgresAdapter(checkClient(client)), options);
}
