/**
 * Connections to the engines .ci/engines.sh started (CRM_PG_URL, CRM_CH_URL, CRM_CH_URL2,
 * CRM_CH_CLUSTER) and loaders that put one case's rows into each of them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, ClickHouseLogLevel, type ClickHouseClient } from '@clickhouse/client';
import pg from 'pg';
import type { CaseColumns, CaseRow, DateStorage } from './cases.js';

function env(name: string): string {
  const v = process.env[name];
  if (v === undefined || v === '') throw new Error(`${name} is not set: run the engine tests with npm run test:engines (.ci/test-engines.sh starts the servers)`);
  return v;
}

export const PG_URL = (): string => env('CRM_PG_URL');
export const CH_URLS = (): [string, string] => [env('CRM_CH_URL'), env('CRM_CH_URL2')];
export const CH_CLUSTER = (): string => env('CRM_CH_CLUSTER');

export function pgPool(url = PG_URL()): pg.Pool {
  return new pg.Pool({ connectionString: url, max: 4 });
}

export function chClient(url: string, settings: Record<string, string> = {}): ClickHouseClient {
  return createClient({ url, log: { level: ClickHouseLogLevel.OFF }, request_timeout: 60_000, clickhouse_settings: settings });
}

const q = (name: string): string => `"${name}"`;
const bq = (name: string): string => `\`${name}\``;

/** Load rows into PostgreSQL table `table` (dropped first). */
export async function loadPostgres(pool: pg.Pool, table: string, columns: CaseColumns, rows: CaseRow[], dates: DateStorage, amountType: string): Promise<void> {
  const dateType = dates === 'text' ? 'text' : dates === 'date' ? 'date' : 'timestamptz';
  await pool.query(`DROP TABLE IF EXISTS ${q(table)}`);
  await pool.query(
    `CREATE TABLE ${q(table)} (${q(columns.customerId)} text, ${q(columns.date)} ${dateType}, ${q(columns.amount)} ${amountType}, ${q(columns.orderId)} text)`,
  );
  for (let start = 0; start < rows.length; start += 500) {
    const chunk = rows.slice(start, start + 500);
    const values: unknown[] = [];
    const tuples = chunk.map((r, i) => {
      values.push(r.customerId, r.date, r.amount, r.orderId ?? null);
      return `($${4 * i + 1}, $${4 * i + 2}, $${4 * i + 3}, $${4 * i + 4})`;
    });
    await pool.query(`INSERT INTO ${q(table)} VALUES ${tuples.join(', ')}`, values);
  }
}

/** Load basket rows into PostgreSQL. */
export async function loadPostgresBaskets(pool: pg.Pool, table: string, rows: { basket: string | null; item: string | null }[]): Promise<void> {
  await pool.query(`DROP TABLE IF EXISTS ${q(table)}`);
  await pool.query(`CREATE TABLE ${q(table)} (basket text, item text)`);
  for (let start = 0; start < rows.length; start += 1000) {
    const chunk = rows.slice(start, start + 1000);
    const values: unknown[] = [];
    const tuples = chunk.map((r, i) => {
      values.push(r.basket, r.item);
      return `($${2 * i + 1}, $${2 * i + 2})`;
    });
    await pool.query(`INSERT INTO ${q(table)} VALUES ${tuples.join(', ')}`, values);
  }
}

/** FNV-1a of the trimmed id: which shard a customer lives on (one customer, one shard). */
export function shardOf(id: string | null): 0 | 1 {
  const s = (id ?? '').trim();
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h % 2) as 0 | 1;
}

async function chExec(client: ClickHouseClient, query: string): Promise<void> {
  await client.command({ query });
}

/**
 * Create `<table>_local` (MergeTree) on both shards and `<table>` (Distributed over them) on the
 * first, and insert each row on the shard of its customer.
 */
export async function loadClickHouse(
  shards: [ClickHouseClient, ClickHouseClient],
  table: string,
  columnsSql: string,
  rows: Record<string, unknown>[],
  shardKey: (row: Record<string, unknown>) => 0 | 1,
): Promise<void> {
  const local = `${table}_local`;
  await chExec(shards[0], `DROP TABLE IF EXISTS ${bq(table)}`);
  for (const s of shards) {
    await chExec(s, `DROP TABLE IF EXISTS ${bq(local)}`);
    await chExec(s, `CREATE TABLE ${bq(local)} (${columnsSql}) ENGINE = MergeTree ORDER BY tuple()`);
  }
  await chExec(shards[0], `CREATE TABLE ${bq(table)} AS ${bq(local)} ENGINE = Distributed(${CH_CLUSTER()}, default, '${local}')`);
  for (const k of [0, 1] as const) {
    const part = rows.filter((r) => shardKey(r) === k);
    if (part.length > 0) await (shards[k] as ClickHouseClient).insert({ table: bq(local), values: part, format: 'JSONEachRow' });
  }
}

export function chTransactionColumns(columns: CaseColumns, dates: DateStorage): string {
  const dateType = dates === 'text' ? 'Nullable(String)' : dates === 'date' ? 'Date' : 'DateTime';
  return `${bq(columns.customerId)} Nullable(String), ${bq(columns.date)} ${dateType}, ${bq(columns.amount)} Nullable(Float64), ${bq(columns.orderId)} Nullable(String)`;
}

export function chTransactionRows(columns: CaseColumns, rows: CaseRow[], dates: DateStorage): Record<string, unknown>[] {
  return rows.map((r) => ({
    [columns.customerId]: r.customerId,
    // DateTime takes epoch seconds (ClickHouse 18 parses no zone offsets in JSON input).
    [columns.date]: dates === 'text' ? r.date : dates === 'date' ? r.date.slice(0, 10) : Math.floor(Date.parse(r.date) / 1000),
    [columns.amount]: r.amount,
    [columns.orderId]: r.orderId ?? null,
  }));
}

/** Write rows as a CSV (every field quoted, NULL as an empty unquoted field). */
export function writeCsv(dir: string, name: string, header: string[], rows: (string | number | null | undefined)[][]): string {
  mkdirSync(dir, { recursive: true });
  const field = (v: string | number | null | undefined): string => (v === null || v === undefined ? '' : `"${String(v).replace(/"/g, '""')}"`);
  const text = [header.map(field).join(','), ...rows.map((r) => r.map(field).join(','))].join('\n') + '\n';
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}
