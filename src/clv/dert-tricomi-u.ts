/**
 * The confluent hypergeometric function of the second kind (Tricomi's U) in the two shapes the
 * DERT formulas need, in log space:
 *
 *   J(m, z) = ∫₀^∞ e^(−z t) (1+t)^(−m) dt = U(1, 2−m, z)              (DLMF 13.4.4, a = 1)
 *   U(s, s, z) = z^(1−s) U(1, 2−s, z) = z^(1−s) J(s, z) = e^z Γ(1−s, z)   (DLMF 13.2.40 Kummer's
 *                                                                        transformation; 13.6.6)
 *
 * for m > 0, z > 0. Two evaluations, each where it converges fast:
 *
 * - z ≥ 3 or m ≥ 8: Legendre's continued fraction for the incomplete gamma function
 *   (DLMF 8.9.2; Numerical Recipes 3rd ed. §6.2, eq. 6.2.7) with a = 1 − m, which gives
 *   J(m, z) = 1/(z+m − 1·m/(z+m+2 − 2(m+1)/(z+m+4 − …))), evaluated by the modified Lentz method
 *   (Numerical Recipes §5.2). All quantities stay O(1): no exponentials, no overflow.
 * - z < 3 and m < 8: write m = m₀ + n with m₀ ∈ (½, 1½] (or m₀ = m when m ≤ ½), a = 1 − m₀ ∈
 *   [−½, ½). Γ(a, z) = Γ(a) − γ(a, z) with γ's power series (DLMF 8.7.1/8.5.1) rearranged as
 *   Γ(a, z) = (Γ(1+a) − 1)/a − expm1(a ln z)/a − z^a Σ_{k≥1} (−z)^k/(k!(k+a)),
 *   which is smooth through a = 0 (where it is E₁(z) = −γ − ln z − Σ…, DLMF 6.6.2): (Γ(1+a) − 1)/a
 *   comes from the Taylor series of 1/Γ (Abramowitz & Stegun 6.1.34) and expm1 keeps its digits.
 *   Then J(m₀, z) = e^z z^(−a) Γ(a, z), and the upward recurrence J(m+1, z) = (1 − z J(m, z))/m
 *   (integration by parts of J) climbs to m; an error is multiplied by z/m per step, so for
 *   z < 3 and m₀ > ½ it grows by at most ~20 over the whole climb (checked against mpmath).
 */
import { logGamma } from '../core/math/log-gamma.js';

/** Abramowitz & Stegun 6.1.34: 1/Γ(x) = Σ_{k=1}^{26} c_k x^k (|x| ≤ 1); here c_2 … c_26. */
const RECIPROCAL_GAMMA = [
  0.5772156649015329, -0.6558780715202538, -0.0420026350340952, 0.1665386113822915, -0.0421977345555443, -0.009621971527877, 0.007218943246663,
  -0.0011651675918591, -0.0002152416741149, 0.0001280502823882, -0.0000201348547807, -0.0000012504934821, 0.000001133027232, -0.0000002056338417,
  0.000000006116095, 0.0000000050020075, -0.0000000011812746, 0.0000000001043427, 0.0000000000077823, -0.0000000000036968, 0.00000000000051,
  -0.0000000000000206, -0.0000000000000054, 0.0000000000000014, 0.0000000000000001,
];

/** (Γ(1+a) − 1)/a for |a| ≤ ½, without cancellation at a → 0 (→ −γ). */
function gammaOnePlusMinusOneOverA(a: number): number {
  // 1/Γ(1+a) = Σ c_k a^(k−1) = 1 + a·h(a), h(a) = c_2 + c_3 a + …; Γ(1+a) − 1 = −a·h(a)·Γ(1+a).
  let h = 0;
  for (let k = RECIPROCAL_GAMMA.length - 1; k >= 0; k--) h = h * a + (RECIPROCAL_GAMMA[k]!);
  const gamma1a = 1 / (1 + a * h);
  return -h * gamma1a;
}

/** Γ(a, z) for a ∈ [−½, 1), 0 < z < 1 (the rearranged series above). */
function upperGammaSmallZ(a: number, z: number): number {
  const lnz = Math.log(z);
  const head = Math.abs(a) <= 0.5 ? gammaOnePlusMinusOneOverA(a) : Math.expm1(logGamma1p(a)) / a;
  const power = a === 0 ? lnz : Math.expm1(a * lnz) / a;
  let sum = 0;
  let term = 1; // (−z)^k / k!
  for (let k = 1; k < 200; k++) {
    term *= -z / k;
    const add = term / (k + a);
    sum += add;
    if (Math.abs(add) <= 1e-17 * Math.abs(sum)) break;
  }
  return head - power - Math.exp(a * lnz) * sum;
}

/** ln Γ(1+a) for a ∈ (½, 1) (plain Lanczos is accurate there: Γ(1+a) ∈ [0.88, 1]). */
function logGamma1p(a: number): number {
  return logGamma(1 + a);
}

/** J(m, z) by Legendre's continued fraction (modified Lentz). */
function continuedFraction(m: number, z: number): number {
  const tiny = 1e-300;
  let f = z + m;
  let C = f;
  let D = 0;
  for (let n = 1; n < 100_000; n++) {
    const an = -n * (m + n - 1);
    const bn = z + m + 2 * n;
    D = bn + an * D;
    if (Math.abs(D) < tiny) D = tiny;
    C = bn + an / C;
    if (Math.abs(C) < tiny) C = tiny;
    D = 1 / D;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 / f;
}

/**
 * ln J(m, z) = ln ∫₀^∞ e^(−z t)(1+t)^(−m) dt = ln U(1, 2−m, z), for m > 0 and z > 0
 * (see the file header for the method and its sources). Finite for every positive finite input.
 *
 * @example
 * ```ts
 * Math.exp(logResidualIntegral(1, 1)); // 0.59634736232319 (= e·E₁(1))
 * Math.exp(logResidualIntegral(0.5, 0.1)); // 4.05565079204196
 * ```
 */
export function logResidualIntegral(m: number, z: number): number {
  if (z >= 3 || m >= 8) return Math.log(continuedFraction(m, z));
  // m = m0 + n, m0 ∈ (½, 1½] (or m0 = m ≤ ½)
  const n = m <= 1.5 ? 0 : Math.ceil(m - 1.5);
  const m0 = m - n;
  const a = 1 - m0;
  let J = Math.exp(z - a * Math.log(z)) * upperGammaSmallZ(a, z);
  let mm = m0;
  for (let k = 0; k < n; k++) {
    J = (1 - z * J) / mm;
    mm += 1;
  }
  return Math.log(J);
}

/**
 * ln U(s, s, z) = (1 − s) ln z + ln J(s, z) (Kummer's transformation, DLMF 13.2.40), for s > 0
 * and z > 0: the function in Fader, Hardie & Lee's (2005b) Pareto/NBD DERT, which CLVTools
 * evaluates with GSL's `hyperg_U` (`clv::vec_x_kummerU`).
 *
 * @example
 * ```ts
 * Math.exp(logTricomiUss(0.5, 0.1)); // 1.28250938971185
 * ```
 */
export function logTricomiUss(s: number, z: number): number {
  return (1 - s) * Math.log(z) + logResidualIntegral(s, z);
}

