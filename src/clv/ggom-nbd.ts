/**
 * GGom/NBD — the gamma-Gompertz/NBD model (Bemmaor & Glady 2012, "Modeling purchasing behavior
 * with sudden 'death': a flexible customer lifetime model", Management Science 58(5) 1012–1021).
 * While alive a customer buys as a Poisson process with rate λ ~ Gamma(r, α). The lifetime is
 * Gompertz with shape b and scale η, S(t | η) = exp(−η(e^(bt) − 1)), and η ~ Gamma(s, β), so the
 * population survival is S(t) = (β/(β + e^(bt) − 1))^s. As b → 0 with β/b fixed the lifetime is
 * exponential with a Gamma(s, β/b) rate: the Pareto/NBD.
 *
 * Likelihood (as CLVTools 0.12.1 `src/ggomnbd.cpp::ggomnbd_LL_ind`), with k = r + x:
 *   L = Γ(k)/Γ(r) α^r [ (α+T)^(−k) (β/(β+e^(bT)−1))^s + b s β^s ∫_{t_x}^{T} (α+y)^(−k) (β+e^(by)−1)^(−(s+1)) e^(by) dy ].
 * The integral (CLVTools: GSL QAGS) is a Gauss–Legendre sum in log space on panels equally spaced
 * in ln(α+y), so that (α+y)^(−k) drops by at most e⁵ per panel even for heavy buyers;
 * e^(by) − 1 is `expm1`, so b → 0 loses nothing.
 *
 * Predictions, from the posterior given the data: alive at T with P(alive) = first term / L, and
 * then η ~ Gamma(s, β + e^(bT) − 1), λ ~ Gamma(k, α+T), so
 *   E[Y(t) | x, t_x, T] = P(alive) · k/(α+T) · ∫_T^{T+t} ((β+e^(bT)−1)/(β+e^(bτ)−1))^s dτ,
 * which equals CLVTools' `ggomnbd_CET` (with Adler's 2022 erratum) — its ₂F₁(1, s; s+1; ·)
 * difference is this integral in closed form, which cancels as b → 0 — and
 *   E[X(t)] = r/α · ∫₀^t S(τ) dτ (Bemmaor & Glady's expectation after integration by parts).
 */
import { createRandom, CrmError, readInteger, readNumber, readOptions } from '../core/index.js';
import { gaussLegendreNodes } from '../core/math/integrate.js';
import { digammaDifference, logAddExp, logPochhammer } from '../core/math/index.js';
import { fitMaximumLikelihood } from './fit.js';
import { btydFitInput, btydFittedOn, ggomBoundaries, compressBtyd, envelopeFit, loadFit, mapCustomers, readParams, type CompressedBtyd, type SavedFit } from './kit/index.js';
import type { BtydCustomer, BtydData, FitOptions } from './types.js';

/** GGom/NBD parameters: λ ~ Gamma(r, α); Gompertz shape b; η ~ Gamma(s, β). */
export interface GgomNbdParams {
  r: number;
  alpha: number;
  b: number;
  s: number;
  beta: number;
}

/** Parameter names in the optimiser's order (CLVTools' order). */
export const parameterNames: readonly (keyof GgomNbdParams)[] = ['r', 'alpha', 'b', 's', 'beta'];

/** A GGom/NBD fit: the fit result with its envelope fields (`kind: 'ggom-nbd'`). */
export type GgomNbdFit = SavedFit<GgomNbdParams, 'ggom-nbd'>;

/**
 * Gauss–Legendre rules on [−1, 1] with 4, 6 and 8 points (Abramowitz & Stegun, Table 25.4): the
 * positive nodes (the rules are symmetric) and the logs of their weights. A panel across which
 * the log-integrand changes by at most 0.5 e-folds gets 4 points, by 2.5 gets 6, else 8.
 */
