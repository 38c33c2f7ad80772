import { describe, expect, it } from 'vitest';
import { bgNbd as bgNbdNs } from '../../src/clv/index.js';
import * as bgNbd from '../../src/clv/bg-nbd.js';
import { CrmError } from '../../src/core/index.js';
import { cdnowSummary, perCustomerReference, referenceValues, relClose } from './cdnow.js';

const data = cdnowSummary();
const mle = referenceValues.bgnbd_mle as { r: number; alpha: number; a: number; b: number; LL: number };
const refParams = { r: mle.r, alpha: mle.alpha, a: mle.a, b: mle.b };

function codeOf(fn: () => unknown): { code: string; path: readonly (string | number)[] } | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof CrmError) return { code: e.code, path: e.path };
    throw e;
  }
  return undefined;
}

describe('bgNbd on CDNOW (Fader, Hardie & Lee 2005a)', () => {
  const fit = bgNbd.fit(data);
  it('is exported as a namespace from the clv index', () => {
    expect(typeof bgNbdNs.fit).toBe('function');
  });
  it('reproduces the published MLE and log-likelihood to 1e-3', () => {
    expect(fit.converged).toBe(true);
    expect(fit.params.r).toBeCloseTo(0.243, 3);
    expect(fit.params.alpha).toBeCloseTo(4.414, 3);
    expect(fit.params.a).toBeCloseTo(0.793, 3);
    expect(fit.params.b).toBeCloseTo(2.426, 3);
    expect(fit.logLikelihood).toBeCloseTo(-9582.43, 2);
    // and the full-precision reference MLE (independent numpy/scipy fit)
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(relClose(fit.params[k], refParams[k], 1e-5)).toBe(true);
    expect(Math.abs(fit.logLikelihood - mle.LL)).toBeLessThan(1e-6);
    expect(fit.customers).toBe(2357);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(fit.standardErrors[k]).toBeGreaterThan(0);
  });
  it('matches the per-customer reference (log-likelihood, P(alive), E[Y(39)]) to 1e-6 relative', () => {
    const ref = perCustomerReference();
    const customers = ref.map((r) => ({ frequency: r.x, recency: r.tx, T: r.T }));
    const ll = bgNbd.individualLogLikelihoods(refParams, customers);
    const pa = bgNbd.probabilityAlive(refParams, customers);
    const ce = bgNbd.conditionalExpectedPurchases(refParams, 39, customers);
    let worst = 0;
    ref.forEach((r, i) => {
      worst = Math.max(worst, Math.abs((ll[i] as number) - r.bgnbdLoglik) / Math.abs(r.bgnbdLoglik));
      worst = Math.max(worst, Math.abs((pa[i] as number) - r.bgnbdPalive) / Math.abs(r.bgnbdPalive));
      worst = Math.max(worst, Math.abs((ce[i] as number) - r.bgnbdCe39) / Math.abs(r.bgnbdCe39));
    });
    // the fixture carries 10 significant digits
    expect(worst).toBeLessThan(1e-6);
    expect(bgNbd.logLikelihood(refParams, data)).toBeCloseTo(mle.LL, 6);
  });
  it('matches the published anchors (E[X(t)], pmf quoted from R BTYD by lifetimes)', () => {
    const anchors = referenceValues.bgnbd_anchors;
    for (const [t, v] of Object.entries(anchors.expected_X_t as Record<string, number>)) {
      expect(relClose(bgNbd.expectedPurchases(refParams, Number(t)), v, 1e-8)).toBe(true);
    }
    expect(relClose(bgNbd.conditionalExpectedPurchases(refParams, 39, { frequency: 2, recency: 30.43, T: 38.86 }), anchors.ce_t39_x2_tx30_43_T38_86, 1e-9)).toBe(true);
    const paper = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    expect(bgNbd.probabilityOfPurchases(paper, 2, 10)).toBeCloseTo(1.07869e-7, 11);
    expect(bgNbd.probabilityOfPurchases(paper, 39, 0)).toBeCloseTo(0.5737864, 7);
    const p30 = [0.0019995214, 0.0015170236, 0.001163315, 0.0009003148, 0.0007023638, 0.0005517902, 0.0004361913, 0.0003467171, 0.0002769613, 0.000222226];
    p30.forEach((v, i) => expect(bgNbd.probabilityOfPurchases(paper, 30, 11 + i)).toBeCloseTo(v, 9));
    // the pmf sums to 1 and its mean is E[X(t)]
    let s = 0;
    let mean = 0;
    for (let n = 0; n < 400; n++) {
      const p = bgNbd.probabilityOfPurchases(paper, 30, n);
      s += p;
      mean += n * p;
    }
    expect(s).toBeCloseTo(1, 9);
    expect(mean).toBeCloseTo(bgNbd.expectedPurchases(paper, 30), 7);
  });
  it('x = 0 customers: P(alive) = 1 and E[Y] for the zero class', () => {
    expect(bgNbd.probabilityAlive(refParams, { frequency: 0, recency: 0, T: 38.86 })).toBe(1);
    expect(bgNbd.conditionalExpectedPurchases(refParams, 39, { frequency: 0, recency: 0, T: 38.86 })).toBeCloseTo(0.1948, 4);
  });
});

