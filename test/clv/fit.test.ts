import { describe, expect, it } from 'vitest';
import { fitMaximumLikelihood } from '../../src/clv/fit.js';
import { CrmError } from '../../src/core/index.js';

// Gamma(shape k, rate λ) sample: the MLE has a closed-form check via the score equations.
const xs = [0.8, 1.9, 2.4, 0.3, 1.1, 3.2, 0.9, 1.5, 2.2, 0.6, 1.7, 2.9];
const n = xs.length;
const sum = xs.reduce((a, b) => a + b, 0);
const sumLog = xs.reduce((a, b) => a + Math.log(b), 0);
import { digamma, logGamma } from '../../src/core/math/index.js';
const ll = ([k, l]: readonly number[]): number => n * k! * Math.log(l!) - n * logGamma(k!) + (k! - 1) * sumLog - l! * sum;

describe('fitMaximumLikelihood', () => {
  it('finds the gamma MLE with and without an analytic gradient and agrees on standard errors', () => {
    const withGrad = fitMaximumLikelihood<{ k: number; l: number }>(
      {
        names: ['k', 'l'],
        logLikelihood: ll,
        logLikelihoodWithGradient: (p, g) => {
          const [k, l] = p as [number, number];
          g[0] = n * Math.log(l) - n * digamma(k) + sumLog;
          g[1] = (n * k) / l - sum;
          return ll(p);
        },
        start: [1, 1],
        customers: n,
      },
      {},
    );
    const noGrad = fitMaximumLikelihood<{ k: number; l: number }>({ names: ['k', 'l'], logLikelihood: ll, start: [1, 1], customers: n });
    expect(withGrad.converged).toBe(true);
    expect(noGrad.converged).toBe(true);
    const { k, l } = withGrad.params;
    // Score equations: λ = k / mean, ln k − ψ(k) = ln(mean) − mean(ln x).
    expect(l).toBeCloseTo(k / (sum / n), 6);
    expect(Math.log(k) - digamma(k)).toBeCloseTo(Math.log(sum / n) - sumLog / n, 8);
    expect(noGrad.params.k).toBeCloseTo(k, 5);
    expect(withGrad.standardErrors.k).not.toBeNull();
    expect(noGrad.standardErrors.k! / withGrad.standardErrors.k!).toBeCloseTo(1, 3);
    // Fisher information of the gamma: I = n [[ψ'(k), −1/λ], [−1/λ, k/λ²]]; SE_k = sqrt(k / (n (kψ'(k) − 1))).
    const h = 1e-5;
    const trigamma = (digamma(k + h) - digamma(k - h)) / (2 * h);
    expect(withGrad.standardErrors.k!).toBeCloseTo(Math.sqrt(k / (n * (k * trigamma - 1))), 5);
  });

  it('rejects bad options with a path', () => {
    const p = { names: ['k', 'l'] as const, logLikelihood: ll, start: [1, 1], customers: n };
    expect(() => fitMaximumLikelihood<{ k: number; l: number }>({ ...p, names: ['k', 'l'] }, { initialParams: { k: -1 } })).toThrow(CrmError);
    let caught: unknown;
    try {
      fitMaximumLikelihood<{ k: number; l: number }>({ ...p, names: ['k', 'l'] }, { maxIterations: 0 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CrmError);
    expect((caught as CrmError).path).toEqual(['options', 'maxIterations']);
  });
});
