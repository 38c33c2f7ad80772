/**
 * `frequentItemsets`: the public front of the two miners (FP-growth, Eclat) with the
 * closed/maximal filters. Support threshold: an itemset is frequent when
 * `count >= ceil(minSupport · N)` (arules/Borgelt and mlxtend's `math.ceil(min_support * N)`).
 */
import { CrmError, readBudget, readInteger, readNumber, readOneOf, readOptions, toId, invalidOption } from '../core/index.js';
import type { CrmErrorPath } from '../core/index.js';
import { checkEncodedBaskets, encodeBaskets, isEncodedBaskets, type EncodedBaskets, type ItemLabel } from './encode.js';
import { recodeByFrequency } from './recode.js';
import { ItemsetStore } from './itemset-store.js';
import { fpGrowth } from './fp-growth.js';
import { eclat } from './eclat.js';
import { flattenStore, ItemsetIndex, markClosedOrMaximal, markGenerators, type FlatItemsets } from './itemset-index.js';
import { radixSortByKey, radixSortSequences } from './radix.js';

/** One frequent itemset. `items` are sorted; `support = count / N`. */
export interface Itemset {
  items: string[];
  count: number;
  support: number;
}

/** Which itemsets {@link frequentItemsets} returns. */
export type ItemsetKind = 'all' | 'closed' | 'maximal' | 'generators';

/** Options of {@link frequentItemsets}. */
export interface ItemsetOptions {
  /** Minimum support as a fraction in (0, 1]; frequent means `count >= ceil(minSupport · N)`. */
  minSupport?: number;
  /** Minimum absolute count (integer ≥ 1). With `minSupport` too, the larger threshold wins. */
  minCount?: number;
  /** Largest itemset size (integer ≥ 1). Default: unlimited (arules silently caps at 10). */
  maxLength?: number;
  /** `'fpgrowth'` (default) or `'eclat'`; both return the same itemsets. */
  algorithm?: 'fpgrowth' | 'eclat';
  /**
   * `'all'` (default), `'closed'` (no superset with the same count), `'maximal'` (no frequent
   * superset) or `'generators'` (no proper subset with the same count, the empty set included:
   * Borgelt's "generators", a.k.a. free or key itemsets).
   */
  kind?: ItemsetKind;
  /** Every itemset must contain all of these items (mined on the baskets that hold them). */
  include?: readonly ItemLabel[];
  /** No itemset may contain any of these items (they never enter the search). */
  exclude?: readonly ItemLabel[];
  /** Only these items may appear (the others never enter the search). */
  itemsOnly?: readonly ItemLabel[];
  /**
   * Budget on the number of frequent itemsets mined (default {@link DEFAULT_MAX_ITEMSETS});
   * past it, `TOO_MANY_ITEMSETS` with path `['options', 'maxItemsets']`. `Infinity` lifts it.
   */
  maxItemsets?: number;
  /**
   * Budget on Σ|X|, the items of all mined itemsets together (default
   * {@link DEFAULT_MAX_OUTPUT_ITEMS}); past it, `TOO_MANY_ITEMSETS` with path
   * `['options', 'maxOutputItems']`. `Infinity` lifts it.
   */
  maxOutputItems?: number;
}

/** Baskets accepted by the miners: arrays (iterables) of item labels, or {@link encodeBaskets} output. */
export type BasketsInput = Iterable<Iterable<ItemLabel>> | EncodedBaskets;

/**
 * Default `maxItemsets` (1,000,000). Together with {@link DEFAULT_MAX_OUTPUT_ITEMS} it bounds
 * what a run can cost: the miner stores 16 bytes per itemset (16 MB), flattening adds 8 bytes
 * per itemset and 4 per item (48 MB), and the returned objects about 100 bytes per itemset and
 * 8 per item (≈ 185 MB; measured 193 MB for 1,048,575 itemsets of 10.5 M items, peak RSS
 * 331 MB, see docs/basket.md) before the miner stops with `TOO_MANY_ITEMSETS`.
 *
 * @example
 * ```ts
 * frequentItemsets(baskets, { minSupport: 0.001, maxItemsets: DEFAULT_MAX_ITEMSETS * 2 });
 * ```
 */
export const DEFAULT_MAX_ITEMSETS = 1_000_000;

/**
 * Default `maxOutputItems` (10,000,000): the items of all mined itemsets together (Σ|X|). A
 * downward-closed collection of N itemsets can hold N·log2(N) items, so the itemset count alone
 * does not bound memory.
 *
 * @example
 * ```ts
 * frequentItemsets(baskets, { minSupport: 0.001, maxOutputItems: DEFAULT_MAX_OUTPUT_ITEMS * 4 });
 * ```
 */
