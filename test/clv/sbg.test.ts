import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CrmError } from '../../src/core/index.js';
import { hyp2f1 } from '../../src/core/math/index.js';
import * as sbg from '../../src/clv/sbg.js';
import { thrown as err } from '../crm-error.js';

// Fader & Hardie (2007) Table 1, transcribed in sbg_retention_fader_hardie_2007.csv.
const dir = new URL('../fixtures/clv/', import.meta.url);
const ref = JSON.parse(readFileSync(new URL('reference_values.json', dir), 'utf8')).sbg;
const table = readFileSync(new URL('sbg_retention_fader_hardie_2007.csv', dir), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split(',').map(Number));
const calibration = table.filter((r) => r[5] === 1);
const regular = calibration.map((r) => r[3]!);
const highEnd = calibration.map((r) => r[4]!);

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('sBG (Fader & Hardie 2007, 2010)', () => {
  it('fits the regular cohort: α = 0.704, β = 1.182, LL −1680.27', () => {
    const f = sbg.fit(regular);
    expect(f.converged).toBe(true);
    expect(Math.abs(f.params.alpha - ref.regular.alpha)).toBeLessThan(1e-3);
    expect(Math.abs(f.params.beta - ref.regular.beta)).toBeLessThan(1e-3);
    expect(f.params.alpha).toBeCloseTo(0.704, 3);
    expect(f.params.beta).toBeCloseTo(1.182, 3);
    expect(f.logLikelihood).toBeCloseTo(ref.regular.LL, 5);
    expect(f.customers).toBe(1000);
    expect(f.standardErrors.alpha).toBeGreaterThan(0);
  });

  it('fits the high-end cohort: α = 0.668, β = 3.806, LL −1611.16; percentages give the same estimates', () => {
    const f = sbg.fit(highEnd);
    expect(Math.abs(f.params.alpha - ref.highend.alpha)).toBeLessThan(1e-3);
    expect(Math.abs(f.params.beta - ref.highend.beta)).toBeLessThan(1e-3);
    expect(f.logLikelihood).toBeCloseTo(ref.highend.LL, 5);
    const pct = sbg.fit(calibration.map((r) => r[2]!));
    expect(pct.params.alpha).toBeCloseTo(f.params.alpha, 5);
    expect(pct.params.beta).toBeCloseTo(f.params.beta, 5);
  });

  it('individual customers (churned / censored) give the cohort fit', () => {
    const customers = regular.slice(1).map((n, i) => ({ periods: i + 1, churned: true, w: regular[i]! - n }));
    customers.push({ periods: regular.length - 1, churned: false, w: regular.at(-1)! });
    const f = sbg.fit(
      customers.map(({ periods, churned }) => ({ periods, churned })),
      { weights: customers.map((c) => c.w) },
    );
    expect(f.params.alpha).toBeCloseTo(ref.regular.alpha, 5);
    expect(f.logLikelihood).toBeCloseTo(ref.regular.LL, 5);
  });

  it('survival and retention curves match the reference (years 0–12, incl. the holdout)', () => {
    for (const cohort of ['regular', 'highend'] as const) {
      const p = { alpha: ref[cohort].alpha, beta: ref[cohort].beta };
      const years = Array.from({ length: 13 }, (_, t) => t);
      sbg.survival(p, years).forEach((s, t) => expect(rel(100 * s, ref[cohort].survival_pct_fitted_0_12[t])).toBeLessThan(1e-9));
      sbg.retentionRate(p, years.slice(1)).forEach((r, i) => expect(rel(r, ref[cohort].retention_rate_1_12[i])).toBeLessThan(1e-12));
      // Non-integer t uses the beta ratio and agrees with the products at integers.
      expect(sbg.survival(p, 2.5)).toBeLessThan(sbg.survival(p, 2));
      expect(sbg.survival(p, 2.5)).toBeGreaterThan(sbg.survival(p, 3));
    }
  });

  it('DEL and DERL at d = 10 % for both cohorts and the Fader & Hardie (2010) Table 3 cases', () => {
    const cases = [
      [{ alpha: ref.regular.alpha, beta: ref.regular.beta }, ref.regular.DEL_d0_10, ref.regular.DERL_d0_10_after_n_minus_1_renewals_n1_5],
      [{ alpha: ref.highend.alpha, beta: ref.highend.beta }, ref.highend.DEL_d0_10, ref.highend.DERL_d0_10_after_n_minus_1_renewals_n1_5],
      [ref.fader_hardie_2010_cases.case1, ref.fader_hardie_2010_cases.case1.DEL_d0_10, ref.fader_hardie_2010_cases.case1.DERL_d0_10_n1_5],
      [ref.fader_hardie_2010_cases.case2, ref.fader_hardie_2010_cases.case2.DEL_d0_10, ref.fader_hardie_2010_cases.case2.DERL_d0_10_n1_5],
    ] as const;
    for (const [p, del, derl] of cases) {
      const params = { alpha: p.alpha, beta: p.beta };
      expect(rel(sbg.discountedExpectedLifetime(params, 0.1), del)).toBeLessThan(1e-12);
      (derl as number[]).forEach((v, i) => {
        expect(rel(sbg.discountedExpectedResidualLifetime(params, 0.1, i + 1), v)).toBeLessThan(1e-12);
        expect(sbg.discountedExpectedResidualLifetime(params, 0.1, { renewals: i })).toBe(sbg.discountedExpectedResidualLifetime(params, 0.1, i + 1));
      });
    }
    // Paper's rounded values: case 1 DERL 3.31…3.84, case 2 7.67, 9.46, 9.85, 10.06, 10.19.
    const c2 = ref.fader_hardie_2010_cases.case2;
    expect([1, 2, 3, 4, 5].map((n) => Math.round(sbg.discountedExpectedResidualLifetime(c2, 0.1, n) * 100) / 100)).toEqual([7.67, 9.46, 9.85, 10.06, 10.19]);
  });

  it('DERL at n = 1 is the sum of discounted survival ratios; no heterogeneity recovers r(1+d)/(1+d−r)', () => {
    const p = { alpha: 2.3, beta: 4.1 };
    let brute = 0;
    for (let t = 1; t < 3000; t++) brute += sbg.survival(p, t) / 1.05 ** (t - 1);
    expect(sbg.discountedExpectedResidualLifetime(p, 0.05, 1)).toBeCloseTo(brute, 10);
    // θ concentrated at 0.2 (α = 0.2k, β = 0.8k, k → ∞): DEL → (1+d)/(1+d−r) = 3.667 at r = 0.8, d = 0.1.
    expect(sbg.discountedExpectedLifetime({ alpha: 2e5, beta: 8e5 }, 0.1)).toBeCloseTo(1.1 / 0.3, 4);
  });

  it('DEL agrees with the general ₂F₁(1, β; α+β; 1/(1+d)) of core/math, including large α, β', () => {
    const cases: Array<[number, number, number]> = [
      [0.704, 1.182, 0.1],
      [100, 400, 0.1],
      [3.8, 15.2, 0.01],
      [0.067, 0.267, 0.001],
      [2, 3, 1e-4],
      [0.5, 0.5, 0.5],
    ];
    for (const [alpha, beta, d] of cases) {
      expect(rel(sbg.discountedExpectedLifetime({ alpha, beta }, d), hyp2f1(1, beta, alpha + beta, 1 / (1 + d)))).toBeLessThan(1e-11);
    }
  });

  it('small discount rates: the connection formula joins the series smoothly, and d = 0 gives E[T]', () => {
    for (const p of [{ alpha: 0.704, beta: 1.182 }, { alpha: 1.5, beta: 2 }, { alpha: 3.8, beta: 15.2 }, { alpha: 2, beta: 3 }]) {
      const below = sbg.discountedExpectedLifetime(p, 1e-6 * (1 - 1e-9));
      const above = sbg.discountedExpectedLifetime(p, 1e-6);
      expect(rel(below, above)).toBeLessThan(1e-7);
      if (p.alpha > 1) {
        const eT = (p.alpha + p.beta - 1) / (p.alpha - 1);
        expect(sbg.discountedExpectedLifetime(p, 0)).toBeCloseTo(eT, 12);
        expect(rel(sbg.discountedExpectedLifetime(p, 1e-10), eT)).toBeLessThan(1e-4);
      }
    }
  });

  it('bad input: increasing counts, negative discount, infinite undiscounted lifetime, n < 1', () => {
    expect(err(() => sbg.fit([1000, 600, 700])).path).toEqual([2]);
    expect(err(() => sbg.fit([1000, 1000, 1000])).code).toBe('INVALID_INPUT');
    expect(err(() => sbg.discountedExpectedLifetime({ alpha: 0.7, beta: 1.2 }, -0.1)).path).toEqual(['discountRate']);
    expect(err(() => sbg.discountedExpectedLifetime({ alpha: 0.7, beta: 1.2 }, 0)).code).toBe('NUMERIC_DOMAIN');
    expect(err(() => sbg.discountedExpectedResidualLifetime({ alpha: 0.7, beta: 1.2 }, 0.1, 0)).path).toEqual(['n']);
    expect(err(() => sbg.retentionRate({ alpha: 0.7, beta: 1.2 }, 0)).path).toEqual(['t']);
    expect(err(() => sbg.fit([{ periods: 0, churned: true }])).path).toEqual([0, 'periods']);
  });
});

