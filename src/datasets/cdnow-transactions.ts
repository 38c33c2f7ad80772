import { CompactColumns, loadCompact, type CompactRecords } from './compact.js';
import { corrupt, parseBundledNumber, readBundledText } from './locate.js';

/** One CDNOW purchase record (1997-01-01 .. 1998-06-30). */
export interface CdnowTransaction {
  /** Sample id without padding, `"1"` .. `"2357"` (matches {@link loadCdnowSummary}). */
  customerId: string;
  /** Id in the full 23,570-customer master file, zero-padded as published (`"00004"`). */
  masterId: string;
  /** Purchase day `YYYY-MM-DD`. */
  date: string;
  /** Number of CDs bought. */
  quantity: number;
  /** Dollar value of the purchase. */
  amount: number;
}

const FILE = 'CDNOW_sample.txt.gz';

/**
 * The CDNOW 1/10 sample transactions (2,357 customers, 6,919 records; 6,696 customer-days after
 * merging same-day purchases), the data behind the BG/NBD and Pareto/NBD papers. Records are kept
 * as published (no merging), in file order.
 *
 * @example
 * ```ts
 * import { loadCdnowTransactions } from 'crm-analytics/datasets';
 * const tx = loadCdnowTransactions();
 * tx[0]; // { customerId: '1', masterId: '00004', date: '1997-01-01', quantity: 2, amount: 29.33 }
 * ```
 */
export function loadCdnowTransactions(): CdnowTransaction[] {
  return loadCompact('cdnow-transactions', parseCdnowTransactionsCsv, decodeTransactions);
}

/** Rows from the compact columns: one object literal per row (one shape, no keyed stores). */
function decodeTransactions(data: CompactRecords): CdnowTransaction[] {
  const c = new CompactColumns(data);
  const customerId = c.get<string>('customerId');
  const masterId = c.get<string>('masterId');
  const date = c.get<string>('date');
  const quantity = c.get<number>('quantity');
  const amount = c.get<number>('amount');
  const out: CdnowTransaction[] = new Array(c.n);
  for (let i = 0; i < c.n; i++) {
    out[i] = { customerId: customerId[i] as string, masterId: masterId[i] as string, date: date[i] as string, quantity: quantity[i]!, amount: amount[i]! };
  }
  return out;
}

/** The text-file parse behind {@link loadCdnowTransactions} (internal: the source of truth of the compact form). */
export function parseCdnowTransactionsCsv(): CdnowTransaction[] {
  // A fixed whitespace-aligned file (not CSV): five columns separated by runs of blanks, CRLF.
  const lines = readBundledText(FILE).split(/\r?\n/);
  const out: CdnowTransaction[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    const f = line.split(/\s+/);
    const d = f[2] ?? '';
    if (f.length !== 5 || !/^\d{8}$/.test(d) || !/^\d+$/.test(f[1] ?? '')) corrupt(FILE, i + 1, 'expected 5 columns: master_id sample_id YYYYMMDD cds dollars', line);
    out.push({
      customerId: String(Number(f[1])),
      masterId: f[0] as string,
      date: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`,
      quantity: parseBundledNumber(FILE, i + 1, f[3]),
      amount: parseBundledNumber(FILE, i + 1, f[4]),
    });
  }
  return out;
}
