/**
 * BG/NBD — the beta-geometric/negative-binomial "buy till you die" model for non-contractual
 * settings (Fader, Hardie & Lee 2005a, "Counting your customers the easy way", Marketing Science
 * 24(2) 275–284). While alive a customer buys as a Poisson process with rate λ ~ Gamma(r, α);
 * after each *repeat* purchase they drop out with probability p ~ Beta(a, b) — so a customer with
 * no repeat purchase is alive for sure (P(alive) = 1 at x = 0).
 *
 * The formulas live in bg-family.ts, shared with MBG/NBD (which differs only in that shift);
 * this file is the model's definition and documentation. Fitting works on log-parameters with
 * BFGS and analytic gradients over the unique (frequency, recency, T) rows (weights summed); the
 * log-likelihood is computed in the stable form of Hardie note 027, so heavy buyers (x in the
 * thousands) stay finite.
 */
import type { SavedFit } from './kit/index.js';
import type { BtydCustomer, BtydData, FitOptions } from './types.js';
import { BG_NAMES, bgModel, type BgParams, type SimulatedBtyd, type SimulateOptions } from './bg-family.js';

export type { SimulateOptions };

const model = bgModel('bg-nbd');

/** BG/NBD parameters: λ ~ Gamma(shape r, rate α); dropout probability p ~ Beta(a, b). */
export type BgNbdParams = BgParams;

/** Parameter names in the order used by the optimiser. */
export const parameterNames: readonly (keyof BgNbdParams)[] = BG_NAMES;

/**
 * Fit by maximum likelihood (FHL 2005a eq. 6), returning a saved fit of kind 'bg-nbd'.
 *
 * @example
 * ```ts
 * import { bgNbd } from 'crm-analytics/clv';
 * const fit = bgNbd.fit([
 *   { frequency: 2, recency: 30.43, T: 38.86 },
 *   { frequency: 1, recency: 1.71, T: 38.86 },
 *   { frequency: 0, recency: 0, T: 38.86 },
 *   { frequency: 0, recency: 0, T: 38.86 },
 *   { frequency: 5, recency: 20.1, T: 30 },
 * ]);
 * fit.params; // { r, alpha, a, b }
 * ```
 */
export function fit(data: BtydData, options?: FitOptions<BgParams>): SavedFit<BgParams, 'bg-nbd'> {
  return model.fit(data, options);
}

/**
 * Read a saved fit back (e.g. from `JSON.parse` of a stored `fit(...)` result), checking its kind
 * ('bg-nbd'), version and parameters: another model's fit or a newer version is an `INVALID_MODEL` error.
 *
 * @example
 * ```ts
 * const saved = JSON.stringify(bgNbd.fit(rows, { unit: 'week' }));
 * const fit = bgNbd.load(JSON.parse(saved)); // kind, version and params checked
 * bgNbd.probabilityAlive(fit.params, { frequency: 2, recency: 30.43, T: 38.86 });
 * bgNbd.load({ ...JSON.parse(saved), version: 99 }); // throws INVALID_MODEL: saved by a newer crm-analytics
 * ```
 */
export function load(json: unknown): SavedFit<BgParams, 'bg-nbd'> {
  return model.load(json);
}

/**
 * Total log-likelihood Σ wᵢ ln Lᵢ (FHL 2005a eq. 6) — the papers' sum, not lifetimes' mean.
 *
 * @example
 * ```ts
 * bgNbd.logLikelihood({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, [{ frequency: 200, recency: 38, T: 40 }]);
 * // 100.79569309…  (Hardie note 027)
 * ```
 */
export function logLikelihood(params: BgParams, data: BtydData, options?: { weights?: ArrayLike<number> }): number {
  return model.logLikelihood(params, data, options);
}

/**
 * Per-customer log-likelihoods ln Lᵢ, in input order.
 *
 * @example
 * ```ts
 * bgNbd.individualLogLikelihoods({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, [{ frequency: 0, recency: 0, T: 40 }]);
 * // [-0.5994738…]
 * ```
 */
export function individualLogLikelihoods(params: BgParams, data: BtydData): number[] {
  return model.individualLogLikelihoods(params, data);
}

/**
 * P(alive | x, t_x, T) = 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)) for x > 0, and 1 for x = 0
 * by construction (FHL 2005a eq. 11). Pass one customer for a number, an array for an array.
 *
 * @example
 * ```ts
 * const p = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425754 };
 * bgNbd.probabilityAlive(p, { frequency: 2, recency: 30.43, T: 38.86 }); // ≈ 0.7266
 * bgNbd.probabilityAlive(p, { frequency: 0, recency: 0, T: 38.86 }); // 1
 * ```
 */
export function probabilityAlive(params: BgParams, customer: BtydCustomer): number;
export function probabilityAlive(params: BgParams, customers: BtydData): number[];
export function probabilityAlive(params: BgParams, customer: BtydCustomer | BtydData): number | number[] {
  return model.probabilityAlive(params, customer as BtydData);
}

/**
 * E[X(t)]: expected number of repeat purchases of a new customer in (0, t] (FHL 2005a eq. 9).
 *
 * @example
 * ```ts
 * bgNbd.expectedPurchases({ r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425754 }, 78); // ≈ 1.858
 * ```
 */
export function expectedPurchases(params: BgParams, t: number): number {
  return model.expectedPurchases(params, t);
}

/**
 * E[Y(t) | x, t_x, T]: expected purchases in the next t time units (FHL 2005a eq. 10), computed
 * with Euler's transformation so heavy buyers stay finite.
 *
 * @example
 * ```ts
 * const p = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425754 };
 * bgNbd.conditionalExpectedPurchases(p, 39, { frequency: 2, recency: 30.43, T: 38.86 }); // ≈ 1.2259
 * ```
 */
export function conditionalExpectedPurchases(params: BgParams, t: number, customer: BtydCustomer): number;
export function conditionalExpectedPurchases(params: BgParams, t: number, customers: BtydData): number[];
export function conditionalExpectedPurchases(params: BgParams, t: number, customer: BtydCustomer | BtydData): number | number[] {
  return model.conditionalExpectedPurchases(params, t, customer as BtydData);
}

/**
 * P(X(t) = n): probability a new customer makes exactly n repeat purchases in (0, t] (FHL 2005a eq. 8).
 * The sum costs O(n) terms: n above `options.maxTerms` (default 100,000) is a `BUDGET_EXCEEDED` error.
 *
 * @example
 * ```ts
 * bgNbd.probabilityOfPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39, 0); // ≈ 0.5737864
 * ```
 */
export function probabilityOfPurchases(params: BgParams, t: number, n: number, options?: { maxTerms?: number }): number {
  return model.probabilityOfPurchases(params, t, n, options);
}

/**
 * Draw a synthetic data set from the model with a seed (for tests, power studies and benchmarks):
 * λ ~ Gamma(r, α), p ~ Beta(a, b), the first purchase at 0, a coin of probability p after each
 * repeat purchase. Returns columns of plain number arrays.
 *
 * @example
 * ```ts
 * const sim = bgNbd.simulate({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, { T: 39, customers: 1000, seed: 7 });
 * bgNbd.fit(sim).params; // close to the true parameters
 * ```
 */
export const simulate: (params: BgNbdParams, options: SimulateOptions) => SimulatedBtyd = model.simulate;
