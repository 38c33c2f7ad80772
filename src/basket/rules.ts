/**
 * Association rules from frequent itemsets (Agrawal & Srikant 1994, "Fast algorithms for
 * mining association rules", §3): every frequent X and split X = A ∪ C gives A ⇒ C with
 * confidence count(X)/count(A). `consequentSize: 1` splits off one item at a time (arules /
 * Borgelt apriori); `'any'` uses every non-empty proper subset as consequent (mlxtend).
 */
import { CrmError, invalidOption } from '../core/index.js';
import { isEncodedBaskets } from './encode.js';
import {
  checkMaxLength,
  checkMinSupport,
  checkOptionKeys,
  DEFAULT_MAX_ITEMSETS,
  minCountFor,
  mineFlat,
  toEncoded,
  type BasketsInput,
  type Itemset,
} from './itemsets.js';
import { ItemsetIndex, type FlatItemsets } from './itemset-index.js';
import { ruleMeasures, type RuleMeasures } from './measures.js';

/** An association rule `antecedent ⇒ consequent` with its interest measures. Item lists are sorted. */
export interface Rule extends RuleMeasures {
  antecedent: string[];
  consequent: string[];
}

/** Options of {@link associationRules}. */
export interface RuleOptions {
  /** Minimum rule support (of A ∪ C), a fraction in (0, 1]. Required for baskets; filters given itemsets. */
  minSupport?: number;
  /** Minimum confidence in [0, 1]. Default 0.8 (arules' and mlxtend's default). */
  minConfidence?: number;
  /** Keep only rules with lift ≥ minLift (≥ 0). Default: no filter. */
  minLift?: number;
  /** `1` (default): single-item consequents, as arules; `'any'`: every split, as mlxtend. */
  consequentSize?: 1 | 'any';
  /** Largest number of items in a rule (antecedent + consequent), integer ≥ 2. Default unlimited. */
  maxLength?: number;
  /**
   * Item appearance constraints (arules' `appearance`): only these items may appear in the
   * antecedent / consequent. Items in neither list are dropped before mining when both are given.
   */
  target?: { antecedent?: readonly string[]; consequent?: readonly string[] };
  /** Miner for basket input. Default `'fpgrowth'`. */
  algorithm?: 'fpgrowth' | 'eclat';
  /** Safety limit passed to the miner (default 5,000,000). */
  maxItemsets?: number;
}

const RULE_KEYS = new Set(['minSupport', 'minConfidence', 'minLift', 'consequentSize', 'maxLength', 'target', 'algorithm', 'maxItemsets']);

function isItemsetArray(input: unknown): input is readonly Itemset[] {
  if (!Array.isArray(input) || input.length === 0) return false;
  const first = input[0] as unknown;
  return typeof first === 'object' && first !== null && !Array.isArray(first) && 'items' in first && 'count' in first;
}

function stringList(value: unknown, path: (string | number)[]): Set<string> {
  if (!Array.isArray(value)) invalidOption(path, 'must be an array of item labels', 'an array of strings', value);
  const out = new Set<string>();
  value.forEach((v, i) => {
    if (typeof v !== 'string') invalidOption([...path, i], 'must be an item label', 'a string', v);
    out.add(v);
  });
  return out;
}

