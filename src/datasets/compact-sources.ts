/**
 * The compact data sets and how each is encoded from its CSV parser (internal; used by
 * scripts/encode-datasets.ts and test/datasets/compact.test.ts, not by the loaders).
 */
import { parseCdnowSummaryCsv } from './cdnow-summary.js';
import { parseCdnowTransactionsCsv } from './cdnow-transactions.js';
import { encodeBaskets, encodeRecords, type CompactBaskets, type CompactRecords } from './compact.js';
import { parseGroceriesCsv } from './groceries.js';
import { parseOnlineRetailInvoicesCsv } from './online-retail.js';
import { parseTelcoChurnCsv } from './telco-churn.js';

type Rows = Array<Record<string, string | number | boolean | null>>;

export const compactDatasets: Record<string, () => CompactRecords | CompactBaskets> = {
  groceries: () => encodeBaskets(parseGroceriesCsv()),
  'online-retail-invoices': () => encodeRecords(parseOnlineRetailInvoicesCsv() as unknown as Rows),
  'cdnow-summary': () => encodeRecords(parseCdnowSummaryCsv() as unknown as Rows),
  'cdnow-transactions': () => encodeRecords(parseCdnowTransactionsCsv() as unknown as Rows),
  'telco-churn': () => encodeRecords(parseTelcoChurnCsv('null') as unknown as Rows),
};
