/**
 * DERT for BG/NBD and MBG/NBD (no closed form; CLVTools 0.12 has DERT for the Pareto/NBD only).
 *
 * Derivation (our own, from the model definitions of Fader, Hardie & Lee 2005a, Marketing Science
 * 24(2), and Batislam, Denizel & Filiztekin 2007, IJRM 24(3)). A customer alive at T with purchase
 * rate λ and dropout probability p makes future purchases at the times of a Poisson(λ) process and
 * drops out after each with probability p, so the j-th future purchase happens (at time τ_j ~
 * Gamma(j, λ)) with probability (1−p)^(j−1). With continuous discounting at rate δ,
 *
 *   E[Σ_j e^(−δ τ_j) | λ, p, alive] = Σ_{j≥1} (1−p)^(j−1) (λ/(λ+δ))^j = λ/(δ + pλ).
 *
 * Given the data and alive at T, λ ~ Gamma(r+x, α+T) and p ~ Beta(a, b+x) (MBG/NBD: b+x+1, one
 * more survived dropout chance at time 0), independently, so with k = r+x, θ = α+T:
 *
 *   DERT = P(alive) · E_p[ E_λ[λ/(δ+pλ)] ] = P(alive) · E_p[ (k/p) · J(k+1, θδ/p) ],
 *
 * where J(m, z) = ∫₀^∞ e^(−zt)(1+t)^(−m) dt = U(1, 2−m, z) (`dert-tricomi-u.ts`; the λ-integral
 * E[1/(c+λ)] = θ J(k, θc) and 1 − zJ(k, z) = kJ(k+1, z) by parts). The p-expectation is a
 * documented quadrature (`dert-beta-expectation.ts`, tanh-sinh in logit p). As p → 0 the inner
 * term tends to k/(θδ), the NBD's DERT (E[λ]/δ); at the a + b → ∞ boundary (LIMIT_AB, the limit
 * model of `bg-family.ts`) Beta(a, b) is the point mass p = a/(a+b).
 */
import { LIMIT_AB, type BgParams } from './bg-family.js';
import * as bgNbdModel from './bg-nbd.js';
import * as modifiedBgNbdModel from './modified-bg-nbd.js';
import { betaQuadrature, type BetaNodes } from './dert-beta-expectation.js';
import { logResidualIntegral } from './dert-tricomi-u.js';
import type { BtydCustomer } from './types.js';

/** E_λ[λ/(δ+pλ)] for λ ~ Gamma(k, rate θ), in log space: ln k − ln p + ln J(k+1, θδ/p). */
function inner(k: number, thetaDelta: number, p: number): number {
  if (p === 0) return k / thetaDelta;
  const z = thetaDelta / p;
  if (!Number.isFinite(z)) return k / thetaDelta;
  return Math.exp(Math.log(k) - Math.log(p) + logResidualIntegral(k + 1, z));
}

/**
 * A DERT evaluator for one parameter vector: caches the Beta nodes per frequency and the result
 * per (frequency, recency, T).
 */
export function bgFamilyDert(variant: 0 | 1, params: BgParams, delta: number): (c: BtydCustomer) => number {
  const { r, alpha, a, b } = params;
  const alive = variant === 0 ? bgNbdModel.probabilityAlive : modifiedBgNbdModel.probabilityAlive;
  const nodes = new Map<number, BetaNodes>();
  const limit = a + b >= LIMIT_AB;
  const expectations = new Map<string, number>(); // E_p[…] depends on (x, T) only, not on recency
  return (c) => {
    const x = c.frequency;
    const k = r + x;
    const td = (alpha + c.T) * delta;
    const key = `${x}|${c.T}`;
    let e = expectations.get(key);
    if (e !== undefined) {
      // cached
    } else if (limit) {
      e = inner(k, td, a / (a + b));
    } else {
      let q = nodes.get(x);
      if (q === undefined) {
        q = betaQuadrature(a, b + x + variant);
        nodes.set(x, q);
      }
      e = 0;
      for (let i = 0; i < q.w.length; i++) e += (q.w[i]!) * inner(k, td, q.p[i]!);
    }
    expectations.set(key, e);
    return alive(params, { frequency: c.frequency, recency: c.recency, T: c.T }) * e;
  };
}
