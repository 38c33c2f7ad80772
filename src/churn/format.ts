/**
 * Text rendering of a tree in the layout of scikit-learn's `sklearn.tree.export_text` (`|--- feature <= t`,
 * `|--- feature >  t`, `|--- class: c`), extended with categorical sets and missing-value routing.
 */
import { readBoolean, readInteger, readOptions } from '../core/index.js';
import { checkTree } from './tree-check.js';
import { nodeProba } from './predict.js';
import type { DecisionTree, TreeNode } from './types.js';

/** Options of {@link formatTree}. */
export interface FormatTreeOptions {
  /** Decimals of thresholds and proportions (default 2, as export_text). */
  decimals?: number;
  /** Deeper branches are printed as `truncated branch of depth N` (default: no limit). */
  maxDepth?: number;
  /** Append `[counts] (p = ...)` to leaves (default false: export_text's plain `class: c`). */
  showCounts?: boolean;
}

/**
 * The tree as indented text, like scikit-learn's `export_text`.
 *
 * @example
 * ```ts
 * import { fitTree, formatTree } from 'crm-analytics/churn';
 * const rows = [
 *   { tenure: 1, plan: 'monthly', churn: 'yes' },
 *   { tenure: 3, plan: 'monthly', churn: 'yes' },
 *   { tenure: 24, plan: 'yearly', churn: 'no' },
 *   { tenure: 36, plan: 'monthly', churn: 'no' },
 * ];
 * console.log(formatTree(fitTree(rows, { target: 'churn', maxDepth: 2 })));
 * // |--- tenure <= 13.50
 * // |   |--- class: yes
 * // |--- tenure >  13.50
 * // |   |--- class: no
 * ```
 */
export function formatTree(tree: DecisionTree, options: FormatTreeOptions = {}): string {
  checkTree(tree);
  const o = readOptions(options, ['decimals', 'maxDepth', 'showCounts'] as const);
  const decimals = readInteger(o.decimals, ['options', 'decimals'], { min: 0, max: 12, default: 2 });
  const maxDepth = o.maxDepth === undefined || o.maxDepth === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : readInteger(o.maxDepth, ['options', 'maxDepth'], { min: 0 });
  const showCounts = readBoolean(o.showCounts, ['options', 'showCounts'], false);
  const lines: string[] = [];
  const subtreeDepth = (id: number): number => {
    const nd = tree.nodes[id] as TreeNode;
    return nd.split === null ? 0 : 1 + Math.max(subtreeDepth(nd.left), subtreeDepth(nd.right));
  };
  const leafText = (node: TreeNode): string => {
    const proba = nodeProba(node);
    let best = 0;
    for (let c = 1; c < proba.length; c++) if ((proba[c]!) > (proba[best]!)) best = c;
    const cls = String(tree.classes[best]);
    if (!showCounts) return `class: ${cls}`;
    return `class: ${cls} [${node.counts.join(', ')}] (p = ${(proba[best]!).toFixed(decimals)})`;
  };
  const walk = (id: number, depth: number): void => {
    const node = tree.nodes[id] as TreeNode;
    const indent = '|   '.repeat(depth);
    if (node.split === null) {
      lines.push(`${indent}|--- ${leafText(node)}`);
      return;
    }
    if (depth > maxDepth) {
      lines.push(`${indent}|--- truncated branch of depth ${subtreeDepth(id)}`);
      return;
    }
    const s = node.split;
    const miss = (left: boolean) => (s.nMissing > 0 && s.missingGoesLeft === left ? ' (or missing)' : '');
    let leftText: string;
    let rightText: string;
    if (s.type === 'numeric' && s.threshold === null) {
      leftText = `${s.featureName} is present`;
      rightText = `${s.featureName} is missing`;
    } else if (s.type === 'numeric') {
      const t = (s.threshold as number).toFixed(decimals);
      leftText = `${s.featureName} <= ${t}${miss(true)}`;
      rightText = `${s.featureName} >  ${t}${miss(false)}`;
    } else {
      leftText = `${s.featureName} in {${s.left.join(', ')}}${miss(true)}`;
      rightText = `${s.featureName} in {${s.right.join(', ')}}${miss(false)}`;
    }
    lines.push(`${indent}|--- ${leftText}`);
    walk(node.left, depth + 1);
    lines.push(`${indent}|--- ${rightText}`);
    walk(node.right, depth + 1);
  };
  walk(0, 0);
  return `${lines.join('\n')}\n`;
}
