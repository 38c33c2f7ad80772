/**
 * FP-growth (Han, Pei & Yin 2000, "Mining frequent patterns without candidate generation",
 * SIGMOD) on flat typed arrays.
 *
 * - Every FP-tree, the initial one and each conditional one, lives in one node arena of
 *   Int32Arrays (item, count, parent, first child, next sibling, node link) and one header
 *   arena (per local rank: first node, support, global item, root child). Trees are built and
 *   released in stack order, so the recursion allocates nothing per tree.
 * - Items are recoded by descending frequency in every tree (rank 0 next to the root).
 * - Single-path shortcut (Han et al. 2000, Lemma 3.2): a tree that is one chain yields all
 *   combinations of its items directly, the count of a combination being its deepest node's.
 * - A conditional pattern base with a single frequent item is emitted without building a tree.
 * - Children are found through one (parent, item) hash with generation stamps while a tree is
 *   built; mining a built tree needs only parent pointers and node links.
 * - Sparse data skips the initial FP-tree: the first level reads each item's conditional
 *   pattern base straight from the recoded baskets (`mineBaskets`), and only the conditional
 *   trees are built. Dense data, where the initial tree compresses, builds it as in the paper.
 */
import type { RecodedBaskets } from './recode.js';
import type { ItemsetStore } from './itemset-store.js';
import { radixSortSequences } from './radix.js';

class FpMiner {
  // node arena
  /** Interleaved node records (item, count, parent, node link): one cache line per visit. */
  nd: Int32Array;
  /** Last child created under each node (tree building and single-path detection only). */
  nChild: Int32Array;
  nTop = 0;
  // header arena
  hHead: Int32Array;
  hCount: Int32Array;
  hGlobal: Int32Array;
  hTop = 0;
  // scratch (reset before every recursive call)
  readonly condCnt: Int32Array;
  readonly mapArr: Int32Array;
  readonly pathBuf: Int32Array;
  readonly cand: Int32Array;
  paths: Int32Array = new Int32Array(4096);
  branching = false;
  // child hash (see insert)
  hashCap = 1024;
  /** Interleaved (stamp, parent, item, child) slots: one cache line per probe. */
  hash = new Int32Array(4 * 1024);
  gen = 0;

  constructor(
    readonly m: number,
    nodeCap: number,
    readonly minCount: number,
    readonly maxLength: number,
    readonly store: ItemsetStore,
  ) {
    this.nd = new Int32Array(4 * nodeCap);
    this.nChild = new Int32Array(nodeCap);
    const hCap = Math.max(64, m * 4);
    this.hHead = new Int32Array(hCap);
    this.hCount = new Int32Array(hCap);
    this.hGlobal = new Int32Array(hCap);
    this.condCnt = new Int32Array(m + 1);
    this.mapArr = new Int32Array(m + 1).fill(-1);
    this.pathBuf = new Int32Array(m + 1);
    this.cand = new Int32Array(m + 1);
  }

  ensureNodes(extra: number): void {
    const need = this.nTop + extra;
    if (need <= this.nChild.length) return;
    const cap = Math.max(need, this.nChild.length * 2);
    const nd = new Int32Array(4 * cap);
    nd.set(this.nd.subarray(0, 4 * this.nTop));
    this.nd = nd;
    const ch = new Int32Array(cap);
    ch.set(this.nChild.subarray(0, this.nTop));
    this.nChild = ch;
  }

