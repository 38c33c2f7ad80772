/**
 * The computations of the Pareto/NBD with time-varying covariates (the model, its likelihood and
 * predictions are described in ./pareto-nbd-dynamic-covariates.ts, the public namespace): reading
 * and compiling the data, the per-row log-likelihood with its gradient, the optimiser's problem
 * (shared coefficients, L2 penalty, customer weights), P(alive) and the expected purchases ahead.
 * Internal: `predictionIntervals` refits and predicts on compiled data through it
 * (./bootstrap-covariates.ts).
 */
import { CrmError, invalidInput } from '../core/index.js';
import { digammaDifference, logAddExp, logPochhammer } from '../core/math/index.js';
import type { DynamicCovariateData } from './dynamic-covariates-data.js';
import { refitFromEstimate } from './kit/covariates.js';
import { readParams } from './kit/index.js';
import type { ParetoNbdDynamicParams } from './pareto-nbd-dynamic-covariates.js';
import type { FitBoundary } from './types.js';

/**
 * A coefficient whose effect across the data, |γ|·(max z − min z), exceeds this (a rate scaled by
 * more than e¹⁰ ≈ 22,000) is taken as running to ±∞: the likelihood is still rising along it.
 */
const COEFFICIENT_BOUNDARY = 10;

export const MODEL = ['r', 'alpha', 's', 'beta'] as const;

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
export interface Compiled {
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

export function readData(data: unknown): DynamicCovariateData {
  const d = data as Partial<DynamicCovariateData> | null;
  if (typeof d !== 'object' || d === null || d.kind !== 'dynamic-covariate-data' || !Array.isArray(d.customers) || d.customers.length === 0) {
    invalidInput(['data'], 'data must be the output of dynamicCovariateData(...)', "{ kind: 'dynamic-covariate-data', customers: [...] }", data);
  }
  const cols = (v: unknown, name: string): string[] => {
    if (!Array.isArray(v) || v.some((c) => typeof c !== 'string')) {
      invalidInput(['data', name], `data.${name} must be the covariate column names`, 'an array of strings', v);
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

export function compile(data: DynamicCovariateData): Compiled {
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
export interface RowParts {
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
export function rowLogLik(cd: Compiled, i: number, theta: readonly number[], ea: Float64Array, ec: Float64Array, g: number[] | undefined, w: number): RowParts {
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

export function expTables(cd: Compiled, theta: readonly number[]): { ea: Float64Array; ec: Float64Array } {
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
export function total(cd: Compiled, theta: readonly number[], g?: number[]): number {
  const { ea, ec } = expTables(cd, theta);
  if (g !== undefined) g.fill(0);
  let ll = 0;
  for (let i = 0; i < cd.n; i++) {
    const w = cd.w[i]!;
    if (w === 0) continue;
    const p = rowLogLik(cd, i, theta, ea, ec, g, w);
    ll += w * (p.lF0 + logAddExp(p.lP, p.lD));
  }
  return ll;
}

export function thetaOf(model: unknown, data: DynamicCovariateData, root: 'params' | 'model' = 'params'): number[] {
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

/** `f` of each distinct row's likelihood parts at the model's parameters, in the data's customer order. */
export function perCustomer(model: ParetoNbdDynamicParams, data: DynamicCovariateData, f: (parts: RowParts) => number): number[] {
  const d = readData(data);
  return perCustomerCompiled(compile(d), thetaOf(model, d), f);
}

/** P(alive at T) from a row's likelihood parts: the share of the "alive at T" term in the bracket. */
export function aliveOf(p: RowParts): number {
  return p.lD === Number.NEGATIVE_INFINITY ? 1 : 1 / (1 + Math.exp(p.lD - p.lP));
}

/** {@link perCustomer} on compiled data at θ. */
export function perCustomerCompiled(cd: Compiled, theta: readonly number[], f: (parts: RowParts) => number): number[] {
  const { ea, ec } = expTables(cd, theta);
  const perRow = new Array<number>(cd.n);
  for (let i = 0; i < cd.n; i++) perRow[i] = f(rowLogLik(cd, i, theta, ea, ec, undefined, 1));
  return cd.rowOf.map((row) => perRow[row]!);
}

/** The first coefficient whose effect runs off to ±∞ (see {@link COEFFICIENT_BOUNDARY}), if any. */
export function coefficientBoundary(d: DynamicCovariateData, theta: readonly number[], np: number): FitBoundary | undefined {
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

export function expectedAhead(model: ParetoNbdDynamicParams, data: DynamicCovariateData, t: number, delta: number, name: string): number[] {
  const d = readData(data);
  if (!(typeof t === 'number' && Number.isFinite(t) && t >= 0)) {
    invalidInput(['t'], `${name}: t must be a non-negative number of units`, 'a finite number ≥ 0', t);
  }
  return expectedAheadCompiled(d, compile(d), thetaOf(model, d), t, delta);
}

/** {@link expectedAhead} on checked, compiled data at θ (r, α, s, β, purchase…, dropout…). */
export function expectedAheadCompiled(d: DynamicCovariateData, cd: Compiled, theta: readonly number[], t: number, delta: number): number[] {
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
 * The optimiser's problem: the vector φ = (r, α, s, β, purchase-only coefficients, dropout-only
 * coefficients, shared coefficients) — `parameterOrder` of a fit — and the penalised
 * log-likelihood at φ on compiled data (whose row weights `w` may be a bootstrap resample's).
 */
export interface DynamicProblem {
  /** Length of φ. */
  k: number;
  ownP: string[];
  ownD: string[];
  sharedCols: string[];
  /** Index in θ of each own coefficient of φ (after r, α, s, β). */
  order: number[];
  /** The names of φ, as a fit's `parameterOrder`. */
  names: string[];
  /** θ (what the likelihood takes: a shared coefficient repeated in both processes) from φ. */
  expand(phi: readonly number[]): number[];
  /** Penalised log-likelihood at φ (natural r, α, s, β) and its gradient into g. */
  objective(cd: Compiled, phi: readonly number[], g?: number[]): { ll: number; penalised: number };
}

/** The {@link DynamicProblem} of data with `sharedCols` and L2 weights `lambda`. */
export function dynamicProblem(d: DynamicCovariateData, cd: Compiled, sharedCols: readonly string[], lambda: { purchase: number; dropout: number }): DynamicProblem {
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
  const lp = lambda.purchase;
  const ld = lambda.dropout;
  const objective = (c: Compiled, phi: readonly number[], g?: number[]): { ll: number; penalised: number } => {
    let n = 0;
    for (const w of c.w) n += w;
    const ll = total(c, expand(phi), g === undefined ? undefined : gFull);
    let pen = 0;
    for (let j = 0; j < order.length; j++) {
      const l = j < ownP.length ? lp : ld;
      pen += l * phi[4 + j]! ** 2;
    }
    if (g !== undefined) {
      for (let i = 0; i < 4; i++) g[i] = gFull[i]!;
      order.forEach((t, j) => (g[4 + j] = gFull[t]! - 2 * n * (j < ownP.length ? lp : ld) * phi[4 + j]!));
      sharedCols.forEach((col, j) => (g[4 + order.length + j] = gFull[4 + d.purchase.indexOf(col)]! + gFull[4 + cd.np + d.dropout.indexOf(col)]!));
    }
    return { ll, penalised: ll - n * pen };
  };
  const names = [...MODEL, ...ownP.map((c) => `purchase.${c}`), ...ownD.map((c) => `dropout.${c}`), ...sharedCols.map((c) => `shared.${c}`)];
  return { k, ownP, ownD, sharedCols: [...sharedCols], order, names, expand, objective };
}

/**
 * Refit on compiled data whose row weights are a bootstrap resample's, from φ `start` (the original
 * estimate) by the covariate kit's {@link refitFromEstimate}; no standard errors. A refit with a
 * coefficient running off (see {@link coefficientBoundary}) is not converged.
 */
export function refitDynamic(d: DynamicCovariateData, cd: Compiled, problem: DynamicProblem, start: readonly number[], covariance: ReadonlyArray<ReadonlyArray<number>> | undefined, maxEvaluations: number): { phi: number[]; converged: boolean } {
  let n = 0;
  for (const w of cd.w) n += w;
  const r = refitFromEstimate(4, start, covariance, n, maxEvaluations, (phi, g) => problem.objective(cd, phi, g).penalised);
  return { phi: r.theta, converged: r.converged && coefficientBoundary(d, problem.expand(r.theta), cd.np) === undefined };
}
