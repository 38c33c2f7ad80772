import { CompactColumns, loadCompact, type CompactRecords } from './compact.js';
import { corrupt, parseBundledNumber, parseBundledCsv } from './locate.js';

/** One invoice of Online Retail II (2009-12-01 .. 2010-12-09), ready for `prepareTransactions`. */
export interface OnlineRetailInvoice {
  /** CustomerID as text, e.g. `"13085"`. */
  customerId: string;
  /** Invoice number, e.g. `"489434"`. */
  orderId: string;
  /** Invoice time `YYYY-MM-DDTHH:MM:SS` (UK shop local time, no zone: read as UTC by the library). */
  date: string;
  /** Invoice revenue Σ quantity × price, rounded to 2 dp (GBP). */
  amount: number;
  /** Number of invoice lines. */
  lines: number;
}

const FILE = 'online_retail_II_2009_2010_invoices.csv.gz';

/**
 * The Online Retail II invoices (UCI id 502, CC BY 4.0): 19,213 invoices of 4,312 customers after
 * the usual cleaning (no guest rows, no cancellations, positive quantity and price). File order.
 *
 * @example
 * ```ts
 * import { loadOnlineRetailInvoices } from 'crm-analytics/datasets';
 * import { prepareTransactions } from 'crm-analytics';
 * const invoices = loadOnlineRetailInvoices();
 * invoices.length; // 19213
 * const table = prepareTransactions(invoices); // extra `lines` field is ignored
 * ```
 */
export function loadOnlineRetailInvoices(): OnlineRetailInvoice[] {
  return loadCompact('online-retail-invoices', parseOnlineRetailInvoicesCsv, decodeInvoices);
}

/** Rows from the compact columns: one object literal per row (one shape, no keyed stores). */
function decodeInvoices(data: CompactRecords): OnlineRetailInvoice[] {
  const c = new CompactColumns(data);
  const customerId = c.dictionary<string>('customerId');
  const orderId = c.get<string>('orderId');
  const date = c.get<string>('date');
  const amount = c.get<number>('amount');
  const lines = c.get<number>('lines');
  const out: OnlineRetailInvoice[] = new Array(c.n);
  for (let i = 0; i < c.n; i++) {
    out[i] = { customerId: customerId.dictionary[customerId.codes.charCodeAt(i) - 0x30] as string, orderId: orderId[i] as string, date: date[i] as string, amount: amount[i]!, lines: lines[i]! };
  }
  return out;
}

/** The CSV parse behind {@link loadOnlineRetailInvoices} (internal: the source of truth of the compact form). */
export function parseOnlineRetailInvoicesCsv(): OnlineRetailInvoice[] {
  const records = parseBundledCsv(FILE);
  const head = records[0]?.join(',');
  if (head !== 'CustomerID,Invoice,InvoiceDate,Revenue,Lines') corrupt(FILE, 1, 'unexpected header', head);
  const out: OnlineRetailInvoice[] = new Array(records.length - 1);
  for (let i = 1; i < records.length; i++) {
    const r = records[i] as string[];
    const date = r[2] ?? '';
    if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(date)) corrupt(FILE, i + 1, 'expected YYYY-MM-DD HH:MM:SS', date);
    if (!r[0] || !r[1]) corrupt(FILE, i + 1, 'expected a customer id and an invoice', r.join(','));
    out[i - 1] = {
      customerId: r[0],
      orderId: r[1],
      date: `${date.slice(0, 10)}T${date.slice(11)}`,
      amount: parseBundledNumber(FILE, i + 1, r[3]),
      lines: parseBundledNumber(FILE, i + 1, r[4]),
    };
  }
  return out;
}
