/**
 * Cox proportional hazards regression (Cox 1972) by Newton–Raphson on the partial likelihood with
 * Efron's (1977) or Breslow's handling of tied event times, as R `survival::coxph` computes it
 * (Therneau's coxfit6: centred covariates, step halving when the likelihood falls). Standard errors
 * from the inverse information; Wald, likelihood-ratio and score tests on the whole model.
 * The fit also carries its baseline hazard (for predicted curves, {@link coxSurvival}, as R's
 * `survfit(fit, newdata)`) and Harrell's C of its linear predictor.
 */
import { CrmError, invalidInput, invalidModel, invalidOption } from '../core/errors.js';
import { readOptions, readOneOf, readNumber, readInteger } from '../core/options.js';
import { checkEnvelope, type FittedOn } from '../core/envelope.js';
import { chiSquareSurvival } from '../core/math/chi-square-survival.js';
import { cholesky, choleskyInverse, choleskySolve } from '../core/math/cholesky.js';
import { normalQuantile, normalSurvival } from '../core/math/normal.js';
import { readSurvivalRecords, type SurvivalRecord } from './records.js';
import { harrellC, type Concordance } from './concordance.js';
import { band, quantileTime, type ConfidenceType } from './kaplan-meier.js';

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

/**
 * The baseline cumulative hazard of a fit at the covariate means (R's
 * `basehaz(fit, centered = TRUE)`), at each distinct event time: Breslow's estimator for a
 * Breslow fit, the Efron-adjusted one for an Efron fit (R `survfit.coxph`'s default).
 */
export interface CoxBaseline {
  /** Distinct event times, ascending. */
  readonly time: readonly number[];
  /** H0(t) at those times, at the covariate means. */
  readonly cumulativeHazard: readonly number[];
  /** The longest follow-up time (event or censoring): curves are not estimated past it. */
  readonly lastTime: number;
  /** Σ of the hazard-variance increments up to each time (R agsurv's `cumsum(varhaz)`). */
  readonly cumulativeVariance: readonly number[];
  /** Σ of the risk-weighted centred covariate means × hazard increments (R agsurv's `xbar`), one array per time. */
  readonly cumulativeMeans: readonly (readonly number[])[];
}

/** A fitted Cox model; plain JSON, accepted by {@link coxRisk} and {@link coxSurvival}. */
export interface CoxModel {
  readonly kind: 'cox';
  /** Saved-model format: 2 since the baseline hazard and concordance were added (1 had neither). */
  readonly version: 2;
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
  /** What the fit saw (the saved-model envelope's summary, core/envelope.ts): subjects, events, dropped records. */
  readonly fittedOn: FittedOn;
  /** Baseline cumulative hazard, for {@link coxSurvival}. */
  readonly baseline: CoxBaseline;
  /**
   * Harrell's C of the linear predictor on the fitted records (R's `fit$concordance`, printed by
   * `summary(coxph)` as "Concordance= … (se = …)"): higher risk should fail sooner.
   */
  readonly concordance: Concordance;
}

/** A Cox model saved by a release before version 2: no baseline hazard or concordance. {@link coxRisk} still reads it. */
export type CoxModelV1 = Omit<CoxModel, 'version' | 'baseline' | 'concordance' | 'fittedOn'> & { readonly version: 1 };

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
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) eta[i]! += beta[j]! * x[i * p + j]!;
  const baseline = baselineHazard(eta, x, p, duration, event, order, ties);
  // Higher linear predictor = shorter survival: C of −η (R's reverse = TRUE); some event is
  // followed by a longer or censored duration unless all events share the last time.
  const negated = eta.map((v) => -v);
  const concordance = harrellC(duration, event, negated) ?? { concordance: 0.5, stdErr: 0, concordant: 0, discordant: 0, tiedScores: 0, tiedTimes: 0, tiedBoth: 0 };
  return {
    kind: 'cox',
    version: 2,
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
    fittedOn: { n, events, dropped: (Array.isArray(records) ? records.length : n) - n },
    baseline,
    concordance,
  };
}

