/**
 * Top-k rules by one interest measure (arules `head(sort(rules, by = ...), k)`).
 */
import { readInteger, readOneOf, readOptions, invalidInput } from '../core/index.js';
import { RULE_MEASURES, type RuleMeasures } from './measures.js';
import type { Rule } from './rules.js';

/** Options of {@link topRules}. */
export interface TopRulesOptions {
  /** Measure to rank by (descending). Default `'lift'`. */
  by?: keyof RuleMeasures;
  /** Number of rules to keep (integer ≥ 0). Default 10. */
  k?: number;
}

/** Validate a measure name option. */
export function checkMeasure(value: unknown, name: string, defaultValue: keyof RuleMeasures): keyof RuleMeasures {
  return readOneOf(value, ['options', name], RULE_MEASURES, defaultValue);
}

/**
 * The `k` best rules by a measure, descending; ties keep the input order (stable).
 * Returns new rule objects; `+Infinity` (e.g. conviction at confidence 1) ranks first.
 *
 * @example
 * ```ts
 * import { associationRules, topRules } from 'crm-analytics/basket';
 * const best = topRules(associationRules(baskets, { minSupport: 0.01, minConfidence: 0.3 }), { by: 'lift', k: 5 });
 * ```
 */
export function topRules(rules: readonly Rule[], options: TopRulesOptions = {}): Rule[] {
  if (!Array.isArray(rules)) invalidInput([], 'rules must be an array', 'an array of rules', rules);
  const opts = readOptions(options, ['by', 'k']);
  const by = checkMeasure(opts.by, 'by', 'lift');
  const k = opts.k === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : readInteger(opts.k, ['options', 'k'], { min: 0, default: 10 });
  const idx = rules.map((r, i) => {
    const v = (r as unknown as Record<string, unknown>)[by];
    if (typeof v !== 'number' || Number.isNaN(v)) {
      invalidInput([i, by], `rule has no numeric ${by}`, 'a number', v);
    }
    return i;
  });
  idx.sort((a, b) => {
    const x = (rules[a] as Rule)[by];
    const y = (rules[b] as Rule)[by];
    return x === y ? a - b : y > x ? 1 : -1;
  });
  return idx.slice(0, Math.min(k, idx.length)).map((i) => {
    const r = rules[i] as Rule;
    return { ...r, antecedent: [...r.antecedent], consequent: [...r.consequent] };
  });
}
