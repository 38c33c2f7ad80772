import type { SequencePattern } from '../basket/index.js';
import { readInteger, readNumber } from '../core/index.js';
import { chartOptions, checkRows, frame, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * Options of {@link sequencePatternsChart}.
 *
 * @example
 * ```ts
 * const o: SequencePatternsChartOptions = { top: 15, minElements: 2 };
 * ```
 */
export interface SequencePatternsChartOptions extends ChartOptions {
  /** How many patterns, by support (default 20). */
  top?: number;
  /** Only patterns of at least this many elements (default 2: single baskets are itemsets, not sequences). */
  minElements?: number;
}

/** arulesSequences' label of a sequence: `<{a,b},{c}>`. */
const label = (sequence: readonly (readonly string[])[]): string => `<${sequence.map((e) => `{${e.join(',')}}`).join(',')}>`;

/**
 * The top-k sequential patterns by support as horizontal bars, from `basket.sequentialPatterns` as
 * it is, labelled the way arulesSequences prints them (`<{a},{b,c}>`).
 *
 * @example
 * ```ts
 * import { sequentialPatterns } from 'crm-analytics/basket';
 * import { sequencePatternsChart } from 'crm-analytics/charts';
 * const patterns = sequentialPatterns([
 *   [{ time: 1, items: ['tea'] }, { time: 2, items: ['cups'] }],
 *   [{ time: 1, items: ['tea'] }, { time: 5, items: ['cups'] }],
 * ], { minSupport: 1 });
 * const spec = sequencePatternsChart(patterns); // one bar: <{tea},{cups}>
 * ```
 */
export function sequencePatternsChart(patterns: readonly SequencePattern[], options?: SequencePatternsChartOptions): VegaLiteSpec {
  const o = chartOptions(options, 'Most frequent sequences', ['top', 'minElements']);
  const top = readInteger(o.bag.top ?? 20, ['options', 'top'], { min: 1 });
  const minElements = readInteger(o.bag.minElements ?? 2, ['options', 'minElements'], { min: 1 });
  checkRows(patterns, 'patterns', true);
  const values = patterns
    .map((p, i) => ({ pattern: label(p.sequence), elements: p.sequence.length, support: readNumber((p as unknown as Record<string, unknown>)['support'], ['patterns', i, 'support'], { min: 0, max: 1, input: true }), count: p.count }))
    .filter((p) => p.elements >= minElements)
    .sort((a, b) => b.support - a.support || (a.pattern < b.pattern ? -1 : 1))
    .slice(0, top);
  return {
    ...frame(o),
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'pattern', type: 'nominal', sort: '-x', title: null },
      x: { field: 'support', type: 'quantitative', title: 'Support (share of customers)', axis: { format: '%' } },
      tooltip: [
        { field: 'pattern', type: 'nominal', title: 'Sequence' },
        { field: 'support', type: 'quantitative', format: '.2%' },
        { field: 'count', type: 'quantitative', title: 'Customers' },
      ],
    },
  };
}
