/**
 * SQL pushdown of the per-customer summaries: the aggregation runs in the warehouse, the models
 * fit on the small result. The queries reproduce `rfm.summarize` and `clv.btydSummary` exactly
 * (same day arithmetic, same distinct counts); only floating-point sums may differ in the last
 * bits because an engine adds in its own order (see docs/scale.md).
 */
import { AFTER_AS_OF, dayToIsoDate, readOneOf, tryDayNumber, DAYS_PER_UNIT, type AfterAsOf, type DateInput, type TimeUnit, invalidOption } from '../core/index.js';
import { Params, checkDialect, checkIdentifier, dialect, type Dialect, type SqlDateKind, type SqlDialect, type SqlQuery } from './sql-dialect.js';

/** Source columns for the pushdown queries (names in the table, checked and quoted). */
export interface SqlColumns {
  customerId: string;
  date: string;
  amount: string;
  /** Needed for `orderKey` `'orderId'` / `'auto'` with order ids. */
  orderId?: string;
}

interface CommonSqlOptions {
  /** Table or view name, optionally schema-qualified (`sales.orders`). */
  table: string;
  columns: SqlColumns;
  /** Target engine (default `'duckdb'`). */
  dialect?: SqlDialect;
  /** How the date column is stored (default `'timestamp'`; `'text'` for ISO strings). */
  dateKind?: SqlDateKind;
  /**
   * Rows dated after `asOf` (docs/glossary.md): the summary SQL always keeps `day <= asOf` (asOf is
   * inclusive). With `'error'` (default) the result also carries `checks`, a query whose
   * `rows_after_as_of` must be 0 before the summary is trusted (the engine runners run it first and
   * throw); `'exclude'` drops later rows knowingly.
   */
  afterAsOf?: AfterAsOf;
}

/**
 * A summary query plus the data checks to run before trusting it: `checks` returns one row with
 * `n_rows, missing_customer, missing_date, missing_amount, rows_after_as_of, first_after_as_of`
 * (+ `missing_order` for `orderKey: 'orderId'`). Any count above 0 means `rfm.summarize` /
 * `btydSummary` would have rejected the rows (rows after asOf only under `afterAsOf: 'error'`).
 */
export interface SummarySqlQuery extends SqlQuery {
  checks: SqlQuery;
}

/** Options of {@link rfmSummarySql}. */
export interface RfmSummarySqlOptions extends CommonSqlOptions {
  /** Analysis date (its time of day is ignored, as in `rfm.summarize`). */
  asOf: DateInput;
  /** As `rfm.summarize`'s `orderKey`: `'auto'` (default), `'orderId'`, `'day'` or `'row'`. */
  orderKey?: 'auto' | 'orderId' | 'day' | 'row';
}

/** Options of {@link btydSummarySql}. */
export interface BtydSummarySqlOptions extends CommonSqlOptions {
  /** End of the observation period (inclusive). */
  asOf: DateInput;
  /** End of calibration: adds the holdout columns (lifetimes' `calibration_and_holdout_data`). */
  calibrationEnd?: DateInput;
  /** Unit of recency, T and durationHoldout: day, week (7 d), month (365.25/12 d), quarter, year (365.25 d). */
  unit: TimeUnit;
  /** lifetimes `include_first_transaction` (default false). */
  includeFirstPurchase?: boolean;
}

/** @internal Builds the FROM relation: a quoted table name, or a table function using `params`. */
export type RelationBuilder = (d: Dialect, params: Params) => string;

const ORDER_KEYS = ['auto', 'orderId', 'day', 'row'] as const;
const UNITS = ['day', 'week', 'month', 'quarter', 'year'] as const;
const DATE_KINDS: readonly SqlDateKind[] = ['date', 'timestamp', 'timestamptz', 'text'];

function optionDay(value: unknown, name: string): string {
  const d = tryDayNumber(value);
  if (d === undefined) {
    invalidOption(['options', name], `${name} must be a date`, 'a Date, an ISO-8601 date string or epoch milliseconds', value);
  }
  return dayToIsoDate(Math.floor(d));
}

