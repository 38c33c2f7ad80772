/**
 * BG/BB: beta-geometric / beta-Bernoulli model for discrete-time, non-contractual settings
 * (Fader, Hardie & Shang 2010, "Customer-Base Analysis in a Discrete-Time Noncontractual
 * Setting", Marketing Science 29(6) 1086–1108).
 *
 * Each period an alive customer transacts with probability p ~ Beta(α, β) and, after the period,
 * dies with probability θ ~ Beta(γ, δ). Data per customer: x transactions in n opportunities, the
 * last at period t_x (x ≤ t_x ≤ n, t_x = 0 when x = 0). All formulas are evaluated in log space
 * with ratios of beta functions built from stable recurrences.
 */
import { budgetExceeded, readBudget, readOptions, invalidInput, invalidOption } from '../core/index.js';
import { digamma, logBeta, logSumExp } from '../core/math/index.js';
import { FIT_OPTION_KEYS, fitMaximumLikelihood } from './fit.js';
import { BGBB_BOUNDARIES, checkPeriods, envelopeFit, loadFit, readFitUnit, readParams, type SavedFit } from './kit/index.js';
import type { FitOptions } from './types.js';

/** BG/BB parameters: transaction probability p ~ Beta(α, β), dropout probability θ ~ Beta(γ, δ). */
export interface BgBbParams {
  alpha: number;
  beta: number;
  gamma: number;
  delta: number;
}

/** One customer (or one compressed pattern) of the BG/BB model. */
export interface BgBbCustomer {
  /** Count of customers with this pattern (compressed tables); used by `fit`/`logLikelihood` when every row has it and `options.weights` is absent. */
  weights?: number;
  /** x: number of periods with a transaction (a non-negative integer). */
  frequency: number;
  /** t_x: the period of the last transaction (0 when x = 0), an integer with x ≤ t_x ≤ n. */
  recency: number;
  /** n: number of transaction opportunities observed (an integer ≥ 1). */
  periods: number;
}

/** Column form of BG/BB data. */
export interface BgBbColumns {
  frequency: ArrayLike<number>;
  recency: ArrayLike<number>;
  periods: ArrayLike<number>;
}

/** Data accepted by {@link fit} and {@link logLikelihood}. */
export type BgBbData = readonly BgBbCustomer[] | BgBbColumns;

const NAMES = ['alpha', 'beta', 'gamma', 'delta'] as const;

type Path = ReadonlyArray<string | number>;

function checkCustomer(x: unknown, tx: unknown, n: unknown, path: (f: string) => Path): void {
  if (!(typeof x === 'number' && Number.isInteger(x) && x >= 0)) {
    invalidInput(path('frequency'), 'frequency must be a non-negative integer (a count of transaction periods)', 'an integer ≥ 0', x);
  }
  if (!(typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 1_000_000)) {
    invalidInput(path('periods'), 'periods must be a non-negative integer (transaction opportunities)', 'an integer in [0, 1000000]', n);
  }
  if (!(typeof tx === 'number' && Number.isInteger(tx) && tx >= 0)) {
    invalidInput(path('recency'), 'recency must be a non-negative integer period', 'an integer ≥ 0', tx);
  }
  if (tx > n) invalidInput(path('recency'), 'recency must not exceed periods', `an integer ≤ periods (${n})`, tx);
  if (x > tx) invalidInput(path('frequency'), 'frequency must not exceed recency (one transaction per period at most)', `an integer ≤ recency (${tx})`, x);
  if (x === 0 && tx !== 0) invalidInput(path('recency'), 'recency must be 0 when frequency is 0', '0', tx);
  if (x > 0 && tx === 0) invalidInput(path('recency'), 'recency must be ≥ 1 when frequency > 0', 'an integer ≥ 1', tx);
}

interface Rows {
  x: Int32Array;
  tx: Int32Array;
  n: Int32Array;
  w: Float64Array;
  total: number;
}

function readCustomer(c: unknown, path: (f: string) => Path): BgBbCustomer {
  if (typeof c !== 'object' || c === null) {
    invalidInput(path('').slice(0, -1), 'a customer must be an object', '{ frequency, recency, periods }', c);
  }
  const o = c as Record<string, unknown>;
  const periods = o.periods ?? o.T;
  checkCustomer(o.frequency, o.recency, periods, path);
  return { frequency: o.frequency as number, recency: o.recency as number, periods: periods as number };
}