  ensureHeaders(extra: number): void {
    const need = this.hTop + extra;
    if (need <= this.hHead.length) return;
    const cap = Math.max(need, this.hHead.length * 2);
    const grow = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap);
      b.set(a.subarray(0, this.hTop));
      return b;
    };
    this.hHead = grow(this.hHead);
    this.hCount = grow(this.hCount);
    this.hGlobal = grow(this.hGlobal);
  }

  growPaths(need: number): Int32Array {
    const b = new Int32Array(Math.max(need, this.paths.length * 2));
    b.set(this.paths);
    this.paths = b;
    return b;
  }

  /** Allocate a header block of k ranks; returns its base. Capacity must be ensured. */
  newHeader(k: number): number {
    const base = this.hTop;
    this.hHead.fill(-1, base, base + k);
    this.hCount.fill(0, base, base + k);
    this.hTop = base + k;
    return base;
  }

  /** Allocate a root node. Capacity must be ensured. */
  newRoot(): number {
    const x = this.nTop++;
    this.nd[4 * x] = -1;
    this.nd[4 * x + 1] = 0;
    this.nd[4 * x + 2] = -1;
    this.nd[4 * x + 3] = -1;
    this.nChild[x] = -1;
    return x;
  }

  /** Make the child hash hold at least `nodes` entries at half load; bump its generation. */
  prepareHash(nodes: number): void {
    let cap = this.hashCap;
    while (cap < nodes * 2) cap *= 2;
    if (cap !== this.hashCap) {
      this.hashCap = cap;
      this.hash = new Int32Array(4 * cap);
      this.gen = 0;
    }
    this.gen++;
  }

  /**
   * Insert path `buf[0..len)` (ascending local ranks) with weight c. Node and hash capacity must
   * be ensured. Children are found through one open-addressing hash on (parent, item), valid for
   * the current build only (generation stamps avoid clearing it); a built tree needs only
   * parent pointers and node links.
   */
  insert(root: number, hBase: number, buf: Int32Array, len: number, c: number): void {
    const nd = this.nd;
    const nChild = this.nChild;
    const hash = this.hash;
    const mask = this.hashCap - 1;
    const gen = this.gen;
    let cur = root;
    for (let i = 0; i < len; i++) {
      const v = buf[i]!;
      let h = (Math.imul(cur, 0x9e3779b1) ^ Math.imul(v, 0x85ebca6b)) & mask;
      let ch = -1;
      while (hash[4 * h] === gen) {
        if (hash[4 * h + 1] === cur && hash[4 * h + 2] === v) {
          ch = hash[4 * h + 3]!;
          break;
        }
        h = (h + 1) & mask;
      }
      if (ch === -1) {
        ch = this.nTop++;
        nd[4 * ch] = v;
        nd[4 * ch + 1] = c;
        nd[4 * ch + 2] = cur;
        nd[4 * ch + 3] = this.hHead[hBase + v]!;
        this.hHead[hBase + v] = ch;
        nChild[ch] = -1;
        if (nChild[cur] !== -1) this.branching = true;
        nChild[cur] = ch;
        const slot = 4 * h;
        hash[slot] = gen;
        hash[slot + 1] = cur;
        hash[slot + 2] = v;
        hash[slot + 3] = ch;
      } else {
        nd[4 * ch + 1] = (nd[4 * ch + 1]!) + c;
      }
      cur = ch;
    }
  }

  /**
   * Insert a basket into the initial tree when baskets arrive in lexicographic order: the
   * matching child, if any, is the last child created under the current node, so no lookup is
   * needed and nodes are laid out in depth-first order (parent walks stay cache-friendly).
   */
  insertSorted(root: number, hBase: number, buf: Int32Array, s: number, e: number): void {
    const nd = this.nd;
    const nChild = this.nChild;
    let cur = root;
    for (let i = s; i < e; i++) {
      const v = buf[i]!;
      let ch = nChild[cur]!;
      if (ch !== -1 && nd[4 * ch] === v) {
        nd[4 * ch + 1] = (nd[4 * ch + 1]!) + 1;
      } else {
        if (ch !== -1) this.branching = true;
        ch = this.nTop++;
        nd[4 * ch] = v;
        nd[4 * ch + 1] = 1;
        nd[4 * ch + 2] = cur;
        nd[4 * ch + 3] = this.hHead[hBase + v]!;
        this.hHead[hBase + v] = ch;
        nChild[ch] = -1;
        nChild[cur] = ch;
      }
      cur = ch;
    }
  }

  /** Emit all combinations of a single-path tree (ranks 0..k-1 along the path). */
  combos(hBase: number, k: number, start: number, parentId: number, room: number): void {
    for (let j = start; j < k; j++) {
      const id = this.store.emit(parentId, this.hGlobal[hBase + j]!, this.hCount[hBase + j]!);
      if (room > 1 && j + 1 < k) this.combos(hBase, k, j + 1, id, room - 1);
    }
  }

  /**
   * The first level without an initial FP-tree: the conditional pattern base of rank r is the
   * prefix (ranks below r) of every basket holding r, read straight from the recoded baskets
   * through r's basket list. Each base is counted, its frequent items ranked, and its
   * conditional tree built and mined exactly as `mine` does for a tree's node links.
   */
  mineBaskets(rb: RecodedBaskets): void {
    const { ranks, listStart, basketStart, rankCount } = rb;
    const minCount = this.minCount;
    const condCnt = this.condCnt;
    const cand = this.cand;
    const mapArr = this.mapArr;
    const buf = this.pathBuf;
    const store = this.store;
    for (let r = this.m - 1; r >= 0; r--) {
      const id = store.emit(-1, r, rankCount[r]!);
      if (this.maxLength <= 1 || r === 0) continue;
      const s = listStart[r]!;
      const e = listStart[r + 1]!;
      // 1. count the base: every basket is ascending and holds r, so its prefix ends at r. Stop
      // once no item can reach minCount any more (largest count + baskets left < minCount): for
      // rare items with no frequent extension this skips most of their baskets
      for (let k = s; k < e; k++) {
        let j = basketStart[k]!;
        for (let q = ranks[j]!; q !== r; q = ranks[++j]!) condCnt[q] = (condCnt[q]!) + 1;
      }
      // 2. its frequent items, recoded by descending conditional count (ties by rank); only
      // ranks below r can have been counted, so scanning and clearing [0, r) resets condCnt
      let kk = 0;
      for (let q = 0; q < r; q++) if ((condCnt[q]!) >= minCount) cand[kk++] = q;
      if (kk === 1 && this.maxLength >= 2) store.emit(id, cand[0]!, condCnt[cand[0]!]!);
      if (kk <= 1) {
        condCnt.fill(0, 0, r);
        continue;
      }
      const sorted = cand.subarray(0, kk);
      sorted.sort((a, b) => (condCnt[b]!) - (condCnt[a]!) || a - b);
      // 3. build the conditional tree from the prefixes (weight 1 each)
      const nodes = nodeBound(condCnt, sorted, kk, Infinity);
      this.ensureNodes(nodes);
      this.ensureHeaders(kk);
      this.prepareHash(nodes);
      const newRoot = this.newRoot();
      const newBase = this.newHeader(kk);
      for (let i = 0; i < kk; i++) {
        const q = sorted[i]!;
        mapArr[q] = i;
        this.hCount[newBase + i] = condCnt[q]!;
        this.hGlobal[newBase + i] = q;
      }
      condCnt.fill(0, 0, r);
      this.branching = false;
      for (let k = s; k < e; k++) {
        let j = basketStart[k]!;
        let len = 0;
        for (let q = ranks[j]!; q !== r; q = ranks[++j]!) {
          const v = mapArr[q] as number;
          if (v < 0) continue;
          // insertion sort into ascending new ranks
          let p = len - 1;
          while (p >= 0 && (buf[p]!) > v) {
            buf[p + 1] = buf[p]!;
            p--;
          }
          buf[p + 1] = v;
          len++;
        }
        if (len > 0) this.insert(newRoot, newBase, buf, len, 1);
      }
      for (let i = 0; i < kk; i++) mapArr[sorted[i]!] = -1;
      this.mine(newRoot, newBase, kk, id, 1, !this.branching);
      this.nTop = newRoot;
      this.hTop = newBase;
    }
  }

  mine(root: number, hBase: number, k: number, prefixId: number, depth: number, single: boolean): void {
    const minCount = this.minCount;
    if (single) {
      this.combos(hBase, k, 0, prefixId, this.maxLength - depth);
      return;
    }
    for (let r = k - 1; r >= 0; r--) {
      const id = this.store.emit(prefixId, this.hGlobal[hBase + r]!, this.hCount[hBase + r]!);
      if (depth + 1 >= this.maxLength || r === 0) continue;
      // 1. count the conditional pattern base of r, remembering which items were touched
      const nd = this.nd;
      const condCnt = this.condCnt;
      const cand = this.cand;
      let touched = 0;
      let steps = 0;
      // the prefix paths are also copied into `paths` ([length, count, items...] per node), so
      // the build pass reads them sequentially instead of chasing parent pointers again
      let w = 0;
      let paths = this.paths;
      for (let x = this.hHead[hBase + r]!; x !== -1; x = nd[4 * x + 3]!) {
        if (w + r + 2 > paths.length) paths = this.growPaths(w + r + 2);
        const c = nd[4 * x + 1]!;
        const start = w;
        w += 2;
        let p = nd[4 * x + 2]!;
        while (p !== root) {
          const q = nd[4 * p]!;
          paths[w++] = q;
          const before = condCnt[q]!;
          if (before === 0) cand[touched++] = q;
          condCnt[q] = before + c;
          p = nd[4 * p + 2]!;
        }
        paths[start] = w - start - 2;
        paths[start + 1] = c;
        steps += w - start - 2;
      }
      // 2. its frequent items (compacted in place), recoded by descending conditional count
      let kk = 0;
      for (let i = 0; i < touched; i++) {
        const q = cand[i]!;
        if ((condCnt[q]!) >= minCount) cand[kk++] = q;
        else condCnt[q] = 0;
      }
      if (kk === 0) continue;
      if (kk === 1) {
        const q = cand[0]!;
        if (depth + 2 <= this.maxLength) this.store.emit(id, this.hGlobal[hBase + q]!, condCnt[q]!);
        condCnt[q] = 0;
        continue;
      }
      const sorted = cand.subarray(0, kk);
      sorted.sort((a, b) => (condCnt[b]!) - (condCnt[a]!) || a - b);
      // 3. build the conditional tree
      const nodes = nodeBound(condCnt, sorted, kk, steps);
      this.ensureNodes(nodes);
      this.ensureHeaders(kk);
      this.prepareHash(nodes);
      const newRoot = this.newRoot();
      const newBase = this.newHeader(kk);
      const mapArr = this.mapArr;
      for (let i = 0; i < kk; i++) {
        const q = sorted[i]!;
        mapArr[q] = i;
        this.hCount[newBase + i] = condCnt[q]!;
        this.hGlobal[newBase + i] = this.hGlobal[hBase + q]!;
      }
      for (let i = 0; i < kk; i++) condCnt[sorted[i]!] = 0;
      const buf = this.pathBuf;
      this.branching = false;
      for (let at = 0; at < w; ) {
        const plen = paths[at]!;
        const c = paths[at + 1]!;
        const end = at + 2 + plen;
        let len = 0;
        for (let j = at + 2; j < end; j++) {
          const v = mapArr[paths[j]!] as number;
          if (v >= 0) {
            // insertion sort into ascending new ranks
            let s = len - 1;
            while (s >= 0 && (buf[s]!) > v) {
              buf[s + 1] = buf[s]!;
              s--;
            }
            buf[s + 1] = v;
            len++;
          }
        }
        if (len > 0) this.insert(newRoot, newBase, buf, len, c);
        at = end;
      }
      for (let i = 0; i < kk; i++) mapArr[sorted[i]!] = -1;
      const single2 = !this.branching;
      this.mine(newRoot, newBase, kk, id, depth + 1, single2);
      this.nTop = newRoot;
      this.hTop = newBase;
    }
  }
}

