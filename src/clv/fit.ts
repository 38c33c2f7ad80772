/**
 * Shared maximum-likelihood machinery for the CLV models: optimise on log-parameters (so every
 * parameter stays positive) with BFGS (analytic gradient when the model gives one, central
 * differences otherwise), polish with Nelder–Mead when BFGS stalls, and report standard errors
 * from the inverse observed information (numerical Hessian of the log-likelihood in the natural
 * parameters; e.g. Greene, Econometric Analysis, §14.4). Never returns NaN parameters.
 */
import { bfgs, CrmError, nelderMead } from '../core/index.js';
import type { FitOptions, FitResult } from './types.js';

/** A maximum-likelihood problem in natural (positive) parameters, ordered as `names`. */
export interface MleProblem<P extends object> {
  /** Parameter names in the order of the arrays below. */
  names: ReadonlyArray<keyof P & string>;
  /** Total (weighted) log-likelihood at natural params; a non-finite value means "outside the domain". */
  logLikelihood: (params: readonly number[]) => number;
  /**
   * Optional analytic gradient: return the total log-likelihood and write ∂LL/∂θ (natural
   * params) into `gradient`.
   */
  logLikelihoodWithGradient?: (params: readonly number[], gradient: number[]) => number;
  /** Default starting values (natural, positive), used where `options.initialParams` is silent. */
  start: readonly number[];
  /** Extra starting points tried when the first does not converge (natural params). */
  alternativeStarts?: ReadonlyArray<readonly number[]>;
  /** Σ weights (number of customers); the optimiser works on the mean to keep tolerances scale-free. */
  customers: number;
}

/** Validate the common fit options; returns the resolved numbers. */
export function resolveFitOptions<P extends object>(
  options: FitOptions<P> | undefined,
  names: ReadonlyArray<keyof P & string>,
): { maxIterations: number; tolerance: number; penalizer: number; initial: Array<number | undefined> } {
  const o = options ?? {};
  if (typeof o !== 'object' || o === null) {
    throw new CrmError('INVALID_OPTION', 'options must be an object', { path: ['options'], expected: 'an object', received: o });
  }
  const maxIterations = o.maxIterations ?? 200;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new CrmError('INVALID_OPTION', 'maxIterations must be a positive integer', { path: ['options', 'maxIterations'], expected: 'an integer ≥ 1', received: maxIterations });
  }
  const tolerance = o.tolerance ?? 1e-8;
  if (!(typeof tolerance === 'number' && tolerance > 0 && Number.isFinite(tolerance))) {
    throw new CrmError('INVALID_OPTION', 'tolerance must be a positive number', { path: ['options', 'tolerance'], expected: 'a finite number > 0', received: tolerance });
  }
  const penalizer = o.penalizer ?? 0;
  if (!(typeof penalizer === 'number' && penalizer >= 0 && Number.isFinite(penalizer))) {
    throw new CrmError('INVALID_OPTION', 'penalizer must be a non-negative number', { path: ['options', 'penalizer'], expected: 'a finite number ≥ 0', received: penalizer });
  }
  const initial: Array<number | undefined> = [];
  const ip = o.initialParams as Record<string, unknown> | undefined;
  if (ip !== undefined && (typeof ip !== 'object' || ip === null)) {
    throw new CrmError('INVALID_OPTION', 'initialParams must be an object', { path: ['options', 'initialParams'], expected: 'an object of positive numbers', received: ip });
  }
  for (const name of names) {
    const v = ip === undefined ? undefined : Object.prototype.hasOwnProperty.call(ip, name) ? ip[name] : undefined;
    if (v !== undefined && !(typeof v === 'number' && v > 0 && Number.isFinite(v))) {
      throw new CrmError('INVALID_OPTION', `initialParams.${name} must be a positive number`, { path: ['options', 'initialParams', name], expected: 'a finite number > 0', received: v });
    }
    initial.push(v as number | undefined);
  }
  return { maxIterations, tolerance, penalizer, initial };
}

/**
 * Fit a maximum-likelihood problem. Used by every CLV model's `fit`.
 *
 * @example
 * ```ts
 * // Exponential waiting times with rate λ: LL = n ln λ − λ Σ t.
 * const times = [0.5, 1.2, 0.3, 2.0];
 * const sum = times.reduce((a, b) => a + b, 0);
 * const r = fitMaximumLikelihood<{ lambda: number }>({
 *   names: ['lambda'],
 *   logLikelihood: ([l]) => times.length * Math.log(l!) - l! * sum,
 *   start: [1],
 *   customers: times.length,
 * });
 * r.params.lambda; // ≈ 4 / 4.0 = 1
 * ```
 */
