// Issue 22, CLV part: every reproducer of the adversarial pass is a test here. Each must end in a
// CrmError naming the option or the argument, or in an honest `converged: false`, within seconds.
import { describe, expect, it } from 'vitest';
import { bgBb, bgNbd, convertDiscountRate, cumulativeTracking, fitMaximumLikelihood, gammaGamma, modifiedBgNbd, paretoNbd, sbg } from '../../src/clv/index.js';
import { hyp2f1 } from '../../src/core/math/index.js';
import { thrown } from '../crm-error.js';

const cdnowLike = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

function elapsed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

function allFinite(o: Record<string, number>): boolean {
  return Object.values(o).every((v) => Number.isFinite(v) && v > 0);
}

describe('fits end within their evaluation budget (issue 22 "Hang")', () => {
  it('paretoNbd.fit on 6 rows with ~1e5 repeat purchases stops with converged: false instead of running for minutes', () => {
    const rows = [
      { frequency: 100_000, recency: 30, T: 40 },
      { frequency: 90_000, recency: 20, T: 40 },
      { frequency: 0, recency: 0, T: 40 },
      { frequency: 1, recency: 5, T: 40 },
      { frequency: 50_000, recency: 39, T: 40 },
      { frequency: 2, recency: 10, T: 40 },
    ];
    const { value: fit, ms } = elapsed(() => paretoNbd.fit(rows));
    expect(ms).toBeLessThan(30_000);
    expect(fit.converged).toBe(false);
    expect(fit.message).toMatch(/\S/);
    expect(allFinite(fit.params as unknown as Record<string, number>)).toBe(true);
  });

  it('1e6 repeat purchases on 3 rows: bounded too', () => {
    const rows = [
      { frequency: 1_000_000, recency: 30, T: 40 },
      { frequency: 0, recency: 0, T: 40 },
      { frequency: 3, recency: 12, T: 40 },
    ];
    const { value: fit, ms } = elapsed(() => paretoNbd.fit(rows, { maxEvaluations: 300 }));
    expect(ms).toBeLessThan(20_000);
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
    expect(allFinite(fit.params as unknown as Record<string, number>)).toBe(true);
  });

  it('maxEvaluations stops a fit with converged: false and a message naming the option', () => {
    const sim = bgNbd.simulate(cdnowLike, { T: 39, customers: 500, seed: 11 });
    const fit = bgNbd.fit(sim, { maxEvaluations: 5 });
    expect(fit.converged).toBe(false);
    expect(fit.message).toMatch(/maxEvaluations/);
    expect(allFinite(fit.params as unknown as Record<string, number>)).toBe(true);
    // …and with the default budget the same data converge.
    expect(bgNbd.fit(sim).converged).toBe(true);
  });

  it('a typo in a fit option is an INVALID_OPTION with a did-you-mean', () => {
    const e = thrown(() => bgNbd.fit([{ frequency: 1, recency: 1, T: 2 }], { maxEvaluation: 5 } as never));
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.message).toMatch(/maxEvaluations/);
  });

  it('bgBb.fit with periods 3e4 or 1e6 is a BUDGET_EXCEEDED naming options.maxPeriods, before any work', () => {
    for (const periods of [30_000, 1_000_000]) {
      const rows = [
        { frequency: 3, recency: 10, periods },
        { frequency: 0, recency: 0, periods },
      ];
      const { value: e, ms } = elapsed(() => thrown(() => bgBb.fit(rows)));
      expect(ms).toBeLessThan(1_000);
      expect(e.code).toBe('BUDGET_EXCEEDED');
      expect(e.path).toEqual(['options', 'maxPeriods']);
      expect(e.message).toMatch(/options\.maxPeriods/);
    }
    // Raising the budget knowingly works, and the evaluation budget still bounds the fit.
    const rows = [
      { frequency: 3, recency: 10, periods: 30_000 },
      { frequency: 0, recency: 0, periods: 30_000 },
      { frequency: 100, recency: 20_000, periods: 30_000 },
    ];
    const fit = bgBb.fit(rows, { maxPeriods: 30_000, maxEvaluations: 4 });
    expect(fit.converged).toBe(false);
    expect(fit.message).toMatch(/maxEvaluations/);
  });
});

