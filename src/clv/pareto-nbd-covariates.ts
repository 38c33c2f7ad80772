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
 * λ_dropout·Σγ_dropout² (shared coefficients are not penalised, as in CLVTools).
 */
import { checkEnvelope, CrmError, readInteger, readNonNegative, readOptions, readPositive, type CrmErrorPath, type FittedOn } from '../core/index.js';
import { bfgs, cholesky, choleskyInverse } from '../core/math/index.js';
import { checkCustomer, FIT_VERSION, oneCustomer, readFitUnit, readParams, type CompressedBtyd } from './kit/index.js';
import { logLik } from './pareto-nbd-likelihood.js';
import { fit as fitPlain, type ParetoNbdParams } from './pareto-nbd.js';
import type { BtydCustomer, TimeUnit } from './types.js';

/** A customer row: the BTYD summary plus the id that joins it to its covariates. */
export type CovariateCustomer = BtydCustomer & { customerId: string };

/** One customer's covariates: `customerId` and numeric columns. */
export type CovariateRow = { readonly customerId: string } & Readonly<Record<string, unknown>>;

/** Options of {@link fit}. */
export interface ParetoNbdCovariatesOptions {
  /** One row per customer (every customer of the data must have one). */
  covariates: readonly CovariateRow[];
  /** Columns acting on the purchase process (α_i). */
  purchase?: readonly string[];
  /** Columns acting on the dropout process (β_i). */
  dropout?: readonly string[];
  /** Columns acting on both with one coefficient (CLVTools' `names.cov.constr`). */
  shared?: readonly string[];
  /** L2 penalty weights (CLVTools' `reg.lambdas`, per process); default 0. */
  regularization?: { purchase?: number; dropout?: number };
  /** Starting values of r, α, s, β (default: the fit without covariates). */
  initialParams?: Partial<ParetoNbdParams>;
  maxIterations?: number;
  tolerance?: number;
  unit?: TimeUnit;
}

/** Coefficients (or their standard errors) by column, per process. */
export interface CovariateCoefficients<T = number> {
  purchase: Record<string, T>;
  dropout: Record<string, T>;
  shared: Record<string, T>;
}

/** A fitted covariate Pareto/NBD, JSON-serialisable (`kind: 'pareto-nbd-covariates'`). */
export interface ParetoNbdCovariatesFit {
  readonly kind: 'pareto-nbd-covariates';
  readonly version: number;
  readonly unit?: TimeUnit;
  readonly fittedOn: FittedOn;
  /** r, s and the baseline α, β (a customer whose covariates are all 0). */
  params: ParetoNbdParams;
  coefficients: CovariateCoefficients;
  /** Standard errors (inverse observed information of the penalised log-likelihood); null when not identified. */
  standardErrors: { [K in keyof ParetoNbdParams]: number | null };
  coefficientStandardErrors: CovariateCoefficients<number | null>;
  /** Covariance of (r, α, s, β, purchase…, dropout…, shared…) in `parameterOrder`; null when singular. */
  covariance: number[][] | null;
  parameterOrder: string[];
  /** Log-likelihood at the estimate (without the penalty). */
  logLikelihood: number;
  converged: boolean;
  iterations: number;
  message?: string;
  customers: number;
}

const MODEL = ['r', 'alpha', 's', 'beta'] as const;

function columnList(value: unknown, path: CrmErrorPath): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((c) => typeof c !== 'string' || c === '' || c === 'customerId')) {
    throw new CrmError('INVALID_OPTION', 'covariate columns must be an array of column names', { path, expected: 'an array of non-empty strings (not customerId)', received: value });
  }
  return value as string[];
}

interface Design {
  /** Per customer: z for the purchase, dropout and shared columns (row-major, customers × columns). */
  zp: Float64Array;
  zd: Float64Array;
  zs: Float64Array;
  np: number;
  nd: number;
  ns: number;
}

