/**
 * Seeded hold-out splits and k-fold cross-validation (Stone, "Cross-validatory choice and assessment of statistical
 * predictions", JRSS B 36, 1974; stratification as Kohavi, IJCAI 1995).
 */
import { createRandom, invalidInput, invalidOption, readBoolean, readInteger, readNumber, readOptions, readString } from '../core/index.js';
import { readFitOptions } from './fit-options.js';
import { compareLabels } from './encode.js';
import { evaluate } from './evaluate.js';
import { fitTree } from './fit.js';
import { predict, predictProba } from './predict.js';
import type { ClassLabel, FitTreeOptions, Row } from './types.js';

/** Options of {@link trainTestSplit}. */
export interface TrainTestSplitOptions {
  /** Share of rows in the test set, 0 < f < 1 (default 0.25, scikit-learn's default). The test size is ceil(f·n). */
  testFraction?: number;
  /** Field to stratify on: every class keeps its share in both parts (largest-remainder allocation). */
  stratify?: string;
  /** PRNG seed (default 0). */
  seed?: number;
}

/** Result of {@link trainTestSplit}: rows keep their original relative order. */
export interface TrainTestSplit<T> {
  train: T[];
  test: T[];
  trainIndices: number[];
  testIndices: number[];
}

function stratumKey(row: unknown, index: number, field: string): ClassLabel {
  if (typeof row !== 'object' || row === null || !Object.prototype.hasOwnProperty.call(row, field)) {
    invalidInput([index, field], `stratify field "${field}" is missing from the row`, 'a class label');
  }
  const v = (row as Record<string, unknown>)[field];
  if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return v;
  return invalidInput([index, field], 'invalid stratify value', 'a string, finite number or boolean', v);
}

function groupBy(rows: readonly unknown[], field: string): number[][] {
  const groups = new Map<ClassLabel, number[]>();
  rows.forEach((row, i) => {
    const key = stratumKey(row, i, field);
    let g = groups.get(key);
    if (g === undefined) {
      g = [];
      groups.set(key, g);
    }
    g.push(i);
  });
  return [...groups.keys()].sort(compareLabels).map((k) => groups.get(k) as number[]);
}


/**
 * Seeded random hold-out split, optionally stratified.
 *
 * @example
 * ```ts
 * import { trainTestSplit } from 'crm-analytics/churn';
 * const rows = Array.from({ length: 20 }, (_, i) => ({ spend: i, churned: i % 3 === 0 }));
 * const { train, test } = trainTestSplit(rows, { testFraction: 0.3, stratify: 'churned', seed: 7 });
 * ```
 */
