/**
 * Concentration of customer value: the Lorenz curve (Lorenz 1905, "Methods of measuring the
 * concentration of wealth", JASA 9(70):209–219), the Gini coefficient, and the share held by the
 * top customers (the "80/20" check).
 */
import { CrmError, invalidInput, invalidOption } from '../core/index.js';
import { addPartial, roundPartials } from './exact-sum.js';

/** One point of a Lorenz curve. */
export interface LorenzPoint {
  /** Share of customers (poorest first), 0..1. */
  customerShare: number;
  /** Share of total value they hold, 0..1. */
  valueShare: number;
}

function readValues(values: readonly number[]): Float64Array {
  if (!Array.isArray(values)) invalidInput([], 'values must be an array of numbers', 'an array of non-negative finite numbers', values);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v: unknown = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      invalidInput([i], 'values must be non-negative finite numbers (clip or drop returns first)', 'a finite number >= 0', v);
    }
    out[i] = v;
  }
  out.sort();
  // Every result here is a ratio to the total, so it does not change when all values are scaled
  // by the same power of two (exact in binary floating point). Values near 1.8e308 would make the
  // total overflow (issue 22: "total value is 0" was reported for an infinite total): bring the
  // largest below 2^960 first, so n < 2^60 values can never overflow the sum.
  const top = out.length === 0 ? 0 : (out[out.length - 1]!);
  if (top > 2 ** 960 || (top > 0 && top < 2 ** -960)) {
    // (tiny values are scaled up alike, so a fraction of a subnormal value does not round to 0)
    // 2^e itself overflows for e > 1023: apply it in two exact halves.
    const e = 960 - Math.ceil(Math.log2(top));
    const s1 = 2 ** Math.trunc(e / 2);
    const s2 = 2 ** (e - Math.trunc(e / 2));
    for (let i = 0; i < out.length; i++) out[i] = (out[i]!) * s1 * s2;
  }
  return out;
}

function positiveTotal(sorted: Float64Array, path: string): number {
  const p: number[] = [];
  for (const v of sorted) addPartial(p, v);
  const total = roundPartials(p);
  if (!(total > 0)) throw new CrmError('NUMERIC_DOMAIN', `${path} is undefined when the total value is 0`, { path: [], expected: 'at least one positive value' });
  return total;
}

/**
 * The Lorenz curve of customer values: n + 1 points from (0, 0) to (1, 1), customers sorted from
 * the smallest value up. Empty input gives `[]`; an all-zero input throws NUMERIC_DOMAIN.
 *
 * @example
 * ```ts
 * import { lorenzCurve } from 'crm-analytics/rfm';
 * lorenzCurve([1, 1, 2]); // [{0,0}, {1/3, 0.25}, {2/3, 0.5}, {1, 1}] as { customerShare, valueShare }
 * ```
 */
export function lorenzCurve(values: readonly number[]): LorenzPoint[] {
  const s = readValues(values);
  const n = s.length;
  if (n === 0) return [];
  const total = positiveTotal(s, 'the Lorenz curve');
  const out: LorenzPoint[] = [{ customerShare: 0, valueShare: 0 }];
  let cum = 0;
  for (let i = 0; i < n; i++) {
    cum += s[i]!;
    out.push({ customerShare: (i + 1) / n, valueShare: i === n - 1 ? 1 : Math.min(1, cum / total) });
  }
  return out;
}

/**
 * Gini coefficient of customer values, `G = Σᵢ (2i − n − 1)·x₍ᵢ₎ / (n·Σx)` with values sorted
 * ascending (i = 1..n) — equal to the mean absolute difference over twice the mean (Gini 1912;
 * the population form, as R `ineq::Gini` without correction). 0 = everyone equal, (n−1)/n = one
 * customer holds everything. Throws NUMERIC_DOMAIN for empty or all-zero input.
 *
 * @example
 * ```ts
 * import { gini } from 'crm-analytics/rfm';
 * gini([1, 1, 1, 1]); // 0
 * gini([0, 0, 0, 10]); // 0.75
 * ```
 */
export function gini(values: readonly number[]): number {
  const s = readValues(values);
  const n = s.length;
  if (n === 0) throw new CrmError('NUMERIC_DOMAIN', 'the Gini coefficient of no values is undefined', { path: [], expected: 'at least one value' });
  const total = positiveTotal(s, 'the Gini coefficient');
  const p: number[] = [];
  for (let i = 0; i < n; i++) addPartial(p, (2 * (i + 1) - n - 1) * (s[i]!));
  const g = roundPartials(p) / (n * total);
  return g < 0 ? 0 : g;
}

/**
 * Share of total value held by the top `fraction` of customers (default 0.2: the 80/20 check),
 * read off the Lorenz curve with linear interpolation between customers.
 *
 * @example
 * ```ts
 * import { topShare } from 'crm-analytics/rfm';
 * topShare([0, 0, 0, 0, 10]); // 1 (the top 20 % — one customer — holds everything)
 * ```
 */
export function topShare(values: readonly number[], fraction = 0.2): number {
  if (typeof fraction !== 'number' || !(fraction >= 0 && fraction <= 1)) {
    invalidOption(['fraction'], 'fraction must be in [0, 1]', 'a number in [0, 1]', fraction);
  }
  const s = readValues(values);
  const n = s.length;
  if (n === 0) throw new CrmError('NUMERIC_DOMAIN', 'the top share of no values is undefined', { path: [], expected: 'at least one value' });
  const total = positiveTotal(s, 'the top share');
  const k = fraction * n; // customers counted from the top, possibly fractional
  const whole = Math.floor(k);
  const p: number[] = [];
  for (let i = 0; i < whole; i++) addPartial(p, s[n - 1 - i]!);
  if (k > whole && whole < n) addPartial(p, (k - whole) * (s[n - 1 - whole]!));
  return Math.min(1, roundPartials(p) / total);
}
