import { describe, expect, it } from 'vitest';
import * as paretoNbd from '../../src/clv/pareto-nbd.js';
import { paretoNbd as ns } from '../../src/clv/index.js';
import { CrmError } from '../../src/core/index.js';
import { cdnowSummary, perCustomerReference, referenceValues, relClose } from './cdnow.js';

const data = cdnowSummary();
const mle = referenceValues.pareto_nbd_mle as { r: number; alpha: number; s: number; beta: number; LL: number };
const refParams = { r: mle.r, alpha: mle.alpha, s: mle.s, beta: mle.beta };

describe('paretoNbd on CDNOW (Schmittlein et al. 1987; Fader, Hardie & Lee 2005)', () => {
  const fit = paretoNbd.fit(data);
  it('is exported as a namespace', () => expect(ns.fit).toBe(paretoNbd.fit));
  it('reproduces the published MLE 0.553, 10.578, 0.606, 11.669 and LL −9594.97 to 1e-3', () => {
    expect(fit.converged).toBe(true);
    expect(fit.params.r).toBeCloseTo(0.553, 3);
    expect(fit.params.alpha).toBeCloseTo(10.578, 3);
    expect(fit.params.s).toBeCloseTo(0.606, 3);
    expect(Math.abs(fit.params.beta - 11.669)).toBeLessThan(2e-3); // published 11.669 is itself a rounding of 11.6679
    expect(fit.logLikelihood).toBeCloseTo(-9594.97, 2);
    for (const k of ['r', 'alpha', 's', 'beta'] as const) expect(relClose(fit.params[k], refParams[k], 1e-5)).toBe(true);
    expect(Math.abs(fit.logLikelihood - mle.LL)).toBeLessThan(1e-6);
    // CLVTools reports SEs 0.0476, 0.8427, 0.1873, 6.2105
    expect(fit.standardErrors.r).toBeCloseTo(0.0476, 3);
    expect(fit.standardErrors.alpha).toBeCloseTo(0.8427, 2);
    expect(fit.standardErrors.s).toBeCloseTo(0.1873, 3);
    expect(fit.standardErrors.beta!).toBeGreaterThan(6.1);
    expect(fit.standardErrors.beta!).toBeLessThan(6.3);
  });
  it('per-customer P(alive) and E[Y(39)] match the reference to 1e-6 relative', () => {
    const ref = perCustomerReference();
    const customers = ref.map((r) => ({ frequency: r.x, recency: r.tx, T: r.T }));
    const pa = paretoNbd.probabilityAlive(refParams, customers);
    const ce = paretoNbd.conditionalExpectedPurchases(refParams, 39, customers);
    let worst = 0;
    ref.forEach((r, i) => {
      worst = Math.max(worst, Math.abs((pa[i] as number) - r.pnbdPalive) / r.pnbdPalive);
      worst = Math.max(worst, Math.abs((ce[i] as number) - r.pnbdCe39) / r.pnbdCe39);
    });
    expect(worst).toBeLessThan(1e-6);
  });
  it('DERT (FHL 2005b eq. 2) matches the per-customer reference at δ = ln(1.15)/52 and the BTYD example', () => {
    const ref = perCustomerReference();
    const customers = ref.map((r) => ({ frequency: r.x, recency: r.tx, T: r.T }));
    const dert = paretoNbd.discountedExpectedResidualTransactions(refParams, Math.log(1.15) / 52, customers);
    let worst = 0;
    ref.forEach((r, i) => {
      worst = Math.max(worst, Math.abs((dert[i] as number) - r.pnbdDert) / r.pnbdDert);
    });
    expect(worst).toBeLessThan(1e-6);
    const ex = referenceValues.pareto_nbd_anchors.btyd_dert_example;
    const [r, alpha, s, beta] = ex.params as [number, number, number, number];
    expect(relClose(paretoNbd.discountedExpectedResidualTransactions({ r, alpha, s, beta }, ex.d, { frequency: ex.x, recency: ex.t_x, T: ex.T }), ex.dert, 1e-10)).toBe(true);
    let err: unknown;
    try {
      paretoNbd.discountedExpectedResidualTransactions(refParams, 0, customers[0]!);
    } catch (e) {
      err = e;
    }
    expect((err as CrmError).path).toEqual(['delta']);
  });
  it('anchors: BTYD walkthrough P(alive) and E[Y(52)], E[X(t)] for t = 0..9', () => {
    const a = referenceValues.pareto_nbd_anchors;
    const [r, alpha, s, beta] = a.btyd_walkthrough_params as [number, number, number, number];
    const p = { r, alpha, s, beta };
    const c = { frequency: 26, recency: 30.86, T: 31 };
    expect(relClose(paretoNbd.probabilityAlive(p, c), a.palive_x26_tx30_86_T31, 1e-10)).toBe(true);
    expect(relClose(paretoNbd.conditionalExpectedPurchases(p, 52, c), a.ce_t52_x26_tx30_86_T31, 1e-10)).toBe(true);
    (a.expected_X_t0_9 as number[]).forEach((v, t) => expect(Math.abs(paretoNbd.expectedPurchases(refParams, t) - v)).toBeLessThan(1e-12 + 1e-10 * v));
  });
  it('underflow case of lifetimes: E[Y(10)] at x = 132 and 133 (t_x = T = 200) differ by < 0.05', () => {
    const p = { r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67 };
    const a = paretoNbd.conditionalExpectedPurchases(p, 10, { frequency: 132, recency: 200, T: 200 });
    const b = paretoNbd.conditionalExpectedPurchases(p, 10, { frequency: 133, recency: 200, T: 200 });
    expect(Math.abs(a - b)).toBeLessThan(0.05);
    expect(a).toBeGreaterThan(6);
  });
  it('pmf sums to 1 with mean E[X(t)]', () => {
    let s = 0;
    let m = 0;
    for (let n = 0; n < 300; n++) {
      const q = paretoNbd.probabilityOfPurchases(refParams, 39, n);
      s += q;
      m += n * q;
    }
    expect(s).toBeCloseTo(1, 10);
    expect(m).toBeCloseTo(paretoNbd.expectedPurchases(refParams, 39), 8);
  });
  it('weighted unique rows give the full-data fit; bad input throws CrmError with the path', () => {
    const key = (d: { frequency: number; recency: number; T: number }): string => `${d.frequency}|${d.recency}|${d.T}`;
    const m = new Map<string, { row: { frequency: number; recency: number; T: number }; n: number }>();
    for (const d of data) {
      const e = m.get(key(d));
      if (e) e.n++;
      else m.set(key(d), { row: { frequency: d.frequency, recency: d.recency, T: d.T }, n: 1 });
    }
    const u = [...m.values()];
    const w = paretoNbd.fit(u.map((v) => v.row), { weights: u.map((v) => v.n) });
    for (const k of ['r', 'alpha', 's', 'beta'] as const) expect(relClose(w.params[k], fit.params[k], 1e-8)).toBe(true);
    let err: unknown;
    try {
      paretoNbd.fit([{ frequency: 2, recency: 41, T: 40 }]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CrmError);
    expect((err as CrmError).path).toEqual([0, 'recency']);
  });
});
