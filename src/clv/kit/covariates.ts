/**
 * The covariate kit (issue 18 item 2): what the static-covariate BTYD models share — reading and
 * checking the covariate table, the per-customer exp(γᵀz) scaling of the model's parameters, the
 * L2 penalty and equality constraints of CLVTools, the fit (BFGS on log-parameters and γ, started
 * from the model without covariates) and the standard errors from the observed information.
 *
 * A model is described by {@link CovariateModel}: its parameter names, its per-customer
 * log-likelihood with gradient (the plain model's, e.g. pareto-nbd-likelihood.ts, bg-family.ts),
 * its plain fit, and how each parameter is scaled. Customer i's parameter k is
 *   θ_ik = θ_k · exp(c_k^purchase · η_i^purchase + c_k^dropout · η_i^dropout),
 *   η_i^purchase = γ_purchaseᵀ z_i + γ_sharedᵀ z_i,   η_i^dropout = γ_dropoutᵀ z_i + γ_sharedᵀ z_i,
 * with the exponents c of CLVTools' C++ (pnbd_staticcov: α_i = α e^(−η_p), β_i = β e^(−η_d);
 * bgnbd_staticcov_alpha_i/_a_i/_b_i: α_i = α e^(−η_p), a_i = a e^(η_d), b_i = b e^(η_d)). The
 * gradient follows by the chain rule: ∂ℓ/∂θ_k = g_ik θ_ik/θ_k and
 * ∂ℓ/∂η_i^process = Σ_k g_ik θ_ik c_k^process, where g_ik = ∂ℓ_i/∂θ_ik from the plain model.
 */
import { checkEnvelope, CrmError, readInteger, readNonNegative, readOptions, readPositive, type CrmErrorPath, type FittedOn, type TimeUnit, invalidOption, invalidInput } from '../../core/index.js';
import { bfgs, cholesky, choleskyInverse } from '../../core/math/index.js';
import { checkCustomer, oneCustomer, type CompressedBtyd } from '../btyd-data.js';
import { withBoundary, type BoundaryRule } from '../fit.js';
import type { BtydCustomer, FitBoundary } from '../types.js';
import { FIT_VERSION, readFitUnit } from './envelope.js';
import { readParams } from './params.js';
import { invalidModel } from '../../core/errors.js';

/** A customer row: the BTYD summary plus the id that joins it to its covariates. */
export type CovariateCustomer = BtydCustomer & { customerId: string };

/** One customer's covariates: `customerId` and numeric columns. */
export type CovariateRow = { readonly customerId: string } & Readonly<Record<string, unknown>>;

/** Coefficients (or their standard errors) by column, per process. */
export interface CovariateCoefficients<T = number> {
  purchase: Record<string, T>;
  dropout: Record<string, T>;
  shared: Record<string, T>;
}

/** Options of a covariate model's `fit` (CLVTools' names in brackets). */
export interface CovariateFitOptions<P extends object> {
  /** One row per customer (every customer of the data must have one). */
  covariates: readonly CovariateRow[];
  /** Columns acting on the purchase process (`data.cov.trans`). */
  purchase?: readonly string[];
  /** Columns acting on the dropout process (`data.cov.life`). */
  dropout?: readonly string[];
  /** Columns acting on both with one coefficient (`names.cov.constr`). */
  shared?: readonly string[];
  /** L2 penalty weights (`reg.lambdas`, per process); default 0. */
  regularization?: { purchase?: number; dropout?: number };
  /** Starting values of the model parameters (default: the fit without covariates). */
  initialParams?: Partial<P>;
  maxIterations?: number;
  tolerance?: number;
  unit?: TimeUnit;
}

/** A fitted covariate model, JSON-serialisable. */
export interface CovariateFit<P extends object, K extends string> {
  readonly kind: K;
  readonly version: number;
  readonly unit?: TimeUnit;
  readonly fittedOn: FittedOn;
  /** The baseline parameters (a customer whose covariates are all 0). */
  params: P;
  coefficients: CovariateCoefficients;
  /** Standard errors (inverse observed information of the penalised log-likelihood); null when not identified. */
  standardErrors: { [N in keyof P]: number | null };
  coefficientStandardErrors: CovariateCoefficients<number | null>;
  /** Covariance of (params…, purchase…, dropout…, shared…) in `parameterOrder`; null when singular. */
  covariance: number[][] | null;
  parameterOrder: string[];
  /** Log-likelihood at the estimate (without the penalty). */
  logLikelihood: number;
  converged: boolean;
  /** Set when the baseline parameters ran to a boundary (then `converged` is false); see docs/clv.md. */
  boundary?: FitBoundary;
  /** The L2 weights of `options.regularization`, when any is > 0 (bootstrap refits use them). */
  regularization?: { purchase: number; dropout: number };
  iterations: number;
  message?: string;
  customers: number;
}

