import { describe, expect, it } from 'vitest';
import { createRandom, CrmError } from '../../src/core/index.js';

describe('createRandom', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = Array.from({ length: 5 }, createRandom(42).next);
    const b = createRandom(42);
    expect(a).toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(createRandom(43).next()).not.toBe(a[0]);
  });
  it('draws with the right moments', () => {
    const rng = createRandom(7);
    const n = 50_000;
    let su = 0;
    let sg = 0;
    let sp = 0;
    let sb = 0;
    for (let i = 0; i < n; i++) {
      su += rng.next();
      sg += rng.gamma(0.5, 2);
      sp += rng.poisson(45);
      sb += rng.beta(2, 6);
    }
    expect(su / n).toBeCloseTo(0.5, 2);
    expect(sg / n).toBeCloseTo(1, 1);
    expect(sp / n / 45).toBeCloseTo(1, 1);
    expect(sb / n).toBeCloseTo(0.25, 2);
  });
  it('shuffles without touching the input', () => {
    const input = Object.freeze([1, 2, 3, 4, 5]);
    const out = createRandom(1).shuffle(input);
    expect([...out].sort()).toEqual([1, 2, 3, 4, 5]);
  });
  it('rejects a non-finite seed', () => {
    expect(() => createRandom(Number.NaN)).toThrow(CrmError);
  });
});
