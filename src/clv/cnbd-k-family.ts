/**
 * Internal: the (M)BG/CNBD-k family (Platzer & Reutterer 2016, "Ticking Away the Moments: Timing
 * Regularity Helps to Better Predict Customer Activity", Marketing Science 35(5) 779–799), shared
 * by `bgCnbdK` and `modifiedBgCnbdK`. While alive, a customer's inter-purchase times are Erlang-k
 * with rate λ ~ Gamma(r, α) — k = 1 is the Poisson process of the BG/NBD, larger k are more regular
 * buyers — and after each purchase they drop out with probability p ~ Beta(a, b): after repeat
 * purchases only (BG/CNBD-k, m = 0) or also right after the first (MBG/CNBD-k, m = 1).
 *
 * Per-customer log-likelihood (Platzer & Reutterer 2016 eq. A5; BTYDplus' `xbgcnbd.LL`):
 *   ln L = (k−1)·litt − x ln((k−1)!) + ln B(a, b+x+m) − ln B(a, b) + ln Γ(r+kx) − ln Γ(r)
 *          + r ln α − (r+kx) ln(α+T) + ln(S₁ + S₂),
 *   S₁ = [m = 1 or x > 0] · a/(b+x−1+m) · ((α+T)/(α+t_x))^(r+kx),
 *   S₂ = Σ_{j=0}^{k−1} (r+kx)_j/j! · ((T−t_x)/(α+T))^j,
 * where litt = Σ ln(inter-purchase times) (btydSummary's `regularity: true`). The first two terms do
 * not depend on (r, α, a, b): the fit for a given k runs on the compressed (x, t_x, T) rows and adds
 * them afterwards; they make log-likelihoods of different k comparable, which is how k is chosen
 * (BTYDplus' grid search: k = 1, 2, … until the log-likelihood falls twice in a row).
 * P(alive) = 1/(1 + S₁/S₂). ln S₁ and ln S₂ are added with logaddexp, so no power overflows.
 */
import { readOptions, invalidInput } from '../core/index.js';
import { digammaDifference, logGamma, logPochhammer } from '../core/math/index.js';
import { bgExpectedIfAlive } from './bg-family.js';
import { FIT_OPTION_KEYS, fitMaximumLikelihood } from './fit.js';
import { BG_BOUNDARIES, btydFittedOn, checkHorizon, compressBtyd, purchaseScale, envelopeFit, loadFit, mapCustomers, paramsVector, readFitUnit, rowCount, type ClvModelKind, type CompressedBtyd, type SavedFit } from './kit/index.js';
import type { BtydColumns, BtydCustomer, BtydData, FitOptions } from './types.js';

