/**
 * Internal: the Pareto/NBD log-likelihood and its analytic gradient (Fader & Hardie 2005 note,
 * eq. 22; the derivation and the numerics are in the header of ./pareto-nbd.ts), shared by the model
 * (./pareto-nbd.ts) and its static-covariate version (./pareto-nbd-covariates.ts), which evaluates it
 * per customer at that customer's α_i, β_i.
 */
import { digammaDifference, gaussLegendreNodes, logAddExp, logPochhammer, logSubExp } from '../core/math/index.js';
import { mapRows, type CompressedBtyd } from './kit/index.js';
import type { BtydCustomer, BtydData } from './types.js';

/**
 * Terms of the ₂F₁ series in ln H before falling back to quadrature (128 nodes). The series
 * crawls when z → 1 (α ≫ β or β ≫ α with heavy buyers): 10⁵ terms per row made a 6-row fit with
 * ~10⁵ repeat purchases run for minutes (issue 22); past this cap the quadrature is both cheaper
 * and accurate.
 */
const LOG_H_MAX_TERMS = 400;

/**
 * ln H(y) and its gradient w.r.t. (r, α, s, β), H as in the file header (up to the common factor),
 * i.e. ln of (α+y)^−(r+x) (β+y)^−s G (α ≥ β) or (α+y)^−(r+x−1) (β+y)^−(s+1) G (α < β).
 */
function logH(r: number, alpha: number, s: number, beta: number, x: number, y: number, grad: number[] | undefined): number {
  const m = r + s + x;
  const c = m + 1;
  const la = Math.log(alpha + y);
  const lb = Math.log(beta + y);
  const caseA = alpha >= beta;
  const e = caseA ? r + x : s + 1;
  const z = caseA ? (alpha - beta) / (alpha + y) : (beta - alpha) / (beta + y);
  // G = Σ q_n zⁿ, q_n = Π_{j<n} (e+j)/(c+j); derivatives: ∂/∂e, ∂/∂c via Σ q_n zⁿ S(n), ∂/∂z via Σ n q_n zⁿ⁻¹.
  let G = 1;
  let Ge = 0;
  let Gc = 0;
  let Gz = 0;
  // The series needs ~39/(1 − z) terms; past LOG_H_MAX_TERMS of them the quadrature is cheaper
  // (the boundary β ≫ α of no-dropout data puts every row there).
  if (z > 1 - 39 / LOG_H_MAX_TERMS) return Number.NaN;
  if (z > 0) {
    let q = 1;
    let zp = 1; // z^(n−1)
    let se = 0;
    let sc = 0;
    for (let n = 1; n < LOG_H_MAX_TERMS; n++) {
      const j = n - 1;
      se += 1 / (e + j);
      sc += 1 / (c + j);
      q *= (e + j) / (c + j);
      const term = q * zp * z;
      G += term;
      if (grad !== undefined) {
        Ge += term * se;
        Gc += term * sc;
        Gz += n * q * zp;
      }
      zp *= z;
      if (term < 1e-17 * G) break;
      // z → 1 with c − e → 0 makes the series crawl; report failure so callers integrate instead.
      if (n === LOG_H_MAX_TERMS - 1) return Number.NaN;
    }
  }
  const lG = Math.log(G);
  let value: number;
  if (caseA) value = -(r + x) * la - s * lb + lG;
  else value = -(r + x - 1) * la - (s + 1) * lb + lG;
  if (grad !== undefined) {
    const dlGde = Ge / G;
    const dlGdc = -Gc / G;
    const dlGdz = Gz / G;
    // c = r+s+x+1 depends on r and s.
    let dr = -la + dlGdc;
    let ds = -lb + dlGdc;
    let da: number;
    let db: number;
    if (caseA) {
      dr += dlGde;
      da = -(r + x) / (alpha + y) + dlGdz * ((beta + y) / ((alpha + y) * (alpha + y)));
      db = -s / (beta + y) + dlGdz * (-1 / (alpha + y));
    } else {
      ds += dlGde;
      da = -(r + x - 1) / (alpha + y) + dlGdz * (-1 / (beta + y));
      db = -(s + 1) / (beta + y) + dlGdz * ((alpha + y) / ((beta + y) * (beta + y)));
    }
    grad[0] = dr;
    grad[1] = da;
    grad[2] = ds;
    grad[3] = db;
  }
  return value;
}

/**
 * ln(m ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ) by composite Gauss–Legendre in u = ln(α+τ), where
 * the integrand (α+τ)^(1−r−x) (β+τ)^−(s+1) is smooth; log-space sums keep heavy buyers finite.
 * Used only where the closed form cancels (H(t_x) ≈ H(T)) or its series converges too slowly.
 * The optional gradient is that of the whole value, ln m included.
 */
