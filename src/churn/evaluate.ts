/**
 * Binary classification evaluation: confusion matrix and the metrics derived from it, ROC AUC as the Mann–Whitney U
 * statistic with average ranks for ties (Hanley & McNeil, Radiology 143, 1982), ROC points (Fawcett, "An introduction
 * to ROC analysis", Pattern Recognition Letters 27, 2006), Brier score (Brier 1950), log loss, and lift/gains by decile
 * (Berry & Linoff, "Data Mining Techniques", 3rd ed., ch. 5).
 */
import { invalidInput, invalidOption, readNumber, readOptions } from '../core/index.js';
import type { ClassLabel } from './types.js';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** The positive class (e.g. 'Yes', true, 1). Default: `true` when labels are booleans, `1` when labels are 0/1. */
  positive?: ClassLabel;
  /** A row is predicted positive when `score >= threshold` (default 0.5). */
  threshold?: number;
}

/** One ROC point: predicting positive for `score >= threshold`. */
export interface RocPoint {
  /** `null` for the first point (0, 0): above every score (scikit-learn prints `inf`). */
  threshold: number | null;
  fpr: number;
  tpr: number;
}

/** One decile of the score ranking (decile 1 = highest scores). */
export interface DecileRow {
  decile: number;
  /** Rows in the decile (deciles differ by at most one row). */
  count: number;
  /** Positives in the decile; fractional when a block of tied scores straddles a decile border (shared pro rata). */
  positives: number;
  responseRate: number;
  /** responseRate / overall positive rate. */
  lift: number;
  cumulativeCount: number;
  cumulativePositives: number;
  /** Share of all positives captured up to this decile (the gains chart). */
  gain: number;
  cumulativeLift: number;
  minScore: number;
  maxScore: number;
}

/** Result of {@link evaluate}. */
export interface Evaluation {
  positive: ClassLabel;
  threshold: number;
  n: number;
  positives: number;
  confusion: { tp: number; fp: number; tn: number; fn: number };
  accuracy: number;
  /** tp / (tp + fp); 0 when nothing is predicted positive (scikit-learn's zero_division = 0 convention). */
  precision: number;
  /** tp / (tp + fn); 0 when there are no positives. */
  recall: number;
  /** 2·P·R / (P + R); 0 when P + R = 0. */
  f1: number;
  /** tn / (tn + fp); 0 when there are no negatives. */
  specificity: number;
  /** Mann–Whitney AUC; `null` when only one class is present (undefined). */
  rocAuc: number | null;
  /** Same value as `rocAuc` (short alias). */
  auc: number | null;
  roc: RocPoint[];
  /** Mean squared error of the scores against 0/1 truth; `null` when a score lies outside [0, 1]. */
  brier: number | null;
  /** Mean −log-likelihood (scores clipped to [1e−15, 1 − 1e−15] as scikit-learn); `null` when a score lies outside [0, 1]. */
  logLoss: number | null;
  deciles: DecileRow[];
}

function inferPositive(labels: readonly unknown[]): ClassLabel | undefined {
  const distinct = new Set(labels);
  if ([...distinct].every((v) => typeof v === 'boolean')) return true;
  if ([...distinct].every((v) => v === 0 || v === 1)) return 1;
  return undefined;
}

/**
 * Evaluate scores (e.g. P(churn)) against true labels for one positive class.
 *
 * @example
 * ```ts
 * import { evaluate } from 'crm-analytics/churn';
 * const e = evaluate(['Yes', 'No', 'Yes', 'No'], [0.9, 0.2, 0.4, 0.6], { positive: 'Yes' });
 * e.rocAuc;     // 0.75
 * e.confusion;  // { tp: 1, fp: 1, tn: 1, fn: 1 }
 * ```
 */
