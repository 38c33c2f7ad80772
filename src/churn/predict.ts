/**
 * Prediction with a fitted tree: route each row to a leaf and read the leaf's weighted class distribution
 * (scikit-learn's `predict_proba` = leaf value / leaf weight). Missing values follow the side stored in the split;
 * categorical levels the node never saw in training go to its majority side and are counted.
 */
import { invalidInput, readOptions } from '../core/index.js';
import { checkTree, classIndex } from './tree-check.js';
import { categoricalValue, numericValue, readField } from './encode.js';
import { isColumnTable, tableRows, type ColumnTable } from './column-table.js';
import type { ClassLabel, DecisionTree, Row, TreeNode } from './types.js';

const levelSets = new WeakMap<DecisionTree, Array<{ left: Set<string>; right: Set<string> } | null>>();

function setsOf(tree: DecisionTree): Array<{ left: Set<string>; right: Set<string> } | null> {
  let sets = levelSets.get(tree);
  if (sets === undefined) {
    sets = tree.nodes.map((nd) => (nd.split !== null && nd.split.type === 'categorical' ? { left: new Set(nd.split.left), right: new Set(nd.split.right) } : null));
    levelSets.set(tree, sets);
  }
  return sets;
}

/** Rows as given, or rows holding the fields the tree splits on, from a column table. */
function asRows(tree: DecisionTree, data: readonly Row[] | ColumnTable): readonly Row[] {
  if (!isColumnTable(data)) return data;
  const used = new Set<string>();
  for (const node of tree.nodes) if (node.split !== null) used.add(node.split.featureName);
  return tableRows(data, [...used]);
}

/** Options of {@link predictProba}. */
export interface PredictProbaOptions {
  /** A class of the tree: return P(this class) per row (one number per row) instead of every class's probability. */
  positive?: ClassLabel;
}

/** How often prediction met something the training data did not have. */
export interface RoutingStats {
  /** Per feature: rows routed by an unseen categorical level, with the levels. */
  unseenCategories: Array<{ feature: string; level: string; rows: number }>;
  /** Rows with at least one missing value used by a split. */
  rowsWithMissing: number;
}

/** Result of {@link applyTree}. */
export interface ApplyResult extends RoutingStats {
  /** Leaf node id per row. */
  leaves: number[];
}

function route(tree: DecisionTree, row: unknown, index: number, stats: Map<string, number> | null, onMissing: () => void, path: number[] | null): number {
  const sets = setsOf(tree);
  const missing = tree.options.missing;
  let id = 0;
  let node = tree.nodes[0] as TreeNode;
  let sawMissing = false;
  path?.push(0);
  while (node.split !== null) {
    const split = node.split;
    const name = split.featureName;
    const raw = readField(row, index, name);
    let goLeft: boolean;
    if (split.type === 'numeric') {
      const x = numericValue(raw, index, name, missing);
      if (Number.isNaN(x)) {
        goLeft = split.missingGoesLeft;
        sawMissing = true;
      } else goLeft = split.threshold === null ? true : x <= split.threshold;
    } else {
      const level = categoricalValue(raw, index, name, missing);
      if (level === undefined) {
        goLeft = split.missingGoesLeft;
        sawMissing = true;
      } else {
        const s = sets[id] as { left: Set<string>; right: Set<string> };
        if (s.left.has(level)) goLeft = true;
        else if (s.right.has(level)) goLeft = false;
        else {
          goLeft = split.unseenGoesLeft;
          if (stats !== null) {
            const key = `${split.feature}\u0000${level}`;
            stats.set(key, (stats.get(key) ?? 0) + 1);
          }
        }
      }
    }
    id = goLeft ? node.left : node.right;
    node = tree.nodes[id] as TreeNode;
    path?.push(id);
  }
  if (sawMissing) onMissing();
  return id;
}

/** Node ids from the root to the leaf, per row. */
export function routeAll(tree: DecisionTree, rows: readonly Row[]): number[][] {
  return rows.map((row, i) => {
    const path: number[] = [];
    route(tree, row, i, null, () => undefined, path);
    return path;
  });
}

function checkRows(rows: unknown): asserts rows is readonly Row[] {
  if (!Array.isArray(rows)) invalidInput(['rows'], 'rows must be an array', 'an array of rows', rows);
}

/**
 * Route rows to leaves and report unseen categorical levels and missing values met on the way.
 *
 * @example
 * ```ts
 * import { applyTree, fitTree } from 'crm-analytics/churn';
 * const rows = [
 *   { tenure: 1, plan: 'monthly', churn: 'yes' },
 *   { tenure: 3, plan: 'monthly', churn: 'yes' },
 *   { tenure: 24, plan: 'yearly', churn: 'no' },
 *   { tenure: 36, plan: 'monthly', churn: 'no' },
 * ];
 * const tree = fitTree(rows, { target: 'churn' });
 * const { leaves, unseenCategories } = applyTree(tree, [{ plan: 'brand-new plan', tenure: 3 }]);
 * ```
 */
