/**
 * Contractual retention data shared by the sBG and sBdW models: a cohort's active counts
 * `[n₀, n₁, …, n_T]`, or one `{ periods, churned }` row per customer, read into churn and
 * survivor counts per period (the sufficient statistics of both likelihoods).
 */
import { invalidInput, invalidOption } from '../core/index.js';

/** One customer: churned in period `periods` (≥ 1), or known active after `periods` periods (≥ 0). */
export interface RetentionCustomer {
  periods: number;
  churned: boolean;
}

/** Sufficient statistics: churn counts at t = 1…T and survivors (censored) at each t. */
export interface RetentionCounts {
  churned: Float64Array; // index t (1…T)
  censored: Float64Array; // index t (0…T)
  total: number;
}

export function readRetentionData(data: unknown, weights: ArrayLike<number> | undefined, model = 'sBG'): RetentionCounts {
  if (!Array.isArray(data) || data.length === 0) {
    invalidInput([], `${model} data must be a non-empty array of active counts or of customers`, 'an array like [1000, 631, 468, …] or [{ periods, churned }, …]', data);
  }
  if (typeof data[0] === 'number') {
    if (weights !== undefined) {
      invalidOption(['options', 'weights'], 'weights apply to customer rows, not to cohort counts', 'undefined for cohort counts', weights);
    }
    const T = data.length - 1;
    const churned = new Float64Array(T + 1);
    const censored = new Float64Array(T + 1);
    for (let t = 0; t <= T; t++) {
      const v = data[t];
      if (!(typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
        invalidInput([t], 'active counts must be non-negative numbers', 'a finite number ≥ 0', v);
      }
      if (t > 0 && v > (data[t - 1]!)) {
        invalidInput([t], 'active counts must not increase (customers who left do not come back)', `a number ≤ ${data[t - 1]}`, v);
      }
      if (t > 0) churned[t] = (data[t - 1]!) - v;
    }
    if (!((data[0]!) > 0)) {
      invalidInput([0], 'the cohort must start with a positive count', 'a number > 0', data[0]);
    }
    censored[T] = data[T]!;
    return { churned, censored, total: data[0]! };
  }
  let T = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data[i] as unknown;
    if (typeof c !== 'object' || c === null) {
      invalidInput([i], 'a customer must be an object', '{ periods, churned }', c);
    }
    const o = c as Record<string, unknown>;
    if (typeof o.churned !== 'boolean') {
      invalidInput([i, 'churned'], 'churned must be a boolean', 'true or false', o.churned);
    }
    const p = o.periods;
    const min = o.churned ? 1 : 0;
    if (!(typeof p === 'number' && Number.isInteger(p) && p >= min && p <= 100_000)) {
      invalidInput([i, 'periods'], o.churned ? 'a churned customer leaves in a period ≥ 1' : 'periods survived must be a non-negative integer', `an integer in [${min}, 100000]`, p);
    }
    if (p > T) T = p;
  }
  if (weights !== undefined && (typeof weights !== 'object' || weights === null || weights.length !== data.length)) {
    invalidOption(['options', 'weights'], 'weights must have one entry per customer', `an array of length ${data.length}`, weights);
  }
  const churned = new Float64Array(T + 1);
  const censored = new Float64Array(T + 1);
  let total = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data[i] as RetentionCustomer;
    const w = weights === undefined ? 1 : weights[i];
    if (!(typeof w === 'number' && Number.isFinite(w) && w >= 0)) {
      invalidOption(['options', 'weights', i], 'weights must be non-negative numbers', 'a finite number ≥ 0', w);
    }
    if (c.churned) churned[c.periods] = (churned[c.periods]!) + w;
    else censored[c.periods] = (censored[c.periods]!) + w;
    total += w;
  }
  return { churned, censored, total };
}

/** A renewal customer for the expected-payments functions: periods survived so far, churned or not. */
export interface RenewalCustomer {
  periods: number;
  churned?: boolean;
}

/**
 * Check t (whole periods) and each customer, then apply `remaining(n)` — the expected payments of a
 * customer still active after n periods; a churned customer makes none. One customer gives a
 * number, an array an array (sBG and sBdW `conditionalExpectedPurchases`).
 */
export function mapRenewalCustomers(
  model: string,
  t: unknown,
  customer: RenewalCustomer | ReadonlyArray<RenewalCustomer>,
  remaining: (periods: number) => number,
): number | number[] {
  if (!(typeof t === 'number' && Number.isInteger(t) && t >= 0 && t <= 10_000_000)) {
    invalidInput(['t'], `t must be a whole number of periods (the ${model} is a discrete-time model)`, 'an integer in [0, 10000000]', t);
  }
  const one = (c: unknown, path: ReadonlyArray<string | number>): number => {
    if (typeof c !== 'object' || c === null) {
      invalidInput(path, 'a customer must be an object', '{ periods, churned? }', c);
    }
    const o = c as Record<string, unknown>;
    const n = o.periods;
    if (!(typeof n === 'number' && Number.isInteger(n) && n >= 0)) {
      invalidInput([...path, 'periods'], 'periods survived must be a non-negative integer', 'an integer ≥ 0', n);
    }
    if (o.churned !== undefined && typeof o.churned !== 'boolean') {
      invalidInput([...path, 'churned'], 'churned must be a boolean', 'true or false', o.churned);
    }
    return o.churned === true ? 0 : remaining(n);
  };
  if (Array.isArray(customer)) return customer.map((c, i) => one(c, [i]));
  return one(customer, ['customer']);
}
