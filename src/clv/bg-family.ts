/**
 * Internal: the beta-geometric family shared by BG/NBD (Fader, Hardie & Lee 2005a, "Counting your
 * customers the easy way", Mkt Sci 24(2)) and MBG/NBD (Batislam, Denizel & Filiztekin 2007, IJRM
 * 24(3)). They differ in one place: MBG/NBD lets a customer drop out right after *any* purchase,
 * including the first, which shifts the beta function's second argument by k = 1.
 *
 * Per-customer likelihood (FHL 2005a eq. 6; Hardie note 027 for the numerically stable log form):
 *   L = B(a, b+x+k)/B(a,b) · Γ(r+x)α^r / (Γ(r)(α+T)^(r+x))
 *     + [x>0 or k=1] · B(a+1, b+x+k−1)/B(a,b) · Γ(r+x)α^r / (Γ(r)(α+t_x)^(r+x))
 * computed as ln L = A + logaddexp(B₁, B₂), A = lnΓ(r+x)−lnΓ(r) + r ln α + ln B(a,b+x+k) − ln B(a,b),
 * B₁ = −(r+x) ln(α+T), B₂ = ln a − ln(b+x+k−1) − (r+x) ln(α+t_x). No power is ever formed, so
 * x = 10,000 stays finite.
 */
import { budgetExceeded, readBudget, readOptions, invalidInput } from '../core/index.js';
import { digammaDifference, logGamma, logHyp2f1, logPochhammer } from '../core/math/index.js';
import { withValueIndex } from './btyd-data.js';
import { FIT_OPTION_KEYS, fitMaximumLikelihood } from './fit.js';
import { BG_BOUNDARIES, btydFittedOn, checkHorizon, compressBtyd, purchaseScale, envelopeFit, loadFit, mapCustomers, mapRows, oneCustomer, paramsVector, readFitUnit, type CompressedBtyd, type SavedFit } from './kit/index.js';
import type { BtydCustomer, BtydData, FitOptions } from './types.js';
import { simulateCustomers, type SimulatedBtyd, type SimulateOptions } from './kit/simulate.js';

/** Parameters of BG/NBD and MBG/NBD: purchase rate λ ~ Gamma(r, α); dropout p ~ Beta(a, b). */
export interface BgParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export const BG_NAMES = ['r', 'alpha', 'a', 'b'] as const;

/** The two models of the family. */
export type BgKind = 'bg-nbd' | 'mbg-nbd';

/** k = 0 for BG/NBD, 1 for MBG/NBD: the shift of the beta function's second argument. */
export type BgVariant = 0 | 1;

function variant(kind: BgKind): BgVariant {
  return kind === 'bg-nbd' ? 0 : 1;
}


