// Prediction intervals for the covariate models (paretoNbdCovariates, bgNbdCovariates,
// paretoNbdDynamicCovariates): point estimates are the models' own predictions, the delta method's
// gradient against a direct finite difference of the public predictions, coverage by simulation,
// the bootstrap's determinism and agreement with the delta method, CLVTools' boots intervals, bad input.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bgNbdCovariates,
  dert,
  gammaGamma,
  paretoNbdCovariates,
  paretoNbdDynamicCovariates,
  predictionIntervals,
  type DynamicCovariateData,
  type ParetoNbdDynamicParams,
} from '../../src/clv/index.js';
import { cholesky, choleskyInverse } from '../../src/core/math/index.js';
import { normalQuantile } from '../../src/core/math/normal.js';
import { createRandom } from '../../src/core/random.js';
import { dynamicCovariateEngine, staticCovariateEngine } from '../../src/clv/bootstrap-covariates.js';
import { thrown as err } from '../crm-error.js';
import { simulateDynamic, simulateStatic, type DynamicTruth } from './covariate-simulate.js';

type Row = { customerId: string; frequency: number; recency: number; T: number } & Record<string, number | string>;
const z90 = normalQuantile(0.95);
/** The standard error on the interval's scale: ln for positive quantities, logit for P(alive). */
const seOf = (v: { estimate: number; upper: number }, logit = false): number => {
  const f = (p: number) => (logit ? Math.log(p / (1 - p)) : Math.log(p));
  return (f(v.upper) - f(v.estimate)) / z90;
};
const width = (v: { lower: number; upper: number }): number => v.upper - v.lower;
/**
 * The covariance as if the coefficients were known: the baseline block Σ_bb − Σ_bc Σ_cc⁻¹ Σ_cb
 * (the inverse of the information's baseline block), zero for the coefficients.
 */
const coefficientsKnown = (cov: number[][]): number[][] => {
  const info = choleskyInverse(cholesky(cov)!);
  const base = choleskyInverse(cholesky(info.slice(0, 4).map((row) => row.slice(0, 4)))!);
  return cov.map((row, a) => row.map((_, b) => (a < 4 && b < 4 ? base[a]![b]! : 0)));
};

// CLVTools' apparel data (600 customers, week 100 split) with Gender and Channel: the fixtures of
// the covariate reference tests; each customer carries its covariate columns.
const pnRef = JSON.parse(readFileSync(new URL('../fixtures/clv/pnbd_covariates_reference.json', import.meta.url), 'utf8')) as {
  customers: Array<{ customerId: string; frequency: number; recency: number; T: number }>;
  covariates: Array<{ customerId: string; Gender: number; Channel: number }>;
};
const covById = new Map(pnRef.covariates.map((c) => [c.customerId, c]));
const apparel: Row[] = pnRef.customers.map((c) => ({ ...c, ...covById.get(c.customerId)! }));
const apparelFit = {
  pnbd: paretoNbdCovariates.fit(pnRef.customers, { covariates: pnRef.covariates, purchase: ['Gender', 'Channel'], dropout: ['Gender', 'Channel'], unit: 'week' }),
  bg: bgNbdCovariates.fit(pnRef.customers, { covariates: pnRef.covariates, purchase: ['Channel'], dropout: ['Gender'], unit: 'week' }),
};

/** Mean repeat spend under the Gamma-Gamma (Fader, Hardie & Lee 2005 note): ν ~ Gamma(q, rate γ), z̄ | x ~ Gamma(p·x, rate ν·x); p = 6, q = 4, γ = 15. */
const gammaGammaSpend = (rng: { gamma(shape: number, scale?: number): number }, x: number): number => {
  if (x === 0) return 0;
  const nu = rng.gamma(4, 1 / 15);
  return rng.gamma(6 * x, 1 / (nu * x));
};

const dynTruth: DynamicTruth = { r: 0.8, alpha: 6, s: 0.7, beta: 15, purchase: { season: 0.5, trait: -0.4, promo: 0.6 }, dropout: { season: 0.4, trait: 0.5 } };