/**
 * Nodes (root included) a conditional tree over the `kk` frequent items `sorted` can need, to
 * size the arenas: a node holds at least one path step (`steps`) and at least one unit of a
 * frequent item's conditional count, and a prefix tree over kk ranked items has at most
 * 2^kk − 1 nodes below its root.
 */
function nodeBound(condCnt: Int32Array, sorted: Int32Array, kk: number, steps: number): number {
  let occ = 0;
  for (let i = 0; i < kk; i++) occ += condCnt[sorted[i]!]!;
  return Math.min(steps, occ, kk < 30 ? 2 ** kk - 1 : Infinity) + 1;
}

/** How {@link fpGrowth} finds the first level's conditional pattern bases. */
export type FpTopLevel = 'auto' | 'tree' | 'baskets';

/**
 * Density (Σ basket lengths / (baskets · frequent items)) below which the first level reads the
 * baskets instead of an initial FP-tree. On sparse data the tree barely shares prefixes
 * (retail.dat: 664k item occurrences → 433k nodes) and building it costs a lexicographic sort of
 * all baskets; on dense data (chess, mushroom) it compresses the baskets many times over.
 * Measured: retail @0.001 (0.004) 151 → 86 ms, Groceries @0.001–0.005 (0.03) equal or ~30 %
 * faster, mushroom @0.05 (0.3) 346 → 404 ms, chess @0.7 (0.9) 10 → 20 ms without the tree.
 */
