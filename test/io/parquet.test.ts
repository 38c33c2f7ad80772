// Issue 20.3: Parquet input through DuckDB gives the same rows as the CSV it was made from.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { readInput } from '../../src/cli/read.js';
import { parquetToCsv } from '../../src/io/index.js';
import { rejection } from '../crm-error.js';

const SAMPLE = join(__dirname, '..', '..', 'data', 'online_retail_II_2009_2010_lines_sample.csv.gz');
const dir = mkdtempSync(join(tmpdir(), 'crm-io-parquet-'));

describe('Parquet input', () => {
  it('a Parquet copy of the UCI line sample reads back to the same rows, returns and columns', async () => {
    const parquet = join(dir, 'lines.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    await c.run(`COPY (SELECT * FROM read_csv('${SAMPLE.replace(/'/g, "''")}', header = true)) TO '${parquet.replace(/'/g, "''")}' (FORMAT parquet)`);
    c.closeSync();
    instance.closeSync();
    const csv = join(dir, 'back.csv');
    await parquetToCsv(parquet, csv);
    const [want, got] = await Promise.all([readInput({ file: SAMPLE, columns: { item: 'Description' } }), readInput({ file: csv, columns: { item: 'Description' } })]);
    expect(got.columns).toEqual(want.columns);
    expect(got.input.returns).toEqual(want.input.returns);
    expect(got.rows).toHaveLength(want.rows.length);
    expect(got.rows).toEqual(want.rows);
  }, 60_000);

  it('refuses URLs and globs, and reports an unreadable file as IO_ERROR', async () => {
    expect((await rejection(parquetToCsv('https://example.com/x.parquet', join(dir, 'x.csv')))).code).toBe('INVALID_OPTION');
    expect((await rejection(parquetToCsv(join(dir, '*.parquet'), join(dir, 'x.csv')))).code).toBe('INVALID_OPTION');
    expect((await rejection(parquetToCsv(join(dir, 'missing.parquet'), join(dir, 'x.csv')))).code).toBe('IO_ERROR');
  });
});
