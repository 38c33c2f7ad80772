// Public API of crm-analytics/value. This file only re-exports.
export { deliveredValue } from './delivered-value.js';
export type { DeliveredValueInput, DeliveredValue, DeliveredValueComparison, ValueComponents, CostComponents } from './delivered-value.js';
export { satisfaction } from './satisfaction.js';
export type { Satisfaction, SatisfactionOptions } from './satisfaction.js';
export { importanceSatisfactionMatrix } from './importance-matrix.js';
export type { AttributeRating, ImportanceMatrix, ImportanceMatrixOptions, IsaQuadrant } from './importance-matrix.js';
export { shareOfWallet } from './share-of-wallet.js';
export type { ShareOfWallet } from './share-of-wallet.js';
export { loyaltyType } from './loyalty.js';
export type { LoyaltyProfile, LoyaltyOptions, LoyaltyType, LoyaltyVerdict, DickBasuQuadrant } from './loyalty.js';
export { satisfactionIndicators } from './indicators.js';
export type { SatisfactionIndicators, SatisfactionIndicatorOptions, CustomerIndicators, ComplaintRecord } from './indicators.js';
