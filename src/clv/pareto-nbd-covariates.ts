/**
 * Pareto/NBD with time-invariant covariates (Fader & Hardie 2007, "Incorporating time-invariant
 * covariates into the Pareto/NBD and BG/NBD models", note 019; CLVTools' `pnbd` with static
 * covariates, whose parameterisation this follows): each customer's gamma rates are scaled by
 *   α_i = α · exp(−γ_purchaseᵀ z_i),   β_i = β · exp(−γ_dropoutᵀ z_i),
 * so a positive purchase coefficient raises the expected purchase rate r/α_i and a positive dropout
 * coefficient raises the expected dropout rate s/β_i. Each customer's likelihood is the Pareto/NBD
 * one at (r, α_i, s, β_i) (./pareto-nbd-likelihood.ts); the gradient follows by the chain rule,
 * ∂ℓ/∂γ_j = −z_ij · α_i · ∂ℓ/∂α_i (and likewise for β).
 *
 * Options as CLVTools': columns for the purchase process (`data.cov.trans`), for dropout
 * (`data.cov.life`), columns `shared` by both with one coefficient (`names.cov.constr`), and L2
 * regularisation (`reg.lambdas`): the mean log-likelihood minus λ_purchase·Σγ_purchase² −
 * λ_dropout·Σγ_dropout² (shared coefficients are not penalised, as in CLVTools). Reading the
 * table, the fit, the standard errors and the scaling live in the covariate kit (./kit/covariates.ts),
 * shared with BG/NBD (./bg-nbd-covariates.ts).
 */
import { PARETO_NBD_COVARIATES } from './covariate-models.js';
import { covariateCustomerParams, covariatePrediction, fitCovariateModel, loadCovariateFit, type CovariateCustomer, type CovariateCustomerRow, type CovariateFit, type CovariateFitOptions, type CovariateRow } from './kit/covariates.js';
import { checkHorizon } from './kit/index.js';
import { conditionalExpectedPurchases as plainExpected, probabilityAlive as plainAlive, type ParetoNbdParams } from './pareto-nbd.js';

/** Options of {@link fit}. */
export type ParetoNbdCovariatesOptions = CovariateFitOptions<ParetoNbdParams>;

/** A fitted covariate Pareto/NBD, JSON-serialisable (`kind: 'pareto-nbd-covariates'`). */
export type ParetoNbdCovariatesFit = CovariateFit<ParetoNbdParams, 'pareto-nbd-covariates'>;

const MODEL = PARETO_NBD_COVARIATES;

/**
 * Fit the Pareto/NBD with time-invariant covariates by maximum likelihood (BFGS on
 * (ln r, ln α, ln s, ln β, γ…) with the analytic gradient, started from the fit without
 * covariates). Standard errors come from the observed information (central differences of the
 * analytic gradient). Checked against CLVTools on its apparel data (docs/clv.md).
 *
 * @example
 * ```ts
 * const rows = [
 *   { customerId: 'a', frequency: 4, recency: 30, T: 40 }, { customerId: 'b', frequency: 0, recency: 0, T: 40 },
 *   { customerId: 'c', frequency: 2, recency: 10, T: 38 }, { customerId: 'd', frequency: 7, recency: 39, T: 39 },
 *   { customerId: 'e', frequency: 1, recency: 5, T: 40 }, { customerId: 'f', frequency: 0, recency: 0, T: 35 },
 * ];
 * const covariates = rows.map((r, i) => ({ customerId: r.customerId, online: i % 2 }));
 * const fit = paretoNbdCovariates.fit(rows, { covariates, purchase: ['online'] });
 * fit.coefficients.purchase.online; // > 0 would mean online customers buy more often
 * ```
 */
export function fit(data: readonly CovariateCustomer[], options: ParetoNbdCovariatesOptions): ParetoNbdCovariatesFit {
  return fitCovariateModel(MODEL, data, options);
}

