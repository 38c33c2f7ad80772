// Public API of crm-analytics/basket. This file only re-exports.
export { encodeBaskets, decodeBaskets, isEncodedBaskets } from './encode.js';
export type { EncodedBaskets, EncodeOptions } from './encode.js';
export { frequentItemsets, DEFAULT_MAX_ITEMSETS } from './itemsets.js';
export type { Itemset, ItemsetOptions, BasketsInput } from './itemsets.js';
