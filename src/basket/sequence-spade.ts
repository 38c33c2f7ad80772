/**
 * The SPADE search behind {@link sequentialPatterns} (Zaki 2001, "SPADE: an efficient algorithm
 * for mining frequent sequences", Machine Learning 42:31–60), with cSPADE's timing constraints
 * (Zaki 2000, "Sequence mining in categorical domains: incorporating constraints", CIKM).
 *
 * - **Vertical id-lists**: a pattern's list holds the events where an embedding of it ends,
 *   as sorted global event ids in one `Int32Array` pool (events of a sequence are consecutive ids,
 *   so sorting by id sorts by (sequence, event)). With `maxWindow`, a parallel `Float64Array` holds
 *   the latest start time of an embedding ending there (a later start dominates).
 * - **Temporal joins**, each one merge pass, support = distinct sequences counted while
 *   merging, abandoned once the sequences left cannot reach `minCount`:
 *   itemset extension P+{y} = L(P+x) ∩ L(P+y) (same end events); sequence extension
 *   P→x→y = the y-ends of L(P→y) after a valid end of L(P→x) (gap and window checked per pair).
 *   Without gaps and window the left list is marked once per class member (its ends, and its
 *   first end per sequence), and lists carry their sequences as groups, so a join with a sibling
 *   is one pass over the sibling's groups alone; and before joining, each class member counts its
 *   candidates over a per-class index (sequence → siblings holding it, with their last end there),
 *   exactly for sequence extensions and as a bound for itemset extensions, so the ≈ 96 % of
 *   candidate joins that would fail are never run.
 * - **Equivalence classes by prefix** processed depth-first: a class's children lists are
 *   built, then each child's class is mined and its lists dropped (the pool is a stack), so memory
 *   is bounded by depth × class size, not by the number of patterns.
 * - **Frequent 2-sequences counted horizontally** (cSPADE computes F2 from the horizontal layout
 *   too): per item x over the sequences holding it, x→y when the last y follows the first x (with
 *   gaps or a window: a sweep of the windows after each x), {x,y} when they share an event; only
 *   frequent pairs get lists, and they prune deeper candidates (every consecutive pair of
 *   elements of a frequent pattern gives a frequent 2-pattern).
 * - With `maxGap`, P→y need not be frequent when P→x→y is (the anti-monotonicity SPADE's sibling
 *   join relies on fails), so P→x→y joins L(P→x) with the item list L(y), for the y with x→y
 *   frequent, instead of with its sibling. Item-set extensions and extensions after an item-set
 *   atom stay sibling joins: their subset argument holds with any gap.
 */
import { budgetExceeded } from '../core/budget.js';

/** Sequences flattened: event e belongs to sequence `seqOf[e]`; sequence s owns events `seqStart[s] .. seqStart[s+1])`. */
export interface SpadeData {
  nSeq: number;
  /** Number of items; codes are 0 .. nItems−1. */
  nItems: number;
  seqStart: Int32Array;
  seqOf: Int32Array;
  times: Float64Array;
  /** Items of event e: `codes[evOff[e] .. evOff[e+1])`, ascending, distinct. */
  evOff: Int32Array;
  codes: Int32Array;
}

/** Search limits (already validated). */
export interface SpadeLimits {
  minCount: number;
  maxLength: number;
  maxSize: number;
  minGap: number;
  maxGap: number;
  maxWindow: number;
  maxPatterns: number;
  /** Cells the per-depth class-view indexes may take (default {@link VIEW_INDEX_CELLS}); 0 joins without counting first (tests). */
  viewCells?: number;
}

/** One member of an equivalence class: the class prefix extended by `item`, as a new element (`seq`) or in its last element. */
interface Atom {
  item: number;
  seq: boolean;
  off: number;
  len: number;
  sup: number;
  /** Plain search only: the first of its `sup` sequence groups in the group pool. */
  goff: number;
}

/** Cells of the per-depth class-view indexes (2 × sequences each) kept at most (64 MB). */
export const VIEW_INDEX_CELLS = 1 << 24;

