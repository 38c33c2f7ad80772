/**
 * The SPADE search (src/basket/sequence-spade.ts) against a level-wise brute force with no limit
 * on the number of elements: every frequent pattern grows by one item (into its last element or
 * as a new element) from a frequent one, so extending every frequent pattern by every item and
 * counting each candidate by a backtracking embedding search finds them all. Dense, repetitive
 * sequences make deep classes (long id-lists stacked in the pool, which has to grow) and many
 * failed joins.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sequentialPatterns, type SequenceEvent } from '../../src/basket/index.js';
import { spade, VIEW_INDEX_CELLS, type SpadeData } from '../../src/basket/sequence-spade.js';

/** Does `seq` contain `pattern` with gaps in [minGap, maxGap] (minGap > 0) and the whole span ≤ maxWindow? */
function contains(seq: readonly SequenceEvent[], pattern: readonly (readonly string[])[], minGap: number, maxGap: number, maxWindow: number): boolean {
  const go = (k: number, prev: number, start: number): boolean => {
    if (k === pattern.length) return true;
    for (let j = prev + 1; j < seq.length; j++) {
      const ev = seq[j]!;
      if (k > 0) {
        const gap = ev.time - seq[prev]!.time;
        if (gap < minGap || gap > maxGap || ev.time - start > maxWindow) continue;
      }
      if (!pattern[k]!.every((x) => ev.items.includes(x))) continue;
      if (go(k + 1, j, k === 0 ? ev.time : start)) return true;
    }
    return false;
  };
  return go(0, -1, 0);
}

interface Limits {
  minCount: number;
  minGap: number;
  maxGap: number;
  maxWindow: number;
  maxLength: number;
  maxSize: number;
}

function bruteForce(seqs: readonly SequenceEvent[][], alphabet: readonly string[], o: Limits): string[] {
  const count = (p: string[][]): number => seqs.filter((s) => contains(s, p, Math.max(o.minGap, 1e-9), o.maxGap, o.maxWindow)).length;
  const found: string[] = [];
  let level: string[][][] = alphabet.map((x) => [[x]]).filter((p) => count(p) >= o.minCount);
  while (level.length > 0) {
    const next: string[][][] = [];
    for (const p of level) {
      found.push(`${JSON.stringify(p)}:${count(p)}`);
      const last = p[p.length - 1]!;
      for (const x of alphabet) {
        const candidates: string[][][] = [];
        if (last.length < o.maxSize && x > last[last.length - 1]!) candidates.push([...p.slice(0, -1), [...last, x]]);
        if (p.length < o.maxLength) candidates.push([...p, [x]]);
        for (const c of candidates) if (count(c) >= o.minCount) next.push(c);
      }
    }
    level = next;
  }
  return found.sort();
}

/** The options of sequentialPatterns: unlimited length and size are the defaults (undefined). */
function options(o: Limits): Record<string, number> {
  const { maxLength, maxSize, ...rest } = o;
  return { ...rest, ...(maxLength === Infinity ? {} : { maxLength }), ...(maxSize === Infinity ? {} : { maxSize }) };
}

describe('sequentialPatterns (SPADE) against a level-wise brute force, no length limit', () => {
  it('dense sequences, random gaps, windows and limits', () => {
    const alphabet = ['a', 'b', 'c', 'd'];
    const arbSeq = fc.array(fc.record({ dt: fc.integer({ min: 1, max: 3 }), items: fc.uniqueArray(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 7 });
    fc.assert(
      fc.property(
        fc.array(arbSeq, { minLength: 2, maxLength: 6 }),
        fc.integer({ min: 2, max: 3 }),
        fc.constantFrom(0, 2),
        fc.constantFrom(Infinity, Infinity, 1, 3),
        fc.constantFrom(Infinity, Infinity, 4, 8),
        fc.constantFrom(Infinity, Infinity, 2),
        fc.constantFrom(Infinity, Infinity, 1, 2),
        (raw, minCount, minGap, maxGap, maxWindow, maxLength, maxSize) => {
          const seqs: SequenceEvent[][] = raw.map((evs) => {
            let t = 0;
            return evs.map((e) => ({ time: (t += e.dt), items: [...e.items].sort() }));
          });
          const o = { minCount, minGap, maxGap, maxWindow, maxLength, maxSize };
          const got = sequentialPatterns(seqs, options(o)).map((p) => `${JSON.stringify(p.sequence)}:${p.count}`).sort();
          expect(got).toEqual(bruteForce(seqs, alphabet, o));
        },
      ),
      { numRuns: 150, seed: 19 },
    );
  });

  it('a long repeated sequence: every one of its frequent subsequences, counted once per sequence', () => {
    // two identical sequences of 9 events {a, b}: every pattern of up to 4 elements, each {a}, {b}
    // or {a, b}, embeds in both (and in no way counts twice)
    const seq = Array.from({ length: 9 }, (_, i) => ({ time: i + 1, items: ['a', 'b'] }));
    const o = { minCount: 2, minGap: 0, maxGap: Infinity, maxWindow: Infinity, maxLength: 4, maxSize: Infinity };
    const got = sequentialPatterns([seq, seq], options(o));
    expect(got.map((p) => `${JSON.stringify(p.sequence)}:${p.count}`).sort()).toEqual(bruteForce([seq, seq], ['a', 'b'], o));
    // ⟨E1 … Ek⟩ with each Ei one of {a}, {b}, {a,b}: 3 + 9 + 27 + 81
    expect(got).toHaveLength(120);
  });
});

/** Flatten sequences of item codes into SpadeData (times 1, 2, …; items ascending, distinct). */
function flatten(seqs: readonly (readonly (readonly number[])[])[], nItems: number): SpadeData {
  const seqStart = [0];
  const seqOf: number[] = [];
  const times: number[] = [];
  const evOff = [0];
  const codes: number[] = [];
  seqs.forEach((seq, s) => {
    seq.forEach((items, e) => {
      seqOf.push(s);
      times.push(e + 1);
      codes.push(...[...new Set(items)].sort((a, b) => a - b));
      evOff.push(codes.length);
    });
    seqStart.push(seqOf.length);
  });
  return { nSeq: seqs.length, nItems, seqStart: Int32Array.from(seqStart), seqOf: Int32Array.from(seqOf), times: Float64Array.from(times), evOff: Int32Array.from(evOff), codes: Int32Array.from(codes) };
}

describe('spade: counting candidates over the class view changes nothing', () => {
  it('the same patterns and counts with the view as with direct joins only (viewCells 0)', () => {
    const arbSeq = fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(fc.array(arbSeq, { minLength: 2, maxLength: 12 }), fc.integer({ min: 2, max: 4 }), fc.constantFrom(0, 2), (seqs, minCount, minGap) => {
        const run = (viewCells: number): string[] => {
          const got: string[] = [];
          spade(flatten(seqs, 6), { minCount, maxLength: Infinity, maxSize: Infinity, minGap, maxGap: Infinity, maxWindow: Infinity, maxPatterns: 1e6, viewCells }, (p, count) => got.push(`${JSON.stringify(p)}:${count}`));
          return got.sort();
        };
        const direct = run(0);
        expect(run(VIEW_INDEX_CELLS)).toEqual(direct);
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});
