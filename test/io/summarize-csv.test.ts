/**
 * summarizeCsv's contract: its result deep-equals
 * `rfm.summarize((await readTransactionsCsv(file, csvOptions)).rows, { asOf, orderKey })`, and its
 * errors are readTransactionsCsv's (`CrmError`, `path: [line, field]`), plus `[line, 'date']` for a
 * row after asOf and `[line, 'orderId']` for a row without an order id under orderKey 'orderId'.
 *
 * summarizeCsv reads most records straight from the bytes (unquoted ASCII fields, ISO dates
 * `YYYY-MM-DD[[T ]HH:MM:SS]` from 1900, amounts `[+-]?digits[.digits]` with ≤ 15 digits) and hands
 * every other record to the string converter, so the generated files mix both kinds of records in
 * every field, for the same customers and orders.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CrmError } from '../../src/core/index.js';
import { readTransactionsCsv, summarizeCsv, type ReadTransactionsCsvOptions, type SummarizeCsvOptions } from '../../src/io/index.js';
import { summarize, type OrderKey, type RfmSummary } from '../../src/rfm/index.js';
import { rejection } from '../crm-error.js';

const RETAIL = join(__dirname, '..', '..', 'data', 'online_retail_II_2009_2010_invoices.csv.gz');
const RETAIL_COLUMNS = { customerId: 'CustomerID', date: 'InvoiceDate', amount: 'Revenue', orderId: 'Invoice' } as const;
const COLUMNS = { customerId: 'customer_id', date: 'date', amount: 'amount', orderId: 'order_id' } as const;
const ORDER_KEYS: readonly OrderKey[] = ['auto', 'orderId', 'day', 'row'];
const ASOF = '2024-03-05';
const DAY_MS = 86_400_000;
const ASOF_MS = Date.UTC(2024, 2, 5);
/** fast-check runs and seed: FUZZ_RUNS / FUZZ_SEED override them (as in test/hardening). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_301);

const tmp = mkdtempSync(join(tmpdir(), 'crm-summarize-csv-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let fileCount = 0;

/** Write text (UTF-8) or bytes to a fresh temp file, gzipped when asked. */
function writeCsv(content: string | Buffer, gzip = false): string {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const file = join(tmp, `f${fileCount++}.csv${gzip ? '.gz' : ''}`);
  writeFileSync(file, gzip ? gzipSync(bytes) : bytes);
  return file;
}


/** The CSV options of summarizeCsv options (what the oracle reads with). */
function csvOptionsOf(options: SummarizeCsvOptions): ReadTransactionsCsvOptions {
  const { asOf: _asOf, orderKey: _orderKey, ...csv } = options;
  return csv as ReadTransactionsCsvOptions;
}

/** The contract's oracle. */
async function oracle(file: string, options: SummarizeCsvOptions): Promise<RfmSummary[]> {
  const { rows } = await readTransactionsCsv(file, csvOptionsOf(options));
  return summarize(rows, { asOf: options.asOf, orderKey: options.orderKey ?? 'auto' });
}

/** summarizeCsv equals the oracle for every orderKey ('orderId' with a row without an order id: both fail). */
async function expectOracleForAllKeys(file: string, options: Omit<SummarizeCsvOptions, 'orderKey'>): Promise<RfmSummary[][]> {
  const { rows } = await readTransactionsCsv(file, csvOptionsOf(options as SummarizeCsvOptions));
  const out: RfmSummary[][] = [];
  for (const orderKey of ORDER_KEYS) {
    if (orderKey === 'orderId' && rows.some((r) => r.orderId === undefined)) {
      // A row without an order id: both fail (the oracle at the row index, summarizeCsv at the line).
      expect(() => summarize(rows, { asOf: options.asOf, orderKey })).toThrow(CrmError);
      const e = await rejection(summarizeCsv(file, { ...options, orderKey }));
      expect([e.code, typeof e.path[0], e.path[1]]).toStrictEqual(['INVALID_INPUT', 'number', 'orderId']);
      out.push([]);
      continue;
    }
    const want = summarize(rows, { asOf: options.asOf, orderKey });
    const got = await summarizeCsv(file, { ...options, orderKey });
    expect(got, `orderKey ${orderKey}`).toStrictEqual(want);
    out.push(got);
  }
  return out;
}

/** summarizeCsv fails exactly as readTransactionsCsv does on the same file (code, path, message, data). */
async function expectSameError(file: string, options: SummarizeCsvOptions): Promise<CrmError> {
  const want = await rejection(readTransactionsCsv(file, csvOptionsOf(options)));
  const got = await rejection(summarizeCsv(file, options));
  expect({ code: got.code, path: got.path, message: got.message, data: got.data }).toStrictEqual({
    code: want.code,
    path: want.path,
    message: want.message,
    data: want.data,
  });
  return got;
}

// ---------------------------------------------------------------------------------------------
// Generated files
// ---------------------------------------------------------------------------------------------

type Render = 'plain' | 'padded' | 'quoted' | 'quotedPadded';
const arbRender: fc.Arbitrary<Render> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Render>('plain') },
  { weight: 2, arbitrary: fc.constant<Render>('padded') },
  { weight: 2, arbitrary: fc.constant<Render>('quoted') },
  { weight: 1, arbitrary: fc.constant<Render>('quotedPadded') },
);
/** Blanks that both paths trim: ASCII ones (the byte path trims them), and Unicode ones that only String.trim removes. */
const ASCII_PADS = [' ', '  ', '\t', '\v', '\f', ' \t '];
const UNICODE_PADS = ['\u00a0', '\u3000', '\ufeff', '\u2028', ' \u00a0'];
const arbPad = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('', ...ASCII_PADS) }, { weight: 1, arbitrary: fc.constantFrom(...UNICODE_PADS) });
const arbPads = fc.tuple(arbPad, arbPad);

