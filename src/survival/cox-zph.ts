/**
 * The proportional-hazards check of a Cox fit, as R `survival::cox.zph` (3.x) computes it
 * (Grambsch & Therneau 1994; Therneau & Grambsch 2000, §6.2): a score test, at the fitted β and
 * γ = 0, of adding the interactions xⱼ·g(t) to the model, where g is a transform of time centred
 * on its mean over the events — one covariate at a time (1 df) and all together (GLOBAL, p df).
 * With Schoenfeld residuals rₖ = xₖ − x̄(tₖ) at each event (Efron: x̄ averaged over the tied
 * deaths' Efron-weighted means), the score is U = Σₖ g(tₖ)·rₖ and the information of (β, γ) is
 * [[ΣV, ΣgV], [ΣgV, Σg²V]] over the event terms' variance matrices V. The scaled Schoenfeld
 * residuals are β + d·I⁻¹·rₖ (I the fit's information, d the events): their smooth against g(t)
 * estimates β(t).
 */
import { CrmError, invalidInput } from '../core/errors.js';
import { checkEnvelope } from '../core/envelope.js';
import { readOneOf, readOptions } from '../core/options.js';
import { chiSquareSurvival } from '../core/math/chi-square-survival.js';
import { cholesky, choleskySolve } from '../core/math/cholesky.js';
import { readSurvivalRecords, type SurvivalRecord } from './records.js';
import type { CoxModel, CoxModelV1 } from './cox.js';

/** Transforms of time for {@link coxZph} (R's `transform`). */
export type ZphTransform = 'km' | 'identity' | 'rank' | 'log';

/** Options of {@link coxZph}. */
export interface CoxZphOptions {
  /**
   * g(t): `'km'` (default, R's: 1 − the Kaplan–Meier estimate just before t), `'identity'` (t),
   * `'rank'` (the rank of t among all records, ties averaged) or `'log'` (log t).
   */
  readonly transform?: ZphTransform;
  /** Records with a missing covariate: `'error'` (default) or `'drop'` them, as when fitting. */
  readonly missing?: 'error' | 'drop';
}

/** One chi-square test of proportional hazards. */
export interface ZphTest {
  /** The covariate, or `'GLOBAL'` for the joint test. */
  readonly name: string;
  readonly chiSquare: number;
  readonly df: number;
  readonly pValue: number;
}

/** Result of {@link coxZph}. */
export interface CoxZph {
  readonly transform: ZphTransform;
  /** One test per covariate, in the model's order (R's table rows). */
  readonly tests: readonly ZphTest[];
  /** The joint test on all covariates (R's GLOBAL row). */
  readonly global: ZphTest;
  /** Event times, ascending (ties in record order): the rows of the residuals (R's `time`). */
  readonly time: readonly number[];
  /** g(t) at those events (R's `x`). */
  readonly transformedTime: readonly number[];
  /** Scaled Schoenfeld residuals by covariate, then event (R's `y`, transposed): β(t) estimates. */
  readonly scaledResiduals: readonly (readonly number[])[];
}

/**
 * Test the proportional-hazards assumption of a Cox fit (R `cox.zph(fit)`, lifelines
 * `proportional_hazard_test` with its `'km'` transform): pass the model and the records it was
 * fitted on. A small p-value says a covariate's effect changes over time.
 *
 * @example
 * ```ts
 * const rows = [
 *   { duration: 5, event: 1, x: 1 }, { duration: 8, event: 1, x: 0 }, { duration: 3, event: 1, x: 1 }, { duration: 9, event: 0, x: 0 },
 *   { duration: 6, event: 1, x: 0 }, { duration: 7, event: 1, x: 1 }, { duration: 2, event: 1, x: 0 }, { duration: 4, event: 1, x: 1 },
 * ];
 * const fit = coxPH(rows, { covariates: ['x'] });
 * const zph = coxZph(fit, rows);
 * zph.tests[0].pValue > 0.05; // true: no evidence that x's effect changes over time
 * ```
 */