describe('simulation and pmf budgets', () => {
  it('bgNbd.simulate with r = 1e6, b = 1e6 stops at maxEventsPerCustomer instead of 32 s for one customer', () => {
    const { value: e, ms } = elapsed(() => thrown(() => bgNbd.simulate({ r: 1e6, alpha: 1, a: 1e-3, b: 1e6 }, { T: 1e4, customers: 1, seed: 1 })));
    expect(ms).toBeLessThan(5_000);
    expect(e.code).toBe('BUDGET_EXCEEDED');
    expect(e.path).toEqual(['options', 'maxEventsPerCustomer']);
  });

  it('customers: 1e9 is refused before allocating (all three simulators)', () => {
    for (const run of [
      () => bgNbd.simulate(cdnowLike, { T: 39, customers: 1e9, seed: 1 }),
      () => modifiedBgNbd.simulate(cdnowLike, { T: 39, customers: 1e9, seed: 1 }),
      () => paretoNbd.simulate({ r: 0.55, alpha: 10.6, s: 0.61, beta: 11.7 }, { T: 39, customers: 1e9, seed: 1 }),
    ]) {
      const { value: e, ms } = elapsed(() => thrown(run));
      expect(ms).toBeLessThan(1_000); // refused before any work: a hang guard, not a speed claim
      expect(e.code).toBe('BUDGET_EXCEEDED');
      expect(e.path).toEqual(['options', 'maxCustomers']);
    }
    // The budget can be raised knowingly.
    expect(bgNbd.simulate(cdnowLike, { T: 39, customers: 3, seed: 1, maxCustomers: 3 }).frequency).toHaveLength(3);
  });

  it('probabilityOfPurchases(P, 39, n) is capped by options.maxTerms', () => {
    const { value: e, ms } = elapsed(() => thrown(() => bgNbd.probabilityOfPurchases(cdnowLike, 39, 1e7)));
    expect(ms).toBeLessThan(1_000); // refused before any work: a hang guard, not a speed claim
    expect(e.code).toBe('BUDGET_EXCEEDED');
    expect(e.path).toEqual(['options', 'maxTerms']);
    const mbg = thrown(() => modifiedBgNbd.probabilityOfPurchases(cdnowLike, 39, 200_000));
    expect(mbg.code).toBe('BUDGET_EXCEEDED');
    // Within the budget (or with it raised) the pmf is a probability.
    const p = bgNbd.probabilityOfPurchases(cdnowLike, 39, 150_000, { maxTerms: 200_000 });
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThanOrEqual(1);
    expect(thrown(() => bgNbd.probabilityOfPurchases(cdnowLike, 39, 1, { maxTerm: 5 } as never)).code).toBe('INVALID_OPTION');
  });

  it('cumulativeTracking: a start after asOf is an error (not t = −52); a tiny step hits maxPoints', () => {
    const tx = [
      { customerId: 'a', date: '2024-01-01', amount: 5 },
      { customerId: 'a', date: '2024-02-01', amount: 5 },
    ];
    const e = thrown(() => cumulativeTracking(bgNbd, cdnowLike, tx, { asOf: '2024-03-01', unit: 'week', start: '2025-03-01' }));
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.path).toEqual(['options', 'start']);
    const b = thrown(() => cumulativeTracking(bgNbd, cdnowLike, tx, { asOf: '2024-03-01', unit: 'week', step: 1e-9 }));
    expect(b.code).toBe('BUDGET_EXCEEDED');
    expect(b.path).toEqual(['options', 'maxPoints']);
    const ok = cumulativeTracking(bgNbd, cdnowLike, tx, { asOf: '2024-03-01', unit: 'week' });
    expect(ok.every((p) => p.t >= 0)).toBe(true);
  });
});

