import { invalidInput, invalidOption } from '../core/index.js';

/** The Vega-Lite schema every spec of this module declares (Vega-Lite v6; v5 renderers accept these specs too). */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * A Vega-Lite specification: plain JSON, ready for `vl.compile`, vega-embed, Observable or
 * Deno's Jupyter kernel. The builders only promise `$schema`, `data` and the encoding they
 * document; the rest is ordinary Vega-Lite.
 *
 * @example
 * ```ts
 * import { segmentSizes } from 'crm-analytics/charts';
 * const spec = segmentSizes([{ segment: 'Champions', customers: 120 }]);
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
 * import { rocCurve } from 'crm-analytics/charts';
 * rocCurve([{ fpr: 0, tpr: 0 }, { fpr: 1, tpr: 1 }], { title: 'Churn tree ROC', width: 300, height: 300 });
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

/** @internal Resolve and check the common options. */
export function baseOptions(options: ChartOptions | undefined, defaultTitle: string): { title: string; width: number; height: number } {
  if (options === undefined) return { title: defaultTitle, width: 360, height: 240 };
  if (options === null || typeof options !== 'object') invalidOption(['options'], 'options must be an object', 'an object', options);
  const title = options.title ?? defaultTitle;
  if (typeof title !== 'string') invalidOption(['options', 'title'], 'title must be a string', 'a string', title);
  const width = options.width ?? 360;
  const height = options.height ?? 240;
  for (const [key, v] of [['width', width], ['height', height]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) invalidOption(['options', key], `${key} must be a positive number`, 'a finite number > 0', v);
  }
  return { title, width, height };
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

/** @internal Read a finite number field (optionally bounded) from a record. */
export function num(row: Record<string, unknown>, path: ReadonlyArray<string | number>, field: string, min = -Infinity, max = Infinity): number {
  const v = row[field];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    const range = min === -Infinity && max === Infinity ? 'a finite number' : `a finite number in [${min}, ${max}]`;
    invalidInput([...path, field], `${field} must be ${range}`, range, v);
  }
  return v;
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
