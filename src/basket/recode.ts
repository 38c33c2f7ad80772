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
}

/**
 * Recode to frequency ranks, keeping only items with count >= minCount and only those allowed
 * by `keep` (a per-code mask; undefined keeps all). Ties in count are ranked by code.
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
  const offsets = new Int32Array(n + 1);
  let total = 0;
  for (let k = 0; k < enc.codes.length; k++) if ((rankOfCode[enc.codes[k]!] as number) >= 0) total++;
  const ranks = new Int32Array(total);
  let out = 0;
  for (let t = 0; t < n; t++) {
    const begin = out;
    const e = enc.offsets[t + 1]!;
    for (let k = enc.offsets[t]!; k < e; k++) {
      const r = rankOfCode[enc.codes[k]!] as number;
      if (r < 0) continue;
      // insertion into ascending order (baskets are short)
      let q = out - 1;
      while (q >= begin && (ranks[q]!) > r) {
        ranks[q + 1] = ranks[q]!;
        q--;
      }
      ranks[q + 1] = r;
      out++;
    }
    offsets[t + 1] = out;
  }
  return { n, m, codeOfRank, rankCount, offsets, ranks };
}
