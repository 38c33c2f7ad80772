import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { radixSortByKey, radixSortSequences } from '../../src/basket/radix.js';

describe('radix sorts', () => {
  it('radixSortSequences is a stable lexicographic sort, shorter prefix first (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 6 }), { maxLength: 60 }), (seqs) => {
        const offsets = new Int32Array(seqs.length + 1);
        seqs.forEach((s, i) => (offsets[i + 1] = (offsets[i] as number) + s.length));
        const values = Int32Array.from(seqs.flat());
        const order = Int32Array.from(seqs.map((_, i) => seqs.length - 1 - i)); // reversed input order
        const got = Array.from(radixSortSequences(order, offsets, values, 6));
        const want = Array.from(order).sort((a, b) => {
          const x = seqs[a] as number[];
          const y = seqs[b] as number[];
          for (let k = 0; k < Math.min(x.length, y.length); k++) if (x[k] !== y[k]) return (x[k] as number) - (y[k] as number);
          return x.length - y.length || b - a; // stable w.r.t. the reversed input order
        });
        expect(got).toEqual(want);
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it('radixSortByKey is stable', () => {
    const keys = Int32Array.from([2, 0, 1, 0, 2]);
    expect(Array.from(radixSortByKey(Int32Array.from([0, 1, 2, 3, 4]), keys, 3))).toEqual([1, 3, 2, 0, 4]);
  });
});
