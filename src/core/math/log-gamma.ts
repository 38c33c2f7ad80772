/**
 * Natural log of the gamma function for x > 0.
 * Lanczos approximation with g = 607/128 and 15 terms (Godfrey's coefficients, as in Boost and
 * Numerical Recipes 3rd ed. §6.1) below 10; Stirling's series with five correction terms above
 * (Abramowitz & Stegun 6.1.41), which keeps relative error near machine precision for large x.
 * Returns Infinity at 0 and NaN for negative or NaN input (callers validate first).
 *
 * @example
 * ```ts
 * logGamma(0.5); // 0.5723649429247001  (= ln √π)
 * logGamma(10);  // 12.801827480081469  (= ln 9!)
 * ```
 */
export function logGamma(x: number): number {
  if (!(x >= 0)) return Number.NaN;
  if (x === 0) return Number.POSITIVE_INFINITY;
  if (x === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (x < 0.5) {
    // lgamma(x) = lgamma(x + 1) - ln x, exact and keeps accuracy for tiny x.
    return logGamma(x + 1) - Math.log(x);
  }
  if (x >= 10) {
    const inv = 1 / x;
    const inv2 = inv * inv;
    const series =
      inv *
      (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 * (1 / 1188)))));
    return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + series;
  }
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i]!) / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const HALF_LOG_2PI = 0.9189385332046728;
const LANCZOS_G = 607 / 128;
const LANCZOS = [
  0.99999999999999709182, 57.156235665862923517, -59.597960355475491248, 14.136097974741747174,
  -0.49191381609762019978, 0.33994649984811888699e-4, 0.46523628927048575665e-4, -0.98374475304879564677e-4,
  0.15808870322491248884e-3, -0.21026444172410488319e-3, 0.2174396181152126432e-3, -0.16431810653676389022e-3,
  0.84418223983852743293e-4, -0.2619083840158140867e-4, 0.36899182659531622704e-5,
];
