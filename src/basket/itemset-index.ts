/**
 * Flat itemsets (CSR of sorted item codes + counts) and an open-addressing hash index over
 * them. Used to look up the counts of rule antecedents/consequents and to filter closed and
 * maximal itemsets (Pasquier et al. 1999 closed; Bayardo 1998 maximal) in O(Σ|X|²) without
 * re-mining.
 */
import type { ItemsetStore } from './itemset-store.js';

/** Itemsets as sorted code arrays in CSR form. */
export interface FlatItemsets {
  /** Number of baskets (support denominator). */
  n: number;
  /** Item labels; codes index into it. */
  labels: readonly string[];
  size: number;
  offsets: Int32Array;
  codes: Int32Array;
  counts: Int32Array;
}

/**
 * Turn a miner's (parent, item, count) store into flat sorted itemsets. With `prefix` (sorted
 * codes, the `include` constraint), every stored itemset is extended by it and the prefix itself
 * comes first with count `prefixCount`.
 */
export function flattenStore(
  store: ItemsetStore,
  codeOfRank: Int32Array,
  labels: readonly string[],
  n: number,
  prefix?: Int32Array,
  prefixCount = 0,
): FlatItemsets {
  const extra = prefix === undefined ? 0 : 1;
  const pl = prefix?.length ?? 0;
  const size = store.size + extra;
  const parent = store.parent;
  const item = store.item;
  const offsets = new Int32Array(size + 1);
  const counts = new Int32Array(size);
  if (prefix !== undefined) {
    offsets[1] = pl;
    counts[0] = prefixCount;
  }
  for (let i = 0; i < store.size; i++) {
    offsets[i + extra + 1] = (offsets[i + extra]!) + (store.len[i]!) + pl;
    counts[i + extra] = store.count[i]!;
  }
  const codes = new Int32Array(offsets[size]!);
  if (prefix !== undefined) codes.set(prefix, 0);
  for (let i = 0; i < store.size; i++) {
    const s = offsets[i + extra]!;
    let e = s;
    if (prefix !== undefined) {
      codes.set(prefix, s);
      e += pl;
    }
    for (let x = i; x >= 0; x = parent[x]!) {
      const v = codeOfRank[item[x]!] as number;
      let q = e - 1;
      while (q >= s && (codes[q]!) > v) {
        codes[q + 1] = codes[q]!;
        q--;
      }
      codes[q + 1] = v;
      e++;
    }
  }
  return { n, labels, size, offsets, codes, counts };
}

function hashSeq(codes: Int32Array, s: number, e: number, skip: number): number {
  let h = 0x811c9dc5 | 0;
  for (let k = s; k < e; k++) {
    if (k === skip) continue;
    h = Math.imul(h ^ (codes[k]!), 0x01000193);
    h ^= h >>> 15;
  }
  return h;
}

/** Hash index from an itemset (sorted codes) to its position in a {@link FlatItemsets}. */
export class ItemsetIndex {
  private readonly table: Int32Array;
  private readonly mask: number;

  constructor(readonly flat: FlatItemsets) {
    let cap = 16;
    while (cap < flat.size * 2) cap *= 2;
    this.table = new Int32Array(cap);
    this.mask = cap - 1;
    const { offsets, codes } = flat;
    for (let i = 0; i < flat.size; i++) {
      let h = hashSeq(codes, offsets[i]!, offsets[i + 1]!, -1) & this.mask;
      while (this.table[h] !== 0) h = (h + 1) & this.mask;
      this.table[h] = i + 1;
    }
  }

  /**
   * Position of the itemset `codes[s..e)` minus position `skip` (-1 for none), or -1.
   * The sequence must be ascending.
   */
  find(codes: Int32Array, s: number, e: number, skip: number): number {
    const f = this.flat;
    const fo = f.offsets;
    const fc = f.codes;
    const want = e - s - (skip >= s && skip < e ? 1 : 0);
    let h = hashSeq(codes, s, e, skip) & this.mask;
    for (;;) {
      const id = (this.table[h]!) - 1;
      if (id < 0) return -1;
      const a = fo[id]!;
      if ((fo[id + 1]!) - a === want) {
        let ok = true;
        let j = a;
        for (let k = s; k < e; k++) {
          if (k === skip) continue;
          if (fc[j++] !== codes[k]) {
            ok = false;
            break;
          }
        }
        if (ok) return id;
      }
      h = (h + 1) & this.mask;
    }
  }
}

/**
 * Mark closed (`kind = 'closed'`: no superset with the same count) or maximal
 * (`'maximal'`: no frequent superset) itemsets. Checking immediate supersets suffices: if
 * Y ⊃ X has count(Y) = count(X), so has X ∪ {y} for any y ∈ Y \ X (anti-monotonicity), and
 * every subset of a frequent set is in the (downward-closed) collection.
 */
export function markClosedOrMaximal(flat: FlatItemsets, index: ItemsetIndex, kind: 'closed' | 'maximal'): Uint8Array {
  const keep = new Uint8Array(flat.size).fill(1);
  const { offsets, codes, counts } = flat;
  for (let i = 0; i < flat.size; i++) {
    const s = offsets[i]!;
    const e = offsets[i + 1]!;
    if (e - s < 2) continue;
    for (let k = s; k < e; k++) {
      const sub = index.find(codes, s, e, k);
      if (sub < 0) continue;
      if (kind === 'maximal' || counts[sub] === counts[i]) keep[sub] = 0;
    }
  }
  return keep;
}

/**
 * Mark generators (Borgelt's "generators", a.k.a. free sets, Boulicaut et al. 2003, or key
 * patterns, Bastide et al. 2000): itemsets with no proper subset of the same count, the empty
 * set (count N) included, so an item in every basket is not a generator. Checking the immediate
 * subsets suffices: if Z ⊂ X has count(Z) = count(X), then for x ∈ X \ Z,
 * count(X) ≤ count(X \ {x}) ≤ count(Z) = count(X). Needs a downward-closed collection.
 */
export function markGenerators(flat: FlatItemsets, index: ItemsetIndex): Uint8Array {
  const keep = new Uint8Array(flat.size).fill(1);
  const { offsets, codes, counts } = flat;
  for (let i = 0; i < flat.size; i++) {
    const s = offsets[i]!;
    const e = offsets[i + 1]!;
    if (e - s === 1) {
      if (counts[i] === flat.n) keep[i] = 0;
      continue;
    }
    for (let k = s; k < e; k++) {
      const sub = index.find(codes, s, e, k);
      if (sub >= 0 && counts[sub] === counts[i]) {
        keep[i] = 0;
        break;
      }
    }
  }
  return keep;
}
