/**
 * Shared maximum-likelihood machinery for the CLV models: optimise on log-parameters (so every
 * parameter stays positive) with BFGS (analytic gradient when the model gives one, central
 * differences otherwise), polish with Nelder–Mead when BFGS stalls, and report standard errors
 * from the inverse observed information (numerical Hessian of the log-likelihood in the natural
 * parameters; e.g. Greene, Econometric Analysis, §14.4). Never returns NaN parameters.
 */
import { readBudget, invalidOption, invalidInput } from '../core/index.js';
import { bfgs, nelderMead } from '../core/math/index.js';
import type { FitBoundary, FitOptions, FitResult } from './types.js';

export type { FitBoundary };

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
  /**
   * Boundaries the model knows (a, b → ∞; q → ∞; s → 0 …): each is tested on the estimate, and a
   * hit turns the result into `converged: false` with a `boundary` diagnostic.
   */
  boundaries?: ReadonlyArray<BoundaryRule>;
}

/** A limit of the parameter space an estimate can run to, and what the limit model means. */
export interface BoundaryRule {
  /** The parameter(s) that run to the limit, e.g. `'b'` or `'a, b'`. */
  parameter: string;
  /** The limit in symbols, e.g. `'b → ∞ (E[p] = a/(a+b) → 0)'`. */
  limit: string;
  /** True when the natural parameters are at (numerically past) this limit. */
  test: (theta: readonly number[]) => boolean;
  /** What the limit model is and what predictions do there. */
  meaning: string;
}

/** The maximum-likelihood evaluation budget of a fit unless `options.maxEvaluations` raises it. */
export const DEFAULT_MAX_EVALUATIONS = 5_000;

/** The option keys every maximum-likelihood `fit` accepts (models add their own). */
export const FIT_OPTION_KEYS = ['weights', 'initialParams', 'maxIterations', 'tolerance', 'penalizer', 'maxEvaluations', 'unit'] as const;

/**
 * Internal fit hints (a symbol-keyed property of the fit options, so no public option and no
 * unknown-key error): what the bootstrap's refits of nearby resamples pass to skip the work they
 * do not use and to start where the answer is.
 */
export const REFIT_HINTS: unique symbol = Symbol('crm-analytics refit hints');

/** See {@link REFIT_HINTS}. */
export interface RefitHints {
  /**
   * Skip the standard errors and covariance (−H⁻¹ by finite differences): `null` in the result;
   * and the no-information check (a resample of informative data is informative).
   */
  skipInformation?: boolean;
  /**
   * The covariance (natural parameters) of a fit of nearby data, with the first start at that
   * fit's estimate: BFGS starts from the matching inverse Hessian of its objective, so a refit
   * takes a few Newton-like steps.
   */
  covariance?: ReadonlyArray<ReadonlyArray<number>>;
}

/** Options with the internal hints attached. */
export function withRefitHints<O extends object>(options: O, hints: RefitHints): O {
  return Object.assign({}, options, { [REFIT_HINTS]: hints });
}

/** Thrown inside the optimiser when the evaluation budget runs out. */
class EvaluationBudget extends Error {}

/** Thrown inside the optimiser when the best point so far lies past a boundary rule: going on only runs further off. */
class BoundaryReached extends Error {}