/** Total log-likelihood (and gradient w.r.t. r, α, a, b when `g` is given) over compressed rows. */
export function bgLogLikelihood(k: BgVariant, d0: CompressedBtyd, theta: readonly number[], g?: number[]): number {
  const d = withValueIndex(d0);
  const r = theta[0]!;
  const alpha = theta[1]!;
  const a = theta[2]!;
  const b = theta[3]!;
  const logAlpha = Math.log(alpha);
  const logA = Math.log(a);
  // ln(α+T) and ln(α+t_x) once per distinct value.
  const lT = new Float64Array(d.uniqueT.length);
  for (let j = 0; j < lT.length; j++) lT[j] = Math.log(alpha + (d.uniqueT[j]!));
  const lTx = new Float64Array(d.uniqueTx.length);
  for (let j = 0; j < lTx.length; j++) lTx[j] = Math.log(alpha + (d.uniqueTx[j]!));
  const tIndex = d.tIndex;
  const txIndex = d.txIndex;
  let total = 0;
  let gr = 0, gal = 0, ga = 0, gb = 0; // the gradient: ∂/∂(r, α, a, b)
  const m = d.x.length;
  // Rows come sorted by x (compressBtyd): the x-only terms below are computed once per distinct x.
  let lastX = -1;
  let Ax = 0, dRx = 0, dAx = 0, dBx = 0; // A(x) and its x-dependent ∂/∂(r, a, b)
  let bDen = 0;
  let logCoef = 0;
  let hasSecond = false;
  for (let i = 0; i < m; i++) {
    const x = d.x[i]!;
    if (x !== lastX) {
      lastX = x;
      // A(x) = lnΓ(r+x) − lnΓ(r) + r ln α + [lnΓ(b+x+k) − lnΓ(b)] − [lnΓ(a+b+x+k) − lnΓ(a+b)]
      Ax = logPochhammer(r, x) + r * logAlpha + logPochhammer(b, x + k) - logPochhammer(a + b, x + k);
      hasSecond = x > 0 || k === 1;
      bDen = b + (x + k - 1); // b + x − 1 computed as b + (x − 1): tiny b stays exact (clv notes)
      logCoef = hasSecond ? logA - Math.log(bDen) : 0;
      if (g !== undefined) {
        dRx = digammaDifference(r, x) + logAlpha;
        const dab = digammaDifference(a + b, x + k);
        dAx = -dab;
        dBx = digammaDifference(b, x + k) - dab;
      }
    }
    const w = d.w[i]!;
    const lt = lT[tIndex[i]!] as number;
    const b1 = -(r + x) * lt;
    let ll: number;
    let w2 = 0;
    let ltx = 0;
    if (hasSecond) {
      ltx = lTx[txIndex[i]!] as number;
      const b2 = logCoef - (r + x) * ltx;
      // logaddexp(b1, b2) and the weight of the second term with one exp and one log1p
      if (b2 >= b1) {
        const e = Math.exp(b1 - b2);
        ll = Ax + b2 + Math.log1p(e);
        w2 = 1 / (1 + e);
      } else {
        const e = Math.exp(b2 - b1);
        ll = Ax + b1 + Math.log1p(e);
        w2 = e / (1 + e);
      }
    } else ll = Ax + b1;
    total += w * ll;
    if (g !== undefined) {
      const w1 = 1 - w2;
      gr += w * (dRx - w1 * lt - w2 * ltx);
      gal += w * (r / alpha - (r + x) * (w1 / (alpha + (d.T[i]!)) + w2 / (alpha + (d.tx[i]!))));
      ga += w * (dAx + w2 / a);
      gb += w * (dBx - (hasSecond ? w2 / bDen : 0));
    }
  }
  if (g !== undefined) [g[0], g[1], g[2], g[3]] = [gr, gal, ga, gb];
  return total;
}

/** Default and alternative starts, scaled to the data's time unit. */
function starts(d: CompressedBtyd): { start: number[]; alternatives: number[][] } {
  const { rate, meanT } = purchaseScale(d);
  // r = 1, α = r / rate (mean purchase rate matches); a = 1, b = 3 (a moderate dropout probability).
  const start = [1, 1 / rate, 1, 3];
  const alternatives = [
    [0.5, Math.max(meanT, 1e-3), 0.5, 2],
    [2, 2 / rate, 2, 10],
    [0.25, 0.25 / rate, 0.8, 2.5],
  ];
  return { start, alternatives };
}

function bgFit<K extends BgKind>(kind: K, data: BtydData, options: FitOptions<BgParams> = {}): SavedFit<BgParams, K> {
  readOptions(options, FIT_OPTION_KEYS);
  const k = variant(kind);
  const unit = readFitUnit(options.unit);
  const d = compressBtyd(data, options.weights);
  const { start, alternatives } = starts(d);
  const result = fitMaximumLikelihood<BgParams>(
    {
      names: BG_NAMES,
      logLikelihood: (t) => bgLogLikelihood(k, d, t),
      logLikelihoodWithGradient: (t, g) => bgLogLikelihood(k, d, t, g),
      start,
      alternativeStarts: alternatives,
      customers: d.total,
      boundaries: BG_BOUNDARIES,
    },
    options,
  );
  return envelopeFit(result, kind, btydFittedOn(d), unit);
}

