import { describe, expect, it } from 'vitest';
import { btydSummarySql, rfmSummarySql } from '../../src/io/index.js';
import { thrown } from '../crm-error.js';

const columns = { customerId: 'CustomerID', date: 'InvoiceDate', amount: 'Revenue', orderId: 'Invoice' };


describe('rfmSummarySql', () => {
  it('quotes identifiers, passes asOf as a parameter and never splices values', () => {
    const { sql, params } = rfmSummarySql({ table: 'sales.invoices', columns, asOf: '2010-12-10T15:00:00Z' });
    expect(params).toEqual(['2010-12-10']);
    expect(sql).toContain('FROM "sales"."invoices"');
    expect(sql).toContain('CAST("CustomerID" AS VARCHAR)');
    expect(sql).toContain('(CAST($1 AS DATE) - MAX(day)) AS recency');
    // DuckDB: one DISTINCT over (order, day-when-no-order); other engines add two DISTINCT counts.
    expect(sql).toContain('COUNT(DISTINCT CASE WHEN order_id IS NOT NULL OR day IS NOT NULL THEN struct_pack(o := order_id, d := CASE WHEN order_id IS NULL THEN day END) END) AS frequency');
    expect(rfmSummarySql({ table: 't', columns, asOf: '2024-01-01', dialect: 'postgres' }).sql).toContain(
      'COUNT(DISTINCT order_id) + COUNT(DISTINCT CASE WHEN order_id IS NULL THEN day END) AS frequency',
    );
    expect(sql).not.toContain('2010');
  });

  it('orderKey variants change only the frequency expression', () => {
    const f = (orderKey: 'day' | 'row' | 'orderId') => rfmSummarySql({ table: 't', columns, asOf: '2024-01-01', orderKey }).sql;
    expect(f('day')).toContain('COUNT(DISTINCT day) AS frequency');
    expect(f('row')).toContain('COUNT(*) AS frequency');
    expect(f('orderId')).toContain('rows_without_order');
    const e = thrown(() => rfmSummarySql({ table: 't', columns: { customerId: 'c', date: 'd', amount: 'a' }, asOf: '2024-01-01', orderKey: 'orderId' }));
    expect(e.path).toEqual(['options', 'columns', 'orderId']);
  });

  it('dialects: quoting, day difference and placeholders', () => {
    const spark = rfmSummarySql({ table: 'db.t', columns, asOf: '2024-01-01', dialect: 'spark' });
    expect(spark.sql).toContain('FROM `db`.`t`');
    expect(spark.sql).toContain('DATEDIFF(CAST(? AS DATE), MAX(day))');
    expect(spark.sql).toContain('AS STRING');
    // '?' placeholders: one value per occurrence, in text order.
    expect(spark.params).toEqual(['2024-01-01', '2024-01-01', '2024-01-01']);
    expect(spark.sql.match(/\?/g)).toHaveLength(3);
    const bq = rfmSummarySql({ table: 'p.d.t', columns, asOf: '2024-01-01', dialect: 'bigquery', dateKind: 'text' });
    expect(bq.sql).toContain('DATE_DIFF(CAST(? AS DATE), MAX(day), DAY)');
    expect(bq.sql).toContain("DATE(CAST(`InvoiceDate` AS TIMESTAMP), 'UTC')");
    expect(bq.sql).toContain('FLOAT64');
    const sf = rfmSummarySql({ table: 't', columns, asOf: '2024-01-01', dialect: 'snowflake' });
    expect(sf.sql).toContain('DATEDIFF(day, MAX(day), CAST(? AS DATE))');
    const pg = rfmSummarySql({ table: 't', columns, asOf: '2024-01-01', dialect: 'postgres', dateKind: 'date' });
    expect(pg.sql).toContain('"InvoiceDate" AS day');
    expect(pg.sql).toContain('DOUBLE PRECISION');
    expect(pg.params).toEqual(['2024-01-01']);
  });

  it('refuses SQL-looking names before anything runs', () => {
    for (const bad of ['a"; DROP TABLE x; --', "a'b", 'x -- y', 'x /* y */', 'a;b', 'a`b', 'tab\tname', '']) {
      const e = thrown(() => rfmSummarySql({ table: 't', columns: { ...columns, amount: bad }, asOf: '2024-01-01' }));
      expect(e.code).toBe('INVALID_OPTION');
      expect(e.path).toEqual(['options', 'columns', 'amount']);
    }
    const t = thrown(() => rfmSummarySql({ table: 'x; DELETE FROM y', columns, asOf: '2024-01-01' }));
    expect(t.path).toEqual(['options', 'table']);
    // Ordinary names with blanks and punctuation are fine.
    expect(rfmSummarySql({ table: 't', columns: { ...columns, amount: 'Revenue (GBP) #1' }, asOf: '2024-01-01' }).sql).toContain('"Revenue (GBP) #1"');
  });

  it('bad option values are INVALID_OPTION with their path', () => {
    expect(thrown(() => rfmSummarySql({ table: 't', columns, asOf: 'soon' })).path).toEqual(['options', 'asOf']);
    expect(thrown(() => rfmSummarySql({ table: 't', columns, asOf: '2024-01-01', dialect: 'mysql' as 'duckdb' })).path).toEqual(['options', 'dialect']);
    expect(thrown(() => rfmSummarySql({ table: 't', columns, asOf: '2024-01-01', dateKind: 'epoch' as 'date' })).path).toEqual(['options', 'dateKind']);
    expect(thrown(() => rfmSummarySql(null as never)).path).toEqual(['options']);
  });
});

describe('btydSummarySql', () => {
  it('parameters: asOf, calibrationEnd and the unit length, $n reused', () => {
    const { sql, params } = btydSummarySql({ table: 't', columns, asOf: '1998-06-30', calibrationEnd: '1997-09-30', unit: 'week' });
    // Numbered in order of first appearance in the text.
    expect(params).toEqual(['1997-09-30', 7, '1998-06-30']);
    expect(sql).toContain('WHERE day <= CAST($1 AS DATE)');
    expect(sql).toContain('WHERE day > CAST($1 AS DATE) AND day <= CAST($3 AS DATE)');
    expect(sql).toContain('duration_holdout');
    expect(sql).toContain('/ CAST($2 AS DOUBLE)');
  });
  it('month is 365.25/12 days; without calibrationEnd there is no holdout', () => {
    const { sql, params } = btydSummarySql({ table: 't', columns, asOf: '2024-01-01', unit: 'month' });
    expect(params).toEqual(['2024-01-01', 365.25 / 12]);
    expect(sql).not.toContain('holdout');
  });
  it('validates unit and calibrationEnd < asOf', () => {
    expect(thrown(() => btydSummarySql({ table: 't', columns, asOf: '2024-01-01', unit: 'fortnight' as 'week' })).path).toEqual(['options', 'unit']);
    expect(thrown(() => btydSummarySql({ table: 't', columns, asOf: '2024-01-01', calibrationEnd: '2024-02-01', unit: 'week' })).path).toEqual(['options', 'calibrationEnd']);
  });
  it("'?' dialects list one parameter per placeholder in text order", () => {
    const { sql, params } = btydSummarySql({ table: 't', columns, asOf: '1998-06-30', calibrationEnd: '1997-09-30', unit: 'week', dialect: 'snowflake' });
    expect(sql.match(/\?/g)?.length).toBe(params.length);
    // The first placeholder in the text is the calibration end (WHERE day <= end in `days`).
    expect(params[0]).toBe('1997-09-30');
  });
});
