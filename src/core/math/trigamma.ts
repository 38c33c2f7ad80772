/**
 * Trigamma ψ'(x) = d²/dx² ln Γ(x) for x > 0: the recurrence ψ'(x) = ψ'(x+1) + 1/x² up to x ≥ 7,
 * then the asymptotic series ψ'(x) ≈ 1/x + 1/(2x²) + Σ_{k≤9} B₂ₖ/x^(2k+1) (Abramowitz & Stegun
 * 6.4.6 and 6.4.12; the first omitted term, B₂₀/x²¹, is below 1e-15 at x = 7; a threshold of 7
 * keeps the recurrence short for the Gamma-Gamma Hessian's arguments px ≥ p). Relative
 * error below 1e-14, checked against mpmath's psi(1, x) in
 * test/core/math/accuracy.test.ts. Returns NaN for x ≤ 0 or NaN (callers validate first).
 *
 * @example
 * ```ts
 * trigamma(1); // ≈ 1.6449340668482264 (π²/6)
 * ```
 */
export function trigamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return 0;
  let result = 0;
  while (x < 7) {
    result += 1 / (x * x);
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  // Bernoulli terms B₂/x³ + B₄/x⁵ + …: B₂ₖ = 1/6, −1/30, 1/42, −1/30, 5/66, −691/2730, 7/6, −3617/510, 43867/798
  const series = 1 / 6 - inv2 * (1 / 30 - inv2 * (1 / 42 - inv2 * (1 / 30 - inv2 * (5 / 66 - inv2 * (691 / 2730 - inv2 * (7 / 6 - inv2 * (3617 / 510 - inv2 * (43867 / 798))))))));
  return result + inv + 0.5 * inv2 + inv * inv2 * series;
}
