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
import { CrmError, readInteger, readNonNegative, readOptions, readPositive, type FittedOn } from '../core/index.js';
import { bfgs, cholesky, choleskyInverse, digammaDifference, logAddExp, logPochhammer } from '../core/math/index.js';
import { checkEnvelope } from '../core/envelope.js';
import { FIT_VERSION, readParams } from './kit/index.js';
import { observedInformation } from './kit/covariates.js';
import { fit as fitPlain, type ParetoNbdParams } from './pareto-nbd.js';
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
  customers: number;
}

/**
 * A coefficient whose effect across the data, |γ|·(max z − min z), exceeds this (a rate scaled by
 * more than e¹⁰ ≈ 22,000) is taken as running to ±∞: the likelihood is still rising along it.
 */
const COEFFICIENT_BOUNDARY = 10;

const MODEL = ['r', 'alpha', 's', 'beta'] as const;

/**
 * 8-point Gauss–Legendre on [0, 1] (nodes and log-weights; Abramowitz & Stegun Table 25.4). A panel
 * is at most a step over which α+A and β+C grow by the factor of {@link panelGrowth}: the nearest
 * singularity of (α+A)^−(r+x)(β+C)^−(s+1) is then ≥ 2 panel lengths away and its log varies by ≤ 3,
 * so the rule's error is below ~1e-15 relative (ρ ≈ 9.9 Bernstein ellipse, 16th-degree exactness),
 * and a run costs O(log(1 + growth)) panels, not O(growth), however small α or β gets.
 */
const NODES: number[] = [];
const LOG_WEIGHTS: number[] = [];
{
  const x = [0.1834346424956498, 0.525532409916329, 0.7966664774136267, 0.9602898564975363];
  const w = [0.362683783378362, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763];
  for (let k = 3; k >= 0; k--) {
    NODES.push((1 - x[k]!) / 2);
    LOG_WEIGHTS.push(Math.log(w[k]! / 2));
  }
  for (let k = 0; k < 4; k++) {
    NODES.push((1 + x[k]!) / 2);
    LOG_WEIGHTS.push(Math.log(w[k]! / 2));
  }
}

/** The largest factor α+A (exponent r+x) or β+C (exponent s+1) may grow by over one panel. */
function panelGrowth(exponent: number): number {
  return Math.min(1.5, Math.exp(3 / exponent));
}

/**
 * The data compiled for fast evaluation: distinct covariate vectors in two tables (their exp(γᵀz)
 * is computed once per evaluation), identical customers merged with a weight, and per customer
 * the exposure before t_x by distinct vector and the runs from t_x to T.
 */
interface Compiled {
  np: number;
  nd: number;
  zp: number[][];
  zd: number[][];
  n: number;
  w: number[];
  x: number[];
  zx: number[][];
  /** Before t_x: [vector index, length] pairs per customer. */
  preP: Array<Array<[number, number]>>;
  preD: Array<Array<[number, number]>>;
  /** From t_x to T: [purchase vector index, dropout vector index, length]. */
  segs: Array<Array<[number, number, number]>>;
  /** Index of each input customer in the merged rows. */
  rowOf: number[];
}

function intern(table: number[][], keys: Map<string, number>, v: number[]): number {
  const key = v.join(',');
  let k = keys.get(key);
  if (k === undefined) {
    k = table.length;
    keys.set(key, k);
    table.push(v);
  }
  return k;
}

function readData(data: unknown): DynamicCovariateData {
  const d = data as Partial<DynamicCovariateData> | null;
  if (typeof d !== 'object' || d === null || d.kind !== 'dynamic-covariate-data' || !Array.isArray(d.customers) || d.customers.length === 0) {
    throw new CrmError('INVALID_INPUT', 'data must be the output of dynamicCovariateData(...)', { path: ['data'], expected: "{ kind: 'dynamic-covariate-data', customers: [...] }", received: data });
  }
  const cols = (v: unknown, name: string): string[] => {
    if (!Array.isArray(v) || v.some((c) => typeof c !== 'string')) {
      throw new CrmError('INVALID_INPUT', `data.${name} must be the covariate column names`, { path: ['data', name], expected: 'an array of strings', received: v });
    }
    return v as string[];
  };
  const np = cols(d.purchase, 'purchase').length;
  const nd = cols(d.dropout, 'dropout').length;
  d.customers.forEach((c, i) => checkCustomerData(c, i, np, nd));
  return d as DynamicCovariateData;
}

