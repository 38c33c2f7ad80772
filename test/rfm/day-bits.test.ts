import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DayBits } from '../../src/rfm/day-bits.js';

const day = fc.integer({ min: -40_000, max: 60_000 });

/** Two sets built by add, the second merged into the first by addAll, checked against a Set of the days. */
function merged(a: number[], b: number[]): { x: DayBits; y: DayBits; truth: number[] } {
  const x = new DayBits();
  const y = new DayBits();
  for (const d of a) x.add(d);
  for (const d of b) y.add(d);
  x.addAll(y);
  const truth = [...new Set([...a, ...b])].sort((p, q) => p - q);
  expect(x.list()).toEqual(truth);
  expect(x.count()).toBe(truth.length);
  return { x, y, truth };
}

describe('DayBits (internal day set)', () => {
  it('equals a Set of days under add and addAll, in any order, across word and sign boundaries', () => {
    fc.assert(
      fc.property(fc.array(day, { maxLength: 60 }), fc.array(fc.oneof(day, fc.integer({ min: 19_000, max: 19_100 })), { maxLength: 60 }), (a, b) => {
        const { x, y, truth } = merged(a, b);
        for (const d of [...a.slice(0, 5), ...b.slice(0, 5)]) expect(x.has(d)).toBe(true);
        expect(x.has(-50_000)).toBe(false);
        // The merged-in set is unchanged.
        expect(y.list()).toEqual([...new Set(b)].sort((p, q) => p - q));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps day 29, 30, -1 and -30 apart (word edges)', () => {
    const s = new DayBits();
    for (const d of [30, 29, -1, -30, -31, 0, 59, 60]) s.add(d);
    expect(s.list()).toEqual([-31, -30, -1, 0, 29, 30, 59, 60]);
    expect(new DayBits().count()).toBe(0);
  });
});

describe('DayBits memory (issue 22): proportional to distinct days, not their span', () => {
  it('days millions apart (epoch milliseconds read as days) go sparse and stay exact', () => {
    const s = new DayBits();
    const days = [0, 1_700_000_000_000, 1_600_000_000_000, 5, 1_700_000_000_000];
    for (const d of days) s.add(d);
    expect(s.list()).toEqual([0, 5, 1_600_000_000_000, 1_700_000_000_000]);
    expect(s.count()).toBe(4);
    expect(s.storedNumbers()).toBeLessThanOrEqual(4);
    expect(s.has(1_600_000_000_000)).toBe(true);
    expect(s.has(6)).toBe(false);
  });

  it('stored numbers stay within 16 + 2 per distinct day under any adds and merges', () => {
    const wide = fc.oneof(day, fc.integer({ min: -1e12, max: 1e12 }));
    fc.assert(
      fc.property(fc.array(wide, { maxLength: 40 }), fc.array(wide, { maxLength: 40 }), (a, b) => {
        const { x, y, truth } = merged(a, b);
        expect(x.storedNumbers()).toBeLessThanOrEqual(16 + 2 * truth.length);
        expect(y.storedNumbers()).toBeLessThanOrEqual(16 + 2 * new Set(b).size);
      }),
      { numRuns: 500 },
    );
  });
});
