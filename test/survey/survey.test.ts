// crm-analytics/survey against scipy/numpy (test/fixtures/survey, script beside it), hand-worked
// cases, the key-driver → importance-satisfaction path, and bad input.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cronbachAlpha, keyDrivers, netPromoterScore, proportionInterval, sampleSize, topBox } from '../../src/survey/index.js';
import { importanceSatisfactionMatrix } from '../../src/value/index.js';
import { thrown } from '../crm-error.js';

const ref = JSON.parse(readFileSync(new URL('../fixtures/survey/reference.json', import.meta.url), 'utf8')) as {
  items: number[][]; alpha: number; standardizedAlpha: number; alphaIfDropped: number[]; standardizedAlphaIfDropped: number[]; itemRest: number[];
  drivers: Record<'price' | 'service' | 'quality' | 'overall', number[]>;
  rSquared: number; correlation: number[]; beta: number[]; relativeWeight: number[]; shapley: number[];
  proportion: { cases: [number, number][]; wilson: [number, number][]; exact: [number, number][] };
  nps: { answers: number[]; nps: number };
};
const near = (a: number | null, b: number, tol = 1e-9): void => expect(Math.abs(a! - b)).toBeLessThan(tol);

describe('against scipy / numpy', () => {
  it("Cronbach's alpha, standardized alpha, alpha if dropped and item-rest correlations", () => {
    const a = cronbachAlpha(ref.items);
    near(a.alpha, ref.alpha);
    near(a.standardizedAlpha, ref.standardizedAlpha);
    a.items.forEach((item, j) => {
      near(item.alphaIfDropped, ref.alphaIfDropped[j]!);
      near(item.standardizedAlphaIfDropped, ref.standardizedAlphaIfDropped[j]!);
      near(item.itemRestCorrelation, ref.itemRest[j]!);
    });
  });
  it('Wilson and Clopper–Pearson intervals', () => {
    ref.proportion.cases.forEach(([k, n], i) => {
      const w = proportionInterval(k, n);
      near(w.lower, ref.proportion.wilson[i]![0], 1e-12);
      near(w.upper, ref.proportion.wilson[i]![1], 1e-12);
      const e = proportionInterval(k, n, { method: 'exact' });
      near(e.lower, ref.proportion.exact[i]![0], 1e-10);
      near(e.upper, ref.proportion.exact[i]![1], 1e-10);
    });
  });
  it('key drivers: R², correlations, betas, relative weights and Shapley values', () => {
    const rows = ref.drivers.overall.map((overall, i) => ({ overall, price: ref.drivers.price[i]!, service: ref.drivers.service[i]!, quality: ref.drivers.quality[i]! }));
    const kd = keyDrivers(rows, { outcome: 'overall', drivers: ['price', 'service', 'quality'] });
    near(kd.rSquared, ref.rSquared);
    kd.drivers.forEach((d, j) => {
      near(d.correlation, ref.correlation[j]!);
      near(d.beta, ref.beta[j]!);
      near(d.relativeWeight, ref.relativeWeight[j]!);
      near(d.shapley, ref.shapley[j]!);
    });
    near(kd.drivers.reduce((s, d) => s + d.relativeWeight, 0), kd.rSquared);
    near(kd.drivers.reduce((s, d) => s + d.shapley!, 0), kd.rSquared);
    // The output plugs into the importance–satisfaction matrix as it is.
    const matrix = importanceSatisfactionMatrix(kd.drivers);
    expect(matrix.attributes.map((a) => a.name)).toEqual(['price', 'service', 'quality']);
  });
  it('NPS', () => near(netPromoterScore(ref.nps.answers).nps, ref.nps.nps));
});

describe('hand-worked', () => {
  it('NPS of 8 answers: 4 promoters, 2 detractors → 25, with its multinomial standard error', () => {
    const s = netPromoterScore([10, 9, 9, 8, 7, 6, 3, 10]);
    expect([s.nps, s.promoters, s.passives, s.detractors]).toEqual([25, 4, 2, 2]);
    near(s.stdErr, 100 * Math.sqrt((0.5 + 0.25 - 0.0625) / 8));
  });
  it('top-2-box of a 1–5 scale; sample sizes from Cochran', () => {
    expect(topBox([5, 4, 3, 5, 2, 4, 5, 1]).proportion).toBe(0.625);
    expect(topBox([7, 6, 5, 1], { scaleMax: 7, boxes: 3 }).successes).toBe(3);
    expect(sampleSize({ margin: 0.05 }).n).toBe(385);
    expect(sampleSize({ margin: 0.05, population: 1000 }).n).toBe(278);
    expect(sampleSize({ margin: 2, standardDeviation: 10 }).n).toBe(97);
  });
});

describe('bad input', () => {
  it('out-of-scale answers name the answer', () => {
    expect(thrown(() => netPromoterScore([9, 11])).path).toEqual(['answers', 1]);
    expect(thrown(() => topBox([1, 6])).path).toEqual(['answers', 1]);
    expect(thrown(() => netPromoterScore([9, 8.5])).message).toContain('out of scale');
  });
  it('ragged or constant items, collinear drivers, too many Shapley drivers', () => {
    expect(thrown(() => cronbachAlpha([[1, 2], [3]])).path).toEqual(['responses', 1]);
    expect(thrown(() => cronbachAlpha([[1, 2], [1, 3], [1, 4]])).message).toContain('same answer');
    const rows = [1, 2, 3, 4, 5, 6].map((x) => ({ y: x * 2 + (x % 2), a: x, b: 2 * x }));
    expect(thrown(() => keyDrivers(rows, { outcome: 'y', drivers: ['a', 'b'] })).message).toContain('collinear');
    const wide = Array.from({ length: 20 }, (_, i) => Object.fromEntries([['y', i % 3], ...Array.from({ length: 14 }, (_, j) => [`d${j}`, (i * (j + 3)) % 7])]));
    expect(thrown(() => keyDrivers(wide, { outcome: 'y', drivers: Array.from({ length: 14 }, (_, j) => `d${j}`), importance: 'shapley' })).code).toBe('BUDGET_EXCEEDED');
    expect(thrown(() => proportionInterval(5, 4)).path).toEqual(['successes']);
    expect(thrown(() => sampleSize({ margin: 0.05, proportoin: 0.3 } as never)).message).toContain('did you mean "proportion"');
  });
});
