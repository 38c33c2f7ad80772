// Public API of crm-analytics/survey. This file only re-exports.
export { proportionInterval } from './proportion-interval.js';
export type { ProportionEstimate, ProportionIntervalOptions, ProportionMethod } from './proportion-interval.js';
export { netPromoterScore } from './net-promoter-score.js';
export type { NetPromoterScore, NpsOptions } from './net-promoter-score.js';
export { topBox } from './top-box.js';
export type { TopBoxOptions } from './top-box.js';
export { cronbachAlpha } from './cronbach-alpha.js';
export type { AlphaItem, CronbachAlpha, CronbachOptions } from './cronbach-alpha.js';
export { sampleSize } from './sample-size.js';
export type { SampleSize, SampleSizeOptions } from './sample-size.js';
export { keyDrivers } from './key-drivers.js';
export type { DriverImportance, KeyDriver, KeyDriverOptions, KeyDrivers } from './key-drivers.js';
