/**
 * Sequential patterns: equal to R arulesSequences' cSPADE on its `zaki` data (the running example
 * of Zaki 2001; results from arulesSequences 0.2-32 tests/zaki.Rout.save, GPL-2, github.com/
 * mhahsler/arulesSequences) and to a brute-force embedding search with random gap/window
 * constraints.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sequenceRules, sequentialPatterns, type SequenceEvent, type SequencePattern } from '../../src/basket/index.js';
import { thrown } from '../crm-error.js';

// inst/misc/zaki.txt: sequenceID eventID SIZE items
const ZAKI_TXT = `1 10 2 C D
1 15 3 A B C
1 20 3 A B F
1 25 4 A C D F
2 15 3 A B F
2 20 1 E
3 10 3 A B F
4 10 3 D G H
4 20 2 B F
4 25 3 A G H`;

function zaki(): SequenceEvent[][] {
  const bySeq = new Map<string, SequenceEvent[]>();
  for (const line of ZAKI_TXT.split('\n')) {
    const [sid, eid, , ...items] = line.split(' ');
    if (!bySeq.has(sid!)) bySeq.set(sid!, []);
    bySeq.get(sid!)!.push({ time: Number(eid), items });
  }
  return [...bySeq.values()];
}

const label = (p: { sequence: string[][] }): string => `<${p.sequence.map((el) => `{${el.join(',')}}`).join(',')}>`;

describe('sequentialPatterns against arulesSequences cspade (zaki)', () => {
  it('support 0.4: the 18 sequences of s1 with their supports', () => {
    // as(s1, "data.frame") in tests/zaki.Rout.save
    const want = new Map([
      ['<{A}>', 1], ['<{B}>', 1], ['<{D}>', 0.5], ['<{F}>', 1], ['<{A,F}>', 0.75], ['<{B,F}>', 1],
      ['<{D},{F}>', 0.5], ['<{D},{B,F}>', 0.5], ['<{A,B,F}>', 0.75], ['<{A,B}>', 0.75], ['<{D},{B}>', 0.5],
      ['<{B},{A}>', 0.5], ['<{D},{A}>', 0.5], ['<{F},{A}>', 0.5], ['<{D},{F},{A}>', 0.5], ['<{B,F},{A}>', 0.5],
      ['<{D},{B,F},{A}>', 0.5], ['<{D},{B},{A}>', 0.5],
    ]);
    const got = sequentialPatterns(zaki(), { minSupport: 0.4 });
    expect(new Map(got.map((p) => [label(p), p.support]))).toEqual(want);
  });

  it('maxsize 2, maxlen 2: the 14 sequences of s2', () => {
    const got = sequentialPatterns(zaki(), { minSupport: 0.4, maxSize: 2, maxLength: 2 }).map(label).sort();
    expect(got).toEqual(['<{A}>', '<{B}>', '<{D}>', '<{F}>', '<{A,F}>', '<{B,F}>', '<{D},{F}>', '<{D},{B,F}>', '<{A,B}>', '<{D},{B}>', '<{B},{A}>', '<{D},{A}>', '<{F},{A}>', '<{B,F},{A}>'].sort());
  });

  it('ruleInduction(s1, confidence = 0.5): the 10 rules of r1 with support, confidence and lift', () => {
    const rules = sequenceRules(sequentialPatterns(zaki(), { minSupport: 0.4 }), { minConfidence: 0.5 });
    const got = new Map(rules.map((r) => [`${label({ sequence: r.antecedent })} => ${label({ sequence: r.consequent })}`, [r.support, r.confidence, r.lift]]));
    expect(got).toEqual(
      new Map([
        ['<{D}> => <{F}>', [0.5, 1, 1]],
        ['<{D}> => <{B,F}>', [0.5, 1, 1]],
        ['<{D}> => <{B}>', [0.5, 1, 1]],
        ['<{B}> => <{A}>', [0.5, 0.5, 0.5]],
        ['<{D}> => <{A}>', [0.5, 1, 1]],
        ['<{F}> => <{A}>', [0.5, 0.5, 0.5]],
        ['<{D},{F}> => <{A}>', [0.5, 1, 1]],
        ['<{B,F}> => <{A}>', [0.5, 0.5, 0.5]],
        ['<{D},{B,F}> => <{A}>', [0.5, 1, 1]],
        ['<{D},{B}> => <{A}>', [0.5, 1, 1]],
      ]),
    );
  });
});

/** Does `seq` contain `pattern` under the constraints? Backtracking over embeddings. */
function contains(seq: SequenceEvent[], pattern: string[][], minGap: number, maxGap: number, maxWindow: number): boolean {
  const go = (k: number, prevIdx: number, start: number): boolean => {
    if (k === pattern.length) return true;
    for (let j = prevIdx + 1; j < seq.length; j++) {
      const ev = seq[j]!;
      if (k > 0) {
        const gap = ev.time - seq[prevIdx]!.time;
        if (gap < minGap || gap > maxGap) continue;
        if (ev.time - start > maxWindow) continue;
      }
      if (!pattern[k]!.every((x) => (ev.items as string[]).includes(x))) continue;
      if (go(k + 1, j, k === 0 ? ev.time : start)) return true;
    }
    return false;
  };
  return go(0, -1, 0);
}

