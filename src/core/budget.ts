/**
 * Budgets: every operation whose work or output can grow faster than its input (itemsets, rules,
 * sequences, simulations, pmf sums, fits, CSV records) has a documented default limit and an
 * option to raise it. Going past it is a `CrmError` whose message names that option.
 */
import { CrmError, type CrmErrorCode, type CrmErrorPath } from './errors.js';

/** What went past its budget, for {@link budgetExceeded}. */
export interface BudgetBreach {
  /** The error code, e.g. `'TOO_MANY_RULES'` or the generic `'BUDGET_EXCEEDED'`. */
  code: CrmErrorCode;
  /** The option that raises the limit, as a path, e.g. `['options', 'maxRules']`. */
  option: CrmErrorPath;
  /** The limit in force. */
  limit: number;
  /** What was counted, in words, e.g. `'rules'`. */
  what: string;
  /** How many there were (or would have been), when known. */
  count?: number;
}

/**
 * The `CrmError` for a budget breach: names the count, the limit and the option that raises it.
 *
 * @example
 * ```ts
 * const e = budgetExceeded({ code: 'TOO_MANY_RULES', option: ['options', 'maxRules'], limit: 10, what: 'rules' });
 * e.message; // 'options.maxRules: more than 10 rules; raise options.maxRules (or tighten the thresholds) to go on'
 * ```
 */
export function budgetExceeded(breach: BudgetBreach): CrmError {
  const name = breach.option.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[');
  const count = breach.count === undefined ? `more than ${breach.limit}` : `${breach.count} (limit ${breach.limit})`;
  return new CrmError(breach.code, `${count} ${breach.what}; raise ${name} (or tighten the thresholds) to go on`, {
    path: breach.option,
    data: { limit: breach.limit, ...(breach.count === undefined ? {} : { count: breach.count }) },
  });
}
