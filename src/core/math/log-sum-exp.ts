/**
 * ln(Σ exp(xᵢ)) without overflow: shift by the maximum first. Returns −Infinity for an empty
 * list or when every term is −Infinity.
 *
 * @example
 * ```ts
 * logSumExp([1000, 1000]); // 1000 + Math.LN2
 * ```
 */
export function logSumExp(values: ArrayLike<number>): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v > max) max = v;
  }
  if (max === Number.NEGATIVE_INFINITY || max === Number.POSITIVE_INFINITY) return max;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp((values[i]!) - max);
  return max + Math.log(sum);
}

/**
 * ln(exp(a) + exp(b)) for two terms.
 *
 * @example
 * ```ts
 * logAddExp(0, 0); // Math.LN2
 * ```
 */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/**
 * ln(exp(a) − exp(b)) for a ≥ b; −Infinity when a = b.
 *
 * @example
 * ```ts
 * logSubExp(Math.log(3), 0); // Math.log(2)
 * ```
 */
export function logSubExp(a: number, b: number): number {
  if (b === Number.NEGATIVE_INFINITY) return a;
  if (a < b) return Number.NaN;
  if (a === b) return Number.NEGATIVE_INFINITY;
  const d = b - a;
  // log1p(-exp(d)) loses accuracy when d is near 0; use log(-expm1(d)) there (Mächler 2012).
  return a + (d > -Math.LN2 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
}
