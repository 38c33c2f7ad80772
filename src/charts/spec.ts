import { invalidInput, readNumber, readOptions, readPositive, readString, type NumberSpec, type OptionBag } from '../core/index.js';

/** The Vega-Lite schema every spec of this module declares (Vega-Lite v6; v5 renderers accept these specs too). */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * A Vega-Lite specification: plain JSON, ready for `vl.compile`, vega-embed, Observable or
 * Deno's Jupyter kernel. The builders only promise `$schema`, `data` and the encoding they
 * document; the rest is ordinary Vega-Lite.
 *
 * @example
 * ```ts
 * import { segmentSizesChart } from 'crm-analytics/charts';
 * const spec = segmentSizesChart([{ segment: 'Champions', customers: 120 }]);
 * console.log(spec.$schema); // https://vega.github.io/schema/vega-lite/v6.json
 * ```
 */
export interface VegaLiteSpec {
  $schema: string;
  [key: string]: unknown;
}

/**
 * Options every chart builder accepts.
 *
 * @example
 * ```ts
 * import { rocChart } from 'crm-analytics/charts';
 * rocChart({ roc: [{ fpr: 0, tpr: 0 }, { fpr: 1, tpr: 1 }], rocAuc: 0.5 }, { title: 'Churn tree ROC', width: 300, height: 300 });
 * ```
 */
export interface ChartOptions {
  /** Chart title (each builder has a default). */
  title?: string;
  /** Plot width in pixels (default 360). */
  width?: number;
  /** Plot height in pixels (default 240). */
  height?: number;
}

/** The option keys every builder accepts. */
const BASE_KEYS = ['title', 'width', 'height'] as const;

/**
 * @internal Read a builder's options with the one options reader (unknown keys are a `CrmError`
 * with a "did you mean"): the common title/width/height, plus the raw values of `extraKeys`.
 */
export function chartOptions<K extends string>(
  options: unknown,
  defaultTitle: string | ((bag: OptionBag<K>) => string),
  extraKeys: readonly K[] = [],
): { title: string; width: number; height: number; bag: OptionBag<K | (typeof BASE_KEYS)[number]> } {
  const bag = readOptions(options, [...BASE_KEYS, ...extraKeys]);
  return {
    title: bag.title === undefined ? (typeof defaultTitle === 'string' ? defaultTitle : defaultTitle(bag)) : readString(bag.title, ['options', 'title']),
    width: readPositive(bag.width, ['options', 'width'], 360),
    height: readPositive(bag.height, ['options', 'height'], 240),
    bag,
  };
}

/** @internal Check that `rows` is a non-empty array of objects. */
export function checkRows(rows: unknown, name: string, allowEmpty = false): asserts rows is ReadonlyArray<Record<string, unknown>> {
  if (!Array.isArray(rows)) invalidInput([name], `${name} must be an array of records`, 'an array', rows);
  if (!allowEmpty && rows.length === 0) invalidInput([name], `${name} must not be empty`, 'at least one record', rows);
  for (let i = 0; i < rows.length; i++) {
    const row: unknown = rows[i];
    if (row === null || typeof row !== 'object' || Array.isArray(row)) invalidInput([name, i], 'each record must be an object', 'an object', row);
  }
}

/** @internal Read a string field from a record. */
export function str(row: Record<string, unknown>, path: ReadonlyArray<string | number>, field: string): string {
  const v = row[field];
  if (typeof v !== 'string') invalidInput([...path, field], `${field} must be a string`, 'a string', v);
  return v;
}

/** @internal The shared top-level part of every spec. */
export function frame(o: { title: string; width: number; height: number }): VegaLiteSpec {
  return { $schema: VEGA_LITE_SCHEMA, title: o.title, width: o.width, height: o.height };
}

/** A share read with a few ulps of slack on either side (clamped by {@link share}). */
const SHARE: NumberSpec = { min: -1e-9, max: 1 + 1e-9, input: true };

/**
 * @internal Read a share that must lie in [0, 1]: sums of fractions may overshoot by a few ulps
 * (1.0000000000000009), which is clamped; anything further out is an error.
 */
export function share(row: Record<string, unknown>, path: ReadonlyArray<string | number>, field: string): number {
  const v = readNumber(row[field], [...path, field], SHARE);
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** @internal Keep at most `max` of `items`, evenly spaced (every k-th, first kept); returns the step k. */
export function thin<T>(items: readonly T[], max: number): { kept: T[]; step: number } {
  const step = Math.max(1, Math.ceil(items.length / max));
  return { kept: step === 1 ? [...items] : items.filter((_, k) => k % step === 0), step };
}
