/**
 * `createRfmAccumulator`: the RFM summary as a mergeable monoid, so shards, workers or a stream
 * give exactly the one-pass answer. Per customer it keeps first/last purchase (min/max), the
 * amount as exact Shewchuk partials (order-independent), and the order key set needed for
 * distinct counts: nothing for `'row'`, a day bitmap for days, the order-id set for order ids.
 */
import { CrmError, TransactionSchema, invalidInput, tryDayNumber, zodToCrmError, type Transaction } from '../core/index.js';
import { DayBits } from './day-bits.js';
import { fastDayNumber } from './iso-day.js';
import { addPartial, roundPartials } from './exact-sum.js';
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
  /** Number of rows added (directly, or through merges). */
  readonly rows: number;
}

/** A serialised accumulator (see `snapshot`). One entry per customer: `[customerId, firstDay, lastDay, sumPartials, rows, orderIds | null, days | null]`. */
export interface RfmAccumulatorState {
  version: 1;
  asOfDay: number;
  orderKey: OrderKey;
  rows: number;
  customers: [string, number, number, number[], number, string[] | null, number[] | null][];
}

interface CustomerState {
  first: number;
  last: number;
  /** Exact sum as hi + lo + Σ spill (TwoSum double-double; spill holds the rare error of lo). */
  hi: number;
  lo: number;
  spill: number[] | undefined;
  rows: number;
  ids: Set<string> | undefined;
  /** The order id added last: order lines usually come together, so most rows skip the Set. */
  lastOrder: string | undefined;
  days: DayBits | undefined;
}

interface Internal {
  asOfDay: number;
  orderKey: OrderKey;
  customers: Map<string, CustomerState>;
  rows: number;
}

const internals = new WeakMap<RfmAccumulator, Internal>();

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function rowError(row: unknown, index: number): CrmError {
  if (typeof row !== 'object' || row === null) {
    return new CrmError('INVALID_INPUT', 'a transaction must be an object', { path: [index], expected: 'an object with customerId, date and amount', received: row });
  }
  const parsed = TransactionSchema.safeParse(row);
  if (!parsed.success) return zodToCrmError(parsed.error, [index]);
  return new CrmError('INVALID_INPUT', 'invalid transaction', { path: [index] });
}

function newState(): CustomerState {
  return { first: Number.POSITIVE_INFINITY, last: Number.NEGATIVE_INFINITY, hi: 0, lo: 0, spill: undefined, rows: 0, ids: undefined, lastOrder: undefined, days: undefined };
}

/** Add `x` to a customer's exact sum (Knuth TwoSum twice, error-free; see exact-sum.ts). */
function addAmount(s: CustomerState, x: number): void {
  const a = s.hi;
  const t = a + x;
  const bp = t - a;
  const e = a - (t - bp) + (x - bp);
  s.hi = t;
  if (e !== 0) {
    const l = s.lo;
    const u = l + e;
    const bp2 = u - l;
    const e2 = l - (u - bp2) + (e - bp2);
    s.lo = u;
    if (e2 !== 0) addPartial((s.spill ??= []), e2);
  }
}

