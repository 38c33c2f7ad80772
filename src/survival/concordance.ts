/**
 * Harrell's concordance index C (Harrell et al. 1982; 1996, §5.5) with R `survival`'s conventions
 * (Therneau's `concordancefit`, survival 3.5, `timewt = "n"`): a pair is comparable when the
 * earlier time is an event; an event and a censoring at the same time are comparable (the censored
 * subject was still at risk), two events at the same time are not (`tiedTimes`). Tied scores count
 * 1/2. Its standard error is R's infinitesimal-jackknife one: with Somers' d = (C − D)/N over the
 * N = C + D + T comparable pairs, each subject's influence is
 * dfbeta_i = (c_i − d_i)/N − d·(c_i + d_i + t_i)/N, counting every pair the subject is in, and
 * var(C) = Σ dfbeta_i² / 4. Counts in O(n log n) with a Fenwick tree over score ranks.
 */
import { invalidInput } from '../core/errors.js';
import { readOneOf, readOptions } from '../core/options.js';

/** Options of {@link concordanceIndex}. */
export interface ConcordanceOptions {
  /**
   * What a higher score predicts: `'longer'` survival (default, lifelines' `concordance_index` and
   * R's `concordance(Surv ~ x)`) or `'shorter'` (a risk score, a Cox linear predictor — R's
   * `reverse = TRUE`).
   */
  readonly higherScore?: 'longer' | 'shorter';
}

/** Harrell's C with its pair counts and standard error. */
export interface Concordance {
  /** (concordant + tiedScores / 2) / (concordant + discordant + tiedScores), in [0, 1]. */
  readonly concordance: number;
  /** Infinitesimal-jackknife standard error (R's `sqrt(var)`). */
  readonly stdErr: number;
  readonly concordant: number;
  readonly discordant: number;
  /** Comparable pairs with equal scores (count 1/2). */
  readonly tiedScores: number;
  /** Pairs of events at the same time with different scores: not comparable. */
  readonly tiedTimes: number;
  /** Pairs of events at the same time with equal scores: not comparable. */
  readonly tiedBoth: number;
}

/** C from validated columns; `score` higher = longer survival. */
export function harrellC(time: Float64Array, event: Uint8Array, score: Float64Array): Concordance | undefined {
  const n = time.length;
  const sorted = Float64Array.from(score).sort();
  const distinct: number[] = [];
  for (const v of sorted) if (distinct.length === 0 || distinct[distinct.length - 1] !== v) distinct.push(v);
  const m = distinct.length;
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (distinct[mid]! < score[i]!) lo = mid + 1;
      else hi = mid;
    }
    rank[i] = lo;
  }
  const tree = new Float64Array(m + 1);
  let inTree = 0;
  const add = (r: number): void => {
    inTree++;
    for (let k = r + 1; k <= m; k += k & -k) tree[k]! += 1;
  };
  const below = (r: number): number => {
    let s = 0;
    for (let k = r; k > 0; k -= k & -k) s += tree[k]!;
    return s;
  };
  // Per subject: concordant, discordant and tied-score pairs it is part of (either role).
  const c = new Float64Array(n);
  const d = new Float64Array(n);
  const t = new Float64Array(n);
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a]! - time[b]! || a - b);
  let concordant = 0;
  let discordant = 0;
  let tiedScores = 0;
  let tiedTimes = 0;
  let tiedBoth = 0;
  // Earlier member i (an event): the subjects after it, or censored at its time, are in the tree.
  for (let end = n; end > 0; ) {
    let start = end - 1;
    while (start > 0 && time[order[start - 1]!] === time[order[end - 1]!]) start--;
    for (let k = start; k < end; k++) if (event[order[k]!] === 0) add(rank[order[k]!]!);
    const scoresAtTime = new Map<number, number>();
    let deaths = 0;
    for (let k = start; k < end; k++) {
      const i = order[k]!;
      if (event[i] === 0) continue;
      const lower = below(rank[i]!);
      const equal = below(rank[i]! + 1) - lower;
      const higher = inTree - lower - equal;
      c[i]! += higher;
      d[i]! += lower;
      t[i]! += equal;
      concordant += higher;
      discordant += lower;
      tiedScores += equal;
      const same = scoresAtTime.get(score[i]!) ?? 0;
      tiedBoth += same;
      tiedTimes += deaths - same;
      scoresAtTime.set(score[i]!, same + 1);
      deaths++;
    }
    for (let k = start; k < end; k++) if (event[order[k]!] === 1) add(rank[order[k]!]!);
    end = start;
  }
  // Later member j: the events before it (and, for a censored j, the events at its time).
  tree.fill(0);
  inTree = 0;
  const later = (j: number): void => {
    const lower = below(rank[j]!);
    const equal = below(rank[j]! + 1) - lower;
    c[j]! += lower;
    d[j]! += inTree - lower - equal;
    t[j]! += equal;
  };
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && time[order[end]!] === time[order[start]!]) end++;
    for (let k = start; k < end; k++) if (event[order[k]!] === 1) later(order[k]!);
    for (let k = start; k < end; k++) if (event[order[k]!] === 1) add(rank[order[k]!]!);
    for (let k = start; k < end; k++) if (event[order[k]!] === 0) later(order[k]!);
    start = end;
  }
  const pairs = concordant + discordant + tiedScores;
  if (pairs === 0) return undefined;
  const somers = (concordant - discordant) / pairs;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    const dfbeta = (c[i]! - d[i]!) / pairs - (somers / pairs) * (c[i]! + d[i]! + t[i]!);
    variance += dfbeta * dfbeta;
  }
  return { concordance: (somers + 1) / 2, stdErr: Math.sqrt(variance / 4), concordant, discordant, tiedScores, tiedTimes, tiedBoth };
}

