import { describe, expect, it } from 'vitest';
import { logBeta, logGamma, logSumExp, logAddExp, logSubExp, nelderMead } from '../../src/core/math/index.js';

// Reference values: mpmath 1.3 loggamma at 30 digits (python3 -c "import mpmath; mpmath.mp.dps=30; print(mpmath.loggamma(x))").
const LGAMMA: Array<[number, number]> = [
  [1e-8, 18.420680738180208905],
  [0.1, 2.2527126517342059599],
  [0.5, 0.57236494292470008707],
  [1, 0],
  [1.5, -0.12078223763524522234],
  [2, 0],
  [3.7, 1.4280723266653879219],
  [9.99, 12.77931521435019288],
  [10, 12.801827480081469611],
  [25.5, 56.389167643719946744],
  [100, 359.13420536957539878],
  [1e5, 1051287.7089736568],
];

describe('logGamma', () => {
  it.each(LGAMMA)('lnΓ(%d) matches the high-precision value', (x, expected) => {
    const got = logGamma(x);
    const scale = Math.max(1, Math.abs(expected));
    expect(Math.abs(got - expected) / scale).toBeLessThan(2e-15 * 8);
  });
  it('agrees with ln((n-1)!) for integers', () => {
    let logFact = 0;
    for (let n = 2; n < 60; n++) {
      logFact += Math.log(n - 1);
      expect(logGamma(n)).toBeCloseTo(logFact, 11);
    }
  });
  it('returns Infinity at 0 and NaN for negatives', () => {
    expect(logGamma(0)).toBe(Infinity);
    expect(logGamma(-1)).toBeNaN();
  });
});

describe('logBeta', () => {
  it('matches closed forms', () => {
    expect(logBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 14);
    expect(logBeta(0.5, 0.5)).toBeCloseTo(Math.log(Math.PI), 14);
  });
});

describe('logSumExp family', () => {
  it('does not overflow', () => {
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
    expect(logSumExp([])).toBe(-Infinity);
    expect(logAddExp(-1e4, -1e4)).toBeCloseTo(-1e4 + Math.LN2, 10);
    expect(logSubExp(Math.log(3), 0)).toBeCloseTo(Math.log(2), 14);
    expect(logSubExp(1e-20, 0)).toBeCloseTo(Math.log(1e-20), 6);
  });
});

describe('nelderMead', () => {
  it('finds the Rosenbrock minimum', () => {
    const rosen = (x: readonly number[]) => 100 * ((x[1] as number) - (x[0] as number) ** 2) ** 2 + (1 - (x[0] as number)) ** 2;
    const r = nelderMead(rosen, [-1.2, 1], { maxIterations: 5000 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 5);
    expect(r.x[1]).toBeCloseTo(1, 5);
  });
  it('treats non-finite values as rejected points', () => {
    const f = (x: readonly number[]) => ((x[0] as number) < 0 ? Number.NaN : ((x[0] as number) - 2) ** 2);
    const r = nelderMead(f, [1]);
    expect(r.x[0]).toBeCloseTo(2, 6);
  });
});
