/**
 * `abcTiers`: ABC (Pareto) tiering of customers by value — rank by value descending, accumulate
 * the share of total value, A up to the first cut (80 %), B up to the second (95 %), C the rest
 * (the classic 80/15/5 rule; e.g. Kotler & Keller, Marketing Management, customer profitability;
 * cuts are options because sources differ: IBF 70/20/10).
 */
import { CrmError, invalidInput, invalidOption, readOneOf, readOptions } from '../core/index.js';
import { addPartial, roundPartials } from './exact-sum.js';
import { compareIds } from './options.js';

/** A tier. */
export type AbcTier = 'A' | 'B' | 'C';

/** Options of {@link abcTiers}. */
export interface AbcOptions {
  /** Cumulative value shares ending tiers A and B, `0 < a < b ≤ 1` (default `[0.8, 0.95]`). */
  cuts?: readonly [number, number];
  /**
   * The customer whose value crosses a cut: `'include'` (default, the usual choice: it joins the
   * upper tier) or `'exclude'` (the tier stays at or below the cut).
   */
  crossing?: 'include' | 'exclude';
}

/** One customer's tier. */
export interface AbcCustomer {
  customerId: string;
  value: number;
  /** 1 = most valuable (ties broken by customerId). */
  rank: number;
  /** Share of the positive total held by this customer and everyone ranked above. */
  cumulativeShare: number;
  tier: AbcTier;
}

/** Per-tier totals. */
export interface AbcTierSummary {
  tier: AbcTier;
  customers: number;
  value: number;
  customerShare: number;
  valueShare: number;
}

/** Tiers with totals; `customers` sorted by rank. */
export interface AbcResult {
  cuts: [number, number];
  /** Σ of positive values (the denominator of every share). */
  total: number;
  tiers: AbcTierSummary[];
  customers: AbcCustomer[];
}

/**
 * ABC tiers by value. Each item is `{ customerId, value }`, or a summary whose `monetary` is
 * used. Customers are ranked by value (descending; ties by id) and tiered on the cumulative
 * share of the positive total. Equal values always share a tier (ties are never split), and
 * zero or negative values are always C.
 *
 * @example
 * ```ts
 * import { abcTiers } from 'crm-analytics/rfm';
 * const r = abcTiers([{ customerId: 'a', value: 80 }, { customerId: 'b', value: 15 }, { customerId: 'c', value: 5 }]);
 * r.customers.map((c) => c.tier); // ['A', 'B', 'C']
 * ```
 */
export function abcTiers(values: readonly ({ customerId: string; value: number } | { customerId: string; monetary: number })[], options: AbcOptions = {}): AbcResult {
  const o = readOptions(options, ['cuts', 'crossing'] as const);
  const cuts = (o.cuts ?? [0.8, 0.95]) as readonly unknown[];
  if (!Array.isArray(cuts) || cuts.length !== 2 || typeof cuts[0] !== 'number' || typeof cuts[1] !== 'number' || !(cuts[0] > 0) || !(cuts[1] > cuts[0]) || !(cuts[1] <= 1)) {
    invalidOption(['options', 'cuts'], 'cuts must be two increasing shares in (0, 1]', '[a, b] with 0 < a < b <= 1', cuts);
  }
  const crossing = readOneOf(o.crossing, ['options', 'crossing'], ['include', 'exclude'] as const, 'include');
  if (!Array.isArray(values)) invalidInput([], 'values must be an array', 'an array of { customerId, value }', values);
  const n = values.length;
  const ids: string[] = new Array(n);
  const vals = new Float64Array(n);
  const pos: number[] = [];
  for (let i = 0; i < n; i++) {
    const it = values[i] as unknown as Record<string, unknown> | null;
    if (typeof it !== 'object' || it === null) invalidInput([i], 'an item must be an object', '{ customerId, value }', it);
    if (typeof it.customerId !== 'string' || it.customerId.length === 0) invalidInput([i, 'customerId'], 'customerId must be a non-empty string', 'a non-empty string', it.customerId);
    const key = 'value' in it ? 'value' : 'monetary';
    const v = it[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) invalidInput([i, key], `${key} must be a finite number`, 'a finite number', v);
    ids[i] = it.customerId;
    vals[i] = v;
    if (v > 0) addPartial(pos, v);
  }
  const total = roundPartials(pos);
  if (!Number.isFinite(total)) {
    throw new CrmError('NUMERIC_DOMAIN', 'the total of the positive values overflows a double (beyond 1.8e308), so the result\'s total and tier values cannot be reported; rescale the values (e.g. to thousands)', { path: [], expected: 'values whose positive total is below 1.8e308' });
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (vals[b]!) - (vals[a]!) || compareIds(ids[a] as string, ids[b] as string));
  const customers: AbcCustomer[] = new Array(n);
  const cum: number[] = [];
  let k = 0;
  while (k < n) {
    // a group of equal values gets one tier
    let j = k;
    const v = vals[order[k]!] as number;
    while (j < n && vals[order[j]!] === v) j++;
    const before = total > 0 ? roundPartials(cum) / total : 0;
    const groupCum = [...cum];
    for (let g = k; g < j; g++) if (v > 0) addPartial(groupCum, v);
    const after = total > 0 ? roundPartials(groupCum) / total : 0;
    const probe = crossing === 'include' ? before : after;
    const inA = crossing === 'include' ? probe < cuts[0] : probe <= cuts[0];
    const inB = crossing === 'include' ? probe < cuts[1] : probe <= cuts[1];
    const tier: AbcTier = v <= 0 || total === 0 ? 'C' : inA ? 'A' : inB ? 'B' : 'C';
    for (let g = k; g < j; g++) {
      const i = order[g]!;
      if (v > 0) addPartial(cum, v);
      customers[g] = { customerId: ids[i] as string, value: v === 0 ? 0 : v, rank: g + 1, cumulativeShare: total > 0 ? Math.min(1, roundPartials(cum) / total) : 0, tier };
    }
    k = j;
  }
  const tiers: AbcTierSummary[] = (['A', 'B', 'C'] as const).map((tier) => {
    const members = customers.filter((c) => c.tier === tier);
    const p: number[] = [];
    for (const c of members) addPartial(p, c.value);
    const value = roundPartials(p);
    return { tier, customers: members.length, value, customerShare: n > 0 ? members.length / n : 0, valueShare: total > 0 ? value / total : 0 };
  });
  return { cuts: [cuts[0], cuts[1]], total, tiers, customers };
}
