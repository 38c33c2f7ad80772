// coxZph against R survival 3.5.3's cox.zph (transform "km"; make-cox-predict.R).
import { describe, expect, it } from 'vitest';
import { coxPH, coxZph, type CoxZph } from '../../src/survival/index.js';
import { close, lung, predictReference as ref, veteran, type ZphRef } from './fixtures.js';
import { thrown } from '../crm-error.js';

function expectZph(z: CoxZph, r: ZphRef, tol = 1e-8): void {
  const rows = [...z.tests, z.global];
  expect(rows.map((t) => t.name)).toEqual(r.names.map((n) => n.replace('ph.', '')));
  rows.forEach((t, k) => {
    expect(close(t.chiSquare, r.chisq[k], tol), `${t.name} χ² ${t.chiSquare} vs ${r.chisq[k]}`).toBe(true);
    expect(t.df).toBe(r.df[k]);
    expect(Math.abs(t.pValue / r.p[k]! - 1), `${t.name} p ${t.pValue} vs ${r.p[k]}`).toBeLessThan(tol);
  });
  expect(z.time).toEqual(r.time);
  z.transformedTime.forEach((g, k) => expect(close(g, r.x[k], tol)).toBe(true));
  const p = z.scaledResiduals.length;
  z.scaledResiduals.forEach((col, j) =>
    col.forEach((v, k) => expect(close(v, r.y[k * p + j], tol), `residual ${j}, ${k}: ${v} vs ${r.y[k * p + j]}`).toBe(true)),
  );
}

describe('coxZph = R cox.zph', () => {
  const covariates = ['age', 'sex', 'ecog'];
  it('lung, Efron', () => expectZph(coxZph(coxPH(lung, { covariates, missing: 'drop' }), lung, { missing: 'drop' }), ref.lungZph));
  it('lung, Breslow', () => expectZph(coxZph(coxPH(lung, { covariates, missing: 'drop', ties: 'breslow' }), lung, { missing: 'drop' }), ref.lungBreslowZph));
  it('lung, transforms identity and rank; veteran, log', () => {
    const fit = coxPH(lung, { covariates, missing: 'drop' });
    expectZph(coxZph(fit, lung, { missing: 'drop', transform: 'identity' }), ref.lungZphIdentity);
    expectZph(coxZph(fit, lung, { missing: 'drop', transform: 'rank' }), ref.lungZphRank);
    const vfit = coxPH(veteran, { covariates: ['trt', 'karno', 'diagtime', 'age', 'prior'] });
    expectZph(coxZph(vfit, veteran, { transform: 'log' }), ref.vetZphLog);
  });
  it('veteran: karno violates proportional hazards (p < 0.001)', () => {
    const z = coxZph(coxPH(veteran, { covariates: ['trt', 'karno', 'diagtime', 'age', 'prior'] }), veteran);
    expectZph(z, ref.vetZph);
    expect(z.tests[1]!.pValue).toBeLessThan(0.001);
  });
});

// Seeded data: x ∈ {0, 1}; under PH the hazard ratio is e^0.7 at all times; otherwise the effect
// of x reverses at t = 0.5 (a crossing-hazards pattern the test should flag).
function simulate(seed: number, n: number, proportional: boolean): Array<{ duration: number; event: 0 | 1; x: number }> {
  let s = seed >>> 0;
  const u = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), (s + 0.5) / 4294967296);
  return Array.from({ length: n }, () => {
    const x = u() < 0.5 ? 1 : 0;
    const e = -Math.log(u());
    // Piecewise-constant hazard h1 on [0, 0.5), h2 after: invert the cumulative hazard.
    const h1 = Math.exp(0.7 * x);
    const h2 = proportional ? h1 : Math.exp(-0.7 * x);
    const life = e < 0.5 * h1 ? e / h1 : 0.5 + (e - 0.5 * h1) / h2;
    const censor = 3 * u();
    return { duration: Math.min(life, censor), event: life <= censor ? 1 : 0, x };
  });
}

describe('coxZph properties and input', () => {
  it('flags crossing hazards and not proportional ones (seeded, n = 2000)', () => {
    const crossing = simulate(11, 2000, false);
    expect(coxZph(coxPH(crossing, { covariates: ['x'] }), crossing).tests[0]!.pValue).toBeLessThan(1e-6);
    const pValues = [1, 2, 3, 4, 5].map((seed) => {
      const rows = simulate(seed, 2000, true);
      return coxZph(coxPH(rows, { covariates: ['x'] }), rows).global.pValue;
    });
    expect(pValues.filter((pv) => pv < 0.01).length).toBeLessThanOrEqual(1);
  });
  it('with one covariate the GLOBAL test is the covariate test; the scaled residuals average to about β', () => {
    const rows = simulate(5, 500, true);
    const fit = coxPH(rows, { covariates: ['x'] });
    const z = coxZph(fit, rows);
    expect(z.global.chiSquare).toBeCloseTo(z.tests[0]!.chiSquare, 10);
    const mean = z.scaledResiduals[0]!.reduce((a, b) => a + b, 0) / z.scaledResiduals[0]!.length;
    expect(mean).toBeCloseTo(fit.coefficients[0]!.coefficient, 3);
    for (const v of [...z.scaledResiduals[0]!, ...z.transformedTime, z.global.chiSquare]) expect(Number.isFinite(v)).toBe(true);
  });
  it('other records than the fit saw, a typo or a missing covariate are CrmErrors with a path', () => {
    const rows = simulate(3, 50, true);
    const fit = coxPH(rows, { covariates: ['x'] });
    expect(thrown(() => coxZph(fit, rows.slice(1))).message).toContain('not the records the model was fitted on');
    expect(thrown(() => coxZph(fit, rows.map((r, i) => (i === 0 ? { ...r, x: 1 - r.x } : r)))).message).toContain('the mean of "x"');
    expect(thrown(() => coxZph(fit, rows, { transfrom: 'km' } as object)).message).toContain('did you mean "transform"');
    expect(thrown(() => coxZph(fit, rows, { transform: 'sqrt' as 'km' })).path).toEqual(['options', 'transform']);
    expect(thrown(() => coxZph(fit, [{ ...rows[0]!, x: Number.NaN }, ...rows.slice(1)])).path).toEqual(['records', 0, 'x']);
    expect(thrown(() => coxZph({ kind: 'tree', version: 1 } as unknown as typeof fit, rows)).code).toBe('INVALID_MODEL');
  });
});
