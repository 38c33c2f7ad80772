/**
 * sBG: shifted-beta-geometric model of contract renewals (Fader & Hardie 2007, "How to Project
 * Customer Retention", J. Interactive Marketing 21(1) 76–90) and its discounted lifetime values
 * DEL and DERL (Fader & Hardie 2010, "Customer-Base Valuation in a Contractual Setting: The
 * Perils of Ignoring Heterogeneity", Marketing Science 29(1) 85–93).
 *
 * Each customer churns at the end of a period with probability θ ~ Beta(α, β):
 *   P(T = t) = B(α+1, β+t−1)/B(α,β),  S(t) = B(α, β+t)/B(α,β),  r_t = (β+t−1)/(α+β+t−1),
 *   DEL(d)  = Σ_{t≥0} S(t)/(1+d)^t = ₂F₁(1, β; α+β; 1/(1+d)),
 *   DERL(d | n−1 renewals) = Σ_{t≥n} [S(t)/S(n−1)]/(1+d)^{t−n} = r_n · ₂F₁(1, β+n; α+β+n; 1/(1+d)).
 */
import { CrmError, readOptions, invalidOption, invalidInput } from '../core/index.js';
import { logBeta, logPochhammer } from '../core/math/index.js';
import { FIT_OPTION_KEYS, fitMaximumLikelihood } from './fit.js';
import { checkTime, envelopeFit, loadFit, readFitUnit, readParams, SBG_BOUNDARIES, type SavedFit } from './kit/index.js';
import type { FitOptions } from './types.js';
import { mapRenewalCustomers, readRetentionData as readData, type RetentionCounts as Counts } from './retention-data.js';

/** sBG parameters: churn probability θ ~ Beta(α, β). */
export interface SbgParams {
  alpha: number;
  beta: number;
}

/** One customer for the individual-level sBG: observed for `periods` periods, churned or not. */
export interface SbgCustomer {
  /**
   * If `churned`, the period t ≥ 1 in which the customer left (P(T = t)); otherwise the number of
   * periods t ≥ 0 the customer is known to have survived (right-censored, S(t)).
   */
  periods: number;
  churned: boolean;
}

/**
 * sBG data: a cohort's active counts `[n₀, n₁, …, n_T]` at periods 0…T (n₀ = cohort size,
 * non-increasing; counts or percentages), or one {@link SbgCustomer} per customer.
 */
export type SbgData = readonly number[] | readonly SbgCustomer[];

const NAMES = ['alpha', 'beta'] as const;

/** Σ churned_t ln P(T=t) + Σ censored_t ln S(t), by the recurrences P(T=t+1) = P(T=t)(β+t−1)/(α+β+t) and S(t+1) = S(t)(β+t)/(α+β+t). */
function countsLogLikelihood(a: number, b: number, c: Counts): number {
  if (!(a > 0 && b > 0 && Number.isFinite(a) && Number.isFinite(b))) return Number.NaN;
  let ll = 0; // customers censored at t = 0 contribute ln S(0) = 0
  let logS = 0; // ln S(t−1)
  for (let t = 1; t < c.churned.length; t++) {
    // P(T = t) = S(t−1) · α/(α+β+t−1)  (FH 2007 eq. 3 written with the survival recurrence)
    const logP = logS + Math.log(a / (a + b + (t - 1)));
    logS += Math.log1p(-a / (a + b + (t - 1)));
    const ch = c.churned[t]!;
    const ce = c.censored[t]!;
    if (ch > 0) ll += ch * logP;
    if (ce > 0) ll += ce * logS;
  }
  return ll;
}

function checkParams(params: unknown): SbgParams {
  return readParams(params, NAMES);
}

/**
 * Log-likelihood of cohort counts or customers (FH 2007 eq. 6):
 * Σ_t (n_{t−1} − n_t) ln P(T=t) + n_T ln S(T).
 *
 * @example
 * ```ts
 * sbg.logLikelihood({ alpha: 0.704, beta: 1.182 }, [1000, 631, 468, 382, 326, 289, 262, 241]); // ≈ −1680.27
 * ```
 */
export function logLikelihood(params: SbgParams, data: SbgData, options: { weights?: ArrayLike<number> } = {}): number {
  const p = checkParams(params);
  return countsLogLikelihood(p.alpha, p.beta, readData(data, options.weights));
}

