/**
 * Exact, order-independent summation of amounts. A sum is held as a short list of
 * non-overlapping partials (Shewchuk 1997, "Adaptive precision floating-point arithmetic and
 * fast robust geometric predicates", Discrete Comput. Geom. 18:305–363; the same algorithm as
 * Python's `math.fsum`), so the exact real sum is kept and rounded once at the end. That makes
 * one pass, any sharding and any merge order give bit-identical monetary totals.
 * Internal: not exported from the package.
 */

/** Add `x` to the partials in place (Shewchuk's grow-expansion, as in Python `msum`). */
export function addPartial(partials: number[], x: number): void {
  // Fast paths for the common 0 or 1 partial (writing `.length` is slow in V8's hot loops).
  const len = partials.length;
  if (len === 0) {
    partials.push(x);
    return;
  }
  if (len === 1) {
    let a = partials[0]!;
    let b = x;
    if (Math.abs(b) < Math.abs(a)) {
      const t = a;
      a = b;
      b = t;
    }
    // |b| >= |a|: Fast2Sum (Dekker 1971)
    const hi = b + a;
    const lo = a - (hi - b);
    if (lo !== 0) {
      partials[0] = lo;
      partials.push(hi);
    } else partials[0] = hi;
    return;
  }
  let i = 0;
  for (let j = 0; j < partials.length; j++) {
    let y = partials[j]!;
    if (Math.abs(x) < Math.abs(y)) {
      const t = x;
      x = y;
      y = t;
    }
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) partials[i++] = lo;
    x = hi;
  }
  if (i + 1 !== partials.length) partials.length = i + 1;
  partials[i] = x;
}

/**
 * The correctly rounded (round-half-even) value of the exact sum held in `partials`
 * (CPython `math_fsum` final step).
 */
export function roundPartials(partials: readonly number[]): number {
  let n = partials.length;
  if (n === 0) return 0;
  n -= 1;
  let hi = partials[n]!;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    n -= 1;
    const y = partials[n]!;
    hi = x + y;
    const yr = hi - x;
    lo = y - yr;
    if (lo !== 0) break;
  }
  if (n > 0) {
    const next = partials[n - 1]!;
    if ((lo < 0 && next < 0) || (lo > 0 && next > 0)) {
      const y = lo * 2;
      const x = hi + y;
      const yr = x - hi;
      if (y === yr) hi = x;
    }
  }
  return hi;
}

/**
 * A fast exact accumulator for many sums at once (one per customer): a double-double
 * (hi, lo) pair per slot updated with Knuth's error-free TwoSum (TAOCP vol. 2, §4.2.2), and the
 * rare rounding error of the `lo` update spilled into Shewchuk partials, so hi + lo + spill is
 * always the exact sum. `value(k)` rounds it once.
 */
export class ExactSums {
  readonly hi: Float64Array;
  readonly lo: Float64Array;
  private readonly spill = new Map<number, number[]>();

  constructor(size: number) {
    this.hi = new Float64Array(size);
    this.lo = new Float64Array(size);
  }

  /** Add `x` to slot `k`. */
  add(k: number, x: number): void {
    const a = this.hi[k]!;
    const s = a + x;
    const bp = s - a;
    const e = a - (s - bp) + (x - bp);
    this.hi[k] = s;
    if (e !== 0) {
      const l = this.lo[k]!;
      const t = l + e;
      const bp2 = t - l;
      const e2 = l - (t - bp2) + (e - bp2);
      this.lo[k] = t;
      if (e2 !== 0) this.addSpill(k, e2);
    }
  }

  private addSpill(k: number, x: number): void {
    let p = this.spill.get(k);
    if (p === undefined) {
      p = [];
      this.spill.set(k, p);
    }
    addPartial(p, x);
  }

  /** The exact sum of slot `k` as partials (for merging elsewhere). */
  partials(k: number): number[] {
    const out: number[] = [];
    const sp = this.spill.get(k);
    if (sp !== undefined) for (const v of sp) addPartial(out, v);
    addPartial(out, this.lo[k]!);
    addPartial(out, this.hi[k]!);
    return out;
  }

  /** The correctly rounded sum of slot `k`. */
  value(k: number): number {
    const l = this.lo[k]!;
    if (l === 0 && !this.spill.has(k)) return this.hi[k]!;
    return roundPartials(this.partials(k));
  }
}