function readData(data: unknown, weights: ArrayLike<number> | undefined): Rows {
  let get: (i: number) => BgBbCustomer;
  let len: number;
  let weightPath: (i: number) => Array<string | number> = (i) => ['options', 'weights', i];
  if (Array.isArray(data)) {
    len = data.length;
    get = (i) => readCustomer(data[i], (f) => [i, f]);
    // Compressed tables (lifetimes' donations: frequency, recency, periods, weights) carry the
    // counts in the rows; they are used when options.weights is absent.
    if (weights === undefined && len > 0 && data.every((r) => typeof r === 'object' && r !== null && 'weights' in r)) {
      weights = data.map((r) => (r as { weights: number }).weights);
      weightPath = (i) => [i, 'weights'];
    }
  } else if (typeof data === 'object' && data !== null && 'frequency' in data) {
    const c = data as Record<string, ArrayLike<number> | undefined>;
    const f = c.frequency;
    const r = c.recency;
    const p = c.periods ?? c.T;
    if (f === undefined || typeof f.length !== 'number') invalidInput(['frequency'], 'frequency must be an array', 'an array of integers', f);
    len = f.length;
    if (r === undefined || r.length !== len) invalidInput(['recency'], 'recency must be as long as frequency', `an array of length ${len}`, r);
    if (p === undefined || p.length !== len) invalidInput(['periods'], 'periods must be as long as frequency', `an array of length ${len}`, p);
    get = (i) => {
      checkCustomer(f[i], r[i], p[i], (field) => [field, i]);
      return { frequency: f[i]!, recency: r[i]!, periods: p[i]! };
    };
  } else {
    invalidInput([], 'data must be an array of { frequency, recency, periods } or an object of columns', 'rows or columns', data);
  }
  if (weights !== undefined && (typeof weights !== 'object' || weights === null || weights.length !== len)) {
    invalidOption(['options', 'weights'], 'weights must have one entry per row', `an array of length ${len}`, weights);
  }
  const x = new Int32Array(len);
  const tx = new Int32Array(len);
  const n = new Int32Array(len);
  const w = new Float64Array(len);
  let total = 0;
  for (let i = 0; i < len; i++) {
    const c = get(i);
    x[i] = c.frequency;
    tx[i] = c.recency;
    n[i] = c.periods;
    const wi = weights === undefined ? 1 : weights[i];
    if (!(typeof wi === 'number' && Number.isFinite(wi) && wi >= 0)) {
      invalidOption(weightPath(i), 'weights must be non-negative numbers', 'a finite number ≥ 0', wi);
    }
    w[i] = wi;
    total += wi;
  }
  return { x, tx, n, w, total };
}

function checkParams(params: unknown): BgBbParams {
  return readParams(params, NAMES);
}

/**
 * ln B(a, b + k) − ln B(a, b) for integer k ≥ 0 as −Σ_{j<k} log1p(a/(b+j)) (exact ratio of
 * Pochhammer symbols; no cancellation of large lnΓ values — see the notes' pitfalls).
 */
function logBetaShift(a: number, b: number, k: number): number {
  if (k <= 2000) {
    let s = 0;
    for (let j = 0; j < k; j++) s -= Math.log1p(a / (b + j));
    return s;
  }
  return logBeta(a, b + k) - logBeta(a, b);
}

/** ln of the individual likelihood L(α, β, γ, δ | x, t_x, n) (FHS 2010 eq. 5); leaves the terms' logs in `buf`. */
function logLikelihoodOne(p: BgBbParams, x: number, tx: number, n: number, lbAB: number, lbGD: number, buf: number[]): number {
  const { alpha: a, beta: b, gamma: g, delta: d } = p;
  // Alive through n: B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
  const lpx = logBeta(a + x, b + (n - x)) - lbAB;
  buf.length = 0;
  buf.push(lpx + logBetaShift(g, d, n));
  // Died after period t_x + i (i = 0 … n − t_x − 1): B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ)
  for (let i = 0; i < n - tx; i++) {
    const lp = logBeta(a + x, b + (tx - x + i)) - lbAB;
    const ld = logBeta(g + 1, d + (tx + i)) - lbGD;
    buf.push(lp + ld);
  }
  return logSumExp(buf);
}

