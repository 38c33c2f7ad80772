import { describe, expect, it } from 'vitest';
import { bgNbd, calibrationHoldoutSplit, calibrationVsHoldout, cumulativeTracking, paretoNbd, periodTransactions } from '../../src/clv/index.js';
import { CrmError } from '../../src/core/index.js';
import { cdnowSummary, cdnowTransactions, referenceValues } from './cdnow.js';

const transactions = cdnowTransactions();
const bg = referenceValues.bgnbd_mle;
const bgParams = { r: bg.r, alpha: bg.alpha, a: bg.a, b: bg.b };
const pn = referenceValues.pareto_nbd_mle;
const pnParams = { r: pn.r, alpha: pn.alpha, s: pn.s, beta: pn.beta };
const tracking = referenceValues.cdnow_tracking;

describe('diagnostics on CDNOW (FHL 2005a §4)', () => {
  it('cumulative tracking: week 39 and 78 expected vs the reference, actual 2,457 and 4,339', () => {
    const pts = cumulativeTracking(bgNbd, bgParams, transactions, { asOf: '1998-06-30', unit: 'week', start: '1996-12-31' });
    const at = (date: string) => pts.find((p) => p.date === date)!;
    expect(pts.length).toBe(78);
    expect(at('1997-09-30').t).toBe(39);
    expect(at('1997-09-30').actual).toBe(tracking.actual_cum_repeat_wk39);
    expect(at('1998-06-30').actual).toBe(tracking.actual_cum_repeat_wk78);
    // The reference sums E[X(Tᵢ)] over the summary's T rounded to 2 decimals; exact days/7 differ by < 0.01.
    expect(Math.abs(at('1997-09-30').expected - tracking.bgnbd_expected_cum_repeat_wk39)).toBeLessThan(0.01);
    expect(Math.abs(at('1998-06-30').expected - tracking.bgnbd_expected_cum_repeat_wk78)).toBeLessThan(0.01);
    const rounded = cdnowSummary();
    expect(rounded.reduce((s, c) => s + bgNbd.expectedPurchases(bgParams, c.T), 0)).toBeCloseTo(tracking.bgnbd_expected_cum_repeat_wk39, 6);
    expect(rounded.reduce((s, c) => s + bgNbd.expectedPurchases(bgParams, c.T + 39), 0)).toBeCloseTo(tracking.bgnbd_expected_cum_repeat_wk78, 6);
    // increments add up
    expect(pts.reduce((s, p) => s + p.actualIncrement, 0)).toBe(4339);
  });
  it('calibration vs holdout: Σ E[Y(39)] = 1,653.42 (BG/NBD), 1,665.53 (Pareto/NBD); actual 1,882', () => {
    const split = calibrationHoldoutSplit(transactions, { calibrationEnd: '1997-09-30', asOf: '1998-06-30', unit: 'week' });
    for (const [model, params, total] of [
      [bgNbd, bgParams, tracking.bgnbd_sum_ce_holdout39],
      [paretoNbd, pnParams, tracking.pnbd_sum_ce_holdout39],
    ] as const) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const rows = calibrationVsHoldout(model as any, params, split);
      const customers = rows.reduce((s, r) => s + r.customers, 0);
      expect(customers).toBe(2357);
      // the reference uses T rounded to 2 decimals as in the summary file; ours are exact days/7
      expect(rows.reduce((s, r) => s + r.expected * r.customers, 0)).toBeCloseTo(total, 0);
      expect(rows.reduce((s, r) => s + r.actual * r.customers, 0)).toBeCloseTo(tracking.actual_holdout_repeat, 9);
      expect(rows[0]!.frequency).toBe(0);
      expect(rows[0]!.actual).toBeCloseTo(334 / 1411, 12); // FHL: zero class actual 0.24
    }
  });
  it('period transactions: counts sum to the customers and match a direct per-customer sum', () => {
    const data = cdnowSummary();
    const rows = periodTransactions(bgNbd, bgParams, data, { maxFrequency: 7 });
    expect(rows.length).toBe(8);
    expect(rows[0]!.actual).toBe(1411);
    expect(rows.reduce((s, r) => s + r.actual, 0)).toBe(2357);
    expect(rows.reduce((s, r) => s + r.expected, 0)).toBeCloseTo(2357, 8);
    let direct = 0;
    for (const c of data) direct += bgNbd.probabilityOfPurchases(bgParams, c.T, 2);
    expect(rows[2]!.expected).toBeCloseTo(direct, 8);
    expect(rows[7]!.orMore).toBe(true);
  });
  it('bad options throw CrmError with the path', () => {
    let e: unknown;
    try {
      periodTransactions(bgNbd, bgParams, cdnowSummary(), { maxFrequency: 0 });
    } catch (err) {
      e = err;
    }
    expect((e as CrmError).path).toEqual(['options', 'maxFrequency']);
  });
});
