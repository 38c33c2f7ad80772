// crm-analytics/survival against R's survival package (survfit, survdiff, coxph) on lung and veteran.
import { describe, expect, it } from 'vitest';
import { coxPH, kaplanMeier, logRankTest } from '../../src/survival/index.js';
import { close, lung, reference, veteran, type CoxRef, type KmRef } from './fixtures.js';
import type { KaplanMeierCurve } from '../../src/survival/index.js';

function expectKm(curve: KaplanMeierCurve, ref: KmRef): void {
  expect(curve.steps.map((s) => s.time)).toEqual(ref.time);
  expect(curve.steps.map((s) => s.atRisk)).toEqual(ref.nRisk);
  expect(curve.steps.map((s) => s.events)).toEqual(ref.nEvent);
  expect(curve.steps.map((s) => s.censored)).toEqual(ref.nCensor);
  curve.steps.forEach((s, i) => {
    expect(close(s.survival, ref.survival[i]), `S at ${s.time}`).toBe(true);
    expect(close(s.stdErr, ref.stdErr[i]), `se at ${s.time}: ${s.stdErr} vs ${ref.stdErr[i]}`).toBe(true);
    expect(close(s.lower, ref.lower[i]), `lower at ${s.time}: ${s.lower} vs ${ref.lower[i]}`).toBe(true);
    expect(close(s.upper, ref.upper[i]), `upper at ${s.time}: ${s.upper} vs ${ref.upper[i]}`).toBe(true);
  });
  expect([curve.median, curve.medianLower, curve.medianUpper]).toEqual([ref.median, ref.medianLower, ref.medianUpper]);
}

function expectCox(fit: ReturnType<typeof coxPH>, ref: CoxRef): void {
  expect(fit.subjects).toBe(ref.n);
  expect(fit.events).toBe(ref.events);
  expect(fit.converged).toBe(true);
  fit.coefficients.forEach((c, j) => {
    expect(c.name).toBe(ref.names[j]!.replace('ph.', ''));
    for (const [ours, theirs] of [
      [c.coefficient, ref.coefficients[j]], [c.stdErr, ref.stdErr[j]], [c.z, ref.z[j]], [c.hazardRatio, ref.hazardRatio[j]],
      [c.lower, ref.lower[j]], [c.upper, ref.upper[j]],
    ] as const) expect(close(ours, theirs), `${c.name}: ${ours} vs ${theirs}`).toBe(true);
    expect(Math.abs(c.pValue / ref.p[j]! - 1)).toBeLessThan(1e-6);
  });
  expect(close(fit.logLikelihood.null, ref.logLikelihood[0])).toBe(true);
  expect(close(fit.logLikelihood.fitted, ref.logLikelihood[1])).toBe(true);
  for (const [ours, theirs] of [[fit.likelihoodRatio, ref.likelihoodRatio], [fit.wald, ref.wald], [fit.score, ref.score]] as const) {
    expect(close(ours.statistic, theirs[0])).toBe(true);
    expect(ours.df).toBe(theirs[1]);
    expect(Math.abs(ours.pValue / theirs[2]! - 1)).toBeLessThan(1e-6);
  }
}

describe('kaplanMeier = R survfit', () => {
  it('lung, log bands (R default)', () => expectKm(kaplanMeier(lung), reference.lung.kmLog));
  it('lung, log-log bands', () => expectKm(kaplanMeier(lung, { confidenceType: 'log-log' }), reference.lung.kmLogLog));
  it('lung, plain bands', () => expectKm(kaplanMeier(lung, { confidenceType: 'plain' }), reference.lung.kmPlain));
  it('lung women, 90 % bands', () =>
    expectKm(kaplanMeier(lung.filter((r) => r.sex === 2), { confidence: 0.9 }), reference.lung.kmFemale90));
  it('veteran: the curve reaches 0 and the undefined limits are null', () => expectKm(kaplanMeier(veteran), reference.veteran.km));
});

describe('logRankTest = R survdiff', () => {
  for (const [name, rows, ref] of [
    ['lung by sex', lung.map((r) => ({ ...r, group: r.sex! })), reference.lung.logRankSex],
    ['veteran by cell type (4 groups)', veteran.map((r) => ({ ...r, group: r.celltype })), reference.veteran.logRankCelltype],
  ] as const) {
    it(name, () => {
      const t = logRankTest(rows);
      expect(t.df).toBe(ref.df);
      expect(close(t.chiSquare, ref.chiSquare)).toBe(true);
      expect(Math.abs(t.pValue / ref.pValue - 1)).toBeLessThan(1e-6);
      for (const g of t.groups) {
        const j = ref.groups.indexOf(g.group);
        expect(g.subjects).toBe(ref.n[j]);
        expect(g.observed).toBe(ref.observed[j]);
        expect(close(g.expected, ref.expected[j])).toBe(true);
      }
    });
  }
});

describe('coxPH = R coxph', () => {
  const covariates = ['age', 'sex', 'ecog'];
  it('lung, Efron ties, the NA row dropped as R does', () => {
    const fit = coxPH(lung, { covariates, missing: 'drop' });
    expect(fit.dropped).toBe(1);
    expectCox(fit, reference.lung.coxEfron);
  });
  it('lung, Breslow ties', () => expectCox(coxPH(lung, { covariates, missing: 'drop', ties: 'breslow' }), reference.lung.coxBreslow));
  it('veteran, five covariates', () =>
    expectCox(coxPH(veteran, { covariates: ['trt', 'karno', 'diagtime', 'age', 'prior'] }), reference.veteran.coxEfron));
});
