/**
 * 销售费用预警 — sales expense per period: the latest period over budget → medium (over by ≥
 * `expenseHighOverrun`, or a budget of 0, → high); the expense per period, or the
 * expense-to-sales ratio, rising (OLS t-test, p < `trendAlpha`, ≥ 3 periods) → medium.
 */
import { dayToIsoDate, invalidInput, readNumber } from '../../core/index.js';
import { fmt, fmtP, judgeTrend, readCustomerId, readDateField } from '../inputs.js';
import { list, type WarningContext } from './context.js';
import type { EarlyWarning, ExpenseRecord, KindResult, WarningThresholds } from './types.js';

interface Period {
  start: number;
  end: number;
  amount: number;
  budget: number | null;
}

/** Evaluate the sales-expense warning. */
export function salesExpenseWarnings(expenses: unknown, ctx: WarningContext, t: WarningThresholds): KindResult {
  const expRaw = list(expenses, ['expenses']);
  if (expRaw === undefined) return { evaluated: false, warnings: [], notes: ['sales-expense not evaluated: no expenses given'] };
  const byCustomer = new Map<string, Period[]>();
  expRaw.forEach((r, i) => {
    const rec = r as Partial<ExpenseRecord>;
    const id = readCustomerId(rec.customerId, ['expenses', i, 'customerId']);
    const start = readDateField(rec.start, ['expenses', i, 'start']);
    const end = readDateField(rec.end, ['expenses', i, 'end']);
    if (!(end > start)) invalidInput(['expenses', i, 'end'], 'expense period must end after it starts', `a date after ${dayToIsoDate(start)}`, rec.end);
    const amount = readNumber(rec.amount, ['expenses', i, 'amount'], { min: 0, input: true });
    const budget = rec.budget === undefined ? null : readNumber(rec.budget, ['expenses', i, 'budget'], { min: 0, input: true });
    let l = byCustomer.get(id);
    if (l === undefined) byCustomer.set(id, (l = []));
    if (start < ctx.asOfDay + 1) l.push({ start, end, amount, budget });
  });
  const warnings: EarlyWarning[] = [];
  for (const [id, periods] of byCustomer) {
    if (periods.length === 0) continue;
    periods.sort((a, b) => a.start - b.start);
    const reasons: string[] = [];
    let high = false;
    const last = periods[periods.length - 1] as Period;
    let overrun: number | null = null;
    if (last.budget !== null && last.amount > last.budget) {
      overrun = last.budget === 0 ? null : last.amount / last.budget - 1;
      high = overrun === null || overrun >= t.expenseHighOverrun;
      reasons.push(`expense ${fmt(last.amount)} > budget ${fmt(last.budget)} in the period from ${dayToIsoDate(last.start)}` + (overrun === null ? '' : ` (over by ${fmt(overrun * 100)}%)`));
    }
    const trend = judgeTrend(periods.map((p) => p.amount), 3, t.trendAlpha);
    if (trend !== null && trend.direction === 'rising') {
      reasons.push(`expense rising: slope ${fmt(trend.slope)} per period over ${trend.periods} periods (${fmtP(trend.pValue)}, below trendAlpha ${fmt(t.trendAlpha)})`);
    }
    const sales = periods.map((p) => ctx.salesIn(id, p.start, p.end));
    let latestRatio: number | null = null;
    let rt: ReturnType<typeof judgeTrend> = null;
    if (sales.every((s) => s > 0)) {
      const ratios = periods.map((p, k) => p.amount / (sales[k]!));
      latestRatio = ratios[ratios.length - 1]!;
      rt = judgeTrend(ratios, 3, t.trendAlpha);
      if (rt !== null && rt.direction === 'rising') {
        reasons.push(`expense-to-sales ratio rising: slope ${fmt(rt.slope)} per period over ${rt.periods} periods (${fmtP(rt.pValue)}, below trendAlpha ${fmt(t.trendAlpha)})`);
      }
    }
    if (reasons.length === 0) continue;
    warnings.push({
      customerId: id,
      kind: 'sales-expense',
      severity: high ? 'high' : 'medium',
      reasons,
      metrics: {
        latestPeriodStart: dayToIsoDate(last.start),
        latestExpense: last.amount,
        latestBudget: last.budget,
        overrun,
        expenseSlope: trend?.slope ?? null,
        expenseSlopeP: trend?.pValue ?? null,
        latestExpenseToSales: latestRatio,
        expenseToSalesSlope: rt?.slope ?? null,
        expenseToSalesSlopeP: rt?.pValue ?? null,
      },
    });
  }
  return { evaluated: true, warnings, notes: [] };
}
