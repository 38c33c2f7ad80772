/**
 * A column table: training or prediction data as one array per field, all of the same length — how
 * DuckDB (`getColumnsObjectJS`), Arrow tables and data frames hand data over. Fitting from columns
 * skips building one object per row, and reading row objects by field name is the costliest step
 * of a fit when rows were built key by key (V8 keeps such objects as hash tables).
 */
import { invalidInput } from '../core/index.js';
import type { Row } from './types.js';

/** Columns by field name (a `Map`, or a plain object whose own keys are the names). */
export interface ColumnTable {
  columns: ReadonlyMap<string, ArrayLike<unknown>> | Readonly<Record<string, ArrayLike<unknown>>>;
}

/** Is this a column table rather than an array of rows? */
export function isColumnTable(data: unknown): data is ColumnTable {
  return typeof data === 'object' && data !== null && !Array.isArray(data) && 'columns' in data;
}

/** Validated columns of a table: every column array-like, all of one length. */
export function tableColumns(table: ColumnTable): { n: number; columns: Map<string, ArrayLike<unknown>> } {
  const raw = table.columns as unknown;
  let entries: Array<[string, unknown]>;
  if (raw instanceof Map) entries = [...(raw as Map<string, unknown>).entries()];
  else if (typeof raw === 'object' && raw !== null) entries = Object.keys(raw).map((k) => [k, (raw as Record<string, unknown>)[k]]);
  else return invalidInput(['columns'], 'columns must be a Map or an object of arrays', 'a Map or object: field name → array', raw);
  if (entries.length === 0) invalidInput(['columns'], 'the table has no columns', 'at least one column', raw);
  const columns = new Map<string, ArrayLike<unknown>>();
  let n = -1;
  for (const [name, col] of entries) {
    if (typeof name !== 'string') invalidInput(['columns'], 'column names must be strings', 'a string', name);
    const length = typeof col === 'object' && col !== null ? (col as { length?: unknown }).length : undefined;
    if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) {
      invalidInput(['columns', name], `column "${name}" is not an array`, 'an array or typed array', col);
    }
    if (n === -1) n = length;
    else if (length !== n) invalidInput(['columns', name], `column "${name}" has ${length} values, the first column ${n}`, `${n} values, like every column`, length);
    columns.set(name, col as ArrayLike<unknown>);
  }
  return { n, columns };
}

/** Rows holding the given fields of a table (the fields the tree reads), for the row-based prediction code. */
export function tableRows(table: ColumnTable, names: readonly string[]): Row[] {
  const { n, columns } = tableColumns(table);
  const used = names.filter((name) => columns.has(name));
  const rows: Row[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row = new Map<string, unknown>();
    for (const name of used) row.set(name, (columns.get(name) as ArrayLike<unknown>)[i]);
    rows[i] = Object.fromEntries(row);
  }
  return rows;
}
