/**
 * Minimal cost-complexity pruning (Breiman et al., "Classification and Regression Trees", 1984, ch. 3.3), with
 * scikit-learn's exact procedure (`_cost_complexity_prune` in sklearn/tree/_tree.pyx):
 * R(t) = (weighted samples in t / total weight) · impurity(t); for each internal node the effective alpha is
 * (R(t) − R(T_t)) / (|leaves(T_t)| − 1); repeatedly the node with the smallest effective alpha (lowest node id on
 * ties) is collapsed into a leaf while that alpha ≤ ccpAlpha.
 */
import { invalidInput, readNonNegative } from '../core/index.js';
import { checkTree } from './tree-check.js';
import { routeAll } from './predict.js';
import type { DecisionTree, Row, TreeNode } from './types.js';

interface PruneRun {
  /** 1 = node still in the subtree. */
  inSubtree: Uint8Array;
  /** 1 = node is a leaf of the current subtree. */
  isLeaf: Uint8Array;
}

/** Run the pruning loop, calling `onPrune(alpha, totalLeafRisk, nLeaves)` after every collapse, stopping when `stop(alpha)`. */
function runPruning(tree: DecisionTree, stop: (alpha: number) => boolean, onStep?: (alpha: number, risk: number, leaves: number, run: PruneRun) => void): PruneRun {
  const nodes = tree.nodes;
  const m = nodes.length;
  const total = (nodes[0] as TreeNode).weightedNSamples;
  const rNode = new Float64Array(m);
  const rBranch = new Float64Array(m);
  const nLeaves = new Float64Array(m);
  const inSubtree = new Uint8Array(m).fill(1);
  const isLeaf = new Uint8Array(m);
  const candidate = new Uint8Array(m);
  for (let i = 0; i < m; i++) {
    const node = nodes[i] as TreeNode;
    rNode[i] = (node.weightedNSamples / total) * node.impurity;
    isLeaf[i] = node.split === null ? 1 : 0;
    candidate[i] = node.split === null ? 0 : 1;
  }
  for (let i = 0; i < m; i++) {
    if (isLeaf[i] !== 1) continue;
    rBranch[i] = rNode[i]!;
    const r = rNode[i]!;
    let j = i;
    while (j !== 0) {
      const p = (nodes[j] as TreeNode).parent;
      rBranch[p] = (rBranch[p]!) + r;
      nLeaves[p] = (nLeaves[p]!) + 1;
      j = p;
    }
  }
  const run: PruneRun = { inSubtree, isLeaf };
  let leaves = 0;
  for (let i = 0; i < m; i++) leaves += isLeaf[i]!;
  onStep?.(0, rBranch[0]!, leaves, run);
  while (candidate[0] === 1) {
    let alpha = Number.MAX_VALUE;
    let pick = -1;
    for (let i = 0; i < m; i++) {
      if (candidate[i] !== 1) continue;
      const a = ((rNode[i]!) - (rBranch[i]!)) / ((nLeaves[i]!) - 1);
      if (a < alpha) {
        alpha = a;
        pick = i;
      }
    }
    if (pick < 0 || stop(alpha)) break;
    // Remove the descendants of `pick`.
    const todo = [(nodes[pick] as TreeNode).left, (nodes[pick] as TreeNode).right];
    while (todo.length > 0) {
      const j = todo.pop() as number;
      if (j < 0) continue;
      inSubtree[j] = 0;
      candidate[j] = 0;
      isLeaf[j] = 0;
      const nd = nodes[j] as TreeNode;
      if (nd.left >= 0) todo.push(nd.left, nd.right);
    }
    candidate[pick] = 0;
    isLeaf[pick] = 1;
    const pruned = (nLeaves[pick]!) - 1;
    nLeaves[pick] = 0;
    const rDiff = (rNode[pick]!) - (rBranch[pick]!);
    rBranch[pick] = rNode[pick]!;
    let p = (nodes[pick] as TreeNode).parent;
    while (p !== -1) {
      nLeaves[p] = (nLeaves[p]!) - pruned;
      rBranch[p] = (rBranch[p]!) + rDiff;
      p = (nodes[p] as TreeNode).parent;
    }
    leaves -= pruned;
    onStep?.(alpha, rBranch[0]!, leaves, run);
  }
  return run;
}

/** Materialise the subtree marked in `run` as a new tree (pre-order renumbering). */
function extract(tree: DecisionTree, run: PruneRun): DecisionTree {
  const out: TreeNode[] = [];
  const visit = (old: number, parent: number): number => {
    const src = tree.nodes[old] as TreeNode;
    const leaf = run.isLeaf[old] === 1;
    const id = out.length;
    const node: TreeNode = {
      ...src,
      id,
      parent,
      counts: [...src.counts],
      value: [...src.value],
      split: leaf ? null : src.split,
      improvement: leaf ? 0 : src.improvement,
      left: -1,
      right: -1,
    };
    out.push(node);
    if (!leaf) {
      node.left = visit(src.left, id);
      node.right = visit(src.right, id);
    }
    return id;
  };
  visit(0, -1);
  let nLeaves = 0;
  let depth = 0;
  for (const node of out) {
    if (node.split === null) nLeaves++;
    if (node.depth > depth) depth = node.depth;
  }
  return { ...tree, nodes: out, nLeaves, depth };
}

