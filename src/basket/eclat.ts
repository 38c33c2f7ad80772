/**
 * Eclat (Zaki 2000, "Scalable algorithms for association mining", IEEE TKDE 12(3)): vertical
 * mining by intersecting tid-lists within prefix equivalence classes.
 *
 * - Pairs are counted in one horizontal pass into a triangular Int32Array (Zaki 2000 §5 counts
 *   2-itemsets this way; Borgelt 2003 does the same), so only frequent pairs get tid-lists.
 * - Sparse data: sorted Int32 tid-lists, merged with an early exit once the remaining
 *   elements cannot reach the minimum count. Dense data (mean tid-list longer than a bitset of
 *   N bits): Uint32 bitsets intersected word by word with a popcount.
 * - All tid-lists live in one pool with stack discipline; class members are sorted by
 *   ascending support (Zaki 2000's heuristic, it keeps intersections short).
 */
import type { RecodedBaskets } from './recode.js';
import type { ItemsetStore } from './itemset-store.js';

/** Largest number of frequent items for which pairs are counted in a triangular matrix. */
const MAX_TRIANGLE_ITEMS = 5000;

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

class EclatMiner {
  pool: Int32Array;
  pTop = 0;
  mItem: Int32Array;
  mId: Int32Array;
  mOff: Int32Array;
  mCnt: Int32Array;
  mTop = 0;

  constructor(
    readonly bitset: boolean,
    readonly words: number,
    poolCap: number,
    readonly minCount: number,
    readonly maxLength: number,
    readonly store: ItemsetStore,
  ) {
    this.pool = new Int32Array(Math.max(poolCap, 1024));
    this.mItem = new Int32Array(1024);
    this.mId = new Int32Array(1024);
    this.mOff = new Int32Array(1024);
    this.mCnt = new Int32Array(1024);
  }

  ensurePool(extra: number): void {
    const need = this.pTop + extra;
    if (need <= this.pool.length) return;
    const b = new Int32Array(Math.max(need, this.pool.length * 2));
    b.set(this.pool.subarray(0, this.pTop));
    this.pool = b;
  }

  ensureMembers(extra: number): void {
    const need = this.mTop + extra;
    if (need <= this.mItem.length) return;
    const cap = Math.max(need, this.mItem.length * 2);
    const grow = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap);
      b.set(a.subarray(0, this.mTop));
      return b;
    };
    this.mItem = grow(this.mItem);
    this.mId = grow(this.mId);
    this.mOff = grow(this.mOff);
    this.mCnt = grow(this.mCnt);
  }

  /** Keep the tid-set just intersected at the pool top as a class member (its item, itemset id and count). */
  keep(item: number, id: number, cnt: number): void {
    this.ensureMembers(1);
    const k = this.mTop++;
    this.mItem[k] = item;
    this.mId[k] = id;
    this.mOff[k] = this.pTop;
    this.mCnt[k] = cnt;
    this.pTop += this.bitset ? this.words : cnt;
  }

  /** Intersect the tid-sets at offsets a (length la) and b (length lb) into the pool top; returns the count. */
  intersect(a: number, la: number, b: number, lb: number): number {
    const pool = this.pool;
    const out = this.pTop;
    if (this.bitset) {
      let cnt = 0;
      const w = this.words;
      for (let k = 0; k < w; k++) {
        const v = (pool[a + k]!) & (pool[b + k]!);
        pool[out + k] = v;
        if (v !== 0) cnt += popcount(v);
      }
      return cnt;
    }
    const minCount = this.minCount;
    let i = a;
    let j = b;
    const ea = a + la;
    const eb = b + lb;
    let o = out;
    while (i < ea && j < eb) {
      const x = pool[i]!;
      const y = pool[j]!;
      if (x < y) {
        i++;
        if (o - out + Math.min(ea - i, eb - j) < minCount) break;
      } else if (x > y) {
        j++;
        if (o - out + Math.min(ea - i, eb - j) < minCount) break;
      } else {
        pool[o++] = x;
        i++;
        j++;
      }
    }
    return o - out;
  }

  /** Sort members [s, e) by ascending count (then item). */
  sortMembers(s: number, e: number): void {
    if (e - s < 2) return;
    const idx: number[] = [];
    for (let i = s; i < e; i++) idx.push(i);
    const cnt = this.mCnt;
    const item = this.mItem;
    idx.sort((x, y) => (cnt[x]!) - (cnt[y]!) || (item[x]!) - (item[y]!));
    const it = idx.map((i) => item[i]!);
    const id = idx.map((i) => this.mId[i]!);
    const off = idx.map((i) => this.mOff[i]!);
    const c = idx.map((i) => cnt[i]!);
    for (let k = 0; k < idx.length; k++) {
      this.mItem[s + k] = it[k]!;
      this.mId[s + k] = id[k]!;
      this.mOff[s + k] = off[k]!;
      this.mCnt[s + k] = c[k]!;
    }
  }

  /** Extend the class [cs, ce) whose members are itemsets of length `depth`. */
  extend(cs: number, ce: number, depth: number): void {
    if (depth + 1 > this.maxLength) return;
    const minCount = this.minCount;
    for (let i = cs; i < ce - 1; i++) {
      const newStart = this.mTop;
      const poolMark = this.pTop;
      for (let j = i + 1; j < ce; j++) {
        const li = this.bitset ? this.words : (this.mCnt[i]!);
        const lj = this.bitset ? this.words : (this.mCnt[j]!);
        this.ensurePool(this.bitset ? this.words : Math.min(li, lj));
        const cnt = this.intersect(this.mOff[i]!, li, this.mOff[j]!, lj);
        if (cnt < minCount) continue;
        const item = this.mItem[j]!;
        this.keep(item, this.store.emit(this.mId[i]!, item, cnt), cnt);
      }
      const newEnd = this.mTop;
      if (newEnd - newStart >= 2 && depth + 2 <= this.maxLength) {
        this.sortMembers(newStart, newEnd);
        this.extend(newStart, newEnd, depth + 1);
      }
      this.mTop = newStart;
      this.pTop = poolMark;
    }
  }
}