const finiteVector = (v: unknown, n: number): boolean => Array.isArray(v) && v.length === n && v.every((e) => typeof e === 'number' && Number.isFinite(e));

/** A hand-built or edited customer of {@link DynamicCovariateData} is checked before use: runs contiguous from 0 through T, vectors of the right length. */
function checkCustomerData(c: unknown, i: number, np: number, nd: number): void {
  const o = c as Partial<DynamicCovariateData['customers'][number]> | null;
  const fail = (field: string, message: string, expected: string, received: unknown): never => {
    const id = typeof o?.customerId === 'string' ? o.customerId : `#${i}`;
    throw new CrmError('INVALID_INPUT', `customer "${id}": ${message}`, { path: ['data', 'customers', i, field], expected, received, data: { customerId: id } });
  };
  if (typeof o !== 'object' || o === null || typeof o.customerId !== 'string') fail('customerId', 'a customer needs a string customerId', 'a string', o?.customerId);
  const x = o!.frequency;
  const tx = o!.recency;
  const T = o!.T;
  if (!(typeof x === 'number' && Number.isInteger(x) && x >= 0)) fail('frequency', 'frequency must be a whole number ≥ 0', 'an integer ≥ 0', x);
  if (!(typeof T === 'number' && Number.isFinite(T) && T >= 0)) fail('T', 'T must be a finite number ≥ 0', 'a finite number ≥ 0', T);
  if (!(typeof tx === 'number' && Number.isFinite(tx) && tx >= 0 && tx <= T! && (x! > 0 || tx === 0))) fail('recency', 'recency must be in [0, T] (0 without repeat purchases)', `a number in [0, ${T}]`, tx);
  if (!finiteVector(o!.repeatPurchaseCovariates, np)) fail('repeatPurchaseCovariates', `repeatPurchaseCovariates must hold ${np} finite numbers`, `${np} finite numbers`, o!.repeatPurchaseCovariates);
  const runs = o!.runs;
  if (!Array.isArray(runs) || runs.length === 0) fail('runs', 'runs must be a non-empty array', 'covariate runs from 0 through T', runs);
  let at = 0;
  runs!.forEach((r, k) => {
    if (!(typeof r === 'object' && r !== null && typeof r.from === 'number' && typeof r.to === 'number' && Math.abs(r.from - at) <= 1e-9 * Math.max(1, at) && r.to > r.from && Number.isFinite(r.to))) {
      fail('runs', `run ${k} must start where the previous one ends (${at}) and end after it starts`, `{ from: ${at}, to > from }`, r);
    }
    if (!finiteVector(r.purchase, np) || !finiteVector(r.dropout, nd)) fail('runs', `run ${k} must hold ${np} purchase and ${nd} dropout covariates, all finite`, 'finite numbers', r);
    at = r.to;
  });
  if (at < T! - 1e-9 * Math.max(1, T!)) fail('runs', `the runs end at ${at}, before T = ${T}`, `runs through ${T}`, at);
}

