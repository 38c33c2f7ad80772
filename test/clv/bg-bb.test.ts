import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CrmError } from '../../src/core/index.js';
import * as bgBb from '../../src/clv/bg-bb.js';
import { thrown as err } from '../crm-error.js';

// donations.csv: Fader, Hardie & Shang (2010) 1995 cohort, compressed (lifetimes datasets, MIT).
const dir = new URL('../fixtures/clv/', import.meta.url);
const ref = JSON.parse(readFileSync(new URL('reference_values.json', dir), 'utf8')).bgbb_donations;
const table = readFileSync(new URL('donations.csv', dir), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split(',').map(Number) as [number, number, number, number]);
const rows = table.map(([frequency, recency, periods]) => ({ frequency, recency, periods }));
const weights = table.map((r) => r[3]);
const mle = ref.mle as { alpha: number; beta: number; gamma: number; delta: number };

describe('bgBb on the donations data (Fader, Hardie & Shang 2010)', () => {
  const f = bgBb.fit(rows, { weights });

  it('fits α = 1.204, β = 0.750, γ = 0.657, δ = 2.783 (to 1e-3) with LL −33,225.58', () => {
    expect(f.converged).toBe(true);
    expect(f.customers).toBe(11104);
    for (const k of ['alpha', 'beta', 'gamma', 'delta'] as const) expect(Math.abs(f.params[k] - mle[k])).toBeLessThan(1e-3);
    expect(f.params.alpha).toBeCloseTo(1.204, 3);
    expect(f.params.beta).toBeCloseTo(0.75, 3);
    expect(f.params.gamma).toBeCloseTo(0.657, 3);
    expect(f.params.delta).toBeCloseTo(2.783, 2);
    expect(f.logLikelihood).toBeCloseTo(ref.LL, 4);
    expect(bgBb.logLikelihood({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }, rows, { weights })).toBeCloseTo(ref.LL_at_paper, 5);
    for (const k of ['alpha', 'beta', 'gamma', 'delta'] as const) expect(f.standardErrors[k]).toBeGreaterThan(0);
  });

  it('standard errors (from the analytic gradient) match a Hessian of second differences of the log-likelihood', () => {
    const names = ['alpha', 'beta', 'gamma', 'delta'] as const;
    const t0 = names.map((k) => f.params[k]);
    const ll = (t: number[]) => bgBb.logLikelihood({ alpha: t[0]!, beta: t[1]!, gamma: t[2]!, delta: t[3]! }, rows, { weights });
    const h = 1e-4;
    const A = names.map((_, i) =>
      names.map((__, j) => {
        const e = (si: number, sj: number) => {
          const t = [...t0];
          t[i]! += si * h * t0[i]!;
          t[j]! += sj * h * t0[j]!;
          return ll(t);
        };
        return -(e(1, 1) - e(1, -1) - e(-1, 1) + e(-1, -1)) / (4 * h * h * t0[i]! * t0[j]!);
      }),
    );
    // Invert the 4×4 observed information by Gauss–Jordan.
    const m = A.map((row, i) => [...row, ...names.map((_, j) => (i === j ? 1 : 0))]);
    for (let c = 0; c < 4; c++) {
      const piv = m[c]![c]!;
      for (let k = 0; k < 8; k++) m[c]![k]! /= piv;
      for (let r = 0; r < 4; r++) {
        if (r === c) continue;
        const fct = m[r]![c]!;
        for (let k = 0; k < 8; k++) m[r]![k]! -= fct * m[c]![k]!;
      }
    }
    names.forEach((k, i) => expect(f.standardErrors[k]! / Math.sqrt(m[i]![4 + i]!)).toBeCloseTo(1, 3));
  });

  it('P(alive in 2002) for (0,0), (2,4), (6,6): 0.108, 0.590, 0.930 (paper Table 6)', () => {
    const got = bgBb.probabilityAlive(mle, [
      { frequency: 0, recency: 0, periods: 6 },
      { frequency: 2, recency: 4, periods: 6 },
      { frequency: 6, recency: 6, periods: 6 },
    ]);
    const want = [ref.palive_next_period.x0_tx0, ref.palive_next_period.x2_tx4, ref.palive_next_period.x6_tx6];
    got.forEach((v, i) => expect(Math.abs(v - want[i]!) / want[i]!).toBeLessThan(1e-9));
    // Alive now (m = 0) is at least as likely as alive next period.
    expect(bgBb.probabilityAlive(mle, { frequency: 2, recency: 4, periods: 6 }, 0)).toBeGreaterThan(got[1]!);
  });

  it('expected donor counts by x in 6 periods (3,454.9 … 1,253.1) and they sum to 11,104', () => {
    const counts = [0, 1, 2, 3, 4, 5, 6].map((x) => 11104 * bgBb.probabilityOfPurchases(mle, 6, x));
    counts.forEach((v, i) => expect(Math.abs(v - ref.expected_count_by_x_in_6_periods[i]) / v).toBeLessThan(1e-9));
    expect(counts.reduce((a, b) => a + b, 0)).toBeCloseTo(11104, 6);
    expect(bgBb.probabilityOfPurchases(mle, 6, 7)).toBe(0);
  });

  it('Σ weighted E[X(n, n+5)] = 12,884.16 (Hardie spreadsheet 12,884.2)', () => {
    const ce = bgBb.conditionalExpectedPurchases(mle, 5, rows);
    const total = ce.reduce((s, v, i) => s + v * weights[i]!, 0);
    expect(Math.abs(total - ref.sum_cond_expected_next5) / total).toBeLessThan(1e-9);
  });

  it('E[X(n)] equals Σ x·P(X(n)=x) and the closed form of FHS 2010 eq. 7', () => {
    for (const n of [1, 3, 6, 11]) {
      let mean = 0;
      for (let x = 0; x <= n; x++) mean += x * bgBb.probabilityOfPurchases(mle, n, x);
      expect(bgBb.expectedPurchases(mle, n)).toBeCloseTo(mean, 10);
      const { alpha: a, beta: b, gamma: g, delta: d } = mle;
      // α/(α+β) · δ/(γ−1) · [1 − Γ(γ+δ)Γ(1+δ+n)/(Γ(γ+δ+n)Γ(1+δ))], by explicit products.
      let ratio = 1;
      for (let k = 0; k < n; k++) ratio *= (1 + d + k) / (g + d + k);
      expect(bgBb.expectedPurchases(mle, n)).toBeCloseTo((a / (a + b)) * (d / (g - 1)) * (1 - ratio), 10);
    }
    expect(bgBb.expectedPurchases(mle, 0)).toBe(0);
  });

  it('fitting the expanded customers gives the same parameters as the weighted patterns', () => {
    const scaledWeights = weights.map((w) => Math.round(w / 50));
    const expanded = rows.flatMap((r, i) => Array.from({ length: scaledWeights[i]! }, () => r));
    const a = bgBb.fit(rows, { weights: scaledWeights });
    const b = bgBb.fit(expanded);
    for (const k of ['alpha', 'beta', 'gamma', 'delta'] as const) expect(a.params[k]).toBeCloseTo(b.params[k], 4);
    expect(a.logLikelihood).toBeCloseTo(b.logLikelihood, 6);
  });

  it('rejects impossible histories with the field path', () => {
    expect(err(() => bgBb.fit([{ frequency: 3, recency: 2, periods: 6 }])).path).toEqual([0, 'frequency']);
    expect(err(() => bgBb.fit([{ frequency: 1, recency: 7, periods: 6 }])).path).toEqual([0, 'recency']);
    expect(err(() => bgBb.fit([{ frequency: 1.5, recency: 2, periods: 6 }])).path).toEqual([0, 'frequency']);
    expect(err(() => bgBb.fit(rows, { weights: [1] })).path).toEqual(['options', 'weights']);
    expect(err(() => bgBb.expectedPurchases(mle, 2.5)).path).toEqual(['t']);
    expect(err(() => bgBb.probabilityAlive({ ...mle, gamma: -1 }, rows[0]!)).path).toEqual(['params', 'gamma']);
  });
});