/**
 * Baseline cumulative hazard at the means (Breslow 1972; Therneau & Grambsch 2000, §10.2): at each
 * event time with d deaths, risk-set sums S0 = Σ exp(η), S1 = Σ exp(η)·x and the deaths' own D0,
 * D1, the increment is d / S0 (Breslow ties) or Σ_{r<d} 1 / (S0 − (r/d)·D0) (Efron ties: R
 * survfit.coxph's default ctype = 2). For the curves' variance (Tsiatis 1981; R's agsurv and its
 * C agsurv5) also Σ_r 1/(S0 − (r/d)·D0)² and Σ_r (S1 − (r/d)·D1)/(S0 − (r/d)·D0)² (Breslow:
 * d/S0², d·S1/S0²), accumulated over time.
 */
function baselineHazard(eta: Float64Array, x: Float64Array, p: number, duration: Float64Array, event: Uint8Array, order: Int32Array, ties: CoxTies): CoxBaseline {
  const n = duration.length;
  const times: number[] = [];
  const hazard: number[] = [];
  const variance: number[] = [];
  const means: number[][] = [];
  let s0 = 0;
  const s1 = new Float64Array(p);
  const d1 = new Float64Array(p);
  for (let k = 0; k < n; ) {
    const t = duration[order[k]!]!;
    let deaths = 0;
    let d0 = 0;
    d1.fill(0);
    while (k < n && duration[order[k]!] === t) {
      const i = order[k++]!;
      const w = Math.exp(eta[i]!);
      s0 += w;
      for (let j = 0; j < p; j++) s1[j]! += w * x[i * p + j]!;
      if (event[i] === 1) {
        deaths++;
        d0 += w;
        for (let j = 0; j < p; j++) d1[j]! += w * x[i * p + j]!;
      }
    }
    if (deaths === 0) continue;
    let h = 0;
    let v = 0;
    const m = new Array<number>(p).fill(0);
    const steps = ties === 'breslow' ? 1 : deaths;
    for (let r = 0; r < steps; r++) {
      const f = ties === 'breslow' ? 0 : r / deaths;
      const weight = ties === 'breslow' ? deaths : 1;
      const denom = s0 - f * d0;
      h += weight / denom;
      v += weight / (denom * denom);
      for (let j = 0; j < p; j++) m[j]! += (weight * (s1[j]! - f * d1[j]!)) / (denom * denom);
    }
    times.push(t);
    hazard.push(h);
    variance.push(v);
    means.push(m);
  }
  // The walk went from the longest time down: reverse and accumulate.
  times.reverse();
  hazard.reverse();
  variance.reverse();
  means.reverse();
  let ch = 0;
  let cv = 0;
  const cm = new Array<number>(p).fill(0);
  return {
    time: times,
    cumulativeHazard: hazard.map((h) => (ch += h)),
    lastTime: duration[order[0]!]!,
    cumulativeVariance: variance.map((v) => (cv += v)),
    cumulativeMeans: means.map((m) => m.map((mj, j) => (cm[j]! += mj))),
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
export function coxRisk(model: CoxModel | CoxModelV1, rows: readonly Readonly<Record<string, unknown>>[]): number[] {
  // The saved-model rule every module follows (core/envelope.ts): another kind or a newer version
  // is INVALID_MODEL; version 1 models (no baseline) still give risks.
  checkEnvelope(model, 'cox', 2);
  return relativeRisks(model, rows);
}

function relativeRisks(model: CoxModel | CoxModelV1, rows: readonly Readonly<Record<string, unknown>>[]): number[] {
  if (!Array.isArray(rows)) invalidInput(['rows'], 'rows must be an array of covariate records', undefined, rows);
  return rows.map((r: Readonly<Record<string, unknown>> | null, i) => {
    if (typeof r !== 'object' || r === null) invalidInput(['rows', i], 'a row must be an object of covariates', undefined, r);
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

/** Options of {@link coxSurvival}. */
export interface CoxSurvivalOptions {
  /**
   * Times (≥ 0, at most the model's `baseline.lastTime`) to evaluate each curve at, in the order
   * given; default: the fit's distinct event times (where the curves step).
   */
  readonly times?: readonly number[];
  /** Confidence level of the bands; default 0.95. */
  readonly confidence?: number;
  /** How the band is built (R's `conf.type`): `'log'` (default), `'log-log'` or `'plain'`. */
  readonly confidenceType?: ConfidenceType;
}

/** One point of a predicted survival curve. */
export interface CoxSurvivalStep {
  readonly time: number;
  /** S(t | x) = exp(−H0(t) · risk). */
  readonly survival: number;
  /** H(t | x) = H0(t) · risk. */
  readonly cumulativeHazard: number;
  /** Standard error of H(t | x) = of −log S (R's `std.err`), including the uncertainty of β. */
  readonly stdErr: number;
  /** Lower confidence limit of S; `null` where undefined (S = 0, or S = 1 for log-log). */
  readonly lower: number | null;
  /** Upper confidence limit of S; `null` where undefined. */
  readonly upper: number | null;
}

/** The predicted survival curve of one row. */
export interface CoxSurvivalCurve {
  /** exp(β·(x − means)), as {@link coxRisk} gives it. */
  readonly risk: number;
  readonly steps: readonly CoxSurvivalStep[];
  /** First time S ≤ 0.5 (R's quantile rule, as {@link kaplanMeier}); `null` if S stays above 0.5 to the last follow-up. */
  readonly median: number | null;
  /** The median's confidence interval: where the lower / upper band reaches 0.5 (R's `0.95LCL`, `0.95UCL`). */
  readonly medianLower: number | null;
  readonly medianUpper: number | null;
}

/**
 * Predicted survival curves S(t | x) = exp(−H0(t)·exp(β·(x − means))) of new rows under a fitted
 * Cox model — R `survfit(fit, newdata)` (its defaults: `stype = 2`, the Efron-adjusted hazard
 * for an Efron fit, Breslow's for a Breslow fit), lifelines `predict_survival_function`. The curves
 * are right-continuous steps: S(t) holds from one event time to the next and is 1 before the first.
 *
 * @example
 * ```ts
 * const rows = [
 *   { duration: 5, event: 1, x: 1 }, { duration: 8, event: 1, x: 0 }, { duration: 3, event: 1, x: 1 }, { duration: 9, event: 0, x: 0 },
 *   { duration: 6, event: 1, x: 0 }, { duration: 7, event: 1, x: 1 }, { duration: 2, event: 1, x: 0 }, { duration: 4, event: 1, x: 1 },
 * ];
 * const fit = coxPH(rows, { covariates: ['x'] });
 * const [high, low] = coxSurvival(fit, [{ x: 1 }, { x: 0 }], { times: [0, 4, 8] });
 * high.steps[0].survival; // 1 at t = 0
 * high.steps[1].survival < low.steps[1].survival; // true: the higher risk survives less
 * ```
 */
export function coxSurvival(
  model: CoxModel,
  rows: readonly Readonly<Record<string, unknown>>[],
  options?: CoxSurvivalOptions,
): CoxSurvivalCurve[] {
  checkEnvelope(model, 'cox', 2);
  if ((model as { version: number }).version < 2) {
    invalidModel(['model', 'version'], 'this Cox model was saved by a release before version 2 and has no baseline hazard: refit it with coxPH to predict survival curves (coxRisk still reads it)', '2', model.version);
  }
  const o = readOptions(options, ['times', 'confidence', 'confidenceType']);
  const confidence = readNumber(o.confidence, ['options', 'confidence'], { default: 0.95, min: 0, max: 1, minExclusive: true, maxExclusive: true });
  const type = readOneOf(o.confidenceType, ['options', 'confidenceType'], ['log', 'log-log', 'plain'] as const, 'log');
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = model.covariates.length;
  const baseline = readBaseline(model.baseline, p);
  let requested: number[] | undefined;
  if (o.times !== undefined) {
    if (!Array.isArray(o.times)) invalidOption(['options', 'times'], 'times must be an array of numbers', 'e.g. [30, 90, 365]', o.times);
    requested = (o.times as unknown[]).map((t, k) =>
      readNumber(t, ['options', 'times', k], { min: 0, max: baseline.lastTime }),
    );
  }
  // The baseline step in force at each requested time: the last event time ≤ t, −1 before the first.
  const at = (requested ?? []).map((t) => {
    let lo = 0;
    let hi = baseline.time.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (baseline.time[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  });
  const covariance = model.covariance;
  if (!Array.isArray(covariance) || covariance.length !== p || !covariance.every((r) => Array.isArray(r) && r.length === p && r.every((v) => Number.isFinite(v)))) {
    invalidModel(['model', 'covariance'], `the covariance matrix must be ${p} × ${p} finite numbers: refit the model with coxPH`, undefined, covariance);
  }
  const all = baseline.time.map((_, k) => k);
  return relativeRisks(model, rows).map((risk, row) => {
    const centred = model.covariates.map((name, j) => (rows[row]![name] as number) - model.means[j]!);
    const point = (time: number, step: number): CoxSurvivalStep => {
      const h0 = step < 0 ? 0 : baseline.cumulativeHazard[step]!;
      const cumulativeHazard = h0 * risk;
      // var H(t|x) = risk² · (Σ var increments + dᵀ V d), d = H0(t)·(x − means) − cumulative means
      // (R coxsurv.fit's expand: dt <- outer(cumhaz, x2) - xbar).
      let variance = 0;
      if (step >= 0) {
        const d = centred.map((c, j) => h0 * c - baseline.cumulativeMeans[step]![j]!);
        let quad = 0;
        for (let j = 0; j < p; j++) for (let m = 0; m < p; m++) quad += d[j]! * covariance[j]![m]! * d[m]!;
        variance = (baseline.cumulativeVariance[step]! + quad) * risk * risk;
      }
      if (!Number.isFinite(cumulativeHazard) || !Number.isFinite(variance)) {
        throw new CrmError('NUMERIC_DOMAIN', 'the cumulative hazard overflows', { path: ['rows', row] });
      }
      const survival = Math.exp(-cumulativeHazard);
      const stdErr = Math.sqrt(Math.max(variance, 0));
      const [lower, upper] = band(survival, stdErr, z, type);
      return { time, survival, cumulativeHazard, stdErr, lower, upper };
    };
    const full = all.map((k) => point(baseline.time[k]!, k));
    // The curve runs flat from the last event time to the last follow-up (R lists censoring times).
    const times = [...baseline.time, baseline.lastTime];
    const median = (pick: (s: CoxSurvivalStep) => number | null): number | null => {
      const values = full.map(pick);
      return quantileTime(times, [...values, values.at(-1)!], 0.5);
    };
    return {
      risk,
      steps: requested === undefined ? full : requested.map((time, k) => point(time, at[k]!)),
      median: median((s) => s.survival),
      medianLower: median((s) => s.lower),
      medianUpper: median((s) => s.upper),
    };
  });
}

function readBaseline(value: unknown, p: number): CoxBaseline {
  const b = value as Partial<CoxBaseline> | null;
  const ok =
    typeof b === 'object' && b !== null && Array.isArray(b.time) && Array.isArray(b.cumulativeHazard) &&
    b.time.length === b.cumulativeHazard.length && b.time.length > 0 &&
    b.time.every((t, k) => Number.isFinite(t) && (k === 0 || t > b.time![k - 1]!)) &&
    b.cumulativeHazard.every((h, k) => Number.isFinite(h) && h >= 0 && (k === 0 || h >= b.cumulativeHazard![k - 1]!)) &&
    typeof b.lastTime === 'number' && Number.isFinite(b.lastTime) && b.lastTime >= b.time.at(-1)! &&
    Array.isArray(b.cumulativeVariance) && b.cumulativeVariance.length === b.time.length && b.cumulativeVariance.every((v) => Number.isFinite(v) && v >= 0) &&
    Array.isArray(b.cumulativeMeans) && b.cumulativeMeans.length === b.time.length &&
    b.cumulativeMeans.every((m) => Array.isArray(m) && m.length === p && m.every((v) => Number.isFinite(v)));
  if (!ok) invalidModel(['model', 'baseline'], 'the baseline hazard is missing or damaged: refit the model with coxPH', '{ time, cumulativeHazard, lastTime, cumulativeVariance, cumulativeMeans }', value);
  return b as CoxBaseline;
}
