/**
 * `createBasketAccumulator`: item and pair supports as a mergeable monoid (like the RFM
 * accumulator), so baskets in shards, workers or a stream give exactly the one-pass counts.
 * Optionally it also counts given candidate itemsets of any length: the second pass of the SON
 * algorithm (Savasere, Omiecinski & Navathe 1995, "An efficient algorithm for mining association
 * rules in large databases", VLDB): every itemset frequent in the whole data is frequent in at
 * least one shard, so the union of the shards' frequent itemsets, counted over all shards, gives
 * exactly `frequentItemsets` of all baskets without holding them in memory at once.
 */
import { budgetExceeded, checkEnvelope, readBudget, readInteger, readOptions, toId, invalidInput, invalidOption } from '../core/index.js';
import { invalidModel } from '../core/errors.js';
import type { ItemLabel } from './encode.js';
import { checkMaxLength, checkMinSupport, minCountFor, readItemList, type Itemset } from './itemsets.js';

/** Default `maxPairs` (2,000,000 distinct pairs, about 100 MB of Map entries). */
export const DEFAULT_MAX_PAIRS = 2_000_000;

/** Options of {@link createBasketAccumulator}. */
export interface BasketAccumulatorOptions {
  /**
   * Candidate itemsets (any length) to count as well, e.g. the union of the shards' frequent
   * itemsets (SON's second pass). Default none: items and pairs only.
   */
  itemsets?: readonly (readonly ItemLabel[])[];
  /** Budget on distinct pairs kept (default {@link DEFAULT_MAX_PAIRS}); past it, `BUDGET_EXCEEDED` naming `maxPairs`. */
  maxPairs?: number;
}

/** Options of {@link BasketAccumulator.frequentItemsets}. */
export interface AccumulatedItemsetOptions {
  /** Minimum support, a fraction in (0, 1]: frequent means `count >= ceil(minSupport · N)`. */
  minSupport?: number;
  /** Minimum count (integer ≥ 1); with both, the larger threshold wins. */
  minCount?: number;
  /** Largest itemset size. Default unlimited (items, pairs and the tracked itemsets). */
  maxLength?: number;
}

/** Serialised accumulator (`snapshot()`): item labels, counts by item index, pairs as `[i, j, count]` with i < j. */
export interface BasketAccumulatorState {
  kind: 'basket-accumulator';
  version: 1;
  baskets: number;
  maxPairs: number | null;
  items: string[];
  itemCounts: number[];
  pairs: [number, number, number][];
  /** Tracked itemsets (sorted labels) with their counts. */
  itemsets: [string[], number][];
}

/** A mergeable basket counter. */
export interface BasketAccumulator {
  /** Count one basket (duplicates inside it count once; items are labels or finite numbers, as ids). */
  add(basket: Iterable<ItemLabel>): void;
  /** Add the counts of another accumulator (same tracked itemsets); `other` is not changed. */
  merge(other: BasketAccumulator): void;
  /** The full state as plain JSON; {@link restoreBasketAccumulator} reads it back. */
  snapshot(): BasketAccumulatorState;
  /** Baskets per item, sorted by label. */
  itemCounts(): Map<string, number>;
  /** Baskets per pair, as `[a, b]` (a < b) with count, sorted by count (desc) then labels. */
  pairCounts(): { items: [string, string]; count: number }[];
  /**
   * Frequent items, pairs and tracked itemsets, sorted like `frequentItemsets` (count desc,
   * size, items). Equal to `frequentItemsets(allBaskets, { ..., maxLength: 2 })` without
   * tracked itemsets, and to the full result when the tracked itemsets are SON's candidates.
   */
  frequentItemsets(options: AccumulatedItemsetOptions): Itemset[];
  /** Number of baskets counted (N, empty baskets included). */
  readonly baskets: number;
}

const PAIR_BASE = 2 ** 26;

