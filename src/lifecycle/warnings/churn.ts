/**
 * 客户流失预警 — no reorder: recency > `churnGapMultiple` × the customer's usual gap (floored at
 * `minGapDays`) → medium, > `churnHighGapMultiple` × → high; with one purchase day, recency >
 * `noReorderDays` → medium, > twice that → high; P(alive) < `pAliveThreshold` → medium, <
 * `pAliveHigh` → high. Always evaluated (from transactions).
 */
import { summarizeHistory } from '../history.js';
import { fmt, isoDay } from '../inputs.js';
import type { WarningContext } from './context.js';
import type { EarlyWarning, KindResult, WarningThresholds } from './types.js';

/** Evaluate the churn warning. */
export function churnWarnings(ctx: WarningContext, pAlive: Map<string, number> | undefined, t: WarningThresholds): KindResult {
  const { table, asOfDay } = ctx;
  const histories = summarizeHistory(table, asOfDay, 30.4375, 1, ['transactions']);
  const warnings: EarlyWarning[] = [];
  const notes: string[] = [];
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
    if (reasons.length === 0) return;
    warnings.push({
      customerId: id,
      kind: 'churn',
      severity: high ? 'high' : 'medium',
      reasons,
      metrics: { recencyDays: recency, usualGapDays: h.medianGap, lastPurchase: isoDay(h.lastDay), probabilityAlive: p ?? null },
    });
  });
  if (noPurchase > 0) notes.push(`churn: ${noPurchase} customer(s) with no purchase up to asOf were not evaluated`);
  if (pAlive === undefined) notes.push('churn: no probabilityAlive given; judged on recency against the usual gap only');
  return { evaluated: true, warnings, notes };
}
