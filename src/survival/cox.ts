/**
 * Cox proportional hazards regression (Cox 1972) by Newton–Raphson on the partial likelihood with
 * Efron's (1977) or Breslow's handling of tied event times, as R `survival::coxph` computes it
 * (Therneau's coxfit6: centred covariates, step halving when the likelihood falls). Standard errors
 * from the inverse information; Wald, likelihood-ratio and score tests on the whole model.
 */
import { CrmError, invalidInput, invalidOption } from '../core/errors.js';
import { readOptions, readOneOf, readNumber, readInteger } from '../core/options.js';
import { checkEnvelope } from '../core/envelope.js';
import { chiSquareSurvival } from '../core/math/chi-square-survival.js';
import { cholesky, choleskyInverse, choleskySolve } from '../core/math/cholesky.js';
import { normalQuantile, normalSurvival } from '../core/math/normal.js';
import { readSurvivalRecords, type SurvivalRecord } from './records.js';

/** How tied event times enter the partial likelihood. */
export type CoxTies = 'efron' | 'breslow';

/** Options of {@link coxPH}. */
export interface CoxOptions {
  /** The numeric fields of each record used as covariates (at least one). */
  readonly covariates: readonly string[];
  /** Tie handling; default `'efron'` (R's default). */
  readonly ties?: CoxTies;
  /** Confidence level of the hazard-ratio intervals; default 0.95. */
  readonly confidence?: number;
  /** Newton iterations before giving up with `converged: false`; default 30. */
  readonly maxIterations?: number;
  /** Convergence: relative change of the log partial likelihood; default 1e-12. */
  readonly tolerance?: number;
  /** A record with a missing or non-finite covariate: `'error'` (default) or `'drop'` it (R's na.omit). */
  readonly missing?: 'error' | 'drop';
}

/** One covariate's estimate. */
export interface CoxCoefficient {
  readonly name: string;
  readonly coefficient: number;
  readonly stdErr: number;
  readonly z: number;
  readonly pValue: number;
  readonly hazardRatio: number;
  readonly lower: number;
  readonly upper: number;
}

/** A whole-model test: statistic, degrees of freedom, p-value. */
export interface ModelTest {
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
}

/** A fitted Cox model; plain JSON, accepted by {@link coxRisk}. */
export interface CoxModel {
  readonly kind: 'cox';
  readonly version: 1;
  readonly ties: CoxTies;
  readonly covariates: readonly string[];
  /** Covariate means the model was centred on (R's `means`); risks are relative to them. */
  readonly means: readonly number[];
  readonly coefficients: readonly CoxCoefficient[];
  /** Covariance matrix of the coefficients (inverse information). */
  readonly covariance: readonly (readonly number[])[];
  /** Log partial likelihood at β = 0 and at the estimate. */
  readonly logLikelihood: { readonly null: number; readonly fitted: number };
  readonly likelihoodRatio: ModelTest;
  readonly wald: ModelTest;
  readonly score: ModelTest;
  readonly subjects: number;
  readonly events: number;
  /** Records left out under `missing: 'drop'`. */
  readonly dropped: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** Why the fit did not converge, when it did not. */
  readonly message?: string;
}

interface Step {
  readonly loglik: number;
  readonly gradient: number[];
  readonly information: number[][];
}

/**
 * Fit a Cox proportional hazards model to records with `duration`, `event` and numeric covariates.
 *
 * @example
 * ```ts
 * const rows = [
 *   { duration: 5, event: 1, x: 1 }, { duration: 8, event: 1, x: 0 }, { duration: 3, event: 1, x: 1 }, { duration: 9, event: 0, x: 0 },
 *   { duration: 6, event: 1, x: 0 }, { duration: 7, event: 1, x: 1 }, { duration: 2, event: 1, x: 0 }, { duration: 4, event: 1, x: 1 },
 * ];
 * const fit = coxPH(rows, { covariates: ['x'] });
 * fit.coefficients[0].hazardRatio > 1; // true: x = 1 fails sooner
 * ```
 */