/** Per-customer log-likelihoods, in input order. */
function bgIndividualLogLikelihoods(k: BgVariant, theta: readonly number[], data: BtydData): number[] {
  return mapRows(data, (c) => bgLogLikelihood(k, oneCustomer(c), theta));
}

/** ln of the odds "dropped out after the last purchase" : "alive" (0 terms → −Infinity). */
function logDeadOdds(k: BgVariant, t: readonly number[], x: number, tx: number, T: number): number {
  if (x === 0 && k === 0) return Number.NEGATIVE_INFINITY;
  const [r, alpha, a, b] = t as [number, number, number, number];
  return Math.log(a) - Math.log(b + (x + k - 1)) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
}

/** P(alive | x, t_x, T) = 1 / (1 + a/(b+x+k−1) · ((α+T)/(α+t_x))^(r+x)) (FHL 2005a eq. 11). */
function bgProbabilityAlive(k: BgVariant, t: readonly number[], c: BtydCustomer): number {
  const lo = logDeadOdds(k, t, c.frequency, c.recency, c.T);
  // 1/(1+e^lo) without overflow
  return lo > 0 ? Math.exp(-lo) / (1 + Math.exp(-lo)) : 1 / (1 + Math.exp(lo));
}

/**
 * 1 − (1−z)^(a−1) · ₂F₁(C−A, a−1; C; z): the bracket of FHL 2005a eq. 9/10 after Euler's
 * transformation ₂F₁(A,B;C;z) = (1−z)^(C−A−B) ₂F₁(C−A, C−B; C; z) with C − B = a − 1, which folds
 * ((α+T)/(α+T+t))^(r+x) into (1−z)^(a−1) and keeps heavy buyers (x ~ 10⁴) finite.
 */
function bracket(cMinusA: number, aMinus1: number, C: number, z: number, A: number, B: number): number {
  if (z === 0) return 0;
  const l1z = Math.log1p(-z);
  const f = logHyp2f1(cMinusA, aMinus1, C, z);
  if (f.lostDigits > 6) {
    // The transformed series cancels (large negative C − A with z near 1, e.g. a + b < 1 and
    // r ≫ 1): use the original form (1−z)^A ₂F₁(A, B; C; z), whose terms share one sign after
    // the first when C > −1.
    const g = logHyp2f1(A, B, C, z, { euler: false });
    if (g.lostDigits < f.lostDigits) return 1 - g.sign * Math.exp(A * l1z + g.log);
  }
  return 1 - f.sign * Math.exp(aMinus1 * l1z + f.log);
}

/** Evaluate g(a) near the removable singularity a = 1 by symmetric averaging. */
function nearOne(a: number, g: (a: number) => number): number {
  const h = 1e-6;
  if (Math.abs(a - 1) >= h) return g(a);
  return (g(1 - h) + g(1 + h)) / 2;
}

/**
 * E[Y(t) | x, t_x, T]: expected purchases in (T, T+t] (FHL 2005a eq. 10; MBG/NBD: Batislam et al.
 * 2007 eq. 12 as implemented in lifetimes).
 */
function bgConditionalExpected(k: BgVariant, theta: readonly number[], t: number, c: BtydCustomer): number {
  if (t === 0) return 0;
  const value = bgExpectedIfAlive(k, theta, t, c);
  const lo = logDeadOdds(k, theta, c.frequency, c.recency, c.T);
  // divide by 1 + e^lo
  return lo > 0 ? (value * Math.exp(-lo)) / (1 + Math.exp(-lo)) : value / (1 + Math.exp(lo));
}

/**
 * The bracket of FHL 2005a eq. 10 before the P(alive) factor: expected purchases in (T, T+t] of a
 * customer known to be alive at T. The (M)BG/CNBD-k approximation (./cnbd-k-family.ts) calls it
 * with α replaced by kα.
 */
