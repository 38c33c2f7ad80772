// Test helper: the bundled CDNOW data and the reference fixtures in test/fixtures/clv (no network; nothing outside the repo).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { BtydCustomer } from '../../src/clv/types.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export function readGz(rel: string): string {
  return gunzipSync(readFileSync(root + rel)).toString('utf8');
}

/** The CDNOW sample's transactions (data/CDNOW_sample.txt.gz: master id, sample id, YYYYMMDD, CDs, dollars), ids as lifetimes' (the sample id as a number). */
export function cdnowTransactions(): Array<{ customerId: string; date: string; amount: number }> {
  return readGz('data/CDNOW_sample.txt.gz')
    .trim()
    .split(/\r?\n/)
    .map((line) => {
      const [, sid, d, , amount] = line.trim().split(/\s+/) as [string, string, string, string, string];
      return { customerId: String(Number(sid)), date: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`, amount: Number(amount) };
    });
}

/** The 2,357-row CDNOW calibration summary (weeks), in file order, with ids. */
export function cdnowSummary(): Array<BtydCustomer & { id: string }> {
  return readGz('data/cdnow_customers_summary.csv.gz')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      const [id, f, r, T] = line.split(',');
      return { id: id as string, frequency: Number(f), recency: Number(r), T: Number(T) };
    });
}

export interface ReferenceRow {
  id: string;
  x: number;
  tx: number;
  T: number;
  bgnbdLoglik: number;
  bgnbdPalive: number;
  bgnbdCe39: number;
  pnbdPalive: number;
  pnbdCe39: number;
  pnbdDert: number;
}

export function perCustomerReference(): ReferenceRow[] {
  const lines = readFileSync(root + 'test/fixtures/clv/cdnow_per_customer_reference.csv', 'utf8').trim().split(/\r?\n/);
  const header = (lines[0] as string).split(',');
  const col = (name: string): number => header.indexOf(name);
  return lines.slice(1).map((l) => {
    const c = l.split(',');
    const v = (name: string): number => Number(c[col(name)]);
    return {
      id: c[0] as string,
      x: v('x'),
      tx: v('t_x'),
      T: v('T'),
      bgnbdLoglik: v('bgnbd_loglik'),
      bgnbdPalive: v('bgnbd_palive'),
      bgnbdCe39: v('bgnbd_ce39'),
      pnbdPalive: v('pnbd_palive'),
      pnbdCe39: v('pnbd_ce39'),
      pnbdDert: v('pnbd_dert_d0.002688'),
    };
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const referenceValues: any = JSON.parse(readFileSync(root + 'test/fixtures/clv/reference_values.json', 'utf8'));

/** |a − b| ≤ rel·|b| (+ a tiny absolute floor for values at 0). */
export function relClose(a: number, b: number, rel: number): boolean {
  return Math.abs(a - b) <= rel * Math.abs(b) + 1e-12;
}
