import { describe, expect, it } from 'vitest';
import { fitMaximumLikelihood, withRefitHints } from '../../src/clv/fit.js';
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

describe('refit hints (the bootstrap’s internal fit options)', () => {
  // a nearby problem: the gamma likelihood tilted by c·ln k, refitted from the untilted estimate
  const tilted = (c: number, count: { evaluations: number }) => ({
    names: ['k', 'l'] as ['k', 'l'],
    logLikelihood: (p: readonly number[]) => ll(p) + c * Math.log(p[0]!),
    logLikelihoodWithGradient: (p: readonly number[], g: number[]) => {
      count.evaluations++;
      const [k, l] = p as [number, number];
      g[0] = n * Math.log(l) - n * digamma(k) + sumLog + c / k;
      g[1] = (n * k) / l - sum;
      return ll(p) + c * Math.log(k);
    },
    start: [1, 1],
    customers: n,
  });
  it('a warm start with the covariance reaches the same maximum in fewer evaluations; skipInformation returns no standard errors', () => {
    const first = fitMaximumLikelihood<{ k: number; l: number }>(tilted(0, { evaluations: 0 }));
    const warm = { initialParams: first.params };
    const plainCount = { evaluations: 0 };
    const plain = fitMaximumLikelihood<{ k: number; l: number }>(tilted(0.5, plainCount), warm);
    const hintedCount = { evaluations: 0 };
    const hinted = fitMaximumLikelihood<{ k: number; l: number }>(tilted(0.5, hintedCount), withRefitHints(warm, { skipInformation: true, covariance: first.covariance as number[][] }));
    expect(plain.converged).toBe(true);
    expect(hinted.converged).toBe(true);
    expect(Math.abs(hinted.params.k / first.params.k - 1)).toBeGreaterThan(1e-3); // the tilt moved the maximum
    expect(Math.abs(hinted.params.k / plain.params.k - 1)).toBeLessThan(1e-6);
    expect(Math.abs(hinted.params.l / plain.params.l - 1)).toBeLessThan(1e-6);
    expect(hinted.covariance).toBeNull();
    expect(hinted.standardErrors.k).toBeNull();
    expect(plain.standardErrors.k).not.toBeNull();
    // the plain fit also spends 2k = 4 gradient evaluations on its Hessian
    expect(hintedCount.evaluations).toBeLessThan(plainCount.evaluations - 4);
  });
});