describe('point estimates are the models’ own predictions', () => {
  it('static covariates: P(alive), E[Y(10)] and DERT equal the namespaces’ (and dert at customerParams) exactly', () => {
    const delta = Math.log(1.1) / 52;
    for (const [model, ns, fit, plain] of [
      ['paretoNbdCovariates', paretoNbdCovariates, apparelFit.pnbd, 'paretoNbd'],
      ['bgNbdCovariates', bgNbdCovariates, apparelFit.bg, 'bgNbd'],
    ] as const) {
      const customers = apparel.slice(0, 40);
      for (const method of ['delta', 'bootstrap'] as const) {
        const out = predictionIntervals({ transactionModel: { model, fit }, data: apparel, customers, horizon: 10, delta, method, ...(method === 'bootstrap' ? { draws: 4 } : {}) });
        const alive = (ns as typeof paretoNbdCovariates).probabilityAlive(fit as never, customers);
        const cet = (ns as typeof paretoNbdCovariates).conditionalExpectedPurchases(fit as never, 10, customers);
        out.customers.forEach((c, i) => {
          expect(c.customerId).toBe(customers[i]!.customerId);
          expect(c.probabilityAlive.estimate).toBe(alive[i]);
          expect(c.expectedTransactions.estimate).toBe(cet[i]);
          const p = (ns as typeof paretoNbdCovariates).customerParams(fit as never, customers[i]!);
          expect(c.dert!.estimate).toBe(dert({ model: plain, params: p }, [customers[i]!], { delta })[0]);
        });
      }
    }
  });

  it('time-varying covariates: P(alive) and E[Y(8)] equal paretoNbdDynamicCovariates’ exactly (shared coefficient too)', () => {
    const data = simulateDynamic(dynTruth, 300, 52, createRandom(5), 8);
    const fit = paretoNbdDynamicCovariates.fit(data, { shared: ['trait'] });
    expect(fit.parameterOrder).toContain('shared.trait');
    const alive = paretoNbdDynamicCovariates.probabilityAlive(fit, data);
    const cet = paretoNbdDynamicCovariates.conditionalExpectedPurchases(fit, 8, data);
    for (const method of ['delta', 'bootstrap'] as const) {
      const out = predictionIntervals({ transactionModel: { model: 'paretoNbdDynamicCovariates', fit }, data, horizon: 8, method, ...(method === 'bootstrap' ? { draws: 3 } : {}) });
      expect(out.customers).toHaveLength(300);
      out.customers.forEach((c, i) => {
        expect(c.customerId).toBe(data.customers[i]!.customerId);
        expect(c.probabilityAlive.estimate).toBe(alive[i]);
        expect(c.expectedTransactions.estimate).toBe(cet[i]);
        expect(c.dert).toBeUndefined();
      });
    }
  });
});

/**
 * The delta-method standard error of ln E[Y(t)] and logit P(alive) computed here from the public
 * predictions: a central difference of `predict` at the fit moved along each coordinate of
 * `parameterOrder` (a step 10× the library's, in ln θ for the parameters, in γ for the
 * coefficients), combined with the fit's covariance.
 */
function directSe(
  fit: { params: Record<string, number>; coefficients: Record<string, Record<string, number>>; covariance: number[][] | null; parameterOrder: string[] },
  predict: (f: { params: Record<string, number>; coefficients: Record<string, Record<string, number>> }) => { cet: number[]; alive: number[] },
  sharedInBoth: boolean,
): { cet: number[]; alive: number[] } {
  const k = fit.parameterOrder.length;
  const move = (j: number, h: number) => {
    const f = { params: { ...fit.params }, coefficients: Object.fromEntries(Object.entries(fit.coefficients).map(([g, v]) => [g, { ...v }])) };
    const name = fit.parameterOrder[j]!;
    if (j < 4) f.params[name] = f.params[name]! * Math.exp(h);
    else {
      const dot = name.indexOf('.');
      const [group, col] = [name.slice(0, dot), name.slice(dot + 1)];
      if (group === 'shared' && sharedInBoth) {
        f.coefficients.purchase![col] = f.coefficients.purchase![col]! + h;
        f.coefficients.dropout![col] = f.coefficients.dropout![col]! + h;
      } else f.coefficients[group]![col] = f.coefficients[group]![col]! + h;
    }
    const p = predict(f);
    return { cet: p.cet.map(Math.log), alive: p.alive.map((a) => Math.log(a / (1 - a))) };
  };
  const grads = fit.parameterOrder.map((_, j) => {
    const h = 1e-3;
    const up = move(j, h);
    const dn = move(j, -h);
    const scale = j < 4 ? fit.params[fit.parameterOrder[j]!]! : 1; // ∂/∂θ = (∂/∂ln θ)/θ
    return { cet: up.cet.map((v, i) => (v - dn.cet[i]!) / (2 * h) / scale), alive: up.alive.map((v, i) => (v - dn.alive[i]!) / (2 * h) / scale) };
  });
  const quad = (key: 'cet' | 'alive', i: number): number => {
    let s = 0;
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) s += grads[a]![key][i]! * grads[b]![key][i]! * fit.covariance![a]![b]!;
    return Math.sqrt(s);
  };
  const n = grads[0]!.cet.length;
  return { cet: Array.from({ length: n }, (_, i) => quad('cet', i)), alive: Array.from({ length: n }, (_, i) => quad('alive', i)) };
}

