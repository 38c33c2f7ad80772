/**
 * Textbook ("closed-form") customer lifetime value: a constant margin, retention and discount
 * rate (simpleClv), a per-period projection with growth, referrals and costs (projectClv), and
 * customer equity over acquisition cohorts (customerEquity).
 *
 * Timing conventions (Fader & Hardie 2012, note 024 "Reconciling and Clarifying CLV Formulas"):
 * - `'start'`:    Σ_{t=0}^{n−1} m r^t / (1+d)^t      → m(1+d)/(1+d−r)  (Blattberg et al. 2008),
 * - `'end'`:      Σ_{t=0}^{n−1} m r^t / (1+d)^{t+1}  → m/(1+d−r)       (Ofek 2002),
 * - `'excluded'`: Σ_{t=1}^{n}   m r^t / (1+d)^t      → m r/(1+d−r)     (Gupta & Lehmann 2003),
 * minus the acquisition cost at time 0 (Gupta, Lehmann & Stuart 2004, JMR 41(1), eq. 1).
 */
import { CrmError, invalidOption, invalidInput, readNonNegative, readNumber, readProbability, type NumberSpec } from '../core/index.js';

/** When the margins are booked; see the module comment. */
export type MarginTiming = 'start' | 'end' | 'excluded';

/** Options of {@link simpleClv}. */
export interface SimpleClvOptions {
  /** Margin per period of an active customer (may be negative). */
  margin: number;
  /** Probability an active customer stays for the next period, in [0, 1]. */
  retentionRate: number;
  /** Discount rate per period, ≥ 0. */
  discountRate: number;
  /** Timing convention. Default `'start'` (the first margin is counted, undiscounted). */
  firstMargin?: MarginTiming;
  /** Number of margins counted (a non-negative integer or `Infinity`). Default `Infinity`. */
  periods?: number;
  /** Cost of acquiring the customer, paid at time 0 and subtracted. Default 0. */
  acquisitionCost?: number;
}

type Path = ReadonlyArray<string | number>;

/** Revenue growth per period: above −100 %. */
const GROWTH: NumberSpec = { min: -1, minExclusive: true };

function timingOf(value: unknown, path: Path): MarginTiming {
  const t = value ?? 'start';
  if (t !== 'start' && t !== 'end' && t !== 'excluded') {
    invalidOption(path, 'unknown margin timing', "'start', 'end' or 'excluded'", t);
  }
  return t;
}

function periodsOf(value: unknown, path: Path, allowInfinity: boolean): number {
  const p = value ?? Infinity;
  if (typeof p !== 'number' || Number.isNaN(p) || p < 0 || (p !== Infinity && !Number.isInteger(p)) || (p === Infinity && !allowInfinity)) {
    invalidOption(path, 'periods must be a non-negative integer', allowInfinity ? 'an integer ≥ 0 or Infinity' : 'an integer ≥ 0', p);
  }
  return p;
}

function optionsObject(value: unknown, path: Path): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    invalidOption(path, 'options must be an object', 'an object', value);
  }
  return value as Record<string, unknown>;
}

/**
 * Σ_{t=0}^{n−1} q^t for q ≥ 0 (n may be Infinity when q < 1), computed without cancellation:
 * −expm1(n ln q)/(1−q), and n when q = 1.
 */
function geometricSum(q: number, n: number): number {
  if (n === 0) return 0;
  if (q === 0) return 1;
  if (q === 1) return n;
  if (n === Infinity) return 1 / (1 - q);
  return -Math.expm1(n * Math.log(q)) / (1 - q);
}

/**
 * CLV with a constant margin m, retention r and discount d (Fader & Hardie note 024; Gupta,
 * Lehmann & Stuart 2004): the expected discounted sum of `periods` margins, minus the acquisition
 * cost. Infinite value (r ≥ 1 + d over an infinite horizon) is a `NUMERIC_DOMAIN` error.
 *
 * @example
 * ```ts
 * simpleClv({ margin: 100, retentionRate: 0.8, discountRate: 0.1 });                            // 366.67
 * simpleClv({ margin: 100, retentionRate: 0.8, discountRate: 0.1, firstMargin: 'end' });        // 333.33
 * simpleClv({ margin: 100, retentionRate: 0.8, discountRate: 0.1, firstMargin: 'excluded' });   // 266.67
 * simpleClv({ margin: 100, retentionRate: 0.8, discountRate: 0.1, periods: 5, acquisitionCost: 50 }); // 242.06
 * ```
 */
