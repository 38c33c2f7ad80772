/**
 * Reader for one-basket-per-line files: FIMI `.dat` (item ids separated by blanks, e.g. retail.dat,
 * T10I4D100K) and comma-separated item names (the Groceries csv of R arules / Lantz). gzip is
 * detected by magic bytes.
 */
import { createInterface } from 'node:readline';
import type { Options as CsvParseOptions } from 'csv-parse';
import { CrmError, readBoolean, readOneOf, readOptions, readString, invalidOption } from '../core/index.js';
import { ioError, openByteStream, sourcePath, type FileSource } from './source.js';

/** Options of {@link readBasketsFile}. */
export interface ReadBasketsOptions {
  /**
   * `'dat'`: split each line on runs of whitespace and drop empty tokens (FIMI).
   * `'csv'`: RFC 4180 records (quotes allowed), one basket per record, each field trimmed and empty fields dropped.
   * `'auto'` (default): by extension (`.dat` / `.csv`, after removing `.gz`), otherwise `'csv'` when the
   * first non-blank line contains the delimiter and `'dat'` when it does not.
   */
  format?: 'dat' | 'csv' | 'auto';
  /** Field delimiter for `'csv'`. Default `','`. */
  delimiter?: string;
  /** Remove repeated items inside a basket, keeping the first occurrence (a basket is a set). Default `true`. */
  dedupe?: boolean;
  /** Keep blank lines as empty baskets instead of skipping them. Default `false` (skipped). */
  keepEmpty?: boolean;
}

const OPTION_KEYS = ['format', 'delimiter', 'dedupe', 'keepEmpty'] as const;
const FORMATS = ['dat', 'csv', 'auto'] as const;

/** The checked options with their defaults (core's options reader: unknown keys have a "did you mean"). */
function readBasketsOptions(options: unknown): Required<ReadBasketsOptions> {
  const o = readOptions(options, OPTION_KEYS);
  const delimiter = readString(o.delimiter, ['options', 'delimiter'], ',');
  if (delimiter.length > 8) {
    invalidOption(['options', 'delimiter'], 'delimiter is at most 8 characters', 'a string of 1 to 8 characters', delimiter);
  }
  return {
    format: readOneOf(o.format, ['options', 'format'], FORMATS, 'auto'),
    delimiter,
    dedupe: readBoolean(o.dedupe, ['options', 'dedupe'], true),
    keepEmpty: readBoolean(o.keepEmpty, ['options', 'keepEmpty'], false),
  };
}

function finish(items: string[], dedupe: boolean): string[] {
  if (!dedupe || items.length < 2) return items;
  const seen = new Set<string>();
  const out: string[] = [];
  for (const it of items) {
    if (!seen.has(it)) {
      seen.add(it);
      out.push(it);
    }
  }
  return out;
}

async function sniffFormat(file: string, delimiter: string): Promise<'dat' | 'csv'> {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.dat')) return 'dat';
  if (name.endsWith('.csv')) return 'csv';
  const bytes = await openByteStream(file);
  const lines = createInterface({ input: bytes, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      return line.includes(delimiter) ? 'csv' : 'dat';
    }
    return 'dat';
  } catch (error) {
    throw ioError(file, error);
  } finally {
    lines.close();
    bytes.destroy();
  }
}

/**
 * Read a one-basket-per-line file into `string[][]` (one array of item labels per basket, file
 * order). Items are kept as strings (FIMI ids stay `"39"`, not numbers).
 *
 * @example
 * ```ts
 * import { readBasketsFile } from 'crm-analytics/io';
 * const baskets = await readBasketsFile('data/groceries.csv.gz'); // format from the name: csv
 * baskets.length; // 9835
 * baskets[0]; // ['citrus fruit', 'semi-finished bread', 'margarine', 'ready soups']
 * ```
 */
export async function readBasketsFile(source: FileSource, options: ReadBasketsOptions = {}): Promise<string[][]> {
  const file = sourcePath(source);
  const { delimiter, dedupe, keepEmpty, format: requested } = readBasketsOptions(options);
  const format = requested === 'auto' ? await sniffFormat(file, delimiter) : requested;
  const bytes = await openByteStream(file);
  const baskets: string[][] = [];

  if (format === 'dat') {
    const lines = createInterface({ input: bytes, crlfDelay: Number.POSITIVE_INFINITY });
    try {
      for await (const line of lines) {
        const items = line.split(/\s+/).filter((t) => t !== '');
        if (items.length === 0 && !keepEmpty) continue;
        baskets.push(finish(items, dedupe));
      }
    } catch (error) {
      throw ioError(file, error);
    } finally {
      lines.close();
      bytes.destroy();
    }
    return baskets;
  }

  // csv-parse is loaded here, not at module top: it was half of `crm-analytics/io`'s import time.
  const { parse, CsvError } = await import('csv-parse');
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: !keepEmpty,
  } as CsvParseOptions);
  let fatal: unknown;
  parser.on('data', (record: string[]) => {
    const items: string[] = [];
    for (const field of record) {
      const t = field.trim();
      if (t !== '') items.push(t);
    }
    if (items.length === 0 && !keepEmpty) return;
    baskets.push(finish(items, dedupe));
  });
  const ended = new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', reject);
  });
  ended.catch(() => undefined);
  parser.on('error', (e) => {
    fatal ??= e;
  });
  try {
    for await (const chunk of bytes as AsyncIterable<Buffer>) {
      parser.write(chunk);
      if (fatal !== undefined) throw fatal;
    }
    parser.end();
    await ended;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as unknown as { lines?: unknown }).lines;
      throw new CrmError('IO_ERROR', `malformed CSV in ${JSON.stringify(file)}${typeof line === 'number' ? ` at line ${line}` : ''}: ${error.message}`, {
        path: typeof line === 'number' ? [line] : ['path'],
        data: { file, code: error.code },
        cause: error,
      });
    }
    throw ioError(file, error);
  } finally {
    bytes.destroy();
    parser.destroy();
  }
  return baskets;
}
