export { CrmError, describeValue, formatPath, invalidInput, invalidOption } from './errors.js';
export type { CrmErrorCode, CrmErrorPath, CrmErrorDetails } from './errors.js';
export { TransactionSchema, DateInputSchema, IdSchema, parseWith, zodToCrmError } from './schemas.js';
export type { Transaction } from './schemas.js';
export { prepareTransactions, isTransactionTable } from './table.js';
export type { TransactionTable } from './table.js';
export {
  MS_PER_DAY,
  DAYS_PER_UNIT,
  toDayNumber,
  tryDayNumber,
  parseIsoToMs,
  calendarDay,
  dayToIsoDate,
  fastDayNumber,
  periodIndex,
  periodStart,
} from './time.js';
export type { DateInput, CalendarUnit } from './time.js';
export { createRandom } from './random.js';
export type { Random } from './random.js';
export * from './math/index.js';
