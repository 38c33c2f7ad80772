/**
 * Run the pushdown summaries on an in-process DuckDB (`@duckdb/node-api`, an optional peer
 * dependency loaded with a dynamic import). The source is a CSV (gzip too), a Parquet file or a
 * table of a DuckDB database file; the result equals `rfm.summarize` / `clv.btydSummary` on the
 * same rows. Columns are checked (names, types, missing or unparsable values) before the summary
 * query runs, and the database is closed on every path.
 */
import { readBasketThresholds } from './basket-thresholds.js';
import { CrmError, dayToIsoDate, tryDayNumber, invalidOption, invalidInput } from '../core/index.js';
import { compareIds, makeSummary } from '../rfm/options.js';
import type { RfmSummary } from '../rfm/index.js';
import type { BtydSummaryRow, CalibrationHoldoutRow } from '../clv/index.js';
import { Params, checkIdentifier, dialect, type Dialect, type SqlDateKind } from './sql-dialect.js';
import { buildBtydSql, buildRfmSql, exactSumValue, type BtydSummarySqlOptions, type RfmSummarySqlOptions } from './sql-summary.js';
import { sourcePath } from './source.js';
import { loadDuckDB, type DuckConnection, type DuckInstance, type DuckModule } from './duckdb-peer.js';
import { buildBasketSql } from './sql-basket.js';
import { basketCountsOf, type BasketCounts } from './basket-counts.js';
import { minCountFor } from '../basket/itemsets.js';

/**
 * What DuckDB reads: a path (`.parquet` → Parquet, anything else → CSV, gzip detected by DuckDB),
 * or an explicit `{ csv }` (with `delimiter`/`header`), `{ parquet }`, or `{ table, database }`
 * (a table or view in a DuckDB database file, opened read-only).
 */
export type DuckDBSource =
  | string
  | { csv: string; delimiter?: string; header?: boolean }
  | { parquet: string }
  | { table: string; database: string };

/** Options of {@link summarizeWithDuckDB} for the RFM summary (`summary` omitted or `'rfm'`). */
export type DuckDBRfmOptions = Omit<RfmSummarySqlOptions, 'table' | 'dialect' | 'dateKind'> & { summary?: 'rfm' } & DuckDBEngineOptions;
/** Options of {@link summarizeWithDuckDB} for the BTYD summary. */
export type DuckDBBtydOptions = Omit<BtydSummarySqlOptions, 'table' | 'dialect' | 'dateKind'> & { summary: 'btyd' } & DuckDBEngineOptions;

/** DuckDB engine settings. */
export interface DuckDBEngineOptions {
  /** Worker threads (DuckDB default: all cores). */
  threads?: number;
  /** DuckDB `memory_limit`, e.g. `'512MB'` or `'2GB'` (DuckDB default: 80 % of RAM); aggregates spill to disk beyond it. */
  memoryLimit?: string;
  /**
   * Allow URLs (`http://`, `s3://`, …), globs (`*`, `?`, `[`) and DuckDB's extension autoloading
   * (default `false`: sources are single local files and DuckDB loads no extension, so no socket is
   * opened — an app may pass a user's path safely).
   */
  allowRemote?: boolean;
}

const MEMORY_LIMIT = /^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

function checkEngine(options: DuckDBEngineOptions): DuckDBEngineOptions {
  const { threads, memoryLimit, allowRemote } = options;
  if (allowRemote !== undefined && typeof allowRemote !== 'boolean') {
    invalidOption(['options', 'allowRemote'], 'allowRemote must be a boolean', 'true or false', allowRemote);
  }
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) {
    invalidOption(['options', 'threads'], 'threads must be a positive integer', 'an integer ≥ 1', threads);
  }
  if (memoryLimit !== undefined && (typeof memoryLimit !== 'string' || !MEMORY_LIMIT.test(memoryLimit))) {
    invalidOption(['options', 'memoryLimit'], 'memoryLimit must be a size such as 512MB', "a size like '512MB' or '2GB'", memoryLimit);
  }
  const out: DuckDBEngineOptions = {};
  if (threads !== undefined) out.threads = threads;
  if (memoryLimit !== undefined) out.memoryLimit = memoryLimit;
  out.allowRemote = allowRemote ?? false;
  return out;
}

