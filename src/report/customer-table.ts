/**
 * Joining per-customer results into one plain table, and writing plain rows as CSV.
 */
import { invalidInput } from '../core/index.js';
import { toCsv as csvOf, type Cell } from './escape.js';

/** One row of {@link customerTable}: the customer id and one cell per column. */
export type CustomerTableRow = { customerId: string } & { [column: string]: Cell };

/** A per-customer result: rows carrying `customerId`, or a map from customer id to one value. */
export type CustomerPart = ReadonlyArray<{ readonly customerId: string }> | ReadonlyMap<string, unknown>;

function toCell(v: unknown): Cell | undefined {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.join('; ');
  return undefined; // nested objects are left out
}

/**
 * Join per-customer results (RFM summaries and scores, segments, CLV, lifecycle stages, churn
 * probabilities, …) by customer id into one plain table, one row per customer in id order
 * (UTF-16 code units, as everywhere). Each part is a list of rows with `customerId` (every other
 * scalar field becomes a column; a name already taken by an earlier part is prefixed
 * `part.field`) or a `Map` from id to one value (a column named after the part). Customers
 * missing from a part get `null` there. Ids are held in a `Map`, so `"__proto__"` is an
 * ordinary id.
 *
 * @example
 * ```ts
 * import { customerTable } from 'crm-analytics/report';
 * customerTable({
 *   summaries: [{ customerId: 'a', recency: 3, frequency: 2, monetary: 40 }],
 *   churn: new Map([['a', 0.12], ['b', 0.8]]),
 * });
 * // [{ customerId: 'a', recency: 3, frequency: 2, monetary: 40, churn: 0.12 },
 * //  { customerId: 'b', recency: null, frequency: null, monetary: null, churn: 0.8 }]
 * ```
 */
export function customerTable<P extends Readonly<Record<string, CustomerPart>>>(parts: P): CustomerTableRow[] {
  if (typeof parts !== 'object' || parts === null || Array.isArray(parts)) {
    invalidInput(['parts'], 'parts must be an object of named per-customer results', '{ summaries, scores, … }', parts);
  }
  const columns: string[] = [];
  const taken = new Set<string>(['customerId']);
  const values = new Map<string, Map<string, Cell>>(); // id -> column -> value
  const row = (id: string): Map<string, Cell> => {
    let r = values.get(id);
    if (r === undefined) values.set(id, (r = new Map()));
    return r;
  };
  for (const [name, part] of Object.entries(parts as Readonly<Record<string, CustomerPart>>)) {
    if (part instanceof Map) {
      const col = taken.has(name) ? `${name}.value` : name;
      taken.add(col);
      columns.push(col);
      for (const [id, v] of part) {
        const c = toCell(v);
        row(String(id)).set(col, c === undefined ? null : c);
      }
      continue;
    }
    if (!Array.isArray(part)) invalidInput(['parts', name], 'each part must be an array of rows with customerId or a Map', undefined, part);
    const local = new Map<string, string>(); // field -> column
    part.forEach((r: unknown, i: number) => {
      if (typeof r !== 'object' || r === null || typeof (r as { customerId?: unknown }).customerId !== 'string') {
        invalidInput(['parts', name, i, 'customerId'], 'every row needs a string customerId', undefined, r);
      }
      const target = row((r as { customerId: string }).customerId);
      for (const [field, v] of Object.entries(r)) {
        if (field === 'customerId') continue;
        const c = toCell(v);
        if (c === undefined) continue;
        let col = local.get(field);
        if (col === undefined) {
          col = taken.has(field) ? `${name}.${field}` : field;
          taken.add(col);
          columns.push(col);
          local.set(field, col);
        }
        target.set(col, c);
      }
    });
  }
  const ids = [...values.keys()].sort();
  return ids.map((id) => {
    const r = values.get(id) as Map<string, Cell>;
    const out = { customerId: id } as CustomerTableRow;
    for (const col of columns) Object.defineProperty(out, col, { value: r.has(col) ? (r.get(col) as Cell) : null, enumerable: true, writable: true, configurable: true });
    return out;
  });
}

/**
 * A CSV document (RFC 4180, CRLF) from plain rows (the header is every key, in first-seen order)
 * or from column names and cell rows. Text cells starting with `=`, `+`, `-`, `@`, tab or CR are
 * prefixed with `'` so spreadsheets do not run them as formulas (OWASP "CSV Injection").
 *
 * @example
 * ```ts
 * import { toCsv } from 'crm-analytics/report';
 * toCsv([{ customerId: '=cmd', clv: 12.5 }]); // "customerId,clv\r\n'=cmd,12.5\r\n"
 * toCsv(['customerId', 'clv'], [['@evil', 12.5]]); // "customerId,clv\r\n'@evil,12.5\r\n"
 * ```
 */
export function toCsv(rows: ReadonlyArray<Readonly<Record<string, unknown>>>): string;
export function toCsv(columns: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<Cell>>): string;
export function toCsv(a: ReadonlyArray<string> | ReadonlyArray<Readonly<Record<string, unknown>>>, b?: ReadonlyArray<ReadonlyArray<Cell>>): string {
  if (b !== undefined) return csvOf(a as ReadonlyArray<string>, b);
  const rows = a as ReadonlyArray<Readonly<Record<string, unknown>>>;
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
    }
  }
  return csvOf(
    columns,
    rows.map((r) => columns.map((c) => (Object.prototype.hasOwnProperty.call(r, c) ? (toCell(r[c]) ?? null) : null))),
  );
}
