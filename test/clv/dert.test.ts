// DERT (issue 18 item 4): the Pareto/NBD closed form (FHL 2005b eq. 2, Tricomi U) against mpmath,
// against numeric integration of the same quantity δ∫e^(−δt) E[Y(t)] dt, against the per-customer
// reference and BTYD's example; BG/NBD and MBG/NBD quadrature against the same integral; properties.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { thrown } from '../crm-error.js';
import * as bgNbd from '../../src/clv/bg-nbd.js';
import * as gammaGamma from '../../src/clv/gamma-gamma.js';
import * as ggomNbd from '../../src/clv/ggom-nbd.js';
import * as modifiedBgNbd from '../../src/clv/modified-bg-nbd.js';
import * as paretoNbd from '../../src/clv/pareto-nbd.js';
import { continuousDiscountRatePerUnit, dert, dertClv } from '../../src/clv/index.js';
import { betaQuadrature } from '../../src/clv/dert-beta-expectation.js';
import { logResidualIntegral, logTricomiUss } from '../../src/clv/dert-tricomi-u.js';
import type { BtydCustomer } from '../../src/clv/types.js';
import { cdnowSummary, perCustomerReference, referenceValues, relClose } from './cdnow.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/clv/dert/tricomi_u_mpmath.json', import.meta.url), 'utf8')) as {
  rows: Array<{ m: number; z: number; logJ: number; logUss: number }>;
};
const PN = { r: 0.5533, alpha: 10.5776, s: 0.6062, beta: 11.6679 };
const BG = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };
const MBG = { r: 0.5248, alpha: 6.183, a: 0.8914, b: 1.614 };
const WEEKLY = Math.log(1.15) / 52;

/** Gauss–Legendre nodes on [−1, 1] (Newton on P_n; Numerical Recipes §4.6 gauleg). */
function gaussLegendre(n: number): { x: number[]; w: number[] } {
  const x: number[] = [];
  const w: number[] = [];
  for (let i = 1; i <= n; i++) {
    let z = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5));
    let pp = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
      }
      pp = (n * (z * p1 - p2)) / (z * z - 1);
      const dz = p1 / pp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x.push(z);
    w.push(2 / ((1 - z * z) * pp * pp));
  }
  return { x, w };
}
const GL = gaussLegendre(24);

/** The definition, numerically: DERT = ∫₀^∞ e^(−δt) dE[Y(t)] = δ ∫₀^∞ e^(−δt) E[Y(t)] dt = ∫₀^∞ e^(−u) E[Y(u/δ)] du. */
function numericDert(E: (t: number) => number, delta: number): number {
  const edges = [0, 0.01, 0.05, 0.2, 0.5, 1, 2, 4, 8, 16, 32, 64];
  let s = 0;
  for (let k = 0; k + 1 < edges.length; k++) {
    const a = edges[k] as number;
    const b = edges[k + 1] as number;
    GL.x.forEach((xi, i) => {
      const u = (a + b) / 2 + ((b - a) / 2) * xi;
      s += ((b - a) / 2) * (GL.w[i] as number) * Math.exp(-u) * E(u / delta);
    });
  }
  return s;
}

const customers: BtydCustomer[] = [
  { frequency: 0, recency: 0, T: 38.86 },
  { frequency: 2, recency: 30.43, T: 38.86 },
  { frequency: 1, recency: 1.71, T: 38.86 },
  { frequency: 20, recency: 38, T: 39 },
  { frequency: 7, recency: 35, T: 77.86 },
  { frequency: 300, recency: 38.9, T: 39 },
];