function compile(data: DynamicCovariateData): Compiled {
  const np = data.purchase.length;
  const nd = data.dropout.length;
  const zp: number[][] = [];
  const zd: number[][] = [];
  const kp = new Map<string, number>();
  const kd = new Map<string, number>();
  const rows = new Map<string, number>();
  const out: Compiled = { np, nd, zp, zd, n: 0, w: [], x: [], zx: [], preP: [], preD: [], segs: [], rowOf: [] };
  for (const c of data.customers) {
    const tx = c.recency;
    const T = c.T;
    const preP = new Map<number, number>();
    const preD = new Map<number, number>();
    const segs: Array<[number, number, number]> = [];
    for (const run of c.runs) {
      const ip = intern(zp, kp, run.purchase);
      const id = intern(zd, kd, run.dropout);
      const a = Math.max(run.from, 0);
      const preLen = Math.min(run.to, tx) - a;
      if (preLen > 0) {
        preP.set(ip, (preP.get(ip) ?? 0) + preLen);
        preD.set(id, (preD.get(id) ?? 0) + preLen);
      }
      const postLen = Math.min(run.to, T) - Math.max(a, tx);
      if (postLen > 0) segs.push([ip, id, postLen]);
    }
    const pre1 = [...preP.entries()].sort((u, v) => u[0] - v[0]);
    const pre2 = [...preD.entries()].sort((u, v) => u[0] - v[0]);
    const key = `${c.frequency}|${c.repeatPurchaseCovariates.join(',')}|${pre1.join(';')}|${pre2.join(';')}|${segs.join(';')}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = out.n++;
      rows.set(key, row);
      out.w.push(0);
      out.x.push(c.frequency);
      out.zx.push(c.repeatPurchaseCovariates);
      out.preP.push(pre1);
      out.preD.push(pre2);
      out.segs.push(segs);
    }
    out.w[row] = (out.w[row] as number) + 1;
    out.rowOf.push(row);
  }
  return out;
}

/** Log-likelihood pieces of one merged row: ln F0, ln of the alive term, ln of the dropout integral term. */
interface RowParts {
  lF0: number;
  lP: number;
  lD: number;
  /** α + A(T), β + C(T). */
  aT: number;
  bT: number;
}

/**
 * One row's log-likelihood parts at θ = (r, α, s, β, γ_p…, γ_d…), with ea/ec the exp(γᵀz) of the
 * vector tables; with `g`, adds w·∂ℓ/∂θ (natural parameters) to g.
 */
function rowLogLik(cd: Compiled, i: number, theta: readonly number[], ea: Float64Array, ec: Float64Array, g: number[] | undefined, w: number): RowParts {
  const r = theta[0]!;
  const alpha = theta[1]!;
  const s = theta[2]!;
  const beta = theta[3]!;
  const { np, nd } = cd;
  const x = cd.x[i]!;
  const rx = r + x;
  const zx = cd.zx[i]!;
  let sz = 0;
  for (let j = 0; j < np; j++) sz += (theta[4 + j]!) * (zx[j]!);
  const lF0 = logPochhammer(r, x) + r * Math.log(alpha) + s * Math.log(beta) + sz;
  // Exposure up to t_x and its γ-derivatives.
  let A = 0;
  let C = 0;
  const dA = new Float64Array(np);
  const dC = new Float64Array(nd);
  for (const [k, len] of cd.preP[i]!) {
    const v = len * ea[k]!;
    A += v;
    if (g !== undefined) for (let j = 0; j < np; j++) dA[j] = dA[j]! + v * (cd.zp[k]![j]!);
  }
  for (const [k, len] of cd.preD[i]!) {
    const v = len * ec[k]!;
    C += v;
    if (g !== undefined) for (let j = 0; j < nd; j++) dC[j] = dC[j]! + v * (cd.zd[k]![j]!);
  }
  // ∫_{t_x}^T c (α+A)^−(r+x) (β+C)^−(s+1) dτ in log space (running max m, scaled sum S). For the
  // gradient, the nodes' ∂ ln terms are summed per run as scalars (Σe·ln(α+A), Σe/(α+A), Σe·u/(α+A),
  // …) and turned into the γ parts once per run: ∂A(τ)/∂γ_p = dA + z_p·a·u within the run.
  const kk = 4 + np + nd;
  let m = Number.NEGATIVE_INFINITY;
  let S = 0;
  const gS = g === undefined ? undefined : new Float64Array(kk);
  const q1 = s + 1;
  const growA = panelGrowth(rx) - 1;
  const growB = panelGrowth(q1) - 1;
  for (const [ip, id, len] of cd.segs[i]!) {
    const a = ea[ip]!;
    const c = ec[id]!;
    const a0 = alpha + A;
    const b0 = beta + C;
    const lc = Math.log(c);
    // Per-run sums (in the current scale e^m): Σe, Σe·lnA, Σe/A, Σe·u/A, Σe·lnB, Σe/B, Σe·u/B.
    let sE = 0;
    let sLA = 0;
    let sIA = 0;
    let sUA = 0;
    let sLB = 0;
    let sIB = 0;
    let sUB = 0;
    // Graded panels: each at most the step over which α+A or β+C grows by the allowed factor.
    let u0 = 0;
    while (u0 < len) {
      const h = Math.min(len - u0, (growA * (a0 + a * u0)) / a, (growB * (b0 + c * u0)) / c);
      const lh = Math.log(h) + lc;
      for (let q = 0; q < 8; q++) {
        const u = u0 + NODES[q]! * h;
        const Au = a0 + a * u;
        const Bu = b0 + c * u;
        const lAu = Math.log(Au);
        const lBu = Math.log(Bu);
        const lv = LOG_WEIGHTS[q]! + lh - rx * lAu - q1 * lBu;
        let e: number;
        if (lv > m) {
          const scale = m === Number.NEGATIVE_INFINITY ? 0 : Math.exp(m - lv);
          S *= scale;
          if (gS !== undefined) {
            for (let j = 0; j < kk; j++) gS[j] = gS[j]! * scale;
            sE *= scale;
            sLA *= scale;
            sIA *= scale;
            sUA *= scale;
            sLB *= scale;
            sIB *= scale;
            sUB *= scale;
          }
          m = lv;
          e = 1;
        } else e = Math.exp(lv - m);
        S += e;
        if (gS !== undefined) {
          const ia = e / Au;
          const ib = e / Bu;
          sE += e;
          sLA += e * lAu;
          sIA += ia;
          sUA += ia * u;
          sLB += e * lBu;
          sIB += ib;
          sUB += ib * u;
        }
      }
      u0 += h;
    }
    if (gS !== undefined) {
      gS[0] = gS[0]! - sLA;
      gS[1] = gS[1]! - rx * sIA;
      gS[2] = gS[2]! - sLB;
      gS[3] = gS[3]! - q1 * sIB;
      const zpv = cd.zp[ip]!;
      for (let j = 0; j < np; j++) gS[4 + j] = gS[4 + j]! - rx * (sIA * dA[j]! + sUA * (zpv[j]!) * a);
      const zdv = cd.zd[id]!;
      for (let j = 0; j < nd; j++) gS[4 + np + j] = gS[4 + np + j]! + sE * (zdv[j]!) - q1 * (sIB * dC[j]! + sUB * (zdv[j]!) * c);
    }
    A += a * len;
    C += c * len;
    if (g !== undefined) {
      const zpv = cd.zp[ip]!;
      const zdv = cd.zd[id]!;
      for (let j = 0; j < np; j++) dA[j] = dA[j]! + (zpv[j]!) * a * len;
      for (let j = 0; j < nd; j++) dC[j] = dC[j]! + (zdv[j]!) * c * len;
    }
  }
  const aT = alpha + A;
  const bT = beta + C;
  const lP = -rx * Math.log(aT) - s * Math.log(bT);
  const lD = S > 0 ? Math.log(s) + m + Math.log(S) : Number.NEGATIVE_INFINITY;
  if (g !== undefined && gS !== undefined) {
    const lse = logAddExp(lP, lD);
    const wD = lD === Number.NEGATIVE_INFINITY ? 0 : Math.exp(lD - lse);
    const wP = 1 - wD;
    // ∂ ln F0
    g[0] = g[0]! + w * (digammaDifference(r, x) + Math.log(alpha));
    g[1] = g[1]! + (w * r) / alpha;
    g[2] = g[2]! + w * Math.log(beta);
    g[3] = g[3]! + (w * s) / beta;
    for (let j = 0; j < np; j++) g[4 + j] = g[4 + j]! + w * (zx[j]!);
    // alive term
    g[0] = g[0]! + w * wP * -Math.log(aT);
    g[1] = g[1]! + w * wP * (-rx / aT);
    g[2] = g[2]! + w * wP * -Math.log(bT);
    g[3] = g[3]! + w * wP * (-s / bT);
    for (let j = 0; j < np; j++) g[4 + j] = g[4 + j]! + w * wP * ((-rx / aT) * dA[j]!);
    for (let j = 0; j < nd; j++) g[4 + np + j] = g[4 + np + j]! + w * wP * ((-s / bT) * dC[j]!);
    // dropout term: E over the nodes of ∂ ln(node term), plus 1/s for the factor s
    if (wD > 0) {
      for (let j = 0; j < kk; j++) g[j] = g[j]! + (w * wD * gS[j]!) / S;
      g[2] = g[2]! + (w * wD) / s;
    }
  }
  return { lF0, lP, lD, aT, bT };
}

function expTables(cd: Compiled, theta: readonly number[]): { ea: Float64Array; ec: Float64Array } {
  const ea = new Float64Array(cd.zp.length);
  const ec = new Float64Array(cd.zd.length);
  cd.zp.forEach((v, k) => {
    let t = 0;
    for (let j = 0; j < cd.np; j++) t += (theta[4 + j]!) * (v[j]!);
    ea[k] = Math.exp(t);
  });
  cd.zd.forEach((v, k) => {
    let t = 0;
    for (let j = 0; j < cd.nd; j++) t += (theta[4 + cd.np + j]!) * (v[j]!);
    ec[k] = Math.exp(t);
  });
  return { ea, ec };
}

/** Total log-likelihood (and gradient into g, natural parameters) over the merged rows. */
function total(cd: Compiled, theta: readonly number[], g?: number[]): number {
  const { ea, ec } = expTables(cd, theta);
  if (g !== undefined) g.fill(0);
  let ll = 0;
  for (let i = 0; i < cd.n; i++) {
    const w = cd.w[i]!;
    const p = rowLogLik(cd, i, theta, ea, ec, g, w);
    ll += w * (p.lF0 + logAddExp(p.lP, p.lD));
  }
  return ll;
}

function thetaOf(model: unknown, data: DynamicCovariateData, root: 'params' | 'model' = 'params'): number[] {
  const m = model as Partial<ParetoNbdDynamicParams> | null;
  const code = root === 'model' ? 'INVALID_MODEL' : 'INVALID_INPUT';
  const p = readParams(m?.params, MODEL, code, [root, 'params']);
  const coef = (group: 'purchase' | 'dropout', cols: readonly string[]): number[] =>
    cols.map((c) => {
      const v = (m?.coefficients?.[group] as Record<string, unknown> | undefined)?.[c];
      if (!(typeof v === 'number' && Number.isFinite(v))) {
        throw new CrmError(code, `coefficient ${group}.${c} must be a finite number`, { path: [root, 'coefficients', group, c], expected: 'a finite number (the data has this column)', received: v });
      }
      return v;
    });
  return [p.r, p.alpha, p.s, p.beta, ...coef('purchase', data.purchase), ...coef('dropout', data.dropout)];
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

/** `f` of each distinct row's likelihood parts at the model's parameters, in the data's customer order. */
function perCustomer(model: ParetoNbdDynamicParams, data: DynamicCovariateData, f: (parts: RowParts) => number): number[] {
  const d = readData(data);
  const theta = thetaOf(model, d);
  const cd = compile(d);
  const { ea, ec } = expTables(cd, theta);
  const perRow = new Array<number>(cd.n);
  for (let i = 0; i < cd.n; i++) perRow[i] = f(rowLogLik(cd, i, theta, ea, ec, undefined, 1));
  return cd.rowOf.map((row) => perRow[row]!);
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
    throw new CrmError('INVALID_OPTION', 'shared columns must be distinct columns of both data.purchase and data.dropout', { path: ['options', 'shared'], expected: `a subset of [${d.purchase.filter((c) => d.dropout.includes(c)).join(', ')}]`, received: o.shared });
  }
  const sharedCols = shared as string[];
  const cd = compile(d);
  const n = d.customers.length;
  const base = fitPlain(
    d.customers.map(({ frequency, recency, T }) => ({ frequency, recency, T })),
    options.initialParams === undefined ? {} : { initialParams: options.initialParams },
  );
  // The optimiser's vector φ: r, α, s, β, the purchase-only and dropout-only coefficients, then the
  // shared ones; θ (what the likelihood takes) repeats a shared coefficient in both processes.
  const ownP = d.purchase.filter((c) => !sharedCols.includes(c));
  const ownD = d.dropout.filter((c) => !sharedCols.includes(c));
  const order = [...ownP.map((c) => 4 + d.purchase.indexOf(c)), ...ownD.map((c) => 4 + cd.np + d.dropout.indexOf(c))];
  const kFull = 4 + cd.np + cd.nd;
  const k = 4 + ownP.length + ownD.length + sharedCols.length;
  const expand = (phi: readonly number[]): number[] => {
    const theta = new Array<number>(kFull).fill(0);
    for (let i = 0; i < 4; i++) theta[i] = phi[i]!;
    order.forEach((t, j) => (theta[t] = phi[4 + j]!));
    sharedCols.forEach((c, j) => {
      const v = phi[4 + order.length + j]!;
      theta[4 + d.purchase.indexOf(c)] = v;
      theta[4 + cd.np + d.dropout.indexOf(c)] = v;
    });
    return theta;
  };
  const gFull = new Array<number>(kFull).fill(0);
  /** Penalised log-likelihood at φ (natural r, α, s, β) and its gradient into g. */
  const objective = (phi: readonly number[], g?: number[]): { ll: number; penalised: number } => {
    const ll = total(cd, expand(phi), g === undefined ? undefined : gFull);
    let pen = 0;
    for (let j = 0; j < order.length; j++) {
      const lambda = j < ownP.length ? lp : ld;
      pen += lambda * phi[4 + j]! ** 2;
    }
    if (g !== undefined) {
      for (let i = 0; i < 4; i++) g[i] = gFull[i]!;
      order.forEach((t, j) => (g[4 + j] = gFull[t]! - 2 * n * (j < ownP.length ? lp : ld) * phi[4 + j]!));
      sharedCols.forEach((c, j) => (g[4 + order.length + j] = gFull[4 + d.purchase.indexOf(c)]! + gFull[4 + cd.np + d.dropout.indexOf(c)]!));
    }
    return { ll, penalised: ll - n * pen };
  };
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

/** The first coefficient whose effect runs off to ±∞ (see {@link COEFFICIENT_BOUNDARY}), if any. */
function coefficientBoundary(d: DynamicCovariateData, theta: readonly number[], np: number): FitBoundary | undefined {
  const groups = [
    { process: 'purchase' as const, cols: d.purchase, offset: 4, pick: (r: DynamicCovariateData['customers'][number]['runs'][number]) => r.purchase },
    { process: 'dropout' as const, cols: d.dropout, offset: 4 + np, pick: (r: DynamicCovariateData['customers'][number]['runs'][number]) => r.dropout },
  ];
  for (const { process, cols, offset, pick } of groups) {
    for (let j = 0; j < cols.length; j++) {
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (const c of d.customers) {
        for (const run of c.runs) {
          const v = pick(run)[j]!;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
      const g = theta[offset + j]!;
      if (Math.abs(g) * (hi - lo) > COEFFICIENT_BOUNDARY) {
        const col = cols[j]!;
        const towards = g > 0 ? '+∞' : '−∞';
        const rate = process === 'purchase' ? 'purchase rate' : 'dropout rate';
        return {
          parameter: `${process}.${col}`,
          limit: `γ → ${towards}`,
          message: `the ${process} coefficient of "${col}" runs to ${towards} (stopped at ${g.toPrecision(4)}): the likelihood keeps rising as the ${rate} where "${col}" is ${g > 0 ? 'low' : 'high'} goes to 0 relative to elsewhere, so the data do not identify it and its value and standard error are where the optimiser stopped. Drop "${col}" from ${process}, or read it as "(almost) no ${process === 'purchase' ? 'purchases' : 'dropout'} there".`,
        };
      }
    }
  }
  return undefined;
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
  return perCustomer(model, data, (p) => (p.lD === Number.NEGATIVE_INFINITY ? 1 : 1 / (1 + Math.exp(p.lD - p.lP))));
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
    throw new CrmError('INVALID_INPUT', 'delta must be a continuous discount rate per unit (≥ 0); e.g. ln(1.1)/52 for 10 % a year with weeks', { path: ['delta'], expected: 'a finite number ≥ 0', received: delta });
  }
  return expectedAhead(model, data, t, delta, 'discountedConditionalExpectedPurchases');
}

/**
 * ∫₀^L a·(B_T/(B0 + c·u))ˢ·e^{−δ(u0 + u)} du for one run starting u0 after T: closed form without
 * discounting, else 8-point Gauss–Legendre on panels over which B0 + c·u grows by at most the
 * {@link panelGrowth} factor and δ·h ≤ 3.
 */
function runAhead(a: number, c: number, s: number, B0: number, lr: number, L: number, delta: number, u0: number): number {
  if (delta === 0) {
    const q = Math.log1p((c * L) / B0);
    const y = (1 - s) * q;
    const core = y === 0 ? q : (q * Math.expm1(y)) / y;
    return Math.exp(s * lr) * ((a * B0) / c) * core;
  }
  const grow = panelGrowth(s) - 1;
  let sum = 0;
  let u = 0;
  while (u < L) {
    const h = Math.min(L - u, (grow * (B0 + c * u)) / c, 3 / delta);
    for (let q = 0; q < 8; q++) {
      const v = u + NODES[q]! * h;
      sum += Math.exp(LOG_WEIGHTS[q]! + s * (lr - Math.log1p((c * v) / B0)) - delta * (u0 + v)) * h;
    }
    u += h;
  }
  return a * sum;
}

function expectedAhead(model: ParetoNbdDynamicParams, data: DynamicCovariateData, t: number, delta: number, name: string): number[] {
  const d = readData(data);
  if (!(typeof t === 'number' && Number.isFinite(t) && t >= 0)) {
    throw new CrmError('INVALID_INPUT', `${name}: t must be a non-negative number of units`, { path: ['t'], expected: 'a finite number ≥ 0', received: t });
  }
  const theta = thetaOf(model, d);
  const cd = compile(d);
  const { ea, ec } = expTables(cd, theta);
  const r = theta[0]!;
  const s = theta[2]!;
  const zIndex = (table: number[][], v: number[]): number => table.findIndex((u) => u.every((e, j) => e === v[j]));
  const rowCache = new Map<number, RowParts>();
  return d.customers.map((c, ci) => {
    const row = cd.rowOf[ci]!;
    let p = rowCache.get(row);
    if (p === undefined) {
      p = rowLogLik(cd, row, theta, ea, ec, undefined, 1);
      rowCache.set(row, p);
    }
    const alive = p.lD === Number.NEGATIVE_INFINITY ? 1 : 1 / (1 + Math.exp(p.lD - p.lP));
    const end = c.T + t;
    const lastRun = c.runs[c.runs.length - 1];
    if (t > 0 && (lastRun === undefined || lastRun.to < end - 1e-9)) {
      throw new CrmError('INVALID_INPUT', `customer "${c.customerId}" has covariates only to ${lastRun?.to ?? 0} units after its first purchase; the prediction needs them to ${end}: build the data with a later until`, {
        path: ['data', 'customers', ci, 'runs'],
        expected: `runs through ${end}`,
        received: lastRun?.to,
        data: { customerId: c.customerId },
      });
    }
    // Σ over runs of ∫ a(τ) ((β+C(T))/(β+C(τ)))^s e^{−δ(τ−T)} dτ; lr = ln((β+C(T))/(β+C(run start))).
    let integral = 0;
    let B = p.bT;
    let lr = 0;
    for (const run of c.runs) {
      const lo = Math.max(run.from, c.T);
      const hi = Math.min(run.to, end);
      if (!(hi > lo)) continue;
      const a = ea[zIndex(cd.zp, run.purchase)]!;
      const cc = ec[zIndex(cd.zd, run.dropout)]!;
      const len = hi - lo;
      integral += runAhead(a, cc, s, B, lr, len, delta, lo - c.T);
      lr -= Math.log1p((cc * len) / B);
      B += cc * len;
    }
    return (alive * (r + cd.x[row]!) * integral) / p.aT;
  });
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
  for (const group of ['purchase', 'dropout'] as const) {
    const g = v.coefficients?.[group];
    if (typeof g !== 'object' || g === null) {
      throw new CrmError('INVALID_MODEL', `saved fit has no ${group} coefficients`, { path: ['model', 'coefficients', group], expected: 'an object of numbers', received: g });
    }
    for (const [name, value] of Object.entries(g)) {
      if (!(typeof value === 'number' && Number.isFinite(value))) {
        throw new CrmError('INVALID_MODEL', `coefficient ${group}.${name} must be a finite number`, { path: ['model', 'coefficients', group, name], expected: 'a finite number', received: value });
      }
    }
  }
  return JSON.parse(JSON.stringify(json)) as ParetoNbdDynamicFit;
}
