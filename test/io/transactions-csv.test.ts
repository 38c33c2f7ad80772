import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareTransactions } from '../../src/core/index.js';
import { readTransactionsCsv, readTransactionsTable, streamTransactionBatches, streamTransactionsCsv, type CsvRowError } from '../../src/io/index.js';
import { summarize, summarizeStream } from '../../src/rfm/index.js';
import { rejection } from '../crm-error.js';

const fixture = (name: string) => join(__dirname, '..', 'fixtures', 'io', name);
const RETAIL = join(__dirname, '..', '..', 'data', 'online_retail_II_2009_2010_invoices.csv.gz');
const RETAIL_COLUMNS = { customerId: 'CustomerID', date: 'InvoiceDate', amount: 'Revenue', orderId: 'Invoice' } as const;
const BAD_COLUMNS = { customerId: 'customer', date: 'when', amount: 'total', orderId: 'order', item: 'sku', quantity: 'qty' } as const;
const tmp = mkdtempSync(join(tmpdir(), 'crm-io-'));


describe('readTransactionsCsv on the bundled Online Retail II invoices', () => {
  it('reads every invoice with the published totals (data/README: 19,213 invoices, 4,312 customers, 8,832,003.27)', async () => {
    const { rows, errors, errorCount, records, header } = await readTransactionsCsv(RETAIL, { columns: RETAIL_COLUMNS, onError: 'collect' });
    expect(header).toEqual(['CustomerID', 'Invoice', 'InvoiceDate', 'Revenue', 'Lines']);
    expect(records).toBe(19_213);
    expect(rows).toHaveLength(19_213);
    expect(errors).toEqual([]);
    expect(errorCount).toBe(0);
    expect(rows[0]).toEqual({ customerId: '13085', orderId: '489434', date: '2009-12-01 07:45:00', amount: 505.3 });
    expect(new Set(rows.map((r) => r.customerId)).size).toBe(4_312);
    // Summed in cents: invoice revenues are rounded to 2 dp, so the total is 1 cent below the
    // README's figure, which was summed over the unrounded lines.
    const cents = rows.reduce((s, r) => s + Math.round(r.amount * 100), 0);
    expect(Math.abs(cents - 883_200_327)).toBeLessThanOrEqual(1);
    // An independent check of the whole parse: the raw text split by hand (this file has no quoting).
    const text = gunzipSync(readFileSync(RETAIL)).toString('utf8').trim().split('\n').slice(1);
    const last = text[text.length - 1]!.split(',');
    expect(rows[rows.length - 1]).toEqual({ customerId: last[0], orderId: last[1], date: last[2], amount: Number(last[3]) });
  });

  it('readTransactionsTable gives the same table as prepareTransactions(rows)', async () => {
    const { table } = await readTransactionsTable(RETAIL, { columns: RETAIL_COLUMNS });
    const { rows } = await readTransactionsCsv(RETAIL, { columns: RETAIL_COLUMNS });
    const direct = prepareTransactions(rows);
    expect(table.customerIds).toEqual(direct.customerIds);
    expect(Array.from(table.day)).toEqual(Array.from(direct.day));
    expect(table.orderIds).toHaveLength(19_213);
  });

  it('streamTransactionsCsv yields the same rows one by one', async () => {
    const { rows } = await readTransactionsCsv(RETAIL, { columns: RETAIL_COLUMNS });
    const streamed = [];
    for await (const row of streamTransactionsCsv(RETAIL, { columns: RETAIL_COLUMNS })) streamed.push(row);
    expect(streamed).toEqual(rows);
  });

  it('streamTransactionBatches feeds rfm.summarizeStream with the same result as summarize', async () => {
    const { rows } = await readTransactionsCsv(RETAIL, { columns: RETAIL_COLUMNS });
    let batches = 0;
    async function* counted() {
      for await (const b of streamTransactionBatches(RETAIL, { columns: RETAIL_COLUMNS })) {
        batches++;
        yield b;
      }
    }
    const streamed = await summarizeStream(counted(), { asOf: '2010-12-10' });
    expect(streamed).toEqual(summarize(rows, { asOf: '2010-12-10' }));
    expect(batches).toBeGreaterThan(1);
    expect(batches).toBeLessThan(rows.length / 10);
  });
});

