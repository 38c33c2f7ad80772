import fc from 'fast-check';
import { interquartileRange } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { CrmError } from '../../src/core/index.js';
import { aggregateTrust, trustScore } from '../../src/trust/index.js';

const path = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CrmError);
    return `${(e as CrmError).code} ${(e as CrmError).path.join('.')}`;
  }
  return 'no error';
};

describe('trustScore (Maister, Green & Galford 2000): hand-worked (docs/trust.md)', () => {
  it('C 7, R 8, I 5, S 4 on [1, 10]', () => {
    const t = trustScore({ credibility: 7, reliability: 8, intimacy: 5, selfOrientation: 4 });
    expect(t.score).toBe(5); // 20 / 4
    expect(t.range).toEqual([0.3, 30]); // 3·1/10, 3·10/1
    expect(t.normalized).toBeCloseTo((5 - 0.3) / 29.7, 14); // 0.158249
    // S 4 → 3 gives 20/3 − 5 = 1.6667; one more point of C, R or I gives 1/4
    expect(t.levers.map((l) => [l.component, Number(l.gain.toFixed(4))])).toEqual([
      ['selfOrientation', 1.6667],
      ['intimacy', 0.25],
      ['credibility', 0.25],
      ['reliability', 0.25],
    ]);
    expect(t.weakestLever).toBe('selfOrientation');
    expect(t.reasons[0]).toBe('T = (C + R + I) / S = (7 + 8 + 5) / 4 = 5');
  });
  it('when S is already low, the lowest of C, R, I is the lever', () => {
    // C 3, R 9, I 6, S 2: T = 9; S 2 → 1 gives 18 − 9 = 9 > 1/2 for a point of C, R or I
    expect(trustScore({ credibility: 3, reliability: 9, intimacy: 6, selfOrientation: 2 }).weakestLever).toBe('selfOrientation');
    // S at the scale minimum cannot improve: the lowest of C, R, I (most headroom) is chosen
    const t = trustScore({ credibility: 3, reliability: 9, intimacy: 6, selfOrientation: 1 });
    expect(t.weakestLever).toBe('credibility');
    expect(t.levers.find((l) => l.component === 'selfOrientation')!.gain).toBe(0);
  });
  it('all components at their best: no lever', () => {
    const t = trustScore({ credibility: 10, reliability: 10, intimacy: 10, selfOrientation: 1 });
    expect(t).toMatchObject({ score: 30, normalized: 1, weakestLever: null });
  });
  it('another scale', () => {
    const t = trustScore({ credibility: 5, reliability: 5, intimacy: 5, selfOrientation: 5 }, { scale: [1, 5] });
    expect(t.score).toBe(3);
    expect(t.range).toEqual([0.6, 15]);
  });
  it('bad input names the field (S = 0, outside the scale, bad scale)', () => {
    const ok = { credibility: 7, reliability: 8, intimacy: 5, selfOrientation: 4 };
    expect(path(() => trustScore({ ...ok, selfOrientation: 0 }))).toBe('INVALID_INPUT selfOrientation');
    expect(path(() => trustScore({ ...ok, credibility: 11 }))).toBe('INVALID_INPUT credibility');
    expect(path(() => trustScore({ ...ok, intimacy: Number.NaN }))).toBe('INVALID_INPUT intimacy');
    expect(path(() => trustScore(ok, { scale: [0, 10] }))).toBe('INVALID_OPTION options.scale.0');
    expect(path(() => trustScore(ok, { scale: [5, 5] }))).toBe('INVALID_OPTION options.scale.1');
  });
  it('property: monotone in C, R, I and antitone in S; normalized in [0, 1]', () => {
    const v = fc.integer({ min: 1, max: 10 });
    fc.assert(
      fc.property(v, v, v, v, fc.constantFrom('credibility', 'reliability', 'intimacy', 'selfOrientation'), fc.integer({ min: 1, max: 9 }), (c, r, i, s, k, step) => {
        const base = { credibility: c, reliability: r, intimacy: i, selfOrientation: s };
        const bumped = { ...base, [k]: Math.min(10, base[k as keyof typeof base] + step) };
        const a = trustScore(base);
        const b = trustScore(bumped);
        if (k === 'selfOrientation') expect(b.score).toBeLessThanOrEqual(a.score);
        else expect(b.score).toBeGreaterThanOrEqual(a.score);
        if (bumped[k as keyof typeof base] !== base[k as keyof typeof base]) {
          if (k === 'selfOrientation') expect(b.score).toBeLessThan(a.score);
          else expect(b.score).toBeGreaterThan(a.score);
        }
        expect(a.normalized).toBeGreaterThanOrEqual(0);
        expect(a.normalized).toBeLessThanOrEqual(1);
        // the weakest lever's gain is the largest gain
        expect(a.levers[0]!.gain).toBe(Math.max(...a.levers.map((l) => l.gain)));
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});

describe('aggregateTrust', () => {
  const responses = [
    { subjectId: 'ann', credibility: 8, reliability: 8, intimacy: 6, selfOrientation: 4 }, // 5.5
    { subjectId: 'ann', credibility: 6, reliability: 7, intimacy: 5, selfOrientation: 3 }, // 6
    { subjectId: 'ann', credibility: 9, reliability: 9, intimacy: 8, selfOrientation: 5 }, // 5.2
    { subjectId: 'bob', credibility: 5, reliability: 5, intimacy: 5, selfOrientation: 5 }, // 3
    { subjectId: '__proto__', credibility: 5, reliability: 5, intimacy: 5, selfOrientation: 5 },
  ];
  const out = aggregateTrust(responses);
  it('hand-worked: mean score, t interval (scipy.stats.t.interval gives 4.562714, 6.570619)', () => {
    const ann = out.find((s) => s.subjectId === 'ann')!;
    expect(ann.respondents).toBe(3);
    expect(ann.meanScore).toBeCloseTo(16.7 / 3, 12);
    expect(ann.meanComponents).toEqual({ credibility: 23 / 3, reliability: 8, intimacy: 19 / 3, selfOrientation: 4 });
    expect(ann.scoreOfMeans).toBeCloseTo((23 / 3 + 8 + 19 / 3) / 4, 12);
    expect(ann.spread.standardDeviation).toBeCloseTo(0.40414518843273795, 12);
    expect(ann.confidenceInterval!.lower).toBeCloseTo(4.562714363058459, 9);
    expect(ann.confidenceInterval!.upper).toBeCloseTo(6.570618970274874, 9);
    expect(ann.spread).toMatchObject({ min: 5.2, max: 6, interquartileRange: interquartileRange([5.5, 6, 5.2]) });
  });
  it('one respondent: no interval, no NaN; sorted; hostile ids', () => {
    expect(out.map((s) => s.subjectId)).toEqual(['__proto__', 'ann', 'bob']);
    const bob = out.find((s) => s.subjectId === 'bob')!;
    expect(bob).toMatchObject({ respondents: 1, meanScore: 3, confidenceInterval: null, spread: { standardDeviation: null } });
    expect(JSON.stringify(out)).not.toMatch(/NaN|Infinity/);
  });
  it('bad input names the field', () => {
    expect(path(() => aggregateTrust([{ ...responses[0]!, selfOrientation: 0 }]))).toBe('INVALID_INPUT 0.selfOrientation');
    expect(path(() => aggregateTrust([{ ...responses[0]!, subjectId: '' }]))).toBe('INVALID_INPUT 0.subjectId');
    expect(path(() => aggregateTrust(responses, { confidence: 1 }))).toBe('INVALID_OPTION options.confidence');
  });
});