// A URL scheme DuckDB would download from (http:, s3:, gcs:, hf:, md:, …; two letters or more, so a Windows
// drive letter is a path) and the glob characters DuckDB expands.
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]+:/;
const GLOB = /[*?[]/;

/** Refuse remote and glob sources unless `allowRemote` (issue 22: no module opens a socket). */
function localOnly(file: string, path: ReadonlyArray<string | number>, allowRemote: boolean): string {
  if (allowRemote) return file;
  if (SCHEME.test(file) || GLOB.test(file)) {
    invalidOption(path, `refusing ${SCHEME.test(file) ? 'a URL' : 'a glob pattern'} as a DuckDB source; pass allowRemote: true to let DuckDB fetch or expand it`, 'a local file path (no scheme, no *, ? or [)', file);
  }
  return file;
}

// ---- sources ----------------------------------------------------------------------------------

interface ResolvedSource {
  database: string;
  relation: (d: Dialect, params: Params) => string;
  describe: string;
}

function resolveSource(source: unknown, allowRemote = false): ResolvedSource {
  if (typeof source === 'string' || source instanceof URL) {
    const file = localOnly(sourcePath(source, ['source']), ['source'], allowRemote);
    return /\.parquet$/i.test(file) ? resolveSource({ parquet: file }, allowRemote) : resolveSource({ csv: file }, allowRemote);
  }
  if (typeof source !== 'object' || source === null) {
    invalidOption(['source'], 'source must be a path or { csv } | { parquet } | { table, database }', 'a path or a source object', source);
  }
  const s = source as Record<string, unknown>;
  if (typeof s.csv === 'string' || s.csv instanceof URL) {
    const file = localOnly(sourcePath(s.csv as string | URL, ['source', 'csv']), ['source', 'csv'], allowRemote);
    if (s.delimiter !== undefined && (typeof s.delimiter !== 'string' || s.delimiter.length !== 1)) {
      invalidOption(['source', 'delimiter'], 'delimiter must be one character', 'one character', s.delimiter);
    }
    if (s.header !== undefined && typeof s.header !== 'boolean') {
      invalidOption(['source', 'header'], 'header must be a boolean', 'true or false', s.header);
    }
    const delimiter = s.delimiter as string | undefined;
    const header = (s.header as boolean | undefined) ?? true;
    return {
      database: ':memory:',
      describe: file,
      relation: (_d, p) => `read_csv(${p.add(file)}, header = ${header ? 'true' : 'false'}${delimiter === undefined ? '' : `, delim = ${p.add(delimiter)}`})`,
    };
  }
  if (typeof s.parquet === 'string' || s.parquet instanceof URL) {
    const file = localOnly(sourcePath(s.parquet as string | URL, ['source', 'parquet']), ['source', 'parquet'], allowRemote);
    return { database: ':memory:', describe: file, relation: (_d, p) => `read_parquet(${p.add(file)})` };
  }
  if (typeof s.table === 'string') {
    const table = s.table;
    checkIdentifier(table, ['source', 'table']);
    const database = localOnly(sourcePath(s.database as string, ['source', 'database']), ['source', 'database'], allowRemote);
    return { database, describe: `${database}:${table}`, relation: (d) => d.table(table, ['source', 'table']) };
  }
  invalidOption(['source'], 'source must be a path or { csv } | { parquet } | { table, database }', 'a path or a source object', source);
}

// ---- column checks ------------------------------------------------------------------------------

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\s*\d+\))$/;
const INTEGER_OR_TEXT = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|VARCHAR)$/;

function dateKindOf(type: string): SqlDateKind | undefined {
  if (type === 'DATE') return 'date';
  if (/^TIMESTAMP(_S|_MS|_NS)?$/.test(type)) return 'timestamp';
  if (type === 'TIMESTAMP WITH TIME ZONE') return 'timestamptz';
  if (type === 'VARCHAR') return 'text';
  return undefined;
}

/** A DuckDB result value as a number (BIGINT and HUGEINT columns come back as `bigint`). */
function toNumber(v: unknown): number {
  return typeof v === 'bigint' ? Number(v) : (v as number);
}

