import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CrmError } from '../../src/core/index.js';
import { customerEquity, projectClv, simpleClv } from '../../src/clv/closed-form.js';
import { thrown as crmError } from '../crm-error.js';

const base = { margin: 100, retentionRate: 0.8, discountRate: 0.1 };


/** Brute-force sum of the definition (Fader & Hardie note 024), independent of the closed forms. */
function bruteForce(m: number, r: number, d: number, timing: 'start' | 'end' | 'excluded', n: number): number {
  let s = 0;
  for (let k = 0; k < n; k++) {
    const t = timing === 'excluded' ? k + 1 : k;
    const exponent = timing === 'end' ? t + 1 : t;
    s += (m * r ** t) / (1 + d) ** exponent;
  }
  return s;
}

describe('simpleClv (Fader & Hardie note 024 anchors)', () => {
  it('reproduces the three infinite-horizon conventions: 366.67 / 333.33 / 266.67', () => {
    expect(simpleClv(base)).toBeCloseTo(366.6667, 3);
    expect(simpleClv({ ...base, firstMargin: 'start' })).toBeCloseTo(1100 / 3, 10);
    expect(simpleClv({ ...base, firstMargin: 'end' })).toBeCloseTo(1000 / 3, 10);
    expect(simpleClv({ ...base, firstMargin: 'excluded' })).toBeCloseTo(800 / 3, 10);
  });

  it('finite horizon: 5 margins give 292.06, and 242.06 after a 50 acquisition cost (note 033)', () => {
    expect(simpleClv({ ...base, periods: 5 })).toBeCloseTo(292.06, 2);
    expect(simpleClv({ ...base, periods: 5, acquisitionCost: 50 })).toBeCloseTo(242.06, 2);
    // note 024 §4.2: T=9 (10 margins) 351.49, T=19 366.04, T=49 366.67
    expect(simpleClv({ ...base, periods: 10 })).toBeCloseTo(351.49, 2);
    expect(simpleClv({ ...base, periods: 20 })).toBeCloseTo(366.04, 2);
    expect(simpleClv({ ...base, periods: 50 })).toBeCloseTo(366.67, 2);
  });

  it('Gupta & Lehmann margin multiples r/(1+i−r) and the Net-4-You exercise', () => {
    expect(simpleClv({ margin: 1, retentionRate: 0.9, discountRate: 0.14, firstMargin: 'excluded' })).toBeCloseTo(3.75, 2);
    expect(simpleClv({ margin: 1, retentionRate: 0.6, discountRate: 0.16, firstMargin: 'excluded' })).toBeCloseTo(1.07, 2);
    expect(simpleClv({ margin: 18.95, retentionRate: 0.788, discountRate: 0.01, firstMargin: 'excluded' })).toBeCloseTo(67.26, 2);
  });

  it('matches the brute-force definition for any valid input and horizon', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1000, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.constantFrom('start' as const, 'end' as const, 'excluded' as const),
        fc.integer({ min: 0, max: 60 }),
        (m, r, d, timing, n) => {
          const got = simpleClv({ margin: m, retentionRate: r, discountRate: d, firstMargin: timing, periods: n });
          expect(got).toBeCloseTo(bruteForce(m, r, d, timing, n), 6);
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });

  it('r = 1 with d = 0 is fine over a finite horizon (n margins)', () => {
    expect(simpleClv({ margin: 10, retentionRate: 1, discountRate: 0, periods: 7 })).toBe(70);
  });

  it('rejects infinite value and negative rates with the field path', () => {
    const inf = crmError(() => simpleClv({ margin: 100, retentionRate: 1, discountRate: 0 }));
    expect(inf.code).toBe('NUMERIC_DOMAIN');
    expect(inf.path).toEqual(['retentionRate']);
    expect(crmError(() => simpleClv({ margin: 100, retentionRate: 1.2, discountRate: 0.1 })).code).toBe('NUMERIC_DOMAIN');
    const over = crmError(() => simpleClv({ margin: 100, retentionRate: 1.05, discountRate: 0.1, periods: 3 }));
    expect(over.path).toEqual(['retentionRate']);
    expect(crmError(() => simpleClv({ ...base, retentionRate: -0.1 })).path).toEqual(['retentionRate']);
    expect(crmError(() => simpleClv({ ...base, discountRate: -0.05 })).path).toEqual(['discountRate']);
    expect(crmError(() => simpleClv({ ...base, margin: Number.NaN })).path).toEqual(['margin']);
    expect(crmError(() => simpleClv({ ...base, periods: 2.5 })).path).toEqual(['periods']);
    expect(crmError(() => simpleClv({ ...base, acquisitionCost: -1 })).path).toEqual(['acquisitionCost']);
    expect(crmError(() => simpleClv({ ...base, firstMargin: 'middle' as never })).path).toEqual(['firstMargin']);
    expect(crmError(() => simpleClv({ margin: -1.5e308, retentionRate: 0.5, discountRate: 0, periods: 1, acquisitionCost: 1e308 })).code).toBe('NUMERIC_DOMAIN');
  });
});

