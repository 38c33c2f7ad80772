import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CrmError, dayToIsoDate } from '../../src/core/index.js';
import { abcTiers, score, scoreThresholds, segment, summarize, valueMatrix } from '../../src/rfm/index.js';
import { arbId, deepFreeze, expectCleanResult, params, prototypeKeys } from '../hardening/helpers.js';

const base = Date.UTC(2021, 0, 1) / 86_400_000;
const arbRow = fc.record(
  {
    customerId: arbId,
    date: fc.integer({ min: 0, max: 60 }).map((d) => dayToIsoDate(base + d)),
    amount: fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(0, 1e-9, 1e12)),
    orderId: fc.oneof(arbId, fc.constant(undefined)),
  },
  { requiredKeys: ['customerId', 'date', 'amount'] },
).map((r) => (r.orderId === undefined ? { customerId: r.customerId, date: r.date, amount: r.amount } : r));

describe('rfm under generated input', () => {
  it('never mutates input, never returns NaN/Infinity, survives JSON, leaves Object.prototype alone', () => {
    const before = prototypeKeys();
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 40 }), fc.integer({ min: 2, max: 10 }), fc.constantFrom('pandas', 'rfm-package') as fc.Arbitrary<'pandas' | 'rfm-package'>, (rows, bins, convention) => {
        const frozen = deepFreeze(rows.map((r) => ({ ...r })));
        const s = summarize(frozen, { asOf: dayToIsoDate(base + 60) });
        expectCleanResult(s);
        for (const x of s) {
          expect(x.recency).toBeGreaterThanOrEqual(0);
          expect(x.tenure).toBeGreaterThanOrEqual(x.recency);
          expect(x.frequency).toBeGreaterThanOrEqual(1);
        }
        const fs = deepFreeze(s);
        const sc = score(fs, { bins, convention, duplicates: 'drop' });
        expectCleanResult(sc);
        for (const x of sc) for (const v of [x.r, x.f, x.m]) expect(v >= 1 && v <= bins).toBe(true);
        expectCleanResult(scoreThresholds(fs, { bins, convention, duplicates: 'drop' }));
        expectCleanResult(segment(deepFreeze(sc)));
        if (s.length > 0) expectCleanResult(valueMatrix(fs));
        expectCleanResult(abcTiers(fs));
      }),
      params,
    );
    expect(prototypeKeys()).toEqual(before);
  });

  it('pandas with duplicates "raise" either scores or throws NUMERIC_DOMAIN', () => {
    fc.assert(
      fc.property(fc.array(arbRow, { minLength: 1, maxLength: 30 }), (rows) => {
        const s = summarize(rows, { asOf: dayToIsoDate(base + 60) });
        try {
          score(s);
        } catch (e) {
          expect(e).toBeInstanceOf(CrmError);
          expect((e as CrmError).code).toBe('NUMERIC_DOMAIN');
        }
      }),
      params,
    );
  });
});
