import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CrmError } from '../../src/core/index.js';
import { hyp2f1, logHyp2f1 } from '../../src/core/math/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ref: any = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/clv/heavy_buyers_mpmath.json', import.meta.url)), 'utf8'));

describe('hyp2f1', () => {
  it('matches mpmath on ordinary, negative-z, near-1, terminating and huge-parameter cases', () => {
    for (const c of ref.hyp2f1 as Array<{ a: number; b: number; c: number; z: number; value: number | null; log: number; sign: number }>) {
      const l = logHyp2f1(c.a, c.b, c.c, c.z);
      expect(l.sign).toBe(c.sign);
      // z > 0.9 with an integer c − a − b is the connection formula's pole case (averaged c ± 2ε):
      // documented accuracy 1e-8 there, 1e-11 elsewhere.
      const d = c.c - c.a - c.b;
      const tol = c.z > 0.9 && Math.abs(d - Math.round(d)) < 1e-4 ? 1e-8 : 1e-11;
      expect(Math.abs(l.log - c.log)).toBeLessThan(tol * Math.max(1, Math.abs(c.log)));
      if (c.value !== null) {
        const v = hyp2f1(c.a, c.b, c.c, c.z);
        expect(Math.abs(v - c.value)).toBeLessThan(tol * Math.max(1, Math.abs(c.value)));
      }
    }
  });
  it('closed forms: 2F1(1,1;2;z) = −ln(1−z)/z and 2F1(a,b;b;z) = (1−z)^−a', () => {
    for (const z of [-3, -0.5, 0.1, 0.7, 0.99]) {
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log1p(-z) / z, 12);
      expect(hyp2f1(0.37, 2.2, 2.2, z)).toBeCloseTo((1 - z) ** -0.37, 12);
    }
  });
  it('rejects z ≥ 1 and non-positive integer c', () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(CrmError);
    expect(() => hyp2f1(1, 1, -2, 0.5)).toThrow(CrmError);
    expect(() => hyp2f1(1, Number.NaN, 2, 0.5)).toThrow(CrmError);
  });
});
