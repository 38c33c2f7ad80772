/**
 * ByteKeyTable (internal to summarizeCsv): (byte string, int32 tag) keys → dense ids 0, 1, 2, … in
 * insertion order. Checked against a plain Map oracle on random key sequences (empty keys, shared
 * prefixes, equal bytes with different tags, keys cut out of bigger buffers at any offset), through
 * table growth from a tiny capacity (long probe runs), with 200k keys, and with keys longer than
 * the 16 MB storage chunk.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteKeyTable, hashBytes } from '../../src/io/byte-key-table.js';

const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');
const keyOf = (tag: number, b: Uint8Array): string => `${tag}|${hex(b)}`;

/** Look up (or add) key bytes[s..e) with tag in the table. */
function put(table: ByteKeyTable, bytes: Uint8Array, s: number, e: number, tag: number): number {
  return table.getOrAdd(bytes, s, e, tag, hashBytes(bytes, s, e, tag));
}

/** Every entry of the table, checked to come in id order 0..size-1. */
function entriesInOrder(table: ByteKeyTable): { tag: number; bytes: Uint8Array }[] {
  const out: { tag: number; bytes: Uint8Array }[] = [];
  for (const { id, tag, bytes } of table.entries()) {
    expect(id).toBe(out.length);
    out.push({ tag, bytes: Uint8Array.from(bytes) });
  }
  expect(out.length).toBe(table.size);
  return out;
}

const enc = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

// Keys from small pools so that they repeat, share prefixes, and come with several tags.
const PREFIXES = ['', 'a', 'ab', 'abc', 'abcd', 'abcde', 'abcdefgh', 'abcdefghi', 'abcdefghijklm', 'b', 'ba', 'C1', 'C10', 'C100', '客户', 'Zoë', '\u0000', '\u0000\u0000'];
const TAGS = [0, 1, 2, -1, 7, 2 ** 31 - 1, -(2 ** 31), 0x9e3779b1 | 0];

const arbKeyBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PREFIXES).map(enc) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 3 }) }, // short random keys collide with each other often
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 4, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PREFIXES), fc.uint8Array({ maxLength: 5 })).map(([p, s]) => new Uint8Array([...enc(p), ...s])) },
);

/** One lookup: key bytes and tag, placed in a bigger buffer at `pad` bytes of offset with `tail` bytes after it. */
const arbOp = fc.record({
  key: arbKeyBytes,
  tag: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...TAGS) }, { weight: 1, arbitrary: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) }),
  pad: fc.nat({ max: 9 }),
  tail: fc.nat({ max: 9 }),
  fill: fc.integer({ min: 0, max: 255 }),
});

