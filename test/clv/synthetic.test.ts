import { describe, expect, it } from 'vitest';
import * as bgNbd from '../../src/clv/bg-nbd.js';
import * as modifiedBgNbd from '../../src/clv/modified-bg-nbd.js';
import * as paretoNbd from '../../src/clv/pareto-nbd.js';

describe('seeded simulation and parameter recovery', () => {
  const truth = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
  const n = 30_000;
  const T = Array.from({ length: n }, (_, i) => 40 + (i % 13));
  it('simulate is deterministic for a seed and respects the data contract', () => {
    const a = bgNbd.simulate(truth, { T: T.slice(0, 500), seed: 5 });
    const b = bgNbd.simulate(truth, { T: T.slice(0, 500), seed: 5 });
    const c = bgNbd.simulate(truth, { T: T.slice(0, 500), seed: 6 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    a.frequency.forEach((x, i) => {
      expect(Number.isInteger(x)).toBe(true);
      expect(a.recency[i]).toBeLessThanOrEqual(a.T[i] as number);
      if (x === 0) expect(a.recency[i]).toBe(0);
    });
  });
  for (const [name, model] of [
    ['bgNbd', bgNbd],
    ['modifiedBgNbd', modifiedBgNbd],
  ] as const) {
    it(`${name}: fitting ${n.toLocaleString('en')} simulated customers (day-level recency, compressed) recovers the truth within 2 standard errors`, () => {
      const sim = model.simulate(truth, { T, seed: 11, resolution: 1 / 7 });
      const fit = model.fit(sim);
      expect(fit.converged).toBe(true);
      expect(fit.customers).toBe(n);
      for (const k of ['r', 'alpha', 'a', 'b'] as const) {
        const se = fit.standardErrors[k] as number;
        expect(se).toBeGreaterThan(0);
        expect(Math.abs(fit.params[k] - truth[k])).toBeLessThan(2 * se);
      }
    });
  }
  for (const truthP of [
    { r: 0.55, alpha: 10.6, s: 0.61, beta: 11.7 }, // α < β branch of the likelihood
    { r: 0.8, alpha: 6, s: 0.5, beta: 2 }, // α ≥ β branch
  ]) {
    it(`paretoNbd (α ${truthP.alpha}, β ${truthP.beta}): simulated customers recover the truth within 2 standard errors`, () => {
      const sim = paretoNbd.simulate(truthP, { T: T.slice(0, 12_000), seed: 13, resolution: 1 / 7 });
      const fit = paretoNbd.fit(sim);
      expect(fit.converged).toBe(true);
      for (const k of ['r', 'alpha', 's', 'beta'] as const) {
        const se = fit.standardErrors[k] as number;
        expect(se).toBeGreaterThan(0);
        expect(Math.abs(fit.params[k] - truthP[k])).toBeLessThan(2 * se);
      }
    });
  }
});
