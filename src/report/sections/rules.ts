import { associationRules, basketsFromTransactions, encodeBaskets, formatRule, topRules, type EncodedBaskets, type Rule } from '../../basket/index.js';
import type { TransactionTable } from '../../core/index.js';
import { intern } from '../../core/intern.js';
import { rulesScatterChart } from '../../charts/index.js';
import type { ReportSection } from '../../report/index.js';
import type { RunContext } from '../context.js';

/** Support levels tried in turn until at least {@link ENOUGH_RULES} rules are found. */
export const SUPPORT_LADDER = [0.02, 0.01, 0.005, 0.002] as const;
/** Minimum confidence of the report's rules (arules' examples on Groceries use 0.3–0.5). */
export const MIN_CONFIDENCE = 0.3;
const ENOUGH_RULES = 10;
/**
 * Bounds of the report's mining (issue 22): rules of at most 4 items, at most 200,000 frequent
 * itemsets. A few large baskets sharing many items (22 shared items give 4 million itemsets)
 * then cost milliseconds instead of gigabytes; a breach omits the section with the reason.
 */
export const RULES_MAX_LENGTH = 4;
export const RULES_MAX_ITEMSETS = 200_000;

// arules' rule label, from basket (one formatter for the library, the report and the CLI).
const ruleText = (r: Rule): string => formatRule(r);

/**
 * Association rules section (only with an item column): baskets per order (per customer when
 * there is no order column), FP-growth, single-item consequents, confidence ≥ 0.3, support
 * lowered along {@link SUPPORT_LADDER} (never below 2 baskets) until 10 rules are found.
 */
export function rulesSection(ctx: RunContext): ReportSection {
  if (!ctx.hasItem) return { id: 'rules', title: 'Association rules', omitted: true, note: 'no item column was given; pass --item COL to mine association rules' };
  const by = ctx.hasOrder ? 'orderId' : 'customerId';
  // Encoded once, straight from the table's item codes (mined as is at every support level).
  const baskets = encodeTableBaskets(ctx.table, by) ?? encodeBaskets(basketsFromTransactions(ctx.table, { by }).baskets);
  let rules: Rule[] = [];
  let used: number = SUPPORT_LADDER[0];
  for (const s of SUPPORT_LADDER) {
    if (s * baskets.n < 2) break;
    used = s;
    rules = associationRules(baskets, { minSupport: s, minConfidence: MIN_CONFIDENCE, consequentSize: 1, maxLength: RULES_MAX_LENGTH, maxItemsets: RULES_MAX_ITEMSETS });
    if (rules.length >= ENOUGH_RULES) break;
  }
  const best = topRules(rules, { by: 'lift', k: 25 });
  ctx.summary.topRules = best.slice(0, 5).map((r) => `${ruleText(r)} (lift ${r.lift.toFixed(2)}, confidence ${r.confidence.toFixed(2)})`);
  return {
    id: 'rules',
    title: 'Association rules',
    paragraphs: [
      `${baskets.n.toLocaleString('en-US')} baskets (one per ${by === 'orderId' ? 'order' : 'customer, since no order column was given'}). Rules with one item on the right-hand side, confidence ≥ ${MIN_CONFIDENCE}, minimum support ${used} (lowered from ${SUPPORT_LADDER[0]} until at least ${ENOUGH_RULES} rules were found): ${rules.length.toLocaleString('en-US')} rules.`,
    ],
    ...(rules.length === 0 ? { note: 'No rule reached the thresholds.' } : {}),
    charts: rules.length === 0 ? [] : [rulesScatterChart(rules, { title: 'Rules: support × confidence (colour = lift)' })],
    tables: [
      {
        id: 'rules-top',
        caption: 'Top rules by lift',
        columns: ['Antecedent', 'Consequent', 'Support', 'Confidence', 'Lift', 'Baskets'],
        rows: best.map((r) => [r.antecedent.join(', '), r.consequent.join(', '), r.support, r.confidence, r.lift, r.count]),
        csv: true,
        digits: 3,
      },
    ],
  };
}

/**
 * `encodeBaskets(basketsFromTransactions(table, { by }).baskets)` built from the table's item
 * codes, without the 400k label strings and their hash lookups: one basket per order (or
 * customer) in id order, labels trimmed as `encodeBaskets` trims them and sorted, codes ascending
 * and distinct within a basket. `undefined` (the caller then takes the plain path, with its
 * errors) when a row lacks the group or the item, or a label is empty after trimming.
 */
export function encodeTableBaskets(table: TransactionTable, by: 'orderId' | 'customerId'): EncodedBaskets | undefined {
  const { item, items } = table;
  const group = by === 'orderId' ? table.order : table.customer;
  const groups = by === 'orderId' ? table.orderIds?.length : table.customerIds.length;
  if (item === undefined || items === undefined || group === undefined || groups === undefined) return undefined;
  // Label of each table item, as encodeBaskets trims it; equal labels share one code.
  const labelOf = new Map<string, number>();
  const labels: string[] = [];
  const itemLabel = new Int32Array(items.length);
  for (let k = 0; k < items.length; k++) {
    let label = items[k] as string;
    const first = label.charCodeAt(0);
    const last = label.charCodeAt(label.length - 1);
    if (first <= 32 || first > 127 || last <= 32 || last > 127) label = label.trim();
    if (label.length === 0) return undefined;
    itemLabel[k] = intern(labelOf, labels, label);
  }
  // Code order = label order (JavaScript string order, as encodeBaskets sorts).
  const order = labels.map((_, i) => i).sort((x, y) => ((labels[x] as string) < (labels[y] as string) ? -1 : (labels[x] as string) > (labels[y] as string) ? 1 : 0));
  const rank = new Int32Array(labels.length);
  order.forEach((old, k) => (rank[old] = k));
  // Rows by group (counting sort), then each basket's codes sorted and made distinct.
  const n = table.length;
  const start = new Int32Array(groups + 1);
  for (let i = 0; i < n; i++) {
    const g = group[i]!;
    if (g < 0 || (item[i]!) < 0) return undefined;
    start[g + 1] = (start[g + 1]!) + 1;
  }
  for (let g = 0; g < groups; g++) start[g + 1] = (start[g + 1]!) + (start[g]!);
  const fill = start.slice(0, groups);
  const grouped = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const g = group[i]!;
    const at = fill[g]!;
    fill[g] = at + 1;
    grouped[at] = rank[itemLabel[item[i]!] as number] as number;
  }
  const codes = new Int32Array(n);
  const offsets = new Int32Array(groups + 1);
  const itemCounts = new Int32Array(labels.length);
  let out = 0;
  for (let g = 0; g < groups; g++) {
    const basket = grouped.subarray(start[g]!, start[g + 1]!).sort();
    for (let k = 0; k < basket.length; k++) {
      const v = basket[k]!;
      if (k > 0 && v === basket[k - 1]) continue;
      codes[out++] = v;
      itemCounts[v] = (itemCounts[v]!) + 1;
    }
    offsets[g + 1] = out;
  }
  return { kind: 'EncodedBaskets', items: order.map((i) => labels[i] as string), n: groups, offsets, codes: codes.slice(0, out), itemCounts };
}