function logA0ByQuadrature(r: number, alpha: number, s: number, beta: number, x: number, tx: number, T: number, grad?: number[]): number {
  const u0 = Math.log(alpha + tx);
  const u1 = Math.log(alpha + T);
  const logs = QUAD_LOGS;
  let top = Number.NEGATIVE_INFINITY;
  gaussLegendreNodes(u0, u1, { panels: QUAD_PANELS, points: 16 }, (u, w, j) => {
    const tau = Math.exp(u) - alpha; // α + τ = eᵘ
    const lbt = Math.log(beta + tau);
    QUAD_U[j] = u;
    QUAD_LBT[j] = lbt;
    const v = Math.log(w) + (1 - r - x) * u - (s + 1) * lbt;
    logs[j] = v;
    if (v > top) top = v;
  });
  const nodes = QUAD_LOGS.length;
  if (!(top > Number.NEGATIVE_INFINITY)) {
    // An empty interval (t_x = T to rounding): A₀ = 0.
    if (grad !== undefined) grad.fill(0);
    return Number.NEGATIVE_INFINITY;
  }
  // log-sum-exp over the nodes, then the gradient as the f-weighted mean of ∂ ln f/∂θ.
  let sum = 0;
  for (let j = 0; j < nodes; j++) sum += Math.exp((logs[j]!) - top);
  const total = top + Math.log(sum);
  if (grad !== undefined) {
    let g0 = 0;
    let g1 = 0;
    let g2 = 0;
    let g3 = 0;
    for (let j = 0; j < nodes; j++) {
      const wgt = Math.exp((logs[j]!) - total);
      const u = QUAD_U[j]!;
      const at = Math.exp(u);
      const lbt = QUAD_LBT[j]!;
      g0 -= wgt * u;
      g1 -= (wgt * (r + x)) / at;
      g2 -= wgt * lbt;
      g3 -= (wgt * (s + 1)) / (beta + (at - alpha));
    }
    // Limits are fixed in τ, so ∂/∂θ ln ∫ f dτ = E_f[∂ ln f/∂θ]; ln m adds 1/m to ∂/∂r and ∂/∂s.
    const m = r + s + x;
    grad[0] = g0 + 1 / m;
    grad[1] = g1;
    grad[2] = g2 + 1 / m;
    grad[3] = g3;
  }
  return Math.log(r + s + x) + total;
}

/** Panels of the 16-point rule in {@link logA0ByQuadrature}, and its scratch arrays (one value per node). */
const QUAD_PANELS = 8;
const QUAD_LOGS = new Float64Array(QUAD_PANELS * 16);
const QUAD_U = new Float64Array(QUAD_PANELS * 16);
const QUAD_LBT = new Float64Array(QUAD_PANELS * 16);

interface Parts {
  /** ln of the "alive at T" term (α+T)^−(r+x) (β+T)^−s. */
  lP: number;
  /** ln of (s/m)·A₀ (−Infinity when t_x = T). */
  lD: number;
}

/** Per-row bracket terms and (optionally) their gradients. */
/** The last H(T) computed, reused while consecutive (sorted) rows share x and T. */
interface HCache {
  x: number;
  T: number;
  l: number;
  g: number[] | undefined;
}

export function parts(r: number, alpha: number, s: number, beta: number, x: number, tx: number, T: number, gP?: number[], gD?: number[], cache?: HCache): Parts {
  const laT = Math.log(alpha + T);
  const lbT = Math.log(beta + T);
  const lP = -(r + x) * laT - s * lbT;
  if (gP !== undefined) {
    gP[0] = -laT;
    gP[1] = -(r + x) / (alpha + T);
    gP[2] = -lbT;
    gP[3] = -s / (beta + T);
  }
  const m = r + s + x;
  if (!(tx < T)) {
    if (gD !== undefined) gD.fill(0);
    return { lP, lD: Number.NEGATIVE_INFINITY };
  }
  const gA = gD === undefined ? undefined : [0, 0, 0, 0];
  let gB: number[] | undefined;
  let lB: number;
  if (cache !== undefined && cache.x === x && cache.T === T && (gD === undefined || cache.g !== undefined)) {
    lB = cache.l;
    gB = cache.g;
  } else {
    gB = gD === undefined ? undefined : [0, 0, 0, 0];
    lB = logH(r, alpha, s, beta, x, T, gB);
    if (cache !== undefined) {
      cache.x = x;
      cache.T = T;
      cache.l = lB;
      cache.g = gB;
    }
  }
  const lA = logH(r, alpha, s, beta, x, tx, gA);
  if (!(lA > lB) || Number.isNaN(lB)) {
    // H(t_x) − H(T) lost to rounding or to a series that did not converge: integrate A₀ directly.
    const lDiffQ = logA0ByQuadrature(r, alpha, s, beta, x, tx, T, gD);
    const lDq = Math.log(s) - Math.log(m) + lDiffQ;
    if (gD !== undefined) {
      gD[0] = (gD[0]!) - 1 / m;
      gD[2] = (gD[2]!) + 1 / s - 1 / m;
    }
    return { lP, lD: lDq };
  }
  const lDiff = logSubExp(lA, lB);
  const lD = Math.log(s) - Math.log(m) + lDiff;
  if (gD !== undefined && gA !== undefined && gB !== undefined) {
    const ratio = Math.exp(lB - lA);
    const den = 1 - ratio;
    for (let i = 0; i < 4; i++) gD[i] = ((gA[i]!) - ratio * (gB[i]!)) / den;
    gD[0] = (gD[0]!) - 1 / m;
    gD[2] = (gD[2]!) + 1 / s - 1 / m;
  }
  return { lP, lD };
}

