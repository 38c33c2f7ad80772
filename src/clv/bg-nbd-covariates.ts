/**
 * BG/NBD with time-invariant covariates (Fader & Hardie 2007, "Incorporating time-invariant
 * covariates into the Pareto/NBD and BG/NBD models", note 019; CLVTools' `bgnbd` with static
 * covariates, whose parameterisation this follows — CLVTools src/bgnbd.cpp,
 * bgnbd_staticcov_alpha_i / _a_i / _b_i):
 *   α_i = α · exp(−γ_purchaseᵀ z_i),   a_i = a · exp(γ_dropoutᵀ z_i),   b_i = b · exp(γ_dropoutᵀ z_i).
 * A positive purchase coefficient raises the expected purchase rate r/α_i. The dropout
 * coefficients scale a and b together, so the mean dropout probability a/(a+b) is the same for
 * every customer and the coefficient moves its concentration a_i + b_i: a positive coefficient
 * makes dropout probabilities more alike (closer to a/(a+b)), a negative one more spread out.
 *
 * Each customer's likelihood is the BG/NBD one at (r, α_i, a_i, b_i) (FHL 2005a eq. 6, computed by
 * bg-family.ts); reading the table, the chain rule for the coefficients, CLVTools' L2 penalty
 * (`reg.lambdas`) and equality constraints (`names.cov.constr`), the fit and the standard errors
 * are the covariate kit's (./kit/covariates.ts), shared with the Pareto/NBD.
 */
import { conditionalExpectedPurchases as plainExpected, probabilityAlive as plainAlive, type BgNbdParams } from './bg-nbd.js';
import { BG_NBD_COVARIATES } from './covariate-models.js';
import { checkHorizon } from './kit/index.js';
import { covariateCustomerParams, covariatePrediction, fitCovariateModel, loadCovariateFit, type CovariateCustomer, type CovariateCustomerRow, type CovariateFit, type CovariateFitOptions, type CovariateRow } from './kit/covariates.js';

/** A fitted covariate BG/NBD, JSON-serialisable (`kind: 'bg-nbd-covariates'`). */
export type BgNbdCovariatesFit = CovariateFit<BgNbdParams, 'bg-nbd-covariates'>;

const MODEL = BG_NBD_COVARIATES;

/**
 * Fit the BG/NBD with time-invariant covariates by maximum likelihood (BFGS on
 * (ln r, ln α, ln a, ln b, γ…) with the analytic gradient, started from the fit without
 * covariates). Standard errors come from the observed information. Checked against CLVTools 0.12.1
 * on its apparel data (docs/clv.md). A fit whose baseline a + b runs off to ∞ is reported with
 * `converged: false` and a `boundary` diagnostic, as `bgNbd.fit`.
 *
 * @example
 * ```ts
 * const rows = [
 *   { customerId: 'a', frequency: 4, recency: 30, T: 40 }, { customerId: 'b', frequency: 0, recency: 0, T: 40 },
 *   { customerId: 'c', frequency: 2, recency: 10, T: 38 }, { customerId: 'd', frequency: 7, recency: 39, T: 39 },
 *   { customerId: 'e', frequency: 1, recency: 5, T: 40 }, { customerId: 'f', frequency: 0, recency: 0, T: 35 },
 * ];
 * const covariates = rows.map((r, i) => ({ customerId: r.customerId, online: i % 2 }));
 * const fit = bgNbdCovariates.fit(rows, { covariates, purchase: ['online'] });
 * fit.coefficients.purchase.online; // > 0 would mean online customers buy more often
 * ```
 */
export function fit(data: readonly CovariateCustomer[], options: CovariateFitOptions<BgNbdParams>): BgNbdCovariatesFit {
  return fitCovariateModel(MODEL, data, options);
}

