/** Fixture loading for the RFM tests: gzip CSVs under test/fixtures/rfm and the bundled data/. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import type { Transaction } from '../../src/core/index.js';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(here, '..', 'fixtures', 'rfm');
export const DATA = join(here, '..', '..', 'data');

/** Read a file (gunzipped when it ends in .gz) as text. */
export function readText(path: string): string {
  const buf = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
}

/** Parse a CSV with a header row into records of strings. */
export function readCsv(path: string): Record<string, string>[] {
  return parse(readText(path), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

/** The bundled Online Retail II invoice table as transaction rows (one row per invoice). */
export function onlineRetailInvoices(): Transaction[] {
  return readCsv(join(DATA, 'online_retail_II_2009_2010_invoices.csv.gz')).map((r) => ({
    customerId: r.CustomerID as string,
    orderId: r.Invoice as string,
    date: r.InvoiceDate as string,
    amount: Number(r.Revenue),
  }));
}

/** `Lines` per invoice, in file order (to rebuild a line-level table for benches). */
export function onlineRetailLines(): number[] {
  return readCsv(join(DATA, 'online_retail_II_2009_2010_invoices.csv.gz')).map((r) => Number(r.Lines));
}

/** CDNOW_master transactions (customer_id date number_of_cds dollar_value; whitespace separated, CRLF). */
export function cdnowMaster(): Transaction[] {
  const lines = readText(join(FIXTURES, 'CDNOW_master.txt.gz')).split(/\r?\n/);
  const out: Transaction[] = [];
  for (let i = 1; i < lines.length; i++) {
    const parts = (lines[i] as string).trim().split(/\s+/);
    if (parts.length < 4) continue;
    const [id, d, , value] = parts as [string, string, string, string];
    out.push({ customerId: id, date: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`, amount: Number(value) });
  }
  return out;
}
