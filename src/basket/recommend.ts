/**
 * Cross-sell recommendations from rules: a rule fires when its whole antecedent is in the
 * basket; each consequent item not yet in the basket is scored by the best firing rule
 * (maximum of the chosen measure, default confidence — the "best rule" strategy of
 * rule-based recommenders, e.g. Sarwar et al. 2000; Lin, Alvarez & Ruiz 2002).
 */
import { readInteger, readOptions, toId, invalidInput } from '../core/index.js';
import type { ItemLabel } from './encode.js';
import type { RuleMeasures } from './measures.js';
import type { Rule } from './rules.js';
import { checkMeasure } from './top.js';

/** Options of {@link recommend}. */
export interface RecommendOptions {
  /** Number of items to return (integer ≥ 0). Default 5. */
  k?: number;
  /** Measure that scores a rule. Default `'confidence'`. */
  by?: keyof RuleMeasures;
}

/** One recommended item with the rules that support it (best first). */
export interface Recommendation {
  item: string;
  /** The best score among its supporting rules. */
  score: number;
  rules: Rule[];
}

/**
 * Rank items to add to a basket by the rules that fire on it.
 * Sorted by score (descending), then number of supporting rules, then item.
 *
 * @example
 * ```ts
 * import { associationRules, recommend } from 'crm-analytics/basket';
 * const rules = associationRules(groceries, { minSupport: 0.01, minConfidence: 0.3 });
 * recommend(['citrus fruit', 'other vegetables'], rules, { k: 3 });
 * // [{ item: 'whole milk', score: 0.451, rules: [3 rules] }, { item: 'root vegetables', score: 0.359, rules: [1 rule] }]
 * ```
 */
export function recommend(basket: Iterable<ItemLabel>, rules: readonly Rule[], options: RecommendOptions = {}): Recommendation[] {
  if (typeof basket !== 'object' || basket === null || typeof (basket as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    invalidInput(['basket'], 'basket must be an iterable of item labels', 'an array of strings', basket);
  }
  const have = new Set<string>();
  let j = 0;
  for (const it of basket) {
    const id = toId(it);
    if (id === undefined) invalidInput(['basket', j], 'an item must be a non-empty string or a finite number', 'a string', it);
    have.add(id);
    j++;
  }
  if (!Array.isArray(rules)) invalidInput(['rules'], 'rules must be an array', 'an array of rules', rules);
  const opts = readOptions(options, ['k', 'by']);
  const k = readInteger(opts.k, ['options', 'k'], { min: 0, default: 5 });
  const by = checkMeasure(opts.by, 'by', 'confidence');
  const found = new Map<string, { score: number; rules: Rule[] }>();
  rules.forEach((r, i) => {
    if (typeof r !== 'object' || r === null || !Array.isArray(r.antecedent) || !Array.isArray(r.consequent)) {
      invalidInput(['rules', i], 'a rule must have antecedent and consequent arrays', 'a rule', r);
    }
    const score = r[by];
    if (typeof score !== 'number' || Number.isNaN(score)) {
      invalidInput(['rules', i, by], `rule has no numeric ${by}`, 'a number', score);
    }
    if (!r.antecedent.every((a: string) => have.has(a))) return;
    for (const c of r.consequent) {
      if (have.has(c)) continue;
      const f = found.get(c);
      if (f === undefined) found.set(c, { score, rules: [r] });
      else {
        f.rules.push(r);
        if (score > f.score) f.score = score;
      }
    }
  });
  const out: Recommendation[] = [...found].map(([item, f]) => ({
    item,
    score: f.score,
    rules: f.rules
      .map((r, i) => ({ r, i }))
      .sort((a, b) => (a.r[by] === b.r[by] ? a.i - b.i : b.r[by] > a.r[by] ? 1 : -1))
      .map(({ r }) => ({ ...r, antecedent: [...r.antecedent], consequent: [...r.consequent] })),
  }));
  out.sort((a, b) => (a.score !== b.score ? (b.score > a.score ? 1 : -1) : b.rules.length - a.rules.length || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0)));
  return out.slice(0, k);
}
