/**
 * Issue 22 on the DuckDB path: sources are local files only (URLs and globs refused unless
 * allowRemote, extension autoloading off), ids are trimmed as in the CSV readers, and asOf is
 * inclusive with rows after it an error unless afterAsOf: 'exclude'.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { basketCountsWithDuckDB, summarizeCsv, summarizeWithDuckDB } from '../../src/io/index.js';
import { rejection } from '../crm-error.js';

const dir = mkdtempSync(join(tmpdir(), 'crm-duck-local-'));
const columns = { customerId: 'customer', date: 'date', amount: 'amount', orderId: 'order' };
const file = join(dir, 'padded.csv');
writeFileSync(
  file,
  ['customer,date,amount,order', '" c1",2024-01-01,1.5,o1', 'c1,2024-01-02,2,o2', '"c1 ",2024-01-03,3,o3', 'c2,2024-01-03,4,o4'].join('\n'),
);

describe('summarizeWithDuckDB reads local files only', () => {
  it.each([
    ['http://example.com/orders.csv', ['source'], 'URL'],
    ['https://example.com/orders.parquet', ['source'], 'URL'],
    ['s3://bucket/orders.parquet', ['source'], 'URL'],
    ['hf://datasets/x/y.csv', ['source'], 'URL'],
    [join(dir, '*.csv'), ['source'], 'glob'],
    [join(dir, 'orders-[0-9].csv'), ['source'], 'glob'],
  ])('refuses %s', async (source, path, what) => {
    const e = await rejection(summarizeWithDuckDB(source, { columns, asOf: '2024-01-10' }));
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.path).toEqual(path);
    expect(e.message).toContain(what);
    expect(e.message).toContain('allowRemote');
  });

  it('refuses remote objects and databases too, and in basketCountsWithDuckDB', async () => {
    expect((await rejection(summarizeWithDuckDB({ csv: 'https://x.test/a.csv' }, { columns, asOf: '2024-01-10' }))).path).toEqual(['source', 'csv']);
    expect((await rejection(summarizeWithDuckDB({ parquet: 'gcs://b/a.parquet' }, { columns, asOf: '2024-01-10' }))).path).toEqual(['source', 'parquet']);
    expect((await rejection(summarizeWithDuckDB({ table: 't', database: 'md:prod' }, { columns, asOf: '2024-01-10' }))).path).toEqual(['source', 'database']);
    expect((await rejection(basketCountsWithDuckDB('s3://b/lines.parquet', { columns: { basketId: 'o', item: 'i' }, minCount: 2 }))).path).toEqual(['source']);
    expect((await rejection(summarizeWithDuckDB(file, { columns, asOf: '2024-01-10', allowRemote: 'yes' as never }))).path).toEqual(['options', 'allowRemote']);
  });

  it('a Windows drive letter is a path, not a scheme; allowRemote: true still reads local files', async () => {
    const e = await rejection(summarizeWithDuckDB('C:\\no\\such\\file.csv', { columns, asOf: '2024-01-10' }));
    expect(e.code).toBe('IO_ERROR');
    const rows = await summarizeWithDuckDB(file, { columns, asOf: '2024-01-10', allowRemote: true });
    expect(rows.map((r) => r.customerId)).toEqual(['c1', 'c2']);
  });
});

describe('ids trimmed as in the CSV path; asOf inclusive', () => {
  it('" c1", "c1" and "c1 " are one customer, as summarizeCsv says', async () => {
    const duck = await summarizeWithDuckDB(file, { columns, asOf: '2024-01-10' });
    const csv = await summarizeCsv(file, { columns, asOf: '2024-01-10' });
    expect(duck.map((r) => r.customerId)).toEqual(['c1', 'c2']);
    expect(duck.find((r) => r.customerId === 'c1')?.frequency).toBe(3);
    expect(duck).toEqual(csv);
  });

  it('a purchase on asOf counts; later rows are an error unless afterAsOf: exclude (RFM and BTYD)', async () => {
    const onAsOf = await summarizeWithDuckDB(file, { columns, asOf: '2024-01-03' });
    expect(onAsOf.map((r) => r.recency)).toEqual([0, 0]);
    const e = await rejection(summarizeWithDuckDB(file, { columns, asOf: '2024-01-02' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain("afterAsOf: 'exclude'");
    const b = await rejection(summarizeWithDuckDB(file, { summary: 'btyd', columns, asOf: '2024-01-02', unit: 'day' }));
    expect(b.code).toBe('INVALID_INPUT');
    expect(b.message).toContain('2 row(s) dated after asOf 2024-01-02');
    const kept = await summarizeWithDuckDB(file, { columns, asOf: '2024-01-02', afterAsOf: 'exclude' });
    expect(kept.map((r) => [r.customerId, r.frequency, r.monetary])).toEqual([['c1', 2, 3.5]]);
    const btyd = await summarizeWithDuckDB(file, { summary: 'btyd', columns, asOf: '2024-01-02', unit: 'day', afterAsOf: 'exclude' });
    expect(btyd.map((r) => [r.customerId, r.frequency])).toEqual([['c1', 1]]);
  });
});