/** How one model plugs into the kit (internal). */
export interface CovariateModel<N extends string, K extends string> {
  kind: K;
  names: readonly N[];
  /** Per parameter: c^purchase and c^dropout of the scaling exp(c^p η^p + c^d η^d). */
  purchaseExponent: readonly number[];
  dropoutExponent: readonly number[];
  /** What a constant column would be absorbed by, per process (for the error message). */
  baseline: { purchase: string; dropout: string };
  /** ln L of one compressed customer at θ, and ∂/∂θ into `g` when given. */
  logLik(row: CompressedBtyd, theta: readonly number[], g?: number[]): number;
  /** The model's own fit without covariates (the start: γ = 0 is that model). */
  fitPlain(customers: BtydCustomer[], options: { initialParams?: Partial<Record<N, number>> }): { params: Record<N, number>; covariance?: number[][] | null };
  /** The plain model's boundary rules on the baseline θ (kit/boundaries.ts), given the data. */
  boundaries?(customers: readonly BtydCustomer[]): readonly BoundaryRule[];
}

type Process = 'purchase' | 'dropout' | 'shared';
const PROCESSES: readonly Process[] = ['purchase', 'dropout', 'shared'];

function columnList(value: unknown, path: CrmErrorPath): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((c) => typeof c !== 'string' || c === '' || c === 'customerId')) {
    invalidOption(path, 'covariate columns must be an array of column names', 'an array of non-empty strings (not customerId)', value);
  }
  return value as string[];
}

/** The design: per process its columns and z (row-major, customers × columns). */
export interface CovariateDesign {
  columns: Record<Process, string[]>;
  z: Record<Process, Float64Array>;
}

/**
 * Centred Gram matrix of the columns (z row-major, n rows); Cholesky fails when a column is constant
 * or a combination of the others. `baseline` names what a constant column is absorbed by.
 */
export function checkIdentified(z: Float64Array, n: number, cols: readonly string[], process: Process, baseline: string = process === 'purchase' ? 'α' : 'β'): void {
  const p = cols.length;
  if (p === 0) return;
  if (p >= n) {
    invalidInput(['options', process], `more ${process} covariates (${p}) than the ${n} customers can identify`, `fewer than ${n} columns`, cols);
  }
  const mean = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j] = mean[j]! + z[i * p + j]! / n;
  const gram: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < p; a++) {
      const u = z[i * p + a]! - mean[a]!;
      for (let b = 0; b <= a; b++) gram[a]![b] = gram[a]![b]! + u * (z[i * p + b]! - mean[b]!);
    }
  }
  for (let a = 0; a < p; a++) {
    const col = cols[a]!;
    if (!(gram[a]![a]! > 1e-12 * n)) {
      invalidInput(['options', 'covariates', col], `covariate "${col}" is constant across customers: its effect cannot be told apart from the baseline ${baseline}; drop it`, 'a column that varies across customers', mean[a]);
    }
    for (let b = 0; b < a; b++) gram[b]![a] = gram[a]![b]!;
  }
  for (let k = 1; k <= p; k++) {
    const sub = gram.slice(0, k).map((row) => row.slice(0, k));
    const L = cholesky(sub);
    const pivot = L === undefined ? 0 : L[k - 1]![k - 1]! ** 2;
    if (L === undefined || pivot < 1e-10 * gram[k - 1]![k - 1]!) {
      invalidInput(['options', 'covariates', cols[k - 1]!], `covariate "${cols[k - 1]}" is a linear combination of the other ${process} covariates: the coefficients are not identified; drop one`, 'linearly independent columns', cols.slice(0, k));
    }
  }
}

