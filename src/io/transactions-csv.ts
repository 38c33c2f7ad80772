/**
 * Streaming reader for transaction CSV files (RFC 4180, our own tokenizer), gzip or plain.
 * Each record is converted as the tokenizer delivers it, so memory holds the kept rows only, and
 * every bad field is reported with its 1-based line number and field name.
 */
import { CsvSyntaxError, CsvTokenizer, type CsvRawRecord } from './csv-tokenizer.js';
import { z } from 'zod';
import {
  CrmError,
  parseWith,
  prepareTransactions,
  tryDayNumber,
  type DateInput,
  type TransactionTable,
} from '../core/index.js';
import { ioError, openByteStream, sourcePath, type FileSource } from './source.js';
import { parseDateField, parseStrictNumber, type DateFormat, type DecimalSeparator } from './parse-values.js';

/** The transaction fields a CSV column can be mapped to. */
export type TransactionField = 'customerId' | 'date' | 'amount' | 'orderId' | 'item' | 'quantity';

/** A column reference: its header name, or its 0-based position (required when `header: false`). */
export type ColumnRef = string | number;

/** Which CSV column holds each transaction field. `customerId`, `date` and `amount` are required. */
export interface CsvColumns {
  customerId: ColumnRef;
  date: ColumnRef;
  amount: ColumnRef;
  orderId?: ColumnRef;
  item?: ColumnRef;
  quantity?: ColumnRef;
}

/** Options of {@link readTransactionsCsv}. */
export interface ReadTransactionsCsvOptions {
  /** Column mapping (header names or 0-based indices). */
  columns: CsvColumns;
  /** Does the first record hold the column names? Default `true`. */
  header?: boolean;
  /** Field delimiter, one character or a short string. Default `','`. */
  delimiter?: string;
  /** Quote character. Default `'"'`. */
  quote?: string;
  /** Decimal separator of `amount` and `quantity`. Default `'.'`. Thousands separators are always rejected. */
  decimal?: DecimalSeparator;
  /** How `date` is written (default `'iso'`), or a function returning a `DateInput` or `undefined` for a bad value. */
  dateFormat?: DateFormat | ((text: string) => DateInput | undefined);
  /** `'throw'` (default): stop at the first bad row with a `CrmError`. `'collect'`: keep the good rows and list the bad ones. */
  onError?: 'throw' | 'collect';
  /** In collect mode, how many error records to keep (all are counted in `errorCount`). Default 1000. */
  maxErrors?: number;
  /** Skip rows whose customer id is blank instead of reporting them (e.g. guest checkouts). Default `false`. */
  skipBlankCustomerId?: boolean;
  /** Text encoding of the file. Default `'utf8'` (a UTF-8 byte-order mark is dropped). */
  encoding?: 'utf8' | 'utf16le' | 'latin1';
}

/** One transaction read from a file. `date` is the ISO text (or epoch ms for epoch formats). */
export interface CsvTransaction {
  customerId: string;
  date: string | number;
  amount: number;
  orderId?: string;
  item?: string;
  quantity?: number;
}

/** One rejected row (collect mode). `field`/`column` are `null` for a malformed CSV record. */
export interface CsvRowError {
  /** 1-based line number in the (decompressed) file where the record ends. */
  line: number;
  /** The transaction field that failed, or `null` when the record itself was malformed. */
  field: TransactionField | null;
  /** The CSV column name (or index as text) of that field, or `null`. */
  column: string | null;
  /** The raw text of the field, when there was one. */
  value?: string;
  /** What was wrong and what was expected. */
  message: string;
}

/** Result of {@link readTransactionsCsv}. */
export interface ReadTransactionsCsvResult {
  /** The good rows, in file order. */
  rows: CsvTransaction[];
  /** The first `maxErrors` bad rows (always empty in throw mode). */
  errors: CsvRowError[];
  /** How many rows were rejected in total. */
  errorCount: number;
  /** Data records read (header excluded; blank lines are not records). */
  records: number;
  /** Rows skipped on purpose (`skipBlankCustomerId`). */
  skipped: number;
  /** The header names, when `header` is true. */
  header: string[] | undefined;
}

const ColumnRefSchema = z.union([z.string().min(1, 'expected a non-empty column name'), z.number().int().nonnegative()]);

const OptionsSchema = z.object({
  columns: z.object({
    customerId: ColumnRefSchema,
    date: ColumnRefSchema,
    amount: ColumnRefSchema,
    orderId: ColumnRefSchema.optional(),
    item: ColumnRefSchema.optional(),
    quantity: ColumnRefSchema.optional(),
  }),
  header: z.boolean().optional(),
  delimiter: z.string().min(1).max(8).optional(),
  quote: z.string().length(1).optional(),
  decimal: z.enum(['.', ',']).optional(),
  dateFormat: z
    .union([
      z.enum(['iso', 'yyyymmdd', 'mdy', 'dmy', 'epoch-ms', 'epoch-s']),
      z.custom<(text: string) => DateInput | undefined>((v) => typeof v === 'function', 'expected a function'),
    ])
    .optional(),
  onError: z.enum(['throw', 'collect']).optional(),
  maxErrors: z.number().int().nonnegative().optional(),
  skipBlankCustomerId: z.boolean().optional(),
  encoding: z.enum(['utf8', 'utf16le', 'latin1']).optional(),
});

