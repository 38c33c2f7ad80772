import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CrmError } from '../../src/core/index.js';
import * as bgBb from '../../src/clv/bg-bb.js';
import * as bgNbd from '../../src/clv/bg-nbd.js';
import { customerLifetimeValue } from '../../src/clv/customer-lifetime-value.js';
import * as gammaGamma from '../../src/clv/gamma-gamma.js';
import * as paretoNbd from '../../src/clv/pareto-nbd.js';
import * as sbg from '../../src/clv/sbg.js';
import { thrown as crmError } from '../crm-error.js';

const dir = new URL('../fixtures/clv/', import.meta.url);
const ref = JSON.parse(readFileSync(new URL('reference_values.json', dir), 'utf8'));
const lines = readFileSync(new URL('cdnow_per_customer_reference.csv', dir), 'utf8').trim().split('\n');
const header = lines[0]!.split(',');
const clvCol = header.indexOf('clv_bgnbd_gg_12m_d0.01_W');
const customers = lines.slice(1).map((l) => {
  const v = l.split(',').map(Number);
  return { customerId: String(v[0]), frequency: v[1]!, recency: v[2]!, T: v[3]!, monetaryValue: v[4]! };
});
const wantClv = lines.slice(1).map((l) => Number(l.split(',')[clvCol]));
const bg = { r: ref.bgnbd_mle.r, alpha: ref.bgnbd_mle.alpha, a: ref.bgnbd_mle.a, b: ref.bgnbd_mle.b };
const gg = { p: ref.gamma_gamma_mle.p, q: ref.gamma_gamma_mle.q, gamma: ref.gamma_gamma_mle.gamma };

/** A tiny stand-in transaction model: alive forever, Poisson rate λ per model unit, E(t) = λ t. */
const poisson = {
  conditionalExpectedPurchases: (params: { lambda: number }, t: number) => params.lambda * t,
};


