/**
 * Row conversion of the transaction CSV readers: one record's fields → a `CsvTransaction`, or a
 * row error (thrown in `'throw'` mode, handed to the sink in `'collect'` mode) naming the line,
 * the field and the column.
 */
import { CrmError, tryDayNumber, type DateInput } from '../core/index.js';
import type { ResolvedCsvOptions } from './csv-options.js';
import { FIELDS } from './csv-options.js';
import type { ColumnIndex } from './csv-header.js';
import type { CsvRowError, CsvTransaction, TransactionField } from './csv-types.js';
import { quoteExcerpt } from './excerpt.js';
import { parseDateField, parseStrictNumber, type DateFormat } from './parse-values.js';

/** @internal Where the record converter reports rejected and skipped records. */
export interface Sink {
  error(error: CsvRowError): void;
  skip(): void;
}

/** Longest raw value kept in a {@link CsvRowError} (the rest is cut with `…`). */
const VALUE_MAX = 200;

function dateFormatExpectation(format: DateFormat): string {
  switch (format) {
    case 'iso':
      return 'an ISO-8601 date such as 2024-01-31 or 2024-01-31T13:45:00Z';
    case 'yyyymmdd':
      return 'a date written YYYYMMDD';
    case 'mdy':
      return 'a date written M/D/YYYY[ H:MM[:SS]]';
    case 'dmy':
      return 'a date written D/M/YYYY[ H:MM[:SS]]';
    case 'epoch-ms':
      return 'epoch milliseconds';
    case 'epoch-s':
      return 'epoch seconds';
  }
}

/**
 * Build the converter of one record (fields as the tokenizer delivers them) into a row; `null`
 * means the record was rejected or skipped (and reported to `sink`).
 *
 * @example
 * ```ts
 * const convert = rowConverter(options, columnIndex, sink, 'orders.csv');
 * convert(['c1', '2024-01-02', '12.5'], 2); // { customerId: 'c1', date: '2024-01-02', amount: 12.5 }
 * ```
 */
export function rowConverter(options: ResolvedCsvOptions, columns: ColumnIndex, sink: Sink, file: string): (record: readonly string[], line: number) => CsvTransaction | null {
  const { mode, decimal, dateFormat, skipBlank } = options;
  const { index, names } = columns;
  const fail = (line: number, k: number, value: string | undefined, message: string, expected: string): null => {
    const field = FIELDS[k] as TransactionField;
    const column = names[k] ?? null;
    const shown = value === undefined ? undefined : value.length > VALUE_MAX ? `${value.slice(0, VALUE_MAX)}…` : value;
    if (mode === 'throw') {
      throw new CrmError('INVALID_INPUT', `line ${line}, column ${column === null ? '?' : quoteExcerpt(column)}: ${message}${value === undefined ? '' : ` (got ${quoteExcerpt(value)})`}`, {
        path: [line, field],
        expected,
        received: shown,
        data: { file, line, column },
      });
    }
    const err: CsvRowError = { line, field, column, message: `${message} (expected ${expected})` };
    if (shown !== undefined) err.value = shown;
    sink.error(err);
    return null;
  };

  const dateFn = typeof dateFormat === 'function' ? dateFormat : undefined;
  const dateName = typeof dateFormat === 'function' ? 'a date accepted by options.dateFormat' : dateFormatExpectation(dateFormat);
  const numberName = decimal === ',' ? "a decimal number with ',' as decimal separator" : 'a decimal number such as -12.5 (no thousands separators)';
  const [ci, di, ai, oi, ii, qi] = index as unknown as [number, number, number, number, number, number];

  return (record, line) => {
    const idRaw = record[ci];
    const customerId = idRaw === undefined ? '' : idRaw.trim();
    if (customerId === '') {
      if (skipBlank) {
        sink.skip();
        return null;
      }
      return fail(line, 0, idRaw, 'missing customer id', 'a non-empty id');
    }
    const dateRaw = record[di] ?? '';
    let date: string | number | undefined;
    if (dateFn !== undefined) {
      let v: DateInput | undefined;
      try {
        v = dateFn(dateRaw);
      } catch {
        v = undefined;
      }
      if (v !== undefined && tryDayNumber(v) !== undefined) date = v instanceof Date ? v.getTime() : v;
    } else {
      date = parseDateField(dateRaw, dateFormat as DateFormat);
    }
    if (date === undefined) return fail(line, 1, dateRaw, dateRaw.trim() === '' ? 'missing date' : 'not a valid date', dateName);
    const amountRaw = record[ai] ?? '';
    const amount = parseStrictNumber(amountRaw, decimal);
    if (amount === undefined) return fail(line, 2, amountRaw, amountRaw.trim() === '' ? 'missing amount' : 'not a number', numberName);
    const row: CsvTransaction = { customerId, date, amount };
    if (oi !== -1) {
      const o = (record[oi] ?? '').trim();
      if (o !== '') row.orderId = o;
    }
    if (ii !== -1) {
      const it = (record[ii] ?? '').trim();
      if (it !== '') row.item = it;
    }
    if (qi !== -1) {
      const qRaw = record[qi] ?? '';
      if (qRaw.trim() !== '') {
        const q = parseStrictNumber(qRaw, decimal);
        if (q === undefined) return fail(line, 5, qRaw, 'not a number', numberName);
        row.quantity = q;
      }
    }
    return row;
  };
}