describe('delta method: the gradient through every parameter and coefficient', () => {
  it('static covariates (shared coefficient included): standard errors equal a direct finite difference of the public predictions to 1e-4', () => {
    const pn = paretoNbdCovariates.fit(pnRef.customers, { covariates: pnRef.covariates, purchase: ['Channel'], dropout: ['Channel'], shared: ['Gender'] });
    const customers = apparel.slice(0, 25);
    for (const [model, ns, fit] of [
      ['paretoNbdCovariates', paretoNbdCovariates, pn],
      ['bgNbdCovariates', bgNbdCovariates, apparelFit.bg],
    ] as const) {
      const out = predictionIntervals({ transactionModel: { model, fit }, data: apparel, customers, horizon: 10, method: 'delta' });
      const direct = directSe(fit as never, (f) => ({ cet: (ns as typeof paretoNbdCovariates).conditionalExpectedPurchases(f as never, 10, customers), alive: (ns as typeof paretoNbdCovariates).probabilityAlive(f as never, customers) }), false);
      let full = 0;
      out.customers.forEach((c, i) => {
        expect(Math.abs(seOf(c.expectedTransactions) / direct.cet[i]! - 1)).toBeLessThan(1e-4);
        if (c.probabilityAlive.estimate < 1) expect(Math.abs(seOf(c.probabilityAlive, true) / direct.alive[i]! - 1)).toBeLessThan(1e-4);
        else expect(customers[i]!.frequency).toBe(0); // BG/NBD: P(alive) = 1 exactly without repeat purchases
        full += seOf(c.expectedTransactions);
      });
      // The coefficients' share is not negligible: taken as known, the intervals are narrower.
      const known = { ...fit, covariance: coefficientsKnown(fit.covariance!) };
      const narrow = predictionIntervals({ transactionModel: { model, fit: known }, data: apparel, customers, horizon: 10, method: 'delta' });
      const sumNarrow = narrow.customers.reduce((s, c) => s + seOf(c.expectedTransactions), 0);
      expect(sumNarrow / full).toBeLessThan(0.97);
    }
  });

  it('time-varying covariates with a shared coefficient: standard errors equal a direct finite difference to 1e-4', () => {
    const data = simulateDynamic(dynTruth, 400, 52, createRandom(11), 6);
    const fit = paretoNbdDynamicCovariates.fit(data, { shared: ['season'] });
    const out = predictionIntervals({ transactionModel: { model: paretoNbdDynamicCovariates, fit }, data, horizon: 6, method: 'delta' });
    const direct = directSe(
      fit as never,
      (f) => ({ cet: paretoNbdDynamicCovariates.conditionalExpectedPurchases(f as unknown as ParetoNbdDynamicParams, 6, data), alive: paretoNbdDynamicCovariates.probabilityAlive(f as unknown as ParetoNbdDynamicParams, data) }),
      true,
    );
    out.customers.forEach((c, i) => {
      expect(Math.abs(seOf(c.expectedTransactions) / direct.cet[i]! - 1)).toBeLessThan(1e-4);
      expect(Math.abs(seOf(c.probabilityAlive, true) / direct.alive[i]! - 1)).toBeLessThan(1e-4);
    });
  });
});

