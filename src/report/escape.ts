// One HTML escaping for both HTML writers (the charts page and the report): it lives with the page head.
export { escapeHtml } from '../charts/html-page.js';

/** A table cell: text, a number, or empty. */
export type Cell = string | number | null;

/**
 * One CSV cell, RFC 4180 quoted when needed and defused against spreadsheet formula injection
 * (OWASP "CSV Injection"): a text cell starting with `=`, `+`, `-`, `@`, tab or carriage return
 * gets a leading `'`. Numbers are written as numbers (a negative number is not a formula).
 *
 * @example
 * ```ts
 * csvCell('=HYPERLINK("x")'); // `"'=HYPERLINK(""x"")"`
 * csvCell(-3.5);               // '-3.5'
 * ```
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let s = value;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A whole CSV document (header line + rows, CRLF line ends as in RFC 4180), every cell
 * through {@link csvCell}.
 *
 * @example
 * ```ts
 * toCsv(['customerId', 'clv'], [['@evil', 12.5]]); // "customerId,clv\r\n'@evil,12.5\r\n"
 * ```
 */
export function toCsv(columns: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<Cell>>): string {
  let out = `${columns.map(csvCell).join(',')}\r\n`;
  for (const row of rows) out += `${row.map(csvCell).join(',')}\r\n`;
  return out;
}
