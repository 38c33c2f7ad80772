import { describe, expect, it } from 'vitest';
import {
  ABCDE_STAGES,
  DEFAULT_LIFECYCLE_THRESHOLDS,
  DEFAULT_WARNING_THRESHOLDS,
  FIVE_STAGES,
  FOUR_STAGES,
  STAGE_MAPPING,
  classify,
  earlyWarnings,
  linearTrend,
  migrationMatrix,
  regularizedIncompleteBeta,
  resolveStageModel,
  studentTCdf,
  studentTQuantile,
  studentTTwoSidedP,
} from '../../src/lifecycle/index.js';
import { aggregateTrust, trustScore } from '../../src/trust/index.js';
import { deliveredValue, importanceSatisfactionMatrix, loyaltyType, satisfaction, satisfactionIndicators, shareOfWallet } from '../../src/value/index.js';

// The @example of every public export of lifecycle, value and trust, run as written.
describe('JSDoc @examples', () => {
  it('lifecycle', () => {
    const r = classify(
      [
        { customerId: 'a', date: '2024-04-01', amount: 20 },
        { customerId: 'a', date: '2024-05-01', amount: 25 },
        { customerId: 'b', date: '2024-06-20', amount: 40 },
      ],
      { asOf: '2024-07-01' },
    );
    expect(r.customers.map((c) => c.stage)).toEqual(['decline', 'acquisition']);
    const m = migrationMatrix(
      { from: [{ customerId: 'a', stage: 'growth' }, { customerId: 'b', stage: 'growth' }], to: [{ customerId: 'a', stage: 'maturity' }, { customerId: 'b', stage: 'growth' }] },
      {},
    );
    expect(m.rates[1]).toEqual([0, 0.5, 0.5, 0, 0]);
    const w = earlyWarnings(
      { transactions: [{ customerId: 'a', date: '2024-01-10', amount: 100 }], creditLimits: [{ customerId: 'a', limit: 1000 }], receivables: [{ customerId: 'a', amount: 1300 }] },
      { asOf: '2024-03-01' },
    );
    expect(w.warnings.map((x) => `${x.kind}:${x.severity}`)).toEqual(['receivables:high']);
    const t = linearTrend([10, 12, 15, 15, 19]);
    expect(t.slope).toBeCloseTo(2.1, 12);
    expect(t.pValue! < 0.05).toBe(true);
    expect(studentTCdf(2.228, 10)).toBeCloseTo(0.975, 4);
    expect(studentTTwoSidedP(2.228, 10)).toBeCloseTo(0.05, 4);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228139, 6);
    expect(regularizedIncompleteBeta(0.5, 2, 2)).toBeCloseTo(0.5, 12);
    expect(resolveStageModel('four-stage').map.get('termination')).toBe('decline');
    expect(
      resolveStageModel({ name: 'simple', stages: ['active', 'lapsed'], fromFiveStage: { acquisition: 'active', growth: 'active', maturity: 'active', decline: 'lapsed', termination: 'lapsed' } }).stages,
    ).toEqual(['active', 'lapsed']);
    expect(STAGE_MAPPING.find((x) => x.fiveStage === 'termination')?.fourStage).toBe('decline');
    expect([FIVE_STAGES[0], FOUR_STAGES.length, ABCDE_STAGES.at(-1)]).toEqual(['acquisition', 4, 'exit']);
    expect(DEFAULT_LIFECYCLE_THRESHOLDS.hiatusDays).toBe(270);
    expect(DEFAULT_WARNING_THRESHOLDS.churnGapMultiple).toBe(2);
  });
  it('trust', () => {
    const t = trustScore({ credibility: 7, reliability: 8, intimacy: 5, selfOrientation: 4 });
    expect([t.score, t.weakestLever]).toEqual([5, 'selfOrientation']);
    const [a] = aggregateTrust([
      { subjectId: 'ann', credibility: 8, reliability: 8, intimacy: 6, selfOrientation: 4 },
      { subjectId: 'ann', credibility: 6, reliability: 7, intimacy: 5, selfOrientation: 3 },
    ]);
    expect(a!.meanScore).toBe(5.75);
  });
  it('value', () => {
    const r = deliveredValue({ value: { product: 40, service: 20, personnel: 10, image: 10 }, cost: { monetary: 50, time: 5, energy: 3, physical: 2 } });
    expect(r.deliveredValue).toBe(20);
    expect(r.ratio).toBeCloseTo(1.3333, 4);
    expect(satisfaction(9, 8).verdict).toBe('delighted');
    expect(satisfaction(6, 8).index).toBe(0.75);
    const m = importanceSatisfactionMatrix([
      { name: 'price', importance: 9, satisfaction: 5 },
      { name: 'quality', importance: 8, satisfaction: 8 },
      { name: 'packaging', importance: 3, satisfaction: 4 },
      { name: 'parking', importance: 4, satisfaction: 7 },
    ]);
    expect(m.quadrants['urgent-improvement']).toEqual(['price']);
    expect(shareOfWallet(300, 1200).share).toBe(0.25);
    expect(shareOfWallet([{ customerId: 'a', ourSpend: 50, categorySpend: 100 }, { customerId: 'b', ourSpend: 10, categorySpend: 100 }]).overall).toBe(0.3);
    expect(loyaltyType({ attitude: 0.8, repeatPurchase: 0.9, alternatives: 4, satisfaction: 0.85 }).type).toBe('trust');
    expect(loyaltyType({ attitude: 0.2, repeatPurchase: 0.9, alternatives: 3 }).quadrant).toBe('spurious-loyalty');
    const s = satisfactionIndicators(
      [
        { customerId: 'a', date: '2024-01-02', amount: 10, orderId: 'o1' },
        { customerId: 'a', date: '2024-02-02', amount: 12, orderId: 'o2' },
        { customerId: 'b', date: '2024-02-10', amount: 30, orderId: 'o3' },
      ],
      { asOf: '2024-03-01', complaints: [{ customerId: 'b', date: '2024-02-12' }] },
    );
    expect(s.repeatRate).toBe(0.5);
    expect(s.complaintRate).toBeCloseTo(0.3333, 4);
  });
});