describe('delta method: coverage of the true expected values on simulated data', () => {
  // Profiles: recent and lapsed buyers with z = 0 or 1 and a continuous trait x_c (one far out, x_c = 3).
  const profiles: Row[] = [
    { customerId: 'p0', frequency: 3, recency: 40, T: 52, z: 0, xc: 0.5 },
    { customerId: 'p1', frequency: 3, recency: 40, T: 52, z: 1, xc: -0.5 },
    { customerId: 'p2', frequency: 1, recency: 10, T: 52, z: 1, xc: 1 },
    { customerId: 'p3', frequency: 6, recency: 50, T: 52, z: 0, xc: -1 },
    { customerId: 'p4', frequency: 2, recency: 45, T: 52, z: 1, xc: 3 },
  ];
  const covs = (rng: { next(): number; normal(): number }) => ({ z: rng.next() < 0.5 ? 1 : 0, xc: rng.normal() });
  /**
   * Coverage over `reps` replications: `interval(rep)` gives one replication's intervals for the
   * profiles (or undefined when its fit is at a boundary and has no covariance); every profile's
   * E[Y] and P(alive) share must lie in [lo, hi]. Returns the replications skipped.
   */
  const expectCoverage = (
    reps: number,
    truth: { cet: readonly number[]; alive: readonly number[] },
    interval: (rep: number) => ReadonlyArray<{ expectedTransactions: { lower: number; upper: number }; probabilityAlive: { lower: number; upper: number } }> | undefined,
    lo: number,
    hi: number,
  ): number => {
    const k = truth.cet.length;
    const hits = new Array<number>(2 * k).fill(0);
    const inside = (v: { lower: number; upper: number }, t: number) => (v.lower <= t && t <= v.upper ? 1 : 0);
    let skipped = 0;
    for (let rep = 0; rep < reps; rep++) {
      const out = interval(rep);
      if (out === undefined) {
        skipped++;
        continue;
      }
      out.forEach((c, j) => {
        hits[j] = hits[j]! + inside(c.expectedTransactions, truth.cet[j]!);
        hits[k + j] = hits[k + j]! + inside(c.probabilityAlive, truth.alive[j]!);
      });
    }
    for (const h of hits) {
      expect(h / (reps - skipped)).toBeGreaterThanOrEqual(lo);
      expect(h / (reps - skipped)).toBeLessThanOrEqual(hi);
    }
    return skipped;
  };

  it('Pareto/NBD with static covariates: 90 % intervals of E[Y(26)] and P(alive) cover the truth 84–96 % over 150 replications', () => {
    const truth = { r: 0.8, alpha: 6, s: 0.6, beta: 10, purchase: { z: 0.7, xc: 0.3 }, dropout: { z: -0.5 } };
    const truthFit = { params: { r: truth.r, alpha: truth.alpha, s: truth.s, beta: truth.beta }, coefficients: { purchase: truth.purchase, dropout: truth.dropout, shared: {} } };
    const expected = { cet: paretoNbdCovariates.conditionalExpectedPurchases(truthFit, 26, profiles), alive: paretoNbdCovariates.probabilityAlive(truthFit, profiles) };
    const rng = createRandom(2718);
    const skipped = expectCoverage(150, expected, () => {
      const data = simulateStatic('paretoNbd', truth, covs, 500, 52, rng);
      const fit = paretoNbdCovariates.fit(data, { covariates: data, purchase: ['z', 'xc'], dropout: ['z'] });
      return predictionIntervals({ transactionModel: { model: 'paretoNbdCovariates', fit }, data, customers: profiles, horizon: 26, method: 'delta' }).customers;
    }, 0.84, 0.96);
    expect(skipped).toBe(0);
  }, 60_000);
  it('BG/NBD with static covariates (dropout coefficient on a and b): 90 % intervals cover the truth 84–96 % over 150 replications', () => {
    const truth = { r: 0.8, alpha: 6, a: 0.8, b: 3, purchase: { z: 0.6, xc: 0.3 }, dropout: { z: -0.7 } };
    const truthFit = { params: { r: truth.r, alpha: truth.alpha, a: truth.a, b: truth.b }, coefficients: { purchase: truth.purchase, dropout: truth.dropout, shared: {} } };
    const expected = { cet: bgNbdCovariates.conditionalExpectedPurchases(truthFit, 26, profiles), alive: bgNbdCovariates.probabilityAlive(truthFit, profiles) };
    const rng = createRandom(31415);
    const boundary = expectCoverage(150, expected, () => {
      const data = simulateStatic('bgNbd', truth, covs, 500, 52, rng);
      const fit = bgNbdCovariates.fit(data, { covariates: data, purchase: ['z', 'xc'], dropout: ['z'] });
      // A fit at a boundary has no covariance, so no delta-method interval: skipped and counted.
      if (fit.covariance === null) return undefined;
      return predictionIntervals({ transactionModel: { model: 'bgNbdCovariates', fit }, data, customers: profiles, horizon: 26, method: 'delta' }).customers;
    }, 0.84, 0.96);
    expect(boundary).toBeLessThan(5);
  }, 60_000);
  it('Pareto/NBD with time-varying covariates (season and a trait on both processes): 90 % intervals cover the truth 82–97 % over 100 replications', () => {
    const truth = { ...dynTruth, purchase: { season: 0.5, trait: -0.4, promo: 0 } };
    const model = { params: { r: truth.r, alpha: truth.alpha, s: truth.s, beta: truth.beta }, coefficients: { purchase: { season: 0.5, trait: -0.4 }, dropout: truth.dropout } };
    // Four profiles: simulated customers with covariates 8 weeks ahead (their own history fixed).
    const profileData = simulateDynamic(truth, 4, 39, createRandom(404), 8, { promo: false });
    const expected = { cet: paretoNbdDynamicCovariates.conditionalExpectedPurchases(model, 8, profileData), alive: paretoNbdDynamicCovariates.probabilityAlive(model, profileData) };
    const rng = createRandom(1618);
    const skipped = expectCoverage(100, expected, () => {
      const data = simulateDynamic(truth, 500, 39, rng, 0, { promo: false });
      const fit = paretoNbdDynamicCovariates.fit(data);
      return predictionIntervals({ transactionModel: { model: 'paretoNbdDynamicCovariates', fit }, data, customers: profileData, horizon: 8, method: 'delta' }).customers;
    }, 0.82, 0.97);
    expect(skipped).toBe(0);
  }, 60_000);
});

