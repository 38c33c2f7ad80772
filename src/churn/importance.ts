/**
 * Mean decrease in impurity (Breiman et al. 1984 §5.3.4; scikit-learn `compute_feature_importances`):
 * for each split node, w_t·I(t) − w_L·I(L) − w_R·I(R), summed per feature, divided by the root weight and
 * normalised to sum to 1 (all zeros for a single-leaf tree).
 */
import { checkTree } from './tree-check.js';
import type { DecisionTree, TreeNode } from './types.js';

/** One feature's importance. */
export interface FeatureImportance {
  feature: string;
  importance: number;
}

/**
 * Normalised mean-decrease-in-impurity importances, sorted by importance (descending; ties in feature order).
 *
 * @example
 * ```ts
 * import { featureImportance, fitTree } from 'crm-analytics/churn';
 * const rows = [
 *   { tenure: 1, plan: 'monthly', churn: 'yes' },
 *   { tenure: 3, plan: 'monthly', churn: 'yes' },
 *   { tenure: 24, plan: 'yearly', churn: 'no' },
 *   { tenure: 36, plan: 'monthly', churn: 'no' },
 * ];
 * const tree = fitTree(rows, { target: 'churn', maxDepth: 5 });
 * featureImportance(tree)[0]; // { feature: 'tenure', importance: 0.41 } (for example)
 * ```
 */
export function featureImportance(tree: DecisionTree): FeatureImportance[] {
  checkTree(tree);
  const imp = new Float64Array(tree.features.length);
  for (const node of tree.nodes) {
    if (node.split === null) continue;
    const l = tree.nodes[node.left] as TreeNode;
    const r = tree.nodes[node.right] as TreeNode;
    imp[node.split.feature] =
      (imp[node.split.feature]!) + node.weightedNSamples * node.impurity - l.weightedNSamples * l.impurity - r.weightedNSamples * r.impurity;
  }
  const root = (tree.nodes[0] as TreeNode).weightedNSamples;
  let sum = 0;
  for (let f = 0; f < imp.length; f++) {
    imp[f] = (imp[f]!) / root;
    sum += imp[f]!;
  }
  const out = tree.features.map((f, j) => ({ feature: f.name, importance: sum > 0 ? (imp[j]!) / sum : 0, j }));
  out.sort((a, b) => b.importance - a.importance || a.j - b.j);
  return out.map(({ feature, importance }) => ({ feature, importance }));
}