export function simpleClv(options: SimpleClvOptions): number {
  const o = optionsObject(options, []);
  const m = readNumber(o.margin, ['margin']);
  const d = readNonNegative(o.discountRate, ['discountRate']);
  const timing = timingOf(o.firstMargin, ['firstMargin']);
  const n = periodsOf(o.periods, ['periods'], true);
  const rRaw = readNumber(o.retentionRate, ['retentionRate']);
  if (n === Infinity && rRaw >= 1 + d) {
    throw new CrmError('NUMERIC_DOMAIN', 'retention ≥ 1 + discount rate gives an infinite lifetime value over an infinite horizon', {
      path: ['retentionRate'],
      expected: `retentionRate < 1 + discountRate = ${1 + d}, or a finite number of periods`,
      received: rRaw,
    });
  }
  const r = readProbability(rRaw, ['retentionRate']);
  const ac = readNonNegative(o.acquisitionCost ?? 0, ['acquisitionCost']);
  const q = r / (1 + d);
  const sum = geometricSum(q, n);
  let value: number;
  if (timing === 'start') value = m * sum;
  else if (timing === 'end') value = (m * sum) / (1 + d);
  else value = m * q * sum;
  const net = value - ac;
  if (!Number.isFinite(net)) {
    throw new CrmError('NUMERIC_DOMAIN', 'lifetime value overflows a double', { path: ['margin'], expected: 'a smaller margin, horizon or acquisition cost', received: m });
  }
  return net;
}

/** A factor of {@link projectClv}: one number for every period, or one entry per period. */
export type PerPeriod = number | readonly number[];

/** Options of {@link projectClv}. Every factor is a number or an array with one entry per period. */
export interface ProjectClvOptions {
  /** Number of periods (rows) projected, a positive integer. */
  periods: number;
  /** Margin per active customer in the period (before growth). */
  margin: PerPeriod;
  /**
   * Retention from period k to k+1, in [0, 1]. Entry k (0-based) applies to the step out of
   * period k; with `'start'`/`'end'` timing the last entry is not needed (but must be valid).
   */
  retentionRate: PerPeriod;
  /** Discount rate for the step from period k to k+1, ≥ 0. */
  discountRate: PerPeriod;
  /** Margin growth per period, > −1: row i's margin is margin_i · Π_{k<i} (1 + g_k). Default 0. */
  revenueGrowth?: PerPeriod;
  /** New customers referred per active customer per period, ≥ 0. Default 0. */
  referralRate?: PerPeriod;
  /** Value credited for each referral in the period it happens (e.g. its margin or CLV). Default 0. */
  referralValue?: PerPeriod;
  /** Retention spending per active customer per period, ≥ 0. Default 0. */
  retentionCost?: PerPeriod;
  /** Other marketing cost per active customer per period, ≥ 0. Default 0. */
  marketingCost?: PerPeriod;
  /** One-off cost at time 0 (undiscounted, not scaled by survival), ≥ 0. Default 0. */
  acquisitionCost?: number;
  /** Timing convention as in {@link simpleClv}. Default `'start'`. */
  firstMargin?: MarginTiming;
}

/** One row of a CLV projection (per acquired customer). */
export interface ClvProjectionRow {
  /** Period number t: 0, 1, … (`'start'`/`'end'`) or 1, 2, … (`'excluded'`). */
  period: number;
  /** Expected share of the acquired customer still active in period t (Π retention). */
  survivors: number;
  /** Margin per active customer after growth. */
  margin: number;
  /** survivors × margin. */
  revenue: number;
  /** survivors × referralRate × referralValue. */
  referralRevenue: number;
  /** survivors × (retentionCost + marketingCost). */
  costs: number;
  /** Multiplier applied to the period's net cash flow: Π 1/(1+d), one more step with `'end'`. */
  discountFactor: number;
  /** (revenue + referralRevenue − costs) × discountFactor. */
  discountedCashFlow: number;
  /** −acquisitionCost + Σ discountedCashFlow up to this row. */
  cumulative: number;
}

/** Result of {@link projectClv}. */
export interface ClvProjection {
  rows: ClvProjectionRow[];
  /** Acquisition cost subtracted at time 0. */
  acquisitionCost: number;
  /** Σ discountedCashFlow − acquisitionCost (= the last row's cumulative). */
  total: number;
  firstMargin: MarginTiming;
}

