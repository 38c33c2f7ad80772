/**
 * BG/NBD — the beta-geometric/negative-binomial "buy till you die" model for non-contractual
 * settings (Fader, Hardie & Lee 2005a, "Counting your customers the easy way", Marketing Science
 * 24(2) 275–284). While alive a customer buys as a Poisson process with rate λ ~ Gamma(r, α);
 * after each *repeat* purchase they drop out with probability p ~ Beta(a, b).
 *
 * Fitting works on log-parameters with BFGS and analytic gradients over the unique
 * (frequency, recency, T) rows (weights summed); the log-likelihood is computed in the stable form
 * of Hardie note 027, so heavy buyers (x in the thousands) stay finite.
 */
import { CrmError } from '../core/index.js';
import {
  BG_NAMES,
  bgConditionalExpected,
  bgExpected,
  bgFit,
  bgIndividualLogLikelihoods,
  bgLogLikelihood,
  bgProbabilityAlive,
  bgProbabilityOfPurchases,
  bgSimulate,
  paramsArray,
  readPmfOptions,
  type BgParams,
  type SimulateOptions,
} from './bg-family.js';
import { checkCustomer, checkHorizon, compressBtyd, rowAccessor, rowCount } from './btyd-data.js';
import type { BtydColumns, BtydCustomer, BtydData, FitOptions } from './types.js';
import { loadFit, type SavedFit } from './kit/envelope.js';

export type { SimulateOptions };

const K = 1;

/** BG/NBD parameters: λ ~ Gamma(shape r, rate α); dropout probability p ~ Beta(a, b). */
export type MbgNbdParams = BgParams;

/** Parameter names in the order used by the optimiser. */
export const parameterNames: readonly (keyof MbgNbdParams)[] = BG_NAMES;

/**
 * Fit by maximum likelihood.
 *
 * @example
 * ```ts
 * import { modifiedBgNbd } from 'crm-analytics/clv';
 * const fit = modifiedBgNbd.fit([
 *   { frequency: 2, recency: 30.43, T: 38.86 },
 *   { frequency: 1, recency: 1.71, T: 38.86 },
 *   { frequency: 0, recency: 0, T: 38.86 },
 *   { frequency: 0, recency: 0, T: 38.86 },
 *   { frequency: 5, recency: 20.1, T: 30 },
 * ]);
 * fit.params; // { r, alpha, a, b }
 * ```
 */
export function fit(data: BtydData, options: FitOptions<MbgNbdParams> = {}): SavedFit<MbgNbdParams, 'mbg-nbd'> {
  return bgFit(K, data, options) as SavedFit<MbgNbdParams, 'mbg-nbd'>;
}

/**
 * Read a saved fit back (e.g. from `JSON.parse` of a stored `fit(...)` result), checking its kind
 * ('mbg-nbd'), version and parameters: another model's fit or a newer version is an `INVALID_MODEL` error.
 *
 * @example
 * ```ts
 * const saved = JSON.stringify(modifiedBgNbd.fit(rows, { unit: 'week' }));
 * const fit = modifiedBgNbd.load(JSON.parse(saved)); // kind, version and params checked
 * modifiedBgNbd.probabilityAlive(fit.params, { frequency: 2, recency: 30.43, T: 38.86 });
 * modifiedBgNbd.load({ ...JSON.parse(saved), version: 99 }); // throws INVALID_MODEL: saved by a newer crm-analytics
 * ```
 */
export function load(json: unknown): SavedFit<MbgNbdParams, 'mbg-nbd'> {
  return loadFit<MbgNbdParams, 'mbg-nbd'>(json, 'mbg-nbd', BG_NAMES);
}

/**
 * Total log-likelihood Σ wᵢ ln Lᵢ (FHL 2005a eq. 6) — the papers' sum, not lifetimes' mean.
 *
 * @example
 * ```ts
 * modifiedBgNbd.logLikelihood({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, [{ frequency: 200, recency: 38, T: 40 }]);
 * // 100.79569309…  (Hardie note 027)
 * ```
 */
export function logLikelihood(params: MbgNbdParams, data: BtydData, options: { weights?: ArrayLike<number> } = {}): number {
  const theta = paramsArray(params);
  return bgLogLikelihood(K, compressBtyd(data, options.weights), theta);
}

/**
 * Per-customer log-likelihoods ln Lᵢ, in input order.
 *
 * @example
 * ```ts
 * modifiedBgNbd.individualLogLikelihoods({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, [{ frequency: 0, recency: 0, T: 40 }]);
 * // [-0.5994738…]
 * ```
 */
export function individualLogLikelihoods(params: MbgNbdParams, data: BtydData): number[] {
  return bgIndividualLogLikelihoods(K, params, data);
}