/** (M)BG/CNBD-k parameters: regularity k (a whole number ≥ 1), λ ~ Gamma(r, α), p ~ Beta(a, b). */
export interface CnbdKParams {
  k: number;
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** A customer with the sum of log inter-purchase times (needed when k > 1). */
export interface CnbdKCustomer extends BtydCustomer {
  /** Σ ln(time between consecutive purchases), in the data's unit: `btydSummary(…, { regularity: true })`. */
  litt?: number;
}

/** Options of the (M)BG/CNBD-k fit: the shared fit options plus the regularity. */
export interface CnbdKFitOptions extends FitOptions<CnbdKParams> {
  /** A whole number ≥ 1, or `'estimate'` (default): try k = 1 … `maxK` and keep the most likely. */
  k?: number | 'estimate';
  /** Largest k tried when estimating (default 12, as BTYDplus). */
  maxK?: number;
}

/** A fitted (M)BG/CNBD-k: the saved fit plus, when k was estimated, the log-likelihood of each k tried. */
export type CnbdKFit<K extends ClvModelKind> = SavedFit<CnbdKParams, K> & {
  /** Log-likelihood of the best fit at k = 1, 2, … (only when k was estimated). */
  logLikelihoodByK?: number[];
};

/** m = 0: BG/CNBD-k; m = 1: MBG/CNBD-k. */
export type CnbdVariant = 0 | 1;

const NAMES = ['r', 'alpha', 'a', 'b'] as const;
const DEFAULT_MAX_K = 12;

/** ln Σ_{j<k} (R)_j/j! u^j with R = r + kx and u = (T − t_x)/(α + T) ∈ [0, 1). All terms are positive. */
function logS2(k: number, R: number, u: number): number {
  let term = 1;
  let sum = 1;
  for (let j = 1; j < k; j++) {
    term *= ((R + j - 1) / j) * u;
    sum += term;
  }
  return Math.log(sum);
}

/** ln S₁ (−Infinity when the customer cannot have dropped out: BG variant with x = 0). */
function logS1(m: CnbdVariant, k: number, r: number, alpha: number, a: number, b: number, x: number, tx: number, T: number): number {
  if (m === 0 && x === 0) return Number.NEGATIVE_INFINITY;
  return Math.log(a) - Math.log(b + (x + m - 1)) + (r + k * x) * (Math.log(alpha + T) - Math.log(alpha + tx));
}

function logAddExp(p: number, q: number): number {
  if (p === Number.NEGATIVE_INFINITY) return q;
  return p > q ? p + Math.log1p(Math.exp(q - p)) : q + Math.log1p(Math.exp(p - q));
}

/**
 * The (r, α, a, b)-dependent part of the log-likelihood, summed over compressed rows, and its
 * gradient when `g` is given. With w₁ = S₁/(S₁+S₂), R = r + kx and u = (T − t_x)/(α + T):
 *   ∂/∂r = ψ(R) − ψ(r) + ln α − ln(α+T) + w₁·ln((α+T)/(α+t_x)) + w₂·Σ_j c_j Σ_{i<j} 1/(R+i) / S₂,
 *   ∂/∂α = r/α − R/(α+T) + w₁·R·(1/(α+T) − 1/(α+t_x)) − w₂·Σ_j j·c_j / (S₂·(α+T)),
 *   ∂/∂a = −[ψ(a+b+x+m) − ψ(a+b)] + w₁/a,
 *   ∂/∂b = [ψ(b+x+m) − ψ(b)] − [ψ(a+b+x+m) − ψ(a+b)] − w₁/(b+x+m−1),
 * where c_j = (R)_j/j!·u^j are the terms of S₂ (differentiating the per-customer formula above).
 */
function coreLogLikelihood(m: CnbdVariant, k: number, d: CompressedBtyd, theta: readonly number[], g?: number[]): number {
  const r = theta[0]!;
  const alpha = theta[1]!;
  const a = theta[2]!;
  const b = theta[3]!;
  if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return Number.NaN;
  const logAlpha = Math.log(alpha);
  let total = 0;
  let gr = 0, gal = 0, ga = 0, gb = 0; // the gradient: ∂/∂(r, α, a, b)
  // Rows come sorted by x (compressBtyd): the x-only terms are computed once per distinct x.
  let lastX = -1;
  let Ax = 0, dRx = 0, dab = 0, dbx = 0; // A(x), ψ(r+kx) − ψ(r), ψ(a+b+x+m) − ψ(a+b), ψ(b+x+m) − ψ(b)
  for (let i = 0; i < d.x.length; i++) {
    const x = d.x[i]!;
    if (x !== lastX) {
      lastX = x;
      Ax = logPochhammer(b, x + m) - logPochhammer(a + b, x + m) + logPochhammer(r, k * x);
      if (g !== undefined) {
        dRx = digammaDifference(r, k * x);
        dab = digammaDifference(a + b, x + m);
        dbx = digammaDifference(b, x + m);
      }
    }
    const tx = d.tx[i]!;
    const T = d.T[i]!;
    const w = d.w[i]!;
    const R = r + k * x;
    const lT = Math.log(alpha + T);
    const u = (T - tx) / (alpha + T);
    // S₂ and, for the gradient, Σ c_j·Σ_{i<j} 1/(R+i) and Σ j·c_j.
    let term = 1;
    let s2 = 1;
    let dR = 0;
    let harmonic = 0;
    let jc = 0;
    for (let j = 1; j < k; j++) {
      harmonic += 1 / (R + j - 1);
      term *= ((R + j - 1) / j) * u;
      s2 += term;
      dR += term * harmonic;
      jc += j * term;
    }
    const l2 = Math.log(s2);
    const second = m === 1 || x > 0;
    const bDen = b + (x + m - 1);
    const l1 = second ? Math.log(a) - Math.log(bDen) + R * (lT - Math.log(alpha + tx)) : Number.NEGATIVE_INFINITY;
    const mix = logAddExp(l1, l2);
    total += w * (Ax + r * logAlpha - R * lT + mix);
    if (g !== undefined) {
      const w1 = second ? Math.exp(l1 - mix) : 0;
      const w2 = 1 - w1;
      gr += w * (dRx + logAlpha - lT + (second ? w1 * (lT - Math.log(alpha + tx)) : 0) + (w2 * dR) / s2);
      gal += w * (r / alpha - R / (alpha + T) + (second ? w1 * R * (1 / (alpha + T) - 1 / (alpha + tx)) : 0) - (w2 * jc) / (s2 * (alpha + T)));
      ga += w * (-dab + w1 / a);
      gb += w * (dbx - dab - (second ? w1 / bDen : 0));
    }
  }
  if (g !== undefined) [g[0], g[1], g[2], g[3]] = [gr, gal, ga, gb];
  return total;
}

/** Σ w·[(k−1)·litt − x·ln((k−1)!)]: the part of the log-likelihood that depends only on k and the data. */
function regularityTerm(k: number, sumLitt: number, sumX: number): number {
  return k === 1 ? 0 : (k - 1) * sumLitt - sumX * logGamma(k);
}

/** Σ wᵢ·littᵢ and Σ wᵢ·xᵢ over the rows; `missing` is the first row without a finite litt. */
function regularitySums(data: BtydData, weights: ArrayLike<number> | undefined): { sumLitt: number; sumX: number; missing: number } {
  const n = rowCount(data);
  const columns = !Array.isArray(data);
  const littColumn = columns ? (data as BtydColumns & { litt?: ArrayLike<number> }).litt : undefined;
  let sumLitt = 0;
  let sumX = 0;
  let missing = -1;
  for (let i = 0; i < n; i++) {
    const w = weights === undefined ? 1 : (weights[i]!);
    const row = columns ? undefined : (data as readonly CnbdKCustomer[])[i];
    const litt = columns ? littColumn?.[i] : row?.litt;
    const x = columns ? ((data as BtydColumns).frequency[i] as number) : (row?.frequency as number);
    if (typeof litt === 'number' && Number.isFinite(litt)) sumLitt += w * litt;
    else if (missing < 0 && w > 0) missing = i;
    sumX += w * x;
  }
  return { sumLitt, sumX, missing };
}

function needLitt(missing: number): never {
  invalidInput([missing, 'litt'], 'k > 1 needs each customer’s litt (Σ ln inter-purchase times): build the rows with btydSummary(transactions, { …, regularity: true })', 'a finite number', undefined);
}

function readK(value: unknown, path: Array<string | number>): number {
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 1000)) {
    invalidInput(path, 'k must be a whole number ≥ 1 (the Erlang order of the inter-purchase times)', 'an integer in [1, 1000]', value);
  }
  return value;
}

