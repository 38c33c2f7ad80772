/**
 * `createRfmAccumulator`: the RFM summary as a mergeable monoid, so shards, workers or a stream
 * give exactly the one-pass answer. Per customer it keeps first/last purchase (min/max), the
 * amount as exact Shewchuk partials (order-independent), and the order key set needed for
 * distinct counts: nothing for `'row'`, a day bitmap for days, the order-id set for order ids.
 */
import { CrmError, TransactionSchema, afterAsOfError, invalidInput, toId, tryDayNumber, zodToCrmError, type AfterAsOf, type Transaction, invalidOption } from '../core/index.js';
import { checkEnvelope } from '../core/envelope.js';
import { invalidModel } from '../core/errors.js';
import { DayBits } from './day-bits.js';
import { fastDayNumber } from './iso-day.js';
import { CustomerSlots } from './customer-slots.js';
import { makeSummary, parseSummarizeOptions, type OrderKey, type RfmSummary, type SummarizeOptions } from './options.js';

/** A mergeable RFM summary under construction. */
export interface RfmAccumulator {
  /** Add one transaction row (validated like `summarize`'s rows; errors carry `[rowIndex, field]`, counted per accumulator). */
  add(row: Transaction): void;
  /** Add every row of another accumulator (same `asOf` day and `orderKey`); `other` is not changed. */
  merge(other: RfmAccumulator): void;
  /** The summaries so far, sorted by `customerId` (equal to `summarize` on the same rows). */
  result(): RfmSummary[];
  /**
   * The full state as plain JSON (e.g. to send from a worker or store a shard);
   * {@link restoreRfmAccumulator} turns it back into an accumulator. Exact: numbers round-trip.
   */
  snapshot(): RfmAccumulatorState;
  /** Number of customers seen. */
  readonly customers: number;
  /** Number of rows added (directly, or through merges), including rows excluded as after asOf. */
  readonly rows: number;
  /** Rows left out because they were dated after asOf (`afterAsOf: 'exclude'`; 0 otherwise). */
  readonly excludedAfterAsOf: number;
}

/** A serialised accumulator (see `snapshot`). One entry per customer: `[customerId, firstDay, lastDay, sumPartials, rows, orderIds | null, days | null]`. */
export interface RfmAccumulatorState {
  /** The saved-state kind (core/envelope.ts), as the basket accumulator's; absent in snapshots before 0.5.0. */
  kind?: 'rfm-accumulator';
  version: 1;
  asOfDay: number;
  orderKey: OrderKey;
  rows: number;
  /** Rows left out as dated after asOf (absent in snapshots of older releases: 0). */
  excludedAfterAsOf?: number;
  customers: [string, number, number, number[], number, string[] | null, number[] | null][];
}

/** Accumulator state: customers are slots of a {@link CustomerSlots} store found through a Map from id to slot. */
interface Internal {
  asOfDay: number;
  orderKey: OrderKey;
  slots: Map<string, number>;
  /** Customer id per slot. */
  ids: string[];
  sums: CustomerSlots;
  /** Order ids per slot (orderKey 'auto' / 'orderId'), and the order id added last. */
  orders: Array<Set<string> | undefined>;
  lastOrder: Array<string | undefined>;
  /** Purchase days per slot (orderKey 'day', or 'auto' rows without an order id). */
  days: Array<DayBits | undefined>;
  rows: number;
  excluded: number;
}

const internals = new WeakMap<RfmAccumulator, Internal>();

function rowError(row: unknown, index: number): CrmError {
  if (typeof row !== 'object' || row === null) {
    return new CrmError('INVALID_INPUT', 'a transaction must be an object', { path: [index], expected: 'an object with customerId, date and amount', received: row });
  }
  const parsed = TransactionSchema.safeParse(row);
  if (!parsed.success) return zodToCrmError(parsed.error, [index]);
  return new CrmError('INVALID_INPUT', 'invalid transaction', { path: [index] });
}

/** The slot of a customer, created empty when new. */
function slotOf(state: Internal, id: string): number {
  let k = state.slots.get(id);
  if (k === undefined) {
    k = state.sums.add();
    state.ids.push(id);
    state.slots.set(id, k);
  }
  return k;
}

