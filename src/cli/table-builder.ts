/**
 * A `TransactionTable` built row by row while a file streams in, so that no array of row objects
 * is ever held. The result is exactly what `prepareTransactions` builds from the same rows (same
 * dictionaries, same codes): customer ids sorted in JavaScript string order, order and item ids
 * in first-seen order, `-1` where a row has none, no quantity column.
 */
import type { TransactionTable } from '../core/index.js';
import { intern } from '../core/intern.js';

/**
 * Accumulates rows into growing typed arrays.
 *
 * @example
 * ```ts
 * const b = new TableBuilder();
 * b.add('c2', 19_700, 12.5, 'o1', undefined);
 * b.add('c1', 19_701, 3, undefined, undefined);
 * b.finish().customerIds; // ['c1', 'c2']
 * ```
 */
export class TableBuilder {
  private n = 0;
  private capacity = 1 << 14;
  private customer: Int32Array<ArrayBuffer> = new Int32Array(this.capacity);
  private day = new Float64Array(this.capacity);
  private amount = new Float64Array(this.capacity);
  private order: Int32Array<ArrayBuffer> | undefined;
  private item: Int32Array<ArrayBuffer> | undefined;
  private readonly customerMap = new Map<string, number>();
  private readonly customerList: string[] = [];
  private readonly orderMap = new Map<string, number>();
  private readonly orderList: string[] = [];
  private readonly itemMap = new Map<string, number>();
  private readonly itemList: string[] = [];

  // The previous row's ids and codes: an order's lines come together, so most rows repeat the
  // customer and the order of the row before and need no hash lookup.
  private lastCustomer = '';
  private lastCustomerCode = -1;
  private lastOrder = '';
  private lastOrderCode = -1;

  /** Rows added so far. */
  get length(): number {
    return this.n;
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const grow32 = (a: Int32Array, fill: number): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(cap).fill(fill, a.length);
      b.set(a);
      return b;
    };
    const day = new Float64Array(cap);
    day.set(this.day);
    const amount = new Float64Array(cap);
    amount.set(this.amount);
    this.customer = grow32(this.customer, 0);
    this.day = day;
    this.amount = amount;
    if (this.order !== undefined) this.order = grow32(this.order, -1);
    if (this.item !== undefined) this.item = grow32(this.item, -1);
    this.capacity = cap;
  }

  /** Add one row: a non-empty customer id, a day number, a finite amount, optional non-empty order and item ids. */
  add(customerId: string, day: number, amount: number, orderId: string | undefined, item: string | undefined): void {
    if (this.n === this.capacity) this.grow();
    const i = this.n++;
    if (customerId !== this.lastCustomer || this.lastCustomerCode < 0) {
      this.lastCustomer = customerId;
      this.lastCustomerCode = intern(this.customerMap, this.customerList, customerId);
    }
    this.customer[i] = this.lastCustomerCode;
    this.day[i] = day;
    this.amount[i] = amount;
    if (orderId !== undefined) {
      this.order ??= new Int32Array(this.capacity).fill(-1);
      if (orderId !== this.lastOrder || this.lastOrderCode < 0) {
        this.lastOrder = orderId;
        this.lastOrderCode = intern(this.orderMap, this.orderList, orderId);
      }
      this.order[i] = this.lastOrderCode;
    }
    if (item !== undefined) {
      this.item ??= new Int32Array(this.capacity).fill(-1);
      this.item[i] = intern(this.itemMap, this.itemList, item);
    }
  }

  /** The finished table (the builder must not be used afterwards). */
  finish(): TransactionTable {
    const n = this.n;
    // Sort the customer dictionary so that index order is id order, then remap (as prepareTransactions does).
    const sortedIds = [...this.customerList].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    const remap = new Int32Array(sortedIds.length);
    for (let k = 0; k < sortedIds.length; k++) remap[this.customerMap.get(sortedIds[k] as string) as number] = k;
    const customer = new Int32Array(n);
    for (let i = 0; i < n; i++) customer[i] = remap[this.customer[i]!] as number;
    return {
      kind: 'TransactionTable',
      length: n,
      customerIds: sortedIds,
      customer,
      day: this.day.slice(0, n),
      amount: this.amount.slice(0, n),
      orderIds: this.order === undefined ? undefined : this.orderList,
      order: this.order?.slice(0, n),
      items: this.item === undefined ? undefined : this.itemList,
      item: this.item?.slice(0, n),
      quantity: undefined,
    };
  }
}
