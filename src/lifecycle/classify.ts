/**
 * Lifecycle stage classification (five-stage canonical, mapped to four-stage / ABCDE / custom).
 *
 * Stage rules, evaluated in this order, first match wins (every threshold is an option):
 *   1. acquisition  — no purchase before asOf (a prospect: 潜在获取期).
 *   2. termination  — P(alive) < terminationPAlive, or recency > hiatusDays (Wübben & Wangenheim
 *                     2008 hiatus heuristic), or recency > terminationGapMultiple × usual gap.
 *   3. decline      — P(alive) < declinePAlive, or recency > declineGapMultiple × usual gap (or
 *                     > declineDays without a gap), or a significantly falling spend trend.
 *   4. acquisition  — ≤ acquisitionMaxOrders orders and tenure ≤ acquisitionDays (just acquired).
 *   5. growth       — significantly rising spend, or fewer than maturityMinOrders orders, or
 *                     tenure < maturityMinTenureDays (relationship still building).
 *   6. maturity     — established (enough orders and tenure), not lapsing, trend not significant.
 * Recency is judged against the customer's own usual inter-purchase gap (Abe 2004; the
 * "relative to own gaps" rule used by Clutch), not one fixed cut for everybody.
 */
import { dayToIsoDate, invalidOption, prepareTransactions, readOptions, type AfterAsOf, type DateInput, type Transaction, type TransactionTable } from '../core/index.js';
import { summarizeHistory, type CustomerHistory } from './history.js';
import {
  fmt,
  fmtP,
  isoDay,
  judgeTrend,
  readAsOfPolicy,
  readCustomerId,
  readProbabilityAlive,
  rowsAfterAsOf,
  type ProbabilityAliveInput,
  type TrendVerdict,
} from './inputs.js';
import { resolveStageModel, type FiveStage, type StageModel } from './stages.js';
import { resolveThresholds, type LifecycleThresholds, type ResolvedThresholds } from './thresholds.js';

/** Options of {@link classify}. */
export interface ClassifyOptions {
  /** The last day of observation, inclusive (docs/glossary.md): rows dated on it count. Required. */
  asOf: DateInput;
  /** Rows dated after asOf: `'error'` (default) or `'exclude'` (counted in `excludedAfterAsOf`). */
  afterAsOf?: AfterAsOf;
  /** Stage model. Default 'five-stage'. */
  model?: StageModel;
  /** Any thresholds to change (the rest keep their defaults). */
  thresholds?: Partial<LifecycleThresholds>;
  /** P(alive) per customer, e.g. from a fitted BG/NBD; customers absent from it are judged without it. */
  probabilityAlive?: ProbabilityAliveInput;
  /** Known customers with no purchase yet (classified as acquisition / prospects). */
  prospects?: readonly (string | number)[];
}

/** The measured signals behind a stage. */
export interface StageMetrics {
  orders: number;
  purchaseDays: number;
  firstPurchase: string | null;
  lastPurchase: string | null;
  /** Whole days from the first purchase day to the asOf day (0 without purchases; rfm's `tenure`). */
  tenureDays: number;
  /** Whole days from the last purchase day to the asOf day (0 = bought on it; rfm's `recency`), or null without purchases. */
  recencyDays: number | null;
  /** Median days between purchase days, or null with fewer than two purchase days. */
  usualGapDays: number | null;
  /** recency / max(usual gap, minGapDays), or null without a gap. */
  recencyToGap: number | null;
  /** Net spend up to and including the asOf day. */
  totalSpend: number;
  /** Spend per period, oldest first (the trend's input). */
  spendPerPeriod: number[];
  /** OLS spend trend with t-test, or null with fewer than minTrendPeriods periods. */
  trend: TrendVerdict | null;
  /** P(alive) as given, or null. */
  probabilityAlive: number | null;
}

/** One customer's verdict. */
export interface CustomerStage {
  customerId: string;
  /** Stage in the requested model. */
  stage: string;
  /** The canonical five-stage stage it was mapped from. */
  fiveStage: FiveStage;
  /** Why: each rule that fired, with its values. */
  reasons: string[];
  metrics: StageMetrics;
}

/** Result of {@link classify}. */
export interface Classification {
  asOf: string;
  /** Rows left out because they were dated after asOf (`afterAsOf: 'exclude'`; otherwise 0). */
  excludedAfterAsOf: number;
  model: string;
  /** The model's stages in lifecycle order. */
  stages: string[];
  thresholds: ResolvedThresholds;
  /** One entry per customer, sorted by customerId. */
  customers: CustomerStage[];
  /** Customers per stage (every stage listed, in order). */
  distribution: Array<{ stage: string; count: number; share: number }>;
}

function gapText(gap: number, medianGap: number | null, minGapDays: number): string {
  return `usual gap ${fmt(gap)} days${medianGap !== null && medianGap < minGapDays ? ` (median ${fmt(medianGap)} floored at minGapDays)` : ''}`;
}

