/**
 * Association rules from frequent itemsets (Agrawal & Srikant 1994, "Fast algorithms for
 * mining association rules", §3): every frequent X and split X = A ∪ C gives A ⇒ C with
 * confidence count(X)/count(A). `consequentSize: 1` splits off one item at a time (arules /
 * Borgelt apriori); `'any'` uses every non-empty proper subset as consequent (mlxtend).
 */
import { budgetExceeded, CrmError, readBudget, readNumber, readOneOf, readOptions, readProbability, invalidInput, invalidOption } from '../core/index.js';
import { isEncodedBaskets, type ItemLabel } from './encode.js';
import {
  checkMaxLength,
  checkMinSupport,
  DEFAULT_MAX_ITEMSETS,
  DEFAULT_MAX_OUTPUT_ITEMS,
  minCountFor,
  mineFlat,
  readItemList,
  toEncoded,
  type BasketsInput,
  type Itemset,
} from './itemsets.js';
import { ItemsetIndex, type FlatItemsets } from './itemset-index.js';
import { measuresOf, type RuleMeasures } from './measures.js';

/**
 * Default `maxRules` (500,000). A rule object with its 18 measures costs about 380 bytes at five
 * items (measured, docs/basket.md), so the default stops rule generation near 200 MB.
 *
 * @example
 * ```ts
 * associationRules(baskets, { minSupport: 0.001, maxRules: DEFAULT_MAX_RULES * 2 });
 * ```
 */
export const DEFAULT_MAX_RULES = 500_000;

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
  target?: { antecedent?: readonly ItemLabel[]; consequent?: readonly ItemLabel[] };
  /** Miner for basket input. Default `'fpgrowth'`. */
  algorithm?: 'fpgrowth' | 'eclat';
  /** Budget passed to the miner (default {@link DEFAULT_MAX_ITEMSETS}). */
  maxItemsets?: number;
  /** Budget on Σ|X| passed to the miner (default {@link DEFAULT_MAX_OUTPUT_ITEMS}). */
  maxOutputItems?: number;
  /**
   * Budget on the rules returned (default {@link DEFAULT_MAX_RULES}); checked before each rule
   * is allocated; past it, `TOO_MANY_RULES` with path `['options', 'maxRules']`. `Infinity` lifts it.
   */
  maxRules?: number;
}

const RULE_KEYS = ['minSupport', 'minConfidence', 'minLift', 'consequentSize', 'maxLength', 'target', 'algorithm', 'maxItemsets', 'maxOutputItems', 'maxRules'] as const;

function isItemsetArray(input: unknown): input is readonly Itemset[] {
  if (!Array.isArray(input) || input.length === 0) return false;
  const first = input[0] as unknown;
  return typeof first === 'object' && first !== null && !Array.isArray(first) && 'items' in first && 'count' in first;
}

/** Flatten user-given itemsets (e.g. `frequentItemsets` output) and infer N from count/support. */
function flatFromItemsets(itemsets: readonly Itemset[]): FlatItemsets {
  const dict = new Map<string, number>();
  let n = -1;
  itemsets.forEach((s, i) => {
    if (typeof s !== 'object' || s === null || !Array.isArray(s.items)) {
      invalidInput([i], 'an itemset must be { items, count, support }', 'an itemset object', s);
    }
    if (typeof s.count !== 'number' || !Number.isInteger(s.count) || s.count < 1) {
      invalidInput([i, 'count'], 'count must be a positive whole number', 'an integer >= 1', s.count);
    }
    if (typeof s.support !== 'number' || !(s.support > 0 && s.support <= 1)) {
      invalidInput([i, 'support'], 'support must be a fraction', 'a number in (0, 1]', s.support);
    }
    const ni = Math.round(s.count / s.support);
    if (n === -1) n = ni;
    else if (ni !== n) {
      invalidInput([i, 'support'], `count/support implies N = ${ni}, but earlier itemsets imply N = ${n}`, 'itemsets mined from one set of baskets', s.support);
    }
    s.items.forEach((it, j) => {
      if (typeof it !== 'string') invalidInput([i, 'items', j], 'an item must be a string', 'a string', it);
      if (!dict.has(it)) dict.set(it, dict.size);
    });
  });
  const labels = [...dict.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  labels.forEach((l, k) => dict.set(l, k));
  const size = itemsets.length;
  const offsets = new Int32Array(size + 1);
  for (let i = 0; i < size; i++) offsets[i + 1] = (offsets[i]!) + new Set((itemsets[i] as Itemset).items).size;
  const codes = new Int32Array(offsets[size]!);
  const counts = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const s = itemsets[i] as Itemset;
    const cs = [...new Set(s.items)].map((it) => dict.get(it) as number).sort((a, b) => a - b);
    codes.set(cs, offsets[i]!);
    counts[i] = s.count;
  }
  return { n, labels, size, offsets, codes, counts };
}