const GL_RULES = [
  { x: [0.339981043584856, 0.861136311594053], w: [0.652145154862546, 0.347854845137454] },
  { x: [0.238619186083197, 0.661209386466265, 0.932469514203152], w: [0.467913934572691, 0.360761573048139, 0.17132449237917] },
  { x: [0.18343464249565, 0.525532409916329, 0.796666477413627, 0.960289856497536], w: [0.362683783378362, 0.313706645877887, 0.222381034453374, 0.101228536290376] },
].map((rule) => ({ x: rule.x, logW: rule.w.map(Math.log) }));
/** Largest change of the log-integrand across one panel (e-folds). */
const PANEL_SPAN = 5;
/** Panels per row at most (the last one takes what is left). */
const MAX_PANELS = 512;

/**
 * Bound on |d/du| of the log-integrand at u = ln(α+y), given e^u = α+y and E = e^(by) − 1:
 * |1−k| from (α+y)^(1−k) and (α+y)·b·(1 + (s+1)(E+1)/(β+E)) from the Gompertz factor (whose
 * slope in y lies between b and −(s+1)b·max(1, 1/β)).
 */
function slope(ey: number, E: number, k: number, b: number, s: number, beta: number): number {
  return Math.abs(1 - k) + ey * b * (1 + ((s + 1) * (E + 1)) / (beta + E));
}

/** ∂ ln I/∂(r, α, b, s, β) of the last {@link logIntegral} call that asked for it. */
const integralGradient = new Float64Array(5);

/**
 * ln I, I = ∫_{t_x}^{T} (α+y)^(−k) (β + e^(by) − 1)^(−(s+1)) e^(by) dy (−∞ when t_x = T), by the
 * 8-point Gauss–Legendre rule in u = ln(α+y) (where (α+y)^(−k) dy = e^((1−k)u) du is smooth for
 * every k) on panels across which the log-integrand changes by at most {@link PANEL_SPAN}
 * e-folds, so heavy buyers (large k), steep Gompertz tails (large b) and β ≪ 1 (a log-singularity
 * just left of y = 0) each get the panels they need; the sum is taken in log space. Relative
 * error ≤ 1e-12 on CDNOW over the optimiser's path, ≤ 2e-11 at b = 2, β = 0.01 (checked against
 * 20-point panels of a tenth of the span in test/clv/ggom-nbd.test.ts).
 *
 * With `gradient`, also writes ∂ ln I/∂θ into {@link integralGradient}: the derivatives of the
 * exact integral under the integral sign (the limits do not depend on θ), by the same nodes:
 * ∂/∂r: −ln(α+y); ∂/∂α: −k/(α+y); ∂/∂b: y(1 − (s+1)e^(by)/(β+e^(by)−1)); ∂/∂s: −ln(β+e^(by)−1);
 * ∂/∂β: −(s+1)/(β+e^(by)−1), each averaged with the integrand as weight.
 */
