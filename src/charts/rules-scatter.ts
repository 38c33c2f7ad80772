import { invalidInput } from '../core/index.js';
import { baseOptions, checkRows, frame, num, type ChartOptions, type VegaLiteSpec } from './spec.js';

/**
 * An association rule as the basket module reports it (extra fields are ignored).
 *
 * @example
 * ```ts
 * const r: RuleRecord = { antecedent: ['whole milk'], consequent: ['yogurt'], support: 0.056, confidence: 0.22, lift: 1.57 };
 * ```
 */
export interface RuleRecord {
  antecedent: ReadonlyArray<string>;
  consequent: ReadonlyArray<string>;
  support: number;
  confidence: number;
  lift: number;
}

function items(v: unknown, path: ReadonlyArray<string | number>): string[] {
  if (!Array.isArray(v) || v.length === 0) invalidInput(path, 'must be a non-empty array of item strings', 'a non-empty string array', v);
  return v.map((x: unknown, j) => {
    if (typeof x !== 'string') invalidInput([...path, j], 'items must be strings', 'a string', x);
    return x;
  });
}

/**
 * Rules scatter: support × confidence, lift as colour (arulesViz's default `plot(rules)`,
 * Hahsler 2017, "arulesViz: Interactive visualization of association rules with R").
 * The rule text `{a, b} => {c}` is in the tooltip.
 *
 * @example
 * ```ts
 * import { rulesScatter } from 'crm-analytics/charts';
 * const spec = rulesScatter([{ antecedent: ['a'], consequent: ['b'], support: 0.1, confidence: 0.5, lift: 1.8 }]);
 * ```
 */
export function rulesScatter(rules: ReadonlyArray<RuleRecord>, options?: ChartOptions): VegaLiteSpec {
  const o = baseOptions(options, 'Association rules: support × confidence (colour = lift)');
  checkRows(rules, 'rules');
  const values = rules.map((r0, i) => {
    const r = r0 as unknown as Record<string, unknown>;
    const a = items(r['antecedent'], ['rules', i, 'antecedent']);
    const c = items(r['consequent'], ['rules', i, 'consequent']);
    return {
      rule: `{${a.join(', ')}} => {${c.join(', ')}}`,
      support: num(r, ['rules', i], 'support', 0, 1),
      confidence: num(r, ['rules', i], 'confidence', 0, 1),
      lift: num(r, ['rules', i], 'lift', 0),
    };
  });
  return {
    ...frame(o),
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
