import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { abcTiers, gini, lorenzCurve, score, segment, summarize, valueMatrix, kmeansSegments, createRfmAccumulator } from 'crm-analytics/rfm';
import { AS_OF_AFTER_ALL, arbTransaction, deepFreeze, expectCleanResult, expectCrmError, expectCrmErrorOrValue, params, prototypeKeys, RUNS, SEED } from './helpers.js';

const arbTransactions = fc.array(arbTransaction, { maxLength: 30 });

describe('rfm under generated input (issue 11)', () => {
  it('summarize → score (both conventions) → segment → value matrix → ABC: never throws, no NaN, JSON-clean, inputs untouched', () => {
    const before = prototypeKeys();
    fc.assert(
      fc.property(arbTransactions, fc.integer({ min: 2, max: 10 }), (rows, bins) => {
        const frozen = deepFreeze(rows.map((r) => ({ ...r })));
        const summaries = deepFreeze(summarize(frozen, { asOf: AS_OF_AFTER_ALL }));
        expectCleanResult(summaries);
        expect(new Set(summaries.map((s) => s.customerId)).size).toBe(summaries.length);
        expect(summaries.reduce((a, s) => a + s.frequency, 0)).toBeLessThanOrEqual(rows.length);
        // pandas' qcut raises on repeated edges; ours says so with a CrmError (documented) unless
        // duplicates: 'drop' is asked for, which must then always succeed.
        expectCrmErrorOrValue(() => score(summaries, { bins, convention: 'pandas' }));
        for (const options of [{ convention: 'pandas', duplicates: 'drop' }, { convention: 'rfm-package' }] as const) {
          const scores = deepFreeze(score(summaries, { bins, ...options }));
          expectCleanResult(scores);
          for (const s of scores) for (const v of [s.r, s.f, s.m]) expect(v >= 1 && v <= bins).toBe(true);
          expectCleanResult(segment(scores));
        }
        expectCleanResult(valueMatrix(summaries));
        expectCleanResult(abcTiers(summaries));
      }),
      params,
    );
    expect(prototypeKeys()).toEqual(before);
  });

  it('gini is in [0, 1] and the Lorenz curve ends at (1, 1) for non-negative values', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e12, noNaN: true }), { minLength: 1, maxLength: 50 }), (values) => {
        if (!values.some((v) => v > 0)) {
          expectCrmError(() => gini(values)); // all-zero total: documented NUMERIC_DOMAIN
          return;
        }
        const g = gini(deepFreeze(values));
        {
          expect(g).toBeGreaterThanOrEqual(-1e-12);
          expect(g).toBeLessThanOrEqual(1);
          const curve = lorenzCurve(values);
          expectCleanResult(curve);
          expect(curve.at(-1)).toMatchObject({ customerShare: 1, valueShare: 1 });
        }
      }),
      params,
    );
  });

  it('the accumulator equals summarize for any split point', () => {
    fc.assert(
      fc.property(arbTransactions, fc.nat(), (rows, k) => {
        const cut = rows.length === 0 ? 0 : k % (rows.length + 1);
        const a = createRfmAccumulator({ asOf: AS_OF_AFTER_ALL });
        const b = createRfmAccumulator({ asOf: AS_OF_AFTER_ALL });
        rows.slice(0, cut).forEach((r) => a.add(r));
        rows.slice(cut).forEach((r) => b.add(r));
        a.merge(b);
        expect(a.result()).toEqual(summarize(rows, { asOf: AS_OF_AFTER_ALL }));
      }),
      params,
    );
  });

  it('kmeansSegments is deterministic for a seed', () => {
    fc.assert(
      fc.property(fc.array(arbTransaction, { minLength: 12, maxLength: 40 }), fc.integer(), (rows, seed) => {
        const summaries = summarize(rows, { asOf: AS_OF_AFTER_ALL });
        if (summaries.length < 4) return;
        const a = kmeansSegments(summaries, { k: 3, seed });
        const b = kmeansSegments(summaries, { k: 3, seed });
        expect(b).toEqual(a);
        expectCleanResult(a);
      }),
      { numRuns: Math.max(20, Math.floor(RUNS / 50)), seed: SEED },
    );
  });

  it('bad input throws CrmError with a path', () => {
    const rows = [{ customerId: 'a', date: '2024-01-02', amount: 1 }];
    expect(expectCrmError(() => summarize(rows, { asOf: '2024-01-01' })).path[0]).toBe(0);
    expect(expectCrmError(() => summarize(rows, { asOf: 'nope' })).path).toContain('asOf');
    const s = summarize(rows, { asOf: '2024-02-01' });
    for (const bins of [1, 11, 2.5, Number.NaN]) expect(expectCrmError(() => score(s, { bins })).path).toContain('bins');
  });
});