function logIntegral(k: number, alpha: number, b: number, s: number, beta: number, tx: number, T: number, gradient: boolean, lnAT = Math.log(alpha + T), ET = Math.expm1(b * T)): number {
  if (!(T > tx)) return Number.NEGATIVE_INFINITY;
  const u0 = Math.log(alpha + tx);
  const u1 = lnAT;
  let top = Number.NaN;
  let s0 = 0;
  let su = 0;
  let sa = 0;
  let sb = 0;
  let ss = 0;
  let sbeta = 0;
  let lo = u0;
  let eLo = alpha + tx;
  let ed0 = 1;
  const slopeT = slope(alpha + T, ET, k, b, s, beta);
  for (let panel = 0; lo < u1; panel++) {
    let hi = u1;
    let rMax = Number.POSITIVE_INFINITY; // the last-resort panel takes the 8-point rule
    if (panel < MAX_PANELS - 1) {
      const r0 = slope(eLo, Math.expm1(b * (eLo - alpha)), k, b, s, beta);
      const guess = lo + PANEL_SPAN / r0;
      const eGuess = guess >= u1 ? 0 : Math.exp(guess);
      const rEnd = guess >= u1 ? slopeT : slope(eGuess, Math.expm1(b * (eGuess - alpha)), k, b, s, beta);
      rMax = Math.max(r0, rEnd);
      hi = Math.min(u1, lo + PANEL_SPAN / rMax);
      if (!(hi > lo)) hi = u1; // a slope so steep the width underflows: one last panel
    }
    const span = (hi - lo) * rMax;
    const rule = GL_RULES[span <= 0.5 ? 0 : span <= 2.5 ? 1 : 2]!;
    const half = (hi - lo) / 2;
    const mid = lo + half;
    const logHalf = Math.log(half);
    const eMid = Math.exp(mid);
    const pairs = rule.x.length;
    for (let j = 0; j < 2 * pairs; j++) {
      // nodes mid ± x·half; e^u from e^mid and one exp per pair
      const d = rule.x[j >> 1]! * half;
      const ed = (j & 1) === 0 ? Math.exp(d) : 1 / ed0;
      const u = (j & 1) === 0 ? mid + d : mid - d;
      ed0 = ed;
      const ey = eMid * ed;
      const y = ey - alpha;
      const by = b * y;
      const E = Math.expm1(by);
      const lbE = Math.log(beta + E);
      const l = rule.logW[j >> 1]! + logHalf + (1 - k) * u - (s + 1) * lbE + by;
      // Log-space sum against the first node's value, rescaled only if a later node is e^600 larger.
      if (!(l - top <= 600)) {
        if (top === top) {
          const f = Math.exp(top - l);
          s0 *= f;
          su *= f;
          sa *= f;
          sb *= f;
          ss *= f;
          sbeta *= f;
        }
        top = l;
      }
      const e = Math.exp(l - top);
      s0 += e;
      if (gradient) {
        const inv = 1 / (beta + E);
        su += e * u;
        sa += e / ey;
        sb += e * y * (1 - (s + 1) * (E + 1) * inv);
        ss += e * lbE;
        sbeta += e * inv;
      }
    }
    lo = hi;
    if (lo < u1) eLo = Math.exp(lo);
  }
  if (gradient) {
    integralGradient[0] = -su / s0;
    integralGradient[1] = (-k * sa) / s0;
    integralGradient[2] = sb / s0;
    integralGradient[3] = -ss / s0;
    integralGradient[4] = (-(s + 1) * sbeta) / s0;
  }
  return top + Math.log(s0);
}

/** ln of the "alive at T" term and of the whole likelihood of one row. */
function rowParts(theta: readonly number[], x: number, tx: number, T: number): { alive: number; total: number } {
  const [r, alpha, b, s, beta] = theta as [number, number, number, number, number];
  const k = r + x;
  const front = logPochhammer(r, x) + r * Math.log(alpha);
  const l1 = front - k * Math.log(alpha + T) + s * (Math.log(beta) - Math.log(beta + Math.expm1(b * T)));
  const li = logIntegral(k, alpha, b, s, beta, tx, T, false);
  if (li === Number.NEGATIVE_INFINITY) return { alive: l1, total: l1 };
  const l2 = front + Math.log(b) + Math.log(s) + s * Math.log(beta) + li;
  return { alive: l1, total: logAddExp(l1, l2) };
}

/**
 * Compressed rows with the indexes of their distinct T and x, so that the per-T factors
 * (ln(α+T), e^(bT) − 1) and the per-x ones (ln Γ(k)/Γ(r), ψ(k) − ψ(r)) are computed once per
 * evaluation.
 */
interface GgomRows {
  d: CompressedBtyd;
  Ts: Float64Array;
  tIndex: Int32Array;
  xs: Float64Array;
  xIndex: Int32Array;
}

