import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { btydSummary, calibrationHoldoutSplit } from '../../src/clv/index.js';
import { loadCdnowSummary, loadCdnowTransactions, loadOnlineRetailInvoices } from '../../src/datasets/index.js';
import { summarizeWithDuckDB } from '../../src/io/index.js';
import { summarize } from '../../src/rfm/index.js';
import { rejection } from '../crm-error.js';

const RETAIL = join(__dirname, '..', '..', 'data', 'online_retail_II_2009_2010_invoices.csv.gz');
const RETAIL_COLUMNS = { customerId: 'CustomerID', date: 'InvoiceDate', amount: 'Revenue', orderId: 'Invoice' };
const tmp = mkdtempSync(join(tmpdir(), 'crm-duckdb-'));
const CDNOW_PARQUET = join(tmp, 'cdnow.parquet');
const CDNOW_DB = join(tmp, 'cdnow.duckdb');
const CDNOW_COLUMNS = { customerId: 'customer', date: 'day', amount: 'dollars' };

// btydSummary adds spend sequentially and DuckDB in its own order: the means may differ in the
// last bits. Everything else (ids, counts, days, recency, T, durations) must be identical.
function expectBtydEqual(actual: Record<string, unknown>[], expected: Record<string, unknown>[]): void {
  expect(actual.map((r) => r.customerId)).toEqual(expected.map((r) => r.customerId));
  let maxRel = 0;
  actual.forEach((a, i) => {
    const e = expected[i] as Record<string, unknown>;
    expect(Object.keys(a).sort()).toEqual(Object.keys(e).sort());
    for (const k of Object.keys(e)) {
      if (k.startsWith('monetary')) {
        const x = a[k] as number;
        const y = e[k] as number;
        const rel = y === 0 ? Math.abs(x) : Math.abs(x - y) / Math.abs(y);
        maxRel = Math.max(maxRel, rel);
      } else expect(a[k], `${String(e.customerId)}.${k}`).toBe(e[k]);
    }
  });
  expect(maxRel).toBeLessThan(4e-15);
}

beforeAll(async () => {
  // CDNOW transactions as a Parquet file (DATE column) and as a table in a DuckDB database file.
  const csv = join(tmp, 'cdnow.csv');
  writeFileSync(csv, ['customer,day,dollars,cds', ...loadCdnowTransactions().map((t) => `${t.customerId},${t.date},${t.amount},${t.quantity}`)].join('\n'));
  const instance = await DuckDBInstance.create(CDNOW_DB);
  const con = await instance.connect();
  await con.run(`CREATE TABLE cdnow AS SELECT CAST(customer AS VARCHAR) AS customer, CAST(day AS DATE) AS day, dollars, cds FROM read_csv($1)`, [csv]);
  await con.run(`COPY cdnow TO '${CDNOW_PARQUET.replace(/'/g, "''")}' (FORMAT parquet)`);
  con.closeSync();
  instance.closeSync();
}, 60_000);

