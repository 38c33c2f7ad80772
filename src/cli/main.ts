#!/usr/bin/env node
/**
 * The `crm-analytics` command line. `crm-analytics report <file.csv[.gz]> …` runs the whole
 * pipeline and writes a self-contained HTML report. Exit codes: 0 ok, 1 bad input, 2 usage.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CrmError, formatPath } from '../core/index.js';
import type { DateFormat } from '../io/index.js';
import { COLUMN_CANDIDATES, type ReportField } from './columns.js';
import { ENCODINGS, type CliEncoding } from './sniff.js';
import { createProgress } from './progress.js';
import { checkOutputs } from './files.js';
import { sanitizeTerminal } from './terminal.js';
import { quoteExcerpt } from '../io/excerpt.js';
import { formatSummary, REPORT_STEPS, runReport } from './pipeline.js';

/** Exit codes of the CLI. */
export const EXIT = { ok: 0, badInput: 1, usage: 2 } as const;

const DATE_FORMATS: readonly string[] = ['iso', 'ymd', 'yyyymmdd', 'mdy', 'dmy', 'epoch-ms', 'epoch-s'];
const ENCODING_NAMES = Object.keys(ENCODINGS) as CliEncoding[];

/** The complete `--help` text. */
export const HELP = `crm-analytics: analytical CRM on a transaction CSV

Usage:
  crm-analytics report <file.csv[.gz]|file.parquet> --out report.html [options]
  crm-analytics --help | --version

Runs the whole pipeline on one transaction file (one row per order or per order line) and
writes a self-contained HTML report (no network needed to view it):
  data profile (rows, customers, date range, rejected rows with reasons, returns), RFM
  segments, value matrix and ABC/Pareto with the Lorenz curve, BG/NBD + Gamma-Gamma CLV with
  top customers and P(alive), lifecycle stages in funnel order and early warnings ranked by
  value at risk, association rules (with --item), and a churn tree with its rules and
  evaluation. A section whose model cannot run on the data is listed as omitted, with the
  reason. Every section uses the same as-of date.

Options:
  --out FILE          write the HTML report here (required; never the input file)
  --json FILE         also write the report, summary and customer table as JSON
  --customer COL      customer id column       (guessed from: ${COLUMN_CANDIDATES.customerId.slice(0, 5).join(', ')}, …)
  --date COL          transaction date column  (guessed from: ${COLUMN_CANDIDATES.date.slice(0, 5).join(', ')}, …)
  --amount COL        amount / revenue column  (guessed from: ${COLUMN_CANDIDATES.amount.slice(0, 5).join(', ')}, …)
  --quantity COL      line-level files: quantity column (guessed from: ${COLUMN_CANDIDATES.quantity.slice(0, 3).join(', ')}, …)
  --price COL         line-level files: unit price column (guessed from: ${COLUMN_CANDIDATES.price.slice(0, 3).join(', ')}, …);
                      amount = quantity × price when no amount column is given or guessed
  --order COL         order / invoice id column (optional; guessed from: ${COLUMN_CANDIDATES.orderId.slice(0, 4).join(', ')}, …)
  --item COL          item / product column (optional, never guessed); enables association rules
  --returns POLICY    exclude (default): cancelled invoices (order id starting with C), lines
                      with quantity <= 0 or price <= 0 are left out and counted in the profile;
                      net: they are kept (negative amounts)
  --as-of DATE        analysis date, YYYY-MM-DD, inclusive (default: the last transaction's
                      day); later rows are excluded and counted
  --date-format FMT   one of ${DATE_FORMATS.join(', ')} (default: sniffed; ambiguous day/month
                      order is an error asking for this flag)
  --delimiter CHAR    field delimiter (default: sniffed among , ; tab |; not empty, no quote)
  --decimal SEP       . or , (default: sniffed; , needs another delimiter)
  --encoding ENC      one of ${ENCODING_NAMES.join(', ')} (default: BOM, else UTF-8, else Latin-1)
  --max-rows N        stop with an error after N data rows (default 5,000,000: about 1 GB)
  --verbose           print one timing line per step
  --quiet             do not print guesses and notes
  -h, --help          show this help
  -v, --version       print the version

Column names match the header exactly; guesses ignore case, spaces and punctuation, and every
guess is printed on stderr. A low-confidence guess (a generic header such as "id", or values that
do not fit the field) stops with exit 1: pass the named flag. Rows with a blank customer id are skipped (guest orders) and
counted; other bad rows are rejected, counted by reason and listed with their line number.
A progress bar is drawn on stderr when stderr is a terminal.

Exit codes:
  0  report written
  1  bad input (unreadable file, missing column, a column guessed with low confidence, no
     usable rows; the message names the column, the flag that fixes it and the line)
  2  usage error (unknown option, missing file or --out, --out/--json equal to the input)

Examples:
  crm-analytics report orders.csv.gz --customer "Customer ID" --date InvoiceDate \\
    --amount Revenue --order Invoice --out report.html --json report.json
  crm-analytics report online_retail_II.csv.gz --item Description --out report.html
`;

