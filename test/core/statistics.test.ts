// src/core/math/statistics.ts replaced simple-statistics 7.12.1 in trust and value (issue 16 item 6)
// on the promise of bit-identical results: Object.is equality against simple-statistics (kept as a
// devDependency only for this oracle) on random inputs, including heavy cancellation for the
// compensated sum and ties for the quantiles.
import fc from 'fast-check';
import * as ss from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import * as ours from '../../src/core/math/statistics.js';

const runs = { numRuns: Number(process.env['FUZZ_RUNS'] ?? 500) };
// -0 is left out: simple-statistics' quickselect may place -0 or +0 first (they compare equal).
const value = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }).filter((v) => !Object.is(v, -0)),
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(1e16, -1e16, 0.1, 0.2, 0.3),
);
const sample = fc.array(value, { minLength: 1, maxLength: 60 });

describe('core statistics are bit-identical to simple-statistics 7.12.1', () => {
  it.each(['sum', 'mean', 'min', 'max', 'median', 'interquartileRange'] as const)('%s', (name) => {
    fc.assert(
      fc.property(sample, (x) => {
        expect(Object.is(ours[name](x), ss[name](x))).toBe(true);
      }),
      runs,
    );
  });

  it('quantile at any p', () => {
    fc.assert(
      fc.property(sample, fc.double({ min: 0, max: 1, noNaN: true }), (x, p) => {
        expect(Object.is(ours.quantile(x, p), ss.quantile(x, p))).toBe(true);
      }),
      runs,
    );
  });

  it('sampleStandardDeviation', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 2, maxLength: 60 }), (x) => {
        expect(Object.is(ours.sampleStandardDeviation(x), ss.sampleStandardDeviation(x))).toBe(true);
      }),
      runs,
    );
  });

  it('throws on empty input, as simple-statistics', () => {
    expect(() => ours.mean([])).toThrow();
    expect(() => ours.min([])).toThrow();
    expect(() => ours.max([])).toThrow();
    expect(() => ours.median([])).toThrow();
    expect(() => ours.sampleStandardDeviation([1])).toThrow();
    expect(ours.sum([])).toBe(0);
  });
});