/** The exact sum of a customer's amounts as Shewchuk partials. */
function sumPartials(s: CustomerState): number[] {
  const out: number[] = [];
  if (s.spill !== undefined) for (const v of s.spill) addPartial(out, v);
  addPartial(out, s.lo);
  addPartial(out, s.hi);
  return out;
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
  const { asOfDay, orderKey } = parseSummarizeOptions(options);
  const state: Internal = { asOfDay, orderKey, customers: new Map(), rows: 0 };
  const limit = asOfDay + 1;
  let lastDateText: string | undefined;
  let lastDate = 0;
  let lastId: string | undefined;
  let lastState: CustomerState | undefined;

  const acc: RfmAccumulator = {
    add(row: Transaction): void {
      const index = state.rows;
      const r = row as unknown as Record<string, unknown> | null;
      if (typeof r !== 'object' || r === null) throw rowError(row, index);
      const id = idOf(r.customerId);
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
        oid = idOf(o);
        if (oid === undefined) throw rowError(row, index);
      }
      if (r.item !== undefined && idOf(r.item) === undefined) throw rowError(row, index);
      if (r.quantity !== undefined && (typeof r.quantity !== 'number' || !Number.isFinite(r.quantity))) throw rowError(row, index);
      if (d >= limit) {
        throw new CrmError('INVALID_INPUT', 'transaction is dated after asOf', { path: [index, 'date'], expected: `a date on or before the asOf day (day ${asOfDay})`, received: r.date });
      }
      if (orderKey === 'orderId' && oid === undefined) {
        throw new CrmError('INVALID_INPUT', 'row has no orderId but orderKey is "orderId"', { path: [index, 'orderId'], expected: 'a non-empty string or finite number' });
      }
      let s = id === lastId ? lastState : state.customers.get(id);
      if (s === undefined) {
        s = newState();
        state.customers.set(id, s);
      }
      lastId = id;
      lastState = s;
      if (d < s.first) s.first = d;
      if (d > s.last) s.last = d;
      addAmount(s, a);
      s.rows += 1;
      if (orderKey === 'row') {
        // nothing more to keep
      } else if (oid !== undefined && orderKey !== 'day') {
        if (oid !== s.lastOrder) {
          (s.ids ??= new Set()).add(oid);
          s.lastOrder = oid;
        }
      } else {
        (s.days ??= new DayBits()).add(Math.floor(d));
      }
      state.rows = index + 1;
    },

    merge(other: RfmAccumulator): void {
      const o = internals.get(other);
      if (o === undefined) invalidInput(['other'], 'can only merge an accumulator made by createRfmAccumulator', 'an RfmAccumulator', other);
      if (o === state) invalidInput(['other'], 'cannot merge an accumulator into itself', 'a different accumulator');
      if (o.asOfDay !== asOfDay) throw new CrmError('INVALID_OPTION', 'accumulators have different asOf days', { path: ['other', 'asOf'], expected: `day ${asOfDay}`, received: o.asOfDay });
      if (o.orderKey !== orderKey) throw new CrmError('INVALID_OPTION', 'accumulators count orders differently', { path: ['other', 'orderKey'], expected: orderKey, received: o.orderKey });
      for (const [id, os] of o.customers) {
        let s = state.customers.get(id);
        if (s === undefined) {
          s = newState();
          state.customers.set(id, s);
        }
        if (os.first < s.first) s.first = os.first;
        if (os.last > s.last) s.last = os.last;
        addAmount(s, os.hi);
        addAmount(s, os.lo);
        if (os.spill !== undefined) for (const p of os.spill) addAmount(s, p);
        s.rows += os.rows;
        if (os.ids !== undefined) {
          const ids = (s.ids ??= new Set());
          for (const x of os.ids) ids.add(x);
        }
        if (os.days !== undefined) (s.days ??= new DayBits()).addAll(os.days);
      }
      state.rows += o.rows;
    },

    result(): RfmSummary[] {
      // The default sort compares strings by UTF-16 code units, the order of compareIds, without a
      // comparator call per comparison (245k customers: 0.4 s → 0.1 s).
      const ids = [...state.customers.keys()].sort();
      return ids.map((id) => {
        const s = state.customers.get(id) as CustomerState;
        const frequency = orderKey === 'row' ? s.rows : (s.ids?.size ?? 0) + (s.days?.count() ?? 0);
        const monetary = s.lo === 0 && s.spill === undefined ? s.hi : roundPartials(sumPartials(s));
        return makeSummary(id, s.first, s.last, frequency, monetary, asOfDay);
      });
    },

    snapshot(): RfmAccumulatorState {
      const customers: RfmAccumulatorState['customers'] = [];
      for (const [id, s] of state.customers) {
        customers.push([id, s.first, s.last, sumPartials(s), s.rows, s.ids === undefined ? null : [...s.ids], s.days === undefined ? null : s.days.list()]);
      }
      return { version: 1, asOfDay, orderKey, rows: state.rows, customers };
    },

    get customers(): number {
      return state.customers.size;
    },
    get rows(): number {
      return state.rows;
    },
  };
  internals.set(acc, state);
  return acc;
}

function badState(path: (string | number)[], message: string, received?: unknown): never {
  throw new CrmError('INVALID_INPUT', message, { path: ['state', ...path], expected: 'a snapshot() of an RfmAccumulator', received });
}

/**
 * Rebuild an accumulator from `snapshot()` output (e.g. after `JSON.parse`), to merge shards
 * computed in other workers or processes.
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
  if (typeof state !== 'object' || state === null || state.version !== 1) badState([], 'unknown accumulator state', state);
  if (!Number.isInteger(state.asOfDay)) badState(['asOfDay'], 'asOfDay must be an integer day number', state.asOfDay);
  if (!Number.isInteger(state.rows) || state.rows < 0) badState(['rows'], 'rows must be a non-negative integer', state.rows);
  if (!Array.isArray(state.customers)) badState(['customers'], 'customers must be an array', state.customers);
  const acc = createRfmAccumulator({ asOf: state.asOfDay * 86_400_000, orderKey: state.orderKey });
  const internal = internals.get(acc) as Internal;
  state.customers.forEach((entry, i) => {
    if (!Array.isArray(entry) || entry.length !== 7) badState(['customers', i], 'a customer entry must have 7 fields', entry);
    const [id, first, last, sum, rows, ids, days] = entry;
    if (typeof id !== 'string' || id.length === 0) badState(['customers', i, 0], 'customerId must be a non-empty string', id);
    if (!Number.isFinite(first) || !Number.isFinite(last) || first > last || Math.floor(last) > state.asOfDay) badState(['customers', i, 1], 'first/last days are inconsistent', [first, last]);
    if (!Array.isArray(sum) || !sum.every((v) => Number.isFinite(v))) badState(['customers', i, 3], 'sum partials must be finite numbers', sum);
    if (!Number.isInteger(rows) || rows < 1) badState(['customers', i, 4], 'rows must be a positive integer', rows);
    if (ids !== null && (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string'))) badState(['customers', i, 5], 'orderIds must be strings or null', ids);
    if (days !== null && (!Array.isArray(days) || !days.every((x) => Number.isInteger(x)))) badState(['customers', i, 6], 'days must be integers or null', days);
    if (internal.customers.has(id)) badState(['customers', i, 0], 'duplicate customerId', id);
    const s = newState();
    s.first = first;
    s.last = last;
    for (const p of sum) addAmount(s, p);
    s.rows = rows;
    if (ids !== null) s.ids = new Set(ids);
    if (days !== null) {
      s.days = new DayBits();
      for (const d of days) s.days.add(d);
    }
    internal.customers.set(id, s);
  });
  internal.rows = state.rows;
  return acc;
}