function checkObject(options: unknown): asserts options is Record<string, unknown> {
  if (typeof options !== 'object' || options === null) {
    invalidOption(['options'], 'options are required', 'an object with table, columns and asOf', options);
  }
}

/** @internal Validate the column mapping; returns quoted names. */
export function checkColumns(d: Dialect, columns: unknown, needOrder: boolean): { customer: string; date: string; amount: string; order: string | undefined } {
  if (typeof columns !== 'object' || columns === null) {
    invalidOption(['options', 'columns'], 'columns are required', '{ customerId, date, amount }', columns);
  }
  const c = columns as Record<string, unknown>;
  const customer = d.id(checkIdentifier(c.customerId, ['options', 'columns', 'customerId']));
  const date = d.id(checkIdentifier(c.date, ['options', 'columns', 'date']));
  const amount = d.id(checkIdentifier(c.amount, ['options', 'columns', 'amount']));
  let order: string | undefined;
  if (c.orderId !== undefined) order = d.id(checkIdentifier(c.orderId, ['options', 'columns', 'orderId']));
  else if (needOrder) {
    invalidOption(['options', 'columns', 'orderId'], "orderKey 'orderId' needs columns.orderId", 'a column name');
  }
  return { customer, date, amount, order };
}

function checkDateKind(value: unknown): SqlDateKind {
  if (value === undefined) return 'timestamp';
  if (typeof value !== 'string' || !(DATE_KINDS as readonly string[]).includes(value)) {
    invalidOption(['options', 'dateKind'], 'unknown dateKind', DATE_KINDS.join(' | '), value);
  }
  return value as SqlDateKind;
}

/** Per-dialect "not a finite number" test for a double expression (NULL stays NULL). */
function notFinite(d: Dialect, x: string): string {
  switch (d.name) {
    case 'duckdb':
      return `NOT isfinite(${x})`;
    case 'clickhouse':
      return `NOT isFinite(${x})`;
    case 'postgres':
      return `${x} IN ('Infinity'::float8, '-Infinity'::float8, 'NaN'::float8)`;
    case 'spark':
      return `(isnan(${x}) OR ABS(${x}) = CAST('Infinity' AS DOUBLE))`;
    case 'bigquery':
      return `NOT IS_INF(${x}) = FALSE OR IS_NAN(${x})`.replace('NOT IS_INF(' + x + ') = FALSE', `IS_INF(${x})`);
    case 'snowflake':
      return `${x} IN ('inf'::FLOAT, '-inf'::FLOAT, 'NaN'::FLOAT)`;
  }
}

/** @internal The checks query of {@link SummarySqlQuery}. */
export function buildChecksSql(
  d: Dialect,
  cols: { customer: string; date: string; amount: string; order: string | undefined },
  kind: SqlDateKind,
  asOf: string,
  relation: RelationBuilder | undefined,
  table: unknown,
  needOrder: boolean,
  afterAsOf: AfterAsOf,
): SqlQuery {
  const params = new Params();
  const from = relation === undefined ? d.table(table as string, ['options', 'table']) : relation(d, params);
  const asOfSql = d.dateParam(params, asOf);
  // ClickHouse: unparsable text dates count as missing here instead of failing the check.
  const day = d.name === 'clickhouse' && kind === 'text' ? `toDate(parseDateTimeBestEffortOrNull(${cols.date}, 'UTC'), 'UTC')` : d.day(cols.date, kind);
  const count = (cond: string) => `SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END)`;
  const amount = d.toDouble(cols.amount);
  const after = afterAsOf === 'error' ? `${count(`day > ${asOfSql}`)}` : '0';
  const orderCheck = needOrder ? `,
  ${count('order_id IS NULL')} AS missing_order` : '';
  const sql = `SELECT
  COUNT(*) AS n_rows,
  ${count('customer_id IS NULL')} AS missing_customer,
  ${count('day IS NULL')} AS missing_date,
  ${count(`amount IS NULL OR ${notFinite(d, 'amount')}`)} AS missing_amount,
  ${after} AS rows_after_as_of,
  ${d.toText(`MIN(CASE WHEN day > ${asOfSql} THEN day END)`)} AS first_after_as_of${orderCheck}
FROM (
  SELECT
    ${d.trimmedId(cols.customer)} AS customer_id,
    ${day} AS day,
    ${amount} AS amount${needOrder ? `,
    ${d.trimmedId(cols.order as string)} AS order_id` : ''}
  FROM ${from}
) checked`;
  return params.finish(sql, d.name);
}