/**
 * One customer's BG/NBD parameters under a covariate fit: r and α_i = α·exp(−γ_purchaseᵀz),
 * a_i = a·exp(γ_dropoutᵀz), b_i = b·exp(γ_dropoutᵀz) (shared columns in both). Every `bgNbd`
 * function then applies: `bgNbd.expectedPurchases(bgNbdCovariates.customerParams(fit, row), 52)`.
 *
 * @example
 * ```ts
 * const fit = { params: { r: 0.66, alpha: 29, a: 2.4, b: 17 }, coefficients: { purchase: { Channel: 0.5 }, dropout: { Gender: -1 }, shared: {} } };
 * const p = bgNbdCovariates.customerParams(fit, { customerId: 'a', Channel: 1, Gender: 1 });
 * p.alpha; // ≈ 17.589 (29·e^−0.5)
 * p.a / (p.a + p.b); // the baseline a/(a+b): dropout coefficients move a and b together
 * ```
 */
export function customerParams(fit: Pick<BgNbdCovariatesFit, 'params' | 'coefficients'>, row: CovariateRow): BgNbdParams {
  return covariateCustomerParams(MODEL, fit, row);
}

/**
 * P(alive | x, t_x, T) of a customer at their own parameters (FHL 2005a eq. 11 at
 * (r, α_i, a_i, b_i)): pass one customer `{ frequency, recency, T, …covariate columns }` for a
 * number, or an array of them for an array (errors name the row).
 *
 * @example
 * ```ts
 * const fit = { params: { r: 0.66, alpha: 29, a: 2.4, b: 17 }, coefficients: { purchase: { Channel: 0.5 }, dropout: { Gender: -1 }, shared: {} } };
 * bgNbdCovariates.probabilityAlive(fit, { frequency: 3, recency: 60, T: 100, Channel: 1, Gender: 0 }); // ≈ 0.6335
 * ```
 */
export function probabilityAlive(fit: Pick<BgNbdCovariatesFit, 'params' | 'coefficients'>, customer: CovariateCustomerRow): number;
export function probabilityAlive(fit: Pick<BgNbdCovariatesFit, 'params' | 'coefficients'>, customers: readonly CovariateCustomerRow[]): number[];
export function probabilityAlive(fit: Pick<BgNbdCovariatesFit, 'params' | 'coefficients'>, customer: CovariateCustomerRow | readonly CovariateCustomerRow[]): number | number[] {
  return covariatePrediction(MODEL, fit, customer, plainAlive);
}

/**
 * E[Y(t) | x, t_x, T]: a customer's expected purchases in the next t time units at their own
 * parameters (FHL 2005a eq. 10 at (r, α_i, a_i, b_i); CLVTools' CET). This is the CLV hook:
 * `customerLifetimeValue({ transactionModel: { model: bgNbdCovariates, params: fit }, customers, … })`
 * with each customer carrying its covariate columns.
 *
 * @example
 * ```ts
 * const fit = { params: { r: 0.66, alpha: 29, a: 2.4, b: 17 }, coefficients: { purchase: { Channel: 0.5 }, dropout: { Gender: -1 }, shared: {} } };
 * bgNbdCovariates.conditionalExpectedPurchases(fit, 10, { frequency: 3, recency: 60, T: 100, Channel: 1, Gender: 0 }); // ≈ 0.1931
 * ```
 */
export function conditionalExpectedPurchases(fit: Pick<BgNbdCovariatesFit, 'params' | 'coefficients'>, t: number, customer: CovariateCustomerRow): number;
export function conditionalExpectedPurchases(fit: Pick<BgNbdCovariatesFit, 'params' | 'coefficients'>, t: number, customers: readonly CovariateCustomerRow[]): number[];
export function conditionalExpectedPurchases(fit: Pick<BgNbdCovariatesFit, 'params' | 'coefficients'>, t: number, customer: CovariateCustomerRow | readonly CovariateCustomerRow[]): number | number[] {
  const h = checkHorizon(t);
  return covariatePrediction(MODEL, fit, customer, (p, c) => plainExpected(p, h, c));
}

/**
 * Read a saved covariate fit back (e.g. `JSON.parse` of a stored `fit(...)` result), checking kind,
 * version, parameters and coefficients.
 *
 * @example
 * ```ts
 * bgNbdCovariates.load({ kind: 'bg-nbd', version: 1 }); // throws INVALID_MODEL
 * ```
 */
export function load(json: unknown): BgNbdCovariatesFit {
  return loadCovariateFit(MODEL, json);
}
