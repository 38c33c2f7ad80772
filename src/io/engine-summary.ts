/**
 * The shared runner behind `summarizeWithPostgres` and `summarizeWithClickHouse` (and the basket
 * counts on those engines): validate the options, check that the table and columns exist and have
 * usable types, run the builders' `checks` query (missing values, rows after asOf), then the very
 * SQL text `rfmSummarySql` / `btydSummarySql` / `basketCountsSql` emit for that dialect, and map the
 * rows to the records of `rfm.summarize` / `clv.btydSummary`. A new engine is one adapter.
 *
 * Every engine failure becomes `CrmError` `ENGINE_ERROR` naming the engine, the table and (when
 * known) the column; the adapter's `close` runs on every path.
 */
import { readBasketThresholds } from './basket-thresholds.js';
import { AFTER_AS_OF, CrmError, dayToIsoDate, readOneOf, readOptions, tryDayNumber, type CrmErrorPath } from '../core/index.js';
import { compareIds, makeSummary } from '../rfm/options.js';
import type { RfmSummary } from '../rfm/index.js';
import type { BtydSummaryRow, CalibrationHoldoutRow } from '../clv/index.js';
import { minCountFor } from '../basket/itemsets.js';
import { checkIdentifier, type SqlDateKind, type SqlDialect } from './sql-dialect.js';
import { buildBtydSql, buildRfmSql, type BtydSummarySqlOptions, type RfmSummarySqlOptions, type SqlColumns } from './sql-summary.js';
import { buildBasketSql } from './sql-basket.js';
import { basketCountsOf, type BasketCounts } from './basket-counts.js';

/** The engines run through this module. */
export type EngineName = 'postgres' | 'clickhouse';

/** Options of the RFM summary on an engine (`summary` omitted or `'rfm'`). */
export type EngineRfmOptions = Omit<RfmSummarySqlOptions, 'dialect' | 'dateKind'> & { summary?: 'rfm'; dateKind?: SqlDateKind };
/** Options of the BTYD summary on an engine. */
export type EngineBtydOptions = Omit<BtydSummarySqlOptions, 'dialect' | 'dateKind'> & { summary: 'btyd'; dateKind?: SqlDateKind };

/** Options of the basket counts on an engine. */
export interface EngineBasketOptions {
  /** Table of (basket, item) rows, optionally schema-qualified. */
  table: string;
  columns: { basketId: string; item: string };
  /** Minimum support as a share of baskets (count = ⌈minSupport·n⌉, as in `basket.frequentItemsets`). */
  minSupport?: number;
  /** Minimum basket count (the larger of the two applies). */
  minCount?: number;
}

/** @internal What an engine adapter does; one per driver. */
export interface EngineSession {
  /** Run one query; rows as plain objects. */
  query(sql: string, params: (string | number)[]): Promise<Record<string, unknown>[]>;
  /** Column name → type name of a table, or `undefined` when there is no such table. */
  describe(table: string): Promise<Map<string, string> | undefined>;
  /** Release the connection (destroying it after a failure). Runs on every path. */
  close(failed: boolean): Promise<void>;
}

/** @internal An engine: its name, how it opens a session and what its column types mean. */
export interface EngineAdapter {
  engine: EngineName;
  open(): Promise<EngineSession>;
  /** The date kind of a column type, or undefined when the type holds no dates. */
  dateKind(type: string): SqlDateKind | undefined;
  isNumeric(type: string): boolean;
  isIdType(type: string): boolean;
}

const ENGINE_TITLE: Record<EngineName, string> = { postgres: 'PostgreSQL', clickhouse: 'ClickHouse' };

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').slice(0, 300);
}

