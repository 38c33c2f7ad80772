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
    const id = order[k]!;
    const len = (offsets[id + 1]!) - (offsets[id]!);
    if (len > maxLen) maxLen = len;
  }
  // group by length (stable)
  const lenStart = new Int32Array(maxLen + 2);
  for (let k = 0; k < n; k++) {
    const id = order[k]!;
    const len = (offsets[id + 1]!) - (offsets[id]!);
    lenStart[len + 1] = (lenStart[len + 1]!) + 1;
  }
  for (let l = 1; l <= maxLen + 1; l++) lenStart[l] = (lenStart[l]!) + (lenStart[l - 1]!);
  const byLen = new Int32Array(n);
  const fill = lenStart.slice(0, maxLen + 1);
  for (let k = 0; k < n; k++) {
    const id = order[k]!;
    const len = (offsets[id + 1]!) - (offsets[id]!);
    byLen[fill[len]!] = id;
    fill[len] = (fill[len]!) + 1;
  }
  const q = new Int32Array(n);
  const tmp = new Int32Array(n);
  let qLen = 0;
  const cnt = new Int32Array(range + 1);
  for (let d = maxLen - 1; d >= 0; d--) {
    // sequences of length d + 1 first, then the queue (longer ones, sorted by their suffixes)
    const a = lenStart[d + 1]!;
    const b = lenStart[d + 2]!;
    let t = 0;
    for (let k = a; k < b; k++) tmp[t++] = byLen[k]!;
    for (let k = 0; k < qLen; k++) tmp[t++] = q[k]!;
    qLen = t;
    cnt.fill(0);
    for (let k = 0; k < qLen; k++) {
      const id = tmp[k]!;
      const key = values[(offsets[id]!) + d] as number;
      cnt[key + 1] = (cnt[key + 1]!) + 1;
    }
    for (let key = 1; key <= range; key++) cnt[key] = (cnt[key]!) + (cnt[key - 1]!);
    for (let k = 0; k < qLen; k++) {
      const id = tmp[k]!;
      const key = values[(offsets[id]!) + d] as number;
      const at = cnt[key]!;
      q[at] = id;
      cnt[key] = at + 1;
    }
  }
  // empty sequences first
  const out = new Int32Array(n);
  let o = 0;
  for (let k = lenStart[0]!; k < (lenStart[1]!); k++) out[o++] = byLen[k]!;
  out.set(q.subarray(0, qLen), o);
  return out;
}

/** Stably reorder `order` by `keyOf[id]` ascending (keys in [0, range)). Returns the sorted array. */
export function radixSortByKey(order: Int32Array, keyOf: Int32Array, range: number): Int32Array {
  const n = order.length;
  const cnt = new Int32Array(range + 1);
  for (let k = 0; k < n; k++) {
    const key = keyOf[order[k]!] as number;
    cnt[key + 1] = (cnt[key + 1]!) + 1;
  }
  for (let key = 1; key <= range; key++) cnt[key] = (cnt[key]!) + (cnt[key - 1]!);
  const out = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const id = order[k]!;
    const key = keyOf[id]!;
    const at = cnt[key]!;
    out[at] = id;
    cnt[key] = at + 1;
  }
  return out;
}
