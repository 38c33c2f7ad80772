/**
 * `valueMatrix`: the Customer Value Matrix (Marcus 1998, "A practical yet meaningful approach to
 * customer segmentation", J. Consumer Marketing 15(5):494–504): active customers placed on
 * number of purchases × average purchase value, split at the base's average (mean by default).
 */
import { invalidInput, readNonNegative, readOneOf, readOptions } from '../core/index.js';
import { addPartial, roundPartials } from './exact-sum.js';

/** Marcus' four cells, plus customers left out by `activeWithinDays`. */
export type ValueQuadrant = 'best' | 'frequent' | 'spenders' | 'uncertain' | 'inactive';

/** Options of {@link valueMatrix}. */
export interface ValueMatrixOptions {
  /** Split statistic for both axes: `'mean'` (default, Marcus) or `'median'`. */
  split?: 'mean' | 'median';
  /** Only customers with `recency` ≤ this many days are placed (Marcus: "active" customers); the rest are `'inactive'`. */
  activeWithinDays?: number;
}

/** One customer's cell. */
export interface ValueMatrixCustomer {
  customerId: string;
  quadrant: ValueQuadrant;
  frequency: number;
  averageOrderValue: number;
  reasons: string[];
}

/** The matrix: cut values, cell counts and each customer's cell (input order). */
export interface ValueMatrixResult {
  split: 'mean' | 'median';
  /** Frequency cut (customers at or above it are "high"), or `null` with no active customer. */
  frequencyCut: number | null;
  /** Average-order-value cut, or `null` with no active customer. */
  averageOrderValueCut: number | null;
  counts: Record<ValueQuadrant, number>;
  customers: ValueMatrixCustomer[];
}

function center(values: number[], split: 'mean' | 'median'): number {
  if (split === 'mean') {
    const p: number[] = [];
    for (const v of values) addPartial(p, v);
    return roundPartials(p) / values.length;
  }
  const s = Float64Array.from(values).sort();
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid]!) : ((s[mid - 1]!) + (s[mid]!)) / 2;
}

/**
 * Place customers in Marcus' customer value matrix: **best** (high frequency, high average order
 * value), **frequent** (high F, low AOV), **spenders** (low F, high AOV), **uncertain** (low,
 * low). "High" means at or above the base's mean (or median); a customer exactly on a line goes
 * to the high side. `averageOrderValue` is taken from the summary, or `monetary / frequency`.
 *
 * @example
 * ```ts
 * import { valueMatrix } from 'crm-analytics/rfm';
 * const vm = valueMatrix([
 *   { customerId: 'a', frequency: 6, monetary: 600 },
 *   { customerId: 'b', frequency: 1, monetary: 20 },
 * ]);
 * vm.customers.map((c) => c.quadrant); // ['best', 'uncertain'] (cuts: mean frequency 3.5, mean AOV 60)
 * ```
 */
export function valueMatrix(
  summaries: readonly { customerId: string; frequency: number; monetary?: number; averageOrderValue?: number; recency?: number }[],
  options: ValueMatrixOptions = {},
): ValueMatrixResult {
  const o = readOptions(options, ['split', 'activeWithinDays'] as const);
  const split = readOneOf(o.split, ['options', 'split'], ['mean', 'median'] as const, 'mean');
  const active: number | undefined =
    o.activeWithinDays === undefined ? undefined : o.activeWithinDays === Infinity ? Infinity : readNonNegative(o.activeWithinDays, ['options', 'activeWithinDays']);
  if (!Array.isArray(summaries)) invalidInput([], 'summaries must be an array', 'an array of summaries', summaries);
  const n = summaries.length;
  const freq = new Float64Array(n);
  const aov = new Float64Array(n);
  const isActive = new Uint8Array(n);
  const fs: number[] = [];
  const as: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = summaries[i] as unknown as Record<string, unknown> | null;
    if (typeof s !== 'object' || s === null) invalidInput([i], 'a summary must be an object', 'an object', s);
    if (typeof s.customerId !== 'string' || s.customerId.length === 0) invalidInput([i, 'customerId'], 'customerId must be a non-empty string', 'a non-empty string', s.customerId);
    const f = s.frequency;
    if (typeof f !== 'number' || !Number.isFinite(f) || f <= 0) invalidInput([i, 'frequency'], 'frequency must be a positive number', 'a finite number > 0', f);
    let a = s.averageOrderValue;
    if (a === undefined) {
      const m = s.monetary;
      if (typeof m !== 'number' || !Number.isFinite(m)) invalidInput([i, 'monetary'], 'monetary (or averageOrderValue) must be a finite number', 'a finite number', m);
      a = m / f;
    }
    if (typeof a !== 'number' || !Number.isFinite(a)) invalidInput([i, 'averageOrderValue'], 'averageOrderValue must be a finite number', 'a finite number', a);
    freq[i] = f;
    aov[i] = a;
    let act = true;
    if (active !== undefined) {
      const r = s.recency;
      if (typeof r !== 'number' || !Number.isFinite(r)) invalidInput([i, 'recency'], 'recency is needed with activeWithinDays', 'a finite number', r);
      act = r <= active;
    }
    if (act) {
      isActive[i] = 1;
      fs.push(f);
      as.push(a);
    }
  }
  const fCut = fs.length > 0 ? center(fs, split) : null;
  const aCut = as.length > 0 ? center(as, split) : null;
  const counts: Record<ValueQuadrant, number> = { best: 0, frequent: 0, spenders: 0, uncertain: 0, inactive: 0 };
  const customers: ValueMatrixCustomer[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = summaries[i] as { customerId: string; recency?: number };
    const f = freq[i]!;
    const a = aov[i]!;
    let quadrant: ValueQuadrant;
    let reason: string;
    if (isActive[i] === 0 || fCut === null || aCut === null) {
      quadrant = 'inactive';
      reason = `recency ${String(s.recency)} > activeWithinDays ${String(active)}: not placed (Marcus places active customers only)`;
    } else {
      const hf = f >= fCut;
      const ha = a >= aCut;
      quadrant = hf ? (ha ? 'best' : 'frequent') : ha ? 'spenders' : 'uncertain';
      reason = `frequency ${f} ${hf ? '>=' : '<'} ${split} ${fCut.toFixed(2)} and average order value ${a.toFixed(2)} ${ha ? '>=' : '<'} ${split} ${aCut.toFixed(2)} → ${quadrant}`;
    }
    counts[quadrant] += 1;
    customers[i] = { customerId: s.customerId, quadrant, frequency: f, averageOrderValue: a, reasons: [reason] };
  }
  return { split, frequencyCut: fCut, averageOrderValueCut: aCut, counts, customers };
}
