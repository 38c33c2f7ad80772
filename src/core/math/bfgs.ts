/**
 * Quasi-Newton minimisation: BFGS with the inverse-Hessian update and a strong-Wolfe line search
 * (Nocedal & Wright, Numerical Optimization, 2nd ed. 2006, Alg. 6.1 and Alg. 3.5/3.6; initial
 * scaling H₀ = (yᵀs / yᵀy)·I from eq. 6.20). Needs the gradient; non-finite objective values are
 * treated as +Infinity so the line search backs off out-of-domain points.
 */
import type { MinimizeResult } from './nelder-mead.js';

/** Options of {@link bfgs}. */
export interface BfgsOptions {
  /** Stop when max |∇f| is below this. Default 1e-8. */
  gradientTolerance?: number;
  /** Maximum iterations. Default 200. */
  maxIterations?: number;
  /** Stop when a step changes f by less than this relative amount twice in a row. Default 1e-15. */
  fTolerance?: number;
  /** Largest step length (in x units) a line search may try. Default 10. */
  maxStep?: number;
  /**
   * A starting inverse Hessian (n × n, row-major; symmetric positive definite), e.g. from an
   * earlier fit of nearby data: the first step is then a full quasi-Newton step instead of a short
   * gradient step with the identity (and the eq. 6.20 rescaling is skipped).
   */
  initialInverseHessian?: ArrayLike<number>;
}

/** Result of {@link bfgs}: a {@link MinimizeResult} plus the final gradient. */
export interface BfgsResult extends MinimizeResult {
  gradient: number[];
}

/**
 * Objective with gradient: return f(x) and write ∇f(x) into `gradient` (length n).
 */
export type ValueAndGradient = (x: readonly number[], gradient: number[]) => number;

function maxAbs(v: readonly number[]): number {
  let m = 0;
  for (const e of v) m = Math.max(m, Math.abs(e));
  return m;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]!) * (b[i]!);
  return s;
}

/**
 * Minimise a smooth function from `x0` given its gradient.
 *
 * @example
 * ```ts
 * const r = bfgs((x, g) => {
 *   g[0] = 2 * (x[0]! - 1);
 *   g[1] = 20 * (x[1]! + 2);
 *   return (x[0]! - 1) ** 2 + 10 * (x[1]! + 2) ** 2;
 * }, [0, 0]);
 * r.x; // ≈ [1, -2]
 * ```
 */
