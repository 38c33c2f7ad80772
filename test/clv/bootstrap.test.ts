// Prediction intervals (issue 18 item 3): coverage by simulation, CLVTools "boots" semantics,
// the delta method, determinism and bad input.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bgNbd, gammaGamma, paretoNbd, predictionIntervals } from '../../src/clv/index.js';
import { CrmError } from '../../src/core/index.js';

const TRUTH = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
const PROFILES = [
  { frequency: 2, recency: 30, T: 52 },
  { frequency: 0, recency: 0, T: 52 },
  { frequency: 6, recency: 50, T: 52 },
];

describe('coverage by simulation (a 90 % interval covers the truth 85–95 % of the time)', () => {
  it('BG/NBD, 200 seeded replications of 800 customers: bootstrap (39 draws) and delta method, E[Y(26) | x, t_x, T] and P(alive)', () => {
    const reps = 200;
    const T = new Array<number>(800).fill(52);
    const truthCet = PROFILES.map((c) => bgNbd.conditionalExpectedPurchases(TRUTH, 26, c));
    const truthAlive = PROFILES.map((c) => bgNbd.probabilityAlive(TRUTH, c));
    // hits[method][quantity]: quantities = CET of the 3 profiles, P(alive) of profiles 0 and 2 (profile 1 has P(alive) = 1 exactly).
    const hits = { bootstrap: [0, 0, 0, 0, 0], delta: [0, 0, 0, 0, 0] };
    for (let rep = 0; rep < reps; rep++) {
      const sim = bgNbd.simulate(TRUTH, { T, seed: 1000 + rep, resolution: 1 });
      const data = sim.frequency.map((f, i) => ({ frequency: f, recency: sim.recency[i] as number, T: sim.T[i] as number }));
      const fit = bgNbd.fit(data);
      for (const method of ['bootstrap', 'delta'] as const) {
        const out = predictionIntervals({
          transactionModel: { model: 'bgNbd', fit },
          data,
          customers: PROFILES,
          horizon: 26,
          method,
          ...(method === 'bootstrap' ? { draws: 39, seed: rep } : {}),
        });
        const h = hits[method];
        const inside = (v: { lower: number; upper: number }, truth: number): number => (v.lower <= truth && truth <= v.upper ? 1 : 0);
        out.customers.forEach((c, k) => {
          h[k] = (h[k] as number) + inside(c.expectedTransactions, truthCet[k] as number);
        });
        h[3] = (h[3] as number) + inside(out.customers[0]!.probabilityAlive, truthAlive[0] as number);
        h[4] = (h[4] as number) + inside(out.customers[2]!.probabilityAlive, truthAlive[2] as number);
      }
    }
    for (const method of ['bootstrap', 'delta'] as const) {
      for (const h of hits[method]) {
        expect(h / reps).toBeGreaterThanOrEqual(0.85);
        expect(h / reps).toBeLessThanOrEqual(0.95);
      }
    }
  }, 900_000);
});

const cdnow = readFileSync(new URL('../fixtures/clv/cdnow_customers_summary_with_transactions.csv', import.meta.url), 'utf8')
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((line) => {
    const [id, x, tx, T, z] = line.split(',');
    return { customerId: id as string, frequency: Number(x), recency: Number(tx), T: Number(T), monetaryValue: Number(z) };
  });

