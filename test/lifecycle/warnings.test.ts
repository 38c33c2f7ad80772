import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CrmError, type Transaction } from '../../src/core/index.js';
import { earlyWarnings, type EarlyWarning, type WarningKind } from '../../src/lifecycle/index.js';

// Hand-worked cases of docs/lifecycle.md ("Early warnings"), asOf 2024-07-01.
const AS_OF = Date.UTC(2024, 6, 1);
const before = (days: number) => new Date(AS_OF - days * 86_400_000).toISOString().slice(0, 10);
const t = (customerId: string, date: string, amount: number): Transaction => ({ customerId, date, amount });
const transactions: Transaction[] = [
  // plan customers: purchases inside the plan's observed days 2024-06-02..2024-07-01 (asOf inclusive)
  t('p-behind', '2024-06-10', 400),
  t('p-far-behind', '2024-06-10', 200),
  t('p-on-track', '2024-06-10', 480),
  // churn: usual gap 30 days
  ...[130, 100].map((d) => t('c-late', before(d), 10)),
  t('c-late', before(70), 10), // recency 70 > 2 × 30
  ...[160, 130].map((d) => t('c-gone', before(d), 10)),
  t('c-gone', before(100), 10), // recency 100 > 3 × 30
  t('c-one', before(100), 10), // one purchase day, 100 > 90
  t('c-one-old', before(200), 10), // 200 > 2 × 90
  t('c-fine', before(40), 10),
  t('c-fine', before(10), 10),
  // expense-to-sales and spend decline: monthly purchases on the 15th, January to June
  ...[1000, 800, 500, 400, 250, 200].map((a, i) => t('e-ratio', `2024-0${i + 1}-15`, a)),
  ...[300, 290, 280, 270, 262, 250].map((a, i) => t('s-slow', `2024-0${i + 1}-15`, a)),
  ...[300, 200, 100, 50].map((a, i) => t('s-stopped', `2024-0${i + 1}-15`, a)),
];
const monthly = (id: string, amounts: number[], lastBudget: number) =>
  amounts.map((amount, i) => ({
    customerId: id,
    start: `2024-0${i + 1}-01`,
    end: `2024-0${i + 2}-01`,
    amount,
    ...(i === amounts.length - 1 ? { budget: lastBudget } : {}),
  }));

