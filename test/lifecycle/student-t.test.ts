import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { linearTrend, regularizedIncompleteBeta, studentTCdf, studentTQuantile, studentTTwoSidedP } from '../../src/lifecycle/index.js';
import { CrmError } from '../../src/core/index.js';

interface Ref {
  cdf: Array<{ t: number; df: number; cdf: number; p2: number }>;
  ppf: Array<{ p: number; df: number; q: number }>;
  linregress: Array<{ y: number[]; slope: number; intercept: number; stderr: number; p: number }>;
}
const ref = JSON.parse(readFileSync(new URL('../fixtures/lifecycle/t_distribution.json', import.meta.url), 'utf8')) as Ref;

describe('Student t distribution (vs scipy.stats.t)', () => {
  it.each(ref.cdf)('cdf(t=$t, df=$df)', ({ t, df, cdf, p2 }) => {
    expect(studentTCdf(t, df)).toBeCloseTo(cdf, 12);
    expect(Math.abs(studentTTwoSidedP(t, df) - p2)).toBeLessThan(1e-12 + 1e-10 * p2);
  });
  it.each(ref.ppf)('ppf(p=$p, df=$df)', ({ p, df, q }) => {
    expect(Math.abs(studentTQuantile(p, df) - q)).toBeLessThan(1e-9 * Math.max(1, Math.abs(q)));
  });
  it('regularized incomplete beta: closed forms', () => {
    expect(regularizedIncompleteBeta(0.5, 2, 2)).toBeCloseTo(0.5, 14);
    // I_x(1, b) = 1 − (1 − x)^b; I_x(a, 1) = x^a
    expect(regularizedIncompleteBeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 14);
    expect(regularizedIncompleteBeta(0.3, 3, 1)).toBeCloseTo(0.3 ** 3, 14);
    expect(regularizedIncompleteBeta(0, 3, 1)).toBe(0);
    expect(regularizedIncompleteBeta(1, 3, 1)).toBe(1);
  });
  it('rejects bad arguments with CrmError', () => {
    expect(() => studentTCdf(1, 0)).toThrow(CrmError);
    expect(() => studentTQuantile(1, 5)).toThrow(CrmError);
    expect(() => regularizedIncompleteBeta(1.5, 1, 1)).toThrow(CrmError);
  });
});

describe('linearTrend (vs scipy.stats.linregress)', () => {
  it.each(ref.linregress.map((r, i) => ({ ...r, i })))('series $i', ({ y, slope, intercept, stderr, p }) => {
    const t = linearTrend(y);
    expect(t.slope).toBeCloseTo(slope, 10);
    expect(t.intercept).toBeCloseTo(intercept, 9);
    expect(t.standardError).toBeCloseTo(stderr, 10);
    expect(t.pValue).toBeCloseTo(p, 10);
  });
  it('hand-worked: y = 10, 12, 15, 15, 19 (docs/lifecycle.md)', () => {
    const t = linearTrend([10, 12, 15, 15, 19]);
    expect(t.slope).toBeCloseTo(2.1, 12);
    expect(t.intercept).toBeCloseTo(10, 12);
    expect(t.standardError).toBeCloseTo(0.3, 12);
    expect(t.tStatistic).toBeCloseTo(7, 10);
    expect(t.pValue).toBeCloseTo(0.0059863, 6);
  });
  it('exact fits: constant → t 0, p 1; exact line → t null, p 0; n = 2 → no test', () => {
    expect(linearTrend([5, 5, 5, 5])).toMatchObject({ slope: 0, tStatistic: 0, pValue: 1 });
    expect(linearTrend([1, 2, 3, 4])).toMatchObject({ slope: 1, tStatistic: null, pValue: 0 });
    expect(linearTrend([1, 3])).toMatchObject({ slope: 2, tStatistic: null, pValue: null, standardError: null });
    expect(() => linearTrend([1])).toThrow(CrmError);
    expect(() => linearTrend([1, Number.NaN, 2])).toThrow(CrmError);
  });
});
