/**
 * Solve the small dense system A x = b (A row-major n × n) by Gaussian elimination with partial
 * pivoting (Golub & Van Loan, Matrix Computations, 4th ed., Algorithm 3.4.1, with back
 * substitution). For the 3 × 3 Newton steps and covariances of the spend model; a pivot below
 * 1e-300 or a non-finite solution gives `undefined` (singular to working precision), so callers
 * can damp or fall back. Symmetric positive definite systems have {@link choleskySolve}.
 *
 * @example
 * ```ts
 * solveLinear([2, 1, 1, 3], [3, 5]); // [0.8, 1.4]
 * ```
 */
export function solveLinear(A: ArrayLike<number>, b: readonly number[]): number[] | undefined {
  const n = b.length;
  // Augmented rows [A_r | b_r].
  const m: number[][] = [];
  for (let r = 0; r < n; r++) {
    const row = new Array<number>(n + 1);
    for (let c = 0; c < n; c++) row[c] = A[r * n + c]!;
    row[n] = b[r]!;
    m.push(row);
  }
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[piv]![c]!)) piv = r;
    [m[c], m[piv]] = [m[piv]!, m[c]!];
    const row = m[c]!;
    const pv = row[c]!;
    if (!(Math.abs(pv) > 1e-300)) return undefined;
    for (let r = c + 1; r < n; r++) {
      const other = m[r]!;
      const f = other[c]! / pv;
      for (let k = c; k <= n; k++) other[k] = other[k]! - f * row[k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    const row = m[r]!;
    let s = row[n]!;
    for (let k = r + 1; k < n; k++) s -= row[k]! * x[k]!;
    x[r] = s / row[r]!;
  }
  return x.every(Number.isFinite) ? x : undefined;
}
