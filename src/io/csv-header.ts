/**
 * Header resolution of the transaction CSV readers: which column holds each field, from the
 * header names (or 0-based indices without a header), checked against the first record.
 */
import { invalidOption } from '../core/index.js';
import { FIELDS } from './csv-options.js';
import type { ColumnRef, CsvColumns } from './csv-types.js';
import { listExcerpt, quoteExcerpt } from './excerpt.js';

/** @internal Where each field of {@link FIELDS} is: its column position (-1: not mapped) and name. */
export interface ColumnIndex {
  /** `index[k]` is the 0-based column of field k of {@link FIELDS}, or -1. */
  index: Int32Array;
  /** The column name (or the index as text) of field k, for messages, or null. */
  names: Array<string | null>;
  /** The header names (trimmed), when the file has a header. */
  header: string[] | undefined;
}

function describeColumn(ref: ColumnRef): string {
  return typeof ref === 'number' ? `#${ref}` : quoteExcerpt(ref);
}

/**
 * Resolve the mapping against the first record: the header (names or indices) or, without a
 * header, the first data record (indices only). Throws `INVALID_OPTION` naming the field, with a
 * short escaped excerpt of the header.
 *
 * @example
 * ```ts
 * resolveColumns(['id', 'day', 'eur'], { customerId: 'id', date: 'day', amount: 2 }, true, 'f.csv').index; // Int32Array [0, 1, 2, -1, -1, -1]
 * ```
 */
export function resolveColumns(record: readonly string[], columns: CsvColumns, hasHeader: boolean, file: string): ColumnIndex {
  const index = new Int32Array(FIELDS.length).fill(-1);
  const names: Array<string | null> = FIELDS.map(() => null);
  const header = hasHeader ? record.map((h) => h.trim()) : undefined;
  FIELDS.forEach((f, k) => {
    const ref = columns[f];
    if (ref === undefined) return;
    if (header === undefined) {
      const pos = ref as number;
      if (pos >= record.length) {
        invalidOption(['options', 'columns', f], `column #${pos} for ${f} does not exist: the first record has ${record.length} fields`, `an index below ${record.length}`, pos);
      }
      index[k] = pos;
      names[k] = String(pos);
      return;
    }
    const pos = typeof ref === 'number' ? ref : header.indexOf(ref);
    if (pos < 0 || pos >= record.length) {
      invalidOption(['options', 'columns', f], `column ${describeColumn(ref)} for ${f} is not in the file ${quoteExcerpt(file, 200)}`, `one of ${listExcerpt(header)}`, typeof ref === 'string' ? quoteExcerpt(ref) : ref);
    }
    index[k] = pos;
    names[k] = typeof ref === 'number' ? (header[pos] ?? String(pos)) : ref;
  });
  return { index, names, header };
}