describe('bgNbd heavy buyers (Hardie note 027)', () => {
  const p = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
  it('log-likelihood at the published values', () => {
    expect(bgNbd.logLikelihood(p, [{ frequency: 0, recency: 0, T: 40 }])).toBeCloseTo(-0.59947382, 8);
    expect(bgNbd.logLikelihood(p, [{ frequency: 200, recency: 38, T: 40 }])).toBeCloseTo(100.79569, 5);
  });
});

describe('bgNbd weights and bad input', () => {
  it('fitting unique rows with counts as weights gives the full-data parameters', () => {
    const counts = new Map<string, { row: { frequency: number; recency: number; T: number }; n: number }>();
    for (const d of data) {
      const key = `${d.frequency}|${d.recency}|${d.T}`;
      const e = counts.get(key);
      if (e) e.n++;
      else counts.set(key, { row: { frequency: d.frequency, recency: d.recency, T: d.T }, n: 1 });
    }
    const uniq = [...counts.values()];
    expect(uniq.length).toBeLessThan(data.length);
    const w = bgNbd.fit(uniq.map((u) => u.row), { weights: uniq.map((u) => u.n) });
    const full = bgNbd.fit(data);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(relClose(w.params[k], full.params[k], 1e-8)).toBe(true);
    expect(w.logLikelihood).toBeCloseTo(full.logLikelihood, 8);
    // columns give the same as rows
    const cols = bgNbd.fit({ frequency: data.map((d) => d.frequency), recency: data.map((d) => d.recency), T: data.map((d) => d.T) });
    expect(cols.params).toEqual(full.params);
  });
  it('throws CrmError with the path for recency > T, negative and non-integer frequency, bad params', () => {
    expect(codeOf(() => bgNbd.fit([{ frequency: 1, recency: 5, T: 4 }]))).toEqual({ code: 'INVALID_INPUT', path: [0, 'recency'] });
    expect(codeOf(() => bgNbd.fit([{ frequency: 1, recency: 1, T: 4 }, { frequency: -1, recency: 0, T: 4 }]))).toEqual({ code: 'INVALID_INPUT', path: [1, 'frequency'] });
    expect(codeOf(() => bgNbd.fit([{ frequency: 1.5, recency: 1, T: 4 }]))).toEqual({ code: 'INVALID_INPUT', path: [0, 'frequency'] });
    expect(codeOf(() => bgNbd.fit({ frequency: [1, 2], recency: [1, 9], T: [4, 5] }))).toEqual({ code: 'INVALID_INPUT', path: ['data', 'recency', 1] });
    expect(codeOf(() => bgNbd.fit(data, { weights: [1] }))).toEqual({ code: 'INVALID_OPTION', path: ['options', 'weights'] });
    expect(codeOf(() => bgNbd.probabilityAlive({ ...refParams, a: -1 }, { frequency: 1, recency: 1, T: 2 }))).toEqual({ code: 'INVALID_INPUT', path: ['params', 'a'] });
    expect(codeOf(() => bgNbd.expectedPurchases(refParams, Number.NaN))).toEqual({ code: 'INVALID_INPUT', path: ['t'] });
    expect(codeOf(() => bgNbd.probabilityOfPurchases(refParams, 1, 0.5))).toEqual({ code: 'INVALID_INPUT', path: ['n'] });
  });
  it('a fit capped at one iteration reports converged: false with a reason and finite params', () => {
    const f = bgNbd.fit(data, { maxIterations: 1 });
    expect(f.converged).toBe(false);
    expect(typeof f.message).toBe('string');
    for (const v of Object.values(f.params)) expect(Number.isFinite(v)).toBe(true);
    expect(Number.isFinite(f.logLikelihood)).toBe(true);
  });
});
