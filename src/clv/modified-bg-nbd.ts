/**
 * MBG/NBD — the modified BG/NBD of Batislam, Denizel & Filiztekin (2007), "Empirical validation
 * and comparison of models for customer base analysis", International Journal of Research in
 * Marketing 24(3) 201–209. Purchases while alive are as in BG/NBD (Poisson, λ ~ Gamma(r, α)), but
 * a customer may drop out with probability p ~ Beta(a, b) right after *any* purchase, the first
 * included: a customer with no repeat purchase is no longer alive for sure, which lowers P(alive)
 * for x = 0 (to 1/(1 + a/b · ((α+T)/α)^r)) and shifts the beta function's second argument by
 * one in every formula (B(a, b+x+1) for BG/NBD's B(a, b+x)).
 *
 * The formulas live in bg-family.ts, shared with BG/NBD; this file is the model's definition and
 * documentation. Fits, likelihoods and predictions match lifetimes' ModifiedBetaGeoFitter
 * (test/clv/modified-bg-nbd.test.ts).
 */
import type { SavedFit } from './kit/index.js';
import type { BtydCustomer, BtydData, FitOptions } from './types.js';
import { BG_NAMES, bgModel, type BgParams, type SimulatedBtyd, type SimulateOptions } from './bg-family.js';

export type { SimulateOptions };

const model = bgModel('mbg-nbd');

/** MBG/NBD parameters (the same as BG/NBD's): λ ~ Gamma(shape r, rate α); dropout probability p ~ Beta(a, b). */
export type MbgNbdParams = BgParams;

/** Parameter names in the order used by the optimiser. */
export const parameterNames: readonly (keyof MbgNbdParams)[] = BG_NAMES;

/**
 * Fit by maximum likelihood (Batislam et al. 2007 eq. 6; FHL 2005a eq. 6 with b+x+1), returning a saved fit of kind 'mbg-nbd'.
 *
 * @example
 * ```ts
 * import { modifiedBgNbd } from 'crm-analytics/clv';
 * const fit = modifiedBgNbd.fit([
 *   { frequency: 3, recency: 35.1, T: 38.86 },
 *   { frequency: 1, recency: 6.2, T: 38.86 },
 *   { frequency: 0, recency: 0, T: 38.86 },
 *   { frequency: 0, recency: 0, T: 31.5 },
 *   { frequency: 7, recency: 28, T: 30 },
 * ], { unit: 'week' });
 * fit.kind; // 'mbg-nbd'
 * fit.params; // { r, alpha, a, b }: BG/NBD's parameters, read with the shifted dropout
 * ```
 */
export function fit(data: BtydData, options?: FitOptions<BgParams>): SavedFit<BgParams, 'mbg-nbd'> {
  return model.fit(data, options);
}

/**
 * Read a saved MBG/NBD fit back (e.g. `JSON.parse` of a stored `fit(...)` result), checking its
 * kind ('mbg-nbd': a BG/NBD fit has the same parameter names but is refused), version and
 * parameters; another model's fit or a newer version is an `INVALID_MODEL` error.
 *
 * @example
 * ```ts
 * const saved = JSON.stringify(modifiedBgNbd.fit(rows, { unit: 'week' }));
 * const fit = modifiedBgNbd.load(JSON.parse(saved)); // kind, version and params checked
 * modifiedBgNbd.probabilityAlive(fit.params, { frequency: 2, recency: 30.43, T: 38.86 });
 * modifiedBgNbd.load({ ...JSON.parse(saved), version: 99 }); // throws INVALID_MODEL: saved by a newer crm-analytics
 * ```
 */
export function load(json: unknown): SavedFit<BgParams, 'mbg-nbd'> {
  return model.load(json);
}

/**
 * Total log-likelihood Σ wᵢ ln Lᵢ (Batislam et al. 2007) — the papers' sum, not lifetimes' mean.
 *
 * @example
 * ```ts
 * modifiedBgNbd.logLikelihood({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, [{ frequency: 200, recency: 38, T: 40 }]);
 * // 100.78690976… (BG/NBD: 100.79569309, Hardie note 027)
 * ```
 */
export function logLikelihood(params: BgParams, data: BtydData, options?: { weights?: ArrayLike<number> }): number {
  return model.logLikelihood(params, data, options);
}

