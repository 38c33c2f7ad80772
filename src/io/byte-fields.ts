/**
 * Field values read straight from CSV bytes, for `summarizeCsv`'s byte path. Each reader accepts
 * only a shape whose value it can give exactly as the string path would (`parseDateField` +
 * `core`'s day numbers, `parseStrictNumber`) and otherwise says no (-1 or NaN), so the record
 * takes the string path. Internal.
 */
import { daysFromCivil } from '../core/time.js';

/** 10^k for k ≤ 15: exact doubles. */
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** ASCII blanks that `String.prototype.trim` removes: tab, LF, VT, FF, CR, space. */
export function isBlank(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** The first position in b[s..e) after leading blanks (e when all blank). */
export function trimStart(b: Uint8Array, s: number, e: number): number {
  while (s < e && isBlank(b[s]!)) s++;
  return s;
}

/** The end of b[s..e) without trailing blanks (s when all blank). */
export function trimEnd(b: Uint8Array, s: number, e: number): number {
  while (e > s && isBlank(b[e - 1]!)) e--;
  return e;
}

/** The OR of bytes b[s..e): ≥ 128 when any byte is not ASCII. */
export function orBytes(b: Uint8Array, s: number, e: number): number {
  let v = 0;
  for (let i = s; i < e; i++) v |= b[i]!;
  return v;
}

/** The digit at b[i], or -1. */
function digitAt(b: Uint8Array, i: number): number {
  const c = (b[i]!) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Two digits at b[i], or -1. */
function twoDigits(b: Uint8Array, i: number): number {
  const x = digitAt(b, i);
  const y = digitAt(b, i + 1);
  return x < 0 || y < 0 ? -1 : x * 10 + y;
}

/**
 * The day number of `YYYY-MM-DD` or `YYYY-MM-DD[T ]HH:MM:SS` at b[s..e), or -1 for any other text
 * (which then takes the string path). Years before 1900 also take the string path.
 */
export function isoDayAt(b: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if ((n !== 10 && n !== 19) || b[s + 4] !== 45 || b[s + 7] !== 45) return -1;
  const y1 = twoDigits(b, s);
  const y2 = twoDigits(b, s + 2);
  const m = twoDigits(b, s + 5);
  const d = twoDigits(b, s + 8);
  if (y1 < 19 || y2 < 0 || m < 1 || m > 12 || d < 1) return -1;
  const y = y1 * 100 + y2;
  const dim = m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  if (d > dim) return -1;
  if (n === 19) {
    const sep = b[s + 10];
    if ((sep !== 84 && sep !== 32) || b[s + 13] !== 58 || b[s + 16] !== 58) return -1;
    const hh = twoDigits(b, s + 11);
    const mi = twoDigits(b, s + 14);
    const ss = twoDigits(b, s + 17);
    if (hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 59) return -1;
  }
  return daysFromCivil(y, m, d);
}

/** `[+-]?digits[.digits]` with 1–15 digits at b[s..e) as a double (Clinger's exact fast path), or NaN. */
export function amountAt(b: Uint8Array, s: number, e: number): number {
  let i = s;
  let negative = false;
  const c0 = b[i];
  if (c0 === 45 || c0 === 43) {
    negative = c0 === 45;
    i++;
  }
  let m = 0;
  let digits = 0;
  let scale = 0;
  let dot = false;
  for (; i < e; i++) {
    const c = b[i]!;
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (dot) scale++;
    } else if (c === 46 && !dot) dot = true;
    else return Number.NaN;
  }
  if (digits === 0 || digits > 15) return Number.NaN;
  const v = scale === 0 ? m : m / (POW10[scale]!);
  return negative ? -v : v;
}
