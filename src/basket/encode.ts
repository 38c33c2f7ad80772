/**
 * Integer coding of baskets: the one validation pass every miner starts from.
 * Baskets become a CSR layout (`offsets`, `codes`) over a sorted item dictionary, with
 * duplicates inside a basket removed (node-fpgrowth counts them twice; arules does not).
 */
import { CrmError, invalidOption } from '../core/index.js';

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

/** Read and validate an optional boolean option. */
function boolOption(options: Record<string, unknown>, name: string, fallback: boolean): boolean {
  const v = options[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') invalidOption(['options', name], 'must be a boolean', 'true or false', v);
  return v;
}

/**
 * Integer-code baskets of string items: validates every item once, trims labels (default),
 * removes duplicates within a basket and sorts the item dictionary.
 * Empty baskets are kept: they count in N (the support denominator), as in arules.
 *
 * @throws CrmError `INVALID_INPUT` with path `[basket, item]` for a non-string item or `""`
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
export function encodeBaskets(baskets: Iterable<Iterable<string>>, options: EncodeOptions = {}): EncodedBaskets {
  if (typeof options !== 'object' || options === null) invalidOption(['options'], 'must be an object', 'an options object', options);
  const opts = options as Record<string, unknown>;
  const trim = boolOption(opts, 'trim', true);
  const allowEmpty = boolOption(opts, 'allowEmptyItems', false);
  if (!isIterable(baskets) || typeof baskets === 'string') {
    throw new CrmError('INVALID_INPUT', 'baskets must be an iterable of baskets', {
      path: [],
      expected: 'an array of arrays of strings',
      received: baskets,
    });
  }
  const map = new Map<string, number>();
  const labels: string[] = [];
  let raw = new Int32Array(1024);
  let rawLen = 0;
  const starts: number[] = [0];
  let b = 0;
  for (const basket of baskets as Iterable<unknown>) {
    if (!isIterable(basket) || typeof basket === 'string') {
      throw new CrmError('INVALID_INPUT', 'a basket must be an iterable of item strings', {
        path: [b],
        expected: 'an array of strings',
        received: basket,
      });
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
      if (typeof item !== 'string') {
        throw new CrmError('INVALID_INPUT', 'an item must be a string', { path: [b, j], expected: 'a string', received: item });
      }
      let label = item;
      if (trim && label.length > 0) {
        // only call trim() when an end could be white space (ASCII 33..127 never is)
        const first = label.charCodeAt(0);
        const last = label.charCodeAt(label.length - 1);
        if (first <= 32 || first > 127 || last <= 32 || last > 127) label = label.trim();
      }
      if (label.length === 0 && !allowEmpty) {
        throw new CrmError('INVALID_INPUT', 'an item must not be empty (pass allowEmptyItems: true to accept "")', {
          path: [b, j],
          expected: 'a non-empty string',
          received: item,
        });
      }
      let code = map.get(label);
      if (code === undefined) {
        code = labels.length;
        map.set(label, code);
        labels.push(label);
      }
      raw[rawLen++] = code;
    }
    starts.push(rawLen);
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
    const old = order[k] as number;
    remap[old] = k;
    sorted[k] = labels[old] as string;
  }
  // Second pass: remap, sort within basket, drop duplicates.
  const n = b;
  const offsets = new Int32Array(n + 1);
  const codes = new Int32Array(rawLen);
  const itemCounts = new Int32Array(m);
  let out = 0;
  for (let t = 0; t < n; t++) {
    const s = starts[t] as number;
    const e = starts[t + 1] as number;
    const begin = out;
    for (let k = s; k < e; k++) codes[out++] = remap[raw[k] as number] as number;
    // insertion sort (baskets are short) then unique
    for (let k = begin + 1; k < out; k++) {
      const v = codes[k] as number;
      let q = k - 1;
      while (q >= begin && (codes[q] as number) > v) {
        codes[q + 1] = codes[q] as number;
        q--;
      }
      codes[q + 1] = v;
    }
    let w = begin;
    for (let k = begin; k < out; k++) {
      const v = codes[k] as number;
      if (k === begin || v !== codes[w - 1]) {
        codes[w++] = v;
        itemCounts[v] = (itemCounts[v] as number) + 1;
      }
    }
    out = w;
    offsets[t + 1] = out;
  }
  return { kind: 'EncodedBaskets', items: sorted, n, offsets, codes: codes.slice(0, out), itemCounts };
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
    for (let k = encoded.offsets[t] as number; k < (encoded.offsets[t + 1] as number); k++) basket.push(encoded.items[encoded.codes[k] as number] as string);
    out.push(basket);
  }
  return out;
}
