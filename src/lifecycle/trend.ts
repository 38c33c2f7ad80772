/**
 * Linear trend of a series (spend per period, expense per period): the OLS slope of y on the
 * period index 0..n−1 with its standard error, t statistic and two-sided p-value
 * (simple linear regression; e.g. Montgomery, Peck & Vining, Introduction to Linear Regression
 * Analysis, §2.3: se(b) = sqrt(MSE / Sxx), t = b / se(b) with n − 2 degrees of freedom).
 */
import { CrmError, invalidInput } from '../core/index.js';
import { studentTTwoSidedP } from '../core/math/student-t-cdf.js';

/** The fitted trend of a series. */
export interface Trend {
  /** Number of periods (points). */
  periods: number;
  /** OLS slope: change in y per period. */
  slope: number;
  /** OLS intercept (fitted y at period 0, the oldest). */
  intercept: number;
  /** Mean of y. */
  mean: number;
  /** Standard error of the slope, or `null` when n < 3. */
  standardError: number | null;
  /**
   * t = slope / se, or `null` when it is undefined: n < 3, or an exact linear fit with a
   * non-zero slope (se = 0; then `pValue` is 0). A constant series has t = 0, p = 1.
   */
  tStatistic: number | null;
  /** Two-sided p-value of H0: slope = 0 (t with n − 2 df), or `null` when n < 3. */
  pValue: number | null;
}

/**
 * Fit y = a + b·x by OLS with x = 0, 1, …, n−1 (oldest period first).
 *
 * @example
 * ```ts
 * const t = linearTrend([10, 12, 15, 15, 19]);
 * t.slope; // 2.1
 * t.pValue! < 0.05; // true
 * ```
 */
export function linearTrend(y: ArrayLike<number>): Trend {
  const n = y.length;
  if (n < 2) invalidInput(['y'], 'a trend needs at least two periods', 'length >= 2', n);
  let big = 0;
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    if (!Number.isFinite(v)) invalidInput(['y', i], 'series value is not finite', 'a finite number', v);
    if (Math.abs(v) > big) big = Math.abs(v);
  }
  // Sums of squares overflow beyond ~1e154 (issue 22): fit y / 2^k instead (exact scaling), then
  // scale slope, intercept, mean and se back; t and p do not change with the scale.
  if (big <= 2 ** 500) return fit(y);
  const k = Math.ceil(Math.log2(big));
  const scaled = Array.from(y, (v) => v * 2 ** -k);
  const t = fit(scaled);
  const back = (x: number) => x * 2 ** k;
  const out: Trend = { ...t, slope: back(t.slope), intercept: back(t.intercept), mean: back(t.mean), standardError: t.standardError === null ? null : back(t.standardError) };
  if (![out.slope, out.intercept, out.mean, out.standardError ?? 0].every(Number.isFinite)) {
    throw new CrmError('NUMERIC_DOMAIN', 'the trend of this series overflows a double (values near ±1.8e308); rescale the series', { path: ['y'] });
  }
  return out;
}

function fit(y: ArrayLike<number>): Trend {
  const n = y.length;
  let sy = 0;
  for (let i = 0; i < n; i++) sy += y[i]!;
  const xBar = (n - 1) / 2;
  const yBar = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = i - xBar;
    sxx += dx * dx;
    sxy += dx * ((y[i]!) - yBar);
  }
  const slope = sxy / sxx;
  const intercept = yBar - slope * xBar;
  if (n < 3) return { periods: n, slope, intercept, mean: yBar, standardError: null, tStatistic: null, pValue: null };
  let sse = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const r = (y[i]!) - (intercept + slope * i);
    sse += r * r;
    const d = (y[i]!) - yBar;
    syy += d * d;
  }
  // Residuals below rounding noise of the data count as an exact fit.
  if (sse <= 1e-24 * Math.max(1, syy)) sse = 0;
  const df = n - 2;
  const se = Math.sqrt(sse / df / sxx);
  if (se === 0) {
    if (slope === 0 || Math.abs(slope) <= 1e-12 * Math.max(1, Math.abs(yBar))) {
      return { periods: n, slope: 0, intercept: yBar, mean: yBar, standardError: 0, tStatistic: 0, pValue: 1 };
    }
    return { periods: n, slope, intercept, mean: yBar, standardError: 0, tStatistic: null, pValue: 0 };
  }
  const t = slope / se;
  return { periods: n, slope, intercept, mean: yBar, standardError: se, tStatistic: t, pValue: studentTTwoSidedP(t, df) };
}
