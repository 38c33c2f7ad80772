/**
 * Option checks of the transaction CSV readers (`readTransactionsCsv` and friends, `summarizeCsv`):
 * one pass over the options with the shared readers of `core/options`, so an unknown key is an
 * `INVALID_OPTION` with a "did you mean", and every value is checked before the file is opened.
 */
import { readBoolean, readBudget, readInteger, readOneOf, readOptions, type DateInput, invalidOption } from '../core/index.js';
import { DEFAULT_MAX_FIELD_BYTES, DEFAULT_MAX_RECORD_BYTES } from './csv-tokenizer.js';
import type { DateFormat, DecimalSeparator } from './parse-values.js';
import type { ColumnRef, CsvColumns, TransactionField } from './csv-types.js';

/** @internal The fields in the order of the resolved column index. */
export const FIELDS: readonly TransactionField[] = ['customerId', 'date', 'amount', 'orderId', 'item', 'quantity'];

/** The date formats a CSV reader understands by name. */
export const DATE_FORMATS: readonly DateFormat[] = ['iso', 'yyyymmdd', 'mdy', 'dmy', 'epoch-ms', 'epoch-s'];

/**
 * Default `maxRows` of the readers that keep every row (`readTransactionsCsv`,
 * `readTransactionsTable`): 10 million rows, roughly 1.5–2 GB of row objects. The streaming
 * readers keep no rows and default to no row limit.
 */
export const DEFAULT_MAX_ROWS = 10_000_000;

/** The option keys of `readTransactionsCsv`. */
export const CSV_OPTION_KEYS = [
  'columns',
  'header',
  'delimiter',
  'quote',
  'decimal',
  'dateFormat',
  'onError',
  'maxErrors',
  'skipBlankCustomerId',
  'encoding',
  'maxFieldBytes',
  'maxRecordBytes',
  'maxRows',
] as const;

/** @internal Checked options with their defaults. */
export interface ResolvedCsvOptions {
  columns: CsvColumns;
  hasHeader: boolean;
  mode: 'throw' | 'collect';
  decimal: DecimalSeparator;
  dateFormat: DateFormat | ((text: string) => DateInput | undefined);
  skipBlank: boolean;
  delimiter: string;
  quote: string;
  encoding: 'utf8' | 'utf16le' | 'latin1';
  maxErrors: number;
  maxFieldBytes: number;
  maxRecordBytes: number;
  maxRows: number;
}

function columnRef(value: unknown, path: Array<string | number>, required: boolean): ColumnRef | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return readInteger(value, path, { min: 0 });
  invalidOption(path, value === undefined ? 'column is required' : 'expected a non-empty column name or a 0-based column index', 'a non-empty column name or a non-negative integer', value);
}

/**
 * Check the options of a CSV reader and fill in the defaults (`extraKeys` are the caller's own
 * options, read elsewhere). Throws `INVALID_OPTION` naming the option.
 *
 * @example
 * ```ts
 * const o = readCsvOptions({ columns: { customerId: 'id', date: 'day', amount: 'eur' } }, { maxRows: 1000 });
 * o.delimiter; // ','
 * ```
 */
export function readCsvOptions(raw: unknown, defaults: { maxRows: number }, extraKeys: readonly string[] = []): ResolvedCsvOptions {
  if (typeof raw !== 'object' || raw === null) {
    invalidOption(['options'], 'options with a columns mapping are required', 'an object', raw);
  }
  const o = readOptions(raw, [...CSV_OPTION_KEYS, ...extraKeys]) as Record<string, unknown>;
  if (typeof o.columns !== 'object' || o.columns === null) {
    invalidOption(['options', 'columns'], 'a columns mapping is required', '{ customerId, date, amount, … }', o.columns);
  }
  const c = readOptions(o.columns, FIELDS, ['options', 'columns']);
  const columns: CsvColumns = {
    customerId: columnRef(c.customerId, ['options', 'columns', 'customerId'], true) as ColumnRef,
    date: columnRef(c.date, ['options', 'columns', 'date'], true) as ColumnRef,
    amount: columnRef(c.amount, ['options', 'columns', 'amount'], true) as ColumnRef,
  };
  for (const f of ['orderId', 'item', 'quantity'] as const) {
    const ref = columnRef(c[f], ['options', 'columns', f], false);
    if (ref !== undefined) columns[f] = ref;
  }
  const hasHeader = readBoolean(o.header, ['options', 'header'], true);
  if (!hasHeader) {
    for (const f of FIELDS) {
      if (typeof columns[f] === 'string') {
        invalidOption(['options', 'columns', f], 'without a header row, columns must be 0-based indices', 'a non-negative integer', columns[f]);
      }
    }
  }
  const delimiter = o.delimiter === undefined ? ',' : o.delimiter;
  if (typeof delimiter !== 'string' || delimiter.length === 0 || delimiter.length > 8) {
    invalidOption(['options', 'delimiter'], 'the delimiter must be 1 to 8 characters', 'e.g. "," or ";"', delimiter);
  }
  const quote = o.quote === undefined ? '"' : o.quote;
  if (typeof quote !== 'string' || quote.length !== 1) {
    invalidOption(['options', 'quote'], 'the quote must be one character', 'e.g. \'"\'', quote);
  }
  if (/[\r\n]/.test(delimiter + quote) || delimiter.includes(quote) || Buffer.from(delimiter)[0] === Buffer.from(quote)[0]) {
    invalidOption(['options', 'delimiter'], 'the delimiter and the quote must differ and contain no line break', undefined, delimiter);
  }
  const decimal = readOneOf(o.decimal, ['options', 'decimal'], ['.', ','] as const, '.');
  if (o.delimiter !== undefined && decimal === ',' && delimiter === ',') {
    invalidOption(['options', 'delimiter'], "decimal ',' needs another delimiter (e.g. ';')", undefined, ',');
  }
  const dateFormat = typeof o.dateFormat === 'function' ? (o.dateFormat as (text: string) => DateInput | undefined) : readOneOf(o.dateFormat, ['options', 'dateFormat'], DATE_FORMATS, 'iso');
  return {
    columns,
    hasHeader,
    mode: readOneOf(o.onError, ['options', 'onError'], ['throw', 'collect'] as const, 'throw'),
    decimal,
    dateFormat,
    skipBlank: readBoolean(o.skipBlankCustomerId, ['options', 'skipBlankCustomerId'], false),
    delimiter,
    quote,
    encoding: readOneOf(o.encoding, ['options', 'encoding'], ['utf8', 'utf16le', 'latin1'] as const, 'utf8'),
    maxErrors: o.maxErrors === undefined ? 1000 : readInteger(o.maxErrors, ['options', 'maxErrors'], { min: 0 }),
    maxFieldBytes: readBudget(o.maxFieldBytes, ['options', 'maxFieldBytes'], DEFAULT_MAX_FIELD_BYTES),
    maxRecordBytes: readBudget(o.maxRecordBytes, ['options', 'maxRecordBytes'], DEFAULT_MAX_RECORD_BYTES),
    maxRows: readBudget(o.maxRows, ['options', 'maxRows'], defaults.maxRows),
  };
}