describe('bootstrap: seeded, counted, and as wide as the delta method on a large sample', () => {
  const truth = { r: 0.8, alpha: 6, s: 0.6, beta: 10, purchase: { z: 0.7 }, dropout: { z: -0.5 } };
  const rng = createRandom(99);
  const data = simulateStatic('paretoNbd', truth, (r) => ({ z: r.next() < 0.5 ? 1 : 0 }), 3000, 52, rng).map((c) => ({ ...c, monetaryValue: gammaGammaSpend(rng, c.frequency) }));
  const fit = paretoNbdCovariates.fit(data, { covariates: data, purchase: ['z'], dropout: ['z'], unit: 'week' });
  const gg = gammaGamma.fit(data);
  const customers = [data[0]!, data[1]!, data[2]!, data[3]!, ...data.filter((c) => c.frequency > 4).slice(0, 4)];

  it('Pareto/NBD covariates: the same seed gives the same intervals, another seed others; draws, failures and parameter draws reported', () => {
    const run = (seed: number) => predictionIntervals({ transactionModel: { model: paretoNbdCovariates, fit }, spendModel: { fit: gg }, data, customers, horizon: 26, discountRate: { rate: 0.1, per: 'year' }, draws: 12, seed });
    const a = run(5);
    expect(a.settings).toMatchObject({ method: 'bootstrap', draws: 12, drawsUsed: 12, failedDraws: 0, nonConvergedDraws: 0, seed: 5 });
    expect(a.settings.delta).toBeCloseTo((Math.log(1.1) * 7) / 365.25, 12); // the fit's unit (week) converts discountRate
    expect(Object.keys(a.parameterDraws!.transaction[0]!)).toEqual(fit.parameterOrder);
    expect(a.parameterDraws!.spend).toHaveLength(12);
    expect(run(5)).toEqual(a);
    expect(run(6).customers[0]!.expectedTransactions.lower).not.toBe(a.customers[0]!.expectedTransactions.lower);
    for (const c of a.customers) {
      for (const v of [c.expectedTransactions, c.probabilityAlive, c.dert!, c.expectedSpend!, c.clv!]) expect(v.lower).toBeLessThanOrEqual(v.upper);
      expect(c.clv!.estimate).toBeCloseTo(c.dert!.estimate * c.expectedSpend!.estimate, 10);
    }
  });

  it('3,000 simulated customers: bootstrap (80 draws) and delta-method widths agree within a factor 1.5 (E[Y(26)], P(alive), DERT, CLV)', () => {
    const common = { transactionModel: { model: 'paretoNbdCovariates' as const, fit }, spendModel: { fit: gg }, data, customers, horizon: 26, delta: Math.log(1.1) / 52 };
    const d = predictionIntervals({ ...common, method: 'delta' });
    const b = predictionIntervals({ ...common, draws: 80, seed: 1 });
    const ratios: number[] = [];
    customers.forEach((c, i) => {
      const pairs = [
        [d.customers[i]!.expectedTransactions, b.customers[i]!.expectedTransactions],
        [d.customers[i]!.dert!, b.customers[i]!.dert!],
        ...(c.frequency > 0 ? [[d.customers[i]!.probabilityAlive, b.customers[i]!.probabilityAlive], [d.customers[i]!.clv!, b.customers[i]!.clv!]] : []),
      ] as const;
      for (const [dv, bv] of pairs) ratios.push(width(dv) / width(bv));
    });
    for (const r of ratios) {
      expect(r).toBeGreaterThan(1 / 1.5);
      expect(r).toBeLessThan(1.5);
    }
  });

  it('time-varying covariates: seeded, a few draws (a refit costs ~0.1 s), widths near the delta method’s; spend intervals with monetaryValue, no CLV', () => {
    const dyn = simulateDynamic(dynTruth, 400, 52, createRandom(77), 10);
    const spendRng = createRandom(3);
    dyn.customers.forEach((c) => Object.assign(c, { monetaryValue: gammaGammaSpend(spendRng, c.frequency) }));
    const dfit = paretoNbdDynamicCovariates.fit(dyn);
    const spend = gammaGamma.fit(dyn.customers as unknown as Array<{ frequency: number; monetaryValue: number }>);
    const predict: DynamicCovariateData = { ...dyn, customers: dyn.customers.slice(0, 12) };
    const run = (seed: number) => predictionIntervals({ transactionModel: { model: 'paretoNbdDynamicCovariates', fit: dfit }, spendModel: { fit: spend }, data: dyn, customers: predict, horizon: 10, draws: 12, seed });
    const b = run(2);
    expect(b.settings).toMatchObject({ draws: 12, drawsUsed: 12, failedDraws: 0 });
    expect(run(2)).toEqual(b);
    const d = predictionIntervals({ transactionModel: { model: 'paretoNbdDynamicCovariates', fit: dfit }, spendModel: { fit: spend }, data: dyn, customers: predict, horizon: 10, method: 'delta' });
    const cet = paretoNbdDynamicCovariates.conditionalExpectedPurchases(dfit, 10, predict);
    // 12 draws: the 5 % and 95 % points are the extreme draws, so single widths are noisy (with 100
    // draws every ratio is within 0.8–1.25); the median ratio is held tighter.
    const ratios = b.customers.map((c, i) => {
      expect(c.expectedTransactions.estimate).toBe(cet[i]);
      expect(c.expectedSpend!.lower).toBeLessThan(c.expectedSpend!.upper);
      expect(c.clv).toBeUndefined();
      return width(d.customers[i]!.expectedTransactions) / width(c.expectedTransactions);
    });
    for (const r of ratios) {
      expect(r).toBeGreaterThan(1 / 2.8);
      expect(r).toBeLessThan(2.8);
    }
    const median = [...ratios].sort((u, v) => u - v)[ratios.length >> 1]!;
    expect(median).toBeGreaterThan(1 / 1.6);
    expect(median).toBeLessThan(1.6);
  }, 60_000);
});

