import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CrmError, prepareTransactions, toDayNumber, tryDayNumber, dayToIsoDate, createRandom } from '../../src/core/index.js';
import { arbId, deepFreeze, params, prototypeKeys } from './helpers.js';

const arbDay = fc.integer({ min: 0, max: Date.UTC(2100, 11, 31) / 86_400_000 });
const arbRow = fc.record({
  customerId: arbId,
  date: arbDay.map((d) => dayToIsoDate(d)),
  amount: fc.oneof(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.constantFrom(1e-9, 1e12, 0)),
});

describe('core under generated input', () => {
  it('prepareTransactions keeps every valid row, in order, and never mutates the input', () => {
    const before = prototypeKeys();
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 40 }), (rows) => {
        const frozen = deepFreeze(rows.map((r) => ({ ...r })));
        const t = prepareTransactions(frozen);
        expect(t.length).toBe(rows.length);
        for (let i = 0; i < rows.length; i++) {
          const r = rows[i]!;
          expect(t.customerIds[t.customer[i]!]).toBe(r.customerId);
          expect(t.day[i]).toBe(toDayNumber(r.date));
          expect(t.amount[i]).toBe(r.amount);
        }
        const sorted = [...t.customerIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(t.customerIds).toEqual(sorted);
      }),
      params,
    );
    expect(prototypeKeys()).toEqual(before);
  });

  it('prepareTransactions rejects any corrupted field with CrmError and the exact path', () => {
    const bad = fc.constantFrom<[string, unknown]>(
      ['customerId', ''],
      ['customerId', null],
      ['customerId', {}],
      ['date', 'not a date'],
      ['date', '2023-02-29'],
      ['date', Number.NaN],
      ['amount', Number.NaN],
      ['amount', Number.POSITIVE_INFINITY],
      ['amount', '12'],
      ['amount', undefined],
    );
    fc.assert(
      fc.property(fc.array(arbRow, { minLength: 1, maxLength: 20 }), fc.nat(), bad, (rows, k, [field, value]) => {
        const i = k % rows.length;
        const copy = rows.map((r) => ({ ...r })) as Record<string, unknown>[];
        copy[i] = { ...copy[i], [field]: value };
        try {
          prepareTransactions(copy as never);
          expect.unreachable();
        } catch (e) {
          expect(e).toBeInstanceOf(CrmError);
          expect((e as CrmError).path).toEqual([i, field]);
        }
      }),
      params,
    );
  });

  it('day numbers round-trip through ISO dates from 1970 to 2100', () => {
    fc.assert(
      fc.property(arbDay, (d) => {
        expect(toDayNumber(dayToIsoDate(d))).toBe(d);
      }),
      params,
    );
  });

  it('tryDayNumber never returns a non-finite number for arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        const d = tryDayNumber(v);
        expect(d === undefined || Number.isFinite(d)).toBe(true);
      }),
      params,
    );
  });

  it('createRandom is bit-identical for a seed', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const a = createRandom(seed);
        const b = createRandom(seed);
        for (let i = 0; i < 5; i++) expect(a.gamma(0.7)).toBe(b.gamma(0.7));
      }),
      params,
    );
  });
});