describe('Tricomi U for DERT (continued fraction + series, log space)', () => {
  it('J(m, z) = U(1, 2−m, z) and U(s, s, z) match mpmath to 1e-12 over m ∈ [0.01, 10⁴], z ∈ [1e-6, 1e6]', () => {
    let worst = 0;
    for (const row of fixture.rows) {
      // relative to the size of the logarithm (ln U(10⁴, 10⁴, 10⁶) ≈ −1.4e5 carries ~1e-11 of rounding)
      const scale = (v: number): number => Math.max(1, Math.abs(v));
      worst = Math.max(worst, Math.abs(logResidualIntegral(row.m, row.z) - row.logJ) / scale(row.logJ), Math.abs(logTricomiUss(row.m, row.z) - row.logUss) / scale(row.logUss));
    }
    expect(fixture.rows.length).toBeGreaterThan(150);
    expect(worst).toBeLessThan(1e-12);
  });
  it('the Beta quadrature reproduces the Beta moments, also for endpoint-singular and concentrated shapes', () => {
    for (const [a, b] of [[0.7929, 2.4258], [0.05, 3], [0.3, 0.4], [2, 10_002.4], [5e4, 1.5e5], [1.2, 0.01], [0.01, 0.01]] as const) {
      const q = betaQuadrature(a, b);
      let m1 = 0;
      let m2 = 0;
      q.w.forEach((w, i) => {
        m1 += w * (q.p[i] as number);
        m2 += w * (q.p[i] as number) ** 2;
      });
      const mean = a / (a + b);
      const second = (mean * (a + 1)) / (a + b + 1);
      expect(relClose(m1, mean, 1e-9)).toBe(true);
      expect(relClose(m2, second, 1e-9)).toBe(true);
    }
  });
});

describe('Pareto/NBD DERT: closed form (FHL 2005b eq. 2)', () => {
  it('equals numeric integration of δ∫e^(−δt)E[Y(t)]dt to 1e-9 at three rates, heavy buyers included', () => {
    for (const delta of [WEEKLY, 0.1, 1e-4]) {
      const closed = dert({ model: 'paretoNbd', params: PN }, customers, { delta });
      customers.forEach((c, i) => {
        const numeric = numericDert((t) => paretoNbd.conditionalExpectedPurchases(PN, t, c), delta);
        expect(relClose(closed[i] as number, numeric, 1e-9)).toBe(true);
      });
    }
  });
  it('matches the per-customer CDNOW reference (1e-6), the integral form of paretoNbd (1e-10) and BTYD’s example 1.86418', () => {
    const mle = referenceValues.pareto_nbd_mle as { r: number; alpha: number; s: number; beta: number };
    const params = { r: mle.r, alpha: mle.alpha, s: mle.s, beta: mle.beta };
    const ref = perCustomerReference();
    const data = ref.map((r) => ({ frequency: r.x, recency: r.tx, T: r.T }));
    const closed = dert({ model: paretoNbd, params }, data, { delta: WEEKLY });
    const integral = paretoNbd.discountedExpectedResidualTransactions(params, WEEKLY, data);
    let worstRef = 0;
    let worstIntegral = 0;
    ref.forEach((r, i) => {
      worstRef = Math.max(worstRef, Math.abs((closed[i] as number) / r.pnbdDert - 1));
      worstIntegral = Math.max(worstIntegral, Math.abs((closed[i] as number) / (integral[i] as number) - 1));
    });
    expect(worstRef).toBeLessThan(1e-6);
    expect(worstIntegral).toBeLessThan(1e-10);
    const ex = referenceValues.pareto_nbd_anchors.btyd_dert_example;
    const [r, alpha, s, beta] = ex.params as [number, number, number, number];
    expect(relClose(dert({ model: 'paretoNbd', params: { r, alpha, s, beta } }, [{ frequency: ex.x, recency: ex.t_x, T: ex.T }], { delta: ex.d })[0] as number, ex.dert, 1e-10)).toBe(true);
  });
  it('x = 10,000 and δ from 1e-8 to 10 stay finite and positive', () => {
    for (const delta of [1e-8, 1e-3, 10]) {
      for (const v of dert({ model: 'paretoNbd', params: PN }, [{ frequency: 10_000, recency: 38.99, T: 39 }, { frequency: 10_000, recency: 1, T: 39 }], { delta })) {
        expect(Number.isFinite(v) && v >= 0).toBe(true);
      }
    }
  });
});

