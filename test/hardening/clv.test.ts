import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bgNbd, btydSummary, gammaGamma, modifiedBgNbd, paretoNbd, projectClv, sbg, simpleClv, bgBb } from 'crm-analytics/clv';
import { AS_OF_AFTER_ALL, arbTransaction, deepFreeze, expectCleanResult, expectCrmError, expectCrmErrorOrValue, params, RUNS, SEED } from './helpers.js';

// Parameters over several orders of magnitude, and customers from first-timers to heavy buyers.
const arbPositive = fc.double({ min: 1e-3, max: 1e3, noNaN: true });
const arbParams = fc.record({ r: arbPositive, alpha: arbPositive, a: arbPositive, b: arbPositive });
const arbCustomer = fc
  .record({ frequency: fc.integer({ min: 0, max: 10_000 }), T: fc.double({ min: 0.01, max: 500, noNaN: true }), share: fc.double({ min: 0, max: 1, noNaN: true }) })
  .map(({ frequency, T, share }) => ({ frequency, recency: frequency === 0 ? 0 : T * share, T }));

type Customer = { frequency: number; recency: number; T: number };
interface ModelUnderTest {
  probabilityAlive(params: never, customer: Customer): number;
  conditionalExpectedPurchases(params: never, t: number, customer: Customer): number;
  logLikelihood(params: never, data: readonly Customer[]): number;
}
type Raw = { r: number; alpha: number; a: number; b: number };
const TRANSACTION_MODELS: ReadonlyArray<readonly [string, ModelUnderTest, (p: Raw) => object]> = [
  ['bgNbd', bgNbd as ModelUnderTest, (p) => p],
  ['modifiedBgNbd', modifiedBgNbd as ModelUnderTest, (p) => p],
  ['paretoNbd', paretoNbd as ModelUnderTest, (p) => ({ r: p.r, alpha: p.alpha, s: p.a, beta: p.b })],
];

describe('clv under generated input (issue 11)', () => {
  it.each(TRANSACTION_MODELS)('%s predictions are finite and in range for any parameters and customers up to x = 10,000', (_name, model, toParams) => {
    fc.assert(
      fc.property(arbParams, arbCustomer, fc.double({ min: 0, max: 200, noNaN: true }), (raw, customer, t) => {
        const p = deepFreeze(toParams(raw)) as never;
        const c = deepFreeze(customer);
        const alive = model.probabilityAlive(p, c);
        expect(Number.isFinite(alive) && alive >= 0 && alive <= 1).toBe(true);
        const cond = model.conditionalExpectedPurchases(p, t, c);
        expect(Number.isFinite(cond) && cond >= 0).toBe(true);
        const ll = model.logLikelihood(p, [c]);
        expect(Number.isFinite(ll) && ll <= 1e-9 + (customer.frequency > 0 ? Infinity : 0)).toBe(true);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('btydSummary → bgNbd.fit on generated transactions: rows are consistent, the fit returns finite params or converged:false', () => {
    fc.assert(
      fc.property(fc.array(arbTransaction, { maxLength: 30 }), (rows) => {
        const summary = btydSummary(deepFreeze(rows.map((r) => ({ ...r }))), { asOf: AS_OF_AFTER_ALL, unit: 'week' });
        expectCleanResult(summary);
        for (const s of summary) {
          expect(s.recency).toBeLessThanOrEqual(s.T + 1e-9);
          expect(Number.isInteger(s.frequency)).toBe(true);
        }
        if (summary.length >= 2) {
          const f = expectCrmErrorOrValue(() => expectCleanResult(bgNbd.fit(summary, { maxIterations: 50 }).params));
          if (f !== undefined) expect(f.code).not.toBe('INVALID_INPUT');
        }
      }),
      { numRuns: Math.max(50, Math.floor(RUNS / 20)), seed: SEED },
    );
  });

  it('gammaGamma.conditionalExpectedSpend and sbg survival/retention are finite and in range', () => {
    fc.assert(
      fc.property(arbPositive, arbPositive, arbPositive, fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 500 }), (p, q, v, x, m, t) => {
        const spend = gammaGamma.conditionalExpectedSpend({ p, q: q + 1.001, gamma: v }, { frequency: x, monetaryValue: m });
        expect(Number.isFinite(spend) && spend > 0).toBe(true);
        const s = sbg.survival({ alpha: p, beta: q }, t);
        expect(s >= 0 && s <= 1).toBe(true);
        const r = sbg.retentionRate({ alpha: p, beta: q }, t + 1);
        expect(r >= 0 && r <= 1).toBe(true);
        const aliveBb = bgBb.probabilityAlive({ alpha: p, beta: q, gamma: v, delta: p + q }, { frequency: Math.min(x, 6), recency: 6, periods: 6 });
        expect(aliveBb >= 0 && aliveBb <= 1).toBe(true);
      }),
      params,
    );
  });

  it('closed forms: finite for every valid rate, CrmError for infinite value', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 0.999, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true }), fc.integer({ min: 1, max: 60 }), (margin, retentionRate, discountRate, periods) => {
        for (const firstMargin of ['start', 'end', 'excluded'] as const) {
          expect(Number.isFinite(simpleClv({ margin, retentionRate, discountRate, firstMargin }))).toBe(true);
          expect(Number.isFinite(simpleClv({ margin, retentionRate, discountRate, firstMargin, periods }))).toBe(true);
        }
        expectCleanResult(projectClv({ periods, margin, retentionRate, discountRate }));
      }),
      params,
    );
    expect(expectCrmError(() => simpleClv({ margin: 1, retentionRate: 1, discountRate: 0 })).path.join('.')).toMatch(/retentionRate|discountRate/);
    expect(expectCrmError(() => simpleClv({ margin: 1, retentionRate: -0.1, discountRate: 0.1 })).path).toContain('retentionRate');
    expect(expectCrmError(() => bgNbd.fit([{ frequency: 1, recency: 5, T: 4 }])).path.join('.')).toMatch(/recency|T/);
    expect(expectCrmError(() => bgNbd.fit([{ frequency: -1, recency: 0, T: 4 }])).path.join('.')).toMatch(/frequency/);
    expect(expectCrmError(() => bgNbd.fit([{ frequency: 1.5, recency: 1, T: 4 }])).path.join('.')).toMatch(/frequency/);
  });
});