export function trainTestSplit<T extends Row>(rows: readonly T[], options: TrainTestSplitOptions = {}): TrainTestSplit<T> {
  if (!Array.isArray(rows)) invalidInput(['rows'], 'rows must be an array', 'an array of rows', rows);
  const n = rows.length;
  if (n < 2) invalidInput(['rows'], 'need at least two rows to split', 'at least 2 rows', n);
  const o = readOptions(options, ['testFraction', 'stratify', 'seed'] as const);
  const f = readNumber(o.testFraction, ['options', 'testFraction'], { default: 0.25, min: 0, max: 1, minExclusive: true, maxExclusive: true });
  const seed = readNumber(o.seed, ['options', 'seed'], { default: 0 });
  const stratify = o.stratify === undefined ? undefined : readString(o.stratify, ['options', 'stratify']);
  const nTest = Math.ceil(f * n);
  if (nTest >= n) invalidOption(['options', 'testFraction'], 'the training set would be empty', `a testFraction leaving rows for training (n = ${n})`, f);
  const rng = createRandom(seed);
  const isTest = new Uint8Array(n);
  if (stratify === undefined) {
    const perm = rng.shuffle(Array.from({ length: n }, (_, i) => i));
    for (let j = 0; j < nTest; j++) isTest[perm[j]!] = 1;
  } else {
    const groups = groupBy(rows, stratify);
    // Largest remainder: floor of the exact share, then the biggest fractional parts (ties: smaller class index).
    const exact = groups.map((g) => (g.length * nTest) / n);
    const alloc = exact.map(Math.floor);
    let left = nTest - alloc.reduce((a, b) => a + b, 0);
    const byRemainder = exact.map((e, k) => ({ k, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.k - b.k);
    for (const { k } of byRemainder) {
      if (left === 0) break;
      alloc[k] = (alloc[k]!) + 1;
      left--;
    }
    groups.forEach((g, k) => {
      const perm = rng.shuffle(g);
      for (let j = 0; j < (alloc[k]!); j++) isTest[perm[j]!] = 1;
    });
  }
  const trainIndices: number[] = [];
  const testIndices: number[] = [];
  for (let i = 0; i < n; i++) (isTest[i] === 1 ? testIndices : trainIndices).push(i);
  return { train: trainIndices.map((i) => rows[i] as T), test: testIndices.map((i) => rows[i] as T), trainIndices, testIndices };
}

/** Options of {@link crossValidate}. */
export interface CrossValidateOptions {
  /** Number of folds, 2..n (default 5). */
  folds?: number;
  /** Keep class shares in every fold (default true). */
  stratified?: boolean;
  seed?: number;
  /** Positive class for AUC/F1 on binary targets (default: the second of the sorted classes). */
  positive?: ClassLabel;
}

/** One fold's scores. */
export interface FoldResult {
  fold: number;
  trainSize: number;
  testSize: number;
  nLeaves: number;
  accuracy: number;
  /** Binary targets only (else null); null also when the test fold holds one class. */
  rocAuc: number | null;
  f1: number | null;
}

/** Result of {@link crossValidate}. */
export interface CrossValidation {
  folds: FoldResult[];
  mean: { accuracy: number; rocAuc: number | null; f1: number | null };
  /** Sample standard deviation over folds (0 for one value). */
  std: { accuracy: number; rocAuc: number | null; f1: number | null };
}

function meanStd(values: number[]): { mean: number; std: number } {
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  const v = values.length > 1 ? values.reduce((a, b) => a + (b - m) * (b - m), 0) / (values.length - 1) : 0;
  return { mean: m, std: Math.sqrt(v) };
}

/**
 * k-fold cross-validation of `fitTree` with the given options: shuffled (seeded), stratified on the target by default.
 * Each class's shuffled rows are dealt round-robin to the folds, continuing where the previous class stopped, so fold
 * sizes differ by at most one.
 *
 * @example
 * ```ts
 * import { crossValidate } from 'crm-analytics/churn';
 * const rows = Array.from({ length: 50 }, (_, i) => ({ spend: i % 17, churned: i % 3 === 0 }));
 * const cv = crossValidate(rows, { target: 'churned', maxDepth: 4 }, { folds: 5, seed: 1 });
 * cv.mean.rocAuc; // e.g. 0.78
 * ```
 */
export function crossValidate(rows: readonly Row[], options: FitTreeOptions, cvOptions: CrossValidateOptions = {}): CrossValidation {
  if (!Array.isArray(rows)) invalidInput(['rows'], 'rows must be an array', 'an array of rows', rows);
  readFitOptions(options);
  const n = rows.length;
  const cv = readOptions(cvOptions, ['folds', 'stratified', 'seed', 'positive'] as const, ['cvOptions']);
  const k = readInteger(cv.folds, ['cvOptions', 'folds'], { default: 5, min: 2, max: Math.max(2, n) });
  const seed = readNumber(cv.seed, ['cvOptions', 'seed'], { default: 0 });
  const stratified = readBoolean(cv.stratified, ['cvOptions', 'stratified'], true);
  if (options.sampleWeight !== undefined) invalidOption(['options', 'sampleWeight'], 'sampleWeight is per row and cannot be used with crossValidate', 'no sampleWeight (use classWeight)', 'an array');
  const rng = createRandom(seed);
  const groups = !stratified ? [Array.from({ length: n }, (_, i) => i)] : groupBy(rows, options.target);
  const foldOf = new Int32Array(n);
  let next = 0;
  for (const g of groups) {
    for (const i of rng.shuffle(g)) {
      foldOf[i] = next;
      next = (next + 1) % k;
    }
  }
  const classes = groupBy(rows, options.target).map((g) => stratumKey(rows[g[0]!], g[0]!, options.target));
  const binary = classes.length === 2;
  const positive = (cv.positive as ClassLabel | undefined) ?? (binary ? classes[1] : undefined);
  const folds: FoldResult[] = [];
  for (let fold = 0; fold < k; fold++) {
    const train: Row[] = [];
    const test: Row[] = [];
    for (let i = 0; i < n; i++) (foldOf[i] === fold ? test : train).push(rows[i] as Row);
    const tree = fitTree(train, options);
    const truth = test.map((r) => (r as Record<string, unknown>)[options.target] as ClassLabel);
    const pred = predict(tree, test);
    let correct = 0;
    pred.forEach((p, i) => {
      if (p === truth[i]) correct++;
    });
    let rocAuc: number | null = null;
    let f1: number | null = null;
    if (binary && positive !== undefined) {
      const pi = tree.classes.indexOf(positive);
      const scores = predictProba(tree, test).map((p) => (pi >= 0 ? (p[pi]!) : 0));
      const e = evaluate(truth, scores, { positive });
      rocAuc = e.rocAuc;
      f1 = e.f1;
    }
    folds.push({ fold: fold + 1, trainSize: train.length, testSize: test.length, nLeaves: tree.nLeaves, accuracy: correct / test.length, rocAuc, f1 });
  }
  const acc = meanStd(folds.map((f) => f.accuracy));
  const aucs = folds.map((f) => f.rocAuc).filter((v): v is number => v !== null);
  const f1s = folds.map((f) => f.f1).filter((v): v is number => v !== null);
  const auc = aucs.length > 0 ? meanStd(aucs) : null;
  const f1m = f1s.length > 0 ? meanStd(f1s) : null;
  return {
    folds,
    mean: { accuracy: acc.mean, rocAuc: auc?.mean ?? null, f1: f1m?.mean ?? null },
    std: { accuracy: acc.std, rocAuc: auc?.std ?? null, f1: f1m?.std ?? null },
  };
}
