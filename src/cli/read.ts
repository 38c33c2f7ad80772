/**
 * The CLI's reading step: sniff the dialect, resolve the columns (explicit, guessed, or
 * line-level quantity × price), read the rows, and apply the returns policy. Everything it
 * decided is printed through `log` and handed to the report's data profile.
 */
import { CrmError, type Transaction } from '../core/index.js';
import { quoteExcerpt, listExcerpt } from '../io/excerpt.js';
import { readTransactionsCsv, type CsvColumns, type CsvRowError, type DateFormat } from '../io/index.js';
import type { ReportInputProfile, ReturnsProfile } from '../report/index.js';
import { guessColumn, type ReportField } from './columns.js';
import { decodeHead, ENCODINGS, headRecords, readHead, sniffDateFormat, sniffDecimalComma, sniffDelimiter, sniffEncoding, type CliEncoding } from './sniff.js';

/** The flag of each field. */
export const FLAG: Readonly<Record<ReportField, string>> = {
  customerId: '--customer',
  date: '--date',
  amount: '--amount',
  orderId: '--order',
  item: '--item',
  quantity: '--quantity',
  price: '--price',
};

/** What {@link readInput} needs. */
export interface ReadInputOptions {
  file: string;
  columns?: Partial<Record<ReportField, string>>;
  delimiter?: string;
  decimal?: '.' | ',';
  dateFormat?: DateFormat;
  encoding?: CliEncoding;
  /** `'exclude'` (default): cancellations, returns and zero-price lines are left out and counted; `'net'`: kept (negative amounts). */
  returns?: 'exclude' | 'net';
  maxRows?: number;
  log?: (line: string) => void;
}

/** The rows and what the reader saw. */
export interface ReadInput {
  rows: Transaction[];
  input: ReportInputProfile;
  columns: Partial<Record<ReportField, string>>;
}

/**
 * Resolve explicit and guessed columns. Every column that is needed and cannot be guessed is
 * reported at once, with the flag that fixes it and the header it saw. Line-level files: when
 * no amount column is given or guessed, a quantity and a price column give amount = quantity ×
 * price.
 */
export function resolveColumns(headers: readonly string[], given: Partial<Record<ReportField, string>>, log: (l: string) => void): Partial<Record<ReportField, string>> {
  const out: Partial<Record<ReportField, string>> = {};
  const taken = new Set<string>(Object.values(given).filter((v): v is string => v !== undefined));
  for (const [field, g] of Object.entries(given) as Array<[ReportField, string | undefined]>) {
    if (g === undefined) continue;
    if (!headers.includes(g)) {
      throw new CrmError('INVALID_INPUT', `column ${quoteExcerpt(g)} (${FLAG[field]}) is not in the header`, {
        path: ['columns', field],
        expected: `one of ${listExcerpt(headers)}`,
        received: quoteExcerpt(g),
      });
    }
    out[field] = g;
  }
  const guess = (field: ReportField): string | undefined => {
    if (out[field] !== undefined) return out[field];
    const g = guessColumn(headers, field, taken);
    if (g === undefined) return undefined;
    taken.add(g);
    out[field] = g;
    log(`guessed ${FLAG[field]} ${quoteExcerpt(g)}`);
    return g;
  };
  const missing: string[] = [];
  if (guess('customerId') === undefined) missing.push('the customer id (pass --customer COL)');
  if (guess('date') === undefined) missing.push('the date (pass --date COL)');
  const lineLevel = out.amount === undefined && (given.quantity !== undefined || given.price !== undefined || guessColumn(headers, 'amount', taken) === undefined);
  if (lineLevel) {
    const q = guess('quantity');
    const p = guess('price');
    if (q === undefined || p === undefined) {
      missing.push(`the amount (pass --amount COL, or --quantity COL and --price COL for line-level files${q === undefined && p === undefined ? '' : `; found ${q === undefined ? `price ${quoteExcerpt(p)} but no quantity` : `quantity ${quoteExcerpt(q)} but no price`}`})`);
    }
  } else {
    guess('amount');
  }
  guess('orderId');
  if (missing.length > 0) {
    throw new CrmError('INVALID_INPUT', `could not guess ${missing.join(', ')}`, {
      path: ['columns'],
      expected: `columns among ${listExcerpt(headers)}`,
    });
  }
  return out;
}

/**
 * Read the file for the report.
 *
 * @example
 * ```ts
 * const { rows, input } = await readInput({ file: 'online_retail_II.csv.gz' });
 * ```
 */
