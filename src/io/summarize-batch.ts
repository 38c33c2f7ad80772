/**
 * The batching and group prefetching of `summarizeCsv`'s byte path, in its own module (issue
 * 17.3). Records wait in a batch of spans into the current buffer and are added together: first
 * every hash-table and slot line they need is loaded in a tight loop, so the cache misses of a
 * batch overlap instead of following one another (group prefetching; Chen, Ailamaki, Gibbons &
 * Mowry, "Improving hash join performance through prefetching", ICDE 2004; see
 * ByteKeyTable.touch). On 10M rows over 250k customers this took a third off the time.
 */
import type { CustomerSlots } from '../rfm/customer-slots.js';
import { hashBytes, type ByteKeyTable } from './byte-key-table.js';

/** Records per batch. */
export const BATCH = 256;

/** What a batch adds its records to (the summarizer's tables and counters). */
export interface BatchTarget {
  customers: ByteKeyTable;
  orders: ByteKeyTable;
  sums: CustomerSlots;
  /** Are order ids read at all, and is anything but the row counted? */
  readOrders: boolean;
  countsOrders: boolean;
  /** The customer slot of key b[s..e) with hash h (created when new). */
  slotOf(b: Uint8Array, s: number, e: number, h: number): number;
  /** Count an order key b[s..e) with hash h (none when s === e) or the purchase day. */
  countOrder(k: number, day: number, b: Uint8Array, s: number, e: number, h: number): void;
  /** The current order count of slot k (read only to load its line). */
  orderCount(k: number): number;
}

/** A batch of byte-path records: {@link push} them, {@link flush} when the buffer changes or ends. */
export interface RecordBatch {
  push(b: Uint8Array, cs: number, ce: number, ch: number, os: number, oe: number, day: number, amount: number): void;
  flush(): void;
}

/**
 * Create the batch for `target`.
 *
 * @example
 * ```ts
 * const batch = createRecordBatch(target);
 * batch.push(bytes, 0, 2, hashBytes(bytes, 0, 2, 0), 3, 5, 19000, 12.5);
 * batch.flush();
 * ```
 */
export function createRecordBatch(target: BatchTarget): RecordBatch {
  const { customers, orders, sums, readOrders, countsOrders } = target;
  const custStart = new Int32Array(BATCH);
  const custEnd = new Int32Array(BATCH);
  const custHash = new Int32Array(BATCH);
  const orderStart = new Int32Array(BATCH);
  const orderEnd = new Int32Array(BATCH);
  const orderHash = new Int32Array(BATCH);
  const dayOf = new Int32Array(BATCH);
  const amountOf = new Float64Array(BATCH);
  const slotAt = new Int32Array(BATCH);
  let batchBytes: Uint8Array = new Uint8Array(0);
  let pending = 0;
  /** Where the prefetch loads' values go: a store to a closure variable keeps them from being optimised away. */
  let keep = 0;

  const flush = (): void => {
    const n = pending;
    if (n === 0) return;
    pending = 0;
    const b = batchBytes;
    let t = 0;
    for (let i = 0; i < n; i++) t ^= customers.touch(custHash[i]!);
    for (let i = 0; i < n; i++) slotAt[i] = target.slotOf(b, custStart[i]!, custEnd[i]!, custHash[i]!);
    for (let i = 0; i < n; i++) t += sums.touch(slotAt[i]!);
    for (let i = 0; i < n; i++) sums.addRow(slotAt[i]!, dayOf[i]!, amountOf[i]!);
    if (countsOrders) {
      if (readOrders) {
        for (let i = 0; i < n; i++) {
          const s = orderStart[i]!;
          const e = orderEnd[i]!;
          if (s === e) continue;
          const h = hashBytes(b, s, e, slotAt[i]!);
          orderHash[i] = h;
          t ^= orders.touchBucket(h) ^ target.orderCount(slotAt[i]!);
        }
      }
      for (let i = 0; i < n; i++) target.countOrder(slotAt[i]!, dayOf[i]!, b, orderStart[i]!, orderEnd[i]!, orderHash[i]!);
    }
    keep ^= t;
  };

  return {
    push(b, cs, ce, ch, os, oe, day, amount) {
      if (b !== batchBytes) {
        flush();
        batchBytes = b;
      }
      const j = pending++;
      custStart[j] = cs;
      custEnd[j] = ce;
      custHash[j] = ch;
      orderStart[j] = os;
      orderEnd[j] = oe;
      dayOf[j] = day;
      amountOf[j] = amount;
      if (pending === BATCH) flush();
    },
    flush,
  };
}
