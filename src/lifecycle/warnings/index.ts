/**
 * `earlyWarnings`: the four customer early warnings of the CRM textbooks (客户预警) and the
 * customer's own falling spend, one file per kind:
 *   - receivables.ts     外欠款预警   receivable balance above the credit limit;
 *   - sales-progress.ts  销售进度预警 purchases behind the pro-rata plan for the period;
 *   - sales-expense.ts   销售费用预警 sales expense above budget, or rising significantly;
 *   - churn.ts           客户流失预警 no reorder against the usual gap, or P(alive) low;
 *   - spend-decline.ts   a still-active customer's spend trend falling significantly.
 * Inputs other than transactions are optional; a warning whose input is absent is not evaluated
 * and the summary says so.
 */
import { CrmError, dayToIsoDate, didYouMean, invalidInput, invalidOption, prepareTransactions, readInteger, readNumber, readOptions, readPositive, readProbability, type CrmErrorPath, type TransactionTable } from '../../core/index.js';
import { readAsOfPolicy, readProbabilityAlive, rowsAfterAsOf } from '../inputs.js';
import { churnWarnings } from './churn.js';
import { makeContext } from './context.js';
import { receivablesWarnings } from './receivables.js';
import { salesExpenseWarnings } from './sales-expense.js';
import { salesProgressWarnings } from './sales-progress.js';
import { spendDeclineWarnings } from './spend-decline.js';
import type { EarlyWarning, EarlyWarningInput, EarlyWarningOptions, EarlyWarningReport, KindResult, WarningKind, WarningThresholds } from './types.js';

export type {
  ChurnMetrics,
  CreditLimitRecord,
  EarlyWarning,
  EarlyWarningInput,
  EarlyWarningOptions,
  EarlyWarningReport,
  ExpenseRecord,
  PlanRecord,
  ReceivableRecord,
  ReceivablesMetrics,
  SalesExpenseMetrics,
  SalesProgressMetrics,
  Severity,
  SpendDeclineMetrics,
  WarningKind,
  WarningOf,
  WarningThresholds,
} from './types.js';

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
  spendDeclineWindows: 6,
  spendDeclineHighDrop: 0.5,
});

/** Read the warning thresholds over the defaults (core's options reader: unknown keys are an error). */
function readWarningThresholds(value: unknown, path: CrmErrorPath): WarningThresholds {
  const d = DEFAULT_WARNING_THRESHOLDS;
  const o = readOptions(value, Object.keys(d) as (keyof WarningThresholds)[], path);
  const at = (k: keyof WarningThresholds): CrmErrorPath => [...path, k];
  const t: WarningThresholds = {
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
    spendDeclineWindows: readInteger(o.spendDeclineWindows, at('spendDeclineWindows'), { min: 3, max: 120, default: d.spendDeclineWindows }),
    spendDeclineHighDrop: readNumber(o.spendDeclineHighDrop, at('spendDeclineHighDrop'), { min: 0, max: 1, minExclusive: true, default: d.spendDeclineHighDrop }),
  };
  if (t.churnHighGapMultiple < t.churnGapMultiple) invalidOption(at('churnHighGapMultiple'), 'high must need a longer silence', `>= churnGapMultiple (${t.churnGapMultiple})`, t.churnHighGapMultiple);
  if (t.pAliveHigh > t.pAliveThreshold) invalidOption(at('pAliveHigh'), 'high cut must not exceed the warning cut', `<= pAliveThreshold (${t.pAliveThreshold})`, t.pAliveHigh);
  return t;
}

const INPUT_KEYS = ['transactions', 'creditLimits', 'receivables', 'plans', 'expenses', 'probabilityAlive'] as const;
const KINDS: readonly WarningKind[] = ['receivables', 'sales-progress', 'sales-expense', 'churn', 'spend-decline'];

/**
 * Evaluate the early warnings for every customer as of a date (inclusive).
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
  const t = readWarningThresholds(o.thresholds, ['options', 'thresholds']);
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
  const ctx = makeContext(table, policy.asOfDay);

  const results: Record<WarningKind, KindResult> = {
    receivables: receivablesWarnings(input.creditLimits, input.receivables, t),
    'sales-progress': salesProgressWarnings(input.plans, ctx, t),
    'sales-expense': salesExpenseWarnings(input.expenses, ctx, t),
    churn: churnWarnings(ctx, pAlive, t),
    'spend-decline': spendDeclineWarnings(ctx, t),
  };
  const warnings: EarlyWarning[] = KINDS.flatMap((k) => results[k].warnings);
  const kindOrder = new Map(KINDS.map((k, i) => [k, i]));
  warnings.sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : (kindOrder.get(a.kind) as number) - (kindOrder.get(b.kind) as number)));
  const counts = KINDS.map((kind) => {
    const ws = warnings.filter((w) => w.kind === kind);
    const high = ws.filter((w) => w.severity === 'high').length;
    return { kind, medium: ws.length - high, high, total: ws.length };
  });
  return {
    asOf: dayToIsoDate(policy.asOfDay),
    excludedAfterAsOf: excluded,
    thresholds: t,
    warnings,
    summary: {
      evaluated: Object.fromEntries(KINDS.map((k) => [k, results[k].evaluated])) as Record<WarningKind, boolean>,
      notes: KINDS.flatMap((k) => results[k].notes),
      counts,
      customersWarned: new Set(warnings.map((w) => w.customerId)).size,
    },
  };
}