export function applyTree(tree: DecisionTree, data: readonly Row[] | ColumnTable): ApplyResult {
  checkTree(tree);
  const rows = asRows(tree, data);
  checkRows(rows);
  const stats = new Map<string, number>();
  let rowsWithMissing = 0;
  const leaves = rows.map((row, i) => route(tree, row, i, stats, () => rowsWithMissing++, null));
  const unseenCategories = [...stats.entries()]
    .map(([key, count]) => {
      const cut = key.indexOf('\u0000');
      const f = Number(key.slice(0, cut));
      return { feature: (tree.features[f] as { name: string }).name, level: key.slice(cut + 1), rows: count };
    })
    .sort((a, b) => (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : a.level < b.level ? -1 : a.level > b.level ? 1 : 0));
  return { leaves, unseenCategories, rowsWithMissing };
}

/** Class distribution of a node: weighted counts / weighted total (unweighted counts if the weight is 0). */
export function nodeProba(node: TreeNode): number[] {
  let total = 0;
  for (const v of node.value) total += v;
  if (total > 0) return node.value.map((v) => v / total);
  let n = 0;
  for (const c of node.counts) n += c;
  return node.counts.map((c) => c / n);
}

/**
 * Class probabilities per row, in `tree.classes` order (each row sums to 1); with `{ positive }`, the probability of
 * that class only, one number per row (e.g. P(churn) as a column).
 *
 * @example
 * ```ts
 * import { fitTree, predictProba } from 'crm-analytics/churn';
 * const rows = [
 *   { tenure: 1, plan: 'monthly', churn: 'yes' },
 *   { tenure: 3, plan: 'monthly', churn: 'yes' },
 *   { tenure: 24, plan: 'yearly', churn: 'no' },
 *   { tenure: 36, plan: 'monthly', churn: 'no' },
 * ];
 * const tree = fitTree(rows, { target: 'churn', maxDepth: 4 });
 * predictProba(tree, rows); // [[0, 1], [0, 1], [1, 0], [1, 0]] (classes ['no', 'yes'])
 * predictProba(tree, rows, { positive: 'yes' }); // [1, 1, 0, 0]
 * ```
 */
export function predictProba(tree: DecisionTree, data: readonly Row[] | ColumnTable): number[][];
export function predictProba(tree: DecisionTree, data: readonly Row[] | ColumnTable, options: PredictProbaOptions & { positive: ClassLabel }): number[];
export function predictProba(tree: DecisionTree, data: readonly Row[] | ColumnTable, options?: PredictProbaOptions): number[][] | number[];
export function predictProba(tree: DecisionTree, data: readonly Row[] | ColumnTable, options?: PredictProbaOptions): number[][] | number[] {
  checkTree(tree);
  const o = readOptions(options, ['positive'] as const);
  const positive = o.positive === undefined ? -1 : classIndex(tree, o.positive, ['options', 'positive']);
  const rows = asRows(tree, data);
  checkRows(rows);
  const cache = new Map<number, number[]>();
  const probaOf = (row: Row, i: number): number[] => {
    const leaf = route(tree, row, i, null, () => undefined, null);
    let p = cache.get(leaf);
    if (p === undefined) {
      p = nodeProba(tree.nodes[leaf] as TreeNode);
      cache.set(leaf, p);
    }
    return p;
  };
  if (positive >= 0) return rows.map((row, i) => probaOf(row, i)[positive] as number);
  return rows.map((row, i) => [...probaOf(row, i)]);
}

/**
 * Most probable class per row (ties go to the first class in `tree.classes`, as numpy's argmax).
 *
 * @example
 * ```ts
 * import { fitTree, predict } from 'crm-analytics/churn';
 * const rows = [
 *   { tenure: 1, plan: 'monthly', churn: 'yes' },
 *   { tenure: 3, plan: 'monthly', churn: 'yes' },
 *   { tenure: 24, plan: 'yearly', churn: 'no' },
 *   { tenure: 36, plan: 'monthly', churn: 'no' },
 * ];
 * const tree = fitTree(rows, { target: 'churn', maxDepth: 4 });
 * predict(tree, rows.slice(0, 2)); // e.g. ['no', 'yes']
 * ```
 */
export function predict(tree: DecisionTree, data: readonly Row[] | ColumnTable): ClassLabel[] {
  checkTree(tree);
  const rows = asRows(tree, data);
  checkRows(rows);
  return rows.map((row, i) => {
    const leaf = tree.nodes[route(tree, row, i, null, () => undefined, null)] as TreeNode;
    let best = 0;
    for (let c = 1; c < leaf.value.length; c++) if ((leaf.value[c]!) > (leaf.value[best]!)) best = c;
    return tree.classes[best] as ClassLabel;
  });
}
