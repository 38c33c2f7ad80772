/**
 * Stable argsort of a Float64Array in O(n) passes: LSD radix sort (8-bit digits) on the IEEE-754 bits mapped to an
 * order-preserving unsigned key (Knuth, TAOCP vol. 3 §5.2.5; the sign-flip trick of Herf, "Radix Tricks", 2001).
 * NaN sorts last; equal values keep index order (stable), which the tree's tie-breaking relies on.
 */

/** Indices 0..n−1 ordered by `values` ascending, NaN last, ties by index. */
export function argsortFloat64(values: Float64Array): Int32Array {
  const n = values.length;
  let idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (n < 2) return idx;
  const bits = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (v !== v) {
      lo[i] = 0xffffffff;
      hi[i] = 0xffffffff;
      continue;
    }
    // Little-endian platforms (every JS engine in practice): low word first.
    let h = bits[2 * i + 1] as number;
    let l = bits[2 * i] as number;
    if (v === 0) {
      h = 0; // treat -0 as +0
      l = 0;
    }
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    lo[i] = l;
    hi[i] = h;
  }
  let tmp = new Int32Array(n);
  const count = new Int32Array(256);
  for (let pass = 0; pass < 8; pass++) {
    const word = pass < 4 ? lo : hi;
    const shift = (pass & 3) * 8;
    count.fill(0);
    for (let j = 0; j < n; j++) count[((word[idx[j] as number] as number) >>> shift) & 0xff]!++;
    // Skip a digit every key shares (common for the high bytes).
    let skip = false;
    for (let b = 0; b < 256; b++) {
      const c = count[b] as number;
      if (c === n) {
        skip = true;
        break;
      }
      if (c !== 0) break;
    }
    if (skip) continue;
    let sum = 0;
    for (let b = 0; b < 256; b++) {
      const c = count[b] as number;
      count[b] = sum;
      sum += c;
    }
    for (let j = 0; j < n; j++) {
      const i = idx[j] as number;
      const b = ((word[i] as number) >>> shift) & 0xff;
      tmp[count[b]!++] = i;
    }
    const t = idx;
    idx = tmp;
    tmp = t;
  }
  return idx;
}
