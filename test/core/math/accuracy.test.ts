// core/math against mpmath at 50 digits (scipy agrees where it has the function): the fixture
// test/fixtures/core/math_accuracy.json is made by test/fixtures/core/math_accuracy.py, stored next
// to it; the tests read only the JSON. One describe per function (issue 17 item 5).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dampedNewton } from '../../../src/core/math/damped-newton.js';
import { digamma } from '../../../src/core/math/digamma.js';
import { digammaDifference } from '../../../src/core/math/digamma-difference.js';
import { gaussLegendreNodes, integrate } from '../../../src/core/math/integrate.js';
import { logGamma } from '../../../src/core/math/log-gamma.js';
import { logPochhammer } from '../../../src/core/math/log-pochhammer.js';
import { regularizedIncompleteBeta } from '../../../src/core/math/regularized-incomplete-beta.js';
import { solveLinear } from '../../../src/core/math/solve-linear.js';
import { studentTCdf, studentTTwoSidedP } from '../../../src/core/math/student-t-cdf.js';
import { studentTQuantile } from '../../../src/core/math/student-t-quantile.js';
import { trigamma } from '../../../src/core/math/trigamma.js';

interface Fixture {
  trigamma: Array<{ x: number; value: number }>;
  digammaDifference: Array<{ z: number; n: number; value: number }>;
  regularizedIncompleteBeta: Array<{ x: number; a: number; b: number; value: number }>;
  studentT: Array<{ t: number; df: number; cdf: number; twoSided: number }>;
  studentTQuantile: Array<{ p: number; df: number; value: number }>;
  integrate: Array<{ name: string; a: number; b: number; panels: number; points: 16 | 20; value: number }>;
  dampedNewton: { data: number[]; shape: number; rate: number };
}
const ref = JSON.parse(readFileSync(new URL('../../fixtures/core/math_accuracy.json', import.meta.url), 'utf8')) as Fixture;

const relErr = (got: number, want: number): number => Math.abs(got - want) / Math.max(Math.abs(want), 1e-300);

describe('trigamma ψ′(x) against mpmath psi(1, x)', () => {
  it('relative error below 1e-14 from x = 1e-3 to 1e8 (both sides of the recurrence switch at 6)', () => {
    expect(ref.trigamma.length).toBe(11);
    for (const { x, value } of ref.trigamma) expect(relErr(trigamma(x), value)).toBeLessThan(1e-14);
  });
  it('is NaN outside x > 0 and 0 at +Infinity', () => {
    expect(trigamma(0)).toBeNaN();
    expect(trigamma(-1)).toBeNaN();
    expect(trigamma(Number.POSITIVE_INFINITY)).toBe(0);
  });
});

describe('digammaDifference ψ(z+n) − ψ(z) against mpmath', () => {
  it('relative error below 1e-14 for whole n ≤ 64 (the sum), absolute 1e-13 otherwise (two digammas)', () => {
    for (const { z, n, value } of ref.digammaDifference) {
      if (value === 0) expect(digammaDifference(z, n)).toBe(0);
      else if (Number.isInteger(n) && n <= 64) expect(relErr(digammaDifference(z, n), value)).toBeLessThan(1e-14);
      else expect(Math.abs(digammaDifference(z, n) - value)).toBeLessThan(1e-13);
    }
    const big = ref.digammaDifference.find((r) => r.z === 1e12) as { z: number; n: number; value: number };
    expect(relErr(digamma(big.z + big.n) - digamma(big.z), big.value)).toBeGreaterThan(1e-6); // what the naive form loses
  });
});

describe('regularizedIncompleteBeta I_x(a, b) against mpmath betainc', () => {
  it('relative error below 1e-12 (absolute 1e-15) on 100 points, a and b from 0.5 to 150', () => {
    expect(ref.regularizedIncompleteBeta.length).toBe(100);
    for (const { x, a, b, value } of ref.regularizedIncompleteBeta) {
      expect(Math.abs(regularizedIncompleteBeta(x, a, b) - value)).toBeLessThanOrEqual(1e-12 * value + 1e-15);
    }
  });
});

describe('Student t CDF and two-sided p against mpmath', () => {
  it('CDF to 1e-13 absolute and the two-sided tail to 1e-11 relative, df from 1 to 1000', () => {
    expect(ref.studentT.length).toBe(48);
    for (const { t, df, cdf, twoSided } of ref.studentT) {
      expect(Math.abs(studentTCdf(t, df) - cdf)).toBeLessThan(1e-13);
      expect(Math.abs(studentTTwoSidedP(t, df) - twoSided)).toBeLessThanOrEqual(1e-11 * twoSided + 1e-300);
    }
  });
});

describe('Student t quantile against mpmath (root of the CDF)', () => {
  it('relative error below 1e-12 for 1e-6 < p < 1 − 1e-6, 5e-11 at p = 1 − 1e-6 (the tail CDF limits the bisection)', () => {
    expect(ref.studentTQuantile.length).toBe(42);
    for (const { p, df, value } of ref.studentTQuantile) {
      const tol = p === 0.999999 || p === 1e-6 ? 5e-11 : 1e-12;
      expect(Math.abs(studentTQuantile(p, df) - value)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(value)));
    }
  });
});