export function fitMaximumLikelihood<P extends object>(problem: MleProblem<P>, options?: FitOptions<P>): FitResult<P> {
  const { names } = problem;
  const k = names.length;
  const { maxIterations, tolerance, penalizer, initial } = resolveFitOptions(options, names);
  const scale = problem.customers > 0 ? problem.customers : 1;
  const toNatural = (u: readonly number[]): number[] => u.map((v) => Math.exp(v));
  const penalty = (theta: readonly number[]): number => {
    if (penalizer === 0) return 0;
    let s = 0;
    for (const t of theta) s += t * t;
    return penalizer * s;
  };
  const llFn = problem.logLikelihood;
  const gradFn = problem.logLikelihoodWithGradient;
  // Mean negative penalised log-likelihood in log-parameters, with gradient.
  const objective = (u: readonly number[], g: number[]): number => {
    const theta = toNatural(u);
    if (gradFn !== undefined) {
      const gl = new Array<number>(k).fill(0);
      const ll = gradFn(theta, gl);
      for (let i = 0; i < k; i++) {
        const t = theta[i] as number;
        g[i] = (-(gl[i] as number) + 2 * penalizer * t) * t / scale;
      }
      return (-ll + penalty(theta)) / scale;
    }
    const f0 = (-llFn(theta) + penalty(theta)) / scale;
    for (let i = 0; i < k; i++) {
      const h = 1e-6;
      const up = [...u];
      const dn = [...u];
      up[i] = (up[i] as number) + h;
      dn[i] = (dn[i] as number) - h;
      const tu = toNatural(up);
      const td = toNatural(dn);
      const fu = (-llFn(tu) + penalty(tu)) / scale;
      const fd = (-llFn(td) + penalty(td)) / scale;
      g[i] = (fu - fd) / (2 * h);
    }
    return f0;
  };
  const plain = (u: readonly number[]): number => {
    const theta = toNatural(u);
    return (-llFn(theta) + penalty(theta)) / scale;
  };

  const starts: number[][] = [problem.start.map((s, i) => initial[i] ?? s)];
  for (const alt of problem.alternativeStarts ?? []) starts.push(alt.map((s, i) => initial[i] ?? s));
  let best: { u: number[]; value: number; converged: boolean; iterations: number; message: string } | undefined;
  let totalIterations = 0;
  for (const start of starts) {
    const u0 = start.map((s) => Math.log(s));
    const r = bfgs(objective, u0, { gradientTolerance: tolerance, maxIterations });
    totalIterations += r.iterations;
    const hitCap = !r.converged && r.iterations >= maxIterations;
    let cand = { u: r.x, value: r.value, converged: r.converged, iterations: r.iterations, message: r.message };
    if (!r.converged && !hitCap && Number.isFinite(r.value)) {
      // BFGS stalled (line search failure): polish with Nelder–Mead, then one more BFGS pass.
      const nm = nelderMead(plain, r.x, { maxIterations: 400 * k, xTolerance: 1e-10, fTolerance: 1e-14 });
      totalIterations += nm.iterations;
      const r2 = bfgs(objective, nm.value < r.value ? nm.x : r.x, { gradientTolerance: tolerance, maxIterations });
      totalIterations += r2.iterations;
      cand = { u: r2.x, value: r2.value, converged: r2.converged, iterations: r2.iterations, message: r2.converged ? r2.message : `did not converge: ${r2.message}` };
    }
    if (best === undefined || (cand.converged && !best.converged) || (cand.converged === best.converged && cand.value < best.value)) best = cand;
    // The iteration cap is the caller's budget: do not spend more on other starts.
    if (best.converged || hitCap) break;
  }
  const chosen = best as NonNullable<typeof best>;
  let theta = toNatural(chosen.u);
  let converged = chosen.converged;
  let message = chosen.message;
  if (!theta.every((t) => Number.isFinite(t) && t > 0)) {
    theta = starts[0] as number[];
    converged = false;
    message = `parameters left the finite positive range (${message}); returning the start`;
  }
  const ll = llFn(theta);
  if (!Number.isFinite(ll)) {
    converged = false;
    message = `log-likelihood is not finite at the result (${message})`;
  }
  const params = {} as Record<string, number>;
  names.forEach((n, i) => {
    params[n] = theta[i] as number;
  });
  const se = standardErrors(problem, theta);
  const standardErrorsOut = {} as Record<string, number | null>;
  names.forEach((n, i) => {
    standardErrorsOut[n] = se[i] ?? null;
  });
  const result: FitResult<P> = {
    params: params as P,
    logLikelihood: Number.isFinite(ll) ? ll : -Number.MAX_VALUE,
    converged,
    iterations: totalIterations,
    standardErrors: standardErrorsOut as FitResult<P>['standardErrors'],
    customers: problem.customers,
  };
  if (!converged) result.message = message;
  return result;
}