export function bfgs(f: ValueAndGradient, x0: readonly number[], options: BfgsOptions = {}): BfgsResult {
  const n = x0.length;
  const gtol = options.gradientTolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 200;
  const ftol = options.fTolerance ?? 1e-15;
  const maxStep = options.maxStep ?? 10;
  let evaluations = 0;
  const evaluate = (x: readonly number[], g: number[]): number => {
    evaluations++;
    const v = f(x, g);
    if (!Number.isFinite(v)) return Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) if (!Number.isFinite(g[i]!)) return Number.POSITIVE_INFINITY;
    return v;
  };

  let x = [...x0];
  let g = new Array<number>(n).fill(0);
  let fx = evaluate(x, g);
  if (fx === Number.POSITIVE_INFINITY) {
    return { x, value: fx, iterations: 0, evaluations, converged: false, message: 'objective or gradient not finite at the starting point', gradient: g };
  }
  // Inverse Hessian approximation, row-major.
  const H = new Float64Array(n * n);
  for (let i = 0; i < n; i++) H[i * n + i] = 1;
  let firstStep = true;
  if (options.initialInverseHessian !== undefined && options.initialInverseHessian.length === n * n) {
    H.set(options.initialInverseHessian);
    firstStep = false;
  }
  let iterations = 0;
  let smallChanges = 0;
  let converged = false;
  let message = 'maximum iterations reached';
  const p = new Array<number>(n).fill(0);
  const xNew = new Array<number>(n).fill(0);
  let gNew = new Array<number>(n).fill(0);

  while (iterations < maxIterations) {
    if (maxAbs(g) <= gtol) {
      converged = true;
      message = 'gradient below tolerance';
      break;
    }
    iterations++;
    // p = -H g
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += (H[i * n + j]!) * (g[j]!);
      p[i] = -s;
    }
    let slope = dot(p, g);
    if (!(slope < 0)) {
      // Not a descent direction: reset to steepest descent.
      H.fill(0);
      for (let i = 0; i < n; i++) {
        H[i * n + i] = 1;
        p[i] = -(g[i]!);
      }
      slope = dot(p, g);
    }
    const pNorm = Math.sqrt(dot(p, p));
    let alphaMax = pNorm > 0 ? maxStep / pNorm : 1;
    let alpha = Math.min(1, alphaMax);
    if (firstStep) alpha = Math.min(alpha, 1 / Math.max(1, maxAbs(g)));
    if (alphaMax < alpha) alphaMax = alpha;

    // Strong-Wolfe line search (N&W Alg. 3.5 with zoom, Alg. 3.6), c1 = 1e-4, c2 = 0.9.
    const c1 = 1e-4;
    const c2 = 0.9;
    const phi = (a: number, grad: number[]): number => {
      for (let i = 0; i < n; i++) xNew[i] = (x[i]!) + a * (p[i]!);
      return evaluate(xNew, grad);
    };
    let found = false;
    let aPrev = 0;
    let fPrev = fx;
    let dPrev = slope;
    let aCur = alpha;
    let fBest = fx;
    let aBest = 0;
    let gBest: number[] = [...g];
    const zoom = (lo: number, flo: number, dlo: number, hi: number, fhi: number): boolean => {
      for (let k = 0; k < 40; k++) {
        // Cubic/quadratic interpolation safeguarded by bisection.
        let a = (lo + hi) / 2;
        const dq = (fhi - flo - dlo * (hi - lo));
        if (Number.isFinite(fhi) && dq > 0) {
          const aq = lo - (dlo * (hi - lo) * (hi - lo)) / (2 * dq);
          const lower = Math.min(lo, hi);
          const upper = Math.max(lo, hi);
          const margin = 0.1 * (upper - lower);
          if (aq > lower + margin && aq < upper - margin) a = aq;
        }
        const ga = new Array<number>(n).fill(0);
        const fa = phi(a, ga);
        if (fa > fx + c1 * a * slope || fa >= flo) {
          hi = a;
          fhi = fa;
        } else {
          const da = dot(ga, p);
          if (fa < fBest) {
            fBest = fa;
            aBest = a;
            gBest = ga;
          }
          if (Math.abs(da) <= -c2 * slope) return true;
          if (da * (hi - lo) >= 0) {
            hi = lo;
            fhi = flo;
          }
          lo = a;
          flo = fa;
          dlo = da;
        }
        if (Math.abs(hi - lo) < 1e-16 * Math.max(1, Math.abs(lo))) break;
      }
      return false;
    };
    for (let k = 0; k < 30; k++) {
      const ga = new Array<number>(n).fill(0);
      const fa = phi(aCur, ga);
      if (fa > fx + c1 * aCur * slope || (k > 0 && fa >= fPrev)) {
        found = zoom(aPrev, fPrev, dPrev, aCur, fa);
        break;
      }
      const da = dot(ga, p);
      if (fa < fBest) {
        fBest = fa;
        aBest = aCur;
        gBest = ga;
      }
      if (Math.abs(da) <= -c2 * slope) {
        found = true;
        break;
      }
      if (da >= 0) {
        found = zoom(aCur, fa, da, aPrev, fPrev);
        break;
      }
      if (aCur >= alphaMax) break;
      aPrev = aCur;
      fPrev = fa;
      dPrev = da;
      aCur = Math.min(2 * aCur, alphaMax);
    }
    if (aBest === 0) {
      message = found ? 'line search made no progress' : 'line search failed to decrease the objective';
      if (maxAbs(g) <= Math.max(gtol * 1e3, 1e-6)) {
        converged = true;
        message = `gradient near tolerance (${maxAbs(g).toExponential(2)}); no further decrease possible in floating point`;
      }
      break;
    }
    // Accept the best point found.
    const s = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      s[i] = aBest * (p[i]!);
      xNew[i] = (x[i]!) + (s[i]!);
    }
    gNew = gBest;
    const y = new Array<number>(n);
    for (let i = 0; i < n; i++) y[i] = (gNew[i]!) - (g[i]!);
    const ys = dot(y, s);
    const fOld = fx;
    x = [...xNew];
    g = [...gNew];
    fx = fBest;
    if (ys > 1e-300) {
      if (firstStep) {
        const scale = ys / dot(y, y);
        H.fill(0);
        for (let i = 0; i < n; i++) H[i * n + i] = scale;
        firstStep = false;
      }
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
      const rho = 1 / ys;
      const Hy = new Array<number>(n).fill(0);
      for (let i = 0; i < n; i++) {
        let acc = 0;
        for (let j = 0; j < n; j++) acc += (H[i * n + j]!) * (y[j]!);
        Hy[i] = acc;
      }
      const yHy = dot(y, Hy);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          H[i * n + j] =
            (H[i * n + j]!) -
            rho * ((Hy[i]!) * (s[j]!) + (s[i]!) * (Hy[j]!)) +
            (rho * rho * yHy + rho) * (s[i]!) * (s[j]!);
        }
      }
    }
    if (Math.abs(fOld - fx) <= ftol * Math.max(1, Math.abs(fx))) {
      smallChanges++;
      if (smallChanges >= 2 && maxAbs(g) <= Math.max(gtol * 1e3, 1e-6)) {
        converged = true;
        message = 'objective stopped changing with a near-zero gradient';
        break;
      }
    } else smallChanges = 0;
  }
  if (!converged && iterations >= maxIterations && maxAbs(g) <= gtol) {
    converged = true;
    message = 'gradient below tolerance';
  }
  return { x, value: fx, iterations, evaluations, converged, message, gradient: g };
}
