/**
 * 外欠款预警 — receivables above the credit limit: Σ receivables > limit → medium; ratio ≥
 * `receivablesHighRatio`, or a limit of 0, → high. Needs `creditLimits` and `receivables`.
 */
import { CrmError, invalidInput, readNumber } from '../../core/index.js';
import { fmt, readCustomerId } from '../inputs.js';
import { list } from './context.js';
import type { CreditLimitRecord, EarlyWarning, KindResult, ReceivableRecord, WarningThresholds } from './types.js';

/** Evaluate the receivables warning. */
export function receivablesWarnings(creditLimits: unknown, receivables: unknown, t: WarningThresholds): KindResult {
  const limitsRaw = list(creditLimits, ['creditLimits']);
  const recRaw = list(receivables, ['receivables']);
  if (limitsRaw === undefined || recRaw === undefined) {
    return { evaluated: false, warnings: [], notes: [`receivables not evaluated: ${limitsRaw === undefined ? 'no creditLimits' : 'no receivables'} given`] };
  }
  const limits = new Map<string, number>();
  limitsRaw.forEach((r, i) => {
    const rec = r as Partial<CreditLimitRecord>;
    const id = readCustomerId(rec.customerId, ['creditLimits', i, 'customerId']);
    if (limits.has(id)) invalidInput(['creditLimits', i, 'customerId'], 'credit limit listed twice', 'one limit per customer', id);
    limits.set(id, readNumber(rec.limit, ['creditLimits', i, 'limit'], { min: 0, input: true }));
  });
  const balances = new Map<string, number>();
  recRaw.forEach((r, i) => {
    const rec = r as Partial<ReceivableRecord>;
    const id = readCustomerId(rec.customerId, ['receivables', i, 'customerId']);
    const total = (balances.get(id) ?? 0) + readNumber(rec.amount, ['receivables', i, 'amount'], { input: true });
    if (!Number.isFinite(total)) throw new CrmError('NUMERIC_DOMAIN', `the receivables of customer ${JSON.stringify(id.slice(0, 40))} sum beyond ±1.8e308; rescale the amounts`, { path: ['receivables', i, 'amount'] });
    balances.set(id, total);
  });
  const warnings: EarlyWarning[] = [];
  let noLimit = 0;
  for (const [id, bal] of balances) {
    const limit = limits.get(id);
    if (limit === undefined) {
      noLimit += 1;
      continue;
    }
    if (!(bal > limit)) continue;
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
  const notes = noLimit > 0 ? [`receivables: ${noLimit} customer(s) with receivables but no credit limit were not evaluated`] : [];
  return { evaluated: true, warnings, notes };
}
