import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// Count every DuckDB instance and connection the io module opens and closes, by wrapping the
// real module; and simulate the peer dependency being absent.
const state = vi.hoisted(() => ({ opened: 0, closed: 0, connections: 0, disconnected: 0, }));

vi.mock('@duckdb/node-api', async (importOriginal) => {
  const real = await importOriginal<typeof import('@duckdb/node-api')>();
  return {
    ...real,
    DuckDBInstance: {
      async create(path?: string, options?: Record<string, string>) {
        const instance = await real.DuckDBInstance.create(path, options);
        state.opened++;
        return {
          async connect() {
            const con = await instance.connect();
            state.connections++;
            return {
              run: con.run.bind(con),
              runAndReadAll: con.runAndReadAll.bind(con),
              closeSync() {
                state.disconnected++;
                con.closeSync();
              },
            };
          },
          closeSync() {
            state.closed++;
            instance.closeSync();
          },
        };
      },
    },
  };
});

const RETAIL = join(mkdtempSync(join(tmpdir(), 'crm-duck-life-')), 'small.csv');
writeFileSync(RETAIL, 'CustomerID,Invoice,InvoiceDate,Revenue\n1,A,2010-01-02 10:00:00,5.5\n2,B,2010-03-04 11:00:00,7\n1,C,2010-05-06 12:00:00,1.25\n');
const columns = { customerId: 'CustomerID', date: 'InvoiceDate', amount: 'Revenue', orderId: 'Invoice' };

describe('summarizeWithDuckDB closes the database on every path', () => {
  it('after success and after each kind of failure', async () => {
    const { summarizeWithDuckDB } = await import('../../src/io/index.js');
    const ok = await summarizeWithDuckDB(RETAIL, { columns, asOf: '2010-12-10' });
    expect(ok.map((r) => [r.customerId, r.frequency, r.monetary])).toEqual([
      ['1', 2, 6.75],
      ['2', 1, 7],
    ]);
    await expect(summarizeWithDuckDB(RETAIL, { columns: { ...columns, amount: 'Nope' }, asOf: '2010-12-10' })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    await expect(summarizeWithDuckDB(RETAIL, { columns: { ...columns, amount: 'InvoiceDate' }, asOf: '2010-12-10' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(summarizeWithDuckDB(RETAIL, { columns, asOf: '2010-04-01' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(summarizeWithDuckDB(join(__dirname, 'missing.csv'), { columns, asOf: '2010-12-10' })).rejects.toMatchObject({ code: 'IO_ERROR' });
    // Option errors are raised before a database is opened at all.
    await expect(summarizeWithDuckDB(RETAIL, { columns: { ...columns, amount: 'a;b' }, asOf: '2010-12-10' })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    expect(state.opened).toBe(5);
    expect(state.closed).toBe(5);
    expect(state.connections).toBe(5);
    expect(state.disconnected).toBe(5);
  });

  it('without @duckdb/node-api: MISSING_DEPENDENCY saying how to install it', async () => {
    vi.resetModules();
    vi.doMock('@duckdb/node-api', () => {
      throw new Error("Cannot find package '@duckdb/node-api'");
    });
    const { summarizeWithDuckDB } = await import('../../src/io/index.js');
    const error = await summarizeWithDuckDB(RETAIL, { columns, asOf: '2010-12-10' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'CrmError', code: 'MISSING_DEPENDENCY' });
    expect((error as Error).message).toContain('npm install @duckdb/node-api');
  });
});