export function coxPH(records: readonly (SurvivalRecord & Readonly<Record<string, unknown>>)[], options: CoxOptions): CoxModel {
  const o = readOptions(options, ['covariates', 'ties', 'confidence', 'maxIterations', 'tolerance', 'missing']);
  const ties = readOneOf(o.ties, ['options', 'ties'], ['efron', 'breslow'] as const, 'efron');
  const confidence = readNumber(o.confidence, ['options', 'confidence'], { default: 0.95, min: 0, max: 1, minExclusive: true, maxExclusive: true });
  const maxIterations = readInteger(o.maxIterations, ['options', 'maxIterations'], { default: 30, min: 1, max: 10_000 });
  const tolerance = readNumber(o.tolerance, ['options', 'tolerance'], { default: 1e-12, min: 0, max: 1, minExclusive: true });
  const missing = readOneOf(o.missing, ['options', 'missing'], ['error', 'drop'] as const, 'error');
  const names = readCovariateNames(o.covariates);
  const p = names.length;

  // Rows with every covariate finite (or an error naming the first bad one).
  const kept: number[] = [];
  for (let i = 0; i < (Array.isArray(records) ? records.length : 0); i++) {
    const r = records[i] as Readonly<Record<string, unknown>> | null;
    let ok = typeof r === 'object' && r !== null;
    for (let j = 0; ok && j < p; j++) {
      const v = r![names[j]!];
      if (typeof v === 'number' && Number.isFinite(v)) continue;
      if (missing === 'error') {
        invalidInput(['records', i, names[j]!], `covariate "${names[j]}" must be a finite number; pass missing: 'drop' to leave such records out`, undefined, v);
      }
      ok = false;
    }
    if (ok) kept.push(i);
  }
  const subset = kept.length === (Array.isArray(records) ? records.length : -1) ? records : kept.map((i) => records[i]!);
  const { duration, event } = readSurvivalRecords(subset);
  const n = duration.length;
  const events = event.reduce((s, e) => s + e, 0);
  if (events === 0) invalidInput(['records'], 'no events: a Cox model needs at least one observed event');

  // Centred covariates, column-major per subject: x[i * p + j].
  const means = names.map((name) => subset.reduce((s, r) => s + (r[name] as number), 0) / n);
  const x = new Float64Array(n * p);
  subset.forEach((r, i) => names.forEach((name, j) => (x[i * p + j] = (r[name] as number) - means[j]!)));
  for (let j = 0; j < p; j++) {
    let spread = 0;
    for (let i = 0; i < n; i++) spread = Math.max(spread, Math.abs(x[i * p + j]!));
    if (spread === 0) invalidInput(['options', 'covariates', j], `covariate "${names[j]}" is constant: its effect cannot be estimated`);
  }
  // Subjects by duration, longest first: the risk set grows as we walk.
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => duration[b]! - duration[a]! || a - b);
  const evaluate = (beta: readonly number[]): Step => partialLikelihood(beta, x, p, duration, event, order, ties);

  let beta = new Array<number>(p).fill(0);
  let current = evaluate(beta);
  const nullStep = current;
  let iterations = 0;
  let converged = false;
  let message: string | undefined;
  while (iterations < maxIterations) {
    const l = cholesky(current.information);
    if (l === undefined) {
      message = 'the information matrix is singular (collinear covariates or a coefficient running to infinity)';
      break;
    }
    const delta = choleskySolve(l, current.gradient);
    let candidate = beta.map((b, j) => b + delta[j]!);
    let next = evaluate(candidate);
    // Step halving while the likelihood falls (coxfit6), at most 20 times.
    for (let h = 0; h < 20 && !(next.loglik >= current.loglik - 1e-12 * Math.abs(current.loglik)); h++) {
      candidate = candidate.map((c, j) => (c + beta[j]!) / 2);
      next = evaluate(candidate);
    }
    iterations++;
    const change = Math.abs(next.loglik - current.loglik);
    beta = candidate;
    current = next;
    if (change <= tolerance * Math.abs(current.loglik)) {
      converged = true;
      break;
    }
  }
  if (!converged && message === undefined) message = `no convergence in ${maxIterations} iterations: raise maxIterations, or a covariate separates the events`;
  const l = cholesky(current.information);
  // R coxph's infinite-coefficient check: one more Newton step would still move β_j by more than
  // √1e-9 of itself (the likelihood is flat towards infinity: monotone likelihood).
  if (l !== undefined) {
    const step = choleskySolve(l, current.gradient);
    const runaway = names.filter((_, j) => Math.abs(step[j]!) > 1e-9 && Math.abs(step[j]!) > Math.sqrt(1e-9) * Math.abs(beta[j]!));
    if (runaway.length > 0 || beta.some((b) => !Number.isFinite(b))) {
      // Not a number to report: the estimate is infinite (R warns "coefficient may be infinite").
      invalidInput(['options', 'covariates', names.indexOf(runaway[0] ?? names[0]!)], `the coefficient of ${runaway.map((r) => `"${r}"`).join(', ')} runs to infinity: the covariate separates the events (monotone likelihood); drop it or merge its levels`);
    }
  }
  if (l === undefined) {
    invalidInput(['options', 'covariates'], 'the information matrix is singular: covariates are collinear or a coefficient is not identified');
  }
  const covariance = choleskyInverse(l);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const coefficients = names.map((name, j): CoxCoefficient => {
    const se = Math.sqrt(covariance[j]![j]!);
    const b = beta[j]!;
    return {
      name,
      coefficient: b,
      stdErr: se,
      z: b / se,
      pValue: 2 * normalSurvival(Math.abs(b / se)),
      hazardRatio: Math.exp(b),
      lower: Math.exp(b - z * se),
      upper: Math.exp(b + z * se),
    };
  });
  const lr = 2 * (current.loglik - nullStep.loglik);
  const wald = quadratic(current.information, beta);
  const l0 = cholesky(nullStep.information);
  const score = l0 === undefined ? Number.NaN : dot(nullStep.gradient, choleskySolve(l0, nullStep.gradient));
  const test = (statistic: number): ModelTest => ({ statistic, df: p, pValue: chiSquareSurvival(statistic, p) });
  return {
    kind: 'cox',
    version: 1,
    ties,
    covariates: names,
    means,
    coefficients,
    covariance,
    logLikelihood: { null: nullStep.loglik, fitted: current.loglik },
    likelihoodRatio: test(lr),
    wald: test(wald),
    score: test(Number.isFinite(score) ? score : 0),
    subjects: n,
    events,
    dropped: (Array.isArray(records) ? records.length : n) - n,
    iterations,
    converged,
    ...(message === undefined || converged ? {} : { message }),
  };
}

