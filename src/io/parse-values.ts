/**
 * Strict text → value conversions for CSV fields. A field either converts exactly or is reported;
 * nothing becomes NaN silently (unlike `Number('')` → 0 or `parseFloat('12abc')` → 12).
 */
import { MS_PER_DAY, parseIsoToMs } from '../core/index.js';

// Plain decimal notation with optional sign, fraction and exponent. No thousands separators,
// no hex/binary/octal, no "Infinity"/"NaN", no empty string.
const DECIMAL_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** `[+-]?digits[.digits]` (a subset of DECIMAL_RE), checked without a regex: the common case. */
function isPlainDecimal(t: string): boolean {
  const n = t.length;
  let i = 0;
  let c = t.charCodeAt(0);
  if (c === 43 || c === 45) i = 1;
  let digits = 0;
  while (i < n && (c = t.charCodeAt(i)) >= 48 && c <= 57) {
    i++;
    digits++;
  }
  if (i < n && t.charCodeAt(i) === 46) {
    i++;
    while (i < n && (c = t.charCodeAt(i)) >= 48 && c <= 57) {
      i++;
      digits++;
    }
  }
  return i === n && digits > 0;
}

/** Which character separates the decimals in the number columns. */
export type DecimalSeparator = '.' | ',';

/**
 * Parse a decimal number strictly, or return `undefined`. Surrounding blanks are ignored.
 * With `decimal: ','` the text `"12,5"` is 12.5 and a `.` is rejected (no thousands separators).
 *
 * @example
 * ```ts
 * import { parseStrictNumber } from 'crm-analytics/io';
 * parseStrictNumber('12.5'); // 12.5
 * parseStrictNumber('12,5', ','); // 12.5
 * parseStrictNumber('1,234.50'); // undefined (no thousands separators)
 * ```
 */
export function parseStrictNumber(text: string, decimal: DecimalSeparator = '.'): number | undefined {
  let t = text.trim();
  if (decimal === ',') {
    if (t.includes('.')) return undefined;
    t = t.replace(',', '.');
  }
  if (!isPlainDecimal(t) && !DECIMAL_RE.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * How the date column is written.
 * - `'iso'`: ISO-8601 date or date-time, as `core` parses it (`YYYY-MM-DD[( |T)HH:MM[:SS[.fff]]][Z|±HH:MM]`; no zone = UTC).
 * - `'yyyymmdd'`: compact dates such as `19970101` (CDNOW).
 * - `'mdy'` / `'dmy'`: `M/D/YYYY` or `D/M/YYYY`, optionally followed by ` H:MM[:SS]` (Excel exports,
 *   e.g. the popular Online Retail CSV `12/1/2010 8:26`); `/`, `-` or `.` separate the parts.
 * - `'epoch-ms'` / `'epoch-s'`: numbers of milliseconds or seconds since 1970-01-01T00:00Z.
 */
export type DateFormat = 'iso' | 'yyyymmdd' | 'mdy' | 'dmy' | 'epoch-ms' | 'epoch-s';

// The common ISO shapes (date, or date + time without zone) are validated here with a per-day
// cache; anything else (zones, fractions, 24:00) goes to core's full parser. Both accept exactly
// what core's `parseIsoToMs` accepts, so the rows parse identically later.
const validDays = new Map<string, boolean>();

function isDigit(t: string, i: number, max = 57): boolean {
  const c = t.charCodeAt(i);
  return c >= 48 && c <= max;
}

/** Exactly `^\d{4}-\d{2}-\d{2}(?:[T ]([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?)?$`, with char codes (a regex match with captures per row was a hot spot). */
function hasFastIsoShape(t: string): boolean {
  const n = t.length;
  if (n !== 10 && n !== 16 && n !== 19) return false;
  if (!(isDigit(t, 0) && isDigit(t, 1) && isDigit(t, 2) && isDigit(t, 3) && t.charCodeAt(4) === 45 && isDigit(t, 5) && isDigit(t, 6) && t.charCodeAt(7) === 45 && isDigit(t, 8) && isDigit(t, 9))) return false;
  if (n === 10) return true;
  const sep = t.charCodeAt(10);
  if (sep !== 84 && sep !== 32) return false;
  const h0 = t.charCodeAt(11);
  const hourOk = h0 === 50 ? isDigit(t, 12, 51) : h0 >= 48 && h0 <= 49 && isDigit(t, 12);
  if (!hourOk || t.charCodeAt(13) !== 58 || !isDigit(t, 14, 53) || !isDigit(t, 15)) return false;
  return n === 16 || (t.charCodeAt(16) === 58 && isDigit(t, 17, 53) && isDigit(t, 18));
}

function isIsoDate(text: string): boolean {
  if (!hasFastIsoShape(text)) return parseIsoToMs(text) !== undefined;
  const day = text.slice(0, 10);
  let ok = validDays.get(day);
  if (ok === undefined) {
    ok = parseIsoToMs(day) !== undefined;
    if (validDays.size > 100_000) validDays.clear();
    validDays.set(day, ok);
  }
  return ok;
}

const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})$/;
const SLASH_RE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * Parse a date field. Returns the value stored in the row (`iso`: the trimmed text itself, which
 * `core` parses identically; `yyyymmdd`/`mdy`/`dmy`: a normalised ISO string; epochs: milliseconds),
 * or `undefined` when the text is not a valid date in that format.
 *
 * @example
 * ```ts
 * import { parseDateField } from 'crm-analytics/io';
 * parseDateField('20240131', 'yyyymmdd'); // '2024-01-31'
 * parseDateField('31/01/2024', 'dmy'); // '2024-01-31'
 * ```
 */
export function parseDateField(text: string, format: DateFormat): string | number | undefined {
  const t = text.trim();
  switch (format) {
    case 'iso':
      return isIsoDate(t) ? t : undefined;
    case 'yyyymmdd': {
      const m = COMPACT_RE.exec(t);
      if (m === null) return undefined;
      const y = Number(m[1]);
      const mo = Number(m[2]);
      const d = Number(m[3]);
      return validYmd(y, mo, d) ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
    }
    case 'mdy':
    case 'dmy': {
      const m = SLASH_RE.exec(t);
      if (m === null) return undefined;
      const a = Number(m[1]);
      const b = Number(m[2]);
      const y = Number(m[3]);
      const mo = format === 'mdy' ? a : b;
      const d = format === 'mdy' ? b : a;
      if (!validYmd(y, mo, d)) return undefined;
      const date = `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
      if (m[4] === undefined) return date;
      const hh = Number(m[4]);
      const mm = Number(m[5]);
      const ss = m[6] === undefined ? 0 : Number(m[6]);
      if (hh > 23 || mm > 59 || ss > 59) return undefined;
      return `${date}T${pad(hh)}:${pad(mm)}:${pad(ss)}`;
    }
    case 'epoch-ms':
    case 'epoch-s': {
      const n = parseStrictNumber(t);
      if (n === undefined) return undefined;
      const ms = format === 'epoch-s' ? n * 1000 : n;
      // Keep inside the range a JavaScript Date can represent (±8.64e15 ms).
      return Math.abs(ms) <= 100_000_000 * MS_PER_DAY ? ms : undefined;
    }
  }
}
