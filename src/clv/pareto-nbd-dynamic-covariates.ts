/**
 * Pareto/NBD with time-varying covariates (Bachmann, Meierer & Näf 2021, "The Role of Time-Varying
 * Contextual Factors in Latent Attrition Models for Customer Base Analysis", Marketing Science
 * 40(4); CLVTools' `pnbd()` on `SetDynamicCovariates` data). While alive, a customer buys at rate
 * λ·a(t) and drops out at rate μ·c(t), with a(t) = exp(γ_pᵀ z_p(t)), c(t) = exp(γ_dᵀ z_d(t))
 * piecewise constant over the covariate periods and λ ~ Gamma(r, α), μ ~ Gamma(s, β) across
 * customers. With A(t) = ∫₀ᵗ a, C(t) = ∫₀ᵗ c, repeat purchases at t₁ … t_x and T the end of
 * calibration, integrating λ and μ out of the individual likelihood
 *   λˣ ∏ a(t_j) [e^{−λA(T)−μC(T)} + ∫_{t_x}^T μ c(τ) e^{−λA(τ)−μC(τ)} dτ]
 * gives (the paper's eq. 11–13; CLVTools src/pnbd_dyncov_LL.cpp, `LL = log F0 + log(F1·F2 + F3)`)
 *   L = Γ(r+x)/Γ(r) αʳ βˢ ∏ a(t_j) · [ (α+A(T))^−(r+x) (β+C(T))^−s
 *                                      + s ∫_{t_x}^T c(τ) (α+A(τ))^−(r+x) (β+C(τ))^−(s+1) dτ ].
 * The paper and CLVTools evaluate the integral period by period in closed form (one ₂F₁ pair per
 * covariate period, their F2 terms); here each run of constant covariates is integrated by
 * Gauss–Legendre (8 nodes per panel, panels graded so that α+A and β+C grow by a bounded factor
 * across each: exact to ~1e-15 relative), which gives the gradient in the same pass:
 * ∂ ln of a node's term is −ln(α+A), −(r+x)/(α+A), 1/s − ln(β+C), −(s+1)/(β+C), and for γ the
 * chain rule through A and C (∂A(τ)/∂γ_p = ∫₀^τ z_p a). A single-customer sum over runs replaces
 * CLVTools' per-week "walks"; the values agree with CLVTools' per-customer likelihood to 1e-10
 * (test/clv/pareto-nbd-dynamic-covariates.test.ts).
 *
 * P(alive at T) is the first bracket term's share (CLVTools R/pnbd_dyncov_palive.R); the expected
 * purchases in (T, T+t] are P(alive)·(r+x)/(α+A(T))·∫_T^{T+t} a(τ) ((β+C(T))/(β+C(τ)))ˢ dτ — the
 * posterior means of λ and of survival to τ (the paper's eq. 15, CLVTools R/pnbd_dyncov_CET.R),
 * in closed form per run.
 */
import { readInteger, readNonNegative, readOptions, readPositive, type FittedOn, invalidOption, invalidInput } from '../core/index.js';
import { bfgs, cholesky, choleskyInverse, logAddExp } from '../core/math/index.js';
import { checkEnvelope } from '../core/envelope.js';
import { FIT_VERSION, readParams } from './kit/index.js';
import { checkSavedCoefficients, observedInformation } from './kit/covariates.js';
import { fit as fitPlain, type ParetoNbdParams } from './pareto-nbd.js';
import { aliveOf, coefficientBoundary, compile, dynamicProblem, expectedAhead, MODEL, perCustomer, readData } from './pareto-nbd-dynamic-likelihood.js';
import type { DynamicCovariateData } from './dynamic-covariates-data.js';
import type { FitBoundary, TimeUnit } from './types.js';

/** Parameters of the model: r, α, s, β and the covariate coefficients by column. */
export interface ParetoNbdDynamicParams {
  params: ParetoNbdParams;
  coefficients: { purchase: Record<string, number>; dropout: Record<string, number> };
}