/**
 * Merge identical (x, t_x, n) rows and sum their weights: the likelihood depends on nothing else,
 * so a fit on one row per customer costs O(unique patterns) per iteration (at most (n+1)(n+2)/2
 * patterns for n opportunities).
 */
function compress(rows: Rows): Rows {
  const index = new Map<string, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const n: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < rows.x.length; i++) {
    const wi = rows.w[i]!;
    if (wi === 0) continue;
    const key = `${rows.x[i]},${rows.tx[i]},${rows.n[i]}`;
    const k = index.get(key);
    if (k === undefined) {
      index.set(key, x.length);
      x.push(rows.x[i]!);
      tx.push(rows.tx[i]!);
      n.push(rows.n[i]!);
      w.push(wi);
    } else w[k] = (w[k]!) + wi;
  }
  return { x: Int32Array.from(x), tx: Int32Array.from(tx), n: Int32Array.from(n), w: Float64Array.from(w), total: rows.total };
}

/** Options of {@link fit}: the shared fit options plus the `maxPeriods` budget. */
export interface BgBbFitOptions extends FitOptions<BgBbParams> {
  /**
   * Budget: the most transaction opportunities n of any customer (default 10,000). The likelihood
   * of a customer costs n − t_x + 1 terms per evaluation, so a fit on n = 30,000 ran for minutes
   * (issue 22); more is a `BUDGET_EXCEEDED` error naming this option.
   */
  maxPeriods?: number;
}

/** Default of {@link BgBbFitOptions.maxPeriods}. */
export const DEFAULT_MAX_PERIODS = 10_000;

function checkPeriodBudget(rows: Rows, maxPeriods: unknown): void {
  const limit = readBudget(maxPeriods, ['options', 'maxPeriods'], DEFAULT_MAX_PERIODS);
  let most = 0;
  for (let i = 0; i < rows.n.length; i++) most = Math.max(most, rows.n[i]!);
  if (most > limit) throw budgetExceeded({ code: 'BUDGET_EXCEEDED', option: ['options', 'maxPeriods'], limit, what: 'periods (transaction opportunities) for one customer', count: most });
}

function totalLogLikelihood(p: BgBbParams, rows: Rows): number {
  const lbAB = logBeta(p.alpha, p.beta);
  const lbGD = logBeta(p.gamma, p.delta);
  const buf: number[] = [];
  let ll = 0;
  for (let i = 0; i < rows.x.length; i++) {
    const wi = rows.w[i]!;
    if (wi === 0) continue;
    ll += wi * logLikelihoodOne(p, rows.x[i]!, rows.tx[i]!, rows.n[i]!, lbAB, lbGD, buf);
  }
  return ll;
}

/**
 * Total log-likelihood and its analytic gradient in (α, β, γ, δ). Each term of Lᵢ is a product of
 * beta-function ratios, so ∂ ln Lᵢ = Σⱼ sⱼ ∂ℓⱼ with sⱼ = exp(ℓⱼ − ln Lᵢ) and
 * ∂ ln B(a, b)/∂a = ψ(a) − ψ(a+b) (Abramowitz & Stegun 6.3.1, 6.2.2).
 */