function prepareRows(d: CompressedBtyd): GgomRows {
  const index = (values: Float64Array): { unique: Float64Array; at: Int32Array } => {
    const seen = new Map<number, number>();
    const at = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      let j = seen.get(values[i]!);
      if (j === undefined) {
        j = seen.size;
        seen.set(values[i]!, j);
      }
      at[i] = j;
    }
    return { unique: Float64Array.from(seen.keys()), at };
  };
  const t = index(d.T);
  const x = index(d.x);
  return { d, Ts: t.unique, tIndex: t.at, xs: x.unique, xIndex: x.at };
}

/**
 * Σ wᵢ ln Lᵢ and, with `g`, its gradient in (r, α, b, s, β): with ln Lᵢ = logaddexp(l₁, l₂),
 * l₁ = F − k ln(α+T) + s(ln β − ln(β+e^(bT)−1)), l₂ = F + ln b + ln s + s ln β + ln I,
 * F = ln Γ(k) − ln Γ(r) + r ln α, ∂ ln Lᵢ = p ∂l₁ + (1−p) ∂l₂ with p = e^(l₁ − ln Lᵢ).
 */
function logLik(rows: GgomRows, theta: readonly number[], g?: number[]): number {
  const [r, alpha, b, s, beta] = theta as [number, number, number, number, number];
  const { d, Ts, tIndex, xs, xIndex } = rows;
  const lnAlpha = Math.log(alpha);
  const lnBeta = Math.log(beta);
  const l2Const = Math.log(b) + Math.log(s) + s * lnBeta;
  const gradient = g !== undefined;
  const lnATs = new Float64Array(Ts.length);
  const ETs = new Float64Array(Ts.length);
  const lnBTs = new Float64Array(Ts.length);
  for (let j = 0; j < Ts.length; j++) {
    lnATs[j] = Math.log(alpha + Ts[j]!);
    ETs[j] = Math.expm1(b * Ts[j]!);
    lnBTs[j] = Math.log(beta + ETs[j]!);
  }
  const fronts = new Float64Array(xs.length);
  const dFronts = new Float64Array(xs.length);
  for (let j = 0; j < xs.length; j++) {
    fronts[j] = logPochhammer(r, xs[j]!) + r * lnAlpha;
    if (gradient) dFronts[j] = digammaDifference(r, xs[j]!) + lnAlpha;
  }
  let total = 0;
  let gr = 0;
  let ga = 0;
  let gb = 0;
  let gs = 0;
  let gbeta = 0;
  for (let i = 0; i < d.x.length; i++) {
    const x = d.x[i]!;
    const tx = d.tx[i]!;
    const T = d.T[i]!;
    const w = d.w[i]!;
    const ti = tIndex[i]!;
    const k = r + x;
    const front = fronts[xIndex[i]!]!;
    const lnAT = lnATs[ti]!;
    const ET = ETs[ti]!;
    const lnBT = lnBTs[ti]!;
    const l1 = front - k * lnAT + s * (lnBeta - lnBT);
    const li = logIntegral(k, alpha, b, s, beta, tx, T, gradient, lnAT, ET);
    const l2 = li === Number.NEGATIVE_INFINITY ? li : front + l2Const + li;
    const ll = li === Number.NEGATIVE_INFINITY ? l1 : logAddExp(l1, l2);
    total += w * ll;
    if (gradient) {
      const p1 = Math.exp(l1 - ll);
      const p2 = li === Number.NEGATIVE_INFINITY ? 0 : Math.exp(l2 - ll);
      const dFr = dFronts[xIndex[i]!]!;
      const dFa = r / alpha;
      gr += w * (dFr - p1 * lnAT + (p2 > 0 ? p2 * integralGradient[0]! : 0));
      ga += w * (dFa - (p1 * k) / (alpha + T) + (p2 > 0 ? p2 * integralGradient[1]! : 0));
      gb += w * ((-p1 * s * T * (ET + 1)) / (beta + ET) + (p2 > 0 ? p2 * (1 / b + integralGradient[2]!) : 0));
      gs += w * (p1 * (lnBeta - lnBT) + (p2 > 0 ? p2 * (1 / s + lnBeta + integralGradient[3]!) : 0));
      gbeta += w * (p1 * (s / beta - s / (beta + ET)) + (p2 > 0 ? p2 * (s / beta + integralGradient[4]!) : 0));
    }
  }
  if (g !== undefined) {
    g[0] = gr;
    g[1] = ga;
    g[2] = gb;
    g[3] = gs;
    g[4] = gbeta;
  }
  return total;
}

