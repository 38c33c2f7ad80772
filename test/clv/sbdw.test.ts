import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/core/random.js';
import { customerLifetimeValue } from '../../src/clv/customer-lifetime-value.js';
import * as sbdw from '../../src/clv/sbdw.js';
import * as sbg from '../../src/clv/sbg.js';
import { thrown as err } from '../crm-error.js';

// References made by test/fixtures/clv/make_sbdw_reference.py: scipy's own maximum of the same
// likelihood on Fader & Hardie's (2007) cohorts, and S, P(T = t), DEL, DERL in 50-digit mpmath.
const dir = new URL('../fixtures/clv/', import.meta.url);
const ref = JSON.parse(readFileSync(new URL('sbdw_reference.json', dir), 'utf8')) as {
  fits: Record<'regular' | 'highend', { alive: number[]; alpha: number; beta: number; c: number; logLikelihood: number }>;
  points: Array<{ alpha: number; beta: number; c: number; survival: number[]; pmf: number[]; discountRate: number; del: number; derl1: number; derl5: number }>;
};
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('sBdW (Fader, Hardie, Liu, Davin & Steenburgh 2018)', () => {
  for (const name of ['regular', 'highend'] as const) {
    it(`fits the ${name} cohort to scipy's optimum (parameters 1e-3 relative, log-likelihood 1e-7)`, () => {
      const r = ref.fits[name];
      const f = sbdw.fit(r.alive, { unit: 'year' });
      expect(f.converged).toBe(true);
      expect(f.kind).toBe('sbdw');
      expect(rel(f.params.alpha, r.alpha)).toBeLessThan(1e-3);
      expect(rel(f.params.beta, r.beta)).toBeLessThan(1e-3);
      expect(rel(f.params.c, r.c)).toBeLessThan(1e-3);
      expect(Math.abs(f.logLikelihood - r.logLikelihood)).toBeLessThan(1e-7 * Math.abs(r.logLikelihood));
      // The sBdW nests the sBG (c = 1): its maximum is never below the sBG's.
      expect(f.logLikelihood).toBeGreaterThanOrEqual(sbg.fit(r.alive).logLikelihood - 1e-9);
      expect(sbdw.logLikelihood(f.params, r.alive)).toBeCloseTo(f.logLikelihood, 9);
    });
  }

  it('S(t), P(T = t), DEL and DERL equal 50-digit mpmath values (1e-12 relative)', () => {
    for (const p of ref.points) {
      const params = { alpha: p.alpha, beta: p.beta, c: p.c };
      const t = p.survival.map((_, i) => i);
      sbdw.survival(params, t).forEach((s, i) => expect(rel(s, p.survival[i]!)).toBeLessThan(1e-12));
      sbdw.churnProbability(params, t.slice(1)).forEach((q, i) => expect(rel(q, p.pmf[i]!)).toBeLessThan(1e-11));
      expect(rel(sbdw.discountedExpectedLifetime(params, p.discountRate), p.del)).toBeLessThan(1e-12);
      expect(rel(sbdw.discountedExpectedResidualLifetime(params, p.discountRate, 1), p.derl1)).toBeLessThan(1e-12);
      expect(rel(sbdw.discountedExpectedResidualLifetime(params, p.discountRate, 5), p.derl5)).toBeLessThan(1e-12);
    }
  });

  it('with c = 1 every quantity is the sBG one', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 20, noNaN: true }), fc.double({ min: 0.05, max: 20, noNaN: true }), fc.integer({ min: 1, max: 40 }), (alpha, beta, t) => {
        const p = { alpha, beta, c: 1 };
        expect(rel(sbdw.survival(p, t), sbg.survival({ alpha, beta }, t))).toBeLessThan(1e-10);
        expect(rel(sbdw.retentionRate(p, t), sbg.retentionRate({ alpha, beta }, t))).toBeLessThan(1e-10);
        expect(rel(sbdw.discountedExpectedLifetime(p, 0.1), sbg.discountedExpectedLifetime({ alpha, beta }, 0.1))).toBeLessThan(1e-9);
        expect(rel(sbdw.discountedExpectedResidualLifetime(p, 0.1, t), sbg.discountedExpectedResidualLifetime({ alpha, beta }, 0.1, t))).toBeLessThan(1e-9);
        const cust = { periods: t, churned: false };
        expect(rel(sbdw.conditionalExpectedPurchases(p, 5, cust), sbg.conditionalExpectedPurchases({ alpha, beta }, 5, cust))).toBeLessThan(1e-10);
      }),
      { numRuns: 200 },
    );
  });

  it('properties: S starts at 1, never increases, stays in [0, 1]; P sums with S to 1; DEL falls as d rises', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 50, noNaN: true }),
        fc.double({ min: 0.05, max: 50, noNaN: true }),
        fc.double({ min: 0.1, max: 4, noNaN: true }),
        (alpha, beta, c) => {
          const p = { alpha, beta, c };
          const t = Array.from({ length: 30 }, (_, i) => i);
          const s = sbdw.survival(p, t);
          expect(s[0]).toBe(1);
          for (let i = 1; i < s.length; i++) {
            expect(s[i]!).toBeLessThanOrEqual(s[i - 1]!);
            expect(s[i]!).toBeGreaterThanOrEqual(0);
          }
          const q = sbdw.churnProbability(p, t.slice(1));
          const sumQ = q.reduce((a, b) => a + b, 0);
          expect(Math.abs(sumQ + s[29]! - 1)).toBeLessThan(1e-12);
          expect(sbdw.discountedExpectedLifetime(p, 0.2)).toBeLessThan(sbdw.discountedExpectedLifetime(p, 0.1));
          expect(sbdw.survival(p, 1e15)).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('recovers the parameters of 20,000 simulated customers within 2 standard errors', () => {
    const truth = { alpha: 1.2, beta: 2.5, c: 0.7 };
    const rng = createRandom(2018);
    const T = 10;
    const customers: Array<{ periods: number; churned: boolean }> = [];
    for (let i = 0; i < 20_000; i++) {
      // Discrete-Weibull lifetime by inversion: P(T > t | θ) = (1 − θ)^(t^c).
      const theta = rng.beta(truth.alpha, truth.beta);
      const u = rng.next();
      const life = Math.max(1, Math.ceil(Math.pow(Math.log1p(-u) / Math.log1p(-theta), 1 / truth.c)));
      customers.push(life <= T ? { periods: life, churned: true } : { periods: T, churned: false });
    }
    const f = sbdw.fit(customers);
    expect(f.converged).toBe(true);
    for (const k of ['alpha', 'beta', 'c'] as const) {
      const se = f.standardErrors[k];
      expect(se).toBeGreaterThan(0);
      expect(Math.abs(f.params[k] - truth[k])).toBeLessThan(2 * (se as number));
    }
  });

  it('plugs into customerLifetimeValue: over a long horizon CLV = margin × DERL(d | n)/(1+d)', () => {
    const p = { alpha: ref.fits.regular.alpha, beta: ref.fits.regular.beta, c: ref.fits.regular.c };
    const subscribers = [0, 1, 4].map((periods) => ({ customerId: `tenure-${periods}`, periods }));
    const out = customerLifetimeValue({ transactionModel: { model: 'sbdw', params: p }, spendModel: 100, customers: subscribers, unit: 'year', period: 'year', horizon: 600, discountRate: 0.1 });
    out.customers.forEach((c, i) => {
      expect(c.clv).toBeCloseTo((100 * sbdw.discountedExpectedResidualLifetime(p, 0.1, subscribers[i]!.periods + 1)) / 1.1, 8);
    });
  });

  it('saved fits round-trip; another kind is INVALID_MODEL', () => {
    const f = sbdw.fit(ref.fits.regular.alive, { unit: 'year' });
    expect(sbdw.load(JSON.parse(JSON.stringify(f))).params).toEqual(f.params);
    expect(err(() => sbdw.load(JSON.parse(JSON.stringify(sbg.fit(ref.fits.regular.alive)))))?.code).toBe('INVALID_MODEL');
  });

  it('bad input: clear errors, never NaN', () => {
    const p = { alpha: 0.5, beta: 1, c: 1.2 };
    expect(err(() => sbdw.fit([1000, 600]))?.message).toMatch(/two different periods/);
    expect(err(() => sbdw.fit([1000, 1100, 900]))?.path).toEqual([1]);
    expect(err(() => sbdw.survival({ alpha: 0.5, beta: 1, c: -1 }, 1))?.path).toEqual(['params', 'c']);
    expect(err(() => sbdw.survival(p, 1.5))?.path).toEqual(['t']);
    expect(err(() => sbdw.discountedExpectedLifetime(p, 0))?.path).toEqual(['discountRate']);
    expect(err(() => sbdw.discountedExpectedLifetime(p, 10))?.path).toEqual(['discountRate']);
    const budget = err(() => sbdw.discountedExpectedLifetime({ alpha: 0.05, beta: 50, c: 0.1 }, 1e-4, { maxTerms: 1000 }));
    expect(budget?.code).toBe('BUDGET_EXCEEDED');
    expect(budget?.message).toMatch(/maxTerms/);
    expect(err(() => sbdw.discountedExpectedLifetime(p, 0.1, { maxTerm: 5 } as never))?.message).toMatch(/maxTerms/);
    expect(Number.isFinite(sbdw.discountedExpectedLifetime({ alpha: 1e-3, beta: 1e4, c: 0.2 }, 0.01))).toBe(true);
  });
});

describe('sBdW holdout projection (Fader & Hardie 2007 Table 1, years 8–12)', () => {
  it('projects the regular cohort closer to the actual counts than the sBG (duration dependence, c > 1)', () => {
    const table = readFileSync(new URL('sbg_retention_fader_hardie_2007.csv', dir), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    const calibration = table.filter((r) => r[5] === 1).map((r) => r[3]!);
    const holdout = table.filter((r) => r[5] === 0);
    const years = holdout.map((r) => r[0]!);
    const actual = holdout.map((r) => r[3]!);
    const bdw = sbdw.survival(sbdw.fit(calibration).params, years).map((s) => 1000 * s);
    const bg = sbg.survival(sbg.fit(calibration).params, years).map((s) => 1000 * s);
    const mae = (xs: number[]) => xs.reduce((a, x, i) => a + Math.abs(x - actual[i]!), 0) / xs.length;
    expect(mae(bdw)).toBeLessThan(mae(bg));
    expect(mae(bdw)).toBeLessThan(3.5);
  });
});
