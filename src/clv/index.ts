// Public API of crm-analytics/clv. This file only re-exports.
export { simpleClv, projectClv, customerEquity } from './closed-form.js';
export type { MarginTiming, SimpleClvOptions, PerPeriod, ProjectClvOptions, ClvProjectionRow, ClvProjection, EquityCohort, CustomerEquity } from './closed-form.js';
export { daysPerUnit, convertDuration, convertDiscountRate, continuousDiscountRate, calendarMonthLengths, lifetimesStepsPerMonth } from './units.js';
export type { MonthLength, Duration, PeriodRate } from './units.js';
export type { TimeUnit, BtydCustomer, BtydColumns, BtydData, BtydSummaryRow, CalibrationHoldoutRow, FitOptions, FitResult } from './types.js';
export { fitMaximumLikelihood } from './fit.js';
export type { MleProblem } from './fit.js';
export * as bgNbd from './bg-nbd.js';
export * as modifiedBgNbd from './modified-bg-nbd.js';
export * as gammaGamma from './gamma-gamma.js';
export * as bgBb from './bg-bb.js';
export * as sbg from './sbg.js';
export * as paretoNbd from './pareto-nbd.js';
export { customerLifetimeValue } from './customer-lifetime-value.js';
export type { TransactionModelLike, SpendModelLike, TransactionModelName, TransactionModelInput, SpendModelInput, ClvCustomer, CustomerLifetimeValueOptions, CustomerClv, CustomerLifetimeValueResult } from './customer-lifetime-value.js';
export { btydSummary, calibrationHoldoutSplit } from './btyd-summary.js';
export type { BtydSummaryOptions, CalibrationHoldoutOptions } from './btyd-summary.js';
