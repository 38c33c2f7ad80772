import { invalidOption } from '../core/index.js';
import { baseOptions, checkRows, frame, num, str, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * One customer in the value matrix: how often they buy and how much per order.
 *
 * @example
 * ```ts
 * const p: ValueMatrixPoint = { customerId: 'c1', frequency: 12, averageValue: 45.5, quadrant: 'Champions' };
 * ```
 */
export interface ValueMatrixPoint {
  customerId?: string;
  frequency: number;
  averageValue: number;
  /** Quadrant label from the value module (coloured when given). */
  quadrant?: string;
}

/**
 * Options of {@link valueMatrix}.
 *
 * @example
 * ```ts
 * const o: ValueMatrixOptions = { frequencyCut: 3, averageValueCut: 250, logScale: true };
 * ```
 */
export interface ValueMatrixOptions extends ChartOptions {
  /** Where the frequency axis is split (default: median of the points). */
  frequencyCut?: number;
  /** Where the average-value axis is split (default: median of the points). */
  averageValueCut?: number;
  /** Use log scales (default true: both measures are heavily right-skewed in retail data). */
  logScale?: boolean;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * Value matrix (Marcus 1998, "Practical yet meaningful approaches to customer segmentation",
 * J. Consumer Marketing 15(5)): frequency × average order value scatter split at the cuts
 * into four quadrants (frequent/infrequent × high/low spend).
 *
 * @example
 * ```ts
 * import { valueMatrix } from 'crm-analytics/charts';
 * const spec = valueMatrix([{ frequency: 1, averageValue: 20 }, { frequency: 9, averageValue: 300 }]);
 * ```
 */
export function valueMatrix(points: ReadonlyArray<ValueMatrixPoint>, options?: ValueMatrixOptions): VegaLiteSpec {
  const o = baseOptions(options, 'Value matrix: frequency × average order value');
  checkRows(points, 'points');
  const logScale = options?.logScale ?? true;
  if (typeof logScale !== 'boolean') invalidOption(['options', 'logScale'], 'logScale must be a boolean', 'a boolean', logScale);
  const min = logScale ? Number.MIN_VALUE : -Infinity;
  const values = points.map((p0, i) => {
    const p = p0 as unknown as Record<string, unknown>;
    const out: Record<string, unknown> = {
      frequency: num(p, ['points', i], 'frequency', min),
      averageValue: num(p, ['points', i], 'averageValue', min),
    };
    if (p['customerId'] !== undefined) out['customerId'] = str(p, ['points', i], 'customerId');
    if (p['quadrant'] !== undefined) out['quadrant'] = str(p, ['points', i], 'quadrant');
    return out;
  });
  const cut = (key: 'frequencyCut' | 'averageValueCut', field: 'frequency' | 'averageValue'): number => {
    const c = options?.[key];
    if (c === undefined) return median(values.map((v) => v[field] as number));
    if (typeof c !== 'number' || !Number.isFinite(c)) invalidOption(['options', key], `${key} must be a finite number`, 'a finite number', c);
    return c;
  };
  const fCut = cut('frequencyCut', 'frequency');
  const vCut = cut('averageValueCut', 'averageValue');
  const scale = logScale ? { type: 'log' } : { zero: false };
  const hasQuadrant = values.some((v) => v['quadrant'] !== undefined);
  return {
    ...frame(o),
    layer: [
      {
        data: { values },
        mark: { type: 'point', filled: true, opacity: 0.5, size: 16, aria: false }, // one mark per record: no per-mark ARIA label (it would dominate the SVG size)
        encoding: {
          x: { field: 'frequency', type: 'quantitative', title: 'Frequency (orders)', scale },
          y: { field: 'averageValue', type: 'quantitative', title: 'Average order value', scale },
          ...(hasQuadrant ? { color: { field: 'quadrant', type: 'nominal', title: 'Quadrant' } } : {}),
          tooltip: [
            ...(values.some((v) => v['customerId'] !== undefined) ? [{ field: 'customerId', type: 'nominal', title: 'Customer' }] : []),
            { field: 'frequency', type: 'quantitative', title: 'Frequency' },
            { field: 'averageValue', type: 'quantitative', title: 'Average value', format: ',.2f' },
          ],
        },
      },
      { data: { values: [{ cut: fCut }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#555' }, encoding: { x: { field: 'cut', type: 'quantitative' } } },
      { data: { values: [{ cut: vCut }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#555' }, encoding: { y: { field: 'cut', type: 'quantitative' } } },
    ],
  };
}