interface Internal {
  n: number;
  maxPairs: number;
  code: Map<string, number>;
  labels: string[];
  counts: number[];
  pairs: Map<number, number>;
  /** Tracked itemsets: key (sorted labels joined by NUL) → [labels, count]. */
  tracked: Map<string, { items: string[]; count: number }>;
  /** Tracked itemsets by their first label, so a basket only checks those it could hold. */
  byFirst: Map<string, { items: string[]; count: number }[]>;
}

const internals = new WeakMap<BasketAccumulator, Internal>();
const keyOf = (items: readonly string[]): string => items.join('\u0000');
const byLabel = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function codeOf(s: Internal, label: string): number {
  let c = s.code.get(label);
  if (c === undefined) {
    c = s.labels.length;
    if (c >= PAIR_BASE) throw budgetExceeded({ code: 'BUDGET_EXCEEDED', option: ['options', 'maxPairs'], limit: PAIR_BASE, what: 'distinct items' });
    s.code.set(label, c);
    s.labels.push(label);
    s.counts.push(0);
  }
  return c;
}

function pairKey(a: number, b: number): number {
  return a < b ? a * PAIR_BASE + b : b * PAIR_BASE + a;
}

function addPairs(s: Internal, codes: number[]): void {
  // budget first: count the new pairs this basket would add, stopping once past the limit
  const k = codes.length;
  if (s.pairs.size + (k * (k - 1)) / 2 > s.maxPairs) {
    let fresh = 0;
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        if (!s.pairs.has(pairKey(codes[i]!, codes[j]!)) && s.pairs.size + ++fresh > s.maxPairs) {
          throw budgetExceeded({ code: 'BUDGET_EXCEEDED', option: ['options', 'maxPairs'], limit: s.maxPairs, what: 'distinct pairs' });
        }
      }
    }
  }
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const key = pairKey(codes[i]!, codes[j]!);
      s.pairs.set(key, (s.pairs.get(key) ?? 0) + 1);
    }
  }
}

function fresh(maxPairs: number, itemsets: readonly (readonly string[])[]): Internal {
  const tracked = new Map<string, { items: string[]; count: number }>();
  const s: Internal = { n: 0, maxPairs, code: new Map(), labels: [], counts: [], pairs: new Map(), tracked, byFirst: new Map() };
  for (const items of itemsets) track(s, items, 0);
  return s;
}

/** Start tracking an itemset (labels in any order); returns false when it is tracked already. */
function track(s: Internal, items: readonly string[], count: number): boolean {
  const sorted = [...new Set(items)].sort(byLabel);
  const key = keyOf(sorted);
  if (s.tracked.has(key)) return false;
  const entry = { items: sorted, count };
  s.tracked.set(key, entry);
  const first = sorted[0] as string;
  const list = s.byFirst.get(first);
  if (list === undefined) s.byFirst.set(first, [entry]);
  else list.push(entry);
  return true;
}

