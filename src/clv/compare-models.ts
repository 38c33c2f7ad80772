/**
 * Model choice for fitted CLV models (issue 18 item 4): log-likelihood, AIC = 2k − 2 ln L and
 * BIC = k ln n − 2 ln L (Akaike 1974; Schwarz 1978), likelihood-ratio tests for the pairs that are
 * nested, and optionally a holdout error table (per-customer MAE, RMSE and bias of the expected
 * vs actual holdout purchases, and the aggregate error).
 *
 * Which pairs are nested. A likelihood-ratio test needs one model to be the other with
 * parameters fixed. Among the transaction models: the NBD (kind `'nbd'`, any fit passed with that
 * kind, e.g. from `fitMaximumLikelihood`) is BG/NBD and MBG/NBD with dropout p → 0 and Pareto/NBD
 * with μ → 0 — nested, but on the boundary of the parameter space, so the χ² p-value is
 * conservative (the null distribution is a mixture of χ²'s: Self & Liang 1987; halving the χ²₁
 * p-value is the usual correction when one parameter is on the boundary). BG/NBD vs MBG/NBD is
 * NOT nested: MBG/NBD lets customers drop out at time 0, BG/NBD does not, and neither is a special
 * case of the other (compare them by AIC/BIC or holdout error). Pareto/NBD vs BG/NBD is not nested
 * either (exponential lifetimes vs dropout at purchases). Models of different data (BG/BB on
 * discrete opportunities, sBG on contract cohorts, Gamma-Gamma on spend) are never comparable by
 * likelihood with the transaction models.
 */
import { readOptions, type FittedOn, invalidInput, invalidOption } from '../core/index.js';
import { chiSquareSurvival } from '../core/math/index.js';
import * as bgCnbdK from './bg-cnbd-k.js';
import * as bgNbd from './bg-nbd.js';
import * as ggomNbd from './ggom-nbd.js';
import * as modifiedBgCnbdK from './modified-bg-cnbd-k.js';
import * as modifiedBgNbd from './modified-bg-nbd.js';
import * as paretoNbd from './pareto-nbd.js';
import type { CalibrationHoldoutRow } from './types.js';

/** What `compareModels` needs of a fit: every CLV `fit` result (or its saved JSON) qualifies. */
export interface ComparableFit {
  /** The model kind, e.g. `'bg-nbd'`, `'mbg-nbd'`, `'pareto-nbd'`, or `'nbd'` for a hand-made NBD fit. */
  kind: string;
  /** The fitted parameters (their count is k in AIC/BIC). */
  params: object;
  /** Total log-likelihood Σ ln Lᵢ. */
  logLikelihood: number;
  /** The data the fit saw; `n` is BIC's sample size. Fits compared by likelihood must agree on it. */
  fittedOn: FittedOn;
  converged?: boolean;
  boundary?: { parameter: string; limit: string; message: string };
}

/** One row of the information-criteria table. */
export interface ModelComparisonRow {
  name: string;
  kind: string;
  parameters: number;
  logLikelihood: number;
  aic: number;
  bic: number;
  /** AIC minus the smallest AIC (0 for the preferred model). */
  deltaAic: number;
  deltaBic: number;
  converged: boolean | null;
  /** The fit's boundary diagnostic, if any. */
  boundary: string | null;
}

/** A pair of models and whether a likelihood-ratio test applies. */
export interface LikelihoodRatioTest {
  /** The restricted (smaller) model's name. */
  restricted: string;
  /** The general model's name. */
  general: string;
  nested: boolean;
  /** 2 (ln L_general − ln L_restricted); null when not nested. */
  statistic: number | null;
  /** Degrees of freedom (difference in parameter count); null when not nested. */
  df: number | null;
  /** P(χ²_df > statistic); null when not nested. Conservative on a boundary (see `note`). */
  pValue: number | null;
  /** Why the pair is or is not nested, and how to read the p-value. */
  note: string;
}

/** One row of the holdout error table. */
export interface HoldoutErrorRow {
  name: string;
  /** Mean |expected − actual| holdout purchases per customer. */
  mae: number;
  /** √mean (expected − actual)². */
  rmse: number;
  /** Mean (expected − actual) per customer. */
  bias: number;
  expectedTotal: number;
  actualTotal: number;
  /** (expectedTotal − actualTotal) / actualTotal (0 when both are 0). */
  aggregateError: number;
}