/**
 * Fit the sBG by maximum likelihood (shared BFGS on log-parameters). Fader & Hardie 2007 Table 1,
 * years 0–7: regular α = 0.704, β = 1.182; high end α = 0.668, β = 3.806.
 *
 * @example
 * ```ts
 * const f = sbg.fit([1000, 631, 468, 382, 326, 289, 262, 241]);
 * f.params; // { alpha: 0.704, beta: 1.182 }
 * ```
 */
export function fit(data: SbgData, options: FitOptions<SbgParams> = {}): SavedFit<SbgParams, 'sbg'> {
  if (typeof options !== 'object' || options === null) {
    invalidOption(['options'], 'options must be an object', 'an object', options);
  }
  readOptions(options, FIT_OPTION_KEYS);
  const unit = readFitUnit(options.unit);
  const counts = readData(data, options.weights);
  let anyChurn = false;
  for (let t = 1; t < counts.churned.length; t++) if ((counts.churned[t]!) > 0) anyChurn = true;
  if (!anyChurn) {
    invalidInput([], 'the sBG fit needs at least one churned customer (otherwise α → 0 has no finite maximum)', 'some customers who left', 'no churn');
  }
  const result = fitMaximumLikelihood<SbgParams>(
    {
      names: NAMES,
      logLikelihood: (t) => countsLogLikelihood(t[0]!, t[1]!, counts),
      start: [1, 1],
      alternativeStarts: [
        [0.5, 3],
        [3, 10],
      ],
      customers: counts.total,
      boundaries: SBG_BOUNDARIES,
    },
    options,
  );
  let churned = 0;
  for (let t = 1; t < counts.churned.length; t++) churned += counts.churned[t]!;
  return envelopeFit(result, 'sbg', { n: counts.total, periods: counts.churned.length - 1, churned }, unit);
}

/**
 * Read a saved fit back (e.g. `JSON.parse` of a stored `fit(...)` result), checking its kind
 * ('sbg'), version and parameters: another model's fit or a newer version is an `INVALID_MODEL` error.
 *
 * @example
 * ```ts
 * const saved = JSON.stringify(sbg.fit([1000, 631, 468, 382, 326, 289, 262, 241], { unit: 'year' }));
 * sbg.load(JSON.parse(saved)).params; // the same parameters, checked
 * ```
 */
export function load(json: unknown): SavedFit<SbgParams, 'sbg'> {
  return loadFit<SbgParams, 'sbg'>(json, 'sbg', NAMES);
}

function survivalOne(p: SbgParams, t: number): number {
  // ln S(t) = ln (β)_α − ln (β+t)_α with the log-Pochhammer ratio (core/math/log-pochhammer.ts):
  // no difference of two large log-gammas, so S stays in [0, 1] and non-increasing up to t = 1e300
  // (the ratio (x)_α grows with x). The clamp only guards the last rounding step.
  if (t === 0) return 1;
  const s = Math.exp(logPochhammer(p.beta, p.alpha) - logPochhammer(p.beta + t, p.alpha));
  return s > 1 ? 1 : s;
}

/**
 * S(t) = B(α, β+t)/B(α, β): probability a new customer is still active after t periods
 * (FH 2007 eq. 4). Pass one t or an array.
 *
 * @example
 * ```ts
 * sbg.survival({ alpha: 0.704, beta: 1.182 }, 1); // ≈ 0.627
 * ```
 */
export function survival(params: SbgParams, t: number): number;
export function survival(params: SbgParams, t: readonly number[]): number[];
export function survival(params: SbgParams, t: number | readonly number[]): number | number[] {
  const p = checkParams(params);
  if (Array.isArray(t)) return t.map((v, i) => survivalOne(p, checkTime(v, ['t', i], 0)));
  return survivalOne(p, checkTime(t, ['t'], 0));
}

/**
 * r_t = S(t)/S(t−1) = (β+t−1)/(α+β+t−1): expected retention rate of period t ≥ 1 among those
 * still active (FH 2007 eq. 5); it rises with t (the sorting effect of heterogeneity).
 *
 * @example
 * ```ts
 * sbg.retentionRate({ alpha: 0.704, beta: 1.182 }, [1, 2, 3]); // ≈ [0.627, 0.756, 0.819]
 * ```
 */
