/**
 * Time in crm-analytics is a UTC day number: days since 1970-01-01T00:00Z, fractional when the
 * input carried a time of day. Calendar arithmetic is done on these numbers in UTC, so results
 * never depend on the machine's time zone (see docs/decisions.md: why not date-fns here).
 */
import { type CrmErrorPath, invalidInput } from './errors.js';
import type { TimeUnit } from './units.js';

/** Milliseconds in one day. */
export const MS_PER_DAY = 86_400_000;

/** A date as the library accepts it: a `Date`, an ISO-8601 string, or epoch milliseconds. */
export type DateInput = Date | string | number;

// YYYY-MM-DD, optionally followed by T or space, HH:MM[:SS[.fff]] and a zone (Z or ±HH[:]MM).
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parse an ISO-8601 date or date-time string to epoch milliseconds, or `undefined` when it is not
 * one. A date-time without a zone is read as UTC (documented; `Date.parse` would use local time).
  *
 * @example
 * ```ts
 * parseIsoToMs('1970-01-02'); // 86400000
 * parseIsoToMs('2024-02-30'); // undefined
 * ```
 */
export function parseIsoToMs(text: string): number | undefined {
  const m = ISO_RE.exec(text.trim());
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (hour > 24 || minute > 59 || second > 60 || (hour === 24 && (minute > 0 || second > 0))) return undefined;
  const fraction = m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000;
  let ms = Date.UTC(year, month - 1, day, hour, minute, second) + fraction;
  // Date.UTC maps years 0..99 to 1900..1999; set the full year explicitly.
  if (year < 100) {
    const d = new Date(ms);
    d.setUTCFullYear(year);
    ms = d.getTime();
  }
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const zh = Number(digits.slice(0, 2));
    const zm = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (zh > 23 || zm > 59) return undefined;
    ms -= sign * (zh * 60 + zm) * 60_000;
  }
  return ms;
}

/**
 * Convert a date input to a UTC day number, or `undefined` when it is not a valid date.
 * Numbers are epoch milliseconds. Non-throwing variant of {@link toDayNumber}.
  *
 * @example
 * ```ts
 * tryDayNumber('1970-01-11'); // 10
 * tryDayNumber('soon'); // undefined
 * ```
 */
export function tryDayNumber(value: unknown): number | undefined {
  let ms: number | undefined;
  if (typeof value === 'string') {
    const fast = fastDayNumber(value);
    if (fast !== undefined) return fast;
    ms = parseIsoToMs(value);
  }
  else if (typeof value === 'number') ms = value;
  else if (value instanceof Date) ms = value.getTime();
  if (ms === undefined || !Number.isFinite(ms)) return undefined;
  return ms / MS_PER_DAY;
}

/**
 * Convert a date input to a UTC day number (days since 1970-01-01, fractional for times).
 *
 * @example
 * ```ts
 * toDayNumber('1970-01-02'); // 1
 * toDayNumber('2024-03-01T12:00:00Z'); // 19783.5
 * ```
 */
export function toDayNumber(value: DateInput, path: CrmErrorPath = []): number {
  const day = tryDayNumber(value);
  if (day === undefined) {
    invalidInput(path, 'not a valid date', 'a Date, an ISO-8601 date string (YYYY-MM-DD[THH:mm[:ss]][Z|±hh:mm]) or epoch milliseconds', value);
  }
  return day;
}

/**
 * The whole UTC calendar day a day number falls on (drops the time of day).
 *
 * @example
 * ```ts
 * calendarDay(19783.75); // 19783
 * ```
 */
export function calendarDay(day: number): number {
  return Math.floor(day);
}

/** @internal Days from 1970-01-01 to a proleptic Gregorian date (Hinnant, "chrono-Compatible Low-Level Date Algorithms", days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const pad2 = (v: number): string => (v < 10 ? `0${v}` : `${v}`);

/**
 * Format a day number as an ISO date `YYYY-MM-DD` (UTC), without allocating a `Date` for years
 * 0000–9999 (Hinnant's civil_from_days; it sits in per-customer loops).
 *
 * @example
 * ```ts
 * dayToIsoDate(0); // '1970-01-01'
 * ```
 */
