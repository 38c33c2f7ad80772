export { CrmError, formatPath, invalidInput, invalidOption } from './errors.js';
export type { CrmErrorCode, CrmErrorPath, CrmErrorDetails } from './errors.js';
export { TransactionSchema, DateInputSchema, IdSchema, parseWith, zodToCrmError } from './schemas.js';
export type { Transaction, Schema, SchemaIssue, SchemaError, SafeParseResult, SafeParser, StandardSchemaV1Props } from './schemas.js';
export { prepareTransactions, isTransactionTable } from './table.js';
export type { TransactionTable } from './table.js';
export {
  MS_PER_DAY,
  toDayNumber,
  tryDayNumber,
  parseIsoToMs,
  calendarDay,
  dayToIsoDate,
  periodIndex,
  periodStart,
} from './time.js';
export type { DateInput } from './time.js';
export { DAYS_PER_UNIT, TIME_UNITS, isTimeUnit } from './units.js';
export type { TimeUnit, Duration } from './units.js';
export {
  readOptions,
  readNumber,
  readPositive,
  readNonNegative,
  readInteger,
  readProbability,
  readRate,
  readBoolean,
  readOneOf,
  readTimeUnit,
  readDate,
  readString,
  readBudget,
} from './options.js';
export type { OptionBag, NumberSpec } from './options.js';
export { didYouMean } from './did-you-mean.js';
export { toId, readId } from './ids.js';
export { budgetExceeded } from './budget.js';
export type { BudgetBreach } from './budget.js';
export { checkEnvelope } from './envelope.js';
export type { ModelEnvelope, FittedOn } from './envelope.js';
export { readAsOf, afterAsOfError, AFTER_AS_OF } from './as-of.js';
export type { AfterAsOf } from './as-of.js';
export { createRandom } from './random.js';
export type { Random } from './random.js';
// Not public: the numerics (./math/index.ts), fastDayNumber (./time.ts) and describeValue
// (./errors.ts) are imported by the models from their files (issue 17 item 6);
// test/public-surface.test.ts lists what is public.
