// Public API of crm-analytics/basket. This file only re-exports.
export { encodeBaskets, decodeBaskets, isEncodedBaskets, checkEncodedBaskets } from './encode.js';
export type { EncodedBaskets, EncodeOptions, ItemLabel } from './encode.js';
export { basketsFromTransactions } from './transactions.js';
export type { BasketsFromTransactionsOptions, GroupedBaskets } from './transactions.js';
export { frequentItemsets, DEFAULT_MAX_ITEMSETS, DEFAULT_MAX_OUTPUT_ITEMS } from './itemsets.js';
export type { Itemset, ItemsetOptions, ItemsetKind, BasketsInput } from './itemsets.js';
export { associationRules, DEFAULT_MAX_RULES } from './rules.js';
export type { Rule, RuleOptions } from './rules.js';
export { ruleMeasures, RULE_MEASURES } from './measures.js';
export type { RuleMeasures } from './measures.js';
export { pruneRedundant } from './redundant.js';
export type { RuleLike } from './redundant.js';
export { topRules } from './top.js';
export type { TopRulesOptions } from './top.js';
export { recommend } from './recommend.js';
export type { RecommendOptions, Recommendation } from './recommend.js';
