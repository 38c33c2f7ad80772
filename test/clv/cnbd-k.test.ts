import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bgCnbdK, bgNbd, btydSummary, customerLifetimeValue, modifiedBgCnbdK, modifiedBgNbd } from '../../src/clv/index.js';
import { thrown as err } from '../crm-error.js';
import { readGz } from './cdnow.js';

// BTYDplus (Platzer) output on the bundled CDNOW sample, made by
// test/fixtures/clv/make_cnbd_k_reference.R: its summary (elog2cbs with litt), fits for k = 1, 2, 3
// and the grid-searched k, P(alive) and 39-week conditional expectations for 40 customers, and a
// 1,000-customer data set drawn by BTYDplus' own generator with k = 3.
interface RefFit { k: number; r: number; alpha: number; a: number; b: number; LL: number; palive?: number[]; cet39?: number[] }
const ref = JSON.parse(readFileSync(new URL('../fixtures/clv/cnbd_k_reference.json', import.meta.url), 'utf8')) as {
  n: number;
  totalLitt: number;
  summary: Array<{ customerId: string; x: number; t_x: number; litt: number; T_cal: number }>;
  fits: Record<string, RefFit>;
  simulated: { truth: RefFit; x: number[]; t_x: number[]; litt: number[]; T_cal: number[]; bgcnbd: RefFit & { LLbyK: number[] }; mbgcnbd: RefFit & { LLbyK: number[] } };
};