describe('earlyWarnings: hand-worked', () => {
  const r = earlyWarnings(
    {
      transactions,
      creditLimits: [
        { customerId: 'r-medium', limit: 1000 },
        { customerId: 'r-high', limit: 1000 },
        { customerId: 'r-ok', limit: 1000 },
        { customerId: 'r-zero', limit: 0 },
      ],
      receivables: [
        { customerId: 'r-medium', amount: 600 },
        { customerId: 'r-medium', amount: 500 },
        { customerId: 'r-high', amount: 1300 },
        { customerId: 'r-ok', amount: 900 },
        { customerId: 'r-zero', amount: 10 },
        { customerId: 'r-nolimit', amount: 50 },
      ],
      plans: [
        { customerId: 'p-behind', start: '2024-06-02', end: '2024-08-01', target: 1000 },
        { customerId: 'p-far-behind', start: '2024-06-02', end: '2024-08-01', target: 1000 },
        { customerId: 'p-on-track', start: '2024-06-02', end: '2024-08-01', target: 1000 },
        { customerId: 'p-later', start: '2024-08-01', end: '2024-09-01', target: 1000 },
      ],
      expenses: [
        ...monthly('e-rising', [100, 110, 125, 130, 150, 160], 150),
        ...monthly('e-over', [100, 100, 100, 100, 100, 100], 80),
        ...monthly('e-ok', [100, 90, 100, 95, 100, 90], 120),
        ...monthly('e-ratio', [100, 100, 100, 100, 100, 100], 1000),
      ],
      probabilityAlive: new Map([
        ['c-fine', 0.4],
        ['p-on-track', 0.1],
      ]),
    },
    { asOf: '2024-07-01' },
  );
  const w = <K extends WarningKind>(id: string, kind: K) => r.warnings.find((x): x is Extract<EarlyWarning, { kind: K }> => x.customerId === id && x.kind === kind);

  it('receivables above the credit limit (外欠款预警)', () => {
    expect(w('r-medium', 'receivables')).toMatchObject({ severity: 'medium', metrics: { receivables: 1100, creditLimit: 1000, ratio: 1.1 } });
    expect(w('r-high', 'receivables')).toMatchObject({ severity: 'high', reasons: ['receivables 1300 > credit limit 1000 (ratio 1.3 >= receivablesHighRatio 1.25)'] });
    expect(w('r-zero', 'receivables')).toMatchObject({ severity: 'high', metrics: { ratio: null } });
    expect(w('r-ok', 'receivables')).toBeUndefined();
    expect(r.summary.notes).toContain('receivables: 1 customer(s) with receivables but no credit limit were not evaluated');
  });

  it('purchases behind plan (销售进度预警): pro-rata 30/60 of 1000 = 500 (asOf day inclusive: 06-02..07-01 is 30 of 60 days)', () => {
    expect(w('p-behind', 'sales-progress')).toMatchObject({ severity: 'medium', metrics: { expectedToDate: 500, actual: 400, progress: 0.8, elapsedShare: 0.5 } });
    expect(w('p-far-behind', 'sales-progress')).toMatchObject({ severity: 'high', metrics: { progress: 0.4 } });
    expect(w('p-on-track', 'sales-progress')).toBeUndefined();
    expect(w('p-behind', 'sales-progress')!.reasons[0]).toBe('purchases 400 are 80% of the pro-rata plan 500 (50% of target 1000 for 2024-06-02..2024-08-01)');
    expect(r.summary.notes).toContain('sales-progress: 1 plan(s) start after asOf and were not evaluated');
  });

  it('sales expense above budget or rising (销售费用预警)', () => {
    const rising = w('e-rising', 'sales-expense')!;
    expect(rising.severity).toBe('medium'); // 160 / 150 − 1 = 6.7 % < 20 %
    expect(rising.reasons[0]).toBe('expense 160 > budget 150 in the period from 2024-06-01 (over by 6.67%)');
    // slope of 100,110,125,130,150,160: Sxy = 212.5, Sxx = 17.5 → 12.143 per period
    expect(rising.metrics.expenseSlope).toBeCloseTo(212.5 / 17.5, 10);
    expect(rising.reasons[1]).toMatch(/^expense rising: slope 12.14 per period over 6 periods \(p < 0.001, below trendAlpha 0.1\)$/);
    expect(w('e-over', 'sales-expense')).toMatchObject({ severity: 'high', metrics: { overrun: 0.25 } });
    expect(w('e-ok', 'sales-expense')).toBeUndefined();
  });

  it('expense-to-sales ratio rising (销售费用预警, flat expense, falling sales)', () => {
    // expense 100 every month; sales 1000, 800, 500, 400, 250, 200 → ratios 0.1, 0.125, 0.2, 0.25, 0.4, 0.5
    // Sxx = 17.5, Sxy = 1.4375 → slope 0.082143 per period (scipy linregress p = 0.00107)
    const e = w('e-ratio', 'sales-expense')!;
    expect(e.severity).toBe('medium'); // within budget (1000)
    expect(e.metrics.overrun).toBeNull();
    expect(e.metrics.expenseSlope).toBe(0); // flat expense: t = 0, p = 1, no "expense rising"
    expect(e.metrics.expenseSlopeP).toBe(1);
    expect(e.metrics.latestExpenseToSales).toBe(0.5);
    expect(e.metrics.expenseToSalesSlope).toBeCloseTo(1.4375 / 17.5, 12);
    expect(Math.abs(e.metrics.expenseToSalesSlopeP! - 0.001072135739545063)).toBeLessThan(1e-9);
    expect(e.reasons).toEqual(['expense-to-sales ratio rising: slope 0.08 per period over 6 periods (p = 0.001, below trendAlpha 0.1)']);
  });

  it("spend decline on the customer's own monthly trend", () => {
    // e-ratio: windows 1000, 800, 500, 400, 250, 200 (oldest first): Sxy = −2875 → slope −164.29,
    // intercept 935.71, fitted last 114.29: −87.8 % ≥ 50 % drop → high (scipy p = 0.00107)
    const d = w('e-ratio', 'spend-decline')!;
    expect(d.severity).toBe('high');
    expect(d.metrics.spendPerPeriod).toEqual([1000, 800, 500, 400, 250, 200]);
    expect(d.metrics.slope).toBeCloseTo(-2875 / 17.5, 10);
    expect(d.metrics.fittedFirst).toBeCloseTo(935.7142857142857, 9);
    expect(d.metrics.fittedLast).toBeCloseTo(935.7142857142857 - (5 * 2875) / 17.5, 9);
    expect(Math.abs(d.metrics.pValue - 0.001072135739545063)).toBeLessThan(1e-9);
    expect(d.reasons[1]).toBe('fitted spend 935.71 → 114.29 (-87.79%, a drop of at least spendDeclineHighDrop 50%)');
    // s-slow: 300 … 250, slope −9.83, fitted 299.90 → 250.76 (−16.4 %) → medium
    const m = w('s-slow', 'spend-decline')!;
    expect(m.severity).toBe('medium');
    expect(m.metrics.slope).toBeCloseTo(-172 / 17.5, 10);
    expect(m.metrics.fittedChange).toBeCloseTo((299.90476190476187 - (5 * 172) / 17.5) / 299.90476190476187 - 1, 10);
    // s-stopped bought nothing in the latest window: that is the churn warning's case, not this one
    expect(w('s-stopped', 'spend-decline')).toBeUndefined();
    expect(w('s-stopped', 'churn')!.reasons).toEqual(['no reorder: recency 77 days > churnGapMultiple 2 × usual gap 31 days = 62']);
    expect(w('steady', 'spend-decline')).toBeUndefined();
    expect(w('c-late', 'spend-decline')).toBeUndefined();
  });

  it('no reorder / churn (客户流失预警)', () => {
    expect(w('c-late', 'churn')).toMatchObject({ severity: 'medium', reasons: ['no reorder: recency 70 days > churnGapMultiple 2 × usual gap 30 days = 60'] });
    expect(w('c-gone', 'churn')!.severity).toBe('high');
    expect(w('c-one', 'churn')).toMatchObject({ severity: 'medium', reasons: ['no reorder: one purchase day and recency 100 days > noReorderDays 90'] });
    expect(w('c-one-old', 'churn')!.severity).toBe('high');
    expect(w('c-fine', 'churn')).toMatchObject({ severity: 'medium', reasons: ['P(alive) 0.4 < pAliveThreshold 0.5'] });
    expect(w('p-on-track', 'churn')).toMatchObject({ severity: 'high', reasons: ['P(alive) 0.1 < pAliveThreshold 0.5'] });
  });

  it('summary counts and evaluation flags', () => {
    expect(r.summary.evaluated).toEqual({ receivables: true, 'sales-progress': true, 'sales-expense': true, churn: true, 'spend-decline': true });
    expect(r.summary.counts).toEqual([
      { kind: 'receivables', medium: 1, high: 2, total: 3 },
      { kind: 'sales-progress', medium: 1, high: 1, total: 2 },
      { kind: 'sales-expense', medium: 2, high: 1, total: 3 },
      { kind: 'churn', medium: 4, high: 3, total: 7 }, // + s-stopped (recency 77 > 2 × 31)
      { kind: 'spend-decline', medium: 1, high: 1, total: 2 },
    ]);
    const ids = r.warnings.map((x) => x.customerId);
    expect([...ids].sort()).toEqual(ids);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('absent inputs are not evaluated and say so', () => {
    const only = earlyWarnings({ transactions }, { asOf: '2024-07-01' });
    expect(only.summary.evaluated).toEqual({ receivables: false, 'sales-progress': false, 'sales-expense': false, churn: true, 'spend-decline': true });
    expect(only.summary.notes).toEqual([
      'receivables not evaluated: no creditLimits given',
      'sales-progress not evaluated: no plans given',
      'sales-expense not evaluated: no expenses given',
      'churn: no probabilityAlive given; judged on recency against the usual gap only',
    ]);
  });
});

describe('earlyWarnings: bad input names the field', () => {
  const path = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(CrmError);
      return (e as CrmError).path.join('.');
    }
    return 'no error';
  };
  const base = { transactions } as const;
  const o = { asOf: '2024-07-01' };
  it.each([
    ['plan period without dates', { ...base, plans: [{ customerId: 'a', end: '2024-08-01', target: 5 }] }, 'plans.0.start'],
    ['plan end missing', { ...base, plans: [{ customerId: 'a', start: '2024-08-01', target: 5 }] }, 'plans.0.end'],
    ['plan end before start', { ...base, plans: [{ customerId: 'a', start: '2024-08-01', end: '2024-07-01', target: 5 }] }, 'plans.0.end'],
    ['plan target 0', { ...base, plans: [{ customerId: 'a', start: '2024-06-01', end: '2024-08-01', target: 0 }] }, 'plans.0.target'],
    ['negative expense', { ...base, expenses: [{ customerId: 'a', start: '2024-06-01', end: '2024-07-01', amount: -5 }] }, 'expenses.0.amount'],
    ['negative budget', { ...base, expenses: [{ customerId: 'a', start: '2024-06-01', end: '2024-07-01', amount: 5, budget: -1 }] }, 'expenses.0.budget'],
    ['negative credit limit', { ...base, creditLimits: [{ customerId: 'a', limit: -1 }], receivables: [] }, 'creditLimits.0.limit'],
    ['NaN receivable', { ...base, creditLimits: [], receivables: [{ customerId: 'a', amount: Number.NaN }] }, 'receivables.0.amount'],
    ['bad transaction', { transactions: [{ customerId: 'a', date: 'nope', amount: 1 }] }, 'transactions.0.date'],
    ['P(alive) > 1', { ...base, probabilityAlive: [{ customerId: 'a', probabilityAlive: 2 }] }, 'probabilityAlive.0.probabilityAlive'],
  ])('%s', (_name, input, expected) => {
    expect(path(() => earlyWarnings(input as never, o))).toBe(expected);
  });
  it('options', () => {
    expect(path(() => earlyWarnings(base, {} as never))).toBe('options.asOf');
    expect(path(() => earlyWarnings(base, { ...o, thresholds: { churnGapMultiple: 0 } }))).toBe('options.thresholds.churnGapMultiple');
    expect(path(() => earlyWarnings(base, { ...o, thresholds: { pAliveHigh: 0.9 } }))).toBe('options.thresholds.pAliveHigh');
    expect(path(() => earlyWarnings(base, { ...o, thresholds: { churnGapMultipel: 2 } as never }))).toBe('options.thresholds.churnGapMultipel');
    expect(() => earlyWarnings(base, { ...o, threshold: {} } as never)).toThrow(/did you mean "thresholds"/);
    expect(() => earlyWarnings({ ...base, creditLimit: [] } as never, o)).toThrow(/did you mean "creditLimits"/);
  });
  it('asOf is inclusive; a transaction after it is an error at its row unless afterAsOf is exclude', () => {
    const late = [...transactions, t('x', '2024-07-02', 5)];
    expect(path(() => earlyWarnings({ transactions: late }, o))).toBe(`transactions.${late.length - 1}.date`);
    const r = earlyWarnings({ transactions: [...late, t('x', '2024-07-01', 5)] }, { ...o, afterAsOf: 'exclude' });
    expect(r.excludedAfterAsOf).toBe(1);
    expect(r.warnings.find((w) => w.customerId === 'x')).toBeUndefined(); // bought on the asOf day: recency 0
  });
});