/** The result of {@link compareModels}. */
export interface ModelComparison {
  models: ModelComparisonRow[];
  likelihoodRatioTests: LikelihoodRatioTest[];
  /** Present when `options.holdout` was given. */
  holdout?: HoldoutErrorRow[];
}

/** Options of {@link compareModels}. */
export interface CompareModelsOptions {
  /**
   * Calibration/holdout rows (`calibrationHoldoutSplit`) in the fits' time unit: each transaction
   * model predicts every customer's holdout purchases over `durationHoldout`.
   */
  holdout?: readonly CalibrationHoldoutRow[];
}

const NESTED: ReadonlyArray<{ restricted: string; general: string; note: string }> = [
  { restricted: 'nbd', general: 'bg-nbd', note: 'NBD = BG/NBD with dropout p → 0: nested on the boundary, so the χ² p-value is conservative (halve it for one boundary parameter, Self & Liang 1987)' },
  { restricted: 'nbd', general: 'mbg-nbd', note: 'NBD = MBG/NBD with dropout p → 0: nested on the boundary, so the χ² p-value is conservative (Self & Liang 1987)' },
  { restricted: 'nbd', general: 'pareto-nbd', note: 'NBD = Pareto/NBD with dropout rate μ → 0: nested on the boundary, so the χ² p-value is conservative (Self & Liang 1987)' },
];

const NOT_NESTED: Readonly<Record<string, string>> = {
  'bg-nbd|mbg-nbd': 'not nested: MBG/NBD lets a customer drop out at time 0, BG/NBD does not, and neither is a special case of the other; compare by AIC/BIC or holdout error',
  'bg-nbd|pareto-nbd': 'not nested: dropout after purchases (BG/NBD) vs exponential lifetimes (Pareto/NBD); compare by AIC/BIC or holdout error',
  'mbg-nbd|pareto-nbd': 'not nested: dropout after purchases (MBG/NBD) vs exponential lifetimes (Pareto/NBD); compare by AIC/BIC or holdout error',
  // k is a whole number: a likelihood-ratio statistic for k = 1 vs k > 1 has no χ² distribution.
  'bg-cnbd-k|bg-nbd': 'BG/NBD is BG/CNBD-k at k = 1, but k is a whole number, so no χ² test applies (when the fit chose k = 1 they are the same model); compare by AIC/BIC (k counts as a parameter) or holdout error',
  'mbg-cnbd-k|mbg-nbd': 'MBG/NBD is MBG/CNBD-k at k = 1, but k is a whole number, so no χ² test applies (when the fit chose k = 1 they are the same model); compare by AIC/BIC (k counts as a parameter) or holdout error',
  // The Pareto/NBD is the GGom/NBD's limit b → 0 with β/b fixed (Bemmaor & Glady 2012), not a point of its parameter space.
  'ggom-nbd|pareto-nbd': 'the Pareto/NBD is the limit of the GGom/NBD as b → 0 with β/b fixed, not a parameter value, so no χ² test applies; compare by AIC/BIC or holdout error (a GGom/NBD fit at that boundary says so)',
  'ggom-nbd|nbd': 'the NBD is the GGom/NBD without dropout (s → 0), where b and β are not identified, so the χ² approximation does not hold (Davies 1987); compare by AIC/BIC or holdout error',
};

const TRANSACTION_MODELS: Readonly<Record<string, (params: never, t: number, c: CalibrationHoldoutRow) => number>> = {
  'bg-nbd': (p, t, c) => bgNbd.conditionalExpectedPurchases(p, t, c),
  'mbg-nbd': (p, t, c) => modifiedBgNbd.conditionalExpectedPurchases(p, t, c),
  'pareto-nbd': (p, t, c) => paretoNbd.conditionalExpectedPurchases(p, t, c),
  'ggom-nbd': (p, t, c) => ggomNbd.conditionalExpectedPurchases(p, t, c),
  'bg-cnbd-k': (p, t, c) => bgCnbdK.conditionalExpectedPurchases(p, t, c),
  'mbg-cnbd-k': (p, t, c) => modifiedBgCnbdK.conditionalExpectedPurchases(p, t, c),
  nbd: (p: { r: number; alpha: number }, t, c) => ((p.r + c.frequency) * t) / (p.alpha + c.T),
};

