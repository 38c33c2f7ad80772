import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CrmError, prepareTransactions, type Transaction } from '../../src/core/index.js';
import { classify, FIVE_STAGES, FOUR_STAGES, ABCDE_STAGES, STAGE_MAPPING, DEFAULT_LIFECYCLE_THRESHOLDS } from '../../src/lifecycle/index.js';

// Hand-worked cases of docs/lifecycle.md ("Worked example"): asOf 2024-07-01, trendPeriod 30 days.
const AS_OF = Date.UTC(2024, 6, 1);
const before = (days: number) => new Date(AS_OF - days * 86_400_000).toISOString().slice(0, 10);
const buys = (id: string, days: number[], amounts: number[] | number): Transaction[] =>
  days.map((d, i) => ({ customerId: id, date: before(d), amount: Array.isArray(amounts) ? (amounts[i] as number) : amounts, orderId: `${id}-${i}` }));
const STEADY_DAYS = [200, 170, 140, 110, 80, 50, 20];
const rows: Transaction[] = [
  ...buys('new', [30], 30),
  ...buys('lapsed-one', [304], 30),
  ...buys('quiet-one', [213], 30),
  ...buys('rising', STEADY_DAYS, [10, 25, 30, 40, 55, 60, 70]),
  ...buys('steady', STEADY_DAYS, 40),
  ...buys('falling', STEADY_DAYS, [70, 60, 50, 40, 30, 20, 10]),
  ...buys('young', [170, 140, 110, 80, 50, 20], 40),
  ...buys('gap-decline', [200, 170, 140, 110, 80], 40),
  ...buys('gap-exit', [300, 270, 240, 210, 180, 150, 120], 40),
  ...buys('late', [10], 99).map((r) => ({ ...r, date: '2024-08-01' })), // after asOf: excluded below
];
const opts = { asOf: '2024-07-01', afterAsOf: 'exclude', thresholds: { trendPeriod: 30 } } as const;