export function bgExpectedIfAlive(k: BgVariant, theta: readonly number[], t: number, c: BtydCustomer): number {
  const [r, alpha, a0, b] = theta as [number, number, number, number];
  const { frequency: x, T } = c;
  if (t === 0) return 0;
  let value: number;
  if (useDropoutLimit(a0 + b, t / (alpha + T + t))) {
    // The a + b → ∞ limit model (one dropout probability p; see dropoutLimitExpected).
    value = dropoutLimitExpected(a0 / (a0 + b), r + x, alpha + T, t);
  } else {
    const z = t / (alpha + T + t);
    value = nearOne(a0, (a) => {
      const C = a + b + x + k - 1;
      const front = C / (a - 1);
      return front * bracket(C - r - x, a - 1, C, z, r + x, b + x + k);
    });
  }
  return value;
}

/**
 * Where a + b ≥ 1e6 (the boundary of kit/boundaries.ts) the dropout distribution Beta(a, b) is a
 * point mass at p = a/(a+b) up to Var(p) = p(1−p)/(a+b+1) ≤ 2.5e-7, and predictions use that
 * limit model in closed form (issue 18: BG/NBD tends to the NBD as p → 0). From a + b ≥ 1e4 the
 * limit is also used where the ₂F₁ series would need more than ~2e5 terms (≈ (a+b)·z/(1−z)):
 * there its relative error is ~Var(p) ≤ 2.5e-5, and no prediction takes more than a few ms.
 */
export const LIMIT_AB = 1e6;

function useDropoutLimit(ab: number, z: number): boolean {
  return ab >= LIMIT_AB || (ab >= 1e4 && (ab * z) / (1 - z) > 2e5);
}

/**
 * Expected purchases in the next t of a customer alive now, with purchase rate λ ~ Gamma(R, A)
 * and one dropout probability p after each purchase: the purchases before the first "fatal" one
 * are a thinned Poisson process, so E[Y | λ] = (1 − e^(−λpt))/p and, averaged over λ,
 * E[Y] = (1 − (A/(A+pt))^R)/p — the a + b → ∞ limit of FHL 2005a eq. 10, and the NBD's R·t/A
 * as p → 0 (computed with expm1/log1p so both ends are exact).
 */
export function dropoutLimitExpected(p: number, R: number, A: number, t: number): number {
  const u = (p * t) / A;
  if (u < 1e-300) return (R * t) / A;
  return -Math.expm1(-R * Math.log1p(u)) / p;
}

/** E[X(t)] for a new customer (FHL 2005a eq. 9; MBG/NBD: (b/(a−1))[1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))]). */
function bgExpected(k: BgVariant, theta: readonly number[], t: number): number {
  const [r, alpha, a0, b] = theta as [number, number, number, number];
  if (t === 0) return 0;
  if (useDropoutLimit(a0 + b, t / (alpha + t))) {
    // Limit model: BG/NBD customers start alive; MBG/NBD customers may drop out at time 0 (1 − p).
    const p = a0 / (a0 + b);
    return (k === 1 ? 1 - p : 1) * dropoutLimitExpected(p, r, alpha, t);
  }
  const z = t / (alpha + t);
  return nearOne(a0, (a) => {
    const C = a + b + k - 1;
    // BG/NBD: (a+b−1)/(a−1); MBG/NBD: b/(a−1).
    const lead = k === 0 ? (a + b - 1) / (a - 1) : b / (a - 1);
    return lead * bracket(C - r, a - 1, C, z, r, b + k);
  });
}

/**
 * P(X(t) = n) for a new customer (FHL 2005a eq. 8; MBG/NBD as in lifetimes): a beta-weighted NBD
 * mass plus the probability of having dropped out after exactly n purchases.
 */
