/**
 * Streaming reader for transaction CSV files (RFC 4180, our own tokenizer), gzip or plain.
 * Each record is converted as the tokenizer delivers it, so memory holds the kept rows only, and
 * every bad field is reported with its 1-based line number and field name.
 */
import { budgetExceeded, CrmError, prepareTransactions, type TransactionTable } from '../core/index.js';
import { DEFAULT_MAX_ROWS, readCsvOptions } from './csv-options.js';
import { resolveColumns, type ColumnIndex } from './csv-header.js';
import { rowConverter, type Sink } from './csv-rows.js';
import { CsvLimitError, CsvSyntaxError, CsvTokenizer, type CsvRawRecord } from './csv-tokenizer.js';
import type { CsvRowError, CsvTransaction, ReadTransactionsCsvOptions, ReadTransactionsCsvResult } from './csv-types.js';
import { quoteExcerpt } from './excerpt.js';
import { RowErrors } from './row-errors.js';
import { ioError, openByteStream, sourcePath, type FileSource } from './source.js';

export { FIELDS } from './csv-options.js';

/**
 * @internal A consumer that reads some records straight from their bytes (`summarizeCsv`). Records
 * it declines are converted as usual (same checks and errors as `readTransactionsCsv`) and handed
 * to `row`.
 */
export interface RawRecordConsumer {
  /** Take the record from its bytes, or return false. `index[k]` is the column of field k of {@link FIELDS} (-1: not mapped). */
  fast(record: CsvRawRecord, line: number, index: Int32Array): boolean;
  /** A converted row (records `fast` declined). */
  row(row: CsvTransaction, line: number): void;
  /** The records of a buffer were all delivered: anything kept from its bytes must be used now. */
  bufferDone(): void;
}

/** @internal */
export interface Prepared {
  file: string;
  /** The checked `maxErrors` option. */
  maxErrors: number;
  /** Yields converted rows in batches (one batch per chunk of input bytes). */
  batches: () => AsyncGenerator<CsvTransaction[], void, undefined>;
  header: () => string[] | undefined;
  records: () => number;
}

/**
 * Check the options, open the file and build a tokenizer whose records are converted into `sink`
 * (or offered to `raw` first). The three steps live in their own files: option checks
 * (`csv-options.ts`), header resolution (`csv-header.ts`) and row conversion (`csv-rows.ts`).
 */
export async function prepare(
  source: FileSource,
  rawOptions: unknown,
  sink: Sink,
  raw?: RawRecordConsumer,
  defaults: { maxRows: number; extraKeys?: readonly string[] } = { maxRows: DEFAULT_MAX_ROWS },
): Promise<Prepared> {
  const file = sourcePath(source);
  const options = readCsvOptions(rawOptions, defaults, defaults.extraKeys);
  const { maxRows } = options;
  const bytes = await openByteStream(file);
  let columns: ColumnIndex | undefined;
  let convert: ((record: readonly string[], line: number) => CsvTransaction | null) | undefined;
  let index: Int32Array = new Int32Array(0);
  let records = 0;

  const countRecord = (): void => {
    if (++records > maxRows) throw budgetExceeded({ code: 'BUDGET_EXCEEDED', option: ['options', 'maxRows'], limit: maxRows, what: 'data rows' });
  };
  /** The first record fixes the columns (and is the header when there is one). */
  const first = (record: string[]): boolean => {
    columns = resolveColumns(record, options.columns, options.hasHeader, file);
    index = columns.index;
    convert = rowConverter(options, columns, sink, file);
    // Only the mapped columns become strings from now on (the first record needed all).
    tokenizer.select(Array.from(index).filter((i) => i >= 0));
    return options.hasHeader;
  };
  const onRecord = (record: string[], line: number): CsvTransaction | null => {
    if (convert === undefined && first(record)) return null;
    countRecord();
    return (convert as (record: readonly string[], line: number) => CsvTransaction | null)(record, line);
  };

  // Records are converted synchronously as the tokenizer delivers them during write()/end(), with
  // the line where each record ends.
  let queue: CsvTransaction[] = [];
  const tokenizer = new CsvTokenizer({
    delimiter: options.delimiter,
    quote: options.quote,
    encoding: options.encoding,
    maxFieldBytes: options.maxFieldBytes,
    maxRecordBytes: options.maxRecordBytes,
    onRecord: (record, line) => {
      const row = onRecord(record, line);
      if (row !== null) queue.push(row);
    },
    onRawRecord:
      raw === undefined
        ? undefined
        : (record, line) => {
            if (convert !== undefined && raw.fast(record, line, index)) {
              countRecord();
              return;
            }
            const row = onRecord(record.fields(), line);
            if (row !== null) raw.row(row, line);
          },
    onBufferDone: raw === undefined ? undefined : () => raw.bufferDone(),
    onError:
      options.mode === 'collect'
        ? (err: CsvSyntaxError) => sink.error({ line: err.line, field: null, column: null, message: `malformed CSV record: ${err.message}` })
        : undefined,
  });

  async function* batches(): AsyncGenerator<CsvTransaction[], void, undefined> {
    try {
      for await (const chunk of bytes as AsyncIterable<Buffer>) {
        tokenizer.write(chunk);
        if (queue.length > 0) {
          const out = queue;
          queue = [];
          yield out;
        }
      }
      tokenizer.end();
      if (queue.length > 0) {
        const out = queue;
        queue = [];
        yield out;
      }
    } catch (error) {
      throw toCrm(file, error);
    } finally {
      bytes.destroy();
    }
  }
  return { file, batches, header: () => columns?.header, records: () => records, maxErrors: options.maxErrors };
}