/** Join the covariate rows to the customers (by customerId) and check every column. */
function readDesign(customers: readonly CovariateCustomer[], rows: unknown, columns: Record<Process, string[]>, baseline: CovariateModel<string, string>['baseline']): CovariateDesign {
  if (!Array.isArray(rows)) {
    invalidOption(['options', 'covariates'], 'covariates must be an array of rows, one per customer', '[{ customerId, …columns }]', rows);
  }
  const byId = new Map<string, { row: Record<string, unknown>; index: number }>();
  rows.forEach((row: unknown, index: number) => {
    if (typeof row !== 'object' || row === null || typeof (row as { customerId?: unknown }).customerId !== 'string') {
      invalidInput(['options', 'covariates', index, 'customerId'], 'a covariate row needs a string customerId', 'a string', row);
    }
    const id = (row as { customerId: string }).customerId;
    if (byId.has(id)) {
      invalidInput(['options', 'covariates', index, 'customerId'], `customer "${id}" has two covariate rows`, 'one row per customer', id);
    }
    byId.set(id, { row: row as Record<string, unknown>, index });
  });
  const n = customers.length;
  const fill = (cols: string[]): Float64Array => {
    const z = new Float64Array(n * cols.length);
    for (let i = 0; i < n; i++) {
      const id = customers[i]!.customerId;
      const hit = byId.get(id);
      if (hit === undefined) {
        throw new CrmError('INVALID_INPUT', `customer "${id}" has no covariate row`, { path: ['options', 'covariates'], expected: `a row with customerId "${id}"`, received: undefined, data: { customerId: id } });
      }
      for (let j = 0; j < cols.length; j++) z[i * cols.length + j] = covariateValue(hit.row, cols[j]!, ['options', 'covariates', hit.index, cols[j]!], id);
    }
    return z;
  };
  const z = { purchase: fill(columns.purchase), dropout: fill(columns.dropout), shared: fill(columns.shared) };
  checkIdentified(z.purchase, n, columns.purchase, 'purchase', baseline.purchase);
  checkIdentified(z.dropout, n, columns.dropout, 'dropout', baseline.dropout);
  checkIdentified(z.shared, n, columns.shared, 'shared', `${baseline.purchase} and ${baseline.dropout}`);
  return { columns, z };
}

/** A covariate value: a finite number, else a CrmError at `path` naming the column (and customer). */
function covariateValue(row: Readonly<Record<string, unknown>>, col: string, path: CrmErrorPath, id?: string): number {
  const v = row[col];
  if (!(typeof v === 'number' && Number.isFinite(v))) {
    const who = id === undefined ? '' : ` of customer "${id}"`;
    invalidInput(path, `covariate "${col}"${who} must be a finite number (encode categories as 0/1 columns)`, 'a finite number', v);
  }
  return v;
}

function readCustomers(data: unknown): CovariateCustomer[] {
  if (!Array.isArray(data) || data.length === 0) {
    invalidInput(['data'], 'data must be a non-empty array of customers with customerId, frequency, recency, T', 'btydSummary rows', data);
  }
  data.forEach((c: unknown, i: number) => {
    const o = c as Partial<CovariateCustomer> | null;
    if (typeof o !== 'object' || o === null || typeof o.customerId !== 'string') {
      invalidInput([i, 'customerId'], 'each customer needs a string customerId to join its covariates', 'a string', o?.customerId);
    }
    checkCustomer(o.frequency, o.recency, o.T, (f) => [i, f]);
  });
  return data as CovariateCustomer[];
}

/** Customer i's parameters θ_i (into `out`) from the baseline θ and the linear predictors. */
function scale(model: CovariateModel<string, string>, theta: readonly number[], ep: number, ed: number, out: number[]): void {
  for (let k = 0; k < out.length; k++) {
    const c = model.purchaseExponent[k]! * ep + model.dropoutExponent[k]! * ed;
    out[k] = c === 0 ? theta[k]! : theta[k]! * Math.exp(c);
  }
}

/**
 * The penalised log-likelihood and its gradient w.r.t. the natural parameters
 * θ = (model…, γ_purchase…, γ_dropout…, γ_shared…). CLVTools' penalty is λ·Σγ² per process on the
 * mean log-likelihood, i.e. n·λ·Σγ² on the total; shared coefficients are not penalised.
 */
