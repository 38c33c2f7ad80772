/**
 * A growable set of UTC calendar days: the exact, mergeable set of a customer's purchase days.
 * Dense days live in a bitmap of 30-bit words; when the bitmap would need many more words than
 * the set has days (days far apart, e.g. epoch-millisecond values read as day numbers, issue 22),
 * the set switches to a sparse `Set<number>` for good. Either way its memory is proportional to
 * the number of distinct days, never to their span. Internal: not exported from the package.
 *
 * Why 30-bit words in a plain array, not a Uint8Array: one set per customer means hundreds of
 * thousands of them, and a typed array costs an ArrayBuffer each (allocation plus external memory
 * the GC is slow to reclaim). On 1M rows over 245k customers the typed-array version spent about
 * half its time there. 30-bit words stay small integers (V8 Smis), stored unboxed in the array.
 */
const W = 30;

/**
 * The most bitmap words a set of `n` distinct days may use before it turns sparse: a dense
 * bitmap needs at least n / 30 words, so this allows gaps up to ~60 days between purchase days on
 * average (plus a small fixed slack) and is at most ~2 words per day.
 */
function maxWords(n: number): number {
  return 16 + 2 * n;
}

export class DayBits {
  /** First day of word 0 (a multiple of 30). */
  private base = 0;
  private words: number[] = [];
  /** Distinct days held. */
  private n = 0;
  /** The days, once the set went sparse (then `words` is empty). */
  private sparse: Set<number> | undefined = undefined;

  /** Add one calendar day (an integer day number). */
  add(day: number): void {
    const sparse = this.sparse;
    if (sparse !== undefined) {
      sparse.add(day);
      return;
    }
    let off = day - this.base;
    if (off < 0 || off >= this.words.length * W) {
      if (!this.cover(day, day, 1)) {
        (this.sparse as Set<number>).add(day);
        return;
      }
      off = day - this.base;
    }
    const j = Math.floor(off / W);
    const bit = 1 << (off - j * W);
    const w = this.words[j]!;
    if ((w & bit) === 0) {
      this.words[j] = w | bit;
      this.n++;
    }
  }

  /** Add every day of another set. */
  addAll(other: DayBits): void {
    if (other.sparse !== undefined) {
      for (const d of other.sparse) this.add(d);
      return;
    }
    const o = other.words;
    if (o.length === 0) return;
    if (this.sparse !== undefined || !this.cover(other.base, other.base + o.length * W - 1, other.n)) {
      for (const d of other.list()) this.add(d);
      return;
    }
    // Both bases are multiples of 30, so the words line up.
    const at = (other.base - this.base) / W;
    const words = this.words;
    let n = 0;
    for (let j = 0; j < words.length; j++) {
      let v = j >= at && j < at + o.length ? (words[j]!) | (o[j - at]!) : (words[j]!);
      words[j] = v;
      while (v !== 0) {
        v &= v - 1;
        n++;
      }
    }
    this.n = n;
  }

  /**
   * Grow the words (all zero) so that days lo..hi have a bit, or switch to the sparse set (and
   * return false) when that would cost more than {@link maxWords} for the days held plus `adding`.
   */
  private cover(lo: number, hi: number, adding: number): boolean {
    let words = this.words;
    const newBase = words.length === 0 ? Math.floor(lo / W) * W : Math.min(this.base, Math.floor(lo / W) * W);
    const top = words.length === 0 ? Math.floor(hi / W) * W : Math.max(this.base + (words.length - 1) * W, Math.floor(hi / W) * W);
    const needed = (top - newBase) / W + 1;
    if (needed > words.length && needed > maxWords(this.n + adding)) {
      this.sparse = new Set(this.list());
      this.words = [];
      this.base = 0;
      this.n = 0;
      return false;
    }
    if (words.length === 0) {
      this.base = newBase;
      words.push(0);
    } else if (newBase < this.base) {
      const grown = new Array<number>((this.base - newBase) / W).fill(0);
      for (const w of words) grown.push(w);
      this.words = words = grown;
      this.base = newBase;
    }
    while (words.length < needed) words.push(0);
    return true;
  }

  /** The days in the set, ascending. */
  list(): number[] {
    if (this.sparse !== undefined) return [...this.sparse].sort((a, b) => a - b);
    const out: number[] = [];
    const words = this.words;
    for (let j = 0; j < words.length; j++) {
      const v = words[j]!;
      if (v === 0) continue;
      for (let k = 0; k < W; k++) if (v & (1 << k)) out.push(this.base + j * W + k);
    }
    return out;
  }

  /** Number of distinct days. */
  count(): number {
    return this.sparse !== undefined ? this.sparse.size : this.n;
  }

  /** Does the set hold this day? */
  has(day: number): boolean {
    if (this.sparse !== undefined) return this.sparse.has(day);
    const off = day - this.base;
    if (off < 0) return false;
    const j = Math.floor(off / W);
    return j < this.words.length && ((this.words[j]!) & (1 << (off - j * W))) !== 0;
  }

  /** Memory used, in stored numbers (bitmap words or sparse days): for the memory tests. */
  storedNumbers(): number {
    return this.sparse !== undefined ? this.sparse.size : this.words.length;
  }
}