describe('projectClv', () => {
  it('with constant factors its total equals simpleClv for every timing', () => {
    for (const firstMargin of ['start', 'end', 'excluded'] as const) {
      const p = projectClv({ ...base, periods: 12, firstMargin, acquisitionCost: 25 });
      expect(p.total).toBeCloseTo(simpleClv({ ...base, periods: 12, firstMargin, acquisitionCost: 25 }), 10);
      expect(p.rows).toHaveLength(12);
      expect(p.rows.at(-1)!.cumulative).toBe(p.total);
    }
  });

  it('builds the table: survivors, discount factors, cash flows', () => {
    const p = projectClv({ ...base, periods: 5, acquisitionCost: 50 });
    expect(p.total).toBeCloseTo(242.06, 2);
    expect(p.rows.map((r) => r.period)).toEqual([0, 1, 2, 3, 4]);
    expect(p.rows[2]!.survivors).toBeCloseTo(0.64, 12);
    expect(p.rows[2]!.discountFactor).toBeCloseTo(1 / 1.21, 12);
    expect(p.rows[2]!.discountedCashFlow).toBeCloseTo(64 / 1.21, 10);
    expect(p.rows[0]!.cumulative).toBeCloseTo(50, 12);
    const ex = projectClv({ ...base, periods: 3, firstMargin: 'excluded' });
    expect(ex.rows.map((r) => r.period)).toEqual([1, 2, 3]);
    expect(ex.rows[0]!.survivors).toBeCloseTo(0.8, 12);
  });

  it('revenue growth gives Gupta–Lehmann m·r/(1+i−r(1+g)) in the limit (307.69 for g = 5 %)', () => {
    const p = projectClv({ ...base, periods: 400, firstMargin: 'excluded', revenueGrowth: 0.05 });
    expect(p.total).toBeCloseTo(100 * 0.8 / (1.1 - 0.8 * 1.05), 6);
    expect(p.total).toBeCloseTo(307.69, 2);
  });

  it('Berger & Nasr (1998) case 1 with the promotion cost in the cash flows', () => {
    // GC = 260 from year 0, M = 50 per survivor from year 1 spent mid-year, r = 0.75, d = 0.2, n = 10:
    // CLV = GC Σ_{i=0..n} r^i/(1+d)^i − M Σ_{i=1..n} r^(i−1)/(1+d)^(i−0.5) = 568.78.
    // Mid-year costs at survival r^(i−1): per period i the cost is M·(1+d)^0.5/r × survivors_i.
    const n = 11;
    const marketingCost = Array.from({ length: n }, (_, i) => (i === 0 ? 0 : (50 * Math.sqrt(1.2)) / 0.75));
    const p = projectClv({ periods: n, margin: 260, retentionRate: 0.75, discountRate: 0.2, marketingCost });
    expect(p.total).toBeCloseTo(568.78, 2);
  });

  it('per-period arrays: retention, discount and referrals', () => {
    const p = projectClv({
      periods: 3,
      margin: [10, 20, 30],
      retentionRate: [0.5, 0.5, 1],
      discountRate: [0, 1, 0],
      referralRate: 0.1,
      referralValue: [100, 100, 100],
      retentionCost: 1,
    });
    // survivors 1, 0.5, 0.25; discount 1, 1, 0.5
    expect(p.rows.map((r) => r.survivors)).toEqual([1, 0.5, 0.25]);
    expect(p.rows.map((r) => r.discountFactor)).toEqual([1, 1, 0.5]);
    expect(p.total).toBeCloseTo(10 + 10 - 1 + (10 + 5 - 0.5) + 0.5 * (7.5 + 2.5 - 0.25), 12);
  });

  it('rejects bad factors with their path (array index included)', () => {
    expect(crmError(() => projectClv({ ...base, periods: 3, retentionRate: [0.8, 1.2, 0.8] })).path).toEqual(['retentionRate', 1]);
    expect(crmError(() => projectClv({ ...base, periods: 3, discountRate: [0.1, 0.1] })).path).toEqual(['discountRate']);
    expect(crmError(() => projectClv({ ...base, periods: 0 })).path).toEqual(['periods']);
    expect(crmError(() => projectClv({ ...base, periods: Infinity })).path).toEqual(['periods']);
    expect(crmError(() => projectClv({ ...base, periods: 3, revenueGrowth: -1 })).path).toEqual(['revenueGrowth']);
    expect(crmError(() => projectClv({ ...base, periods: 3, marketingCost: -2 })).path).toEqual(['marketingCost']);
  });

  it('does not mutate its inputs and returns JSON data', () => {
    const margin = Object.freeze([1, 2, 3]);
    const opts = Object.freeze({ periods: 3, margin, retentionRate: 0.9, discountRate: 0.05 });
    const p = projectClv(opts);
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });
});