describe('against CLVTools’ boots intervals on its apparel data', () => {
  // test/fixtures/clv/make_covariate_boots_reference.R: CLVTools 0.12.1 predict(…, uncertainty =
  // "boots", num.boots = 60, level = 0.9), 10-week CET, P(alive) (and Pareto/NBD DERT at
  // continuous.discount.factor = ln 1.1) for all 600 customers. CLVTools' bootstrap is random and
  // its type-7 quantiles of ~60 draws narrow a 90 % interval by ~8 %, so widths are compared by
  // their median ratio over the customers, loosely; the point estimates (CLVTools' fit vs ours,
  // parameters equal to ~1e-2) to 1 % (BG/NBD: 3 %, below).
  const ref = JSON.parse(readFileSync(new URL('../fixtures/clv/covariate_boots_reference.json', import.meta.url), 'utf8')) as Record<
    'pnbd' | 'bgnbd',
    { numBoots: number; customerId: string[] } & Record<'CET' | 'CET.lower' | 'CET.upper' | 'PAlive' | 'PAlive.lower' | 'PAlive.upper' | 'DERT' | 'DERT.lower' | 'DERT.upper', number[]>
  >;
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
  const cases = [
    { key: 'pnbd' as const, model: 'paretoNbdCovariates' as const, fit: apparelFit.pnbd, point: 0.01, cet: [0.9, 1.25], alive: [0.9, 1.25], dert: [0.9, 1.25] },
    // CLVTools' BG/NBD refits stop at its default tolerance (a, b ~7 % short of the maximum), so
    // its draws vary less, and its estimate's P(alive) differs from ours by up to 0.02; ~25 % of
    // our draws run to the a + b → ∞ boundary.
    { key: 'bgnbd' as const, model: 'bgNbdCovariates' as const, fit: apparelFit.bg, point: 0.03, cet: [0.95, 1.4], alive: [0.75, 1.15] },
  ];
  for (const c of cases) {
    it(`${c.model}: 100 draws, median width ratio (ours / CLVTools) of E[Y(10)] in [${c.cet.join(', ')}], P(alive) in [${c.alive.join(', ')}]${c.dert ? ', DERT too' : ''}`, () => {
      const r = ref[c.key];
      expect(r.numBoots).toBe(60);
      const at = new Map(r.customerId.map((id, i) => [id, i]));
      const out = predictionIntervals({ transactionModel: { model: c.model, fit: c.fit }, data: apparel, horizon: 10, draws: 100, seed: 1, ...(c.dert ? { delta: Math.log(1.1) } : {}) });
      const ratio = { cet: [] as number[], alive: [] as number[], dert: [] as number[] };
      out.customers.forEach((o, i) => {
        const j = at.get(apparel[i]!.customerId)!;
        expect(Math.abs(o.expectedTransactions.estimate / r.CET[j]! - 1)).toBeLessThan(c.point);
        expect(Math.abs(o.probabilityAlive.estimate - r.PAlive[j]!)).toBeLessThan(c.point);
        ratio.cet.push(width(o.expectedTransactions) / (r['CET.upper'][j]! - r['CET.lower'][j]!));
        const wa = r['PAlive.upper'][j]! - r['PAlive.lower'][j]!;
        if (wa > 1e-6) ratio.alive.push(width(o.probabilityAlive) / wa);
        if (c.dert) ratio.dert.push(width(o.dert!) / (r['DERT.upper'][j]! - r['DERT.lower'][j]!));
      });
      expect(median(ratio.cet)).toBeGreaterThan(c.cet[0]!);
      expect(median(ratio.cet)).toBeLessThan(c.cet[1]!);
      expect(median(ratio.alive)).toBeGreaterThan(c.alive[0]!);
      expect(median(ratio.alive)).toBeLessThan(c.alive[1]!);
      if (c.dert) {
        expect(median(ratio.dert)).toBeGreaterThan(c.dert[0]!);
        expect(median(ratio.dert)).toBeLessThan(c.dert[1]!);
      }
    });
  }
});

