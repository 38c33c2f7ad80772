/**
 * Lifecycle thresholds: every cut-off the stage rules use, with its default and the reason for
 * it (see docs/lifecycle.md, "Thresholds"). Validated at the public boundary with zod.
 */
import { z } from 'zod';
import { DAYS_PER_UNIT, invalidOption, parseWith, type CrmErrorPath, type TimeUnit } from '../core/index.js';

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

const nonNeg = z.number().finite().min(0);
const positive = z.number().finite().positive();
const prob = z.number().finite().min(0).max(1);
const ThresholdsSchema = z
  .object({
    acquisitionMaxOrders: z.number().int().min(0),
    acquisitionDays: nonNeg,
    maturityMinOrders: z.number().int().min(1),
    maturityMinTenureDays: nonNeg,
    declineGapMultiple: positive,
    terminationGapMultiple: positive,
    minGapDays: nonNeg,
    declineDays: nonNeg,
    hiatusDays: nonNeg,
    declinePAlive: prob,
    terminationPAlive: prob,
    trendPeriod: z.union([z.enum(['day', 'week', 'month', 'quarter', 'year']), positive]),
    trendWindows: z.number().int().min(2),
    minTrendPeriods: z.number().int().min(3),
    trendAlpha: z.number().gt(0).lt(1),
  })
  .partial()
  .strict();

/** Thresholds after validation, with the trend period in days. */
export type ResolvedThresholds = LifecycleThresholds & { trendPeriodDays: number };

/** Merge user thresholds over the defaults and validate (CrmError INVALID_OPTION naming the field). */
export function resolveThresholds(
  user: Partial<LifecycleThresholds> | undefined,
  path: CrmErrorPath = ['options', 'thresholds'],
): ResolvedThresholds {
  const parsed = parseWith(ThresholdsSchema, user ?? {}, path, 'INVALID_OPTION');
  const t: LifecycleThresholds = { ...DEFAULT_LIFECYCLE_THRESHOLDS };
  for (const [k, v] of Object.entries(parsed)) if (v !== undefined) (t as unknown as Record<string, unknown>)[k] = v;
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
