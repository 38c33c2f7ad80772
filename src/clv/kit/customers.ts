/**
 * Customer mapping of the BTYD transaction models (issue 17 item 4): a prediction takes one
 * customer `{ frequency, recency, T }` (returns a number) or many — an array of them or columns
 * (returns an array in input order) — and validates each customer before the model sees it.
 */
import { invalidInput } from '../../core/index.js';
import { checkCustomer, rowAccessor, rowCount } from '../btyd-data.js';
import type { BtydCustomer, BtydData } from '../types.js';

/** `fn` over every row of `data`, in order, each row validated (error paths name the row). */
export function mapRows<T>(data: BtydData, fn: (c: BtydCustomer) => T): T[] {
  const n = rowCount(data);
  const get = rowAccessor(data);
  const out = new Array<T>(n);
  for (let i = 0; i < n; i++) {
    const c = get(i);
    checkCustomer(c.frequency, c.recency, c.T, c.path);
    out[i] = fn({ frequency: c.frequency, recency: c.recency, T: c.T });
  }
  return out;
}

/** Is `customer` many customers (an array or `{ frequency: [...], … }` columns)? */
function isMany(customer: unknown): customer is BtydData {
  return Array.isArray(customer) || (typeof customer === 'object' && customer !== null && typeof (customer as { frequency?: unknown }).frequency === 'object');
}

/** `fn` of one validated customer (a number out), or of each of many (an array out). */
export function mapCustomers<T>(customer: BtydCustomer | BtydData, fn: (c: BtydCustomer) => T): T | T[] {
  if (isMany(customer)) return mapRows(customer, fn);
  if (typeof customer !== 'object' || customer === null) {
    invalidInput(['customer'], 'customer must be { frequency, recency, T } or an array of them', 'an object or array', customer);
  }
  checkCustomer(customer.frequency, customer.recency, customer.T, (f) => ['customer', f]);
  return fn(customer);
}