export function retentionRate(params: SbgParams, t: number): number;
export function retentionRate(params: SbgParams, t: readonly number[]): number[];
export function retentionRate(params: SbgParams, t: number | readonly number[]): number | number[] {
  const p = checkParams(params);
  const one = (v: number) => (p.beta + v - 1) / (p.alpha + p.beta + v - 1);
  if (Array.isArray(t)) return t.map((v, i) => one(checkTime(v, ['t', i], 1)));
  return one(checkTime(t, ['t'], 1));
}

function checkDiscount(d: unknown): number {
  if (!(typeof d === 'number' && Number.isFinite(d) && d >= 0)) {
    invalidOption(['discountRate'], 'discount rate must be a non-negative number (per period)', 'a finite number ≥ 0', d);
  }
  return d;
}

/**
 * Σ_{t≥0} Π_{k<t} (b+k)/(a+b+k) · z^t = ₂F₁(1, b; a+b; z), z = 1/(1+d). Direct summation (every
 * term positive; the tail after term t_K is below t_K·z/(1−z)); for d < 1e-6 the connection
 * formula for z → 1 (Abramowitz & Stegun 15.3.6) with c−a−b = α−1:
 *   F = (α+β−1)/(α−1) · ₂F₁(1, β; 2−α; w) + w^{α−1} (1+d)^{α+β−1} π / (sin(πα) B(α, β)),  w = d/(1+d),
 * averaged over α ± 1e-4 when α is within 1e-3 of an integer (the two terms are singular there).
 */
function delSeries(a: number, b: number, d: number): number {
  if (d === 0) {
    if (!(a > 1)) {
      throw new CrmError('NUMERIC_DOMAIN', 'undiscounted expected lifetime is infinite when α ≤ 1', {
        path: ['discountRate'],
        expected: 'a discount rate > 0 (or α > 1)',
        received: d,
      });
    }
    return (a + b - 1) / (a - 1);
  }
  if (d >= 1e-6) {
    const z = 1 / (1 + d);
    const tailFactor = 1 / (1 - z);
    let term = 1;
    let sum = 1;
    for (let k = 0; k < 100_000_000; k++) {
      term *= ((b + k) / (a + b + k)) * z;
      sum += term;
      if (term * tailFactor < 1e-17 * sum) break;
    }
    return sum;
  }
  // The connection formula's two terms have poles at integer α ≥ 1 that cancel; within h of
  // such an integer, interpolate with the cubic through α = n ± h, n ± 2h. The value varies with
  // α like w^(α−1), on the scale 1/|ln w|, so h = min(2e-3, 0.01/|ln w|) keeps the interpolation
  // error near (0.01)⁴/24 ≈ 4e-10 while each node loses at most log10(1/(πh)) ≈ 5 digits to the
  // cancelling poles. (Averaging at α ± 1e-4 could land exactly on n and return −Infinity.)
  const n = Math.round(a);
  const h = Math.min(2e-3, 0.01 / Math.max(1, -Math.log(d / (1 + d))));
  let value: number;
  if (n >= 1 && Math.abs(a - n) < h) {
    const nodes = [n - 2 * h, n - h, n + h, n + 2 * h];
    value = 0;
    for (let i = 0; i < 4; i++) {
      let weight = 1;
      for (let j = 0; j < 4; j++) if (j !== i) weight *= (a - (nodes[j]!)) / ((nodes[i]!) - (nodes[j]!));
      value += weight * connection(nodes[i]!, b, d);
    }
  } else value = connection(a, b, d);
  if (!(Number.isFinite(value) && value > 0)) {
    throw new CrmError('NUMERIC_DOMAIN', `expected discounted lifetime at discountRate ${d} is beyond the double range for α = ${a}, β = ${b}: use a larger discount rate`, {
      path: ['discountRate'],
      expected: 'a larger discount rate',
      received: d,
    });
  }
  return value;
}

function connection(a: number, b: number, d: number): number {
  const w = d / (1 + d);
  // ₂F₁(1, β; 2−α; w): terms (β)_k/(2−α)_k w^k.
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 10_000; k++) {
    term *= ((b + k) / (2 - a + k)) * w;
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  const first = ((a + b - 1) / (a - 1)) * sum;
  const second = Math.exp((a - 1) * Math.log(w) + (a + b - 1) * Math.log1p(d) - logBeta(a, b)) * (Math.PI / Math.sin(Math.PI * a));
  return first + second;
}