describe('Gauss–Legendre integrate against mpmath quad', () => {
  // The integrands named in the fixture, written as in the models that use them.
  const logNb = (tau: number): number => {
    const [r, alpha, n] = [0.553, 10.578, 2];
    return logPochhammer(r, n) - logGamma(n + 1) + r * (Math.log(alpha) - Math.log(alpha + tau)) + n * (Math.log(tau) - Math.log(alpha + tau));
  };
  const z = 0.0027 * (11.669 + 77.86);
  const integrands: Record<string, (x: number) => number> = {
    exp: Math.exp,
    arctan: (x) => 1 / (1 + x * x),
    sqrt: Math.sqrt,
    paretoPmf: (u) => Math.exp(logNb(11.669 * Math.expm1(u)) + Math.log(0.606) - 0.606 * u),
    dert: (y) => Math.exp((1 - 0.4081095) * y - z * Math.expm1(y)),
  };
  it.each(ref.integrate)('$name on [$a, $b], $panels panels of $points points', ({ name, a, b, panels, points, value }) => {
    const f = integrands[name] as (x: number) => number;
    // √x has a singular derivative at 0: the rule converges slowly there, the others to rounding.
    expect(relErr(integrate(f, a, b, { panels, points }), value)).toBeLessThan(name === 'sqrt' ? 1e-6 : 1e-13);
  });
  it('visits panels × points nodes whose weights sum to b − a', () => {
    let count = 0;
    let total = 0;
    gaussLegendreNodes(-1, 3, { panels: 8, points: 16 }, (_x, w, j) => {
      expect(j).toBe(count);
      count++;
      total += w;
    });
    expect(count).toBe(128);
    expect(total).toBeCloseTo(4, 13);
  });
});

describe('dampedNewton against mpmath (the Gamma-distribution MLE)', () => {
  const xs = ref.dampedNewton.data;
  const n = xs.length;
  const sx = xs.reduce((s, v) => s + v, 0);
  const slx = xs.reduce((s, v) => s + Math.log(v), 0);
  // ℓ(k, λ) = n(k ln λ − ln Γ(k)) + (k − 1) Σ ln x − λ Σ x, with its gradient and Hessian.
  const loglik = (t: readonly number[], g: number[], h: Float64Array): number => {
    const [k, lam] = t as [number, number];
    g[0] = n * (Math.log(lam) - digamma(k)) + slx;
    g[1] = (n * k) / lam - sx;
    h[0] = -n * trigamma(k);
    h[1] = n / lam;
    h[2] = n / lam;
    h[3] = (-n * k) / (lam * lam);
    return n * (k * Math.log(lam) - logGamma(k)) + (k - 1) * slx - lam * sx;
  };
  it('reaches the shape and rate to 1e-9 relative from a far start, in few iterations', () => {
    const r = dampedNewton(loglik, [20, 0.01], { tolerance: 1e-12, maxIterations: 100, scale: n });
    expect(r).toBeDefined();
    const { theta, iterations, hessian } = r as NonNullable<typeof r>;
    expect(relErr(theta[0] as number, ref.dampedNewton.shape)).toBeLessThan(1e-9);
    expect(relErr(theta[1] as number, ref.dampedNewton.rate)).toBeLessThan(1e-9);
    expect(iterations).toBeLessThan(40);
    expect(hessian[0]).toBeCloseTo(-n * trigamma(theta[0] as number), 8);
  });
  it('respects lower bounds (θ > lower) and reports failure as undefined', () => {
    const r = dampedNewton(loglik, [3, 1], { tolerance: 1e-12, maxIterations: 100, scale: n, lowerBounds: [1.6, 0] });
    expect(r === undefined || (r.theta[0] as number) > 1.6).toBe(true);
    expect(dampedNewton(() => Number.NaN, [1, 1], { tolerance: 1e-8, maxIterations: 10 })).toBeUndefined();
    expect(dampedNewton(loglik, [20, 0.01], { tolerance: 1e-12, maxIterations: 1, scale: n })).toBeUndefined();
  });
});

describe('solveLinear', () => {
  it('solves a pivoting-needing 3 × 3 system and refuses a singular one', () => {
    const x = solveLinear([0, 2, 1, 1, 1, 1, 2, 1, 3], [5, 6, 13]) as number[];
    // Solution (1, 2, 3)... check by substitution
    expect(x[0]! * 0 + x[1]! * 2 + x[2]! * 1).toBeCloseTo(5, 12);
    expect(x[0]! + x[1]! + x[2]!).toBeCloseTo(6, 12);
    expect(2 * x[0]! + x[1]! + 3 * x[2]!).toBeCloseTo(13, 12);
    expect(solveLinear([1, 2, 2, 4], [1, 2])).toBeUndefined();
  });
});
