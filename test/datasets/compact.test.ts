// The compact (pre-encoded) data sets decode to exactly what the CSV parsers give, and the files
// in data/compact/ are up to date with the CSVs (issue 23 item 2: the CSV stays the source of
// truth). A stale file fails here: rerun `npx tsx scripts/encode-datasets.ts`.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseCdnowSummaryCsv } from '../../src/datasets/cdnow-summary.js';
import { parseCdnowTransactionsCsv } from '../../src/datasets/cdnow-transactions.js';
import { compactDatasets } from '../../src/datasets/compact-sources.js';
import { compactFile, decodeBaskets, decodeRecords, encodeBaskets, encodeRecords } from '../../src/datasets/compact.js';
import { parseGroceriesCsv } from '../../src/datasets/groceries.js';
import { loadCdnowSummary, loadCdnowTransactions, loadGroceries, loadOnlineRetailInvoices, loadTelcoChurn } from '../../src/datasets/index.js';
import { parseOnlineRetailInvoicesCsv } from '../../src/datasets/online-retail.js';
import { parseTelcoChurnCsv } from '../../src/datasets/telco-churn.js';

describe('compact data sets', () => {
  it.each(Object.keys(compactDatasets))('%s: the file in data/compact is what the CSV encodes to', (name) => {
    const stored = JSON.parse(gunzipSync(readFileSync(compactFile(name))).toString('utf8')) as unknown;
    expect(stored).toEqual(JSON.parse(JSON.stringify(compactDatasets[name]!())));
  });

  it('each loader returns exactly the CSV parse (values, key order, types)', () => {
    const same = (a: unknown, b: unknown) => {
      expect(a).toStrictEqual(b);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b)); // key order too
    };
    same(loadGroceries(), parseGroceriesCsv());
    same(loadOnlineRetailInvoices(), parseOnlineRetailInvoicesCsv());
    same(loadCdnowSummary(), parseCdnowSummaryCsv());
    same(loadCdnowTransactions(), parseCdnowTransactionsCsv());
    for (const blank of ['null', 'zero', 'drop'] as const) same(loadTelcoChurn({ blankTotalCharges: blank }), parseTelcoChurnCsv(blank));
    expect(loadTelcoChurn({ blankTotalCharges: 'drop' }).length).toBeLessThan(loadTelcoChurn().length);
  });

  it('round-trips records and baskets with repeats, nulls and booleans', () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ id: `c${i % 7}`, n: i / 3, flag: i % 2 === 0, maybe: i % 5 === 0 ? null : i, u: `u${i}` }));
    expect(decodeRecords(encodeRecords(rows))).toStrictEqual(rows);
    const baskets = [['a', 'b'], [], ['b'], ['c', 'a', 'b']];
    expect(decodeBaskets(encodeBaskets(baskets))).toStrictEqual(baskets);
  });

  it('loaders hand out fresh objects each call (mutating one result does not leak)', () => {
    const a = loadTelcoChurn({ blankTotalCharges: 'zero' });
    expect(loadTelcoChurn().some((r) => r.totalCharges === null)).toBe(true);
    a[0]!.tenure = -1;
    expect(loadTelcoChurn()[0]!.tenure).not.toBe(-1);
  });
});