describe('summarizeWithDuckDB equals the in-process summaries', () => {
  it('rfm.summarize on the bundled Online Retail II invoices (CSV, gzip): identical records, bit for bit', async () => {
    const expected = summarize(loadOnlineRetailInvoices(), { asOf: '2010-12-10' });
    const actual = await summarizeWithDuckDB(RETAIL, { columns: RETAIL_COLUMNS, asOf: '2010-12-10' });
    expect(actual).toHaveLength(4_312);
    expect(actual).toEqual(expected);
  });

  it("rfm orderKey 'day' and 'row' agree too", async () => {
    const rows = loadOnlineRetailInvoices();
    for (const orderKey of ['day', 'row'] as const) {
      const actual = await summarizeWithDuckDB({ csv: RETAIL }, { columns: RETAIL_COLUMNS, asOf: '2010-12-31', orderKey });
      expect(actual).toEqual(summarize(rows, { asOf: '2010-12-31', orderKey }));
    }
  });

  it('clv.btydSummary with a calibration/holdout split on Online Retail II (weeks)', async () => {
    const expected = btydSummary(loadOnlineRetailInvoices(), { asOf: '2010-12-09', calibrationEnd: '2010-09-01', unit: 'week' });
    const actual = await summarizeWithDuckDB(RETAIL, { summary: 'btyd', columns: RETAIL_COLUMNS, asOf: '2010-12-09', calibrationEnd: '2010-09-01', unit: 'week' });
    expect(actual.length).toBeGreaterThan(3_000);
    expectBtydEqual(actual as unknown as Record<string, unknown>[], expected as unknown as Record<string, unknown>[]);
  });

  it('CDNOW from Parquet reproduces the published calibration summary (lifetimes cdnow_customers_summary, 2 dp)', async () => {
    const actual = await summarizeWithDuckDB({ parquet: CDNOW_PARQUET }, { summary: 'btyd', columns: CDNOW_COLUMNS, asOf: '1997-09-30', unit: 'week', afterAsOf: 'exclude' });
    const published = loadCdnowSummary();
    expect(actual).toHaveLength(2_357);
    const byId = new Map(actual.map((r) => [r.customerId, r]));
    const round2 = (x: number) => Math.round(x * 100) / 100;
    for (const p of published) {
      const a = byId.get(p.customerId);
      expect(a, p.customerId).toBeDefined();
      expect(a!.frequency).toBe(p.frequency);
      expect(round2(a!.recency)).toBeCloseTo(p.recency, 9);
      expect(round2(a!.T)).toBeCloseTo(p.T, 9);
    }
    const tx = loadCdnowTransactions().map((t) => ({ customerId: t.customerId, date: t.date, amount: t.amount }));
    expectBtydEqual(actual as unknown as Record<string, unknown>[], btydSummary(tx, { asOf: '1997-09-30', unit: 'week', afterAsOf: 'exclude' }) as unknown as Record<string, unknown>[]);
  });

  it('CDNOW from a DuckDB table: calibration to 1997-09-30, holdout to 1998-06-30 has 1,882 repeat days (README)', async () => {
    const actual = await summarizeWithDuckDB({ table: 'cdnow', database: CDNOW_DB }, { summary: 'btyd', columns: CDNOW_COLUMNS, asOf: '1998-06-30', calibrationEnd: '1997-09-30', unit: 'week' });
    expect(actual.reduce((s, r) => s + (r as { frequencyHoldout: number }).frequencyHoldout, 0)).toBe(1_882);
    const tx = loadCdnowTransactions().map((t) => ({ customerId: t.customerId, date: t.date, amount: t.amount }));
    const expected = calibrationHoldoutSplit(tx, { calibrationEnd: '1997-09-30', asOf: '1998-06-30', unit: 'week' });
    expectBtydEqual(actual as unknown as Record<string, unknown>[], expected as unknown as Record<string, unknown>[]);
  });

  it('engine settings (threads, memoryLimit) do not change the (exact) RFM result', async () => {
    const a = await summarizeWithDuckDB(CDNOW_PARQUET, { columns: CDNOW_COLUMNS, asOf: '1998-06-30' });
    const b = await summarizeWithDuckDB(CDNOW_PARQUET, { columns: CDNOW_COLUMNS, asOf: '1998-06-30', threads: 1, memoryLimit: '256MB' });
    expect(b).toEqual(a);
    const tx = loadCdnowTransactions().map((t) => ({ customerId: t.customerId, date: t.date, amount: t.amount }));
    expect(a).toEqual(summarize(tx, { asOf: '1998-06-30' }));
  });

  it("orderKey 'auto' counts orders where there is an id and days where there is none, as rfm does", async () => {
    // Repeated order ids (order lines), blank ids on one day and on two days, an id equal to a date's text.
    const file = join(tmp, 'mixed-orders.csv');
    const rows = [
      { customerId: 'a', orderId: 'O1', date: '2024-01-01', amount: 1 },
      { customerId: 'a', orderId: 'O1', date: '2024-01-01', amount: 2 },
      { customerId: 'a', orderId: '', date: '2024-01-01', amount: 3 },
      { customerId: 'a', orderId: '', date: '2024-01-01', amount: 4 },
      { customerId: 'a', orderId: ' ', date: '2024-01-02', amount: 5 },
      { customerId: 'a', orderId: '2024-01-02', date: '2024-01-02', amount: 6 },
      { customerId: 'b', orderId: '', date: '2024-01-03', amount: 7 },
      { customerId: 'b', orderId: 'O2', date: '2024-01-03', amount: 8 },
      { customerId: 'c', orderId: 'O3', date: '2024-01-04', amount: 9 },
      { customerId: 'c', orderId: 'O4', date: '2024-01-04', amount: 10 },
    ];
    writeFileSync(file, ['id,ord,ts,amt', ...rows.map((r) => `${r.customerId},"${r.orderId}",${r.date},${r.amount}`)].join('\n'));
    const actual = await summarizeWithDuckDB({ csv: file }, { columns: { customerId: 'id', orderId: 'ord', date: 'ts', amount: 'amt' }, asOf: '2024-01-10' });
    // In JavaScript a row without an order has no orderId (the CSV readers map blank cells to missing).
    const expected = summarize(
      rows.map(({ orderId, ...r }) => (orderId.trim() === '' ? r : { ...r, orderId })),
      { asOf: '2024-01-10' },
    );
    expect(actual).toEqual(expected);
    expect(actual.map((r) => r.frequency)).toEqual([4, 2, 2]);
  });

  it('text dates with zones are taken in UTC, as core parses them', async () => {
    const file = join(tmp, 'zones.csv');
    writeFileSync(file, 'id,ts,amt\na,2024-01-01T23:30:00-02:00,1\na,2024-01-03T00:30:00+02:00,2\nb,2024-01-02 12:00:00,3\n');
    const rows = [
      { customerId: 'a', date: '2024-01-01T23:30:00-02:00', amount: 1 },
      { customerId: 'a', date: '2024-01-03T00:30:00+02:00', amount: 2 },
      { customerId: 'b', date: '2024-01-02 12:00:00', amount: 3 },
    ];
    const actual = await summarizeWithDuckDB({ csv: file }, { columns: { customerId: 'id', date: 'ts', amount: 'amt' }, asOf: '2024-01-10' });
    expect(actual).toEqual(summarize(rows, { asOf: '2024-01-10' }));
    expect(actual[0]!.firstPurchase).toBe('2024-01-02');
    expect(actual[0]!.frequency).toBe(1);
  });
});