export const DEFAULT_MAX_OUTPUT_ITEMS = 10_000_000;

const ITEMSET_KEYS = ['minSupport', 'minCount', 'maxLength', 'algorithm', 'kind', 'include', 'exclude', 'itemsOnly', 'maxItemsets', 'maxOutputItems'] as const;

/** Item constraints, as labels (applied while mining). */
export interface ItemConstraints {
  include: readonly string[] | undefined;
  exclude: ReadonlySet<string> | undefined;
  itemsOnly: ReadonlySet<string> | undefined;
}

/** Validated mining options. */
export interface MiningOptions {
  minSupport: number | undefined;
  minCount: number | undefined;
  maxLength: number;
  algorithm: 'fpgrowth' | 'eclat';
  kind: ItemsetKind;
  maxItemsets: number;
  maxOutputItems: number;
  constraints?: ItemConstraints;
}

/** Validate `minSupport ∈ (0, 1]`. */
export function checkMinSupport(value: unknown, required: boolean): number | undefined {
  if (value === undefined && !required) return undefined;
  return readNumber(value, ['options', 'minSupport'], { min: 0, minExclusive: true, max: 1 });
}

/** Validate an optional `maxLength` (integer ≥ 1); undefined means unlimited. */
export function checkMaxLength(value: unknown): number {
  if (value === undefined) return Number.POSITIVE_INFINITY;
  return readInteger(value, ['options', 'maxLength'], { min: 1 });
}

/** Read a list of item labels (strings or finite numbers, as core `toId`). */
export function readItemList(value: unknown, path: CrmErrorPath): string[] {
  if (!Array.isArray(value)) {
    invalidOption(path, 'must be an array of item labels', 'an array of strings', value);
  }
  return value.map((v, i) => {
    const id = toId(v);
    if (id === undefined) invalidOption([...path, i], 'an item label must be a non-empty string or a finite number', 'a string', v);
    return id;
  });
}

/** Read include/exclude/itemsOnly; undefined when none is given. */
export function readConstraints(opts: { include?: unknown; exclude?: unknown; itemsOnly?: unknown }): ItemConstraints | undefined {
  if (opts.include === undefined && opts.exclude === undefined && opts.itemsOnly === undefined) return undefined;
  const include = opts.include === undefined ? undefined : [...new Set(readItemList(opts.include, ['options', 'include']))];
  const exclude = opts.exclude === undefined ? undefined : new Set(readItemList(opts.exclude, ['options', 'exclude']));
  const itemsOnly = opts.itemsOnly === undefined ? undefined : new Set(readItemList(opts.itemsOnly, ['options', 'itemsOnly']));
  return { include, exclude, itemsOnly };
}

/** Parse the itemset-mining options (already read with `readOptions`). */
export function parseMiningOptions(opts: Partial<Record<(typeof ITEMSET_KEYS)[number], unknown>>): MiningOptions {
  const minCount = opts.minCount === undefined ? undefined : readInteger(opts.minCount, ['options', 'minCount'], { min: 1 });
  const minSupport = checkMinSupport(opts.minSupport, minCount === undefined);
  const kind = readOneOf(opts.kind, ['options', 'kind'], ['all', 'closed', 'maximal', 'generators'] as const, 'all');
  const constraints = readConstraints(opts);
  if (kind === 'generators' && constraints?.include !== undefined && constraints.include.length > 0) {
    invalidOption(['options', 'include'], "kind 'generators' cannot be combined with include: a generator is judged against its subsets without the included items, which the constrained search never visits; use exclude/itemsOnly, or filter generators afterwards", 'no include with kind generators');
  }
  const out: MiningOptions = {
    minSupport,
    minCount,
    maxLength: checkMaxLength(opts.maxLength),
    algorithm: readOneOf(opts.algorithm, ['options', 'algorithm'], ['fpgrowth', 'eclat'] as const, 'fpgrowth'),
    kind,
    maxItemsets: readBudget(opts.maxItemsets, ['options', 'maxItemsets'], DEFAULT_MAX_ITEMSETS),
    maxOutputItems: readBudget(opts.maxOutputItems, ['options', 'maxOutputItems'], DEFAULT_MAX_OUTPUT_ITEMS),
  };
  if (constraints !== undefined) out.constraints = constraints;
  return out;
}