function trendText(trend: TrendVerdict | null, periods: number, minPeriods: number): string {
  return trend === null
    ? `no trend test (${periods} < ${minPeriods} periods)`
    : `spend trend ${trend.direction} (slope ${fmt(trend.slope)} per period, ${fmtP(trend.pValue)}, ${trend.periods} periods)`;
}

/** Judge one customer's canonical stage and reasons from its history. */
export function judgeStage(
  h: CustomerHistory | undefined,
  asOf: number,
  t: ResolvedThresholds,
  pAlive: number | undefined,
): { fiveStage: FiveStage; reasons: string[]; metrics: StageMetrics } {
  if (h === undefined || h.firstDay === null || h.lastDay === null || h.orders === 0) {
    return {
      fiveStage: 'acquisition',
      reasons: ['no purchase up to asOf: prospect (acquisition)'],
      metrics: {
        orders: 0, purchaseDays: 0, firstPurchase: null, lastPurchase: null, tenureDays: 0, recencyDays: null,
        usualGapDays: null, recencyToGap: null, totalSpend: h?.spend ?? 0, spendPerPeriod: [], trend: null,
        probabilityAlive: pAlive ?? null,
      },
    };
  }
  const tenure = asOf - h.firstDay;
  const recency = asOf - h.lastDay;
  const gap = h.medianGap === null ? null : Math.max(h.medianGap, t.minGapDays);
  const ratio = gap === null || gap === 0 ? null : recency / gap;
  const trend = judgeTrend(h.windows, t.minTrendPeriods, t.trendAlpha);
  const metrics: StageMetrics = {
    orders: h.orders,
    purchaseDays: h.purchaseDays,
    firstPurchase: isoDay(h.firstDay),
    lastPurchase: isoDay(h.lastDay),
    tenureDays: tenure,
    recencyDays: recency,
    usualGapDays: h.medianGap,
    recencyToGap: ratio,
    totalSpend: h.spend,
    spendPerPeriod: h.windows,
    trend,
    probabilityAlive: pAlive ?? null,
  };

  const reasons: string[] = [];
  // 2. termination
  if (pAlive !== undefined && pAlive < t.terminationPAlive) reasons.push(`P(alive) ${fmt(pAlive)} < terminationPAlive ${fmt(t.terminationPAlive)}`);
  if (recency > t.hiatusDays) reasons.push(`recency ${fmt(recency)} days > hiatusDays ${fmt(t.hiatusDays)}`);
  if (gap !== null && recency > t.terminationGapMultiple * gap) {
    reasons.push(`recency ${fmt(recency)} days > terminationGapMultiple ${fmt(t.terminationGapMultiple)} × ${gapText(gap as number, h.medianGap, t.minGapDays)} = ${fmt(t.terminationGapMultiple * gap)}`);
  }
  if (reasons.length > 0) return { fiveStage: 'termination', reasons, metrics };
  // 3. decline
  if (pAlive !== undefined && pAlive < t.declinePAlive) reasons.push(`P(alive) ${fmt(pAlive)} < declinePAlive ${fmt(t.declinePAlive)}`);
  if (gap !== null && recency > t.declineGapMultiple * gap) {
    reasons.push(`recency ${fmt(recency)} days > declineGapMultiple ${fmt(t.declineGapMultiple)} × ${gapText(gap as number, h.medianGap, t.minGapDays)} = ${fmt(t.declineGapMultiple * gap)}`);
  }
  if (gap === null && recency > t.declineDays) reasons.push(`one purchase day and recency ${fmt(recency)} days > declineDays ${fmt(t.declineDays)}`);
  if (trend !== null && trend.direction === 'falling') reasons.push(trendText(trend, h.windows.length, t.minTrendPeriods));
  if (reasons.length > 0) return { fiveStage: 'decline', reasons, metrics };
  // 4. acquisition (just acquired)
  if (h.orders <= t.acquisitionMaxOrders && tenure <= t.acquisitionDays) {
    reasons.push(`${h.orders} order(s) <= acquisitionMaxOrders ${t.acquisitionMaxOrders} and tenure ${fmt(tenure)} days <= acquisitionDays ${fmt(t.acquisitionDays)}: newly acquired`);
    return { fiveStage: 'acquisition', reasons, metrics };
  }
  // 5. growth
  if (trend !== null && trend.direction === 'rising') reasons.push(trendText(trend, h.windows.length, t.minTrendPeriods));
  if (h.orders < t.maturityMinOrders) reasons.push(`${h.orders} orders < maturityMinOrders ${t.maturityMinOrders}`);
  if (tenure < t.maturityMinTenureDays) reasons.push(`tenure ${fmt(tenure)} days < maturityMinTenureDays ${fmt(t.maturityMinTenureDays)}`);
  if (reasons.length > 0) {
    if (gap !== null) reasons.push(`still buying: recency ${fmt(recency)} days <= declineGapMultiple ${fmt(t.declineGapMultiple)} × ${gapText(gap as number, h.medianGap, t.minGapDays)} = ${fmt(t.declineGapMultiple * gap)}`);
    return { fiveStage: 'growth', reasons, metrics };
  }
  // 6. maturity
  reasons.push(`${h.orders} orders >= maturityMinOrders ${t.maturityMinOrders} and tenure ${fmt(tenure)} days >= maturityMinTenureDays ${fmt(t.maturityMinTenureDays)}`);
  reasons.push(gap === null ? `recency ${fmt(recency)} days <= declineDays ${fmt(t.declineDays)}` : `recency ${fmt(recency)} days <= declineGapMultiple ${fmt(t.declineGapMultiple)} × ${gapText(gap as number, h.medianGap, t.minGapDays)} = ${fmt(t.declineGapMultiple * gap)}`);
  reasons.push(trendText(trend, h.windows.length, t.minTrendPeriods));
  return { fiveStage: 'maturity', reasons, metrics };
}