export function coxZph(
  model: CoxModel | CoxModelV1,
  records: readonly (SurvivalRecord & Readonly<Record<string, unknown>>)[],
  options?: CoxZphOptions,
): CoxZph {
  checkEnvelope(model, 'cox', 2);
  const o = readOptions(options, ['transform', 'missing']);
  const transform = readOneOf(o.transform, ['options', 'transform'], ['km', 'identity', 'rank', 'log'] as const, 'km');
  const missing = readOneOf(o.missing, ['options', 'missing'], ['error', 'drop'] as const, 'error');
  if (!Array.isArray(records)) invalidInput(['records'], 'records must be the array the model was fitted on', undefined, records);
  const names = model.covariates;
  const p = names.length;
  const beta = model.coefficients.map((c) => c.coefficient);
  const kept = records.filter((r: unknown, i) => {
    const row = r as Readonly<Record<string, unknown>> | null;
    for (const name of names) {
      const v = typeof row === 'object' && row !== null ? row[name] : undefined;
      if (typeof v === 'number' && Number.isFinite(v)) continue;
      if (missing === 'error') invalidInput(['records', i, name], `covariate "${name}" must be a finite number; pass missing: 'drop' if the model was fitted so`, undefined, v);
      return false;
    }
    return true;
  });
  const { duration, event } = readSurvivalRecords(kept);
  const n = duration.length;
  const events = event.reduce((s, e) => s + e, 0);
  if (n !== model.subjects || events !== model.events) {
    invalidInput(['records'], `these are not the records the model was fitted on: ${n} subjects with ${events} events, the model saw ${model.subjects} with ${model.events}`);
  }
  names.forEach((name, j) => {
    const mean = kept.reduce((acc, r) => acc + (r[name] as number), 0) / n;
    if (Math.abs(mean - model.means[j]!) > 1e-9 * Math.max(1, Math.abs(model.means[j]!))) {
      invalidInput(['records'], `these are not the records the model was fitted on: the mean of "${name}" is ${mean}, the model's is ${model.means[j]}`);
    }
  });
  const x = new Float64Array(n * p);
  const eta = new Float64Array(n);
  kept.forEach((r, i) =>
    names.forEach((name, j) => {
      x[i * p + j] = (r[name] as number) - model.means[j]!;
      eta[i]! += beta[j]! * x[i * p + j]!;
    }),
  );
  const g = transformTimes(duration, event, transform);
  let gMean = 0;
  for (let i = 0; i < n; i++) if (event[i] === 1) gMean += g[i]!;
  gMean /= events;

  // Ascending by time (ties in record order, R's order(y[, 1])); risk sets are built from the end.
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => duration[a]! - duration[b]! || a - b);
  const q = 2 * p;
  const u = new Float64Array(p);
  const info = Array.from({ length: q }, () => new Array<number>(q).fill(0));
  const residual = new Float64Array(events * p);
  const eventTime: number[] = new Array<number>(events);
  const eventG: number[] = new Array<number>(events);
  const s1 = new Float64Array(p);
  const s2 = new Float64Array(p * p);
  const d1 = new Float64Array(p);
  const d2 = new Float64Array(p * p);
  const xbar = new Float64Array(p);
  const a = new Float64Array(p);
  let s0 = 0;
  let slot = events;
  for (let end = n; end > 0; ) {
    let start = end - 1;
    while (start > 0 && duration[order[start - 1]!] === duration[order[end - 1]!]) start--;
    let deaths = 0;
    let d0 = 0;
    d1.fill(0);
    d2.fill(0);
    for (let k = start; k < end; k++) {
      const i = order[k]!;
      const w = Math.exp(eta[i]!);
      s0 += w;
      for (let j = 0; j < p; j++) {
        const xj = x[i * p + j]!;
        s1[j]! += w * xj;
        for (let m = 0; m < p; m++) s2[j * p + m]! += w * xj * x[i * p + m]!;
        if (event[i] === 1) {
          d1[j]! += w * xj;
          for (let m = 0; m < p; m++) d2[j * p + m]! += w * xj * x[i * p + m]!;
        }
      }
      if (event[i] === 1) {
        deaths++;
        d0 += w;
      }
    }
    if (deaths > 0) {
      const gt = g[order[start]!]! - gMean;
      xbar.fill(0);
      for (let r = 0; r < deaths; r++) {
        const f = model.ties === 'efron' ? r / deaths : 0;
        const denom = s0 - f * d0;
        for (let j = 0; j < p; j++) {
          a[j] = (s1[j]! - f * d1[j]!) / denom;
          xbar[j]! += a[j]! / deaths;
        }
        for (let j = 0; j < p; j++) {
          for (let m = 0; m < p; m++) {
            const v = (s2[j * p + m]! - f * d2[j * p + m]!) / denom - a[j]! * a[m]!;
            info[j]![m]! += v;
            info[j]![p + m]! += gt * v;
            info[p + j]![m]! += gt * v;
            info[p + j]![p + m]! += gt * gt * v;
          }
        }
      }
      // This time's deaths fill the event slots from the back, in record order.
      slot -= deaths;
      let e = slot;
      for (let k = start; k < end; k++) {
        const i = order[k]!;
        if (event[i] === 0) continue;
        eventTime[e] = duration[i]!;
        eventG[e] = g[i]!;
        for (let j = 0; j < p; j++) {
          const r = x[i * p + j]! - xbar[j]!;
          residual[e * p + j] = r;
          u[j]! += gt * r;
        }
        e++;
      }
    }
    end = start;
  }

  const quadratic = (index: readonly number[]): number => {
    const sub = index.map((r) => index.map((c) => info[r]![c]!));
    const l = cholesky(sub);
    if (l === undefined) throw new CrmError('NUMERIC_DOMAIN', 'the information matrix of the proportional-hazards test is singular', { path: ['records'] });
    const score = index.map((r) => (r < p ? 0 : u[r - p]!));
    const solved = choleskySolve(l, score);
    return Math.max(0, score.reduce((s, v, k) => s + v * solved[k]!, 0));
  };
  const all = Array.from({ length: p }, (_, j) => j);
  const testOf = (name: string, statistic: number, df: number): ZphTest => ({ name, chiSquare: statistic, df, pValue: chiSquareSurvival(statistic, df) });
  const tests = names.map((name, j) => testOf(name, quadratic([...all, p + j]), 1));
  const global = testOf('GLOBAL', quadratic([...all, ...all.map((j) => p + j)]), p);

  // Scaled residuals: β + d · I⁻¹ rₖ, with I the top-left block (the fit's information).
  const l = cholesky(all.map((r) => all.map((c) => info[r]![c]!)));
  if (l === undefined) throw new CrmError('NUMERIC_DOMAIN', 'the information matrix of the fit is singular', { path: ['records'] });
  const scaledResiduals = names.map(() => new Array<number>(events));
  for (let k = 0; k < events; k++) {
    const s = choleskySolve(l, Array.from(residual.subarray(k * p, (k + 1) * p)));
    for (let j = 0; j < p; j++) scaledResiduals[j]![k] = beta[j]! + events * s[j]!;
  }
  return { transform, tests, global, time: eventTime, transformedTime: eventG, scaledResiduals };
}