/**
 * Mine every frequent pattern; `emit(pattern, count)` is called once per pattern (elements as
 * ascending item codes), in depth-first order. Past `limits.maxPatterns` patterns it throws
 * `BUDGET_EXCEEDED` naming `maxPatterns`.
 */

/** The doubled capacity that holds `need` (stacks below grow by doubling, amortised O(1) per push). */
function grownSize(capacity: number, need: number): number {
  let size = Math.max(1, capacity) * 2;
  while (size < need) size *= 2;
  return size;
}

/** A copy of the first `used` entries of `a` in a new array of `size` entries. */
function regrow<T extends Int32Array | Float64Array>(a: T, used: number, size: number): T {
  const out = new (a.constructor as new (n: number) => T)(size);
  out.set(a.subarray(0, used));
  return out;
}

export function spade(data: SpadeData, limits: SpadeLimits, emit: (pattern: readonly (readonly number[])[], count: number) => void): void {
  const { nSeq, nItems: m, seqStart, seqOf, times, evOff, codes } = data;
  const { minCount, maxLength, maxSize, minGap, maxGap, maxWindow, maxPatterns } = limits;
  const viewCells = limits.viewCells ?? VIEW_INDEX_CELLS;
  const nEvents = seqOf.length;
  const gapped = maxGap !== Infinity;
  const windowed = maxWindow !== Infinity;
  let emitted = 0;
  const tooMany = (): never => {
    throw budgetExceeded({ code: 'BUDGET_EXCEEDED', option: ['options', 'maxPatterns'], limit: maxPatterns, what: 'sequential patterns' });
  };
  const out = (pattern: readonly (readonly number[])[], count: number): void => {
    if (emitted >= maxPatterns) tooMany();
    emitted++;
    emit(pattern, count);
  };

  // ---- item id-lists: item c is at positions itemPos[itemOff[c] .. itemOff[c+1]) of `codes`,
  // in events itemEv[…] (both ascending)
  const itemOff = new Int32Array(m + 1);
  for (let k = 0; k < codes.length; k++) {
    const c = (codes[k]!) + 1;
    itemOff[c] = (itemOff[c]!) + 1;
  }
  for (let c = 0; c < m; c++) itemOff[c + 1] = (itemOff[c + 1]!) + (itemOff[c]!);
  const itemEv = new Int32Array(codes.length);
  const itemPos = new Int32Array(codes.length);
  {
    const fill = itemOff.slice(0, m);
    for (let e = 0; e < nEvents; e++) {
      for (let k = evOff[e]!; k < (evOff[e + 1]!); k++) {
        const c = codes[k]!;
        const at = fill[c]!;
        itemEv[at] = e;
        itemPos[at] = k;
        fill[c] = at + 1;
      }
    }
  }
  // and its sequences: groups itemGOff[c] .. itemGOff[c+1] − 1, each a sequence and the end of
  // its events in itemEv (the group starts where the previous one ends)
  const itemSup = new Int32Array(m);
  const itemGOff = new Int32Array(m + 1);
  const groupSid: number[] = [];
  const groupEnd: number[] = [];
  for (let c = 0; c < m; c++) {
    let last = -1;
    for (let k = itemOff[c]!; k < (itemOff[c + 1]!); k++) {
      const s = seqOf[itemEv[k]!] as number;
      if (s !== last) {
        if (last >= 0) groupEnd.push(k);
        groupSid.push(s);
        itemSup[c] = (itemSup[c]!) + 1;
        last = s;
      }
    }
    if (last >= 0) groupEnd.push(itemOff[c + 1]!);
    itemGOff[c + 1] = groupSid.length;
  }
  const itemGSid = Int32Array.from(groupSid);
  const itemGEnd = Int32Array.from(groupEnd);
  let patterns = 0;
  for (let c = 0; c < m; c++) if ((itemSup[c]!) >= minCount) patterns++;
  if (patterns > maxPatterns) tooMany();

  // ---- frequent 2-patterns, counted per item x over the sequences that hold it (one pass over
  // x's positions): {x,y} from the items after x in x's events, x→y from the items whose last
  // event follows x's first (items ordered by last event, latest first, make them a prefix)
  const wantS = maxLength >= 2;
  const wantI = maxSize >= 2;
  const succS: Int32Array[] = new Array<Int32Array>(m);
  const succI: Int32Array[] = new Array<Int32Array>(m);
  const none = new Int32Array(0);
  if (m > 0 && (wantS || wantI)) {
    const plain = !gapped && !windowed;
    // per sequence (plain case): distinct items by last event, latest first, and per event e the
    // number of them whose last event is ≥ e
    let byLast = none;
    let byLastOff = none;
    let atLeast = none;
    if (wantS && plain) {
      byLastOff = new Int32Array(nSeq + 1);
      atLeast = new Int32Array(nEvents);
      const stamp = new Int32Array(m).fill(-1);
      const buf: number[] = [];
      for (let s = 0; s < nSeq; s++) {
        const e0 = seqStart[s]!;
        const from = buf.length;
        for (let e = (seqStart[s + 1]!) - 1; e >= e0; e--) {
          for (let k = evOff[e]!; k < (evOff[e + 1]!); k++) {
            const c = codes[k]!;
            if (stamp[c] !== s) {
              stamp[c] = s;
              buf.push(c);
            }
          }
          atLeast[e] = buf.length - from;
        }
        byLastOff[s + 1] = buf.length;
      }
      byLast = Int32Array.from(buf);
    }
    const cntI = new Int32Array(m);
    const markI = new Int32Array(m);
    const cntS = new Int32Array(m);
    const markS = new Int32Array(plain ? 0 : m);
    const g2 = Math.min(maxGap, maxWindow);
    for (let x = 0; x < m; x++) {
      if ((itemSup[x]!) < minCount) continue;
      const pEnd = itemOff[x + 1]!;
      let p = itemOff[x]!;
      while (p < pEnd) {
        const s = seqOf[itemEv[p]!] as number;
        const sEnd = seqStart[s + 1]!;
        const pFrom = p;
        const mark = s + 1;
        if (wantI) {
          for (; p < pEnd && (itemEv[p]!) < sEnd; p++) {
            const k1 = evOff[(itemEv[p]!) + 1] as number;
            for (let l = (itemPos[p]!) + 1; l < k1; l++) {
              const y = codes[l]!;
              if (markI[y] !== mark) {
                markI[y] = mark;
                cntI[y] = (cntI[y]!) + 1;
              }
            }
          }
        } else {
          while (p < pEnd && (itemEv[p]!) < sEnd) p++;
        }
        if (!wantS) continue;
        const fx = itemEv[pFrom]!;
        if (plain) {
          let g = fx + 1;
          if (minGap > 0) {
            // the first event at least minGap after x's first
            const t = (times[fx]!) + minGap;
            let hi = sEnd;
            while (g < hi) {
              const mid = (g + hi) >>> 1;
              if ((times[mid]!) < t) g = mid + 1;
              else hi = mid;
            }
          }
          if (g >= sEnd) continue;
          const base = byLastOff[s]!;
          const top2 = base + (atLeast[g]!);
          for (let b = base; b < top2; b++) {
            const y = byLast[b]!;
            cntS[y] = (cntS[y]!) + 1;
          }
        } else {
          // events j with minGap ≤ t(j) − t(i) ≤ g2 for some event i of x (windows merged)
          let j = fx + 1;
          for (let q = pFrom; q < p; q++) {
            const ti = times[itemEv[q]!] as number;
            if (j <= (itemEv[q]!)) j = (itemEv[q]!) + 1;
            while (j < sEnd && (times[j]!) - ti < minGap) j++;
            for (; j < sEnd && (times[j]!) - ti <= g2; j++) {
              for (let k = evOff[j]!; k < (evOff[j + 1]!); k++) {
                const y = codes[k]!;
                if (markS[y] !== mark) {
                  markS[y] = mark;
                  cntS[y] = (cntS[y]!) + 1;
                }
              }
            }
          }
        }
      }
      if (wantI) {
        const list: number[] = [];
        for (let y = x + 1; y < m; y++) if ((cntI[y]!) >= minCount) list.push(y);
        succI[x] = Int32Array.from(list);
        patterns += list.length;
        cntI.fill(0);
        markI.fill(0);
      }
      if (wantS) {
        const list: number[] = [];
        for (let y = 0; y < m; y++) if ((cntS[y]!) >= minCount) list.push(y);
        succS[x] = Int32Array.from(list);
        patterns += list.length;
        cntS.fill(0);
        markS.fill(0);
      }
      if (patterns > maxPatterns) tooMany();
    }
  }
  /** Is y in the ascending list? (a frequent 2-pattern with x) */
  const contains = (list: Int32Array | undefined, y: number): boolean => {
    if (list === undefined) return false;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = list[mid]!;
      if (v === y) return true;
      if (v < y) lo = mid + 1;
      else hi = mid;
    }
    return false;
  };
  const frequentS = (x: number, y: number): boolean => contains(succS[x], y);
  const frequentI = (x: number, y: number): boolean => contains(succI[x], y);

  // ---- the id-list pool: a stack of lists (event ids, and latest starts with maxWindow)
  let pool = new Int32Array(Math.max(64, codes.length));
  let starts = new Float64Array(windowed ? pool.length : 0);
  let top = 0;
  const reserve = (n: number): void => {
    if (top + n <= pool.length) return;
    const size = grownSize(pool.length, top + n);
    pool = regrow(pool, top, size);
    if (windowed) starts = regrow(starts, top, size);
  };

  let lenOut = 0; // the length of the list the last kept join wrote at `top`
  /**
   * What a join returns: its support, with the length of the list it wrote at `top` in `lenOut`;
   * 0 (nothing kept) when the support is below minCount.
   */
  const joined = (o: number, sup: number): number => {
    if (sup < minCount) return 0;
    lenOut = o - top;
    return sup;
  };

  /** L(a) ∩ B (same end events; B = b[j ..jEnd)), written at `top`; returns the support (0 when below minCount; nothing kept). */
  const intersect = (a: Atom, b: Int32Array, j: number, jEnd: number): number => {
    reserve(Math.min(a.len, jEnd - j));
    const ev = pool;
    let i = a.off;
    const iEnd = a.off + a.len;
    let o = top;
    let sup = 0;
    let lastSeq = -1;
    while (i < iEnd && j < jEnd) {
      const x = ev[i]!;
      const y = b[j]!;
      if (x < y) {
        i++;
        if (sup + iEnd - i < minCount) return 0;
      } else if (y < x) {
        j++;
      } else {
        const s = seqOf[x]!;
        if (s !== lastSeq) {
          sup++;
          lastSeq = s;
        }
        ev[o] = x;
        if (windowed) starts[o] = starts[i]!;
        o++;
        i++;
        j++;
      }
    }
    return joined(o, sup);
  };

  /**
   * The ends of B (b[j ..jEnd)) that follow a valid end of L(a): min gap, max gap and window checked against
   * the latest start among a's ends in range. Written at `top`; returns the support (0 when below minCount).
   */
  const follow = (a: Atom, b: Int32Array, j: number, jEnd: number): number => {
    reserve(jEnd - j);
    const ev = pool;
    let i = a.off;
    const iEnd = a.off + a.len;
    let o = top;
    let sup = 0;
    let seqsLeft = a.sup;
    while (i < iEnd && j < jEnd) {
      const s = seqOf[ev[i]!] as number;
      const sEnd = seqStart[s + 1]!;
      const aFrom = i;
      while (i < iEnd && (ev[i]!) < sEnd) i++;
      const sFrom = seqStart[s]!;
      while (j < jEnd && (b[j]!) < sFrom) j++;
      const before = o;
      if (!gapped && !windowed && minGap === 0) {
        const firstEnd = ev[aFrom]!;
        while (j < jEnd) {
          const e = b[j]!;
          if (e >= sEnd) break;
          j++;
          if (e > firstEnd) ev[o++] = e;
        }
      } else if (!gapped) {
        // a running best over a's ends at least minGap before e
        let p = aFrom;
        let found = false;
        let best = -Infinity;
        while (j < jEnd) {
          const e = b[j]!;
          if (e >= sEnd) break;
          j++;
          const te = times[e]!;
          while (p < i && (ev[p]!) < e && te - (times[ev[p]!] as number) >= minGap) {
            found = true;
            if (windowed && (starts[p]!) > best) best = starts[p]!;
            p++;
          }
          if (!found) continue;
          if (windowed) {
            if (te - best > maxWindow) continue;
            starts[o] = best;
          }
          ev[o++] = e;
        }
      } else {
        // a's ends in [t(e) − maxGap, t(e) − minGap]: a sliding range [lo, hi)
        let lo = aFrom;
        let hi = aFrom;
        while (j < jEnd) {
          const e = b[j]!;
          if (e >= sEnd) break;
          j++;
          const te = times[e]!;
          while (hi < i && (ev[hi]!) < e && te - (times[ev[hi]!] as number) >= minGap) hi++;
          while (lo < hi && te - (times[ev[lo]!] as number) > maxGap) lo++;
          if (lo === hi) continue;
          if (windowed) {
            let best = -Infinity;
            for (let q = lo; q < hi; q++) if ((starts[q]!) > best) best = starts[q]!;
            if (te - best > maxWindow) continue;
            starts[o] = best;
          }
          ev[o++] = e;
        }
      }
      if (o > before) sup++;
      seqsLeft--;
      if (sup + seqsLeft < minCount) return 0;
    }
    return joined(o, sup);
  };

  // ---- without maxGap and maxWindow only the first end of the left list per sequence matters to
  // a sequence extension, and an itemset extension needs its ends: both are marked once per class
  // member, and lists carry their sequences as groups (sequence, end of its events) in a second
  // stack, so each join with a sibling is one pass over the sibling's groups, skipping a sequence
  // the left list lacks in O(1) (cSPADE merges both lists every time)
  const plain = !gapped && !windowed;
  const sidMark = new Int32Array(plain ? nSeq : 0);
  const sidFirst = new Int32Array(plain ? nSeq : 0);
  const evMark = new Int32Array(plain ? nEvents : 0);
  let gSid = new Int32Array(plain ? Math.max(64, nSeq) : 0);
  let gEnd = new Int32Array(gSid.length);
  let gtop = 0;
  const reserveGroups = (n: number): void => {
    if (gtop + n <= gSid.length) return;
    const size = grownSize(gSid.length, gtop + n);
    gSid = regrow(gSid, gtop, size);
    gEnd = regrow(gEnd, gtop, size);
  };
  const keep = (item: number, seq: boolean, sup: number, into: Atom[]): void => {
    into.push({ item, seq, off: top, len: lenOut, sup, goff: gtop });
    top += lenOut;
    if (plain) gtop += sup;
  };
  let markId = 0;
  /** Mark a's sequences with their first end, and with `events` its ends. */
  const markLeft = (a: Atom, events: boolean): void => {
    const id = ++markId;
    let from = a.off;
    for (let g = a.goff; g < a.goff + a.sup; g++) {
      const s = gSid[g]!;
      const end = gEnd[g]!;
      sidMark[s] = id;
      sidFirst[s] = pool[from]!;
      if (events) for (let k = from; k < end; k++) evMark[pool[k]!] = id;
      from = end;
    }
  };
  /**
   * The ends of B (events b[bFrom ..], groups g0 .. g0+gn−1 of bs/be) after the marked list's first
   * end in their sequence (`seqExt`) or among its ends, written with their groups at the tops;
   * the support, or 0 below minCount (abandoned once the groups left cannot reach it).
   */
  const markedAnd = (b: Int32Array, bs: Int32Array, be: Int32Array, bFrom: number, g0: number, gn: number, seqExt: boolean): number => {
    const gLast = g0 + gn;
    reserve((be[gLast - 1]!) - bFrom);
    reserveGroups(gn);
    const ev = pool;
    const os = gSid;
    const oe = gEnd;
    const id = markId;
    let o = top;
    let go = gtop;
    let sup = 0;
    let from = bFrom;
    for (let g = g0; g < gLast; g++) {
      const end = be[g]!;
      const s = bs[g]!;
      const lo = from;
      from = end;
      if (sidMark[s] === id) {
        if (seqExt) {
          // the ends after the first marked end: a suffix of the group
          const f = sidFirst[s]!;
          let k = end;
          if (minGap === 0) {
            while (k > lo && (b[k - 1]!) > f) k--;
          } else {
            const t = (times[f]!) + minGap;
            while (k > lo && (times[b[k - 1]!] as number) >= t) k--;
          }
          if (k < end) {
            while (k < end) ev[o++] = b[k++]!;
            os[go] = s;
            oe[go++] = o;
            sup++;
            continue;
          }
        } else {
          const o0 = o;
          for (let k = lo; k < end; k++) {
            const e = b[k]!;
            if (evMark[e] === id) ev[o++] = e;
          }
          if (o > o0) {
            os[go] = s;
            oe[go++] = o;
            sup++;
            continue;
          }
        }
      }
      if (sup + gLast - 1 - g < minCount) return 0;
    }
    return joined(o, sup);
  };
  /** a joined with its sibling b: same ends, or b's ends after a's. */
  const joinSibling = (a: Atom, b: Atom, seqExt: boolean): number => {
    if (plain) return markedAnd(pool, gSid, gEnd, b.off, b.goff, b.sup, seqExt);
    return seqExt ? follow(a, pool, b.off, b.off + b.len) : intersect(a, pool, b.off, b.off + b.len);
  };
  /** a joined with the list of item y. */
  const joinItem = (a: Atom, y: number, seqExt: boolean): number => {
    const off = itemOff[y]!;
    if (plain) return markedAnd(itemEv, itemGSid, itemGEnd, off, itemGOff[y]!, itemSup[y]!, seqExt);
    return seqExt ? follow(a, itemEv, off, itemOff[y + 1]!) : intersect(a, itemEv, off, itemOff[y + 1]!);
  };

  // ---- class views (plain only): before any join, each class member counts its candidates over
  // the sequences it shares with its siblings (most candidate joins fail: at support 0.01 on Online
  // Retail II 96 % do), so only candidates that reach minCount are joined. The view lists, per
  // sequence, the siblings holding it and their last end there: a sequence extension's support is
  // the number of shared sequences where that last end follows the member's first end (exact), an
  // itemset extension's is at most the number of shared sequences. Per depth, an index by sequence
  // (2 × nSeq ints) is kept while it fits VIEW_INDEX_CELLS; deeper classes join without counting.
  const viewIndex: Int32Array[] = [];
  let vIdx = new Int32Array(plain ? 1024 : 0);
  let vLast = new Int32Array(vIdx.length);
  let vtop = 0;
  const reserveView = (n: number): void => {
    if (vtop + n <= vIdx.length) return;
    const size = grownSize(vIdx.length, vtop + n);
    vIdx = regrow(vIdx, vtop, size);
    vLast = regrow(vLast, vtop, size);
  };
  /** Index the groups of `atoms` (i-atoms then s-atoms) by sequence at depth `depth`; undefined when out of room. */
  const buildView = (depth: number, iAtoms: readonly Atom[], sAtoms: readonly Atom[]): Int32Array | undefined => {
    let index = viewIndex[depth];
    if (index === undefined) {
      if ((depth + 1) * 2 * nSeq > viewCells) return undefined;
      index = viewIndex[depth] = new Int32Array(2 * nSeq);
    }
    let total = 0;
    for (const b of iAtoms) total += b.sup;
    for (const b of sAtoms) total += b.sup;
    reserveView(total);
    // index[2s] = start, index[2s+1] = count: count, then starts, then fill (count again)
    for (let t = 0; t < 2; t++) {
      for (const b of t === 0 ? iAtoms : sAtoms) {
        for (let g = b.goff; g < b.goff + b.sup; g++) {
          const c = 2 * (gSid[g]!) + 1;
          index[c] = (index[c]!) + 1;
        }
      }
    }
    let pos = vtop;
    for (let t = 0; t < 2; t++) {
      for (const b of t === 0 ? iAtoms : sAtoms) {
        for (let g = b.goff; g < b.goff + b.sup; g++) {
          const c = 2 * (gSid[g]!);
          if ((index[c + 1]!) > 0) {
            index[c] = pos;
            pos += index[c + 1]!;
            index[c + 1] = 0;
          }
        }
      }
    }
    let j = 0;
    for (let t = 0; t < 2; t++) {
      for (const b of t === 0 ? iAtoms : sAtoms) {
        for (let g = b.goff; g < b.goff + b.sup; g++) {
          const c = 2 * (gSid[g]!);
          const q = (index[c]!) + (index[c + 1]!);
          index[c + 1] = (index[c + 1]!) + 1;
          vIdx[q] = j;
          vLast[q] = pool[(gEnd[g]!) - 1] as number;
        }
        j++;
      }
    }
    vtop = pos;
    return index;
  };
  const dropView = (index: Int32Array, iAtoms: readonly Atom[], sAtoms: readonly Atom[]): void => {
    for (let t = 0; t < 2; t++) for (const b of t === 0 ? iAtoms : sAtoms) for (let g = b.goff; g < b.goff + b.sup; g++) index[2 * (gSid[g]!) + 1] = 0;
  };

  /**
   * Mine the class of `prefix` whose members are `iAtoms` (an item added to the last element) and
   * `sAtoms` (a new element), each by ascending item; depth-first, the pools restored on return.
   */
  const mineClass = (prefix: readonly (readonly number[])[], iAtoms: readonly Atom[], sAtoms: readonly Atom[], depth: number): void => {
    const last = prefix[prefix.length - 1] as readonly number[];
    const nI = iAtoms.length;
    const savedView = vtop;
    const view = plain ? buildView(depth, iAtoms, sAtoms) : undefined;
    // per member: shared sequences with each sibling (i-atoms then s-atoms), and s-extension supports
    const shared = new Int32Array(view === undefined ? 0 : nI + sAtoms.length);
    const after = new Int32Array(view === undefined ? 0 : sAtoms.length);
    for (let kind = 0; kind < 2; kind++) {
      const own = kind === 0 ? iAtoms : sAtoms;
      const base = kind === 0 ? 0 : nI;
      for (let i = 0; i < own.length; i++) {
        const a = own[i] as Atom;
        const pattern = a.seq ? [...prefix, [a.item]] : [...prefix.slice(0, -1), [...last, a.item]];
        out(pattern, a.sup);
        const size = a.seq ? 1 : last.length + 1;
        const canI = size < maxSize && i + 1 < own.length;
        const canS = pattern.length < maxLength;
        if (!canI && !canS) continue;
        if (view !== undefined) {
          shared.fill(0);
          after.fill(0);
          let from = a.off;
          for (let g = a.goff; g < a.goff + a.sup; g++) {
            const c = 2 * (gSid[g]!);
            const f = pool[from]!;
            from = gEnd[g]!;
            const q1 = (view[c]!) + (view[c + 1]!);
            if (minGap === 0) {
              for (let q = view[c]!; q < q1; q++) {
                const j = vIdx[q]!;
                shared[j] = (shared[j]!) + 1;
                if (j >= nI && (vLast[q]!) > f) after[j - nI] = (after[j - nI]!) + 1;
              }
            } else {
              const t = (times[f]!) + minGap;
              for (let q = view[c]!; q < q1; q++) {
                const j = vIdx[q]!;
                shared[j] = (shared[j]!) + 1;
                if (j >= nI && (times[vLast[q]!] as number) >= t) after[j - nI] = (after[j - nI]!) + 1;
              }
            }
          }
        }
        const saved = top;
        const savedGroups = gtop;
        let marked = false;
        const nextI: Atom[] = [];
        const nextS: Atom[] = [];
        if (canI) {
          // P+x+y from P+x and P+y (or P→{x,y} from P→x and P→y): the same ends
          for (let k = i + 1; k < own.length; k++) {
            const b = own[k] as Atom;
            if (view !== undefined && (shared[base + k]!) < minCount) continue;
            if (!frequentI(a.item, b.item)) continue;
            if (plain && !marked) {
              markLeft(a, true);
              marked = true;
            }
            const sup = joinSibling(a, b, false);
            if (sup > 0) keep(b.item, false, sup, nextI);
          }
        }
        if (canS) {
          if (a.seq && gapped) {
            // P→x→y: from L(P→x) and the item list of y (P→y may be infrequent under maxGap)
            for (const y of succS[a.item] as Int32Array) {
              const sup = joinItem(a, y, true);
              if (sup > 0) keep(y, true, sup, nextS);
            }
          } else {
            // P→x→y from L(P→x) and L(P→y); P+x→y from L(P+x) and L(P→y)
            for (let k = 0; k < sAtoms.length; k++) {
              const b = sAtoms[k] as Atom;
              if (view !== undefined && (after[k]!) < minCount) continue;
              if (!frequentS(a.item, b.item)) continue;
              if (plain && !marked) {
                markLeft(a, canI);
                marked = true;
              }
              const sup = joinSibling(a, b, true);
              if (sup > 0) keep(b.item, true, sup, nextS);
            }
          }
        }
        if (nextI.length > 0 || nextS.length > 0) mineClass(pattern, nextI, nextS, depth + 1);
        top = saved;
        gtop = savedGroups;
      }
    }
    if (view !== undefined) dropView(view, iAtoms, sAtoms);
    vtop = savedView;
  };

  // ---- classes of the single items: their 2-pattern lists from the item lists
  for (let x = 0; x < m; x++) {
    if ((itemSup[x]!) < minCount) continue;
    const xOff = itemOff[x]!;
    const xLen = (itemOff[x + 1]!) - xOff;
    const xSup = itemSup[x]!;
    top = 0;
    gtop = 0;
    reserve(xLen);
    pool.set(itemEv.subarray(xOff, xOff + xLen), 0);
    if (windowed) for (let k = 0; k < xLen; k++) starts[k] = times[pool[k]!] as number;
    if (plain) {
      reserveGroups(xSup);
      for (let g = 0; g < xSup; g++) {
        gSid[g] = itemGSid[(itemGOff[x]!) + g] as number;
        gEnd[g] = (itemGEnd[(itemGOff[x]!) + g] as number) - xOff;
      }
      gtop = xSup;
    }
    const ax: Atom = { item: x, seq: true, off: 0, len: xLen, sup: xSup, goff: 0 };
    top = xLen;
    const ys = succI[x] ?? none;
    if (plain) markLeft(ax, ys.length > 0);
    const iAtoms: Atom[] = [];
    const sAtoms: Atom[] = [];
    for (const y of ys) {
      const sup = joinItem(ax, y, false);
      if (sup > 0) keep(y, false, sup, iAtoms);
    }
    for (const y of succS[x] ?? none) {
      const sup = joinItem(ax, y, true);
      if (sup > 0) keep(y, true, sup, sAtoms);
    }
    out([[x]], xSup);
    if (iAtoms.length > 0 || sAtoms.length > 0) mineClass([[x]], iAtoms, sAtoms, 0);
  }
}
