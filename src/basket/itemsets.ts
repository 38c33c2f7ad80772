/**
 * `frequentItemsets`: the public front of the two miners (FP-growth, Eclat) with the
 * closed/maximal filters. Support threshold: an itemset is frequent when
 * `count >= ceil(minSupport · N)` (arules/Borgelt and mlxtend's `math.ceil(min_support * N)`).
 */
import { invalidOption } from '../core/index.js';
import { encodeBaskets, isEncodedBaskets, type EncodedBaskets } from './encode.js';
import { recodeByFrequency } from './recode.js';
import { ItemsetStore } from './itemset-store.js';
import { fpGrowth } from './fp-growth.js';
import { eclat } from './eclat.js';
import { flattenStore, ItemsetIndex, markClosedOrMaximal, type FlatItemsets } from './itemset-index.js';
import { radixSortByKey, radixSortSequences } from './radix.js';

/** One frequent itemset. `items` are sorted; `support = count / N`. */
export interface Itemset {
  items: string[];
  count: number;
  support: number;
}

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
  /** `'all'` (default), `'closed'` (no superset with the same count) or `'maximal'` (no frequent superset). */
  kind?: 'all' | 'closed' | 'maximal';
  /** Safety limit on the number of frequent itemsets mined (default 5,000,000): past it, `TOO_MANY_ITEMSETS`. */
  maxItemsets?: number;
}

/** Baskets accepted by the miners: arrays (iterables) of item strings, or {@link encodeBaskets} output. */
export type BasketsInput = Iterable<Iterable<string>> | EncodedBaskets;

/**
 * Default `maxItemsets` (5,000,000): at 12 bytes per mined itemset, at most 60 MB before the
 * miner stops with `TOO_MANY_ITEMSETS`.
 *
 * @example
 * ```ts
 * frequentItemsets(baskets, { minSupport: 0.0001, maxItemsets: DEFAULT_MAX_ITEMSETS * 2 });
 * ```
 */
export const DEFAULT_MAX_ITEMSETS = 5_000_000;

const ITEMSET_KEYS = new Set(['minSupport', 'minCount', 'maxLength', 'algorithm', 'kind', 'maxItemsets']);

/** Validated mining options. */
export interface MiningOptions {
  minSupport: number | undefined;
  minCount: number | undefined;
  maxLength: number;
  algorithm: 'fpgrowth' | 'eclat';
  kind: 'all' | 'closed' | 'maximal';
  maxItemsets: number;
}

/** Check that `options` is a plain object and holds only the known keys. */
export function checkOptionKeys(options: unknown, known: ReadonlySet<string>): Record<string, unknown> {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    invalidOption(['options'], 'must be an object', 'an options object', options);
  }
  for (const key of Object.keys(options)) {
    if (!known.has(key)) invalidOption(['options', key], 'is not a known option', [...known].join(', '), key);
  }
  return options as Record<string, unknown>;
}

/** Validate `minSupport ∈ (0, 1]`. */
export function checkMinSupport(value: unknown, required: boolean): number | undefined {
  if (value === undefined) {
    if (required) invalidOption(['options', 'minSupport'], 'is required', 'a number in (0, 1]', value);
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 1) {
    invalidOption(['options', 'minSupport'], 'must be a fraction of baskets', 'a number in (0, 1]', value);
  }
  return value;
}

/** Validate an optional `maxLength` (integer ≥ 1); undefined means unlimited. */
export function checkMaxLength(value: unknown): number {
  if (value === undefined) return Number.POSITIVE_INFINITY;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    invalidOption(['options', 'maxLength'], 'must be a whole number of items', 'an integer >= 1', value);
  }
  return value;
}

/** Parse the itemset-mining options. */
export function parseMiningOptions(opts: Record<string, unknown>): MiningOptions {
  const minCount = opts.minCount;
  if (minCount !== undefined && (typeof minCount !== 'number' || !Number.isInteger(minCount) || minCount < 1)) {
    invalidOption(['options', 'minCount'], 'must be a positive whole count', 'an integer >= 1', minCount);
  }
  const minSupport = checkMinSupport(opts.minSupport, minCount === undefined);
  const algorithm = opts.algorithm ?? 'fpgrowth';
  if (algorithm !== 'fpgrowth' && algorithm !== 'eclat') {
    invalidOption(['options', 'algorithm'], 'is not a known algorithm', "'fpgrowth' or 'eclat'", algorithm);
  }
  const kind = opts.kind ?? 'all';
  if (kind !== 'all' && kind !== 'closed' && kind !== 'maximal') {
    invalidOption(['options', 'kind'], 'is not a known kind', "'all', 'closed' or 'maximal'", kind);
  }
  const maxItemsets = opts.maxItemsets ?? DEFAULT_MAX_ITEMSETS;
  if (typeof maxItemsets !== 'number' || !Number.isInteger(maxItemsets) || maxItemsets < 1) {
    invalidOption(['options', 'maxItemsets'], 'must be a positive whole number', 'an integer >= 1', maxItemsets);
  }
  return {
    minSupport,
    minCount: minCount as number | undefined,
    maxLength: checkMaxLength(opts.maxLength),
    algorithm,
    kind,
    maxItemsets,
  };
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

/** Accept baskets or encoded baskets. */
export function toEncoded(input: unknown): EncodedBaskets {
  if (isEncodedBaskets(input)) return input;
  return encodeBaskets(input as Iterable<Iterable<string>>);
}

/**
 * Mine into flat itemsets (internal; shared with `associationRules`). `keep` restricts the
 * items that may appear (per dictionary code).
 */
export function mineFlat(enc: EncodedBaskets, o: MiningOptions, keep?: Uint8Array): FlatItemsets {
  const minCount = minCountFor(o.minSupport, o.minCount, enc.n);
  const rb = recodeByFrequency(enc, minCount, keep);
  const store = new ItemsetStore(o.maxItemsets, Math.min(o.maxItemsets + 1, Math.max(1024, rb.m * 4)));
  if (o.algorithm === 'eclat') eclat(rb, minCount, o.maxLength, store);
  else fpGrowth(rb, minCount, o.maxLength, store);
  return flattenStore(store, rb.codeOfRank, enc.items, enc.n);
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
    maxCount = Math.max(maxCount, counts[i] as number);
    maxLen = Math.max(maxLen, (offsets[i + 1] as number) - (offsets[i] as number));
  }
  order = radixSortSequences(order, offsets, codes, flat.labels.length);
  const len = new Int32Array(flat.size);
  const desc = new Int32Array(flat.size);
  for (let i = 0; i < flat.size; i++) {
    len[i] = (offsets[i + 1] as number) - (offsets[i] as number);
    desc[i] = maxCount - (counts[i] as number);
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
  const o = parseMiningOptions(checkOptionKeys(options, ITEMSET_KEYS));
  const enc = toEncoded(baskets);
  const flat = mineFlat(enc, o);
  let keep: Uint8Array | undefined;
  if (o.kind !== 'all') keep = markClosedOrMaximal(flat, new ItemsetIndex(flat), o.kind);
  const order = sortedOrder(flat, keep);
  const { offsets, codes, counts, labels, n } = flat;
  const out: Itemset[] = new Array<Itemset>(order.length);
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    const items: string[] = [];
    for (let j = offsets[i] as number; j < (offsets[i + 1] as number); j++) items.push(labels[codes[j] as number] as string);
    const count = counts[i] as number;
    out[k] = { items, count, support: count / n };
  }
  return out;
}