/** Centred Gram matrix of the columns; Cholesky fails when a column is constant or a combination of the others. */
export function checkIdentified(z: Float64Array, n: number, cols: readonly string[], process: string): void {
  const p = cols.length;
  if (p === 0) return;
  if (p >= n) {
    throw new CrmError('INVALID_INPUT', `more ${process} covariates (${p}) than the ${n} customers can identify`, { path: ['options', process], expected: `fewer than ${n} columns`, received: cols });
  }
  const mean = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j] = (mean[j]!) + (z[i * p + j]!) / n;
  const gram: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < p; a++) {
      const u = (z[i * p + a]!) - (mean[a]!);
      for (let b = 0; b <= a; b++) (gram[a] as number[])[b] = ((gram[a] as number[])[b] as number) + u * ((z[i * p + b]!) - (mean[b]!));
    }
  }
  for (let a = 0; a < p; a++) {
    const col = cols[a] as string;
    if (!((gram[a] as number[])[a] as number > 1e-12 * n)) {
      throw new CrmError('INVALID_INPUT', `covariate "${col}" is constant across customers: its effect cannot be told apart from the baseline ${process === 'purchase' ? 'α' : 'β'}; drop it`, {
        path: ['options', 'covariates', col],
        expected: 'a column that varies across customers',
        received: mean[a],
      });
    }
    for (let b = 0; b < a; b++) (gram[b] as number[])[a] = (gram[a] as number[])[b] as number;
  }
  for (let k = 1; k <= p; k++) {
    const sub = gram.slice(0, k).map((row) => row.slice(0, k));
    const L = cholesky(sub);
    const pivot = L === undefined ? 0 : ((L[k - 1] as number[])[k - 1] as number) ** 2;
    if (L === undefined || pivot < 1e-10 * ((gram[k - 1] as number[])[k - 1] as number)) {
      throw new CrmError('INVALID_INPUT', `covariate "${cols[k - 1]}" is a linear combination of the other ${process} covariates: the coefficients are not identified; drop one`, {
        path: ['options', 'covariates', cols[k - 1] as string],
        expected: 'linearly independent columns',
        received: cols.slice(0, k),
      });
    }
  }
}

function readDesign(customers: readonly CovariateCustomer[], rows: unknown, purchase: string[], dropout: string[], shared: string[]): Design {
  if (!Array.isArray(rows)) {
    throw new CrmError('INVALID_OPTION', 'covariates must be an array of rows, one per customer', { path: ['options', 'covariates'], expected: '[{ customerId, …columns }]', received: rows });
  }
  const byId = new Map<string, { row: Record<string, unknown>; index: number }>();
  rows.forEach((row: unknown, index: number) => {
    if (typeof row !== 'object' || row === null || typeof (row as { customerId?: unknown }).customerId !== 'string') {
      throw new CrmError('INVALID_INPUT', 'a covariate row needs a string customerId', { path: ['options', 'covariates', index, 'customerId'], expected: 'a string', received: row });
    }
    const id = (row as { customerId: string }).customerId;
    if (byId.has(id)) {
      throw new CrmError('INVALID_INPUT', `customer "${id}" has two covariate rows`, { path: ['options', 'covariates', index, 'customerId'], expected: 'one row per customer', received: id });
    }
    byId.set(id, { row: row as Record<string, unknown>, index });
  });
  const n = customers.length;
  const fill = (cols: string[]): Float64Array => {
    const z = new Float64Array(n * cols.length);
    for (let i = 0; i < n; i++) {
      const id = (customers[i] as CovariateCustomer).customerId;
      const hit = byId.get(id);
      if (hit === undefined) {
        throw new CrmError('INVALID_INPUT', `customer "${id}" has no covariate row`, { path: ['options', 'covariates'], expected: `a row with customerId "${id}"`, received: undefined, data: { customerId: id } });
      }
      for (let j = 0; j < cols.length; j++) {
        const v = hit.row[cols[j] as string];
        if (!(typeof v === 'number' && Number.isFinite(v))) {
          throw new CrmError('INVALID_INPUT', `covariate "${cols[j]}" of customer "${id}" must be a finite number (encode categories as 0/1 columns)`, {
            path: ['options', 'covariates', hit.index, cols[j] as string],
            expected: 'a finite number',
            received: v,
          });
        }
        z[i * cols.length + j] = v;
      }
    }
    return z;
  };
  const zp = fill(purchase);
  const zd = fill(dropout);
  const zs = fill(shared);
  checkIdentified(zp, n, purchase, 'purchase');
  checkIdentified(zd, n, dropout, 'dropout');
  checkIdentified(zs, n, shared, 'shared');
  return { zp, zd, zs, np: purchase.length, nd: dropout.length, ns: shared.length };
}

