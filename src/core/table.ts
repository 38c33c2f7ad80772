/**
 * The columnar transaction table every transaction model reads. Built once, in one pass, from
 * plain rows; inner loops then work on typed arrays instead of objects.
 */
import { CrmError } from './errors.js';
import { intern } from './intern.js';
import { TransactionSchema, zodToCrmError, type Transaction } from './schemas.js';
import { tryDayNumber } from './time.js';

/**
 * Validated, columnar transactions. Customer, order and item ids are dictionary-coded; the
 * customer dictionary is sorted (JavaScript string order) so index order is id order.
 */
export interface TransactionTable {
  readonly kind: 'TransactionTable';
  /** Number of rows. */
  readonly length: number;
  /** Distinct customer ids, sorted; `customer[i]` indexes into it. */
  readonly customerIds: readonly string[];
  /** Customer index per row. */
  readonly customer: Int32Array;
  /** UTC day number per row (fractional when the date had a time). */
  readonly day: Float64Array;
  /** Amount per row (negative for returns). */
  readonly amount: Float64Array;
  /** Distinct order ids in first-seen order, or `undefined` when no row had one. */
  readonly orderIds: readonly string[] | undefined;
  /** Order index per row (-1 where the row had none), or `undefined`. */
  readonly order: Int32Array | undefined;
  /** Distinct items in first-seen order, or `undefined` when no row had one. */
  readonly items: readonly string[] | undefined;
  /** Item index per row (-1 where the row had none), or `undefined`. */
  readonly item: Int32Array | undefined;
  /** Quantity per row (NaN where absent), or `undefined` when no row had one. */
  readonly quantity: Float64Array | undefined;
}

/** Is this value a prepared `TransactionTable`?  *
 * @example
 * ```ts
 * isTransactionTable(prepareTransactions([])); // true
 * isTransactionTable([]); // false
 * ```
 */
export function isTransactionTable(value: unknown): value is TransactionTable {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'TransactionTable';
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function rowError(rows: readonly unknown[], index: number): CrmError {
  const row = rows[index];
  if (typeof row !== 'object' || row === null) {
    return new CrmError('INVALID_INPUT', 'a transaction must be an object', {
      path: [index],
      expected: 'an object with customerId, date and amount',
      received: row,
    });
  }
  const result = TransactionSchema.safeParse(row);
  if (!result.success) return zodToCrmError(result.error, [index]);
  return new CrmError('INVALID_INPUT', 'invalid transaction', { path: [index] });
}

/**
 * Validate transaction rows and build a columnar {@link TransactionTable} in one pass.
 * A table passed in is returned as is. Throws `CrmError` with the row index and field
 * (e.g. `path: [41, 'date']`) for the first bad row.
 *
 * @example
 * ```ts
 * const table = prepareTransactions([
 *   { customerId: 'a', date: '2024-01-01', amount: 10 },
 *   { customerId: 'b', date: '2024-01-03', amount: 5, orderId: 'o2' },
 * ]);
 * table.customerIds; // ['a', 'b']
 * ```
 */
export function prepareTransactions(rows: readonly Transaction[] | TransactionTable): TransactionTable {
  if (isTransactionTable(rows)) return rows;
  if (!Array.isArray(rows)) {
    throw new CrmError('INVALID_INPUT', 'transactions must be an array of rows or a TransactionTable', {
      expected: 'an array',
      received: rows,
    });
  }
  const n = rows.length;
  const customerRaw = new Int32Array(n);
  const day = new Float64Array(n);
  const amount = new Float64Array(n);
  let order: Int32Array | undefined;
  let item: Int32Array | undefined;
  let quantity: Float64Array | undefined;
  const customerMap = new Map<string, number>();
  const customerList: string[] = [];
  const orderMap = new Map<string, number>();
  const orderList: string[] = [];
  const itemMap = new Map<string, number>();
  const itemList: string[] = [];

  for (let i = 0; i < n; i++) {
    const row = rows[i] as Record<string, unknown> | null | undefined;
    if (typeof row !== 'object' || row === null) throw rowError(rows, i);
    const id = idOf(row.customerId);
    const d = tryDayNumber(row.date);
    const a = row.amount;
    if (id === undefined || d === undefined || typeof a !== 'number' || !Number.isFinite(a)) throw rowError(rows, i);
    customerRaw[i] = intern(customerMap, customerList, id);
    day[i] = d;
    amount[i] = a;
    const o = row.orderId;
    if (o !== undefined) {
      const oid = idOf(o);
      if (oid === undefined) throw rowError(rows, i);
      if (order === undefined) order = new Int32Array(n).fill(-1);
      order[i] = intern(orderMap, orderList, oid);
    }
    const it = row.item;
    if (it !== undefined) {
      const iid = idOf(it);
      if (iid === undefined) throw rowError(rows, i);
      if (item === undefined) item = new Int32Array(n).fill(-1);
      item[i] = intern(itemMap, itemList, iid);
    }
    const q = row.quantity;
    if (q !== undefined) {
      if (typeof q !== 'number' || !Number.isFinite(q)) throw rowError(rows, i);
      if (quantity === undefined) quantity = new Float64Array(n).fill(Number.NaN);
      quantity[i] = q;
    }
  }

  // Sort the customer dictionary so that index order is id order, then remap in one pass.
  const sortedIds = [...customerList].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const remap = new Int32Array(customerList.length);
  for (let k = 0; k < sortedIds.length; k++) remap[customerMap.get(sortedIds[k] as string) as number] = k;
  const customer = new Int32Array(n);
  for (let i = 0; i < n; i++) customer[i] = remap[customerRaw[i]!] as number;

  return {
    kind: 'TransactionTable',
    length: n,
    customerIds: sortedIds,
    customer,
    day,
    amount,
    orderIds: order === undefined ? undefined : orderList,
    order,
    items: item === undefined ? undefined : itemList,
    item,
    quantity,
  };
}
