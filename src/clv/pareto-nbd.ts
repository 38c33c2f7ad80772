/**
 * Pareto/NBD — Schmittlein, Morrison & Colombo (1987), "Counting your customers: who are they and
 * what will they do next?", Management Science 33(1). While alive a customer buys as a Poisson
 * process with rate λ ~ Gamma(r, α); the lifetime is exponential with rate μ ~ Gamma(s, β).
 *
 * Likelihood (Fader & Hardie 2005, "A note on deriving the Pareto/NBD model and related
 * expressions", eq. 22): with m = r+s+x,
 *   L = Γ(r+x)α^r β^s / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s + (s/m) · A₀ ]
 *   A₀ = m ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ = H(t_x) − H(T)
 * where, for α ≥ β, H(y) = ₂F₁(m, s+1; m+1; (α−β)/(α+y)) / (α+y)^m and symmetrically for α < β.
 * Euler's transformation ₂F₁(m, b; m+1; z) = (1−z)^(1−b) ₂F₁(1, m+1−b; m+1; z) (A&S 15.3.3) turns
 * every H into (α+y)^−(r+x) (β+y)^−s · G (α ≥ β) or (α+y)^−(r+x−1) (β+y)^−(s+1) · G (α < β) with
 * G a positive series whose term ratio is below z < 1, so nothing overflows for heavy buyers
 * (lifetimes #25, #332) and A₀ is a log-space difference (logSubExp). The gradient is analytic:
 * the series is differentiated term by term.
 */
import { invalidInput } from '../core/index.js';
import { integrate, logGamma, logPochhammer } from '../core/math/index.js';
import { fitMaximumLikelihood } from './fit.js';
import { btydFitInput, btydFittedOn, checkHorizon, compressBtyd, envelopeFit, loadFit, mapCustomers, mapRows, oneCustomer, paramsVector, paretoBoundaries, type SavedFit } from './kit/index.js';
import type { BtydCustomer, BtydData, FitOptions } from './types.js';
import { alive, logLik, lomaxFactor } from './pareto-nbd-likelihood.js';
import { simulateCustomers, type SimulatedBtyd, type SimulateOptions } from './kit/simulate.js';

export type { SimulateOptions };

/** Pareto/NBD parameters: λ ~ Gamma(shape r, rate α); μ ~ Gamma(shape s, rate β). */
export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

/** Parameter names in the order used by the optimiser. */
export const parameterNames: readonly (keyof ParetoNbdParams)[] = ['r', 'alpha', 's', 'beta'];

const NAMES = ['r', 'alpha', 's', 'beta'] as const;

function paramsArray(p: ParetoNbdParams): number[] {
  return paramsVector(p, NAMES);
}

/**
 * Fit by maximum likelihood (BFGS on log-parameters with the analytic gradient, unique rows weighted).
 *
 * @example
 * ```ts
 * import { paretoNbd } from 'crm-analytics/clv';
 * const fit = paretoNbd.fit([
 *   { frequency: 2, recency: 30.43, T: 38.86 },
 *   { frequency: 1, recency: 1.71, T: 38.86 },
 *   { frequency: 0, recency: 0, T: 38.86 },
 *   { frequency: 0, recency: 0, T: 38.86 },
 *   { frequency: 5, recency: 20.1, T: 30 },
 * ]);
 * fit.params; // { r, alpha, s, beta }
 * ```
 */
export function fit(data: BtydData, options: FitOptions<ParetoNbdParams> = {}): SavedFit<ParetoNbdParams, 'pareto-nbd'> {
  const { unit, d, rate, meanT, longestT } = btydFitInput(data, options);
  const result = fitMaximumLikelihood<ParetoNbdParams>(
    {
      names: NAMES,
      logLikelihood: (t) => logLik(d, t),
      logLikelihoodWithGradient: (t, g) => logLik(d, t, g),
      start: [1, 1 / rate, 1, meanT],
      alternativeStarts: [
        [0.5, 0.5 / rate, 0.5, meanT / 2],
        [2, 2 / rate, 2, 2 * meanT],
      ],
      customers: d.total,
      boundaries: paretoBoundaries(longestT),
    },
    options,
  );
  return envelopeFit(result, 'pareto-nbd', btydFittedOn(d), unit);
}

/**
 * Read a saved fit back (e.g. `JSON.parse` of a stored `fit(...)` result), checking its kind
 * ('pareto-nbd'), version and parameters: another model's fit or a newer version is an `INVALID_MODEL` error.
 *
 * @example
 * ```ts
 * const saved = JSON.stringify(paretoNbd.fit([{ frequency: 2, recency: 30.43, T: 38.86 }, { frequency: 0, recency: 0, T: 38.86 }, { frequency: 5, recency: 20.1, T: 30 }], { unit: 'week' }));
 * paretoNbd.load(JSON.parse(saved)).params; // the same parameters, checked
 * ```
 */
