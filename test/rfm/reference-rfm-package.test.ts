import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ScoreInput, score, scoreThresholds, segment, segmentSummary, summarize } from '../../src/rfm/index.js';
import { cdnowMaster, FIXTURES, readCsv } from './helpers.js';

// References: shared/data/rfm/reference/*.csv — outputs of R rfm 0.3.0's own functions (R 4.2.2,
// dplyr 1.0.10), copied gzipped to test/fixtures/rfm/. Inputs copied alongside (see README.md).
type Ref = Record<string, string>;

function compareScores(ref: Ref[], summaries: { customerId: string; recency: number; frequency: number; monetary: number }[], scores: { customerId: string; r: number; f: number; m: number; rfm: string }[]): string[] {
  const sById = new Map(summaries.map((s) => [s.customerId, s]));
  const scById = new Map(scores.map((s) => [s.customerId, s]));
  const bad: string[] = [];
  for (const r of ref) {
    const s = sById.get(r.customer_id!);
    const sc = scById.get(r.customer_id!);
    if (s === undefined || sc === undefined) {
      bad.push(`${r.customer_id}: missing`);
      continue;
    }
    // write.csv prints 15 significant digits.
    const same =
      s.recency === Number(r.recency_days) &&
      s.frequency === Number(r.transaction_count) &&
      Number(s.monetary.toPrecision(15)) === Number(r.amount) &&
      sc.r === Number(r.recency_score) &&
      sc.f === Number(r.frequency_score) &&
      sc.m === Number(r.monetary_score) &&
      sc.rfm === r.rfm_score;
    if (!same) bad.push(`${r.customer_id}: ${s.recency}/${s.frequency}/${s.monetary} ${sc.rfm} vs ${r.recency_days}/${r.transaction_count}/${r.amount} ${r.rfm_score}`);
  }
  return bad;
}

function ordersRows() {
  return readCsv(join(FIXTURES, 'rfm_data_orders.csv.gz')).map((r) => ({ customerId: r.customer_id!, date: r.order_date!, amount: Number(r.revenue) }));
}

describe('R rfm 0.3.0: rfm_table_order on rfm_data_orders (995 customers)', () => {
  const ref = readCsv(join(FIXTURES, 'ref_orders_default.csv.gz'));
  const summaries = summarize(ordersRows(), { asOf: '2006-12-31', orderKey: 'row' });
  const scores = score(summaries, { convention: 'rfm-package' });

  it('reproduces recency, count, amount and every score', () => {
    expect(ref).toHaveLength(995);
    expect(summaries).toHaveLength(995);
    expect(compareScores(ref, summaries, scores)).toEqual([]);
    expect(summaries.reduce((a, s) => a + s.frequency, 0)).toBe(4906);
  });

  it('reproduces the threshold table', () => {
    const th = readCsv(join(FIXTURES, 'ref_orders_default_thresholds.csv'));
    const t = scoreThresholds(summaries, { convention: 'rfm-package' });
    for (const [dim, col] of [['recency', 'recency'], ['frequency', 'frequency'], ['monetary', 'monetary']] as const) {
      const lower = th.map((r) => Number(r[`${col}_lower`]));
      const upper = th.map((r) => Number(r[`${col}_upper`]));
      expect(t[dim].edges.slice(0, -1).map((v) => Number(v.toPrecision(15)))).toEqual(lower);
      expect(t[dim].edges.slice(1).map((v) => Number(v.toPrecision(15)))).toEqual(upper);
    }
    expect(t.recency.bandScores).toEqual([5, 4, 3, 2, 1]);
    expect(t.recency.counts).toEqual([197, 200, 199, 199, 200]); // customers per score 1..5
    expect(t.frequency.counts).toEqual([268, 187, 176, 244, 120]);
  });

  it('reproduces both segment columns (README table and testthat table)', () => {
    const a = segment(scores, { table: 'rfm-package' });
    const b = segment(scores, { table: 'rfm-package-tests' });
    const segA = new Map(a.map((s) => [s.customerId, s.segment]));
    const segB = new Map(b.map((s) => [s.customerId, s.segment]));
    expect(ref.filter((r) => segA.get(r.customer_id!) !== r.segment_readme).map((r) => r.customer_id)).toEqual([]);
    expect(ref.filter((r) => segB.get(r.customer_id!) !== r.segment_tests).map((r) => r.customer_id)).toEqual([]);
  });

  it('reproduces the vignette segment summary (table A) and the testthat Champions row (table B)', () => {
    const a = segmentSummary(segment(scores, { table: 'rfm-package' }), summaries);
    expect(a.map((g) => [g.segment, g.customers, g.orders, g.revenue, Math.round(g.averageOrderValue * 100) / 100])).toEqual([
      ['About To Sleep', 102, 283, 23449, 82.86],
      ['At Risk', 28, 216, 22227, 102.9],
      ["Can't Lose Them", 47, 274, 32446, 118.42],
      ['Champions', 35, 316, 31646, 100.15],
      ['Lost', 148, 393, 35324, 89.88],
      ['Loyal Customers', 170, 799, 76562, 95.82],
      ['Need Attention', 10, 57, 4562, 80.04],
      ['New Customers', 104, 329, 28837, 87.65],
      ['Potential Loyalist', 342, 2211, 204856, 92.65],
      ['Promising', 9, 28, 4249, 151.75],
    ]);
    const b = segmentSummary(segment(scores, { table: 'rfm-package-tests' }), summaries);
    expect(b.map((g) => [g.segment, g.customers, g.orders, g.revenue])).toEqual([
      ['About To Sleep', 50, 127, 10914],
      ['At Risk', 86, 438, 44178],
      ['Champions', 158, 1234, 120178],
      ['Lost', 111, 244, 20955],
      ['Loyal Customers', 278, 1708, 166712],
      ['Need Attention', 35, 144, 13287],
      ['Others', 48, 210, 22061],
      ['Potential Loyalist', 229, 801, 65873],
    ]);
  });

  it('reproduces custom breaks c(115,181,297,482) / c(4,5,6,8) / c(256,382,506,666)', () => {
    const refC = readCsv(join(FIXTURES, 'ref_orders_custom_bins.csv.gz'));
    const sc = score(summaries, { convention: { breaks: { recency: [115, 181, 297, 482], frequency: [4, 5, 6, 8], monetary: [256, 382, 506, 666] } } });
    expect(compareScores(refC, summaries, sc)).toEqual([]);
  });
});

