/**
 * The four customer early warnings of the CRM textbooks (客户预警):
 *   - receivables   外欠款预警   receivable balance above the credit limit;
 *   - sales-progress 销售进度预警 purchases behind the pro-rata plan for the period;
 *   - sales-expense 销售费用预警 sales expense above budget, or rising significantly (OLS t-test);
 *   - churn         客户流失预警 no reorder: recency beyond k × the customer's usual gap (or
 *                                 beyond noReorderDays with one purchase day), or P(alive) low.
 * Inputs other than transactions are optional; a warning whose input is absent is not evaluated
 * and the summary says so.
 */
import {
  CrmError,
  dayToIsoDate,
  didYouMean,
  invalidInput,
  invalidOption,
  prepareTransactions,
  readNumber,
  readOptions,
  readPositive,
  readProbability,
  type AfterAsOf,
  type CrmErrorPath,
  type DateInput,
  type Transaction,
  type TransactionTable,
} from '../core/index.js';
import { summarizeHistory } from './history.js';
import { fmt, fmtP, isoDay, judgeTrend, readAsOfPolicy, readCustomerId, readDateField, readProbabilityAlive, rowsAfterAsOf, type ProbabilityAliveInput } from './inputs.js';

/** A credit limit per customer. */
export interface CreditLimitRecord { customerId: string | number; limit: number }
/** An outstanding receivable (records of one customer are summed). */
export interface ReceivableRecord { customerId: string | number; amount: number }
/** A purchase plan (target) for a period [start, end). */
export interface PlanRecord { customerId: string | number; start: DateInput; end: DateInput; target: number }
/** Sales expense spent on a customer in a period [start, end), with an optional budget. */
export interface ExpenseRecord { customerId: string | number; start: DateInput; end: DateInput; amount: number; budget?: number }

/** Input of {@link earlyWarnings}. */
export interface EarlyWarningInput {
  transactions: readonly Transaction[] | TransactionTable;
  creditLimits?: readonly CreditLimitRecord[];
  receivables?: readonly ReceivableRecord[];
  plans?: readonly PlanRecord[];
  expenses?: readonly ExpenseRecord[];
  probabilityAlive?: ProbabilityAliveInput;
}

/** Thresholds of the warnings. */
export interface WarningThresholds {
  /** Receivable / limit at or above which the warning is high (above 1 it is medium). Default 1.25. */
  receivablesHighRatio: number;
  /** Warn when actual / pro-rata plan < 1 − planTolerance. Default 0.1. */
  planTolerance: number;
  /** High when actual / pro-rata plan < this. Default 0.5. */
  planHighProgress: number;
  /** High when expense exceeds budget by this fraction or more (above budget it is medium). Default 0.2. */
  expenseHighOverrun: number;
  /** Significance level of the rising-expense t-test. Default 0.1. */
  trendAlpha: number;
  /** Churn: warn when recency > k × usual gap. Default 2. */
  churnGapMultiple: number;
  /** Churn: high when recency > this × usual gap. Default 3. */
  churnHighGapMultiple: number;
  /** Churn: usual gap floored at this many days. Default 7. */
  minGapDays: number;
  /** Churn with one purchase day: warn when recency > this. Default 90 (Abe 2004: "three months"). */
  noReorderDays: number;
  /** Churn: warn when P(alive) < this. Default 0.5. */
  pAliveThreshold: number;
  /** Churn: high when P(alive) < this. Default 0.2. */
  pAliveHigh: number;
}

/**
 * Default warning thresholds (frozen); reasons in docs/lifecycle.md.
 *
 * @example
 * ```ts
 * DEFAULT_WARNING_THRESHOLDS.churnGapMultiple; // 2
 * ```
 */