/** Options of {@link fit}. */
export interface ParetoNbdDynamicFitOptions {
  /** Starting values of r, α, s, β (default: the Pareto/NBD fit without covariates). */
  initialParams?: Partial<ParetoNbdParams>;
  /** BFGS iterations. Default 500. */
  maxIterations?: number;
  /** Gradient tolerance of the mean log-likelihood. Default 1e-8. */
  tolerance?: number;
  /**
   * Columns in both `data.purchase` and `data.dropout` that get one coefficient for both processes
   * (CLVTools' `names.cov.constr`). The fit reports it under both processes.
   */
  shared?: readonly string[];
  /**
   * L2 penalty weights per process (CLVTools' `reg.lambdas`): the fit maximises the log-likelihood
   * minus n·(λ_purchase·Σγ_purchase² + λ_dropout·Σγ_dropout²), shared coefficients unpenalised.
   * Default 0.
   */
  regularization?: { purchase?: number; dropout?: number };
}

/** A fitted Pareto/NBD with time-varying covariates, JSON-serialisable (`kind: 'pareto-nbd-dynamic-covariates'`). */
export interface ParetoNbdDynamicFit extends ParetoNbdDynamicParams {
  readonly kind: 'pareto-nbd-dynamic-covariates';
  readonly version: number;
  readonly unit: TimeUnit;
  readonly fittedOn: FittedOn;
  /** Standard errors (inverse observed information); null when not identified. */
  standardErrors: { [K in keyof ParetoNbdParams]: number | null };
  coefficientStandardErrors: { purchase: Record<string, number | null>; dropout: Record<string, number | null> };
  /** Covariance of (r, α, s, β, purchase…, dropout…) in `parameterOrder`; null when singular. */
  covariance: number[][] | null;
  parameterOrder: string[];
  /** Columns fitted with one coefficient for both processes (`options.shared`). */
  shared: string[];
  /** Log-likelihood at the estimate (without the penalty of `options.regularization`). */
  logLikelihood: number;
  converged: boolean;
  iterations: number;
  message?: string;
  /** Set when a coefficient runs off to ±∞ (the data do not identify it); `converged` is then false. */
  boundary?: FitBoundary;
  /** The L2 weights of `options.regularization`, when any is > 0 (bootstrap refits use them). */
  regularization?: { purchase: number; dropout: number };
  customers: number;
}

/**
 * Each customer's log-likelihood (in `data.customers` order) at the given parameters and
 * coefficients (a {@link fit} result or `{ params, coefficients }`).
 *
 * @example
 * ```ts
 * const data = dynamicCovariateData(
 *   [{ customerId: 'a', date: '2024-01-01', amount: 1 }, { customerId: 'a', date: '2024-01-10', amount: 1 }],
 *   [{ customerId: 'a', date: '2024-01-01', promo: 0 }, { customerId: 'a', date: '2024-01-08', promo: 1 },
 *    { customerId: 'a', date: '2024-01-15', promo: 0 }],
 *   { asOf: '2024-01-21', unit: 'week', purchase: ['promo'] },
 * );
 * const model = { params: { r: 0.5, alpha: 2, s: 0.5, beta: 5 }, coefficients: { purchase: { promo: 0.4 }, dropout: {} } };
 * paretoNbdDynamicCovariates.logLikelihood(model, data); // [ℓ_a], a finite negative number
 * ```
 */
export function logLikelihood(model: ParetoNbdDynamicParams, data: DynamicCovariateData): number[] {
  return perCustomer(model, data, (p) => p.lF0 + logAddExp(p.lP, p.lD));
}