/** Natural parameters [r, α, a, b] and k, checked. */
export function cnbdParams(p: CnbdKParams): { k: number; theta: number[] } {
  const theta = paramsVector(p, NAMES);
  return { k: readK(p.k, ['params', 'k']), theta };
}

/** Starting points: BG/NBD-like values with α scaled by k (the Erlang rate is k times the purchase rate). */
function starts(d: CompressedBtyd, k: number): { start: number[]; alternatives: number[][] } {
  const { rate } = purchaseScale(d);
  return {
    start: [1, (1 / rate) / k, 1, 3],
    alternatives: [
      [0.5, (0.5 / rate) / k, 0.8, 2.5],
      [2, (2 / rate) / k, 2, 10],
      [0.25, (0.25 / rate) / k, 0.5, 2],
    ],
  };
}

export function cnbdFit<K extends ClvModelKind>(m: CnbdVariant, kind: K, data: BtydData, options: CnbdKFitOptions = {}): CnbdKFit<K> {
  const o = readOptions(options, [...FIT_OPTION_KEYS, 'k', 'maxK']);
  const unit = readFitUnit(o.unit);
  const d = compressBtyd(data, options.weights);
  const sums = regularitySums(data, options.weights);
  // The shared optimiser reads the common options only; k and maxK are this family's.
  const { k: _k, maxK: _maxK, ...fitOptions } = options;
  const fitAt = (k: number) => {
    const { start, alternatives } = starts(d, k);
    const result = fitMaximumLikelihood<Omit<CnbdKParams, 'k'>>(
      { names: NAMES, logLikelihood: (t) => coreLogLikelihood(m, k, d, t), logLikelihoodWithGradient: (t, g) => coreLogLikelihood(m, k, d, t, g), start, alternativeStarts: alternatives, customers: d.total, boundaries: BG_BOUNDARIES },
      fitOptions,
    );
    return { ...result, logLikelihood: result.logLikelihood + regularityTerm(k, sums.sumLitt, sums.sumX) };
  };
  let best: ReturnType<typeof fitAt>;
  let bestK: number;
  let byK: number[] | undefined;
  if (o.k === undefined || o.k === 'estimate') {
    if (sums.missing >= 0) needLitt(sums.missing);
    const maxK = o.maxK === undefined ? DEFAULT_MAX_K : readK(o.maxK, ['options', 'maxK']);
    byK = [];
    best = fitAt(1);
    bestK = 1;
    byK.push(best.logLikelihood);
    for (let k = 2; k <= maxK; k++) {
      const f = fitAt(k);
      byK.push(f.logLikelihood);
      if (f.logLikelihood > best.logLikelihood) {
        best = f;
        bestK = k;
      }
      // BTYDplus' stopping rule: the log-likelihood fell at two consecutive k.
      if (k > 2 && (byK[k - 1]!) < (byK[k - 2]!) && (byK[k - 2]!) < (byK[k - 3]!)) break;
    }
  } else {
    bestK = readK(o.k, ['options', 'k']);
    if (bestK > 1 && sums.missing >= 0) needLitt(sums.missing);
    best = fitAt(bestK);
  }
  const saved = envelopeFit(best, kind, btydFittedOn(d), unit);
  const out = {
    ...saved,
    params: { k: bestK, ...saved.params },
    standardErrors: { k: null, ...saved.standardErrors },
  } as CnbdKFit<K>;
  if (byK !== undefined) out.logLikelihoodByK = byK;
  return out;
}