/**
 * DEL(d) = Σ_{t≥0} S(t)/(1+d)^t = ₂F₁(1, β; α+β; 1/(1+d)): expected discounted lifetime of a
 * new customer, in payments, counting the first (undiscounted) one (Fader & Hardie 2010 eq. 4).
 * E(CLV) = margin × DEL. With d = 0 it is E[T] = (α+β−1)/(α−1), infinite (a `NUMERIC_DOMAIN`
 * error) for α ≤ 1.
 *
 * @example
 * ```ts
 * sbg.discountedExpectedLifetime({ alpha: 0.704, beta: 1.182 }, 0.1); // ≈ 3.695
 * ```
 */
export function discountedExpectedLifetime(params: SbgParams, discountRate: number): number {
  const p = checkParams(params);
  const d = checkDiscount(discountRate);
  return delSeries(p.alpha, p.beta, d);
}

/**
 * DERL(d | n−1 renewals) = [(β+n−1)/(α+β+n−1)] · ₂F₁(1, β+n; α+β+n; 1/(1+d)): expected
 * discounted residual lifetime of a customer who has made n−1 renewals and is about to decide
 * on the n-th, counting that next payment undiscounted (Fader & Hardie 2010 eq. 6; pymc-marketing's
 * `expected_residual_lifetime` with T = n). Residual value = margin × DERL. `n` ≥ 1 (default 1:
 * a customer at the end of the first period); pass `{ renewals }` to give n − 1 instead.
 *
 * @example
 * ```ts
 * const p = { alpha: 0.704, beta: 1.182 };
 * sbg.discountedExpectedResidualLifetime(p, 0.1, 1);               // ≈ 2.96
 * sbg.discountedExpectedResidualLifetime(p, 0.1, { renewals: 4 }); // ≈ 5.89 (n = 5)
 * ```
 */
export function discountedExpectedResidualLifetime(params: SbgParams, discountRate: number, n: number | { n?: number; renewals?: number } = 1): number {
  const p = checkParams(params);
  const d = checkDiscount(discountRate);
  let period: unknown = n;
  let path: ReadonlyArray<string> = ['n'];
  if (typeof n === 'object' && n !== null) {
    if (n.renewals !== undefined) {
      period = typeof n.renewals === 'number' ? n.renewals + 1 : n.renewals;
      path = ['renewals'];
    } else {
      period = n.n ?? 1;
    }
  }
  if (!(typeof period === 'number' && Number.isInteger(period) && period >= 1)) {
    invalidInput(path, 'n must be an integer ≥ 1 (renewals an integer ≥ 0)', path[0] === 'n' ? 'an integer ≥ 1' : 'an integer ≥ 0', path[0] === 'n' ? period : (n as { renewals: unknown }).renewals);
  }
  const r = (p.beta + period - 1) / (p.alpha + p.beta + period - 1);
  return r * delSeries(p.alpha, p.beta + period, d);
}

/**
 * Expected number of payments (renewals) in the next t periods of a customer who has survived
 * `periods` periods (made that many renewals) and is still active:
 * Σ_{k=1}^{t} S(periods + k)/S(periods) (Fader & Hardie 2010; the undiscounted, truncated DERL).
 * A customer with `churned: true` makes none. This is the transaction-model contract, so an sBG
 * plugs into `customerLifetimeValue` (with `'end'` timing and an infinite horizon that gives
 * DERL(d | n − 1 = periods)/(1 + d)).
 *
 * @example
 * ```ts
 * sbg.conditionalExpectedPurchases({ alpha: 0.704, beta: 1.182 }, 3, { periods: 0, churned: false }); // 0.627 + 0.474 + 0.388 = 1.489
 * ```
 */
export function conditionalExpectedPurchases(params: SbgParams, t: number, customer: { periods: number; churned?: boolean }): number;
export function conditionalExpectedPurchases(params: SbgParams, t: number, customers: ReadonlyArray<{ periods: number; churned?: boolean }>): number[];
export function conditionalExpectedPurchases(
  params: SbgParams,
  t: number,
  customer: { periods: number; churned?: boolean } | ReadonlyArray<{ periods: number; churned?: boolean }>,
): number | number[] {
  const p = checkParams(params);
  return mapRenewalCustomers('sBG', t, customer, (n) => {
    // S(n+k)/S(n) = Π_{j=n}^{n+k−1} (β+j)/(α+β+j)
    let ratio = 1;
    let sum = 0;
    for (let k = 0; k < t; k++) {
      ratio *= (p.beta + n + k) / (p.alpha + p.beta + n + k);
      sum += ratio;
      if (ratio < 1e-300) break;
    }
    return sum;
  });
}