export const DEFAULT_WARNING_THRESHOLDS: Readonly<WarningThresholds> = Object.freeze({
  receivablesHighRatio: 1.25,
  planTolerance: 0.1,
  planHighProgress: 0.5,
  expenseHighOverrun: 0.2,
  trendAlpha: 0.1,
  churnGapMultiple: 2,
  churnHighGapMultiple: 3,
  minGapDays: 7,
  noReorderDays: 90,
  pAliveThreshold: 0.5,
  pAliveHigh: 0.2,
});

/** Read the warning thresholds over the defaults (core's options reader: unknown keys are an error). */
function readWarningThresholds(value: unknown, path: CrmErrorPath): WarningThresholds {
  const d = DEFAULT_WARNING_THRESHOLDS;
  const o = readOptions(value, Object.keys(d) as (keyof WarningThresholds)[], path);
  const at = (k: keyof WarningThresholds): CrmErrorPath => [...path, k];
  return {
    receivablesHighRatio: readNumber(o.receivablesHighRatio, at('receivablesHighRatio'), { min: 1, default: d.receivablesHighRatio }),
    planTolerance: readNumber(o.planTolerance, at('planTolerance'), { min: 0, max: 1, maxExclusive: true, default: d.planTolerance }),
    planHighProgress: readProbability(o.planHighProgress, at('planHighProgress'), d.planHighProgress),
    expenseHighOverrun: readNumber(o.expenseHighOverrun, at('expenseHighOverrun'), { min: 0, default: d.expenseHighOverrun }),
    trendAlpha: readNumber(o.trendAlpha, at('trendAlpha'), { min: 0, max: 1, minExclusive: true, maxExclusive: true, default: d.trendAlpha }),
    churnGapMultiple: readPositive(o.churnGapMultiple, at('churnGapMultiple'), d.churnGapMultiple),
    churnHighGapMultiple: readPositive(o.churnHighGapMultiple, at('churnHighGapMultiple'), d.churnHighGapMultiple),
    minGapDays: readNumber(o.minGapDays, at('minGapDays'), { min: 0, default: d.minGapDays }),
    noReorderDays: readPositive(o.noReorderDays, at('noReorderDays'), d.noReorderDays),
    pAliveThreshold: readProbability(o.pAliveThreshold, at('pAliveThreshold'), d.pAliveThreshold),
    pAliveHigh: readProbability(o.pAliveHigh, at('pAliveHigh'), d.pAliveHigh),
  };
}

const INPUT_KEYS = ['transactions', 'creditLimits', 'receivables', 'plans', 'expenses', 'probabilityAlive'] as const;

/** Options of {@link earlyWarnings}. */
export interface EarlyWarningOptions {
  /** The last day of observation, inclusive (docs/glossary.md): transactions dated on it count. Required. */
  asOf: DateInput;
  /** Transactions dated after asOf: `'error'` (default) or `'exclude'` (counted in `excludedAfterAsOf`). */
  afterAsOf?: AfterAsOf;
  thresholds?: Partial<WarningThresholds>;
}

/** The four warning kinds. */
export type WarningKind = 'receivables' | 'sales-progress' | 'sales-expense' | 'churn';
/** Severity of a warning. */
export type Severity = 'medium' | 'high';

/** One warning. */
export interface EarlyWarning {
  customerId: string;
  kind: WarningKind;
  severity: Severity;
  reasons: string[];
  /** The numbers behind it. */
  metrics: Record<string, number | string | null>;
}

/** Result of {@link earlyWarnings}. */
export interface EarlyWarningReport {
  asOf: string;
  /** Transactions left out because they were dated after asOf (`afterAsOf: 'exclude'`); otherwise 0. */
  excludedAfterAsOf: number;
  thresholds: WarningThresholds;
  /** Sorted by customerId, then kind. */
  warnings: EarlyWarning[];
  summary: {
    evaluated: Record<WarningKind, boolean>;
    /** Why a kind (or part of one) was not evaluated. */
    notes: string[];
    counts: Array<{ kind: WarningKind; medium: number; high: number; total: number }>;
    customersWarned: number;
  };
}

