/**
 * Integer coding of baskets: the one validation pass every miner starts from.
 * Baskets become a CSR layout (`offsets`, `codes`) over a sorted item dictionary, with
 * duplicates inside a basket removed (node-fpgrowth counts them twice; arules does not).
 */
import { CrmError, readBoolean, readOptions, toId, invalidInput } from '../core/index.js';

/** An item label as given: a string, or a finite number (converted with `String()`, as ids are; see core `toId`). */
export type ItemLabel = string | number;

/**
 * Baskets coded as integers (compressed sparse rows). Basket `b` holds the item codes
 * `codes[offsets[b] .. offsets[b+1])`, ascending and distinct; `items[code]` is the label.
 * The dictionary is sorted (code-unit order), so code order is label order.
 */
export interface EncodedBaskets {
  readonly kind: 'EncodedBaskets';
  /** Distinct item labels, sorted; a code indexes into it. */
  readonly items: readonly string[];
  /** Number of baskets N (empty baskets included: they count in support denominators). */
  readonly n: number;
  /** Basket start offsets into `codes`, length N + 1. */
  readonly offsets: Int32Array;
  /** Item codes of all baskets, each basket ascending and duplicate-free. */
  readonly codes: Int32Array;
  /** Number of baskets containing each item (its absolute support), length `items.length`. */
  readonly itemCounts: Int32Array;
}

/** Options of {@link encodeBaskets}. */
export interface EncodeOptions {
  /** Trim white space around item labels (Groceries has `"cream cheese "`). Default `true`. */
  trim?: boolean;
  /** Accept `""` as an item label (after trimming). Default `false`: it is rejected. */
  allowEmptyItems?: boolean;
}

/**
 * Is this value an {@link EncodedBaskets}?
 *
 * @example
 * ```ts
 * isEncodedBaskets(encodeBaskets([['a']])); // true
 * isEncodedBaskets([['a']]); // false
 * ```
 */
export function isEncodedBaskets(value: unknown): value is EncodedBaskets {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'EncodedBaskets';
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
  );
}

/**
 * Integer-code baskets of string items: validates every item once, trims labels (default),
 * removes duplicates within a basket and sorts the item dictionary.
 * Empty baskets are kept: they count in N (the support denominator), as in arules.
 *
 * Items are strings; a finite number is accepted and converted with `String()` (core `toId`).
 *
 * @throws CrmError `INVALID_INPUT` with path `[basket, item]` for an item that is neither a string nor a finite number, or `""`
 *   (unless `allowEmptyItems`), path `[basket]` for a basket that is not iterable.
 * @example
 * ```ts
 * import { encodeBaskets } from 'crm-analytics/basket';
 * const enc = encodeBaskets([['milk', 'bread'], ['milk', 'milk '], []]);
 * enc.items; // ['bread', 'milk']
 * enc.n; // 3
 * Array.from(enc.itemCounts); // [1, 2]
 * ```
 */