function perPeriod(
  value: unknown,
  n: number,
  path: Path,
  what: string,
  fallback: number | undefined,
  check: (v: unknown, p: Path) => number,
): Float64Array {
  const out = new Float64Array(n);
  if (value === undefined && fallback !== undefined) return out.fill(fallback);
  if (Array.isArray(value)) {
    if (value.length !== n) {
      invalidOption(path, `${what} must have one entry per period`, `an array of length ${n}`, value);
    }
    for (let i = 0; i < n; i++) out[i] = check(value[i], [...path, i]);
    return out;
  }
  return out.fill(check(value, path));
}

/**
 * Per-period CLV projection (Berger & Nasr 1998, JIM 12(1) case 1 generalised; Gupta, Lehmann &
 * Stuart 2004): survivors, margin with growth, referral revenue, retention and marketing costs,
 * discount factors, discounted cash flows and their running total, for one acquired customer.
 * With constant factors and no extras, `total` equals {@link simpleClv} with the same `periods`.
 *
 * @example
 * ```ts
 * const p = projectClv({ periods: 5, margin: 100, retentionRate: 0.8, discountRate: 0.1, acquisitionCost: 50 });
 * p.total;              // 242.06 (= simpleClv with periods 5)
 * p.rows[1]!.survivors; // 0.8
 * ```
 */
export function projectClv(options: ProjectClvOptions): ClvProjection {
  const o = optionsObject(options, []);
  const n = periodsOf(o.periods, ['periods'], false);
  if (n < 1 || n > 1_000_000) {
    invalidOption(['periods'], 'periods must be between 1 and 1,000,000', 'an integer in [1, 1000000]', n);
  }
  const timing = timingOf(o.firstMargin, ['firstMargin']);
  const anyNumber = (v: unknown, p: Path): number => readNumber(v, p);
  const nonNegative = (v: unknown, p: Path): number => readNonNegative(v, p);
  const margin = perPeriod(o.margin, n, ['margin'], 'margin', undefined, anyNumber);
  const retention = perPeriod(o.retentionRate, n, ['retentionRate'], 'retentionRate', undefined, (v, p) => readProbability(v, p));
  const discount = perPeriod(o.discountRate, n, ['discountRate'], 'discountRate', undefined, nonNegative);
  const growth = perPeriod(o.revenueGrowth, n, ['revenueGrowth'], 'revenueGrowth', 0, (v, p) => readNumber(v, p, GROWTH));
  const referralRate = perPeriod(o.referralRate, n, ['referralRate'], 'referralRate', 0, nonNegative);
  const referralValue = perPeriod(o.referralValue, n, ['referralValue'], 'referralValue', 0, anyNumber);
  const retentionCost = perPeriod(o.retentionCost, n, ['retentionCost'], 'retentionCost', 0, nonNegative);
  const marketingCost = perPeriod(o.marketingCost, n, ['marketingCost'], 'marketingCost', 0, nonNegative);
  const ac = readNonNegative(o.acquisitionCost ?? 0, ['acquisitionCost']);

  const offset = timing === 'excluded' ? 1 : 0;
  const rows: ClvProjectionRow[] = [];
  // survivors(t) = Π_{k<t} r_k; discount(t) = Π_{k<t} 1/(1+d_k) (× 1/(1+d_t) with 'end').
  let survivors = 1;
  let df = 1;
  for (let k = 0; k < offset; k++) {
    survivors *= retention[k]!;
    df /= 1 + (discount[k]!);
  }
  let growthFactor = 1;
  let cumulative = -ac;
  for (let i = 0; i < n; i++) {
    const t = i + offset;
    const m = (margin[i]!) * growthFactor;
    const revenue = survivors * m;
    const referralRevenue = survivors * (referralRate[i]!) * (referralValue[i]!);
    const costs = survivors * ((retentionCost[i]!) + (marketingCost[i]!));
    const factor = timing === 'end' ? df / (1 + (discount[t]!)) : df;
    const dcf = (revenue + referralRevenue - costs) * factor;
    cumulative += dcf;
    rows.push({ period: t, survivors, margin: m, revenue, referralRevenue, costs, discountFactor: factor, discountedCashFlow: dcf, cumulative });
    growthFactor *= 1 + (growth[i]!);
    if (t < n) {
      survivors *= retention[t]!;
      df /= 1 + (discount[t]!);
    }
  }
  if (!Number.isFinite(cumulative)) {
    throw new CrmError('NUMERIC_DOMAIN', 'projected value overflows a double', { path: ['margin'], expected: 'smaller margins or growth' });
  }
  return { rows, acquisitionCost: ac, total: cumulative, firstMargin: timing };
}

