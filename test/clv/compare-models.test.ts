// clv.compareModels on CDNOW (issue 18 item 4): information criteria, likelihood-ratio tests for
// the nested pairs only, and the holdout error table against a direct computation.
import { describe, expect, it } from 'vitest';
import { bgCnbdK, bgNbd, calibrationHoldoutSplit, compareModels, ggomNbd, modifiedBgCnbdK, modifiedBgNbd, paretoNbd } from '../../src/clv/index.js';
import { chiSquareSurvival } from '../../src/core/math/index.js';
import { thrown } from '../crm-error.js';
import { nbdFit } from './nbd.js';
import { cdnowSummary, cdnowTransactions } from './cdnow.js';

const data = cdnowSummary();


describe('compareModels on CDNOW', () => {
  const fits = { 'BG/NBD': bgNbd.fit(data), 'MBG/NBD': modifiedBgNbd.fit(data), 'Pareto/NBD': paretoNbd.fit(data), NBD: nbdFit(data) };
  const table = compareModels(fits);

  it('AIC = 2k − 2 ln L and BIC = k ln n − 2 ln L per model, with deltas from the best', () => {
    expect(table.models.map((m) => m.name)).toEqual(['BG/NBD', 'MBG/NBD', 'Pareto/NBD', 'NBD']);
    for (const m of table.models) {
      const ll = fits[m.name as keyof typeof fits].logLikelihood;
      expect(m.logLikelihood).toBe(ll);
      expect(m.aic).toBeCloseTo(2 * m.parameters - 2 * ll, 9);
      expect(m.bic).toBeCloseTo(m.parameters * Math.log(2357) - 2 * ll, 9);
    }
    expect(table.models.find((m) => m.name === 'NBD')?.parameters).toBe(2);
    // FHL 2005a: BG/NBD ln L = −9582.4 on CDNOW; the NBD (no dropout) is far worse.
    expect(table.models[0]?.logLikelihood).toBeCloseTo(-9582.43, 1);
    expect(Math.min(...table.models.map((m) => m.deltaAic))).toBe(0);
    expect(table.models.find((m) => m.name === 'NBD')?.deltaAic).toBeGreaterThan(300);
  });

  it('likelihood-ratio tests only for nested pairs; BG/NBD vs MBG/NBD is not nested', () => {
    const pair = (a: string, b: string) => table.likelihoodRatioTests.find((t) => (t.restricted === a && t.general === b) || (t.restricted === b && t.general === a));
    const bgMbg = pair('BG/NBD', 'MBG/NBD');
    expect(bgMbg?.nested).toBe(false);
    expect(bgMbg?.pValue).toBeNull();
    expect(bgMbg?.note).toMatch(/not nested/);
    expect(pair('BG/NBD', 'Pareto/NBD')?.nested).toBe(false);
    for (const general of ['BG/NBD', 'MBG/NBD', 'Pareto/NBD']) {
      const t = pair('NBD', general);
      expect(t?.nested).toBe(true);
      expect(t?.restricted).toBe('NBD');
      expect(t?.df).toBe(2);
      const stat = 2 * (fits[general as 'BG/NBD'].logLikelihood - fits.NBD.logLikelihood);
      expect(t?.statistic).toBeCloseTo(stat, 9);
      expect(t?.pValue).toBeCloseTo(chiSquareSurvival(stat, 2), 15);
      expect(t?.pValue).toBeLessThan(1e-10); // dropout matters on CDNOW
      expect(t?.note).toMatch(/boundary/);
    }
  });

  it('holdout error table: MAE, RMSE, bias and the aggregate against a direct computation', () => {
    const transactions = cdnowTransactions();
    const split = calibrationHoldoutSplit(transactions, { calibrationEnd: '1997-09-30', asOf: '1998-06-30', unit: 'week' });
    const bg = bgNbd.fit(split);
    const pn = paretoNbd.fit(split);
    const result = compareModels({ 'BG/NBD': bg, 'Pareto/NBD': pn }, { holdout: split });
    const rows = result.holdout ?? [];
    expect(rows).toHaveLength(2);
    const expected = bgNbd.conditionalExpectedPurchases(bg.params, 39, split);
    let mae = 0;
    let sq = 0;
    let bias = 0;
    split.forEach((c, i) => {
      const d = (expected[i] as number) - c.frequencyHoldout;
      mae += Math.abs(d);
      sq += d * d;
      bias += d;
    });
    const row = rows[0];
    expect(row?.mae).toBeCloseTo(mae / split.length, 12);
    expect(row?.rmse).toBeCloseTo(Math.sqrt(sq / split.length), 12);
    expect(row?.bias).toBeCloseTo(bias / split.length, 12);
    expect(row?.actualTotal).toBe(1882); // FHL 2005a: 1,882 repeat purchase days in weeks 40–78
    // FHL 2005a Fig. 4 / the diagnostics reference: Σ E[Y(39)] ≈ 1,653 (BG/NBD), 1,666 (Pareto/NBD).
    expect(row?.expectedTotal).toBeCloseTo(1653.4, 0);
    expect(rows[1]?.expectedTotal).toBeCloseTo(1665.5, 0);
    expect(row?.aggregateError).toBeCloseTo((row!.expectedTotal - 1882) / 1882, 12);
  });

  it('refuses fits of different data, duplicate names and unknown options', () => {
    const other = bgNbd.fit(data.slice(0, 1000));
    const e = thrown(() => compareModels({ all: fits['BG/NBD'], part: other }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.path).toEqual(['fits', 'part', 'fittedOn', 'n']);
    expect(thrown(() => compareModels([fits['BG/NBD'], fits['BG/NBD']])).message).toMatch(/named/);
    expect(thrown(() => compareModels(fits, { holdOut: [] } as never)).code).toBe('INVALID_OPTION');
  });

  it('GGom/NBD and (M)BG/CNBD-k: holdout predictions are each model\'s own, and their pairs say why no χ² test applies', () => {
    const split = data.slice(0, 400).map((c, i) => ({ customerId: c.id, frequency: c.frequency, recency: c.recency, T: c.T, monetaryValue: 0, frequencyHoldout: i % 3, monetaryValueHoldout: 0, durationHoldout: 39 }));
    const fitOf = (kind: string, params: object, ll: number) => ({ kind, params, logLikelihood: ll, fittedOn: { n: split.length } });
    const gg = { r: 0.55, alpha: 10.6, b: 0.0001, s: 0.6, beta: 0.001 };
    const cn = { k: 2, r: 0.5, alpha: 10, a: 0.8, b: 2.5 };
    const fits = {
      'BG/NBD': fitOf('bg-nbd', { r: 0.24, alpha: 4.4, a: 0.79, b: 2.43 }, -1000),
      'Pareto/NBD': fitOf('pareto-nbd', { r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 }, -1001),
      'GGom/NBD': fitOf('ggom-nbd', gg, -1001),
      'BG/CNBD-k': fitOf('bg-cnbd-k', cn, -990),
      'MBG/CNBD-k': fitOf('mbg-cnbd-k', cn, -995),
    };
    const result = compareModels(fits, { holdout: split });
    const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const holdout = (name: string) => result.holdout?.find((r) => r.name === name)?.expectedTotal;
    expect(holdout('GGom/NBD')).toBeCloseTo(total(ggomNbd.conditionalExpectedPurchases(gg, 39, split)), 9);
    expect(holdout('BG/CNBD-k')).toBeCloseTo(total(bgCnbdK.conditionalExpectedPurchases(cn, 39, split)), 9);
    expect(holdout('MBG/CNBD-k')).toBeCloseTo(total(modifiedBgCnbdK.conditionalExpectedPurchases(cn, 39, split)), 9);
    expect(holdout('BG/CNBD-k')).not.toBeCloseTo(holdout('MBG/CNBD-k') ?? 0, 3);
    expect(result.models.find((m) => m.name === 'GGom/NBD')?.parameters).toBe(5);
    const pair = (a: string, b: string) => result.likelihoodRatioTests.find((t) => (t.restricted === a && t.general === b) || (t.restricted === b && t.general === a));
    expect(pair('BG/NBD', 'BG/CNBD-k')?.nested).toBe(false);
    expect(pair('BG/NBD', 'BG/CNBD-k')?.note).toMatch(/k = 1.*whole number/);
    expect(pair('Pareto/NBD', 'GGom/NBD')?.note).toMatch(/limit of the GGom\/NBD as b → 0/);
    expect(pair('Pareto/NBD', 'GGom/NBD')?.pValue).toBeNull();
  });
});
