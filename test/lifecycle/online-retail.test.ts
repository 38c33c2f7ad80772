import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { prepareTransactions, type Transaction } from '../../src/core/index.js';
import { classify, earlyWarnings, migrationMatrix, DEFAULT_LIFECYCLE_THRESHOLDS as T } from '../../src/lifecycle/index.js';

// Bundled Online Retail II 2009-2010 invoices (4,312 customers) and an independent numpy/scipy
// recomputation of the per-customer signals (test/fixtures/lifecycle/make_reference.py).
const text = gunzipSync(readFileSync(new URL('../../data/online_retail_II_2009_2010_invoices.csv.gz', import.meta.url))).toString('utf8');
const rows: Transaction[] = text
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [customerId, orderId, date, revenue] = line.split(',') as [string, string, string, string];
    return { customerId, orderId, date: `${date.replace(' ', 'T')}Z`, amount: Number(revenue) };
  });
const table = prepareTransactions(rows);
const refText = readFileSync(new URL('../fixtures/lifecycle/online_retail_asof_2010-12-10.csv', import.meta.url), 'utf8');
const ref = refText
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const f = line.split(',');
    const n = (i: number) => (f[i] === 'nan' ? null : Number(f[i]));
    return { customerId: f[0] as string, orders: n(1)!, purchaseDays: n(2)!, tenureDays: n(3)!, recencyDays: n(4)!, medianGap: n(5), spend: n(6)!, periods: n(7)!, slope: n(8), pValue: n(9) };
  });

describe('Online Retail II (4,312 customers), asOf 2010-12-10', () => {
  const r = classify(table, { asOf: '2010-12-10' });
  it('classifies every customer exactly once', () => {
    expect(table.customerIds.length).toBe(4312);
    expect(r.customers.length).toBe(4312);
    expect(r.distribution.reduce((s, d) => s + d.count, 0)).toBe(4312);
    for (const d of r.distribution) expect(d.count).toBeGreaterThan(0);
  });

  it('signals match the independent numpy/scipy computation for all customers', () => {
    expect(ref.length).toBe(4312);
    const by = new Map(r.customers.map((c) => [c.customerId, c.metrics]));
    let trendsCompared = 0;
    for (const x of ref) {
      const m = by.get(x.customerId)!;
      expect(m.orders).toBe(x.orders);
      expect(m.purchaseDays).toBe(x.purchaseDays);
      expect(m.tenureDays).toBeCloseTo(x.tenureDays, 6);
      expect(m.recencyDays).toBeCloseTo(x.recencyDays, 6);
      expect(m.usualGapDays).toBe(x.medianGap);
      expect(m.totalSpend).toBeCloseTo(x.spend, 6);
      expect(m.spendPerPeriod.length).toBe(x.periods);
      if (x.slope !== null && x.pValue !== null) {
        expect(m.trend!.slope).toBeCloseTo(x.slope, 6);
        expect(Math.abs(m.trend!.pValue! - x.pValue)).toBeLessThan(1e-8);
        trendsCompared += 1;
      } else if (x.periods < 3) {
        expect(m.trend).toBeNull();
      } else {
        // scipy gives p = nan for a constant series (all windows 0: the purchases are older than
        // the 12 windows); we document t = 0, p = 1 for it.
        expect(x.slope).toBe(0);
        expect(m.trend).toMatchObject({ slope: 0, tStatistic: 0, pValue: 1, direction: 'flat' });
      }
    }
    expect(trendsCompared).toBeGreaterThan(2500);
  });

  it('stages follow the documented rule ladder applied to the reference signals', () => {
    const expected = new Map<string, string>();
    for (const x of ref) {
      const gap = x.medianGap === null ? null : Math.max(x.medianGap, T.minGapDays);
      const rising = x.pValue !== null && x.pValue < T.trendAlpha && x.slope! > 0;
      const falling = x.pValue !== null && x.pValue < T.trendAlpha && x.slope! < 0;
      let s: string;
      if (x.recencyDays > T.hiatusDays || (gap !== null && x.recencyDays > T.terminationGapMultiple * gap)) s = 'termination';
      else if ((gap !== null && x.recencyDays > T.declineGapMultiple * gap) || (gap === null && x.recencyDays > T.declineDays) || falling) s = 'decline';
      else if (x.orders <= T.acquisitionMaxOrders && x.tenureDays <= T.acquisitionDays) s = 'acquisition';
      else if (rising || x.orders < T.maturityMinOrders || x.tenureDays < T.maturityMinTenureDays) s = 'growth';
      else s = 'maturity';
      expected.set(x.customerId, s);
    }
    const mismatches = r.customers.filter((c) => c.stage !== expected.get(c.customerId));
    expect(mismatches.map((c) => c.customerId)).toEqual([]);
  });

  it('earlyWarnings runs on all customers; churn warnings agree with the decline/termination signals', () => {
    const w = earlyWarnings({ transactions: table }, { asOf: '2010-12-10' });
    const churn = w.warnings.filter((x) => x.kind === 'churn');
    expect(churn.length).toBe(w.summary.counts.find((c) => c.kind === 'churn')!.total);
    expect(w.summary.customersWarned).toBe(new Set(w.warnings.map((x) => x.customerId)).size);
    // spend decline only for customers still buying in the latest month, with a falling 6-month trend
    const decline = w.warnings.filter((x) => x.kind === 'spend-decline');
    expect(decline.length).toBe(w.summary.counts.find((c) => c.kind === 'spend-decline')!.total);
    for (const d of decline) {
      if (d.kind !== 'spend-decline') continue;
      expect(d.metrics.slope).toBeLessThan(0);
      expect(d.metrics.pValue).toBeLessThan(0.1);
      expect(d.metrics.spendPerPeriod.at(-1)!).toBeGreaterThan(0);
    }
    // same gap rule (k = 2) as lifecycle decline, plus 90 days for one-purchase-day customers
    const expected = ref.filter((x) => (x.medianGap !== null ? x.recencyDays > 2 * Math.max(x.medianGap, 7) : x.recencyDays > 90)).length;
    expect(churn.length).toBe(expected);
  });

  it('migration between 2010-06-01 and 2010-12-10 covers every customer', () => {
    const m = migrationMatrix(table, { from: '2010-06-01', to: '2010-12-10' });
    expect(m.total).toBe(4312);
    expect(m.toTotals).toEqual(r.distribution.map((d) => d.count));
  });
});