describe('a refit on the original data returns the estimate (the refit maximises the fit’s own objective)', () => {
  // Weights = how many customers share each unique row: the resample that is the data itself. The
  // refit must stop where the fit did — with shared coefficients and the recorded L2 penalty.
  const counts = (index: Int32Array, rows: number): Float64Array => {
    const w = new Float64Array(rows);
    for (const u of index) w[u] = w[u]! + 1;
    return w;
  };
  it('static covariates: Pareto/NBD with a shared coefficient and L2 penalty, BG/NBD', () => {
    const pn = paretoNbdCovariates.fit(pnRef.customers, { covariates: pnRef.covariates, purchase: ['Channel'], dropout: ['Channel'], shared: ['Gender'], regularization: { purchase: 0.05, dropout: 0.05 } });
    expect(pn.regularization).toEqual({ purchase: 0.05, dropout: 0.05 });
    for (const [name, fit] of [['paretoNbdCovariates', pn], ['bgNbdCovariates', apparelFit.bg]] as const) {
      const engine = staticCovariateEngine(name, fit, apparel, undefined);
      const r = engine.refit(counts(engine.fitIndex, engine.fitRows), true, 2000);
      expect(r.converged).toBe(true);
      r.phi.forEach((v, i) => expect(Math.abs(v - engine.estimate[i]!)).toBeLessThan(1e-4 * Math.max(1, Math.abs(engine.estimate[i]!))));
      // Without the penalty the maximum moves: the recorded regularization is what the refit used.
      if (name === 'paretoNbdCovariates') {
        const plain = staticCovariateEngine(name, { ...fit, regularization: undefined }, apparel, undefined).refit(counts(engine.fitIndex, engine.fitRows), true, 2000);
        expect(Math.max(...plain.phi.map((v, i) => Math.abs(v - engine.estimate[i]!)))).toBeGreaterThan(1e-2);
      }
    }
  });

  it('time-varying covariates with a shared coefficient and L2 penalty', () => {
    const data = simulateDynamic(dynTruth, 200, 52, createRandom(21), 0, { promo: false });
    const fit = paretoNbdDynamicCovariates.fit(data, { shared: ['trait'], regularization: { purchase: 0.02, dropout: 0.02 } });
    expect(fit.regularization).toEqual({ purchase: 0.02, dropout: 0.02 });
    const engine = dynamicCovariateEngine(fit, data, undefined);
    expect(engine.names).toEqual(fit.parameterOrder);
    const r = engine.refit(counts(engine.fitIndex, engine.fitRows), true, 2000);
    r.phi.forEach((v, i) => expect(Math.abs(v - engine.estimate[i]!)).toBeLessThan(1e-4 * Math.max(1, Math.abs(engine.estimate[i]!))));
  });
});

describe('bootstrap from a boundary fit', () => {
  it('BG/NBD with Gender and Channel on both processes runs to a + b → ∞: refits start cold (the plain fit of the resample, γ = 0), not at the boundary, and are counted', () => {
    const fit = bgNbdCovariates.fit(pnRef.customers, { covariates: pnRef.covariates, purchase: ['Gender', 'Channel'], dropout: ['Gender', 'Channel'] });
    expect(fit.boundary).toBeDefined();
    const out = predictionIntervals({ transactionModel: { model: bgNbdCovariates, fit }, data: apparel, customers: apparel.slice(0, 5), horizon: 10, draws: 6, seed: 3 });
    expect(out.settings.drawsUsed).toBe(6);
    expect(out.settings.nonConvergedDraws).toBeGreaterThan(0);
    // Draws differ (a warm start at the boundary would stop at once and repeat the estimate).
    expect(new Set(out.parameterDraws!.transaction.map((p) => p['purchase.Channel'])).size).toBe(6);
    for (const c of out.customers) expect(width(c.expectedTransactions)).toBeGreaterThan(0);
  });
});

