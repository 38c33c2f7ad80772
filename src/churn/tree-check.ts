/**
 * Saved trees are checked before use (issues 16 and 22): the envelope (`kind: 'tree'`, a version this release
 * reads, see core/envelope.ts) and then the structure, so a tampered or truncated JSON tree is an `INVALID_MODEL`
 * `CrmError` naming the bad field instead of an endless loop (a child pointing to itself or to an ancestor), a raw
 * `TypeError` (no `options`) or a NaN probability (non-finite counts). The rules:
 * - `nodes[i].id === i`; the root has `parent: -1`; every other node's parent comes before it;
 * - an internal node's children come after it, are in range, differ, and name it as their parent — so routing
 *   strictly increases the node id and always ends at a leaf; a leaf has `left = right = -1`;
 * - class counts and values are finite, non-negative, one per class, and the values' sum is finite;
 * - each split names a feature of `features` of the same type, with a finite threshold (or `null`) and boolean sides.
 */
import { checkEnvelope, type CrmErrorPath, invalidOption } from '../core/index.js';
import { invalidModel } from '../core/errors.js';
import type { ClassLabel, DecisionTree, TreeFeature, TreeNode } from './types.js';

/** The envelope version this release writes and reads. */
export const TREE_VERSION = 1 as const;
/** The kind string of 0.1 trees (same structure, read as version 1). */
const LEGACY_KIND = 'crm-analytics/churn/tree';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isFiniteNonNeg = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function checkFinite(v: unknown, path: CrmErrorPath, nonNegative: boolean): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || (nonNegative && v < 0)) invalidModel(path, 'not a valid saved tree: a number is not finite', nonNegative ? 'a finite number ≥ 0' : 'a finite number', v);
}

function checkClassVector(v: unknown, k: number, path: CrmErrorPath): number {
  if (!Array.isArray(v) || v.length !== k) invalidModel(path, 'not a valid saved tree: wrong class vector', `an array of ${k} numbers (one per class)`, v);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    checkFinite(v[c], [...path, c], true);
    sum += v[c]!;
  }
  if (!Number.isFinite(sum)) invalidModel(path, 'not a valid saved tree: class values overflow', 'values whose sum is finite', sum);
  return sum;
}

function checkOptions(v: unknown, path: CrmErrorPath): void {
  if (!isObject(v)) invalidModel(path, 'not a valid saved tree: the fit options are missing', 'the options object written by fitTree', v);
  if (v.criterion !== 'gini' && v.criterion !== 'entropy') invalidModel([...path, 'criterion'], 'not a valid saved tree: unknown criterion', "'gini' or 'entropy'", v.criterion);
  if (v.missing !== 'learn' && v.missing !== 'error') invalidModel([...path, 'missing'], 'not a valid saved tree: unknown missing-value policy', "'learn' or 'error'", v.missing);
  if (!(v.maxDepth === null || (isInt(v.maxDepth) && v.maxDepth >= 1))) invalidModel([...path, 'maxDepth'], 'not a valid saved tree: invalid maxDepth', 'null or an integer ≥ 1', v.maxDepth);
  for (const key of ['minSamplesSplit', 'minSamplesLeaf'] as const) if (!isInt(v[key]) || (v[key]!) < 1) invalidModel([...path, key], `not a valid saved tree: invalid ${key}`, 'an integer ≥ 1', v[key]);
  for (const key of ['minImpurityDecrease', 'ccpAlpha'] as const) checkFinite(v[key], [...path, key], true);
  if (typeof v.weighted !== 'boolean') invalidModel([...path, 'weighted'], 'not a valid saved tree: invalid weighted flag', 'a boolean', v.weighted);
}

function checkFeature(v: unknown, path: CrmErrorPath): void {
  if (!isObject(v) || typeof v.name !== 'string') invalidModel(path, 'not a valid saved tree: invalid feature', '{ name, type }', v);
  if (v.type === 'numeric') return;
  if (v.type !== 'categorical') invalidModel([...path, 'type'], 'not a valid saved tree: unknown feature type', "'numeric' or 'categorical'", v.type);
  if (!Array.isArray(v.levels) || !v.levels.every((l) => typeof l === 'string')) invalidModel([...path, 'levels'], 'not a valid saved tree: invalid levels', 'an array of strings', v.levels);
}