function readBasket(basket: unknown, path: (string | number)[]): string[] {
  if (typeof basket !== 'object' || basket === null || typeof (basket as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    invalidInput(path, 'a basket must be an iterable of item labels', 'an array of strings', basket);
  }
  const out = new Set<string>();
  let j = 0;
  for (const it of basket as Iterable<unknown>) {
    const id = toId(it);
    if (id === undefined) invalidInput([...path, j], 'an item must be a non-empty string or a finite number', 'a string', it);
    out.add(id);
    j++;
  }
  return [...out];
}

function make(s: Internal): BasketAccumulator {
  const acc: BasketAccumulator = {
    add(basket) {
      const items = readBasket(basket, ['basket']);
      const before = s.labels.length;
      const codes = items.map((l) => codeOf(s, l));
      try {
        addPairs(s, codes);
      } catch (e) {
        // the basket is not counted: forget the labels it introduced
        for (const l of s.labels.splice(before)) s.code.delete(l);
        s.counts.length = before;
        throw e;
      }
      for (const c of codes) s.counts[c] = (s.counts[c]!) + 1;
      if (s.tracked.size > 0 && items.length > 0) {
        const have = new Set(items);
        for (const first of items) {
          const list = s.byFirst.get(first);
          if (list !== undefined) for (const t of list) if (t.items.every((x) => have.has(x))) t.count++;
        }
      }
      s.n++;
    },
    merge(other) {
      const o = internals.get(other);
      if (o === undefined) invalidInput(['other'], 'can only merge a basket accumulator', 'a BasketAccumulator', other);
      if (o.tracked.size !== s.tracked.size || [...o.tracked.keys()].some((k) => !s.tracked.has(k))) {
        invalidInput(['other', 'itemsets'], 'accumulators track different itemsets; create them with the same itemsets option');
      }
      const map = o.labels.map((l) => codeOf(s, l));
      // new distinct pairs first, against the budget
      let added = 0;
      for (const key of o.pairs.keys()) {
        const a = Math.floor(key / PAIR_BASE);
        if (!s.pairs.has(pairKey(map[a]!, map[key - a * PAIR_BASE]!))) added++;
      }
      if (s.pairs.size + added > s.maxPairs) throw budgetExceeded({ code: 'BUDGET_EXCEEDED', option: ['options', 'maxPairs'], limit: s.maxPairs, what: 'distinct pairs', count: s.pairs.size + added });
      for (const [key, count] of o.pairs) {
        const a = Math.floor(key / PAIR_BASE);
        const k2 = pairKey(map[a]!, map[key - a * PAIR_BASE]!);
        s.pairs.set(k2, (s.pairs.get(k2) ?? 0) + count);
      }
      o.counts.forEach((c, i) => {
        const t = map[i]!;
        s.counts[t] = (s.counts[t]!) + c;
      });
      for (const [k, t] of o.tracked) (s.tracked.get(k) as { count: number }).count += t.count;
      s.n += o.n;
    },
    snapshot() {
      const pairs: [number, number, number][] = [];
      for (const [key, count] of s.pairs) {
        const a = Math.floor(key / PAIR_BASE);
        pairs.push([a, key - a * PAIR_BASE, count]);
      }
      return {
        kind: 'basket-accumulator',
        version: 1,
        baskets: s.n,
        maxPairs: Number.isFinite(s.maxPairs) ? s.maxPairs : null,
        items: [...s.labels],
        itemCounts: [...s.counts],
        pairs,
        itemsets: [...s.tracked.values()].map((t) => [[...t.items], t.count]),
      };
    },
    itemCounts() {
      const order = s.labels.map((_, i) => i).sort((x, y) => byLabel(s.labels[x] as string, s.labels[y] as string));
      return new Map(order.map((i) => [s.labels[i] as string, s.counts[i]!]));
    },
    pairCounts() {
      const out: { items: [string, string]; count: number }[] = [];
      for (const [key, count] of s.pairs) {
        const a = Math.floor(key / PAIR_BASE);
        const pair = [s.labels[a] as string, s.labels[key - a * PAIR_BASE] as string].sort(byLabel) as [string, string];
        out.push({ items: pair, count });
      }
      return out.sort((x, y) => y.count - x.count || byLabel(x.items[0], y.items[0]) || byLabel(x.items[1], y.items[1]));
    },
    frequentItemsets(options) {
      const o = readOptions(options, ['minSupport', 'minCount', 'maxLength']);
      const minCountOpt = o.minCount === undefined ? undefined : readInteger(o.minCount, ['options', 'minCount'], { min: 1 });
      const minSupport = checkMinSupport(o.minSupport, minCountOpt === undefined);
      const maxLength = checkMaxLength(o.maxLength);
      const min = minCountFor(minSupport, minCountOpt, s.n);
      const found = new Map<string, Itemset>();
      const put = (items: string[], count: number): void => {
        if (count >= min && items.length <= maxLength) found.set(keyOf(items), { items, count, support: count / s.n });
      };
      s.counts.forEach((c, i) => put([s.labels[i] as string], c));
      if (maxLength >= 2) {
        for (const [key, count] of s.pairs) {
          if (count < min) continue;
          const a = Math.floor(key / PAIR_BASE);
          put([s.labels[a] as string, s.labels[key - a * PAIR_BASE] as string].sort(byLabel), count);
        }
      }
      for (const t of s.tracked.values()) if (t.items.length > 2) put([...t.items], t.count);
      const out = [...found.values()];
      const cmpItems = (x: string[], y: string[]): number => {
        for (let i = 0; i < Math.min(x.length, y.length); i++) {
          const c = byLabel(x[i] as string, y[i] as string);
          if (c !== 0) return c;
        }
        return x.length - y.length;
      };
      return out.sort((x, y) => y.count - x.count || x.items.length - y.items.length || cmpItems(x.items, y.items));
    },
    get baskets() {
      return s.n;
    },
  };
  internals.set(acc, s);
  return acc;
}

/**
 * Create an empty basket accumulator. Memory grows with distinct items and distinct pairs
 * (bounded by `maxPairs`), never with the number of baskets. Any split of the baskets into
 * accumulators, merged in any order, gives exactly the one-pass counts.
 *
 * @throws CrmError `INVALID_OPTION` for bad options; `add`/`merge` throw `BUDGET_EXCEEDED`
 *   naming `maxPairs` before storing a pair past the budget (the basket is then not counted).
 * @example
 * ```ts
 * import { createBasketAccumulator } from 'crm-analytics/basket';
 * const a = createBasketAccumulator();
 * const b = createBasketAccumulator();
 * a.add(['milk', 'bread']);
 * b.add(['milk', 'bread', 'beer']);
 * b.add(['beer']);
 * a.merge(b);
 * a.frequentItemsets({ minCount: 2 });
 * // [{ items: ['beer'], count: 2, ... }, { items: ['bread'], count: 2, ... }, { items: ['milk'], count: 2, ... }, { items: ['bread', 'milk'], count: 2, ... }]
 * ```
 */
export function createBasketAccumulator(options: BasketAccumulatorOptions = {}): BasketAccumulator {
  const o = readOptions(options, ['itemsets', 'maxPairs']);
  const maxPairs = readBudget(o.maxPairs, ['options', 'maxPairs'], DEFAULT_MAX_PAIRS);
  let itemsets: string[][] = [];
  if (o.itemsets !== undefined) {
    if (!Array.isArray(o.itemsets)) invalidOption(['options', 'itemsets'], 'itemsets must be an array of item lists', 'an array of arrays of strings', o.itemsets);
    itemsets = o.itemsets.map((x: unknown, i: number) => {
      const list = readItemList(x, ['options', 'itemsets', i]);
      if (list.length === 0) invalidOption(['options', 'itemsets', i], 'an itemset must not be empty', 'a non-empty array');
      return list;
    });
  }
  return make(fresh(maxPairs, itemsets));
}

const isCount = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;

/**
 * Read back a {@link BasketAccumulatorState} (e.g. from another worker), checked structurally:
 * kind and version (core `checkEnvelope`), labels distinct non-empty strings, counts whole and
 * within N, pair indices in range with i < j, no duplicate pair, pair counts within the item
 * counts, tracked itemset counts within N.
 *
 * @throws CrmError `INVALID_MODEL` with the path of the first broken field.
 * @example
 * ```ts
 * import { createBasketAccumulator, restoreBasketAccumulator } from 'crm-analytics/basket';
 * const shard = createBasketAccumulator();
 * shard.add(['milk', 'bread']);
 * const total = createBasketAccumulator();
 * total.merge(restoreBasketAccumulator(JSON.parse(JSON.stringify(shard.snapshot()))));
 * total.baskets; // 1
 * ```
 */
export function restoreBasketAccumulator(state: BasketAccumulatorState): BasketAccumulator {
  checkEnvelope(state, 'basket-accumulator', 1, ['state']);
  const { baskets: n, items, itemCounts, pairs, itemsets, maxPairs } = state;
  if (!isCount(n, Number.MAX_SAFE_INTEGER)) invalidModel(['state', 'baskets'], 'basket accumulator state: baskets must be a whole number', undefined, n);
  if (maxPairs !== null && !(typeof maxPairs === 'number' && Number.isInteger(maxPairs) && maxPairs >= 1)) invalidModel(['state', 'maxPairs'], 'basket accumulator state: maxPairs must be a whole number or null', undefined, maxPairs);
  if (!Array.isArray(items)) invalidModel(['state', 'items'], 'basket accumulator state: items must be an array', undefined, items);
  if (!Array.isArray(itemCounts) || itemCounts.length !== items.length) invalidModel(['state', 'itemCounts'], 'basket accumulator state: one count per item', undefined, itemCounts);
  if (!Array.isArray(pairs)) invalidModel(['state', 'pairs'], 'basket accumulator state: pairs must be an array', undefined, pairs);
  if (!Array.isArray(itemsets)) invalidModel(['state', 'itemsets'], 'basket accumulator state: itemsets must be an array', undefined, itemsets);
  const limit = maxPairs ?? Number.POSITIVE_INFINITY;
  if (pairs.length > limit) invalidModel(['state', 'pairs'], `basket accumulator state: more pairs (${pairs.length}) than maxPairs`, undefined, pairs.length);
  const s = fresh(limit, []);
  items.forEach((l, i) => {
    if (typeof l !== 'string' || l.length === 0) invalidModel(['state', 'items', i], 'basket accumulator state: an item label must be a non-empty string', undefined, l);
    if (s.code.has(l)) invalidModel(['state', 'items', i], 'basket accumulator state: duplicate item label', undefined, l);
    if (!isCount(itemCounts[i], n)) invalidModel(['state', 'itemCounts', i], 'basket accumulator state: an item count must be a whole number ≤ baskets', undefined, itemCounts[i]);
    codeOf(s, l);
    s.counts[i] = itemCounts[i]!;
  });
  pairs.forEach((p, k) => {
    if (!Array.isArray(p) || p.length !== 3) invalidModel(['state', 'pairs', k], 'basket accumulator state: a pair is [i, j, count]', undefined, p);
    const [a, b, c] = p;
    if (!isCount(a, items.length - 1) || !isCount(b, items.length - 1) || a === b) invalidModel(['state', 'pairs', k], 'basket accumulator state: pair indices must be two different items', undefined, p);
    if (!isCount(c, Math.min(itemCounts[a]!, itemCounts[b]!)) || c < 1) invalidModel(['state', 'pairs', k, 2], 'basket accumulator state: a pair count must be ≥ 1 and within both item counts', undefined, c);
    const key = pairKey(a, b);
    if (s.pairs.has(key)) invalidModel(['state', 'pairs', k], 'basket accumulator state: duplicate pair', undefined, p);
    s.pairs.set(key, c);
  });
  itemsets.forEach((t, k) => {
    if (!Array.isArray(t) || t.length !== 2 || !Array.isArray(t[0]) || t[0].length === 0 || !t[0].every((x) => typeof x === 'string' && x.length > 0)) invalidModel(['state', 'itemsets', k], 'basket accumulator state: a tracked itemset is [labels, count]', undefined, t);
    if (!isCount(t[1], n)) invalidModel(['state', 'itemsets', k, 1], 'basket accumulator state: a tracked count must be a whole number ≤ baskets', undefined, t[1]);
    if (!track(s, t[0], t[1])) invalidModel(['state', 'itemsets', k], 'basket accumulator state: duplicate tracked itemset', undefined, t[0]);
  });
  s.n = n;
  return make(s);
}