/**
 * Minimal cost-complexity pruning: the subtree scikit-learn keeps for `ccp_alpha = alpha`. Returns a new tree
 * (`alpha = 0` returns the tree unchanged, as scikit-learn does not prune at `ccp_alpha = 0`).
 *
 * @example
 * ```ts
 * import { fitTree, prune } from 'crm-analytics/churn';
 * const rows = [
 *   { tenure: 1, plan: 'monthly', churn: 'yes' },
 *   { tenure: 3, plan: 'monthly', churn: 'yes' },
 *   { tenure: 24, plan: 'yearly', churn: 'no' },
 *   { tenure: 36, plan: 'monthly', churn: 'no' },
 * ];
 * const tree = fitTree(rows, { target: 'churn' });
 * const small = prune(tree, 0.002);
 * small.nLeaves <= tree.nLeaves; // true
 * ```
 */
export function prune(tree: DecisionTree, alpha: number): DecisionTree {
  checkTree(tree);
  readNonNegative(alpha, ['alpha']);
  return pruneTree(tree, alpha);
}

/** `prune` without validation (used by fitTree). */
export function pruneTree(tree: DecisionTree, alpha: number): DecisionTree {
  // scikit-learn: ccp_alpha == 0 means no pruning (even of splits with zero improvement).
  if (alpha === 0) return tree;
  const run = runPruning(tree, (a) => alpha < a);
  const pruned = extract(tree, run);
  return { ...pruned, options: { ...tree.options, ccpAlpha: Math.max(alpha, tree.options.ccpAlpha) } };
}

/** One step of the cost-complexity path. */
export interface CostComplexityStep {
  /** Effective alpha at which this subtree becomes optimal (0 for the full tree). */
  alpha: number;
  /** Total weighted leaf impurity Σ R(leaf) of the subtree (scikit-learn's `impurities`). */
  impurity: number;
  nLeaves: number;
  /** Accuracy of the subtree on `rows`, when rows were given. */
  accuracy?: number;
}

/** The pruning path (scikit-learn's `cost_complexity_pruning_path`). */
export interface CostComplexityPath {
  alphas: number[];
  impurities: number[];
  steps: CostComplexityStep[];
}

/**
 * The minimal cost-complexity pruning path of a fitted tree: every alpha at which a node collapses, and the total leaf
 * impurity after it (identical to scikit-learn's `cost_complexity_pruning_path` on the same tree). Pass held-out
 * `rows` (with the target field) to get each subtree's accuracy, e.g. to pick alpha on a validation set.
 *
 * @example
 * ```ts
 * import { costComplexityPath, fitTree, prune } from 'crm-analytics/churn';
 * const rows = [
 *   { tenure: 1, plan: 'monthly', churn: 'yes' },
 *   { tenure: 3, plan: 'monthly', churn: 'yes' },
 *   { tenure: 24, plan: 'yearly', churn: 'no' },
 *   { tenure: 36, plan: 'monthly', churn: 'no' },
 * ];
 * const tree = fitTree(rows, { target: 'churn' });
 * const path = costComplexityPath(tree, rows); // pass held-out rows in practice
 * const bestStep = path.steps.reduce((a, b) => ((b.accuracy ?? 0) > (a.accuracy ?? 0) ? b : a));
 * const chosen = prune(tree, bestStep.alpha);
 * ```
 */
export function costComplexityPath(tree: DecisionTree, rows?: readonly Row[]): CostComplexityPath {
  checkTree(tree);
  if (rows !== undefined && !Array.isArray(rows)) invalidInput(['rows'], 'rows must be an array', 'an array of rows', rows);
  const steps: CostComplexityStep[] = [];
  const snapshots: Array<{ isLeaf: Uint8Array }> = [];
  runPruning(
    tree,
    () => false,
    (alpha, risk, leaves, run) => {
      steps.push({ alpha, impurity: risk, nLeaves: leaves });
      if (rows !== undefined) snapshots.push({ isLeaf: run.isLeaf.slice() });
    },
  );
  if (rows !== undefined && rows.length > 0) {
    // Route each row once through the full tree, then read each subtree's prediction off the path.
    const paths = routeAll(tree, rows);
    const truth = rows.map((r, i) => {
      if (typeof r !== 'object' || r === null || !Object.prototype.hasOwnProperty.call(r, tree.target)) {
        invalidInput([i, tree.target], `target "${tree.target}" is missing from the row`, 'a class label');
      }
      return (r as Record<string, unknown>)[tree.target];
    });
    const classOf = tree.nodes.map((nd) => {
      let best = 0;
      for (let c = 1; c < nd.value.length; c++) if ((nd.value[c]!) > (nd.value[best]!)) best = c;
      return tree.classes[best];
    });
    snapshots.forEach((snap, s) => {
      let correct = 0;
      for (let i = 0; i < rows.length; i++) {
        const path = paths[i] as number[];
        let leaf = path[path.length - 1]!;
        for (const id of path) {
          if (snap.isLeaf[id] === 1) {
            leaf = id;
            break;
          }
        }
        if (classOf[leaf] === truth[i]) correct++;
      }
      (steps[s] as CostComplexityStep).accuracy = correct / rows.length;
    });
  }
  return { alphas: steps.map((s) => s.alpha), impurities: steps.map((s) => s.impurity), steps };
}

