// Properties, bad input and the transactions → lifetimes → curve path of crm-analytics/survival.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { concordanceIndex, coxPH, coxRisk, coxSurvival, kaplanMeier, lifetimesFromTransactions, logRankTest, survivalAt, type CoxModel, type CoxModelV1 } from '../../src/survival/index.js';
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

describe('large curves', () => {
  it('a Kaplan–Meier curve with 200 000 distinct times has its median (the quantile search used to overflow the call stack)', () => {
    const km = kaplanMeier(Array.from({ length: 200_000 }, (_, i) => ({ duration: i + 1, event: 1 as const })));
    expect(km.median).toBe(100_000.5);
    expect(km.medianLower).not.toBeNull();
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
    const newer = thrown(() => coxRisk({ ...fit, version: 3 } as unknown as typeof fit, [{ x: 1 }]));
    expect([newer.code, newer.path]).toEqual(['INVALID_MODEL', ['model', 'version']]);
    expect(newer.message).toMatch(/newer crm-analytics.*upgrade/);
    const other = thrown(() => coxRisk({ kind: 'bg-nbd', version: 1 } as unknown as typeof fit, [{ x: 1 }]));
    expect([other.code, other.path]).toEqual(['INVALID_MODEL', ['model', 'kind']]);
    expect(other.message).toMatch(/'bg-nbd' model, not a 'cox' model/);
  });
});

describe('saved Cox models: version 2 adds the baseline hazard; version 1 still gives risks', () => {
  const rows: Array<{ duration: number; event: 0 | 1; x: number }> = [
    { duration: 5, event: 1, x: 1 }, { duration: 8, event: 1, x: 0 }, { duration: 3, event: 1, x: 1 }, { duration: 9, event: 0, x: 0 },
    { duration: 6, event: 1, x: 0 }, { duration: 7, event: 1, x: 1 }, { duration: 2, event: 1, x: 0 }, { duration: 4, event: 1, x: 1 },
  ];
  const fit = coxPH(rows, { covariates: ['x'] });
  const { baseline: _b, concordance: _c, fittedOn: _f, ...rest } = fit;
  const v1: CoxModelV1 = { ...rest, version: 1 };

  it('coxRisk reads a version 1 model as before', () => {
    expect(fit.version).toBe(2);
    expect(fit.fittedOn).toEqual({ n: 8, events: 7, dropped: 0 });
    expect(coxRisk(v1, [{ x: 1 }, { x: 0 }])).toEqual(coxRisk(fit, [{ x: 1 }, { x: 0 }]));
  });
  it('coxSurvival refuses a version 1 model, saying to refit', () => {
    const e = thrown(() => coxSurvival(v1 as unknown as CoxModel, [{ x: 1 }]));
    expect([e.code, e.path]).toEqual(['INVALID_MODEL', ['model', 'version']]);
    expect(e.message).toMatch(/refit it with coxPH/);
    const other = thrown(() => coxSurvival({ kind: 'bg-nbd', version: 1 } as unknown as CoxModel, [{ x: 1 }]));
    expect([other.code, other.path]).toEqual(['INVALID_MODEL', ['model', 'kind']]);
    const damaged = thrown(() => coxSurvival({ ...fit, baseline: { time: [1, 2], cumulativeHazard: [0.5] } } as unknown as CoxModel, [{ x: 1 }]));
    expect([damaged.code, damaged.path]).toEqual(['INVALID_MODEL', ['model', 'baseline']]);
  });
  it('bad rows, times and options name their path', () => {
    expect(thrown(() => coxSurvival(fit, [{ x: 'a' }])).path).toEqual(['rows', 0, 'x']);
    expect(thrown(() => coxSurvival(fit, [{ x: 1 }], { times: [1, -1] })).path).toEqual(['options', 'times', 1]);
    expect(thrown(() => coxSurvival(fit, [{ x: 1 }], { times: [10] })).path).toEqual(['options', 'times', 0]);
    expect(thrown(() => coxSurvival(fit, [{ x: 1 }], { times: [Number.NaN] })).path).toEqual(['options', 'times', 0]);
    expect(thrown(() => coxSurvival(fit, [{ x: 1 }], { time: [1] } as object)).message).toContain('did you mean "times"');
    expect(thrown(() => coxSurvival(fit, [{ x: 1 }], { confidence: 95 })).path).toEqual(['options', 'confidence']);
    expect(thrown(() => coxSurvival(fit, [{ x: 1 }], { confidenceType: 'arcsin' as 'log' })).path).toEqual(['options', 'confidenceType']);
    expect(thrown(() => coxSurvival({ ...fit, covariance: [[Number.NaN]] }, [{ x: 1 }])).path).toEqual(['model', 'covariance']);
    expect(thrown(() => coxSurvival(fit, [{ x: 1e6 }])).code).toBe('NUMERIC_DOMAIN');
  });
});

// Random Cox data: covariate x ~ U(−1, 1), exponential times with rate exp(βx), some censoring.
function simulate(seed: number, n: number, beta: number): Array<{ duration: number; event: 0 | 1; x: number; z: number }> {
  let s = seed >>> 0;
  const u = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return Array.from({ length: n }, () => {
    const x = 2 * u() - 1;
    const z = Math.round(u() * 4);
    const life = -Math.log(u()) / Math.exp(beta * x + 0.2 * z);
    const censor = -Math.log(u()) * 2;
    return { duration: Math.ceil(Math.min(life, censor) * 50) / 50, event: life <= censor ? 1 : 0, x, z };
  });
}

