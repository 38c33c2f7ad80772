// GGom/NBD (Bemmaor & Glady 2012; issue 18 item 5): CDNOW against CLVTools' documented estimate,
// the Pareto/NBD limit, CLVTools' closed-form CET and the Matlab expectation, parameter recovery.
import { describe, expect, it } from 'vitest';
import { thrown } from '../crm-error.js';
import { ggomNbd, paretoNbd } from '../../src/clv/index.js';
import { logLikelihoodGradient } from '../../src/clv/ggom-nbd-likelihood.js';
import { integrate } from '../../src/core/math/integrate.js';
import { logPochhammer as logGammaRatio } from '../../src/core/math/log-pochhammer.js';
import { cdnowSummary, relClose } from './cdnow.js';

const P = { r: 0.6, alpha: 10, b: 0.05, s: 0.8, beta: 2 };
const customers = [
  { frequency: 0, recency: 0, T: 38.86 },
  { frequency: 2, recency: 30.43, T: 38.86 },
  { frequency: 7, recency: 10, T: 52 },
  { frequency: 30, recency: 51, T: 52 },
];

describe('GGom/NBD on CDNOW (CLVTools tests/testthat/test_correctness_ggomnbd.R)', () => {
  const data = cdnowSummary();
  const fit = ggomNbd.fit(data);
  it('reaches CLVTools’ log-likelihood −9594.9762 (ours is the same ridge, a hair higher) with r, α, s within 0.5 %', () => {
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(-9594.9762);
    expect(fit.logLikelihood).toBeLessThan(-9594.97);
    expect(relClose(fit.params.r, 0.55313, 5e-3)).toBe(true);
    expect(relClose(fit.params.alpha, 10.5758, 5e-3)).toBe(true);
    expect(relClose(fit.params.s, 0.60682, 5e-3)).toBe(true);
  });
  it('says that CDNOW does not identify b: the b → 0 boundary, the Pareto/NBD with β/b = its β', () => {
    // CLVTools: b = 0.0000011, β = 0.000013; Bemmaor & Glady (Table 2): b = 0.0002, β = 0.0026.
    expect(fit.converged).toBe(false);
    expect(fit.boundary?.parameter).toBe('b, beta');
    const pn = paretoNbd.fit(data);
    expect(relClose(fit.params.beta / fit.params.b, pn.params.beta, 0.02)).toBe(true);
    expect(Math.abs(fit.logLikelihood - pn.logLikelihood)).toBeLessThan(0.01);
  });
});