/**
 * The absolute threshold `ceil(minSupport · N)`, computed so that a product that is an integer
 * up to floating-point noise (0.07 · 100 = 7.000000000000001) is not rounded up; at least 1.
 */
export function minCountFor(minSupport: number | undefined, minCount: number | undefined, n: number): number {
  let c = 1;
  if (minSupport !== undefined) {
    const x = minSupport * n;
    const r = Math.round(x);
    c = Math.abs(x - r) <= 1e-9 * Math.max(1, x) ? r : Math.ceil(x);
  }
  if (minCount !== undefined) c = Math.max(c, minCount);
  return Math.max(1, c);
}

/** Accept baskets or encoded baskets (the latter checked structurally). */
export function toEncoded(input: unknown): EncodedBaskets {
  if (isEncodedBaskets(input)) return checkEncodedBaskets(input);
  return encodeBaskets(input as Iterable<Iterable<ItemLabel>>);
}

/** The baskets that hold every code of `must`, with those codes removed (the conditional database). */
function conditionalBaskets(enc: EncodedBaskets, must: Int32Array): EncodedBaskets {
  const m = enc.items.length;
  const isMust = new Uint8Array(m);
  for (const c of must) isMust[c] = 1;
  const offsets: number[] = [0];
  const codes: number[] = [];
  const itemCounts = new Int32Array(m);
  for (let t = 0; t < enc.n; t++) {
    const s = enc.offsets[t]!;
    const e = enc.offsets[t + 1]!;
    let found = 0;
    for (let k = s; k < e; k++) if (isMust[enc.codes[k]!] === 1) found++;
    if (found !== must.length) continue;
    for (let k = s; k < e; k++) {
      const c = enc.codes[k]!;
      if (isMust[c] === 1) continue;
      codes.push(c);
      itemCounts[c] = (itemCounts[c]!) + 1;
    }
    offsets.push(codes.length);
  }
  return { kind: 'EncodedBaskets', items: enc.items, n: offsets.length - 1, offsets: Int32Array.from(offsets), codes: Int32Array.from(codes), itemCounts };
}

/** Mined itemsets plus the number of search nodes the miner visited (itemsets it emitted). */
export interface MinedItemsets extends FlatItemsets {
  /** Itemsets the miner emitted (its search nodes), the included itemset itself counted. */
  visited: number;
}

/**
 * Mine into flat itemsets (internal; shared with `associationRules`). `keep` restricts the
 * items that may appear (per dictionary code). Constraints are applied during the search:
 * excluded (or not-only) items never enter it, and `include` mines only the baskets holding the
 * included items, so every emitted itemset satisfies the constraints (`visited` = output size).
 */
export function mineFlat(enc: EncodedBaskets, o: MiningOptions, keep?: Uint8Array): MinedItemsets {
  const minCount = minCountFor(o.minSupport, o.minCount, enc.n);
  const c = o.constraints;
  let mask = keep;
  if (c !== undefined && (c.exclude !== undefined || c.itemsOnly !== undefined)) {
    mask = new Uint8Array(enc.items.length);
    enc.items.forEach((label, code) => {
      const ok = (keep === undefined || keep[code] === 1) && !(c.exclude?.has(label) ?? false) && (c.itemsOnly?.has(label) ?? true);
      mask![code] = ok ? 1 : 0;
    });
  }
  let source = enc;
  let prefix: Int32Array | undefined;
  let maxLength = o.maxLength;
  if (c?.include !== undefined && c.include.length > 0) {
    const codeOf = new Map<string, number>();
    enc.items.forEach((label, code) => codeOf.set(label, code));
    const codes: number[] = [];
    let possible = c.include.length <= o.maxLength;
    for (const label of c.include) {
      const code = codeOf.get(label);
      if (code === undefined || (mask !== undefined && mask[code] !== 1)) possible = false;
      else codes.push(code);
    }
    prefix = Int32Array.from(codes.sort((a, b) => a - b));
    source = possible ? conditionalBaskets(enc, prefix) : { kind: 'EncodedBaskets', items: enc.items, n: 0, offsets: new Int32Array(1), codes: new Int32Array(0), itemCounts: new Int32Array(enc.items.length) };
    if (!possible || source.n < minCount) return { ...emptyFlat(enc), visited: 0 };
    maxLength -= prefix.length;
  }
  const rb = recodeByFrequency(source, minCount, mask);
  const prefixLen = prefix?.length ?? 0;
  const store = new ItemsetStore(o.maxItemsets - (prefix === undefined ? 0 : 1), Math.max(1024, rb.m * 4), o.maxOutputItems - prefixLen);
  if (maxLength >= 1) {
    try {
      if (o.algorithm === 'eclat') eclat(rb, minCount, maxLength, store);
      else fpGrowth(rb, minCount, maxLength, store);
    } catch (e) {
      // Both miners recurse once per item of the itemset being grown; only with the budgets
      // lifted can an itemset get long enough (thousands of items) to exhaust the stack.
      if (!(e instanceof RangeError)) throw e;
      throw new CrmError('TOO_MANY_ITEMSETS', `frequent itemsets too long to mine (the search ran out of stack after ${store.size} itemsets); set maxLength or raise minSupport`, {
        path: ['options', 'maxLength'],
        data: { count: store.size },
      });
    }
  }
  const flat = flattenStore(store, rb.codeOfRank, enc.items, enc.n, prefix, source.n);
  return { ...flat, visited: flat.size };
}