function readFit(value: unknown, name: string): ComparableFit {
  const path = ['fits', name];
  if (typeof value !== 'object' || value === null) invalidInput(path, 'each fit must be a fit result', 'a fit result with kind, params, logLikelihood, fittedOn', value);
  const f = value as Partial<ComparableFit>;
  if (typeof f.kind !== 'string') invalidInput([...path, 'kind'], 'a fit needs its model kind (every clv fit carries one)', "a kind such as 'bg-nbd'", f.kind);
  if (typeof f.params !== 'object' || f.params === null) invalidInput([...path, 'params'], 'a fit needs its params', 'an object of numbers', f.params);
  if (!(typeof f.logLikelihood === 'number' && Number.isFinite(f.logLikelihood))) invalidInput([...path, 'logLikelihood'], 'a fit needs a finite log-likelihood', 'a finite number', f.logLikelihood);
  if (typeof f.fittedOn !== 'object' || f.fittedOn === null || !(typeof f.fittedOn.n === 'number' && f.fittedOn.n > 0)) {
    invalidInput([...path, 'fittedOn'], 'a fit needs its data summary (fittedOn.n)', '{ n, … }', f.fittedOn);
  }
  return f as ComparableFit;
}

/**
 * Compare fitted models: information criteria, likelihood-ratio tests for nested pairs, and an
 * optional holdout error table. Pass fits by name (`{ 'BG/NBD': fit1, 'Pareto/NBD': fit2 }`) or
 * as an array (named by kind). Fits compared by likelihood must have been made on the same data
 * (same `fittedOn.n`, and the same repeat purchases and observation time where recorded).
 *
 * @example
 * ```ts
 * import { bgNbd, compareModels, modifiedBgNbd, paretoNbd } from 'crm-analytics/clv';
 * const data = bgNbd.simulate({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, { T: 39, customers: 500, seed: 7 });
 * const table = compareModels({ 'BG/NBD': bgNbd.fit(data), 'MBG/NBD': modifiedBgNbd.fit(data), 'Pareto/NBD': paretoNbd.fit(data) });
 * table.models[0]; // { name, kind, parameters: 4, logLikelihood, aic, bic, deltaAic, … }
 * table.likelihoodRatioTests[0].nested; // false: BG/NBD vs MBG/NBD is not nested
 * ```
 */