/** @internal Wrap an engine failure: `ENGINE_ERROR` with the engine, table and column named. */
export function engineError(engine: EngineName, table: string, error: unknown, column?: string, what = 'query failed'): CrmError {
  if (error instanceof CrmError) return error;
  const where = `table ${JSON.stringify(table)}${column === undefined ? '' : `, column ${JSON.stringify(column)}`}`;
  return new CrmError('ENGINE_ERROR', `${ENGINE_TITLE[engine]}: ${what} (${where}): ${firstLine(error)}`, {
    path: column === undefined ? ['options', 'table'] : ['options', 'columns'],
    data: { engine, table, ...(column === undefined ? {} : { column }) },
    cause: error,
  });
}

/** Run `body` in a session that is closed on every path. */
async function withSession<T>(adapter: EngineAdapter, table: string, body: (s: EngineSession) => Promise<T>): Promise<T> {
  let session: EngineSession;
  try {
    session = await adapter.open();
  } catch (error) {
    throw engineError(adapter.engine, table, error, undefined, 'cannot connect');
  }
  let failed = true;
  try {
    const out = await body(session);
    failed = false;
    return out;
  } finally {
    // A failure to release is reported only when nothing else failed.
    try {
      await session.close(failed);
    } catch (error) {
      if (!failed) throw engineError(adapter.engine, table, error, undefined, 'cannot release the connection');
    }
  }
}

async function run(
  session: EngineSession,
  adapter: EngineAdapter,
  table: string,
  sql: string,
  params: (string | number)[],
  columns?: SqlColumns,
): Promise<Record<string, unknown>[]> {
  try {
    return await session.query(sql, params);
  } catch (error) {
    throw engineError(adapter.engine, table, error, columns === undefined ? undefined : blamedColumn(error, columns));
  }
}

// PostgreSQL SQLSTATE classes that point at a column of ours: 22007/22008 (a date or time that does not
// parse or overflows) → the date column; 22P02 (invalid text representation of a number) → the amount.
function blamedColumn(error: unknown, columns: SqlColumns): string | undefined {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  if (code === '22007' || code === '22008') return columns.date;
  if (code === '22P02') return columns.amount;
  return undefined;
}

/** Check the table and the mapped columns; returns the date kind to use. */
async function checkColumns(
  session: EngineSession,
  adapter: EngineAdapter,
  table: string,
  columns: Record<string, string | undefined>,
  roles: Record<string, 'id' | 'date' | 'amount' | 'any'>,
): Promise<SqlDateKind | undefined> {
  let types: Map<string, string> | undefined;
  try {
    types = await session.describe(table);
  } catch (error) {
    throw engineError(adapter.engine, table, error, undefined, 'cannot read the table');
  }
  if (types === undefined) {
    throw new CrmError('ENGINE_ERROR', `${ENGINE_TITLE[adapter.engine]}: table ${JSON.stringify(table)} does not exist`, {
      path: ['options', 'table'],
      data: { engine: adapter.engine, table },
    });
  }
  let dateKind: SqlDateKind | undefined;
  for (const [role, kind] of Object.entries(roles)) {
    const column = columns[role];
    if (column === undefined) continue;
    const type = types.get(column);
    if (type === undefined) {
      throw new CrmError('ENGINE_ERROR', `${ENGINE_TITLE[adapter.engine]}: table ${JSON.stringify(table)} has no column ${JSON.stringify(column)} (${role})`, {
        path: ['options', 'columns', role],
        expected: `one of ${[...types.keys()].map((k) => JSON.stringify(k)).join(', ')}`,
        received: column,
        data: { engine: adapter.engine, table, column },
      });
    }
    const wrong = (expected: string): never => {
      throw new CrmError('INVALID_INPUT', `column ${JSON.stringify(column)} (${role}) of ${JSON.stringify(table)} has type ${type}`, {
        path: ['options', 'columns', role],
        expected,
        received: type,
        data: { engine: adapter.engine, table, column },
      });
    };
    if (kind === 'id' && !adapter.isIdType(type)) wrong('an integer or text column (ids are compared as trimmed text)');
    if (kind === 'amount' && !adapter.isNumeric(type)) wrong('a numeric column');
    if (kind === 'date') dateKind = adapter.dateKind(type) ?? wrong('a date, timestamp or ISO-8601 text column');
  }
  return dateKind;
}