/** A fresh, empty internal state. */
function emptyState(asOfDay: number, orderKey: OrderKey): Internal {
  return { asOfDay, orderKey, slots: new Map(), ids: [], sums: new CustomerSlots(), orders: [], lastOrder: [], days: [], rows: 0, excluded: 0 };
}

/**
 * Create an empty, mergeable RFM accumulator. Memory grows with customers (plus, per customer,
 * a day bitmap for day-counted orders or the set of order ids for `orderId`-counted ones), never
 * with the number of rows. Any split of the rows into accumulators, merged in any order, gives
 * exactly `summarize` of all rows (amounts are summed exactly and rounded once).
 *
 * @example
 * ```ts
 * import { createRfmAccumulator } from 'crm-analytics/rfm';
 * const a = createRfmAccumulator({ asOf: '2024-02-01' });
 * const b = createRfmAccumulator({ asOf: '2024-02-01' });
 * a.add({ customerId: 'x', date: '2024-01-01', amount: 10 });
 * b.add({ customerId: 'x', date: '2024-01-20', amount: 5 });
 * a.merge(b);
 * a.result(); // [{ customerId: 'x', recency: 12, frequency: 2, monetary: 15, ... }]
 * ```
 */
export function createRfmAccumulator(options: SummarizeOptions): RfmAccumulator {
  const { asOfDay, orderKey, afterAsOf } = parseSummarizeOptions(options);
  const exclude: boolean = afterAsOf === 'exclude';
  const state = emptyState(asOfDay, orderKey);
  const limit = asOfDay + 1;
  let lastDateText: string | undefined;
  let lastDate = 0;
  let lastId: string | undefined;
  let lastSlot = -1;

  const acc: RfmAccumulator = {
    add(row: Transaction): void {
      const index = state.rows;
      const r = row as unknown as Record<string, unknown> | null;
      if (typeof r !== 'object' || r === null) throw rowError(row, index);
      const id = toId(r.customerId);
      // Lines of one order repeat the same date string: parse it once.
      const date = r.date;
      let d: number | undefined;
      if (typeof date === 'string' && date === lastDateText) d = lastDate;
      else {
        d = typeof date === 'string' ? (fastDayNumber(date) ?? tryDayNumber(date)) : tryDayNumber(date);
        if (typeof date === 'string' && d !== undefined) {
          lastDateText = date;
          lastDate = d;
        }
      }
      const a = r.amount;
      if (id === undefined || d === undefined || typeof a !== 'number' || !Number.isFinite(a)) throw rowError(row, index);
      const o = r.orderId;
      let oid: string | undefined;
      if (o !== undefined) {
        oid = toId(o);
        if (oid === undefined) throw rowError(row, index);
      }
      if (r.item !== undefined && toId(r.item) === undefined) throw rowError(row, index);
      if (r.quantity !== undefined && (typeof r.quantity !== 'number' || !Number.isFinite(r.quantity))) throw rowError(row, index);
      if (d >= limit) {
        if (!exclude) throw afterAsOfError([index, 'date'], d, asOfDay);
        state.excluded += 1;
        state.rows = index + 1;
        return;
      }
      if (orderKey === 'orderId' && oid === undefined) {
        invalidInput([index, 'orderId'], 'row has no orderId but orderKey is "orderId"', 'a non-empty string or finite number');
      }
      const k = id === lastId ? lastSlot : slotOf(state, id);
      lastId = id;
      lastSlot = k;
      state.sums.addRow(k, d, a);
      if (orderKey === 'row') {
        // nothing more to keep
      } else if (oid !== undefined && orderKey !== 'day') {
        if (oid !== state.lastOrder[k]) {
          let set = state.orders[k];
          if (set === undefined) state.orders[k] = set = new Set();
          set.add(oid);
          state.lastOrder[k] = oid;
        }
      } else {
        let days = state.days[k];
        if (days === undefined) state.days[k] = days = new DayBits();
        days.add(Math.floor(d));
      }
      state.rows = index + 1;
    },

    merge(other: RfmAccumulator): void {
      const o = internals.get(other);
      if (o === undefined) invalidInput(['other'], 'can only merge an accumulator made by createRfmAccumulator', 'an RfmAccumulator', other);
      if (o === state) invalidInput(['other'], 'cannot merge an accumulator into itself', 'a different accumulator');
      if (o.asOfDay !== asOfDay) invalidOption(['other', 'asOf'], 'accumulators have different asOf days', `day ${asOfDay}`, o.asOfDay);
      if (o.orderKey !== orderKey) invalidOption(['other', 'orderKey'], 'accumulators count orders differently', orderKey, o.orderKey);
      for (let j = 0; j < o.ids.length; j++) {
        const k = slotOf(state, o.ids[j] as string);
        state.sums.mergeSlot(k, o.sums, j);
        const orders = o.orders[j];
        if (orders !== undefined) {
          let set = state.orders[k];
          if (set === undefined) state.orders[k] = set = new Set();
          for (const x of orders) set.add(x);
        }
        const days = o.days[j];
        if (days !== undefined) {
          let mine = state.days[k];
          if (mine === undefined) state.days[k] = mine = new DayBits();
          mine.addAll(days);
        }
      }
      state.rows += o.rows;
      state.excluded += o.excluded;
    },

    result(): RfmSummary[] {
      // Customer-id order = UTF-16 code units (compareIds' order), which is what the comparator-free
      // native sort of strings uses; each sorted id then finds its slot (≈ 2× faster than sorting
      // slot numbers with a comparator on 245k customers).
      const ids = state.ids;
      const sorted = ids.slice().sort();
      const sums = state.sums;
      return sorted.map((id) => {
        const k = state.slots.get(id) as number;
        const frequency = orderKey === 'row' ? sums.rows(k) : (state.orders[k]?.size ?? 0) + (state.days[k]?.count() ?? 0);
        return makeSummary(id, sums.first(k), sums.last(k), frequency, sums.monetary(k), asOfDay);
      });
    },

    snapshot(): RfmAccumulatorState {
      const customers: RfmAccumulatorState['customers'] = [];
      const sums = state.sums;
      state.ids.forEach((id, k) => {
        const orders = state.orders[k];
        const days = state.days[k];
        customers.push([
          id,
          sums.first(k),
          sums.last(k),
          sums.sumPartials(k),
          sums.rows(k),
          orders === undefined ? null : [...orders],
          days === undefined ? null : days.list(),
        ]);
      });
      return { kind: 'rfm-accumulator', version: 1, asOfDay, orderKey, rows: state.rows, excludedAfterAsOf: state.excluded, customers };
    },

    get customers(): number {
      return state.ids.length;
    },
    get rows(): number {
      return state.rows;
    },
    get excludedAfterAsOf(): number {
      return state.excluded;
    },
  };
  internals.set(acc, state);
  return acc;
}