describe('predictionIntervals on CDNOW', () => {
  const bg = bgNbd.fit(cdnow);
  const gg = gammaGamma.fit(cdnow);
  const delta = Math.log(1.15) / 52;
  const few = cdnow.slice(0, 30);

  it('bootstrap: every interval holds its estimate; CLV = DERT × spend draw by draw; seeded and reproducible', () => {
    const run = (seed: number) =>
      predictionIntervals({ transactionModel: { model: 'bgNbd', fit: bg }, spendModel: { fit: gg }, data: cdnow, customers: few, horizon: 39, delta, draws: 25, seed });
    const a = run(3);
    expect(a.settings).toMatchObject({ method: 'bootstrap', draws: 25, drawsUsed: 25, failedDraws: 0, seed: 3, level: 0.9 });
    expect(a.parameterDraws?.transaction).toHaveLength(25);
    expect(a.parameterDraws?.spend).toHaveLength(25);
    a.customers.forEach((c, i) => {
      expect(c.customerId).toBe(few[i]!.customerId);
      for (const v of [c.expectedTransactions, c.dert!, c.expectedSpend!, c.clv!]) {
        expect(v.lower).toBeLessThanOrEqual(v.upper);
        expect(v.lower).toBeLessThanOrEqual(v.estimate * 1.0001);
        expect(v.upper).toBeGreaterThanOrEqual(v.estimate * 0.9999);
      }
      expect(c.probabilityAlive.lower).toBeGreaterThanOrEqual(0);
      expect(c.probabilityAlive.upper).toBeLessThanOrEqual(1);
      expect(c.clv!.estimate).toBeCloseTo(c.dert!.estimate * c.expectedSpend!.estimate, 8);
    });
    // customer 1's E[Y(39)] interval from 25 draws brackets the paper's 1.2259 tightly
    expect(a.customers[0]!.expectedTransactions.upper - a.customers[0]!.expectedTransactions.lower).toBeLessThan(0.3);
    expect(run(3)).toEqual(a);
    expect(run(4).customers[0]!.expectedTransactions.lower).not.toBe(a.customers[0]!.expectedTransactions.lower);
  }, 300_000);

  it('the delta method agrees with the bootstrap on interval widths (within a factor 1.6) for Pareto/NBD', () => {
    const pn = paretoNbd.fit(cdnow);
    const d = predictionIntervals({ transactionModel: { model: paretoNbd, fit: pn }, data: cdnow, customers: few, horizon: 39, method: 'delta', delta });
    const b = predictionIntervals({ transactionModel: { model: 'paretoNbd', fit: pn }, data: cdnow, customers: few, horizon: 39, draws: 40, seed: 1 });
    few.forEach((_, i) => {
      const wd = d.customers[i]!.expectedTransactions.upper - d.customers[i]!.expectedTransactions.lower;
      const wb = b.customers[i]!.expectedTransactions.upper - b.customers[i]!.expectedTransactions.lower;
      expect(wd / wb).toBeGreaterThan(1 / 1.6);
      expect(wd / wb).toBeLessThan(1.6);
      expect(d.customers[i]!.dert!.lower).toBeLessThan(d.customers[i]!.dert!.estimate);
    });
  }, 300_000);

  it('a boundary fit is not used as a warm start (its draws would all repeat it) and its non-converged draws are counted', () => {
    const data8 = [
      { frequency: 2, recency: 30.43, T: 38.86 }, { frequency: 1, recency: 1.71, T: 38.86 },
      { frequency: 0, recency: 0, T: 38.86 }, { frequency: 0, recency: 0, T: 38.86 },
      { frequency: 5, recency: 20.1, T: 30 }, { frequency: 3, recency: 10, T: 36 },
      { frequency: 0, recency: 0, T: 31 }, { frequency: 1, recency: 25, T: 30 },
    ];
    const fit = bgNbd.fit(data8);
    expect(fit.boundary).toBeDefined();
    const out = predictionIntervals({ transactionModel: { model: 'bgNbd', fit }, data: data8, horizon: 39, draws: 30, seed: 7 });
    const e = out.customers[0]!.expectedTransactions;
    expect(e.upper - e.lower).toBeGreaterThan(0.1);
    expect(out.settings.nonConvergedDraws).toBeGreaterThan(0);
  });

  it('bad options are CrmErrors naming the option', () => {
    const err = (f: () => unknown): CrmError => {
      try {
        f();
      } catch (e) {
        return e as CrmError;
      }
      throw new Error('no error');
    };
    const base = { transactionModel: { model: 'bgNbd' as const, fit: bg }, data: few, horizon: 39 };
    const budget = err(() => predictionIntervals({ ...base, draws: 20_000 }));
    expect(budget.code).toBe('BUDGET_EXCEEDED');
    expect(budget.path).toEqual(['maxDraws']);
    expect(err(() => predictionIntervals({ ...base, method: 'delta', draws: 10 })).path).toEqual(['draws']);
    expect(err(() => predictionIntervals({ ...base, method: 'delta', transactionModel: { model: 'bgNbd', fit: { params: bg.params, covariance: null } } })).path).toEqual([
      'transactionModel',
      'fit',
      'covariance',
    ]);
    expect(err(() => predictionIntervals({ ...base, level: 90 })).path).toEqual(['level']);
    expect(err(() => predictionIntervals({ ...base, drawz: 5 } as never)).path).toEqual(['options', 'drawz']);
    expect(err(() => predictionIntervals({ ...base, spendModel: { fit: gg }, data: [{ frequency: 2, recency: 3, T: 5 }, ...few] })).path).toEqual(['data', 0, 'monetaryValue']);
    expect(err(() => predictionIntervals({ ...base, data: [{ frequency: 2, recency: 9, T: 5 }] })).path).toEqual(['data', 0, 'recency']);
  });
});
