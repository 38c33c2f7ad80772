/**
 * Derivative-free minimisation by the Nelder–Mead simplex (Nelder & Mead 1965), with the
 * dimension-adaptive coefficients of Gao & Han (2012) and scipy's stopping rule (both the
 * simplex spread in x and in f below their tolerances). Models fit log-parameters with it, so
 * it works unconstrained.
 */

/** Options of {@link nelderMead}. */
export interface NelderMeadOptions {
  /** Stop when every vertex is within this of the best in every coordinate. Default 1e-8. */
  xTolerance?: number;
  /** Stop when every vertex's value is within this of the best. Default 1e-10. */
  fTolerance?: number;
  /** Maximum iterations. Default 200 × dimension. */
  maxIterations?: number;
  /** Initial step per coordinate (relative 5 % as in scipy, 0.00025 for zeros). */
  initialStep?: number | readonly number[];
}

/** Result of a minimisation. */
export interface MinimizeResult {
  /** The best point found. */
  x: number[];
  /** The objective at `x`. */
  value: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** Why it stopped. */
  message: string;
}

/**
 * Minimise `f` from `x0`. Non-finite objective values are treated as +Infinity (rejected points),
 * so an objective may return NaN outside its domain.
 *
 * @example
 * ```ts
 * const r = nelderMead(([x, y]) => (x! - 1) ** 2 + (y! + 2) ** 2, [0, 0]);
 * r.x; // ≈ [1, -2]
 * ```
 */
export function nelderMead(f: (x: readonly number[]) => number, x0: readonly number[], options: NelderMeadOptions = {}): MinimizeResult {
  const n = x0.length;
  const xTol = options.xTolerance ?? 1e-8;
  const fTol = options.fTolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 200 * Math.max(n, 1);
  let evaluations = 0;
  const evaluate = (x: readonly number[]): number => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  const alpha = 1;
  const beta = 1 + 2 / n;
  const gamma = 0.75 - 1 / (2 * n);
  const delta = 1 - 1 / n;

  const simplex: number[][] = [[...x0]];
  for (let i = 0; i < n; i++) {
    const v = [...x0];
    const step = options.initialStep === undefined ? undefined : typeof options.initialStep === 'number' ? options.initialStep : options.initialStep[i];
    const xi = v[i]!;
    v[i] = step !== undefined ? xi + step : xi !== 0 ? xi * 1.05 : 0.00025;
    simplex.push(v);
  }
  const values = simplex.map(evaluate);
  const order = simplex.map((_, i) => i);

  let iterations = 0;
  let converged = false;
  let message = 'maximum iterations reached';
  while (iterations < maxIterations) {
    order.sort((i, j) => (values[i]!) - (values[j]!));
    const best = order[0]!;
    const worst = order[n]!;
    const second = order[n - 1]!;
    // Convergence test (scipy): max |x_i - x_best| and max |f_i - f_best|.
    let xSpread = 0;
    let fSpread = 0;
    for (let k = 1; k <= n; k++) {
      const idx = order[k]!;
      fSpread = Math.max(fSpread, Math.abs((values[idx]!) - (values[best]!)));
      const vx = simplex[idx] as number[];
      const bx = simplex[best] as number[];
      for (let d = 0; d < n; d++) xSpread = Math.max(xSpread, Math.abs((vx[d]!) - (bx[d]!)));
    }
    if (xSpread <= xTol && fSpread <= fTol) {
      converged = true;
      message = 'converged';
      break;
    }
    iterations++;
    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) {
      const v = simplex[order[k]!] as number[];
      for (let d = 0; d < n; d++) centroid[d] = (centroid[d]!) + (v[d]!) / n;
    }
    const worstX = simplex[worst] as number[];
    const along = (t: number): number[] => centroid.map((c, d) => c + t * (c - (worstX[d]!)));
    const xr = along(alpha);
    const fr = evaluate(xr);
    if (fr < (values[best]!)) {
      const xe = along(alpha * beta);
      const fe = evaluate(xe);
      if (fe < fr) {
        simplex[worst] = xe;
        values[worst] = fe;
      } else {
        simplex[worst] = xr;
        values[worst] = fr;
      }
      continue;
    }
    if (fr < (values[second]!)) {
      simplex[worst] = xr;
      values[worst] = fr;
      continue;
    }
    // Contraction: outside when the reflected point beats the worst, inside otherwise.
    const outside = fr < (values[worst]!);
    const xc = along(outside ? alpha * gamma : -gamma);
    const fc = evaluate(xc);
    if (fc < (outside ? fr : (values[worst]!))) {
      simplex[worst] = xc;
      values[worst] = fc;
      continue;
    }
    // Shrink towards the best vertex.
    const bx = simplex[best] as number[];
    for (let k = 1; k <= n; k++) {
      const idx = order[k]!;
      const v = (simplex[idx] as number[]).map((c, d) => (bx[d]!) + delta * (c - (bx[d]!)));
      simplex[idx] = v;
      values[idx] = evaluate(v);
    }
  }
  order.sort((i, j) => (values[i]!) - (values[j]!));
  const bestIdx = order[0]!;
  return {
    x: [...(simplex[bestIdx] as number[])],
    value: values[bestIdx]!,
    iterations,
    evaluations,
    converged,
    message,
  };
}