function toCrm(file: string, error: unknown): CrmError {
  if (error instanceof CrmError) return error;
  if (error instanceof CsvLimitError) {
    return new CrmError(
      'RECORD_TOO_LARGE',
      `${error.option === 'maxFieldBytes' ? 'a field' : 'a record'} starting at line ${error.line} of ${quoteExcerpt(file, 200)} is longer than ${error.limit} bytes; raise options.${error.option} if the file is right`,
      { path: ['options', error.option], data: { file, line: error.line, limit: error.limit }, cause: error },
    );
  }
  if (error instanceof CsvSyntaxError) {
    const line = error.line;
    return new CrmError('IO_ERROR', `malformed CSV in ${quoteExcerpt(file, 200)} at line ${line}: ${error.message}`, {
      path: [line],
      data: { file, code: error.code, line },
      cause: error,
    });
  }
  return ioError(file, error);
}

/**
 * Read a transaction CSV (plain or gzip) into rows ready for `prepareTransactions` and the models.
 * Streams the file through our RFC 4180 tokenizer; only the kept rows are held in memory.
 * Bad values are never turned into NaN: in `onError: 'throw'` mode (default) the first one throws a
 * `CrmError` (`INVALID_INPUT`, `path: [line, field]`), in `'collect'` mode it is listed in `errors`
 * and the good rows are kept. Missing files, bad gzip and malformed CSV are `IO_ERROR`.
 *
 * @example
 * ```ts
 * import { readTransactionsCsv } from 'crm-analytics/io';
 * const { rows, errors } = await readTransactionsCsv('data/online_retail_II_2009_2010_invoices.csv.gz', {
 *   columns: { customerId: 'CustomerID', date: 'InvoiceDate', amount: 'Revenue', orderId: 'Invoice' },
 *   onError: 'collect',
 * });
 * console.log(rows.length, errors.length); // 19213 0
 * ```
 */
export async function readTransactionsCsv(source: FileSource, options: ReadTransactionsCsvOptions): Promise<ReadTransactionsCsvResult> {
  const rows: CsvTransaction[] = [];
  const report = new RowErrors(typeof options === 'object' && options !== null && typeof options.maxErrors === 'number' ? options.maxErrors : 1000);
  const prepared = await prepare(source, options, report);
  for await (const batch of prepared.batches()) for (const row of batch) rows.push(row);
  return { rows, errors: report.errors, errorCount: report.errorCount, records: prepared.records(), skipped: report.skipped, header: prepared.header() };
}

/**
 * Stream the rows of a transaction CSV one by one (bounded memory: nothing is kept). Options as in
 * {@link readTransactionsCsv}; in collect mode bad rows go to `onRowError` (if given) and are skipped.
 *
 * @example
 * ```ts
 * import { streamTransactionsCsv } from 'crm-analytics/io';
 * let revenue = 0;
 * for await (const row of streamTransactionsCsv('sales.csv.gz', { columns: { customerId: 'id', date: 'day', amount: 'eur' } })) {
 *   revenue += row.amount;
 * }
 * ```
 */
export async function* streamTransactionsCsv(
  source: FileSource,
  options: ReadTransactionsCsvOptions & { onRowError?: (error: CsvRowError) => void },
): AsyncGenerator<CsvTransaction, void, undefined> {
  for await (const batch of streamTransactionBatches(source, options)) yield* batch;
}

/**
 * Like {@link streamTransactionsCsv} but yields the rows in batches (one per chunk of the file,
 * typically a few hundred rows): far fewer async steps, which matters at millions of rows.
 * `rfm.summarizeStream` accepts batches directly.
 *
 * @example
 * ```ts
 * import { streamTransactionBatches } from 'crm-analytics/io';
 * import { summarizeStream } from 'crm-analytics/rfm';
 * const summaries = await summarizeStream(
 *   streamTransactionBatches('big.csv.gz', { columns: { customerId: 'customer', date: 'day', amount: 'total' } }),
 *   { asOf: '2024-12-31' },
 * );
 * ```
 */
export async function* streamTransactionBatches(
  source: FileSource,
  options: ReadTransactionsCsvOptions & { onRowError?: (error: CsvRowError) => void },
): AsyncGenerator<CsvTransaction[], void, undefined> {
  const onRowError = typeof options === 'object' && options !== null ? options.onRowError : undefined;
  const sink: Sink = {
    error: (e) => onRowError?.(e),
    skip: () => undefined,
  };
  const rest: ReadTransactionsCsvOptions = { ...options };
  delete (rest as { onRowError?: unknown }).onRowError;
  const prepared = await prepare(source, rest, sink, undefined, { maxRows: Infinity });
  yield* prepared.batches();
}

/** Result of {@link readTransactionsTable}: the table plus the reader's error report. */
export interface ReadTransactionsTableResult extends Omit<ReadTransactionsCsvResult, 'rows'> {
  table: TransactionTable;
}

/**
 * Read a transaction CSV straight into a columnar `TransactionTable` (see `prepareTransactions`).
 *
 * @example
 * ```ts
 * import { readTransactionsTable } from 'crm-analytics/io';
 * const { table } = await readTransactionsTable('orders.csv', { columns: { customerId: 'customer', date: 'date', amount: 'total', orderId: 'order' } });
 * table.customerIds.length; // number of customers
 * ```
 */
export async function readTransactionsTable(source: FileSource, options: ReadTransactionsCsvOptions): Promise<ReadTransactionsTableResult> {
  const { rows, ...rest } = await readTransactionsCsv(source, options);
  return { table: prepareTransactions(rows), ...rest };
}