/** Validate the common fit options; returns the resolved numbers. */
export function resolveFitOptions<P extends object>(
  options: FitOptions<P> | undefined,
  names: ReadonlyArray<keyof P & string>,
): { maxIterations: number; maxEvaluations: number; tolerance: number; penalizer: number; initial: Array<number | undefined> } {
  const o = options ?? {};
  if (typeof o !== 'object' || o === null) {
    invalidOption(['options'], 'options must be an object', 'an object', o);
  }
  const maxIterations = o.maxIterations ?? 200;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    invalidOption(['options', 'maxIterations'], 'maxIterations must be a positive integer', 'an integer ≥ 1', maxIterations);
  }
  const maxEvaluations = readBudget(o.maxEvaluations, ['options', 'maxEvaluations'], DEFAULT_MAX_EVALUATIONS);
  const tolerance = o.tolerance ?? 1e-8;
  if (!(typeof tolerance === 'number' && tolerance > 0 && Number.isFinite(tolerance))) {
    invalidOption(['options', 'tolerance'], 'tolerance must be a positive number', 'a finite number > 0', tolerance);
  }
  const penalizer = o.penalizer ?? 0;
  if (!(typeof penalizer === 'number' && penalizer >= 0 && Number.isFinite(penalizer))) {
    invalidOption(['options', 'penalizer'], 'penalizer must be a non-negative number', 'a finite number ≥ 0', penalizer);
  }
  const initial: Array<number | undefined> = [];
  const ip = o.initialParams as Record<string, unknown> | undefined;
  if (ip !== undefined && (typeof ip !== 'object' || ip === null)) {
    invalidOption(['options', 'initialParams'], 'initialParams must be an object', 'an object of positive numbers', ip);
  }
  for (const name of names) {
    const v = ip === undefined ? undefined : Object.prototype.hasOwnProperty.call(ip, name) ? ip[name] : undefined;
    if (v !== undefined && !(typeof v === 'number' && v > 0 && Number.isFinite(v))) {
      invalidOption(['options', 'initialParams', name], `initialParams.${name} must be a positive number`, 'a finite number > 0', v);
    }
    initial.push(v as number | undefined);
  }
  return { maxIterations, maxEvaluations, tolerance, penalizer, initial };
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
  const { maxIterations, maxEvaluations, tolerance, penalizer, initial } = resolveFitOptions(options, names);
  const checkStart = (start: readonly number[] | undefined, path: Array<string | number>): void => {
    if (!Array.isArray(start) || start.length !== k) {
      invalidInput(path, `a start must list one value per parameter (${names.join(', ')})`, `an array of ${k} positive numbers`, start);
    }
    start.forEach((v: unknown, i) => {
      if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) {
        invalidInput([...path, i], `start value of ${names[i]} must be a positive finite number`, 'a finite number > 0', v);
      }
    });
  };
  checkStart(problem.start, ['problem', 'start']);
  (problem.alternativeStarts ?? []).forEach((alt, j) => checkStart(alt, ['problem', 'alternativeStarts', j]));
  const scale = problem.customers > 0 ? problem.customers : 1;
  const toNatural = (u: readonly number[]): number[] => u.map((v) => Math.exp(v));
  const penalty = (theta: readonly number[]): number => {
    if (penalizer === 0) return 0;
    let s = 0;
    for (const t of theta) s += t * t;
    return penalizer * s;
  };
  // The evaluation budget (issue 22: fits end within a bounded amount of work): every call of the
  // log-likelihood counts; past the budget the optimiser is stopped and the best point seen so far
  // is returned with converged: false.
  let evaluations = 0;
  let bestSeen: { u: number[]; value: number } | undefined;
  const rules = problem.boundaries ?? [];
  const count = (u: readonly number[], value: number): void => {
    evaluations++;
    if (Number.isFinite(value) && (bestSeen === undefined || value < bestSeen.value)) {
      bestSeen = { u: [...u], value };
      // An improvement past a boundary: the likelihood rises towards the limit, so every further
      // step runs off further (minutes of work near β → ∞ for Pareto/NBD). Stop here; the result
      // carries the boundary diagnostic and predictions use the limit model.
      if (rules.length > 0) {
        const theta = toNatural(u);
        if (rules.some((rule) => rule.test(theta))) throw new BoundaryReached();
      }
    }
    if (evaluations >= maxEvaluations) throw new EvaluationBudget();
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
        const t = theta[i]!;
        g[i] = (-(gl[i]!) + 2 * penalizer * t) * t / scale;
      }
      const value = (-ll + penalty(theta)) / scale;
      count(u, value);
      return value;
    }
    const f0 = (-llFn(theta) + penalty(theta)) / scale;
    count(u, f0);
    for (let i = 0; i < k; i++) {
      const h = 1e-6;
      const up = [...u];
      const dn = [...u];
      up[i] = (up[i]!) + h;
      dn[i] = (dn[i]!) - h;
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
    const value = (-llFn(theta) + penalty(theta)) / scale;
    count(u, value);
    return value;
  };

  const hints = (options as { [REFIT_HINTS]?: RefitHints } | undefined)?.[REFIT_HINTS];
  const starts: number[][] = [problem.start.map((s, i) => initial[i] ?? s)];
  // The objective is −LL/n in u = ln θ: its Hessian at the estimate is D(−H)D/n with D = diag(θ),
  // so its inverse is n·Cov_ij/(θ_i θ_j).
  let initialInverseHessian: Float64Array | undefined;
  const cov = hints?.covariance;
  if (cov !== undefined && cov.length === k && cov.every((row) => row.length === k)) {
    const t0 = starts[0] as number[];
    const h0 = new Float64Array(k * k);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) h0[i * k + j] = (scale * (cov[i]![j]!)) / ((t0[i]!) * (t0[j]!));
    if (h0.every(Number.isFinite)) initialInverseHessian = h0;
  }
  for (const alt of problem.alternativeStarts ?? []) starts.push(alt.map((s, i) => initial[i] ?? s));
  let best: { u: number[]; value: number; converged: boolean; iterations: number; message: string } | undefined;
  let totalIterations = 0;
  let budgetSpent = false;
  for (const start of starts) {
    const u0 = start.map((s) => Math.log(s));
    let cand: { u: number[]; value: number; converged: boolean; iterations: number; message: string };
    let hitCap = false;
    try {
      const r = bfgs(objective, u0, { gradientTolerance: tolerance, maxIterations, ...(start === starts[0] && initialInverseHessian !== undefined ? { initialInverseHessian } : {}) });
      totalIterations += r.iterations;
      hitCap = !r.converged && r.iterations >= maxIterations;
      cand = { u: r.x, value: r.value, converged: r.converged, iterations: r.iterations, message: r.message };
      if (!r.converged && !hitCap && Number.isFinite(r.value)) {
        // BFGS stalled (line search failure): polish with Nelder–Mead, then one more BFGS pass.
        const nm = nelderMead(plain, r.x, { maxIterations: 400 * k, xTolerance: 1e-10, fTolerance: 1e-14 });
        totalIterations += nm.iterations;
        const r2 = bfgs(objective, nm.value < r.value ? nm.x : r.x, { gradientTolerance: tolerance, maxIterations });
        totalIterations += r2.iterations;
        cand = { u: r2.x, value: r2.value, converged: r2.converged, iterations: r2.iterations, message: r2.converged ? r2.message : `did not converge: ${r2.message}` };
      }
    } catch (e) {
      if (e instanceof BoundaryReached) {
        const seen = bestSeen as { u: number[]; value: number };
        best = { u: seen.u, value: seen.value, converged: true, iterations: 0, message: 'stopped at a boundary' };
        break;
      }
      if (!(e instanceof EvaluationBudget)) throw e;
      budgetSpent = true;
      const seen = bestSeen ?? { u: u0, value: Number.POSITIVE_INFINITY };
      cand = {
        u: seen.u,
        value: seen.value,
        converged: false,
        iterations: 0,
        message: `stopped after ${evaluations} log-likelihood evaluations, the budget of options.maxEvaluations (${maxEvaluations}); returning the best point seen — raise maxEvaluations or check the data`,
      };
    }
    if (best === undefined || (cand.converged && !best.converged) || (cand.converged === best.converged && cand.value < best.value)) best = cand;
    if (budgetSpent && !best.converged) best = { ...best, message: cand.message };
    // The iteration cap and the evaluation budget are the caller's: do not spend more on other starts.
    if (best.converged || hitCap || budgetSpent) break;
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
  // No information: a log-likelihood that does not move when any parameter is doubled or halved
  // (e.g. every T = 0) would otherwise come back as a converged fit at the start values.
  if (converged && Number.isFinite(ll) && hints?.skipInformation !== true) {
    let flat = true;
    for (let i = 0; i < k && flat; i++) {
      for (const f of [0.5, 2]) {
        const t = [...theta];
        t[i] = (t[i]!) * f;
        const v = llFn(t);
        if (!(Math.abs(v - ll) <= 1e-12 * (1 + Math.abs(ll)))) {
          flat = false;
          break;
        }
      }
    }
    if (flat) {
      converged = false;
      message = 'the log-likelihood does not depend on the parameters: the data carry no information about them (e.g. every observation length T is 0); the start values are returned, not estimates';
    }
  }
  const params = {} as Record<string, number>;
  names.forEach((n, i) => {
    params[n] = theta[i]!;
  });
  const info = hints?.skipInformation === true ? { standardErrors: new Array<number | null>(k).fill(null), covariance: null } : inverseInformation(problem, theta);
  const se = info.standardErrors;
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
    covariance: info.covariance,
    customers: problem.customers,
  };
  if (!converged) result.message = message;
  return withBoundary(result, problem.boundaries, theta);
}