/** Flatten user-given itemsets (e.g. `frequentItemsets` output) and infer N from count/support. */
function flatFromItemsets(itemsets: readonly Itemset[]): FlatItemsets {
  const dict = new Map<string, number>();
  let n = -1;
  itemsets.forEach((s, i) => {
    if (typeof s !== 'object' || s === null || !Array.isArray(s.items)) {
      throw new CrmError('INVALID_INPUT', 'an itemset must be { items, count, support }', { path: [i], expected: 'an itemset object', received: s });
    }
    if (typeof s.count !== 'number' || !Number.isInteger(s.count) || s.count < 1) {
      throw new CrmError('INVALID_INPUT', 'count must be a positive whole number', { path: [i, 'count'], expected: 'an integer >= 1', received: s.count });
    }
    if (typeof s.support !== 'number' || !(s.support > 0 && s.support <= 1)) {
      throw new CrmError('INVALID_INPUT', 'support must be a fraction', { path: [i, 'support'], expected: 'a number in (0, 1]', received: s.support });
    }
    const ni = Math.round(s.count / s.support);
    if (n === -1) n = ni;
    else if (ni !== n) {
      throw new CrmError('INVALID_INPUT', `count/support implies N = ${ni}, but earlier itemsets imply N = ${n}`, {
        path: [i, 'support'],
        expected: 'itemsets mined from one set of baskets',
        received: s.support,
      });
    }
    s.items.forEach((it, j) => {
      if (typeof it !== 'string') throw new CrmError('INVALID_INPUT', 'an item must be a string', { path: [i, 'items', j], expected: 'a string', received: it });
      if (!dict.has(it)) dict.set(it, dict.size);
    });
  });
  const labels = [...dict.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  labels.forEach((l, k) => dict.set(l, k));
  const size = itemsets.length;
  const offsets = new Int32Array(size + 1);
  for (let i = 0; i < size; i++) offsets[i + 1] = (offsets[i] as number) + new Set((itemsets[i] as Itemset).items).size;
  const codes = new Int32Array(offsets[size] as number);
  const counts = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const s = itemsets[i] as Itemset;
    const cs = [...new Set(s.items)].map((it) => dict.get(it) as number).sort((a, b) => a - b);
    codes.set(cs, offsets[i] as number);
    counts[i] = s.count;
  }
  return { n, labels, size, offsets, codes, counts };
}

function missingSubset(i: number): never {
  throw new CrmError('INVALID_INPUT', 'a subset of this itemset is missing: rules need every subset of a frequent itemset (pass frequentItemsets output with kind "all")', {
    path: [i],
    expected: 'a downward-closed collection of itemsets',
  });
}

/**
 * Association rules with 18 interest measures, from baskets (mined with FP-growth) or from
 * `frequentItemsets` output. Sorted by lift, confidence, count (all descending), then items.
 * Rules with an empty antecedent are not generated (arules' `minlen = 2`).
 *
 * @throws CrmError `INVALID_OPTION` (minSupport ∉ (0, 1], minConfidence ∉ [0, 1], maxLength < 1, …),
 *   `INVALID_INPUT` for bad baskets/itemsets, `TOO_MANY_ITEMSETS` from the miner.
 * @example
 * ```ts
 * import { associationRules } from 'crm-analytics/basket';
 * const rules = associationRules(
 *   [['beer', 'diapers'], ['beer', 'diapers', 'chips'], ['chips'], ['diapers']],
 *   { minSupport: 0.5, minConfidence: 0.6 },
 * );
 * // [{ antecedent: ['beer'], consequent: ['diapers'], confidence: 1, lift: 1.333, conviction: Infinity, ... },
 * //  { antecedent: ['diapers'], consequent: ['beer'], confidence: 0.667, lift: 1.333, ... }]
 * ```
 */