describe('earlyWarnings: properties', () => {
  it('never NaN/Infinity; every warning has reasons; customers warned = distinct ids', () => {
    const id = fc.constantFrom('a', 'b', '__proto__', 'constructor', 'z');
    const day = fc.integer({ min: 0, max: 400 }).map((d) => new Date(Date.UTC(2023, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        fc.array(fc.record({ customerId: id, date: day, amount: fc.integer({ min: -20, max: 500 }) }), { maxLength: 40 }),
        fc.array(fc.record({ customerId: id, limit: fc.integer({ min: 0, max: 1000 }) }), { maxLength: 3 }),
        fc.array(fc.record({ customerId: id, amount: fc.integer({ min: -100, max: 2000 }) }), { maxLength: 5 }),
        fc.array(fc.record({ customerId: id, start: day, span: fc.integer({ min: 1, max: 120 }), target: fc.integer({ min: 1, max: 2000 }) }), { maxLength: 4 }),
        fc.array(fc.record({ customerId: id, start: day, amount: fc.integer({ min: 0, max: 300 }), budget: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }) }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 450 }),
        (transactions, limits, recs, plans, exps, asOfDay) => {
          const uniqueLimits = [...new Map(limits.map((l) => [l.customerId, l])).values()];
          const plus = (d: string, n: number) => new Date(Date.parse(d) + n * 86_400_000).toISOString().slice(0, 10);
          const r = earlyWarnings(
            {
              transactions,
              creditLimits: uniqueLimits,
              receivables: recs,
              plans: plans.map((p) => ({ customerId: p.customerId, start: p.start, end: plus(p.start, p.span), target: p.target })),
              expenses: exps.map((e) => ({ customerId: e.customerId, start: e.start, end: plus(e.start, 30), amount: e.amount, ...(e.budget === undefined ? {} : { budget: e.budget }) })),
            },
            { asOf: Date.UTC(2023, 0, 1) + asOfDay * 86_400_000, afterAsOf: 'exclude' },
          );
          const json = JSON.stringify(r, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? 'BAD' : v));
          expect(json).not.toContain('"BAD"');
          for (const w of r.warnings) expect(w.reasons.length).toBeGreaterThan(0);
          expect(r.summary.customersWarned).toBe(new Set(r.warnings.map((w) => w.customerId)).size);
          expect(r.summary.counts.reduce((s, c) => s + c.total, 0)).toBe(r.warnings.length);
        },
      ),
      { seed: 8, numRuns: 150 },
    );
  });
});
