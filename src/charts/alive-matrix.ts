import { baseOptions, checkRows, frame, num, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * One cell of a frequency × recency matrix (P(alive) or expected purchases).
 *
 * @example
 * ```ts
 * const c: FrequencyRecencyCell = { frequency: 3, recency: 20, value: 0.84 };
 * ```
 */
export interface FrequencyRecencyCell {
  /** Repeat purchases x. */
  frequency: number;
  /** Recency t_x (time of the last purchase, in the model's time unit). */
  recency: number;
  /** The value of the cell, e.g. P(alive | x, t_x, T). */
  value: number;
}

/**
 * Options of {@link frequencyRecencyMatrix}.
 *
 * @example
 * ```ts
 * const o: FrequencyRecencyOptions = { valueTitle: 'Expected purchases (next 12 weeks)' };
 * ```
 */
export interface FrequencyRecencyOptions extends ChartOptions {
  /** Legend title of the value (default 'P(alive)'). */
  valueTitle?: string;
}

/**
 * Frequency/recency matrix heatmap, as lifetimes' `plot_probability_alive_matrix` and
 * `plot_frequency_recency_matrix` (Fader, Hardie & Lee 2005, "Counting your customers
 * the easy way", Figure 4): rows are frequency, columns recency, colour the value.
 *
 * @example
 * ```ts
 * import { frequencyRecencyMatrix } from 'crm-analytics/charts';
 * const spec = frequencyRecencyMatrix([{ frequency: 0, recency: 0, value: 1 }, { frequency: 5, recency: 2, value: 0.1 }]);
 * ```
 */
export function frequencyRecencyMatrix(cells: ReadonlyArray<FrequencyRecencyCell>, options?: FrequencyRecencyOptions): VegaLiteSpec {
  const o = baseOptions(options, 'P(alive) by frequency and recency');
  const valueTitle = options?.valueTitle ?? 'P(alive)';
  checkRows(cells, 'cells');
  const values = cells.map((c0, i) => {
    const c = c0 as unknown as Record<string, unknown>;
    return { frequency: num(c, ['cells', i], 'frequency', 0), recency: num(c, ['cells', i], 'recency', 0), value: num(c, ['cells', i], 'value') };
  });
  return {
    ...frame(o),
    data: { values },
    mark: { type: 'rect', aria: false }, // one mark per record: no per-mark ARIA label (it would dominate the SVG size)
    encoding: {
      x: { field: 'recency', type: 'ordinal', title: "Recency (time of last purchase)", axis: { labelOverlap: true } },
      y: { field: 'frequency', type: 'ordinal', title: 'Frequency (repeat purchases)', sort: 'descending', axis: { labelOverlap: true } },
      color: { field: 'value', type: 'quantitative', title: valueTitle, scale: { scheme: 'viridis' } },
      tooltip: [
        { field: 'frequency', type: 'quantitative', title: 'Frequency' },
        { field: 'recency', type: 'quantitative', title: 'Recency' },
        { field: 'value', type: 'quantitative', title: valueTitle, format: '.3f' },
      ],
    },
  };
}