export function associationRules(input: BasketsInput | readonly Itemset[], options: RuleOptions = {}): Rule[] {
  const opts = checkOptionKeys(options, RULE_KEYS);
  const fromItemsets = isItemsetArray(input) && !isEncodedBaskets(input);
  const minSupport = checkMinSupport(opts.minSupport, !fromItemsets);
  const minConfidence = opts.minConfidence ?? 0.8;
  if (typeof minConfidence !== 'number' || !(minConfidence >= 0 && minConfidence <= 1)) {
    invalidOption(['options', 'minConfidence'], 'must be a fraction', 'a number in [0, 1]', minConfidence);
  }
  const minLift = opts.minLift;
  if (minLift !== undefined && (typeof minLift !== 'number' || !(minLift >= 0) || !Number.isFinite(minLift))) {
    invalidOption(['options', 'minLift'], 'must be a non-negative number', 'a finite number >= 0', minLift);
  }
  const consequentSize = opts.consequentSize ?? 1;
  if (consequentSize !== 1 && consequentSize !== 'any') {
    invalidOption(['options', 'consequentSize'], 'is not supported', "1 or 'any'", consequentSize);
  }
  const maxLength = checkMaxLength(opts.maxLength);
  let anteAllowed: Set<string> | undefined;
  let consAllowed: Set<string> | undefined;
  if (opts.target !== undefined) {
    const t = opts.target;
    if (typeof t !== 'object' || t === null || Array.isArray(t)) invalidOption(['options', 'target'], 'must be an object', '{ antecedent?, consequent? }', t);
    const tt = t as Record<string, unknown>;
    for (const key of Object.keys(tt)) {
      if (key !== 'antecedent' && key !== 'consequent') invalidOption(['options', 'target', key], 'is not a known key', 'antecedent or consequent', key);
    }
    if (tt.antecedent !== undefined) anteAllowed = stringList(tt.antecedent, ['options', 'target', 'antecedent']);
    if (tt.consequent !== undefined) consAllowed = stringList(tt.consequent, ['options', 'target', 'consequent']);
  }
  const algorithm = opts.algorithm ?? 'fpgrowth';
  if (algorithm !== 'fpgrowth' && algorithm !== 'eclat') invalidOption(['options', 'algorithm'], 'is not a known algorithm', "'fpgrowth' or 'eclat'", algorithm);
  const maxItemsets = opts.maxItemsets ?? DEFAULT_MAX_ITEMSETS;
  if (typeof maxItemsets !== 'number' || !Number.isInteger(maxItemsets) || maxItemsets < 1) {
    invalidOption(['options', 'maxItemsets'], 'must be a positive whole number', 'an integer >= 1', maxItemsets);
  }

  let flat: FlatItemsets;
  if (fromItemsets) {
    flat = flatFromItemsets(input as readonly Itemset[]);
  } else {
    const enc = toEncoded(input);
    let keep: Uint8Array | undefined;
    if (anteAllowed !== undefined && consAllowed !== undefined) {
      keep = new Uint8Array(enc.items.length);
      enc.items.forEach((label, c) => {
        if (anteAllowed.has(label) || consAllowed.has(label)) keep![c] = 1;
      });
    }
    flat = mineFlat(enc, { minSupport, minCount: undefined, maxLength, algorithm, kind: 'all', maxItemsets }, keep);
  }
  return rulesFromFlat(flat, { minSupport, minConfidence, minLift, consequentSize, maxLength, anteAllowed, consAllowed });
}

interface RuleGen {
  minSupport: number | undefined;
  minConfidence: number;
  minLift: number | undefined;
  consequentSize: 1 | 'any';
  maxLength: number;
  anteAllowed: Set<string> | undefined;
  consAllowed: Set<string> | undefined;
}

