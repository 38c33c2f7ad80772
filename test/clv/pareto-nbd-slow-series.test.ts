import { describe, expect, it } from 'vitest';
import { paretoNbd } from '../../src/clv/index.js';

// Found by the hardening fuzz suite: with α ≪ β and tiny r, s the 2F1 series of H(y) has z → 1 and
// crawls past its term cap; the closed form then returned NaN (T = 0.01) or a value 1e-6 off
// (T = 0.1). The fallback integrates A₀ directly. Reference: mpmath 1.3 at 40 digits,
//   L = Γ(r+x)α^r β^s/Γ(r) [(α+T)^−(r+x)(β+T)^−s + s ∫_0^T (α+τ)^−(r+x)(β+τ)^−(s+1) dτ] with mp.quad.
const params = { r: 0.001, alpha: 0.001, s: 0.001, beta: 7.7759822431339485 };
const REFERENCE: Array<[number, number, number]> = [
  // T, ln L, P(alive)
  [0.01, -0.0023978942949018579, 0.99999871383796757],
  [0.02, -0.0030445202571586383, 0.99999742910239453],
  [0.1, -0.0046151082797189214, 0.99998720972206141],
];

describe('Pareto/NBD where the hypergeometric series converges too slowly', () => {
  it.each(REFERENCE)('T = %d: log-likelihood and P(alive) match mpmath', (T, logL, alive) => {
    const c = { frequency: 0, recency: 0, T };
    expect(paretoNbd.logLikelihood(params, [c])).toBeCloseTo(logL, 13);
    expect(paretoNbd.probabilityAlive(params, c)).toBeCloseTo(alive, 13);
    expect(Number.isFinite(paretoNbd.conditionalExpectedPurchases(params, 1, c))).toBe(true);
  });
});