function emptyFlat(enc: EncodedBaskets): FlatItemsets {
  return { n: enc.n, labels: enc.items, size: 0, offsets: new Int32Array(1), codes: new Int32Array(0), counts: new Int32Array(0) };
}

/**
 * Order: count descending, then size ascending, then items (code order = label order).
 * Three stable radix passes (items, size, count), no comparator calls.
 */
export function sortedOrder(flat: FlatItemsets, keep?: Uint8Array): Int32Array {
  const { offsets, codes, counts } = flat;
  let size = 0;
  for (let i = 0; i < flat.size; i++) if (keep === undefined || keep[i] === 1) size++;
  let order: Int32Array = new Int32Array(size);
  let k = 0;
  let maxCount = 0;
  let maxLen = 0;
  for (let i = 0; i < flat.size; i++) {
    if (keep !== undefined && keep[i] !== 1) continue;
    order[k++] = i;
    maxCount = Math.max(maxCount, counts[i]!);
    maxLen = Math.max(maxLen, (offsets[i + 1]!) - (offsets[i]!));
  }
  order = radixSortSequences(order, offsets, codes, flat.labels.length);
  const len = new Int32Array(flat.size);
  const desc = new Int32Array(flat.size);
  for (let i = 0; i < flat.size; i++) {
    len[i] = (offsets[i + 1]!) - (offsets[i]!);
    desc[i] = maxCount - (counts[i]!);
  }
  order = radixSortByKey(order, len, maxLen + 1);
  return radixSortByKey(order, desc, maxCount + 1);
}

/**
 * Frequent itemsets of a set of baskets, with FP-growth (default) or Eclat; optionally only the
 * closed or maximal ones. An itemset is frequent when `count >= ceil(minSupport · N)`, N
 * counting empty baskets too. Sorted by count (desc), size, then items.
 *
 * @throws CrmError `INVALID_OPTION` for a bad option (path `['options', name]`), `INVALID_INPUT`
 *   for bad baskets, `TOO_MANY_ITEMSETS` (with `data.count`) once more than `maxItemsets` are found.
 * @example
 * ```ts
 * import { frequentItemsets } from 'crm-analytics/basket';
 * const sets = frequentItemsets([['beer', 'diapers'], ['beer', 'diapers', 'chips'], ['chips']], { minSupport: 0.5 });
 * // [{ items: ['beer'], count: 2, support: 0.667 }, { items: ['chips'], ... }, { items: ['diapers'], ... },
 * //  { items: ['beer', 'diapers'], count: 2, support: 0.667 }]
 * ```
 */
export function frequentItemsets(baskets: BasketsInput, options: ItemsetOptions): Itemset[] {
  const o = parseMiningOptions(readOptions(options, ITEMSET_KEYS));
  const enc = toEncoded(baskets);
  const flat = mineFlat(enc, o);
  let keep: Uint8Array | undefined;
  if (o.kind === 'generators') keep = markGenerators(flat, new ItemsetIndex(flat));
  else if (o.kind !== 'all') keep = markClosedOrMaximal(flat, new ItemsetIndex(flat), o.kind);
  const order = sortedOrder(flat, keep);
  const { offsets, codes, counts, labels, n } = flat;
  const out: Itemset[] = new Array<Itemset>(order.length);
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const s0 = offsets[i]!;
    const len = (offsets[i + 1]!) - s0;
    // sized up front: a pushed array keeps spare capacity (up to 1.5× its length in V8)
    const items = new Array<string>(len);
    for (let j = 0; j < len; j++) items[j] = labels[codes[s0 + j]!] as string;
    const count = counts[i]!;
    out[k] = { items, count, support: count / n };
  }
  return out;
}