export function encodeBaskets(baskets: Iterable<Iterable<ItemLabel>>, options: EncodeOptions = {}): EncodedBaskets {
  const opts = readOptions(options, ['trim', 'allowEmptyItems']);
  const trim = readBoolean(opts.trim, ['options', 'trim'], true);
  const allowEmpty = readBoolean(opts.allowEmptyItems, ['options', 'allowEmptyItems'], false);
  if (!isIterable(baskets) || typeof baskets === 'string') {
    invalidInput([], 'baskets must be an iterable of baskets', 'an array of arrays of strings', baskets);
  }
  const map = new Map<string, number>();
  const labels: string[] = [];
  // An array of arrays is sized exactly up front: the codes are then written, remapped, sorted
  // and deduplicated in this one buffer (no doubling copies, no second array; retail.dat's 908k
  // items would otherwise leave ~11 MB of buffers behind for the GC).
  let raw = new Int32Array(exactTotal(baskets) ?? 1024);
  let rawLen = 0;
  // basket starts in `raw`; rewritten in place into the output offsets
  let starts = new Int32Array((Array.isArray(baskets) ? baskets.length : 1023) + 1);
  let b = 0;
  for (const basket of baskets as Iterable<unknown>) {
    if (!isIterable(basket) || typeof basket === 'string') {
      invalidInput([b], 'a basket must be an iterable of item strings', 'an array of strings', basket);
    }
    // arrays (the common case) are read by index; other iterables through the iterator
    const list: ArrayLike<unknown> = Array.isArray(basket) ? (basket as unknown[]) : [...basket];
    const len = list.length;
    if (rawLen + len > raw.length) {
      const next = new Int32Array(Math.max(raw.length * 2, rawLen + len));
      next.set(raw);
      raw = next;
    }
    for (let j = 0; j < len; j++) {
      const item = list[j];
      let label: string;
      if (typeof item === 'string') label = item;
      else {
        // numbers become labels the way ids do (core toId): 42 and '42' are one item
        const id = typeof item === 'number' ? toId(item) : undefined;
        if (id === undefined) invalidInput([b, j], 'an item must be a string or a finite number', 'a string', item);
        label = id;
      }
      if (trim && label.length > 0) {
        // only call trim() when an end could be white space (ASCII 33..127 never is)
        const first = label.charCodeAt(0);
        const last = label.charCodeAt(label.length - 1);
        if (first <= 32 || first > 127 || last <= 32 || last > 127) label = label.trim();
      }
      if (label.length === 0 && !allowEmpty) {
        invalidInput([b, j], 'an item must not be empty (pass allowEmptyItems: true to accept "")', 'a non-empty string', item);
      }
      let code = map.get(label);
      if (code === undefined) {
        code = labels.length;
        map.set(label, code);
        labels.push(label);
      }
      raw[rawLen++] = code;
    }
    if (b + 2 > starts.length) {
      const next = new Int32Array(starts.length * 2);
      next.set(starts);
      starts = next;
    }
    starts[b + 1] = rawLen;
    b++;
  }
  // Sort the dictionary (code-unit order) and remap, so that code order is label order.
  const m = labels.length;
  const order = labels.map((_, i) => i).sort((x, y) => {
    const a = labels[x] as string;
    const c = labels[y] as string;
    return a < c ? -1 : a > c ? 1 : 0;
  });
  const remap = new Int32Array(m);
  const sorted: string[] = new Array<string>(m);
  for (let k = 0; k < m; k++) {
    const old = order[k]!;
    remap[old] = k;
    sorted[k] = labels[old] as string;
  }
  // Second pass: remap, sort within basket, drop duplicates.
  const n = b;
  // in place: a basket's output starts at or before its input (`out <= s`), so copying forward
  // is safe, and `starts[t + 1]` is read before it is overwritten by the output offset
  const offsets = starts.length === n + 1 ? starts : starts.slice(0, n + 1);
  const codes = raw;
  const itemCounts = new Int32Array(m);
  let out = 0;
  let e = 0;
  for (let t = 0; t < n; t++) {
    const s = e;
    e = offsets[t + 1]!;
    const begin = out;
    for (let k = s; k < e; k++) codes[out++] = remap[raw[k]!] as number;
    // insertion sort (baskets are short) then unique
    for (let k = begin + 1; k < out; k++) {
      const v = codes[k]!;
      let q = k - 1;
      while (q >= begin && (codes[q]!) > v) {
        codes[q + 1] = codes[q]!;
        q--;
      }
      codes[q + 1] = v;
    }
    let w = begin;
    for (let k = begin; k < out; k++) {
      const v = codes[k]!;
      if (k === begin || v !== codes[w - 1]) {
        codes[w++] = v;
        itemCounts[v] = (itemCounts[v]!) + 1;
      }
    }
    out = w;
    offsets[t + 1] = out;
  }
  return { kind: 'EncodedBaskets', items: sorted, n, offsets, codes: out === codes.length ? codes : codes.slice(0, out), itemCounts };
}

/** Σ basket lengths when `baskets` is an array of arrays (read without side effects), else undefined. */
function exactTotal(baskets: unknown): number | undefined {
  if (!Array.isArray(baskets)) return undefined;
  let total = 0;
  for (let i = 0; i < baskets.length; i++) {
    const basket: unknown = baskets[i];
    if (!Array.isArray(basket)) return undefined;
    total += basket.length;
  }
  return Math.max(total, 1);
}

