/**
 * The k-group log-rank test (Mantel 1966; Peto & Peto 1972), R `survival::survdiff` with rho = 0:
 * observed vs expected events per group and the chi-square statistic (O − E)ᵀ V⁻¹ (O − E) on k − 1
 * degrees of freedom, V the hypergeometric covariance summed over event times.
 */
import { CrmError, invalidInput } from '../core/errors.js';
import { chiSquareSurvival } from '../core/math/chi-square-survival.js';
import { cholesky, choleskySolve } from '../core/math/cholesky.js';
import { intern } from '../core/intern.js';
import { orderByDuration, readSurvivalRecords, type SurvivalRecord } from './records.js';

/** A survival record with the group it belongs to. */
export interface GroupedSurvivalRecord extends SurvivalRecord {
  readonly group: string | number;
}

/** Observed and expected events of one group. */
export interface LogRankGroup {
  readonly group: string;
  readonly subjects: number;
  readonly observed: number;
  readonly expected: number;
}

/** Result of {@link logRankTest}. */
export interface LogRankTest {
  /** Groups in first-seen order. */
  readonly groups: readonly LogRankGroup[];
  readonly chiSquare: number;
  readonly df: number;
  readonly pValue: number;
}

/**
 * Log-rank test that k ≥ 2 groups share one survival curve.
 *
 * @example
 * ```ts
 * const t = logRankTest([
 *   { duration: 1, event: 1, group: 'a' }, { duration: 2, event: 1, group: 'a' },
 *   { duration: 3, event: 1, group: 'b' }, { duration: 4, event: 1, group: 'b' },
 * ]);
 * t.df; // 1
 * t.groups[0].observed; // 2
 * ```
 */
export function logRankTest(records: readonly GroupedSurvivalRecord[]): LogRankTest {
  const { duration, event } = readSurvivalRecords(records);
  const names: string[] = [];
  const index = new Map<string, number>();
  const group = new Int32Array(duration.length);
  for (let i = 0; i < duration.length; i++) {
    const g: unknown = (records[i] as { group?: unknown }).group;
    if ((typeof g !== 'string' || g.length === 0) && !(typeof g === 'number' && Number.isFinite(g))) {
      invalidInput(['records', i, 'group'], 'group must be a non-empty string or a finite number', undefined, g);
    }
    group[i] = intern(index, names, String(g));
  }
  const k = names.length;
  if (k < 2) throw new CrmError('INVALID_INPUT', 'the log-rank test needs at least two groups', { path: ['records'], data: { groups: names } });
  const atRisk = new Float64Array(k);
  const subjects = new Float64Array(k);
  for (let i = 0; i < group.length; i++) subjects[group[i]!]!++;
  for (let g = 0; g < k; g++) {
    if (subjects[g]! < 2) {
      throw new CrmError('INVALID_INPUT', `group "${names[g]}" has one subject: a group needs at least two`, { path: ['records'], data: { group: names[g] } });
    }
  }
  atRisk.set(subjects);
  const observed = new Float64Array(k);
  const expected = new Float64Array(k);
  const v = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const order = orderByDuration(duration);
  const dead = new Float64Array(k);
  const leaving = new Float64Array(k);
  for (let p = 0; p < order.length; ) {
    const t = duration[order[p]!]!;
    dead.fill(0);
    leaving.fill(0);
    while (p < order.length && duration[order[p]!] === t) {
      const i = order[p++]!;
      leaving[group[i]!]!++;
      if (event[i] === 1) dead[group[i]!]!++;
    }
    let n = 0;
    let d = 0;
    for (let g = 0; g < k; g++) {
      n += atRisk[g]!;
      d += dead[g]!;
    }
    if (d > 0) {
      const scale = n > 1 ? (d * (n - d)) / (n * n * (n - 1)) : 0;
      for (let g = 0; g < k; g++) {
        observed[g]! += dead[g]!;
        expected[g]! += (atRisk[g]! * d) / n;
        for (let h = 0; h < k; h++) v[g]![h]! += scale * atRisk[g]! * ((g === h ? n : 0) - atRisk[h]!);
      }
    }
    for (let g = 0; g < k; g++) atRisk[g]! -= leaving[g]!;
  }
  // R's survdiff: groups with no expected events are left out; the statistic uses k − 1 of the
  // rest (V's rows sum to 0, so all k are singular) and is 0 with fewer than two such groups.
  const live = names.map((_, g) => g).filter((g) => expected[g]! > 0);
  const m = Math.max(live.length - 1, 0);
  let chiSquare = 0;
  if (m > 0) {
    const used = live.slice(1);
    const diff = used.map((g) => observed[g]! - expected[g]!);
    const l = cholesky(used.map((g) => used.map((h) => v[g]![h]!)));
    if (l !== undefined) {
      const x = choleskySolve(l, diff);
      chiSquare = diff.reduce((s, di, j) => s + di * x[j]!, 0);
    } else if (diff.some((d) => Math.abs(d) > 1e-9)) {
      invalidInput(['records'], 'the log-rank variance is singular: the groups share no informative event time');
    }
  }
  return {
    groups: names.map((name, g) => ({ group: name, subjects: subjects[g]!, observed: observed[g]!, expected: expected[g]! })),
    chiSquare,
    df: m,
    pValue: m === 0 ? 1 : chiSquareSurvival(chiSquare, m),
  };
}