/**
 * Summarise a CSV, Parquet file or DuckDB table inside DuckDB and return the same records as
 * `rfm.summarize` (default, `summary: 'rfm'`) or `clv.btydSummary` / `calibrationHoldoutSplit`
 * (`summary: 'btyd'`, with `calibrationEnd` for the holdout columns). Only the per-customer result
 * comes back into JavaScript, so memory is bounded by customers.
 *
 * Errors, all before the summary query: `MISSING_DEPENDENCY` when `@duckdb/node-api` is not
 * installed; `INVALID_OPTION` for SQL-looking or absent column names; `INVALID_INPUT` for a column
 * of the wrong type or rows with a missing id, date or amount (counted), and for rows after `asOf`
 * in the RFM summary (as `rfm.summarize`). Floating-point sums may differ from the JavaScript ones in
 * the last bits (different addition order).
 *
 * @example
 * ```ts
 * import { summarizeWithDuckDB } from 'crm-analytics/io';
 * const summaries = await summarizeWithDuckDB('data/online_retail_II_2009_2010_invoices.csv.gz', {
 *   columns: { customerId: 'CustomerID', date: 'InvoiceDate', amount: 'Revenue', orderId: 'Invoice' },
 *   asOf: '2010-12-10',
 * });
 * summaries.length; // 4312
 * ```
 */
