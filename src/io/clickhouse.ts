/**
 * The pushdown summaries on ClickHouse through the official `@clickhouse/client` (HTTP; an optional
 * peer dependency: this module never imports it, it uses the client you pass). The SQL is exactly
 * what `rfmSummarySql` / `btydSummarySql` / `basketCountsSql` emit with `dialect: 'clickhouse'`; on a
 * `Distributed` table every shard aggregates its customers and the initiator merges.
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

/** The part of `@clickhouse/client`'s `ClickHouseClient` this module uses. */
export interface ClickHouseClientLike {
  query(params: { query: string; format: 'JSONEachRow'; abort_signal?: AbortSignal }): Promise<{ json(): Promise<unknown> }>;
}

/** Options of {@link summarizeWithClickHouse} for the RFM summary. */
export type ClickHouseRfmOptions = EngineRfmOptions;
/** Options of {@link summarizeWithClickHouse} for the BTYD summary. */
export type ClickHouseBtydOptions = EngineBtydOptions;
/** Options of {@link basketCountsWithClickHouse}. */
export type ClickHouseBasketOptions = EngineBasketOptions;

function checkClient(client: unknown): ClickHouseClientLike {
  if (typeof client !== 'object' || client === null || typeof (client as ClickHouseClientLike).query !== 'function') {
    invalidOption(['client'], 'summarizeWithClickHouse needs a @clickhouse/client client', "createClient({ url }) from '@clickhouse/client' (npm install @clickhouse/client)", client);
  }
  return client as ClickHouseClientLike;
}

const UNKNOWN_TABLE = /\bCode: 60\b|UNKNOWN_TABLE|doesn't exist/;

function unwrap(type: string): string {
  const m = /^(?:Nullable|LowCardinality)\((.*)\)$/.exec(type);
  return m === null ? type : unwrap(m[1] as string);
}

/** @internal The ClickHouse adapter of the shared engine runner. */
export function clickhouseAdapter(client: ClickHouseClientLike): EngineAdapter {
  return {
    engine: 'clickhouse',
    async open(): Promise<EngineSession> {
      // HTTP: each query is one request whose response is read to the end (json()); an abort
      // controller cancels whatever is in flight when the runner gives up, so no socket is left open.
      const controller = new AbortController();
      const query = async (sql: string): Promise<Record<string, unknown>[]> => {
        const result = await client.query({ query: sql, format: 'JSONEachRow', abort_signal: controller.signal });
        return (await result.json()) as Record<string, unknown>[];
      };
      return {
        // The dialect inlines its values as literals (ClickHouse 18 has no server-side parameters).
        query: async (sql) => query(sql),
        async describe(table) {
          const quoted = table
            .split('.')
            .map((p) => `\`${p}\``)
            .join('.');
          try {
            const rows = await query(`DESCRIBE TABLE ${quoted}`);
            return new Map(rows.map((r) => [String(r.name), String(r.type)]));
          } catch (error) {
            const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
            if (code === '60' || UNKNOWN_TABLE.test(error instanceof Error ? error.message : String(error))) return undefined;
            throw error;
          }
        },
        async close(failed) {
          if (failed) controller.abort();
        },
      };
    },
    dateKind(type) {
      const t = unwrap(type);
      if (t === 'Date') return 'date';
      if (/^DateTime(\(.*\))?$/.test(t)) return 'timestamptz';
      if (t === 'String' || /^FixedString\(\d+\)$/.test(t)) return 'text';
      return undefined;
    },
    isNumeric(type) {
      return /^(U?Int(8|16|32|64)|Float(32|64)|Decimal(32|64|128)?\(.*\))$/.test(unwrap(type));
    },
    isIdType(type) {
      return /^(U?Int(8|16|32|64)|String|FixedString\(\d+\)|UUID)$/.test(unwrap(type));
    },
  };
}

/**
 * Summarise a ClickHouse table (a MergeTree table, or a `Distributed` table over shards) in the
 * database and return the same records as `rfm.summarize` (default) or `clv.btydSummary` /
 * `calibrationHoldoutSplit` (`summary: 'btyd'`). Pass a client from `@clickhouse/client` (an
 * optional peer dependency, never imported here). Ids are trimmed text; `Date` columns are days,
 * `DateTime` columns instants (their UTC day), `String` columns ISO text; monetary is a Decimal128
 * sum (10 decimals), equal to the JavaScript sum to the cent. Works with ClickHouse 18.16 and later.
 *
 * Errors: `ENGINE_ERROR` naming the engine, table and column (server unreachable, missing table or
 * column, a failed query, a server gone mid-query — the request in flight is aborted on every
 * path); `INVALID_INPUT` for a column of the wrong type, rows with a missing id, date or amount
 * and rows after `asOf` (unless `afterAsOf: 'exclude'`).
 *
 * @example
 * ```ts
 * import { createClient } from '@clickhouse/client';
 * import { summarizeWithClickHouse } from 'crm-analytics/io';
 * const client = createClient({ url: 'http://localhost:8123' });
 * const summaries = await summarizeWithClickHouse(client, {
 *   table: 'sales.invoices_all',
 *   columns: { customerId: 'customer_id', date: 'invoice_date', amount: 'revenue', orderId: 'invoice' },
 *   asOf: '2010-12-09',
 * });
 * await client.close();
 * ```
 */
export async function summarizeWithClickHouse(client: ClickHouseClientLike, options: ClickHouseBtydOptions): Promise<BtydSummaryRow[] | CalibrationHoldoutRow[]>;
export async function summarizeWithClickHouse(client: ClickHouseClientLike, options: ClickHouseRfmOptions): Promise<RfmSummary[]>;
export async function summarizeWithClickHouse(
  client: ClickHouseClientLike,
  options: ClickHouseRfmOptions | ClickHouseBtydOptions,
): Promise<RfmSummary[] | BtydSummaryRow[] | CalibrationHoldoutRow[]> {
  return summarizeOnEngine(clickhouseAdapter(checkClient(client)), options);
}

/**
 * Frequent items and pairs of a (basket, item) table in ClickHouse (Apriori passes 1 and 2), the
 * same result as `basketCountsWithDuckDB`.
 *
 * @example
 * ```ts
 * import { createClient } from '@clickhouse/client';
 * import { basketCountsWithClickHouse } from 'crm-analytics/io';
 * const client = createClient({ url: 'http://localhost:8123' });
 * const counts = await basketCountsWithClickHouse(client, { table: 'order_lines', columns: { basketId: 'order_id', item: 'sku' }, minCount: 50 });
 * counts.pairs.length;
 * ```
 */
export async function basketCountsWithClickHouse(client: ClickHouseClientLike, options: ClickHouseBasketOptions): Promise<BasketCounts> {
  return basketCountsOnEngine(clickhouseAdapter(checkClient(client)), options);
}
