/**
 * sBdW: shifted-beta-discrete-Weibull model of contract renewals (Fader, Hardie, Liu, Davin &
 * Steenburgh 2018, "'How to Project Customer Retention' Revisited: The Role of Duration
 * Dependence", J. Interactive Marketing 43, 1–16, eqs. 3–4).
 *
 * The sBG (./sbg.ts) assumes each customer's churn probability θ is constant over time; the
 * sBdW lets it change with tenure through a discrete-Weibull shape c: a customer with θ survives
 * t periods with probability (1 − θ)^(t^c), θ ~ Beta(α, β). Then
 *   S(t) = B(α, β + t^c)/B(α, β),   P(T = t) = S(t − 1) − S(t),   r_t = S(t)/S(t − 1).
 * c < 1: individual churn propensities fall with tenure; c > 1: they rise; c = 1 is the sBG.
 * Discounted lifetimes have no closed form for c ≠ 1 and are summed:
 *   DEL(d) = Σ_{t≥0} S(t)/(1+d)^t,   DERL(d | n) = Σ_{t≥n} [S(t)/S(n−1)]/(1+d)^{t−n}
 * (the definitions of Fader & Hardie 2010, Marketing Science 29(1), eqs. 4 and 6).
 */
import { budgetExceeded, readInteger, readOptions, invalidOption, invalidInput } from '../core/index.js';
import { logPochhammer } from '../core/math/index.js';
import { FIT_OPTION_KEYS, fitMaximumLikelihood, type BoundaryRule } from './fit.js';
import { BOUNDARY_LARGE, BOUNDARY_SMALL, envelopeFit, loadFit, readFitUnit, readParams, SHAPE_LARGE, type SavedFit } from './kit/index.js';
import { mapRenewalCustomers, readRetentionData, type RetentionCounts, type RetentionCustomer } from './retention-data.js';
import type { FitOptions } from './types.js';

/** sBdW parameters: churn probability θ ~ Beta(α, β) and the duration-dependence shape c. */
export interface SbdwParams {
  alpha: number;
  beta: number;
  c: number;
}

/** sBdW data: a cohort's active counts `[n₀, n₁, …, n_T]`, or one `{ periods, churned }` per customer (as the sBG). */
export type SbdwData = readonly number[] | readonly RetentionCustomer[];

/** Options of the discounted-lifetime sums. */
export interface SbdwSumOptions {
  /** Most terms summed before `BUDGET_EXCEEDED` (default 1,000,000: enough for d ≥ 4e-5). */
  maxTerms?: number;
}

const NAMES = ['alpha', 'beta', 'c'] as const;
const DEFAULT_MAX_TERMS = 1_000_000;

/** Where an sBdW fit can run to a limit, and what the limit model means (issue 18 item 1). */
const SBDW_BOUNDARIES: readonly BoundaryRule[] = [
  {
    parameter: 'alpha, beta',
    limit: 'α + β → ∞ (or α → 0): one churn propensity α/(α+β) for everyone',
    test: (t) => (t[0]!) + (t[1]!) > BOUNDARY_LARGE || (t[0]!) < BOUNDARY_SMALL,
    meaning: 'churn propensities do not vary across customers (a discrete-Weibull lifetime); survival and retention use the common propensity.',
  },
  {
    parameter: 'c',
    limit: 'c → ∞: everyone still active after period 1 leaves in period 2',
    test: (t) => (t[2]!) > SHAPE_LARGE,
    meaning: 'the data show no survivors beyond the second period; projections past it are 0.',
  },
  {
    parameter: 'c',
    limit: 'c → 0: nobody who survives period 1 ever leaves',
    test: (t) => (t[2]!) < BOUNDARY_SMALL,
    meaning: 'all churn happens in the first period; survival after it is flat at S(1).',
  },
];

function checkParams(params: unknown): SbdwParams {
  return readParams(params, NAMES);
}

/**
 * ln S(t) = ln (β)_α − ln (β + t^c)_α: the Beta-function ratio B(α, β+t^c)/B(α, β) written with
 * the log-Pochhammer symbol (core/math), so no difference of large log-gammas is taken and S stays
 * in [0, 1] and non-increasing for any t.
 */
function logSurvival(a: number, b: number, c: number, t: number, lp0: number): number {
  if (t === 0) return 0;
  const v = lp0 - logPochhammer(b + Math.pow(t, c), a);
  return v > 0 ? 0 : v;
}