function totalLogLikelihoodWithGradient(p: BgBbParams, rows: Rows, grad: number[]): number {
  const { alpha: a, beta: b, gamma: g, delta: d } = p;
  const lbAB = logBeta(a, b);
  const lbGD = logBeta(g, d);
  const psiAB = digamma(a + b);
  const psiGD = digamma(g + d);
  const baseA = digamma(a) - psiAB;
  const baseB = digamma(b) - psiAB;
  const baseG = digamma(g) - psiGD;
  const baseD = digamma(d) - psiGD;
  const psiG = digamma(g);
  const psiG1 = digamma(g + 1);
  const buf: number[] = [];
  let ll = 0;
  let dA = 0;
  let dB = 0;
  let dG = 0;
  let dD = 0;
  for (let r = 0; r < rows.x.length; r++) {
    const w = rows.w[r]!;
    if (w === 0) continue;
    const x = rows.x[r]!;
    const tx = rows.tx[r]!;
    const n = rows.n[r]!;
    const lnL = logLikelihoodOne(p, x, tx, n, lbAB, lbGD, buf);
    ll += w * lnL;
    const psiAx = digamma(a + x);
    let ga = 0;
    let gb = 0;
    let gg = 0;
    let gd = 0;
    // buf[0] is the alive term, buf[1 + i] the term "died after period t_x + i".
    {
      const sj = Math.exp((buf[0]!) - lnL);
      const psiK = digamma(a + b + n);
      ga += sj * (psiAx - psiK);
      gb += sj * (digamma(b + (n - x)) - psiK);
      const psiM = digamma(g + d + n);
      gg += sj * (psiG - psiM);
      gd += sj * (digamma(d + n) - psiM);
    }
    for (let i = 0; i < n - tx; i++) {
      const sj = Math.exp((buf[1 + i]!) - lnL);
      const psiK = digamma(a + b + (tx + i));
      ga += sj * (psiAx - psiK);
      gb += sj * (digamma(b + (tx - x + i)) - psiK);
      const psiM = digamma(g + 1 + d + (tx + i));
      gg += sj * (psiG1 - psiM);
      gd += sj * (digamma(d + (tx + i)) - psiM);
    }
    dA += w * (ga - baseA);
    dB += w * (gb - baseB);
    dG += w * (gg - baseG);
    dD += w * (gd - baseD);
  }
  grad[0] = dA;
  grad[1] = dB;
  grad[2] = dG;
  grad[3] = dD;
  return ll;
}

/**
 * Total log-likelihood Σ wᵢ ln Lᵢ (FHS 2010 eq. 5). Donations data at the MLE: −33,225.58.
 *
 * @example
 * ```ts
 * bgBb.logLikelihood({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }, [{ frequency: 6, recency: 6, periods: 6 }]);
 * ```
 */
export function logLikelihood(params: BgBbParams, data: BgBbData, options: { weights?: ArrayLike<number>; maxPeriods?: number } = {}): number {
  const p = checkParams(params);
  readOptions(options, ['weights', 'maxPeriods']);
  const rows = compress(readData(data, options.weights));
  checkPeriodBudget(rows, options.maxPeriods);
  return totalLogLikelihood(p, rows);
}

/**
 * Fit the BG/BB by maximum likelihood (shared BFGS on log-parameters, analytic gradient). Compressed data (unique
 * (x, t_x, n) patterns with counts in `options.weights`) gives the same estimates as one row per
 * customer. Donations (11,104 donors, 22 patterns): α = 1.204, β = 0.750, γ = 0.657, δ = 2.783.
 *
 * @example
 * ```ts
 * const rows = [{ frequency: 0, recency: 0, periods: 6 }, { frequency: 6, recency: 6, periods: 6 }, { frequency: 2, recency: 4, periods: 6 }];
 * const f = bgBb.fit(rows, { weights: [3464, 1203, 155] });
 * f.params; // { alpha, beta, gamma, delta }
 * ```
 */
export function fit(data: BgBbData, options: BgBbFitOptions = {}): SavedFit<BgBbParams, 'bg-bb'> {
  if (typeof options !== 'object' || options === null) {
    invalidOption(['options'], 'options must be an object', 'an object', options);
  }
  readOptions(options, [...FIT_OPTION_KEYS, 'maxPeriods']);
  const rows = compress(readData(data, options.weights));
  checkPeriodBudget(rows, options.maxPeriods);
  const unit = readFitUnit(options.unit);
  if (!(rows.total > 0)) {
    invalidInput([], 'the BG/BB fit needs at least one customer with positive weight', 'a non-empty data set', rows.total);
  }
  const toParams = (t: readonly number[]): BgBbParams => ({ alpha: t[0]!, beta: t[1]!, gamma: t[2]!, delta: t[3]! });
  const result = fitMaximumLikelihood<BgBbParams>(
    {
      names: NAMES,
      logLikelihood: (t) => totalLogLikelihood(toParams(t), rows),
      logLikelihoodWithGradient: (t, g) => totalLogLikelihoodWithGradient(toParams(t), rows, g),
      start: [1, 1, 1, 1],
      alternativeStarts: [
        [0.5, 0.5, 0.5, 2],
        [2, 2, 2, 5],
      ],
      customers: rows.total,
      boundaries: BGBB_BOUNDARIES,
    },
    options,
  );
  let transactions = 0;
  let opportunities = 0;
  for (let i = 0; i < rows.x.length; i++) {
    transactions += (rows.w[i]!) * (rows.x[i]!);
    opportunities += (rows.w[i]!) * (rows.n[i]!);
  }
  return envelopeFit(result, 'bg-bb', { n: rows.total, patterns: rows.x.length, transactions, opportunities }, unit);
}