/** One acquisition cohort of {@link customerEquity}. */
export interface EquityCohort {
  /** Optional label, echoed in the result. */
  name?: string;
  /** Number of customers acquired, ≥ 0. */
  customers: number;
  /** Lifetime value per customer at acquisition (net of acquisition cost if you subtracted it), or a {@link projectClv} result. */
  clv: number | { total: number };
  /** Period in which the cohort is acquired (0 = now); its value is discounted by (1+d)^acquiredAt. Default 0. */
  acquiredAt?: number;
}

/** Result of {@link customerEquity}. */
export interface CustomerEquity {
  total: number;
  customers: number;
  cohorts: Array<{ name?: string; customers: number; clv: number; acquiredAt: number; discountFactor: number; equity: number }>;
}

/**
 * Customer equity: the discounted sum of every cohort's size × CLV,
 * CE = Σ_k n_k · CLV_k / (1+d)^{k} (Gupta, Lehmann & Stuart 2004, JMR 41(1), eq. 3; Blattberg &
 * Deighton 1996). `discountRate` (per period, default 0) discounts cohorts acquired in the future.
 *
 * @example
 * ```ts
 * customerEquity([
 *   { customers: 100, clv: 366.67 },
 *   { customers: 120, clv: 366.67, acquiredAt: 1 },
 * ], { discountRate: 0.1 }).total; // 36667 + 40000.36 = 76667.36
 * ```
 */
export function customerEquity(cohorts: readonly EquityCohort[], options: { discountRate?: number } = {}): CustomerEquity {
  if (!Array.isArray(cohorts)) {
    invalidInput(['cohorts'], 'cohorts must be an array', 'an array of cohorts', cohorts);
  }
  const opts = optionsObject(options, ['options']);
  const d = readNonNegative(opts.discountRate ?? 0, ['options', 'discountRate']);
  let total = 0;
  let customers = 0;
  const out: CustomerEquity['cohorts'] = [];
  cohorts.forEach((c: unknown, i) => {
    if (typeof c !== 'object' || c === null) {
      invalidInput([i], 'a cohort must be an object', '{ customers, clv }', c);
    }
    const cohort = c as Record<string, unknown>;
    const size = (() => {
      const v = cohort.customers;
      if (!(typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
        invalidInput([i, 'customers'], 'cohort size must be a non-negative number', 'a finite number ≥ 0', v);
      }
      return v;
    })();
    const rawClv = cohort.clv;
    const clv =
      typeof rawClv === 'object' && rawClv !== null && 'total' in rawClv
        ? (() => {
            const v = (rawClv as { total: unknown }).total;
            if (!(typeof v === 'number' && Number.isFinite(v))) {
              invalidInput([i, 'clv', 'total'], 'cohort clv.total must be a finite number', 'a finite number', v);
            }
            return v;
          })()
        : (() => {
            if (!(typeof rawClv === 'number' && Number.isFinite(rawClv))) {
              invalidInput([i, 'clv'], 'cohort clv must be a finite number or a projection', 'a finite number or { total }', rawClv);
            }
            return rawClv;
          })();
    const at = cohort.acquiredAt ?? 0;
    if (!(typeof at === 'number' && Number.isFinite(at) && at >= 0)) {
      invalidInput([i, 'acquiredAt'], 'acquiredAt must be a non-negative number', 'a finite number ≥ 0', at);
    }
    const discountFactor = Math.exp(-at * Math.log1p(d));
    const equity = size * clv * discountFactor;
    total += equity;
    customers += size;
    const row: CustomerEquity['cohorts'][number] = { customers: size, clv, acquiredAt: at, discountFactor, equity };
    if (typeof cohort.name === 'string') row.name = cohort.name;
    out.push(row);
  });
  if (!Number.isFinite(total)) {
    throw new CrmError('NUMERIC_DOMAIN', 'customer equity overflows a double', { path: ['cohorts'], expected: 'smaller cohorts or values' });
  }
  return { total, customers, cohorts: out };
}
