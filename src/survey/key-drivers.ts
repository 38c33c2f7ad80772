/**
 * Key-driver analysis: how much each attribute rating drives an outcome rating (overall
 * satisfaction, likelihood to recommend). Four importance measures side by side:
 * - `correlation`: Pearson r of driver and outcome;
 * - `beta`: standardized OLS coefficient (collinearity makes it unstable — shown for comparison);
 * - `relativeWeight`: Johnson's (2000) relative weights, ε_j = Σ_k Λ²_jk β*²_k with Λ = R_xx^{1/2},
 *   β* = Λ⁻¹ r_xy; they sum to R²;
 * - `shapley`: the Shapley value of R² over driver subsets (Lipovetsky & Conklin 2001; general
 *   dominance, Budescu 1993), exact, also summing to R².
 * Each driver's `importance` (the chosen measure, as a share of the total) and `satisfaction`
 * (its mean rating) plug into `value.importanceSatisfactionMatrix` unchanged.
 */
import { invalidOption, invalidInput } from '../core/errors.js';
import { readOptions, readOneOf, readBudget } from '../core/options.js';
import { budgetExceeded } from '../core/budget.js';
import { cholesky, choleskySolve } from '../core/math/cholesky.js';
import { symmetricEigen } from '../core/math/symmetric-eigen.js';

/** Which measure becomes `importance`. */
export type DriverImportance = 'relativeWeight' | 'shapley' | 'beta' | 'correlation';

/** Options of {@link keyDrivers}. */
export interface KeyDriverOptions {
  /** The outcome field of each row. */
  readonly outcome: string;
  /** The driver fields (at least one). */
  readonly drivers: readonly string[];
  /** Default `'relativeWeight'`. */
  readonly importance?: DriverImportance;
  /** Shapley values cost 2^drivers regressions: computed up to this many drivers (default 12). */
  readonly maxShapleyDrivers?: number;
}

/** One driver's importance measures. */
export interface KeyDriver {
  readonly name: string;
  /** The chosen measure as a share of its total over drivers (absolute values for beta and r). */
  readonly importance: number;
  /** Mean rating of the driver. */
  readonly satisfaction: number;
  readonly correlation: number;
  readonly beta: number;
  readonly relativeWeight: number;
  /** `null` when there are more drivers than `maxShapleyDrivers`. */
  readonly shapley: number | null;
}

/** Result of {@link keyDrivers}. */
export interface KeyDrivers {
  readonly outcome: string;
  readonly respondents: number;
  /** R² of the outcome on all drivers. */
  readonly rSquared: number;
  readonly importance: DriverImportance;
  readonly drivers: readonly KeyDriver[];
}

/**
 * Importance of each driver rating for an outcome rating.
 *
 * @example
 * ```ts
 * const rows = [
 *   { overall: 9, price: 8, service: 9 }, { overall: 6, price: 5, service: 7 }, { overall: 7, price: 7, service: 6 },
 *   { overall: 4, price: 3, service: 5 }, { overall: 8, price: 6, service: 9 }, { overall: 5, price: 5, service: 4 },
 * ];
 * const kd = keyDrivers(rows, { outcome: 'overall', drivers: ['price', 'service'] });
 * kd.drivers.reduce((s, d) => s + d.relativeWeight, 0) === kd.rSquared; // true (to rounding)
 * ```
 */
