/**
 * Stable LSD radix sort of integer sequences (Knuth, TAOCP vol. 3, §5.2.5): orders ids whose
 * sequences live in CSR arrays lexicographically, shorter prefix first, in O(maxLen · (n + range))
 * with no comparator calls. Used to group baskets for the FP-tree build and to order output.
 */

/**
 * Reorder `order` lexicographically by the sequences `values[offsets[id] .. offsets[id+1])`
 * (each value in [0, range)), shorter prefix first. Variable-length LSD radix sort (Aho, Hopcroft
 * & Ullman 1974, §3.2): at position d only the sequences longer than d take part, those ending
 * at d entering first, so the work is O(total length + maxLen · range). Ties keep input order.
 */
export function radixSortSequences(order: Int32Array, offsets: Int32Array, values: Int32Array, range: number): Int32Array {
  const n = order.length;
  let maxLen = 0;
  for (let k = 0; k < n; k++) {
    const id = order[k] as number;
    const len = (offsets[id + 1] as number) - (offsets[id] as number);
    if (len > maxLen) maxLen = len;
  }
  // group by length (stable)
  const lenStart = new Int32Array(maxLen + 2);
  for (let k = 0; k < n; k++) {
    const id = order[k] as number;
    const len = (offsets[id + 1] as number) - (offsets[id] as number);
    lenStart[len + 1] = (lenStart[len + 1] as number) + 1;
  }
  for (let l = 1; l <= maxLen + 1; l++) lenStart[l] = (lenStart[l] as number) + (lenStart[l - 1] as number);
  const byLen = new Int32Array(n);
  const fill = lenStart.slice(0, maxLen + 1);
  for (let k = 0; k < n; k++) {
    const id = order[k] as number;
    const len = (offsets[id + 1] as number) - (offsets[id] as number);
    byLen[fill[len] as number] = id;
    fill[len] = (fill[len] as number) + 1;
  }
  const q = new Int32Array(n);
  const tmp = new Int32Array(n);
  let qLen = 0;
  const cnt = new Int32Array(range + 1);
  for (let d = maxLen - 1; d >= 0; d--) {
    // sequences of length d + 1 first, then the queue (longer ones, sorted by their suffixes)
    const a = lenStart[d + 1] as number;
    const b = lenStart[d + 2] as number;
    let t = 0;
    for (let k = a; k < b; k++) tmp[t++] = byLen[k] as number;
    for (let k = 0; k < qLen; k++) tmp[t++] = q[k] as number;
    qLen = t;
    cnt.fill(0);
    for (let k = 0; k < qLen; k++) {
      const id = tmp[k] as number;
      const key = values[(offsets[id] as number) + d] as number;
      cnt[key + 1] = (cnt[key + 1] as number) + 1;
    }
    for (let key = 1; key <= range; key++) cnt[key] = (cnt[key] as number) + (cnt[key - 1] as number);
    for (let k = 0; k < qLen; k++) {
      const id = tmp[k] as number;
      const key = values[(offsets[id] as number) + d] as number;
      const at = cnt[key] as number;
      q[at] = id;
      cnt[key] = at + 1;
    }
  }
  // empty sequences first
  const out = new Int32Array(n);
  let o = 0;
  for (let k = lenStart[0] as number; k < (lenStart[1] as number); k++) out[o++] = byLen[k] as number;
  out.set(q.subarray(0, qLen), o);
  return out;
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
