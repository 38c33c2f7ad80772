/**
 * Fast `YYYY-MM-DD` formatting of a UTC day number without a `Date` object (Hinnant,
 * "chrono-Compatible Low-Level Date Algorithms", `civil_from_days`). Same output as core's
 * `dayToIsoDate` (which it falls back to outside years 0000–9999). Internal.
 */
import { dayToIsoDate } from '../core/index.js';

const pad2 = (v: number): string => (v < 10 ? `0${v}` : `${v}`);

/** ISO date of the UTC calendar day containing day number `day`. */
export function isoDay(day: number): string {
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
  if (y < 0 || y > 9999) return dayToIsoDate(days);
  return `${y < 1000 ? String(y).padStart(4, '0') : y}-${pad2(m)}-${pad2(d)}`;
}

const MS_PER_DAY = 86_400_000;

/** Days from 1970-01-01 to a proleptic Gregorian date (Hinnant, `days_from_civil`). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
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
 * read as UTC like core's parser), without a regex or `Date`. Returns `undefined` for anything
 * else (the caller then uses core's `tryDayNumber`), and the same double as core otherwise.
 * Internal (the streaming accumulator's hot path).
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
