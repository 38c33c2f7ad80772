// Issue 20.1–20.3: line-level files (amount = quantity × price), returns policy, dialects and
// encodings give the same rows as a plain ISO/UTF-8 file. The expected totals of the bundled UCI
// sample come from an independent reader (Python csv + decimal, data/make_online_retail_lines_sample.py).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInput } from '../../src/cli/read.js';
import { rejection } from '../crm-error.js';

const SAMPLE = join(__dirname, '..', '..', 'data', 'online_retail_II_2009_2010_lines_sample.csv.gz');
const EXPECTED = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'io', 'online_retail_lines_sample.expected.json'), 'utf8')) as {
  lines: number;
  customers: number;
  keptLines: number;
  invoices: number;
  revenue: string;
  cancelledLines: number;
  returnLines: number;
  zeroPriceLines: number;
  netRevenue: string;
};
const dir = mkdtempSync(join(tmpdir(), 'crm-cli-lines-'));
const cents = (x: number): number => Math.round(x * 100);

describe('line-level files', () => {
  it('UCI layout: columns guessed (Quantity × Price, Invoice), C invoices and zero prices excluded and counted; revenue to the cent', async () => {
    const logs: string[] = [];
    const r = await readInput({ file: SAMPLE, log: (l) => logs.push(l) });
    expect(r.columns).toEqual({ customerId: 'CustomerID', date: 'InvoiceDate', quantity: 'Quantity', price: 'Price', orderId: 'Invoice' });
    expect(logs).toContain('guessed --quantity "Quantity"');
    expect(logs).toContain('guessed --price "Price"');
    expect(r.rows).toHaveLength(EXPECTED.keptLines);
    expect(new Set(r.rows.map((x) => x.customerId)).size).toBe(EXPECTED.customers);
    expect(new Set(r.rows.map((x) => x.orderId)).size).toBe(EXPECTED.invoices);
    expect(cents(r.rows.reduce((s, x) => s + x.amount, 0))).toBe(cents(Number(EXPECTED.revenue)));
    expect(r.input.returns).toMatchObject({ policy: 'exclude', cancelledLines: EXPECTED.cancelledLines, returnLines: EXPECTED.returnLines, zeroPriceLines: EXPECTED.zeroPriceLines });
    expect(r.input.records).toBe(EXPECTED.lines);
  });

  it("returns policy 'net' keeps cancellations as negative amounts (net revenue to the cent)", async () => {
    const r = await readInput({ file: SAMPLE, returns: 'net' });
    expect(r.rows).toHaveLength(EXPECTED.lines);
    expect(cents(r.rows.reduce((s, x) => s + x.amount, 0))).toBe(cents(Number(EXPECTED.netRevenue)));
  });

  const base = [
    ['K-1', '2024-03-04', '2', '5.60', 'A1'],
    ['K-2', '2024-04-25', '1', '12.00', 'A2'],
    ['K-1', '2024-05-13', '3', '0.35', 'A3'],
    ['K-3', '2024-05-13', '-1', '5.60', 'A4'],
  ];
  const iso = `Customer,Date,Qty,UnitPrice,OrderID\n${base.map((r) => r.join(',')).join('\n')}\n`;
  const dmy = (d: string): string => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;
  const european = `Kunde;Datum;Qty;UnitPrice;OrderID\n${base.map(([c, d, q, p, o]) => [c, dmy(d as string), q, (p as string).replace('.', ','), o].join(';')).join('\n')}\n`;

  it("a ';' / decimal-comma / dd.mm.yyyy file, a UTF-16 file and a Latin-1 file read like the ISO one", async () => {
    const plain = join(dir, 'iso.csv');
    writeFileSync(plain, iso);
    const want = await readInput({ file: plain });
    expect(want.rows.map((r) => r.amount)).toEqual([11.2, 12, 1.05]);
    expect(want.input.returns?.returnLines).toBe(1);

    const eu = join(dir, 'eu.csv');
    writeFileSync(eu, european);
    const logs: string[] = [];
    const got = await readInput({ file: eu, columns: { customerId: 'Kunde', date: 'Datum' }, log: (l) => logs.push(l) });
    expect(logs).toEqual(expect.arrayContaining(['guessed --delimiter ";"', 'guessed --decimal ","', 'guessed --date-format dmy']));
    expect(got.rows).toEqual(want.rows.map((r) => ({ ...r, date: `${r.date as string}` })));

    const u16 = join(dir, 'u16.csv');
    writeFileSync(u16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(iso.replace('K-1', 'Kö-1').replaceAll('K-1', 'Kö-1'), 'utf16le')]));
    const r16 = await readInput({ file: u16 });
    expect(r16.rows.map((r) => [r.customerId, r.amount])).toEqual(want.rows.map((r) => [String(r.customerId).replace('K-1', 'Kö-1'), r.amount]));

    const l1 = join(dir, 'latin1.csv');
    writeFileSync(l1, Buffer.from(iso.replaceAll('K-1', 'Kö-1'), 'latin1'));
    const logs1: string[] = [];
    const rl = await readInput({ file: l1, log: (l) => logs1.push(l) });
    expect(logs1).toContain('guessed --encoding latin-1 (the file is not valid UTF-8)');
    expect(rl.rows.map((r) => r.customerId)).toEqual(r16.rows.map((r) => r.customerId));
    expect((await readInput({ file: l1, encoding: 'latin-1' })).rows).toEqual(rl.rows);
  });

  it('ambiguous day/month order asks for --date-format; every unguessable column is reported at once', async () => {
    const amb = join(dir, 'amb.csv');
    writeFileSync(amb, 'Customer,Date,Amount\nc1,03/04/2024,5\nc2,05/06/2024,6\n');
    const e = await rejection(readInput({ file: amb }));
    expect(e.message).toMatch(/day-first or month-first; pass --date-format dmy or --date-format mdy/);
    expect((await readInput({ file: amb, dateFormat: 'mdy' })).rows[0]?.date).toBe('2024-03-04');

    const none = join(dir, 'none.csv');
    writeFileSync(none, 'who,when,Price\nc1,2024-01-01,5\n');
    const m = await rejection(readInput({ file: none }));
    expect(m.message).toContain('--customer COL');
    expect(m.message).toContain('--date COL');
    expect(m.message).toContain('found price "Price" but no quantity');
  });
});