describe('bad input is a CrmError with a path', () => {
  const fit = apparelFit.pnbd;
  const base = { transactionModel: { model: 'paretoNbdCovariates' as const, fit }, data: apparel.slice(0, 100), horizon: 10 };

  it('static covariates: a missing or non-numeric covariate names the customer and column; rows without covariates; a covariance out of order', () => {
    const missing = err(() => predictionIntervals({ ...base, data: apparel.slice(0, 100).map((c, i) => (i === 7 ? { ...c, Gender: undefined } : c)) as never }));
    expect(missing.code).toBe('INVALID_INPUT');
    expect(missing.path).toEqual(['data', 7, 'Gender']);
    expect(missing.message).toContain(apparel[7]!.customerId);
    expect(err(() => predictionIntervals({ ...base, customers: [{ frequency: 1, recency: 2, T: 50, Gender: 1, Channel: 'web' }] })).path).toEqual(['customers', 0, 'Channel']);
    expect(err(() => predictionIntervals({ ...base, data: pnRef.customers })).path).toEqual(['data', 0, 'Gender']);
    expect(err(() => predictionIntervals({ ...base, data: { kind: 'dynamic-covariate-data' } as never })).path).toEqual(['data']);
    expect(err(() => predictionIntervals({ ...base, data: apparel.slice(0, 100).map((c, i) => (i === 3 ? { ...c, recency: 500 } : c)) })).path).toEqual(['data', 3, 'recency']);
    const shuffled = { ...fit, parameterOrder: [...fit.parameterOrder].reverse().slice(1) };
    expect(err(() => predictionIntervals({ ...base, transactionModel: { model: 'paretoNbdCovariates', fit: shuffled }, method: 'delta' })).path).toEqual(['transactionModel', 'fit', 'parameterOrder']);
    expect(err(() => predictionIntervals({ ...base, transactionModel: { model: 'paretoNbdCovariates', fit: { ...fit, coefficients: { ...fit.coefficients, purchase: { Gender: Number.NaN } } } } })).path).toEqual(['transactionModel', 'fit', 'coefficients', 'purchase', 'Gender']);
    expect(err(() => predictionIntervals({ ...base, transactionModel: { model: 'paretoNbdCovariates', fit: { ...fit, covariance: null } }, method: 'delta' })).path).toEqual(['transactionModel', 'fit', 'covariance']);
    expect(err(() => predictionIntervals({ ...base, transactionModel: { model: 'paretoNbdCovariate' as never, fit } })).message).toMatch(/paretoNbdCovariates/);
    const wrongKind = err(() => predictionIntervals({ ...base, transactionModel: { model: 'bgNbdCovariates', fit } }));
    expect(wrongKind.path).toEqual(['transactionModel', 'fit', 'kind']);
    expect(wrongKind.message).toMatch(/pareto-nbd-covariates fit/);
  });

  it('time-varying covariates: rows instead of dynamicCovariateData, other columns than the fit’s, runs too short for the horizon, DERT asked for', () => {
    const data = simulateDynamic(dynTruth, 120, 52, createRandom(8), 4);
    const fit = paretoNbdDynamicCovariates.fit(data);
    const dyn = { transactionModel: { model: 'paretoNbdDynamicCovariates' as const, fit }, data, horizon: 4 };
    expect(err(() => predictionIntervals({ ...dyn, data: apparel })).path).toEqual(['data']);
    expect(err(() => predictionIntervals({ ...dyn, customers: apparel })).path).toEqual(['customers']);
    const fewer: DynamicCovariateData = { ...data, dropout: ['season'], customers: data.customers.map((c) => ({ ...c, runs: c.runs.map((r) => ({ ...r, dropout: [r.dropout[0]!] })) })) };
    expect(err(() => predictionIntervals({ ...dyn, data: fewer })).path).toEqual(['data', 'dropout']);
    const tooShort = err(() => predictionIntervals({ ...dyn, horizon: 6, method: 'delta' }));
    expect(tooShort.path).toEqual(['data', 'customers', 0, 'runs']);
    const predictShort = err(() => predictionIntervals({ ...dyn, customers: { ...data, customers: data.customers.slice(0, 3) }, horizon: 6, method: 'delta' }));
    expect(predictShort.path).toEqual(['customers', 'customers', 0, 'runs']);
    const noDert = err(() => predictionIntervals({ ...dyn, delta: 0.001 }));
    expect(noDert.path).toEqual(['delta']);
    expect(noDert.message).toMatch(/no DERT/);
    expect(err(() => predictionIntervals({ ...dyn, discountRate: { rate: 0.1, per: 'year' } })).path).toEqual(['discountRate']);
    expect(err(() => predictionIntervals({ ...dyn, spendModel: { fit: gammaGamma.fit([{ frequency: 2, monetaryValue: 10 }, { frequency: 3, monetaryValue: 30 }, { frequency: 1, monetaryValue: 12 }]) } })).path).toEqual(['data', 'customers', data.customers.findIndex((c) => c.frequency > 0), 'monetaryValue']);
  });
});