export function load(json: unknown): SavedFit<ParetoNbdParams, 'pareto-nbd'> {
  return loadFit<ParetoNbdParams, 'pareto-nbd'>(json, 'pareto-nbd', NAMES);
}

/**
 * Total log-likelihood Σ wᵢ ln Lᵢ.
 *
 * @example
 * ```ts
 * paretoNbd.logLikelihood({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, [{ frequency: 2, recency: 30.43, T: 38.86 }]);
 * ```
 */
export function logLikelihood(params: ParetoNbdParams, data: BtydData, options: { weights?: ArrayLike<number> } = {}): number {
  return logLik(compressBtyd(data, options.weights), paramsArray(params));
}

/**
 * Per-customer log-likelihoods ln Lᵢ, in input order.
 *
 * @example
 * ```ts
 * paretoNbd.individualLogLikelihoods({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, [{ frequency: 0, recency: 0, T: 38.86 }]);
 * ```
 */
export function individualLogLikelihoods(params: ParetoNbdParams, data: BtydData): number[] {
  const theta = paramsArray(params);
  return mapRows(data, (c) => logLik(oneCustomer(c), theta));
}

/**
 * P(alive | x, t_x, T) (Fader & Hardie 2005 note, eq. 18), evaluated in log space.
 *
 * @example
 * ```ts
 * paretoNbd.probabilityAlive({ r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 }, { frequency: 26, recency: 30.86, T: 31 }); // ≈ 0.9979
 * ```
 */
export function probabilityAlive(params: ParetoNbdParams, customer: BtydCustomer): number;
export function probabilityAlive(params: ParetoNbdParams, customers: BtydData): number[];
export function probabilityAlive(params: ParetoNbdParams, customer: BtydCustomer | BtydData): number | number[] {
  const theta = paramsArray(params);
  return mapCustomers(customer, (c) => alive(theta, c));
}

/**
 * E[X(t)] = rβ/(α(s−1)) · [1 − (β/(β+t))^(s−1)] (Schmittlein et al. 1987 eq. 17; s = 1 limit rβ/α·ln(1+t/β)).
 *
 * @example
 * ```ts
 * paretoNbd.expectedPurchases({ r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 }, 1); // ≈ 0.0510
 * ```
 */
export function expectedPurchases(params: ParetoNbdParams, t: number): number {
  const [r, alpha, s, beta] = paramsArray(params) as [number, number, number, number];
  const h = checkHorizon(t);
  return ((r * beta) / alpha) * lomaxFactor(s, beta, h);
}

/**
 * E[Y(t) | x, t_x, T] = (r+x)(β+T)/((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive)
 * (Schmittlein et al. 1987 eq. 22; Fader & Hardie 2005 note eq. 20).
 *
 * @example
 * ```ts
 * const p = { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 };
 * paretoNbd.conditionalExpectedPurchases(p, 52, { frequency: 26, recency: 30.86, T: 31 }); // ≈ 25.45
 * ```
 */
export function conditionalExpectedPurchases(params: ParetoNbdParams, t: number, customer: BtydCustomer): number;
export function conditionalExpectedPurchases(params: ParetoNbdParams, t: number, customers: BtydData): number[];
export function conditionalExpectedPurchases(params: ParetoNbdParams, t: number, customer: BtydCustomer | BtydData): number | number[] {
  const theta = paramsArray(params);
  const [r, alpha, s, beta] = theta as [number, number, number, number];
  const h = checkHorizon(t);
  return mapCustomers(customer, (c) => (((r + c.frequency) * (beta + c.T)) / (alpha + c.T)) * lomaxFactor(s, beta + c.T, h) * alive(theta, c));
}

/**
 * P(X(t) = n) for a new customer. The lifetime τ is Lomax(s, β) (the gamma mixture of
 * exponentials), and given τ the count is NBD(r, α) over min(τ, t), so
 *   P(X(t)=n) = (β/(β+t))^s · NB(n; t) + ∫₀ᵗ NB(n; τ) · sβ^s/(β+τ)^(s+1) dτ
 * (Fader, Hardie & Lee 2006 note "Deriving P(X(t)=x) under the Pareto/NBD" derive the same
 * quantity in closed form as a difference of ₂F₁ terms; the integral form avoids that
 * cancellation). The integral is computed by composite 20-point Gauss–Legendre on 64 panels
 * in u = ln(1 + τ/β).
 *
 * @example
 * ```ts
 * paretoNbd.probabilityOfPurchases({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, 39, 0);
 * ```
 */
