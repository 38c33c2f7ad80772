// Issue 16 item 5: every CLV fit is a JSON envelope (kind, version, unit, fittedOn, params,
// covariance) and `load` checks kind and version before anything is predicted from it.
import { describe, expect, it } from 'vitest';
import { bgBb, bgNbd, gammaGamma, ggomNbd, modifiedBgNbd, paretoNbd, sbdw, sbg } from '../../src/clv/index.js';
import { thrown } from '../crm-error.js';
import { cdnowSummary } from './cdnow.js';

const cdnow = cdnowSummary().slice(0, 800);
const spend = [
  { frequency: 2, monetaryValue: 22.35 },
  { frequency: 1, monetaryValue: 11.77 },
  { frequency: 5, monetaryValue: 41.2 },
  { frequency: 3, monetaryValue: 18.5 },
  { frequency: 1, monetaryValue: 60.1 },
  { frequency: 7, monetaryValue: 25.3 },
  { frequency: 2, monetaryValue: 9.99 },
  { frequency: 4, monetaryValue: 33.0 },
];
const donations = [
  { frequency: 0, recency: 0, periods: 6 },
  { frequency: 6, recency: 6, periods: 6 },
  { frequency: 2, recency: 4, periods: 6 },
  { frequency: 1, recency: 1, periods: 6 },
  { frequency: 3, recency: 6, periods: 6 },
];

const cases = [
  { kind: 'bg-nbd', module: bgNbd, fit: () => bgNbd.fit(cdnow, { unit: 'week' }), names: ['r', 'alpha', 'a', 'b'] },
  { kind: 'mbg-nbd', module: modifiedBgNbd, fit: () => modifiedBgNbd.fit(cdnow, { unit: 'week' }), names: ['r', 'alpha', 'a', 'b'] },
  { kind: 'pareto-nbd', module: paretoNbd, fit: () => paretoNbd.fit(cdnow, { unit: 'week' }), names: ['r', 'alpha', 's', 'beta'] },
  { kind: 'bg-bb', module: bgBb, fit: () => bgBb.fit(donations, { weights: [3464, 1203, 155, 900, 400] }), names: ['alpha', 'beta', 'gamma', 'delta'] },
  { kind: 'gamma-gamma', module: gammaGamma, fit: () => gammaGamma.fit(spend), names: ['p', 'q', 'gamma'] },
  { kind: 'sbg', module: sbg, fit: () => sbg.fit([1000, 631, 468, 382, 326, 289, 262, 241], { unit: 'year' }), names: ['alpha', 'beta'] },
  { kind: 'sbdw', module: sbdw, fit: () => sbdw.fit([1000, 631, 468, 382, 326, 289, 262, 241], { unit: 'year' }), names: ['alpha', 'beta', 'c'] },
  { kind: 'ggom-nbd', module: ggomNbd, fit: () => ggomNbd.fit(ggomNbd.simulate({ r: 0.6, alpha: 10, b: 0.05, s: 0.8, beta: 2 }, { T: 52, customers: 300, seed: 3 }), { unit: 'week' }), names: ['r', 'alpha', 'b', 's', 'beta'] },
] as const;

describe('saved fits round-trip through JSON', () => {
  for (const c of cases) {
    it(`${c.kind}: kind, version, fittedOn, covariance; load(JSON) gives the same fit`, () => {
      const fit = c.fit() as unknown as { kind: string; version: number; fittedOn: { n: number }; covariance?: number[][] | null; params: Record<string, number>; unit?: string };
      expect(fit.kind).toBe(c.kind);
      expect(fit.version).toBe(1);
      expect(fit.fittedOn.n).toBeGreaterThan(0);
      if (c.kind === 'bg-nbd' || c.kind === 'pareto-nbd') expect(fit.unit).toBe('week');
      // The covariance's diagonal is the squared standard errors.
      const cov = fit.covariance;
      const se = (fit as unknown as { standardErrors: Record<string, number | null> }).standardErrors;
      if (cov !== null && cov !== undefined) {
        c.names.forEach((n, i) => expect(Math.sqrt((cov[i] as number[])[i] as number)).toBeCloseTo(se[n] as number, 10));
        expect((cov[0] as number[])[1]).toBe((cov[1] as number[])[0]);
      }
      const json = JSON.parse(JSON.stringify(fit)) as unknown;
      const loaded = (c.module.load as (j: unknown) => unknown)(json);
      expect(loaded).toEqual(JSON.parse(JSON.stringify(fit)));
    });
  }

  it('load refuses another kind, a future version, a missing kind and bad params with INVALID_MODEL', () => {
    const bg = JSON.parse(JSON.stringify(bgNbd.fit(cdnow))) as Record<string, unknown>;
    const other = thrown(() => paretoNbd.load(bg));
    expect(other.code).toBe('INVALID_MODEL');
    expect(other.message).toMatch(/'bg-nbd' model, not a 'pareto-nbd'/);
    // MBG/NBD and BG/NBD share parameter names: the kind still keeps them apart.
    expect(thrown(() => modifiedBgNbd.load(bg)).code).toBe('INVALID_MODEL');
    const future = thrown(() => bgNbd.load({ ...bg, version: 99 }));
    expect(future.code).toBe('INVALID_MODEL');
    expect(future.message).toMatch(/newer/);
    expect(thrown(() => bgNbd.load({ ...bg, kind: undefined })).code).toBe('INVALID_MODEL');
    const tampered = thrown(() => bgNbd.load({ ...bg, params: { ...(bg.params as object), r: -1 } }));
    expect(tampered.code).toBe('INVALID_MODEL');
    expect(tampered.path).toEqual(['model', 'params', 'r']);
    expect(thrown(() => bgNbd.load({ ...bg, unit: 'fortnight' })).code).toBe('INVALID_MODEL');
  });

  it('a loaded fit predicts exactly like the original', () => {
    const fit = paretoNbd.fit(cdnow);
    const loaded = paretoNbd.load(JSON.parse(JSON.stringify(fit)));
    expect(paretoNbd.conditionalExpectedPurchases(loaded.params, 39, cdnow.slice(0, 50))).toEqual(paretoNbd.conditionalExpectedPurchases(fit.params, 39, cdnow.slice(0, 50)));
  });
});