/**
 * Classify every customer into a lifecycle stage as of a date, with the reasons and the
 * measured signals (tenure, orders, spend trend with its t-test, recency against the customer's
 * own usual gap, optional P(alive)). Every customer gets exactly one stage.
 *
 * @example
 * ```ts
 * import { classify } from 'crm-analytics/lifecycle';
 * const r = classify(
 *   [
 *     { customerId: 'a', date: '2024-04-01', amount: 20 },
 *     { customerId: 'a', date: '2024-05-01', amount: 25 },
 *     { customerId: 'b', date: '2024-06-20', amount: 40 },
 *   ],
 *   { asOf: '2024-07-01' },
 * );
 * r.customers.map((c) => c.stage); // ['decline', 'acquisition']  (a: silent 61 days > 2 × 30-day gap)
 * r.customers[1].metrics.recencyDays; // 11 (asOf is inclusive: whole days from 2024-06-20 to 2024-07-01)
 * ```
 */
export function classify(history: readonly Transaction[] | TransactionTable, options: ClassifyOptions): Classification {
  const o = readOptions(options ?? null, CLASSIFY_KEYS);
  const policy = readAsOfPolicy(o);
  const model = resolveStageModel(o.model, ['options', 'model']);
  const thresholds = resolveThresholds(o.thresholds as Partial<LifecycleThresholds> | undefined, ['options', 'thresholds']);
  const pAlive = readProbabilityAlive(o.probabilityAlive, ['options', 'probabilityAlive']);
  const table = prepareTransactions(history);
  const excluded = rowsAfterAsOf(table, policy);
  const histories = summarizeHistory(table, policy.asOfDay, thresholds.trendPeriodDays, thresholds.trendWindows);
  const r = assemble(table.customerIds, histories, policy.asOfDay, model, thresholds, pAlive, o.prospects as ClassifyOptions['prospects']);
  r.excludedAfterAsOf = excluded;
  return r;
}

const CLASSIFY_KEYS = ['asOf', 'afterAsOf', 'model', 'thresholds', 'probabilityAlive', 'prospects'] as const;

/** Build the classification result (shared with migrationMatrix). */
export function assemble(
  customerIds: readonly string[],
  histories: readonly CustomerHistory[],
  asOf: number,
  model: ReturnType<typeof resolveStageModel>,
  thresholds: ResolvedThresholds,
  pAlive: Map<string, number> | undefined,
  prospects: readonly (string | number)[] | undefined,
): Classification {
  const byId = new Map<string, CustomerHistory | undefined>();
  customerIds.forEach((id, i) => byId.set(id, histories[i]));
  if (prospects !== undefined) {
    if (!Array.isArray(prospects)) invalidOption(['options', 'prospects'], 'prospects must be an array of customer ids', 'an array of strings', prospects);
    prospects.forEach((p, i) => {
      const id = readCustomerId(p, ['options', 'prospects', i], true);
      if (!byId.has(id)) byId.set(id, undefined);
    });
  }
  const ids = [...byId.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const counts = new Map<string, number>(model.stages.map((s) => [s, 0]));
  const customers: CustomerStage[] = ids.map((id) => {
    const v = judgeStage(byId.get(id), asOf, thresholds, pAlive?.get(id));
    const stage = model.map.get(v.fiveStage) as string;
    counts.set(stage, (counts.get(stage) ?? 0) + 1);
    const reasons = model.name === 'five-stage' ? v.reasons : [...v.reasons, `five-stage '${v.fiveStage}' is '${stage}' in the ${model.name} model`];
    return { customerId: id, stage, fiveStage: v.fiveStage, reasons, metrics: v.metrics };
  });
  const total = customers.length;
  return {
    asOf: dayToIsoDate(asOf),
    excludedAfterAsOf: 0,
    model: model.name,
    stages: [...model.stages],
    thresholds,
    customers,
    distribution: model.stages.map((s) => ({ stage: s, count: counts.get(s) ?? 0, share: total === 0 ? 0 : (counts.get(s) ?? 0) / total })),
  };
}
