/**
 * The CLI's reading step: sniff the dialect, resolve the columns (explicit, guessed, or
 * line-level quantity × price), read the rows, and apply the returns policy. Everything it
 * decided is printed through `log` and handed to the report's data profile.
 */
import { CrmError, dayToIsoDate, tryDayNumber, type Transaction, type TransactionTable, invalidInput } from '../core/index.js';
import { quoteExcerpt, listExcerpt } from '../io/excerpt.js';
import type { CsvColumns, CsvRowError, DateFormat } from '../io/index.js';
import { parseDateField, parseStrictNumber } from '../io/parse-values.js';
import { RowErrors } from '../io/row-errors.js';
import { prepare } from '../io/transactions-csv.js';
import type { ReportInputProfile, ReturnsProfile } from '../report/build.js';
import { guessColumn, guessColumnDetail, type ReportField } from './columns.js';
import { TableBuilder } from './table-builder.js';
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

/** The transactions (columnar, built while streaming) and what the reader saw. */
export interface ReadInput {
  /** The kept rows as a `TransactionTable` (the same table `prepareTransactions` builds from them). */
  table: TransactionTable;
  /** The kept rows as objects, materialised on access (tests and small files; the report uses `table`). */
  readonly rows: Transaction[];
  input: ReportInputProfile;
  columns: Partial<Record<ReportField, string>>;
}

/** A column the reader guessed, with the header candidate that matched. */
export interface ColumnGuess {
  column: string;
  candidate: string;
  /** Matched only a generic header name (`WEAK_CANDIDATES` in columns.ts). */
  weak: boolean;
}

/** Below this many non-blank sampled values a column's contents are not judged. */
const MIN_JUDGED_VALUES = 20;
/** A guessed column whose sampled values fit the field less often than this is a low-confidence guess. */
const MIN_FIT = 0.5;

/**
 * Resolve explicit and guessed columns. Every column that is needed and cannot be guessed is
 * reported at once, with the flag that fixes it and the header it saw. Line-level files: when
 * no amount column is given or guessed, a quantity and a price column give amount = quantity ×
 * price.
 */