export function compareModels(fits: Readonly<Record<string, ComparableFit>> | readonly ComparableFit[], options: CompareModelsOptions = {}): ModelComparison {
  const o = readOptions(options, ['holdout']);
  if (typeof fits !== 'object' || fits === null) invalidInput(['fits'], 'fits must be an object of named fits or an array', '{ name: fit, … }', fits);
  const entries: Array<[string, ComparableFit]> = Array.isArray(fits)
    ? (fits as readonly unknown[]).map((f, i) => {
        const fit = readFit(f, String(i));
        return [fit.kind, fit];
      })
    : Object.keys(fits).map((name) => [name, readFit((fits as Record<string, unknown>)[name], name)]);
  if (entries.length === 0) invalidInput(['fits'], 'no fits to compare', 'at least one fit', 0);
  const names = new Set<string>();
  for (const [name] of entries) {
    if (names.has(name)) invalidInput(['fits', name], `two fits are named "${name}": pass them by name`, 'distinct names');
    names.add(name);
  }
  // Same data: likelihoods of different data sets cannot be compared.
  const [firstName, first] = entries[0] as [string, ComparableFit];
  for (const [name, f] of entries.slice(1)) {
    for (const key of ['n', 'repeatPurchases', 'observationTime'] as const) {
      const a = first.fittedOn[key];
      const b = f.fittedOn[key];
      if (typeof a === 'number' && typeof b === 'number' && !(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)))) {
        invalidInput(['fits', name, 'fittedOn', key], `"${name}" was fitted on different data than "${firstName}" (fittedOn.${key} ${b} vs ${a}); likelihoods compare only on the same data`, String(a), b);
      }
    }
  }
  const rows = entries.map(([name, f]) => {
    const k = Object.keys(f.params).length;
    const n = f.fittedOn.n;
    return {
      name,
      kind: f.kind,
      parameters: k,
      logLikelihood: f.logLikelihood,
      aic: 2 * k - 2 * f.logLikelihood,
      bic: k * Math.log(n) - 2 * f.logLikelihood,
      deltaAic: 0,
      deltaBic: 0,
      converged: typeof f.converged === 'boolean' ? f.converged : null,
      boundary: f.boundary === undefined ? null : f.boundary.message,
    };
  });
  const minAic = Math.min(...rows.map((r) => r.aic));
  const minBic = Math.min(...rows.map((r) => r.bic));
  for (const r of rows) {
    r.deltaAic = r.aic - minAic;
    r.deltaBic = r.bic - minBic;
  }
  const tests: LikelihoodRatioTest[] = [];
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      const [nameA, a] = entries[i] as [string, ComparableFit];
      const [nameB, b] = entries[j] as [string, ComparableFit];
      const nest = NESTED.find((p) => (p.restricted === a.kind && p.general === b.kind) || (p.restricted === b.kind && p.general === a.kind));
      if (nest !== undefined) {
        const [rName, r, gName, g] = nest.restricted === a.kind ? [nameA, a, nameB, b] : [nameB, b, nameA, a];
        const df = Object.keys(g.params).length - Object.keys(r.params).length;
        const statistic = Math.max(0, 2 * (g.logLikelihood - r.logLikelihood));
        tests.push({ restricted: rName, general: gName, nested: true, statistic, df, pValue: chiSquareSurvival(statistic, df), note: nest.note });
        continue;
      }
      const key = [a.kind, b.kind].sort().join('|');
      const note = a.kind === b.kind ? 'the same model twice: compare the log-likelihoods directly (the larger is the better optimum)' : NOT_NESTED[key] ?? `not nested: ${a.kind} and ${b.kind} are different models (or of different data); compare by AIC/BIC`;
      tests.push({ restricted: nameA, general: nameB, nested: false, statistic: null, df: null, pValue: null, note });
    }
  }
  const result: ModelComparison = { models: rows, likelihoodRatioTests: tests };
  if (o.holdout !== undefined) {
    const holdout = o.holdout as readonly CalibrationHoldoutRow[];
    if (!Array.isArray(holdout) || holdout.length === 0) invalidOption(['options', 'holdout'], 'holdout must be a non-empty array of calibration/holdout rows', 'calibrationHoldoutSplit(...) rows', holdout);
    result.holdout = entries.map(([name, f]) => {
      const predict = TRANSACTION_MODELS[f.kind];
      if (predict === undefined) invalidInput(['fits', name, 'kind'], `a holdout table needs transaction models; "${name}" is a '${f.kind}' model`, Object.keys(TRANSACTION_MODELS).map((k) => `'${k}'`).join(', '), f.kind);
      let abs = 0;
      let sq = 0;
      let diff = 0;
      let expectedTotal = 0;
      let actualTotal = 0;
      holdout.forEach((c, i) => {
        if (typeof c !== 'object' || c === null || !(typeof c.durationHoldout === 'number' && c.durationHoldout >= 0) || !(typeof c.frequencyHoldout === 'number' && c.frequencyHoldout >= 0)) {
          invalidOption(['options', 'holdout', i], 'each holdout row needs frequencyHoldout and durationHoldout', 'a calibrationHoldoutSplit row', c);
        }
        const e = predict(f.params as never, c.durationHoldout, c);
        const d = e - c.frequencyHoldout;
        abs += Math.abs(d);
        sq += d * d;
        diff += d;
        expectedTotal += e;
        actualTotal += c.frequencyHoldout;
      });
      const m = holdout.length;
      return {
        name,
        mae: abs / m,
        rmse: Math.sqrt(sq / m),
        bias: diff / m,
        expectedTotal,
        actualTotal,
        aggregateError: actualTotal === 0 ? (expectedTotal === 0 ? 0 : Number.MAX_VALUE) : (expectedTotal - actualTotal) / actualTotal,
      };
    });
  }
  return result;
}