/**
 * Standard errors from the observed information −H⁻¹, H the Hessian of the (unpenalised) total
 * log-likelihood in natural parameters by central differences (of the analytic gradient when
 * available). Returns `null` entries when −H is not positive definite.
 */
export function standardErrors<P extends object>(problem: MleProblem<P>, theta: readonly number[]): Array<number | null> {
  const k = theta.length;
  const H = hessian(problem, theta);
  const nullResult = new Array<number | null>(k).fill(null);
  if (H === undefined) return nullResult;
  // Invert −H by Cholesky (fails when not positive definite).
  const A = H.map((row) => row.map((v) => -v));
  const L: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = (A[i] as number[])[j] as number;
      for (let m = 0; m < j; m++) s -= ((L[i] as number[])[m] as number) * ((L[j] as number[])[m] as number);
      if (i === j) {
        if (!(s > 0)) return nullResult;
        (L[i] as number[])[i] = Math.sqrt(s);
      } else (L[i] as number[])[j] = s / ((L[j] as number[])[j] as number);
    }
  }
  // diag((LLᵀ)⁻¹) = Σ_m (L⁻¹)_{m i}²
  const Linv: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    (Linv[i] as number[])[i] = 1 / ((L[i] as number[])[i] as number);
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let m = j; m < i; m++) s -= ((L[i] as number[])[m] as number) * ((Linv[m] as number[])[j] as number);
      (Linv[i] as number[])[j] = s / ((L[i] as number[])[i] as number);
    }
  }
  const out: Array<number | null> = [];
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let m = i; m < k; m++) s += ((Linv[m] as number[])[i] as number) ** 2;
    out.push(Number.isFinite(s) && s > 0 ? Math.sqrt(s) : null);
  }
  return out;
}

function hessian<P extends object>(problem: MleProblem<P>, theta: readonly number[]): number[][] | undefined {
  const k = theta.length;
  const H: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const gradFn = problem.logLikelihoodWithGradient;
  // Relative steps: 1e-5 for differences of the gradient, 1e-4 for second differences of LL.
  const rel = gradFn !== undefined ? 1e-5 : 1e-4;
  const steps = theta.map((t) => Math.max(rel * t, 1e-10));
  if (gradFn !== undefined) {
    for (let j = 0; j < k; j++) {
      const up = [...theta];
      const dn = [...theta];
      up[j] = (up[j] as number) + (steps[j] as number);
      dn[j] = (dn[j] as number) - (steps[j] as number);
      const gu = new Array<number>(k).fill(0);
      const gd = new Array<number>(k).fill(0);
      gradFn(up, gu);
      gradFn(dn, gd);
      for (let i = 0; i < k; i++) (H[i] as number[])[j] = ((gu[i] as number) - (gd[i] as number)) / (2 * (steps[j] as number));
    }
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < i; j++) {
        const m = (((H[i] as number[])[j] as number) + ((H[j] as number[])[i] as number)) / 2;
        (H[i] as number[])[j] = m;
        (H[j] as number[])[i] = m;
      }
    }
  } else {
    const f = problem.logLikelihood;
    const shifted = (di: number, si: number, dj: number, sj: number): number => {
      const t = [...theta];
      t[di] = (t[di] as number) + si * (steps[di] as number);
      t[dj] = (t[dj] as number) + sj * (steps[dj] as number);
      return f(t);
    };
    const f0 = f(theta);
    for (let i = 0; i < k; i++) {
      const hi = steps[i] as number;
      const t1 = [...theta];
      const t2 = [...theta];
      t1[i] = (t1[i] as number) + hi;
      t2[i] = (t2[i] as number) - hi;
      (H[i] as number[])[i] = (f(t1) - 2 * f0 + f(t2)) / (hi * hi);
      for (let j = 0; j < i; j++) {
        const hj = steps[j] as number;
        const v = (shifted(i, 1, j, 1) - shifted(i, 1, j, -1) - shifted(i, -1, j, 1) + shifted(i, -1, j, -1)) / (4 * hi * hj);
        (H[i] as number[])[j] = v;
        (H[j] as number[])[i] = v;
      }
    }
  }
  for (const row of H) for (const v of row) if (!Number.isFinite(v)) return undefined;
  return H;
}
