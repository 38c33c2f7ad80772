/**
 * The dialects CI does not execute (Spark SQL, BigQuery, Snowflake) are parsed by node-sql-parser's
 * grammar for that dialect (Spark SQL with the Hive grammar, its ancestor). The `?` placeholders are
 * renamed `:p1`, `:p2`, … first (the grammars accept named parameters only). PostgreSQL, DuckDB and
 * ClickHouse texts are executed by test/engines (npm run test:engines).
 */
import { describe, expect, it } from 'vitest';
import nodeSqlParser from 'node-sql-parser';
import { basketCountsSql, btydSummarySql, rfmSummarySql, type SqlDialect } from '../../src/io/index.js';

const parser = new nodeSqlParser.Parser();
const columns = { customerId: 'Customer ID', date: 'InvoiceDate', amount: 'Revenue (GBP)', orderId: 'Invoice' };

function texts(dialect: SqlDialect): [string, string][] {
  const out: [string, string][] = [];
  for (const orderKey of ['auto', 'orderId', 'day', 'row'] as const) {
    for (const dateKind of ['date', 'timestamp', 'text'] as const) {
      const q = rfmSummarySql({ table: 'sales.orders', columns, asOf: '2024-01-01', dialect, orderKey, dateKind });
      out.push([`rfm ${orderKey} ${dateKind}`, q.sql], [`checks ${orderKey} ${dateKind}`, q.checks.sql]);
    }
  }
  for (const includeFirstPurchase of [false, true]) {
    out.push([`btyd ${includeFirstPurchase}`, btydSummarySql({ table: 'sales.orders', columns, asOf: '2024-01-01', unit: 'week', dialect, includeFirstPurchase }).sql]);
    out.push([`btyd holdout ${includeFirstPurchase}`, btydSummarySql({ table: 'sales.orders', columns, asOf: '2024-01-01', calibrationEnd: '2023-06-30', unit: 'month', dialect, includeFirstPurchase }).sql]);
  }
  const k = basketCountsSql({ table: 'sales.orders', columns: { basketId: 'Invoice', item: 'StockCode' }, minCount: 3, dialect });
  out.push(['baskets', k.baskets.sql], ['items', k.items.sql], ['pairs', k.pairs.sql]);
  return out;
}

const named = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `:p${++n}`);
};

describe.each([
  ['spark', 'Hive'],
  ['bigquery', 'BigQuery'],
  ['snowflake', 'Snowflake'],
] as const)('%s SQL parses with node-sql-parser (%s grammar)', (dialect, database) => {
  const all = texts(dialect);
  it.each(all)('%s', (_name, sql) => {
    const ast = parser.astify(named(sql), { database });
    expect(Array.isArray(ast) ? ast.length : 1).toBe(1);
    // The only table read is the one given (CTE names aside), in the dialect's quoting.
    const tables = parser.tableList(named(sql), { database }).map((t) => t.split('::').slice(1).join('.'));
    expect(tables.filter((t) => !/^null\.(tx|days|firsts|cal|hold|b|f|fb|raw|checked|h)$/.test(t))).toEqual(['sales.orders']);
  });
  it('a broken text is refused (the check can fail)', () => {
    const sql = named((all[0] as [string, string])[1]).replace('GROUP BY', 'GROUP');
    expect(() => parser.astify(sql, { database })).toThrow();
  });
});