function missingSubset(i: number): never {
  invalidInput([i], 'a subset of this itemset is missing: rules need every subset of a frequent itemset (pass frequentItemsets output with kind "all")', 'a downward-closed collection of itemsets');
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
  const opts = readOptions(options, RULE_KEYS);
  const fromItemsets = isItemsetArray(input) && !isEncodedBaskets(input);
  const minSupport = checkMinSupport(opts.minSupport, !fromItemsets);
  const minConfidence = readProbability(opts.minConfidence, ['options', 'minConfidence'], 0.8);
  const minLift = opts.minLift === undefined ? undefined : readNumber(opts.minLift, ['options', 'minLift'], { min: 0 });
  const consequentSize = opts.consequentSize ?? 1;
  if (consequentSize !== 1 && consequentSize !== 'any') {
    invalidOption(['options', 'consequentSize'], 'consequentSize is 1 (single-item consequents) or "any"', "1 or 'any'", consequentSize);
  }
  const maxLength = checkMaxLength(opts.maxLength);
  let anteAllowed: Set<string> | undefined;
  let consAllowed: Set<string> | undefined;
  if (opts.target !== undefined) {
    const t = readOptions(opts.target, ['antecedent', 'consequent'], ['options', 'target']);
    if (t.antecedent !== undefined) anteAllowed = new Set(readItemList(t.antecedent, ['options', 'target', 'antecedent']));
    if (t.consequent !== undefined) consAllowed = new Set(readItemList(t.consequent, ['options', 'target', 'consequent']));
  }
  const algorithm = readOneOf(opts.algorithm, ['options', 'algorithm'], ['fpgrowth', 'eclat'] as const, 'fpgrowth');
  const maxItemsets = readBudget(opts.maxItemsets, ['options', 'maxItemsets'], DEFAULT_MAX_ITEMSETS);
  const maxOutputItems = readBudget(opts.maxOutputItems, ['options', 'maxOutputItems'], DEFAULT_MAX_OUTPUT_ITEMS);
  const maxRules = readBudget(opts.maxRules, ['options', 'maxRules'], DEFAULT_MAX_RULES);

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
    flat = mineFlat(enc, { minSupport, minCount: undefined, maxLength, algorithm, kind: 'all', maxItemsets, maxOutputItems }, keep);
  }
  return rulesFromFlat(flat, { minSupport, minConfidence, minLift, consequentSize, maxLength, anteAllowed, consAllowed, maxRules });
}

/** Validated rule-generation options (internal). */
export interface RuleGen {
  minSupport: number | undefined;
  minConfidence: number;
  minLift: number | undefined;
  consequentSize: 1 | 'any';
  maxLength: number;
  anteAllowed: Set<string> | undefined;
  consAllowed: Set<string> | undefined;
  maxRules: number;
}

/**
 * Rules of a downward-closed collection (internal). Rules are appended to `rules`, each one right
 * after it is allocated and only after the `maxRules` check, so `rules.length` is the number of
 * rule objects ever made (the hardening tests pass their own array to check that).
 */