function bgProbabilityOfPurchases(k: BgVariant, theta: readonly number[], t: number, n: number, maxTerms = DEFAULT_MAX_PMF_TERMS): number {
  // Budget (issue 22): the NBD sums below cost O(n) terms; refuse before summing.
  if (n > maxTerms) throw budgetExceeded({ code: 'BUDGET_EXCEEDED', option: ['options', 'maxTerms'], limit: maxTerms, what: 'pmf terms (n purchases)', count: n });
  const [r, alpha, a, b] = theta as [number, number, number, number];
  const logP = Math.log(t / (alpha + t));
  const logQ = Math.log(alpha / (alpha + t));
  // ln of NBD pmf at j: lnΓ(r+j) − lnΓ(r) − ln j! + r ln q + j ln p
  const nbd = (j: number): number => logPochhammer(r, j) - logGamma(j + 1) + r * logQ + (j === 0 ? 0 : j * logP);
  const logBetaRatio1 = logPochhammer(b, n + k) - logPochhammer(a + b, n + k);
  const first = t === 0 ? (n === 0 ? Math.exp(logBetaRatio1) : 0) : Math.exp(logBetaRatio1 + nbd(n));
  if (n === 0 && k === 0) return first;
  // B(a+1, b+n+k−1)/B(a,b) = a/(a+b) · [Γ(b+n+k−1)/Γ(b)] / [Γ(a+b+n+k)/Γ(a+b+1)]
  const logBetaRatio2 = Math.log(a) - Math.log(a + b) + logPochhammer(b, n + k - 1) - logPochhammer(a + b + 1, n + k - 1);
  // P(NBD ≥ n) = 1 − Σ_{j<n} pmf(j); use the upper tail directly when the lower sum is large.
  let tail: number;
  if (t === 0) tail = n === 0 ? 1 : 0;
  else {
    let lower = 0;
    for (let j = 0; j < n; j++) lower += Math.exp(nbd(j));
    if (lower < 0.5) tail = 1 - lower;
    else {
      tail = 0;
      for (let j = n; j < n + maxTerms; j++) {
        const v = Math.exp(nbd(j));
        tail += v;
        if (j > n + r && v <= 1e-17 * tail) break;
      }
    }
  }
  return first + Math.exp(logBetaRatio2) * tail;
}


/** Default budget of pmf terms in `probabilityOfPurchases` (`options.maxTerms`). */
export const DEFAULT_MAX_PMF_TERMS = 100_000;

/** Read `probabilityOfPurchases`' options: `{ maxTerms }`. */
function readPmfOptions(options: unknown): number {
  const o = readOptions(options, ['maxTerms']);
  return readBudget(o.maxTerms, ['options', 'maxTerms'], DEFAULT_MAX_PMF_TERMS);
}

export { readSimulateOptions, simulateCustomers, type DrawnCustomer, type SimulatedBtyd, type SimulateOptions } from './kit/simulate.js';

/**
 * Draw customers from the model (FHL 2005a §2 assumptions): λ ~ Gamma(r, α), p ~ Beta(a, b);
 * purchases are a Poisson(λ) process starting with the (uncounted) first purchase at 0; after each
 * repeat purchase (and, for MBG/NBD, also at time 0) the customer drops out with probability p.
 */
function bgSimulate(k: BgVariant, params: BgParams, options: SimulateOptions): SimulatedBtyd {
  const [r, alpha, a, b] = paramsVector(params, BG_NAMES) as [number, number, number, number];
  return simulateCustomers(options, (Ti, rng, countEvent, out) => {
    const lambda = rng.gamma(r, 1 / alpha);
    const p = rng.beta(a, b);
    let alive = !(k === 1 && rng.next() < p);
    let t = 0;
    while (alive) {
      t += rng.exponential(lambda);
      if (!(t <= Ti)) break;
      out.x++;
      countEvent(out.x);
      out.tx = t;
      if (rng.next() < p) alive = false;
    }
  });
}