export function keyDrivers(rows: readonly Readonly<Record<string, unknown>>[], options: KeyDriverOptions): KeyDrivers {
  const o = readOptions(options, ['outcome', 'drivers', 'importance', 'maxShapleyDrivers']);
  const importance = readOneOf(o.importance, ['options', 'importance'], ['relativeWeight', 'shapley', 'beta', 'correlation'] as const, 'relativeWeight');
  const maxShapley = readBudget(o.maxShapleyDrivers, ['options', 'maxShapleyDrivers'], 12);
  if (typeof o.outcome !== 'string' || o.outcome.length === 0) {
    invalidOption(['options', 'outcome'], 'outcome must name the outcome field', undefined, o.outcome);
  }
  const outcome = o.outcome;
  const drivers = o.drivers;
  if (!Array.isArray(drivers) || drivers.length === 0 || drivers.some((d) => typeof d !== 'string' || d === outcome)) {
    invalidOption(['options', 'drivers'], 'drivers must be a non-empty array of field names other than the outcome', undefined, drivers);
  }
  const names = drivers as string[];
  const p = names.length;
  if (importance === 'shapley' && p > maxShapley) {
    throw budgetExceeded({ code: 'BUDGET_EXCEEDED', option: ['options', 'maxShapleyDrivers'], limit: maxShapley, what: 'drivers for exact Shapley values', count: p });
  }
  if (!Array.isArray(rows) || rows.length < p + 2) {
    invalidInput(['rows'], `need at least ${p + 2} respondents for ${p} drivers`, undefined, Array.isArray(rows) ? rows.length : rows);
  }
  const fields = [...names, outcome];
  const n = rows.length;
  const columns = fields.map((f) =>
    rows.map((r, i) => {
      const v = (r as Record<string, unknown>)[f];
      if (typeof v !== 'number' || !Number.isFinite(v)) invalidInput(['rows', i, f], `"${f}" must be a finite number`, undefined, v);
      return v;
    }),
  );
  const means = columns.map((c) => c.reduce((s, v) => s + v, 0) / n);
  const sds = columns.map((c, j) => Math.sqrt(c.reduce((s, v) => s + (v - means[j]!) ** 2, 0) / (n - 1)));
  sds.forEach((sd, j) => {
    if (!(sd > 0)) invalidInput(['rows', 0, fields[j]!], `"${fields[j]}" is constant: it cannot drive or be driven`);
  });
  const corr = (a: number, b: number): number =>
    columns[a]!.reduce((s, v, i) => s + (v - means[a]!) * (columns[b]![i]! - means[b]!), 0) / ((n - 1) * sds[a]! * sds[b]!);
  const rxx = names.map((_, a) => names.map((_, b) => (a === b ? 1 : corr(a, b))));
  const rxy = names.map((_, a) => corr(a, p));

  const rSquaredOf = (subset: readonly number[]): number => {
    if (subset.length === 0) return 0;
    const l = cholesky(subset.map((a) => subset.map((b) => rxx[a]![b]!)));
    if (l === undefined) return Number.NaN;
    const r = subset.map((a) => rxy[a]!);
    const x = choleskySolve(l, r);
    return r.reduce((s, v, i) => s + v * x[i]!, 0);
  };
  const all = names.map((_, j) => j);
  const l = cholesky(rxx);
  if (l === undefined) {
    invalidInput(['options', 'drivers'], 'the drivers are collinear (one is a combination of others): drop or merge one');
  }
  const beta = choleskySolve(l, rxy);
  const rSquared = rSquaredOf(all);

  // Johnson's relative weights: Λ = V diag(√λ) Vᵀ, β* = Λ⁻¹ r_xy, ε_j = Σ_k Λ_jk² β*_k².
  const { values, vectors } = symmetricEigen(rxx);
  const lambda = names.map((_, i) => names.map((_, j) => values.reduce((s, ev, k) => s + vectors[i]![k]! * Math.sqrt(Math.max(ev, 0)) * vectors[j]![k]!, 0)));
  const lambdaInvR = names.map((_, i) => values.reduce((s, ev, k) => s + (vectors[i]![k]! / Math.sqrt(ev)) * names.reduce((t, _, j) => t + vectors[j]![k]! * rxy[j]!, 0), 0));
  const relative = names.map((_, j) => names.reduce((s, _, k) => s + lambda[j]![k]! ** 2 * lambdaInvR[k]! ** 2, 0));

  // Exact Shapley values of R²: each driver's marginal gain averaged over all orderings.
  let shapley: number[] | null = null;
  if (p <= maxShapley) {
    const r2 = new Float64Array(1 << p);
    for (let mask = 1; mask < 1 << p; mask++) r2[mask] = rSquaredOf(all.filter((j) => mask & (1 << j)));
    const factorial = [1];
    for (let i = 1; i <= p; i++) factorial.push(factorial[i - 1]! * i);
    shapley = names.map((_, j) => {
      let s = 0;
      for (let mask = 0; mask < 1 << p; mask++) {
        if (mask & (1 << j)) continue;
        let size = 0;
        for (let m = mask; m; m &= m - 1) size++;
        s += ((factorial[size]! * factorial[p - size - 1]!) / factorial[p]!) * (r2[mask | (1 << j)]! - r2[mask]!);
      }
      return s;
    });
  }
  const chosen = importance === 'relativeWeight' ? relative : importance === 'shapley' ? shapley! : importance === 'beta' ? beta.map(Math.abs) : rxy.map(Math.abs);
  const total = chosen.reduce((s, v) => s + v, 0);
  return {
    outcome,
    respondents: n,
    rSquared,
    importance,
    drivers: names.map((name, j) => ({
      name,
      importance: total > 0 ? chosen[j]! / total : 0,
      satisfaction: means[j]!,
      correlation: rxy[j]!,
      beta: beta[j]!,
      relativeWeight: relative[j]!,
      shapley: shapley === null ? null : shapley[j]!,
    })),
  };
}
