import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dynamicCovariateData, paretoNbd, paretoNbdDynamicCovariates, type DynamicCovariateCustomer, type DynamicCovariateData, type DynamicCovariateRow } from '../../src/clv/index.js';
import { createRandom } from '../../src/core/random.js';
import { thrown as err } from '../crm-error.js';
import { simulateDynamic } from './covariate-simulate.js';

// CLVTools 0.12.1 on its apparel data (600 customers, weekly, split at week 104, time-varying
// covariates High.Season, Gender, Channel on both processes), made by
// test/fixtures/clv/make_pnbd_dyncov_reference.R (+ _trim.py). CLVTools names: trans = our
// purchase, life = our dropout. The covariate table apparelDynCov is stored losslessly as its two
// factors (High.Season depends only on the week, Gender/Channel only on the customer; see the
// fixture README) and expanded here to the 187,800 rows CLVTools reads.
const dir = new URL('../fixtures/clv/', import.meta.url);
const csv = (file: string): string[][] =>
  readFileSync(new URL(file, dir), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
const transactions = csv('apparel_transactions.csv').map(([id, date, price]) => ({ customerId: id!, date: date!, amount: Number(price) }));
const season = csv('apparel_dyncov_season.csv');
const covariates: DynamicCovariateRow[] = csv('apparel_dyncov_customers.csv').flatMap(([id, gender, channel]) =>
  season.map(([date, high]) => ({ customerId: id!, date: date!, 'High.Season': Number(high), Gender: Number(gender), Channel: Number(channel) })),
);
interface RefLL { Id: string; LL: number }
const ref = JSON.parse(readFileSync(new URL('pnbd_dyncov_reference.json', dir), 'utf8')) as {
  asOf: string;
  covariates: string[];
  fixedParams: Record<string, number>;
  cbs: Array<{ Id: string; x: number; 't.x': number; 'T.cal': number }>;
  llFixed: RefLL[];
  fit: { coef: Record<string, number>; se: Record<string, number>; LL: number; cpuSeconds: number };
  llFit: RefLL[];
  predict10: Array<{ Id: string; PAlive: number; CET: number; DECT: number }>;
};
const cols = ref.covariates;
const data = dynamicCovariateData(transactions, covariates, { asOf: ref.asOf, unit: 'week', purchase: cols, dropout: cols, afterAsOf: 'exclude' });
const index = new Map(data.customers.map((c, i) => [c.customerId, i]));
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
/** CLVTools' parameter vector (log.r, …, life.X, trans.X) as our model. */
const modelOf = (p: Record<string, number>) => ({
  params: { r: Math.exp(p['log.r']!), alpha: Math.exp(p['log.alpha']!), s: Math.exp(p['log.s']!), beta: Math.exp(p['log.beta']!) },
  coefficients: { purchase: Object.fromEntries(cols.map((c) => [c, p[`trans.${c}`]!])), dropout: Object.fromEntries(cols.map((c) => [c, p[`life.${c}`]!])) },
});

describe('Pareto/NBD with time-varying covariates against CLVTools (apparel)', () => {
  it('builds the same per-customer summary as CLVTools (x, t.x, T.cal)', () => {
    expect(data.customers).toHaveLength(ref.cbs.length);
    for (const c of ref.cbs) {
      const ours = data.customers[index.get(c.Id)!]!;
      expect(ours.frequency).toBe(c.x);
      expect(Math.abs(ours.recency - c['t.x'])).toBeLessThan(1e-9);
      expect(ours.T).toBe(c['T.cal']);
    }
  });

  it('per-customer log-likelihood equals CLVTools’ (pnbd_dyncov_LL_ind) to 1e-10 relative at a non-optimal parameter vector', () => {
    const ll = paretoNbdDynamicCovariates.logLikelihood(modelOf(ref.fixedParams), data);
    let worst = 0;
    for (const r of ref.llFixed) worst = Math.max(worst, rel(ll[index.get(r.Id)!]!, r.LL));
    expect(worst).toBeLessThan(1e-10);
    expect(ref.llFixed).toHaveLength(600);
  });

  it('at CLVTools’ estimate: per-customer log-likelihood, P(alive), 10-week CET and DECT equal CLVTools’ to 1e-10 relative', () => {
    const c = ref.fit.coef;
    const model = {
      params: { r: c.r!, alpha: c.alpha!, s: c.s!, beta: c.beta! },
      coefficients: { purchase: Object.fromEntries(cols.map((k) => [k, c[`trans.${k}`]!])), dropout: Object.fromEntries(cols.map((k) => [k, c[`life.${k}`]!])) },
    };
    const ll = paretoNbdDynamicCovariates.logLikelihood(model, data);
    let worst = 0;
    for (const r of ref.llFit) worst = Math.max(worst, rel(ll[index.get(r.Id)!]!, r.LL));
    expect(worst).toBeLessThan(1e-10);
    expect(rel(ll.reduce((a, b) => a + b, 0), ref.fit.LL)).toBeLessThan(1e-12);
    // Predictions need the covariates of the 10 weeks after asOf (2007-01-01 … 2007-03-11).
    const ahead = dynamicCovariateData(transactions, covariates, { asOf: ref.asOf, unit: 'week', purchase: cols, dropout: cols, afterAsOf: 'exclude', until: '2007-03-11' });
    const alive = paretoNbdDynamicCovariates.probabilityAlive(model, ahead);
    const cet = paretoNbdDynamicCovariates.conditionalExpectedPurchases(model, 10, ahead);
    // CLVTools' predict() default continuous.discount.factor = 0.1 is the continuous rate ln(1.1).
    const dect = paretoNbdDynamicCovariates.discountedConditionalExpectedPurchases(model, 10, ahead, Math.log(1.1));
    let worstAlive = 0;
    let worstCet = 0;
    let worstDect = 0;
    for (const r of ref.predict10) {
      const i = index.get(r.Id)!;
      worstAlive = Math.max(worstAlive, rel(alive[i]!, r.PAlive));
      worstCet = Math.max(worstCet, rel(cet[i]!, r.CET));
      worstDect = Math.max(worstDect, rel(dect[i]!, r.DECT));
    }
    expect(ref.predict10).toHaveLength(600);
    expect(worstAlive).toBeLessThan(1e-10);
    expect(worstCet).toBeLessThan(1e-10);
    expect(worstDect).toBeLessThan(1e-10);
    // δ = 0 is the undiscounted expectation.
    expect(paretoNbdDynamicCovariates.discountedConditionalExpectedPurchases(model, 10, ahead, 0)).toEqual(cet);
    expect(err(() => paretoNbdDynamicCovariates.discountedConditionalExpectedPurchases(model, 10, ahead, -0.1)).code).toBe('INVALID_INPUT');
    // Without the prediction period's covariates the CET is refused, naming the customer.
    expect(err(() => paretoNbdDynamicCovariates.conditionalExpectedPurchases(model, 10, data)).message).toContain('until');
  });

  it('the fit goes past CLVTools’ Nelder–Mead stop and reports the dropout High.Season coefficient as running to −∞', () => {
    const fit = paretoNbdDynamicCovariates.fit(data);
    // CLVTools stops at ln L = −5752.937 with life.High.Season = −2.48 (SE 3.6); the likelihood keeps rising.
    expect(fit.logLikelihood).toBeGreaterThan(ref.fit.LL + 0.2);
    expect(fit.converged).toBe(false);
    expect(fit.boundary?.parameter).toBe('dropout.High.Season');
    expect(fit.message).toContain('"High.Season"');
    expect(fit.coefficients.dropout['High.Season']!).toBeLessThan(-10);
    // The purchase side is identified: within half a CLVTools standard error of CLVTools' values.
    for (const k of cols) expect(Math.abs(fit.coefficients.purchase[k]! - ref.fit.coef[`trans.${k}`]!)).toBeLessThan(0.5 * ref.fit.se[`trans.${k}`]!);
    expect(Math.abs(fit.params.r - ref.fit.coef.r!)).toBeLessThan(0.5 * ref.fit.se.r!);
    expect(fit.parameterOrder).toEqual(['r', 'alpha', 's', 'beta', ...cols.map((k) => `purchase.${k}`), ...cols.map((k) => `dropout.${k}`)]);
    const saved = paretoNbdDynamicCovariates.load(JSON.parse(JSON.stringify(fit)));
    expect(saved.coefficients).toEqual(fit.coefficients);
    expect(err(() => paretoNbdDynamicCovariates.load({ ...saved, kind: 'pareto-nbd' })).code).toBe('INVALID_MODEL');
  });

  it('reaches CLVTools’ maximum where it is interior (High.Season on purchases only): ln L to 1e-9, parameters to 1e-4, standard errors to 1e-3', () => {
    const interior = JSON.parse(readFileSync(new URL('pnbd_dyncov_interior.json', dir), 'utf8')) as {
      purchase: string[];
      dropout: string[];
      nelderMead: { LL: number };
      bfgs: { coef: Record<string, number>; se: Record<string, number>; LL: number; llFit: RefLL[] };
    };
    const d = dynamicCovariateData(transactions, covariates, { asOf: ref.asOf, unit: 'week', purchase: interior.purchase, dropout: interior.dropout, afterAsOf: 'exclude' });
    const fit = paretoNbdDynamicCovariates.fit(d);
    expect(fit.converged).toBe(true);
    expect(fit.boundary).toBeUndefined();
    // CLVTools' default Nelder–Mead stops 0.47 short; its BFGS reaches the maximum.
    expect(fit.logLikelihood).toBeGreaterThan(interior.nelderMead.LL + 0.4);
    expect(rel(fit.logLikelihood, interior.bfgs.LL)).toBeLessThan(1e-9);
    const ours: Record<string, [number, number | null]> = {
      r: [fit.params.r, fit.standardErrors.r], alpha: [fit.params.alpha, fit.standardErrors.alpha], s: [fit.params.s, fit.standardErrors.s], beta: [fit.params.beta, fit.standardErrors.beta],
    };
    for (const k of interior.purchase) ours[`trans.${k}`] = [fit.coefficients.purchase[k]!, fit.coefficientStandardErrors.purchase[k]!];
    for (const k of interior.dropout) ours[`life.${k}`] = [fit.coefficients.dropout[k]!, fit.coefficientStandardErrors.dropout[k]!];
    expect(Object.keys(ours).sort()).toEqual(Object.keys(interior.bfgs.coef).sort());
    for (const [k, [value, se]] of Object.entries(ours)) {
      expect(rel(value, interior.bfgs.coef[k]!)).toBeLessThan(1e-4);
      expect(rel(se!, interior.bfgs.se[k]!)).toBeLessThan(1e-3);
    }
    // And the per-customer log-likelihood at CLVTools' BFGS estimate.
    const c = interior.bfgs.coef;
    const ll = paretoNbdDynamicCovariates.logLikelihood(
      {
        params: { r: c.r!, alpha: c.alpha!, s: c.s!, beta: c.beta! },
        coefficients: { purchase: Object.fromEntries(interior.purchase.map((k) => [k, c[`trans.${k}`]!])), dropout: Object.fromEntries(interior.dropout.map((k) => [k, c[`life.${k}`]!])) },
      },
      d,
    );
    let worst = 0;
    for (const r of interior.bfgs.llFit) worst = Math.max(worst, rel(ll[index.get(r.Id)!]!, r.LL));
    expect(worst).toBeLessThan(1e-10);
  });

  it('a shared coefficient (names.cov.constr) and L2 regularisation (reg.lambdas) reach CLVTools’ maxima', () => {
    const ref2 = JSON.parse(readFileSync(new URL('pnbd_dyncov_constrained.json', dir), 'utf8')) as {
      purchase: string[];
      dropout: string[];
      constrained: { coef: Record<string, number>; se: Record<string, number>; LL: number };
      regularized: { coef: Record<string, number>; LL: number };
    };
    const d = dynamicCovariateData(transactions, covariates, { asOf: ref.asOf, unit: 'week', purchase: ref2.purchase, dropout: ref2.dropout, afterAsOf: 'exclude' });
    const c = paretoNbdDynamicCovariates.fit(d, { shared: ['Gender'] });
    expect(c.converged).toBe(true);
    expect(c.shared).toEqual(['Gender']);
    expect(c.parameterOrder).toEqual(['r', 'alpha', 's', 'beta', 'purchase.High.Season', 'purchase.Channel', 'dropout.Channel', 'shared.Gender']);
    expect(c.coefficients.purchase.Gender).toBe(c.coefficients.dropout.Gender);
    expect(rel(c.logLikelihood, ref2.constrained.LL)).toBeLessThan(1e-9);
    const ours: Record<string, [number, number | null]> = {
      r: [c.params.r, c.standardErrors.r], alpha: [c.params.alpha, c.standardErrors.alpha], s: [c.params.s, c.standardErrors.s], beta: [c.params.beta, c.standardErrors.beta],
      'trans.High.Season': [c.coefficients.purchase['High.Season']!, c.coefficientStandardErrors.purchase['High.Season']!],
      'trans.Channel': [c.coefficients.purchase.Channel!, c.coefficientStandardErrors.purchase.Channel!],
      'life.Channel': [c.coefficients.dropout.Channel!, c.coefficientStandardErrors.dropout.Channel!],
      'constr.Gender': [c.coefficients.purchase.Gender!, c.coefficientStandardErrors.purchase.Gender!],
    };
    expect(Object.keys(ours).sort()).toEqual(Object.keys(ref2.constrained.coef).sort());
    for (const [k, [value, se]] of Object.entries(ours)) {
      expect(rel(value, ref2.constrained.coef[k]!)).toBeLessThan(1e-4);
      expect(rel(se!, ref2.constrained.se[k]!)).toBeLessThan(1e-3);
    }
    // Regularised: CLVTools reports the penalised mean log-likelihood; compare that and the coefficients.
    const g = paretoNbdDynamicCovariates.fit(d, { regularization: { purchase: 10, dropout: 10 } });
    const coefs: Record<string, number> = {};
    for (const k of ref2.purchase) coefs[`trans.${k}`] = g.coefficients.purchase[k]!;
    for (const k of ref2.dropout) coefs[`life.${k}`] = g.coefficients.dropout[k]!;
    const penalty = 10 * Object.values(coefs).reduce((a, v) => a + v * v, 0);
    expect(rel(g.logLikelihood / 600 - penalty, ref2.regularized.LL)).toBeLessThan(1e-9);
    for (const [k, v] of Object.entries(coefs)) expect(Math.abs(v - ref2.regularized.coef[k]!)).toBeLessThan(1e-6);
    for (const k of ['r', 'alpha', 's', 'beta'] as const) expect(rel(g.params[k], ref2.regularized.coef[k]!)).toBeLessThan(1e-4);
    expect(err(() => paretoNbdDynamicCovariates.fit(d, { shared: ['High.Season'] })).code).toBe('INVALID_OPTION');
  });

  it('with every coefficient 0 is the Pareto/NBD without covariates', () => {
    const params = { r: 0.8, alpha: 12, s: 0.6, beta: 30 };
    const zero = Object.fromEntries(cols.map((c) => [c, 0]));
    const ll = paretoNbdDynamicCovariates.logLikelihood({ params, coefficients: { purchase: zero, dropout: zero } }, data);
    const plain = paretoNbd.logLikelihood(params, data.customers.map(({ frequency, recency, T }) => ({ frequency, recency, T })));
    const sum = ll.reduce((a, b) => a + b, 0);
    expect(rel(sum, plain)).toBeLessThan(1e-10);
  });
});

describe('dynamicCovariateData: bad input names the customer, date or column', () => {
  const tx = [
    { customerId: 'a', date: '2024-01-01', amount: 1 },
    { customerId: 'a', date: '2024-01-10', amount: 1 },
    { customerId: 'b', date: '2024-01-03', amount: 1 },
  ];
  const weeks = ['2024-01-01', '2024-01-08', '2024-01-15'];
  const table = (f: (id: string, k: number) => number) => ['a', 'b'].flatMap((customerId) => weeks.map((date, k) => ({ customerId, date, promo: f(customerId, k), other: k })));
  const opts = { asOf: '2024-01-21', unit: 'week' as const, purchase: ['promo'] };

  it('builds runs and the covariates at the repeat purchases', () => {
    const d = dynamicCovariateData(tx, table((_, k) => (k === 1 ? 1 : 0)), opts);
    expect(d.customers.map((c) => c.customerId)).toEqual(['a', 'b']);
    expect(d.customers[0]!.runs.map((r) => [r.from, r.to, r.purchase[0]])).toEqual([[0, 1, 0], [1, 2, 1], [2, 3, 0]]);
    expect(d.customers[0]!.repeatPurchaseCovariates).toEqual([1]);
    expect(d.customers[1]!.runs[0]!.from).toBe(0);
    expect(d.customers[1]!.T).toBeCloseTo(18 / 7, 12);
  });

  it('a customer without rows', () => {
    const e = err(() => dynamicCovariateData(tx, table(() => 0).filter((r) => r.customerId !== 'b').map((r, i) => ({ ...r, promo: i % 2 })), opts));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('"b"');
  });

  it('a missing period inside the window', () => {
    const e = err(() => dynamicCovariateData(tx, table((_, k) => k % 2).filter((r) => !(r.customerId === 'a' && r.date === '2024-01-08')), opts));
    expect(e.message).toContain('"a"');
    expect(e.message).toContain('2024-01-08');
  });

  it('the table ending before asOf', () => {
    const e = err(() => dynamicCovariateData(tx, table((_, k) => k % 2), { ...opts, asOf: '2024-01-22' }));
    expect(e.message).toContain('2024-01-22');
  });

  it('a non-finite value', () => {
    const rows = table((_, k) => k % 2).map((r) => (r.customerId === 'b' && r.date === '2024-01-15' ? { ...r, promo: Number.NaN } : r));
    const e = err(() => dynamicCovariateData(tx, rows, opts));
    expect(e.message).toContain('"promo"');
    expect(e.message).toContain('"b"');
    expect(e.message).toContain('2024-01-15');
  });

  it('a constant column', () => {
    const e = err(() => dynamicCovariateData(tx, table(() => 1), opts));
    expect(e.message).toContain('"promo"');
    expect(e.message).toContain('constant');
  });

  it('collinear columns', () => {
    const e = err(() => dynamicCovariateData(tx, table((_, k) => 2 * k), { ...opts, purchase: ['promo', 'other'] }));
    expect(e.message).toContain('"other"');
  });

  it('hand-built data is checked: runs with a gap, wrong vector lengths, recency past T', () => {
    const d = dynamicCovariateData(tx, table((_, k) => (k === 1 ? 1 : 0)), opts);
    const model = { params: { r: 0.5, alpha: 2, s: 0.5, beta: 5 }, coefficients: { purchase: { promo: 0.3 }, dropout: {} } };
    const edit = (f: (c: DynamicCovariateCustomer) => DynamicCovariateCustomer): DynamicCovariateData => ({ ...d, customers: [f(structuredClone(d.customers[0]!)), d.customers[1]!] });
    const gap = err(() => paretoNbdDynamicCovariates.logLikelihood(model, edit((c) => ({ ...c, runs: [c.runs[0]!, c.runs[2]!] }))));
    expect(gap.message).toContain('"a"');
    expect(gap.message).toContain('run 1');
    expect(err(() => paretoNbdDynamicCovariates.probabilityAlive(model, edit((c) => ({ ...c, repeatPurchaseCovariates: [] })))).message).toContain('repeatPurchaseCovariates');
    expect(err(() => paretoNbdDynamicCovariates.fit(edit((c) => ({ ...c, recency: c.T + 1 })))).message).toContain('recency');
    expect(err(() => paretoNbdDynamicCovariates.logLikelihood({ ...model, coefficients: { purchase: {}, dropout: {} } }, d)).message).toContain('purchase.promo');
  });

  it('two rows for one period', () => {
    const rows = [...table((_, k) => k % 2), { customerId: 'a', date: '2024-01-08', promo: 0, other: 0 }];
    expect(err(() => dynamicCovariateData(tx, rows, opts)).message).toContain('2024-01-08');
  });
});

describe('Pareto/NBD with time-varying covariates: parameter recovery on simulated customers', () => {
  // 2,000 customers observed for 52 weeks from their first purchase; weekly covariates: a common
  // season (weeks 10–19 and 35–44), a customer trait (0/1, constant) and a customer-specific promo
  // week (Bernoulli 0.2): ./covariate-simulate.ts (seeded).
  const truth = { r: 0.8, alpha: 6, s: 0.7, beta: 15, purchase: { season: 0.5, trait: -0.4, promo: 0.6 }, dropout: { season: 0.4, trait: 0.5 } };
  const simulated = simulateDynamic(truth, 2000, 52, createRandom(20261207));

  it('recovers r, α, s, β and every coefficient within 2 standard errors', () => {
    const fit = paretoNbdDynamicCovariates.fit(simulated);
    expect(fit.converged).toBe(true);
    expect(fit.boundary).toBeUndefined();
    const check = (est: number, se: number | null, value: number) => {
      expect(se).not.toBeNull();
      expect(Math.abs(est - value)).toBeLessThan(2 * se!);
    };
    for (const k of ['r', 'alpha', 's', 'beta'] as const) check(fit.params[k], fit.standardErrors[k], truth[k]);
    for (const [k, v] of Object.entries(truth.purchase)) check(fit.coefficients.purchase[k]!, fit.coefficientStandardErrors.purchase[k]!, v);
    for (const [k, v] of Object.entries(truth.dropout)) check(fit.coefficients.dropout[k]!, fit.coefficientStandardErrors.dropout[k]!, v);
  });
});