export function evaluate(yTrue: readonly ClassLabel[], scores: ArrayLike<number>, options: EvaluateOptions = {}): Evaluation {
  if (!Array.isArray(yTrue)) invalidInput(['yTrue'], 'yTrue must be an array', 'an array of labels', yTrue);
  if (scores === null || typeof scores !== 'object' || typeof scores.length !== 'number') invalidInput(['scores'], 'scores must be an array', 'an array of numbers', scores);
  const n = yTrue.length;
  if (n === 0) invalidInput(['yTrue'], 'nothing to evaluate', 'at least one row', yTrue);
  if (scores.length !== n) invalidInput(['scores'], 'scores and yTrue differ in length', `${n} scores`, scores.length);
  const o = readOptions(options, ['positive', 'threshold'] as const);
  const threshold = readNumber(o.threshold, ['options', 'threshold'], { default: 0.5 });
  const positive = (o.positive as ClassLabel | undefined) ?? inferPositive(yTrue);
  if (positive === undefined) invalidOption(['options', 'positive'], 'the positive class must be given for these labels', 'a class label, e.g. "Yes"', o.positive);
  const truth = new Uint8Array(n);
  const s = new Float64Array(n);
  let nPos = 0;
  let inUnit = true;
  for (let i = 0; i < n; i++) {
    const label = yTrue[i];
    if (label === undefined || label === null) invalidInput(['yTrue', i], 'missing label', 'a class label', label);
    const v = scores[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) invalidInput(['scores', i], 'invalid score', 'a finite number', v);
    s[i] = v;
    if (v < 0 || v > 1) inUnit = false;
    if (label === positive) {
      truth[i] = 1;
      nPos++;
    }
  }
  const nNeg = n - nPos;

  let tp = 0;
  let fp = 0;
  for (let i = 0; i < n; i++) {
    if ((s[i]!) >= threshold) {
      if (truth[i] === 1) tp++;
      else fp++;
    }
  }
  const fn = nPos - tp;
  const tn = nNeg - fp;
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = nPos > 0 ? tp / nPos : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;

  // Descending score order; tied blocks handled together.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (s[b]!) - (s[a]!) || a - b);

  // ROC points and Mann–Whitney AUC (trapezoid over tied blocks = average-rank U statistic).
  const roc: RocPoint[] = [{ threshold: null, fpr: 0, tpr: 0 }];
  let cumTp = 0;
  let cumFp = 0;
  let area = 0;
  for (let j = 0; j < n; ) {
    const v = s[order[j]!] as number;
    let bp = 0;
    let bn = 0;
    while (j < n && s[order[j]!] === v) {
      if (truth[order[j]!] === 1) bp++;
      else bn++;
      j++;
    }
    area += bn * (cumTp + bp / 2);
    cumTp += bp;
    cumFp += bn;
    roc.push({ threshold: v, fpr: nNeg > 0 ? cumFp / nNeg : 0, tpr: nPos > 0 ? cumTp / nPos : 0 });
  }
  const rocAuc = nPos > 0 && nNeg > 0 ? area / (nPos * nNeg) : null;

  let brier: number | null = null;
  let logLoss: number | null = null;
  if (inUnit) {
    let b = 0;
    let ll = 0;
    for (let i = 0; i < n; i++) {
      const p = s[i]!;
      const y = truth[i]!;
      b += (p - y) * (p - y);
      const pc = Math.min(Math.max(p, 1e-15), 1 - 1e-15);
      ll -= y === 1 ? Math.log(pc) : Math.log(1 - pc);
    }
    brier = b / n;
    logLoss = ll / n;
  }

  // Deciles: row positions [floor(d·n/10), floor((d+1)·n/10)); a tied block's positives are shared pro rata.
  const blockOf = new Int32Array(n);
  const blockPosRate: number[] = [];
  for (let j = 0, b = 0; j < n; b++) {
    const v = s[order[j]!] as number;
    const start = j;
    let bp = 0;
    while (j < n && s[order[j]!] === v) {
      bp += truth[order[j]!] as number;
      j++;
    }
    for (let q = start; q < j; q++) blockOf[q] = b;
    blockPosRate.push(bp / (j - start));
  }
  const baseRate = nPos / n;
  const deciles: DecileRow[] = [];
  let cumCount = 0;
  let cumPos = 0;
  for (let d = 0; d < 10; d++) {
    const from = Math.floor((d * n) / 10);
    const to = Math.floor(((d + 1) * n) / 10);
    const count = to - from;
    if (count === 0) continue;
    let positives = 0;
    for (let q = from; q < to; q++) positives += blockPosRate[blockOf[q]!] as number;
    cumCount += count;
    cumPos += positives;
    const responseRate = positives / count;
    deciles.push({
      decile: d + 1,
      count,
      positives,
      responseRate,
      lift: baseRate > 0 ? responseRate / baseRate : 0,
      cumulativeCount: cumCount,
      cumulativePositives: cumPos,
      gain: nPos > 0 ? cumPos / nPos : 0,
      cumulativeLift: baseRate > 0 ? cumPos / cumCount / baseRate : 0,
      minScore: s[order[to - 1]!] as number,
      maxScore: s[order[from]!] as number,
    });
  }

  return {
    positive,
    threshold,
    n,
    positives: nPos,
    confusion: { tp, fp, tn, fn },
    accuracy: (tp + tn) / n,
    precision,
    recall,
    f1,
    specificity: nNeg > 0 ? tn / nNeg : 0,
    rocAuc,
    auc: rocAuc,
    roc,
    brier,
    logLoss,
    deciles,
  };
}