// The CDNOW sample's transactions (data/CDNOW_sample.txt.gz: id, id, yyyymmdd, count, amount).
const transactions = readGz('data/CDNOW_sample.txt.gz')
  .trim()
  .split('\n')
  .map((line) => {
    const [id, , d, , amount] = line.trim().split(/\s+/) as [string, string, string, string, string];
    return { customerId: id, date: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`, amount: Number(amount) };
  });
const rows = btydSummary(transactions, { asOf: '1997-09-30', unit: 'week', regularity: true, afterAsOf: 'exclude' });
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
const models = { bgcnbd: bgCnbdK, mbgcnbd: modifiedBgCnbdK } as const;

describe('btydSummary regularity: litt as BTYDplus elog2cbs', () => {
  it('equals BTYDplus on CDNOW (first 40 customers to 1e-12, the total to 1e-12)', () => {
    expect(rows.length).toBe(ref.n);
    const byId = new Map(rows.map((r) => [r.customerId, r]));
    for (const s of ref.summary) {
      const r = byId.get(s.customerId)!;
      expect(r.frequency).toBe(s.x);
      expect(Math.abs(r.recency - s.t_x)).toBeLessThan(1e-9);
      expect(Math.abs(r.litt! - s.litt)).toBeLessThan(1e-12);
    }
    expect(rel(rows.reduce((a, r) => a + r.litt!, 0), ref.totalLitt)).toBeLessThan(1e-12);
    expect(btydSummary(transactions.slice(0, 20), { asOf: '1997-09-30', unit: 'week', afterAsOf: 'exclude' })[0]).not.toHaveProperty('litt');
  });
});

describe('(M)BG/CNBD-k (Platzer & Reutterer 2016) against BTYDplus on CDNOW', () => {
  for (const [name, model] of Object.entries(models)) {
    for (const k of [1, 2, 3]) {
      it(`${name}, k = ${k}: fit, log-likelihood, P(alive) and E[Y(39)] equal BTYDplus`, () => {
        const R = ref.fits[`${name}_k${k}`]!;
        const params = { k, r: R.r, alpha: R.alpha, a: R.a, b: R.b };
        expect(rel(model.logLikelihood(params, rows), R.LL)).toBeLessThan(1e-12);
        const f = model.fit(rows, { k, unit: 'week' });
        expect(f.converged).toBe(true);
        expect(f.params.k).toBe(k);
        // Our optimum is at least as high as BTYDplus' L-BFGS-B one, and the same point.
        expect(f.logLikelihood).toBeGreaterThan(R.LL - 1e-6);
        expect(rel(f.logLikelihood, R.LL)).toBeLessThan(1e-9);
        for (const p of ['r', 'alpha', 'a', 'b'] as const) expect(rel(f.params[p], R[p])).toBeLessThan(2e-3);
        ref.summary.forEach((s, i) => {
          const c = { frequency: s.x, recency: s.t_x, T: s.T_cal };
          expect(rel(model.probabilityAlive(params, c), R.palive![i]!)).toBeLessThan(1e-10);
          expect(rel(model.conditionalExpectedPurchases(params, 39, c), R.cet39![i]!)).toBeLessThan(1e-10);
        });
      });
    }
    it(`${name}: the grid search picks BTYDplus' k on CDNOW (k = 1)`, () => {
      const R = ref.fits[`${name}_kEstimated`]!;
      const f = model.fit(rows);
      expect(f.params.k).toBe(R.k);
      expect(rel(f.logLikelihood, R.LL)).toBeLessThan(1e-9);
      expect(f.logLikelihoodByK!.length).toBeGreaterThanOrEqual(3);
    });
  }

  it('k = 1 is the BG/NBD (BG/CNBD-k) and the MBG/NBD (MBG/CNBD-k)', () => {
    fc.assert(
      fc.property(
        fc.record({ r: fc.double({ min: 0.05, max: 5, noNaN: true }), alpha: fc.double({ min: 0.5, max: 20, noNaN: true }), a: fc.double({ min: 0.1, max: 5, noNaN: true }), b: fc.double({ min: 0.1, max: 10, noNaN: true }) }),
        fc.integer({ min: 0, max: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (p, x, share) => {
          const c = { frequency: x, recency: x === 0 ? 0 : 38 * share, T: 39 };
          for (const [cnbd, base] of [
            [bgCnbdK, bgNbd],
            [modifiedBgCnbdK, modifiedBgNbd],
          ] as const) {
            expect(rel(cnbd.probabilityAlive({ k: 1, ...p }, c), base.probabilityAlive(p, c))).toBeLessThan(1e-12);
            expect(rel(cnbd.conditionalExpectedPurchases({ k: 1, ...p }, 20, c), base.conditionalExpectedPurchases(p, 20, c))).toBeLessThan(1e-12);
          }
        },
      ),
      { numRuns: 200 },
    );
    const bg = bgCnbdK.fit(rows, { k: 1 });
    const base = bgNbd.fit(rows);
    expect(rel(bg.logLikelihood, base.logLikelihood)).toBeLessThan(1e-10);
  });

  it('finds k = 3 in data drawn by BTYDplus with k = 3, with BTYDplus’ log-likelihood at each k', () => {
    const sim = ref.simulated;
    const data = sim.x.map((x, i) => ({ frequency: x, recency: sim.t_x[i]!, T: sim.T_cal[i]!, litt: sim.litt[i]! }));
    for (const [name, model] of Object.entries(models)) {
      const R = sim[name as 'bgcnbd' | 'mbgcnbd'];
      const f = model.fit(data);
      expect(f.params.k).toBe(3);
      expect(rel(f.logLikelihood, R.LL)).toBeLessThan(1e-8);
      f.logLikelihoodByK!.forEach((ll, i) => expect(rel(ll, R.LLbyK[i]!)).toBeLessThan(1e-8));
    }
  });
});

// BTYDplus on its own groceryElog (1,525 customers, calibration 2006, weeks), made by
// test/fixtures/clv/make_cnbd_k_grocery_reference.R: the documented case with regular buyers (k = 2).
const grocery = JSON.parse(readFileSync(new URL('../fixtures/clv/cnbd_k_grocery_reference.json', import.meta.url), 'utf8')) as {
  n: number;
  x: number[];
  t_x: number[];
  litt: number[];
  T_cal: number[];
  fits: Record<'bgcnbd' | 'mbgcnbd', RefFit & { cet52: number[]; LLbyK: number[] }>;
};