/** Where the CLI writes; injectable for tests. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The stream the progress bar draws on (only when it is a TTY). */
  progressStream?: NodeJS.WriteStream;
}

class UsageError extends Error {}

function usage(message: string): never {
  throw new UsageError(message);
}

/**
 * Run the CLI with `argv` (without `node` and the script) and return the exit code.
 *
 * @example
 * ```ts
 * const code = await main(['report', 'orders.csv', '--out', 'r.html'], { stdout: console.log, stderr: console.error });
 * ```
 */
export async function main(argv: readonly string[], rawIo: CliIo): Promise<number> {
  // Everything printed goes through the terminal filter: data can carry control sequences.
  const io: CliIo = { ...rawIo, stdout: (t) => rawIo.stdout(sanitizeTerminal(t)), stderr: (t) => rawIo.stderr(sanitizeTerminal(t)) };
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...argv],
        allowPositionals: true,
        strict: true,
        options: {
          out: { type: 'string' },
          json: { type: 'string' },
          customer: { type: 'string' },
          date: { type: 'string' },
          amount: { type: 'string' },
          order: { type: 'string' },
          item: { type: 'string' },
          'as-of': { type: 'string' },
          'date-format': { type: 'string' },
          delimiter: { type: 'string' },
          'max-rows': { type: 'string' },
          quantity: { type: 'string' },
          price: { type: 'string' },
          returns: { type: 'string' },
          decimal: { type: 'string' },
          encoding: { type: 'string' },
          verbose: { type: 'boolean' },
          quiet: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
          version: { type: 'boolean', short: 'v' },
        },
      });
    } catch (e) {
      usage((e as Error).message);
    }
    const { values, positionals } = parsed;
    if (values.help === true) {
      io.stdout(HELP);
      return EXIT.ok;
    }
    if (values.version === true) {
      io.stdout(`${await version()}\n`);
      return EXIT.ok;
    }
    const [command, file, ...extra] = positionals;
    if (command === undefined) usage('missing command; the only command is "report"');
    if (command !== 'report') usage(`unknown command ${quoteExcerpt(command)}; the only command is "report"`);
    if (file === undefined) usage('missing the CSV file: crm-analytics report <file.csv[.gz]> --out report.html');
    if (extra.length > 0) usage(`unexpected argument ${quoteExcerpt(extra[0])}`);
    if (values.out === undefined) usage('missing --out report.html');
    const delimiterFlag = values.delimiter;
    const delimiter = delimiterFlag === '\\t' || delimiterFlag === 'tab' ? '\t' : delimiterFlag;
    if (delimiter !== undefined && (delimiter === '' || delimiter.length > 8 || /["\r\n]/.test(delimiter))) {
      usage(`--delimiter must be 1 to 8 characters without a quote or line break; got ${quoteExcerpt(delimiter)}`);
    }
    const maxRowsText = values['max-rows'];
    let maxRows: number | undefined;
    if (maxRowsText !== undefined) {
      maxRows = Number(maxRowsText);
      if (!/^[1-9]\d*$/.test(maxRowsText) || !Number.isSafeInteger(maxRows)) usage(`--max-rows must be a whole number ≥ 1; got ${quoteExcerpt(maxRowsText)}`);
    }
    try {
      checkOutputs([['input file', file]], [['--out', values.out], ['--json', values.json]]);
    } catch (e) {
      if (e instanceof CrmError) usage(e.message);
      throw e;
    }
    const dateFormatFlag = values['date-format'];
    if (dateFormatFlag !== undefined && !DATE_FORMATS.includes(dateFormatFlag)) {
      usage(`--date-format must be one of ${DATE_FORMATS.join(', ')}; got ${quoteExcerpt(dateFormatFlag)}`);
    }
    const dateFormat = dateFormatFlag === 'ymd' ? 'iso' : (dateFormatFlag as DateFormat | undefined);
    const returns = values.returns;
    if (returns !== undefined && returns !== 'exclude' && returns !== 'net') usage(`--returns must be exclude or net; got ${quoteExcerpt(returns)}`);
    const decimal = values.decimal;
    if (decimal !== undefined && decimal !== '.' && decimal !== ',') usage(`--decimal must be . or ,; got ${quoteExcerpt(decimal)}`);
    if (decimal === ',' && (delimiterFlag ?? ',') === ',' && delimiterFlag !== undefined) usage('--decimal , needs another --delimiter (e.g. ";")');
    const encoding = values.encoding;
    if (encoding !== undefined && !(ENCODING_NAMES as string[]).includes(encoding)) usage(`--encoding must be one of ${ENCODING_NAMES.join(', ')}; got ${quoteExcerpt(encoding)}`);
    const asOf = values['as-of'];
    if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) usage(`--as-of must be a date YYYY-MM-DD; got ${quoteExcerpt(asOf)}`);
    const columns: Partial<Record<ReportField, string>> = {};
    const flags: Array<[ReportField, string | undefined]> = [
      ['customerId', values.customer],
      ['date', values.date],
      ['amount', values.amount],
      ['orderId', values.order],
      ['item', values.item],
      ['quantity', values.quantity],
      ['price', values.price],
    ];
    for (const [field, col] of flags) if (col !== undefined) columns[field] = col;
    const quiet = values.quiet === true;
    const log = (line: string): void => {
      if (!quiet) io.stderr(`${line}\n`);
    };
    const progress = io.progressStream === undefined ? undefined : createProgress(REPORT_STEPS, io.progressStream);
    const run = await runReport({
      file,
      columns,
      out: values.out,
      ...(values.json === undefined ? {} : { json: values.json }),
      ...(asOf === undefined ? {} : { asOf }),
      ...(dateFormat === undefined ? {} : { dateFormat }),
      ...(returns === undefined ? {} : { returns }),
      ...(decimal === undefined ? {} : { decimal }),
      ...(encoding === undefined ? {} : { encoding: encoding as CliEncoding }),
      ...(values.verbose === true ? { verbose: true } : {}),
      ...(delimiter === undefined ? {} : { delimiter }),
      ...(maxRows === undefined ? {} : { maxRows }),
      ...(progress === undefined ? {} : { progress }),
      log,
    });
    io.stdout(`${formatSummary(run.summary, values.out)}\n`);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`crm-analytics: ${e.message}\nRun "crm-analytics --help" for usage.\n`);
      return EXIT.usage;
    }
    if (e instanceof CrmError) {
      const where = e.path.length > 0 ? ` [${formatPath(e.path)}]` : '';
      // One line: the message of a CrmError names the option; the CLI spells its flag.
      const message = e.message.replaceAll('options.maxRows', '--max-rows').replace(/[\r\n]+/g, ' ');
      io.stderr(`crm-analytics: error ${e.code}${where}: ${message}\n`);
      return EXIT.badInput;
    }
    throw e;
  }
}

async function version(): Promise<string> {
  // The nearest crm-analytics package.json above this file (dist/ when built, src/cli/ under tsx).
  const { readFile } = await import('node:fs/promises');
  for (const rel of ['../package.json', '../../package.json', '../../../package.json', '../../../../package.json']) {
    try {
      const pkg = JSON.parse(await readFile(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'crm-analytics') return `crm-analytics ${pkg.version ?? '?'}`;
    } catch {
      // try the next location
    }
  }
  return 'crm-analytics (unknown version)';
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    progressStream: process.stderr,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`crm-analytics: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 70;
    },
  );
}
