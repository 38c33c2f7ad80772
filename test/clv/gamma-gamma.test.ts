import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CrmError, createRandom } from '../../src/core/index.js';
import * as gammaGamma from '../../src/clv/gamma-gamma.js';
import { thrown as err } from '../crm-error.js';

// Fixtures copied from the project data set cdnow (lifetimes datasets, MIT) and its reference/ folder.
const dir = new URL('../fixtures/clv/', import.meta.url);
const ref = JSON.parse(readFileSync(new URL('reference_values.json', dir), 'utf8'));
const summary = readFileSync(new URL('cdnow_customers_summary_with_transactions.csv', dir), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => {
    const [id, x, tx, T, z] = l.split(',').map(Number) as [number, number, number, number, number];
    return { id, frequency: x, recency: tx, T, monetaryValue: z };
  });
const perCustomer = readFileSync(new URL('cdnow_per_customer_reference.csv', dir), 'utf8').trim().split('\n');
const header = perCustomer[0]!.split(',');
const ggCol = header.indexOf('gg_expected_spend');
const ggRef = perCustomer.slice(1).map((l) => Number(l.split(',')[ggCol]));
const repeaters = summary.filter((c) => c.frequency > 0);
const mle = ref.gamma_gamma_mle as { p: number; q: number; gamma: number; LL: number };

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