/**
 * One model of the family: every public function of `bgNbd` (kind 'bg-nbd') and `modifiedBgNbd`
 * (kind 'mbg-nbd'), with the parameter, customer and horizon checks of the clv kit. The model
 * files (bg-nbd.ts, modified-bg-nbd.ts) export these under their own documentation.
 */
export interface BgModel<K extends BgKind> {
  fit(data: BtydData, options?: FitOptions<BgParams>): SavedFit<BgParams, K>;
  load(json: unknown): SavedFit<BgParams, K>;
  logLikelihood(params: BgParams, data: BtydData, options?: { weights?: ArrayLike<number> }): number;
  individualLogLikelihoods(params: BgParams, data: BtydData): number[];
  probabilityAlive: { (params: BgParams, customer: BtydCustomer): number; (params: BgParams, customers: BtydData): number[] };
  expectedPurchases(params: BgParams, t: number): number;
  conditionalExpectedPurchases: { (params: BgParams, t: number, customer: BtydCustomer): number; (params: BgParams, t: number, customers: BtydData): number[] };
  probabilityOfPurchases(params: BgParams, t: number, n: number, options?: { maxTerms?: number }): number;
  simulate(params: BgParams, options: SimulateOptions): SimulatedBtyd;
}

/**
 * θ = [r, α, a, b] of checked params. Predictions call this once per customer (customerLifetimeValue:
 * customers × periods times), so valid params are read by name on a fast path; anything else goes
 * to the kit's reader, which throws the usual error.
 */
function bgTheta(params: BgParams): number[] {
  if (typeof params === 'object' && params !== null) {
    const { r, alpha, a, b } = params;
    // typeof first: '2' > 0 is true in JavaScript.
    if (typeof r === 'number' && typeof alpha === 'number' && typeof a === 'number' && typeof b === 'number' && r > 0 && alpha > 0 && a > 0 && b > 0 && r < Infinity && alpha < Infinity && a < Infinity && b < Infinity) {
      return [r, alpha, a, b];
    }
  }
  return paramsVector(params, BG_NAMES);
}

/** The functions of BG/NBD (`'bg-nbd'`) or MBG/NBD (`'mbg-nbd'`). */
export function bgModel<K extends BgKind>(kind: K): BgModel<K> {
  const k = variant(kind);
  const theta = bgTheta;
  return {
    fit: (data, options = {}) => bgFit(kind, data, options),
    load: (json) => loadFit<BgParams, K>(json, kind, BG_NAMES),
    logLikelihood: (params, data, options = {}) => {
      const th = theta(params);
      return bgLogLikelihood(k, compressBtyd(data, options.weights), th);
    },
    individualLogLikelihoods: (params, data) => bgIndividualLogLikelihoods(k, theta(params), data),
    probabilityAlive: ((params: BgParams, customer: BtydCustomer | BtydData) => {
      const t = theta(params);
      return mapCustomers(customer, (c) => bgProbabilityAlive(k, t, c));
    }) as BgModel<K>['probabilityAlive'],
    expectedPurchases: (params, t) => {
      const th = theta(params);
      return bgExpected(k, th, checkHorizon(t));
    },
    conditionalExpectedPurchases: ((params: BgParams, t: number, customer: BtydCustomer | BtydData) => {
      const th = theta(params);
      const h = checkHorizon(t);
      return mapCustomers(customer, (c) => bgConditionalExpected(k, th, h, c));
    }) as BgModel<K>['conditionalExpectedPurchases'],
    probabilityOfPurchases: (params, t, n, options = {}) => {
      const maxTerms = readPmfOptions(options);
      const th = theta(params);
      const h = checkHorizon(t);
      if (!Number.isInteger(n) || n < 0) {
        invalidInput(['n'], 'n must be a non-negative integer', 'an integer ≥ 0', n);
      }
      return bgProbabilityOfPurchases(k, th, h, n, maxTerms);
    },
    simulate: (params, options) => bgSimulate(k, params, options),
  };
}