describe('gzip detection by magic bytes, not by name', () => {
  const plain = 'id,d,a\nx,2024-01-01,1.5\ny,2024-01-02,2\n';
  it('reads a gzip file without a .gz suffix and a plain file named .gz', async () => {
    const gzNoSuffix = join(tmp, 'gzipped.csv');
    writeFileSync(gzNoSuffix, gzipSync(plain));
    const plainGz = join(tmp, 'plain.csv.gz');
    writeFileSync(plainGz, plain);
    const opts = { columns: { customerId: 'id', date: 'd', amount: 'a' } };
    const a = await readTransactionsCsv(gzNoSuffix, opts);
    const b = await readTransactionsCsv(plainGz, opts);
    expect(a.rows).toEqual([
      { customerId: 'x', date: '2024-01-01', amount: 1.5 },
      { customerId: 'y', date: '2024-01-02', amount: 2 },
    ]);
    expect(b.rows).toEqual(a.rows);
  });

  it('truncated gzip is an IO_ERROR', async () => {
    const bad = join(tmp, 'truncated.csv.gz');
    const gz = gzipSync(plain + 'z,2024-01-03,3\n'.repeat(500));
    writeFileSync(bad, gz.subarray(0, gz.length - 20));
    const e = await rejection(readTransactionsCsv(bad, { columns: { customerId: 'id', date: 'd', amount: 'a' } }));
    expect(e.code).toBe('IO_ERROR');
    expect(e.message).toMatch(/truncated\.csv\.gz/);
  });
});