/**
 * Fit by maximum likelihood: BFGS on (ln r, ln α, ln s, ln β, γ_purchase…, γ_dropout…) with the
 * analytic gradient, started at the Pareto/NBD without covariates (γ = 0 is that model, as
 * CLVTools starts); standard errors from the observed information (central differences of the
 * analytic gradient). Checked against CLVTools 0.12.1 on its apparel data (docs/clv.md).
 *
 * @example
 * ```ts
 * const days = ['2024-01-01', '2024-01-08', '2024-01-15', '2024-01-22', '2024-01-29', '2024-02-05'];
 * const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
 * const transactions = ids.flatMap((customerId, i) =>
 *   days.slice(0, 1 + (i % 4)).map((d, k) => ({ customerId, date: days[(k * (i + 1)) % 6]!, amount: 1 })));
 * const covariates = ids.flatMap((customerId, i) => days.map((date, k) => ({ customerId, date, promo: (k + i) % 3 === 0 ? 1 : 0 })));
 * const data = dynamicCovariateData(transactions, covariates, { asOf: '2024-02-11', unit: 'week', purchase: ['promo'] });
 * const fit = paretoNbdDynamicCovariates.fit(data);
 * fit.coefficients.purchase.promo; // the promo effect on the purchase rate (log scale)
 * ```
 */
export function fit(data: DynamicCovariateData, options: ParetoNbdDynamicFitOptions = {}): ParetoNbdDynamicFit {
  const o = readOptions(options, ['initialParams', 'maxIterations', 'tolerance', 'shared', 'regularization'] as const);
  const d = readData(data);
  const maxIterations = readInteger(o.maxIterations, ['options', 'maxIterations'], { default: 500, min: 1 });
  const tolerance = readPositive(o.tolerance, ['options', 'tolerance'], 1e-8);
  const reg = readOptions(o.regularization, ['purchase', 'dropout'] as const, ['options', 'regularization']);
  const lp = readNonNegative(reg.purchase, ['options', 'regularization', 'purchase'], 0);
  const ld = readNonNegative(reg.dropout, ['options', 'regularization', 'dropout'], 0);
  const shared = o.shared === undefined ? [] : (o.shared as unknown[]);
  if (!Array.isArray(shared) || shared.some((c) => typeof c !== 'string' || !d.purchase.includes(c) || !d.dropout.includes(c)) || new Set(shared).size !== shared.length) {
    invalidOption(['options', 'shared'], 'shared columns must be distinct columns of both data.purchase and data.dropout', `a subset of [${d.purchase.filter((c) => d.dropout.includes(c)).join(', ')}]`, o.shared);
  }
  const sharedCols = shared as string[];
  const cd = compile(d);
  const n = d.customers.length;
  const base = fitPlain(
    d.customers.map(({ frequency, recency, T }) => ({ frequency, recency, T })),
    options.initialParams === undefined ? {} : { initialParams: options.initialParams },
  );
  const problem = dynamicProblem(d, cd, sharedCols, { purchase: lp, dropout: ld });
  const { ownP, ownD, order, k, expand } = problem;
  const objective = (phi: readonly number[], g?: number[]): { ll: number; penalised: number } => problem.objective(cd, phi, g);
  const y0 = [Math.log(base.params.r), Math.log(base.params.alpha), Math.log(base.params.s), Math.log(base.params.beta), ...new Array<number>(k - 4).fill(0)];
  const toPhi = (y: readonly number[]): number[] => y.map((v, i) => (i < 4 ? Math.exp(v) : v));
  const gPhi = new Array<number>(k).fill(0);
  const result = bfgs(
    (y, grad) => {
      const phi = toPhi(y);
      const { penalised } = objective(phi, gPhi);
      if (!Number.isFinite(penalised)) return Number.POSITIVE_INFINITY;
      for (let i = 0; i < k; i++) grad[i] = -((gPhi[i]!) * (i < 4 ? (phi[i]!) : 1)) / n;
      return -penalised / n;
    },
    y0,
    { maxIterations, gradientTolerance: tolerance },
  );
  const phi = toPhi(result.x);
  const theta = expand(phi);
  const { ll } = objective(phi);
  // Observed information of the penalised log-likelihood: central differences of its gradient.
  const H = observedInformation(4, phi, (t, g) => {
    objective(t, g);
  });
  const L = cholesky(H);
  const covariance = L === undefined ? null : choleskyInverse(L);
  const se = (i: number): number | null => (covariance === null ? null : Math.sqrt((covariance[i] as number[])[i] as number));
  /** Index in φ of a column's coefficient in a process. */
  const at = (c: string, own: readonly string[], offset: number): number => (sharedCols.includes(c) ? 4 + order.length + sharedCols.indexOf(c) : 4 + offset + own.indexOf(c));
  const byColumn = <T>(cols: readonly string[], own: readonly string[], offset: number, f: (i: number) => T): Record<string, T> => Object.fromEntries(cols.map((c) => [c, f(at(c, own, offset))]));
  const converged = result.converged && Number.isFinite(ll);
  const out: ParetoNbdDynamicFit = {
    kind: 'pareto-nbd-dynamic-covariates',
    version: FIT_VERSION,
    unit: d.unit,
    fittedOn: { n, repeatPurchases: d.customers.reduce((a, c) => a + c.frequency, 0) },
    params: { r: phi[0]!, alpha: phi[1]!, s: phi[2]!, beta: phi[3]! },
    coefficients: { purchase: byColumn(d.purchase, ownP, 0, (i) => phi[i]!), dropout: byColumn(d.dropout, ownD, ownP.length, (i) => phi[i]!) },
    standardErrors: { r: se(0), alpha: se(1), s: se(2), beta: se(3) },
    coefficientStandardErrors: { purchase: byColumn(d.purchase, ownP, 0, se), dropout: byColumn(d.dropout, ownD, ownP.length, se) },
    covariance,
    parameterOrder: [...MODEL, ...ownP.map((c) => `purchase.${c}`), ...ownD.map((c) => `dropout.${c}`), ...sharedCols.map((c) => `shared.${c}`)],
    shared: [...sharedCols],
    logLikelihood: ll,
    converged,
    ...(lp > 0 || ld > 0 ? { regularization: { purchase: lp, dropout: ld } } : {}),
    iterations: result.iterations,
    customers: n,
  };
  if (!converged) out.message = 'the optimiser did not meet its convergence test; raise maxIterations or check the covariates';
  const boundary = coefficientBoundary(d, theta, cd.np);
  if (boundary !== undefined) {
    out.converged = false;
    out.boundary = boundary;
    out.message = boundary.message;
  }
  return out;
}