function isLabel(v: unknown): v is ClassLabel {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

function checkSplit(split: unknown, features: readonly TreeFeature[], path: CrmErrorPath): void {
  if (!isObject(split)) invalidModel(path, 'not a valid saved tree: invalid split', 'null (leaf) or a split object', split);
  const f = split.feature;
  if (!isInt(f) || f < 0 || f >= features.length) invalidModel([...path, 'feature'], 'not a valid saved tree: split feature out of range', `an integer in [0, ${features.length})`, f);
  const feature = features[f] as TreeFeature;
  if (split.featureName !== feature.name) invalidModel([...path, 'featureName'], 'not a valid saved tree: split names another feature', JSON.stringify(feature.name), split.featureName);
  if (split.type !== feature.type) invalidModel([...path, 'type'], 'not a valid saved tree: split type differs from the feature type', `'${feature.type}'`, split.type);
  if (typeof split.missingGoesLeft !== 'boolean') invalidModel([...path, 'missingGoesLeft'], 'not a valid saved tree: invalid missing side', 'a boolean', split.missingGoesLeft);
  if (!isInt(split.nMissing) || split.nMissing < 0) invalidModel([...path, 'nMissing'], 'not a valid saved tree: invalid nMissing', 'an integer ≥ 0', split.nMissing);
  if (split.type === 'numeric') {
    if (split.threshold !== null) checkFinite(split.threshold, [...path, 'threshold'], false);
    return;
  }
  for (const side of ['left', 'right'] as const) {
    const levels = split[side];
    if (!Array.isArray(levels) || !levels.every((l) => typeof l === 'string')) invalidModel([...path, side], 'not a valid saved tree: invalid level list', 'an array of strings', levels);
  }
  if (typeof split.unseenGoesLeft !== 'boolean') invalidModel([...path, 'unseenGoesLeft'], 'not a valid saved tree: invalid unseen side', 'a boolean', split.unseenGoesLeft);
}

/**
 * Check that `value` is a tree this release can use: a `'tree'` envelope of a version it reads, with a sound
 * structure (see the file header). Throws `INVALID_MODEL` otherwise. O(nodes + features).
 */
export function checkTree(value: unknown, path: CrmErrorPath = ['tree']): asserts value is DecisionTree {
  if (isObject(value) && value.kind === LEGACY_KIND && value.version === 1) {
    // 0.1 trees: same structure under the old kind string.
  } else checkEnvelope(value, 'tree', TREE_VERSION, path);
  const t = value as Record<string, unknown>;
  if (typeof t.target !== 'string') invalidModel([...path, 'target'], 'not a valid saved tree: no target name', 'a string', t.target);
  const classes = t.classes;
  if (!Array.isArray(classes) || classes.length < 2 || !classes.every(isLabel)) invalidModel([...path, 'classes'], 'not a valid saved tree: invalid classes', 'an array of at least two class labels', classes);
  const k = classes.length;
  if (!Array.isArray(t.features)) invalidModel([...path, 'features'], 'not a valid saved tree: no feature list', 'an array of { name, type }', t.features);
  const features = t.features as TreeFeature[];
  features.forEach((f, j) => checkFeature(f, [...path, 'features', j]));
  checkOptions(t.options, [...path, 'options']);
  const nodes = t.nodes;
  if (!Array.isArray(nodes) || nodes.length === 0) invalidModel([...path, 'nodes'], 'not a valid saved tree: no nodes', 'a non-empty array of nodes', nodes);
  const m = nodes.length;
  for (let i = 0; i < m; i++) {
    const np: CrmErrorPath = [...path, 'nodes', i];
    const node = nodes[i] as unknown;
    if (!isObject(node)) invalidModel(np, 'not a valid saved tree: invalid node', 'a node object', node);
    if (node.id !== i) invalidModel([...np, 'id'], 'not a valid saved tree: node ids must equal their position', String(i), node.id);
    if (!isInt(node.depth) || node.depth < 0) invalidModel([...np, 'depth'], 'not a valid saved tree: invalid depth', 'an integer ≥ 0', node.depth);
    if (!isInt(node.nSamples) || node.nSamples < 0) invalidModel([...np, 'nSamples'], 'not a valid saved tree: invalid nSamples', 'an integer ≥ 0', node.nSamples);
    checkFinite(node.weightedNSamples, [...np, 'weightedNSamples'], true);
    checkFinite(node.impurity, [...np, 'impurity'], true);
    checkFinite(node.improvement, [...np, 'improvement'], false);
    const nCounted = checkClassVector(node.counts, k, [...np, 'counts']);
    const wCounted = checkClassVector(node.value, k, [...np, 'value']);
    if (nCounted === 0 && wCounted === 0) invalidModel([...np, 'counts'], 'not a valid saved tree: a node without samples', 'at least one positive count', node.counts);
    const parent = node.parent;
    if (i === 0 ? parent !== -1 : !isInt(parent) || parent < 0 || parent >= i) {
      invalidModel([...np, 'parent'], `not a valid saved tree: ${i === 0 ? 'the root has a parent' : 'a parent must come before its child'}`, i === 0 ? '-1' : `an integer in [0, ${i})`, parent);
    }
    if (node.split === null) {
      if (node.left !== -1 || node.right !== -1) invalidModel([...np, 'left'], 'not a valid saved tree: a leaf has children', 'left = right = -1 for a leaf', [node.left, node.right]);
      continue;
    }
    checkSplit(node.split, features, [...np, 'split']);
    for (const side of ['left', 'right'] as const) {
      const c = node[side];
      // Children strictly after the parent: routing then always moves forward and ends (no self or back edges).
      if (!isInt(c) || c <= i || c >= m) invalidModel([...np, side], 'not a valid saved tree: a child must come after its parent and exist', `an integer in (${i}, ${m})`, c);
      const child = nodes[c] as unknown;
      if (!isObject(child) || child.parent !== i) invalidModel([...path, 'nodes', c, 'parent'], 'not a valid saved tree: a child does not name its parent', String(i), isObject(child) ? child.parent : child);
    }
    if (node.left === node.right) invalidModel([...np, 'right'], 'not a valid saved tree: both children are the same node', 'two different nodes', node.right);
  }
  if (!isFiniteNonNeg(t.nLeaves) || !isFiniteNonNeg(t.depth)) invalidModel([...path, 'nLeaves'], 'not a valid saved tree: invalid leaf count or depth', 'integers ≥ 0', [t.nLeaves, t.depth]);
}

/** The tree's class index of `positive` (matched as given, then by its `String()` form), or an `INVALID_OPTION`. */
export function classIndex(tree: DecisionTree, positive: unknown, path: CrmErrorPath): number {
  let c = tree.classes.indexOf(positive as ClassLabel);
  if (c < 0 && typeof positive === 'string') c = tree.classes.findIndex((l) => String(l) === positive);
  if (c < 0) {
    invalidOption(path, 'not a class of this tree', `one of ${tree.classes.map((l) => JSON.stringify(l)).join(', ')}`, positive);
  }
  return c;
}

/**
 * Read a saved tree: a JSON string or an already parsed object. Checks `kind: 'tree'`, the version (a tree saved
 * by a newer release is refused, not misread) and the structure, and returns the tree (0.1 trees, saved under
 * the kind `'crm-analytics/churn/tree'`, are read and returned with the new kind).
 *
 * @example
 * ```ts
 * import { fitTree, loadTree, predictProba } from 'crm-analytics/churn';
 * const rows = [
 *   { tenure: 1, churn: 'yes' },
 *   { tenure: 2, churn: 'yes' },
 *   { tenure: 30, churn: 'no' },
 *   { tenure: 40, churn: 'no' },
 * ];
 * const saved = JSON.stringify(fitTree(rows, { target: 'churn' }));
 * const tree = loadTree(saved);
 * predictProba(tree, [{ tenure: 3 }], { positive: 'yes' }); // [1]
 * loadTree({ ...tree, version: 99 }); // throws INVALID_MODEL: saved by a newer crm-analytics
 * ```
 */
export function loadTree(saved: unknown): DecisionTree {
  let value = saved;
  if (typeof saved === 'string') {
    try {
      value = JSON.parse(saved) as unknown;
    } catch (e) {
      invalidModel(['tree'], `not a valid saved tree: the JSON does not parse (${(e as Error).message.slice(0, 80)})`, 'the JSON text of a fitted tree');
    }
  }
  checkTree(value, ['tree']);
  const tree = value as DecisionTree;
  if ((tree as { kind: string }).kind === LEGACY_KIND) {
    const n = (tree.nodes[0] as TreeNode).nSamples;
    return { ...tree, kind: 'tree', fittedOn: { n, features: tree.features.length, weightedN: (tree.nodes[0] as TreeNode).weightedNSamples } };
  }
  return tree;
}