function vector(params: unknown): number[] {
  const p = readParams(params, parameterNames);
  return parameterNames.map((n) => p[n]);
}

/**
 * Fit by maximum likelihood (BFGS on log-parameters, analytic gradient; unique rows weighted).
 *
 * @example
 * ```ts
 * import { ggomNbd } from 'crm-analytics/clv';
 * const sim = ggomNbd.simulate({ r: 0.6, alpha: 10, b: 0.05, s: 0.8, beta: 2 }, { T: 52, customers: 300, seed: 3 });
 * const fit = ggomNbd.fit(sim);
 * fit.params; // { r, alpha, b, s, beta }: b and s are weakly identified by 300 customers (see fit.standardErrors)
 * ```
 */
export function fit(data: BtydData, options: FitOptions<GgomNbdParams> = {}): GgomNbdFit {
  const { unit, d, rate, meanT, longestT } = btydFitInput(data, options);
  const rows = prepareRows(d);
  const result = fitMaximumLikelihood<GgomNbdParams>(
    {
      names: parameterNames,
      logLikelihood: (t) => logLik(rows, t),
      logLikelihoodWithGradient: (t, g) => logLik(rows, t, g),
      start: [1, 1 / rate, 1 / meanT, 1, 1],
      alternativeStarts: [
        [0.5, 2, 0.5, 0.5, 0.5], // CLVTools' default start
        [0.5, 0.5 / rate, 0.1 / meanT, 0.5, 0.1],
      ],
      customers: d.total,
      boundaries: ggomBoundaries(longestT),
    },
    options,
  );
  return envelopeFit(result, 'ggom-nbd', btydFittedOn(d), unit);
}

/**
 * Read a saved fit back (e.g. `JSON.parse` of a stored `fit(...)` result), checking its kind
 * ('ggom-nbd'), version and parameters: another model's fit or a newer version is `INVALID_MODEL`.
 *
 * @example
 * ```ts
 * ggomNbd.load({ kind: 'pareto-nbd', version: 1 }); // throws INVALID_MODEL
 * ```
 */
export function load(json: unknown): GgomNbdFit {
  return loadFit<GgomNbdParams, 'ggom-nbd'>(json, 'ggom-nbd', parameterNames);
}

/**
 * Total log-likelihood Σ wᵢ ln Lᵢ (Bemmaor & Glady 2012; CLVTools `ggomnbd_nocov_LL_sum` without the sign).
 *
 * @example
 * ```ts
 * ggomNbd.logLikelihood({ r: 0.55, alpha: 10.58, b: 0.0002, s: 0.6, beta: 0.0026 }, [{ frequency: 2, recency: 30.43, T: 38.86 }]); // ≈ -9.5055
 * ```
 */
export function logLikelihood(params: GgomNbdParams, data: BtydData, options: { weights?: ArrayLike<number> } = {}): number {
  const theta = vector(params);
  const o = readOptions(options, ['weights']);
  return logLik(prepareRows(compressBtyd(data, o.weights as ArrayLike<number> | undefined)), theta);
}

/**
 * P(alive | x, t_x, T).
 *
 * @example
 * ```ts
 * ggomNbd.probabilityAlive({ r: 0.55, alpha: 10.58, b: 0.0002, s: 0.6, beta: 0.0026 }, { frequency: 2, recency: 30.43, T: 38.86 }); // ≈ 0.8733
 * ```
 */