describe('customerLifetimeValue', () => {
  it("reproduces lifetimes' customer_lifetime_value (12 months, 1 %/month, weekly model) for all 2,357 CDNOW customers to 1e-6", () => {
    const out = customerLifetimeValue({
      transactionModel: { model: bgNbd, params: bg },
      spendModel: { params: gg },
      customers,
      unit: 'week',
      horizon: 12,
      discountRate: 0.01,
      convention: 'lifetimes',
    });
    let worst = 0;
    out.customers.forEach((c, i) => {
      worst = Math.max(worst, Math.abs(c.clv - wantClv[i]!) / wantClv[i]!);
    });
    expect(worst).toBeLessThan(1e-6);
    expect(out.customers[0]!.customerId).toBe('1');
    expect(out.customers[0]!.expectedSpend).toBeCloseTo(gammaGamma.conditionalExpectedSpend(gg, customers[0]!), 12);
    expect(out.settings.boundaries[0]).toBe(4.345);
    expect(out.settings.monthDays).toBe(30);
    expect(out.total).toBeCloseTo(out.customers.reduce((s, c) => s + c.clv, 0), 6);
    // A model given by name works the same.
    const byName = customerLifetimeValue({ transactionModel: { model: 'bgNbd', params: bg, unit: 'week' }, spendModel: { model: 'gammaGamma', params: gg }, customers: customers.slice(0, 5), horizon: 12, discountRate: 0.01, convention: 'lifetimes' });
    expect(byName.customers.map((c) => c.clv)).toEqual(out.customers.slice(0, 5).map((c) => c.clv));
    // Pareto/NBD by name: one month at d = 0 is its 4.345-week conditional expectation × spend.
    const pn = { r: ref.pareto_nbd_mle.r, alpha: ref.pareto_nbd_mle.alpha, s: ref.pareto_nbd_mle.s, beta: ref.pareto_nbd_mle.beta };
    const one = customerLifetimeValue({ transactionModel: { model: 'paretoNbd', params: pn }, spendModel: 1, customers: [customers[0]!], unit: 'week', horizon: 1, convention: 'lifetimes' });
    expect(one.customers[0]!.clv).toBeCloseTo(paretoNbd.conditionalExpectedPurchases(pn, 4.345, customers[0]!), 12);
  });

  it("lifetimes' own known values: d = 0 gives the 30-day prediction, d = 0.5 divides it by 1.5, two months at d = 0.5 give 1/1.5 + 1/2.25 of each; d = 1 is a percentage error", () => {
    const c = customers[0]!;
    const e30 = bgNbd.conditionalExpectedPurchases(bg, 30, c);
    const e60 = bgNbd.conditionalExpectedPurchases(bg, 60, c);
    const run = (horizon: number, d: number) =>
      customerLifetimeValue({ transactionModel: { model: bgNbd, params: bg }, spendModel: 1, customers: [c], unit: 'day', horizon, discountRate: d, convention: 'lifetimes' }).customers[0]!.clv;
    expect(run(1, 0)).toBeCloseTo(e30, 12);
    expect(run(1, 0.5)).toBeCloseTo(e30 / 1.5, 12);
    expect(run(2, 0)).toBeCloseTo(e60, 12);
    expect(run(2, 0.5)).toBeCloseTo(e30 / 1.5 + (e60 - e30) / 2.25, 12);
    // issue 16: a rate ≥ 1 reads as a percentage typed as a rate and is refused with the hint.
    expect(() => run(1, 1)).toThrow(/percentage/);
    expect(() => run(1, 10)).toThrow(/pass 0.1 for 10 %/);
  });

  it('explicit units: months of 365.25/12 days, a yearly rate converted by compounding', () => {
    const out = customerLifetimeValue({
      transactionModel: { model: poisson, params: { lambda: 0.5 } },
      spendModel: 20,
      margin: 0.3,
      customers: [{ frequency: 0 }],
      unit: 'week',
      horizon: { value: 1, unit: 'year' },
      discountRate: { rate: 0.1, per: 'year' },
    });
    const monthWeeks = 365.25 / 12 / 7;
    const dm = 1.1 ** (1 / 12) - 1;
    let want = 0;
    for (let i = 1; i <= 12; i++) want += (0.5 * monthWeeks) / (1 + dm) ** i;
    expect(out.settings.periods).toBe(12);
    expect(out.settings.discountRate).toBeCloseTo(dm, 14);
    expect(out.customers[0]!.clv).toBeCloseTo(0.3 * 20 * want, 10);
    expect(out.customers[0]!.expectedPurchases).toBeCloseTo(0.5 * 365.25 / 7, 10);
    // The lifetimes convention on the same input uses 4.345-week months: a different (smaller) number.
    const lt = customerLifetimeValue({ transactionModel: { model: poisson, params: { lambda: 0.5 } }, spendModel: 20, margin: 0.3, customers: [{ frequency: 0 }], unit: 'week', horizon: 12, discountRate: dm, convention: 'lifetimes' });
    expect(lt.customers[0]!.clv / out.customers[0]!.clv).toBeCloseTo(4.345 / monthWeeks, 12);
  });

  it('mid-period discounting, partial last period, calendar months', () => {
    const base = { transactionModel: { model: poisson, params: { lambda: 1 } }, spendModel: 1, customers: [{ frequency: 0 }], unit: 'day' as const };
    const mid = customerLifetimeValue({ ...base, horizon: 2, discountRate: 0.1, discountTiming: 'middle' });
    const m = 365.25 / 12;
    expect(mid.customers[0]!.clv).toBeCloseTo(m / 1.1 ** 0.5 + m / 1.1 ** 1.5, 10);
    const partial = customerLifetimeValue({ ...base, horizon: 1.5, discountRate: 0.1 });
    expect(partial.settings.periods).toBe(2);
    expect(partial.customers[0]!.clv).toBeCloseTo(m / 1.1 + (m / 2) / 1.1 ** 1.5, 10);
    const cal = customerLifetimeValue({ ...base, horizon: 3, month: 'calendar', start: '2024-01-31' });
    expect(cal.settings.boundaries).toEqual([29, 60, 90]);
    expect(cal.customers[0]!.expectedPurchases).toBe(90);
  });

  it('continuous discounting limit: weekly mid-period steps over 10,000 weeks give the Pareto/NBD DERT reference (δ = ln 1.15 / 52)', () => {
    const dertCol = header.indexOf('pnbd_dert_d0.002688');
    const rowsRef = lines.slice(1, 4).map((l) => Number(l.split(',')[dertCol]));
    const pn = { r: ref.pareto_nbd_mle.r, alpha: ref.pareto_nbd_mle.alpha, s: ref.pareto_nbd_mle.s, beta: ref.pareto_nbd_mle.beta };
    const delta = Math.log(1.15) / 52;
    const out = customerLifetimeValue({
      transactionModel: { model: 'paretoNbd', params: pn },
      spendModel: 1,
      customers: customers.slice(0, 3),
      unit: 'week',
      period: 'week',
      horizon: { value: 10_000, unit: 'week' },
      discountRate: { rate: Math.expm1(delta), per: 'week' },
      discountTiming: 'middle',
    });
    // Midpoint rule error O(δ²h²): about 1.2e-6 relative here; the tail beyond 10,000 weeks is e^(−26.9).
    out.customers.forEach((c, i) => expect(Math.abs(c.clv - rowsRef[i]!) / rowsRef[i]!).toBeLessThan(3e-6));
  });

  it('works with the discrete BG/BB when periods are whole model periods', () => {
    const p = ref.bgbb_donations.mle;
    const donor = { frequency: 2, recency: 4, periods: 6 };
    const out = customerLifetimeValue({ transactionModel: { model: 'bgBb', params: p }, spendModel: 50, customers: [donor], unit: 'year', period: 'year', horizon: 5, discountRate: 0.1 });
    let want = 0;
    for (let k = 1; k <= 5; k++) want += (50 * (bgBb.conditionalExpectedPurchases(p, k, donor) - bgBb.conditionalExpectedPurchases(p, k - 1, donor))) / 1.1 ** k;
    expect(out.customers[0]!.clv).toBeCloseTo(want, 10);
    // Monthly steps on a yearly discrete model are not whole periods: the model's CrmError, with the customer path.
    const e = crmError(() => customerLifetimeValue({ transactionModel: { model: 'bgBb', params: p }, spendModel: 50, customers: [donor], unit: 'year', horizon: 12, discountRate: 0.01 }));
    expect(e.path.slice(0, 2)).toEqual(['customers', 0]);
  });

  it('contractual: an sBG plugs in, and over a long horizon CLV = margin × DERL(d | n−1 renewals)/(1+d)', () => {
    const p = { alpha: ref.sbg.regular.alpha, beta: ref.sbg.regular.beta };
    const subscribers = [0, 1, 4].map((periods) => ({ customerId: `tenure-${periods}`, periods }));
    const out = customerLifetimeValue({ transactionModel: { model: 'sbg', params: p }, spendModel: 100, customers: subscribers, unit: 'year', period: 'year', horizon: 600, discountRate: 0.1 });
    out.customers.forEach((c, i) => {
      const derl = sbg.discountedExpectedResidualLifetime(p, 0.1, subscribers[i]!.periods + 1);
      expect(c.clv).toBeCloseTo((100 * derl) / 1.1, 8);
    });
    expect(out.customers[0]!.clv).toBeCloseTo((100 * ref.sbg.regular.DERL_d0_10_after_n_minus_1_renewals_n1_5[0]) / 1.1, 8);
  });

  it('sharing evaluations between identical customers changes nothing and never skips validation', () => {
    const a = { frequency: 1, recency: 2, T: 10 };
    const out = customerLifetimeValue({ transactionModel: { model: bgNbd, params: bg }, spendModel: 1, customers: [a, { ...a }, { ...a, T: 11 }], unit: 'week', horizon: 3 });
    expect(out.customers[0]!.clv).toBe(out.customers[1]!.clv);
    expect(out.customers[0]!.clv).toBeCloseTo(bgNbd.conditionalExpectedPurchases(bg, (3 * 365.25) / 12 / 7, a), 12);
    expect(out.customers[2]!.clv).not.toBe(out.customers[0]!.clv);
    const e = crmError(() => customerLifetimeValue({ transactionModel: { model: bgNbd, params: bg }, spendModel: 1, customers: [a, { ...a, frequency: '1' as never }], unit: 'week', horizon: 3 }));
    expect(e.path.slice(0, 2)).toEqual(['customers', 1]);
  });

  it('rejects hidden or bad units and rates, and non-finite model output, with the path', () => {
    const base = { transactionModel: { model: poisson, params: { lambda: 1 } }, spendModel: 1, customers: [{ frequency: 0 }], horizon: 12 };
    expect(crmError(() => customerLifetimeValue(base)).path).toEqual(['unit']);
    expect(crmError(() => customerLifetimeValue({ ...base, unit: 'week', discountRate: -0.01 })).path).toEqual(['discountRate']);
    expect(crmError(() => customerLifetimeValue({ ...base, unit: 'fortnight' as never })).path).toEqual(['unit']);
    expect(crmError(() => customerLifetimeValue({ ...base, unit: 'week', horizon: -1 })).path).toEqual(['horizon']);
    expect(crmError(() => customerLifetimeValue({ ...base, unit: 'week', discountRate: { rate: 0.1, per: 'decade' as never } })).path).toEqual(['discountRate', 'per']);
    expect(crmError(() => customerLifetimeValue({ ...base, unit: 'week', convention: 'lifetimes', period: 'week' })).path).toEqual(['period']);
    expect(crmError(() => customerLifetimeValue({ ...base, unit: 'week', month: 'calendar' })).path).toEqual(['start']);
    // 0.2 renamed `conventions` to `convention` (as rfm's): the old name is an unknown option with a did-you-mean.
    const renamed = crmError(() => customerLifetimeValue({ ...base, unit: 'week', conventions: 'lifetimes' } as never));
    expect(renamed).toMatchObject({ code: 'INVALID_OPTION', path: ['conventions'] });
    expect(renamed.message).toContain('did you mean "convention"?');
    expect(crmError(() => customerLifetimeValue({ ...base, unit: 'week', convention: 'lifetime' as never })).message).toContain('did you mean "lifetimes"?');
    expect(crmError(() => customerLifetimeValue({ ...base, unit: 'week', horizn: 12 } as never)).path).toEqual(['horizn']);
    expect(crmError(() => customerLifetimeValue({ ...base, unit: 'week', transactionModel: { model: 'pnbd' as never, params: {} } })).path).toEqual(['transactionModel', 'model']);
    expect(crmError(() => customerLifetimeValue({ ...base, unit: 'week', transactionModel: { model: {} as never, params: {} } })).path).toEqual(['transactionModel', 'model']);
    const nan = { conditionalExpectedPurchases: () => Number.NaN };
    const e = crmError(() => customerLifetimeValue({ ...base, unit: 'week', transactionModel: { model: nan, params: {} } }));
    expect(e.code).toBe('NUMERIC_DOMAIN');
    expect(e.path).toEqual(['customers', 0]);
    const spendErr = crmError(() => customerLifetimeValue({ ...base, unit: 'week', spendModel: { params: gg }, customers: [{ frequency: 2, monetaryValue: -3 }] }));
    expect(spendErr.path).toEqual(['customers', 0, 'monetaryValue']);
  });
});