/**
 * Read a saved fit back (e.g. `JSON.parse` of a stored `fit(...)` result), checking its kind
 * ('bg-bb'), version and parameters: another model's fit or a newer version is an `INVALID_MODEL` error.
 *
 * @example
 * ```ts
 * const saved = JSON.stringify(bgBb.fit([{ frequency: 0, recency: 0, periods: 6 }, { frequency: 6, recency: 6, periods: 6 }, { frequency: 2, recency: 4, periods: 6 }], { weights: [3464, 1203, 155] }));
 * bgBb.load(JSON.parse(saved)).params; // the same parameters, checked
 * ```
 */
export function load(json: unknown): SavedFit<BgBbParams, 'bg-bb'> {
  return loadFit<BgBbParams, 'bg-bb'>(json, 'bg-bb', NAMES);
}

function mapCustomers<T>(customer: BgBbCustomer | readonly BgBbCustomer[], fn: (c: BgBbCustomer, path: (f: string) => Path) => T): T | T[] {
  if (Array.isArray(customer)) return customer.map((c, i) => fn(readCustomer(c, (f) => [i, f]), (f) => [i, f]));
  return fn(readCustomer(customer, (f) => ['customer', f]), (f) => ['customer', f]);
}

/**
 * P(alive at period n + m | x, t_x, n), m = `periodsAhead` (default 1: "alive in the next
 * period", FHS 2010 eq. 11 and Table 6): B(α+x, β+n−x)/B(α,β) · B(γ, δ+n+m)/B(γ,δ) / L.
 *
 * @example
 * ```ts
 * const p = { alpha: 1.2035, beta: 0.7497, gamma: 0.6567, delta: 2.7834 };
 * bgBb.probabilityAlive(p, { frequency: 2, recency: 4, periods: 6 }); // ≈ 0.590
 * ```
 */
export function probabilityAlive(params: BgBbParams, customer: BgBbCustomer, periodsAhead?: number): number;
export function probabilityAlive(params: BgBbParams, customers: readonly BgBbCustomer[], periodsAhead?: number): number[];
export function probabilityAlive(params: BgBbParams, customer: BgBbCustomer | readonly BgBbCustomer[], periodsAhead = 1): number | number[] {
  const p = checkParams(params);
  const m = checkPeriods(periodsAhead, 'periodsAhead');
  const lbAB = logBeta(p.alpha, p.beta);
  const lbGD = logBeta(p.gamma, p.delta);
  const buf: number[] = [];
  return mapCustomers(customer, (c) => {
    const ll = logLikelihoodOne(p, c.frequency, c.recency, c.periods, lbAB, lbGD, buf);
    const lnum = logBeta(p.alpha + c.frequency, p.beta + (c.periods - c.frequency)) - lbAB + logBetaShift(p.gamma, p.delta, c.periods + m);
    return Math.min(1, Math.exp(lnum - ll));
  });
}

/** ln Σ_{k=1}^{t} B(γ, δ+s+k)/B(γ, δ) by the recurrence B(γ, b+1)/B(γ, b) = b/(γ+b). */
function logSumSurvival(g: number, d: number, s: number, t: number): number {
  if (t === 0) return Number.NEGATIVE_INFINITY;
  // Work relative to the first term to keep magnitudes near 1.
  const first = logBetaShift(g, d, s + 1);
  let term = 1;
  let sum = 1;
  for (let k = 2; k <= t; k++) {
    const b = d + (s + k - 1);
    term *= b / (g + b);
    sum += term;
  }
  return first + Math.log(sum);
}

