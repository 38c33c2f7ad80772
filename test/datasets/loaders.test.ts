import { describe, expect, it } from 'vitest';
import { prepareTransactions, toDayNumber } from '../../src/core/index.js';
import {
  listDatasets,
  loadCdnowSummary,
  loadCdnowTransactions,
  loadGroceries,
  loadOnlineRetailInvoices,
  loadTelcoChurn,
} from '../../src/datasets/index.js';

// Expected counts and totals are the ones published in shared/data/*/README.md (copied into
// data/README.md and docs/datasets.md), not computed by this code.

describe('loadOnlineRetailInvoices', () => {
  it('19,213 invoices, 4,312 customers, 2009-12-01 07:45 .. 2010-12-09 20:01, revenue 8,832,003.27 ± 1 cent', () => {
    const rows = loadOnlineRetailInvoices();
    expect(rows).toHaveLength(19_213);
    expect(rows[0]).toEqual({ customerId: '13085', orderId: '489434', date: '2009-12-01T07:45:00', amount: 505.3, lines: 8 });
    expect(new Set(rows.map((r) => r.customerId)).size).toBe(4_312);
    expect(new Set(rows.map((r) => r.orderId)).size).toBe(19_213);
    const cents = rows.reduce((s, r) => s + Math.round(r.amount * 100), 0);
    expect(Math.abs(cents - 883_200_327)).toBeLessThanOrEqual(1);
    expect(rows.reduce((s, r) => s + r.lines, 0)).toBe(407_664);
    const days = rows.map((r) => toDayNumber(r.date));
    expect(Math.min(...days)).toBe(toDayNumber('2009-12-01T07:45:00Z'));
    expect(Math.max(...days)).toBe(toDayNumber('2010-12-09T20:01:00Z'));
  });
  it('feeds prepareTransactions directly', () => {
    const table = prepareTransactions(loadOnlineRetailInvoices());
    expect(table.customerIds).toHaveLength(4_312);
    expect(table.orderIds).toHaveLength(19_213);
  });
  it('returns fresh objects on every call', () => {
    const a = loadOnlineRetailInvoices();
    a[0]!.amount = -1;
    expect(loadOnlineRetailInvoices()[0]!.amount).toBe(505.3);
  });
});

describe('CDNOW', () => {
  it('summary: 2,357 customers, 1,411 with x = 0, Σx = 2,457', () => {
    const s = loadCdnowSummary();
    expect(s).toHaveLength(2_357);
    expect(s[0]).toEqual({ customerId: '1', frequency: 2, recency: 30.43, T: 38.86 });
    expect(s.filter((r) => r.frequency === 0)).toHaveLength(1_411);
    expect(s.reduce((a, r) => a + r.frequency, 0)).toBe(2_457);
  });

  it('transactions: 6,919 records, 2,357 customers, 6,696 customer-days, 4,339 repeat days over 78 weeks', () => {
    const tx = loadCdnowTransactions();
    expect(tx).toHaveLength(6_919);
    expect(tx[0]).toEqual({ customerId: '1', masterId: '00004', date: '1997-01-01', quantity: 2, amount: 29.33 });
    expect(new Set(tx.map((t) => t.customerId)).size).toBe(2_357);
    const days = new Set(tx.map((t) => `${t.customerId}|${t.date}`));
    expect(days.size).toBe(6_696);
    expect(days.size - 2_357).toBe(4_339);
  });

  it('the transactions re-derive the published summary exactly (README procedure, all 2,357 rows)', () => {
    const end = toDayNumber('1997-09-30');
    const perCustomer = new Map<string, Set<number>>();
    for (const t of loadCdnowTransactions()) {
      const d = toDayNumber(t.date);
      if (d > end) continue;
      let set = perCustomer.get(t.customerId);
      if (set === undefined) perCustomer.set(t.customerId, (set = new Set()));
      set.add(d);
    }
    const round2 = (x: number) => Math.round(x * 100) / 100;
    let checked = 0;
    for (const row of loadCdnowSummary()) {
      const days = [...(perCustomer.get(row.customerId) ?? [])];
      const first = Math.min(...days);
      const last = Math.max(...days);
      expect(days.length - 1, row.customerId).toBe(row.frequency);
      expect(round2((last - first) / 7), row.customerId).toBeCloseTo(row.recency, 9);
      expect(round2((end - first) / 7), row.customerId).toBeCloseTo(row.T, 9);
      checked++;
    }
    expect(checked).toBe(2_357);
  });
});

describe('loadGroceries', () => {
  it('9,835 baskets, 169 categories, 43,367 items, largest basket 32, labels trimmed', () => {
    const b = loadGroceries();
    expect(b).toHaveLength(9_835);
    expect(b[0]).toEqual(['citrus fruit', 'semi-finished bread', 'margarine', 'ready soups']);
    const items = new Set(b.flat());
    expect(items.size).toBe(169);
    expect(items.has('cream cheese')).toBe(true);
    expect(items.has('roll products')).toBe(true);
    expect(b.reduce((s, x) => s + x.length, 0)).toBe(43_367);
    expect(Math.max(...b.map((x) => x.length))).toBe(32);
  });
});

describe('loadTelcoChurn', () => {
  it('7,043 customers, 1,869 churners, 11 blank TotalCharges all with tenure 0', () => {
    const c = loadTelcoChurn();
    expect(c).toHaveLength(7_043);
    expect(c.filter((x) => x.churn)).toHaveLength(1_869);
    const blank = c.filter((x) => x.totalCharges === null);
    expect(blank).toHaveLength(11);
    expect(blank.every((x) => x.tenure === 0)).toBe(true);
    expect(c[0]).toMatchObject({ customerId: '7590-VHVEG', gender: 'Female', seniorCitizen: false, partner: true, tenure: 1, monthlyCharges: 29.85, totalCharges: 29.85, churn: false, internetService: 'DSL' });
  });
  it("blankTotalCharges 'zero' and 'drop'; bad option is INVALID_OPTION", () => {
    expect(loadTelcoChurn({ blankTotalCharges: 'zero' }).filter((x) => x.totalCharges === 0)).toHaveLength(11);
    expect(loadTelcoChurn({ blankTotalCharges: 'drop' })).toHaveLength(7_032);
    expect(() => loadTelcoChurn({ blankTotalCharges: 'mean' as 'zero' })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', path: ['options', 'blankTotalCharges'] }));
  });
});

describe('listDatasets', () => {
  it('row counts in the catalog match what the loaders return', () => {
    const counts = new Map<string, number>([
      ['loadOnlineRetailInvoices', loadOnlineRetailInvoices().length],
      ['loadCdnowSummary', loadCdnowSummary().length],
      ['loadCdnowTransactions', loadCdnowTransactions().length],
      ['loadGroceries', loadGroceries().length],
      ['loadTelcoChurn', loadTelcoChurn().length],
    ]);
    const list = listDatasets();
    expect(list).toHaveLength(5);
    for (const d of list) expect(d.rows, d.loader).toBe(counts.get(d.loader));
  });
});
