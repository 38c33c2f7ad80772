/**
 * Compact output store shared by the miners. FP-growth and Eclat both emit an itemset as
 * "a previously emitted prefix plus one item", so an itemset costs 16 bytes (parent id, item,
 * count, length) whatever its length. Two budgets are checked on every emit, before anything is
 * allocated for the new itemset: the number of itemsets (`maxItemsets`) and the total number of
 * items over all of them (`maxOutputItems`, Σ|X|), which is what the flattened and returned
 * itemsets cost. Capacity never grows past `maxItemsets` entries.
 */
import { CrmError } from '../core/index.js';

/** Growable (parent, item, count, length) records; ids are insertion order, parents come first. */
export class ItemsetStore {
  parent: Int32Array;
  item: Int32Array;
  count: Int32Array;
  len: Int32Array;
  size = 0;
  /** Σ|X| over the stored itemsets. */
  totalItems = 0;
  readonly limit: number;
  readonly itemLimit: number;

  constructor(limit: number, initial = 1024, itemLimit = Number.POSITIVE_INFINITY) {
    this.limit = limit;
    this.itemLimit = itemLimit;
    const cap = Math.max(1, Math.min(initial, limit));
    this.parent = new Int32Array(cap);
    this.item = new Int32Array(cap);
    this.count = new Int32Array(cap);
    this.len = new Int32Array(cap);
  }

  /**
   * Add `prefix ∪ {item}` with its count; returns its id. Throws TOO_MANY_ITEMSETS past
   * `maxItemsets` or past `maxOutputItems` (path says which), before storing anything.
   */
  emit(parent: number, item: number, count: number): number {
    const id = this.size;
    if (id >= this.limit) {
      throw new CrmError(
        'TOO_MANY_ITEMSETS',
        `more than maxItemsets = ${this.limit} frequent itemsets (stopped at ${id + 1}); raise minSupport, set maxLength, or raise options.maxItemsets`,
        { path: ['options', 'maxItemsets'], data: { count: id + 1, maxItemsets: this.limit } },
      );
    }
    const length = parent < 0 ? 1 : (this.len[parent]!) + 1;
    if (this.totalItems + length > this.itemLimit) {
      throw new CrmError(
        'TOO_MANY_ITEMSETS',
        `more than maxOutputItems = ${this.itemLimit} items in all frequent itemsets together (stopped at itemset ${id + 1} of length ${length}); raise minSupport, set maxLength, or raise options.maxOutputItems`,
        { path: ['options', 'maxOutputItems'], data: { count: this.totalItems + length, maxOutputItems: this.itemLimit, itemsets: id + 1 } },
      );
    }
    if (id === this.parent.length) this.grow();
    this.parent[id] = parent;
    this.item[id] = item;
    this.count[id] = count;
    this.len[id] = length;
    this.totalItems += length;
    this.size = id + 1;
    return id;
  }

  private grow(): void {
    const cap = Math.min(Math.max(this.parent.length * 2, 1024), this.limit);
    const copy = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.parent = copy(this.parent);
    this.item = copy(this.item);
    this.count = copy(this.count);
    this.len = copy(this.len);
  }
}
