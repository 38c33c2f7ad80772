/**
 * Net Promoter Score (Reichheld 2003, "The One Number You Need to Grow", HBR): on the 0–10
 * likelihood-to-recommend scale, promoters answer 9–10, detractors 0–6; NPS = 100 · (P − D)/n.
 * Its standard error treats (promoter, passive, detractor) as multinomial:
 * Var(p_P − p_D) = [p_P + p_D − (p_P − p_D)²] / n (e.g. Rocks 2016), with a normal interval
 * clipped to [−100, 100].
 */
import { readOptions } from '../core/options.js';
import { readConfidenceZ, readRatings } from './responses.js';

/** Options of {@link netPromoterScore}. */
export interface NpsOptions {
  /** Default 0.95. */
  readonly confidence?: number;
}

/** NPS with its counts and interval. */
export interface NetPromoterScore {
  /** −100..100. */
  readonly nps: number;
  readonly respondents: number;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  /** Standard error of the NPS (in NPS points). */
  readonly stdErr: number;
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
}

/**
 * Net Promoter Score of 0–10 answers.
 *
 * @example
 * ```ts
 * netPromoterScore([10, 9, 9, 8, 7, 6, 3, 10]).nps; // 25
 * ```
 */
export function netPromoterScore(answers: readonly number[], options: NpsOptions = {}): NetPromoterScore {
  const o = readOptions(options, ['confidence']);
  const { confidence, z } = readConfidenceZ(o.confidence);
  const values = readRatings(answers, 'answers', 0, 10, true);
  let promoters = 0;
  let detractors = 0;
  for (const v of values) {
    if (v >= 9) promoters++;
    else if (v <= 6) detractors++;
  }
  const n = values.length;
  const pp = promoters / n;
  const pd = detractors / n;
  const nps = 100 * (pp - pd);
  const stdErr = 100 * Math.sqrt(Math.max(0, pp + pd - (pp - pd) ** 2) / n);
  return {
    nps,
    respondents: n,
    promoters,
    passives: n - promoters - detractors,
    detractors,
    stdErr,
    lower: Math.max(-100, nps - z * stdErr),
    upper: Math.min(100, nps + z * stdErr),
    confidence,
  };
}