function readAfterAsOf(value: unknown): AfterAsOf {
  return readOneOf(value, ['options', 'afterAsOf'], AFTER_AS_OF, 'error');
}

/** `WITH name AS (body) rest` — or, for ClickHouse 18 (no CTEs), `rest` with `FROM name` inlined as a subquery. */
function withTx(d: Dialect, body: string, rest: string): string {
  if (d.name !== 'clickhouse') return `WITH tx AS (\n${body}\n)\n${rest}`;
  // A function replacement: the body may contain `$'` (the trimming regex), a replacement pattern.
  return rest.replace(/\nFROM tx\n/, () => `\nFROM (\n${body}\n) AS tx\n`);
}

/** @internal Build the RFM query over any relation (a table, or a DuckDB table function). */
export function buildRfmSql(options: unknown, relation?: RelationBuilder, runner = false, uniqueOrders: false | 'all' | 'some' = false): SummarySqlQuery {
  checkObject(options);
  const d = dialect(checkDialect(options.dialect, ['options', 'dialect']));
  const orderKey = options.orderKey ?? 'auto';
  if (!(ORDER_KEYS as readonly unknown[]).includes(orderKey)) {
    invalidOption(['options', 'orderKey'], 'unknown orderKey', ORDER_KEYS.join(' | '), orderKey);
  }
  const cols = checkColumns(d, options.columns, orderKey === 'orderId');
  const kind = checkDateKind(options.dateKind);
  const asOf = optionDay(options.asOf, 'asOf');
  const afterAsOf = readAfterAsOf(options.afterAsOf);
  const params = new Params();
  const from = relation === undefined ? d.table(options.table as string, ['options', 'table']) : relation(d, params);
  const asOfSql = d.dateParam(params, asOf);
  const useOrder = cols.order !== undefined && (orderKey === 'auto' || orderKey === 'orderId');
  const orderCol = useOrder ? `,\n    ${d.trimmedId(cols.order as string)} AS order_id` : '';
  let frequency = 'COUNT(*)';
  switch (orderKey) {
    case 'row':
      frequency = 'COUNT(*)';
      break;
    case 'day':
      frequency = 'COUNT(DISTINCT day)';
      break;
    case 'orderId':
      frequency = d.name === 'clickhouse' ? 'uniqExactIf(assumeNotNull(order_id), isNotNull(order_id))' : 'COUNT(DISTINCT order_id)';
      // The DuckDB runner proved every order id distinct (duckdb.ts, ordersAreUnique): one order per row.
      if (runner && uniqueOrders && d.name === 'duckdb') frequency = 'COUNT(order_id)';
      break;
    case 'auto':
      if (runner && uniqueOrders !== false && d.name === 'duckdb' && useOrder) {
        // Every order id is distinct (proved by the runner), so a customer's distinct orders are its rows
        // with an order id; rows without one still count their distinct days. Only then: any DISTINCT
        // aggregate, even one filtered down to no rows, doubles DuckDB's time for this query.
        frequency = uniqueOrders === 'all' ? 'COUNT(order_id)' : 'COUNT(order_id) + COUNT(DISTINCT day) FILTER (WHERE order_id IS NULL)';
        break;
      }
      if (d.name === 'clickhouse') {
        // ClickHouse 18: COUNT(DISTINCT) of only NULLs is NULL (and 1 + NULL is NULL): count with -If combinators.
        frequency = useOrder ? 'uniqExactIf(assumeNotNull(order_id), isNotNull(order_id)) + uniqExactIf(day, isNull(order_id))' : 'uniqExact(day)';
        break;
      }
      // Rows with an order id count their distinct orders, rows without one their distinct days. DuckDB runs
      // each DISTINCT aggregate as its own hash table over all rows, so there one DISTINCT over an (order, day)
      // struct does both (on 10M rows with 10M order ids: 7.8 s instead of 10.1 s); other engines get the sum.
      if (!useOrder) frequency = 'COUNT(DISTINCT day)';
      else if (d.name === 'duckdb') {
        frequency = 'COUNT(DISTINCT CASE WHEN order_id IS NOT NULL OR day IS NOT NULL THEN struct_pack(o := order_id, d := CASE WHEN order_id IS NULL THEN day END) END)';
      } else frequency = 'COUNT(DISTINCT order_id) + COUNT(DISTINCT CASE WHEN order_id IS NULL THEN day END)';
      break;
  }
  // DuckDB's fsum is a compensated (Kahan–Babuška) sum; PostgreSQL sums NUMERIC and ClickHouse
  // Decimal128 exactly, converted to a double once (docs/scale.md: monetary to the cent).
  const sum = d.moneySum('amount');
  // The DuckDB runner validates in the same scan: unparsable text dates become NULL (TRY_CAST)
  // and per-customer counts of bad dates and amounts come back with the summary. It takes the
  // exact sum columns instead of FSUM.
  const dayExpr = runner && (kind === 'text' || kind === 'timestamptz') ? `CAST(TRY_CAST(${cols.date} AS TIMESTAMPTZ) AS DATE)` : d.day(cols.date, kind);
  const checks = runner
    ? `,\n  ${EXACT_SUM_COLUMNS},\n  CAST(SUM(CASE WHEN day IS NULL OR NOT isfinite(day) THEN 1 ELSE 0 END) AS DOUBLE) AS bad_date,\n  CAST(SUM(CASE WHEN amount IS NULL OR NOT isfinite(amount) THEN 1 ELSE 0 END) AS DOUBLE) AS bad_amount`
    : '';
  const withoutOrder = orderKey === 'orderId' ? ',\n  SUM(CASE WHEN order_id IS NULL THEN 1 ELSE 0 END) AS rows_without_order' : '';
  // The runner (DuckDB only) reads days as integers since 1970-01-01 and counts as DOUBLE (exact
  // below 2^53): no date text to parse and no BigInt per count in JavaScript, only for the exact sum.
  const outputs = runner
    ? `CAST(${frequency} AS DOUBLE) AS frequency,
  CAST(MIN(day) - DATE '1970-01-01' AS INTEGER) AS first_day,
  CAST(MAX(day) - DATE '1970-01-01' AS INTEGER) AS last_day,
  CAST(COUNT(*) AS DOUBLE) AS n_rows${checks}${withoutOrder}`
    : `${d.daysBetween(asOfSql, 'MAX(day)')} AS recency,
  ${frequency} AS frequency,
  ${sum} AS monetary,
  ${d.toText('MIN(day)')} AS first_purchase,
  ${d.toText('MAX(day)')} AS last_purchase,
  ${d.daysBetween(asOfSql, 'MIN(day)')} AS tenure,
  COUNT(*) AS n_rows${withoutOrder}`;
  // asOf is inclusive: the text always keeps day <= asOf. The DuckDB runner under 'error' reads all
  // rows and throws on a last day after asOf (one scan); under 'exclude' it keeps bad dates (counted).
  const where = !runner
    ? `\nWHERE day <= ${asOfSql}`
    : afterAsOf === 'exclude'
      ? `\nWHERE day IS NULL OR NOT isfinite(day) OR day <= ${asOfSql}`
      : '';
  const amountExpr = runner ? d.toDouble(cols.amount) : d.money(cols.amount);
  // ORDER BY also for the runner: JavaScript re-sorts in UTF-16 order, and TimSort on input that is
  // already (nearly) in that order takes a linear number of comparisons.
  const sql = withTx(
    d,
    `  SELECT
    ${d.trimmedId(cols.customer)} AS customer_id,
    ${dayExpr} AS day,
    ${amountExpr} AS amount${orderCol}
  FROM ${from}`,
    `SELECT
  customer_id,
  ${outputs}
FROM tx${where}
GROUP BY customer_id
ORDER BY customer_id`,
  );
  return { ...params.finish(sql, d.name), checks: buildChecksSql(d, cols, kind, asOf, relation, options.table, orderKey === 'orderId', afterAsOf) };
}