function objective(model: CovariateModel<string, string>, rows: readonly CompressedBtyd[], d: CovariateDesign, lambda: { purchase: number; dropout: number }, theta: readonly number[], g?: number[], weights?: ArrayLike<number>): { ll: number; penalised: number } {
  const m = model.names.length;
  const np = d.columns.purchase.length;
  const nd = d.columns.dropout.length;
  const ns = d.columns.shared.length;
  const op = m;
  const od = m + np;
  const os = m + np + nd;
  if (g !== undefined) g.fill(0);
  const gi = new Array<number>(m).fill(0);
  const ti = new Array<number>(m).fill(0);
  let ll = 0;
  let n = 0;
  for (let i = 0; i < rows.length; i++) {
    const w = weights === undefined ? 1 : weights[i]!;
    if (w === 0) continue;
    n += w;
    let ep = 0;
    let ed = 0;
    for (let j = 0; j < np; j++) ep += theta[op + j]! * d.z.purchase[i * np + j]!;
    for (let j = 0; j < nd; j++) ed += theta[od + j]! * d.z.dropout[i * nd + j]!;
    for (let j = 0; j < ns; j++) {
      const t = theta[os + j]! * d.z.shared[i * ns + j]!;
      ep += t;
      ed += t;
    }
    scale(model, theta, ep, ed, ti);
    const li = model.logLik(rows[i]!, ti, g === undefined ? undefined : gi);
    ll += w === 1 ? li : w * li;
    if (g !== undefined) {
      let dp = 0; // ∂ℓ/∂η^purchase
      let dd = 0;
      for (let k = 0; k < m; k++) {
        const u = w * gi[k]! * ti[k]!; // ∂ℓ/∂ln θ_ik
        g[k] = g[k]! + u / theta[k]!;
        dp += u * model.purchaseExponent[k]!;
        dd += u * model.dropoutExponent[k]!;
      }
      for (let j = 0; j < np; j++) g[op + j] = g[op + j]! + dp * d.z.purchase[i * np + j]!;
      for (let j = 0; j < nd; j++) g[od + j] = g[od + j]! + dd * d.z.dropout[i * nd + j]!;
      for (let j = 0; j < ns; j++) g[os + j] = g[os + j]! + (dp + dd) * d.z.shared[i * ns + j]!;
    }
  }
  let pen = 0;
  const penalise = (offset: number, count: number, l: number): void => {
    for (let j = 0; j < count; j++) {
      const c = theta[offset + j]!;
      pen += l * c * c;
      if (g !== undefined) g[offset + j] = g[offset + j]! - 2 * n * l * c;
    }
  };
  penalise(op, np, lambda.purchase);
  penalise(od, nd, lambda.dropout);
  return { ll, penalised: ll - n * pen };
}

/**
 * A starting inverse Hessian for the fit's BFGS at (ln θ̂, γ = 0), θ̂ the plain fit: its Hessian of
 * −LL/n in ln θ, Hᵤ = (n·D⁻¹ Cov D⁻¹)⁻¹ with D = diag(θ̂), stands in for every customer's curvature
 * in its own ln θᵢ (as in Gauss–Newton), and the chain rule ln θᵢₖ = ln θₖ + cᵖₖηᵖᵢ + cᵈₖηᵈᵢ carries
 * it to the coefficients: M = (1/n) Σᵢ Jᵢᵀ Hᵤ Jᵢ, Jᵢ = [I | Bᵢ], plus 2λ on penalised coefficients.
 * Returns M⁻¹ (row-major), or undefined without a plain covariance or when M is not positive definite.
 */
function startingInverseHessian(model: CovariateModel<string, string>, d: CovariateDesign, covariance: number[][] | null | undefined, theta0: readonly number[], n: number, lambda: { purchase: number; dropout: number }): Float64Array | undefined {
  const m = model.names.length;
  if (!Array.isArray(covariance) || covariance.length !== m) return undefined;
  const Lu = cholesky(covariance.map((row, i) => row.map((v, j) => (n * v) / (theta0[i]! * theta0[j]!))));
  if (Lu === undefined) return undefined;
  const Hu = choleskyInverse(Lu);
  const np = d.columns.purchase.length;
  const nd = d.columns.dropout.length;
  const ns = d.columns.shared.length;
  const q = np + nd + ns;
  const k = m + q;
  const M: number[][] = Array.from({ length: k }, (_, i) => new Array<number>(k).fill(0).map((_, j) => (i < m && j < m ? Hu[i]![j]! : 0)));
  const B: number[][] = Array.from({ length: m }, () => new Array<number>(q).fill(0));
  const HB: number[][] = Array.from({ length: m }, () => new Array<number>(q).fill(0));
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < m; a++) {
      const cp = model.purchaseExponent[a]!;
      const cd = model.dropoutExponent[a]!;
      for (let j = 0; j < np; j++) B[a]![j] = cp * d.z.purchase[i * np + j]!;
      for (let j = 0; j < nd; j++) B[a]![np + j] = cd * d.z.dropout[i * nd + j]!;
      for (let j = 0; j < ns; j++) B[a]![np + nd + j] = (cp + cd) * d.z.shared[i * ns + j]!;
    }
    for (let a = 0; a < m; a++) for (let b = 0; b < q; b++) {
      let v = 0;
      for (let c = 0; c < m; c++) v += Hu[a]![c]! * B[c]![b]!;
      HB[a]![b] = v;
      M[a]![m + b] = M[a]![m + b]! + v / n;
    }
    for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) {
      let v = 0;
      for (let c = 0; c < m; c++) v += B[c]![a]! * HB[c]![b]!;
      M[m + a]![m + b] = M[m + a]![m + b]! + v / n;
    }
  }
  for (let a = 0; a < m; a++) for (let b = 0; b < q; b++) M[m + b]![a] = M[a]![m + b]!;
  for (let j = 0; j < np; j++) M[m + j]![m + j] = M[m + j]![m + j]! + 2 * lambda.purchase;
  for (let j = 0; j < nd; j++) M[m + np + j]![m + np + j] = M[m + np + j]![m + np + j]! + 2 * lambda.dropout;
  const L = cholesky(M);
  if (L === undefined) return undefined;
  const inverse = Float64Array.from(choleskyInverse(L).flat());
  return inverse.every(Number.isFinite) ? inverse : undefined;
}

