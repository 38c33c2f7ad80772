import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { customerLifetimeValue, paretoNbd, paretoNbdCovariates } from '../../src/clv/index.js';
import { createRandom } from '../../src/core/random.js';
import { thrown as err } from '../crm-error.js';

// CLVTools 0.12.1 on its apparel data (600 customers, split at week 100, static covariates Gender and
// Channel on both processes), made by test/fixtures/clv/make_pnbd_covariates_reference.R. CLVTools
// names: trans = our purchase, life = our dropout, constr = our shared.
interface RefFit { coef: Record<string, number>; se: Record<string, number>; LL: number }
const ref = JSON.parse(readFileSync(new URL('../fixtures/clv/pnbd_covariates_reference.json', import.meta.url), 'utf8')) as {
  customers: Array<{ customerId: string; frequency: number; recency: number; T: number }>;
  covariates: Array<{ customerId: string; Gender: number; Channel: number }>;
  nocov: RefFit;
  full: RefFit;
  constrained: RefFit;
  regularized: RefFit;
  palive: Array<{ customerId: string; PAlive: number }>;
};
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const both = { purchase: ['Gender', 'Channel'], dropout: ['Gender', 'Channel'] };

describe('Pareto/NBD with static covariates against CLVTools (apparel)', () => {
  const fit = paretoNbdCovariates.fit(ref.customers, { covariates: ref.covariates, ...both, unit: 'week' });

  it('reaches CLVTools’ maximum: log-likelihood to 1e-8, parameters and coefficients to 1e-2, standard errors to 2e-3', () => {
    expect(fit.converged).toBe(true);
    expect(fit.kind).toBe('pareto-nbd-covariates');
    expect(fit.logLikelihood).toBeGreaterThan(ref.full.LL - 1e-6);
    expect(rel(fit.logLikelihood, ref.full.LL)).toBeLessThan(1e-8);
    const ours: Record<string, number> = { ...fit.params, 'trans.Gender': fit.coefficients.purchase.Gender!, 'trans.Channel': fit.coefficients.purchase.Channel!, 'life.Gender': fit.coefficients.dropout.Gender!, 'life.Channel': fit.coefficients.dropout.Channel! };
    const se: Record<string, number | null> = { ...fit.standardErrors, 'trans.Gender': fit.coefficientStandardErrors.purchase.Gender!, 'trans.Channel': fit.coefficientStandardErrors.purchase.Channel!, 'life.Gender': fit.coefficientStandardErrors.dropout.Gender!, 'life.Channel': fit.coefficientStandardErrors.dropout.Channel! };
    for (const [name, value] of Object.entries(ref.full.coef)) {
      expect(rel(ours[name]!, value)).toBeLessThan(1e-2);
      expect(rel(se[name]!, ref.full.se[name]!)).toBeLessThan(2e-3);
    }
    expect(fit.parameterOrder).toEqual(['r', 'alpha', 's', 'beta', 'purchase.Gender', 'purchase.Channel', 'dropout.Gender', 'dropout.Channel']);
    expect(fit.covariance).toHaveLength(8);
    // BFGS starts from the plain fit's curvature carried to the coefficients (43 iterations from the identity)
    expect(fit.iterations).toBeLessThanOrEqual(15);
  });

  it('shared (CLVTools’ names.cov.constr) and regularised (reg.lambdas) fits reach the same optima', () => {
    const c = paretoNbdCovariates.fit(ref.customers, { covariates: ref.covariates, purchase: ['Channel'], dropout: ['Channel'], shared: ['Gender'] });
    expect(c.logLikelihood).toBeGreaterThan(ref.constrained.LL - 1e-6);
    expect(rel(c.logLikelihood, ref.constrained.LL)).toBeLessThan(1e-7);
    expect(rel(c.coefficients.shared.Gender!, ref.constrained.coef['constr.Gender']!)).toBeLessThan(1e-2);
    expect(rel(c.coefficients.purchase.Channel!, ref.constrained.coef['trans.Channel']!)).toBeLessThan(1e-2);
    expect(rel(c.coefficientStandardErrors.shared.Gender!, ref.constrained.se['constr.Gender']!)).toBeLessThan(1e-2);
    const r = paretoNbdCovariates.fit(ref.customers, { covariates: ref.covariates, ...both, regularization: { purchase: 10, dropout: 10 } });
    // CLVTools reports the penalised mean log-likelihood; ours is the plain one, so compare the penalised totals.
    const g = [r.coefficients.purchase.Gender!, r.coefficients.purchase.Channel!, r.coefficients.dropout.Gender!, r.coefficients.dropout.Channel!];
    const penalised = r.logLikelihood - 600 * 10 * g.reduce((a, v) => a + v * v, 0);
    expect(rel(penalised, ref.regularized.LL * 600)).toBeLessThan(1e-7);
    // The penalty pulls every coefficient to within 0.01 of 0 (CLVTools: the same values to 1e-4 absolute).
    for (const [name, value] of Object.entries({ 'trans.Gender': g[0]!, 'trans.Channel': g[1]!, 'life.Gender': g[2]!, 'life.Channel': g[3]! })) {
      expect(Math.abs(value)).toBeLessThan(0.01);
      expect(Math.abs(value - ref.regularized.coef[name]!)).toBeLessThan(1e-4);
    }
  });

  it('no covariates selected is the plain Pareto/NBD; customerParams feeds every paretoNbd prediction (P(alive) = CLVTools’ to 1e-4)', () => {
    const none = paretoNbdCovariates.fit(ref.customers, { covariates: ref.covariates });
    expect(rel(none.logLikelihood, ref.nocov.LL)).toBeLessThan(1e-9);
    const byId = new Map(ref.covariates.map((c) => [c.customerId, c]));
    const customers = new Map(ref.customers.map((c) => [c.customerId, c]));
    for (const { customerId, PAlive } of ref.palive) {
      const p = paretoNbdCovariates.customerParams(fit, byId.get(customerId)!);
      // CLVTools' own estimate differs from ours in the 4th digit of some parameters.
      expect(Math.abs(paretoNbd.probabilityAlive(p, customers.get(customerId)!) - PAlive)).toBeLessThan(2e-3);
    }
    // The namespace's own predictions are paretoNbd's at each customer's parameters, row by row and as arrays.
    const rows = ref.palive.slice(0, 50).map(({ customerId }) => ({ ...customers.get(customerId)!, ...byId.get(customerId)! }));
    const alive = paretoNbdCovariates.probabilityAlive(fit, rows);
    const cet = paretoNbdCovariates.conditionalExpectedPurchases(fit, 10, rows);
    rows.forEach((row, i) => {
      const p = paretoNbdCovariates.customerParams(fit, row);
      expect(alive[i]).toBe(paretoNbd.probabilityAlive(p, row));
      expect(cet[i]).toBe(paretoNbd.conditionalExpectedPurchases(p, 10, row));
      expect(Math.abs(alive[i]! - ref.palive[i]!.PAlive)).toBeLessThan(2e-3);
    });
    expect(paretoNbdCovariates.probabilityAlive(fit, rows[0]!)).toBe(alive[0]);
    // The CLV hook: customerLifetimeValue takes the namespace and the fit.
    const common = { spendModel: 40, unit: 'week' as const, horizon: 12, discountRate: 0.01 };
    const out = customerLifetimeValue({ transactionModel: { model: paretoNbdCovariates, params: fit }, customers: rows.slice(0, 8), ...common });
    rows.slice(0, 8).forEach((row, i) => {
      const plain = customerLifetimeValue({ transactionModel: { model: paretoNbd, params: paretoNbdCovariates.customerParams(fit, row) }, customers: [row], ...common });
      expect(out.customers[i]!.clv).toBeCloseTo(plain.customers[0]!.clv, 10);
    });
    const loaded = paretoNbdCovariates.load(JSON.parse(JSON.stringify(fit)));
    expect(loaded.coefficients).toEqual(fit.coefficients);
  });

  it('recovers simulated coefficients within 2 standard errors', () => {
    const rng = createRandom(2021);
    const truth = { r: 0.8, alpha: 6, s: 0.6, beta: 10, purchase: 0.7, dropout: -0.5 };
    const customers: Array<{ customerId: string; frequency: number; recency: number; T: number }> = [];
    const covariates: Array<{ customerId: string; z: number }> = [];
    for (let i = 0; i < 3000; i++) {
      const z = rng.next() < 0.5 ? 1 : 0;
      const p = paretoNbd.simulate({ r: truth.r, alpha: truth.alpha * Math.exp(-truth.purchase * z), s: truth.s, beta: truth.beta * Math.exp(-truth.dropout * z) }, { T: 52, customers: 1, seed: 1000 + i });
      customers.push({ customerId: `c${i}`, frequency: p.frequency[0]!, recency: p.recency[0]!, T: p.T[0]! });
      covariates.push({ customerId: `c${i}`, z });
    }
    const f = paretoNbdCovariates.fit(customers, { covariates, purchase: ['z'], dropout: ['z'] });
    expect(f.converged).toBe(true);
    expect(Math.abs(f.coefficients.purchase.z! - truth.purchase)).toBeLessThan(2 * f.coefficientStandardErrors.purchase.z!);
    expect(Math.abs(f.coefficients.dropout.z! - truth.dropout)).toBeLessThan(2 * f.coefficientStandardErrors.dropout.z!);
  });
});