export async function summarizeWithDuckDB(source: DuckDBSource, options: DuckDBBtydOptions): Promise<BtydSummaryRow[] | CalibrationHoldoutRow[]>;
export async function summarizeWithDuckDB(source: DuckDBSource, options: DuckDBRfmOptions): Promise<RfmSummary[]>;
export async function summarizeWithDuckDB(
  source: DuckDBSource,
  options: DuckDBRfmOptions | DuckDBBtydOptions,
): Promise<RfmSummary[] | BtydSummaryRow[] | CalibrationHoldoutRow[]> {
  if (typeof options !== 'object' || options === null) {
    invalidOption(['options'], 'options are required', 'an object with columns and asOf', options);
  }
  const kind = options.summary ?? 'rfm';
  if (kind !== 'rfm' && kind !== 'btyd') {
    invalidOption(['options', 'summary'], "summary must be 'rfm' or 'btyd'", "'rfm' | 'btyd'", kind);
  }
  const engine = checkEngine(options);
  const src = resolveSource(source, engine.allowRemote);
  // Validate every option (names, dates, units) by building the query once before opening anything.
  const build = (dateKind: SqlDateKind, uniqueOrders: UniqueOrders = false) => {
    const o = { ...options, dialect: 'duckdb', dateKind };
    return kind === 'rfm' ? buildRfmSql(o, src.relation, true, uniqueOrders) : buildBtydSql(o, src.relation);
  };
  build('timestamp');
  const columns = options.columns as unknown as Record<string, string | undefined>;
  const duck = await loadDuckDB('summarizeWithDuckDB');

  return withDuckDB(duck, src, engine, async (connection) => {
    // 1. Column names and types.
    const d = dialect('duckdb');
    const types = await describeSource(connection, src);
    const field = (name: 'customerId' | 'date' | 'amount' | 'orderId'): string | undefined => {
      const col = columns[name];
      if (col === undefined) return undefined;
      const type = types.get(col);
      if (type === undefined) {
        invalidOption(['options', 'columns', name], `column ${JSON.stringify(col)} for ${name} is not in ${JSON.stringify(src.describe)}`, `one of ${[...types.keys()].map((k) => JSON.stringify(k)).join(', ')}`, col);
      }
      return type;
    };
    const wrongType = (name: string, col: string, type: string, expected: string): never => {
      invalidInput(['options', 'columns', name], `column ${JSON.stringify(col)} (${name}) has type ${type}`, expected, type);
    };
    const customerType = field('customerId') as string;
    if (!INTEGER_OR_TEXT.test(customerType)) wrongType('customerId', columns.customerId as string, customerType, 'an integer or text column (ids are compared as text)');
    const dateType = field('date') as string;
    const dateKind = dateKindOf(dateType) ?? wrongType('date', columns.date as string, dateType, 'DATE, TIMESTAMP, TIMESTAMP WITH TIME ZONE or ISO-8601 text');
    const amountType = field('amount') as string;
    if (!NUMERIC.test(amountType)) wrongType('amount', columns.amount as string, amountType, 'a numeric column');
    field('orderId');

    // 2. Missing or unparsable values (rfm.summarize and btydSummary reject such rows). For RFM
    //    they are counted inside the summary query itself (one scan); for BTYD in a first scan.
    const report = (counts: Record<'customerId' | 'date' | 'amount', number>): void => {
      for (const name of ['customerId', 'date', 'amount'] as const) {
        const count = counts[name];
        if (count > 0) {
          throw new CrmError('INVALID_INPUT', `${count} row(s) have a missing or invalid ${name} in column ${JSON.stringify(columns[name])}`, {
            path: ['source', name],
            data: { rows: count, column: columns[name] },
          });
        }
      }
    };
    if (kind === 'rfm') {
      const orderKey = (options as DuckDBRfmOptions).orderKey ?? 'auto';
      const unique =
        columns.orderId !== undefined && (orderKey === 'auto' || orderKey === 'orderId')
          ? await ordersAreUnique(connection, src, columns.orderId)
          : (false as const);
      const query = build(dateKind, unique);
      const result = (await connection.runAndReadAll(query.sql, query.params)).getColumnsObjectJS() as unknown as RfmColumns;
      const counts = { customerId: 0, date: 0, amount: 0 };
      const ids = result.customer_id;
      for (let i = 0; i < ids.length; i++) {
        if (ids[i] === null || ids[i] === '') counts.customerId += toNumber(result.n_rows[i]);
        counts.date += toNumber(result.bad_date[i]);
        counts.amount += toNumber(result.bad_amount[i]);
      }
      report(counts);
      return toRfm(result, options as DuckDBRfmOptions);
    }
    const vp = new Params();
    const q = (c: string) => d.id(c);
    const cust = q(columns.customerId as string);
    const dateCol = q(columns.date as string);
    const amount = q(columns.amount as string);
    const parsedDate = dateKind === 'text' || dateKind === 'timestamptz' ? `TRY_CAST(${dateCol} AS TIMESTAMPTZ)` : dateCol;
    const asOfDay = Math.floor(tryDayNumber(options.asOf) as number);
    const lateRows = options.afterAsOf === 'exclude' ? '0' : `COUNT(*) FILTER (WHERE CAST(${parsedDate} AS DATE) > CAST(${vp.add(dayToIsoDate(asOfDay))} AS DATE))`;
    const checkSql = vp.finish(
      `SELECT
  COUNT(*) FILTER (WHERE ${d.trimmedId(cust)} IS NULL) AS bad_customer,
  COUNT(*) FILTER (WHERE ${parsedDate} IS NULL OR NOT isfinite(${parsedDate})) AS bad_date,
  COUNT(*) FILTER (WHERE ${amount} IS NULL OR NOT isfinite(CAST(${amount} AS DOUBLE))) AS bad_amount,
  ${lateRows} AS after_as_of,
  CAST(MAX(CAST(${parsedDate} AS DATE)) - DATE '1970-01-01' AS INTEGER) AS last_day
FROM ${src.relation(d, vp)}`,
      'duckdb',
    );
    const check = (await connection.runAndReadAll(checkSql.sql, checkSql.params)).getRowObjectsJS()[0] ?? {};
    report({ customerId: toNumber(check.bad_customer), date: toNumber(check.bad_date), amount: toNumber(check.bad_amount) });
    if (toNumber(check.after_as_of) > 0) {
      throw new CrmError(
        'INVALID_INPUT',
        `${toNumber(check.after_as_of)} row(s) dated after asOf ${dayToIsoDate(asOfDay)} (the last on ${dayToIsoDate(toNumber(check.last_day))}); pass afterAsOf: 'exclude' to leave later rows out, or a later asOf`,
        { path: ['source', 'date'], data: { rows: toNumber(check.after_as_of), asOf: dayToIsoDate(asOfDay) } },
      );
    }

    // 3. The summary.
    const query = build(dateKind);
    const result = (await connection.runAndReadAll(query.sql, query.params)).getColumnsObjectJS();
    return toBtyd(result, (options as DuckDBBtydOptions).calibrationEnd !== undefined);
  });
}

/** Options of {@link basketCountsWithDuckDB}. */
export interface DuckDBBasketOptions extends DuckDBEngineOptions {
  columns: { basketId: string; item: string };
  /** Minimum support as a share of baskets (count = ⌈minSupport·n⌉, as in `basket.frequentItemsets`). */
  minSupport?: number;
  /** Minimum basket count (the larger of the two applies). */
  minCount?: number;
}