export function rulesFromFlat(flat: FlatItemsets, g: RuleGen, rules: Rule[] = []): Rule[] {
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
    if ((offsets[i + 1]!) - (offsets[i]!) === 1) single[codes[offsets[i]!] as number] = counts[i]!;
  }
  let longest = 0;
  for (let i = 0; i < flat.size; i++) longest = Math.max(longest, (offsets[i + 1]!) - (offsets[i]!));
  const bufA = new Int32Array(longest);
  const bufC = new Int32Array(longest);
  const maxRules = g.maxRules;
  // The sort's item tie-break, as code tokens (see sortRules): rule r's are tokens[tokenEnd[r] .. tokenEnd[r + 1]).
  const first = rules.length;
  const tokens: number[] = [];
  const tokenEnd: number[] = [0];
  /** Keep the rule if it passes the filters; the budget is checked before the rule is allocated. */
  const push = (aCodes: ArrayLike<number>, aLen: number, cCodes: ArrayLike<number>, cLen: number, n11: number, n1x: number, nx1: number): void => {
    const m = measuresOf(n11, n1x, nx1, n);
    if (m.confidence < g.minConfidence) return;
    if (g.minLift !== undefined && m.lift < g.minLift) return;
    if (rules.length >= maxRules) throw budgetExceeded({ code: 'TOO_MANY_RULES', option: ['options', 'maxRules'], limit: maxRules, what: 'rules' });
    const antecedent = new Array<string>(aLen);
    for (let k = 0; k < aLen; k++) antecedent[k] = labels[aCodes[k]!] as string;
    const consequent = new Array<string>(cLen);
    for (let k = 0; k < cLen; k++) consequent[k] = labels[cCodes[k]!] as string;
    for (let k = 0; k < aLen; k++) tokens.push((aCodes[k]!) * 3 + (k === aLen - 1 ? 2 : 1));
    for (let k = 0; k < cLen; k++) tokens.push((cCodes[k]!) * 3 + (k === cLen - 1 ? 0 : 1));
    tokenEnd.push(tokens.length);
    // One literal with every field (not `{ antecedent, consequent, ...m }`: a spread after other
    // properties copies key by key through the runtime, ~4× the cost of this allocation).
    rules.push({
      antecedent,
      consequent,
      support: m.support,
      confidence: m.confidence,
      lift: m.lift,
      coverage: m.coverage,
      consequentSupport: m.consequentSupport,
      count: m.count,
      leverage: m.leverage,
      conviction: m.conviction,
      zhangsMetric: m.zhangsMetric,
      jaccard: m.jaccard,
      certainty: m.certainty,
      kulczynski: m.kulczynski,
      cosine: m.cosine,
      addedValue: m.addedValue,
      imbalance: m.imbalance,
      oddsRatio: m.oddsRatio,
      phi: m.phi,
      maxConfidence: m.maxConfidence,
    });
  };
  // consequentSize 'any': consequents grow level by level from confident ones only (Agrawal &
  // Srikant 1994, ap-genrules): moving items from A to C can only raise count(A), so if
  // A ⇒ C fails minConfidence, every rule with a larger consequent from the same itemset fails
  // too. The candidates tested are then at most |X| per confident rule (plus |X| per itemset),
  // which keeps the work proportional to the output that maxRules bounds.
  let level: number[] = [];
  let next: number[] = [];
  const passed = new Set<number>();
  for (let i = 0; i < flat.size; i++) {
    const s = offsets[i]!;
    const e = offsets[i + 1]!;
    const len = e - s;
    const n11 = counts[i]!;
    if (len < 2 || len > g.maxLength || n11 < minCount) continue;
    if (g.consequentSize === 1) {
      for (let k = s; k < e; k++) {
        const c = codes[k]!;
        if (consOk[c] === 0) continue;
        let ok = true;
        let a = 0;
        for (let j = s; j < e; j++) {
          if (j === k) continue;
          if (anteOk[codes[j]!] === 0) {
            ok = false;
            break;
          }
          bufA[a++] = codes[j]!;
        }
        if (!ok) continue;
        const ai = index.find(codes, s, e, k);
        if (ai < 0 || (single[c]!) < 0) missingSubset(i);
        const n1x = counts[ai]!;
        // confidence bound first: count(A) ≤ n11 / minConfidence is needed
        if (n11 < g.minConfidence * n1x * (1 - 1e-12)) continue;
        bufC[0] = c;
        push(bufA, a, bufC, 1, n11, n1x, single[c]!);
      }
      continue;
    }
    if (len > 30) invalidInput([i], "an itemset longer than 30 items cannot be split into all its rules with consequentSize 'any'; set maxLength");
    const full = (1 << len) - 1;
    // Appearance constraints fix part of the split: a position whose item may not be in the
    // antecedent must be in the consequent (`base`), one whose item may not be in the consequent
    // must stay in the antecedent. Consequents are `base` plus free positions, so every
    // candidate tested satisfies both constraints.
    let base = 0;
    let free = 0;
    let possible = true;
    for (let j = 0; j < len; j++) {
      const code = codes[s + j]!;
      if (anteOk[code] === 0) {
        if (consOk[code] === 0) possible = false;
        base |= 1 << j;
      } else if (consOk[code] === 1) free |= 1 << j;
    }
    if (!possible || base === full) continue;
    level.length = 0;
    if (base !== 0) level.push(base);
    else for (let j = 0; j < len; j++) if (free & (1 << j)) level.push(1 << j);
    while (level.length > 0) {
      next.length = 0;
      passed.clear();
      for (const mask of level) {
        let a = 0;
        let cl = 0;
        for (let j = 0; j < len; j++) {
          const code = codes[s + j]!;
          if (mask & (1 << j)) bufC[cl++] = code;
          else bufA[a++] = code;
        }
        const ai = index.find(bufA, 0, a, -1);
        if (ai < 0) missingSubset(i);
        const n1x = counts[ai]!;
        // anti-monotone in the consequent: a failing rule stops the growth of its consequent
        if (n11 < g.minConfidence * n1x * (1 - 1e-12)) continue;
        passed.add(mask);
        const ci = index.find(bufC, 0, cl, -1);
        if (ci < 0) missingSubset(i);
        push(bufA, a, bufC, cl, n11, n1x, counts[ci]!);
      }
      // next level: add one free position above the highest free one in the mask, keeping only
      // masks all of whose one-smaller subsets (above base) passed (apriori-gen on consequents)
      for (const mask of passed) {
        const grown = mask & free;
        const high = grown === 0 ? -1 : 31 - Math.clz32(grown);
        for (let j = high + 1; j < len; j++) {
          if ((free & (1 << j)) === 0) continue;
          const cand = mask | (1 << j);
          if (cand === full) continue;
          let all = true;
          for (let b = 0; b < j && all; b++) if (grown & (1 << b) && !passed.has(cand & ~(1 << b))) all = false;
          if (all) next.push(cand);
        }
      }
      const t = level;
      level = next;
      next = t;
    }
  }
  if (first === 0) sortRules(rules, labels, tokens, tokenEnd);
  else sortRules(rules);
  return rules;
}

