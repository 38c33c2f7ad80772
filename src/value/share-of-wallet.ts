/**
 * Share of wallet: our spend / the customer's total spend in the category (e.g. Keiningham,
 * Perkins-Munn & Evans 2003, J. Service Research 6(1); the textbook's 钱包份额).
 */
import { invalidInput, toId } from '../core/index.js';

/** Result for one customer. */
export interface ShareOfWallet {
  ourSpend: number;
  categorySpend: number;
  /** ourSpend / categorySpend, in [0, 1]. */
  share: number;
  /** categorySpend − ourSpend: the spend still with competitors. */
  competitorSpend: number;
}

/** Check one customer's two spends (INVALID_INPUT under `path`) and compute the share. */
function shareOf(our: unknown, cat: unknown, path: (string | number)[]): ShareOfWallet {
  if (typeof our !== 'number' || !Number.isFinite(our) || our < 0) invalidInput([...path, 'ourSpend'], 'our spend is invalid', 'a finite number >= 0', our);
  if (typeof cat !== 'number' || !Number.isFinite(cat) || cat <= 0) {
    invalidInput([...path, 'categorySpend'], cat === 0 ? 'category spend 0 makes the share undefined' : 'category spend is invalid', 'a finite number > 0', cat);
  }
  if (our > cat) invalidInput([...path, 'ourSpend'], 'our spend exceeds the customer\'s category spend', `<= categorySpend (${cat})`, our);
  return { ourSpend: our, categorySpend: cat, share: our / cat, competitorSpend: cat - our };
}

/**
 * Share of wallet for one customer (two numbers), or per customer from records with the
 * spend-weighted overall share Σ our / Σ category.
 *
 * @example
 * ```ts
 * import { shareOfWallet } from 'crm-analytics/value';
 * shareOfWallet(300, 1200).share; // 0.25
 * shareOfWallet([{ customerId: 'a', ourSpend: 50, categorySpend: 100 },
 *                { customerId: 'b', ourSpend: 10, categorySpend: 100 }]).overall; // 0.3
 * ```
 */
export function shareOfWallet(ourSpend: number, categorySpend: number): ShareOfWallet;
export function shareOfWallet(records: ReadonlyArray<{ customerId: string | number; ourSpend: number; categorySpend: number }>): {
  customers: Array<ShareOfWallet & { customerId: string }>;
  /** Σ ourSpend / Σ categorySpend. */
  overall: number;
  /** Unweighted mean of the customers' shares. */
  meanShare: number;
};
export function shareOfWallet(a: unknown, b?: unknown): unknown {
  if (!Array.isArray(a)) return shareOf(a, b, []);
  if (a.length === 0) invalidInput([], 'no customers', 'a non-empty array', a);
  let so = 0;
  let sc = 0;
  const customers = a.map((r: unknown, i: number) => {
    if (typeof r !== 'object' || r === null) invalidInput([i], 'record must be an object', '{ customerId, ourSpend, categorySpend }', r);
    const rec = r as { customerId?: unknown; ourSpend?: unknown; categorySpend?: unknown };
    const id = toId(rec.customerId);
    if (id === undefined) invalidInput([i, 'customerId'], 'customer id must be a non-empty string or a finite number', 'a string', rec.customerId);
    const s = shareOf(rec.ourSpend, rec.categorySpend, [i]);
    so += s.ourSpend;
    sc += s.categorySpend;
    return { customerId: id, ...s };
  });
  customers.sort((x, y) => (x.customerId < y.customerId ? -1 : x.customerId > y.customerId ? 1 : 0));
  let overall = so / sc;
  if (!Number.isFinite(sc)) {
    // Σ categorySpend overflowed (issue 22): the ratio of sums is scale-free, so sum values / max.
    const big = Math.max(...customers.map((c) => c.categorySpend));
    overall = customers.reduce((t, c) => t + c.ourSpend / big, 0) / customers.reduce((t, c) => t + c.categorySpend / big, 0);
  }
  return { customers, overall, meanShare: customers.reduce((t, c) => t + c.share, 0) / customers.length };
}