/**
 * Test the estimate against the model's boundary rules; on a hit, set `boundary`, turn
 * `converged` false and say so in `message` (shared by the BFGS fits and Gamma-Gamma's Newton).
 */
export function withBoundary<R extends { converged: boolean; message?: string; boundary?: FitBoundary }>(result: R, rules: ReadonlyArray<BoundaryRule> | undefined, theta: readonly number[]): R {
  const hits = (rules ?? []).filter((rule) => rule.test(theta));
  if (hits.length === 0) return result;
  const boundary: FitBoundary = {
    parameter: hits.map((h) => h.parameter).join('; '),
    limit: hits.map((h) => h.limit).join('; '),
    message: hits.map((h) => `${h.parameter} ran to the boundary ${h.limit}: ${h.meaning}`).join(' '),
  };
  result.boundary = boundary;
  result.message = result.converged || result.message === undefined ? boundary.message : `${result.message}; ${boundary.message}`;
  result.converged = false;
  return result;
}


/**
 * Standard errors from the observed information −H⁻¹, H the Hessian of the (unpenalised) total
 * log-likelihood in natural parameters by central differences (of the analytic gradient when
 * available). Returns `null` entries when −H is not positive definite.
 */
export function standardErrors<P extends object>(problem: MleProblem<P>, theta: readonly number[]): Array<number | null> {
  return inverseInformation(problem, theta).standardErrors;
}