describe('bad rows', () => {
  it('collect mode keeps the good rows and lists each bad one with its line and field', async () => {
    const { rows, errors, errorCount, records } = await readTransactionsCsv(fixture('bad-rows.csv'), { columns: BAD_COLUMNS, onError: 'collect' });
    expect(rows).toEqual([
      { customerId: 'c1', date: '2024-01-05', amount: 10.5, orderId: 'A1', item: 'X', quantity: 1 },
      { customerId: 'c2', date: '2024-01-06T10:30:00Z', amount: -3, orderId: 'A2', item: 'Y', quantity: 2 },
      { customerId: 'c "7"', date: '2024-01-11', amount: 1000, orderId: 'A8' },
      { customerId: 'c8', date: '2024-01-12', amount: 2, orderId: 'A9', item: 'multi\nline item', quantity: 1 },
    ]);
    const brief = errors.map((e: CsvRowError) => [e.line, e.field, e.column, e.value]);
    expect(brief).toEqual([
      [4, 'customerId', 'customer', ''],
      [5, 'date', 'when', '2024-02-30'],
      [6, 'amount', 'total', '12abc'],
      [7, 'amount', 'total', ''],
      [8, 'quantity', 'qty', 'two'],
      [13, null, null, undefined],
    ]);
    expect(errors[2]!.message).toMatch(/not a number/);
    expect(errors[3]!.message).toMatch(/missing amount/);
    expect(errors[5]!.message).toMatch(/malformed CSV record/);
    expect(errorCount).toBe(6);
    expect(records).toBe(9);
  });

  it('throw mode stops at the first bad row with INVALID_INPUT naming line and field', async () => {
    const e = await rejection(readTransactionsCsv(fixture('bad-rows.csv'), { columns: { ...BAD_COLUMNS, customerId: 'order' } }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.path).toEqual([5, 'date']);
    expect(e.message).toContain('line 5');
    expect(e.message).toContain('"when"');
    expect(e.received).toBe('"2024-02-30"');
  });

  it('throw mode reports a malformed record as IO_ERROR with its line', async () => {
    const file = join(tmp, 'unclosed.csv');
    writeFileSync(file, 'id,d,a\nx,2024-01-01,1\ny,"2024-01-02,2\n');
    const e = await rejection(readTransactionsCsv(file, { columns: { customerId: 'id', date: 'd', amount: 'a' } }));
    expect(e.code).toBe('IO_ERROR');
    expect(e.message).toMatch(/malformed CSV/);
  });

  it('a record with a different number of fields is reported, not shifted', async () => {
    const file = join(tmp, 'ragged.csv');
    writeFileSync(file, 'id,d,a\nx,2024-01-01,1\ny,2024-01-02,2,extra\nz,2024-01-03,3\n');
    const r = await readTransactionsCsv(file, { columns: { customerId: 'id', date: 'd', amount: 'a' }, onError: 'collect' });
    expect(r.rows.map((x) => x.customerId)).toEqual(['x', 'z']);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.line).toBe(3);
  });

  it('maxErrors caps the list but errorCount counts all; skipBlankCustomerId skips silently', async () => {
    const file = join(tmp, 'many-bad.csv');
    const lines = ['id,d,a'];
    for (let i = 0; i < 50; i++) lines.push(`c${i},2024-01-01,x${i}`);
    lines.push(',2024-01-01,1', 'ok,2024-01-01,1');
    writeFileSync(file, lines.join('\n'));
    const r = await readTransactionsCsv(file, { columns: { customerId: 'id', date: 'd', amount: 'a' }, onError: 'collect', maxErrors: 3, skipBlankCustomerId: true });
    expect(r.errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(r.errorCount).toBe(50);
    expect(r.skipped).toBe(1);
    expect(r.rows).toEqual([{ customerId: 'ok', date: '2024-01-01', amount: 1 }]);
  });

  it('streamTransactionsCsv sends bad rows to onRowError in collect mode', async () => {
    const seen: number[] = [];
    const ids: string[] = [];
    for await (const row of streamTransactionsCsv(fixture('bad-rows.csv'), { columns: BAD_COLUMNS, onError: 'collect', onRowError: (e) => seen.push(e.line) })) ids.push(row.customerId);
    expect(ids).toEqual(['c1', 'c2', 'c "7"', 'c8']);
    expect(seen).toEqual([4, 5, 6, 7, 8, 13]);
  });
});

describe('options', () => {
  it('a column missing from the header is INVALID_OPTION listing the header', async () => {
    const e = await rejection(readTransactionsCsv(RETAIL, { columns: { ...RETAIL_COLUMNS, amount: 'Amount' } }));
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.path).toEqual(['options', 'columns', 'amount']);
    expect(e.message).toContain('"Revenue"');
  });

  it('rejects bad option values before reading', async () => {
    const e1 = await rejection(readTransactionsCsv(RETAIL, { columns: { customerId: '', date: 'd', amount: 'a' } }));
    expect(e1.path).toEqual(['options', 'columns', 'customerId']);
    const e2 = await rejection(readTransactionsCsv(RETAIL, { columns: RETAIL_COLUMNS, onError: 'ignore' as 'throw' }));
    expect(e2.path).toEqual(['options', 'onError']);
    const e3 = await rejection(readTransactionsCsv(RETAIL, { columns: RETAIL_COLUMNS, header: false }));
    expect(e3.path).toEqual(['options', 'columns', 'customerId']);
    const e4 = await rejection(readTransactionsCsv(RETAIL, undefined as never));
    expect(e4.code).toBe('INVALID_OPTION');
  });

  it('missing files and directories are IO_ERROR', async () => {
    const e = await rejection(readTransactionsCsv(join(tmp, 'nope.csv'), { columns: RETAIL_COLUMNS }));
    expect(e.code).toBe('IO_ERROR');
    expect(e.message).toMatch(/file not found/);
    const d = await rejection(readTransactionsCsv(tmp, { columns: RETAIL_COLUMNS }));
    expect(d.code).toBe('IO_ERROR');
  });

  it("header: false with indices; ';' delimiter with decimal ','; thousands separators rejected", async () => {
    const r = await readTransactionsCsv(fixture('semicolon-decimal-comma.csv'), {
      header: false,
      delimiter: ';',
      decimal: ',',
      columns: { customerId: 0, date: 1, amount: 2 },
      onError: 'collect',
    });
    // Line 1 is the header text read as data: its date is invalid.
    expect(r.errors.map((e) => [e.line, e.field])).toEqual([
      [1, 'date'],
      [4, 'amount'],
    ]);
    expect(r.rows).toEqual([
      { customerId: 'c1', date: '2024-03-01', amount: 12.5 },
      { customerId: 'c2', date: '2024-03-02', amount: -0.25 },
    ]);
  });

  it('date formats: yyyymmdd, mdy, dmy, epoch-s and a function', async () => {
    const file = join(tmp, 'dates.csv');
    writeFileSync(file, 'id,d,a\nx,19970101,1\ny,19970230,1\n');
    const r = await readTransactionsCsv(file, { columns: { customerId: 'id', date: 'd', amount: 'a' }, dateFormat: 'yyyymmdd', onError: 'collect' });
    expect(r.rows).toEqual([{ customerId: 'x', date: '1997-01-01', amount: 1 }]);
    expect(r.errors[0]!.line).toBe(3);
    writeFileSync(file, 'id,d,a\nx,12/1/2010 8:26,1\ny,13/1/2010,1\n');
    const mdy = await readTransactionsCsv(file, { columns: { customerId: 'id', date: 'd', amount: 'a' }, dateFormat: 'mdy', onError: 'collect' });
    expect(mdy.rows.map((x) => x.date)).toEqual(['2010-12-01T08:26:00']);
    const dmy = await readTransactionsCsv(file, { columns: { customerId: 'id', date: 'd', amount: 'a' }, dateFormat: 'dmy', onError: 'collect' });
    expect(dmy.rows.map((x) => x.date)).toEqual(['2010-01-12T08:26:00', '2010-01-13']);
    writeFileSync(file, 'id,d,a\nx,86400,1\n');
    const ep = await readTransactionsCsv(file, { columns: { customerId: 'id', date: 'd', amount: 'a' }, dateFormat: 'epoch-s' });
    expect(ep.rows[0]!.date).toBe(86_400_000);
    const fn = await readTransactionsCsv(file, { columns: { customerId: 'id', date: 'd', amount: 'a' }, dateFormat: (t) => new Date(Number(t) * 2000) });
    expect(fn.rows[0]!.date).toBe(172_800_000);
  });

  it('ids are kept as strings, including "__proto__" and ids with commas, quotes and leading zeros', async () => {
    const file = join(tmp, 'ids.csv');
    writeFileSync(file, 'id,d,a\n__proto__,2024-01-01,1\n"a,b",2024-01-01,2\n007,2024-01-01,3\n');
    const r = await readTransactionsCsv(file, { columns: { customerId: 'id', date: 'd', amount: 'a' } });
    expect(r.rows.map((x) => x.customerId)).toEqual(['__proto__', 'a,b', '007']);
    expect(Object.getPrototypeOf(r.rows[0])).toBe(Object.prototype);
  });
});

describe('round trip (property)', () => {
  const field = (s: string) => (/[",\n\r]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  it('rows written with RFC 4180 quoting read back equal', async () => {
    const rowArb = fc.record({
      customerId: fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim() !== '' && s === s.trim()),
      day: fc.integer({ min: 0, max: 40_000 }),
      cents: fc.integer({ min: -1_000_000, max: 1_000_000 }),
    });
    let k = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { maxLength: 30 }), async (rows) => {
        const file = join(tmp, `prop-${k++}.csv`);
        const text = ['customer,date,amount', ...rows.map((r) => [field(r.customerId), new Date(r.day * 86_400_000).toISOString().slice(0, 10), (r.cents / 100).toString()].join(','))].join('\r\n');
        writeFileSync(file, k % 2 === 0 ? gzipSync(text) : text);
        const out = await readTransactionsCsv(file, { columns: { customerId: 'customer', date: 'date', amount: 'amount' } });
        expect(out.rows.map((r) => [r.customerId, r.amount])).toEqual(rows.map((r) => [r.customerId, r.cents / 100]));
      }),
      { numRuns: 60, seed: 42 },
    );
  });
});