describe('classify: hand-worked cases', () => {
  const r = classify(rows, { ...opts, prospects: ['prospect'] });
  const by = new Map(r.customers.map((c) => [c.customerId, c]));
  const stage = (id: string) => by.get(id)?.stage;

  it('assigns the documented stages', () => {
    expect(Object.fromEntries(r.customers.map((c) => [c.customerId, c.stage]))).toEqual({
      'falling': 'decline',
      'gap-decline': 'decline',
      'gap-exit': 'termination',
      'lapsed-one': 'termination',
      'late': 'acquisition',
      'new': 'acquisition',
      'prospect': 'acquisition',
      'quiet-one': 'decline',
      'rising': 'growth',
      'steady': 'maturity',
      'young': 'growth',
    });
    expect(r.distribution).toEqual([
      { stage: 'acquisition', count: 3, share: 3 / 11 },
      { stage: 'growth', count: 2, share: 2 / 11 },
      { stage: 'maturity', count: 1, share: 1 / 11 },
      { stage: 'decline', count: 3, share: 3 / 11 },
      { stage: 'termination', count: 2, share: 2 / 11 },
    ]);
  });

  it('metrics: tenure, recency, usual gap, windows', () => {
    const s = by.get('steady')!.metrics;
    expect(s).toMatchObject({ orders: 7, purchaseDays: 7, tenureDays: 200, recencyDays: 20, usualGapDays: 30, recencyToGap: 20 / 30, totalSpend: 280 });
    expect(s.spendPerPeriod).toEqual([40, 40, 40, 40, 40, 40, 40]);
    expect(s.trend).toMatchObject({ slope: 0, tStatistic: 0, pValue: 1, direction: 'flat' });
    const g = by.get('rising')!.metrics.trend!;
    // y = 10,25,30,40,55,60,70 on x = 0..6: Sxx = 28, Sxy = 275 → slope 9.8214
    expect(g.slope).toBeCloseTo(275 / 28, 12);
    expect(g.direction).toBe('rising');
    expect(g.pValue!).toBeLessThan(1e-5);
    expect(by.get('late')!.metrics).toMatchObject({ orders: 0, recencyDays: null, totalSpend: 0 });
    expect(r.excludedAfterAsOf).toBe(1);
  });

  it('asOf is inclusive: a purchase on the asOf day counts with recency 0 (docs/glossary.md)', () => {
    const on = classify([...buys('x', [40, 10], 20), { customerId: 'x', date: '2024-07-01T23:59:00Z', amount: 20, orderId: 'x-on' }], opts);
    expect(on.customers[0]!.metrics).toMatchObject({ orders: 3, purchaseDays: 3, recencyDays: 0, tenureDays: 40, totalSpend: 60, lastPurchase: '2024-07-01' });
    expect(on.excludedAfterAsOf).toBe(0);
  });

  it('a row after asOf is an error naming it unless afterAsOf is exclude', () => {
    let err: unknown;
    try {
      classify(rows, { asOf: '2024-07-01' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CrmError);
    expect((err as CrmError).path).toEqual([rows.length - 1, 'date']);
    expect((err as CrmError).message).toContain("afterAsOf: 'exclude'");
  });

  it('reasons name the rule and the values', () => {
    expect(by.get('lapsed-one')!.reasons).toEqual(['recency 304 days > hiatusDays 270']);
    expect(by.get('quiet-one')!.reasons).toEqual(['one purchase day and recency 213 days > declineDays 180']);
    expect(by.get('gap-decline')!.reasons).toEqual([
      'recency 80 days > declineGapMultiple 2 × usual gap 30 days = 60',
      // windows 40,40,40,40,40,0,0: slope −50/7 = −7.14, t = −2.89 on 5 df
      'spend trend falling (slope -7.14 per period, p = 0.034, 7 periods)',
    ]);
    expect(by.get('gap-exit')!.reasons).toEqual(['recency 120 days > terminationGapMultiple 3 × usual gap 30 days = 90']);
    expect(by.get('falling')!.reasons[0]).toMatch(/^spend trend falling \(slope -10 per period, p = 0 \(exact linear fit\), 7 periods\)$/);
    expect(by.get('young')!.reasons).toContain('tenure 170 days < maturityMinTenureDays 180');
    expect(by.get('new')!.reasons[0]).toContain('newly acquired');
    expect(by.get('prospect')!.reasons).toEqual(['no purchase up to asOf: prospect (acquisition)']);
    expect(stage('steady')).toBe('maturity');
    expect(by.get('steady')!.reasons).toHaveLength(3);
  });

  it('P(alive) from a BTYD model moves stages (Map or records)', () => {
    const low = classify(rows, { ...opts, probabilityAlive: new Map([['steady', 0.3]]) });
    expect(low.customers.find((c) => c.customerId === 'steady')).toMatchObject({ stage: 'decline', reasons: ['P(alive) 0.3 < declinePAlive 0.5'] });
    const dead = classify(rows, { ...opts, probabilityAlive: [{ customerId: 'steady', probabilityAlive: 0.05 }] });
    expect(dead.customers.find((c) => c.customerId === 'steady')?.stage).toBe('termination');
  });

  it('four-stage and ABCDE models map from five-stage', () => {
    const four = classify(rows, { ...opts, model: 'four-stage' });
    const abcde = classify(rows, { ...opts, model: 'abcde' });
    const five = classify(rows, opts);
    expect(four.stages).toEqual([...FOUR_STAGES]);
    expect(abcde.stages).toEqual([...ABCDE_STAGES]);
    five.customers.forEach((c, i) => {
      const row = STAGE_MAPPING.find((m) => m.fiveStage === c.stage)!;
      expect(four.customers[i]!.stage).toBe(row.fourStage);
      expect(abcde.customers[i]!.stage).toBe(row.abcde);
    });
    expect(four.customers.find((c) => c.customerId === 'gap-exit')!.reasons.at(-1)).toBe("five-stage 'termination' is 'decline' in the four-stage model");
  });

  it('custom model', () => {
    const r2 = classify(rows, {
      ...opts,
      model: { name: 'simple', stages: ['active', 'lapsed'], fromFiveStage: new Map([['acquisition', 'active'], ['growth', 'active'], ['maturity', 'active'], ['decline', 'lapsed'], ['termination', 'lapsed']]) },
    });
    expect(r2.distribution.map((d) => d.count)).toEqual([5, 5]);
  });

  it('a table and rows give identical results, inputs are not mutated', () => {
    const copy = structuredClone(rows);
    const a = classify(rows, opts);
    expect(classify(prepareTransactions(rows), opts)).toEqual(a);
    expect(rows).toEqual(copy);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });
});

describe('classify: bad input', () => {
  const codeAndPath = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(CrmError);
      return [(e as CrmError).code, (e as CrmError).path.join('.')];
    }
    throw new Error('did not throw');
  };
  it('names the field', () => {
    expect(codeAndPath(() => classify(rows, {} as never))).toEqual(['INVALID_OPTION', 'options.asOf']);
    expect(codeAndPath(() => classify(rows, { asOf: 'soon' }))).toEqual(['INVALID_OPTION', 'options.asOf']);
    expect(codeAndPath(() => classify(rows, { asOf: '2024-01-01', model: 'six-stage' as never }))).toEqual(['INVALID_OPTION', 'options.model']);
    expect(codeAndPath(() => classify(rows, { asOf: '2024-01-01', thresholds: { hiatusDays: -1 } }))).toEqual(['INVALID_OPTION', 'options.thresholds.hiatusDays']);
    expect(codeAndPath(() => classify(rows, { asOf: '2024-01-01', thresholds: { declineGapMultiple: 4 } }))).toEqual(['INVALID_OPTION', 'options.thresholds.terminationGapMultiple']);
    expect(codeAndPath(() => classify(rows, { asOf: '2024-01-01', thresholds: { nope: 1 } as never }))).toEqual(['INVALID_OPTION', 'options.thresholds.nope']);
    expect(codeAndPath(() => classify(rows, { asOf: '2024-01-01', thresholds: { hiatusDay: 1 } as never }))).toEqual(['INVALID_OPTION', 'options.thresholds.hiatusDay']);
    expect(() => classify(rows, { asOf: '2024-01-01', thresholds: { hiatusDay: 1 } as never })).toThrow(/did you mean "hiatusDays"/);
    expect(codeAndPath(() => classify(rows, { asOf: '2024-01-01', modle: 'abcde' } as never))).toEqual(['INVALID_OPTION', 'options.modle']);
    expect(codeAndPath(() => classify(rows, { asOf: '2024-01-01', afterAsOf: 'drop' } as never))).toEqual(['INVALID_OPTION', 'options.afterAsOf']);
    expect(codeAndPath(() => classify(rows, { asOf: '2024-01-01', probabilityAlive: new Map([['x', 1.5]]) }))).toEqual(['INVALID_OPTION', 'options.probabilityAlive.x.probabilityAlive']);
    expect(codeAndPath(() => classify([{ customerId: 'a', date: 'x', amount: 1 }], { asOf: '2024-01-01' }))).toEqual(['INVALID_INPUT', '0.date']);
  });
  it('unknown stage names in a custom mapping', () => {
    const fromFiveStage = { acquisition: 'a', growth: 'a', maturity: 'a', decline: 'b', termination: 'b', dormant: 'b' };
    expect(codeAndPath(() => classify(rows, { asOf: '2024-01-01', model: { name: 'x', stages: ['a', 'b'], fromFiveStage } }))).toEqual([
      'INVALID_OPTION',
      'options.model.fromFiveStage.dormant',
    ]);
    expect(
      codeAndPath(() => classify(rows, { asOf: '2024-01-01', model: { name: 'x', stages: ['a', 'b'], fromFiveStage: { ...fromFiveStage, dormant: undefined, decline: 'c' } as never } })),
    ).toEqual(['INVALID_OPTION', 'options.model.fromFiveStage.decline']);
    expect(codeAndPath(() => classify(rows, { asOf: '2024-01-01', model: { name: 'x', stages: ['a', 'b'], fromFiveStage: { acquisition: 'a' } } }))).toEqual([
      'INVALID_OPTION',
      'options.model.fromFiveStage.growth',
    ]);
    expect(codeAndPath(() => classify(rows, { asOf: '2024-01-01', model: { name: 'x', stages: ['a'], fromFiveStage: { ...fromFiveStage, dormant: undefined } as never } }))[1]).toMatch(/^options\.model\.fromFiveStage\./);
  });
  it('hostile ids are fine', () => {
    const r = classify([{ customerId: '__proto__', date: '2024-01-01', amount: 5 }, { customerId: 'constructor', date: '2024-01-02', amount: 5 }], { asOf: '2024-02-01' });
    expect(r.customers.map((c) => c.customerId)).toEqual(['__proto__', 'constructor']);
  });
});

