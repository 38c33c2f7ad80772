/**
 * Readable if-then rules, one per leaf (the rule-extraction reading of a tree: Quinlan, "C4.5", 1993, ch. 5, without
 * C4.5's rule pruning). Conditions on the same feature along a path are merged into one interval or level set.
 */
import { readInteger, readOneOf, readOptions } from '../core/index.js';
import { checkTree, classIndex } from './tree-check.js';
import { nodeProba } from './predict.js';
import type { ClassLabel, DecisionTree, TreeNode } from './types.js';

/** One merged condition of a rule. */
export type RuleCondition =
  | {
      type: 'numeric';
      feature: string;
      /** Exclusive lower bound (`feature > lower`), or null. */
      lower: number | null;
      /** Inclusive upper bound (`feature <= upper`), or null. */
      upper: number | null;
      /** Rows with a missing value also satisfy the condition (they were routed this way). */
      orMissing: boolean;
    }
  | { type: 'categorical'; feature: string; levels: string[]; orMissing: boolean }
  | { type: 'missing'; feature: string; isMissing: boolean };

/** One leaf as a rule. */
export interface TreeRule {
  /** Leaf node id. */
  leaf: number;
  conditions: RuleCondition[];
  /** Predicted (majority) class. */
  prediction: ClassLabel;
  /** Probability of the predicted class in the leaf (weighted). */
  confidence: number;
  /** Training samples in the leaf. */
  support: number;
  /** Share of all training samples. */
  supportFraction: number;
  /** Class distribution in the leaf. */
  distribution: Array<{ class: ClassLabel; count: number; probability: number }>;
  /** `IF ... THEN target = class (confidence, support)`. */
  text: string;
}

/** Options of {@link treeRules}. */
export interface TreeRulesOptions {
  /** Rule order: `'tree'` (leaf pre-order, default), `'confidence'` or `'support'` (descending; ties in tree order). */
  sortBy?: 'tree' | 'confidence' | 'support';
  /** Keep only rules predicting this class. */
  predicts?: ClassLabel;
  /** Decimals of thresholds in `text` (default 2). */
  decimals?: number;
}

function fmt(x: number, decimals: number): string {
  return x.toFixed(decimals);
}

/** Render a condition. */
export function conditionText(c: RuleCondition, decimals = 2): string {
  let body: string;
  if (c.type === 'missing') return `${c.feature} is ${c.isMissing ? 'missing' : 'present'}`;
  if (c.type === 'categorical') body = c.levels.length === 1 ? `${c.feature} = ${c.levels[0]}` : `${c.feature} in {${c.levels.join(', ')}}`;
  else if (c.lower !== null && c.upper !== null) body = `${fmt(c.lower, decimals)} < ${c.feature} <= ${fmt(c.upper, decimals)}`;
  else if (c.lower !== null) body = `${c.feature} > ${fmt(c.lower, decimals)}`;
  else body = `${c.feature} <= ${fmt(c.upper as number, decimals)}`;
  return c.orMissing ? `(${body} or ${c.feature} missing)` : body;
}

/**
 * One readable rule per leaf: merged conditions, prediction, confidence, support and the class distribution.
 * A row with a missing value follows the learned side; "or missing" is shown where the training node had missing values.
 *
 * @example
 * ```ts
 * import { fitTree, treeRules } from 'crm-analytics/churn';
 * const rows = [
 *   { tenure: 1, plan: 'monthly', churn: 'yes' },
 *   { tenure: 3, plan: 'monthly', churn: 'yes' },
 *   { tenure: 24, plan: 'yearly', churn: 'no' },
 *   { tenure: 36, plan: 'monthly', churn: 'no' },
 * ];
 * const tree = fitTree(rows, { target: 'churn', maxDepth: 3 });
 * for (const r of treeRules(tree, { sortBy: 'confidence', predicts: 'yes' })) console.log(r.text);
 * // IF contract = monthly AND tenure <= 5.50 THEN churn = yes (confidence 0.71, support 412 = 7.3 %)
 * ```
 */
export function treeRules(tree: DecisionTree, options: TreeRulesOptions = {}): TreeRule[] {
  checkTree(tree);
  const o = readOptions(options, ['sortBy', 'predicts', 'decimals'] as const);
  const sortBy = readOneOf(o.sortBy, ['options', 'sortBy'], ['tree', 'confidence', 'support'] as const, 'tree');
  const decimals = readInteger(o.decimals, ['options', 'decimals'], { min: 0, max: 12, default: 2 });
  if (o.predicts !== undefined) classIndex(tree, o.predicts, ['options', 'predicts']);
  const root = tree.nodes[0] as TreeNode;
  const rules: TreeRule[] = [];
  const walk = (id: number, conds: RuleCondition[]): void => {
    const node = tree.nodes[id] as TreeNode;
    const split = node.split;
    if (split === null) {
      const proba = nodeProba(node);
      let best = 0;
      for (let c = 1; c < proba.length; c++) if ((proba[c]!) > (proba[best]!)) best = c;
      const prediction = tree.classes[best] as ClassLabel;
      const confidence = proba[best]!;
      const text =
        `IF ${conds.length === 0 ? 'TRUE' : conds.map((c) => conditionText(c, decimals)).join(' AND ')} THEN ${tree.target} = ${String(prediction)}` +
        ` (confidence ${confidence.toFixed(2)}, support ${node.nSamples} = ${((100 * node.nSamples) / root.nSamples).toFixed(1)} %)`;
      rules.push({
        leaf: id,
        conditions: conds,
        prediction,
        confidence,
        support: node.nSamples,
        supportFraction: node.nSamples / root.nSamples,
        distribution: tree.classes.map((c, k) => ({ class: c, count: node.counts[k]!, probability: proba[k]! })),
        text,
      });
      return;
    }
    for (const goLeft of [true, false]) {
      const next = conds.map((c) => ({ ...c })) as RuleCondition[];
      const name = split.featureName;
      const orMissing = split.nMissing > 0 && split.missingGoesLeft === goLeft;
      const idx = next.findIndex((c) => c.feature === name && c.type !== 'missing');
      if (split.type === 'numeric' && split.threshold === null) {
        next.push({ type: 'missing', feature: name, isMissing: !goLeft });
      } else if (split.type === 'numeric') {
        const t = split.threshold as number;
        const prev = idx >= 0 ? next[idx] : undefined;
        if (prev !== undefined && prev.type === 'numeric') {
          if (goLeft) prev.upper = prev.upper === null ? t : Math.min(prev.upper, t);
          else prev.lower = prev.lower === null ? t : Math.max(prev.lower, t);
          prev.orMissing = prev.orMissing && orMissing;
        } else next.push({ type: 'numeric', feature: name, lower: goLeft ? null : t, upper: goLeft ? t : null, orMissing });
      } else {
        const levels = goLeft ? [...split.left] : [...split.right];
        const prev = idx >= 0 ? next[idx] : undefined;
        if (prev !== undefined && prev.type === 'categorical') {
          prev.levels = levels;
          prev.orMissing = prev.orMissing && orMissing;
        } else next.push({ type: 'categorical', feature: name, levels, orMissing });
      }
      walk(goLeft ? node.left : node.right, next);
    }
  };
  walk(0, []);
  let out = rules;
  if (options.predicts !== undefined) out = out.filter((r) => r.prediction === options.predicts);
  if (sortBy === 'confidence') out = [...out].sort((a, b) => b.confidence - a.confidence || a.leaf - b.leaf);
  if (sortBy === 'support') out = [...out].sort((a, b) => b.support - a.support || a.leaf - b.leaf);
  return out;
}