/**
 * Count frequent items and pairs of a long (basket, item) table inside DuckDB, so only those come
 * back to JavaScript (pre-filtering before `basket.frequentItemsets` on huge order-line tables).
 *
 * @example
 * ```ts
 * import { basketCountsWithDuckDB } from 'crm-analytics/io';
 * const counts = await basketCountsWithDuckDB('order_lines.parquet', { columns: { basketId: 'order_id', item: 'sku' }, minSupport: 0.01 });
 * counts.pairs[0]; // the most frequent pair: { items, count, support }
 * ```
 */
export async function basketCountsWithDuckDB(source: DuckDBSource, options: DuckDBBasketOptions): Promise<BasketCounts> {
  if (typeof options !== 'object' || options === null) {
    invalidOption(['options'], 'options are required', '{ columns, minSupport | minCount }', options);
  }
  const { minSupport, minCount } = options;
  readBasketThresholds(minSupport, minCount);
  const engine = checkEngine(options);
  const src = resolveSource(source, engine.allowRemote);
  buildBasketSql({ columns: options.columns, minCount: 1, dialect: 'duckdb' }, src.relation);
  const duck = await loadDuckDB('summarizeWithDuckDB');
  return withDuckDB(duck, src, engine, async (connection) => {
    const types = await describeSource(connection, src);
    for (const name of ['basketId', 'item'] as const) {
      const col = options.columns[name];
      if (!types.has(col)) {
        invalidOption(['options', 'columns', name], `column ${JSON.stringify(col)} for ${name} is not in ${JSON.stringify(src.describe)}`, `one of ${[...types.keys()].map((k) => JSON.stringify(k)).join(', ')}`, col);
      }
    }
    const first = buildBasketSql({ columns: options.columns, minCount: 1, dialect: 'duckdb' }, src.relation);
    const n = toNumber((await connection.runAndReadAll(first.baskets.sql, first.baskets.params)).getRowObjectsJS()[0]?.baskets);
    const min = minCountFor(minSupport, minCount, n);
    const q = buildBasketSql({ columns: options.columns, minCount: min, dialect: 'duckdb' }, src.relation);
    const items = (await connection.runAndReadAll(q.items.sql, q.items.params)).getRowObjectsJS();
    const pairs = (await connection.runAndReadAll(q.pairs.sql, q.pairs.params)).getRowObjectsJS();
    return basketCountsOf(n, min, items, pairs, toNumber);
  });
}

