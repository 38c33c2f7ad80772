/**
 * Cholesky factorisation of a symmetric positive-definite matrix (Golub & Van Loan, Matrix
 * Computations, Alg. 4.2.1) and the solves and inverse built on it. Matrices are row-major
 * `number[][]`; small (a model's parameters), so clarity wins over blocking.
 */

/** The lower-triangular L with A = L Lᵀ, or `undefined` when A is not (numerically) positive definite. */
export function cholesky(a: readonly (readonly number[])[]): number[][] | undefined {
  const n = a.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let d = a[j]![j]!;
    for (let k = 0; k < j; k++) d -= l[j]![k]! ** 2;
    // Relative pivot check: a pivot lost to rounding means a singular (collinear) matrix.
    if (!(d > 1e-12 * Math.max(1, Math.abs(a[j]![j]!)))) return undefined;
    const root = Math.sqrt(d);
    l[j]![j] = root;
    for (let i = j + 1; i < n; i++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = s / root;
    }
  }
  return l;
}

/**
 * Solve A x = b given A's Cholesky factor L.
 *
 * @example
 * ```ts
 * choleskySolve(cholesky([[4, 2], [2, 3]])!, [2, 1]); // [0.5, 0]
 * ```
 */
export function choleskySolve(l: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = l.length;
  const y = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i]![k]! * y[k]!;
    y[i] = s / l[i]![i]!;
  }
  const x = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k]![i]! * x[k]!;
    x[i] = s / l[i]![i]!;
  }
  return x;
}

/** A⁻¹ from A's Cholesky factor L (column by column). */
export function choleskyInverse(l: readonly (readonly number[])[]): number[][] {
  const n = l.length;
  const inv = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    const e = new Array<number>(n).fill(0);
    e[j] = 1;
    const col = choleskySolve(l, e);
    for (let i = 0; i < n; i++) inv[i]![j] = col[i]!;
  }
  return inv;
}