/** Σ churned_t ln P(T=t) + Σ censored_t ln S(t), with ln P(T=t) = ln S(t−1) + ln(1 − S(t)/S(t−1)). */
function countsLogLikelihood(a: number, b: number, c: number, counts: RetentionCounts): number {
  if (!(a > 0 && b > 0 && c > 0 && Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c))) return Number.NaN;
  const lp0 = logPochhammer(b, a);
  let ll = 0;
  let prev = 0; // ln S(t−1)
  for (let t = 1; t < counts.churned.length; t++) {
    const cur = logSurvival(a, b, c, t, lp0);
    const ch = counts.churned[t]!;
    const ce = counts.censored[t]!;
    if (ch > 0) ll += ch * (prev + Math.log(-Math.expm1(cur - prev)));
    if (ce > 0) ll += ce * cur;
    prev = cur;
  }
  return ll;
}

/**
 * Log-likelihood of cohort counts or customers (FHLDS 2018 eq. 5):
 * Σ_t (n_{t−1} − n_t) ln P(T=t) + n_T ln S(T). With c = 1 it equals the sBG's.
 *
 * @example
 * ```ts
 * sbdw.logLikelihood({ alpha: 0.704, beta: 1.182, c: 1 }, [1000, 631, 468, 382, 326, 289, 262, 241]); // ≈ −1680.27 (the sBG's)
 * ```
 */
export function logLikelihood(params: SbdwParams, data: SbdwData, options: { weights?: ArrayLike<number> } = {}): number {
  const p = checkParams(params);
  return countsLogLikelihood(p.alpha, p.beta, p.c, readRetentionData(data, options.weights, 'sBdW'));
}

/**
 * Fit the sBdW by maximum likelihood (shared BFGS on log-parameters, several starts). On Fader &
 * Hardie's (2007) cohorts, years 0–7, the maximum is regular α = 0.456, β = 0.779, c = 1.283
 * (ln L −1679.60 vs the sBG's −1680.27) and high end α = 0.214, β = 1.427, c = 1.724 (−1605.31 vs −1611.16) — the same
 * optima as scipy's (test/fixtures/clv/make_sbdw_reference.py). Projected to years 8–12 the regular
 * fit gives 223, 209, 197, 186, 177 active of 1,000 (actual 223, 207, 194, 183, 173; the sBG: 220, 204,
 * 191, 180, 170).
 *
 * @example
 * ```ts
 * const f = sbdw.fit([1000, 631, 468, 382, 326, 289, 262, 241], { unit: 'year' });
 * f.params; // ≈ { alpha: 0.456, beta: 0.779, c: 1.283 }
 * ```
 */
export function fit(data: SbdwData, options: FitOptions<SbdwParams> = {}): SavedFit<SbdwParams, 'sbdw'> {
  if (typeof options !== 'object' || options === null) {
    invalidOption(['options'], 'options must be an object', 'an object', options);
  }
  readOptions(options, FIT_OPTION_KEYS);
  const unit = readFitUnit(options.unit);
  const counts = readRetentionData(data, options.weights, 'sBdW');
  let churned = 0;
  let periodsWithChurn = 0;
  for (let t = 1; t < counts.churned.length; t++) {
    const n = counts.churned[t]!;
    churned += n;
    if (n > 0) periodsWithChurn++;
  }
  if (periodsWithChurn < 2) {
    // One churn period cannot separate the shape c from the level α/(α+β): the likelihood is flat along a ridge.
    invalidInput([], 'the sBdW fit needs churn in at least two different periods (with one, c is not identified); fit the sBG instead', 'customers leaving in two or more periods', `churn in ${periodsWithChurn} period(s)`);
  }
  const result = fitMaximumLikelihood<SbdwParams>(
    {
      names: NAMES,
      logLikelihood: (t) => countsLogLikelihood(t[0]!, t[1]!, t[2]!, counts),
      start: [1, 1, 1],
      alternativeStarts: [
        [0.5, 3, 1],
        [3, 10, 0.7],
        [0.5, 1, 1.5],
      ],
      customers: counts.total,
      boundaries: SBDW_BOUNDARIES,
    },
    options,
  );
  return envelopeFit(result, 'sbdw', { n: counts.total, periods: counts.churned.length - 1, churned }, unit);
}

/**
 * Read a saved fit back (e.g. `JSON.parse` of a stored `fit(...)` result), checking its kind
 * ('sbdw'), version and parameters: another model's fit or a newer version is `INVALID_MODEL`.
 *
 * @example
 * ```ts
 * const saved = JSON.stringify(sbdw.fit([1000, 631, 468, 382, 326, 289, 262, 241], { unit: 'year' }));
 * sbdw.load(JSON.parse(saved)).params.c; // ≈ 1.283, checked
 * ```
 */
