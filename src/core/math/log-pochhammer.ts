/**
 * ln of the Pochhammer symbol, ln (x)ₐ = ln Γ(x+a) − ln Γ(x), for x > 0 and real a ≥ 0 — the
 * log-gamma *ratio* every BTYD likelihood and survival curve is built from.
 *
 * Computing it as `logGamma(x + a) − logGamma(x)` loses everything when x ≫ a (two numbers of
 * size x ln x whose difference is a ln x): sBG survival B(α, β+t)/B(α, β) read 0.80 at t = 1e16.
 * Here:
 * - whole a ≤ 64: Σ_{j<a} ln(x+j) (exact to rounding, the Fader–Hardie stable form);
 * - otherwise the recurrence (x)ₐ = (x+1)ₐ · x/(x+a), i.e. ln (x)ₐ = ln (x+1)ₐ − log1p(a/x),
 *   lifts x to ≥ 30, where the difference of two Stirling series (Abramowitz & Stegun 6.1.41) is
 *   taken analytically:
 *     ln (x)ₐ = a ln x + (x + a − ½) log1p(a/x) − a + c(x+a) − c(x),
 *     c(z) = 1/(12z) − 1/(360z³) + 1/(1260z⁵) − 1/(1680z⁷),
 *   so no large number is ever subtracted from another (relative error ~1e-15; the truncated
 *   series term is below 1/(1188·30⁹) ≈ 4e-17).
 * Checked against mpmath (`loggamma(x+a) − loggamma(x)` at 50 digits) in
 * test/core/math/reference.test.ts.
 *
 * @example
 * ```ts
 * logPochhammer(2, 3);      // ln(2·3·4) = 3.1780538303479458
 * logPochhammer(1e16, 0.5); // 0.5 · ln 1e16 = 18.420680743952367
 * ```
 */
export function logPochhammer(x: number, a: number): number {
  if (a === 0) return 0;
  if (Number.isInteger(a) && a <= 64) {
    let s = 0;
    for (let j = 0; j < a; j++) s += Math.log(x + j);
    return s;
  }
  let shift = 0;
  while (x < 30) {
    shift -= Math.log1p(a / x);
    x += 1;
  }
  return shift + a * Math.log(x) + (x + a - 0.5) * Math.log1p(a / x) - a + (stirlingTail(x + a) - stirlingTail(x));
}

/** c(z) = 1/(12z) − 1/(360z³) + 1/(1260z⁵) − 1/(1680z⁷) (A&S 6.1.41), for z ≥ 30. */
function stirlingTail(z: number): number {
  const inv = 1 / z;
  const inv2 = inv * inv;
  return inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)));
}
