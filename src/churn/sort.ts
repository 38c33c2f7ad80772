/**
 * Stable argsort of a Float64Array in O(n) passes: LSD radix sort (8-bit digits) on the IEEE-754 bits mapped to an
 * order-preserving unsigned key (Knuth, TAOCP vol. 3 §5.2.5; the sign-flip trick of Herf, "Radix Tricks", 2001).
 * NaN sorts last; equal values keep index order (stable), which the tree's tie-breaking relies on. Columns of small
 * non-negative integers (one-hot, counts) use a one-pass counting sort instead (Knuth §5.2, Algorithm D).
 */

/** Small non-negative integer columns (one-hot, counts, months) up to this value use a counting sort. */
const COUNTING_MAX = 1 << 16;

/** Stable counting sort when every value is NaN or an integer in [0, COUNTING_MAX); else null. */
function countingArgsort(values: Float64Array): Int32Array | null {
  const n = values.length;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    if (!(v >= 0 && v < COUNTING_MAX && Math.floor(v) === v) || Object.is(v, -0)) return null;
    if (v > max) max = v;
  }
  // One bucket per value plus a last bucket for NaN.
  const buckets = max + 2;
  if (buckets > 4 * n + 16) return null;
  const count = new Int32Array(buckets + 1);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    count[(v !== v ? max + 1 : v) + 1]!++;
  }
  for (let b = 1; b <= buckets; b++) count[b] = (count[b]!) + (count[b - 1]!);
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    idx[count[v !== v ? max + 1 : v]!++] = i;
  }
  return idx;
}

/** Indices 0..n−1 ordered by `values` ascending, NaN last, ties by index. */
export function argsortFloat64(values: Float64Array): Int32Array {
  const n = values.length;
  const counted = n >= 2 ? countingArgsort(values) : null;
  if (counted !== null) return counted;
  let idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (n < 2) return idx;
  const bits = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v !== v) {
      lo[i] = 0xffffffff;
      hi[i] = 0xffffffff;
      continue;
    }
    // Little-endian platforms (every JS engine in practice): low word first.
    let h = bits[2 * i + 1]!;
    let l = bits[2 * i]!;
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
  // Keys travel with the indices so every pass reads sequentially.
  let tmp = new Int32Array(n);
  let kLo = lo;
  let kHi = hi;
  let tLo = new Uint32Array(n);
  let tHi = new Uint32Array(n);
  const count = new Int32Array(256);
  for (let pass = 0; pass < 8; pass++) {
    const word = pass < 4 ? kLo : kHi;
    const shift = (pass & 3) * 8;
    count.fill(0);
    for (let j = 0; j < n; j++) count[((word[j]!) >>> shift) & 0xff]!++;
    // Skip a digit every key shares (common for the high bytes).
    let skip = false;
    for (let b = 0; b < 256; b++) {
      const c = count[b]!;
      if (c === n) {
        skip = true;
        break;
      }
      if (c !== 0) break;
    }
    if (skip) continue;
    let sum = 0;
    for (let b = 0; b < 256; b++) {
      const c = count[b]!;
      count[b] = sum;
      sum += c;
    }
    for (let j = 0; j < n; j++) {
      const b = ((word[j]!) >>> shift) & 0xff;
      const to = count[b]!++;
      tmp[to] = idx[j]!;
      tLo[to] = kLo[j]!;
      tHi[to] = kHi[j]!;
    }
    const t = idx;
    idx = tmp;
    tmp = t;
    const a = kLo;
    kLo = tLo;
    tLo = a;
    const h = kHi;
    kHi = tHi;
    tHi = h;
  }
  return idx;
}