const ALPHA = ['a', 'b', 'c'];
const ELEMENTS = [['a'], ['b'], ['c'], ['a', 'b'], ['a', 'c'], ['b', 'c']];

describe('sequentialPatterns against a brute-force embedding search', () => {
  it('every pattern up to 3 elements of up to 2 items, with random gaps and windows', () => {
    const arbSeq = fc.array(fc.record({ dt: fc.integer({ min: 1, max: 4 }), items: fc.uniqueArray(fc.constantFrom(...ALPHA), { minLength: 1, maxLength: 3 }) }), { maxLength: 6 });
    fc.assert(
      fc.property(
        fc.array(arbSeq, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom(0, 2, 3),
        fc.constantFrom(Infinity, 2, 4),
        fc.constantFrom(Infinity, 3, 6),
        (raw, minCount, minGap, maxGap, maxWindow) => {
          const seqs: SequenceEvent[][] = raw.map((evs) => {
            let t = 0;
            return evs.map((e) => ({ time: (t += e.dt), items: e.items }));
          });
          const want: string[] = [];
          const all: string[][][] = [];
          for (const a of ELEMENTS) {
            all.push([a]);
            for (const b of ELEMENTS) {
              all.push([a, b]);
              for (const c of ELEMENTS) all.push([a, b, c]);
            }
          }
          for (const p of all) {
            const count = seqs.filter((s) => contains(s, p, Math.max(minGap, 1e-9), maxGap, maxWindow)).length;
            if (count >= minCount) want.push(`${label({ sequence: p })}:${count}`);
          }
          const got = sequentialPatterns(seqs, { minCount, maxLength: 3, maxSize: 2, minGap, maxGap, maxWindow });
          expect(got.map((p: SequencePattern) => `${label(p)}:${p.count}`).sort()).toEqual(want.sort());
        },
      ),
      { numRuns: 300, seed: 33 },
    );
  });
});

describe('sequentialPatterns: bad input and budgets', () => {
  it('times that do not increase, bad items and unknown options are CrmErrors naming the row and field', () => {
    const e = thrown(() => sequentialPatterns([[{ time: 2, items: ['a'] }, { time: 2, items: ['b'] }]], { minCount: 1 }));
    expect([e.code, e.path]).toEqual(['INVALID_INPUT', [0, 1, 'time']]);
    expect(thrown(() => sequentialPatterns([[{ time: Number.NaN, items: ['a'] }]], { minCount: 1 })).path).toEqual([0, 0, 'time']);
    expect(thrown(() => sequentialPatterns([[{ time: 1, items: [null as unknown as string] }]], { minCount: 1 })).path).toEqual([0, 0, 'items', 0]);
    expect(thrown(() => sequentialPatterns([], { minCount: 1, maxgap: 3 } as never)).message).toContain('maxGap');
  });

  it('maxPatterns stops the search with BUDGET_EXCEEDED', () => {
    const seq = Array.from({ length: 12 }, (_, i) => ({ time: i + 1, items: ['a', 'b'] }));
    const e = thrown(() => sequentialPatterns([seq, seq], { minCount: 2, maxPatterns: 1000 }));
    expect([e.code, e.path]).toEqual(['BUDGET_EXCEEDED', ['options', 'maxPatterns']]);
  });
});