/**
 * E[X(n)]: expected number of transactions of a new customer in the first n periods
 * (FHS 2010 eq. 7), as α/(α+β) · Σ_{t=1}^{n} B(γ, δ+t)/B(γ,δ) (finite for every γ, including γ = 1).
 *
 * @example
 * ```ts
 * bgBb.expectedPurchases({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }, 6);
 * ```
 */
export function expectedPurchases(params: BgBbParams, t: number): number {
  const p = checkParams(params);
  const n = checkPeriods(t, 't');
  if (n === 0) return 0;
  return (p.alpha / (p.alpha + p.beta)) * Math.exp(logSumSurvival(p.gamma, p.delta, 0, n));
}

/**
 * E[X(n, n+t) | x, t_x, n]: expected transactions in the next t periods (FHS 2010 eq. 13),
 * B(α+x+1, β+n−x)/B(α,β) · Σ_{k=1}^{t} B(γ, δ+n+k)/B(γ,δ) / L.
 *
 * @example
 * ```ts
 * const p = { alpha: 1.2035, beta: 0.7497, gamma: 0.6567, delta: 2.7834 };
 * bgBb.conditionalExpectedPurchases(p, 5, { frequency: 6, recency: 6, periods: 6 });
 * ```
 */
export function conditionalExpectedPurchases(params: BgBbParams, t: number, customer: BgBbCustomer): number;
export function conditionalExpectedPurchases(params: BgBbParams, t: number, customers: readonly BgBbCustomer[]): number[];
export function conditionalExpectedPurchases(params: BgBbParams, t: number, customer: BgBbCustomer | readonly BgBbCustomer[]): number | number[] {
  const p = checkParams(params);
  const h = checkPeriods(t, 't');
  const lbAB = logBeta(p.alpha, p.beta);
  const lbGD = logBeta(p.gamma, p.delta);
  const buf: number[] = [];
  return mapCustomers(customer, (c) => {
    if (h === 0) return 0;
    const ll = logLikelihoodOne(p, c.frequency, c.recency, c.periods, lbAB, lbGD, buf);
    const lp = logBeta(p.alpha + c.frequency + 1, p.beta + (c.periods - c.frequency)) - lbAB;
    return Math.exp(lp + logSumSurvival(p.gamma, p.delta, c.periods, h) - ll);
  });
}

/**
 * P(X(n) = x): probability a new customer transacts in exactly x of the first n periods
 * (FHS 2010 eq. 8). 11,104 × P(X(6) = x) gives the paper's expected donor counts.
 *
 * @example
 * ```ts
 * bgBb.probabilityOfPurchases({ alpha: 1.2035, beta: 0.7497, gamma: 0.6567, delta: 2.7834 }, 6, 0); // ≈ 0.3111
 * ```
 */
export function probabilityOfPurchases(params: BgBbParams, t: number, n: number): number {
  const p = checkParams(params);
  const periods = checkPeriods(t, 't');
  if (!(typeof n === 'number' && Number.isInteger(n) && n >= 0)) {
    invalidInput(['n'], 'n must be a non-negative integer', 'an integer ≥ 0', n);
  }
  if (n > periods) return 0;
  const x = n;
  const lbAB = logBeta(p.alpha, p.beta);
  const lbGD = logBeta(p.gamma, p.delta);
  const logChoose = (m: number, k: number) => -Math.log(m + 1) - logBeta(m - k + 1, k + 1);
  const terms: number[] = [logChoose(periods, x) + logBeta(p.alpha + x, p.beta + (periods - x)) - lbAB + logBetaShift(p.gamma, p.delta, periods)];
  for (let i = x; i < periods; i++) {
    terms.push(logChoose(i, x) + logBeta(p.alpha + x, p.beta + (i - x)) - lbAB + logBeta(p.gamma + 1, p.delta + i) - lbGD);
  }
  return Math.min(1, Math.exp(logSumExp(terms)));
}
