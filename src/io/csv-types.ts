/**
 * The shapes of the transaction CSV readers: column mapping, options, rows, row errors, results.
 */
import type { DateInput } from '../core/index.js';
import type { DateFormat, DecimalSeparator } from './parse-values.js';

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
  /** Text encoding of the file. Default `'utf8'` (a UTF-8 byte-order mark is dropped; a UTF-16LE one switches to UTF-16LE). */
  encoding?: 'utf8' | 'utf16le' | 'latin1';
  /** Largest field in bytes (default 16 MiB); a longer one is a `RECORD_TOO_LARGE` error naming this option. */
  maxFieldBytes?: number;
  /** Largest record in bytes (default 64 MiB); a longer one is a `RECORD_TOO_LARGE` error naming this option. */
  maxRecordBytes?: number;
  /**
   * Most data records read (default 10,000,000 for the readers that keep rows, no limit for the
   * streaming ones); more is a `BUDGET_EXCEEDED` error naming this option. `Infinity` lifts it.
   */
  maxRows?: number;
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