async function withDuckDB<T>(duck: DuckModule, src: ResolvedSource, engine: DuckDBEngineOptions, body: (c: DuckConnection) => Promise<T>): Promise<T> {
  let instance: DuckInstance | undefined;
  let connection: DuckConnection | undefined;
  try {
    try {
      // No extension is installed or loaded behind the user's back (httpfs would open sockets).
      const config: Record<string, string> = engine.allowRemote === true ? {} : { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' };
      if (src.database !== ':memory:') config.access_mode = 'READ_ONLY';
      instance = await duck.DuckDBInstance.create(src.database, config);
      connection = await instance.connect();
    } catch (error) {
      throw new CrmError('IO_ERROR', `cannot open DuckDB database ${JSON.stringify(src.database)}`, { path: ['source', 'database'], cause: error });
    }
    await connection.run(`SET TimeZone = 'UTC'`);
    // Both values are validated above (an integer; a size matching MEMORY_LIMIT), SET takes no parameters.
    if (engine.threads !== undefined) await connection.run(`SET threads = ${engine.threads}`);
    if (engine.memoryLimit !== undefined) await connection.run(`SET memory_limit = '${engine.memoryLimit}'`);
    return await body(connection);
  } finally {
    connection?.closeSync();
    instance?.closeSync();
  }
}

/** @internal For tests: run {@link ordersAreUnique} on a source. */
export async function ordersAreUniqueIn(source: DuckDBSource, orderColumn: string): Promise<UniqueOrders> {
  const src = resolveSource(source);
  return withDuckDB(await loadDuckDB('summarizeWithDuckDB'), src, { allowRemote: false }, (connection) => ordersAreUnique(connection, src, orderColumn));
}

/**
 * What {@link ordersAreUnique} proved: nothing (`false`), every order id distinct and present on every
 * row (`'all'`), or every order id distinct with some rows without one (`'some'`).
 */
export type UniqueOrders = false | 'all' | 'some';

/** Sample size and bitmap sizes of {@link ordersAreUnique}. */
const UNIQUE_SAMPLE = 65_536;
const UNIQUE_FIRST_BITS = 2 ** 27; // 16 MB per DuckDB thread
const UNIQUE_MAX_BITS = 2 ** 28; // 32 MB per DuckDB thread

/**
 * Whether every non-blank (trimmed) order id of the source is distinct — then a customer's distinct
 * orders are simply its rows with an order id, and the summary needs no exact distinct count (on 10M
 * rows that hash set of (customer, order) pairs is more than half of DuckDB's work and memory).
 *
 * Exact, never a guess: an order id is mapped to an integer f = the number after its first k
 * characters (k from a sample; `TRY_CAST`), and a bitmap over a range of f (`bitstring_agg`, a few
 * MB) counts the distinct f. f is a function of the id, so if every id has an f in the range and
 * there are as many distinct f as ids, the ids are distinct. Any other outcome (a non-numeric tail, f
 * outside the range, fewer distinct f — duplicates or not) answers false and the exact
 * `COUNT(DISTINCT …)` runs. A sample of the first rows answers false at once for order-line exports
 * (an order's lines repeat its id), so they pay only that sample.
 */
async function ordersAreUnique(connection: DuckConnection, src: ResolvedSource, orderColumn: string): Promise<UniqueOrders> {
  const d = dialect('duckdb');
  const sp = new Params();
  const sample = sp.finish(
    `SELECT ${d.trimmedId(d.id(orderColumn))} AS o FROM ${src.relation(d, sp)} LIMIT ${UNIQUE_SAMPLE}`,
    'duckdb',
  );
  const rows = (await connection.runAndReadAll(sample.sql, sample.params)).getColumnsObjectJS() as { o: (string | null)[] };
  const seen = new Set<string>();
  let k = -1;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < rows.o.length; i++) {
    const o = rows.o[i];
    if (o === null || o === undefined) continue;
    if (seen.has(o)) return false; // an order with two lines (or two customers): not one order per row
    seen.add(o);
    const m = /^(\D*)(\d{1,15})$/.exec(o);
    if (m === null) return false;
    const prefix = (m[1] as string).length;
    if (k === -1) k = prefix;
    else if (k !== prefix) return false;
    const f = Number(m[2]);
    if (f < min) min = f;
    if (f > max) max = f;
  }
  if (k === -1) return false; // no order id in the sample: leave it to the exact count
  // Ids usually grow through the file: start the range just below the sample's smallest id.
  let lo = Math.max(0, min - Math.max(max - min, UNIQUE_SAMPLE));
  let hi = lo + UNIQUE_FIRST_BITS - 1;
  for (let attempt = 0; attempt < 2; attempt++) {
    // lo, hi and k are integers computed here (bitstring_agg takes constants), not user text.
    const p = new Params();
    const f = `TRY_CAST(substr(o, ${k + 1}) AS BIGINT)`;
    const check = p.finish(
      `SELECT
  COUNT(*) AS n_rows,
  COUNT(o) AS orders,
  COUNT(o) FILTER (WHERE f IS NULL OR f < ${lo} OR f > ${hi}) AS outside,
  bit_count(bitstring_agg(f, ${lo}, ${hi}) FILTER (WHERE f BETWEEN ${lo} AND ${hi})) AS distinct_f,
  MIN(f) AS min_f,
  MAX(f) AS max_f
FROM (SELECT o, ${f} AS f FROM (SELECT ${d.trimmedId(d.id(orderColumn))} AS o FROM ${src.relation(d, p)}) ids) mapped`,
      'duckdb',
    );
    const r = (await connection.runAndReadAll(check.sql, check.params)).getRowObjectsJS()[0] ?? {};
    const orders = toNumber(r.orders);
    if (toNumber(r.outside) === 0) {
      if (orders !== 0 && toNumber(r.distinct_f) !== orders) return false;
      return orders === toNumber(r.n_rows) ? 'all' : 'some';
    }
    // Some ids fell outside the first range: one more try over the exact range when it is small enough.
    const fMin = r.min_f === null ? NaN : toNumber(r.min_f);
    const fMax = r.max_f === null ? NaN : toNumber(r.max_f);
    if (!(fMax - fMin < UNIQUE_MAX_BITS) || fMin < 0 || attempt === 1) return false;
    lo = fMin;
    hi = fMax;
  }
  return false;
}