function readCovariateNames(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string' || v.length === 0)) {
    invalidOption(['options', 'covariates'], 'covariates must be a non-empty array of field names', "e.g. ['age', 'sex']", value);
  }
  const names = value as string[];
  const seen = new Set<string>();
  for (const [j, name] of names.entries()) {
    if (name === 'duration' || name === 'event') {
      invalidOption(['options', 'covariates', j], `"${name}" is the outcome, not a covariate`);
    }
    if (seen.has(name)) invalidOption(['options', 'covariates', j], `covariate "${name}" is listed twice`);
    seen.add(name);
  }
  return names;
}

/**
 * Log partial likelihood, gradient and information at β (Therneau & Grambsch 2000, §3.3; Efron's
 * approximation: the d tied deaths at a time see the risk set minus k/d of their own weight).
 */
function partialLikelihood(
  beta: readonly number[],
  x: Float64Array,
  p: number,
  duration: Float64Array,
  event: Uint8Array,
  order: Int32Array,
  ties: CoxTies,
): Step {
  const n = duration.length;
  const risk = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let eta = 0;
    for (let j = 0; j < p; j++) eta += beta[j]! * x[i * p + j]!;
    risk[i] = eta;
  }
  let loglik = 0;
  const gradient = new Array<number>(p).fill(0);
  const information = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  // Risk-set sums S0, S1, S2 and the tied deaths' own sums D0, D1, D2.
  let s0 = 0;
  const s1 = new Float64Array(p);
  const s2 = new Float64Array(p * p);
  const d1 = new Float64Array(p);
  const d2 = new Float64Array(p * p);
  const a = new Float64Array(p);
  for (let k = 0; k < n; ) {
    const t = duration[order[k]!]!;
    let deaths = 0;
    let d0 = 0;
    d1.fill(0);
    d2.fill(0);
    while (k < n && duration[order[k]!] === t) {
      const i = order[k++]!;
      const w = Math.exp(risk[i]!);
      s0 += w;
      for (let j = 0; j < p; j++) {
        const xj = x[i * p + j]!;
        s1[j]! += w * xj;
        for (let m = 0; m <= j; m++) s2[j * p + m]! += w * xj * x[i * p + m]!;
      }
      if (event[i] === 1) {
        deaths++;
        d0 += w;
        loglik += risk[i]!;
        for (let j = 0; j < p; j++) {
          const xj = x[i * p + j]!;
          gradient[j]! += xj;
          d1[j]! += w * xj;
          for (let m = 0; m <= j; m++) d2[j * p + m]! += w * xj * x[i * p + m]!;
        }
      }
    }
    for (let r = 0; r < deaths; r++) {
      const f = ties === 'efron' ? r / deaths : 0;
      const denom = s0 - f * d0;
      loglik -= Math.log(denom);
      for (let j = 0; j < p; j++) {
        a[j] = (s1[j]! - f * d1[j]!) / denom;
        gradient[j]! -= a[j]!;
      }
      for (let j = 0; j < p; j++) {
        for (let m = 0; m <= j; m++) {
          const v = (s2[j * p + m]! - f * d2[j * p + m]!) / denom - a[j]! * a[m]!;
          information[j]![m]! += v;
          if (m !== j) information[m]![j]! += v;
        }
      }
    }
  }
  return { loglik, gradient, information };
}