describe('no NaN, no Infinity, no start values passed off as estimates', () => {
  it('fitMaximumLikelihood with a NaN start is an INVALID_INPUT naming the start, not NaN parameters', () => {
    const e = thrown(() =>
      fitMaximumLikelihood<{ lambda: number }>({ names: ['lambda'], logLikelihood: ([l]) => 4 * Math.log(l as number) - (l as number) * 4, start: [Number.NaN], customers: 4 }),
    );
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.path).toEqual(['problem', 'start', 0]);
  });

  it('sBG expected and residual lifetime at discount rates below 1e-6 are finite and right', () => {
    // α = β = 1: θ ~ U(0, 1) and DEL(d) = (1+d)·E[1/(d+θ)] = (1+d)·ln((1+d)/d) exactly.
    for (const d of [1e-5, 1e-6, 9.99e-7, 1e-7, 1e-9, 1e-12, 1e-15, 1e-100, 1e-300]) {
      const exact = (1 + d) * Math.log((1 + d) / d);
      expect(Math.abs(sbg.discountedExpectedLifetime({ alpha: 1, beta: 1 }, d) / exact - 1)).toBeLessThan(1e-8);
    }
    // Any α (integers and near-integers included: the connection formula's poles) gives a finite,
    // positive value that decreases as d grows; for α > 1 it tends to E[T] = (α+β−1)/(α−1).
    for (const alpha of [0.3, 1, 1.0004, 2, 2.9999, 3, 3.0001, 7]) {
      for (const beta of [0.5, 3, 40]) {
        let previous = Number.POSITIVE_INFINITY;
        for (const d of [1e-300, 1e-15, 1e-9, 1e-7, 9.99e-7, 1e-4]) {
          const del = sbg.discountedExpectedLifetime({ alpha, beta }, d);
          const derl = sbg.discountedExpectedResidualLifetime({ alpha, beta }, d, 3);
          expect(Number.isFinite(del) && del > 0).toBe(true);
          expect(Number.isFinite(derl) && derl > 0).toBe(true);
          expect(del).toBeLessThanOrEqual(previous * (1 + 1e-9));
          previous = del;
        }
        if (alpha > 1.5) {
          const limit = (alpha + beta - 1) / (alpha - 1);
          expect(Math.abs(sbg.discountedExpectedLifetime({ alpha, beta }, 1e-300) / limit - 1)).toBeLessThan(1e-8);
        }
      }
    }
  });

  it('sbg.survival stays in [0, 1] and non-increasing up to t = 1e300', () => {
    const ts = [0, 0.5, 1, 2, 10, 1e3, 99_999, 100_000, 100_000.5, 100_001, 1e6, 1e9, 1e12, 1e16, 1e50, 1e100, 1e200, 1e300];
    for (const alpha of [1e-3, 0.7, 1, 50, 1e3]) {
      for (const beta of [1e-3, 1.2, 1e3]) {
        const s = sbg.survival({ alpha, beta }, ts);
        for (let i = 0; i < s.length; i++) {
          expect(s[i]).toBeGreaterThanOrEqual(0);
          expect(s[i]).toBeLessThanOrEqual(1);
          if (i > 0) expect(s[i] as number).toBeLessThanOrEqual(s[i - 1] as number);
        }
      }
    }
    // α = β = 1: S(t) = B(1, 1+t)/B(1, 1) = 1/(1+t) (was 0.80 at t = 1e16).
    for (const t of [1e5, 100_001, 1e16, 1e300]) expect(Math.abs(sbg.survival({ alpha: 1, beta: 1 }, t) * (1 + t) - 1)).toBeLessThan(1e-12);
  });

  it('convertDiscountRate(10, day, year) is a NUMERIC_DOMAIN error naming the rate, not Infinity', () => {
    const e = thrown(() => convertDiscountRate(10, 'day', 'year'));
    expect(e.code).toBe('NUMERIC_DOMAIN');
    expect(e.path).toEqual(['rate']);
    expect(convertDiscountRate(0.01, 'month', 'year')).toBeCloseTo(0.12682503013196977, 14);
  });

  it('hyp2f1 errors name the argument that is out of range', () => {
    expect(thrown(() => hyp2f1(1, 1, -2, 0.5)).path).toEqual(['hyp2f1', 'c']);
    expect(thrown(() => hyp2f1(1, 1, 2, 1)).path).toEqual(['hyp2f1', 'z']);
    expect(thrown(() => hyp2f1(Number.NaN, 1, 2, 0.5)).path).toEqual(['hyp2f1', 'a']);
  });
});

describe('degenerate fits report converged: false (issue 22 "Honest convergence")', () => {
  it('all T = 0: no information, the start values are not a converged answer', () => {
    const rows = [
      { frequency: 0, recency: 0, T: 0 },
      { frequency: 0, recency: 0, T: 0 },
    ];
    for (const model of [bgNbd, modifiedBgNbd]) {
      const fit = model.fit(rows);
      expect(fit.converged).toBe(false);
      expect(fit.message).toMatch(/no information/);
    }
  });

  it('a single customer: parameters run off, reported as not converged with a message', () => {
    const fit = bgNbd.fit([{ frequency: 3, recency: 10, T: 20 }]);
    expect(fit.converged).toBe(false);
    expect(fit.message).toMatch(/\S/);
    expect(allFinite(fit.params as unknown as Record<string, number>)).toBe(true);
  });

  it('Gamma-Gamma on 4 rows: q runs to infinity, flagged as a boundary', () => {
    const fit = gammaGamma.fit([
      { frequency: 1, monetaryValue: 10 },
      { frequency: 2, monetaryValue: 12 },
      { frequency: 3, monetaryValue: 11 },
      { frequency: 1, monetaryValue: 9 },
    ]);
    expect(fit.converged).toBe(false);
    expect(fit.boundary).toBeDefined();
    expect(fit.message).toMatch(/boundary/);
  });
});
