/**
 * A growable bitmap of UTC calendar days: the exact, mergeable set of a customer's purchase
 * days in span/8 bytes (bounded by the customer's active span, not by their transactions).
 * Internal: not exported from the package.
 */
export class DayBits {
  private base = 0;
  private bytes = new Uint8Array(0);

  /** Add one calendar day (an integer day number). */
  add(day: number): void {
    if (this.bytes.length === 0) {
      this.base = Math.floor(day / 8) * 8;
      this.bytes = new Uint8Array(4);
    } else if (day < this.base) {
      const newBase = Math.floor(day / 8) * 8;
      const shift = (this.base - newBase) / 8;
      const grown = new Uint8Array(this.bytes.length + shift);
      grown.set(this.bytes, shift);
      this.bytes = grown;
      this.base = newBase;
    }
    const off = day - this.base;
    const byte = off >> 3;
    if (byte >= this.bytes.length) {
      const grown = new Uint8Array(Math.max(byte + 1, this.bytes.length * 2));
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[byte]! |= 1 << (off & 7);
  }

  /** Add every day of another set. */
  addAll(other: DayBits): void {
    const b = other.bytes;
    for (let j = 0; j < b.length; j++) {
      const v = b[j] as number;
      if (v === 0) continue;
      for (let k = 0; k < 8; k++) if (v & (1 << k)) this.add(other.base + j * 8 + k);
    }
  }

  /** The days in the set, ascending. */
  list(): number[] {
    const out: number[] = [];
    const b = this.bytes;
    for (let j = 0; j < b.length; j++) {
      const v = b[j] as number;
      if (v === 0) continue;
      for (let k = 0; k < 8; k++) if (v & (1 << k)) out.push(this.base + j * 8 + k);
    }
    return out;
  }

  /** Number of distinct days. */
  count(): number {
    let n = 0;
    const b = this.bytes;
    for (let j = 0; j < b.length; j++) {
      let v = b[j] as number;
      while (v !== 0) {
        v &= v - 1;
        n++;
      }
    }
    return n;
  }
}