const KINDS: readonly WarningKind[] = ['receivables', 'sales-progress', 'sales-expense', 'churn'];

function num(v: unknown, path: (string | number)[], what: string, min?: number, exclusive = false): number {
  const ok = typeof v === 'number' && Number.isFinite(v) && (min === undefined || (exclusive ? v > min : v >= min));
  if (!ok) invalidInput(path, `${what} is invalid`, min === undefined ? 'a finite number' : `a finite number ${exclusive ? '>' : '>='} ${min}`, v);
  return v as number;
}

function list(v: unknown, path: (string | number)[]): readonly unknown[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) invalidInput(path, 'expected an array of records', 'an array', v);
  return v.map((r: unknown, i: number) => {
    if (typeof r !== 'object' || r === null) invalidInput([...path, i], 'record must be an object', 'an object', r);
    return r;
  });
}

/**
 * Evaluate the four textbook early warnings for every customer as of a date.
 *
 * @example
 * ```ts
 * import { earlyWarnings } from 'crm-analytics/lifecycle';
 * const r = earlyWarnings(
 *   { transactions: [{ customerId: 'a', date: '2024-01-10', amount: 100 }],
 *     creditLimits: [{ customerId: 'a', limit: 1000 }],
 *     receivables: [{ customerId: 'a', amount: 1300 }] },
 *   { asOf: '2024-03-01' },
 * );
 * r.warnings.map((w) => `${w.kind}:${w.severity}`); // ['receivables:high']
 * ```
 */