/**
 * Sort by lift, confidence, count (descending), then by the items: the order of the strings
 * `a1\0a2\u0001c1` (antecedent items joined by U+0000, U+0001, consequent items joined by U+0000),
 * in place. The numbers are compared from typed arrays through an index sort. Ties (frequent:
 * many rules share their counts) compare code tokens when `tokens` are given: token = code·3 + the
 * separator after the item (end of key 0, U+0000 1, U+0001 2). Because the labels are sorted in
 * code-unit order (code order is label order) and no label holds U+0000 or U+0001 (the only code
 * units below U+0002), comparing tokens gives exactly the string order: two different labels
 * compare as strings (a label that is a prefix of another is followed by a separator, which is
 * below every code unit of the longer label), and equal labels compare by the separator after them.
 * Otherwise the strings are built, for tied rules only.
 */
function sortRules(rules: Rule[], labels?: readonly string[], tokens?: readonly number[], tokenEnd?: readonly number[]): void {
  const m = rules.length;
  const lift = new Float64Array(m);
  const confidence = new Float64Array(m);
  const count = new Float64Array(m);
  const order: number[] = new Array(m);
  for (let i = 0; i < m; i++) {
    const r = rules[i] as Rule;
    lift[i] = r.lift;
    confidence[i] = r.confidence;
    count[i] = r.count;
    order[i] = i;
  }
  const byNumbers = (x: number, y: number): number => {
    const lx = lift[x]!;
    const ly = lift[y]!;
    if (lx !== ly) return ly - lx;
    const cx = confidence[x]!;
    const cy = confidence[y]!;
    if (cx !== cy) return cy - cx;
    return (count[y]!) - (count[x]!);
  };
  if (tokens !== undefined && tokenEnd !== undefined && labels !== undefined && tokenEnd.length === m + 1 && tokensMatchStrings(labels)) {
    order.sort((x, y) => {
      const d = byNumbers(x, y);
      if (d !== 0) return d;
      let p = tokenEnd[x]!;
      let q = tokenEnd[y]!;
      const pe = tokenEnd[x + 1]!;
      const qe = tokenEnd[y + 1]!;
      for (; p < pe && q < qe; p++, q++) {
        const a = tokens[p]!;
        const b = tokens[q]!;
        if (a !== b) return a - b;
      }
      return pe - p - (qe - q);
    });
  } else {
    const keys: Array<string | undefined> = new Array(m);
    const keyOf = (i: number): string => {
      let k = keys[i];
      if (k === undefined) {
        const r = rules[i] as Rule;
        k = keys[i] = `${r.antecedent.join('\u0000')}\u0001${r.consequent.join('\u0000')}`;
      }
      return k;
    };
    order.sort((x, y) => {
      const d = byNumbers(x, y);
      if (d !== 0) return d;
      const kx = keyOf(x);
      const ky = keyOf(y);
      return kx < ky ? -1 : kx > ky ? 1 : 0;
    });
  }
  const sorted = order.map((i) => rules[i] as Rule);
  for (let i = 0; i < m; i++) rules[i] = sorted[i] as Rule;
}

/** Labels strictly ascending in code-unit order and free of U+0000 / U+0001 (see sortRules). */
function tokensMatchStrings(labels: readonly string[]): boolean {
  for (let c = 0; c < labels.length; c++) {
    const l = labels[c] as string;
    if (c > 0 && !((labels[c - 1] as string) < l)) return false;
    for (let k = 0; k < l.length; k++) if (l.charCodeAt(k) < 2) return false;
  }
  return true;
}
