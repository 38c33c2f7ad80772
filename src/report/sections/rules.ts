import { associationRules, basketsFromTransactions, formatRule, topRules, type Rule } from '../../basket/index.js';
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
  const { baskets } = basketsFromTransactions(ctx.table, { by });
  let rules: Rule[] = [];
  let used: number = SUPPORT_LADDER[0];
  for (const s of SUPPORT_LADDER) {
    if (s * baskets.length < 2) break;
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
      `${baskets.length.toLocaleString('en-US')} baskets (one per ${by === 'orderId' ? 'order' : 'customer, since no order column was given'}). Rules with one item on the right-hand side, confidence ≥ ${MIN_CONFIDENCE}, minimum support ${used} (lowered from ${SUPPORT_LADDER[0]} until at least ${ENOUGH_RULES} rules were found): ${rules.length.toLocaleString('en-US')} rules.`,
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