function mapCustomers<T>(customer: BtydCustomer | BtydData, fn: (c: BtydCustomer) => T): T | T[] {
  if (Array.isArray(customer) || (typeof customer === 'object' && customer !== null && typeof (customer as { frequency?: unknown }).frequency === 'object')) {
    const data = customer as BtydData;
    const n = rowCount(data);
    const get = rowAccessor(data);
    const out: T[] = new Array<T>(n);
    for (let i = 0; i < n; i++) {
      const c = get(i);
      checkCustomer(c.frequency, c.recency, c.T, c.path);
      out[i] = fn({ frequency: c.frequency, recency: c.recency, T: c.T });
    }
    return out;
  }
  if (typeof customer !== 'object' || customer === null) {
    throw new CrmError('INVALID_INPUT', 'customer must be { frequency, recency, T } or an array of them', { path: ['customer'], expected: 'an object or array', received: customer });
  }
  const c = customer as BtydCustomer;
  checkCustomer(c.frequency, c.recency, c.T, (f) => ['customer', f]);
  return fn(c);
}

/**
 * P(alive | x, t_x, T) — probability the customer has not dropped out (FHL 2005a eq. 11).
 * 1 for x = 0 by construction of the model. Pass one customer for a number, an array for an array.
 *
 * @example
 * ```ts
 * const p = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425754 };
 * modifiedBgNbd.probabilityAlive(p, { frequency: 2, recency: 30.43, T: 38.86 }); // ≈ 0.7744 (BG/NBD: 0.7266)
 * ```
 */
export function probabilityAlive(params: MbgNbdParams, customer: BtydCustomer): number;
export function probabilityAlive(params: MbgNbdParams, customers: BtydData): number[];
export function probabilityAlive(params: MbgNbdParams, customer: BtydCustomer | BtydData): number | number[] {
  const theta = paramsArray(params);
  return mapCustomers(customer, (c) => bgProbabilityAlive(K, theta, c));
}

/**
 * E[X(t)]: expected number of repeat purchases of a new customer in (0, t] (FHL 2005a eq. 9).
 *
 * @example
 * ```ts
 * modifiedBgNbd.expectedPurchases({ r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425754 }, 78); // ≈ 1.578 (BG/NBD: 1.858)
 * ```
 */
export function expectedPurchases(params: MbgNbdParams, t: number): number {
  const theta = paramsArray(params);
  return bgExpected(K, theta, checkHorizon(t));
}

/**
 * E[Y(t) | x, t_x, T]: expected purchases in the next t time units (FHL 2005a eq. 10), computed
 * with Euler's transformation so heavy buyers stay finite.
 *
 * @example
 * ```ts
 * const p = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425754 };
 * modifiedBgNbd.conditionalExpectedPurchases(p, 39, { frequency: 2, recency: 30.43, T: 38.86 }); // ≈ 1.3404 (BG/NBD: 1.2259)
 * ```
 */
export function conditionalExpectedPurchases(params: MbgNbdParams, t: number, customer: BtydCustomer): number;
export function conditionalExpectedPurchases(params: MbgNbdParams, t: number, customers: BtydData): number[];
export function conditionalExpectedPurchases(params: MbgNbdParams, t: number, customer: BtydCustomer | BtydData): number | number[] {
  const theta = paramsArray(params);
  const h = checkHorizon(t);
  return mapCustomers(customer, (c) => bgConditionalExpected(K, theta, h, c));
}

/**
 * P(X(t) = n): probability a new customer makes exactly n repeat purchases in (0, t] (FHL 2005a eq. 8).
 * The sum costs O(n) terms: n above `options.maxTerms` (default 100,000) is a `BUDGET_EXCEEDED` error.
 *
 * @example
 * ```ts
 * modifiedBgNbd.probabilityOfPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39, 0); // ≈ 0.6788 (BG/NBD: 0.5738)
 * ```
 */
export function probabilityOfPurchases(params: MbgNbdParams, t: number, n: number, options: { maxTerms?: number } = {}): number {
  const maxTerms = readPmfOptions(options);
  const theta = paramsArray(params);
  const h = checkHorizon(t);
  if (!Number.isInteger(n) || n < 0) {
    throw new CrmError('INVALID_INPUT', 'n must be a non-negative integer', { path: ['n'], expected: 'an integer ≥ 0', received: n });
  }
  return bgProbabilityOfPurchases(K, theta, h, n, maxTerms);
}

/**
 * Draw a synthetic data set from the model with a seed (for tests, power studies and benchmarks).
 * Returns columns of plain number arrays.
 *
 * @example
 * ```ts
 * const sim = modifiedBgNbd.simulate({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, { T: 39, customers: 1000, seed: 7 });
 * modifiedBgNbd.fit(sim).params; // close to the true parameters
 * ```
 */
export function simulate(params: MbgNbdParams, options: SimulateOptions): BtydColumns & { frequency: number[]; recency: number[]; T: number[] } {
  return bgSimulate(K, params, options);
}
