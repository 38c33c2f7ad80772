/**
 * 销售进度预警 — purchases behind the pro-rata plan: a plan `{ start, end, target }` for
 * [start, end) has run `min(1, (asOf + 1 − start) / (end − start))` of its days by the end of the
 * asOf day (inclusive); expected = target × that share (linear pro-rata); progress = actual /
 * expected < 1 − `planTolerance` → medium, < `planHighProgress` → high.
 */
import { dayToIsoDate, invalidInput, readNumber } from '../../core/index.js';
import { fmt, readCustomerId, readDateField } from '../inputs.js';
import { list, type WarningContext } from './context.js';
import type { EarlyWarning, KindResult, PlanRecord, WarningThresholds } from './types.js';

/** Evaluate the sales-progress warning. */
export function salesProgressWarnings(plans: unknown, ctx: WarningContext, t: WarningThresholds): KindResult {
  const plansRaw = list(plans, ['plans']);
  if (plansRaw === undefined) return { evaluated: false, warnings: [], notes: ['sales-progress not evaluated: no plans given'] };
  const end0 = ctx.asOfDay + 1; // exclusive end of observation
  const warnings: EarlyWarning[] = [];
  let pending = 0;
  plansRaw.forEach((r, i) => {
    const rec = r as Partial<PlanRecord>;
    const id = readCustomerId(rec.customerId, ['plans', i, 'customerId']);
    const start = readDateField(rec.start, ['plans', i, 'start']);
    const end = readDateField(rec.end, ['plans', i, 'end']);
    if (!(end > start)) invalidInput(['plans', i, 'end'], 'plan period must end after it starts', `a date after ${dayToIsoDate(start)}`, rec.end);
    const target = readNumber(rec.target, ['plans', i, 'target'], { min: 0, minExclusive: true, input: true });
    if (end0 <= start) {
      pending += 1;
      return;
    }
    const elapsed = Math.min(1, (end0 - start) / (end - start));
    const expected = target * elapsed;
    const actual = ctx.salesIn(id, start, end);
    const progress = actual / expected;
    if (!(progress < 1 - t.planTolerance)) return;
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
  });
  const notes = pending > 0 ? [`sales-progress: ${pending} plan(s) start after asOf and were not evaluated`] : [];
  return { evaluated: true, warnings, notes };
}