describe('gammaGamma on the 946 CDNOW repeaters (Fader, Hardie & Lee 2005b)', () => {
  const f = gammaGamma.fit(repeaters);

  it('fits p = 6.25, q = 3.74, γ = 15.44 (to 1e-3 of the reference MLE) with LL −4055.92', () => {
    expect(f.converged).toBe(true);
    expect(f.rowsUsed).toBe(946);
    expect(f.customers).toBe(946);
    expect(Math.abs(f.params.p - mle.p)).toBeLessThan(1e-3);
    expect(Math.abs(f.params.q - mle.q)).toBeLessThan(1e-3);
    expect(Math.abs(f.params.gamma - mle.gamma)).toBeLessThan(1e-3);
    expect(f.params.p).toBeCloseTo(6.25, 2);
    expect(f.params.q).toBeCloseTo(3.74, 2);
    expect(f.params.gamma).toBeCloseTo(15.44, 1);
    expect(f.logLikelihood).toBeCloseTo(mle.LL, 5);
    expect(JSON.parse(JSON.stringify(f))).toEqual(f);
  });

  it('log-likelihood at the reference MLE and at the paper parameters', () => {
    expect(gammaGamma.logLikelihood(mle, repeaters)).toBeCloseTo(mle.LL, 6);
    expect(gammaGamma.logLikelihood({ p: 6.25, q: 3.74, gamma: 15.44 }, repeaters)).toBeCloseTo(ref.LL_at_paper_params.gamma_gamma, 6);
    // x = 0 rows carry no spend: same value with the full 2,357 rows.
    expect(gammaGamma.logLikelihood(mle, summary)).toBe(gammaGamma.logLikelihood(mle, repeaters));
  });

  it('standard errors agree with a finite-difference observed information', () => {
    const h = 1e-4;
    const names = ['p', 'q', 'gamma'] as const;
    const ll = (t: number[]) => gammaGamma.logLikelihood({ p: t[0]!, q: t[1]!, gamma: t[2]! }, repeaters);
    const t0 = [f.params.p, f.params.q, f.params.gamma];
    const H = names.map((_, i) =>
      names.map((__, j) => {
        const e = (si: number, sj: number) => {
          const t = [...t0];
          t[i]! += si * h * t0[i]!;
          t[j]! += sj * h * t0[j]!;
          return ll(t);
        };
        return (e(1, 1) - e(1, -1) - e(-1, 1) + e(-1, -1)) / (4 * h * h * t0[i]! * t0[j]!);
      }),
    );
    // Invert −H (3×3) by cofactors.
    const A = H.map((r) => r.map((v) => -v));
    const [a, b, c] = A[0]!;
    const [d, e, g] = A[1]!;
    const [k, l, m] = A[2]!;
    const det = a! * (e! * m! - g! * l!) - b! * (d! * m! - g! * k!) + c! * (d! * l! - e! * k!);
    const diag = [(e! * m! - g! * l!) / det, (a! * m! - c! * k!) / det, (a! * e! - b! * d!) / det];
    expect(f.standardErrors.p! / Math.sqrt(diag[0]!)).toBeCloseTo(1, 3);
    expect(f.standardErrors.q! / Math.sqrt(diag[1]!)).toBeCloseTo(1, 3);
    expect(f.standardErrors.gamma! / Math.sqrt(diag[2]!)).toBeCloseTo(1, 3);
  });

  it('conditionalExpectedSpend matches all 2,357 reference values to 1e-6 relative', () => {
    const got = gammaGamma.conditionalExpectedSpend(mle, summary);
    let worst = 0;
    got.forEach((v, i) => {
      worst = Math.max(worst, relErr(v, ggRef[i]!));
    });
    expect(worst).toBeLessThan(1e-6);
    // With the fitted parameters (which agree with the reference MLE to ~1e-7) the same holds.
    const fitted = gammaGamma.conditionalExpectedSpend(f.params, summary);
    let worstFitted = 0;
    fitted.forEach((v, i) => {
      worstFitted = Math.max(worstFitted, relErr(v, ggRef[i]!));
    });
    expect(worstFitted).toBeLessThan(1e-6);
    // Hardie's spreadsheet values for IDs 1–10.
    expect(got.slice(0, 10).map((v) => Math.round(v * 100) / 100)).toEqual([24.66, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17]);
    expect(gammaGamma.expectedSpend(mle)).toBeCloseTo(ref.gamma_gamma_mle.mean_spend, 10);
  });

  it('weighted fit on duplicated rows equals the fit on the expanded rows', () => {
    const small = repeaters.slice(0, 300);
    const weights = small.map((_, i) => 1 + (i % 3));
    const expanded = small.flatMap((c, i) => Array.from({ length: weights[i]! }, () => c));
    const a = gammaGamma.fit(small, { weights });
    const b = gammaGamma.fit(expanded);
    expect(a.customers).toBe(expanded.length);
    for (const k of ['p', 'q', 'gamma'] as const) expect(a.params[k]).toBeCloseTo(b.params[k], 5);
    expect(a.logLikelihood).toBeCloseTo(b.logLikelihood, 6);
  });

  it('column input gives the same fit as rows; starting points do not matter', () => {
    const cols = { frequency: repeaters.map((c) => c.frequency), monetaryValue: Float64Array.from(repeaters.map((c) => c.monetaryValue)) };
    const a = gammaGamma.fit(cols);
    expect(a.params.p).toBeCloseTo(f.params.p, 6);
    for (const start of [{ p: 1, q: 1, gamma: 1 }, { p: 0.1, q: 0.1, gamma: 0.1 }, { p: 100, q: 100, gamma: 100 }]) {
      const r = gammaGamma.fit(repeaters, { initialParams: start });
      expect(r.converged).toBe(true);
      expect(Math.abs(r.params.p - mle.p)).toBeLessThan(1e-3);
      expect(r.logLikelihood).toBeCloseTo(mle.LL, 5);
    }
  });

  it('a penalised fit goes through the shared optimiser and shrinks the parameters', () => {
    const r = gammaGamma.fit(repeaters, { penalizer: 0.1 });
    expect(r.params.gamma).toBeLessThan(f.params.gamma);
    expect(Number.isFinite(r.logLikelihood)).toBe(true);
  });

  it('rejects bad input with the field path', () => {
    expect(err(() => gammaGamma.fit([{ frequency: 2, monetaryValue: 10 }, { frequency: 1.5, monetaryValue: 3 }])).path).toEqual([1, 'frequency']);
    expect(err(() => gammaGamma.fit([{ frequency: 2, monetaryValue: 10 }, { frequency: -1, monetaryValue: 3 }])).path).toEqual([1, 'frequency']);
    expect(err(() => gammaGamma.fit([{ frequency: 2, monetaryValue: 10 }, { frequency: 3, monetaryValue: 0 }])).path).toEqual([1, 'monetaryValue']);
    expect(err(() => gammaGamma.fit([{ frequency: 2, monetaryValue: 10 }])).code).toBe('INVALID_INPUT');
    // No spend variation: the MLE does not exist (p → ∞), an error rather than a meaningless fit.
    expect(err(() => gammaGamma.fit(Array.from({ length: 50 }, () => ({ frequency: 3, monetaryValue: 20 })))).code).toBe('INVALID_INPUT');
    expect(err(() => gammaGamma.fit(repeaters, { weights: [1, 2] })).path).toEqual(['options', 'weights']);
    expect(err(() => gammaGamma.conditionalExpectedSpend({ p: 1, q: 0.5, gamma: 1 }, { frequency: 0, monetaryValue: 0 })).code).toBe('NUMERIC_DOMAIN');
    expect(err(() => gammaGamma.conditionalExpectedSpend({ p: -1, q: 2, gamma: 1 }, { frequency: 1, monetaryValue: 2 })).path).toEqual(['params', 'p']);
  });
});

