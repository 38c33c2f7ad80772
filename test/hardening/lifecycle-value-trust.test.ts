import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify, earlyWarnings, migrationMatrix } from 'crm-analytics/lifecycle';
import { deliveredValue, importanceSatisfactionMatrix, loyaltyType, satisfaction, shareOfWallet } from 'crm-analytics/value';
import { aggregateTrust, trustScore } from 'crm-analytics/trust';
import { AS_OF_AFTER_ALL, arbId, arbTransaction, deepFreeze, expectCleanResult, expectCrmError, params, prototypeKeys } from './helpers.js';

const arbTransactions = fc.array(arbTransaction, { maxLength: 25 });

describe('lifecycle under generated input (issue 11)', () => {
  it.each(['five-stage', 'four-stage', 'abcde'] as const)('classify (%s) gives every customer exactly one known stage, with reasons, no NaN', (model) => {
    const before = prototypeKeys();
    fc.assert(
      fc.property(arbTransactions, (rows) => {
        const frozen = deepFreeze(rows.map((r) => ({ ...r })));
        const result = classify(frozen, { asOf: AS_OF_AFTER_ALL, model });
        expectCleanResult(result);
        const ids = new Set(rows.map((r) => r.customerId));
        expect(result.customers.length).toBe(ids.size);
        for (const c of result.customers) {
          expect(result.stages).toContain(c.stage);
          expect(c.reasons.length).toBeGreaterThan(0);
        }
        expect(result.distribution.reduce((a, d) => a + d.count, 0)).toBe(ids.size);
      }),
      params,
    );
    expect(prototypeKeys()).toEqual(before);
  });

  it('earlyWarnings and migrationMatrix run on any history without NaN (row sums: test/lifecycle/migration.test.ts)', () => {
    fc.assert(
      fc.property(arbTransactions, (rows) => {
        const frozen = deepFreeze(rows.map((r) => ({ ...r })));
        expectCleanResult(earlyWarnings({ transactions: frozen }, { asOf: AS_OF_AFTER_ALL }));
        const m = migrationMatrix(frozen, { from: '2100-12-31', to: AS_OF_AFTER_ALL });
        expectCleanResult(m);
      }),
      { ...params, numRuns: Math.max(50, Math.floor(params.numRuns / 4)) },
    );
  });
});

const arbScore = fc.double({ min: 1, max: 10, noNaN: true });

describe('value and trust under generated input (issue 11)', () => {
  it('trustScore is finite, monotone in C, R, I and antitone in S', () => {
    fc.assert(
      fc.property(arbScore, arbScore, arbScore, arbScore, fc.double({ min: 0, max: 1, noNaN: true }), (c, r, i, s, bump) => {
        const base = trustScore(deepFreeze({ credibility: c, reliability: r, intimacy: i, selfOrientation: s }));
        expectCleanResult(base);
        const up = Math.min(10, c + bump);
        expect(trustScore({ credibility: up, reliability: r, intimacy: i, selfOrientation: s }).score).toBeGreaterThanOrEqual(base.score);
        const sUp = Math.min(10, s + bump);
        expect(trustScore({ credibility: c, reliability: r, intimacy: i, selfOrientation: sUp }).score).toBeLessThanOrEqual(base.score);
      }),
      params,
    );
  });

  it('aggregateTrust over hostile subject ids is finite and counts every respondent', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ subjectId: arbId, credibility: arbScore, reliability: arbScore, intimacy: arbScore, selfOrientation: arbScore }), { minLength: 1, maxLength: 20 }), (responses) => {
        const out = aggregateTrust(deepFreeze(responses));
        expect(out.reduce((a, s) => a + (s as { respondents: number }).respondents, 0)).toBe(responses.length);
        expect(out.length).toBe(new Set(responses.map((r) => r.subjectId)).size);
      }),
      params,
    );
  });

  it('satisfaction, shareOfWallet, deliveredValue, importance matrix and loyalty are finite for valid input', () => {
    const pos = fc.double({ min: 0.01, max: 1e6, noNaN: true });
    const nonneg = fc.double({ min: 0, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(pos, pos, nonneg, pos, fc.array(fc.record({ name: arbId, importance: arbScore, satisfaction: arbScore }), { minLength: 1, maxLength: 8 }), (perceived, expected, our, extra, attrs) => {
        expectCleanResult(satisfaction(perceived, expected));
        expectCleanResult(shareOfWallet(our, our + extra));
        expectCleanResult(
          deliveredValue({ value: { product: perceived, service: our, personnel: 1, image: 1 }, cost: { monetary: expected, time: our, energy: 0, physical: 0 } }),
        );
        const unique = [...new Map(attrs.map((a) => [a.name, a])).values()];
        expectCleanResult(importanceSatisfactionMatrix(deepFreeze(unique)));
      }),
      params,
    );
  });

  it('bad input throws CrmError naming the field', () => {
    expect(expectCrmError(() => trustScore({ credibility: 5, reliability: 5, intimacy: 5, selfOrientation: 0 })).path.join('.')).toContain('selfOrientation');
    expect(expectCrmError(() => trustScore({ credibility: 11, reliability: 5, intimacy: 5, selfOrientation: 2 })).path.join('.')).toContain('credibility');
    expect(expectCrmError(() => satisfaction(5, 0)).path.join('.')).toContain('expected');
    expect(
      expectCrmError(() => deliveredValue({ value: { product: 1, service: 1, personnel: 1, image: 1 }, cost: { monetary: -1, time: 0, energy: 0, physical: 0 } })).path.join('.'),
    ).toContain('monetary');
    expect(expectCrmError(() => classify([], { asOf: 'never' })).path.join('.')).toContain('asOf');
    expect(loyaltyType).toBeTypeOf('function');
  });
});