/** The observed information: central differences of the analytic gradient in the natural parameters. */
export function observedInformation(m: number, theta: readonly number[], gradient: (t: readonly number[], g: number[]) => void): number[][] {
  const k = theta.length;
  const H: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const gu = new Array<number>(k).fill(0);
  const gd = new Array<number>(k).fill(0);
  for (let j = 0; j < k; j++) {
    const h = 1e-5 * Math.max(Math.abs(theta[j]!), j < m ? 1e-3 : 1e-2);
    const up = [...theta];
    const dn = [...theta];
    up[j] = up[j]! + h;
    dn[j] = dn[j]! - h;
    gradient(up, gu);
    gradient(dn, gd);
    for (let i = 0; i < k; i++) H[i]![j] = -(gu[i]! - gd[i]!) / (2 * h);
  }
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) H[i]![j] = H[j]![i] = (H[i]![j]! + H[j]![i]!) / 2;
  return H;
}

/**
 * Fit a covariate model by maximum likelihood: BFGS on (ln θ, γ) with the analytic gradient,
 * started from the fit without covariates; standard errors from the inverse observed information.
 */
export function fitCovariateModel<N extends string, K extends string>(model: CovariateModel<N, K>, data: readonly CovariateCustomer[], options: CovariateFitOptions<Record<N, number>>): CovariateFit<Record<N, number>, K> {
  const o = readOptions(options, ['covariates', 'purchase', 'dropout', 'shared', 'regularization', 'initialParams', 'maxIterations', 'tolerance', 'unit'] as const);
  const customers = readCustomers(data);
  const columns = { purchase: columnList(o.purchase, ['options', 'purchase']), dropout: columnList(o.dropout, ['options', 'dropout']), shared: columnList(o.shared, ['options', 'shared']) };
  for (const c of columns.shared) {
    if (columns.purchase.includes(c) || columns.dropout.includes(c)) {
      invalidOption(['options', 'shared'], `covariate "${c}" is shared: list it only in shared (one coefficient for both processes)`, 'columns not also in purchase or dropout', c);
    }
  }
  const reg = readOptions(o.regularization, ['purchase', 'dropout'] as const, ['options', 'regularization']);
  const lambda = { purchase: readNonNegative(reg.purchase, ['options', 'regularization', 'purchase'], 0), dropout: readNonNegative(reg.dropout, ['options', 'regularization', 'dropout'], 0) };
  const unit = readFitUnit(o.unit);
  const d = readDesign(customers, o.covariates, columns, model.baseline);
  const maxIterations = readInteger(o.maxIterations, ['options', 'maxIterations'], { default: 500, min: 1 });
  const tolerance = readPositive(o.tolerance, ['options', 'tolerance'], 1e-8);
  const rows = customers.map((c) => oneCustomer(c));
  const n = rows.length;
  const m = model.names.length;
  const initialParams = o.initialParams as Partial<Record<N, number>> | undefined;
  const plain = model.fitPlain(
    customers.map(({ frequency, recency, T }) => ({ frequency, recency, T })),
    initialParams === undefined ? {} : { initialParams },
  );
  const base = plain.params;
  const k = m + columns.purchase.length + columns.dropout.length + columns.shared.length;
  const y0 = [...model.names.map((name) => Math.log(base[name])), ...new Array<number>(k - m).fill(0)];
  const toTheta = (y: readonly number[]): number[] => y.map((v, i) => (i < m ? Math.exp(v) : v));
  const gTheta = new Array<number>(k).fill(0);
  const h0 = startingInverseHessian(model, d, plain.covariance, model.names.map((name) => base[name]), n, lambda);
  const result = bfgs(
    (y, grad) => {
      const theta = toTheta(y);
      const { penalised } = objective(model, rows, d, lambda, theta, gTheta);
      if (!Number.isFinite(penalised)) return Number.POSITIVE_INFINITY;
      for (let i = 0; i < k; i++) grad[i] = -(gTheta[i]! * (i < m ? theta[i]! : 1)) / n;
      return -penalised / n;
    },
    y0,
    { maxIterations, gradientTolerance: tolerance, ...(h0 === undefined ? {} : { initialInverseHessian: h0 }) },
  );
  const theta = toTheta(result.x);
  const { ll } = objective(model, rows, d, lambda, theta);
  const H = observedInformation(m, theta, (t, g) => objective(model, rows, d, lambda, t, g));
  const L = cholesky(H);
  const covariance = L === undefined ? null : choleskyInverse(L);
  const se = (i: number): number | null => (covariance === null ? null : Math.sqrt(covariance[i]![i]!));
  const offsets = { purchase: m, dropout: m + columns.purchase.length, shared: m + columns.purchase.length + columns.dropout.length };
  const perProcess = <T>(f: (i: number) => T): CovariateCoefficients<T> => {
    const out = { purchase: {}, dropout: {}, shared: {} } as CovariateCoefficients<T>;
    for (const p of PROCESSES) out[p] = Object.fromEntries(columns[p].map((c, j) => [c, f(offsets[p] + j)]));
    return out;
  };
  const params = Object.fromEntries(model.names.map((name, i) => [name, theta[i]!])) as Record<N, number>;
  const converged = result.converged && Number.isFinite(ll);
  const out: CovariateFit<Record<N, number>, K> = {
    kind: model.kind,
    version: FIT_VERSION,
    ...(unit === undefined ? {} : { unit }),
    fittedOn: { n, repeatPurchases: customers.reduce((a, c) => a + c.frequency, 0) },
    params,
    coefficients: perProcess((i) => theta[i]!),
    standardErrors: Object.fromEntries(model.names.map((name, i) => [name, se(i)])) as { [P in N]: number | null },
    coefficientStandardErrors: perProcess(se),
    covariance,
    parameterOrder: [...model.names, ...PROCESSES.flatMap((p) => columns[p].map((c) => `${p}.${c}`))],
    logLikelihood: ll,
    converged,
    ...(lambda.purchase > 0 || lambda.dropout > 0 ? { regularization: { ...lambda } } : {}),
    iterations: result.iterations,
    customers: n,
  };
  if (!converged) out.message = 'the optimiser did not meet its convergence test; raise maxIterations or check the covariates';
  return withBoundary(out, model.boundaries?.(customers), theta.slice(0, m));
}

