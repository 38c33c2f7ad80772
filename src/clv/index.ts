// Public API of crm-analytics/clv. This file only re-exports.
export { simpleClv, projectClv, customerEquity } from './closed-form.js';
export type { MarginTiming, SimpleClvOptions, PerPeriod, ProjectClvOptions, ClvProjectionRow, ClvProjection, EquityCohort, CustomerEquity } from './closed-form.js';
export { daysPerUnit, convertDuration, convertDiscountRate, continuousDiscountRate, calendarMonthLengths, lifetimesStepsPerMonth } from './units.js';
export type { MonthLength, Duration, PeriodRate } from './units.js';