function count(v: unknown): number {
  return typeof v === 'bigint' ? Number(v) : typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : 0;
}

function numberOf(v: unknown, what: string, customerId: string): number {
  const x = typeof v === 'number' ? v : typeof v === 'string' || typeof v === 'bigint' ? Number(v) : Number.NaN;
  if (!Number.isFinite(x)) {
    throw new CrmError('NUMERIC_DOMAIN', `the engine returned a non-finite ${what}`, { path: ['monetary'], data: { customerId, value: String(v) } });
  }
  return x;
}

/** Throw for the rows `rfm.summarize` / `btydSummary` would reject. */
function reportChecks(row: Record<string, unknown>, columns: SqlColumns, table: string, engine: EngineName, asOf: string): void {
  const fields: [string, keyof SqlColumns, string][] = [
    ['missing_customer', 'customerId', 'a missing or blank customer id'],
    ['missing_date', 'date', 'a missing or invalid date'],
    ['missing_amount', 'amount', 'a missing or non-finite amount'],
    ['missing_order', 'orderId', 'no order id (orderKey is "orderId")'],
  ];
  for (const [key, field, what] of fields) {
    const n = count(row[key]);
    if (n > 0) {
      throw new CrmError('INVALID_INPUT', `${n} row(s) of ${JSON.stringify(table)} have ${what} in column ${JSON.stringify(columns[field])}`, {
        path: ['source', field],
        data: { rows: n, engine, table, column: columns[field] },
      });
    }
  }
  const late = count(row.rows_after_as_of);
  if (late > 0) {
    throw new CrmError(
      'INVALID_INPUT',
      `${late} row(s) of ${JSON.stringify(table)} dated after asOf ${asOf} (the first on ${String(row.first_after_as_of)}); pass afterAsOf: 'exclude' to leave later rows out, or a later asOf`,
      { path: ['source', 'date'], data: { rows: late, asOf, engine, table, column: columns.date } },
    );
  }
}

const RFM_KEYS = ['summary', 'table', 'columns', 'asOf', 'orderKey', 'afterAsOf', 'dateKind'] as const;
const BTYD_KEYS = ['summary', 'table', 'columns', 'asOf', 'calibrationEnd', 'unit', 'includeFirstPurchase', 'afterAsOf', 'dateKind'] as const;

/** @internal The summary on an engine through its adapter. */
export async function summarizeOnEngine(
  adapter: EngineAdapter,
  options: EngineRfmOptions | EngineBtydOptions,
): Promise<RfmSummary[] | BtydSummaryRow[] | CalibrationHoldoutRow[]> {
  const summary = readOneOf((options as { summary?: unknown } | null | undefined)?.summary, ['options', 'summary'], ['rfm', 'btyd'] as const, 'rfm');
  const o = readOptions(options, summary === 'rfm' ? RFM_KEYS : BTYD_KEYS) as Record<string, unknown>;
  readOneOf(o.afterAsOf, ['options', 'afterAsOf'], AFTER_AS_OF, 'error');
  const table = checkIdentifier(o.table, ['options', 'table']);
  const dialect: SqlDialect = adapter.engine;
  // Validate everything (names, dates, units) before connecting.
  const build = (dateKind: SqlDateKind) => {
    const built = { ...o, dialect, dateKind };
    return summary === 'rfm' ? buildRfmSql(built) : buildBtydSql(built);
  };
  build((o.dateKind as SqlDateKind | undefined) ?? 'timestamp');
  const columns = o.columns as SqlColumns;
  const asOfDay = Math.floor(tryDayNumber(o.asOf) as number);
  return withSession(adapter, table, async (session) => {
    const detected = await checkColumns(session, adapter, table, columns as unknown as Record<string, string | undefined>, {
      customerId: 'id',
      date: 'date',
      amount: 'amount',
      orderId: 'any',
    });
    const query = build((o.dateKind as SqlDateKind | undefined) ?? (detected as SqlDateKind));
    const checks = await run(session, adapter, table, query.checks.sql, query.checks.params, columns);
    const checkRow = checks[0] ?? {};
    if (count(checkRow.n_rows) === 0) return [];
    reportChecks(checkRow, columns, table, adapter.engine, dayToIsoDate(asOfDay));
    const rows = await run(session, adapter, table, query.sql, query.params, columns);
    return summary === 'rfm' ? toRfm(rows, asOfDay) : toBtyd(rows, o.calibrationEnd !== undefined);
  });
}

