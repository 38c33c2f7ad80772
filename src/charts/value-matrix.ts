import type { ValueMatrixResult } from '../rfm/index.js';
import { invalidInput, readBoolean, readBudget, readNumber } from '../core/index.js';
import { chartOptions, frame, str, thin, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * Options of {@link valueMatrixChart}.
 *
 * @example
 * ```ts
 * const o: ValueMatrixChartOptions = { logScale: false, maxPoints: 500 };
 * ```
 */
export interface ValueMatrixChartOptions extends ChartOptions {
  /** Log scales (default true: both measures are heavily right-skewed in retail data). Customers with a value ≤ 0 cannot be drawn on a log axis and are left out (counted in the subtitle). */
  logScale?: boolean;
  /** At most this many customers are drawn, evenly thinned in input order (default 2000; `Infinity` for all). The cuts and counts are the matrix's, never recomputed. */
  maxPoints?: number;
}

/** Marcus' cells in the legend's order; 'inactive' customers are not placed and not drawn. */
const QUADRANTS = ['best', 'frequent', 'spenders', 'uncertain'] as const;

/**
 * Scatter of Marcus' customer value matrix (Marcus 1998, "A practical yet meaningful approach to
 * customer segmentation", J. Consumer Marketing 15(5)), drawn from `rfm.valueMatrix` as it is:
 * orders × average order value, coloured by cell, with the matrix's own cut lines (its mean or
 * median split). Customers outside the active window (`'inactive'`) are not drawn.
 *
 * @example
 * ```ts
 * import { valueMatrix } from 'crm-analytics/rfm';
 * import { valueMatrixChart } from 'crm-analytics/charts';
 * const spec = valueMatrixChart(valueMatrix([
 *   { customerId: 'a', frequency: 6, monetary: 600 },
 *   { customerId: 'b', frequency: 1, monetary: 20 },
 * ]));
 * ```
 */
export function valueMatrixChart(matrix: Pick<ValueMatrixResult, 'split' | 'frequencyCut' | 'averageOrderValueCut' | 'customers'>, options?: ValueMatrixChartOptions): VegaLiteSpec {
  if (matrix === null || typeof matrix !== 'object' || !Array.isArray(matrix.customers)) invalidInput(['matrix'], 'matrix must be the result of rfm.valueMatrix', '{ split, frequencyCut, averageOrderValueCut, customers }', matrix);
  const m = matrix as unknown as Record<string, unknown>;
  if (matrix.frequencyCut === null || matrix.averageOrderValueCut === null) invalidInput(['matrix', 'frequencyCut'], 'the matrix placed no active customer: nothing to draw', 'a matrix with cuts', matrix.frequencyCut);
  const fCut = readNumber(m['frequencyCut'], ['matrix', 'frequencyCut'], { input: true });
  const aCut = readNumber(m['averageOrderValueCut'], ['matrix', 'averageOrderValueCut'], { input: true });
  const split = str(m, ['matrix'], 'split');
  const o = chartOptions(options, `Value matrix: orders × average order value (${split} split)`, ['logScale', 'maxPoints']);
  const logScale = readBoolean(o.bag.logScale, ['options', 'logScale'], true);
  const maxPoints = readBudget(o.bag.maxPoints, ['options', 'maxPoints'], 2000);
  const placed: Array<{ customerId: string; quadrant: string; frequency: number; averageOrderValue: number }> = [];
  let undrawable = 0;
  matrix.customers.forEach((c0, i) => {
    if (c0 === null || typeof c0 !== 'object') invalidInput(['matrix', 'customers', i], 'each customer must be an object', 'an object', c0);
    const c = c0 as unknown as Record<string, unknown>;
    const quadrant = str(c, ['matrix', 'customers', i], 'quadrant');
    if (quadrant === 'inactive') return;
    const frequency = readNumber(c['frequency'], ['matrix', 'customers', i, 'frequency'], { input: true });
    const averageOrderValue = readNumber(c['averageOrderValue'], ['matrix', 'customers', i, 'averageOrderValue'], { input: true });
    if (logScale && (frequency <= 0 || averageOrderValue <= 0)) {
      undrawable += 1;
      return;
    }
    placed.push({ customerId: str(c, ['matrix', 'customers', i], 'customerId'), quadrant, frequency, averageOrderValue });
  });
  if (placed.length === 0) invalidInput(['matrix', 'customers'], 'no customer can be drawn (none active, or none with positive values on log axes)', 'at least one drawable customer', matrix.customers.length);
  const { kept, step } = thin(placed, maxPoints);
  const notes: string[] = [`cuts: frequency ${fCut.toFixed(2)}, average order value ${aCut.toFixed(2)}`];
  if (step > 1) notes.push(`1 customer in ${step} shown (${kept.length} of ${placed.length})`);
  if (undrawable > 0) notes.push(`${undrawable} with a value ≤ 0 not drawn (log axes)`);
  const scale = logScale ? { type: 'log' } : { zero: false };
  return {
    ...frame(o),
    title: { text: o.title, subtitle: notes.join('; ') },
    layer: [
      {
        data: { values: kept },
        mark: { type: 'point', filled: true, opacity: 0.5, size: 16, aria: false }, // one mark per record: no per-mark ARIA label (it would dominate the SVG size)
        encoding: {
          x: { field: 'frequency', type: 'quantitative', title: 'Frequency (orders)', scale },
          y: { field: 'averageOrderValue', type: 'quantitative', title: 'Average order value', scale },
          color: { field: 'quadrant', type: 'nominal', title: 'Cell', scale: { domain: [...QUADRANTS] } },
          tooltip: [
            { field: 'customerId', type: 'nominal', title: 'Customer' },
            { field: 'quadrant', type: 'nominal', title: 'Cell' },
            { field: 'frequency', type: 'quantitative', title: 'Frequency' },
            { field: 'averageOrderValue', type: 'quantitative', title: 'Average order value', format: ',.2f' },
          ],
        },
      },
      { data: { values: [{ cut: fCut }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#555' }, encoding: { x: { field: 'cut', type: 'quantitative' } } },
      { data: { values: [{ cut: aCut }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#555' }, encoding: { y: { field: 'cut', type: 'quantitative' } } },
    ],
  };
}