describe('bgBb numerics', () => {
  it('long histories (n = 1,000) and extreme parameters give finite probabilities in [0, 1]', () => {
    const params = [mle, { alpha: 1e-3, beta: 1e3, gamma: 1e-2, delta: 1e4 }, { alpha: 500, beta: 0.01, gamma: 50, delta: 0.05 }];
    const customers = [
      { frequency: 0, recency: 0, periods: 1000 },
      { frequency: 1000, recency: 1000, periods: 1000 },
      { frequency: 10, recency: 990, periods: 1000 },
      { frequency: 500, recency: 501, periods: 1000 },
    ];
    for (const p of params) {
      expect(Number.isFinite(bgBb.logLikelihood(p, customers))).toBe(true);
      for (const pa of bgBb.probabilityAlive(p, customers)) expect(pa >= 0 && pa <= 1).toBe(true);
      for (const ce of bgBb.conditionalExpectedPurchases(p, 50, customers)) expect(Number.isFinite(ce) && ce >= 0 && ce <= 50).toBe(true);
      let total = 0;
      for (let x = 0; x <= 40; x++) total += bgBb.probabilityOfPurchases(p, 40, x);
      expect(total).toBeCloseTo(1, 8);
    }
  });
});

describe('bgBb fit contract', () => {
  it('does not mutate frozen inputs and returns JSON-serialisable results', () => {
    const frozen = Object.freeze(rows.map((r) => Object.freeze({ ...r })));
    const w = Object.freeze([...weights]);
    const f = bgBb.fit(frozen, { weights: w });
    expect(JSON.parse(JSON.stringify(f))).toEqual(f);
  });
  it('one row per donor (11,104 rows) gives the weighted fit: identical rows are merged', () => {
    const expanded = rows.flatMap((r, i) => Array.from({ length: weights[i]! }, () => r));
    const f = bgBb.fit(expanded);
    for (const k of ['alpha', 'beta', 'gamma', 'delta'] as const) expect(Math.abs(f.params[k] - mle[k])).toBeLessThan(1e-3);
    expect(f.logLikelihood).toBeCloseTo(ref.LL, 3);
    expect(f.customers).toBe(11104);
  });

  it("rows that carry their counts (lifetimes' donations table: frequency, recency, periods, weights) fit the same", () => {
    const withCounts = rows.map((r, i) => ({ ...r, weights: weights[i]! }));
    const f2 = bgBb.fit(withCounts);
    expect(f2.customers).toBe(11104);
    expect(Math.abs(f2.params.alpha - mle.alpha)).toBeLessThan(1e-3);
    expect(bgBb.logLikelihood(mle, withCounts)).toBeCloseTo(ref.LL, 5);
    expect(() => bgBb.fit(withCounts.map((r, i) => (i === 3 ? { ...r, weights: -1 } : r)))).toThrow(CrmError);
  });

  it('column input equals row input', () => {
    const cols = { frequency: rows.map((r) => r.frequency), recency: rows.map((r) => r.recency), periods: rows.map((r) => r.periods) };
    expect(bgBb.logLikelihood(mle, cols, { weights })).toBe(bgBb.logLikelihood(mle, rows, { weights }));
  });
});

describe('JSDoc examples (bg-bb.ts)', () => {
  it('as written', () => {
    const p = { alpha: 1.2035, beta: 0.7497, gamma: 0.6567, delta: 2.7834 };
    expect(bgBb.probabilityAlive(p, { frequency: 2, recency: 4, periods: 6 })).toBeCloseTo(0.59, 3);
    expect(bgBb.probabilityOfPurchases(p, 6, 0)).toBeCloseTo(0.3111, 4);
    const f = bgBb.fit([{ frequency: 0, recency: 0, periods: 6 }, { frequency: 6, recency: 6, periods: 6 }, { frequency: 2, recency: 4, periods: 6 }], { weights: [3464, 1203, 155] });
    for (const v of Object.values(f.params)) expect(Number.isFinite(v)).toBe(true);
  });
});