/** g(t) per record (R cox.zph's `ttimes`). */
function transformTimes(duration: Float64Array, event: Uint8Array, transform: ZphTransform): Float64Array {
  const n = duration.length;
  if (transform === 'identity') return Float64Array.from(duration);
  if (transform === 'log') return duration.map(Math.log);
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => duration[a]! - duration[b]! || a - b);
  const out = new Float64Array(n);
  if (transform === 'rank') {
    // Average ranks of tied times (R's rank()).
    for (let k = 0; k < n; ) {
      let end = k + 1;
      while (end < n && duration[order[end]!] === duration[order[k]!]) end++;
      const rank = (k + 1 + end) / 2;
      for (let m = k; m < end; m++) out[order[m]!] = rank;
      k = end;
    }
    return out;
  }
  // 'km': 1 − S(t−), the Kaplan–Meier estimate just before each record's own time.
  let survival = 1;
  let atRisk = n;
  for (let k = 0; k < n; ) {
    let end = k + 1;
    while (end < n && duration[order[end]!] === duration[order[k]!]) end++;
    let deaths = 0;
    for (let m = k; m < end; m++) {
      out[order[m]!] = 1 - survival;
      deaths += event[order[m]!]!;
    }
    survival *= 1 - deaths / atRisk;
    atRisk -= end - k;
    k = end;
  }
  return out;
}
