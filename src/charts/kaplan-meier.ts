import type { CoxModel, KaplanMeierCurve } from '../survival/index.js';
import { invalidInput } from '../core/index.js';
import { chartOptions, frame, type ChartOptions, type VegaLiteSpec } from './spec.js';

/** A labelled curve, for drawing several groups on one chart. */
export interface LabelledCurve {
  readonly label: string;
  readonly curve: KaplanMeierCurve;
}

function checkCurve(curve: unknown, path: (string | number)[]): asserts curve is KaplanMeierCurve {
  if (typeof curve !== 'object' || curve === null || (curve as KaplanMeierCurve).kind !== 'kaplan-meier') {
    invalidInput(path, 'expected the result of survival.kaplanMeier', "{ kind: 'kaplan-meier', steps }", curve);
  }
}

/**
 * Kaplan–Meier step curves with their confidence bands, from `survival.kaplanMeier` as it is — one
 * curve, or several `{ label, curve }` (e.g. one per segment). The curve starts at S(0) = 1.
 *
 * @example
 * ```ts
 * import { kaplanMeier } from 'crm-analytics/survival';
 * import { kaplanMeierChart } from 'crm-analytics/charts';
 * const spec = kaplanMeierChart(kaplanMeier([{ duration: 3, event: 1 }, { duration: 5, event: 0 }]));
 * ```
 */
export function kaplanMeierChart(curves: KaplanMeierCurve | readonly LabelledCurve[], options?: ChartOptions): VegaLiteSpec {
  const o = chartOptions(options, 'Survival (Kaplan–Meier)');
  const list: LabelledCurve[] = Array.isArray(curves) ? [...(curves as readonly LabelledCurve[])] : [{ label: 'all', curve: curves as KaplanMeierCurve }];
  if (list.length === 0) invalidInput(['curves'], 'no curve to draw', 'a curve or [{ label, curve }]', curves);
  list.forEach((c, i) => checkCurve(c?.curve, Array.isArray(curves) ? ['curves', i, 'curve'] : ['curves']));
  const values = list.flatMap(({ label, curve }) => [
    { group: label, time: 0, survival: 1, lower: 1, upper: 1, atRisk: curve.subjects },
    ...curve.steps.map((s) => ({ group: label, time: s.time, survival: s.survival, lower: s.lower, upper: s.upper, atRisk: s.atRisk })),
  ]);
  const color = { field: 'group', type: 'nominal', title: null, legend: list.length > 1 ? {} : null };
  return {
    ...frame(o),
    data: { values },
    layer: [
      {
        mark: { type: 'area', interpolate: 'step-after', opacity: 0.2 },
        encoding: { x: { field: 'time', type: 'quantitative' }, y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' }, color },
      },
      {
        mark: { type: 'line', interpolate: 'step-after' },
        encoding: {
          x: { field: 'time', type: 'quantitative', title: 'Time' },
          y: { field: 'survival', type: 'quantitative', title: 'Survival probability', scale: { domain: [0, 1] } },
          color,
          tooltip: [
            { field: 'group', type: 'nominal' },
            { field: 'time', type: 'quantitative' },
            { field: 'survival', type: 'quantitative', format: '.3f' },
            { field: 'atRisk', type: 'quantitative', title: 'At risk' },
          ],
        },
      },
    ],
  };
}

/**
 * Forest plot of a Cox model's hazard ratios with their confidence intervals on a log scale, a
 * rule at 1 (no effect), from `survival.coxPH` as it is.
 *
 * @example
 * ```ts
 * import { coxPH } from 'crm-analytics/survival';
 * import { hazardRatioChart } from 'crm-analytics/charts';
 * const rows = [
 *   { duration: 5, event: 1, x: 1 }, { duration: 8, event: 1, x: 0 }, { duration: 3, event: 1, x: 1 }, { duration: 9, event: 0, x: 0 },
 *   { duration: 6, event: 1, x: 0 }, { duration: 7, event: 1, x: 1 }, { duration: 2, event: 1, x: 0 }, { duration: 4, event: 1, x: 1 },
 * ];
 * const spec = hazardRatioChart(coxPH(rows, { covariates: ['x'] }));
 * ```
 */
export function hazardRatioChart(model: CoxModel, options?: ChartOptions): VegaLiteSpec {
  const o = chartOptions(options, 'Hazard ratios (Cox)');
  if (typeof model !== 'object' || model === null || model.kind !== 'cox') invalidInput(['model'], 'expected the result of survival.coxPH', "{ kind: 'cox' }", model);
  const values = model.coefficients.map((c) => ({ name: c.name, hazardRatio: c.hazardRatio, lower: c.lower, upper: c.upper, pValue: c.pValue }));
  return {
    ...frame(o),
    data: { values },
    layer: [
      { mark: { type: 'rule' }, encoding: { y: { field: 'name', type: 'nominal', title: null }, x: { field: 'lower', type: 'quantitative', scale: { type: 'log' }, title: 'Hazard ratio' }, x2: { field: 'upper' } } },
      {
        mark: { type: 'point', filled: true },
        encoding: {
          y: { field: 'name', type: 'nominal' },
          x: { field: 'hazardRatio', type: 'quantitative' },
          tooltip: [
            { field: 'name', type: 'nominal' },
            { field: 'hazardRatio', type: 'quantitative', format: '.3f' },
            { field: 'lower', type: 'quantitative', format: '.3f' },
            { field: 'upper', type: 'quantitative', format: '.3f' },
            { field: 'pValue', type: 'quantitative', format: '.2g' },
          ],
        },
      },
      { data: { values: [{ one: 1 }] }, mark: { type: 'rule', strokeDash: [4, 4] }, encoding: { x: { field: 'one', type: 'quantitative' } } },
    ],
  };
}
