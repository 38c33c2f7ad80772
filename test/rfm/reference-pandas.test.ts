import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareTransactions } from '../../src/core/index.js';
import { score, scoreThresholds, segment, summarize } from '../../src/rfm/index.js';
import { FIXTURES, onlineRetailInvoices, readCsv } from './helpers.js';

// Reference: shared/data/transactions/reference/rfm_online_retail_II_pandas.csv (pandas 1.5.3,
// snapshot 2010-12-10), copied gzipped to test/fixtures/rfm/. Input: the bundled invoice table.
describe('pandas tutorial convention on Online Retail II (4,312 customers)', () => {
  const ref = readCsv(join(FIXTURES, 'rfm_online_retail_II_pandas.csv.gz'));
  const table = prepareTransactions(onlineRetailInvoices());
  const summaries = summarize(table, { asOf: '2010-12-10' });
  const scores = score(summaries, { convention: 'pandas' });

  it('has one summary per reference customer, in the same (id) order', () => {
    expect(ref).toHaveLength(4312);
    expect(summaries.map((s) => s.customerId)).toEqual(ref.map((r) => r.CustomerID));
  });

  it('reproduces recency, frequency and monetary (to the cent) for every customer', () => {
    const bad: string[] = [];
    summaries.forEach((s, i) => {
      const r = ref[i]!;
      if (s.recency !== Number(r.recency) || s.frequency !== Number(r.frequency) || s.monetary.toFixed(2) !== Number(r.monetary).toFixed(2)) {
        bad.push(`${s.customerId}: ${s.recency}/${s.frequency}/${s.monetary} vs ${r.recency}/${r.frequency}/${r.monetary}`);
      }
    });
    expect(bad).toEqual([]);
  });

  it('reproduces R, F and M for every customer', () => {
    const bad: string[] = [];
    scores.forEach((s, i) => {
      const r = ref[i]!;
      if (s.r !== Number(r.R) || s.f !== Number(r.F) || s.m !== Number(r.M)) bad.push(`${s.customerId}: ${s.rfm} vs ${r.R}${r.F}${r.M}`);
    });
    expect(bad).toEqual([]);
  });

  it('has the published recency edges 1/15/36/71/176/374', () => {
    const t = scoreThresholds(summaries, { convention: 'pandas' });
    expect(t.recency.edges).toEqual([1, 15, 36, 71, 176, 374]);
    expect(t.recency.bandScores).toEqual([5, 4, 3, 2, 1]);
    expect(t.frequency.counts.reduce((a, b) => a + b, 0)).toBe(4312);
  });

  it('reproduces the RF-map segments and their published counts', () => {
    const segs = segment(scores, { table: 'pandas-rf-map' });
    const bad = segs.filter((s, i) => s.segment !== ref[i]!.segment).map((s) => s.customerId);
    expect(bad).toEqual([]);
    const counts = new Map<string, number>();
    for (const s of segs) counts.set(s.segment, (counts.get(s.segment) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({
      hibernating: 1015,
      loyal_customers: 742,
      champions: 663,
      at_risk: 611,
      potential_loyalists: 517,
      about_to_sleep: 343,
      need_attention: 207,
      promising: 87,
      cant_loose: 77,
      new_customers: 50,
    });
  });

  it('gives the same result from rows and from the prepared table', () => {
    const rows = onlineRetailInvoices();
    expect(summarize(rows, { asOf: '2010-12-10' })).toEqual(summaries);
  });
});