/**
 * Per-customer log-likelihoods ln Lᵢ, in input order; a row with x = 0 includes the chance of
 * having dropped out right after the first purchase.
 *
 * @example
 * ```ts
 * modifiedBgNbd.individualLogLikelihoods({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, [{ frequency: 0, recency: 0, T: 40 }]);
 * // [-0.4179283…] (BG/NBD: −0.5994738: there x = 0 means alive for sure)
 * ```
 */
export function individualLogLikelihoods(params: BgParams, data: BtydData): number[] {
  return model.individualLogLikelihoods(params, data);
}

/**
 * P(alive | x, t_x, T) = 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x)) for every x, x = 0 included
 * (Batislam et al. 2007; BG/NBD has b+x−1 and P(alive) = 1 at x = 0). Pass one customer for a
 * number, an array for an array.
 *
 * @example
 * ```ts
 * const p = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425754 };
 * modifiedBgNbd.probabilityAlive(p, { frequency: 2, recency: 30.43, T: 38.86 }); // ≈ 0.7744 (BG/NBD: 0.7266)
 * modifiedBgNbd.probabilityAlive(p, { frequency: 0, recency: 0, T: 38.86 }); // ≈ 0.6375 (BG/NBD: 1)
 * ```
 */
export function probabilityAlive(params: BgParams, customer: BtydCustomer): number;
export function probabilityAlive(params: BgParams, customers: BtydData): number[];
export function probabilityAlive(params: BgParams, customer: BtydCustomer | BtydData): number | number[] {
  return model.probabilityAlive(params, customer as BtydData);
}

/**
 * E[X(t)]: expected number of repeat purchases of a new customer in (0, t]:
 * (b/(a−1)) · [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))] (Batislam et al. 2007; FHL 2005a eq. 9 for BG/NBD).
 *
 * @example
 * ```ts
 * modifiedBgNbd.expectedPurchases({ r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425754 }, 78); // ≈ 1.578 (BG/NBD: 1.858)
 * ```
 */
export function expectedPurchases(params: BgParams, t: number): number {
  return model.expectedPurchases(params, t);
}

/**
 * E[Y(t) | x, t_x, T]: expected purchases in the next t time units (Batislam et al. 2007, as implemented in
 * lifetimes; FHL 2005a eq. 10 with b+x+1), computed
 * with Euler's transformation so heavy buyers stay finite.
 *
 * @example
 * ```ts
 * const p = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425754 };
 * modifiedBgNbd.conditionalExpectedPurchases(p, 39, { frequency: 2, recency: 30.43, T: 38.86 }); // ≈ 1.3404 (BG/NBD: 1.2259)
 * ```
 */
export function conditionalExpectedPurchases(params: BgParams, t: number, customer: BtydCustomer): number;
export function conditionalExpectedPurchases(params: BgParams, t: number, customers: BtydData): number[];
export function conditionalExpectedPurchases(params: BgParams, t: number, customer: BtydCustomer | BtydData): number | number[] {
  return model.conditionalExpectedPurchases(params, t, customer as BtydData);
}

/**
 * P(X(t) = n): probability a new customer makes exactly n repeat purchases in (0, t] (FHL 2005a eq. 8 with
 * the shift, as in lifetimes): a new MBG/NBD customer may also drop out at time 0.
 * The sum costs O(n) terms: n above `options.maxTerms` (default 100,000) is a `BUDGET_EXCEEDED` error.
 *
 * @example
 * ```ts
 * modifiedBgNbd.probabilityOfPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39, 0); // ≈ 0.6788 (BG/NBD: 0.5738)
 * ```
 */
export function probabilityOfPurchases(params: BgParams, t: number, n: number, options?: { maxTerms?: number }): number {
  return model.probabilityOfPurchases(params, t, n, options);
}

/**
 * Draw a synthetic MBG/NBD data set with a seed (for tests, power studies and benchmarks):
 * λ ~ Gamma(r, α), p ~ Beta(a, b), the first purchase at 0, a coin of probability p after it and
 * after each repeat purchase. Returns columns of plain number arrays.
 *
 * @example
 * ```ts
 * const sim = modifiedBgNbd.simulate({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, { T: 39, customers: 1000, seed: 7 });
 * modifiedBgNbd.fit(sim).params; // close to the true parameters
 * ```
 */
export const simulate: (params: MbgNbdParams, options: SimulateOptions) => SimulatedBtyd = model.simulate;