// Exact sum of doubles in DuckDB (used by summarizeWithDuckDB so that monetary equals rfm's
// exactly rounded sum bit for bit): each amount x is split without error into a multiple of
// 2^-40 (hi = round(x·2^40), an integer) and the remainder r = x − hi·2^-40 (exact by Sterbenz's
// lemma), scaled to an integer at 2^-100. Both are summed as 128-bit integers, and
// monetary = Number(Σhi·2^60 + Σlo) · 2^-100 is then one correctly rounded conversion
// (Number(bigint) rounds to nearest). Exact while amounts have no bits below 2^-100 (|x| ≥ 2^-47
// for a double), i.e. for any currency amount; capacity ~2^87 in total.
// Non-finite amounts are counted separately (bad_amount) and must not break the integer casts.
const FINITE = '(CASE WHEN isfinite(amount) THEN amount ELSE 0 END)';
const EXACT_SUM_COLUMNS =
  `SUM(CAST(ROUND(${FINITE} * 1099511627776.0) AS HUGEINT)) AS monetary_hi,\n` +
  `  SUM(CAST(ROUND((${FINITE} - ROUND(${FINITE} * 1099511627776.0) / 1099511627776.0) * 1267650600228229401496703205376.0) AS HUGEINT)) AS monetary_lo`;

