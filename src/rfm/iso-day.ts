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
