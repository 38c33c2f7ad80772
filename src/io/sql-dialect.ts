/**
 * The small SQL vocabulary the pushdown queries need, per engine. Everything else in the
 * generated SQL is the ANSI subset these engines share (CTEs, CAST, CASE, GROUP BY, COUNT
 * DISTINCT, SUM/MIN/MAX, JOIN … USING). Identifiers are validated and quoted here; values are
 * never spliced into SQL text, they go to `params`.
 */
import { type CrmErrorPath, invalidOption } from '../core/index.js';

/**
 * Target engine of the generated SQL. `'duckdb'`, `'postgres'` and `'clickhouse'` are executed in CI
 * (`summarizeWithDuckDB`, `summarizeWithPostgres`, `summarizeWithClickHouse`); the Spark SQL, BigQuery
 * and Snowflake texts are parsed (docs/scale.md).
 */
export type SqlDialect = 'duckdb' | 'postgres' | 'clickhouse' | 'spark' | 'bigquery' | 'snowflake';

/** How the date column is stored, which decides how its UTC calendar day is taken. */
export type SqlDateKind = 'date' | 'timestamp' | 'timestamptz' | 'text';

/** A query and its positional parameters, ready for a driver's prepared statement. */
export interface SqlQuery {
  sql: string;
  params: (string | number)[];
}

const DIALECTS: readonly SqlDialect[] = ['duckdb', 'postgres', 'clickhouse', 'spark', 'bigquery', 'snowflake'];

// Names that look like SQL rather than a column: quotes, statement separators, comments, control
// characters. Quoting alone would make them harmless, but such a name is almost certainly a bug
// or an attack, so it is refused before any query runs.
const SQL_LOOKING = /["'`;\\]|--|\/\*|\*\/|[\u0000-\u001f\u007f]/;

/** Check one identifier (column or table part) and return it unchanged. */
export function checkIdentifier(name: unknown, path: CrmErrorPath): string {
  if (typeof name !== 'string' || name.trim() === '') {
    invalidOption(path, 'a column or table name is required', 'a non-empty name', name);
  }
  if (name.length > 128 || SQL_LOOKING.test(name)) {
    invalidOption(path, 'refusing a name that looks like SQL', 'a plain name (letters, digits, blanks, _ - . ( ) # / % allowed; no quotes, ; or comments; at most 128 characters)', name);
  }
  return name;
}

/** Dialect helpers. */
export interface Dialect {
  name: SqlDialect;
  /** Quote a checked identifier. */
  id(name: string): string;
  /** Quote a possibly schema-qualified table name (`schema.table`, parts split on '.'). */
  table(name: string, path: CrmErrorPath): string;
  text: string;
  double: string;
  /** Whole days from `from` to `to` (both DATE expressions). */
  daysBetween(to: string, from: string): string;
  /** The UTC calendar day of a column of the given kind, as a DATE expression. */
  day(column: string, kind: SqlDateKind): string;
  /** A DATE parameter. */
  dateParam(params: Params, isoDate: string): string;
  /** A numeric parameter. */
  numberParam(params: Params, value: number): string;
  /** An expression as text (ClickHouse: `toString`, which passes NULL through). */
  toText(x: string): string;
  /** An expression as a double (ClickHouse: `toFloat64`, which passes NULL through). */
  toDouble(x: string): string;
  /** An id column as trimmed text, NULL when blank (the CSV readers' rule: " c1", "c1", "c1 " are one id). */
  trimmedId(column: string): string;
  /** The exact (decimal) sum of an amount column, as a double: PostgreSQL NUMERIC, ClickHouse Decimal128. */
  moneySum(amount: string): string;
  /** The type amounts are cast to in the `tx` relation of the RFM query (exact types where the sum is decimal). */
  money(column: string): string;
}

/**
 * Collects parameter values while a query is built. `add` returns a marker; `finish` replaces the
 * markers in text order by the dialect's placeholders (`$n`, reused for a repeated value, or one
 * `?` per occurrence) and lists the values in that order.
 */
export class Params {
  private readonly values: (string | number)[] = [];
  add(value: string | number): string {
    this.values.push(value);
    return `\u0000${this.values.length - 1}\u0000`;
  }
  finish(sql: string, name: SqlDialect): SqlQuery {
    if (name === 'clickhouse') {
      // ClickHouse 18 (Debian's) has no server-side parameters: the values, which are only ISO dates
      // and finite numbers this module formatted itself (never user text), become literals.
      const text = sql.replace(/\u0000(\d+)\u0000/g, (_m, k: string) => literal(this.values[Number(k)] as string | number));
      return { sql: text, params: [] };
    }
    const dollar = name === 'duckdb' || name === 'postgres';
    const out: (string | number)[] = [];
    const slot = new Map<number, number>();
    const text = sql.replace(/\u0000(\d+)\u0000/g, (_m, k: string) => {
      const i = Number(k);
      const v = this.values[i] as string | number;
      if (!dollar) {
        out.push(v);
        return '?';
      }
      let n = slot.get(i);
      if (n === undefined) {
        out.push(v);
        n = out.length;
        slot.set(i, n);
      }
      return `$${n}`;
    });
    return { sql: text, params: out };
  }
}

/** A ClickHouse literal for a value the builders produced (ISO date text or a finite number). */
function literal(value: string | number): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) invalidOption(['options'], 'a SQL value must be finite', undefined, value);
    return String(value);
  }
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function checkDialect(value: unknown, path: CrmErrorPath): SqlDialect {
  if (value === undefined) return 'duckdb';
  if (typeof value !== 'string' || !(DIALECTS as readonly string[]).includes(value)) {
    invalidOption(path, 'unknown SQL dialect', `one of ${DIALECTS.join(', ')}`, value);
  }
  return value as SqlDialect;
}

