import { solveLinear } from './solve-linear.js';

/** Options of {@link dampedNewton}. */
export interface DampedNewtonOptions {
  /** Stop when every component of the (scaled) gradient in u is at most this. */
  tolerance: number;
  /** Newton iterations at most; `undefined` is returned if they do not reach the tolerance. */
  maxIterations: number;
  /** The gradient and Hessian are divided by this before the test and the step (e.g. the number of customers, so the tolerance is per customer). Default 1. */
  scale?: number;
  /** θᵢ > lowerBoundsᵢ (default 0 for every parameter): the method works on uᵢ = ln(θᵢ − lowerBoundsᵢ). */
  lowerBounds?: readonly number[];
}

/** Result of {@link dampedNewton}: the maximiser θ, the objective there, and its Hessian in θ. */
export interface DampedNewtonResult {
  theta: number[];
  value: number;
  iterations: number;
  /** Row-major Hessian of the objective in θ at the maximiser (for standard errors). */
  hessian: Float64Array;
}

/**
 * Maximise a smooth objective f(θ) over θ > lowerBounds with Newton's method on u = ln(θ − lower)
 * (Nocedal & Wright, Numerical Optimization, 2nd ed., §3.3–3.4): the step solves
 * (−H_u + λI) δ = g_u with g_u = m∘g, H_u = diag(m) H diag(m) + diag(m∘g), m = θ − lower;
 * Levenberg–Marquardt damping λ grows ×10 while the step is not an ascent direction (or no
 * backtracking step is accepted) and shrinks ÷10 after an accepted step; steps longer than 2 in u
 * are shortened and halved up to 30 times until f does not decrease. `objective(θ, grad, hess)`
 * returns f(θ) and fills the gradient and the row-major Hessian in θ; a non-finite value rejects
 * the point. Returns `undefined` when the method fails (callers fall back to BFGS).
 *
 * @example
 * ```ts
 * // maximise ln θ − θ/2 (maximum at θ = 2)
 * const r = dampedNewton((t, g, h) => { g[0] = 1 / t[0]! - 0.5; h[0] = -1 / t[0]! ** 2; return Math.log(t[0]!) - t[0]! / 2; }, [1], { tolerance: 1e-12, maxIterations: 50 });
 * r?.theta[0]; // ≈ 2
 * ```
 */
export function dampedNewton(
  objective: (theta: readonly number[], grad: number[], hess: Float64Array) => number,
  start: readonly number[],
  options: DampedNewtonOptions,
): DampedNewtonResult | undefined {
  const { tolerance, maxIterations } = options;
  const scale = options.scale ?? 1;
  const n = start.length;
  const offsets = options.lowerBounds ?? new Array<number>(n).fill(0);
  const fromU = (v: readonly number[]): number[] => v.map((ui, i) => offsets[i]! + Math.exp(ui));
  let u = start.map((t, i) => Math.log(t - offsets[i]!));
  if (!u.every(Number.isFinite)) return undefined;
  const grad = new Array<number>(n).fill(0);
  const hess = new Float64Array(n * n);
  let theta = fromU(u);
  let value = objective(theta, grad, hess);
  if (!Number.isFinite(value)) return undefined;
  let lambda = 0;
  for (let it = 1; it <= maxIterations; it++) {
    // Gradient and Hessian of f/scale in u, with m = θ − lower: dθᵢ/duᵢ = mᵢ.
    const m = theta.map((t, i) => t - offsets[i]!);
    const gu = m.map((t, i) => (t * grad[i]!) / scale);
    const Hu = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) Hu[i * n + j] = (m[i]! * m[j]! * hess[i * n + j]!) / scale;
      Hu[i * (n + 1)] = Hu[i * (n + 1)]! + gu[i]!;
    }
    if (Math.max(...gu.map(Math.abs)) <= tolerance) return { theta, value, iterations: it - 1, hessian: hess };
    // Newton step on −f: (−H_u + λI) δ = g_u.
    let accepted = false;
    for (let attempt = 0; attempt < 30 && !accepted; attempt++) {
      const M = Array.from(Hu, (v) => -v);
      for (let i = 0; i < n; i++) M[i * (n + 1)] = M[i * (n + 1)]! + lambda;
      const delta = solveLinear(M, gu);
      // Require an ascent direction for f (δ·g_u > 0); otherwise raise the damping.
      let slope = 0;
      if (delta !== undefined) for (let i = 0; i < n; i++) slope += delta[i]! * gu[i]!;
      if (delta === undefined || !(slope > 0)) {
        lambda = lambda === 0 ? 1e-3 : lambda * 10;
        continue;
      }
      const maxStep = Math.max(...delta.map(Math.abs));
      let stepLen = maxStep > 2 ? 2 / maxStep : 1;
      for (let k = 0; k < 30; k++) {
        const uNew = u.map((v, i) => v + stepLen * delta[i]!);
        const tNew = fromU(uNew);
        const gNew = new Array<number>(n).fill(0);
        const hNew = new Float64Array(n * n);
        const vNew = objective(tNew, gNew, hNew);
        if (Number.isFinite(vNew) && vNew >= value - 1e-12 * Math.abs(value)) {
          u = uNew;
          theta = tNew;
          value = vNew;
          for (let i = 0; i < n; i++) grad[i] = gNew[i]!;
          hess.set(hNew);
          accepted = true;
          break;
        }
        stepLen /= 2;
      }
      if (!accepted) lambda = lambda === 0 ? 1e-3 : lambda * 10;
      else lambda = lambda / 10 < 1e-9 ? 0 : lambda / 10;
    }
    if (!accepted) return undefined;
  }
  return undefined;
}