describe('BG/NBD and MBG/NBD DERT: P(alive)·E[λ/(δ+pλ)] by quadrature', () => {
  it('equals numeric integration of δ∫e^(−δt)E[Y(t)]dt to 1e-9 at three rates', () => {
    for (const [name, model, params] of [['bgNbd', bgNbd, BG], ['modifiedBgNbd', modifiedBgNbd, MBG]] as const) {
      for (const delta of [WEEKLY, 0.1, 1e-4]) {
        const q = dert({ model: name, params }, customers, { delta });
        customers.forEach((c, i) => {
          const numeric = numericDert((t) => model.conditionalExpectedPurchases(params, t, c), delta);
          expect(relClose(q[i] as number, numeric, 1e-9)).toBe(true);
        });
      }
    }
  });
  it('at the a + b → ∞ boundary with p → 0 it is the NBD DERT (r+x)/((α+T)δ)', () => {
    const p = { r: 0.5, alpha: 8, a: 1, b: 1e9 };
    const c = { frequency: 3, recency: 20, T: 39 };
    const v = dert({ model: 'bgNbd', params: p }, [c], { delta: WEEKLY })[0] as number;
    expect(relClose(v, (0.5 + 3) / ((8 + 39) * WEEKLY), 1e-6)).toBe(true);
  });
});

describe('GGom/NBD DERT', () => {
  it('equals numeric integration of δ∫e^(−δt)E[Y(t)]dt to 1e-8, and the Pareto/NBD closed form as b → 0', () => {
    const G = { r: 0.6, alpha: 10, b: 0.05, s: 0.8, beta: 2 };
    for (const delta of [WEEKLY, 0.1]) {
      const q = dert({ model: 'ggomNbd', params: G }, customers, { delta });
      customers.forEach((c, i) => {
        const numeric = numericDert((t) => ggomNbd.conditionalExpectedPurchases(G, t, c), delta);
        expect(relClose(q[i] as number, numeric, 1e-8)).toBe(true);
      });
    }
    const lim = { r: PN.r, alpha: PN.alpha, s: PN.s, b: 1e-8, beta: PN.beta * 1e-8 };
    const a = dert({ model: 'ggomNbd', params: lim }, customers.slice(0, 5), { delta: 0.05 });
    const b = dert({ model: 'paretoNbd', params: PN }, customers.slice(0, 5), { delta: 0.05 });
    a.forEach((v, i) => expect(relClose(v, b[i] as number, 1e-5)).toBe(true));
  });
});

describe('DERT properties', () => {
  const data = cdnowSummary().slice(0, 150);
  it('decreases in δ for every customer and model', () => {
    for (const [name, params] of [['bgNbd', BG], ['modifiedBgNbd', MBG], ['paretoNbd', PN]] as const) {
      let prev: number[] | undefined;
      for (const delta of [1e-4, 1e-3, WEEKLY, 0.01, 0.1, 1]) {
        const v = dert({ model: name, params }, data, { delta });
        if (prev !== undefined) v.forEach((x, i) => expect(x).toBeLessThan(prev![i] as number));
        prev = v;
      }
    }
  });
  it('δ → 0 gives the undiscounted expected residual transactions where they are finite (s > 1; a > 1)', () => {
    const c = { frequency: 4, recency: 25, T: 39 };
    const delta = 1e-9;
    // Pareto/NBD, s > 1: E[Y(∞)] = (r+x)(β+T)/((α+T)(s−1)) · P(alive).
    const pn = { r: 0.6, alpha: 10, s: 2.5, beta: 30 };
    const pnInf = ((0.6 + 4) * (30 + 39)) / ((10 + 39) * 1.5) * paretoNbd.probabilityAlive(pn, c);
    expect(relClose(dert({ model: 'paretoNbd', params: pn }, [c], { delta })[0] as number, pnInf, 1e-6)).toBe(true);
    // BG/NBD, a > 1: E[Y(∞) | alive] = E[1/p] = (a+b+x−1)/(a−1); MBG/NBD: (a+b+x)/(a−1).
    const bg = { r: 0.3, alpha: 5, a: 2.5, b: 4 };
    expect(relClose(dert({ model: 'bgNbd', params: bg }, [c], { delta })[0] as number, ((2.5 + 4 + 4 - 1) / 1.5) * bgNbd.probabilityAlive(bg, c), 1e-6)).toBe(true);
    expect(relClose(dert({ model: 'modifiedBgNbd', params: bg }, [c], { delta })[0] as number, ((2.5 + 4 + 4) / 1.5) * modifiedBgNbd.probabilityAlive(bg, c), 1e-6)).toBe(true);
  });
  it('is below the undiscounted expectation over any horizon plus its discounted tail bound', () => {
    for (const [name, model, params] of [['bgNbd', bgNbd, BG], ['paretoNbd', paretoNbd, PN]] as const) {
      const v = dert({ model: name, params }, data.slice(0, 50), { delta: 0.05 });
      data.slice(0, 50).forEach((c, i) => {
        // DERT ≥ e^(−δt) E[Y(t)] for every t (purchases before t are discounted by at most e^(−δt)).
        expect(v[i] as number).toBeGreaterThanOrEqual(Math.exp(-0.05 * 20) * (model.conditionalExpectedPurchases as (p: object, t: number, c: BtydCustomer) => number)(params, 20, c));
      });
    }
  });
});

