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
 * The integral (CLVTools: GSL QAGS) is a Gauss–Legendre sum in log space in u = ln(α+y), on
 * panels across which the log-integrand changes by at most e⁵ (heavy buyers, steep Gompertz tails
 * and β ≪ 1 included); e^(by) − 1 is `expm1`, so b → 0 loses nothing. The fit uses the analytic
 * gradient (derivatives under the integral sign). Both are in ./ggom-nbd-likelihood.ts.
 *
 * Predictions, from the posterior given the data: alive at T with P(alive) = first term / L, and
 * then η ~ Gamma(s, β + e^(bT) − 1), λ ~ Gamma(k, α+T), so
 *   E[Y(t) | x, t_x, T] = P(alive) · k/(α+T) · ∫_T^{T+t} ((β+e^(bT)−1)/(β+e^(bτ)−1))^s dτ,
 * which equals CLVTools' `ggomnbd_CET` (with Adler's 2022 erratum) — its ₂F₁(1, s; s+1; ·)
 * difference is this integral in closed form, which cancels as b → 0 — and
 *   E[X(t)] = r/α · ∫₀^t S(τ) dτ (Bemmaor & Glady's expectation after integration by parts).
 */
import { createRandom, CrmError, readInteger, readNumber, readOptions, invalidInput } from '../core/index.js';
import { gaussLegendreNodes } from '../core/math/integrate.js';
import { fitMaximumLikelihood } from './fit.js';
import { btydFitInput, btydFittedOn, ggomBoundaries, compressBtyd, envelopeFit, loadFit, mapCustomers, readParams, type SavedFit } from './kit/index.js';
import type { BtydCustomer, BtydData, FitOptions } from './types.js';
import { logLik, prepareRows, rowParts } from './ggom-nbd-likelihood.js';

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
  // The survival integral depends on the customer through T only: once per distinct T.
  const byT = new Map<number, number>();
  return mapCustomers(customer, (c) => {
    if (t === 0) return 0;
    const p = rowParts(theta, c.frequency, c.recency, c.T);
    let integral = byT.get(c.T);
    if (integral === undefined) {
      integral = survivalIntegral(b, s, beta, c.T, t, 0);
      byT.set(c.T, integral);
    }
    return Math.exp(p.alive - p.total) * ((r + c.frequency) / (alpha + c.T)) * integral;
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
    invalidInput(['t'], 't must be a non-negative number', 'a finite number ≥ 0', t);
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
export function dertOne(params: GgomNbdParams, delta: number, c: BtydCustomer, byT?: Map<number, number>): number {
  const theta = vector(params);
  const [r, alpha, b, s, beta] = theta as [number, number, number, number, number];
  const p = rowParts(theta, c.frequency, c.recency, c.T);
  // The integral depends on the customer through T only: callers with many customers pass a map.
  let integral = byT?.get(c.T);
  if (integral === undefined) {
    integral = survivalIntegral(b, s, beta, c.T, Number.POSITIVE_INFINITY, delta);
    byT?.set(c.T, integral);
  }
  return Math.exp(p.alive - p.total) * ((r + c.frequency) / (alpha + c.T)) * integral;
}