/**
 * Harrell's concordance index of `scores` against observed `durations` and `events` (1 observed,
 * 0 censored; all observed when omitted): the share of comparable pairs the scores order correctly,
 * ties in score counting 1/2 — R `survival::concordance`, lifelines `concordance_index`.
 *
 * @example
 * ```ts
 * const c = concordanceIndex([2, 4, 6, 8], [1, 2, 3, 4], [1, 1, 0, 1]);
 * c.concordance; // 1: a longer life always has a higher score
 * concordanceIndex([2, 4, 6, 8], [4, 3, 2, 1], [1, 1, 1, 1], { higherScore: 'shorter' }).concordance; // 1
 * ```
 */
export function concordanceIndex(
  durations: readonly number[],
  scores: readonly number[],
  events?: readonly (0 | 1 | boolean)[],
  options?: ConcordanceOptions,
): Concordance {
  const o = readOptions(options, ['higherScore']);
  const direction = readOneOf(o.higherScore, ['options', 'higherScore'], ['longer', 'shorter'] as const, 'longer');
  if (!Array.isArray(durations) || durations.length === 0) invalidInput(['durations'], 'durations must be a non-empty array of numbers', undefined, durations);
  const n = durations.length;
  if (!Array.isArray(scores) || scores.length !== n) invalidInput(['scores'], `scores must be an array as long as durations (${n})`, undefined, Array.isArray(scores) ? scores.length : scores);
  if (events !== undefined && (!Array.isArray(events) || events.length !== n)) {
    invalidInput(['events'], `events must be an array as long as durations (${n})`, undefined, Array.isArray(events) ? events.length : events);
  }
  const time = new Float64Array(n);
  const score = new Float64Array(n);
  const event = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = durations[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) invalidInput(['durations', i], 'a duration must be a finite number', undefined, v);
    const s = scores[i];
    if (typeof s !== 'number' || !Number.isFinite(s)) invalidInput(['scores', i], 'a score must be a finite number', undefined, s);
    const e = events === undefined ? 1 : events[i];
    if (e !== 0 && e !== 1 && e !== true && e !== false) invalidInput(['events', i], 'an event must be 0 or 1 (or false / true)', undefined, e);
    time[i] = v;
    score[i] = direction === 'longer' ? s : -s;
    event[i] = e === 1 || e === true ? 1 : 0;
  }
  const c = harrellC(time, event, score);
  if (c === undefined) invalidInput(['events'], 'no comparable pairs: C needs an event followed by a longer (or censored) duration');
  return c;
}