/** One customer's parameters under a covariate fit (the covariate values read from `row`). */
export function covariateCustomerParams<N extends string>(model: CovariateModel<N, string>, fit: Pick<CovariateFit<Record<N, number>, string>, 'params' | 'coefficients'>, row: Readonly<Record<string, unknown>>): Record<N, number> {
  const p = readParams(fit?.params, model.names);
  if (typeof row !== 'object' || row === null) {
    invalidInput(['row'], 'row must be the customer’s covariates { customerId?, …columns }', 'an object', row);
  }
  const sum = (group: Record<string, number> | undefined): number => {
    let s = 0;
    for (const [c, g] of Object.entries(group ?? {})) s += g * covariateValue(row, c, ['row', c]);
    return s;
  };
  const shared = sum(fit.coefficients?.shared);
  const ep = sum(fit.coefficients?.purchase) + shared;
  const ed = sum(fit.coefficients?.dropout) + shared;
  const theta = model.names.map((name) => p[name]);
  const ti = new Array<number>(theta.length).fill(0);
  scale(model as CovariateModel<string, string>, theta, ep, ed, ti);
  if (!ti.every((v) => v > 0 && Number.isFinite(v))) {
    throw new CrmError('NUMERIC_DOMAIN', 'the covariates put this customer’s parameters outside the double range', { path: ['row'], expected: 'covariate values near the fitted data', received: row });
  }
  return Object.fromEntries(model.names.map((name, i) => [name, ti[i]!])) as Record<N, number>;
}

/**
 * A prediction of the plain model at each customer's own parameters: `customer` carries its
 * summary (frequency, recency, T) and its covariate columns; one customer gives a number, an array
 * gives an array (errors name the row).
 */