function rulesFromFlat(flat: FlatItemsets, g: RuleGen): Rule[] {
  const { n, labels, offsets, codes, counts } = flat;
  if (flat.size === 0 || n <= 0) return [];
  const minCount = g.minSupport === undefined ? 1 : minCountFor(g.minSupport, undefined, n);
  const index = new ItemsetIndex(flat);
  const anteOk = new Uint8Array(labels.length).fill(1);
  const consOk = new Uint8Array(labels.length).fill(1);
  if (g.anteAllowed !== undefined) labels.forEach((l, c) => (anteOk[c] = g.anteAllowed!.has(l) ? 1 : 0));
  if (g.consAllowed !== undefined) labels.forEach((l, c) => (consOk[c] = g.consAllowed!.has(l) ? 1 : 0));
  // counts of single items
  const single = new Int32Array(labels.length).fill(-1);
  for (let i = 0; i < flat.size; i++) {
    if ((offsets[i + 1] as number) - (offsets[i] as number) === 1) single[codes[offsets[i] as number] as number] = counts[i] as number;
  }
  const rules: Rule[] = [];
  let longest = 0;
  for (let i = 0; i < flat.size; i++) longest = Math.max(longest, (offsets[i + 1] as number) - (offsets[i] as number));
  const bufA = new Int32Array(longest);
  const bufC = new Int32Array(longest);
  const push = (aCodes: ArrayLike<number>, aLen: number, cCodes: ArrayLike<number>, cLen: number, n11: number, n1x: number, nx1: number): void => {
    const m = ruleMeasures(n11, n1x, nx1, n);
    if (m.confidence < g.minConfidence) return;
    if (g.minLift !== undefined && m.lift < g.minLift) return;
    const antecedent: string[] = [];
    for (let k = 0; k < aLen; k++) antecedent.push(labels[aCodes[k] as number] as string);
    const consequent: string[] = [];
    for (let k = 0; k < cLen; k++) consequent.push(labels[cCodes[k] as number] as string);
    rules.push({ antecedent, consequent, ...m });
  };
  for (let i = 0; i < flat.size; i++) {
    const s = offsets[i] as number;
    const e = offsets[i + 1] as number;
    const len = e - s;
    const n11 = counts[i] as number;
    if (len < 2 || len > g.maxLength || n11 < minCount) continue;
    if (g.consequentSize === 1) {
      for (let k = s; k < e; k++) {
        const c = codes[k] as number;
        if (consOk[c] === 0) continue;
        // confidence bound first: count(A) ≥ n11 / minConfidence is needed
        let ok = true;
        let a = 0;
        for (let j = s; j < e; j++) {
          if (j === k) continue;
          if (anteOk[codes[j] as number] === 0) {
            ok = false;
            break;
          }
          bufA[a++] = codes[j] as number;
        }
        if (!ok) continue;
        const ai = index.find(codes, s, e, k);
        if (ai < 0 || (single[c] as number) < 0) missingSubset(i);
        const n1x = counts[ai] as number;
        if (n11 < g.minConfidence * n1x * (1 - 1e-12)) continue;
        bufC[0] = c;
        push(bufA, a, bufC, 1, n11, n1x, single[c] as number);
      }
    } else {
      if (len > 30) throw new CrmError('INVALID_INPUT', "an itemset longer than 30 items cannot be split into all its rules with consequentSize 'any'; set maxLength", { path: [i] });
      const full = (1 << len) - 1;
      for (let mask = 1; mask < full; mask++) {
        let a = 0;
        let cl = 0;
        let ok = true;
        for (let j = 0; j < len; j++) {
          const code = codes[s + j] as number;
          if (mask & (1 << j)) {
            if (consOk[code] === 0) ok = false;
            bufC[cl++] = code;
          } else {
            if (anteOk[code] === 0) ok = false;
            bufA[a++] = code;
          }
        }
        if (!ok) continue;
        const ai = index.find(bufA, 0, a, -1);
        const ci = index.find(bufC, 0, cl, -1);
        if (ai < 0 || ci < 0) missingSubset(i);
        const n1x = counts[ai] as number;
        if (n11 < g.minConfidence * n1x * (1 - 1e-12)) continue;
        push(bufA, a, bufC, cl, n11, n1x, counts[ci] as number);
      }
    }
  }
  const keyOf = (r: Rule): string => `${r.antecedent.join('\u0000')}\u0001${r.consequent.join('\u0000')}`;
  const keys = new Map<Rule, string>();
  for (const r of rules) keys.set(r, keyOf(r));
  rules.sort((x, y) => {
    if (x.lift !== y.lift) return y.lift - x.lift;
    if (x.confidence !== y.confidence) return y.confidence - x.confidence;
    if (x.count !== y.count) return y.count - x.count;
    const kx = keys.get(x) as string;
    const ky = keys.get(y) as string;
    return kx < ky ? -1 : kx > ky ? 1 : 0;
  });
  return rules;
}