export function earlyWarnings(input: EarlyWarningInput, options: EarlyWarningOptions): EarlyWarningReport {
  if (typeof input !== 'object' || input === null) invalidInput([], 'input must be an object', '{ transactions, creditLimits?, receivables?, plans?, expenses? }', input);
  for (const key of Object.keys(input)) {
    if ((INPUT_KEYS as readonly string[]).includes(key) || (input as unknown as Record<string, unknown>)[key] === undefined) continue;
    const near = didYouMean(key, INPUT_KEYS);
    invalidInput([key], `unknown input "${key}"${near === undefined ? '' : `; did you mean "${near}"?`}`, `one of ${INPUT_KEYS.join(', ')}`);
  }
  const o = readOptions(options ?? null, ['asOf', 'afterAsOf', 'thresholds'] as const);
  const policy = readAsOfPolicy(o);
  const asOfDay = policy.asOfDay;
  // Exclusive end of observation: the asOf day is inclusive, so periods and sales run to its end.
  const asOf = asOfDay + 1;
  const t = readWarningThresholds(o.thresholds, ['options', 'thresholds']);
  if (t.churnHighGapMultiple < t.churnGapMultiple) invalidOption(['options', 'thresholds', 'churnHighGapMultiple'], 'high must need a longer silence', `>= churnGapMultiple (${t.churnGapMultiple})`, t.churnHighGapMultiple);
  if (t.pAliveHigh > t.pAliveThreshold) invalidOption(['options', 'thresholds', 'pAliveHigh'], 'high cut must not exceed the warning cut', `<= pAliveThreshold (${t.pAliveThreshold})`, t.pAliveHigh);
  if (input.transactions === undefined) invalidInput(['transactions'], 'transactions are required', 'an array of transactions or a TransactionTable', undefined);
  let table: TransactionTable;
  try {
    table = prepareTransactions(input.transactions);
  } catch (e) {
    if (e instanceof CrmError) throw new CrmError(e.code, e.message, { path: ['transactions', ...e.path], cause: e });
    throw e;
  }
  const excluded = rowsAfterAsOf(table, policy, ['transactions']);
  const pAlive = readProbabilityAlive(input.probabilityAlive, ['probabilityAlive']);
  const warnings: EarlyWarning[] = [];
  const notes: string[] = [];
  const evaluated: Record<WarningKind, boolean> = { receivables: false, 'sales-progress': false, 'sales-expense': false, churn: true };

  // Customer rows (for plan / expense actuals), sorted by customer.
  const rowsOf = new Map<string, number[]>();
  for (let i = 0; i < table.length; i++) {
    const id = table.customerIds[table.customer[i] as number] as string;
    let r = rowsOf.get(id);
    if (r === undefined) rowsOf.set(id, (r = []));
    r.push(i);
  }
  const salesIn = (id: string, lo: number, hi: number): number => {
    let s = 0;
    for (const i of rowsOf.get(id) ?? []) {
      const d = table.day[i] as number;
      if (d >= lo && d < hi) s += table.amount[i] as number;
    }
    return s;
  };

  // 1. Receivables above the credit limit (外欠款预警).
  const limitsRaw = list(input.creditLimits, ['creditLimits']);
  const recRaw = list(input.receivables, ['receivables']);
  if (limitsRaw !== undefined && recRaw !== undefined) {
    evaluated.receivables = true;
    const limits = new Map<string, number>();
    limitsRaw.forEach((r, i) => {
      const rec = r as Partial<CreditLimitRecord>;
      const id = readCustomerId(rec.customerId, ['creditLimits', i, 'customerId']);
      if (limits.has(id)) invalidInput(['creditLimits', i, 'customerId'], 'credit limit listed twice', 'one limit per customer', id);
      limits.set(id, num(rec.limit, ['creditLimits', i, 'limit'], 'credit limit', 0));
    });
    const balances = new Map<string, number>();
    recRaw.forEach((r, i) => {
      const rec = r as Partial<ReceivableRecord>;
      const id = readCustomerId(rec.customerId, ['receivables', i, 'customerId']);
      const total = (balances.get(id) ?? 0) + num(rec.amount, ['receivables', i, 'amount'], 'receivable amount');
      if (!Number.isFinite(total)) throw new CrmError('NUMERIC_DOMAIN', `the receivables of customer ${JSON.stringify(id.slice(0, 40))} sum beyond ±1.8e308; rescale the amounts`, { path: ['receivables', i, 'amount'] });
      balances.set(id, total);
    });
    let noLimit = 0;
    for (const [id, bal] of balances) {
      const limit = limits.get(id);
      if (limit === undefined) {
        noLimit += 1;
        continue;
      }
      if (bal > limit) {
        const ratio = limit === 0 ? null : bal / limit;
        const high = ratio === null || ratio >= t.receivablesHighRatio;
        warnings.push({
          customerId: id,
          kind: 'receivables',
          severity: high ? 'high' : 'medium',
          reasons: [
            `receivables ${fmt(bal)} > credit limit ${fmt(limit)}` + (ratio === null ? ' (limit 0)' : ` (ratio ${fmt(ratio)}${high ? ` >= receivablesHighRatio ${fmt(t.receivablesHighRatio)}` : ''})`),
          ],
          metrics: { receivables: bal, creditLimit: limit, ratio },
        });
      }
    }
    if (noLimit > 0) notes.push(`receivables: ${noLimit} customer(s) with receivables but no credit limit were not evaluated`);
  } else {
    notes.push(`receivables not evaluated: ${limitsRaw === undefined ? 'no creditLimits' : 'no receivables'} given`);
  }

  // 2. Purchases behind plan (销售进度预警).
  const plansRaw = list(input.plans, ['plans']);
  if (plansRaw !== undefined) {
    evaluated['sales-progress'] = true;
    let pending = 0;
    plansRaw.forEach((r, i) => {
      const rec = r as Partial<PlanRecord>;
      const id = readCustomerId(rec.customerId, ['plans', i, 'customerId']);
      const start = readDateField(rec.start, ['plans', i, 'start']);
      const end = readDateField(rec.end, ['plans', i, 'end']);
      if (!(end > start)) invalidInput(['plans', i, 'end'], 'plan period must end after it starts', `a date after ${dayToIsoDate(start)}`, rec.end);
      const target = num(rec.target, ['plans', i, 'target'], 'plan target', 0, true);
      if (asOf <= start) {
        pending += 1;
        return;
      }
      const elapsed = Math.min(1, (asOf - start) / (end - start));
      const expected = target * elapsed;
      const actual = salesIn(id, start, Math.min(asOf, end));
      const progress = actual / expected;
      if (progress < 1 - t.planTolerance) {
        const high = progress < t.planHighProgress;
        warnings.push({
          customerId: id,
          kind: 'sales-progress',
          severity: high ? 'high' : 'medium',
          reasons: [
            `purchases ${fmt(actual)} are ${fmt(progress * 100)}% of the pro-rata plan ${fmt(expected)} (${fmt(elapsed * 100)}% of target ${fmt(target)} for ${dayToIsoDate(start)}..${dayToIsoDate(end)})`,
            high ? `progress < planHighProgress ${fmt(t.planHighProgress)}` : `progress < 1 − planTolerance ${fmt(1 - t.planTolerance)}`,
          ],
          metrics: { planStart: dayToIsoDate(start), planEnd: dayToIsoDate(end), target, elapsedShare: elapsed, expectedToDate: expected, actual, progress },
        });
      }
    });
    if (pending > 0) notes.push(`sales-progress: ${pending} plan(s) start after asOf and were not evaluated`);
  } else {
    notes.push('sales-progress not evaluated: no plans given');
  }

  // 3. Sales expense above budget or rising (销售费用预警).
  const expRaw = list(input.expenses, ['expenses']);
  if (expRaw !== undefined) {
    evaluated['sales-expense'] = true;
    const byCustomer = new Map<string, Array<{ start: number; end: number; amount: number; budget: number | null }>>();
    expRaw.forEach((r, i) => {
      const rec = r as Partial<ExpenseRecord>;
      const id = readCustomerId(rec.customerId, ['expenses', i, 'customerId']);
      const start = readDateField(rec.start, ['expenses', i, 'start']);
      const end = readDateField(rec.end, ['expenses', i, 'end']);
      if (!(end > start)) invalidInput(['expenses', i, 'end'], 'expense period must end after it starts', `a date after ${dayToIsoDate(start)}`, rec.end);
      const amount = num(rec.amount, ['expenses', i, 'amount'], 'expense amount (a cost, not negative)', 0);
      const budget = rec.budget === undefined ? null : num(rec.budget, ['expenses', i, 'budget'], 'expense budget', 0);
      let l = byCustomer.get(id);
      if (l === undefined) byCustomer.set(id, (l = []));
      if (start < asOf) l.push({ start, end, amount, budget });
    });
    for (const [id, periods] of byCustomer) {
      if (periods.length === 0) continue;
      periods.sort((a, b) => a.start - b.start);
      const reasons: string[] = [];
      const metrics: Record<string, number | string | null> = {};
      let high = false;
      const last = periods[periods.length - 1] as (typeof periods)[number];
      metrics.latestPeriodStart = dayToIsoDate(last.start);
      metrics.latestExpense = last.amount;
      metrics.latestBudget = last.budget;
      if (last.budget !== null && last.amount > last.budget) {
        const overrun = last.budget === 0 ? null : last.amount / last.budget - 1;
        high = overrun === null || overrun >= t.expenseHighOverrun;
        metrics.overrun = overrun;
        reasons.push(`expense ${fmt(last.amount)} > budget ${fmt(last.budget)} in the period from ${dayToIsoDate(last.start)}` + (overrun === null ? '' : ` (over by ${fmt(overrun * 100)}%)`));
      }
      const amounts = periods.map((p) => p.amount);
      const trend = judgeTrend(amounts, 3, t.trendAlpha);
      metrics.expenseSlope = trend?.slope ?? null;
      metrics.expenseSlopeP = trend?.pValue ?? null;
      if (trend !== null && trend.direction === 'rising') {
        reasons.push(`expense rising: slope ${fmt(trend.slope)} per period over ${trend.periods} periods (${fmtP(trend.pValue)}, below trendAlpha ${fmt(t.trendAlpha)})`);
      }
      const sales = periods.map((p) => salesIn(id, p.start, Math.min(p.end, asOf)));
      if (sales.every((s) => s > 0)) {
        const ratios = periods.map((p, k) => p.amount / (sales[k] as number));
        metrics.latestExpenseToSales = ratios[ratios.length - 1] as number;
        const rt = judgeTrend(ratios, 3, t.trendAlpha);
        if (rt !== null && rt.direction === 'rising') {
          reasons.push(`expense-to-sales ratio rising: slope ${fmt(rt.slope)} per period over ${rt.periods} periods (${fmtP(rt.pValue)}, below trendAlpha ${fmt(t.trendAlpha)})`);
        }
      }
      if (reasons.length > 0) warnings.push({ customerId: id, kind: 'sales-expense', severity: high ? 'high' : 'medium', reasons, metrics });
    }
  } else {
    notes.push('sales-expense not evaluated: no expenses given');
  }

  // 4. No reorder / churn risk (客户流失预警).
  const histories = summarizeHistory(table, asOfDay, 30.4375, 1, ['transactions']);
  let noPurchase = 0;
  histories.forEach((h, c) => {
    const id = table.customerIds[c] as string;
    if (h.lastDay === null) {
      noPurchase += 1;
      return;
    }
    const recency = asOfDay - h.lastDay;
    const gap = h.medianGap === null ? null : Math.max(h.medianGap, t.minGapDays);
    const p = pAlive?.get(id);
    const reasons: string[] = [];
    let high = false;
    if (gap !== null && recency > t.churnGapMultiple * gap) {
      reasons.push(`no reorder: recency ${fmt(recency)} days > churnGapMultiple ${fmt(t.churnGapMultiple)} × usual gap ${fmt(gap)} days = ${fmt(t.churnGapMultiple * gap)}`);
      if (recency > t.churnHighGapMultiple * gap) high = true;
    }
    if (gap === null && recency > t.noReorderDays) {
      reasons.push(`no reorder: one purchase day and recency ${fmt(recency)} days > noReorderDays ${fmt(t.noReorderDays)}`);
      if (recency > 2 * t.noReorderDays) high = true;
    }
    if (p !== undefined && p < t.pAliveThreshold) {
      reasons.push(`P(alive) ${fmt(p)} < pAliveThreshold ${fmt(t.pAliveThreshold)}`);
      if (p < t.pAliveHigh) high = true;
    }
    if (reasons.length > 0) {
      warnings.push({
        customerId: id,
        kind: 'churn',
        severity: high ? 'high' : 'medium',
        reasons,
        metrics: { recencyDays: recency, usualGapDays: h.medianGap, lastPurchase: isoDay(h.lastDay), probabilityAlive: p ?? null },
      });
    }
  });
  if (noPurchase > 0) notes.push(`churn: ${noPurchase} customer(s) with no purchase up to asOf were not evaluated`);
  if (pAlive === undefined) notes.push('churn: no probabilityAlive given; judged on recency against the usual gap only');

  const kindOrder = new Map(KINDS.map((k, i) => [k, i]));
  warnings.sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : (kindOrder.get(a.kind) as number) - (kindOrder.get(b.kind) as number)));
  const counts = KINDS.map((kind) => {
    const ws = warnings.filter((w) => w.kind === kind);
    const high = ws.filter((w) => w.severity === 'high').length;
    return { kind, medium: ws.length - high, high, total: ws.length };
  });
  return {
    asOf: dayToIsoDate(asOfDay),
    excludedAfterAsOf: excluded,
    thresholds: t,
    warnings,
    summary: { evaluated, notes, counts, customersWarned: new Set(warnings.map((w) => w.customerId)).size },
  };
}
