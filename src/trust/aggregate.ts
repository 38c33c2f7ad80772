/**
 * Aggregate trust survey responses per subject (advisor, account manager, brand): mean
 * components, mean of the respondents' trust scores with a Student-t confidence interval
 * (mean ± t_{n−1, 1−α/2} · s / √n), respondent count and spread.
 */
import { interquartileRange, max, mean, min, sampleStandardDeviation } from '../core/math/statistics.js';
import { invalidInput, readNumber, readOptions, toId } from '../core/index.js';
import { studentTQuantile } from '../core/math/student-t-quantile.js';
import { readComponents, readScale, type TrustComponents } from './score.js';

/** One respondent's ratings of one subject. */
export interface TrustResponse extends TrustComponents {
  subjectId: string | number;
  respondentId?: string | number;
}

/** Options of {@link aggregateTrust}. */
export interface AggregateTrustOptions {
  /** Rating scale [min, max], min > 0. Default [1, 10]. */
  scale?: readonly [number, number];
  /** Confidence level of the interval. Default 0.95. */
  confidence?: number;
}

/** Trust of one subject. */
export interface SubjectTrust {
  subjectId: string;
  respondents: number;
  /** Mean of each component. */
  meanComponents: TrustComponents;
  /** Mean of the respondents' scores (C+R+I)/S. */
  meanScore: number;
  /** Score of the mean components (≠ meanScore: the mean of ratios is not the ratio of means). */
  scoreOfMeans: number;
  /** t interval of the mean score, or null with one respondent (no variance estimate). */
  confidenceInterval: { level: number; lower: number; upper: number } | null;
  spread: { standardDeviation: number | null; min: number; max: number; interquartileRange: number };
  reasons: string[];
}

/**
 * Aggregate trust responses per subject, sorted by subjectId.
 *
 * @example
 * ```ts
 * import { aggregateTrust } from 'crm-analytics/trust';
 * const [a] = aggregateTrust([
 *   { subjectId: 'ann', credibility: 8, reliability: 8, intimacy: 6, selfOrientation: 4 },
 *   { subjectId: 'ann', credibility: 6, reliability: 7, intimacy: 5, selfOrientation: 3 },
 * ]);
 * a.meanScore; // 5.75  ((22/4 + 18/3) / 2)
 * ```
 */
export function aggregateTrust(responses: readonly TrustResponse[], options: AggregateTrustOptions = {}): SubjectTrust[] {
  const o = readOptions(options, ['scale', 'confidence'] as const);
  const scale = readScale(o.scale, ['options', 'scale']);
  const level = readNumber(o.confidence, ['options', 'confidence'], { min: 0, max: 1, minExclusive: true, maxExclusive: true, default: 0.95 });
  if (!Array.isArray(responses)) invalidInput([], 'responses must be an array', 'an array of { subjectId, credibility, reliability, intimacy, selfOrientation }', responses);
  const groups = new Map<string, TrustComponents[]>();
  responses.forEach((r: unknown, i: number) => {
    if (typeof r !== 'object' || r === null) invalidInput([i], 'response must be an object', 'an object', r);
    const raw = (r as { subjectId?: unknown }).subjectId;
    const id = toId(raw);
    if (id === undefined) invalidInput([i, 'subjectId'], 'subject id must be a non-empty string or a finite number', 'a string', raw);
    const c = readComponents(r, scale, [i]);
    let g = groups.get(id);
    if (g === undefined) groups.set(id, (g = []));
    g.push(c);
  });
  const ids = [...groups.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  return ids.map((id) => {
    const g = groups.get(id) as TrustComponents[];
    const n = g.length;
    const scores = g.map((c) => (c.credibility + c.reliability + c.intimacy) / c.selfOrientation);
    const mc: TrustComponents = {
      credibility: mean(g.map((c) => c.credibility)),
      reliability: mean(g.map((c) => c.reliability)),
      intimacy: mean(g.map((c) => c.intimacy)),
      selfOrientation: mean(g.map((c) => c.selfOrientation)),
    };
    // Scores can reach 3·max/min of the scale (finite, checked by readScale) but their sums and
    // squares may not: compute on values divided by the largest one, then scale back.
    const big = Math.max(...scores.map(Math.abs));
    const unit = big > 1e100 ? scores.map((x) => x / big) : scores;
    const f = big > 1e100 ? big : 1;
    const m = mean(unit) * f;
    const sd = n >= 2 ? sampleStandardDeviation(unit) * f : null;
    let ci: SubjectTrust['confidenceInterval'] = null;
    const reasons = [`${n} respondent(s); mean of (C+R+I)/S = ${Math.round(m * 1e4) / 1e4}`];
    if (sd !== null) {
      const tq = studentTQuantile(1 - (1 - level) / 2, n - 1);
      const half = (tq * sd) / Math.sqrt(n);
      ci = { level, lower: m - half, upper: m + half };
      reasons.push(`${level * 100}% CI = mean ± t(${n - 1}) ${Math.round(tq * 1e4) / 1e4} × s ${Math.round(sd * 1e4) / 1e4} / √${n}`);
    } else {
      reasons.push('one respondent: no confidence interval');
    }
    return {
      subjectId: id,
      respondents: n,
      meanComponents: mc,
      meanScore: m,
      scoreOfMeans: (mc.credibility + mc.reliability + mc.intimacy) / mc.selfOrientation,
      confidenceInterval: ci,
      spread: { standardDeviation: sd, min: min(scores), max: max(scores), interquartileRange: interquartileRange(scores) },
      reasons,
    };
  });
}