describe('summarizeWithDuckDB rejects bad input before the summary query', () => {

  it('a missing column: INVALID_OPTION listing the available ones', async () => {
    const e = await rejection(summarizeWithDuckDB(RETAIL, { columns: { ...RETAIL_COLUMNS, amount: 'Amount' }, asOf: '2010-12-10' }));
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.path).toEqual(['options', 'columns', 'amount']);
    expect(e.message).toContain('"Revenue"');
  });

  it('a column of the wrong type: INVALID_INPUT', async () => {
    const e = await rejection(summarizeWithDuckDB(RETAIL, { columns: { ...RETAIL_COLUMNS, amount: 'InvoiceDate' }, asOf: '2010-12-10' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.path).toEqual(['options', 'columns', 'amount']);
    expect(e.message).toContain('TIMESTAMP');
  });

  it('SQL-looking column names never reach DuckDB', async () => {
    const e = await rejection(summarizeWithDuckDB(RETAIL, { columns: { ...RETAIL_COLUMNS, customerId: 'x"); DROP TABLE t; --' }, asOf: '2010-12-10' }));
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.path).toEqual(['options', 'columns', 'customerId']);
  });

  it('missing values, unparsable dates, rows after asOf', async () => {
    const file = join(tmp, 'bad.csv');
    writeFileSync(file, 'id,ts,amt\na,2024-01-01,1\n,2024-01-02,2\n');
    const e1 = await rejection(summarizeWithDuckDB({ csv: file }, { columns: { customerId: 'id', date: 'ts', amount: 'amt' }, asOf: '2024-01-10' }));
    expect(e1.path).toEqual(['source', 'customerId']);
    expect(e1.data).toMatchObject({ rows: 1 });
    writeFileSync(file, 'id,ts,amt\na,2024-01-01,1\nb,2024-02-30,2\n');
    const e2 = await rejection(summarizeWithDuckDB({ csv: file }, { columns: { customerId: 'id', date: 'ts', amount: 'amt' }, asOf: '2024-01-10' }));
    expect(e2.path).toEqual(['source', 'date']);
    writeFileSync(file, 'id,ts,amt\na,2024-01-01,1\nb,2024-02-01,2\n');
    const e3 = await rejection(summarizeWithDuckDB({ csv: file }, { columns: { customerId: 'id', date: 'ts', amount: 'amt' }, asOf: '2024-01-10' }));
    expect(e3.message).toMatch(/after asOf/);
  });

  it('missing file: IO_ERROR; bad options: INVALID_OPTION', async () => {
    const e = await rejection(summarizeWithDuckDB(join(tmp, 'none.csv'), { columns: RETAIL_COLUMNS, asOf: '2010-12-10' }));
    expect(e.code).toBe('IO_ERROR');
    const o = await rejection(summarizeWithDuckDB(RETAIL, { columns: RETAIL_COLUMNS, asOf: '2010-12-10', summary: 'clv' as 'rfm' }));
    expect(o.path).toEqual(['options', 'summary']);
    const s = await rejection(summarizeWithDuckDB(42 as never, { columns: RETAIL_COLUMNS, asOf: '2010-12-10' }));
    expect(s.path).toEqual(['source']);
    const m = await rejection(summarizeWithDuckDB(RETAIL, { columns: RETAIL_COLUMNS, asOf: '2010-12-10', memoryLimit: "1GB'; DROP" }));
    expect(m.path).toEqual(['options', 'memoryLimit']);
    const t = await rejection(summarizeWithDuckDB(RETAIL, { columns: RETAIL_COLUMNS, asOf: '2010-12-10', threads: 0 }));
    expect(t.path).toEqual(['options', 'threads']);
  });
});