/** Day numbers of valid dates: ECMAScript dates reach ±8.64e15 ms = ±1e8 days. */
const MAX_DAY = 100_000_000;

function isDay(x: unknown): x is number {
  return Number.isInteger(x) && Math.abs(x as number) <= MAX_DAY;
}

function badState(path: (string | number)[], message: string, received?: unknown): never {
  invalidModel(['state', ...path], message, 'a snapshot() of an RfmAccumulator', received);
}

/**
 * Rebuild an accumulator from `snapshot()` output (e.g. after `JSON.parse`), to merge shards
 * computed in other workers or processes.
 *
 * @throws CrmError `INVALID_MODEL` with the path of the first broken field (another kind of state, a
 * newer version, a tampered entry).
 *
 * @example
 * ```ts
 * import { createRfmAccumulator, restoreRfmAccumulator } from 'crm-analytics/rfm';
 * const shard = createRfmAccumulator({ asOf: '2024-02-01' });
 * shard.add({ customerId: 'x', date: '2024-01-01', amount: 10 });
 * const wire = JSON.stringify(shard.snapshot());
 * const total = createRfmAccumulator({ asOf: '2024-02-01' });
 * total.merge(restoreRfmAccumulator(JSON.parse(wire)));
 * total.result()[0].monetary; // 10
 * ```
 */