describe('Pareto/NBD covariates: bad input names the customer or column', () => {
  const rows = ref.customers.slice(0, 60);
  const cov = ref.covariates.filter((c) => rows.some((r) => r.customerId === c.customerId));
  it('missing, duplicate, non-finite, constant and collinear covariates', () => {
    const missing = err(() => paretoNbdCovariates.fit(rows, { covariates: cov.slice(1), purchase: ['Gender'] }));
    expect(missing.message).toContain(`"${rows[0]!.customerId}"`);
    expect(err(() => paretoNbdCovariates.fit(rows, { covariates: [...cov, cov[0]!], purchase: ['Gender'] })).message).toMatch(/two covariate rows/);
    const nan = err(() => paretoNbdCovariates.fit(rows, { covariates: cov.map((c, i) => (i === 3 ? { ...c, Gender: Number.NaN } : c)), purchase: ['Gender'] }));
    expect(nan.path).toEqual(['options', 'covariates', 3, 'Gender']);
    const constant = err(() => paretoNbdCovariates.fit(rows, { covariates: cov.map((c) => ({ ...c, one: 1 })), dropout: ['one'] }));
    expect(constant.message).toMatch(/"one" is constant/);
    const twice = err(() => paretoNbdCovariates.fit(rows, { covariates: cov.map((c) => ({ ...c, G2: 2 * c.Gender })), purchase: ['Gender', 'G2'] }));
    expect(twice.message).toMatch(/"G2" is a linear combination/);
    expect(err(() => paretoNbdCovariates.fit(rows, { covariates: cov, purchase: ['Gender'], shared: ['Gender'] })).path).toEqual(['options', 'shared']);
    expect(err(() => paretoNbdCovariates.fit(rows, { covariates: cov, purchas: ['Gender'] } as never)).message).toMatch(/purchase/);
    expect(err(() => paretoNbdCovariates.fit(rows.map(({ frequency, recency, T }) => ({ frequency, recency, T })) as never, { covariates: cov })).path).toEqual([0, 'customerId']);
    expect(err(() => paretoNbdCovariates.load({ kind: 'pareto-nbd', version: 1 })).code).toBe('INVALID_MODEL');
  });
});
