// Predicted curves and concordance of crm-analytics/survival against R survival 3.5.3:
// survfit(coxph, newdata), basehaz(centered = TRUE), concordance() and coxph's fit$concordance.
import { describe, expect, it } from 'vitest';
import { concordanceIndex, coxPH, coxSurvival, type Concordance, type CoxModel, type CoxSurvivalOptions } from '../../src/survival/index.js';
import { close, lung, predictReference as ref, veteran, type CoxPredictRef } from './fixtures.js';

// R writes survfit's matrices time-major: value (time k, row i) at k * rows + i.
const TOL = 1e-8;
const columnsToRows = (cols: Record<string, number[]>, rename: Record<string, string> = {}): Record<string, number>[] =>
  cols[Object.keys(cols)[0]!]!.map((_, i) => Object.fromEntries(Object.entries(cols).map(([k, v]) => [rename[k] ?? k, v[i]!])));

function expectConcordance(c: Concordance, r: number[], tol = TOL): void {
  expect([c.concordant, c.discordant, c.tiedScores, c.tiedTimes, c.tiedBoth]).toEqual(r.slice(0, 5));
  expect(close(c.concordance, r[5], tol), `C ${c.concordance} vs ${r[5]}`).toBe(true);
  expect(close(c.stdErr, r[6], tol), `se ${c.stdErr} vs ${r[6]}`).toBe(true);
}

function expectPrediction(fit: CoxModel, newRows: Record<string, number>[], r: CoxPredictRef, options: CoxSurvivalOptions = {}): void {
  expect(fit.baseline.time).toEqual(r.baseTime);
  fit.baseline.cumulativeHazard.forEach((h, k) => expect(close(h, r.baseHazard[k], TOL), `H0 at ${r.baseTime[k]}: ${h} vs ${r.baseHazard[k]}`).toBe(true));
  const curves = coxSurvival(fit, newRows, options);
  expect(r.time).toEqual(fit.baseline.time);
  curves.forEach((curve, row) =>
    curve.steps.forEach((s, k) => {
      const i = k * r.rows + row;
      expect(close(s.survival, r.surv[i], TOL), `row ${row}, t ${s.time}: ${s.survival} vs ${r.surv[i]}`).toBe(true);
      expect(close(s.stdErr, r.stdErr[i], TOL), `se row ${row}, t ${s.time}: ${s.stdErr} vs ${r.stdErr[i]}`).toBe(true);
      expect(close(s.lower, r.lower[i], TOL), `lower row ${row}, t ${s.time}: ${s.lower} vs ${r.lower[i]}`).toBe(true);
      expect(close(s.upper, r.upper[i], TOL), `upper row ${row}, t ${s.time}: ${s.upper} vs ${r.upper[i]}`).toBe(true);
    }),
  );
  expect(curves.map((c) => [c.median, c.medianLower, c.medianUpper])).toEqual(r.median.map((m, i) => [m, r.medianLower[i], r.medianUpper[i]]));
  const atTimes = coxSurvival(fit, newRows, { ...options, times: r.times });
  atTimes.forEach((curve, row) => {
    expect(curve.steps.map((s) => s.time)).toEqual(r.times);
    curve.steps.forEach((s, k) => expect(close(s.survival, r.survAtTimes[k * r.rows + row], TOL)).toBe(true));
  });
  expectConcordance(fit.concordance, r.concordance);
}

describe('coxSurvival = R survfit(coxph, newdata) with its std.err and bands; fit.concordance = R coxph', () => {
  const covariates = ['age', 'sex', 'ecog'];
  const lungRows = columnsToRows(ref.lungNew, { 'ph.ecog': 'ecog' });
  it('lung, Efron ties: Efron-adjusted baseline hazard (R default ctype)', () =>
    expectPrediction(coxPH(lung, { covariates, missing: 'drop' }), lungRows, ref.lungEfron));
  it('lung, Breslow ties: Breslow hazard', () =>
    expectPrediction(coxPH(lung, { covariates, missing: 'drop', ties: 'breslow' }), lungRows, ref.lungBreslow));
  it('veteran, five covariates', () =>
    expectPrediction(coxPH(veteran, { covariates: ['trt', 'karno', 'diagtime', 'age', 'prior'] }), columnsToRows(ref.vetNew), ref.vetEfron));
  it("lung, Efron: 90 % log-log bands", () =>
    expectPrediction(coxPH(lung, { covariates, missing: 'drop' }), lungRows, ref.lungEfronLogLog90, { confidence: 0.9, confidenceType: 'log-log' }));
  it('veteran: plain bands (clipped at 0 as R does)', () =>
    expectPrediction(coxPH(veteran, { covariates: ['trt', 'karno', 'diagtime', 'age', 'prior'] }), columnsToRows(ref.vetNew), ref.vetEfronPlain, { confidenceType: 'plain' }));
  it('a JSON round trip predicts the same curves', () => {
    const fit = coxPH(lung, { covariates, missing: 'drop' });
    expect(coxSurvival(JSON.parse(JSON.stringify(fit)) as CoxModel, lungRows)).toEqual(coxSurvival(fit, lungRows));
  });
});

describe('concordanceIndex = R concordance(Surv ~ x)', () => {
  it('lung by age (591 tied-score pairs, one pair tied in both)', () =>
    expectConcordance(concordanceIndex(lung.map((r) => r.duration), lung.map((r) => r.age!), lung.map((r) => r.event)), ref.concLungAge));
  it('veteran by Karnofsky score', () =>
    expectConcordance(concordanceIndex(veteran.map((r) => r.duration), veteran.map((r) => r.karno), veteran.map((r) => r.event)), ref.concVetKarno));
  it('veteran by prior therapy (two score values)', () =>
    expectConcordance(concordanceIndex(veteran.map((r) => r.duration), veteran.map((r) => r.prior), veteran.map((r) => r.event)), ref.concVetCelltypeLike));
  it("higherScore: 'shorter' is R's reverse = TRUE: C of the Cox linear predictor is the fit's", () => {
    const fit = coxPH(lung, { covariates: ['age', 'sex', 'ecog'], missing: 'drop' });
    const kept = lung.filter((r) => r.ecog !== null);
    const eta = kept.map((r) => fit.coefficients.reduce((s, c, j) => s + c.coefficient * ((r as Record<string, unknown>)[c.name] as number - fit.means[j]!), 0));
    const c = concordanceIndex(kept.map((r) => r.duration), eta, kept.map((r) => r.event), { higherScore: 'shorter' });
    expectConcordance(c, ref.lungEfron.concordance, 1e-12);
  });
});