const SPARSE_DENSITY = 0.1;

/**
 * Mine all frequent itemsets of recoded baskets with FP-growth into `store`
 * (items are frequency ranks; parent -1 is the empty set). `topLevel` forces one of the two
 * first-level strategies (tests); `'auto'` picks by density.
 */
export function fpGrowth(rb: RecodedBaskets, minCount: number, maxLength: number, store: ItemsetStore, topLevel: FpTopLevel = 'auto'): void {
  const m = rb.m;
  if (m === 0) return;
  const sparse = topLevel === 'baskets' || (topLevel === 'auto' && rb.ranks.length < SPARSE_DENSITY * rb.n * m);
  if (sparse) {
    const miner = new FpMiner(m, 1024, minCount, maxLength, store);
    miner.mineBaskets(rb);
    return;
  }
  const miner = new FpMiner(m, rb.ranks.length + 2, minCount, maxLength, store);
  const root = miner.newRoot();
  const hBase = miner.newHeader(m);
  for (let r = 0; r < m; r++) {
    miner.hGlobal[hBase + r] = r;
    miner.hCount[hBase + r] = rb.rankCount[r]!;
  }
  miner.branching = false;
  const offsets = rb.offsets;
  const ranks = rb.ranks;
  const order = lexicographicOrder(offsets, ranks, rb.n, m);
  for (let k = 0; k < order.length; k++) {
    const t = order[k]!;
    miner.insertSorted(root, hBase, ranks, offsets[t]!, offsets[t + 1]!);
  }
  miner.mine(root, hBase, m, -1, 0, !miner.branching);
}
/** Indices of the non-empty baskets in lexicographic order of their rank sequences (radix sort). */
function lexicographicOrder(offsets: Int32Array, ranks: Int32Array, n: number, m: number): Int32Array {
  let count = 0;
  for (let t = 0; t < n; t++) if ((offsets[t + 1]!) > (offsets[t]!)) count++;
  const order = new Int32Array(count);
  let k = 0;
  for (let t = 0; t < n; t++) if ((offsets[t + 1]!) > (offsets[t]!)) order[k++] = t;
  return radixSortSequences(order, offsets, ranks, m);
}