export function restoreRfmAccumulator(state: RfmAccumulatorState): RfmAccumulator {
  // One rule for saved models and states (core/envelope.ts, as restoreBasketAccumulator): another kind or a
  // newer version is INVALID_MODEL saying what to do. Snapshots before 0.5.0 carry no kind: read them as version 1.
  const legacy = typeof state === 'object' && state !== null && !('kind' in state) && state.version === 1;
  if (!legacy) checkEnvelope(state, 'rfm-accumulator', 1, ['state']);
  if (!isDay(state.asOfDay)) badState(['asOfDay'], `asOfDay must be an integer day number within ±${MAX_DAY} (a valid date)`, state.asOfDay);
  if (!Number.isSafeInteger(state.rows) || state.rows < 0) badState(['rows'], 'rows must be a non-negative integer', state.rows);
  const excluded = state.excludedAfterAsOf ?? 0;
  if (!Number.isSafeInteger(excluded) || excluded < 0 || excluded > state.rows) badState(['excludedAfterAsOf'], 'excludedAfterAsOf must be an integer in [0, rows]', excluded);
  if (!Array.isArray(state.customers)) badState(['customers'], 'customers must be an array', state.customers);
  const acc = createRfmAccumulator({ asOf: state.asOfDay * 86_400_000, orderKey: state.orderKey });
  const internal = internals.get(acc) as Internal;
  const orderKey = internal.orderKey;
  let rowSum = 0;
  state.customers.forEach((entry, i) => {
    if (!Array.isArray(entry) || entry.length !== 7) badState(['customers', i], 'a customer entry must have 7 fields', entry);
    const [id, first, last, sum, rows, ids, days] = entry;
    if (typeof id !== 'string' || id.length === 0) badState(['customers', i, 0], 'customerId must be a non-empty string', id);
    if (typeof first !== 'number' || typeof last !== 'number' || !(Math.abs(first) <= MAX_DAY) || !(Math.abs(last) <= MAX_DAY) || first > last || Math.floor(last) > state.asOfDay) {
      badState(['customers', i, 1], 'first/last days must be finite day numbers with first <= last <= asOfDay', [first, last]);
    }
    if (!Array.isArray(sum) || sum.length > 64 || !sum.every((v) => typeof v === 'number' && Number.isFinite(v))) badState(['customers', i, 3], 'sum partials must be at most 64 finite numbers', sum);
    if (!Number.isSafeInteger(rows) || rows < 1) badState(['customers', i, 4], 'rows must be a positive integer', rows);
    rowSum += rows;
    if (ids !== null && (!Array.isArray(ids) || ids.length > rows || !ids.every((x) => typeof x === 'string' && x.length > 0))) {
      badState(['customers', i, 5], 'orderIds must be at most rows non-empty strings, or null', ids);
    }
    if (days !== null) {
      if (!Array.isArray(days) || days.length > rows) badState(['customers', i, 6], 'days must be at most rows day numbers, or null', days);
      const lo = Math.floor(first);
      const hi = Math.floor(last);
      for (let j = 0; j < days.length; j++) {
        const d: unknown = days[j];
        if (!Number.isInteger(d) || (d as number) < lo || (d as number) > hi || (j > 0 && (d as number) <= (days[j - 1]!))) {
          badState(['customers', i, 6, j], `days must be increasing integer day numbers between the first and last purchase day (${lo}..${hi})`, d);
        }
      }
    }
    if (orderKey === 'row' ? ids !== null || days !== null : (ids?.length ?? 0) + (days?.length ?? 0) === 0) {
      badState(['customers', i], orderKey === 'row' ? "orderKey 'row' keeps no order ids or days" : 'a customer needs at least one order id or purchase day', entry);
    }
    if (internal.slots.has(id)) badState(['customers', i, 0], 'duplicate customerId', id);
    const k = slotOf(internal, id);
    internal.sums.setDaysAndRows(k, first, last, rows);
    for (const p of sum) internal.sums.addAmount(k, p);
    if (ids !== null) internal.orders[k] = new Set(ids);
    if (days !== null) {
      const bits = new DayBits();
      for (const d of days) bits.add(d);
      internal.days[k] = bits;
    }
  });
  if (rowSum + excluded > state.rows) badState(['rows'], 'rows must be at least the customers\' rows plus the excluded ones', state.rows);
  internal.rows = state.rows;
  internal.excluded = excluded;
  return acc;
}
