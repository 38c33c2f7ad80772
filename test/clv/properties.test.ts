// Property tests: predictions stay finite and in range over wide parameter and history ranges;
// inputs are never mutated; duplicate rows equal weights.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as bgNbd from '../../src/clv/bg-nbd.js';
import * as modifiedBgNbd from '../../src/clv/modified-bg-nbd.js';
import * as paretoNbd from '../../src/clv/pareto-nbd.js';
import { CrmError } from '../../src/core/index.js';

const runs = { numRuns: Number(process.env.FUZZ_RUNS ?? 150), seed: 20261125 } as const;
const pos = fc.double({ min: 0.02, max: 60, noNaN: true });
const customer = fc
  .record({ x: fc.integer({ min: 0, max: 5000 }), T: fc.double({ min: 0.01, max: 400, noNaN: true }), frac: fc.double({ min: 0, max: 1, noNaN: true }) })
  .map(({ x, T, frac }) => ({ frequency: x, recency: x === 0 ? 0 : T * frac, T }));
const horizon = fc.double({ min: 0.01, max: 500, noNaN: true });

describe('BTYD predictions: finite, in range, monotone in t', () => {
  it('BG/NBD and MBG/NBD', () => {
    fc.assert(
      fc.property(pos, pos, pos, pos, customer, horizon, (r, alpha, a, b, c, t) => {
        const p = { r, alpha, a, b };
        for (const m of [bgNbd, modifiedBgNbd]) {
          const pa = m.probabilityAlive(p, c);
          expect(pa).toBeGreaterThanOrEqual(0);
          expect(pa).toBeLessThanOrEqual(1);
          const e1 = m.conditionalExpectedPurchases(p, t, c);
          const e2 = m.conditionalExpectedPurchases(p, 2 * t, c);
          expect(Number.isFinite(e1) && Number.isFinite(e2)).toBe(true);
          expect(e1).toBeGreaterThanOrEqual(-1e-12);
          expect(e2).toBeGreaterThanOrEqual(e1 - 1e-9 * Math.max(1, e1));
          expect(Number.isFinite(m.logLikelihood(p, [c]))).toBe(true);
          const ex = m.expectedPurchases(p, t);
          expect(Number.isFinite(ex) && ex >= -1e-12).toBe(true);
        }
      }),
      runs,
    );
  });
  it('Pareto/NBD', () => {
    fc.assert(
      fc.property(pos, pos, pos, pos, customer, horizon, (r, alpha, s, beta, c, t) => {
        const p = { r, alpha, s, beta };
        const pa = paretoNbd.probabilityAlive(p, c);
        expect(pa).toBeGreaterThanOrEqual(0);
        expect(pa).toBeLessThanOrEqual(1);
        const e1 = paretoNbd.conditionalExpectedPurchases(p, t, c);
        const e2 = paretoNbd.conditionalExpectedPurchases(p, 2 * t, c);
        expect(Number.isFinite(e1) && e1 >= 0).toBe(true);
        expect(e2).toBeGreaterThanOrEqual(e1 * (1 - 1e-12));
        expect(Number.isFinite(paretoNbd.logLikelihood(p, [c]))).toBe(true);
      }),
      runs,
    );
  });
});

describe('fits: no mutation, duplicates = weights, JSON-clean results', () => {
  it('a frozen input gives a JSON-serialisable result; doubling every row equals weight 2', () => {
    const rows = Object.freeze(
      [
        { frequency: 0, recency: 0, T: 30 },
        { frequency: 1, recency: 4, T: 30 },
        { frequency: 3, recency: 20, T: 28 },
        { frequency: 0, recency: 0, T: 25 },
        { frequency: 6, recency: 24, T: 26 },
        { frequency: 2, recency: 9, T: 31 },
        { frequency: 0, recency: 0, T: 31 },
        { frequency: 1, recency: 29, T: 30 },
      ].map((r) => Object.freeze(r)),
    );
    for (const m of [bgNbd, modifiedBgNbd, paretoNbd]) {
      const f = (m.fit as unknown as (d: typeof rows, o?: object) => { params: Record<string, number>; logLikelihood: number })(rows);
      expect(JSON.parse(JSON.stringify(f))).toEqual(f);
      const doubled = (m.fit as unknown as (d: unknown, o?: object) => { params: Record<string, number>; logLikelihood: number })([...rows, ...rows]);
      const weighted = (m.fit as unknown as (d: unknown, o?: object) => { params: Record<string, number>; logLikelihood: number })(rows, { weights: rows.map(() => 2) });
      for (const k of Object.keys(doubled.params)) expect(weighted.params[k]! / doubled.params[k]!).toBeCloseTo(1, 6);
      expect(weighted.logLikelihood).toBeCloseTo(doubled.logLikelihood, 6);
    }
  });
  it('random malformed rows throw CrmError with a path, never anything else', () => {
    const bad = fc.record({
      frequency: fc.oneof(fc.integer({ min: -5, max: -1 }), fc.double({ min: 0.1, max: 0.9, noNaN: true }), fc.constant(Number.NaN), fc.constant('1' as unknown as number)),
      recency: fc.double({ min: 0, max: 10, noNaN: true }),
      T: fc.double({ min: 0, max: 10, noNaN: true }),
    });
    fc.assert(
      fc.property(bad, (row) => {
        for (const m of [bgNbd, modifiedBgNbd, paretoNbd]) {
          let err: unknown;
          try {
            m.fit([{ frequency: 1, recency: 1, T: 2 }, row]);
          } catch (e) {
            err = e;
          }
          expect(err).toBeInstanceOf(CrmError);
          expect((err as CrmError).path[0]).toBe(1);
        }
      }),
      { ...runs, numRuns: 50 },
    );
  });
});
