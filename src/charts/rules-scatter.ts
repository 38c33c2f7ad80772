import type { Rule } from '../basket/index.js';
import { invalidInput, readBudget, readNumber } from '../core/index.js';
import { chartOptions, checkRows, frame, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * Options of {@link rulesScatterChart}.
 *
 * @example
 * ```ts
 * const o: RulesScatterChartOptions = { maxRules: 500 };
 * ```
 */
export interface RulesScatterChartOptions extends ChartOptions {
  /** At most this many rules are drawn, the highest lift first (ties keep input order; default 1500, `Infinity` for all). */
  maxRules?: number;
}

function items(v: unknown, path: ReadonlyArray<string | number>): string[] {
  if (!Array.isArray(v) || v.length === 0) invalidInput(path, 'must be a non-empty array of item strings', 'a non-empty string array', v);
  return v.map((x: unknown, j) => {
    if (typeof x !== 'string') invalidInput([...path, j], 'items must be strings', 'a string', x);
    return x;
  });
}

/**
 * Rules scatter: support × confidence, lift as colour, drawn from `basket.associationRules` (or
 * `topRules`, `pruneRedundant`) as it is (arulesViz's default `plot(rules)`, Hahsler 2017,
 * "arulesViz: Interactive visualization of association rules with R"). The rule text
 * `{a, b} => {c}` is in the tooltip; beyond `maxRules`, the highest-lift rules are drawn.
 *
 * @example
 * ```ts
 * import { associationRules } from 'crm-analytics/basket';
 * import { rulesScatterChart } from 'crm-analytics/charts';
 * const spec = rulesScatterChart(associationRules([['a', 'b'], ['a', 'b'], ['a', 'c']], { minSupport: 0.3, minConfidence: 0.5 }));
 * ```
 */
export function rulesScatterChart(rules: ReadonlyArray<Pick<Rule, 'antecedent' | 'consequent' | 'support' | 'confidence' | 'lift'>>, options?: RulesScatterChartOptions): VegaLiteSpec {
  const o = chartOptions(options, 'Association rules: support × confidence (colour = lift)', ['maxRules']);
  const maxRules = readBudget(o.bag.maxRules, ['options', 'maxRules'], 1500);
  checkRows(rules, 'rules');
  const all = rules.map((r, i) => {
    const a = items(r['antecedent'], ['rules', i, 'antecedent']);
    const c = items(r['consequent'], ['rules', i, 'consequent']);
    return {
      rule: `{${a.join(', ')}} => {${c.join(', ')}}`,
      support: readNumber(r['support'], ['rules', i, 'support'], { min: 0, max: 1, input: true }),
      confidence: readNumber(r['confidence'], ['rules', i, 'confidence'], { min: 0, max: 1, input: true }),
      lift: readNumber(r['lift'], ['rules', i, 'lift'], { min: 0, input: true }),
    };
  });
  // Array#sort is stable: ties in lift keep the input order.
  const values = all.length > maxRules ? [...all].sort((x, y) => y.lift - x.lift).slice(0, maxRules) : all;
  const title = all.length > maxRules ? { text: o.title, subtitle: `top ${values.length} of ${all.length} rules by lift` } : o.title;
  return {
    ...frame(o),
    title,
    data: { values },
    mark: { type: 'point', filled: true, size: 40, opacity: 0.8, aria: false }, // one mark per record: no per-mark ARIA label (it would dominate the SVG size)
    encoding: {
      x: { field: 'support', type: 'quantitative', title: 'Support', scale: { zero: false } },
      y: { field: 'confidence', type: 'quantitative', title: 'Confidence', scale: { zero: false } },
      color: { field: 'lift', type: 'quantitative', title: 'Lift', scale: { scheme: 'reds' } },
      tooltip: [
        { field: 'rule', type: 'nominal', title: 'Rule' },
        { field: 'support', type: 'quantitative', format: '.4f' },
        { field: 'confidence', type: 'quantitative', format: '.3f' },
        { field: 'lift', type: 'quantitative', format: '.2f' },
      ],
    },
  };
}