async function describeSource(connection: DuckConnection, src: ResolvedSource): Promise<Map<string, string>> {
  const d = dialect('duckdb');
  const dp = new Params();
  const describeSql = dp.finish(`DESCRIBE SELECT * FROM ${src.relation(d, dp)}`, 'duckdb');
  let described: Record<string, unknown>[];
  try {
    described = (await connection.runAndReadAll(describeSql.sql, describeSql.params)).getRowObjectsJS();
  } catch (error) {
    throw new CrmError('IO_ERROR', `cannot read ${JSON.stringify(src.describe)} with DuckDB: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, {
      path: ['source'],
      cause: error,
    });
  }
  return new Map<string, string>(described.map((r) => [String(r.column_name), String(r.column_type)]));
}

/** The runner's RFM result, column by column (see buildRfmSql's runner outputs). */
interface RfmColumns {
  customer_id: (string | null)[];
  frequency: (bigint | number)[];
  first_day: number[];
  last_day: number[];
  n_rows: number[];
  monetary_hi: bigint[];
  monetary_lo: bigint[];
  bad_date: (bigint | number)[];
  bad_amount: (bigint | number)[];
  rows_without_order?: (bigint | number)[];
}

function toRfm(columns: RfmColumns, options: DuckDBRfmOptions): RfmSummary[] {
  const asOfDay = Math.floor(tryDayNumber(options.asOf) as number);
  const n = columns.customer_id.length;
  const out: RfmSummary[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const customerId = String(columns.customer_id[i]);
    const last = columns.last_day[i] as number;
    if (last > asOfDay) {
      throw new CrmError('INVALID_INPUT', `dated ${dayToIsoDate(last)}, after asOf ${dayToIsoDate(asOfDay)}; pass afterAsOf: 'exclude' to leave later rows out, or a later asOf`, {
        path: ['source', 'date'],
        expected: `dates on or before ${dayToIsoDate(asOfDay)}`,
        received: dayToIsoDate(last),
        data: { customerId, asOf: dayToIsoDate(asOfDay) },
      });
    }
    const withoutOrder = columns.rows_without_order?.[i];
    if (withoutOrder !== undefined && toNumber(withoutOrder) > 0) {
      throw new CrmError('INVALID_INPUT', 'row has no orderId but orderKey is "orderId"', { path: ['source', 'orderId'], data: { customerId, rows: toNumber(withoutOrder) } });
    }
    const monetary = exactSumValue(BigInt(columns.monetary_hi[i] as bigint), BigInt(columns.monetary_lo[i] as bigint));
    out[i] = makeSummary(customerId, columns.first_day[i] as number, last, toNumber(columns.frequency[i]), monetary, asOfDay);
  }
  // DuckDB sorted by its collation; this puts the rows in UTF-16 order (nearly sorted input: few comparisons).
  return out.sort((a, b) => compareIds(a.customerId, b.customerId));
}

function toBtyd(columns: Record<string, unknown[]>, holdout: boolean): BtydSummaryRow[] | CalibrationHoldoutRow[] {
  const col = (name: string): unknown[] => columns[name] as unknown[];
  const [ids, frequency, recency, T, monetary] = [col('customer_id'), col('frequency'), col('recency'), col('T'), col('monetary_value')];
  const out: BtydSummaryRow[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const row: BtydSummaryRow = {
      customerId: String(ids[i]),
      frequency: toNumber(frequency[i]),
      recency: toNumber(recency[i]),
      T: toNumber(T[i]),
      monetaryValue: toNumber(monetary[i]),
    };
    if (!holdout) out[i] = row;
    else {
      const h: CalibrationHoldoutRow = {
        ...row,
        frequencyHoldout: toNumber(col('frequency_holdout')[i]),
        monetaryValueHoldout: toNumber(col('monetary_value_holdout')[i]),
        durationHoldout: toNumber(col('duration_holdout')[i]),
      };
      out[i] = h;
    }
  }
  return out.sort((a, b) => compareIds(a.customerId, b.customerId));
}