describe('coxSurvival properties', () => {
  it('S(t|x) is non-increasing in t within [0, 1], its band contains it; at the means it is exp(−H0); a higher risk lies below', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: -1.5, max: 1.5, noNaN: true }), (seed, beta) => {
        const data = simulate(seed, 60, beta);
        fc.pre(data.filter((r) => r.event === 1).length >= 5);
        let fit: CoxModel;
        try {
          fit = coxPH(data, { covariates: ['x', 'z'] });
        } catch {
          return; // a constant or separating covariate in a small draw: not this property's subject
        }
        const means = { x: fit.means[0]!, z: fit.means[1]! };
        const [atMeans, low, high] = coxSurvival(fit, [means, { x: -1, z: 0 }, { x: 1, z: 4 }]);
        atMeans!.steps.forEach((s, k) => expect(s.survival).toBeCloseTo(Math.exp(-fit.baseline.cumulativeHazard[k]!), 12));
        for (const curve of [atMeans!, low!, high!]) {
          let previous = 1;
          for (const s of curve.steps) {
            expect(s.survival).toBeLessThanOrEqual(previous);
            expect(s.survival).toBeGreaterThanOrEqual(0);
            expect(Number.isFinite(s.cumulativeHazard)).toBe(true);
            expect(s.stdErr).toBeGreaterThanOrEqual(0);
            if (s.lower !== null) expect(s.lower).toBeLessThanOrEqual(s.survival + 1e-12);
            if (s.upper !== null) expect(s.upper).toBeGreaterThanOrEqual(s.survival - 1e-12);
            previous = s.survival;
          }
        }
        const [lo, hi] = low!.risk <= high!.risk ? [low!, high!] : [high!, low!];
        lo.steps.forEach((s, k) => expect(hi.steps[k]!.survival).toBeLessThanOrEqual(s.survival));
      }),
      { numRuns: 40 },
    );
  });
  it('between event times the curve holds its value; before the first event it is 1', () => {
    const fit = coxPH(simulate(7, 200, 0.8), { covariates: ['x'] });
    const t = fit.baseline.time;
    const [curve] = coxSurvival(fit, [{ x: 0.3 }], { times: [0, t[0]! / 2, t[3]!, (t[3]! + t[4]!) / 2, fit.baseline.lastTime] });
    const s = curve!.steps.map((p) => p.survival);
    expect([s[0], s[1]]).toEqual([1, 1]);
    expect(s[3]).toBe(s[2]);
    expect(s[4]).toBe(coxSurvival(fit, [{ x: 0.3 }]).at(0)!.steps.at(-1)!.survival);
  });
});

describe('concordanceIndex properties', () => {
  it('C = 1 when scores order lifetimes perfectly, 0 when reversed, and 1/2 when all scores tie', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { minLength: 2, maxLength: 80 }), fc.array(fc.boolean(), { minLength: 80, maxLength: 80 }), (times, censor) => {
        const events = times.map((_, i) => (i === 0 || !censor[i] ? 1 : 0) as 0 | 1);
        const minIndex = times.indexOf(Math.min(...times));
        events[minIndex] = 1; // at least one comparable pair
        expect(concordanceIndex(times, times.map((t) => t * 3), events).concordance).toBe(1);
        expect(concordanceIndex(times, times.map((t) => -t), events).concordance).toBe(0);
        expect(concordanceIndex(times, times.map((t) => -t), events, { higherScore: 'shorter' }).concordance).toBe(1);
        const tied = concordanceIndex(times, times.map(() => 7), events);
        expect(tied.concordance).toBe(0.5);
        expect(tied.concordant + tied.discordant).toBe(0);
      }),
    );
  });
  it('random scores on 20 000 subjects: C within 3 standard errors of 1/2, and the fit C on simulated data is well above', () => {
    const data = simulate(42, 20_000, 1);
    let s = 99;
    const random = data.map(() => ((s = (s * 1103515245 + 12345) % 2147483648), s / 2147483648));
    const c = concordanceIndex(data.map((r) => r.duration), random, data.map((r) => r.event));
    expect(c.stdErr).toBeGreaterThan(0);
    expect(c.stdErr).toBeLessThan(0.01);
    expect(Math.abs(c.concordance - 0.5)).toBeLessThan(3 * c.stdErr);
    const fit = coxPH(data, { covariates: ['x'] });
    expect(fit.concordance.concordance).toBeGreaterThan(0.6);
  });
  it('bad input names its path; no comparable pair is an error', () => {
    expect(thrown(() => concordanceIndex([1, 2], [1], [1, 1])).path).toEqual(['scores']);
    expect(thrown(() => concordanceIndex([1, Number.NaN], [1, 2])).path).toEqual(['durations', 1]);
    expect(thrown(() => concordanceIndex([1, 2], [1, Infinity])).path).toEqual(['scores', 1]);
    expect(thrown(() => concordanceIndex([1, 2], [1, 2], [1, 2 as 1])).path).toEqual(['events', 1]);
    expect(thrown(() => concordanceIndex([1, 2], [1, 2], [0, 0])).message).toContain('no comparable pairs');
    expect(thrown(() => concordanceIndex([1, 2], [1, 2], [1, 1], { higherScores: 'longer' } as object)).message).toContain('did you mean "higherScore"');
  });
});