export function dayToIsoDate(day: number): string {
  const days = Math.floor(day);
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 0 || y > 9999) return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;
const isDigits = (s: string, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
};

/**
 * Fast path for the two commonest date texts, `YYYY-MM-DD` and `YYYY-MM-DD[T ]HH:MM:SS` (no zone,
 * read as UTC), without a regex or `Date`. Returns `undefined` for anything else (callers then use
 * the full ISO parser) and the same day number as {@link tryDayNumber} otherwise.
 *
 * @example
 * ```ts
 * fastDayNumber('1970-01-02 12:00:00'); // 1.5
 * fastDayNumber('2024-03-01T12:00:00Z'); // undefined (zone: use tryDayNumber)
 * ```
 */
export function fastDayNumber(s: string): number | undefined {
  const n = s.length;
  if ((n !== 10 && n !== 19) || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  if (!isDigits(s, 0, 4) || !isDigits(s, 5, 7) || !isDigits(s, 8, 10)) return undefined;
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const m = digit(s, 5) * 10 + digit(s, 6);
  const d = digit(s, 8) * 10 + digit(s, 9);
  if (y < 100 || m < 1 || m > 12 || d < 1) return undefined;
  const dim = m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  if (d > dim) return undefined;
  let ms = daysFromCivil(y, m, d) * MS_PER_DAY;
  if (n === 19) {
    const sep = s.charCodeAt(10);
    if ((sep !== 84 && sep !== 32) || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
    if (!isDigits(s, 11, 13) || !isDigits(s, 14, 16) || !isDigits(s, 17, 19)) return undefined;
    const hh = digit(s, 11) * 10 + digit(s, 12);
    const mi = digit(s, 14) * 10 + digit(s, 15);
    const ss = digit(s, 17) * 10 + digit(s, 18);
    if (hh > 23 || mi > 59 || ss > 59) return undefined;
    ms += hh * 3_600_000 + mi * 60_000 + ss * 1000;
  }
  return ms / MS_PER_DAY;
}


/**
 * The index of the calendar period a day falls in: consecutive periods have consecutive indices.
 * Weeks start on Monday (ISO 8601); months, quarters and years are UTC calendar periods.
 *
 * @example
 * ```ts
 * periodIndex(toDayNumber('1970-02-15'), 'month'); // 1  (Jan 1970 is 0)
 * ```
 */
export function periodIndex(day: number, unit: TimeUnit): number {
  const d = Math.floor(day);
  switch (unit) {
    case 'day':
      return d;
    case 'week':
      // 1970-01-01 was a Thursday; shift so that weeks start on Monday (day -3 = 1969-12-29).
      return Math.floor((d + 3) / 7);
    case 'month':
    case 'quarter':
    case 'year': {
      const date = new Date(d * MS_PER_DAY);
      const months = (date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth();
      if (unit === 'month') return months;
      if (unit === 'quarter') return Math.floor(months / 3);
      return Math.floor(months / 12);
    }
  }
}

/**
 * The first UTC day number of a period index returned by {@link periodIndex}.
 *
 * @example
 * ```ts
 * dayToIsoDate(periodStart(1, 'month')); // '1970-02-01'
 * ```
 */
export function periodStart(index: number, unit: TimeUnit): number {
  switch (unit) {
    case 'day':
      return index;
    case 'week':
      return index * 7 - 3;
    case 'month':
    case 'quarter':
    case 'year': {
      const months = unit === 'month' ? index : unit === 'quarter' ? index * 3 : index * 12;
      const year = 1970 + Math.floor(months / 12);
      const month = months - Math.floor(months / 12) * 12;
      return Date.UTC(year, month, 1) / MS_PER_DAY;
    }
  }
}