export function probabilityAlive(params: GgomNbdParams, customer: BtydCustomer): number;
export function probabilityAlive(params: GgomNbdParams, customers: BtydData): number[];
export function probabilityAlive(params: GgomNbdParams, customer: BtydCustomer | BtydData): number | number[] {
  const theta = vector(params);
  return mapCustomers(customer, (c) => {
    const p = rowParts(theta, c.frequency, c.recency, c.T);
    return Math.exp(p.alive - p.total);
  });
}

/**
 * ∫₀^t e^(−δu) ((β+e^(bT)−1)/(β+e^(b(T+u))−1))^s du (t may be ∞ when δ > 0): the expected
 * discounted alive time after T given alive at T. 20-point Gauss–Legendre on panels doubling in
 * length from 1/64 (the integrand is smooth and decreasing but may fall like a power of u when
 * b is small — the Pareto/NBD limit — or super-exponentially when b is large), cut where the
 * integrand is below e^(−60) of its start.
 */
function survivalIntegral(b: number, s: number, beta: number, T: number, t: number, delta: number): number {
  const base = Math.log(beta + Math.expm1(b * T));
  let upper = t;
  if (delta > 0) upper = Math.min(upper, 60 / delta);
  const gompertzCut = Math.log1p(Math.exp(base + 60 / s) - beta) / b - T;
  if (Number.isFinite(gompertzCut) && gompertzCut > 0) upper = Math.min(upper, gompertzCut);
  if (!Number.isFinite(upper)) {
    throw new CrmError('NUMERIC_DOMAIN', 'the undiscounted residual lifetime is unbounded here; give a finite horizon or a discount rate', { path: ['t'], expected: 'a finite t or δ > 0', received: t });
  }
  let sum = 0;
  let lo = 0;
  let width = Math.min(upper, 1 / 64);
  while (lo < upper) {
    const hi = Math.min(upper, lo + width);
    gaussLegendreNodes(lo, hi, { points: 20 }, (u, w) => {
      sum += w * Math.exp(-delta * u + s * (base - Math.log(beta + Math.expm1(b * (T + u)))));
    });
    lo = hi;
    width *= 2;
  }
  return sum;
}

/**
 * E[Y(t) | x, t_x, T]: expected purchases in (T, T+t].
 *
 * @example
 * ```ts
 * ggomNbd.conditionalExpectedPurchases({ r: 0.55, alpha: 10.58, b: 0.0002, s: 0.6, beta: 0.0026 }, 39, { frequency: 2, recency: 30.43, T: 38.86 }); // ≈ 1.4669
 * ```
 */
export function conditionalExpectedPurchases(params: GgomNbdParams, t: number, customer: BtydCustomer): number;
export function conditionalExpectedPurchases(params: GgomNbdParams, t: number, customers: BtydData): number[];
export function conditionalExpectedPurchases(params: GgomNbdParams, t: number, customer: BtydCustomer | BtydData): number | number[] {
  const theta = vector(params);
  const [r, alpha, b, s, beta] = theta as [number, number, number, number, number];
  checkT(t);
  return mapCustomers(customer, (c) => {
    if (t === 0) return 0;
    const p = rowParts(theta, c.frequency, c.recency, c.T);
    return Math.exp(p.alive - p.total) * ((r + c.frequency) / (alpha + c.T)) * survivalIntegral(b, s, beta, c.T, t, 0);
  });
}

/**
 * E[X(t)] for a new customer: r/α · ∫₀^t (β/(β + e^(bτ) − 1))^s dτ.
 *
 * @example
 * ```ts
 * ggomNbd.expectedPurchases({ r: 0.55, alpha: 10.58, b: 0.0002, s: 0.6, beta: 0.0026 }, 39); // ≈ 1.2513
 * ```
 */
export function expectedPurchases(params: GgomNbdParams, t: number): number {
  const [r, alpha, b, s, beta] = vector(params) as [number, number, number, number, number];
  checkT(t);
  if (t === 0) return 0;
  return (r / alpha) * survivalIntegral(b, s, beta, 0, t, 0);
}

