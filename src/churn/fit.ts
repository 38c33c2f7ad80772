/**
 * `fitTree`: validate options, encode rows, grow a CART tree (see grow.ts) and optionally prune it with
 * minimal cost-complexity pruning (scikit-learn's `ccp_alpha`).
 */
import { invalidOption } from '../core/index.js';
import { encodeTraining } from './encode.js';
import { growTree } from './grow.js';
import { pruneTree } from './prune.js';
import type { ColumnTable } from './column-table.js';
import type { DecisionTree, FitTreeOptions, ResolvedTreeOptions, Row } from './types.js';

function intOption(value: unknown, name: string, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    invalidOption(['options', name], `${name} must be an integer >= ${min}`, `an integer >= ${min}`, value);
  }
  return value;
}

function nonNegative(value: unknown, name: string): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    invalidOption(['options', name], `${name} must be a finite number >= 0`, 'a finite number >= 0', value);
  }
  return value;
}

/** Validate and default the tree options (except data-dependent ones). */
export function resolveTreeOptions(options: FitTreeOptions): Omit<ResolvedTreeOptions, 'classWeight' | 'weighted'> {
  if (typeof options !== 'object' || options === null) invalidOption(['options'], 'options are required', 'an object with target', options);
  const criterion = options.criterion ?? 'gini';
  if (criterion !== 'gini' && criterion !== 'entropy') invalidOption(['options', 'criterion'], 'unknown criterion', '"gini" or "entropy"', criterion);
  let maxDepth: number | null = null;
  if (options.maxDepth !== undefined && options.maxDepth !== Number.POSITIVE_INFINITY) maxDepth = intOption(options.maxDepth, 'maxDepth', 1, 1);
  const missing = options.missing ?? 'learn';
  if (missing !== 'learn' && missing !== 'error') invalidOption(['options', 'missing'], 'invalid missing-value policy', '"learn" or "error"', missing);
  return {
    criterion,
    maxDepth,
    minSamplesSplit: intOption(options.minSamplesSplit, 'minSamplesSplit', 2, 2),
    minSamplesLeaf: intOption(options.minSamplesLeaf, 'minSamplesLeaf', 1, 1),
    minImpurityDecrease: nonNegative(options.minImpurityDecrease, 'minImpurityDecrease'),
    ccpAlpha: nonNegative(options.ccpAlpha, 'ccpAlpha'),
    missing,
  };
}

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
    kind: 'crm-analytics/churn/tree',
    version: 1,
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
