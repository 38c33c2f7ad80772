import { CompactColumns, loadCompact, type CompactRecords } from './compact.js';
import { corrupt, parseBundledNumber, parseBundledCsv } from './locate.js';

/** One CDNOW customer's calibration summary (lifetimes' `cdnow_customers_summary.csv`), in weeks. */
export interface CdnowSummaryRow {
  /** Sample id `"1"` .. `"2357"` (the `customerId` of {@link loadCdnowTransactions}). */
  customerId: string;
  /** x: repeat purchase days in the 39-week calibration period (to 1997-09-30). */
  frequency: number;
  /** t_x: weeks from the first to the last purchase day (2 dp). */
  recency: number;
  /** T: weeks from the first purchase day to 1997-09-30 (2 dp). */
  T: number;
}

const FILE = 'cdnow_customers_summary.csv.gz';

/**
 * The CDNOW 1/10 sample calibration summary of Fader, Hardie & Lee (2005): 2,357 customers,
 * `frequency`/`recency`/`T` in weeks, the input of BG/NBD and Pareto/NBD fits (from lifetimes, MIT).
 *
 * @example
 * ```ts
 * import { loadCdnowSummary } from 'crm-analytics/datasets';
 * const summary = loadCdnowSummary();
 * summary[0]; // { customerId: '1', frequency: 2, recency: 30.43, T: 38.86 }
 * ```
 */
export function loadCdnowSummary(): CdnowSummaryRow[] {
  return loadCompact('cdnow-summary', parseCdnowSummaryCsv, decodeSummary);
}

/** Rows from the compact columns: one object literal per row (one shape, no keyed stores). */
function decodeSummary(data: CompactRecords): CdnowSummaryRow[] {
  const c = new CompactColumns(data);
  const customerId = c.get<string>('customerId');
  const frequency = c.get<number>('frequency');
  const recency = c.get<number>('recency');
  const T = c.get<number>('T');
  const out: CdnowSummaryRow[] = new Array(c.n);
  for (let i = 0; i < c.n; i++) out[i] = { customerId: customerId[i] as string, frequency: frequency[i]!, recency: recency[i]!, T: T[i]! };
  return out;
}

/** The CSV parse behind {@link loadCdnowSummary} (internal: the source of truth of the compact form). */
export function parseCdnowSummaryCsv(): CdnowSummaryRow[] {
  const records = parseBundledCsv(FILE);
  const head = records[0]?.join(',');
  if (head !== 'ID,frequency,recency,T') corrupt(FILE, 1, 'unexpected header', head);
  const out: CdnowSummaryRow[] = [];
  for (let i = 1; i < records.length; i++) {
    const r = records[i] as string[];
    const id = (r[0] ?? '').trim();
    if (id === '') corrupt(FILE, i + 1, 'expected an ID', r.join(','));
    out.push({ customerId: id, frequency: parseBundledNumber(FILE, i + 1, r[1]), recency: parseBundledNumber(FILE, i + 1, r[2]), T: parseBundledNumber(FILE, i + 1, r[3]) });
  }
  return out;
}