/** @internal Combine the exact-sum columns into the correctly rounded double. */
export function exactSumValue(hi: bigint, lo: bigint): number {
  return Number((hi << 60n) + lo) * 2 ** -100;
}

/**
 * The SQL of `rfm.summarize` (recency/tenure in whole UTC days to `asOf`, frequency = distinct
 * orders or days, monetary = sum) for a warehouse table. Identifiers are checked (SQL-looking
 * names are refused) and quoted; `asOf` is a parameter. Output columns: `customer_id, recency,
 * frequency, monetary, first_purchase, last_purchase, tenure, n_rows` (plus `rows_without_order`
 * for `orderKey: 'orderId'`); a negative recency means rows after `asOf` (rfm would reject them).
 *
 * @example
 * ```ts
 * import { rfmSummarySql } from 'crm-analytics/io';
 * const { sql, params } = rfmSummarySql({
 *   table: 'sales.invoices',
 *   columns: { customerId: 'CustomerID', date: 'InvoiceDate', amount: 'Revenue', orderId: 'Invoice' },
 *   asOf: '2010-12-10',
 * });
 * // run with any driver: await connection.run(sql, params)
 * ```
 */
export function rfmSummarySql(options: RfmSummarySqlOptions): SummarySqlQuery {
  return buildRfmSql(options);
}