describe('gammaGamma numerics', () => {
  it('heavy buyers (x up to 10,000, large spends) keep the likelihood, fit and expectations finite', () => {
    const heavy = [...repeaters.slice(0, 200), { frequency: 10_000, monetaryValue: 45.5 }, { frequency: 2_000, monetaryValue: 5_000 }, { frequency: 1, monetaryValue: 1e-3 }];
    expect(Number.isFinite(gammaGamma.logLikelihood(mle, heavy))).toBe(true);
    const f = gammaGamma.fit(heavy);
    expect(f.converged).toBe(true);
    for (const v of Object.values(f.params)) expect(Number.isFinite(v) && v > 0).toBe(true);
    // E[M | x, z̄] → z̄ as x grows (w → 1): within (γ + x z̄)p/(px + q − 1) of z̄ exactly.
    const e = gammaGamma.conditionalExpectedSpend(mle, { frequency: 10_000, monetaryValue: 45.5 });
    expect(e).toBeCloseTo(((mle.gamma + 10_000 * 45.5) * mle.p) / (mle.p * 10_000 + mle.q - 1), 10);
    expect(Math.abs(e - 45.5)).toBeLessThan(0.01);
  });
});

describe('gammaGamma fit contract', () => {
  it('an iteration budget too small to converge gives converged: false, a reason and finite params', () => {
    const r = gammaGamma.fit(repeaters, { maxIterations: 1, initialParams: { p: 50, q: 0.2, gamma: 900 } });
    expect(r.converged).toBe(false);
    expect(typeof r.message).toBe('string');
    for (const v of Object.values(r.params)) expect(Number.isFinite(v) && v > 0).toBe(true);
    expect(Number.isFinite(r.logLikelihood)).toBe(true);
  });

  it('does not mutate (frozen) inputs', () => {
    const frozen = Object.freeze(repeaters.slice(0, 50).map((c) => Object.freeze({ ...c })));
    const weights = Object.freeze(frozen.map(() => 2));
    expect(() => gammaGamma.fit(frozen, { weights })).not.toThrow();
    expect(() => gammaGamma.conditionalExpectedSpend(mle, frozen)).not.toThrow();
  });
});

describe('gammaGamma qConstraint (lifetimes q_constraint)', () => {
  it('leaves the CDNOW MLE (q = 3.74 > 1) unchanged', () => {
    const f = gammaGamma.fit(repeaters, { qConstraint: true });
    expect(Math.abs(f.params.q - mle.q)).toBeLessThan(1e-4);
    expect(f.logLikelihood).toBeCloseTo(mle.LL, 5);
  });

  it('keeps q > 1 when the unconstrained MLE has q < 1 (heavy-tailed spend), at a lower likelihood', () => {
    // Simulated from the model with q = 0.8 (seeded).
    const rng = createRandom(7);
    const data = Array.from({ length: 800 }, () => {
      const x = 1 + rng.int(8);
      const nu = rng.gamma(0.8) / 10;
      let s = 0;
      for (let k = 0; k < x; k++) s += rng.gamma(3) / nu;
      return { frequency: x, monetaryValue: s / x };
    });
    const free = gammaGamma.fit(data);
    const constrained = gammaGamma.fit(data, { qConstraint: true });
    expect(free.params.q).toBeLessThan(1);
    expect(constrained.params.q).toBeGreaterThan(1);
    expect(constrained.logLikelihood).toBeLessThan(free.logLikelihood);
    expect(() => gammaGamma.expectedSpend(free.params)).toThrow(CrmError);
    expect(Number.isFinite(gammaGamma.expectedSpend(constrained.params))).toBe(true);
    // The shared-BFGS path (penalizer) honours the constraint too.
    expect(gammaGamma.fit(data, { qConstraint: true, penalizer: 1e-9 }).params.q).toBeGreaterThan(1);
    expect(() => gammaGamma.fit(data, { qConstraint: true, initialParams: { q: 0.5 } })).toThrow(CrmError);
  });
});

describe('JSDoc examples (gamma-gamma.ts)', () => {
  it('as written', () => {
    const params = { p: 6.248803, q: 3.744588, gamma: 15.447746 };
    expect(gammaGamma.conditionalExpectedSpend(params, { frequency: 2, monetaryValue: 22.35 })).toBeCloseTo(24.66, 2);
    expect(gammaGamma.conditionalExpectedSpend(params, { frequency: 0, monetaryValue: 0 })).toBeCloseTo(35.17, 2);
    expect(gammaGamma.expectedSpend({ p: 6.25, q: 3.74, gamma: 15.44 })).toBeCloseTo(35.22, 2);
  });
});