export function load(json: unknown): SavedFit<SbdwParams, 'sbdw'> {
  return loadFit<SbdwParams, 'sbdw'>(json, 'sbdw', NAMES);
}

function checkPeriod(t: unknown, path: ReadonlyArray<string | number>, min: number): number {
  if (!(typeof t === 'number' && Number.isInteger(t) && t >= min && t <= Number.MAX_SAFE_INTEGER)) {
    invalidInput(path, `t must be a whole number of periods ≥ ${min} (the sBdW is a discrete-time model)`, `an integer ≥ ${min}`, t);
  }
  return t;
}

function mapPeriods<T>(t: number | readonly number[], min: number, one: (v: number) => T): T | T[] {
  if (Array.isArray(t)) return t.map((v, i) => one(checkPeriod(v, ['t', i], min)));
  return one(checkPeriod(t, ['t'], min));
}

/**
 * S(t) = B(α, β + t^c)/B(α, β): probability a new customer is still active after t periods
 * (FHLDS 2018 eq. 4). Pass one t or an array.
 *
 * @example
 * ```ts
 * sbdw.survival({ alpha: 0.456, beta: 0.779, c: 1.283 }, [1, 7]); // ≈ [0.631, 0.241]
 * ```
 */
export function survival(params: SbdwParams, t: number): number;
export function survival(params: SbdwParams, t: readonly number[]): number[];
export function survival(params: SbdwParams, t: number | readonly number[]): number | number[] {
  const p = checkParams(params);
  const lp0 = logPochhammer(p.beta, p.alpha);
  return mapPeriods(t, 0, (v) => Math.exp(logSurvival(p.alpha, p.beta, p.c, v, lp0)));
}

/**
 * P(T = t) = S(t − 1) − S(t): probability a new customer leaves in period t ≥ 1.
 *
 * @example
 * ```ts
 * sbdw.churnProbability({ alpha: 0.456, beta: 0.779, c: 1.283 }, 1); // ≈ 0.369
 * ```
 */
export function churnProbability(params: SbdwParams, t: number): number;
export function churnProbability(params: SbdwParams, t: readonly number[]): number[];
export function churnProbability(params: SbdwParams, t: number | readonly number[]): number | number[] {
  const p = checkParams(params);
  const lp0 = logPochhammer(p.beta, p.alpha);
  return mapPeriods(t, 1, (v) => {
    const prev = logSurvival(p.alpha, p.beta, p.c, v - 1, lp0);
    return Math.exp(prev) * -Math.expm1(logSurvival(p.alpha, p.beta, p.c, v, lp0) - prev);
  });
}

/**
 * r_t = S(t)/S(t−1): expected retention rate of period t ≥ 1 among those still active. Unlike the
 * sBG's it need not rise with t: with c > 1 individual churn propensities grow with tenure and can
 * outweigh the sorting effect (FHLDS 2018 §2).
 *
 * @example
 * ```ts
 * sbdw.retentionRate({ alpha: 0.456, beta: 0.779, c: 1.283 }, [1, 2, 3]); // ≈ [0.631, 0.741, 0.816]
 * ```
 */
export function retentionRate(params: SbdwParams, t: number): number;
export function retentionRate(params: SbdwParams, t: readonly number[]): number[];
export function retentionRate(params: SbdwParams, t: number | readonly number[]): number | number[] {
  const p = checkParams(params);
  const lp0 = logPochhammer(p.beta, p.alpha);
  return mapPeriods(t, 1, (v) => Math.exp(logSurvival(p.alpha, p.beta, p.c, v, lp0) - logSurvival(p.alpha, p.beta, p.c, v - 1, lp0)));
}

function checkDiscount(d: unknown): number {
  if (!(typeof d === 'number' && Number.isFinite(d) && d > 0 && d < 1)) {
    invalidOption(['discountRate'], d === 0 ? 'the sBdW needs a discount rate > 0 (the undiscounted lifetime sum has no closed form and can diverge)' : 'discount rate must be a number in (0, 1) per period (pass 0.1 for 10 %)', 'a finite number in (0, 1)', d);
  }
  return d;
}

/**
 * Σ_{t≥from} exp(ln S(t) − ln S(from−1)) z^{t−from}, z = 1/(1+d). Every term is positive and S is
 * non-increasing, so the tail after term t is below term_t · z/(1 − z); summing stops when that
 * bound is under 1e-16 of the sum.
 */