export function resolveColumns(
  headers: readonly string[],
  given: Partial<Record<ReportField, string>>,
  log: (l: string) => void,
  guesses: Map<ReportField, ColumnGuess> = new Map(),
): Partial<Record<ReportField, string>> {
  const out: Partial<Record<ReportField, string>> = {};
  const taken = new Set<string>(Object.values(given).filter((v): v is string => v !== undefined));
  for (const [field, g] of Object.entries(given) as Array<[ReportField, string | undefined]>) {
    if (g === undefined) continue;
    if (!headers.includes(g)) {
      invalidInput(['columns', field], `column ${quoteExcerpt(g)} (${FLAG[field]}) is not in the header`, `one of ${listExcerpt(headers)}`, quoteExcerpt(g));
    }
    out[field] = g;
  }
  const guess = (field: ReportField): string | undefined => {
    if (out[field] !== undefined) return out[field];
    const d = guessColumnDetail(headers, field, taken);
    if (d === undefined) return undefined;
    const g = d.column;
    taken.add(g);
    out[field] = g;
    guesses.set(field, d);
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
    invalidInput(['columns'], `could not guess ${missing.join(', ')}`, `columns among ${listExcerpt(headers)}`);
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
  if (firstLine === '') invalidInput(['file', 1], `${quoteExcerpt(options.file, 200)} has no header line`);
  let delimiter = options.delimiter;
  if (delimiter === undefined) {
    const d = sniffDelimiter(text);
    delimiter = d ?? ',';
    if (d !== undefined && d !== ',') log(`guessed --delimiter ${quoteExcerpt(d)}`);
  }
  const records = headRecords(text, delimiter);
  const headers = (records[0] ?? []).map((h) => h.trim());
  const guesses = new Map<ReportField, ColumnGuess>();
  const columns = resolveColumns(headers, options.columns ?? {}, log, guesses);
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
  checkGuesses(guesses, sample, dateFormat, decimal);
  const lineLevel = columns.amount === undefined;
  const csvColumns: CsvColumns = {
    customerId: columns.customerId as string,
    date: columns.date as string,
    amount: (lineLevel ? columns.price : columns.amount) as string,
  };
  if (columns.orderId !== undefined) csvColumns.orderId = columns.orderId;
  if (columns.item !== undefined) csvColumns.item = columns.item;
  if (lineLevel) csvColumns.quantity = columns.quantity as string;
  const maxErrors = 1000;
  const report = new RowErrors(maxErrors);
  const policy = options.returns ?? 'exclude';
  const returns: ReturnsProfile = { policy, cancelledLines: 0, returnLines: 0, zeroPriceLines: 0, amount: 0 };
  const builder = new TableBuilder();
  const late: CsvRowError[] = [];
  const amountColumn = (lineLevel ? columns.price : columns.amount) as string;
  /** One converted row (`value`: the amount, or the unit price of a line-level file) through the returns policy into the table. */
  const accept = (customerId: string, day: number | undefined, value: number, quantity: number | undefined, orderId: string | undefined, item: string | undefined): void => {
    let amount = value;
    if (lineLevel) {
      if (quantity === undefined) {
        report.errorCount++;
        late.push({ line: 0, field: 'quantity', column: columns.quantity as string, message: 'missing quantity (expected a number)' });
        return;
      }
      // amount = quantity × price, rounded to 1e-6 so that float noise (0.1 × 3) does not reach the sums; prices have ≤ 3 decimals.
      amount = Math.round(quantity * value * 1e6) / 1e6;
    }
    const cancelled = orderId !== undefined && (orderId.charCodeAt(0) | 0x20) === 0x63; // starts with c or C
    const isReturn = !cancelled && (lineLevel ? (quantity as number) <= 0 : amount < 0);
    const zeroPrice = !cancelled && !isReturn && lineLevel && value <= 0;
    if (cancelled || isReturn || zeroPrice) {
      if (cancelled) returns.cancelledLines++;
      else if (isReturn) returns.returnLines++;
      else returns.zeroPriceLines++;
      returns.amount += amount;
      if (policy === 'exclude') return;
    }
    if (day === undefined || !Number.isFinite(amount)) {
      report.errorCount++;
      late.push({ line: 0, field: day === undefined ? 'date' : 'amount', column: day === undefined ? (columns.date as string) : amountColumn, message: day === undefined ? 'not a valid date' : 'amount out of range' });
      return;
    }
    builder.add(customerId, day, amount, orderId, item);
  };
  // Order lines share their invoice's timestamp: parse each distinct date text once.
  const days = new Map<string | number, number | undefined>();
  let lastDate: string | number | undefined;
  let lastDay: number | undefined;
  const dayOf = (date: string | number): number | undefined => {
    if (date === lastDate) return lastDay;
    let day = days.get(date);
    if (day === undefined && !days.has(date)) {
      day = tryDayNumber(date);
      days.set(date, day);
    }
    lastDate = date;
    lastDay = day;
    return day;
  };
  // Rows go straight into the columnar table as the file streams: no array of row objects is kept
  // (on 417k order lines that array and its copies were most of the reading time and memory).
  const prepared = await prepare(
    options.file,
    {
      columns: csvColumns,
      onError: 'collect',
      maxErrors,
      skipBlankCustomerId: true,
      delimiter,
      decimal,
      dateFormat,
      encoding,
      ...(options.maxRows === undefined ? {} : { maxRows: options.maxRows }),
    },
    report,
  );
  for await (const batch of prepared.batches()) for (const r of batch) accept(r.customerId, dayOf(r.date), r.amount, r.quantity, r.orderId, r.item);
  const table = builder.finish();
  // The reader's rejections first (by line), then the ones found after conversion.
  const errors = report.errors;
  for (const e of late) {
    if (errors.length >= maxErrors) break;
    errors.push(e);
  }
  if (table.length === 0) {
    const first = errors[0];
    invalidInput(first === undefined ? ['file'] : ['file', first.line, first.column ?? 'record'], first === undefined
        ? `${quoteExcerpt(options.file, 200)} has no usable rows`
        : `no usable rows in ${quoteExcerpt(options.file, 200)}; first problem at line ${first.line}, column ${first.column === null ? '?' : quoteExcerpt(first.column)}: ${first.message}`);
  }
  const mapping: Record<string, string> = {};
  for (const [k, v] of Object.entries(columns)) if (v !== undefined) mapping[k] = v;
  const lineReturns = returns.cancelledLines + returns.returnLines + returns.zeroPriceLines > 0 || lineLevel;
  let rows: Transaction[] | undefined;
  return {
    table,
    get rows(): Transaction[] {
      rows ??= rowsOfTable(table);
      return rows;
    },
    columns,
    input: {
      records: prepared.records(),
      errorCount: report.errorCount,
      errors,
      skippedBlankCustomer: report.skipped,
      columns: mapping,
      ...(lineReturns ? { returns } : {}),
    },
  };
}

/**
 * A table's rows as transaction objects, in table order: the date as `YYYY-MM-DD` on whole days,
 * else as an ISO timestamp (UTC).
 *
 * @example
 * ```ts
 * rowsOfTable(prepareTransactions([{ customerId: 'a', date: '2024-01-02', amount: 3 }])); // [{ customerId: 'a', date: '2024-01-02', amount: 3 }]
 * ```
 */
export function rowsOfTable(table: TransactionTable): Transaction[] {
  const out: Transaction[] = new Array<Transaction>(table.length);
  for (let i = 0; i < table.length; i++) {
    const d = table.day[i]!;
    const row: Transaction = {
      customerId: table.customerIds[table.customer[i]!] as string,
      date: Number.isInteger(d) ? dayToIsoDate(d) : new Date(Math.round(d * 86_400_000)).toISOString(),
      amount: table.amount[i]!,
    };
    const o = table.order?.[i];
    if (o !== undefined && o >= 0) row.orderId = table.orderIds?.[o] as string;
    const it = table.item?.[i];
    if (it !== undefined && it >= 0) row.item = table.items?.[it] as string;
    out[i] = row;
  }
  return out;
}

/**
 * Stop on a low-confidence guess (issue 20, bad input): a column guessed from a generic header
 * name only, or whose sampled values mostly do not fit the field (dates in the date format,
 * numbers in the decimal convention). Every such column is reported at once, each with its flag.
 */
function checkGuesses(guesses: ReadonlyMap<ReportField, ColumnGuess>, sample: (field: ReportField) => string[], dateFormat: DateFormat, decimal: '.' | ','): void {
  const problems: Array<{ field: ReportField; text: string }> = [];
  for (const [field, g] of guesses) {
    const flag = FLAG[field];
    if (g.weak) {
      problems.push({ field, text: `${flag} ${quoteExcerpt(g.column)} was guessed from the generic header name "${g.candidate}" only` });
      continue;
    }
    let fits: ((v: string) => boolean) | undefined;
    let kind = '';
    if (field === 'date') {
      fits = (v) => parseDateField(v, dateFormat) !== undefined;
      kind = `dates (${dateFormat})`;
    } else if (field === 'amount' || field === 'quantity' || field === 'price') {
      fits = (v) => parseStrictNumber(v, decimal) !== undefined;
      kind = `numbers (decimal "${decimal}")`;
    }
    if (fits === undefined) continue;
    const values = sample(field).filter((v) => v.trim() !== '');
    if (values.length < MIN_JUDGED_VALUES) continue;
    const bad = values.filter((v) => !fits(v));
    if (values.length - bad.length < MIN_FIT * values.length) {
      problems.push({ field, text: `${flag} ${quoteExcerpt(g.column)} was guessed but only ${values.length - bad.length} of its first ${values.length} values are ${kind}, e.g. ${quoteExcerpt(bad[0] as string)}` });
    }
  }
  if (problems.length === 0) return;
  const fixes = problems.map((p) => `${FLAG[p.field]} COL`).join(', ');
  invalidInput(['columns', (problems[0] as { field: ReportField }).field], `low-confidence column guess: ${problems.map((p) => p.text).join('; ')}. Name the column with ${fixes} (the guessed name itself if it is right)${problems.some((p) => p.field === 'date') ? ', or give --date-format' : ''}`, `${fixes}`);
}