describe('GGom/NBD likelihood numerics (the fit’s quadrature and analytic gradient)', () => {
  const data = cdnowSummary();
  const sample = [...data.filter((_, i) => i % 23 === 0), ...customers, { frequency: 3, recency: 1, T: 150 }];
  const names = ['r', 'alpha', 'b', 's', 'beta'] as const;
  const points = [
    { r: 0.5533, alpha: 10.577, b: 9.2e-7, s: 0.606, beta: 1.07e-5 }, // CDNOW, at the b → 0 boundary
    { r: 1, alpha: 25, b: 1 / 32, s: 1, beta: 1 }, // the fit's default start on CDNOW
    { r: 0.5, alpha: 2, b: 0.5, s: 0.5, beta: 0.5 }, // CLVTools' default start
    P,
    { r: 0.3, alpha: 0.01, b: 0.2, s: 0.5, beta: 50 },
    { r: 2, alpha: 0.5, b: 0.01, s: 500, beta: 100 },
  ];
  /** ln L of one row with I by 400 panels of the 20-point rule in u = ln(α+y) (an independent, much finer rule). */
  const reference = (p: typeof P, c: { frequency: number; recency: number; T: number }): number => {
    const { r, alpha, b, s, beta } = p;
    const k = r + c.frequency;
    const phi = (u: number): number => (1 - k) * u - (s + 1) * Math.log(beta + Math.expm1(b * (Math.exp(u) - alpha))) + b * (Math.exp(u) - alpha);
    const u0 = Math.log(alpha + c.recency);
    const u1 = Math.log(alpha + c.T);
    const front = logGammaRatio(r, c.frequency) + r * Math.log(alpha);
    const l1 = front - k * u1 + s * (Math.log(beta) - Math.log(beta + Math.expm1(b * c.T)));
    if (c.recency === c.T) return l1;
    // the integrand relative to its value at u0, so nothing under- or overflows
    const l2 = front + Math.log(b) + Math.log(s) + s * Math.log(beta) + phi(u0) + Math.log(integrate((u) => Math.exp(phi(u) - phi(u0)), u0, u1, { panels: 400 }));
    const m = Math.max(l1, l2);
    return m + Math.log(Math.exp(l1 - m) + Math.exp(l2 - m));
  };
  it('the log-likelihood is within 1e-10 (relative) of a 400-panel, 20-point rule at six parameter points', () => {
    for (const p of points) {
      for (const c of sample) {
        const ours = ggomNbd.logLikelihood(p, [c]);
        expect(Math.abs(ours - reference(p, c))).toBeLessThan(1e-10 * Math.max(1, Math.abs(ours)));
      }
    }
  });
  it('the analytic gradient equals central differences of the log-likelihood (1e-6 relative)', () => {
    for (const p of points.slice(0, 5)) {
      const { logLikelihood, gradient } = logLikelihoodGradient(names.map((n) => p[n]), sample);
      expect(logLikelihood).toBeCloseTo(ggomNbd.logLikelihood(p, sample), 9);
      names.forEach((n, i) => {
        const h = 1e-6 * p[n];
        const numeric = (ggomNbd.logLikelihood({ ...p, [n]: p[n] + h }, sample) - ggomNbd.logLikelihood({ ...p, [n]: p[n] - h }, sample)) / (2 * h);
        expect(Math.abs((gradient[i] as number) - numeric)).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
      });
    }
  });
});