export function probabilityOfPurchases(params: ParetoNbdParams, t: number, n: number): number {
  const [r, alpha, s, beta] = paramsArray(params) as [number, number, number, number];
  const h = checkHorizon(t);
  if (!Number.isInteger(n) || n < 0) {
    invalidInput(['n'], 'n must be a non-negative integer', 'an integer ≥ 0', n);
  }
  const lc = logPochhammer(r, n) - logGamma(n + 1);
  const logNb = (tau: number): number => {
    if (tau === 0) return n === 0 ? 0 : Number.NEGATIVE_INFINITY;
    return lc + r * (Math.log(alpha) - Math.log(alpha + tau)) + (n === 0 ? 0 : n * (Math.log(tau) - Math.log(alpha + tau)));
  };
  if (h === 0) return n === 0 ? 1 : 0;
  const survive = Math.exp(s * (Math.log(beta) - Math.log(beta + h)) + logNb(h));
  // ∫₀ᵗ NB(n; τ) s β^s (β+τ)^−(s+1) dτ with τ = β(eᵘ − 1), dτ = β eᵘ du = (β+τ) du:
  //   = ∫₀^U NB(n; τ(u)) s e^(−s u) du, U = ln(1 + t/β).
  const U = Math.log1p(h / beta);
  const integral = integrate((u) => Math.exp(logNb(beta * Math.expm1(u)) + Math.log(s) - s * u), 0, U, { panels: 64 });
  return survive + integral;
}

/**
 * Draw a synthetic data set from the Pareto/NBD with a seed: λ ~ Gamma(r, α), μ ~ Gamma(s, β),
 * lifetime τ ~ Exp(μ), repeat purchases a Poisson(λ) process on (0, min(τ, T)].
 *
 * @example
 * ```ts
 * const sim = paretoNbd.simulate({ r: 0.55, alpha: 10.6, s: 0.61, beta: 11.7 }, { T: 39, customers: 1000, seed: 3 });
 * ```
 */
export function simulate(params: ParetoNbdParams, options: SimulateOptions): SimulatedBtyd {
  const [r, alpha, s, beta] = paramsArray(params) as [number, number, number, number];
  return simulateCustomers(options, (Ti, rng, countEvent, out) => {
    const lambda = rng.gamma(r, 1 / alpha);
    const mu = rng.gamma(s, 1 / beta);
    const end = Math.min(rng.exponential(mu), Ti);
    let t = rng.exponential(lambda);
    while (t <= end) {
      out.x++;
      countEvent(out.x);
      out.tx = t;
      t += rng.exponential(lambda);
    }
  });
}

/**
 * DERT — discounted expected residual transactions with continuous discount rate δ per time unit
 * (Fader, Hardie & Lee 2005b, "RFM and CLV: using iso-value curves", JMR 42(4), eq. 2:
 * α^r β^s δ^(s−1) Γ(r+x+1) U(s, s; δ(β+T)) / (Γ(r)(α+T)^(r+x+1) L)). Evaluated as
 * P(alive) · E[λ | alive] · E[1/(δ+μ) | alive] with the posteriors λ ~ Gamma(r+x, α+T) and
 * μ ~ Gamma(s, β+T) of a customer alive at T:
 *   DERT = P(alive) · (r+x)/(α+T) · (β+T) ∫₀^∞ e^(−δ(β+T)v) (1+v)^(−s) dv,
 * the integral (which equals U(1, 2−s; δ(β+T))) by Gauss–Legendre in y = ln(1+v).
 * Multiply by the expected margin per transaction (Gamma-Gamma) for a CLV. δ = ln(1 + annual
 * rate) / (time units per year), e.g. ln(1.15)/52 for weeks.
 *
 * @example
 * ```ts
 * const p = { r: 0.5629966, alpha: 12.559037, s: 0.4081095, beta: 10.5148048 };
 * paretoNbd.discountedExpectedResidualTransactions(p, 0.0027, { frequency: 7, recency: 35, T: 77.86 }); // ≈ 1.86418 (BTYD example)
 * ```
 */
export function discountedExpectedResidualTransactions(params: ParetoNbdParams, delta: number, customer: BtydCustomer): number;
export function discountedExpectedResidualTransactions(params: ParetoNbdParams, delta: number, customers: BtydData): number[];
export function discountedExpectedResidualTransactions(params: ParetoNbdParams, delta: number, customer: BtydCustomer | BtydData): number | number[] {
  const theta = paramsArray(params);
  const [r, alpha, s, beta] = theta as [number, number, number, number];
  if (typeof delta !== 'number' || !Number.isFinite(delta) || delta <= 0) {
    invalidInput(['delta'], 'delta (continuous discount rate per time unit) must be a positive number', 'a finite number > 0', delta);
  }
  const cache = new Map<number, number>(); // T → integral
  const integral = (T: number): number => {
    const hit = cache.get(T);
    if (hit !== undefined) return hit;
    const z = delta * (beta + T);
    // ∫₀^∞ e^(−z v)(1+v)^(−s) dv, v = eʸ − 1: ∫₀^Y exp((1−s)y − z(eʸ − 1)) dy, Y where z(eʸ−1) ≥ 750.
    const Y = Math.log1p(750 / z);
    const sum = integrate((y) => Math.exp((1 - s) * y - z * Math.expm1(y)), 0, Y, { panels: 96 });
    cache.set(T, sum);
    return sum;
  };
  return mapCustomers(customer, (c) => alive(theta, c) * ((r + c.frequency) / (alpha + c.T)) * (beta + c.T) * integral(c.T));
}
