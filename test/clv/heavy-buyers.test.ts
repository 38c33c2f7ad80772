// Heavy buyers and extreme histories against an independent 60-digit mpmath evaluation of the
// published formulas in their original form (test/fixtures/clv/make_heavy_buyers.py).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as bgNbd from '../../src/clv/bg-nbd.js';
import * as modifiedBgNbd from '../../src/clv/modified-bg-nbd.js';
import * as paretoNbd from '../../src/clv/pareto-nbd.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ref: any = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/clv/heavy_buyers_mpmath.json', import.meta.url)), 'utf8'));

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

interface Case {
  x: number;
  tx: number;
  T: number;
  t: number;
  ll: number;
  palive: number;
  ce: number;
  params?: number[];
}

describe('heavy buyers vs mpmath (x up to 10,000)', () => {
  const bgp = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
  for (const [name, model, rows] of [
    ['bgNbd', bgNbd, ref.bgnbd as Case[]],
    ['modifiedBgNbd', modifiedBgNbd, ref.mbgnbd as Case[]],
  ] as const) {
    it(`${name}: log-likelihood, P(alive), E[Y(39)] finite and within 1e-9 relative`, () => {
      for (const c of rows) {
        const cust = { frequency: c.x, recency: c.tx, T: c.T };
        const ll = model.individualLogLikelihoods(bgp, [cust])[0] as number;
        const pa = model.probabilityAlive(bgp, cust);
        const ce = model.conditionalExpectedPurchases(bgp, c.t, cust);
        expect(Number.isFinite(ll) && Number.isFinite(pa) && Number.isFinite(ce)).toBe(true);
        expect(Math.abs(ll - c.ll)).toBeLessThan(1e-9 * Math.max(1, Math.abs(c.ll)));
        expect(rel(pa, c.palive)).toBeLessThan(1e-9);
        expect(rel(ce, c.ce)).toBeLessThan(1e-8);
      }
    });
  }
  it('bgNbd / modifiedBgNbd E[X(t)] for a < 1 and a > 1, short and very long horizons', () => {
    for (const e of ref.bgnbd_expected as Array<{ t: number; bg: number; mbg: number; bg_a_gt_1: number }>) {
      expect(rel(bgNbd.expectedPurchases(bgp, e.t), e.bg)).toBeLessThan(1e-9);
      expect(rel(modifiedBgNbd.expectedPurchases(bgp, e.t), e.mbg)).toBeLessThan(1e-9);
      expect(rel(bgNbd.expectedPurchases({ ...bgp, a: 1.7 }, e.t), e.bg_a_gt_1)).toBeLessThan(1e-9);
    }
  });
  it('paretoNbd: log-likelihood, P(alive), E[Y(39)] for α ≥ β, α < β and the lifetimes overflow parameters', () => {
    for (const c of ref.paretonbd as Case[]) {
      const [r, alpha, s, beta] = c.params as [number, number, number, number];
      const p = { r, alpha, s, beta };
      const cust = { frequency: c.x, recency: c.tx, T: c.T };
      const ll = paretoNbd.individualLogLikelihoods(p, [cust])[0] as number;
      const pa = paretoNbd.probabilityAlive(p, cust);
      const ce = paretoNbd.conditionalExpectedPurchases(p, c.t, cust);
      expect(Number.isFinite(ll) && Number.isFinite(pa) && Number.isFinite(ce)).toBe(true);
      expect(pa).toBeGreaterThanOrEqual(0);
      expect(pa).toBeLessThanOrEqual(1);
      expect(Math.abs(ll - c.ll)).toBeLessThan(1e-9 * Math.max(1, Math.abs(c.ll)));
      expect(Math.abs(pa - c.palive)).toBeLessThan(1e-9 * Math.max(c.palive, 1e-6));
      expect(Math.abs(ce - c.ce)).toBeLessThan(1e-8 * Math.max(c.ce, 1e-6));
    }
  });
  it('BG/NBD and MBG/NBD in hard corners (a + b < 1, r ≫ 1, t ≫ α, a ≈ 1): E[X(t)] and E[Y(t)] within 1e-8', () => {
    interface Row {
      params: [number, number, number, number];
      t: number;
      bg: number;
      mbg: number;
      ce: Array<{ x: number; tx: number; T: number; bg: number; mbg: number }>;
    }
    for (const row of ref.bg_extreme as Row[]) {
      const [r, alpha, a, b] = row.params;
      const p = { r, alpha, a, b };
      // a within 1e-6 of 1 is evaluated by symmetric averaging (error O(1e-12) relative)
      const tol = Math.abs(a - 1) < 1e-5 ? 1e-6 : 1e-8;
      expect(rel(bgNbd.expectedPurchases(p, row.t), row.bg)).toBeLessThan(tol);
      expect(rel(modifiedBgNbd.expectedPurchases(p, row.t), row.mbg)).toBeLessThan(tol);
      for (const c of row.ce) {
        const cust = { frequency: c.x, recency: c.tx, T: c.T };
        const vb = bgNbd.conditionalExpectedPurchases(p, row.t, cust);
        const vm = modifiedBgNbd.conditionalExpectedPurchases(p, row.t, cust);
        // values far below 1e-300 underflow to 0 (e.g. P(alive) ≈ 1e-2900 for x = 766, t_x = 0)
        expect(Math.abs(vb - c.bg)).toBeLessThanOrEqual(tol * Math.abs(c.bg) + 1e-300);
        expect(Math.abs(vm - c.mbg)).toBeLessThanOrEqual(tol * Math.abs(c.mbg) + 1e-300);
      }
    }
  });
  it('paretoNbd pmf matches an mpmath quadrature', () => {
    for (const c of ref.paretonbd_pmf as Array<{ params: number[]; t: number; n: number; p: number }>) {
      const [r, alpha, s, beta] = c.params as [number, number, number, number];
      expect(rel(paretoNbd.probabilityOfPurchases({ r, alpha, s, beta }, c.t, c.n), c.p)).toBeLessThan(1e-9);
    }
  });
});