/** The asymptotic covariance matrix −H⁻¹ (natural parameters) and its standard errors; `covariance` null when −H is not positive definite. */
export function inverseInformation<P extends object>(problem: MleProblem<P>, theta: readonly number[]): { standardErrors: Array<number | null>; covariance: number[][] | null } {
  const k = theta.length;
  const H = hessian(problem, theta);
  const nullResult = { standardErrors: new Array<number | null>(k).fill(null), covariance: null };
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
  // (LLᵀ)⁻¹ = L⁻ᵀL⁻¹: entry (i, j) = Σ_m (L⁻¹)_{m i} (L⁻¹)_{m j}.
  const covariance: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let m = i; m < k; m++) s += ((Linv[m] as number[])[i] as number) * ((Linv[m] as number[])[j] as number);
      (covariance[i] as number[])[j] = s;
      (covariance[j] as number[])[i] = s;
    }
  }
  const out: Array<number | null> = [];
  for (let i = 0; i < k; i++) {
    const s = (covariance[i] as number[])[i] as number;
    out.push(Number.isFinite(s) && s > 0 ? Math.sqrt(s) : null);
  }
  const finite = covariance.every((row) => row.every(Number.isFinite));
  return { standardErrors: out, covariance: finite ? covariance : null };
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
      up[j] = (up[j]!) + (steps[j]!);
      dn[j] = (dn[j]!) - (steps[j]!);
      const gu = new Array<number>(k).fill(0);
      const gd = new Array<number>(k).fill(0);
      gradFn(up, gu);
      gradFn(dn, gd);
      for (let i = 0; i < k; i++) (H[i] as number[])[j] = ((gu[i]!) - (gd[i]!)) / (2 * (steps[j]!));
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
      t[di] = (t[di]!) + si * (steps[di]!);
      t[dj] = (t[dj]!) + sj * (steps[dj]!);
      return f(t);
    };
    const f0 = f(theta);
    for (let i = 0; i < k; i++) {
      const hi = steps[i]!;
      const t1 = [...theta];
      const t2 = [...theta];
      t1[i] = (t1[i]!) + hi;
      t2[i] = (t2[i]!) - hi;
      (H[i] as number[])[i] = (f(t1) - 2 * f0 + f(t2)) / (hi * hi);
      for (let j = 0; j < i; j++) {
        const hj = steps[j]!;
        const v = (shifted(i, 1, j, 1) - shifted(i, 1, j, -1) - shifted(i, -1, j, 1) + shifted(i, -1, j, -1)) / (4 * hi * hj);
        (H[i] as number[])[j] = v;
        (H[j] as number[])[i] = v;
      }
    }
  }
  for (const row of H) for (const v of row) if (!Number.isFinite(v)) return undefined;
  return H;
}
