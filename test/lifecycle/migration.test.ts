import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CrmError, type Transaction } from '../../src/core/index.js';
import { classify, migrationMatrix } from '../../src/lifecycle/index.js';

describe('migrationMatrix', () => {
  it('hand-worked: stage lists (docs/lifecycle.md)', () => {
    const m = migrationMatrix(
      {
        from: [
          { customerId: 'a', stage: 'growth' },
          { customerId: 'b', stage: 'growth' },
          { customerId: 'c', stage: 'growth' },
          { customerId: 'd', stage: 'maturity' },
          { customerId: 'gone', stage: 'decline' },
        ],
        to: [
          { customerId: 'a', stage: 'maturity' },
          { customerId: 'b', stage: 'growth' },
          { customerId: 'c', stage: 'decline' },
          { customerId: 'd', stage: 'maturity' },
          { customerId: 'new', stage: 'acquisition' },
        ],
      },
      { from: '2024-01-01', to: '2024-07-01' },
    );
    expect(m.stages).toEqual(['acquisition', 'growth', 'maturity', 'decline', 'termination']);
    expect(m.counts).toEqual([
      [0, 0, 0, 0, 0],
      [0, 1, 1, 1, 0],
      [0, 0, 1, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
    ]);
    expect(m.rates[1]).toEqual([0, 1 / 3, 1 / 3, 1 / 3, 0]);
    expect(m.rates[3]).toEqual([0, 0, 0, 0, 0]);
    expect(m.fromTotals).toEqual([0, 3, 1, 0, 0]);
    expect(m.toTotals).toEqual([0, 1, 2, 1, 0]);
    expect(m.total).toBe(4);
    expect(m.entered.find((e) => e.stage === 'acquisition')!.count).toBe(1);
    expect(m.exited.find((e) => e.stage === 'decline')!.count).toBe(1);
    expect(m.transitions).toEqual([
      { from: 'growth', to: 'growth', count: 1, rate: 1 / 3 },
      { from: 'growth', to: 'maturity', count: 1, rate: 1 / 3 },
      { from: 'growth', to: 'decline', count: 1, rate: 1 / 3 },
      { from: 'maturity', to: 'maturity', count: 1, rate: 1 },
    ]);
    expect([m.from, m.to]).toEqual(['2024-01-01', '2024-07-01']);
  });

  it('accepts classify() results and a model', () => {
    const rows: Transaction[] = [
      { customerId: 'a', date: '2024-01-01', amount: 5 },
      { customerId: 'a', date: '2024-05-01', amount: 5 },
    ];
    const from = classify(rows, { asOf: '2024-02-01', afterAsOf: 'exclude', model: 'four-stage' });
    const to = classify(rows, { asOf: '2024-06-01', model: 'four-stage' });
    const m = migrationMatrix({ from, to }, { model: 'four-stage' });
    expect(m.transitions).toEqual([{ from: 'identification', to: 'development', count: 1, rate: 1 }]);
    expect(migrationMatrix(rows, { from: '2024-02-01', to: '2024-06-01', model: 'four-stage' }).counts).toEqual(m.counts);
  });

  it('bad input names the field', () => {
    const err = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(CrmError);
        return (e as CrmError).path.join('.');
      }
      return 'no error';
    };
    expect(err(() => migrationMatrix({ from: [{ customerId: 'a', stage: 'dormant' }], to: [] }))).toBe('from.0.stage');
    expect(err(() => migrationMatrix({ from: [], to: [{ customerId: 'a', stage: 'growth' }] }, { model: 'abcde' }))).toBe('to.0.stage');
    expect(err(() => migrationMatrix([], { from: '2024-01-01' }))).toBe('options.to');
    expect(err(() => migrationMatrix([], { from: '2024-02-01', to: '2024-01-01' }))).toBe('options.to');
    expect(err(() => migrationMatrix([], { from: '2024-02-01', to: '2024-02-01T20:00:00Z' }))).toBe('options.to');
    expect(err(() => migrationMatrix([{ customerId: 'a', date: '2024-03-02', amount: 1 }], { from: '2024-02-01', to: '2024-03-01' }))).toBe('0.date');
    expect(err(() => migrationMatrix([], { from: '2024-02-01', too: '2024-03-01' } as never))).toBe('options.too');
    expect(err(() => migrationMatrix({ from: [{ customerId: 'a', stage: 'growth' }, { customerId: 'a', stage: 'growth' }], to: [] }))).toBe('from.1.customerId');
  });

  it('property: rows sum to the from-stage counts, columns to the to-stage counts', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            customerId: fc.constantFrom('a', 'b', 'c', 'd', '__proto__', 'f', 'g'),
            date: fc.integer({ min: 0, max: 700 }).map((d) => Date.UTC(2022, 0, 1) + d * 86_400_000),
            amount: fc.integer({ min: 1, max: 300 }),
          }),
          { maxLength: 50 },
        ),
        fc.integer({ min: 0, max: 700 }),
        fc.integer({ min: 1, max: 300 }),
        (rows, f, span) => {
          const from = Date.UTC(2022, 0, 1) + f * 86_400_000;
          const to = from + span * 86_400_000;
          const m = migrationMatrix(rows, { from, to, afterAsOf: 'exclude' });
          const atFrom = classify(rows, { asOf: from, afterAsOf: 'exclude' });
          const atTo = classify(rows, { asOf: to, afterAsOf: 'exclude' });
          expect(m.excludedAfterAsOf).toBe(atTo.excludedAfterAsOf);
          m.stages.forEach((s, i) => {
            const rowSum = m.counts[i]!.reduce((a, b) => a + b, 0);
            expect(rowSum).toBe(m.fromTotals[i]);
            expect(rowSum).toBe(atFrom.customers.filter((c) => c.stage === s).length);
            expect(m.counts.reduce((a, r) => a + r[i]!, 0)).toBe(atTo.customers.filter((c) => c.stage === s).length);
            const rateSum = m.rates[i]!.reduce((a, b) => a + b, 0);
            expect(m.fromTotals[i] === 0 ? rateSum === 0 : Math.abs(rateSum - 1) < 1e-12).toBe(true);
          });
          expect(m.total).toBe(new Set(rows.map((r) => r.customerId)).size);
        },
      ),
      { seed: 7, numRuns: 120 },
    );
  });
});

describe('migrationMatrix with P(alive) per date', () => {
  it('uses P(alive) at each date', () => {
    const rows: Transaction[] = [
      { customerId: 'a', date: '2024-01-01', amount: 5 },
      { customerId: 'a', date: '2024-01-20', amount: 5 },
    ];
    const plain = migrationMatrix(rows, { from: '2024-02-01', to: '2024-02-15' });
    // 2 orders, gap 19 days: growth at both dates (recency 12 and 26 <= 2 × 19)
    expect(plain.transitions).toEqual([{ from: 'growth', to: 'growth', count: 1, rate: 1 }]);
    const m = migrationMatrix(rows, { from: '2024-02-01', to: '2024-02-15', probabilityAlive: { to: new Map([['a', 0.05]]) } });
    expect(m.transitions.map((t) => t.to)).toEqual(['termination']);
    expect(m.transitions[0]!.from).toBe('growth');
  });
});