export async function readInput(options: ReadInputOptions): Promise<ReadInput> {
  const log = options.log ?? (() => undefined);
  let head: Buffer;
  try {
    head = await readHead(options.file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable');
    throw new CrmError('IO_ERROR', `cannot read ${quoteExcerpt(options.file, 200)}: ${reason}`, { path: ['file'], cause: e });
  }
  let encoding: 'utf8' | 'utf16le' | 'latin1';
  if (options.encoding !== undefined) encoding = ENCODINGS[options.encoding];
  else {
    const s = sniffEncoding(head);
    encoding = s.encoding;
    if (s.guessed) log(`guessed --encoding latin-1 (the file is not valid UTF-8)`);
    else if (encoding === 'utf16le') log('guessed --encoding utf-16 (byte-order mark)');
  }
  const text = decodeHead(head, encoding);
  const firstLine = (text.split(/\r?\n/)[0] ?? '').trim();
  if (firstLine === '') throw new CrmError('INVALID_INPUT', `${quoteExcerpt(options.file, 200)} has no header line`, { path: ['file', 1] });
  let delimiter = options.delimiter;
  if (delimiter === undefined) {
    const d = sniffDelimiter(text);
    delimiter = d ?? ',';
    if (d !== undefined && d !== ',') log(`guessed --delimiter ${quoteExcerpt(d)}`);
  }
  const records = headRecords(text, delimiter);
  const headers = (records[0] ?? []).map((h) => h.trim());
  const columns = resolveColumns(headers, options.columns ?? {}, log);
  const sample = (field: ReportField): string[] => {
    const c = columns[field];
    if (c === undefined) return [];
    const k = headers.indexOf(c);
    return records.slice(1).map((r) => r[k] ?? '');
  };
  let decimal = options.decimal;
  if (decimal === undefined) {
    decimal = delimiter !== ',' && [...sample('amount'), ...sample('price'), ...sample('quantity')].length > 0 && sniffDecimalComma([...sample('amount'), ...sample('price'), ...sample('quantity')]) ? ',' : '.';
    if (decimal === ',') log(`guessed --decimal ","`);
  }
  let dateFormat = options.dateFormat;
  if (dateFormat === undefined) {
    const f = sniffDateFormat(sample('date'), columns.date as string);
    dateFormat = f ?? 'iso';
    if (f !== undefined && f !== 'iso') log(`guessed --date-format ${f}`);
  }
  const lineLevel = columns.amount === undefined;
  const csvColumns: CsvColumns = {
    customerId: columns.customerId as string,
    date: columns.date as string,
    amount: (lineLevel ? columns.price : columns.amount) as string,
  };
  if (columns.orderId !== undefined) csvColumns.orderId = columns.orderId;
  if (columns.item !== undefined) csvColumns.item = columns.item;
  if (lineLevel) csvColumns.quantity = columns.quantity as string;
  const read = await readTransactionsCsv(options.file, {
    columns: csvColumns,
    onError: 'collect',
    maxErrors: 1000,
    skipBlankCustomerId: true,
    delimiter,
    decimal,
    dateFormat,
    encoding,
    ...(options.maxRows === undefined ? {} : { maxRows: options.maxRows }),
  });
  const policy = options.returns ?? 'exclude';
  const returns: ReturnsProfile = { policy, cancelledLines: 0, returnLines: 0, zeroPriceLines: 0, amount: 0 };
  const rows: Transaction[] = [];
  const errors: CsvRowError[] = read.errors;
  let errorCount = read.errorCount;
  for (const r of read.rows) {
    let amount = r.amount;
    if (lineLevel) {
      if (r.quantity === undefined) {
        errorCount++;
        if (errors.length < 1000) errors.push({ line: 0, field: 'quantity', column: columns.quantity as string, message: 'missing quantity (expected a number)' });
        continue;
      }
      // amount = quantity × price, rounded to 1e-6 so that float noise (0.1 × 3) does not reach the sums; prices have ≤ 3 decimals.
      amount = Math.round(r.quantity * r.amount * 1e6) / 1e6;
    }
    const cancelled = r.orderId !== undefined && /^c/i.test(r.orderId);
    const isReturn = !cancelled && (lineLevel ? (r.quantity as number) <= 0 : amount < 0);
    const zeroPrice = !cancelled && !isReturn && lineLevel && r.amount <= 0;
    if (cancelled || isReturn || zeroPrice) {
      if (cancelled) returns.cancelledLines++;
      else if (isReturn) returns.returnLines++;
      else returns.zeroPriceLines++;
      returns.amount += amount;
      if (policy === 'exclude') continue;
    }
    const row: Transaction = { customerId: r.customerId, date: r.date, amount };
    if (r.orderId !== undefined) row.orderId = r.orderId;
    if (r.item !== undefined) row.item = r.item;
    rows.push(row);
  }
  if (rows.length === 0) {
    const first = errors[0];
    throw new CrmError(
      'INVALID_INPUT',
      first === undefined
        ? `${quoteExcerpt(options.file, 200)} has no usable rows`
        : `no usable rows in ${quoteExcerpt(options.file, 200)}; first problem at line ${first.line}, column ${first.column === null ? '?' : quoteExcerpt(first.column)}: ${first.message}`,
      { path: first === undefined ? ['file'] : ['file', first.line, first.column ?? 'record'] },
    );
  }
  const mapping: Record<string, string> = {};
  for (const [k, v] of Object.entries(columns)) if (v !== undefined) mapping[k] = v;
  const lineReturns = returns.cancelledLines + returns.returnLines + returns.zeroPriceLines > 0 || lineLevel;
  return {
    rows,
    columns,
    input: {
      records: read.records,
      errorCount,
      errors,
      skippedBlankCustomer: read.skipped,
      columns: mapping,
      ...(lineReturns ? { returns } : {}),
    },
  };
}
