/**
 * Stable LSD radix sort of integer sequences (Knuth, TAOCP vol. 3, §5.2.5): orders ids whose
 * sequences live in CSR arrays lexicographically, shorter prefix first, in O(maxLen · (n + range))
 * with no comparator calls. Used to group baskets for the FP-tree build and to order output.
 */

/**
 * Stably reorder `order` lexicographically by the sequences `values[offsets[id] .. offsets[id+1])`
 * (each value in [0, range)). Returns the sorted array (may be `order` or a new one).
 */
export function radixSortSequences(order: Int32Array, offsets: Int32Array, values: Int32Array, range: number): Int32Array {
  const n = order.length;
  let maxLen = 0;
  for (let k = 0; k < n; k++) {
    const id = order[k] as number;
    const len = (offsets[id + 1] as number) - (offsets[id] as number);
    if (len > maxLen) maxLen = len;
  }
  let src: Int32Array = order;
  let dst: Int32Array = new Int32Array(n);
  const cnt = new Int32Array(range + 2);
  for (let d = maxLen - 1; d >= 0; d--) {
    cnt.fill(0);
    for (let k = 0; k < n; k++) {
      const id = src[k] as number;
      const s = offsets[id] as number;
      const key = d < (offsets[id + 1] as number) - s ? (values[s + d] as number) + 1 : 0;
      cnt[key + 1] = (cnt[key + 1] as number) + 1;
    }
    for (let key = 1; key <= range + 1; key++) cnt[key] = (cnt[key] as number) + (cnt[key - 1] as number);
    for (let k = 0; k < n; k++) {
      const id = src[k] as number;
      const s = offsets[id] as number;
      const key = d < (offsets[id + 1] as number) - s ? (values[s + d] as number) + 1 : 0;
      const at = cnt[key] as number;
      dst[at] = id;
      cnt[key] = at + 1;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}

/** Stably reorder `order` by `keyOf[id]` ascending (keys in [0, range)). Returns the sorted array. */
export function radixSortByKey(order: Int32Array, keyOf: Int32Array, range: number): Int32Array {
  const n = order.length;
  const cnt = new Int32Array(range + 1);
  for (let k = 0; k < n; k++) {
    const key = keyOf[order[k] as number] as number;
    cnt[key + 1] = (cnt[key + 1] as number) + 1;
  }
  for (let key = 1; key <= range; key++) cnt[key] = (cnt[key] as number) + (cnt[key - 1] as number);
  const out = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const id = order[k] as number;
    const key = keyOf[id] as number;
    const at = cnt[key] as number;
    out[at] = id;
    cnt[key] = at + 1;
  }
  return out;
}