function dot(a: readonly number[], b: readonly number[]): number {
  return a.reduce((s, v, i) => s + v * b[i]!, 0);
}

function quadratic(m: readonly (readonly number[])[], v: readonly number[]): number {
  return v.reduce((s, vi, i) => s + vi * dot(m[i]!, v), 0);
}

/**
 * Relative risk exp(β·(x − means)) of each record under a fitted Cox model (R's
 * `predict(fit, type = "risk")`).
 *
 * @example
 * ```ts
 * const rows = [
 *   { duration: 5, event: 1, x: 1 }, { duration: 8, event: 1, x: 0 }, { duration: 3, event: 1, x: 1 }, { duration: 9, event: 0, x: 0 },
 *   { duration: 6, event: 1, x: 0 }, { duration: 7, event: 1, x: 1 }, { duration: 2, event: 1, x: 0 }, { duration: 4, event: 1, x: 1 },
 * ];
 * const fit = coxPH(rows, { covariates: ['x'] });
 * coxRisk(fit, [{ x: 1 }])[0] > coxRisk(fit, [{ x: 0 }])[0]; // true
 * ```
 */
export function coxRisk(model: CoxModel, rows: readonly Readonly<Record<string, unknown>>[]): number[] {
  // The saved-model rule every module follows (core/envelope.ts): another kind or a newer version is INVALID_MODEL.
  checkEnvelope(model, 'cox', 1);
  return rows.map((r, i) => {
    let eta = 0;
    model.covariates.forEach((name, j) => {
      const v = r[name];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        invalidInput(['rows', i, name], `covariate "${name}" must be a finite number`, undefined, v);
      }
      eta += model.coefficients[j]!.coefficient * (v - model.means[j]!);
    });
    const risk = Math.exp(eta);
    if (!Number.isFinite(risk)) throw new CrmError('NUMERIC_DOMAIN', 'the relative risk overflows', { path: ['rows', i] });
    return risk;
  });
}
