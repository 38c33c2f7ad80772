// Public API of crm-analytics/trust. This file only re-exports.
export { trustScore } from './score.js';
export type { TrustComponents, TrustOptions, TrustScore, TrustLever } from './score.js';
export { aggregateTrust } from './aggregate.js';
export type { TrustResponse, AggregateTrustOptions, SubjectTrust } from './aggregate.js';