/** Build the helpers for a dialect. */
export function dialect(name: SqlDialect): Dialect {
  const backtick = name === 'spark' || name === 'bigquery' || name === 'clickhouse';
  const id = (n: string): string => (backtick ? `\`${n}\`` : `"${n}"`);
  const text = name === 'spark' || name === 'bigquery' ? 'STRING' : name === 'clickhouse' ? 'String' : 'VARCHAR';
  const double = name === 'bigquery' || name === 'clickhouse' ? (name === 'bigquery' ? 'FLOAT64' : 'Float64') : name === 'postgres' ? 'DOUBLE PRECISION' : 'DOUBLE';
  return {
    name,
    id,
    table(tableName: string, path: CrmErrorPath): string {
      checkIdentifier(tableName, path);
      return tableName
        .split('.')
        .map((part) => id(checkIdentifier(part, path)))
        .join('.');
    },
    text,
    double,
    daysBetween(to: string, from: string): string {
      switch (name) {
        case 'duckdb':
        case 'postgres':
        case 'clickhouse':
          return `(${to} - ${from})`;
        case 'spark':
          return `DATEDIFF(${to}, ${from})`;
        case 'bigquery':
          return `DATE_DIFF(${to}, ${from}, DAY)`;
        case 'snowflake':
          return `DATEDIFF(day, ${from}, ${to})`;
      }
    },
    day(column: string, kind: SqlDateKind): string {
      switch (kind) {
        case 'date':
          return column;
        case 'timestamp':
          return name === 'clickhouse' ? `toDate(${column})` : `CAST(${column} AS DATE)`;
        case 'timestamptz':
        case 'text':
          // ClickHouse: DateTime is an instant (UTC day of it); text is parsed with UTC for zoneless values.
          if (name === 'clickhouse') return kind === 'text' ? `toDate(parseDateTimeBestEffort(${column}, 'UTC'), 'UTC')` : `toDate(${column}, 'UTC')`;
          // Text without a zone is UTC (as core/time parses it); with a zone it is converted to
          // UTC first. Needs the session time zone set to UTC (DuckDB: SET TimeZone='UTC').
          if (name === 'bigquery') return `DATE(CAST(${column} AS TIMESTAMP), 'UTC')`;
          if (name === 'spark') return `TO_DATE(CAST(${column} AS TIMESTAMP))`;
          if (name === 'snowflake') return `CAST(CAST(${column} AS TIMESTAMP_TZ) AS DATE)`;
          return `CAST(CAST(${column} AS TIMESTAMPTZ) AS DATE)`;
      }
    },
    // $1, $2 … for DuckDB and PostgreSQL; `?` for Spark SQL (3.4+), BigQuery and Snowflake (see Params).
    dateParam(params, isoDate) {
      return `CAST(${params.add(isoDate)} AS DATE)`;
    },
    numberParam(params, value) {
      return `CAST(${params.add(value)} AS ${double})`;
    },
    toText(x) {
      return name === 'clickhouse' ? `toString(${x})` : `CAST(${x} AS ${text})`;
    },
    toDouble(x) {
      return name === 'clickhouse' ? `toFloat64(${x})` : `CAST(${x} AS ${double})`;
    },
    trimmedId(column) {
      // SQL TRIM removes spaces (the CSV readers also remove tabs and line breaks at the ends).
      if (name === 'clickhouse') return `nullIf(replaceRegexpAll(toString(${column}), '^ +| +$', ''), '')`;
      // DuckDB: TRIM builds a new string for every row (≈ 0.5 s of CPU per id column on 10M rows);
      // only values that start or end with a space, or are empty, need it. Same result.
      if (name === 'duckdb') {
        const x = `CAST(${column} AS ${text})`;
        return `CASE WHEN ${x} = '' OR prefix(${x}, ' ') OR suffix(${x}, ' ') THEN NULLIF(TRIM(${x}), '') ELSE ${x} END`;
      }
      return `NULLIF(TRIM(CAST(${column} AS ${text})), '')`;
    },
    money(column) {
      // PostgreSQL: NUMERIC straight from the column (a NUMERIC column stays exact; a double's 15 significant
      // digits). ClickHouse: whole units of 1e-8 as Decimal128 (exact while |amount| < 9e7; the
      // shortest-text route fails because ClickHouse 18 parses some floats 1 ulp off, giving 17 digits).
      if (name === 'postgres') return `CAST(${column} AS NUMERIC)`;
      if (name === 'clickhouse') return `toDecimal128(round(toFloat64(${column}) * 100000000), 0)`;
      return `CAST(${column} AS ${double})`;
    },
    moneySum(amount) {
      if (name === 'duckdb') return `FSUM(${amount})`;
      if (name === 'postgres') return `CAST(SUM(${amount}) AS ${double})`;
      if (name === 'clickhouse') return `toFloat64(SUM(${amount})) / 100000000`;
      return `SUM(${amount})`;
    },
  };
}
