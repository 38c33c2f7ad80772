/**
 * Plain-JSON types of the churn module: the fitted tree, its nodes and the fit options.
 * A fitted tree survives `JSON.parse(JSON.stringify(tree))` unchanged (no Infinity, no NaN, no Maps).
 */

/** A class label as it appeared in the target column. */
export type ClassLabel = string | number | boolean;

/** A feature value in a row: numbers for numeric features, strings/numbers/booleans for categorical ones; `null`/`NaN` = missing. */
export type FeatureValue = string | number | boolean | null;

/** A training or prediction row: an object whose fields are read by name (interfaces such as ChurnRow work). */
export type Row = object;

/** How a feature is split. */
export type FeatureType = 'numeric' | 'categorical';

/** A feature as the tree saw it at training time. */
export interface TreeFeature {
  name: string;
  type: FeatureType;
  /** Categorical levels seen in training, sorted (JavaScript string order); absent for numeric features. */
  levels?: string[];
}

/** A numeric split: `x <= threshold` goes left. */
export interface NumericSplit {
  type: 'numeric';
  /** Index into `tree.features`. */
  feature: number;
  featureName: string;
  /**
   * Midpoint between the two neighbouring training values (scikit-learn's rule). `null` means the split separates
   * missing values from present ones: every non-missing value goes left (scikit-learn stores `+inf` there).
   */
  threshold: number | null;
  /** Where missing values (null/NaN) go: learned when the node saw missing values, else the side with more samples. */
  missingGoesLeft: boolean;
  /** Number of training samples in the node whose value was missing. */
  nMissing: number;
}

/** A categorical split: levels in `left` go left, levels in `right` go right. */
export interface CategoricalSplit {
  type: 'categorical';
  feature: number;
  featureName: string;
  /** Levels present in the node that go left (sorted). */
  left: string[];
  /** Levels present in the node that go right (sorted). */
  right: string[];
  /** Where levels not seen in this node at training go (the side with more training samples). */
  unseenGoesLeft: boolean;
  missingGoesLeft: boolean;
  nMissing: number;
}

export type TreeSplit = NumericSplit | CategoricalSplit;

/** One node. Nodes are stored in depth-first pre-order (left child first), the same numbering as scikit-learn's `tree_`. */
export interface TreeNode {
  id: number;
  depth: number;
  /** Parent id, -1 for the root. */
  parent: number;
  /** Unweighted number of training samples that reached the node. */
  nSamples: number;
  /** Sum of sample weights × class weights in the node. */
  weightedNSamples: number;
  /** Unweighted class counts, in `tree.classes` order. */
  counts: number[];
  /** Weighted class counts (scikit-learn's `tree_.value` before 1.4). */
  value: number[];
  /** Impurity (gini or entropy in bits) of the weighted class distribution. */
  impurity: number;
  /** Weighted impurity decrease of the split, scaled by the node's weight share (scikit-learn's `min_impurity_decrease` quantity); 0 for leaves. */
  improvement: number;
  /** `null` for a leaf. */
  split: TreeSplit | null;
  /** Child ids, -1 for a leaf. */
  left: number;
  right: number;
}

/** Fit options after defaults were applied (stored in the tree). */
export interface ResolvedTreeOptions {
  criterion: 'gini' | 'entropy';
  maxDepth: number | null;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  minImpurityDecrease: number;
  classWeight: 'balanced' | Array<[ClassLabel, number]> | null;
  weighted: boolean;
  ccpAlpha: number;
  missing: 'learn' | 'error';
}

/** What a tree was fitted on (the saved-model envelope's `fittedOn`). */
export interface TreeFittedOn {
  /** Training rows. */
  n: number;
  /** Number of features. */
  features: number;
  /** Sum of sample × class weights (= n when unweighted). */
  weightedN: number;
  [fact: string]: number | string | boolean | null;
}

/**
 * A fitted classification tree: a saved-model envelope (`kind: 'tree'`, `version`, `fittedOn`, see
 * docs/glossary.md "saved model") holding plain JSON. Read a stored one back with `loadTree`, which checks the
 * envelope and the structure.
 */
export interface DecisionTree {
  kind: 'tree';
  /** Envelope format version (this release writes and reads 1). */
  version: 1;
  fittedOn: TreeFittedOn;
  target: string;
  /** Sorted class labels; probabilities are given in this order. */
  classes: ClassLabel[];
  features: TreeFeature[];
  options: ResolvedTreeOptions;
  /** Pre-order nodes; `nodes[0]` is the root. */
  nodes: TreeNode[];
  nLeaves: number;
  /** Depth of the deepest leaf (root = 0). */
  depth: number;
}

/** Options of {@link fitTree}. */
export interface FitTreeOptions {
  /** Name of the class column. */
  target: string;
  /**
   * Feature columns; default every key of the first row (or column of the table) except `target`, the
   * identifier columns (`customerId`, `customer_id`, `id`, … — any name that reads `id` or `customerid` ignoring
   * case, `_`, `-` and spaces) and the names in `exclude`, in key order. Listing an identifier here uses it knowingly.
   */
  features?: readonly string[];
  /** Columns left out of the default feature list (ignored when `features` is given). */
  exclude?: readonly string[];
  /**
   * Categorical feature names. Default: a feature is categorical when its first non-missing value is a string or
   * boolean. Pass `[]` to force every feature numeric.
   */
  categorical?: readonly string[];
  /** Impurity: `'gini'` (default) or `'entropy'` (Shannon, bits). */
  criterion?: 'gini' | 'entropy';
  /** Maximum depth (root = 0, as scikit-learn); default unlimited. */
  maxDepth?: number;
  /** Minimum samples to split a node (default 2). */
  minSamplesSplit?: number;
  /** Minimum samples in each child (default 1). */
  minSamplesLeaf?: number;
  /** A split must decrease weighted impurity by at least this (default 0), scikit-learn's formula. */
  minImpurityDecrease?: number;
  /** `'balanced'` (n / (k · count of class)) or a weight per class label; classes not listed get 1. */
  classWeight?: 'balanced' | ReadonlyMap<ClassLabel, number> | Readonly<Record<string, number>>;
  /** Non-negative weight per row (multiplied by the class weight). */
  sampleWeight?: ArrayLike<number>;
  /** Minimal cost-complexity pruning parameter (scikit-learn's `ccp_alpha`, default 0 = no pruning). */
  ccpAlpha?: number;
  /** `'learn'` (default): missing values (null/NaN) go to a learned side; `'error'`: they throw. */
  missing?: 'learn' | 'error';
}