/**
 * Decode an {@link EncodedBaskets} back to arrays of labels (sorted within each basket).
 *
 * @example
 * ```ts
 * decodeBaskets(encodeBaskets([['b', 'a', 'a'], []])); // [['a', 'b'], []]
 * ```
 */
export function decodeBaskets(encoded: EncodedBaskets): string[][] {
  const out: string[][] = [];
  for (let t = 0; t < encoded.n; t++) {
    const basket: string[] = [];
    for (let k = encoded.offsets[t]!; k < (encoded.offsets[t + 1]!); k++) basket.push(encoded.items[encoded.codes[k]!] as string);
    out.push(basket);
  }
  return out;
}

function badEncoding(path: (string | number)[], message: string, expected: string, received?: unknown): never {
  invalidInput(path, `encoded baskets: ${message}`, expected, received);
}

/**
 * Check an {@link EncodedBaskets} structurally before a miner trusts it (it may come from JSON or
 * have been edited): `items` distinct strings in ascending code-unit order, `n` a whole number,
 * `offsets` an Int32Array of length n + 1 rising from 0 to `codes.length`, every basket's codes
 * strictly ascending and in `[0, items.length)`, and `itemCounts` equal to the recount. O(total
 * items); returns the value unchanged.
 *
 * @throws CrmError `INVALID_INPUT` with the path of the first broken field.
 * @example
 * ```ts
 * checkEncodedBaskets(encodeBaskets([['a', 'b']])).n; // 1
 * ```
 */
export function checkEncodedBaskets(enc: EncodedBaskets): EncodedBaskets {
  const { items, n, offsets, codes, itemCounts } = enc as Partial<EncodedBaskets>;
  if (!Array.isArray(items)) badEncoding(['items'], 'items must be an array of labels', 'an array of strings', items);
  const m = items.length;
  for (let c = 0; c < m; c++) {
    const label = items[c] as unknown;
    if (typeof label !== 'string') badEncoding(['items', c], 'an item label must be a string', 'a string', label);
    if (c > 0 && !((items[c - 1] as string) < label)) badEncoding(['items', c], 'labels must be distinct and sorted', 'labels in ascending code-unit order', label);
  }
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) badEncoding(['n'], 'n must be the number of baskets', 'an integer >= 0', n);
  if (!(offsets instanceof Int32Array) || offsets.length !== n + 1) badEncoding(['offsets'], 'offsets must be an Int32Array of length n + 1', `an Int32Array of length ${n + 1}`, offsets);
  if (!(codes instanceof Int32Array)) badEncoding(['codes'], 'codes must be an Int32Array', 'an Int32Array', codes);
  if (!(itemCounts instanceof Int32Array) || itemCounts.length !== m) badEncoding(['itemCounts'], 'itemCounts must be an Int32Array with one count per item', `an Int32Array of length ${m}`, itemCounts);
  if (offsets[0] !== 0) badEncoding(['offsets', 0], 'offsets must start at 0', '0', offsets[0]);
  if (offsets[n] !== codes.length) badEncoding(['offsets', n], 'the last offset must equal codes.length', String(codes.length), offsets[n]);
  const recount = new Int32Array(m);
  for (let t = 0; t < n; t++) {
    const s = offsets[t]!;
    const e = offsets[t + 1]!;
    if (e < s || e > codes.length) badEncoding(['offsets', t + 1], 'offsets must not decrease', `a number in [${s}, ${codes.length}]`, e);
    let prev = -1;
    for (let k = s; k < e; k++) {
      const c = codes[k]!;
      if (c < 0 || c >= m) badEncoding(['codes', k], `an item code is out of range (basket ${t})`, `an integer in [0, ${m})`, c);
      if (c <= prev) badEncoding(['codes', k], `the codes of basket ${t} must be strictly ascending`, `an integer > ${prev}`, c);
      prev = c;
      recount[c] = (recount[c]!) + 1;
    }
  }
  for (let c = 0; c < m; c++) {
    if (recount[c] !== itemCounts[c]) badEncoding(['itemCounts', c], 'itemCounts does not match the baskets', String(recount[c]), itemCounts[c]);
  }
  return enc;
}
