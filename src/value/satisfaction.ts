/**
 * Customer satisfaction as the ratio of perceived performance to expectation, C = b / a
 * (the textbook form of Oliver's 1980 expectation–disconfirmation model, J. Marketing Research
 * 17(4):460–469): C < 1 dissatisfied, C ≈ 1 satisfied, C > 1 delighted.
 */
import { CrmError, invalidInput, readNumber, readOptions } from '../core/index.js';

/** Options of {@link satisfaction}. */
export interface SatisfactionOptions {
  /** |C − 1| ≤ tolerance counts as "satisfied" (expectation met). Default 0.05 (±5 %). */
  tolerance?: number;
}

/** Result of {@link satisfaction}. */
export interface Satisfaction {
  perceived: number;
  expected: number;
  /** C = perceived / expected. */
  index: number;
  /** perceived − expected (the disconfirmation). */
  disconfirmation: number;
  verdict: 'dissatisfied' | 'satisfied' | 'delighted';
  reasons: string[];
}

/**
 * Satisfaction index C = b / a with a verdict.
 *
 * @example
 * ```ts
 * import { satisfaction } from 'crm-analytics/value';
 * satisfaction(9, 8).verdict; // 'delighted'  (C = 1.125 > 1.05)
 * satisfaction(6, 8).index; // 0.75
 * ```
 */
export function satisfaction(perceived: number, expected: number, options: SatisfactionOptions = {}): Satisfaction {
  const o = readOptions(options, ['tolerance'] as const);
  const tol = readNumber(o.tolerance, ['options', 'tolerance'], { min: 0, max: 1, maxExclusive: true, default: 0.05 });
  if (typeof perceived !== 'number' || !Number.isFinite(perceived) || perceived < 0) invalidInput(['perceived'], 'perceived performance is invalid', 'a finite number >= 0', perceived);
  if (typeof expected !== 'number' || !Number.isFinite(expected) || expected <= 0) {
    invalidInput(['expected'], expected === 0 ? 'expected = 0 makes C = b/a undefined' : 'expectation is invalid', 'a finite number > 0', expected);
  }
  const index = perceived / expected;
  if (!Number.isFinite(index)) {
    throw new CrmError('NUMERIC_DOMAIN', `C = perceived / expected = ${perceived} / ${expected} overflows a double; rate both on one scale`, { path: ['expected'], received: expected });
  }
  const verdict = index < 1 - tol ? 'dissatisfied' : index > 1 + tol ? 'delighted' : 'satisfied';
  const c = Math.round(index * 1e4) / 1e4;
  const rule =
    verdict === 'dissatisfied' ? `C < 1 − ${tol}` : verdict === 'delighted' ? `C > 1 + ${tol}` : `|C − 1| <= ${tol}`;
  return {
    perceived,
    expected,
    index,
    disconfirmation: perceived - expected,
    verdict,
    reasons: [`C = perceived / expected = ${perceived} / ${expected} = ${c}`, `${rule}: ${verdict}`],
  };
}
