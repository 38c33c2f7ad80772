/**
 * Spend decline — a customer who still buys, but less and less: the OLS trend of the customer's
 * own net spend per 30.4375-day window (the last `spendDeclineWindows` windows ending at the asOf
 * day, as lifecycle's spend trend; Montgomery, Peck & Vining §2.3 t-test) falls with p <
 * `trendAlpha` → medium; when the fitted spend of the latest window is at least
 * `spendDeclineHighDrop` (50 %) below the fitted spend of the oldest → high. A customer with no
 * spend in the latest window is left to the churn warning (no reorder), so the two do not repeat
 * each other; fewer than 3 windows give no trend.
 */
import { summarizeHistory } from '../history.js';
import { fmt, fmtP, judgeTrend } from '../inputs.js';
import type { WarningContext } from './context.js';
import type { EarlyWarning, KindResult, WarningThresholds } from './types.js';

/** Evaluate the spend-decline warning. */
export function spendDeclineWarnings(ctx: WarningContext, t: WarningThresholds): KindResult {
  const { table, asOfDay } = ctx;
  const histories = summarizeHistory(table, asOfDay, 30.4375, t.spendDeclineWindows, ['transactions']);
  const warnings: EarlyWarning[] = [];
  histories.forEach((h, c) => {
    const w = h.windows;
    if (w.length < 3 || !((w[w.length - 1]!) > 0)) return;
    const trend = judgeTrend(w, 3, t.trendAlpha);
    if (trend === null || trend.direction !== 'falling') return;
    const fittedFirst = trend.intercept;
    const fittedLast = trend.intercept + trend.slope * (w.length - 1);
    const change = fittedFirst > 0 ? fittedLast / fittedFirst - 1 : null;
    const high = change !== null && change <= -t.spendDeclineHighDrop;
    const reasons = [
      `spend falling: slope ${fmt(trend.slope)} per month over the last ${trend.periods} months (${fmtP(trend.pValue)}, below trendAlpha ${fmt(t.trendAlpha)})`,
      change === null
        ? `fitted spend ${fmt(fittedFirst)} → ${fmt(fittedLast)}`
        : `fitted spend ${fmt(fittedFirst)} → ${fmt(fittedLast)} (${fmt(change * 100)}%${high ? `, a drop of at least spendDeclineHighDrop ${fmt(t.spendDeclineHighDrop * 100)}%` : ''})`,
    ];
    warnings.push({
      customerId: table.customerIds[c] as string,
      kind: 'spend-decline',
      severity: high ? 'high' : 'medium',
      reasons,
      metrics: { spendPerPeriod: [...w], slope: trend.slope, pValue: trend.pValue ?? 0, fittedFirst, fittedLast, fittedChange: change },
    });
  });
  return { evaluated: true, warnings, notes: [] };
}
