/**
 * The one meaning of `asOf` (docs/glossary.md): the last UTC calendar day of observation,
 * inclusive. A purchase on the asOf day counts (recency 0); its time of day is ignored. Rows dated
 * after asOf are an `INVALID_INPUT` error by default; `afterAsOf: 'exclude'` leaves them out
 * knowingly (lifetimes' `observation_period_end` behaviour). Every module, the SQL builders and
 * the CLI follow this.
 */
import { CrmError, type CrmErrorPath, invalidOption } from './errors.js';
import { dayToIsoDate, tryDayNumber } from './time.js';

/** What to do with rows dated after `asOf`: `'error'` (default) or `'exclude'` them. */
export type AfterAsOf = 'error' | 'exclude';

/** The accepted values of {@link AfterAsOf}. */
export const AFTER_AS_OF: readonly AfterAsOf[] = Object.freeze(['error', 'exclude'] as const);

/**
 * Read an `asOf` option as a whole UTC day number.
 *
 * @example
 * ```ts
 * readAsOf('1970-01-11T18:00:00Z', ['options', 'asOf']); // 10
 * ```
 */
export function readAsOf(value: unknown, path: CrmErrorPath = ['options', 'asOf']): number {
  const day = tryDayNumber(value);
  if (day === undefined) {
    invalidOption(path, value === undefined ? 'asOf is required' : 'asOf must be a valid date', 'a Date, an ISO-8601 date string or epoch milliseconds (the last day of observation, inclusive)', value);
  }
  return Math.floor(day);
}

/**
 * The error for a row dated after `asOf` under the default `afterAsOf: 'error'`.
 *
 * @example
 * ```ts
 * afterAsOfError([7, 'date'], 11, 10).message;
 * // '[7].date: dated 1970-01-12, after asOf 1970-01-11; pass afterAsOf: 'exclude' to leave later rows out, or a later asOf'
 * ```
 */
export function afterAsOfError(path: CrmErrorPath, day: number, asOfDay: number): CrmError {
  return new CrmError(
    'INVALID_INPUT',
    `dated ${dayToIsoDate(Math.floor(day))}, after asOf ${dayToIsoDate(asOfDay)}; pass afterAsOf: 'exclude' to leave later rows out, or a later asOf`,
    { path, data: { asOf: dayToIsoDate(asOfDay) } },
  );
}
