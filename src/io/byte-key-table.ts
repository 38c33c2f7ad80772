/**
 * A hash table from byte strings (read straight out of a CSV buffer) to dense ids 0, 1, 2, … in
 * insertion order. Internal to `summarizeCsv`.
 *
 * Why: the generic stream made a JavaScript string per field and looked it up in a `Map`/`Set`;
 * on 10M rows that was about half of the time and, for order ids kept in a `Set` per customer,
 * about 100 bytes per order. Here a lookup hashes the bytes in place and an order id costs its
 * bytes plus 16.
 *
 * Layout: open addressing with linear probing (Knuth, TAOCP vol. 3 §6.4, algorithm L); a bucket is
 * (hash, entry + 1) in one Int32Array, so a probe rarely leaves its cache line. Entries are
 * `[id, length, tag, bytes…]` in 16 MB word-aligned chunks that are never copied when the table
 * grows. The `tag` is an int32 that is part of the key: (customer slot, order id) pairs need no
 * key copy.
 */

const CHUNK_WORDS = 1 << 22;
const HEADER_WORDS = 3;
const MAX_LOAD = 0.75;

/** FNV-1a over bytes b[s..e) and the tag, then the murmur3 finaliser so the low bits mix (the bucket index). */
export function hashBytes(b: Uint8Array, s: number, e: number, tag: number): number {
  let h = 0x811c9dc5 ^ Math.imul(tag, 0x9e3779b1);
  for (let i = s; i < e; i++) h = Math.imul(h ^ (b[i]!), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Byte strings (each with an int32 tag) → ids in insertion order. */
export class ByteKeyTable {
  /** Number of keys. */
  size = 0;
  /** Did the last {@link getOrAdd} add its key? */
  added = false;
  private buckets: Int32Array;
  private mask: number;
  private words: Int32Array[] = [];
  private bytes: Uint8Array[] = [];
  /** Words used in each chunk. */
  private used: number[] = [];

  constructor(expected = 1024) {
    let cap = 16;
    while (cap * MAX_LOAD < expected) cap *= 2;
    this.buckets = new Int32Array(2 * cap);
    this.mask = cap - 1;
  }

  /** The id of key (b[s..e), tag), added when new (then `added` is true). `h` is {@link hashBytes} of it. */
  getOrAdd(b: Uint8Array, s: number, e: number, tag: number, h: number): number {
    const buckets = this.buckets;
    const mask = this.mask;
    const len = e - s;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const ref = buckets[2 * i + 1]!;
      if (ref === 0) break;
      if (buckets[2 * i] !== h) continue;
      const at = ref - 1;
      const w = this.words[at >>> 22] as Int32Array;
      const o = at & (CHUNK_WORDS - 1);
      if (w[o + 1] !== len || w[o + 2] !== tag) continue;
      const kb = this.bytes[at >>> 22] as Uint8Array;
      let j = 4 * (o + HEADER_WORDS);
      let p = s;
      while (p < e && kb[j] === b[p]) {
        j++;
        p++;
      }
      if (p === e) {
        this.added = false;
        return w[o]!;
      }
    }
    this.added = true;
    const id = this.size++;
    const at = this.store(b, s, e, tag, id);
    if (this.size > (this.mask + 1) * MAX_LOAD) this.grow();
    this.place(h, at);
    return id;
  }

  /**
   * Load the cache lines a lookup of hash `h` will read first (its bucket and that bucket's entry)
   * and return a value to keep the loads alive. Why: calling this for a batch of keys before looking
   * them up lets the CPU fetch many lines at once instead of one miss after another (group
   * prefetching: Chen, Ailamaki, Gibbons and Mowry, "Improving hash join performance through
   * prefetching", ICDE 2004).
   */
  touch(h: number): number {
    const ref = this.buckets[2 * (h & this.mask) + 1]!;
    if (ref === 0) return 0;
    const at = ref - 1;
    return (this.words[at >>> 22] as Int32Array)[at & (CHUNK_WORDS - 1)] as number;
  }

  /** Load only the bucket line of hash `h` (first step of {@link touch}). */
  touchBucket(h: number): number {
    return this.buckets[2 * (h & this.mask) + 1]!;
  }

  /** Each key's bytes and tag, in id order. */
  *entries(): Generator<{ id: number; tag: number; bytes: Uint8Array }> {
    for (let c = 0; c < this.words.length; c++) {
      const w = this.words[c] as Int32Array;
      const kb = this.bytes[c] as Uint8Array;
      const used = this.used[c]!;
      for (let o = 0; o < used; ) {
        const len = w[o + 1]!;
        yield { id: w[o]!, tag: w[o + 2]!, bytes: kb.subarray(4 * (o + HEADER_WORDS), 4 * (o + HEADER_WORDS) + len) };
        o += HEADER_WORDS + ((len + 3) >>> 2);
      }
    }
  }

  /** Copy an entry into the chunks; returns its reference (chunk · 2^22 + word). */
  private store(b: Uint8Array, s: number, e: number, tag: number, id: number): number {
    const len = e - s;
    const need = HEADER_WORDS + ((len + 3) >>> 2);
    let c = this.words.length - 1;
    let w = this.words[c];
    let o = c < 0 ? 0 : (this.used[c]!);
    if (w === undefined || o + need > w.length) {
      if (w !== undefined && this.words.length === 1 && w.length < CHUNK_WORDS && o + need <= CHUNK_WORDS) {
        // The first chunk starts small (a small table stays small) and grows to full size by copies.
        const grown = new Int32Array(Math.max(Math.min(w.length * 4, CHUNK_WORDS), o + need)); // ≤ CHUNK_WORDS
        grown.set(w);
        this.words[0] = w = grown;
        this.bytes[0] = new Uint8Array(grown.buffer);
      } else {
        // Later chunks are full size and never copied; a key longer than a chunk gets one of its own
        // (its entry still starts at word 0, so references stay below 2^22 within the chunk).
        w = new Int32Array(w === undefined ? Math.max(need, 1 << 12) : Math.max(CHUNK_WORDS, need));
        this.words.push(w);
        this.bytes.push(new Uint8Array(w.buffer));
        this.used.push(0);
        c = this.words.length - 1;
        o = 0;
      }
    }
    w[o] = id;
    w[o + 1] = len;
    w[o + 2] = tag;
    const kb = this.bytes[c] as Uint8Array;
    const to = 4 * (o + HEADER_WORDS);
    // Short keys byte by byte: `set(subarray)` allocates a view per key (2.7 s of 10M order ids).
    if (len <= 64) for (let i = 0; i < len; i++) kb[to + i] = b[s + i]!;
    else kb.set(b.subarray(s, e), to);
    this.used[c] = o + need;
    return c * CHUNK_WORDS + o;
  }

  private place(h: number, at: number): void {
    const buckets = this.buckets;
    const mask = this.mask;
    let i = h & mask;
    while (buckets[2 * i + 1] !== 0) i = (i + 1) & mask;
    buckets[2 * i] = h;
    buckets[2 * i + 1] = at + 1;
  }

  private grow(): void {
    const old = this.buckets;
    this.buckets = new Int32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    for (let i = 0; i < old.length; i += 2) if (old[i + 1] !== 0) this.place(old[i]!, (old[i + 1]!) - 1);
  }
}