function checkT(t: unknown): void {
  if (!(typeof t === 'number' && Number.isFinite(t) && t >= 0)) {
    throw new CrmError('INVALID_INPUT', 't must be a non-negative number', { path: ['t'], expected: 'a finite number ≥ 0', received: t });
  }
}

/** Options of {@link simulate}. */
export interface GgomNbdSimulateOptions {
  /** Observation length per customer (an array) or for all (a number, with `customers`). */
  T: number | readonly number[];
  customers?: number;
  seed: number;
}

/**
 * Seeded synthetic (frequency, recency, T) columns drawn from the model: λ ~ Gamma(r, α),
 * η ~ Gamma(s, β), lifetime τ = ln(1 + E/η)/b with E ~ Exp(1) (inverting S(t | η)), Poisson
 * purchases until min(τ, T).
 *
 * @example
 * ```ts
 * const sim = ggomNbd.simulate({ r: 0.6, alpha: 10, b: 0.05, s: 0.8, beta: 2 }, { T: 52, customers: 3, seed: 1 });
 * sim.frequency.length; // 3
 * ```
 */
export function simulate(params: GgomNbdParams, options: GgomNbdSimulateOptions): { frequency: number[]; recency: number[]; T: number[] } {
  const [r, alpha, b, s, beta] = vector(params) as [number, number, number, number, number];
  const o = readOptions(options, ['T', 'customers', 'seed']);
  const seed = readNumber(o.seed, ['options', 'seed']);
  const Ts: number[] = Array.isArray(o.T)
    ? (o.T as number[]).map((v, i) => readNumber(v, ['options', 'T', i], { min: 0 }))
    : new Array<number>(readInteger(o.customers, ['options', 'customers'], { min: 1, max: 1_000_000 })).fill(readNumber(o.T, ['options', 'T'], { min: 0 }));
  const rng = createRandom(seed);
  const frequency: number[] = [];
  const recency: number[] = [];
  for (const Ti of Ts) {
    const lambda = rng.gamma(r, 1 / alpha);
    const eta = rng.gamma(s, 1 / beta);
    const tau = Math.log1p(rng.exponential(1) / eta) / b;
    const end = Math.min(tau, Ti);
    let x = -1;
    let last = 0;
    let t = 0;
    while (t <= end && x < 1_000_000) {
      x++;
      last = t;
      t += rng.exponential(lambda);
    }
    frequency.push(x);
    recency.push(x === 0 ? 0 : last);
  }
  return { frequency, recency, T: Ts.slice() };
}

/**
 * @internal DERT at continuous rate δ: P(alive) · k/(α+T) · ∫₀^∞ e^(−δt) ((β+e^(bT)−1)/(β+e^(b(T+t))−1))^s dt
 * (the CET integrand, discounted; FHL 2005b's definition), by the same doubling-panel quadrature.
 */
export function dertOne(params: GgomNbdParams, delta: number, c: BtydCustomer): number {
  const theta = vector(params);
  const [r, alpha, b, s, beta] = theta as [number, number, number, number, number];
  const p = rowParts(theta, c.frequency, c.recency, c.T);
  const integral = survivalIntegral(b, s, beta, c.T, Number.POSITIVE_INFINITY, delta);
  return Math.exp(p.alive - p.total) * ((r + c.frequency) / (alpha + c.T)) * integral;
}
/**
 * @internal The total log-likelihood and its analytic gradient in (r, α, b, s, β) (the fit's
 * gradient; tests check it against central differences).
 */
export function logLikelihoodGradient(params: GgomNbdParams, data: BtydData): { logLikelihood: number; gradient: number[] } {
  const gradient = [0, 0, 0, 0, 0];
  const logLikelihood = logLik(prepareRows(compressBtyd(data, undefined)), vector(params), gradient);
  return { logLikelihood, gradient };
}
