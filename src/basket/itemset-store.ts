/**
 * Compact output store shared by the miners. FP-growth and Eclat both emit an itemset as
 * "a previously emitted prefix plus one item", so an itemset costs 12 bytes (parent id, item,
 * count) whatever its length: a store of 5,000,000 itemsets is 60 MB, and the
 * `maxItemsets` guard stops a run long before memory runs out.
 */
import { CrmError } from '../core/index.js';

/** Growable (parent, item, count) triples; ids are insertion order, parents come first. */
export class ItemsetStore {
  parent: Int32Array;
  item: Int32Array;
  count: Int32Array;
  size = 0;
  readonly limit: number;

  constructor(limit: number, initial = 1024) {
    this.limit = limit;
    this.parent = new Int32Array(initial);
    this.item = new Int32Array(initial);
    this.count = new Int32Array(initial);
  }

  /** Add `prefix ∪ {item}` with its count; returns its id. Throws TOO_MANY_ITEMSETS past the limit. */
  emit(parent: number, item: number, count: number): number {
    const id = this.size;
    if (id >= this.limit) {
      throw new CrmError(
        'TOO_MANY_ITEMSETS',
        `more than maxItemsets = ${this.limit} frequent itemsets (stopped at ${id + 1}); raise minSupport, set maxLength, or raise maxItemsets`,
        { path: ['options', 'maxItemsets'], data: { count: id + 1, maxItemsets: this.limit } },
      );
    }
    if (id === this.parent.length) this.grow();
    this.parent[id] = parent;
    this.item[id] = item;
    this.count[id] = count;
    this.size = id + 1;
    return id;
  }

  private grow(): void {
    const cap = Math.min(Math.max(this.parent.length * 2, 1024), this.limit + 1);
    const p = new Int32Array(cap);
    p.set(this.parent);
    const i = new Int32Array(cap);
    i.set(this.item);
    const c = new Int32Array(cap);
    c.set(this.count);
    this.parent = p;
    this.item = i;
    this.count = c;
  }
}