describe('discount rates, dertClv and bad input', () => {
  it('continuousDiscountRatePerUnit: δ = ln(1+d)·unit/per; discountRate with unit equals delta', () => {
    expect(continuousDiscountRatePerUnit({ rate: 0.15, per: 'year' }, 'week')).toBeCloseTo((Math.log(1.15) * 7) / 365.25, 15);
    const a = dert({ model: 'bgNbd', params: BG, unit: 'week' }, customers, { discountRate: { rate: 0.15, per: 'year' } });
    const b = dert({ model: 'bgNbd', params: BG }, customers, { delta: (Math.log(1.15) * 7) / 365.25 });
    a.forEach((v, i) => expect(relClose(v, b[i] as number, 1e-14)).toBe(true));
  });
  it('dertClv = margin × DERT × Gamma-Gamma expected spend (CLVTools predicted.CLV), ids kept', () => {
    const gg = referenceValues.gamma_gamma_mle as { p: number; q: number; gamma: number };
    const rows = [
      { customerId: 'a', frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 },
      { customerId: '__proto__', frequency: 0, recency: 0, T: 38.86, monetaryValue: 0 },
    ];
    const out = dertClv({ transactionModel: { model: 'paretoNbd', params: PN }, spendModel: { params: gg }, customers: rows, delta: WEEKLY, margin: 0.3 });
    const d = dert({ model: 'paretoNbd', params: PN }, rows, { delta: WEEKLY });
    out.customers.forEach((c, i) => {
      const m = gammaGamma.conditionalExpectedSpend(gg, rows[i]!);
      expect(c.dert).toBe(d[i]);
      expect(c.expectedSpend).toBe(m);
      expect(relClose(c.clv, 0.3 * (d[i] as number) * m, 1e-14)).toBe(true);
    });
    expect(out.customers.map((c) => c.customerId)).toEqual(['a', '__proto__']);
    expect(dertClv({ transactionModel: { model: 'bgNbd', params: BG }, spendModel: 10, customers: rows, delta: 0.01 }).total).toBeGreaterThan(0);
  });
  it('bad options and rows are CrmErrors with paths', () => {
    const path = (f: () => unknown): unknown => thrown(f).path;
    expect(path(() => dert({ model: 'bgNbd', params: BG }, customers, {}))).toEqual(['options', 'delta']);
    expect(path(() => dert({ model: 'bgNbd', params: BG }, customers, { delta: 0 }))).toEqual(['options', 'delta']);
    expect(path(() => dert({ model: 'bgNbd', params: BG }, customers, { discountRate: { rate: 0.1, per: 'year' } }))).toEqual(['options', 'unit']);
    expect(path(() => dert({ model: 'bgNbd', params: BG, unit: 'week' }, customers, { discountRate: { rate: 10, per: 'year' } }))).toEqual(['options', 'discountRate', 'rate']);
    expect(path(() => dert({ model: 'bgNbd', params: BG }, customers, { delta: 0.1, deltta: 1 } as never))).toEqual(['options', 'deltta']);
    expect(path(() => dert({ model: 'gammaGamma' as never, params: BG }, customers, { delta: 0.1 }))).toEqual(['transactionModel', 'model']);
    expect(path(() => dert({ model: 'bgNbd', params: { ...BG, a: -1 } }, customers, { delta: 0.1 }))).toEqual(['params', 'a']);
    expect(path(() => dert({ model: 'bgNbd', params: BG }, [{ frequency: 1, recency: 50, T: 40 }], { delta: 0.1 }))).toEqual([0, 'recency']);
    expect(path(() => dertClv({ transactionModel: { model: 'bgNbd', params: BG }, spendModel: 1, customers: [{ frequency: 1, recency: 50, T: 40 }], delta: 0.1 }))).toEqual(['customers', 0, 'recency']);
  });
});