/** @internal Build the BTYD query over any relation. */
export function buildBtydSql(options: unknown, relation?: RelationBuilder): SummarySqlQuery {
  checkObject(options);
  const d = dialect(checkDialect(options.dialect, ['options', 'dialect']));
  const cols = checkColumns(d, options.columns, false);
  const kind = checkDateKind(options.dateKind);
  const unit = options.unit;
  if (!(UNITS as readonly unknown[]).includes(unit)) {
    invalidOption(['options', 'unit'], 'unit must be one of day, week, month, quarter, year', UNITS.join(' | '), unit);
  }
  const includeFirst = options.includeFirstPurchase ?? false;
  if (typeof includeFirst !== 'boolean') {
    invalidOption(['options', 'includeFirstPurchase'], 'includeFirstPurchase must be a boolean', 'true or false', includeFirst);
  }
  const asOf = optionDay(options.asOf, 'asOf');
  const cal = options.calibrationEnd === undefined ? undefined : optionDay(options.calibrationEnd, 'calibrationEnd');
  if (cal !== undefined && !(cal < asOf)) {
    invalidOption(['options', 'calibrationEnd'], 'calibrationEnd must be before asOf', 'a date before asOf', options.calibrationEnd);
  }
  const afterAsOf = readAfterAsOf(options.afterAsOf);
  const unitDays = DAYS_PER_UNIT[unit as (typeof UNITS)[number]];
  const checks = buildChecksSql(d, cols, kind, asOf, relation, options.table, false, afterAsOf);
  if (d.name === 'clickhouse') return { ...clickhouseBtyd(d, cols, kind, asOf, cal, unitDays, includeFirst, relation, options.table), checks };
  const params = new Params();
  const from = relation === undefined ? d.table(options.table as string, ['options', 'table']) : relation(d, params);
  const asOfP = d.dateParam(params, asOf);
  const endP = cal === undefined ? asOfP : d.dateParam(params, cal);
  const unitP = d.numberParam(params, unitDays);
  const inUnits = (days: string) => `CAST(${days} AS ${d.double}) / ${unitP}`;

  const freq = includeFirst ? 'COUNT(*)' : 'COUNT(*) - 1';
  const spend = includeFirst ? 'SUM(dd.amount)' : 'SUM(CASE WHEN dd.day > f.first_day THEN dd.amount ELSE 0 END)';
  const holdout =
    cal === undefined
      ? ''
      : `,
hold AS (
  SELECT customer_id, COUNT(*) AS frequency_holdout, SUM(amount) AS holdout_spend
  FROM (
    SELECT customer_id, day, SUM(amount) AS amount
    FROM tx
    WHERE day > ${endP} AND day <= ${asOfP}
    GROUP BY customer_id, day
  ) h
  GROUP BY customer_id
)`;
  const holdCols =
    cal === undefined
      ? ''
      : `,
  COALESCE(h.frequency_holdout, 0) AS frequency_holdout,
  CASE WHEN h.frequency_holdout > 0 THEN h.holdout_spend / h.frequency_holdout ELSE 0 END AS monetary_value_holdout,
  ${inUnits(d.daysBetween(asOfP, endP))} AS duration_holdout`;
  const sql = `WITH tx AS (
  SELECT
    ${d.trimmedId(cols.customer)} AS customer_id,
    ${d.day(cols.date, kind)} AS day,
    CAST(${cols.amount} AS ${d.double}) AS amount
  FROM ${from}
),
days AS (
  SELECT customer_id, day, SUM(amount) AS amount
  FROM tx
  WHERE day <= ${endP}
  GROUP BY customer_id, day
),
firsts AS (
  SELECT customer_id, MIN(day) AS first_day FROM days GROUP BY customer_id
),
cal AS (
  SELECT
    dd.customer_id,
    ${freq} AS frequency,
    ${inUnits(d.daysBetween('MAX(dd.day)', 'f.first_day'))} AS recency,
    ${inUnits(d.daysBetween(endP, 'f.first_day'))} AS ${d.id('T')},
    ${spend} AS repeat_spend
  FROM days dd JOIN firsts f ON dd.customer_id = f.customer_id
  GROUP BY dd.customer_id, f.first_day
)${holdout}
SELECT
  c.customer_id,
  c.frequency,
  c.recency,
  c.${d.id('T')},
  CASE WHEN c.frequency > 0 THEN c.repeat_spend / c.frequency ELSE 0 END AS monetary_value${holdCols}
FROM cal c${cal === undefined ? '' : ' LEFT JOIN hold h ON c.customer_id = h.customer_id'}
ORDER BY c.customer_id`;
  return { ...params.finish(sql, d.name), checks };
}