/**
 * One customer's Pareto/NBD parameters under a covariate fit: r, s and α_i = α·exp(−γ_purchaseᵀz),
 * β_i = β·exp(−γ_dropoutᵀz) (shared columns in both). Every `paretoNbd` prediction then applies:
 * `paretoNbd.probabilityAlive(paretoNbdCovariates.customerParams(fit, row), customer)`.
 *
 * @example
 * ```ts
 * const fit = { params: { r: 0.55, alpha: 10, s: 0.6, beta: 12 }, coefficients: { purchase: { online: 0.5 }, dropout: {}, shared: {} } };
 * paretoNbdCovariates.customerParams(fit, { customerId: 'a', online: 1 }).alpha; // ≈ 6.0653 (10·e^−0.5)
 * ```
 */
export function customerParams(fit: Pick<ParetoNbdCovariatesFit, 'params' | 'coefficients'>, row: CovariateRow): ParetoNbdParams {
  return covariateCustomerParams(MODEL, fit, row);
}

/**
 * P(alive | x, t_x, T) of a customer at their own parameters (Schmittlein, Morrison & Colombo 1987
 * at (r, α_i, s, β_i); CLVTools' `PAlive`): pass one customer `{ frequency, recency, T, …covariate
 * columns }` for a number, or an array of them for an array (errors name the row).
 *
 * @example
 * ```ts
 * const fit = { params: { r: 0.55, alpha: 10, s: 0.6, beta: 12 }, coefficients: { purchase: { online: 0.5 }, dropout: {}, shared: {} } };
 * paretoNbdCovariates.probabilityAlive(fit, { frequency: 2, recency: 30, T: 39, online: 1 }); // ≈ 0.85687 (paretoNbd at α = 10·e^−0.5)
 * ```
 */
export function probabilityAlive(fit: Pick<ParetoNbdCovariatesFit, 'params' | 'coefficients'>, customer: CovariateCustomerRow): number;
export function probabilityAlive(fit: Pick<ParetoNbdCovariatesFit, 'params' | 'coefficients'>, customers: readonly CovariateCustomerRow[]): number[];
export function probabilityAlive(fit: Pick<ParetoNbdCovariatesFit, 'params' | 'coefficients'>, customer: CovariateCustomerRow | readonly CovariateCustomerRow[]): number | number[] {
  return covariatePrediction(MODEL, fit, customer, plainAlive);
}

/**
 * E[Y(t) | x, t_x, T]: a customer's expected purchases in the next t time units at their own
 * parameters (the Pareto/NBD conditional expectation at (r, α_i, s, β_i); CLVTools' CET). This is
 * the CLV hook: `customerLifetimeValue({ transactionModel: { model: paretoNbdCovariates, params: fit }, customers, … })`
 * with each customer carrying its covariate columns.
 *
 * @example
 * ```ts
 * const fit = { params: { r: 0.55, alpha: 10, s: 0.6, beta: 12 }, coefficients: { purchase: { online: 0.5 }, dropout: {}, shared: {} } };
 * paretoNbdCovariates.conditionalExpectedPurchases(fit, 10, { frequency: 2, recency: 30, T: 39, online: 1 }); // ≈ 0.45898
 * ```
 */
export function conditionalExpectedPurchases(fit: Pick<ParetoNbdCovariatesFit, 'params' | 'coefficients'>, t: number, customer: CovariateCustomerRow): number;
export function conditionalExpectedPurchases(fit: Pick<ParetoNbdCovariatesFit, 'params' | 'coefficients'>, t: number, customers: readonly CovariateCustomerRow[]): number[];
export function conditionalExpectedPurchases(fit: Pick<ParetoNbdCovariatesFit, 'params' | 'coefficients'>, t: number, customer: CovariateCustomerRow | readonly CovariateCustomerRow[]): number | number[] {
  const h = checkHorizon(t);
  return covariatePrediction(MODEL, fit, customer, (p, c) => plainExpected(p, h, c));
}

/**
 * Read a saved covariate fit back (e.g. `JSON.parse` of a stored `fit(...)` result), checking kind,
 * version, parameters and coefficients.
 *
 * @example
 * ```ts
 * paretoNbdCovariates.load({ kind: 'bg-nbd', version: 1 }); // throws INVALID_MODEL
 * ```
 */
export function load(json: unknown): ParetoNbdCovariatesFit {
  return loadCovariateFit(MODEL, json);
}
