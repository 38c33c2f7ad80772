import { describe, expect, it } from 'vitest';
import * as modifiedBgNbd from '../../src/clv/modified-bg-nbd.js';
import { cdnowSummary, referenceValues, relClose } from './cdnow.js';

const data = cdnowSummary();
const mle = referenceValues.mbgnbd_mle as { r: number; alpha: number; a: number; b: number; LL: number };

describe('modifiedBgNbd on CDNOW (Batislam, Denizel & Filiztekin 2007)', () => {
  const fit = modifiedBgNbd.fit(data);
  it('reproduces 0.525, 6.183, 0.891, 1.614 (BTYDplus / lifetimes) and the reference LL', () => {
    expect(fit.converged).toBe(true);
    expect(fit.params.r).toBeCloseTo(0.525, 3);
    expect(fit.params.alpha).toBeCloseTo(6.183, 3);
    expect(fit.params.a).toBeCloseTo(0.891, 3);
    expect(fit.params.b).toBeCloseTo(1.614, 3);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(relClose(fit.params[k], mle[k], 1e-5)).toBe(true);
    expect(Math.abs(fit.logLikelihood - mle.LL)).toBeLessThan(1e-6);
  });
  it('x = 0 customers may have dropped out at time 0, so P(alive) < 1; pmf sums to 1 with mean E[X(t)]', () => {
    expect(modifiedBgNbd.probabilityAlive(fit.params, { frequency: 0, recency: 0, T: 38.86 })).toBeLessThan(1);
    // P(X(t) = 0) includes the a/(a+b) who drop out immediately
    expect(modifiedBgNbd.probabilityOfPurchases(fit.params, 0, 0)).toBe(1);
    let s = 0;
    let m = 0;
    for (let n = 0; n < 400; n++) {
      const q = modifiedBgNbd.probabilityOfPurchases(fit.params, 39, n);
      s += q;
      m += n * q;
    }
    expect(s).toBeCloseTo(1, 9);
    expect(m).toBeCloseTo(modifiedBgNbd.expectedPurchases(fit.params, 39), 7);
  });
});
