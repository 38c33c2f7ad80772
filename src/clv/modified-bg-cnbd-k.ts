/**
 * MBG/CNBD-k (Platzer & Reutterer 2016, "Ticking Away the Moments: Timing Regularity Helps to Better
 * Predict Customer Activity", Marketing Science 35(5) 779–799; BTYDplus' `mbgcnbd.*`): the MBG/NBD
 * with Erlang-k inter-purchase times, so regular buyers (k > 1) are told apart from irregular ones.
 * A customer can drop out after any purchase, the first included. k = 1 is the MBG/NBD itself. The shared math is in ./cnbd-k-family.ts.
 */
import { cnbdConditionalExpected, cnbdFit, cnbdLoad, cnbdLogLikelihood, cnbdParams, cnbdProbabilityAlive, checkHorizon, mapCustomers, type CnbdKCustomer, type CnbdKFit, type CnbdKFitOptions, type CnbdKParams } from './cnbd-k-family.js';
import type { SavedFit } from './kit/envelope.js';
import type { BtydCustomer, BtydData } from './types.js';

export type { CnbdKParams, CnbdKCustomer, CnbdKFitOptions, CnbdKFit };

const M = 1;

/** Parameter names: the regularity k, then those of the optimiser. */
export const parameterNames: readonly (keyof CnbdKParams)[] = ['k', 'r', 'alpha', 'a', 'b'];

/**
 * Fit by maximum likelihood for a given k, or estimate k (default: k = 1, 2, … by profile
 * likelihood, BTYDplus' grid search; `logLikelihoodByK` lists each). Estimating k needs each
 * customer's `litt`: build the rows with `btydSummary(transactions, { …, regularity: true })`.
 *
 * @example
 * ```ts
 * import { btydSummary, modifiedBgCnbdK } from 'crm-analytics/clv';
 * // transactions: CDNOW's (datasets.loadCdnowTransactions()); litt needs `regularity: true`
 * const cal = btydSummary(transactions, { asOf: '1997-09-30', unit: 'week', regularity: true, afterAsOf: 'exclude' });
 * const fit = modifiedBgCnbdK.fit(cal);
 * fit.params.k; // 1 (CDNOW's buyers are irregular; BTYDplus picks k = 1 too)
 * ```
 */
export function fit(data: BtydData | readonly CnbdKCustomer[], options: CnbdKFitOptions = {}): CnbdKFit<'mbg-cnbd-k'> {
  return cnbdFit(M, 'mbg-cnbd-k', data, options);
}

/**
 * Read a saved fit back (e.g. `JSON.parse` of a stored `fit(...)` result), checking its kind
 * ('mbg-cnbd-k'), version and parameters (k a whole number ≥ 1).
 *
 * @example
 * ```ts
 * import { btydSummary, modifiedBgCnbdK } from 'crm-analytics/clv';
 * const cal = btydSummary(transactions, { asOf: '1997-09-30', unit: 'week', regularity: true, afterAsOf: 'exclude' });
 * const saved = JSON.stringify(modifiedBgCnbdK.fit(cal, { k: 2, unit: 'week' }));
 * modifiedBgCnbdK.load(JSON.parse(saved)).params.k; // 2
 * ```
 */
export function load(json: unknown): SavedFit<CnbdKParams, 'mbg-cnbd-k'> {
  return cnbdLoad(json, 'mbg-cnbd-k');
}

/**
 * Total log-likelihood Σ ln Lᵢ with the litt term, so values for different k compare (BTYDplus'
 * `mbgcnbd.cbs.LL`). k > 1 needs each row's `litt`.
 *
 * @example
 * ```ts
 * modifiedBgCnbdK.logLikelihood({ k: 1, r: 0.2426, alpha: 4.414, a: 0.793, b: 2.426 }, rows); // k = 1: the MBG/NBD's
 * ```
 */
export function logLikelihood(params: CnbdKParams, data: BtydData | readonly CnbdKCustomer[], options: { weights?: ArrayLike<number> } = {}): number {
  return cnbdLogLikelihood(M, params, data, options.weights);
}

/**
 * P(alive | x, t_x, T) = 1/(1 + S₁/S₂) (Platzer & Reutterer 2016 appendix; BTYDplus' `mbgcnbd.PAlive`).
 * Pass one customer for a number, an array for an array.
 *
 * @example
 * ```ts
 * modifiedBgCnbdK.probabilityAlive({ k: 2, r: 0.58, alpha: 2.29, a: 1.13, b: 1.58 }, { frequency: 2, recency: 30.43, T: 38.86 }); // ≈ 0.6824
 * ```
 */
export function probabilityAlive(params: CnbdKParams, customer: BtydCustomer): number;
export function probabilityAlive(params: CnbdKParams, customers: BtydData): number[];
export function probabilityAlive(params: CnbdKParams, customer: BtydCustomer | BtydData): number | number[] {
  const { k, theta } = cnbdParams(params);
  return mapCustomers(customer, (c) => cnbdProbabilityAlive(M, k, theta, c));
}

/**
 * E[Y(t) | x, t_x, T]: expected purchases in the next t, computed as BTYDplus does — the MBG/NBD
 * expectation with α scaled by k, times the CNBD-k P(alive); exact for k = 1, an approximation
 * for k > 1. BTYDplus also rescales cohorts of ≥ 100 customers to the unconditional total; this
 * function does not (a customer's value never depends on the rest of the array).
 *
 * @example
 * ```ts
 * modifiedBgCnbdK.conditionalExpectedPurchases({ k: 2, r: 0.58, alpha: 2.29, a: 1.13, b: 1.58 }, 39, { frequency: 2, recency: 30.43, T: 38.86 }); // ≈ 1.2248
 * ```
 */
export function conditionalExpectedPurchases(params: CnbdKParams, t: number, customer: BtydCustomer): number;
export function conditionalExpectedPurchases(params: CnbdKParams, t: number, customers: BtydData): number[];
export function conditionalExpectedPurchases(params: CnbdKParams, t: number, customer: BtydCustomer | BtydData): number | number[] {
  const { k, theta } = cnbdParams(params);
  const h = checkHorizon(t);
  return mapCustomers(customer, (c) => cnbdConditionalExpected(M, k, theta, h, c));
}