describe('GGom/NBD predictions', () => {
  it('tend to the Pareto/NBD’s as b → 0 with β/b fixed (likelihood, P(alive), E[Y(t)], E[X(t)])', () => {
    const pn = { r: 0.5533, alpha: 10.5776, s: 0.6062, beta: 11.6679 };
    const lim = { r: pn.r, alpha: pn.alpha, s: pn.s, b: 1e-8, beta: pn.beta * 1e-8 };
    for (const c of customers) {
      expect(relClose(ggomNbd.logLikelihood(lim, [c]), paretoNbd.logLikelihood(pn, [c]), 1e-6)).toBe(true);
      expect(relClose(ggomNbd.probabilityAlive(lim, c), paretoNbd.probabilityAlive(pn, c), 1e-6)).toBe(true);
      expect(relClose(ggomNbd.conditionalExpectedPurchases(lim, 39, c), paretoNbd.conditionalExpectedPurchases(pn, 39, c), 1e-6)).toBe(true);
    }
    expect(relClose(ggomNbd.expectedPurchases(lim, 39), paretoNbd.expectedPurchases(pn, 39), 1e-6)).toBe(true);
  });
  it('E[Y(t)] equals CLVTools’ closed form ggomnbd_CET (Adler 2022 erratum; ₂F₁(1, s; s+1; z) by its integral)', () => {
    const { r, alpha, b, s, beta } = P;
    const hyp = (z: number): number => integrate((u) => 1 / (1 - z * u ** (1 / s)), 0, 1, { panels: 64 });
    for (const c of customers) {
      const t = 26;
      const k = r + c.frequency;
      const expbT = Math.exp(b * c.T) + beta - 1;
      const expbTT = Math.exp(b * (c.T + t)) + beta - 1;
      const upper = hyp((beta - 1) / expbT) - (expbT / expbTT) ** s * hyp((beta - 1) / expbTT);
      const I = c.recency === c.T ? 0 : integrate((y) => Math.exp(b * y) / ((Math.exp(b * y) + beta - 1) ** (s + 1) * (alpha + y) ** k), c.recency, c.T, { panels: 32 });
      const lower = b * s * (1 + b * s * (alpha + c.T) ** k * expbT ** s * I);
      const clvtools = ((k / (alpha + c.T)) * upper) / lower;
      expect(relClose(ggomNbd.conditionalExpectedPurchases(P, t, c), clvtools, 1e-8)).toBe(true);
    }
  });
  it('E[X(t)] equals Bemmaor & Glady’s Matlab expectation; P(alive) falls with silence', () => {
    const { r, alpha, b, s, beta } = P;
    for (const t of [1, 10, 52, 200]) {
      const tail = integrate((tau) => tau * Math.exp(b * tau) * (beta + Math.exp(b * tau) - 1) ** -(s + 1), 0, t, { panels: 32 });
      const matlab = (r / alpha) * ((beta / (beta + Math.exp(b * t) - 1)) ** s * t + b * s * beta ** s * tail);
      expect(relClose(ggomNbd.expectedPurchases(P, t), matlab, 1e-9)).toBe(true);
    }
    expect(ggomNbd.probabilityAlive(P, { frequency: 0, recency: 0, T: 52 })).toBeLessThan(ggomNbd.probabilityAlive(P, { frequency: 0, recency: 0, T: 10 }));
    expect(ggomNbd.probabilityAlive(P, customers[2]!)).toBeLessThan(ggomNbd.probabilityAlive(P, customers[3]!));
  });
  it('heavy buyers stay finite (x = 500)', () => {
    const c = { frequency: 500, recency: 20, T: 52 };
    expect(Number.isFinite(ggomNbd.logLikelihood(P, [c]))).toBe(true);
    const pa = ggomNbd.probabilityAlive(P, c);
    expect(pa >= 0 && pa < 1e-10).toBe(true);
    expect(Number.isFinite(ggomNbd.conditionalExpectedPurchases(P, 10, c))).toBe(true);
  });
  it('on simulated data (1,500 customers, 52 weeks) reaches at least the true likelihood and recovers what the data identify', () => {
    // b, s and β trade off along a ridge over one year of data (seeds 12 and 16 run to s → ∞ or
    // s → 0 with higher likelihoods than the truth), so the check is on what is identified: the
    // purchase process and the expected purchases the lifetime distribution implies.
    const sim = ggomNbd.simulate(P, { T: 52, customers: 1500, seed: 11 });
    const fit = ggomNbd.fit(sim);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(ggomNbd.logLikelihood(P, sim) - 1e-6);
    for (const k of ['r', 'alpha'] as const) expect(Math.abs(fit.params[k] - P[k])).toBeLessThan(3 * (fit.standardErrors[k] as number));
    // the fitted E[X(52)] reproduces the sample's mean repeat purchases (this sample has 10 % more than
    // the population's 1.689: the simulation itself is unbiased, 1.682 over 200,000 customers)
    const mean = sim.frequency.reduce((a, b) => a + b, 0) / sim.frequency.length;
    expect(relClose(ggomNbd.expectedPurchases(fit.params, 52), mean, 0.02)).toBe(true);
    const big = ggomNbd.simulate(P, { T: 52, customers: 100_000, seed: 5 });
    expect(relClose(big.frequency.reduce((a, b) => a + b, 0) / 100_000, ggomNbd.expectedPurchases(P, 52), 0.02)).toBe(true);
  }, 300_000);
  it('bad input is a CrmError with a path', () => {
    const path = (f: () => unknown): unknown => thrown(f).path;
    expect(path(() => ggomNbd.probabilityAlive({ ...P, b: 0 }, customers[0]!))).toEqual(['params', 'b']);
    expect(path(() => ggomNbd.conditionalExpectedPurchases(P, -1, customers[0]!))).toEqual(['t']);
    expect(path(() => ggomNbd.probabilityAlive(P, [{ frequency: 1, recency: 9, T: 5 }]))).toEqual([0, 'recency']);
    expect(path(() => ggomNbd.simulate(P, { T: 52, seed: 1 }))).toEqual(['options', 'customers']);
  });
});
