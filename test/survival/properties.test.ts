// Properties, bad input and the transactions → lifetimes → curve path of crm-analytics/survival.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { coxPH, coxRisk, kaplanMeier, lifetimesFromTransactions, logRankTest, survivalAt } from '../../src/survival/index.js';
import { thrown } from '../crm-error.js';

const record = fc.record({ duration: fc.integer({ min: 1, max: 30 }), event: fc.constantFrom<0 | 1>(0, 1) });

describe('kaplanMeier properties', () => {
  it('without censoring, S(t) is the share of subjects still alive after t', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 60 }), (durations) => {
        const km = kaplanMeier(durations.map((duration) => ({ duration, event: 1 as const })));
        for (const step of km.steps) {
          const alive = durations.filter((d) => d > step.time).length / durations.length;
          expect(step.survival).toBeCloseTo(alive, 12);
        }
      }),
    );
  });
  it('S is non-increasing in [0, 1], bands contain S, and the median is where S first reaches 0.5', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 80 }), (rows) => {
        const km = kaplanMeier(rows);
        let previous = 1;
        for (const s of km.steps) {
          expect(s.survival).toBeLessThanOrEqual(previous);
          expect(s.survival).toBeGreaterThanOrEqual(0);
          if (s.lower !== null) expect(s.lower).toBeLessThanOrEqual(s.survival + 1e-12);
          if (s.upper !== null) expect(s.upper).toBeGreaterThanOrEqual(s.survival - 1e-12);
          previous = s.survival;
        }
        if (km.median !== null) expect(survivalAt(km, km.median)).toBeLessThanOrEqual(0.5 + 1e-9);
        else expect(km.steps.at(-1)!.survival).toBeGreaterThan(0.5 - 1e-9);
      }),
    );
  });
  it('the log-rank statistic is invariant to relabelling groups and is 0 for identical groups', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 2, maxLength: 40 }), (rows) => {
        fc.pre(rows.some((r) => r.event === 1));
        const twice = [...rows.map((r) => ({ ...r, group: 'a' })), ...rows.map((r) => ({ ...r, group: 'b' }))];
        const t = logRankTest(twice);
        expect(t.chiSquare).toBeCloseTo(0, 9);
        expect(t.pValue).toBeCloseTo(1, 9);
      }),
    );
  });
});

describe('bad input', () => {
  it('durations ≤ 0 and events other than 0/1 name the record and field', () => {
    expect(thrown(() => kaplanMeier([{ duration: 0, event: 1 }])).path).toEqual(['records', 0, 'duration']);
    expect(thrown(() => kaplanMeier([{ duration: 2, event: 2 as 1 }])).path).toEqual(['records', 0, 'event']);
    expect(thrown(() => kaplanMeier([])).code).toBe('INVALID_INPUT');
    expect(thrown(() => kaplanMeier([{ duration: 1, event: 1 }], { confidance: 0.9 } as object)).message).toContain('did you mean "confidence"');
  });
  it('log-rank: one group, or a group of size one, is an error', () => {
    expect(thrown(() => logRankTest([{ duration: 1, event: 1, group: 'a' }, { duration: 2, event: 1, group: 'a' }])).message).toContain('two groups');
    expect(thrown(() => logRankTest([{ duration: 1, event: 1, group: 'a' }, { duration: 2, event: 1, group: 'a' }, { duration: 2, event: 1, group: 'b' }])).message).toContain('group "b" has one subject');
  });
  it('Cox: missing covariates, constant columns, no events and separation (an infinite estimate) are errors', () => {
    const rows = [
      { duration: 1, event: 1 as const, x: 1, c: 3 }, { duration: 2, event: 1 as const, x: null, c: 3 }, { duration: 3, event: 0 as const, x: 0, c: 3 },
    ];
    expect(thrown(() => coxPH(rows, { covariates: ['x'] })).path).toEqual(['records', 1, 'x']);
    expect(thrown(() => coxPH(rows, { covariates: ['c'] })).message).toContain('constant');
    expect(thrown(() => coxPH(rows.map((r) => ({ ...r, event: 0 as const })), { covariates: ['c'], missing: 'drop' })).message).toContain('no events');
    const separated = [1, 2, 3, 4, 5, 6].map((d) => ({ duration: d, event: 1 as const, x: d <= 3 ? 1 : 0 }));
    const e = thrown(() => coxPH(separated, { covariates: ['x'] }));
    expect(e.message).toMatch(/"x" runs to infinity|singular/);
  });
});

describe('lifetimesFromTransactions', () => {
  const rows = [
    { customerId: 'a', date: '2024-01-01', amount: 10 },
    { customerId: 'a', date: '2024-01-10', amount: 5 },
    { customerId: 'b', date: '2024-03-01', amount: 7 },
    { customerId: '__proto__', date: '2024-03-31', amount: 1 },
  ];
  it('churned customers end at the last purchase, active ones are censored at asOf (inclusive days)', () => {
    const lives = lifetimesFromTransactions(rows, { asOf: '2024-03-31', inactivityDays: 30 });
    expect(lives.map((l) => [l.customerId, l.duration, l.event])).toEqual([
      ['__proto__', 1, 0],
      ['a', 10, 1],
      ['b', 31, 0],
    ]);
    const km = kaplanMeier(lives);
    expect(km.subjects).toBe(3);
  });
  it('rows after asOf are an error unless excluded', () => {
    expect(thrown(() => lifetimesFromTransactions(rows, { asOf: '2024-03-30', inactivityDays: 30 })).message).toContain("afterAsOf: 'exclude'");
    expect(lifetimesFromTransactions(rows, { asOf: '2024-03-30', inactivityDays: 30, afterAsOf: 'exclude' })).toHaveLength(2);
  });
});

describe('coxRisk reads only a Cox model it knows (the saved-model rule of core/envelope.ts)', () => {
  const rows: Array<{ duration: number; event: 0 | 1; x: number }> = [
    { duration: 5, event: 1, x: 1 }, { duration: 8, event: 1, x: 0 }, { duration: 3, event: 1, x: 1 }, { duration: 9, event: 0, x: 0 },
    { duration: 6, event: 1, x: 0 }, { duration: 7, event: 1, x: 1 }, { duration: 2, event: 1, x: 0 }, { duration: 4, event: 1, x: 1 },
  ];
  const fit = coxPH(rows, { covariates: ['x'] });

  it('a JSON round trip predicts the same', () => {
    expect(coxRisk(JSON.parse(JSON.stringify(fit)) as typeof fit, [{ x: 1 }])).toEqual(coxRisk(fit, [{ x: 1 }]));
  });

  it('a newer version says to upgrade; another kind names itself', () => {
    const newer = thrown(() => coxRisk({ ...fit, version: 2 } as unknown as typeof fit, [{ x: 1 }]));
    expect([newer.code, newer.path]).toEqual(['INVALID_MODEL', ['model', 'version']]);
    expect(newer.message).toMatch(/newer crm-analytics.*upgrade/);
    const other = thrown(() => coxRisk({ kind: 'bg-nbd', version: 1 } as unknown as typeof fit, [{ x: 1 }]));
    expect([other.code, other.path]).toEqual(['INVALID_MODEL', ['model', 'kind']]);
    expect(other.message).toMatch(/'bg-nbd' model, not a 'cox' model/);
  });
});