describe('hashBytes', () => {
  it('depends only on the bytes of the span and the tag (not on the offset or the bytes around it), and is an int32', () => {
    fc.assert(
      fc.property(arbOp, fc.integer({ min: 0, max: 255 }), ({ key, tag, pad, tail, fill }, other) => {
        const a = new Uint8Array(pad + key.length + tail).fill(fill);
        a.set(key, pad);
        const b = new Uint8Array(key.length + 3).fill(other);
        b.set(key, 3);
        const h = hashBytes(a, pad, pad + key.length, tag);
        expect(h).toBe(hashBytes(b, 3, 3 + key.length, tag));
        expect(h).toBe(hashBytes(key, 0, key.length, tag));
        expect(h | 0).toBe(h);
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it('separates the tag from the bytes and mixes the low bits', () => {
    const k = enc('C1');
    expect(hashBytes(k, 0, 2, 0)).not.toBe(hashBytes(k, 0, 2, 1));
    expect(hashBytes(k, 0, 0, 0)).not.toBe(hashBytes(k, 0, 0, 1));
    // Ids that differ in their last character must not all land in a few buckets of a small table.
    const buckets = new Set<number>();
    for (let i = 0; i < 64; i++) {
      const b = enc(`C${i}`);
      buckets.add(hashBytes(b, 0, b.length, 0) & 63);
    }
    expect(buckets.size).toBeGreaterThan(30);
  });
});

describe('ByteKeyTable against a Map oracle', () => {
  it('gives the oracle ids, added flags and sizes on random key sequences; entries() round-trips every key', () => {
    fc.assert(
      fc.property(fc.array(arbOp, { maxLength: 300 }), fc.constantFrom(0, 1, 2, 16, 1024), (ops, capacity) => {
        const table = new ByteKeyTable(capacity);
        const oracle = new Map<string, number>();
        const keys: { tag: number; bytes: Uint8Array }[] = [];
        for (const { key, tag, pad, tail, fill } of ops) {
          const buf = new Uint8Array(pad + key.length + tail).fill(fill);
          buf.set(key, pad);
          const id = put(table, buf, pad, pad + key.length, tag);
          const k = keyOf(tag, key);
          const want = oracle.get(k);
          if (want === undefined) {
            expect(table.added).toBe(true);
            expect(id).toBe(oracle.size);
            oracle.set(k, id);
            keys.push({ tag, bytes: Uint8Array.from(key) });
          } else {
            expect(table.added).toBe(false);
            expect(id).toBe(want);
          }
          expect(table.size).toBe(oracle.size);
          // The table keeps its own copy: scribbling over the caller's buffer changes nothing.
          buf.fill(fill ^ 0xff);
        }
        const entries = entriesInOrder(table);
        expect(entries.map((e) => keyOf(e.tag, e.bytes))).toEqual(keys.map((e) => keyOf(e.tag, e.bytes)));
        // Every key is still found, with added = false, after all the insertions (and growths).
        for (const { tag, bytes } of keys) {
          const copy = new Uint8Array(bytes.length + 2);
          copy.set(bytes, 1);
          expect(put(table, copy, 1, 1 + bytes.length, tag)).toBe(oracle.get(keyOf(tag, bytes)));
          expect(table.added).toBe(false);
        }
        expect(table.size).toBe(oracle.size);
      }),
      { numRuns: 300, seed: 2 },
    );
  });

  it('tells apart the same bytes under different tags and keys that are prefixes of each other', () => {
    const table = new ByteKeyTable(1);
    const buf = enc('abcabc');
    expect(put(table, buf, 0, 3, 0)).toBe(0); // 'abc', tag 0
    expect(table.added).toBe(true);
    expect(put(table, buf, 3, 6, 0)).toBe(0); // the same bytes at another offset
    expect(table.added).toBe(false);
    expect(put(table, buf, 0, 3, 1)).toBe(1); // 'abc', tag 1
    expect(table.added).toBe(true);
    expect(put(table, buf, 0, 2, 0)).toBe(2); // 'ab'
    expect(put(table, buf, 0, 0, 0)).toBe(3); // ''
    expect(put(table, buf, 4, 4, 0)).toBe(3); // '' at another offset
    expect(table.added).toBe(false);
    expect(put(table, buf, 2, 2, -1)).toBe(4); // '', tag -1
    expect(put(table, buf, 0, 6, 0)).toBe(5); // 'abcabc'
    expect(table.size).toBe(6);
    expect(entriesInOrder(table).map((e) => [e.tag, Buffer.from(e.bytes).toString()])).toEqual([
      [0, 'abc'],
      [1, 'abc'],
      [0, 'ab'],
      [0, ''],
      [-1, ''],
      [0, 'abcabc'],
    ]);
  });

  it('keys forced onto one hash value (tags solved from the bytes) are all told apart, through growth', () => {
    // hashBytes is FNV-1a from a tag-dependent start, then an invertible finaliser: for any bytes there
    // is a tag giving any wanted pre-finaliser state, so full 32-bit collisions can be made at will.
    const inverse = (a: number): number => {
      let x = a;
      for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(a, x));
      return x;
    };
    const P_INV = inverse(0x01000193);
    const G_INV = inverse(0x9e3779b1 | 0);
    const tagFor = (bytes: Uint8Array, state: number): number => {
      let h = state;
      for (let i = bytes.length - 1; i >= 0; i--) h = Math.imul(h, P_INV) ^ (bytes[i] as number);
      return Math.imul(h ^ 0x811c9dc5, G_INV);
    };
    const texts = ['', 'a', 'ab', 'abc', 'abd', 'b', 'ba', '\u0000', '\u0000\u0000', 'C1', 'C10', 'C100', 'Zoë', '客户', 'x'.repeat(40), 'x'.repeat(41)];
    for (let i = 0; i < 200; i++) texts.push(`k${i}`);
    for (const state of [0x12345678, 0, -1]) {
      const keys = texts.map((t) => {
        const bytes = enc(t);
        return { bytes, tag: tagFor(bytes, state) };
      });
      const h = hashBytes(keys[0]!.bytes, 0, keys[0]!.bytes.length, keys[0]!.tag);
      for (const k of keys) expect(hashBytes(k.bytes, 0, k.bytes.length, k.tag)).toBe(h);
      const table = new ByteKeyTable(1);
      keys.forEach((k, i) => {
        // A plain key now and then, between the colliding ones.
        expect(put(table, enc(`plain${i}`), 0, enc(`plain${i}`).length, 0)).toBe(2 * i);
        expect(put(table, k.bytes, 0, k.bytes.length, k.tag)).toBe(2 * i + 1);
        expect(table.added).toBe(true);
      });
      keys.forEach((k, i) => {
        expect(put(table, k.bytes, 0, k.bytes.length, k.tag)).toBe(2 * i + 1);
        expect(table.added).toBe(false);
        // The same bytes under another tag (a different hash) are a new key.
        expect(put(table, k.bytes, 0, k.bytes.length, k.tag ^ 1)).toBe(2 * keys.length + i);
      });
      const entries = entriesInOrder(table);
      keys.forEach((k, i) => expect(keyOf(entries[2 * i + 1]!.tag, entries[2 * i + 1]!.bytes)).toBe(keyOf(k.tag, k.bytes)));
    }
  });

  it('a table created for 1 key grows through many doublings and keeps every id (long linear-probe runs)', () => {
    const table = new ByteKeyTable(1);
    const buf = new Uint8Array(4);
    const view = new DataView(buf.buffer);
    const n = 5000;
    for (let i = 0; i < n; i++) {
      view.setUint32(0, i * 2654435761);
      // Keys 0..n-1 with tag 0, then the same bytes with tag 1: interleaved to mix them.
      expect(put(table, buf, 0, 4, 0)).toBe(2 * i);
      expect(put(table, buf, 0, 4, 1)).toBe(2 * i + 1);
      expect(put(table, buf, 0, 4, 0)).toBe(2 * i);
      expect(table.added).toBe(false);
    }
    expect(table.size).toBe(2 * n);
    for (let i = 0; i < n; i++) {
      view.setUint32(0, i * 2654435761);
      expect(put(table, buf, 0, 4, 1)).toBe(2 * i + 1);
      expect(put(table, buf, 0, 3, 1)).toBe(2 * n + i); // a 3-byte prefix is a new key
    }
  });
});

describe('ByteKeyTable at scale', () => {
  it('200k keys: ids stay dense and stable across every growth; each key is found again; entries in id order', () => {
    const n = 200_000;
    // All keys in one big buffer, each at its own offset: 'K' + decimal i.
    const text = Array.from({ length: n }, (_, i) => `K${i}`).join('');
    const buf = new Uint8Array(Buffer.from(text, 'latin1'));
    const starts = new Int32Array(n + 1);
    for (let i = 0, p = 0; i <= n; i++) {
      starts[i] = p;
      if (i < n) p += 1 + String(i).length;
    }
    const table = new ByteKeyTable(16);
    for (let i = 0; i < n; i++) {
      const id = put(table, buf, starts[i] as number, starts[i + 1] as number, i % 3);
      if (id !== i || !table.added) expect([i, id, table.added]).toEqual([i, i, true]);
      // Re-look-up an earlier key now and then, while the table grows.
      if ((i & 1023) === 1023) {
        const j = (i * 7919) % (i + 1);
        expect(put(table, buf, starts[j] as number, starts[j + 1] as number, j % 3)).toBe(j);
        expect(table.added).toBe(false);
      }
    }
    expect(table.size).toBe(n);
    for (let i = 0; i < n; i++) {
      const id = put(table, buf, starts[i] as number, starts[i + 1] as number, i % 3);
      if (id !== i || table.added) expect([i, id, table.added]).toEqual([i, i, false]);
    }
    // The same bytes with another tag are new keys.
    expect(put(table, buf, starts[5] as number, starts[6] as number, 5)).toBe(n);
    let k = 0;
    for (const { id, tag, bytes } of table.entries()) {
      if (k < n) {
        const want = `K${k}`;
        const got = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
        if (id !== k || tag !== k % 3 || got !== want) expect([id, tag, got]).toEqual([k, k % 3, want]);
      } else expect([id, tag, Buffer.from(bytes).toString('latin1')]).toEqual([n, 5, 'K5']);
      k++;
    }
    expect(k).toBe(n + 1);
  });

  const MB = 1 << 20;
  /** A long key whose bytes are not all equal (so a wrong offset would show). */
  const longKey = (length: number, seed: number): Uint8Array => {
    const b = new Uint8Array(length);
    let x = seed;
    for (let i = 0; i < length; i += 4096) {
      x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + i;
      b[i] = x & 0xff;
    }
    b[length - 1] = seed & 0xff;
    return b;
  };
  const small = (i: number): Uint8Array => enc(`s${i}`);

  it('a 20 MB key (bigger than a 16 MB chunk) first, then small keys: all found, entries round-trip', () => {
    const table = new ByteKeyTable(1);
    const big = longKey(20 * MB, 11);
    expect(put(table, big, 0, big.length, 3)).toBe(0);
    for (let i = 0; i < 3000; i++) expect(put(table, small(i), 0, small(i).length, 0)).toBe(1 + i);
    // A second long key, and the long key with one byte less (same prefix, different key).
    const big2 = longKey(17 * MB + 5, 12);
    expect(put(table, big2, 0, big2.length, 0)).toBe(3001);
    expect(put(table, big, 0, big.length - 1, 3)).toBe(3002);
    for (let i = 3000; i < 4000; i++) expect(put(table, small(i), 0, small(i).length, 0)).toBe(3003 + (i - 3000));
    // Everything is found again.
    expect(put(table, big, 0, big.length, 3)).toBe(0);
    expect(table.added).toBe(false);
    expect(put(table, big2, 0, big2.length, 0)).toBe(3001);
    expect(table.added).toBe(false);
    expect(put(table, big, 0, big.length, 4)).toBe(4003); // other tag
    for (let i = 0; i < 4000; i++) {
      const id = put(table, small(i), 0, small(i).length, 0);
      expect(id).toBe(i < 3000 ? 1 + i : 3003 + (i - 3000));
    }
    expect(table.added).toBe(false);
    const entries = [...table.entries()];
    expect(entries.map((e) => e.id)).toEqual(Array.from({ length: table.size }, (_, i) => i));
    expect(entries[0]!.tag).toBe(3);
    expect(Buffer.compare(Buffer.from(entries[0]!.bytes), Buffer.from(big))).toBe(0);
    expect(Buffer.compare(Buffer.from(entries[3001]!.bytes), Buffer.from(big2))).toBe(0);
    expect(Buffer.compare(Buffer.from(entries[3002]!.bytes), Buffer.from(big.subarray(0, big.length - 1)))).toBe(0);
    expect(Buffer.from(entries[1]!.bytes).toString()).toBe('s0');
    expect(Buffer.from(entries[4002]!.bytes).toString()).toBe('s3999');
  });

  it('medium keys (KBs to MBs) between small keys grow the first chunk by copies and stay readable', () => {
    const table = new ByteKeyTable(1);
    const sizes = [5, 16_000, 40, 65_537, 1, 300_000, 0, 1_000_003, 7, 4_000_000, 12, 9_000_000, 3];
    const keys = sizes.map((n, i) => (n < 100 ? new Uint8Array(Buffer.from(`k${i}`.padEnd(n, '.').slice(0, n))) : longKey(n, 100 + i)));
    keys.forEach((k, i) => expect(put(table, k, 0, k.length, 0)).toBe(i));
    keys.forEach((k, i) => {
      expect(put(table, k, 0, k.length, 0)).toBe(i);
      expect(table.added).toBe(false);
    });
    const entries = [...table.entries()];
    expect(entries.map((e) => e.id)).toEqual(keys.map((_, i) => i));
    entries.forEach((e, i) => expect([i, Buffer.compare(Buffer.from(e.bytes), Buffer.from(keys[i]!))]).toEqual([i, 0]));
  });

  it('small keys, then a key longer than a chunk, then small keys again (and keys that exactly fill a chunk)', () => {
    const table = new ByteKeyTable(4);
    for (let i = 0; i < 2000; i++) expect(put(table, small(i), 0, small(i).length, 1)).toBe(i);
    const big = longKey(16 * MB + 1, 21); // one byte more than a chunk's data
    expect(put(table, big, 0, big.length, 1)).toBe(2000);
    // 16 MB minus the 12-byte entry header: an entry of exactly one chunk.
    const exact = longKey(16 * MB - 12, 22);
    expect(put(table, exact, 0, exact.length, 1)).toBe(2001);
    const justOver = longKey(16 * MB - 11, 23);
    expect(put(table, justOver, 0, justOver.length, 1)).toBe(2002);
    for (let i = 2000; i < 6000; i++) expect(put(table, small(i), 0, small(i).length, 1)).toBe(i + 3);
    for (let i = 0; i < 6000; i++) {
      expect(put(table, small(i), 0, small(i).length, 1)).toBe(i < 2000 ? i : i + 3);
      expect(table.added).toBe(false);
    }
    expect(put(table, big, 0, big.length, 1)).toBe(2000);
    expect(put(table, exact, 0, exact.length, 1)).toBe(2001);
    expect(put(table, justOver, 0, justOver.length, 1)).toBe(2002);
    expect(table.added).toBe(false);
    expect(table.size).toBe(6003);
    const lengths = [...table.entries()].map((e) => [e.id, e.bytes.length]);
    expect(lengths.map(([id]) => id)).toEqual(Array.from({ length: 6003 }, (_, i) => i));
    expect(lengths[2000]![1]).toBe(big.length);
    expect(lengths[2001]![1]).toBe(exact.length);
    expect(lengths[2002]![1]).toBe(justOver.length);
    for (const { id, bytes } of table.entries()) {
      if (id === 2001) expect(Buffer.compare(Buffer.from(bytes), Buffer.from(exact))).toBe(0);
      if (id === 2002) expect(Buffer.compare(Buffer.from(bytes), Buffer.from(justOver))).toBe(0);
    }
  });
});