/**
 * Mine all frequent itemsets of recoded baskets with Eclat into `store`
 * (items are frequency ranks; parent -1 is the empty set).
 */
export function eclat(rb: RecodedBaskets, minCount: number, maxLength: number, store: ItemsetStore): void {
  const m = rb.m;
  const n = rb.n;
  if (m === 0) return;
  const { offsets, ranks, rankCount } = rb;
  const words = (n + 31) >>> 5;
  let total = 0;
  for (let r = 0; r < m; r++) total += rankCount[r]!;
  const bitset = total / m > words && m * words <= 64_000_000;
  const singles = bitset ? m * words : total;
  const miner = new EclatMiner(bitset, words, singles * 2, minCount, maxLength, store);
  // vertical layout of the singletons at the bottom of the pool
  const tidOff = new Int32Array(m + 1);
  for (let r = 0; r < m; r++) tidOff[r + 1] = (tidOff[r]!) + (bitset ? words : (rankCount[r]!));
  miner.ensurePool(singles);
  const pool = miner.pool;
  const fill = tidOff.slice(0, m);
  for (let t = 0; t < n; t++) {
    for (let k = offsets[t]!; k < (offsets[t + 1]!); k++) {
      const r = ranks[k]!;
      if (bitset) {
        const w = (tidOff[r]!) + (t >>> 5);
        pool[w] = (pool[w]!) | (1 << (t & 31));
      } else {
        pool[fill[r]!] = t;
        fill[r] = (fill[r]!) + 1;
      }
    }
  }
  miner.pTop = singles;
  const ids = new Int32Array(m);
  for (let r = m - 1; r >= 0; r--) ids[r] = store.emit(-1, r, rankCount[r]!);
  if (maxLength < 2) return;

  // pair counts in one horizontal pass (triangle over ranks a < b)
  let pair: Int32Array | undefined;
  if (m <= MAX_TRIANGLE_ITEMS) {
    pair = new Int32Array((m * (m - 1)) / 2);
    for (let t = 0; t < n; t++) {
      const s = offsets[t]!;
      const e = offsets[t + 1]!;
      for (let i = s; i < e; i++) {
        const a = ranks[i]!;
        const base = (a * (2 * m - a - 1)) / 2 - a - 1;
        for (let j = i + 1; j < e; j++) {
          const idx = base + (ranks[j]!);
          pair[idx] = (pair[idx]!) + 1;
        }
      }
    }
  }
  const lenOf = (r: number): number => (bitset ? words : (rankCount[r]!));
  // class of r: the more frequent items q < r that pair with it
  for (let r = m - 1; r >= 1; r--) {
    const cs = miner.mTop;
    const poolMark = miner.pTop;
    if (pair !== undefined) {
      const qs: number[] = [];
      for (let q = 0; q < r; q++) {
        const c = pair[(q * (2 * m - q - 1)) / 2 - q - 1 + r]!;
        if (c >= minCount) qs.push(q);
      }
      const extendable = qs.length >= 2 && maxLength >= 3;
      for (const q of qs) {
        const c = pair[(q * (2 * m - q - 1)) / 2 - q - 1 + r]!;
        const id = store.emit(ids[r]!, q, c);
        if (!extendable) continue;
        miner.ensurePool(bitset ? words : c);
        miner.intersect(tidOff[r]!, lenOf(r), tidOff[q]!, lenOf(q));
        miner.keep(q, id, c);
      }
    } else {
      for (let q = 0; q < r; q++) {
        miner.ensurePool(bitset ? words : Math.min(lenOf(r), lenOf(q)));
        const c = miner.intersect(tidOff[r]!, lenOf(r), tidOff[q]!, lenOf(q));
        if (c < minCount) continue;
        miner.keep(q, store.emit(ids[r]!, q, c), c);
      }
    }
    const ce = miner.mTop;
    if (ce - cs >= 2 && maxLength >= 3) {
      miner.sortMembers(cs, ce);
      miner.extend(cs, ce, 2);
    }
    miner.mTop = cs;
    miner.pTop = poolMark;
  }
}