/**
 * Each customer's probability of being alive at T (the end of calibration), in `data.customers`
 * order: the share of the "alive at T" term in the likelihood bracket.
 *
 * @example
 * ```ts
 * const data = dynamicCovariateData(
 *   [{ customerId: 'a', date: '2024-01-01', amount: 1 }, { customerId: 'a', date: '2024-01-10', amount: 1 }],
 *   [{ customerId: 'a', date: '2024-01-01', promo: 0 }, { customerId: 'a', date: '2024-01-08', promo: 1 },
 *    { customerId: 'a', date: '2024-01-15', promo: 0 }],
 *   { asOf: '2024-01-21', unit: 'week', purchase: ['promo'] },
 * );
 * const model = { params: { r: 0.5, alpha: 2, s: 0.5, beta: 5 }, coefficients: { purchase: { promo: 0.4 }, dropout: {} } };
 * paretoNbdDynamicCovariates.probabilityAlive(model, data); // [p], 0 < p < 1
 * ```
 */
export function probabilityAlive(model: ParetoNbdDynamicParams, data: DynamicCovariateData): number[] {
  return perCustomer(model, data, aliveOf);
}

/**
 * Each customer's expected number of purchases in (T, T + t] (`t` in the data's unit), in
 * `data.customers` order. The covariates of the prediction period must be in the data: build it
 * with `until` at or after T + t.
 *
 * @example
 * ```ts
 * const data = dynamicCovariateData(
 *   [{ customerId: 'a', date: '2024-01-01', amount: 1 }, { customerId: 'a', date: '2024-01-10', amount: 1 }],
 *   ['2024-01-01', '2024-01-08', '2024-01-15', '2024-01-22', '2024-01-29'].map((date, k) => ({ customerId: 'a', date, promo: k % 2 })),
 *   { asOf: '2024-01-21', unit: 'week', purchase: ['promo'], until: '2024-02-04' },
 * );
 * const model = { params: { r: 0.5, alpha: 2, s: 0.5, beta: 5 }, coefficients: { purchase: { promo: 0.4 }, dropout: {} } };
 * paretoNbdDynamicCovariates.conditionalExpectedPurchases(model, 2, data); // [E], purchases expected in the 2 weeks after asOf
 * ```
 */