export function logLik(d: CompressedBtyd, theta: readonly number[], g?: number[]): number {
  const [r, alpha, s, beta] = theta as [number, number, number, number];
  const lAlpha = Math.log(alpha);
  const lBeta = Math.log(beta);
  let total = 0;
  const acc = [0, 0, 0, 0];
  const gP = g === undefined ? undefined : [0, 0, 0, 0];
  const gD = g === undefined ? undefined : [0, 0, 0, 0];
  let lastX = -1;
  let Cx = 0;
  let dCr = 0;
  const cache: HCache = { x: -1, T: -1, l: 0, g: undefined };
  for (let i = 0; i < d.x.length; i++) {
    const x = d.x[i]!;
    if (x !== lastX) {
      lastX = x;
      Cx = logPochhammer(r, x) + r * lAlpha + s * lBeta;
      if (g !== undefined) dCr = digammaDifference(r, x) + lAlpha;
    }
    const w = d.w[i]!;
    const { lP, lD } = parts(r, alpha, s, beta, x, d.tx[i]!, d.T[i]!, gP, gD, cache);
    const lse = logAddExp(lP, lD);
    total += w * (Cx + lse);
    if (g !== undefined && gP !== undefined && gD !== undefined) {
      const w2 = lD === Number.NEGATIVE_INFINITY ? 0 : Math.exp(lD - lse);
      const w1 = 1 - w2;
      acc[0] = (acc[0]!) + w * (dCr + w1 * (gP[0]!) + w2 * (gD[0]!));
      acc[1] = (acc[1]!) + w * (r / alpha + w1 * (gP[1]!) + w2 * (gD[1]!));
      acc[2] = (acc[2]!) + w * (lBeta + w1 * (gP[2]!) + w2 * (gD[2]!));
      acc[3] = (acc[3]!) + w * (s / beta + w1 * (gP[3]!) + w2 * (gD[3]!));
    }
  }
  if (g !== undefined) for (let i = 0; i < 4; i++) g[i] = acc[i]!;
  return total;
}

/** P(alive | x, t_x, T) at θ = (r, α, s, β) (Fader & Hardie 2005 note, eq. 18), in log space. */
export function alive(theta: readonly number[], c: BtydCustomer): number {
  const [r, alpha, s, beta] = theta as [number, number, number, number];
  const { lP, lD } = parts(r, alpha, s, beta, c.frequency, c.recency, c.T);
  if (lD === Number.NEGATIVE_INFINITY) return 1;
  return Math.exp(lP - logAddExp(lP, lD));
}

/** (1 − (b/(b+t))^(s−1)) / (s−1), continuous at s = 1 (→ ln(1 + t/b)). */
export function lomaxFactor(s: number, b: number, t: number): number {
  const l = Math.log1p(t / b);
  const e = s - 1;
  if (Math.abs(e * l) < 1e-8) return l * (1 - (e * l) / 2);
  return -Math.expm1(-e * l) / e;
}

/**
 * E[Y(h) | x, t_x, T] and P(alive) of many customers in one pass (one P(alive) per
 * row, which E[Y(h)] multiplies; θ = (r, α, s, β), h checked): what the bootstrap predicts per draw.
 */
export function expectedAndAlive(theta: readonly number[], h: number, customers: BtydData): { expected: number[]; alive: number[] } {
  const [r, alpha, s, beta] = theta as [number, number, number, number];
  const aliveOut: number[] = [];
  const expected = mapRows(customers, (c) => {
    const a = alive(theta, c);
    aliveOut.push(a);
    return (((r + c.frequency) * (beta + c.T)) / (alpha + c.T)) * lomaxFactor(s, beta + c.T, h) * a;
  });
  return { expected, alive: aliveOut };
}
