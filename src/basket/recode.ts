/**
 * Frequency recoding, the first step of every miner (Han, Pei & Yin 2000, FP-growth §2;
 * Borgelt 2003, "Efficient implementations of Apriori and Eclat"): drop infrequent items and
 * renumber the rest by descending support (rank 0 = most frequent), so that FP-tree paths
 * share prefixes and Eclat can order its equivalence classes.
 */
import type { EncodedBaskets } from './encode.js';

/** Baskets over frequent items only, coded by frequency rank, each basket ascending. */
export interface RecodedBaskets {
  n: number;
  /** Number of frequent items m (ranks 0..m-1). */
  m: number;
  /** Dictionary code of each rank. */
  codeOfRank: Int32Array;
  /** Support count of each rank (non-increasing). */
  rankCount: Int32Array;
  offsets: Int32Array;
  ranks: Int32Array;
  /**
   * Where in `ranks` each basket holding rank r starts: `basketStart[listStart[r] ..
   * listStart[r+1])`, ascending (FP-growth reads a basket's prefix before r from there).
   */
  listStart: Int32Array;
  basketStart: Int32Array;
}

/**
 * Recode to frequency ranks, keeping only items with count >= minCount and only those allowed
 * by `keep` (a per-code mask; undefined keeps all). Ties in count are ranked by code.
 * `enc.itemCounts` must match the baskets (as `encodeBaskets` and `checkEncodedBaskets` ensure).
 */
export function recodeByFrequency(enc: EncodedBaskets, minCount: number, keep?: Uint8Array): RecodedBaskets {
  const nCodes = enc.items.length;
  const frequent: number[] = [];
  for (let c = 0; c < nCodes; c++) {
    if ((enc.itemCounts[c]!) >= minCount && (keep === undefined || keep[c] === 1)) frequent.push(c);
  }
  frequent.sort((a, b) => (enc.itemCounts[b]!) - (enc.itemCounts[a]!) || a - b);
  const m = frequent.length;
  const rankOfCode = new Int32Array(nCodes).fill(-1);
  const codeOfRank = new Int32Array(m);
  const rankCount = new Int32Array(m);
  for (let r = 0; r < m; r++) {
    const c = frequent[r]!;
    rankOfCode[c] = r;
    codeOfRank[r] = c;
    rankCount[r] = enc.itemCounts[c]!;
  }
  const n = enc.n;
  // Two counting-sort passes instead of sorting every basket (Gustavson 1978, "Two fast
  // algorithms for sparse matrices", the CSR transpose): the first scatters each basket id into
  // the list of every frequent rank it holds (basket ids ascending per rank), the second walks
  // the ranks in ascending order and appends each rank to its baskets, so each basket comes out
  // ascending with no comparisons. The lists are kept (basket ids turned into where each basket
  // starts, saving FP-growth one dependent load per basket): FP-growth mines from them.
  const tidStart = new Int32Array(m + 1);
  for (let r = 0; r < m; r++) tidStart[r + 1] = (tidStart[r]!) + (rankCount[r]!);
  const tids = new Int32Array(tidStart[m]!);
  const fill = tidStart.slice(0, m);
  const offsets = new Int32Array(n + 1);
  const codes = enc.codes;
  let out = 0;
  for (let t = 0; t < n; t++) {
    const e = enc.offsets[t + 1]!;
    for (let k = enc.offsets[t]!; k < e; k++) {
      const r = rankOfCode[codes[k]!] as number;
      if (r < 0) continue;
      tids[fill[r]!] = t;
      fill[r] = (fill[r]!) + 1;
      out++;
    }
    offsets[t + 1] = out;
  }
  // the lists were sized from itemCounts: a mismatch (never from encodeBaskets or a checked
  // input) would leave stale slots, so fail loudly instead of mining wrong baskets
  for (let r = 0; r < m; r++) {
    if (fill[r] !== tidStart[r + 1]) throw new Error('recodeByFrequency: itemCounts do not match the baskets');
  }
  const ranks = new Int32Array(out);
  const pos = offsets.slice(0, n);
  for (let r = 0; r < m; r++) {
    const e = tidStart[r + 1]!;
    for (let k = tidStart[r]!; k < e; k++) {
      const t = tids[k]!;
      ranks[pos[t]!] = r;
      pos[t] = (pos[t]!) + 1;
      tids[k] = offsets[t]!;
    }
  }
  return { n, m, codeOfRank, rankCount, offsets, ranks, listStart: tidStart, basketStart: tids };
}