/** @internal The fields in the order of the resolved column index. */
export const FIELDS: readonly TransactionField[] = ['customerId', 'date', 'amount', 'orderId', 'item', 'quantity'];

/** @internal Where the record converter reports rejected and skipped records. */
export interface Sink {
  error(error: CsvRowError): void;
  skip(): void;
}

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
  /** Yields converted rows in batches (one batch per chunk of input bytes). */
  batches: () => AsyncGenerator<CsvTransaction[], void, undefined>;
  header: () => string[] | undefined;
  records: () => number;
}

function describeColumn(ref: ColumnRef): string {
  return typeof ref === 'number' ? `#${ref}` : JSON.stringify(ref);
}

/** Validate options, open the file and build a tokenizer whose records are converted into `sink`. */
export async function prepare(source: FileSource, rawOptions: ReadTransactionsCsvOptions, sink: Sink, raw?: RawRecordConsumer): Promise<Prepared> {
  const file = sourcePath(source);
  if (typeof rawOptions !== 'object' || rawOptions === null) {
    throw new CrmError('INVALID_OPTION', 'options with a columns mapping are required', { path: ['options'], expected: 'an object', received: rawOptions });
  }
  const options = parseWith(OptionsSchema, rawOptions, ['options'], 'INVALID_OPTION');
  const hasHeader = options.header ?? true;
  const mode = options.onError ?? 'throw';
  const decimal = options.decimal ?? '.';
  const dateFormat = options.dateFormat ?? 'iso';
  const skipBlank = options.skipBlankCustomerId ?? false;
  const columns = options.columns;
  if (!hasHeader) {
    for (const f of FIELDS) {
      const ref = columns[f];
      if (typeof ref === 'string') {
        throw new CrmError('INVALID_OPTION', 'without a header row, columns must be 0-based indices', {
          path: ['options', 'columns', f],
          expected: 'a non-negative integer',
          received: ref,
        });
      }
    }
  }
  if (options.delimiter !== undefined && decimal === ',' && options.delimiter === ',') {
    throw new CrmError('INVALID_OPTION', "decimal ',' needs another delimiter (e.g. ';')", { path: ['options', 'delimiter'], received: ',' });
  }

  const delimiter = options.delimiter ?? ',';
  const quote = options.quote ?? '"';
  if (/[\r\n]/.test(delimiter + quote) || Buffer.from(delimiter)[0] === Buffer.from(quote)[0]) {
    throw new CrmError('INVALID_OPTION', 'the delimiter and the quote must differ and contain no line break', {
      path: ['options', 'delimiter'],
      received: delimiter,
    });
  }
  const bytes = await openByteStream(file);
  // Resolved column positions, per field (-1 = not mapped).
  const index = new Int32Array(FIELDS.length).fill(-1);
  const names: (string | null)[] = FIELDS.map(() => null);
  let header: string[] | undefined;
  let records = 0;
  let width = 0;

  const resolveHeader = (record: string[]): void => {
    header = record.map((h) => h.trim());
    FIELDS.forEach((f, k) => {
      const ref = columns[f];
      if (ref === undefined) return;
      const pos = typeof ref === 'number' ? ref : (header as string[]).indexOf(ref);
      if (pos < 0 || pos >= record.length) {
        throw new CrmError('INVALID_OPTION', `column ${describeColumn(ref)} for ${f} is not in the file ${JSON.stringify(file)}`, {
          path: ['options', 'columns', f],
          expected: `one of ${(header as string[]).map((h) => JSON.stringify(h)).join(', ')}`,
          received: ref,
        });
      }
      index[k] = pos;
      names[k] = typeof ref === 'number' ? ((header as string[])[pos] ?? String(pos)) : ref;
    });
    selectMapped();
  };
  const resolveIndices = (record: string[]): void => {
    FIELDS.forEach((f, k) => {
      const ref = columns[f];
      if (ref === undefined) return;
      const pos = ref as number;
      if (pos >= record.length) {
        throw new CrmError('INVALID_OPTION', `column #${pos} for ${f} does not exist: the first record has ${record.length} fields`, {
          path: ['options', 'columns', f],
          expected: `an index below ${record.length}`,
          received: pos,
        });
      }
      index[k] = pos;
      names[k] = String(pos);
    });
    selectMapped();
  };
  // Only the mapped columns become strings from now on (the first record needed all).
  const selectMapped = (): void => tokenizer.select(Array.from(index).filter((i) => i >= 0));

  const fail = (line: number, k: number, value: string | undefined, message: string, expected: string): null => {
    const field = FIELDS[k] as TransactionField;
    const column = names[k] ?? null;
    if (mode === 'throw') {
      throw new CrmError('INVALID_INPUT', `line ${line}, column ${column === null ? '?' : JSON.stringify(column)}: ${message}`, {
        path: [line, field],
        expected,
        received: value,
        data: { file, line, column },
      });
    }
    const err: CsvRowError = { line, field, column, message: `${message} (expected ${expected})` };
    if (value !== undefined) err.value = value;
    sink.error(err);
    return null;
  };

  const dateFn = typeof dateFormat === 'function' ? dateFormat : undefined;
  const dateName = typeof dateFormat === 'function' ? 'a date accepted by options.dateFormat' : dateFormatExpectation(dateFormat);
  const numberName = decimal === ',' ? "a decimal number with ',' as decimal separator" : 'a decimal number such as -12.5 (no thousands separators)';

  const onRecord = (record: string[], line: number): CsvTransaction | null => {
    if (header === undefined && width === 0) {
      width = record.length;
      if (hasHeader) {
        resolveHeader(record);
        return null;
      }
      header = undefined;
      resolveIndices(record);
    }
    records++;
    const idRaw = record[index[0] as number];
    const customerId = idRaw === undefined ? '' : idRaw.trim();
    if (customerId === '') {
      if (skipBlank) {
        sink.skip();
        return null;
      }
      return fail(line, 0, idRaw, 'missing customer id', 'a non-empty id');
    }
    const dateRaw = record[index[1] as number] ?? '';
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
    const amountRaw = record[index[2] as number] ?? '';
    const amount = parseStrictNumber(amountRaw, decimal);
    if (amount === undefined) return fail(line, 2, amountRaw, amountRaw.trim() === '' ? 'missing amount' : 'not a number', numberName);
    const row: CsvTransaction = { customerId, date, amount };
    if (index[3] !== -1) {
      const o = (record[index[3] as number] ?? '').trim();
      if (o !== '') row.orderId = o;
    }
    if (index[4] !== -1) {
      const it = (record[index[4] as number] ?? '').trim();
      if (it !== '') row.item = it;
    }
    if (index[5] !== -1) {
      const qRaw = record[index[5] as number] ?? '';
      if (qRaw.trim() !== '') {
        const q = parseStrictNumber(qRaw, decimal);
        if (q === undefined) return fail(line, 5, qRaw, 'not a number', numberName);
        row.quantity = q;
      }
    }
    return row;
  };

  // Records are converted synchronously as the tokenizer delivers them during write()/end(), with
  // the line where each record ends.
  let queue: CsvTransaction[] = [];
  const tokenizer = new CsvTokenizer({
    delimiter,
    quote,
    encoding: options.encoding ?? 'utf8',
    onRecord: (record, line) => {
      const row = onRecord(record, line);
      if (row !== null) queue.push(row);
    },
    onRawRecord:
      raw === undefined
        ? undefined
        : (record, line) => {
            if (width !== 0 && raw.fast(record, line, index)) {
              records++;
              return;
            }
            const row = onRecord(record.fields(), line);
            if (row !== null) raw.row(row, line);
          },
    onBufferDone: raw === undefined ? undefined : () => raw.bufferDone(),
    onError:
      mode === 'collect'
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
  return { file, batches, header: () => header, records: () => records };
}

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

function toCrm(file: string, error: unknown): CrmError {
  if (error instanceof CrmError) return error;
  if (error instanceof CsvSyntaxError) {
    const line = error.line;
    return new CrmError('IO_ERROR', `malformed CSV in ${JSON.stringify(file)} at line ${line}: ${error.message}`, {
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
  const errors: CsvRowError[] = [];
  let errorCount = 0;
  let skipped = 0;
  const maxErrors = typeof options === 'object' && options !== null && typeof options.maxErrors === 'number' ? options.maxErrors : 1000;
  const sink: Sink = {
    error: (e) => {
      errorCount++;
      if (errors.length < maxErrors) errors.push(e);
    },
    skip: () => {
      skipped++;
    },
  };
  const prepared = await prepare(source, options, sink);
  for await (const batch of prepared.batches()) for (const row of batch) rows.push(row);
  return { rows, errors, errorCount, records: prepared.records(), skipped, header: prepared.header() };
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
  const onRowError = typeof options === 'object' && options !== null ? options.onRowError : undefined;
  const sink: Sink = {
    error: (e) => onRowError?.(e),
    skip: () => undefined,
  };
  const rest: ReadTransactionsCsvOptions = { ...options };
  delete (rest as { onRowError?: unknown }).onRowError;
  const prepared = await prepare(source, rest, sink);
  for await (const batch of prepared.batches()) yield* batch;
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
  const prepared = await prepare(source, rest, sink);
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
