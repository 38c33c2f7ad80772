// Public API of crm-analytics/rfm. This file only re-exports.
export { summarize } from './summarize.js';
export type { OrderKey, RfmSummary, SummarizeOptions } from './options.js';
export { score, scoreThresholds } from './score.js';
export type { CustomBreaks, DimensionThresholds, RfmDimension, RfmScore, RfmThresholds, ScoreInput, ScoreOptions } from './score.js';
export { segment } from './segment.js';
export type { RfmSegment, SegmentInput, SegmentOptions } from './segment.js';
export { RFM_PACKAGE_SEGMENTS, RFM_PACKAGE_TEST_SEGMENTS, PANDAS_RF_SEGMENTS, SEGMENT_TABLES } from './segment-tables.js';
export type { SegmentRule, SegmentTable } from './segment-tables.js';
export { segmentSummary } from './segment-summary.js';
export type { SegmentSummaryRow } from './segment-summary.js';
export { createRfmAccumulator } from './accumulator.js';
export type { RfmAccumulator } from './accumulator.js';
export { summarizeStream } from './stream.js';
export type { TransactionSource } from './stream.js';