export function covariatePrediction<N extends string>(
  model: CovariateModel<N, string>,
  fit: Pick<CovariateFit<Record<N, number>, string>, 'params' | 'coefficients'>,
  customer: CovariateCustomerRow | readonly CovariateCustomerRow[],
  predict: (params: Record<N, number>, c: BtydCustomer) => number,
): number | number[] {
  const one = (c: CovariateCustomerRow, path: CrmErrorPath): number => {
    if (typeof c !== 'object' || c === null) {
      invalidInput(path, 'customer must be { frequency, recency, T, …covariate columns }', 'an object', c);
    }
    checkCustomer(c.frequency, c.recency, c.T, (f) => [...path, f]);
    let p: Record<N, number>;
    try {
      p = covariateCustomerParams(model, fit, c);
    } catch (e) {
      if (e instanceof CrmError && e.path[0] === 'row') throw new CrmError(e.code, e.message, { path: [...path, ...e.path.slice(1)], cause: e });
      throw e;
    }
    return predict(p, { frequency: c.frequency, recency: c.recency, T: c.T });
  };
  return Array.isArray(customer) ? (customer as readonly CovariateCustomerRow[]).map((c, i) => one(c, ['customers', i])) : one(customer as CovariateCustomerRow, ['customer']);
}

/** A customer for predictions: the BTYD summary and the covariate columns in one row. */
export type CovariateCustomerRow = BtydCustomer & Readonly<Record<string, unknown>>;

/** Read a saved covariate fit back, checking kind, version, parameters and coefficients. */
export function loadCovariateFit<N extends string, K extends string>(model: CovariateModel<N, K>, json: unknown): CovariateFit<Record<N, number>, K> {
  checkEnvelope(json, model.kind, FIT_VERSION);
  const v = json as Partial<CovariateFit<Record<N, number>, K>>;
  readParams(v.params, model.names, 'INVALID_MODEL', ['model', 'params']);
  checkSavedCoefficients(v.coefficients);
  return JSON.parse(JSON.stringify(json)) as CovariateFit<Record<N, number>, K>;
}

/** The `coefficients` of a saved covariate fit (static: every process; time-varying: purchase and dropout): finite numbers, or INVALID_MODEL. */
export function checkSavedCoefficients(coefficients: unknown, groups: readonly Process[] = PROCESSES): void {
  const c = coefficients as Partial<Record<Process, unknown>> | undefined;
  for (const group of groups) {
    const g = c?.[group];
    if (typeof g !== 'object' || g === null) invalidModel(['model', 'coefficients', group], `saved fit has no ${group} coefficients`, 'an object of numbers', g);
    for (const [name, value] of Object.entries(g)) {
      if (!(typeof value === 'number' && Number.isFinite(value))) invalidModel(['model', 'coefficients', group, name], `coefficient ${group}.${name} must be a finite number`, 'a finite number', value);
    }
  }
}

/**
 * Internal (predictionIntervals): customers that carry their covariate columns, as the predictions
 * take them, merged into unique (x, t_x, T, z) rows: the compressed rows, their design, the unique
 * row of each customer and one input row per unique row. Errors name `[...path, i, field]`.
 */
export function covariateRows(
  customers: readonly CovariateCustomerRow[],
  columns: Record<Process, readonly string[]>,
  path: CrmErrorPath,
): { rows: CompressedBtyd[]; design: CovariateDesign; index: Int32Array; first: CovariateCustomerRow[] } {
  const all = [...columns.purchase, ...columns.dropout, ...columns.shared];
  const keys = new Map<string, number>();
  const rows: CompressedBtyd[] = [];
  const first: CovariateCustomerRow[] = [];
  const index = new Int32Array(customers.length);
  const values: number[][] = [];
  customers.forEach((c, i) => {
    if (typeof c !== 'object' || c === null) {
      invalidInput([...path, i], 'a customer must be { frequency, recency, T, …covariate columns }', 'an object', c);
    }
    checkCustomer(c.frequency, c.recency, c.T, (f) => [...path, i, f]);
    const z = all.map((col) => covariateValue(c, col, [...path, i, col], typeof c.customerId === 'string' ? c.customerId : undefined));
    const key = `${c.frequency}|${c.recency}|${c.T}|${z.join('|')}`;
    let u = keys.get(key);
    if (u === undefined) {
      u = rows.length;
      keys.set(key, u);
      rows.push(oneCustomer(c));
      first.push(c);
      values.push(z);
    }
    index[i] = u;
  });
  const n = rows.length;
  const fill = (offset: number, count: number): Float64Array => {
    const z = new Float64Array(n * count);
    for (let i = 0; i < n; i++) for (let j = 0; j < count; j++) z[i * count + j] = values[i]![offset + j]!;
    return z;
  };
  const np = columns.purchase.length;
  const nd = columns.dropout.length;
  const design: CovariateDesign = {
    columns: { purchase: [...columns.purchase], dropout: [...columns.dropout], shared: [...columns.shared] },
    z: { purchase: fill(0, np), dropout: fill(np, nd), shared: fill(np + nd, columns.shared.length) },
  };
  return { rows, design, index, first };
}