describe('customerEquity', () => {
  it('sums cohorts, discounting later acquisitions', () => {
    const clv = simpleClv(base);
    const ce = customerEquity(
      [
        { name: 'now', customers: 100, clv },
        { name: 'next', customers: 120, clv: projectClv({ ...base, periods: 50 }), acquiredAt: 1 },
      ],
      { discountRate: 0.1 },
    );
    expect(ce.customers).toBe(220);
    expect(ce.cohorts[0]!.equity).toBeCloseTo(100 * clv, 9);
    expect(ce.cohorts[1]!.discountFactor).toBeCloseTo(1 / 1.1, 12);
    expect(ce.total).toBeCloseTo(100 * clv + (120 * simpleClv({ ...base, periods: 50 })) / 1.1, 8);
    expect(customerEquity([]).total).toBe(0);
  });

  it('rejects bad cohorts with the path', () => {
    expect(crmError(() => customerEquity([{ customers: -1, clv: 1 }])).path).toEqual([0, 'customers']);
    expect(crmError(() => customerEquity([{ customers: 1, clv: 1 }, { customers: 1, clv: Number.NaN }])).path).toEqual([1, 'clv']);
    expect(crmError(() => customerEquity([{ customers: 1, clv: 1 }], { discountRate: -0.1 })).path).toEqual(['options', 'discountRate']);
  });
});

describe('closed forms under generated input', () => {
  const anyValue = fc.oneof(
    fc.double({ noNaN: false }),
    fc.constantFrom(-1, 0, 0.5, 1, 1.5, Infinity, -Infinity, Number.NaN, 1e308),
    fc.string(),
    fc.constant(undefined),
    fc.constant(null),
  );
  it('simpleClv returns a finite number or throws a CrmError with a path — never NaN/Infinity', () => {
    fc.assert(
      fc.property(anyValue, anyValue, anyValue, anyValue, anyValue, (margin, retentionRate, discountRate, periods, acquisitionCost) => {
        let v: number;
        try {
          v = simpleClv({ margin, retentionRate, discountRate, periods, acquisitionCost } as never);
        } catch (e) {
          expect(e).toBeInstanceOf(CrmError);
          expect((e as CrmError).path.length).toBeGreaterThan(0);
          return;
        }
        expect(Number.isFinite(v)).toBe(true);
      }),
      { numRuns: 400, seed: 11 },
    );
  });

  it('projectClv: finite table or CrmError; survivors never increase and cumulative is the running sum', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 40, maxLength: 40 }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.constantFrom('start' as const, 'end' as const, 'excluded' as const),
        (n, rs, d, m, firstMargin) => {
          const p = projectClv({ periods: n, margin: m, retentionRate: rs.slice(0, n), discountRate: d, firstMargin });
          let running = -p.acquisitionCost;
          for (let i = 0; i < p.rows.length; i++) {
            const row = p.rows[i]!;
            if (i > 0) expect(row.survivors).toBeLessThanOrEqual(p.rows[i - 1]!.survivors);
            running += row.discountedCashFlow;
            expect(row.cumulative).toBeCloseTo(running, 6);
            expect(Number.isFinite(row.cumulative)).toBe(true);
          }
        },
      ),
      { numRuns: 80, seed: 12 },
    );
  });
});

describe('JSDoc examples (closed-form.ts)', () => {
  it('projectClv and customerEquity examples', () => {
    const p = projectClv({ periods: 5, margin: 100, retentionRate: 0.8, discountRate: 0.1, acquisitionCost: 50 });
    expect(p.total).toBeCloseTo(242.06, 2);
    expect(p.rows[1]!.survivors).toBe(0.8);
    const ce = customerEquity([{ customers: 100, clv: 366.67 }, { customers: 120, clv: 366.67, acquiredAt: 1 }], { discountRate: 0.1 });
    expect(ce.total).toBeCloseTo(76667.36, 2);
  });
});
