/**
 * Expected loss from churn = P(churn) × residual customer lifetime value (the "value at risk" ranking of retention
 * targeting; Gupta & Lehmann, "Managing Customers as Investments", 2005, ch. 4; Neslin et al., JMR 43, 2006).
 */
import { CrmError, invalidInput, readOneOf, readOptions } from '../core/index.js';

/** Per-customer numbers: a Map id → value, or rows `{ customerId, value }` (`probability` / `clv` also accepted). */
export type CustomerValues =
  | ReadonlyMap<string, number>
  | ReadonlyArray<{ customerId: string | number; value?: number; probability?: number; clv?: number }>;

/** One ranked customer. */
export interface ExpectedLossRow {
  rank: number;
  customerId: string;
  churnProbability: number;
  residualClv: number;
  /** churnProbability × residualClv. */
  expectedLoss: number;
  /** Share of the total expected loss covered by this customer and everyone ranked above. */
  cumulativeShare: number;
}

/** Options of {@link expectedLoss}. */
export interface ExpectedLossOptions {
  /** Customers present in only one input: `'error'` (default) or `'skip'`. */
  unmatched?: 'error' | 'skip';
}

function toMap(input: CustomerValues, name: string, field: 'probability' | 'clv'): Map<string, number> {
  const out = new Map<string, number>();
  const put = (id: unknown, v: unknown, path: Array<string | number>) => {
    if (!((typeof id === 'string' && id.length > 0) || (typeof id === 'number' && Number.isFinite(id)))) invalidInput([...path, 'customerId'], 'invalid customer id', 'a non-empty string', id);
    const key = String(id);
    if (typeof v !== 'number' || !Number.isFinite(v)) invalidInput([...path], `invalid ${field === 'probability' ? 'churn probability' : 'residual CLV'}`, 'a finite number', v);
    if (field === 'probability' && (v < 0 || v > 1)) invalidInput([...path], 'churn probability out of range', 'a number in [0, 1]', v);
    if (out.has(key)) invalidInput([...path, 'customerId'], 'duplicate customer id', 'each customer once', key);
    out.set(key, v);
  };
  if (input instanceof Map) {
    for (const [id, v] of input) put(id, v, [name, String(id)]);
  } else if (Array.isArray(input)) {
    input.forEach((row: Record<string, unknown>, i) => {
      if (typeof row !== 'object' || row === null) invalidInput([name, i], 'a row must be an object', 'an object with customerId', row);
      const v = row.value !== undefined ? row.value : row[field];
      put(row.customerId, v, [name, i]);
    });
  } else invalidInput([name], `${name} must be a Map or an array`, 'a Map or an array of { customerId, value }', input);
  return out;
}

/**
 * Rank customers by expected loss P(churn) × residual CLV: who to save first.
 *
 * @example
 * ```ts
 * import { expectedLoss } from 'crm-analytics/churn';
 * const ranked = expectedLoss(
 *   [{ customerId: 'a', probability: 0.8 }, { customerId: 'b', probability: 0.1 }],
 *   [{ customerId: 'a', clv: 100 }, { customerId: 'b', clv: 2000 }],
 * );
 * ranked[0]; // { rank: 1, customerId: 'b', churnProbability: 0.1, residualClv: 2000, expectedLoss: 200, ... }
 * ```
 */
export function expectedLoss(churnProbabilities: CustomerValues, residualClv: CustomerValues, options: ExpectedLossOptions = {}): ExpectedLossRow[] {
  const o = readOptions(options, ['unmatched'] as const);
  const unmatched = readOneOf(o.unmatched, ['options', 'unmatched'], ['error', 'skip'] as const, 'error');
  const p = toMap(churnProbabilities, 'churnProbabilities', 'probability');
  const v = toMap(residualClv, 'residualClv', 'clv');
  if (unmatched === 'error') {
    for (const id of p.keys()) if (!v.has(id)) invalidInput(['residualClv', id], 'customer has a churn probability but no residual CLV', 'a CLV for every customer (or unmatched: "skip")', undefined);
    for (const id of v.keys()) if (!p.has(id)) invalidInput(['churnProbabilities', id], 'customer has a residual CLV but no churn probability', 'a probability for every customer (or unmatched: "skip")', undefined);
  }
  const rows: ExpectedLossRow[] = [];
  for (const [id, prob] of p) {
    const clv = v.get(id);
    if (clv === undefined) continue;
    rows.push({ rank: 0, customerId: id, churnProbability: prob, residualClv: clv, expectedLoss: prob * clv, cumulativeShare: 0 });
  }
  rows.sort((a, b) => b.expectedLoss - a.expectedLoss || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
  const total = rows.reduce((s, r) => s + r.expectedLoss, 0);
  if (!Number.isFinite(total)) {
    throw new CrmError('NUMERIC_DOMAIN', 'the expected losses sum past the largest finite number; express residualClv in larger units', { path: ['residualClv'], expected: 'values whose expected losses have a finite sum', received: total });
  }
  let cum = 0;
  rows.forEach((r, i) => {
    r.rank = i + 1;
    cum += r.expectedLoss;
    r.cumulativeShare = total !== 0 ? cum / total : 0;
  });
  return rows;
}