export function cnbdLoad<K extends ClvModelKind>(json: unknown, kind: K): SavedFit<CnbdKParams, K> {
  const fit = loadFit<CnbdKParams, K>(json, kind, ['k', ...NAMES]);
  readK(fit.params.k, ['model', 'params', 'k']);
  return fit;
}

/** Total log-likelihood Σ wᵢ ln Lᵢ, litt term included (so values for different k compare). */
export function cnbdLogLikelihood(m: CnbdVariant, params: CnbdKParams, data: BtydData, weights?: ArrayLike<number>): number {
  const { k, theta } = cnbdParams(params);
  const d = compressBtyd(data, weights);
  const sums = regularitySums(data, weights);
  if (k > 1 && sums.missing >= 0) needLitt(sums.missing);
  return coreLogLikelihood(m, k, d, theta) + regularityTerm(k, sums.sumLitt, sums.sumX);
}

/** P(alive | x, t_x, T) = 1/(1 + S₁/S₂) (Platzer & Reutterer 2016 eq. A10; BTYDplus' `xbgcnbd.PAlive`). */
export function cnbdProbabilityAlive(m: CnbdVariant, k: number, theta: readonly number[], c: BtydCustomer): number {
  const [r, alpha, a, b] = theta as [number, number, number, number];
  const { frequency: x, recency: tx, T } = c;
  const lo = logS1(m, k, r, alpha, a, b, x, tx, T) - logS2(k, r + k * x, (T - tx) / (alpha + T));
  return lo > 0 ? Math.exp(-lo) / (1 + Math.exp(-lo)) : 1 / (1 + Math.exp(lo));
}

/**
 * E[Y(t) | x, t_x, T] as BTYDplus computes it (`xbgcnbd.ConditionalExpectedTransactions`): the
 * BG/NBD (m = 0) or MBG/NBD (m = 1) expectation for a customer alive at T with α replaced by kα,
 * times the CNBD-k P(alive). Exact for k = 1; for k > 1 an approximation (there is no closed form).
 * BTYDplus then rescales a whole cohort (≥ 100 customers) so its total matches the unconditional
 * expectation; we do not, so one customer's prediction never depends on who else is in the array.
 */
export function cnbdConditionalExpected(m: CnbdVariant, k: number, theta: readonly number[], t: number, c: BtydCustomer): number {
  if (t === 0) return 0;
  const [r, alpha, a, b] = theta as [number, number, number, number];
  return bgExpectedIfAlive(m, [r, k * alpha, a, b], t, c) * cnbdProbabilityAlive(m, k, theta, c);
}

export { checkHorizon, mapCustomers };