describe('JSDoc example (customer-lifetime-value.ts)', () => {
  it('runs as written and is consistent with its parts', () => {
    const out = customerLifetimeValue({
      transactionModel: { model: bgNbd, params: { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 } },
      spendModel: { params: { p: 6.2488, q: 3.7446, gamma: 15.4477 } },
      customers: [{ customerId: '1', frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 }],
      unit: 'week',
      horizon: { value: 1, unit: 'year' },
      discountRate: { rate: 0.1, per: 'year' },
    });
    const c = out.customers[0]!;
    expect(c.clv).toBeCloseTo(c.expectedSpend * c.discountedPurchases, 12);
    expect(c.discountedPurchases).toBeLessThan(c.expectedPurchases);
    expect(c.expectedPurchases).toBeCloseTo(bgNbd.conditionalExpectedPurchases({ r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 }, 365.25 / 7, { frequency: 2, recency: 30.43, T: 38.86 }), 10);
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });
});

describe('customerLifetimeValue byPeriod', () => {
  it('period totals add up to the customer totals', () => {
    const out = customerLifetimeValue({
      transactionModel: { model: bgNbd, params: bg },
      spendModel: { params: gg },
      customers: customers.slice(0, 200),
      unit: 'week',
      horizon: 6,
      discountRate: 0.01,
      margin: 0.25,
    });
    expect(out.byPeriod.map((p) => p.period)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(out.byPeriod.reduce((s, p) => s + p.discountedValue, 0)).toBeCloseTo(out.total, 8);
    expect(out.byPeriod.reduce((s, p) => s + p.expectedPurchases, 0)).toBeCloseTo(out.customers.reduce((s, c) => s + c.expectedPurchases, 0), 8);
    expect(out.byPeriod[2]!.discountFactor).toBeCloseTo(1 / 1.01 ** 3, 14);
    expect(out.byPeriod[5]!.end).toBeCloseTo((6 * 365.25) / 12 / 7, 12);
  });
});
