/**
 * Lifecycle thresholds: every cut-off the stage rules use, with its default and the reason for
 * it (see docs/lifecycle.md, "Thresholds"). Validated at the public boundary with core's options
 * reader (unknown keys are an error with a "did you mean").
 */
import {
  DAYS_PER_UNIT,
  invalidOption,
  readInteger,
  readNonNegative,
  readNumber,
  readOptions,
  readPositive,
  readProbability,
  readTimeUnit,
  type CrmErrorPath,
  type TimeUnit,
} from '../core/index.js';

/** Every threshold of the stage rules. */
export interface LifecycleThresholds {
  /** A customer with at most this many orders and tenure ≤ `acquisitionDays` is still being acquired. Default 1. */
  acquisitionMaxOrders: number;
  /** Tenure (days since first purchase) during which a few-order customer is "new". Default 90 (one quarter). */
  acquisitionDays: number;
  /** Orders needed for maturity. Default 4 (a repeat pattern, not a one-off re-buy). */
  maturityMinOrders: number;
  /** Tenure needed for maturity, days. Default 180 (two quarters of history). */
  maturityMinTenureDays: number;
  /** Decline when recency > this × the usual gap. Default 2. */
  declineGapMultiple: number;
  /** Termination when recency > this × the usual gap. Default 3 (Abe 2004's "three periods"). */
  terminationGapMultiple: number;
  /** The usual gap is floored at this many days, so daily buyers are not flagged after 3 days. Default 7. */
  minGapDays: number;
  /** Without a usual gap (one purchase day): decline when recency exceeds this. Default 180. */
  declineDays: number;
  /** Termination when recency exceeds this, whatever the gap (hiatus heuristic, 9 months). Default 270. */
  hiatusDays: number;
  /** Decline when P(alive) < this (only when probabilityAlive is given). Default 0.5. */
  declinePAlive: number;
  /** Termination when P(alive) < this. Default 0.1. */
  terminationPAlive: number;
  /** Trend period length: a unit name or a number of days. Default 'month' (30.4375 days). */
  trendPeriod: TimeUnit | number;
  /** Most recent periods used for the spend trend. Default 12. */
  trendWindows: number;
  /** Fewest periods for a trend test (n − 2 ≥ 1 df). Default 3. */
  minTrendPeriods: number;
  /** Significance level of the slope t-test. Default 0.1. */
  trendAlpha: number;
}

/**
 * The default thresholds (frozen). Sources and reasons are in docs/lifecycle.md.
 *
 * @example
 * ```ts
 * DEFAULT_LIFECYCLE_THRESHOLDS.hiatusDays; // 270
 * ```
 */
export const DEFAULT_LIFECYCLE_THRESHOLDS: Readonly<LifecycleThresholds> = Object.freeze({
  acquisitionMaxOrders: 1,
  acquisitionDays: 90,
  maturityMinOrders: 4,
  maturityMinTenureDays: 180,
  declineGapMultiple: 2,
  terminationGapMultiple: 3,
  minGapDays: 7,
  declineDays: 180,
  hiatusDays: 270,
  declinePAlive: 0.5,
  terminationPAlive: 0.1,
  trendPeriod: 'month',
  trendWindows: 12,
  minTrendPeriods: 3,
  trendAlpha: 0.1,
});

/** Thresholds after validation, with the trend period in days. */
export type ResolvedThresholds = LifecycleThresholds & { trendPeriodDays: number };

/** Merge user thresholds over the defaults and validate (CrmError INVALID_OPTION naming the field). */
export function resolveThresholds(
  user: Partial<LifecycleThresholds> | undefined,
  path: CrmErrorPath = ['options', 'thresholds'],
): ResolvedThresholds {
  const o = readOptions(user, Object.keys(DEFAULT_LIFECYCLE_THRESHOLDS) as (keyof LifecycleThresholds)[], path);
  const d = DEFAULT_LIFECYCLE_THRESHOLDS;
  const at = (k: keyof LifecycleThresholds): CrmErrorPath => [...path, k];
  const trendPeriod: TimeUnit | number =
    typeof o.trendPeriod === 'number' ? readPositive(o.trendPeriod, at('trendPeriod')) : readTimeUnit(o.trendPeriod, at('trendPeriod'), d.trendPeriod as TimeUnit);
  const t: LifecycleThresholds = {
    acquisitionMaxOrders: readInteger(o.acquisitionMaxOrders, at('acquisitionMaxOrders'), { min: 0, default: d.acquisitionMaxOrders }),
    acquisitionDays: readNonNegative(o.acquisitionDays, at('acquisitionDays'), d.acquisitionDays),
    maturityMinOrders: readInteger(o.maturityMinOrders, at('maturityMinOrders'), { min: 1, default: d.maturityMinOrders }),
    maturityMinTenureDays: readNonNegative(o.maturityMinTenureDays, at('maturityMinTenureDays'), d.maturityMinTenureDays),
    declineGapMultiple: readPositive(o.declineGapMultiple, at('declineGapMultiple'), d.declineGapMultiple),
    terminationGapMultiple: readPositive(o.terminationGapMultiple, at('terminationGapMultiple'), d.terminationGapMultiple),
    minGapDays: readNonNegative(o.minGapDays, at('minGapDays'), d.minGapDays),
    declineDays: readNonNegative(o.declineDays, at('declineDays'), d.declineDays),
    hiatusDays: readNonNegative(o.hiatusDays, at('hiatusDays'), d.hiatusDays),
    declinePAlive: readProbability(o.declinePAlive, at('declinePAlive'), d.declinePAlive),
    terminationPAlive: readProbability(o.terminationPAlive, at('terminationPAlive'), d.terminationPAlive),
    trendPeriod,
    trendWindows: readInteger(o.trendWindows, at('trendWindows'), { min: 2, default: d.trendWindows }),
    minTrendPeriods: readInteger(o.minTrendPeriods, at('minTrendPeriods'), { min: 3, default: d.minTrendPeriods }),
    trendAlpha: readNumber(o.trendAlpha, at('trendAlpha'), { min: 0, max: 1, minExclusive: true, maxExclusive: true, default: d.trendAlpha }),
  };
  if (t.terminationGapMultiple < t.declineGapMultiple) {
    invalidOption([...path, 'terminationGapMultiple'], 'termination must need a longer silence than decline', `>= declineGapMultiple (${t.declineGapMultiple})`, t.terminationGapMultiple);
  }
  if (t.terminationPAlive > t.declinePAlive) {
    invalidOption([...path, 'terminationPAlive'], 'termination P(alive) cut must not exceed the decline cut', `<= declinePAlive (${t.declinePAlive})`, t.terminationPAlive);
  }
  if (t.minTrendPeriods > t.trendWindows) {
    invalidOption([...path, 'minTrendPeriods'], 'cannot need more trend periods than are kept', `<= trendWindows (${t.trendWindows})`, t.minTrendPeriods);
  }
  const trendPeriodDays = typeof t.trendPeriod === 'number' ? t.trendPeriod : DAYS_PER_UNIT[t.trendPeriod];
  return { ...t, trendPeriodDays };
}