function discountedSum(p: SbdwParams, d: number, from: number, maxTerms: number): number {
  const lp0 = logPochhammer(p.beta, p.alpha);
  const base = from === 0 ? 0 : logSurvival(p.alpha, p.beta, p.c, from - 1, lp0);
  const lz = -Math.log1p(d);
  const tail = 1 / d; // z/(1 − z) = 1/d
  let sum = 0;
  for (let k = 0; k < maxTerms; k++) {
    const term = Math.exp(logSurvival(p.alpha, p.beta, p.c, from + k, lp0) - base + k * lz);
    sum += term;
    if (term * tail < 1e-16 * sum) return sum;
  }
  throw budgetExceeded({ code: 'BUDGET_EXCEEDED', option: ['options', 'maxTerms'], limit: maxTerms, what: 'terms of the discounted lifetime sum (a small discount rate needs about 37/d terms)' });
}

function readMaxTerms(options: unknown): number {
  const o = readOptions(options, ['maxTerms'] as const);
  return readInteger(o.maxTerms, ['options', 'maxTerms'], { default: DEFAULT_MAX_TERMS, min: 1 });
}

/**
 * DEL(d) = Σ_{t≥0} S(t)/(1+d)^t: expected discounted lifetime of a new customer, in payments,
 * counting the first (undiscounted) one (Fader & Hardie 2010 eq. 4 with the sBdW survival).
 * E(CLV) = margin × DEL. `d` is the discount rate per period, in (0, 1).
 *
 * @example
 * ```ts
 * sbdw.discountedExpectedLifetime({ alpha: 0.456, beta: 0.779, c: 1.283 }, 0.1); // ≈ 3.73
 * ```
 */
export function discountedExpectedLifetime(params: SbdwParams, discountRate: number, options: SbdwSumOptions = {}): number {
  const p = checkParams(params);
  const d = checkDiscount(discountRate);
  return discountedSum(p, d, 0, readMaxTerms(options));
}

/**
 * DERL(d | n) = Σ_{t≥n} [S(t)/S(n−1)]/(1+d)^{t−n}: expected discounted residual lifetime of a
 * customer who has made n − 1 renewals and is about to decide on the n-th, counting that next
 * payment undiscounted (Fader & Hardie 2010 eq. 6, the sBG's convention in ./sbg.ts). n ≥ 1.
 *
 * @example
 * ```ts
 * sbdw.discountedExpectedResidualLifetime({ alpha: 0.456, beta: 0.779, c: 1.283 }, 0.1, 5); // ≈ 6.18
 * ```
 */
export function discountedExpectedResidualLifetime(params: SbdwParams, discountRate: number, n = 1, options: SbdwSumOptions = {}): number {
  const p = checkParams(params);
  const d = checkDiscount(discountRate);
  if (!(typeof n === 'number' && Number.isInteger(n) && n >= 1)) {
    invalidInput(['n'], 'n must be an integer ≥ 1 (the renewal about to be decided)', 'an integer ≥ 1', n);
  }
  return discountedSum(p, d, n, readMaxTerms(options));
}

/**
 * Expected number of payments (renewals) in the next t periods of a customer who has survived
 * `periods` periods and is still active: Σ_{k=1}^{t} S(periods + k)/S(periods). A customer with
 * `churned: true` makes none. This is the transaction-model contract, so an sBdW plugs into
 * `customerLifetimeValue` as `{ model: 'sbdw', params }`.
 *
 * @example
 * ```ts
 * sbdw.conditionalExpectedPurchases({ alpha: 0.456, beta: 0.779, c: 1 }, 3, { periods: 0, churned: false }); // ≈ 1.564 (the sBG's with the same α, β)
 * ```
 */
export function conditionalExpectedPurchases(params: SbdwParams, t: number, customer: { periods: number; churned?: boolean }): number;
export function conditionalExpectedPurchases(params: SbdwParams, t: number, customers: ReadonlyArray<{ periods: number; churned?: boolean }>): number[];
export function conditionalExpectedPurchases(
  params: SbdwParams,
  t: number,
  customer: { periods: number; churned?: boolean } | ReadonlyArray<{ periods: number; churned?: boolean }>,
): number | number[] {
  const p = checkParams(params);
  const lp0 = logPochhammer(p.beta, p.alpha);
  return mapRenewalCustomers('sBdW', t, customer, (n) => {
    const base = logSurvival(p.alpha, p.beta, p.c, n, lp0);
    let sum = 0;
    for (let k = 1; k <= t; k++) {
      const ratio = Math.exp(logSurvival(p.alpha, p.beta, p.c, n + k, lp0) - base);
      sum += ratio;
      if (ratio < 1e-300) break;
    }
    return sum;
  });
}