describe('(M)BG/CNBD-k against BTYDplus on groceryElog (k = 2)', () => {
  const data = grocery.x.map((x, i) => ({ frequency: x, recency: grocery.t_x[i]!, T: grocery.T_cal[i]!, litt: grocery.litt[i]! }));
  for (const [name, model] of Object.entries(models)) {
    it(`${name}: the grid search picks k = 2; the optimum, the likelihood at each k, P(alive) and E[Y(52)] equal BTYDplus`, () => {
      const R = grocery.fits[name as 'bgcnbd' | 'mbgcnbd'];
      expect(R.k).toBe(2);
      const params = { k: R.k, r: R.r, alpha: R.alpha, a: R.a, b: R.b };
      expect(rel(model.logLikelihood(params, data), R.LL)).toBeLessThan(1e-12);
      const f = model.fit(data, { unit: 'week' });
      expect(f.params.k).toBe(2);
      expect(f.logLikelihood).toBeGreaterThan(R.LL - 1e-6);
      expect(rel(f.logLikelihood, R.LL)).toBeLessThan(1e-8);
      for (const p of ['r', 'alpha', 'a', 'b'] as const) expect(rel(f.params[p], R[p])).toBeLessThan(5e-3);
      f.logLikelihoodByK!.forEach((ll, i) => expect(rel(ll, R.LLbyK[i]!)).toBeLessThan(1e-8));
      R.palive!.forEach((pa, i) => {
        const c = { frequency: grocery.x[i]!, recency: grocery.t_x[i]!, T: grocery.T_cal[i]! };
        expect(rel(model.probabilityAlive(params, c), pa)).toBeLessThan(1e-10);
        expect(rel(model.conditionalExpectedPurchases(params, 52, c), R.cet52[i]!)).toBeLessThan(1e-10);
      });
    });
  }
});

describe('(M)BG/CNBD-k: contracts and bad input', () => {
  it('plugs into customerLifetimeValue by name; saved fits round-trip', () => {
    const f = modifiedBgCnbdK.fit(rows, { k: 2, unit: 'week' });
    const some = rows.slice(0, 5);
    const out = customerLifetimeValue({ transactionModel: { model: 'modifiedBgCnbdK', params: f.params, unit: 'week' }, spendModel: 10, customers: some, horizon: 12, period: 'month' });
    expect(out.customers.every((c) => Number.isFinite(c.clv) && c.clv >= 0)).toBe(true);
    expect(modifiedBgCnbdK.load(JSON.parse(JSON.stringify(f))).params).toEqual(f.params);
    expect(err(() => bgCnbdK.load(JSON.parse(JSON.stringify(f)))).code).toBe('INVALID_MODEL');
    expect(err(() => bgCnbdK.load({ ...JSON.parse(JSON.stringify(f)), kind: 'bg-cnbd-k', params: { ...f.params, k: 1.5 } })).path).toEqual(['model', 'params', 'k']);
  });

  it('k > 1 without litt says how to get it; k must be a whole number; unknown options are named', () => {
    const plain = rows.map(({ frequency, recency, T }) => ({ frequency, recency, T }));
    const e = err(() => bgCnbdK.fit(plain));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.path).toEqual([0, 'litt']);
    expect(e.message).toMatch(/regularity: true/);
    expect(bgCnbdK.fit(plain, { k: 1 }).params.k).toBe(1);
    expect(err(() => bgCnbdK.fit(rows, { k: 2.5 })).path).toEqual(['options', 'k']);
    expect(err(() => bgCnbdK.probabilityAlive({ k: 0, r: 1, alpha: 1, a: 1, b: 1 }, rows[0]!)).path).toEqual(['params', 'k']);
    expect(err(() => bgCnbdK.fit(rows, { kk: 2 } as never)).message).toMatch(/k/);
    const heavy = { frequency: 5000, recency: 38, T: 39 };
    expect(Number.isFinite(modifiedBgCnbdK.probabilityAlive({ k: 4, r: 0.5, alpha: 2, a: 1.1, b: 1.5 }, heavy))).toBe(true);
    expect(Number.isFinite(modifiedBgCnbdK.conditionalExpectedPurchases({ k: 4, r: 0.5, alpha: 2, a: 1.1, b: 1.5 }, 52, heavy))).toBe(true);
  });
});