function readCustomers(data: unknown): CovariateCustomer[] {
  if (!Array.isArray(data) || data.length === 0) {
    throw new CrmError('INVALID_INPUT', 'data must be a non-empty array of customers with customerId, frequency, recency, T', { path: ['data'], expected: 'btydSummary rows', received: data });
  }
  data.forEach((c: unknown, i: number) => {
    const o = c as Partial<CovariateCustomer> | null;
    if (typeof o !== 'object' || o === null || typeof o.customerId !== 'string') {
      throw new CrmError('INVALID_INPUT', 'each customer needs a string customerId to join its covariates', { path: [i, 'customerId'], expected: 'a string', received: o?.customerId });
    }
    checkCustomer(o.frequency, o.recency, o.T, (f) => [i, f]);
  });
  return data as CovariateCustomer[];
}

/**
 * The penalised log-likelihood and its gradient w.r.t. the natural parameters
 * θ = (r, α, s, β, γ_purchase…, γ_dropout…, γ_shared…).
 */
function objective(rows: readonly CompressedBtyd[], z: Design, lp: number, ld: number, theta: readonly number[], g?: number[]): { ll: number; penalised: number } {
  const [r, alpha, s, beta] = theta as [number, number, number, number];
  const { np, nd, ns } = z;
  const gp = 4;
  const gd = 4 + np;
  const gs = 4 + np + nd;
  if (g !== undefined) g.fill(0);
  const gi = [0, 0, 0, 0];
  let ll = 0;
  for (let i = 0; i < rows.length; i++) {
    let ep = 0;
    let ed = 0;
    for (let j = 0; j < np; j++) ep += (theta[gp + j]!) * (z.zp[i * np + j]!);
    for (let j = 0; j < nd; j++) ed += (theta[gd + j]!) * (z.zd[i * nd + j]!);
    for (let j = 0; j < ns; j++) {
      const t = (theta[gs + j]!) * (z.zs[i * ns + j]!);
      ep += t;
      ed += t;
    }
    const ai = alpha * Math.exp(-ep);
    const bi = beta * Math.exp(-ed);
    ll += logLik(rows[i] as CompressedBtyd, [r, ai, s, bi], g === undefined ? undefined : gi);
    if (g !== undefined) {
      const dA = (gi[1]!) * ai; // ∂ℓ/∂ln α_i
      const dB = (gi[3]!) * bi;
      g[0] = (g[0]!) + (gi[0]!);
      g[1] = (g[1]!) + dA / alpha;
      g[2] = (g[2]!) + (gi[2]!);
      g[3] = (g[3]!) + dB / beta;
      for (let j = 0; j < np; j++) g[gp + j] = (g[gp + j]!) - dA * (z.zp[i * np + j]!);
      for (let j = 0; j < nd; j++) g[gd + j] = (g[gd + j]!) - dB * (z.zd[i * nd + j]!);
      for (let j = 0; j < ns; j++) g[gs + j] = (g[gs + j]!) - (dA + dB) * (z.zs[i * ns + j]!);
    }
  }
  // CLVTools' penalty: n·(λ_p Σγ_p² + λ_d Σγ_d²) on the total (λ on the mean log-likelihood).
  const n = rows.length;
  let pen = 0;
  for (let j = 0; j < np; j++) {
    const c = theta[gp + j]!;
    pen += lp * c * c;
    if (g !== undefined) g[gp + j] = (g[gp + j]!) - 2 * n * lp * c;
  }
  for (let j = 0; j < nd; j++) {
    const c = theta[gd + j]!;
    pen += ld * c * c;
    if (g !== undefined) g[gd + j] = (g[gd + j]!) - 2 * n * ld * c;
  }
  return { ll, penalised: ll - n * pen };
}

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
  const o = readOptions(options, ['covariates', 'purchase', 'dropout', 'shared', 'regularization', 'initialParams', 'maxIterations', 'tolerance', 'unit'] as const);
  const customers = readCustomers(data);
  const purchase = columnList(o.purchase, ['options', 'purchase']);
  const dropout = columnList(o.dropout, ['options', 'dropout']);
  const shared = columnList(o.shared, ['options', 'shared']);
  for (const c of shared) {
    if (purchase.includes(c) || dropout.includes(c)) {
      throw new CrmError('INVALID_OPTION', `covariate "${c}" is shared: list it only in shared (one coefficient for both processes)`, { path: ['options', 'shared'], expected: 'columns not also in purchase or dropout', received: c });
    }
  }
  const reg = readOptions(o.regularization, ['purchase', 'dropout'] as const, ['options', 'regularization']);
  const lp = readNonNegative(reg.purchase, ['options', 'regularization', 'purchase'], 0);
  const ld = readNonNegative(reg.dropout, ['options', 'regularization', 'dropout'], 0);
  const unit = readFitUnit(o.unit);
  const z = readDesign(customers, o.covariates, purchase, dropout, shared);
  const maxIterations = readInteger(o.maxIterations, ['options', 'maxIterations'], { default: 500, min: 1 });
  const tolerance = readPositive(o.tolerance, ['options', 'tolerance'], 1e-8);
  const rows = customers.map((c) => oneCustomer(c));
  const n = rows.length;
  // Start at the fit without covariates: γ = 0 is that model.
  const base = fitPlain(customers.map(({ frequency, recency, T }) => ({ frequency, recency, T })), options.initialParams === undefined ? {} : { initialParams: options.initialParams });
  const k = 4 + z.np + z.nd + z.ns;
  const y0 = [Math.log(base.params.r), Math.log(base.params.alpha), Math.log(base.params.s), Math.log(base.params.beta), ...new Array<number>(k - 4).fill(0)];
  const toTheta = (y: readonly number[]): number[] => y.map((v, i) => (i < 4 ? Math.exp(v) : v));
  const gTheta = new Array<number>(k).fill(0);
  const result = bfgs(
    (y, grad) => {
      const theta = toTheta(y);
      const { penalised } = objective(rows, z, lp, ld, theta, gTheta);
      if (!Number.isFinite(penalised)) return Number.POSITIVE_INFINITY;
      for (let i = 0; i < k; i++) grad[i] = -((gTheta[i]!) * (i < 4 ? (theta[i]!) : 1)) / n;
      return -penalised / n;
    },
    y0,
    { maxIterations, gradientTolerance: tolerance },
  );
  const theta = toTheta(result.x);
  const { ll } = objective(rows, z, lp, ld, theta);
  // Observed information: central differences of the analytic gradient in the natural parameters.
  const H: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let j = 0; j < k; j++) {
    const h = 1e-5 * Math.max(Math.abs(theta[j]!), j < 4 ? 1e-3 : 1e-2);
    const up = [...theta];
    const dn = [...theta];
    up[j] = (up[j]!) + h;
    dn[j] = (dn[j]!) - h;
    const gu = new Array<number>(k).fill(0);
    const gd = new Array<number>(k).fill(0);
    objective(rows, z, lp, ld, up, gu);
    objective(rows, z, lp, ld, dn, gd);
    for (let i = 0; i < k; i++) (H[i] as number[])[j] = -((gu[i]!) - (gd[i]!)) / (2 * h);
  }
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) (H[i] as number[])[j] = (H[j] as number[])[i] = (((H[i] as number[])[j] as number) + ((H[j] as number[])[i] as number)) / 2;
  const L = cholesky(H);
  const covariance = L === undefined ? null : choleskyInverse(L);
  const se = (i: number): number | null => (covariance === null ? null : Math.sqrt((covariance[i] as number[])[i] as number));
  const byName = (cols: string[], offset: number, f: (i: number) => number | null): Record<string, number | null> => Object.fromEntries(cols.map((c, j) => [c, f(offset + j)]));
  const coef = (cols: string[], offset: number): Record<string, number> => Object.fromEntries(cols.map((c, j) => [c, theta[offset + j]!]));
  const parameterOrder = [...MODEL, ...purchase.map((c) => `purchase.${c}`), ...dropout.map((c) => `dropout.${c}`), ...shared.map((c) => `shared.${c}`)];
  const converged = result.converged && Number.isFinite(ll);
  const out: ParetoNbdCovariatesFit = {
    kind: 'pareto-nbd-covariates',
    version: FIT_VERSION,
    ...(unit === undefined ? {} : { unit }),
    fittedOn: { n, repeatPurchases: customers.reduce((a, c) => a + c.frequency, 0) },
    params: { r: theta[0]!, alpha: theta[1]!, s: theta[2]!, beta: theta[3]! },
    coefficients: { purchase: coef(purchase, 4), dropout: coef(dropout, 4 + z.np), shared: coef(shared, 4 + z.np + z.nd) },
    standardErrors: { r: se(0), alpha: se(1), s: se(2), beta: se(3) },
    coefficientStandardErrors: { purchase: byName(purchase, 4, se), dropout: byName(dropout, 4 + z.np, se), shared: byName(shared, 4 + z.np + z.nd, se) },
    covariance,
    parameterOrder,
    logLikelihood: ll,
    converged,
    iterations: result.iterations,
    customers: n,
  };
  if (!converged) out.message = 'the optimiser did not meet its convergence test; raise maxIterations or check the covariates';
  return out;
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
  const p = readParams(fit?.params, MODEL);
  let ep = 0;
  let ed = 0;
  const value = (col: string): number => {
    const v = (row as Record<string, unknown>)[col];
    if (!(typeof v === 'number' && Number.isFinite(v))) {
      throw new CrmError('INVALID_INPUT', `covariate "${col}" must be a finite number`, { path: ['row', col], expected: 'a finite number', received: v });
    }
    return v;
  };
  for (const [c, g] of Object.entries(fit.coefficients.purchase)) ep += g * value(c);
  for (const [c, g] of Object.entries(fit.coefficients.dropout)) ed += g * value(c);
  for (const [c, g] of Object.entries(fit.coefficients.shared)) {
    const t = g * value(c);
    ep += t;
    ed += t;
  }
  const alpha = p.alpha * Math.exp(-ep);
  const beta = p.beta * Math.exp(-ed);
  if (!(alpha > 0 && beta > 0 && Number.isFinite(alpha) && Number.isFinite(beta))) {
    throw new CrmError('NUMERIC_DOMAIN', 'the covariates put this customer’s rates outside the double range', { path: ['row'], expected: 'covariate values near the fitted data', received: row });
  }
  return { r: p.r, alpha, s: p.s, beta };
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
  checkEnvelope(json, 'pareto-nbd-covariates', FIT_VERSION);
  const v = json as Partial<ParetoNbdCovariatesFit>;
  readParams(v.params, MODEL, 'INVALID_MODEL', ['model', 'params']);
  const c = v.coefficients as CovariateCoefficients | undefined;
  for (const group of ['purchase', 'dropout', 'shared'] as const) {
    const g = c?.[group];
    if (typeof g !== 'object' || g === null) {
      throw new CrmError('INVALID_MODEL', `saved fit has no ${group} coefficients`, { path: ['model', 'coefficients', group], expected: 'an object of numbers', received: g });
    }
    for (const [name, value] of Object.entries(g)) {
      if (!(typeof value === 'number' && Number.isFinite(value))) {
        throw new CrmError('INVALID_MODEL', `coefficient ${group}.${name} must be a finite number`, { path: ['model', 'coefficients', group, name], expected: 'a finite number', received: value });
      }
    }
  }
  return JSON.parse(JSON.stringify(json)) as ParetoNbdCovariatesFit;
}