describe('classify: properties', () => {
  const arbRows = fc.array(
    fc.record({
      customerId: fc.constantFrom('a', 'b', 'c', '__proto__', 'd', 'e'),
      date: fc.integer({ min: 0, max: 800 }).map((d) => Date.UTC(2022, 0, 1) + d * 86_400_000 + (d % 3) * 3_600_000),
      amount: fc.integer({ min: -50, max: 500 }),
      orderId: fc.option(fc.integer({ min: 0, max: 60 }).map(String), { nil: undefined }),
    }),
    { maxLength: 60 },
  );
  it('stage assignment is total: every customer gets exactly one stage of the model, no NaN', () => {
    fc.assert(
      fc.property(
        arbRows,
        fc.integer({ min: 0, max: 900 }),
        fc.constantFrom('five-stage', 'four-stage', 'abcde'),
        fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
        (rs, asOfDay, model, p) => {
          const clean = rs.map(({ orderId, ...r }) => (orderId === undefined ? r : { ...r, orderId }));
          const asOf = Date.UTC(2022, 0, 1) + asOfDay * 86_400_000;
          const pa = p === undefined ? undefined : new Map([['a', p]]);
          const r = classify(clean, { asOf, afterAsOf: 'exclude', model: model as 'five-stage', ...(pa ? { probabilityAlive: pa } : {}) });
          expect(r.excludedAfterAsOf).toBe(clean.filter((x) => Math.floor(x.date / 86_400_000) > Math.floor(asOf / 86_400_000)).length);
          const ids = new Set(clean.map((x) => x.customerId));
          expect(r.customers.length).toBe(ids.size);
          expect(new Set(r.customers.map((c) => c.customerId)).size).toBe(ids.size);
          for (const c of r.customers) {
            expect(r.stages).toContain(c.stage);
            expect(FIVE_STAGES).toContain(c.fiveStage);
            expect(c.reasons.length).toBeGreaterThan(0);
          }
          expect(r.distribution.reduce((s, d) => s + d.count, 0)).toBe(ids.size);
          expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity|null,"pValue":null,"direction":"(rising|falling)"/);
          const nums = JSON.stringify(r, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? 'BAD' : v));
          expect(nums).not.toContain('"BAD"');
        },
      ),
      { seed: 6, numRuns: 150 },
    );
  });
  it('defaults are frozen and documented', () => {
    expect(Object.isFrozen(DEFAULT_LIFECYCLE_THRESHOLDS)).toBe(true);
    expect(Object.isFrozen(STAGE_MAPPING)).toBe(true);
  });
});