/**
 * ClickHouse BTYD: one GROUP BY over the customer's purchase days with -If combinators instead of the
 * CTE joins (ClickHouse 18 has no CTEs and only USING joins; on a Distributed table the inner
 * (customer, day) aggregation runs on the shards). Same columns and meaning as the ANSI text.
 */
function clickhouseBtyd(
  d: Dialect,
  cols: { customer: string; date: string; amount: string },
  kind: SqlDateKind,
  asOf: string,
  cal: string | undefined,
  unitDays: number,
  includeFirst: boolean,
  relation: RelationBuilder | undefined,
  table: unknown,
): SqlQuery {
  const params = new Params();
  const from = relation === undefined ? d.table(table as string, ['options', 'table']) : relation(d, params);
  const asOfP = d.dateParam(params, asOf);
  const endP = cal === undefined ? asOfP : d.dateParam(params, cal);
  const unitP = d.numberParam(params, unitDays);
  const inCal = `day <= ${endP}`;
  const first = `minIf(day, ${inCal})`;
  const days = `countIf(${inCal})`;
  const frequency = includeFirst ? days : `(${days} - 1)`;
  const spend = includeFirst ? `sumIf(amount, ${inCal})` : `(sumIf(amount, ${inCal}) - argMinIf(amount, day, ${inCal}))`;
  const holdout =
    cal === undefined
      ? ''
      : `,
  countIf(day > ${endP}) AS frequency_holdout,
  if(assumeNotNull(countIf(day > ${endP}) > 0), sumIf(amount, day > ${endP}) / countIf(day > ${endP}), 0) AS monetary_value_holdout,
  CAST(${asOfP} - ${endP} AS Float64) / ${unitP} AS duration_holdout`;
  const sql = `SELECT
  customer_id,
  ${frequency} AS frequency,
  CAST(maxIf(day, ${inCal}) - ${first} AS Float64) / ${unitP} AS recency,
  CAST(${endP} - ${first} AS Float64) / ${unitP} AS ${d.id('T')},
  if(assumeNotNull(${frequency} > 0), ${spend} / ${frequency}, 0) AS monetary_value${holdout}
FROM (
  SELECT customer_id, day, SUM(amount) AS amount
  FROM (
    SELECT
      ${d.trimmedId(cols.customer)} AS customer_id,
      ${d.day(cols.date, kind)} AS day,
      toFloat64(${cols.amount}) AS amount
    FROM ${from}
  ) AS tx
  WHERE day <= ${asOfP}
  GROUP BY customer_id, day
) AS days
GROUP BY customer_id
HAVING ${days} > 0
ORDER BY customer_id`;
  return params.finish(sql, d.name);
}

/**
 * The SQL of `clv.btydSummary` (lifetimes' `summary_data_from_transaction_data` with daily
 * periods: same-day purchases merged, frequency = purchase days − 1, recency and T in `unit`,
 * monetary_value = mean spend of the repeat days) and, with `calibrationEnd`, of
 * `calibrationHoldoutSplit`. Output columns: `customer_id, frequency, recency, T, monetary_value`
 * (+ `frequency_holdout, monetary_value_holdout, duration_holdout`).
 *
 * @example
 * ```ts
 * import { btydSummarySql } from 'crm-analytics/io';
 * const { sql, params } = btydSummarySql({
 *   table: 'cdnow', columns: { customerId: 'id', date: 'day', amount: 'dollars' },
 *   asOf: '1997-09-30', unit: 'week', dateKind: 'date',
 * });
 * ```
 */
export function btydSummarySql(options: BtydSummarySqlOptions): SummarySqlQuery {
  return buildBtydSql(options);
}