describe('sBG numerics', () => {
  it('extreme α, β: survival in [0, 1] and non-increasing, 1 ≤ DEL ≤ (1+d)/d, DERL finite', () => {
    for (const alpha of [1e-3, 0.05, 1, 30, 1e4]) {
      for (const beta of [1e-3, 0.5, 5, 300, 1e4]) {
        const p = { alpha, beta };
        const s = sbg.survival(p, [0, 1, 10, 100, 1000, 10.5]);
        expect(s[0]).toBe(1);
        for (let i = 1; i < 5; i++) expect(s[i]! <= s[i - 1]! && s[i]! >= 0).toBe(true);
        for (const d of [0.01, 0.1, 2]) {
          const del = sbg.discountedExpectedLifetime(p, d);
          expect(del >= 1 && del <= (1 + d) / d + 1e-9).toBe(true);
          const derl = sbg.discountedExpectedResidualLifetime(p, d, 3);
          expect(Number.isFinite(derl) && derl >= 0).toBe(true);
        }
      }
    }
  });
});

describe('JSDoc examples (sbg.ts)', () => {
  it('as written', () => {
    const p = { alpha: 0.704, beta: 1.182 };
    expect(sbg.logLikelihood(p, [1000, 631, 468, 382, 326, 289, 262, 241])).toBeCloseTo(-1680.27, 1);
    expect(sbg.survival(p, 1)).toBeCloseTo(0.627, 3);
    expect(sbg.retentionRate(p, [1, 2, 3]).map((v) => Math.round(v * 1000) / 1000)).toEqual([0.627, 0.756, 0.819]);
    expect(sbg.discountedExpectedLifetime(p, 0.1)).toBeCloseTo(3.695, 3);
    expect(sbg.discountedExpectedResidualLifetime(p, 0.1, 1)).toBeCloseTo(2.96, 2);
    expect(sbg.discountedExpectedResidualLifetime(p, 0.1, { renewals: 4 })).toBeCloseTo(5.89, 2);
  });
});

describe('sbg.conditionalExpectedPurchases (renewals ahead)', () => {
  const p = { alpha: ref.regular.alpha, beta: ref.regular.beta };
  it('sums survival ratios; churned customers renew no more; JSDoc example', () => {
    const surv = sbg.survival(p, [0, 1, 2, 3, 4, 5, 6, 7]);
    expect(sbg.conditionalExpectedPurchases(p, 3, { periods: 0 })).toBeCloseTo(surv[1]! + surv[2]! + surv[3]!, 12);
    expect(sbg.conditionalExpectedPurchases(p, 3, { periods: 4 })).toBeCloseTo((surv[5]! + surv[6]! + surv[7]!) / surv[4]!, 12);
    expect(sbg.conditionalExpectedPurchases(p, 10, [{ periods: 2, churned: true }])).toEqual([0]);
    expect(sbg.conditionalExpectedPurchases({ alpha: 0.704, beta: 1.182 }, 3, { periods: 0, churned: false })).toBeCloseTo(1.489, 3);
    expect(() => sbg.conditionalExpectedPurchases(p, 1.5, { periods: 0 })).toThrow(CrmError);
  });
});