export function conditionalExpectedPurchases(model: ParetoNbdDynamicParams, t: number, data: DynamicCovariateData): number[] {
  return expectedAhead(model, data, t, 0, 'conditionalExpectedPurchases');
}

/**
 * Each customer's discounted expected purchases in (T, T + t], discounted continuously at `delta`
 * per unit from T (CLVTools' DECT, R/pnbd_dyncov_DECT.R): P(alive)·(r+x)/(α+A(T))·
 * ∫_T^{T+t} a(τ) ((β+C(T))/(β+C(τ)))ˢ e^{−δ(τ−T)} dτ. CLVTools writes each period's piece with
 * Tricomi's U(s, s, ·); here each run is integrated by Gauss–Legendre on graded panels. With
 * `delta` 0 it is {@link conditionalExpectedPurchases}.
 *
 * @example
 * ```ts
 * const data = dynamicCovariateData(
 *   [{ customerId: 'a', date: '2024-01-01', amount: 1 }, { customerId: 'a', date: '2024-01-10', amount: 1 }],
 *   ['2024-01-01', '2024-01-08', '2024-01-15', '2024-01-22', '2024-01-29'].map((date, k) => ({ customerId: 'a', date, promo: k % 2 })),
 *   { asOf: '2024-01-21', unit: 'week', purchase: ['promo'], until: '2024-02-04' },
 * );
 * const model = { params: { r: 0.5, alpha: 2, s: 0.5, beta: 5 }, coefficients: { purchase: { promo: 0.4 }, dropout: {} } };
 * paretoNbdDynamicCovariates.discountedConditionalExpectedPurchases(model, 2, data, Math.log(1.1) / 52); // [E], a little below the undiscounted value
 * ```
 */
export function discountedConditionalExpectedPurchases(model: ParetoNbdDynamicParams, t: number, data: DynamicCovariateData, delta: number): number[] {
  if (!(typeof delta === 'number' && Number.isFinite(delta) && delta >= 0)) {
    invalidInput(['delta'], 'delta must be a continuous discount rate per unit (≥ 0); e.g. ln(1.1)/52 for 10 % a year with weeks', 'a finite number ≥ 0', delta);
  }
  return expectedAhead(model, data, t, delta, 'discountedConditionalExpectedPurchases');
}

/**
 * Read a saved fit back (e.g. `JSON.parse` of a stored `fit(...)` result), checking kind, version,
 * parameters and coefficients.
 *
 * @example
 * ```ts
 * paretoNbdDynamicCovariates.load({ kind: 'pareto-nbd', version: 1 }); // throws INVALID_MODEL
 * ```
 */
export function load(json: unknown): ParetoNbdDynamicFit {
  checkEnvelope(json, 'pareto-nbd-dynamic-covariates', FIT_VERSION);
  const v = json as Partial<ParetoNbdDynamicFit>;
  readParams(v.params, MODEL, 'INVALID_MODEL', ['model', 'params']);
  checkSavedCoefficients(v.coefficients, ['purchase', 'dropout']);
  return JSON.parse(JSON.stringify(json)) as ParetoNbdDynamicFit;
}
