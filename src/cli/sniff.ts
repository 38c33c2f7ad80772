/**
 * Dialect sniffing on the first lines of a file (issue 20.2): encoding (BOMs; invalid UTF-8 →
 * Latin-1), delimiter, decimal comma and date format, each printed like the column guesses. An
 * ambiguous date format (every day and month ≤ 12, e.g. 03/04/2024) is an error asking for
 * `--date-format` rather than a silent guess.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { invalidInput } from '../core/index.js';
import { CsvTokenizer } from '../io/csv-tokenizer.js';
import { quoteExcerpt } from '../io/excerpt.js';
import type { DateFormat } from '../io/index.js';

/** The encodings the CLI accepts (`--encoding`), mapped to the reader's names. */
export const ENCODINGS = { 'utf-8': 'utf8', 'utf-16': 'utf16le', 'latin-1': 'latin1' } as const;
export type CliEncoding = keyof typeof ENCODINGS;

/** How many bytes of the (decompressed) file are sniffed. */
const HEAD_BYTES = 1 << 16;
/** Delimiters tried, in order of preference on ties. */
const DELIMITERS = [',', ';', '\t', '|'] as const;

/** The first bytes of a plain or gzip file (at most {@link HEAD_BYTES}). */
export async function readHead(file: string): Promise<Buffer> {
  const magic = await new Promise<Buffer>((resolve, reject) => {
    const parts: Buffer[] = [];
    const s = createReadStream(file, { start: 0, end: 1 });
    s.on('data', (b) => parts.push(b as Buffer));
    s.on('error', reject);
    s.on('end', () => resolve(Buffer.concat(parts)));
  });
  const source = createReadStream(file, { highWaterMark: HEAD_BYTES });
  const stream = magic[0] === 0x1f && magic[1] === 0x8b ? source.pipe(createGunzip()) : source;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= HEAD_BYTES) break;
    }
  } catch (e) {
    // A truncated gzip still has a readable head; anything else is reported by the reader.
    if (chunks.length === 0) throw e;
  } finally {
    source.destroy();
  }
  return Buffer.concat(chunks).subarray(0, HEAD_BYTES);
}

/** The encoding of the head: a BOM decides; otherwise UTF-8 unless the bytes are not valid UTF-8 (then Latin-1). */
export function sniffEncoding(head: Buffer): { encoding: 'utf8' | 'utf16le' | 'latin1'; guessed: boolean } {
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', guessed: false };
  if (head[0] === 0xfe && head[1] === 0xff) {
    invalidInput(['file'], 'the file is UTF-16 big-endian, which is not supported; convert it to UTF-8 or UTF-16LE');
  }
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf8', guessed: false };
  // The head may end inside a character: check all but the last 3 bytes.
  const body = head.subarray(0, Math.max(0, head.length - 3));
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return { encoding: 'utf8', guessed: false };
  } catch {
    return { encoding: 'latin1', guessed: true };
  }
}

/** Decode the head to text in `encoding` (BOM dropped). */
export function decodeHead(head: Buffer, encoding: 'utf8' | 'utf16le' | 'latin1'): string {
  if (encoding === 'utf16le') return new TextDecoder('utf-16le').decode(head[0] === 0xff && head[1] === 0xfe ? head.subarray(2) : head);
  if (encoding === 'latin1') return head.toString('latin1');
  return new TextDecoder('utf-8').decode(head).replace(/^\uFEFF/, '');
}

/** Count `d` outside double quotes in one line. */
function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && line.startsWith(d, i)) n++;
  }
  return n;
}

/**
 * The delimiter whose count is the same, and positive, on the header and on (almost) every
 * sampled line; the largest such count wins. `undefined` when no candidate is consistent.
 */
export function sniffDelimiter(text: string): string | undefined {
  const lines = text.split(/\r?\n/).slice(0, 51);
  if (lines.length > 1) lines.pop(); // the last line may be cut
  const sample = lines.filter((l) => l.trim() !== '');
  if (sample.length === 0) return undefined;
  let best: string | undefined;
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const headerCount = countOutsideQuotes(sample[0] as string, d);
    if (headerCount === 0) continue;
    const agree = sample.filter((l) => countOutsideQuotes(l, d) === headerCount).length;
    if (agree < Math.ceil(0.9 * sample.length)) continue;
    if (headerCount > bestCount) {
      best = d;
      bestCount = headerCount;
    }
  }
  return best;
}

/** The first records of the head (header included), tokenized with `delimiter`. */
export function headRecords(text: string, delimiter: string, max = 500): string[][] {
  const records: string[][] = [];
  const tok = new CsvTokenizer({ delimiter, onRecord: (f) => records.length < max && records.push([...f]), onError: () => undefined, strictFieldCount: false });
  tok.write(Buffer.from(text, 'utf8'));
  // No end(): the last record may be cut.
  return records;
}

const ISO_RE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const DMY_RE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/;

/**
 * The date format of sampled values: ISO, YYYYMMDD, or day/month order read from the values (a
 * first part above 12 means day-first, a second part above 12 month-first). Throws when the
 * order cannot be told (every part ≤ 12) or the values disagree, naming the flag.
 */
export function sniffDateFormat(values: readonly string[], column: string): DateFormat | undefined {
  const v = values.map((x) => x.trim()).filter((x) => x !== '');
  if (v.length === 0) return undefined;
  if (v.every((x) => ISO_RE.test(x))) return 'iso';
  if (v.every((x) => /^\d{8}$/.test(x))) return 'yyyymmdd';
  const parts = v.map((x) => DMY_RE.exec(x));
  if (parts.every((m) => m !== null)) {
    const dayFirst = parts.some((m) => Number((m as RegExpExecArray)[1]) > 12);
    const monthFirst = parts.some((m) => Number((m as RegExpExecArray)[2]) > 12);
    const example = quoteExcerpt(v[0]);
    if (dayFirst && monthFirst) {
      invalidInput(['columns', 'date'], `the dates in column ${quoteExcerpt(column)} mix day-first and month-first values (e.g. ${example}); pass --date-format dmy or mdy`);
    }
    if (dayFirst) return 'dmy';
    if (monthFirst) return 'mdy';
    invalidInput(['columns', 'date'], `the dates in column ${quoteExcerpt(column)} (e.g. ${example}) could be day-first or month-first; pass --date-format dmy or --date-format mdy`, '--date-format dmy|mdy');
  }
  return undefined;
}

/** Does a column's sample use the decimal comma (`5,60`) and never a decimal point? */
export function sniffDecimalComma(values: readonly string[]): boolean {
  const v = values.map((x) => x.trim()).filter((x) => x !== '');
  return v.some((x) => /^[+-]?\d+,\d+$/.test(x)) && !v.some((x) => /^[+-]?\d*\.\d+$/.test(x));
}
