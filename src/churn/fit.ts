/**
 * `fitTree`: validate options, encode rows, grow a CART tree (see grow.ts) and optionally prune it with
 * minimal cost-complexity pruning (scikit-learn's `ccp_alpha`).
 */
import { resolveTreeOptions } from './fit-options.js';
import { encodeTraining } from './encode.js';
import { growTree } from './grow.js';
import { pruneTree } from './prune.js';
import { TREE_VERSION } from './tree-check.js';
import type { ColumnTable } from './column-table.js';
import type { DecisionTree, FitTreeOptions, ResolvedTreeOptions, Row } from './types.js';

/**
 * Fit a CART classification tree with scikit-learn's `DecisionTreeClassifier` semantics (best splitter,
 * midpoint thresholds, `x <= threshold` left), plus native categorical splits and learned missing-value sides.
 * The result is a plain JSON tree: nodes in pre-order with class counts, impurity and split.
 *
 * @example
 * ```ts
 * import { fitTree, predict } from 'crm-analytics/churn';
 * const rows = [
 *   { tenure: 1, contract: 'monthly', churn: 'yes' },
 *   { tenure: 2, contract: 'monthly', churn: 'yes' },
 *   { tenure: 30, contract: 'yearly', churn: 'no' },
 *   { tenure: 40, contract: 'monthly', churn: 'no' },
 * ];
 * const tree = fitTree(rows, { target: 'churn', maxDepth: 3 });
 * predict(tree, [{ tenure: 3, contract: 'monthly' }]); // ['yes']
 *
 * // The same data as columns (one array per field, e.g. from DuckDB or Arrow): no object per row.
 * const columns = { tenure: [1, 2, 30, 40], contract: ['monthly', 'monthly', 'yearly', 'monthly'], churn: ['yes', 'yes', 'no', 'no'] };
 * fitTree({ columns }, { target: 'churn', maxDepth: 3 }); // the same tree
 * ```
 */
export function fitTree(rows: readonly Row[] | ColumnTable, options: FitTreeOptions): DecisionTree {
  const base = resolveTreeOptions(options);
  const data = encodeTraining(rows, options);
  const resolved: ResolvedTreeOptions = { ...base, classWeight: data.classWeight, weighted: data.weighted };
  const nodes = growTree(data, resolved);
  let nLeaves = 0;
  let depth = 0;
  for (const node of nodes) {
    if (node.split === null) nLeaves++;
    if (node.depth > depth) depth = node.depth;
  }
  const tree: DecisionTree = {
    kind: 'tree',
    version: TREE_VERSION,
    fittedOn: { n: data.n, features: data.features.length, weightedN: nodes[0]?.weightedNSamples ?? data.n },
    target: options.target,
    classes: data.classes,
    features: data.features,
    options: resolved,
    nodes,
    nLeaves,
    depth,
  };
  return resolved.ccpAlpha > 0 ? pruneTree(tree, resolved.ccpAlpha) : tree;
}
