/**
 * Cronbach's α (Cronbach 1951), the internal consistency of a multi-item scale, in the layout of
 * R `psych::alpha` (Revelle): raw α = k/(k−1)·(1 − Σ s²ᵢ / s²_total) from sample variances,
 * standardized α = k·r̄/(1 + (k−1)·r̄) from the mean inter-item correlation, and per item the α
 * if the item is dropped and its correlation with the sum of the other items (`r.drop`).
 */
import { invalidInput, invalidOption } from '../core/errors.js';
import { readOptions } from '../core/options.js';

/** Options of {@link cronbachAlpha}. */
export interface CronbachOptions {
  /** Item names, in column order; default `item1`, `item2`, …. */
  readonly items?: readonly string[];
}

/** One item's statistics. */
export interface AlphaItem {
  readonly item: string;
  /** Raw α of the scale without this item (`null` with fewer than three items). */
  readonly alphaIfDropped: number | null;
  /** Standardized α without this item (`null` with fewer than three items). */
  readonly standardizedAlphaIfDropped: number | null;
  /** Correlation of the item with the sum of the other items (psych's `r.drop`). */
  readonly itemRestCorrelation: number;
  readonly mean: number;
  readonly sd: number;
}

/** Result of {@link cronbachAlpha}. */
export interface CronbachAlpha {
  readonly alpha: number;
  readonly standardizedAlpha: number;
  /** Mean inter-item correlation r̄. */
  readonly averageCorrelation: number;
  readonly respondents: number;
  readonly items: readonly AlphaItem[];
}

/**
 * Cronbach's α of respondents × items answers (every answer a finite number).
 *
 * @example
 * ```ts
 * cronbachAlpha([[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 4]]).alpha.toFixed(4); // '0.9485'
 * ```
 */
export function cronbachAlpha(responses: readonly (readonly number[])[], options: CronbachOptions = {}): CronbachAlpha {
  const o = readOptions(options, ['items']);
  if (!Array.isArray(responses) || responses.length < 2) {
    invalidInput(['responses'], 'responses must be an array of at least two respondents (arrays of item answers)', undefined, responses);
  }
  const k = Array.isArray(responses[0]) ? responses[0].length : 0;
  if (k < 2) invalidInput(['responses', 0], "Cronbach's alpha needs at least two items per respondent");
  responses.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== k) {
      invalidInput(['responses', i], `every respondent must answer the same ${k} items`, undefined, row);
    }
    row.forEach((v: unknown, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) invalidInput(['responses', i, j], 'an answer must be a finite number', undefined, v);
    });
  });
  const names = o.items === undefined ? Array.from({ length: k }, (_, j) => `item${j + 1}`) : (o.items as string[]);
  if (!Array.isArray(names) || names.length !== k || names.some((n) => typeof n !== 'string')) {
    invalidOption(['options', 'items'], `items must name the ${k} items`, undefined, o.items);
  }
  const n = responses.length;
  const mean = Array.from({ length: k }, (_, j) => responses.reduce((s, r) => s + r[j]!, 0) / n);
  // Sample covariance matrix (n − 1), the basis of every statistic below.
  const cov = Array.from({ length: k }, (_, a) =>
    Array.from({ length: k }, (_, b) => responses.reduce((s, r) => s + (r[a]! - mean[a]!) * (r[b]! - mean[b]!), 0) / (n - 1)),
  );
  cov.forEach((row, j) => {
    if (!(row[j]! > 0)) invalidInput(['responses', 0, j], `item "${names[j]}" has the same answer from everyone: it carries no information`);
  });
  const subset = (drop: number): { raw: number; standardized: number; rbar: number } => {
    const idx = names.map((_, j) => j).filter((j) => j !== drop);
    const m = idx.length;
    let total = 0;
    let diag = 0;
    let corr = 0;
    for (const a of idx) {
      diag += cov[a]![a]!;
      for (const b of idx) {
        total += cov[a]![b]!;
        if (a < b) corr += cov[a]![b]! / Math.sqrt(cov[a]![a]! * cov[b]![b]!);
      }
    }
    const rbar = corr / ((m * (m - 1)) / 2);
    return { raw: (m / (m - 1)) * (1 - diag / total), standardized: (m * rbar) / (1 + (m - 1) * rbar), rbar };
  };
  const all = subset(-1);
  const items = names.map((item, j): AlphaItem => {
    const dropped = k >= 3 ? subset(j) : null;
    // Correlation of item j with the sum of the others: cov(x_j, R) / (sd_j sd_R).
    let covRest = 0;
    let varRest = 0;
    for (let a = 0; a < k; a++) {
      if (a === j) continue;
      covRest += cov[j]![a]!;
      for (let b = 0; b < k; b++) if (b !== j) varRest += cov[a]![b]!;
    }
    return {
      item,
      alphaIfDropped: dropped === null ? null : dropped.raw,
      standardizedAlphaIfDropped: dropped === null ? null : dropped.standardized,
      itemRestCorrelation: covRest / Math.sqrt(cov[j]![j]! * varRest),
      mean: mean[j]!,
      sd: Math.sqrt(cov[j]![j]!),
    };
  });
  return { alpha: all.raw, standardizedAlpha: all.standardized, averageCorrelation: all.rbar, respondents: n, items };
}