describe('R rfm 0.3.0: rfm_table_customer on rfm_data_customer (39,999 customers)', () => {
  const ref = readCsv(join(FIXTURES, 'ref_customer_default.csv.gz'));
  const input: ScoreInput[] = readCsv(join(FIXTURES, 'rfm_data_customer.csv.gz')).map((r) => ({
    customerId: r.customer_id!,
    recency: Number(r.recency_days),
    frequency: Number(r.number_of_orders),
    monetary: Number(r.revenue),
  }));
  const scores = score(input, { convention: 'rfm-package' });

  it('reproduces every score, the breaks and the score counts', () => {
    expect(ref).toHaveLength(39999);
    expect(compareScores(ref, input.map((s) => ({ ...s })), scores)).toEqual([]);
    const t = scoreThresholds(input, { convention: 'rfm-package' });
    expect(t.recency.edges.slice(1, -1)).toEqual([77, 126, 177, 266]);
    expect(t.frequency.edges.slice(1, -1)).toEqual([8, 10, 11, 13]);
    expect(t.monetary.edges.slice(1, -1)).toEqual([641, 827, 1003, 1226]);
    expect(t.recency.counts).toEqual([7994, 7957, 7889, 8108, 8051]);
    expect(t.frequency.counts).toEqual([9427, 9764, 4945, 8204, 7659]);
    expect(t.monetary.counts).toEqual([8016, 7998, 8008, 7997, 7980]);
    expect(input.reduce((a, s) => a + s.frequency, 0)).toBe(393223);
  });
});

describe('R rfm 0.3.0 algorithm on CDNOW_master (23,570 customers, the tie case)', () => {
  const ref = readCsv(join(FIXTURES, 'ref_cdnow_master_rfmpkg.csv.gz'));
  const summaries = summarize(cdnowMaster(), { asOf: '1998-07-01', orderKey: 'row' });
  const scores = score(summaries, { convention: 'rfm-package' });

  it('reproduces every customer, with frequency score 2 empty', () => {
    expect(ref).toHaveLength(23570);
    expect(compareScores(ref, summaries, scores)).toEqual([]);
    const t = scoreThresholds(summaries, { convention: 'rfm-package' });
    expect(t.frequency.edges.slice(1, -1)).toEqual([2, 2, 3, 5]); // type-7 quantiles 1, 1, 2, 4 plus 1: band [2, 2) is empty
    expect(t.frequency.counts).toEqual([11908, 0, 4079, 3658, 3925]);
    expect(t.monetary.edges.slice(1, -1).map((v) => Number(v.toPrecision(12)))).toEqual([16.36, 32.35, 60.924, 134.95]);
  });

  it('the pandas convention refuses the same ties unless asked to drop them', () => {
    const cdnow = summaries.map((s) => ({ ...s }));
    // frequency is ranked, so only recency/monetary could tie; both have distinct edges here
    expect(() => score(cdnow, { convention: 'pandas' })).not.toThrow();
  });
});