/** Thrown inside a refit's objective when its evaluation budget is spent. */
class RefitBudget extends Error {}

/**
 * Internal (predictionIntervals): a bootstrap refit from the original estimate. Maximises the
 * penalised log-likelihood `penalised(θ, g)` (gradient into g, natural parameters; the first `m`
 * positive, optimised in ln θ, the rest — coefficients — as they are) by BFGS on −ℓ/n from
 * `start`, its inverse Hessian n·Cov in (ln θ, γ) when the original fit's `covariance` is given
 * (the plain models' refit hint, fit.ts). After `maxEvaluations` the best point is returned as not
 * converged. Shared by the static-covariate kit and the time-varying model.
 */
export function refitFromEstimate(
  m: number,
  start: readonly number[],
  covariance: ReadonlyArray<ReadonlyArray<number>> | undefined,
  n: number,
  maxEvaluations: number,
  penalised: (theta: readonly number[], g: number[]) => number,
): { theta: number[]; converged: boolean } {
  const k = start.length;
  const toTheta = (y: readonly number[]): number[] => y.map((v, i) => (i < m ? Math.exp(v) : v));
  const y0 = start.map((v, i) => (i < m ? Math.log(v) : v));
  let h0: Float64Array | undefined;
  if (covariance !== undefined && covariance.length === k) {
    h0 = new Float64Array(k * k);
    const s = (i: number): number => (i < m ? start[i]! : 1);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) h0[i * k + j] = (n * covariance[i]![j]!) / (s(i) * s(j));
    if (!h0.every(Number.isFinite)) h0 = undefined;
  }
  const gTheta = new Array<number>(k).fill(0);
  let evaluations = 0;
  let best = { value: Number.POSITIVE_INFINITY, y: y0 };
  let result: { x: number[]; converged: boolean };
  try {
    result = bfgs(
      (y, grad) => {
        if (++evaluations > maxEvaluations) throw new RefitBudget();
        const theta = toTheta(y);
        const value = -penalised(theta, gTheta) / n;
        if (!Number.isFinite(value)) return Number.POSITIVE_INFINITY;
        for (let i = 0; i < k; i++) grad[i] = -(gTheta[i]! * (i < m ? theta[i]! : 1)) / n;
        if (value < best.value) best = { value, y: [...y] };
        return value;
      },
      y0,
      { maxIterations: 500, gradientTolerance: 1e-8, ...(h0 === undefined ? {} : { initialInverseHessian: h0 }) },
    );
  } catch (e) {
    if (!(e instanceof RefitBudget)) throw e;
    result = { x: best.y, converged: false };
  }
  const theta = toTheta(result.x);
  if (!theta.every(Number.isFinite)) throw new CrmError('NUMERIC_DOMAIN', 'a bootstrap refit left the finite range', { path: ['data'], expected: 'finite parameters', received: theta });
  return { theta, converged: result.converged };
}

/**
 * Internal (predictionIntervals): refit a covariate model on weighted unique rows (a bootstrap
 * resample) from `start` — the natural vector (θ…, γ…) of the original fit — by
 * {@link refitFromEstimate}; no standard errors. A refit whose baseline crosses the model's
 * boundary rules is not converged.
 */
export function refitCovariateModel<N extends string>(
  model: CovariateModel<N, string>,
  rows: readonly CompressedBtyd[],
  d: CovariateDesign,
  weights: Float64Array,
  lambda: { purchase: number; dropout: number },
  start: readonly number[],
  covariance: ReadonlyArray<ReadonlyArray<number>> | undefined,
  maxEvaluations: number,
  boundaryCustomers: readonly BtydCustomer[],
): { theta: number[]; converged: boolean } {
  const m = model.names.length;
  let n = 0;
  for (const w of weights) n += w;
  const r = refitFromEstimate(m, start, covariance, n, maxEvaluations, (theta, g) => objective(model as CovariateModel<string, string>, rows, d, lambda, theta, g, weights).penalised);
  const checked = withBoundary({ converged: r.converged } as { converged: boolean; boundary?: FitBoundary; message?: string }, model.boundaries?.(boundaryCustomers), r.theta.slice(0, m));
  return { theta: r.theta, converged: checked.converged };
}
