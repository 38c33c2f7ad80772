/**
 * Redundant-rule pruning, R arules' `is.redundant()` with the confidence measure (Bayardo,
 * Agrawal & Gunopulos 2000, "Constraint-based rule mining in large, dense databases":
 * improvement). A rule X ⇒ Y is redundant when the given rule set holds a more general rule
 * X' ⇒ Y (same consequent, X' a proper subset of X) with conf(X' ⇒ Y) ≥ conf(X ⇒ Y).
 */
import { invalidInput } from '../core/index.js';
import type { Rule } from './rules.js';

/** The fields of a rule that redundancy is judged on. */
export type RuleLike = Pick<Rule, 'antecedent' | 'consequent' | 'confidence'>;

const SEP = '\u0000';

function keyOf(items: readonly string[]): string {
  return [...items].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join(SEP);
}

function checkRule(r: unknown, i: number): RuleLike {
  if (typeof r !== 'object' || r === null) invalidInput([i], 'a rule must be an object', 'a rule', r);
  const rule = r as RuleLike;
  for (const side of ['antecedent', 'consequent'] as const) {
    const list = rule[side] as unknown;
    if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) {
      invalidInput([i, side], `${side} must be an array of item labels`, 'an array of strings', list);
    }
  }
  if (typeof rule.confidence !== 'number' || Number.isNaN(rule.confidence)) {
    invalidInput([i, 'confidence'], 'confidence must be a number', 'a number', rule.confidence);
  }
  return rule;
}

/**
 * The rules that are not redundant (arules `rules[!is.redundant(rules)]`), in their input order.
 * Only more general rules present in `rules` count, as in arules.
 *
 * @example
 * ```ts
 * import { associationRules, pruneRedundant } from 'crm-analytics/basket';
 * const rules = associationRules(baskets, { minSupport: 0.001, minConfidence: 0.5 });
 * const kept = pruneRedundant(rules); // drops e.g. {a, b} ⇒ {c} when {a} ⇒ {c} is at least as confident
 * ```
 */
export function pruneRedundant<R extends RuleLike>(rules: readonly R[]): R[] {
  if (!Array.isArray(rules)) invalidInput([], 'rules must be an array', 'an array of rules', rules);
  // best confidence per (consequent, antecedent)
  const groups = new Map<string, Map<string, number>>();
  const sortedAnte: string[][] = [];
  const consKeys: string[] = [];
  rules.forEach((r0, i) => {
    const r = checkRule(r0, i);
    const ck = keyOf(r.consequent);
    const ante = [...new Set(r.antecedent)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    sortedAnte.push(ante);
    consKeys.push(ck);
    let g = groups.get(ck);
    if (g === undefined) {
      g = new Map();
      groups.set(ck, g);
    }
    const ak = ante.join(SEP);
    const prev = g.get(ak);
    if (prev === undefined || r.confidence > prev) g.set(ak, r.confidence);
  });
  const out: R[] = [];
  rules.forEach((r, i) => {
    const ante = sortedAnte[i] as string[];
    const g = groups.get(consKeys[i] as string) as Map<string, number>;
    const k = ante.length;
    let redundant = false;
    if (k <= 20) {
      // every proper subset (including the empty antecedent) of the antecedent
      const full = (1 << k) - 1;
      for (let mask = 0; mask < full && !redundant; mask++) {
        const sub: string[] = [];
        for (let j = 0; j < k; j++) if (mask & (1 << j)) sub.push(ante[j] as string);
        const c = g.get(sub.join(SEP));
        if (c !== undefined && c >= r.confidence) redundant = true;
      }
    } else {
      const set = new Set(ante);
      for (const [ak, c] of g) {
        const items = ak === '' ? [] : ak.split(SEP);
        if (items.length < k && c >= r.confidence && items.every((x) => set.has(x))) {
          redundant = true;
          break;
        }
      }
    }
    if (!redundant) out.push(r);
  });
  return out;
}