function dayOf(v: unknown, customerId: string): number {
  const d = tryDayNumber(typeof v === 'string' ? v.slice(0, 10) : v);
  if (d === undefined) throw new CrmError('ENGINE_ERROR', 'the engine returned an unreadable purchase date', { path: ['firstPurchase'], data: { customerId, value: String(v) } });
  return Math.floor(d);
}

function toRfm(rows: Record<string, unknown>[], asOfDay: number): RfmSummary[] {
  const out: RfmSummary[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as Record<string, unknown>;
    const customerId = String(r.customer_id);
    out[i] = makeSummary(customerId, dayOf(r.first_purchase, customerId), dayOf(r.last_purchase, customerId), count(r.frequency), numberOf(r.monetary, 'monetary', customerId), asOfDay);
  }
  return out.sort((a, b) => compareIds(a.customerId, b.customerId));
}

function toBtyd(rows: Record<string, unknown>[], holdout: boolean): BtydSummaryRow[] | CalibrationHoldoutRow[] {
  const out: BtydSummaryRow[] = rows.map((r) => {
    const customerId = String(r.customer_id);
    const row: BtydSummaryRow = {
      customerId,
      frequency: count(r.frequency),
      recency: numberOf(r.recency, 'recency', customerId),
      T: numberOf(r.T, 'T', customerId),
      monetaryValue: numberOf(r.monetary_value, 'monetary value', customerId),
    };
    if (!holdout) return row;
    const h: CalibrationHoldoutRow = {
      ...row,
      frequencyHoldout: count(r.frequency_holdout),
      monetaryValueHoldout: numberOf(r.monetary_value_holdout, 'holdout monetary value', customerId),
      durationHoldout: numberOf(r.duration_holdout, 'holdout duration', customerId),
    };
    return h;
  });
  return out.sort((a, b) => compareIds(a.customerId, b.customerId));
}

/** @internal Frequent items and pairs on an engine (Apriori passes 1 and 2), as `basketCountsWithDuckDB`. */
export async function basketCountsOnEngine(adapter: EngineAdapter, options: EngineBasketOptions): Promise<BasketCounts> {
  const o = readOptions(options, ['table', 'columns', 'minSupport', 'minCount'] as const) as Record<string, unknown>;
  const { minSupport, minCount } = o;
  readBasketThresholds(minSupport, minCount);
  const table = checkIdentifier(o.table, ['options', 'table']);
  const columns = o.columns as { basketId: string; item: string };
  const dialect: SqlDialect = adapter.engine;
  const first = buildBasketSql({ table, columns, minCount: 1, dialect });
  return withSession(adapter, table, async (session) => {
    await checkColumns(session, adapter, table, columns, { basketId: 'any', item: 'any' });
    const n = count((await run(session, adapter, table, first.baskets.sql, first.baskets.params))[0]?.baskets);
    const min = minCountFor(minSupport as number | undefined, minCount as number | undefined, n);
    const q = buildBasketSql({ table, columns, minCount: min, dialect });
    const items = await run(session, adapter, table, q.items.sql, q.items.params);
    const pairs = await run(session, adapter, table, q.pairs.sql, q.pairs.params);
    return basketCountsOf(n, min, items, pairs, count);
  });
}

/** @internal For adapters: a `CrmErrorPath` for the client argument. */
export const CLIENT_PATH: CrmErrorPath = ['client'];