/** A field as CSV text: plain when it can be (else quoted), padded with blanks, or quoted. */
function renderField(value: string, render: Render, pads: readonly [string, string], delim: string): string {
  const fixPad = (p: string): string => (delim.includes('\t') ? p.replaceAll('\t', ' ') : p);
  const left = fixPad(pads[0]);
  const right = fixPad(pads[1]);
  const safe = (t: string): boolean => !t.includes(delim) && !/["\r\n]/.test(t);
  if (render === 'plain' && safe(value)) return value;
  if (render === 'padded' && safe(left + value + right)) return left + value + right;
  const inner = render === 'quotedPadded' ? left + value + right : value;
  return `"${inner.replaceAll('"', '""')}"`;
}

const CUSTOMERS = ['C1', 'C2', 'C10', '42', '042', 'a', 'A', 'K', '__proto__', 'constructor', 'toString', 'Zoë', 'Zoe\u0308', '客户', '😀', 'C,1', 'say "hi"', 'x y', 'C;1'];
const ORDERS = ['O1', 'O2', '1001', '1002', 'A-7', 'Ø1', '订单', 'O,1', 'O"1', 'O;2', 'o1'];

/** Fixed dates (years before 1900 take the string path; leap days; around the epoch). */
const FIXED_DATES = ['1850-06-15', '0999-12-31', '0099-06-30', '1899-12-31', '1900-01-01', '1900-03-01', '1969-12-31', '1970-01-01', '2000-02-29', '2024-02-29', '2023-12-31'];
const FAST_SHAPES = ['date', 'T', 'space'] as const;
const SLOW_SHAPES = ['T16', 'space16', 'Z', 'z', 'spaceZ', '+02:00', '-05:00', '+0530', '+02', 'frac', 'fracZ', 'frac9', 'commaFrac', 'h24', 'leap'] as const;
type Shape = (typeof FAST_SHAPES)[number] | (typeof SLOW_SHAPES)[number];
/** Shapes that can move the UTC day after the written day. */
const LATER: ReadonlySet<Shape> = new Set<Shape>(['-05:00', 'h24', 'leap']);

const arbDate = fc.record({
  day: fc.oneof({ weight: 10, arbitrary: fc.nat({ max: 45 }) as fc.Arbitrary<number | string> }, { weight: 2, arbitrary: fc.constantFrom(...FIXED_DATES) }),
  hh: fc.nat({ max: 23 }),
  mm: fc.nat({ max: 59 }),
  ss: fc.nat({ max: 59 }),
  shape: fc.oneof({ weight: 5, arbitrary: fc.constantFrom<Shape>(...FAST_SHAPES) }, { weight: 3, arbitrary: fc.constantFrom<Shape>(...SLOW_SHAPES) }),
});
type DateSpec = typeof arbDate extends fc.Arbitrary<infer T> ? T : never;

const p2 = (n: number): string => String(n).padStart(2, '0');
const isoDayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The date text of a spec; never after ASOF (a shape that can move the day later is used a day earlier). */
function dateText(d: DateSpec): string {
  const base = typeof d.day === 'string' ? d.day : isoDayOf(ASOF_MS - (d.day === 0 && LATER.has(d.shape) ? 1 : d.day) * DAY_MS);
  const hms = `${p2(d.hh)}:${p2(d.mm)}:${p2(d.ss)}`;
  switch (d.shape) {
    case 'date':
      return base;
    case 'T':
      return `${base}T${hms}`;
    case 'space':
      return `${base} ${hms}`;
    case 'T16':
      return `${base}T${p2(d.hh)}:${p2(d.mm)}`;
    case 'space16':
      return `${base} ${p2(d.hh)}:${p2(d.mm)}`;
    case 'Z':
      return `${base}T${hms}Z`;
    case 'z':
      return `${base}T${hms}z`;
    case 'spaceZ':
      return `${base} ${hms} Z`;
    case '+02:00':
      return `${base}T${hms}+02:00`;
    case '-05:00':
      return `${base}T${hms}-05:00`;
    case '+0530':
      return `${base}T${hms}+0530`;
    case '+02':
      return `${base}T${hms}+02`;
    case 'frac':
      return `${base}T${hms}.123`;
    case 'fracZ':
      return `${base} ${hms}.5Z`;
    case 'frac9':
      return `${base}T${hms}.999999999`;
    case 'commaFrac':
      return `${base}T${hms},25`;
    case 'h24':
      return `${base}T24:00:00`;
    case 'leap':
      return `${base}T23:59:60`;
  }
}

const AMOUNTS = [
  '406.54', '-3', '+5', '0.10', '.5', '5.', '-.25', '+.75', '1e3', '1E-2', '-1.5e+2', '-0.00', '-0', '0', '007', '0.1', '0.2', '0.3',
  '1234567890.1234567', '9007199254740.993', '123456789012345', '1234567890123456', '999999999999999', '99999999999999.9',
  '0.000000000000001', '-999999999999999', '9007199254740993', '0.1000000000000000055511151231257827',
];
const arbDigits = (min: number, max: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'), { minLength: min, maxLength: max }).map((a) => a.join(''));
/** Plain decimals on both sides of the 15-digit limit of the byte path. */
const arbPlainAmount = fc
  .tuple(
    fc.constantFrom('', '', '', '-', '+'),
    fc.oneof({ weight: 3, arbitrary: fc.nat({ max: 9999 }).map(String) }, { weight: 1, arbitrary: arbDigits(0, 17) }),
    fc.oneof({ weight: 1, arbitrary: fc.constant('') }, { weight: 3, arbitrary: arbDigits(0, 5).map((f) => `.${f}`) }),
  )
  .map(([sign, int, frac]) => (int === '' && frac.length <= 1 ? `${sign}0${frac}` : `${sign}${int}${frac}`));
/** 13–18 digits with the point anywhere: around the 15-digit limit and 2^53. */
const arbLongAmount = fc
  .tuple(fc.constantFrom('', '-'), arbDigits(13, 18), fc.nat({ max: 18 }))
  .map(([sign, d, at]) => (at >= d.length ? `${sign}${d}` : `${sign}${d.slice(0, at)}.${d.slice(at)}`));
const arbAmount = fc.oneof({ weight: 4, arbitrary: arbPlainAmount }, { weight: 2, arbitrary: fc.constantFrom(...AMOUNTS) }, { weight: 2, arbitrary: arbLongAmount });

const NOTE_PARTS = ['a', 'b', 'é', ' ', ',', ';', '::', '\n', '\r\n', '\r', '"', '\t', '|'];
const arbNote = fc.array(fc.constantFrom(...NOTE_PARTS), { maxLength: 6 }).map((a) => a.join(''));

/** A row: any field may be written any way (`fast`: written as the byte path reads most records). */
const rowArb = (fast: boolean) =>
  fc.record({
    cust: fc.nat({ max: 5 }),
    blankCust: fc.nat({ max: 9 }).map((n) => n === 0),
    custRender: fast ? fc.constant<Render>('plain') : arbRender,
    custPads: fast ? fc.tuple(fc.constantFrom('', ' '), fc.constantFrom('', '\t')) : arbPads,
    date: fast
      ? fc.record({ day: fc.nat({ max: 45 }) as fc.Arbitrary<number | string>, hh: fc.nat({ max: 23 }), mm: fc.nat({ max: 59 }), ss: fc.nat({ max: 59 }), shape: fc.constantFrom<Shape>(...FAST_SHAPES) })
      : arbDate,
    dateRender: fast ? fc.constantFrom<Render>('plain', 'plain', 'padded') : arbRender,
    datePads: fast ? fc.tuple(fc.constantFrom('', ' '), fc.constantFrom('', ' ', '\t')) : arbPads,
    amount: fast
      ? fc.oneof(
          {
            weight: 4,
            arbitrary: fc
              .tuple(fc.constantFrom('', '', '-', '+'), arbDigits(1, 9), fc.option(arbDigits(0, 4), { nil: undefined }))
              .map(([sign, int, frac]) => (frac === undefined ? `${sign}${int}` : `${sign}${int}.${frac}`)),
          },
          { weight: 1, arbitrary: arbLongAmount },
        )
      : arbAmount,
    amountRender: fast ? fc.constantFrom<Render>('plain', 'plain', 'padded') : arbRender,
    amountPads: fast ? fc.tuple(fc.constantFrom('', ' '), fc.constantFrom('', ' ')) : arbPads,
    order: fc.option(fc.nat({ max: 3 }), { freq: 5, nil: null }),
    orderRender: fast ? fc.constantFrom<Render>('plain', 'plain', 'padded') : arbRender,
    orderPads: fast ? fc.tuple(fc.constantFrom('', ' '), fc.constantFrom('', ' ')) : arbPads,
    note: arbNote,
    noteRender: arbRender,
    blankLineAfter: fc.nat({ max: 14 }).map((n) => n === 0),
  });
const arbRow = fc.oneof(rowArb(true), rowArb(false));
type RowSpec = typeof arbRow extends fc.Arbitrary<infer T> ? T : never;

const arbFile = fc.record({
  customers: fc.shuffledSubarray(CUSTOMERS, { minLength: 6, maxLength: 6 }),
  orders: fc.shuffledSubarray(ORDERS, { minLength: 4, maxLength: 4 }),
  rows: fc.array(arbRow, { maxLength: 40, size: 'max' }),
  order: fc.shuffledSubarray(['customer', 'date', 'amount', 'order', 'note'] as const, { minLength: 5, maxLength: 5 }),
  hasOrderColumn: fc.nat({ max: 5 }).map((n) => n !== 0),
  hasNoteColumn: fc.boolean(),
  header: fc.nat({ max: 4 }).map((n) => n !== 0),
  headerRender: arbRender,
  delimiter: fc.constantFrom(',', ',', ',', ';', ';', '\t', '|', '::'),
  eol: fc.constantFrom('\n', '\n', '\r\n', '\r\n', '\r'),
  finalEol: fc.boolean(),
  encoding: fc.constantFrom('utf8', 'utf8', 'utf8', 'utf8-bom', 'utf16-bom', 'utf16'),
  gzip: fc.nat({ max: 3 }).map((n) => n === 0),
  skipBlankCustomerId: fc.nat({ max: 3 }).map((n) => n === 0),
});
type FileSpec = typeof arbFile extends fc.Arbitrary<infer T> ? T : never;

interface Built {
  bytes: Buffer;
  options: Omit<SummarizeCsvOptions, 'orderKey'>;
  /** Per kept (not skipped) row: its customer id, order id (or undefined) and line. */
  kept: { id: string; orderId: string | undefined; line: number }[];
  /** Counts of rows whose fields all qualify for the byte path, and of the others (a check of the generator). */
  fast: number;
  slow: number;
}

const ASCII_PAD_RE = /^[ \t\v\f]*$/;
const isAscii = (t: string): boolean => /^[\x00-\x7f]*$/.test(t);

function buildFile(spec: FileSpec): Built {
  const delim = spec.delimiter;
  const columns = spec.order.filter((c) => (c !== 'order' || spec.hasOrderColumn) && (c !== 'note' || spec.hasNoteColumn));
  const names = { customer: 'customer_id', date: 'date', amount: 'amount', order: 'order_id', note: 'note' } as const;
  let text = '';
  let line = 1;
  const lineBreaks = (t: string): number => (t.match(/[\r\n]/g) ?? []).length;
  const emit = (fields: string[], last: boolean): number => {
    const record = fields.join(delim);
    line += lineBreaks(record);
    const at = line;
    text += record;
    if (!last || spec.finalEol) {
      text += spec.eol;
      line++;
    }
    return at;
  };
  if (spec.header) emit(columns.map((c) => renderField(names[c], spec.headerRender, [' ', ' '], delim)), spec.rows.length === 0);
  const kept: Built['kept'] = [];
  let fast = 0;
  let slow = 0;
  spec.rows.forEach((r: RowSpec, i) => {
    const blank = spec.skipBlankCustomerId && r.blankCust;
    const id = blank ? '' : (spec.customers[r.cust] as string);
    const orderId = r.order === null ? undefined : (spec.orders[r.order] as string);
    const keptOrder = spec.hasOrderColumn ? orderId : undefined;
    const date = dateText(r.date);
    const fields = columns.map((c) => {
      switch (c) {
        case 'customer':
          return renderField(id, r.custRender, r.custPads, delim);
        case 'date':
          return renderField(date, r.dateRender, r.datePads, delim);
        case 'amount':
          return renderField(r.amount, r.amountRender, r.amountPads, delim);
        case 'order':
          return renderField(orderId ?? '', r.orderRender, r.orderPads, delim);
        case 'note':
          return renderField(r.note, r.noteRender, ['', ''], delim);
      }
    });
    const last = i === spec.rows.length - 1;
    const at = emit(fields, last);
    if (r.blankLineAfter && !last) {
      text += spec.eol;
      line++;
    }
    if (!blank) kept.push({ id, orderId: keptOrder, line: at });
    // Would the byte path take this record (customer, date and amount; order ids aside)?
    const unquoted = (render: Render, pads: readonly [string, string], value: string): boolean =>
      (render === 'plain' || (render === 'padded' && ASCII_PAD_RE.test(pads[0] + pads[1]))) && !value.includes(delim) && !/["\r\n]/.test(value);
    const digits = (r.amount.match(/\d/g) ?? []).length;
    const isFast =
      !blank &&
      unquoted(r.custRender, r.custPads, id) &&
      isAscii(id) &&
      unquoted(r.dateRender, r.datePads, date) &&
      (FAST_SHAPES as readonly string[]).includes(r.date.shape) &&
      Number(date.slice(0, 4)) >= 1900 &&
      unquoted(r.amountRender, r.amountPads, r.amount) &&
      /^[+-]?(\d+\.?\d*|\.\d+)$/.test(r.amount) &&
      digits <= 15;
    if (isFast) fast++;
    else slow++;
  });

  let bytes: Buffer;
  if (spec.encoding === 'utf8') bytes = Buffer.from(text, 'utf8');
  else if (spec.encoding === 'utf8-bom') bytes = Buffer.from(`\ufeff${text}`, 'utf8');
  else if (spec.encoding === 'utf16-bom') bytes = Buffer.from(`\ufeff${text}`, 'utf16le');
  else bytes = Buffer.from(text, 'utf16le');

  const ref = (c: 'customer' | 'date' | 'amount' | 'order'): string | number => (spec.header ? names[c] : columns.indexOf(c));
  const options: Omit<SummarizeCsvOptions, 'orderKey'> = {
    columns: {
      customerId: ref('customer'),
      date: ref('date'),
      amount: ref('amount'),
      ...(spec.hasOrderColumn ? { orderId: ref('order') } : {}),
    },
    asOf: ASOF,
    header: spec.header,
    delimiter: delim,
    ...(spec.skipBlankCustomerId ? { skipBlankCustomerId: true } : {}),
    ...(spec.encoding === 'utf16' ? { encoding: 'utf16le' as const } : {}),
  };
  return { bytes, options, kept, fast, slow };
}

describe('summarizeCsv equals summarize(readTransactionsCsv) on generated files', () => {
  it(`every orderKey, ${RUNS} files mixing byte-path and string-path records`, async () => {
    let fastRows = 0;
    let slowRows = 0;
    let files = 0;
    let readErrors = 0;
    await fc.assert(
      fc.asyncProperty(arbFile, async (spec) => {
        const built = buildFile(spec);
        const file = writeCsv(built.bytes, spec.gzip);
        files++;
        fastRows += built.fast;
        slowRows += built.slow;
        try {
          let read: Awaited<ReturnType<typeof readTransactionsCsv>>;
          try {
            read = await readTransactionsCsv(file, csvOptionsOf(built.options as SummarizeCsvOptions));
          } catch (error) {
            // Rare (e.g. a file holding only a UTF-16 BOM, 2 bytes: too short for BOM detection, as in
            // csv-parse): summarizeCsv must fail the same way.
            expect(error).toBeInstanceOf(CrmError);
            const want = error as CrmError;
            readErrors++;
            for (const orderKey of ORDER_KEYS) {
              if (orderKey === 'orderId' && !spec.hasOrderColumn) continue;
              const e = await rejection(summarizeCsv(file, { ...built.options, orderKey }));
              expect([e.code, e.path, e.message]).toStrictEqual([want.code, want.path, want.message]);
            }
            return;
          }
          const { rows, skipped } = read;
          // The generator's own account of the file agrees with the reader (ids, order ids, skips).
          expect(rows.map((r) => [r.customerId, r.orderId])).toStrictEqual(built.kept.map((k) => [k.id, k.orderId]));
          expect(skipped).toBe(spec.rows.length - built.kept.length);

          for (const orderKey of ORDER_KEYS) {
            const options: SummarizeCsvOptions = { ...built.options, orderKey };
            if (orderKey === 'orderId' && !spec.hasOrderColumn) {
              const e = await rejection(summarizeCsv(file, options));
              expect([e.code, e.path]).toStrictEqual(['INVALID_OPTION', ['options', 'columns', 'orderId']]);
              continue;
            }
            const firstBlank = built.kept.findIndex((k) => k.orderId === undefined);
            if (orderKey === 'orderId' && firstBlank >= 0) {
              const e = await rejection(summarizeCsv(file, options));
              expect([e.code, e.path]).toStrictEqual(['INVALID_INPUT', [built.kept[firstBlank]!.line, 'orderId']]);
              expect(() => summarize(rows, { asOf: ASOF, orderKey })).toThrow(CrmError);
              continue;
            }
            const want = summarize(rows, { asOf: ASOF, orderKey });
            const got = await summarizeCsv(file, options);
            expect(got).toStrictEqual(want);
            // Independent of the oracle: the customers, and one order per row under 'row'.
            if (orderKey === 'row') {
              const counts = new Map<string, number>();
              for (const k of built.kept) counts.set(k.id, (counts.get(k.id) ?? 0) + 1);
              expect(got.map((s) => [s.customerId, s.frequency])).toStrictEqual([...counts.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)));
            }
          }
        } finally {
          rmSync(file, { force: true });
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // The generator really exercises both paths.
    expect(files).toBeGreaterThanOrEqual(RUNS);
    expect(readErrors).toBeLessThan(0.02 * files);
    expect(fastRows).toBeGreaterThan(0.3 * (fastRows + slowRows));
    expect(slowRows).toBeGreaterThan(0.2 * (fastRows + slowRows));
  });
});

// ---------------------------------------------------------------------------------------------
// Examples
// ---------------------------------------------------------------------------------------------

describe('summarizeCsv on the bundled Online Retail II invoices', () => {
  it('equals summarize(readTransactionsCsv) for every orderKey; 4312 customers as in the JSDoc example', async () => {
    const [auto] = await expectOracleForAllKeys(RETAIL, { columns: RETAIL_COLUMNS, asOf: '2010-12-10' });
    expect(auto).toHaveLength(4312);
    // The default orderKey is 'auto'.
    expect(await summarizeCsv(RETAIL, { columns: RETAIL_COLUMNS, asOf: '2010-12-10' })).toStrictEqual(auto);
    // A file: URL reads the same file.
    expect(await summarizeCsv(pathToFileURL(RETAIL), { columns: RETAIL_COLUMNS, asOf: '2010-12-10' })).toStrictEqual(auto);
  });

  it('an asOf before the last invoice is an INVALID_INPUT at [line, "date"] of the first later row', async () => {
    const e = await rejection(summarizeCsv(RETAIL, { columns: RETAIL_COLUMNS, asOf: '2009-12-01' }));
    expect(e.code).toBe('INVALID_INPUT');
    // Line 1 is the header; the first invoices are dated 2009-12-01, so the first later one is found by hand.
    const { rows } = await readTransactionsCsv(RETAIL, { columns: RETAIL_COLUMNS });
    const i = rows.findIndex((r) => String(r.date) >= '2009-12-02');
    expect(e.path).toStrictEqual([i + 2, 'date']);
  });
});

describe('summarizeCsv errors', () => {
  const header = 'customer_id,date,amount,order_id,note\n';

  it('a bad amount is INVALID_INPUT at [line, "amount"], as readTransactionsCsv reports it', async () => {
    // Line numbers count the line breaks inside a quoted note.
    const text = `${header}C1,2024-01-01,5,O1,"two\nlines"\nC2,2024-01-02,7.5,O2,x\nC3,2024-01-03,12abc,O3,x\nC4,2024-01-04,1,O4,x\n`;
    const file = writeCsv(text);
    for (const orderKey of ORDER_KEYS) {
      const e = await expectSameError(file, { columns: COLUMNS, asOf: ASOF, orderKey });
      expect([e.code, e.path]).toStrictEqual(['INVALID_INPUT', [5, 'amount']]);
    }
    // The same in a record the byte path would otherwise not take (quoted id), and quoted amounts.
    for (const [row, field] of [
      ['"C3",2024-01-03,12abc,O3,x', 'amount'],
      ['C3,2024-01-03,"12abc",O3,x', 'amount'],
      ['C3,2024-01-03,1.2.3,O3,x', 'amount'],
      ['C3,2024-01-03,1_000,O3,x', 'amount'],
      ['C3,2024-01-03,,O3,x', 'amount'],
      ['C3,2024-01-03,Infinity,O3,x', 'amount'],
      ['C3,2024-01-03,0x10,O3,x', 'amount'],
      ['C3,2024-01-03,1e999,O3,x', 'amount'],
      ['C3,2023-02-29,1,O3,x', 'date'],
      ['C3,1900-02-29,1,O3,x', 'date'],
      ['C3,2023-13-01,1,O3,x', 'date'],
      ['C3,2023-02-05T25:00:00,1,O3,x', 'date'],
      ['C3,2023-02-05T12:60:00,1,O3,x', 'date'],
      ['C3,2023-02-05T12:00:00X,1,O3,x', 'date'],
      ['C3,2023-02-05X12:00:00,1,O3,x', 'date'],
      ['C3,2023-02-05T12:00:0,1,O3,x', 'date'],
      ['C3,2023-2-5,1,O3,x', 'date'],
      ['C3,,1,O3,x', 'date'],
      [',2024-01-03,1,O3,x', 'customerId'],
      ['   ,2024-01-03,1,O3,x', 'customerId'],
      ['"",2024-01-03,1,O3,x', 'customerId'],
    ] as const) {
      const f = writeCsv(`${header}C1,2024-01-01,5,O1,"a\r\nb"\n${row}\n`);
      const e = await expectSameError(f, { columns: COLUMNS, asOf: ASOF });
      expect([row, e.code, e.path]).toStrictEqual([row, 'INVALID_INPUT', [5, field]]);
    }
  });

  it('a row dated after asOf is INVALID_INPUT at [line, "date"] (byte-path and string-path dates; zones can move the day)', async () => {
    for (const date of [
      '2024-03-06',
      '2024-03-06 00:00:00',
      '2024-03-06T00:00:00',
      ' 2024-03-06 ',
      '"2024-03-06"',
      '2024-03-06T00:00',
      '2024-03-05T23:00:00-05:00', // 2024-03-06T04:00Z
      '2024-03-05T24:00:00',
      '2024-03-05T23:59:60',
      '2099-01-01',
      '9999-12-31',
    ]) {
      const f = writeCsv(`${header}C1,2024-01-01,5,O1,x\nC1,2024-03-05T23:59:59,5,O1,x\nC2,${date},1,O2,"a\nb"\nC3,2024-01-03,1,O3,x\n`);
      for (const orderKey of ORDER_KEYS) {
        const e = await rejection(summarizeCsv(f, { columns: COLUMNS, asOf: ASOF, orderKey }));
        expect([date, e.code, e.path]).toStrictEqual([date, 'INVALID_INPUT', [5, 'date']]);
        expect(e.data).toMatchObject({ line: 5 });
      }
    }
    // A zone that moves the day earlier: 2024-03-06T01:00+02:00 is 2024-03-05T23:00Z, on the asOf day.
    const f = writeCsv(`${header}C1,2024-03-06T01:00:00+02:00,5,O1,x\nC1,2024-03-06 00:30:00+03:00,5,O2,x\n`);
    const got = await summarizeCsv(f, { columns: COLUMNS, asOf: ASOF });
    expect(got).toStrictEqual(await oracle(f, { columns: COLUMNS, asOf: ASOF }));
    expect(got[0]).toMatchObject({ customerId: 'C1', recency: 0, frequency: 2, lastPurchase: '2024-03-05', firstPurchase: '2024-03-05' });
  });

  it('the first error in file order wins: a late date before a bad amount, a bad amount before a late date', async () => {
    const late = writeCsv(`${header}C1,2024-01-01,5,O1,x\nC2,2024-03-07,1,O2,x\nC3,2024-01-03,oops,O3,x\n`);
    expect((await rejection(summarizeCsv(late, { columns: COLUMNS, asOf: ASOF }))).path).toStrictEqual([3, 'date']);
    const bad = writeCsv(`${header}C1,2024-01-01,5,O1,x\nC3,2024-01-03,oops,O3,x\nC2,2024-03-07,1,O2,x\n`);
    const e = await expectSameError(bad, { columns: COLUMNS, asOf: ASOF });
    expect(e.path).toStrictEqual([3, 'amount']);
    // Both in one row: the converter's checks (amount) come first, as in readTransactionsCsv.
    const both = writeCsv(`${header}C1,2024-01-01,5,O1,x\nC2,2024-03-07,oops,O2,x\n`);
    expect((await expectSameError(both, { columns: COLUMNS, asOf: ASOF })).path).toStrictEqual([3, 'amount']);
  });

  it("orderKey 'orderId': without columns.orderId it is INVALID_OPTION; a blank order id is INVALID_INPUT at [line, 'orderId']", async () => {
    const f = writeCsv(`${header}C1,2024-01-01,5,O1,x\nC2,2024-01-02,1,O2,x\n`);
    const e = await rejection(summarizeCsv(f, { columns: { customerId: 'customer_id', date: 'date', amount: 'amount' }, asOf: ASOF, orderKey: 'orderId' }));
    expect([e.code, e.path]).toStrictEqual(['INVALID_OPTION', ['options', 'columns', 'orderId']]);
    // Without order ids the other keys work, and 'auto' counts days.
    const noOrders = await summarizeCsv(f, { columns: { customerId: 'customer_id', date: 'date', amount: 'amount' }, asOf: ASOF });
    expect(noOrders).toStrictEqual(await oracle(f, { columns: { customerId: 'customer_id', date: 'date', amount: 'amount' }, asOf: ASOF }));

    for (const blank of ['', '   ', '""', '" "', '\t']) {
      const g = writeCsv(`${header}C1,2024-01-01,5,O1,"x\ny"\nC2,2024-01-02,1,${blank},x\nC3,2024-01-02,1,O3,x\n`);
      const err = await rejection(summarizeCsv(g, { columns: COLUMNS, asOf: ASOF, orderKey: 'orderId' }));
      expect([JSON.stringify(blank), err.code, err.path]).toStrictEqual([JSON.stringify(blank), 'INVALID_INPUT', [4, 'orderId']]);
      // The oracle rejects the rows as well; 'auto' counts that row by its day.
      const { rows } = await readTransactionsCsv(g, { columns: COLUMNS });
      expect(() => summarize(rows, { asOf: ASOF, orderKey: 'orderId' })).toThrow(CrmError);
      expect(await summarizeCsv(g, { columns: COLUMNS, asOf: ASOF })).toStrictEqual(summarize(rows, { asOf: ASOF }));
    }
    // A blank order id on a row dated after asOf: the date is reported.
    const h = writeCsv(`${header}C1,2024-01-01,5,O1,x\nC2,2024-04-02,1,,x\n`);
    expect((await rejection(summarizeCsv(h, { columns: COLUMNS, asOf: ASOF, orderKey: 'orderId' }))).path).toStrictEqual([3, 'date']);
  });

  it('bad options and columns are INVALID_OPTION as in readTransactionsCsv', async () => {
    const f = writeCsv(`${header}C1,2024-01-01,5,O1,x\n`);
    const missing = await expectSameError(f, { columns: { ...COLUMNS, amount: 'revenue' }, asOf: ASOF });
    expect([missing.code, missing.path]).toStrictEqual(['INVALID_OPTION', ['options', 'columns', 'amount']]);
    const missingId = await expectSameError(f, { columns: { ...COLUMNS, customerId: 'customer' }, asOf: ASOF });
    expect(missingId.path).toStrictEqual(['options', 'columns', 'customerId']);
    const missingOrder = await expectSameError(f, { columns: { ...COLUMNS, orderId: 'order' }, asOf: ASOF });
    expect(missingOrder.path).toStrictEqual(['options', 'columns', 'orderId']);
    // Also when the orderKey does not count order ids: the mapping is checked as readTransactionsCsv checks it.
    for (const orderKey of ['day', 'row'] as const) {
      const e = await rejection(summarizeCsv(f, { columns: { ...COLUMNS, orderId: 'order' }, asOf: ASOF, orderKey }));
      expect([e.code, e.path]).toStrictEqual(['INVALID_OPTION', ['options', 'columns', 'orderId']]);
    }
    const index = await expectSameError(f, { columns: { ...COLUMNS, amount: 9 }, asOf: ASOF, header: false });
    expect(index.path).toStrictEqual(['options', 'columns', 'customerId']); // names without a header
    const outOfRange = await expectSameError(f, { columns: { customerId: 0, date: 1, amount: 9 }, asOf: ASOF, header: false });
    expect([outOfRange.code, outOfRange.path]).toStrictEqual(['INVALID_OPTION', ['options', 'columns', 'amount']]);
    const asOf = await rejection(summarizeCsv(f, { columns: COLUMNS, asOf: 'soon' }));
    expect([asOf.code, asOf.path]).toStrictEqual(['INVALID_OPTION', ['options', 'asOf']]);
    const key = await rejection(summarizeCsv(f, { columns: COLUMNS, asOf: ASOF, orderKey: 'invoice' as OrderKey }));
    expect([key.code, key.path]).toStrictEqual(['INVALID_OPTION', ['options', 'orderKey']]);
    const none = await rejection(summarizeCsv(f, undefined as unknown as SummarizeCsvOptions));
    expect(none.code).toBe('INVALID_OPTION');
  });

  it('malformed CSV, missing files and bad gzip are IO_ERROR as in readTransactionsCsv', async () => {
    for (const text of [`${header}C1,2024-01-01,5,O1,"open\n`, `${header}C1,2024-01-01,5,O1,x\nC2,2024-01-01,5,O1\n`, `${header}C1,2024-01-01,5,O1,x"y"\n`]) {
      const e = await expectSameError(writeCsv(text), { columns: COLUMNS, asOf: ASOF });
      expect(e.code).toBe('IO_ERROR');
    }
    const gone = await expectSameError(join(tmp, 'missing.csv'), { columns: COLUMNS, asOf: ASOF });
    expect(gone.code).toBe('IO_ERROR');
    const truncated = gzipSync(Buffer.from(`${header}C1,2024-01-01,5,O1,x\n`.repeat(100))).subarray(0, 40);
    const t = join(tmp, 'truncated.csv.gz');
    writeFileSync(t, truncated);
    expect((await expectSameError(t, { columns: COLUMNS, asOf: ASOF })).code).toBe('IO_ERROR');
  });

  it('amounts whose sum overflows a double: the same outcome as the oracle', async () => {
    const f = writeCsv(`${header}C1,2024-01-01,1e308,O1,x\nC1,2024-01-02,1e308,O2,x\n`);
    let want: unknown;
    try {
      want = await oracle(f, { columns: COLUMNS, asOf: ASOF });
    } catch (e) {
      want = e instanceof CrmError ? [e.code, e.path] : e;
    }
    let got: unknown;
    try {
      got = await summarizeCsv(f, { columns: COLUMNS, asOf: ASOF });
    } catch (e) {
      got = e instanceof CrmError ? [e.code, e.path] : e;
    }
    expect(got).toStrictEqual(want);
    expect(got).toStrictEqual(['NUMERIC_DOMAIN', ['monetary']]);
  });
});

describe('summarizeCsv amounts and dates', () => {
  it("amounts near Clinger's fast-path limits give monetary exactly equal to the oracle (and to Number(text) for one row)", async () => {
    const amounts = [
      '0.1', '0.2', '0.3', '0.7', '1.1', '2.675', '1.005', '0.000001', '0.123456789012345', '9007199254740.993', '9007199254740.99',
      '123456789012345', '1234567890123456', '999999999999999', '999999999999999.5', '99999999999999.9', '12345678901234.5',
      '1234567890123.45', '0.000000000000001', '0.0000000000000001', '.1', '1.', '-0.1', '+0.1', '-0', '0.10000000000000001',
      '4503599627370495.5', '4503599627370497', '9007199254740993', '8.98846567431158e307', '5e-324', '1e22', '1e23',
      '100000000000000', '000000000000001', '0000000000000001', '3.14159265358979', '2.718281828459045', '  42.5  ', '"19.99"',
    ];
    const lines = amounts.map((a, i) => `c${String(i).padStart(2, '0')},2024-01-01,${a},O${i},x`);
    // One customer holding them all, in two orders of the rows (the exact sum does not depend on it).
    for (const a of amounts) lines.push(`all,2024-01-02,${a},A,x`);
    for (const a of [...amounts].reverse()) lines.push(`rev,2024-01-02 10:00:00,${a},A,x`);
    // Classic cancellations.
    for (const a of ['0.1', '0.2', '-0.3', '1e16', '1', '-1e16']) lines.push(`cancel,2024-01-03,${a},B,x`);
    const f = writeCsv(`customer_id,date,amount,order_id,note\n${lines.join('\n')}\n`);
    const [auto] = await expectOracleForAllKeys(f, { columns: COLUMNS, asOf: ASOF });
    const byId = new Map(auto!.map((s) => [s.customerId, s]));
    amounts.forEach((a, i) => {
      const n = Number(a.replaceAll('"', '').trim());
      expect([a, byId.get(`c${String(i).padStart(2, '0')}`)?.monetary]).toStrictEqual([a, n === 0 ? 0 : n]);
    });
    expect(byId.get('all')!.monetary).toBe(byId.get('rev')!.monetary);
    expect(byId.get('cancel')!.monetary).toBe(1);
  });

  it('dates around the byte path limits (1900, leap days, 16/19 characters, zones, fractions) match the oracle', async () => {
    const dates = [
      '1900-01-01', '1899-12-31', '1899-12-31T23:59:59', '1899-12-31T23:00:00-02:00', '1900-03-01 00:00:00', '0999-06-15', '0001-01-01',
      '1969-12-31T12:00:00', '1970-01-01', '2000-02-29', '2024-02-29', '2024-02-29T23:59:59', '2024-02-29 00:00', '2024-03-01T00:30:00+01:00',
      '2024-03-01T23:30:00-01:00', '2024-03-01T12:00:00.5', '"2024-03-01T12:00:00,5"', '2024-03-01T12:00:00Z', '2024-03-01T12:00:00 +00:00',
      '2024-03-04T24:00:00', '2024-03-04T23:59:60', '"2024-03-02"', '2024-03-03T24:00:00Z', '2024-03-03T23:59:60Z', ' 2024-03-02 ', '\t2024-03-02 10:00:00\t', '2024-03-02\u00a0',
    ];
    const lines = dates.map((d, i) => `d${String(i).padStart(2, '0')},${d},1,O${i},x`);
    for (const d of dates) lines.push(`all,${d},1,,x`);
    const f = writeCsv(`customer_id,date,amount,order_id,note\n${lines.join('\n')}\n`);
    const [auto] = await expectOracleForAllKeys(f, { columns: COLUMNS, asOf: ASOF });
    const byId = new Map(auto!.map((s) => [s.customerId, s]));
    expect(byId.get('d00')!.firstPurchase).toBe('1900-01-01');
    expect(byId.get('d01')!.firstPurchase).toBe('1899-12-31');
    expect(byId.get('d03')!.firstPurchase).toBe('1900-01-01'); // the zone moves it into 1900
    expect(byId.get('d06')!.firstPurchase).toBe('0001-01-01');
    expect(byId.get('d07')!.firstPurchase).toBe('1969-12-31');
    expect(byId.get('d13')!.firstPurchase).toBe('2024-02-29'); // 00:30+01:00 is the day before in UTC
    expect(byId.get('d14')!.firstPurchase).toBe('2024-03-02'); // 23:30-01:00 is the day after in UTC
    expect(byId.get('d19')!.firstPurchase).toBe('2024-03-05'); // 24:00 is the next midnight
    expect(byId.get('d20')!.firstPurchase).toBe('2024-03-05'); // a leap second rolls over
    expect([byId.get('d22')!.firstPurchase, byId.get('d23')!.firstPurchase]).toStrictEqual(['2024-03-04', '2024-03-04']); // 20 characters, rolling over
    // 'auto' counts the order-less rows of 'all' by distinct day.
    expect(byId.get('all')!.frequency).toBe(new Set(auto!.filter((s) => s.customerId.startsWith('d')).map((s) => s.firstPurchase)).size);
  });

  it('the same customer and order written as plain, padded, quoted and non-ASCII-padded text is one customer and one order', async () => {
    const text = [
      'customer_id,date,amount,order_id,note',
      'C1,2024-01-01,1,O1,x',
      ' C1 ,2024-01-01,2, O1 ,x',
      '"C1",2024-01-01,4,"O1",x',
      '" C1\t",2024-01-01,8,"O1 ",x',
      'C1\u00a0,2024-01-01,16,\u3000O1,x',
      '\ufeffC1,2024-01-02,32,O2,x',
      'C1,2024-01-03,64,,x',
      'C1,2024-01-03,128,"",x',
      'C1,2024-01-04 09:00:00,256,,x',
      '"Zoë",2024-01-01,1,O1,x',
      'Zoë,2024-01-02,1,O1,x',
      '__proto__,2024-01-01,1,O1,x',
      'constructor,2024-01-01,1,O1,x',
      '"__proto__",2024-01-01,1,O9,x',
    ].join('\n');
    const f = writeCsv(text);
    const [auto, orderIdErr, day, row] = [
      await summarizeCsv(f, { columns: COLUMNS, asOf: ASOF }),
      await rejection(summarizeCsv(f, { columns: COLUMNS, asOf: ASOF, orderKey: 'orderId' })),
      await summarizeCsv(f, { columns: COLUMNS, asOf: ASOF, orderKey: 'day' }),
      await summarizeCsv(f, { columns: COLUMNS, asOf: ASOF, orderKey: 'row' }),
    ];
    expect(auto).toStrictEqual(await oracle(f, { columns: COLUMNS, asOf: ASOF }));
    expect(day).toStrictEqual(await oracle(f, { columns: COLUMNS, asOf: ASOF, orderKey: 'day' }));
    expect(row).toStrictEqual(await oracle(f, { columns: COLUMNS, asOf: ASOF, orderKey: 'row' }));
    expect(orderIdErr.path).toStrictEqual([8, 'orderId']);
    expect(auto.map((s) => [s.customerId, s.frequency, s.monetary])).toStrictEqual([
      ['C1', 4, 511], // O1, O2, and the days 2024-01-03 and 2024-01-04 of the rows without an order
      ['Zoë', 1, 2],
      ['__proto__', 2, 2],
      ['constructor', 1, 1],
    ]);
    expect(day.map((s) => [s.customerId, s.frequency])).toStrictEqual([['C1', 4], ['Zoë', 2], ['__proto__', 1], ['constructor', 1]]);
    expect(row.map((s) => [s.customerId, s.frequency])).toStrictEqual([['C1', 9], ['Zoë', 2], ['__proto__', 2], ['constructor', 1]]);
  });
});

describe('summarizeCsv file formats', () => {
  const rowsText = [
    'C1,2024-01-01,1.5,O1,"a, b"',
    '"C2",2024-01-02 10:00:00,-3,O2,"multi\nline"',
    'Zoë,2024-02-29,+5,O3,x',
    'C1,2024-03-01T10:00:00+02:00,0.10,O4,x',
    '客户,2024-03-05,.5,O5,x',
    'C2,1850-01-01,1e3,,x',
  ];

  it('header: false with column indices, delimiter ";", CRLF, BOM, gzip, utf16le and latin1 all match the oracle', async () => {
    const withHeader = `customer_id,date,amount,order_id,note\n${rowsText.join('\n')}\n`;
    const base = await summarizeCsv(writeCsv(withHeader), { columns: COLUMNS, asOf: ASOF });
    expect(base.map((s) => s.customerId)).toStrictEqual(['C1', 'C2', 'Zoë', '客户']);
    const variants: [string, Buffer, Omit<SummarizeCsvOptions, 'orderKey' | 'asOf'>][] = [
      ['no header', Buffer.from(`${rowsText.join('\n')}\n`), { columns: { customerId: 0, date: 1, amount: 2, orderId: 3 }, header: false }],
      ['semicolons', Buffer.from(withHeader.replaceAll(',', ';').replace('"a; b"', '"a, b"')), { columns: COLUMNS, delimiter: ';' }],
      ['CRLF', Buffer.from(withHeader.replaceAll('\n', '\r\n')), { columns: COLUMNS }],
      ['CR', Buffer.from(withHeader.replaceAll('\n', '\r')), { columns: COLUMNS }],
      ['BOM', Buffer.from(`\ufeff${withHeader}`), { columns: COLUMNS }],
      ['BOM no header', Buffer.from(`\ufeff${rowsText.join('\n')}`), { columns: { customerId: 0, date: 1, amount: 2, orderId: 3 }, header: false }],
      ['utf16le BOM', Buffer.from(`\ufeff${withHeader}`, 'utf16le'), { columns: COLUMNS }],
      ['utf16le option', Buffer.from(withHeader, 'utf16le'), { columns: COLUMNS, encoding: 'utf16le' }],
      ['reordered columns', Buffer.from(`note,amount,order_id,date,customer_id\n${rowsText.map((r) => r.replace(/^("?[^,]*"?),([^,]*),([^,]*),([^,]*),(.*)$/s, '$5,$3,$4,$2,$1')).join('\n')}\n`), { columns: COLUMNS }],
    ];
    for (const [name, bytes, opts] of variants) {
      for (const gzip of [false, true]) {
        const f = writeCsv(bytes, gzip);
        const out = await expectOracleForAllKeys(f, { ...opts, asOf: ASOF } as Omit<SummarizeCsvOptions, 'orderKey'>);
        if (name !== 'reordered columns') expect([name, gzip, out[0]]).toStrictEqual([name, gzip, base]);
      }
    }
    // latin1 (no CJK there).
    const latin = `customer_id,date,amount,order_id,note\nZoë,2024-01-01,1,O1,x\nZoë,2024-01-02,2,O2,x\nC1,2024-01-03,3,Ø1,x\nC1,2024-01-03,3,O1,x\n`;
    const lf = writeCsv(Buffer.from(latin, 'latin1'));
    const latinOut = await expectOracleForAllKeys(lf, { columns: COLUMNS, asOf: ASOF, encoding: 'latin1' });
    expect(latinOut[0]!.map((s) => [s.customerId, s.frequency])).toStrictEqual([['C1', 2], ['Zoë', 2]]);
  });

  it('skipBlankCustomerId skips blank ids (plain, padded, quoted) on both paths', async () => {
    const text = 'customer_id,date,amount,order_id\nC1,2024-01-01,1,O1\n,2024-01-01,2,O2\n   ,2024-01-02,3,O3\n"",2024-01-03,4,\n" ",2024-01-04,5,O5\n\u00a0,2024-01-05,6,O6\nC1,2024-01-06,7,\n';
    const f = writeCsv(text);
    const out = await expectOracleForAllKeys(f, { columns: COLUMNS, asOf: ASOF, skipBlankCustomerId: true });
    expect(out[0]).toHaveLength(1);
    expect(out[0]![0]).toMatchObject({ customerId: 'C1', monetary: 8, frequency: 2 });
    // orderKey 'orderId' skips blank-id rows before looking at their order id; the last row has none.
    const e = await rejection(summarizeCsv(f, { columns: COLUMNS, asOf: ASOF, orderKey: 'orderId', skipBlankCustomerId: true }));
    expect(e.path).toStrictEqual([8, 'orderId']);
    // Without skipping, the first blank id is an error.
    expect((await expectSameError(f, { columns: COLUMNS, asOf: ASOF })).path).toStrictEqual([3, 'customerId']);
  });

  it('decimal "," and dateFormat "dmy" (no byte path) still match the oracle', async () => {
    const text = 'customer_id;date;amount;order_id\nC1;31/01/2024;1,5;O1\nC1;1/2/2024 10:00;2;O2\nC2;29/02/2024;-0,25;\n';
    const f = writeCsv(text);
    const out = await expectOracleForAllKeys(f, { columns: COLUMNS, asOf: ASOF, delimiter: ';', decimal: ',', dateFormat: 'dmy' });
    expect(out[0]!.map((s) => [s.customerId, s.monetary, s.firstPurchase])).toStrictEqual([['C1', 3.5, '2024-01-31'], ['C2', -0.25, '2024-02-29']]);
  });

  it('an empty file, a header-only file and blank lines give []', async () => {
    for (const text of ['', 'customer_id,date,amount,order_id\n', 'customer_id,date,amount,order_id\n\n\n']) {
      const f = writeCsv(text);
      for (const orderKey of ORDER_KEYS) expect(await summarizeCsv(f, { columns: COLUMNS, asOf: ASOF, orderKey })).toStrictEqual([]);
    }
  });
});

describe('summarizeCsv on files larger than a read chunk', () => {
  /** A deterministic pseudo-random generator (mulberry32). */
  const rng = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  /** 60k rows over ~32k customers (both hash tables grow past their initial 24k keys), mostly byte-path records, some not; a 150 KB quoted note. */
  function bigFile(eol: string): { text: string; lines: number[] } {
    const r = rng(7);
    const out: string[] = ['customer_id,date,amount,order_id,note'];
    const lines: number[] = [];
    let line = 1;
    for (let i = 0; i < 60_000; i++) {
      const c = r() < 0.5 ? Math.floor(r() * 2000) : Math.floor(r() * 1_000_000);
      const day = isoDayOf(ASOF_MS - Math.floor(r() * 400) * DAY_MS);
      const u = r();
      let id = `C${c}`;
      let date = u < 0.5 ? day : `${day} ${p2(Math.floor(r() * 24))}:${p2(Math.floor(r() * 60))}:07`;
      let amount = (Math.floor(r() * 100_000) / 100).toString();
      let order = r() < 0.1 ? '' : `O${Math.floor(c / 2)}-${Math.floor(r() * 3)}`;
      let note = 'n';
      const v = r();
      if (v < 0.03) id = `"${id}"`;
      else if (v < 0.05) date = `${date.slice(0, 10)}T12:00:00Z`;
      else if (v < 0.07) amount = `${amount}e0`;
      else if (v < 0.08) order = `"${order}"`;
      else if (v < 0.09) id = `${id}\u00a0`;
      else if (v < 0.1) note = `"a,\nb"`;
      else if (v < 0.101) amount = '1234567890123.4567';
      if (i === 20_000) note = `"${'long, note\n'.repeat(15_000)}"`;
      out.push(`${id},${date},${amount},${order},${note}`);
      line += (note.match(/\n/g) ?? []).length + 1;
      lines.push(line);
    }
    return { text: out.join(eol) + eol, lines };
  }

  it('60k rows (>1 MB, records across 64 KB chunks, a 150 KB record): equal to the oracle, plain LF and gzip CRLF', async () => {
    for (const [eol, gzip] of [['\n', false], ['\r\n', true]] as const) {
      const { text } = bigFile(eol);
      expect(text.length).toBeGreaterThan(1 << 20);
      const f = writeCsv(text, gzip);
      const out = await expectOracleForAllKeys(f, { columns: COLUMNS, asOf: ASOF });
      expect(out[0]!.length).toBeGreaterThan(25_000);
    }
  });

  it('errors deep in a big file carry the right line (after the 150 KB record too)', async () => {
    const { text, lines } = bigFile('\n');
    const rows = text.split(/\n(?=[^\n]*,[^\n]*,[^\n]*,[^\n]*,)/); // records (the quoted notes hold no 4 commas after a newline)
    expect(rows.length).toBe(60_001); // header and 60k records (the last one keeps the final newline)
    const replace = (i: number, fn: (fields: string[]) => string[]): string => {
      const copy = rows.slice();
      copy[i + 1] = fn((copy[i + 1] as string).split(',')).join(',');
      return copy.join('\n');
    };
    // A bad amount (string converter) at record 35000, and a byte-path date after asOf at record 30000.
    const bad = writeCsv(replace(35_000, (f) => ['C1', '2024-01-01', '12abc', 'O1', 'n']));
    const e1 = await expectSameError(bad, { columns: COLUMNS, asOf: ASOF });
    expect(e1.path).toStrictEqual([lines[34_999]! + 1, 'amount']); // the replaced record is one line
    const late = writeCsv(replace(30_000, () => ['C1', '2024-03-06 00:00:00', '1', 'O1', 'n']), true);
    const e2 = await rejection(summarizeCsv(late, { columns: COLUMNS, asOf: ASOF, orderKey: 'row' }));
    expect([e2.code, e2.path]).toStrictEqual(['INVALID_INPUT', [lines[29_999]! + 1, 'date']]);
    // A blank order id under 'orderId' is reported at the first such row.
    const firstBlank = rows.findIndex((row, i) => i > 0 && ['', '""'].includes(row.split(',')[3] as string));
    const e3 = await rejection(summarizeCsv(writeCsv(text), { columns: COLUMNS, asOf: ASOF, orderKey: 'orderId' }));
    expect(e3.path).toStrictEqual([lines[firstBlank - 1], 'orderId']);
  });
});
