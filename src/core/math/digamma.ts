/**
 * Digamma ψ(x) = d/dx ln Γ(x) for x > 0: recurrence ψ(x) = ψ(x+1) − 1/x up to x ≥ 6, then the
 * asymptotic series ψ(x) ≈ ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ) (Abramowitz & Stegun 6.3.5 and 6.3.18).
 * Absolute error below ~1e-15 for x ≥ 6 and near machine precision after the recurrence.
 * Returns NaN for x ≤ 0 or NaN (callers validate first).
 *
 * @example
 * ```ts
 * digamma(1); // -0.5772156649015329 (−γ, Euler–Mascheroni)
 * ```
 */
export function digamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  let result = 0;
  while (x < 6) {
    result -= 1 / x;
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  // Bernoulli terms: 1/12, −1/120, 1/252, −1/240, 1/132, −691/32760, 1/12
  const series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760 - inv2 / 12))))));
  return result + Math.log(x) - 0.5 * inv - series;
}
